"""Jurisdictions (行政区划) identified by their GB/T 2260 six-digit codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _

_CODE = re.compile(r"^[0-9]{6}\Z")  # ASCII digits only (\d would take "３３１１２６")


class Level(Enum):
    """Administrative level of a jurisdiction."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A province, city or county by GB/T 2260 code: 330000 浙江省 > 331100 丽水市 > 331126 庆元县."""

    code: str
    name: str
    level: Level
    parent: str | None = None
    population: int | None = None


def level_of(code: str) -> Level:
    """The level a GB/T 2260 code encodes: ``xx0000`` province, ``xxxx00`` city, else county."""
    if not _CODE.match(code):
        raise QyxError(_("{code} is not a GB/T 2260 code: six digits such as 331126", code=repr(code)))
    if code.endswith("0000"):
        return Level.PROVINCE
    if code.endswith("00"):
        return Level.CITY
    return Level.COUNTY


def parent_of(code: str) -> str | None:
    """The parent code a GB/T 2260 code implies (331126 → 331100 → 330000 → None)."""
    level = level_of(code)
    if level is Level.COUNTY:
        return code[:4] + "00"
    if level is Level.CITY:
        return code[:2] + "0000"
    return None
