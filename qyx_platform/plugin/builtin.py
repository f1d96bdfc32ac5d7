"""The built-in plugin: the Qingyuan plan document, the default jurisdictions and the built-in
alert rules."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from qyx_platform.errors import PlanDataError
from qyx_platform.i18n import _
from qyx_platform.model import Jurisdiction, ParentPlan, PlanDocument, level_of, parent_of
from qyx_platform.plugin import hookimpl


@cache
def _data(name: str = "plan.toml") -> dict[str, Any]:
    text = files("qyx_platform.plugin").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return tomllib.loads(text)


@hookimpl
def qyx_plan_document() -> PlanDocument:
    """The Qingyuan plan: 庆政办发〔2023〕19号 of 2023-04-28, 2023-2027."""
    doc = _data()["document"]
    try:
        return PlanDocument(
            title=doc["title"],
            english_title=doc.get("english_title", ""),
            document_number=doc["document_number"],
            issued=date.fromisoformat(doc["issued"]),
            issuer=doc["issuer"],
            start_year=int(doc["start_year"]),
            end_year=int(doc["end_year"]),
            parents=tuple(
                ParentPlan(p["title"], p["document_number"], p.get("issuer", ""))
                for p in doc.get("parents", [])
            ),
            main_goals=tuple(doc.get("main_goals", [])),
            home_jurisdiction=doc.get("home_jurisdiction", "331126"),
        )
    except (KeyError, ValueError) as exc:
        raise PlanDataError(
            _("{file} [document]: {problem}", file="qyx_platform/plugin/data/plan.toml", problem=exc)
        ) from None


@hookimpl
def qyx_jurisdictions() -> list[Jurisdiction]:
    """Zhejiang by GB/T 2260: 浙江省 (330000) > its cities (丽水市 331100) > counties (庆元县 331126)."""
    return [
        Jurisdiction(j["code"], j["name"], level_of(j["code"]), parent_of(j["code"]), j.get("population"))
        for j in _data("jurisdictions.toml")["jurisdictions"]
    ]


@hookimpl
def qyx_alert_rules() -> list[object]:
    """The core's alert rules: BEHIND twice, report missing, milestone overdue, satisfaction drop."""
    from qyx_platform.alerts import BUILTIN_ALERT_RULES

    return list(BUILTIN_ALERT_RULES)
