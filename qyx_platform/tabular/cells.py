"""Cells of value tables as text or exact numbers: periods, values, codes and notes, from CSV
text or Excel cells (see the caveat on Excel numbers in :mod:`qyx_platform.tabular`)."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _


class CellError(QyxError):
    """A cell cannot be read as what its column holds."""


_DECIMALS = re.compile(r"\.([0#?]+)")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')


def number_format_info(number_format: str | None) -> tuple[bool, int | None]:
    """(is a percentage, decimals shown or None) of an Excel number format: ``0.00`` →
    (False, 2), ``0%`` → (True, 0), ``#,##0`` → (False, 0), ``General`` → (False, None)."""
    if not number_format or number_format.strip().lower() in {"general", "@"}:
        return False, None
    section = _FORMAT_NOISE.sub("", number_format.split(";")[0])
    if not any(ch in section for ch in "0#?"):
        return "%" in section, None
    decimals = _DECIMALS.search(section)
    return "%" in section, len(decimals.group(1)) if decimals else 0


def excel_number(value: float | int | Decimal, number_format: str | None = None) -> Decimal:
    """An Excel numeric cell as the exact Decimal it shows, without float arithmetic.

    ``repr`` of the float (the shortest text that reads back as the same float) is taken as
    the number; a percentage format moves the point two places (0.85 shown as 85 % → 85);
    an integral value loses its ``.0`` unless the format shows decimals; a format with more
    decimals than the number pads it with zeros (3.2 shown as ``0.00`` → 3.20), never rounds.
    """
    if isinstance(value, bool):
        raise CellError(_("a TRUE/FALSE cell is not a number"))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(_("{value} is not a finite number", value=value))
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
    percent, decimals = number_format_info(number_format)
    if percent:
        number = number.scaleb(2)
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):  # pragma: no cover - finite numbers only
        raise CellError(_("{value} is not a finite number", value=value))
    if not decimals:
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    elif exponent > -decimals:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    elif exponent > 0:
        number = number.quantize(Decimal(1))
    return number


_YEAR = re.compile(r"^(\d{4})年?$")
_MONTH = re.compile(r"^(\d{4})(?:年|[-/])(\d{1,2})月?$")
_DATE = re.compile(r"^(\d{4})(?:年|[-/.])(\d{1,2})(?:月|[-/.])(\d{1,2})日?$")
_TIME_OF_DAY = re.compile(r"[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_QUARTER = re.compile(r"^(\d{4})年?(?:第?([1-4一二三四])季度|Q([1-4]))$", re.IGNORECASE)
_CHINESE_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}


def normalise_period_text(text: str) -> str:
    """A period written the ways people do, as the service reads it (``2025年7月`` →
    ``2025-07``, ``2025年第3季度`` → ``2025Q3``, ``2025-07-01`` → ``2025-07``); text that fits
    no pattern is returned stripped, for the service to reject with its own message."""
    plain = _TIME_OF_DAY.sub("", unicodedata.normalize("NFKC", text).strip())
    plain = "".join(plain.split())
    if m := _YEAR.match(plain):
        return m.group(1)
    if (m := _MONTH.match(plain)) or (m := _DATE.match(plain)):
        month = int(m.group(2))
        if 1 <= month <= 12:
            return f"{m.group(1)}-{month:02d}"
        return plain
    if m := _QUARTER.match(plain):
        q = m.group(2) or m.group(3)
        return f"{m.group(1)}Q{_CHINESE_QUARTER.get(q, q)}"
    return plain


def period_cell(value: object, number_format: str | None = None) -> str:
    """A period cell as text: a date → its month, an Excel number 2025/2025.0 → ``2025``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(_("a TRUE/FALSE cell is not a period"))
    if isinstance(value, datetime | date):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise CellError(
            _("the number {value} is not a period: write 2025, 2025Q3 or 2025-07 as text", value=repr(value))
        )
    if isinstance(value, str):
        return normalise_period_text(value)
    raise CellError(_("a {kind} cell is not a period", kind=type(value).__name__))


def value_cell(value: object, number_format: str | None = None) -> Decimal | str:
    """A value cell: text as written (the service reads ``85%``, ``１２,６００``), Excel
    numbers exactly (:func:`excel_number`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise CellError(_("a TRUE/FALSE cell is not a number"))
    if isinstance(value, float | int | Decimal):
        return excel_number(value, number_format)
    if isinstance(value, datetime | date):
        day = value.strftime("%Y-%m-%d")
        raise CellError(_("a date ({date}) is not a number; is the column's format a date?", date=day))
    raise CellError(_("a {kind} cell is not a number", kind=type(value).__name__))


def code_cell(value: object, number_format: str | None = None) -> str:
    """An indicator or jurisdiction cell: text (full-width forms made ASCII) or an Excel
    whole number (a plan number ``9``, a code ``331126``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(_("a TRUE/FALSE cell is not a code"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise CellError(_("the number {value} is not a code", value=repr(value)))
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    raise CellError(_("a {kind} cell is not a code", kind=type(value).__name__))


def text_cell(value: object, number_format: str | None = None) -> str:
    """A series or note cell as stripped text (numbers as written)."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(excel_number(value, number_format))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
