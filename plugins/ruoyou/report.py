"""弱有众扶's report section: the annual minimum living standard (低保), actual against the
plan, with its year-on-year rise."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from qyx_platform import ReportSection

from .rules import MINIMUM_LIVING_STANDARD

if TYPE_CHECKING:  # for annotations only: loading the plugin needs no database layer
    from qyx_platform import ReportData

CENT = Decimal("0.01")


def sections(data: ReportData) -> Sequence[ReportSection]:
    """``ruoyou.assistance_standard``: 最低生活保障年人均标准 by year and its rise."""
    indicator = data.plan.indicator(MINIMUM_LIVING_STANDARD)
    rows = []
    before: Decimal | None = None
    for year in data.plan_years:
        plan, actual = data.target_value(indicator, None, year), data.year_actual(indicator, None, year)
        rise = None if actual is None or before is None else actual - before
        share = None if rise is None or not before else (rise * 100 / before).quantize(CENT, ROUND_HALF_UP)
        rows.append((year, plan, actual, rise, share))
        before = actual
    text = data.t(
        "低保标准只升不降；涨幅按上年实际计算。",
        "The minimum living standard never falls; the rise is measured on last year's actual.",
    )
    table = data.table(
        "ruoyou.assistance_standard.years",
        ("最低生活保障年人均标准（元）", "Annual minimum living standard per person (yuan)"),
        (
            ("年份", "Year"),
            ("计划", "Plan"),
            ("实际", "Actual"),
            ("比上年增加", "Rise"),
            ("涨幅(%)", "Rise (%)"),
        ),
        tuple(rows),
    )
    return (
        ReportSection(
            "ruoyou.assistance_standard",
            data.t("弱有众扶：低保标准", "Social assistance: the minimum living standard"),
            text,
            domain="ruoyou",
            tables=(table,),
        ),
    )
