"""劳有所得's report section: the registered unemployment rate against its ceiling (<3)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qyx_platform import BASELINE_YEAR, ReportSection

from .rules import UNEMPLOYMENT

if TYPE_CHECKING:  # for annotations only: loading the plugin needs no database layer
    from qyx_platform import ReportData


def sections(data: ReportData) -> Sequence[ReportSection]:
    """``laoyoudeyou.unemployment_ceiling``: each year's rate, ceiling and the headroom left."""
    indicator = data.plan.indicator(UNEMPLOYMENT)
    rows = []
    for year in data.plan_years:
        if year == BASELINE_YEAR:
            continue
        ceiling, actual = data.target_value(indicator, None, year), data.year_actual(indicator, None, year)
        headroom = None if ceiling is None or actual is None else ceiling - actual
        within = None if headroom is None else data.t("是", "yes") if headroom > 0 else data.t("否", "no")
        rows.append((year, data.target_text(indicator, None, year), actual, headroom, within))
    text = data.t(
        "城镇登记失业率须低于上限；余量 = 上限 − 实际（百分点）。",
        "The registered urban unemployment rate must stay below the ceiling; headroom = ceiling − "
        "actual, in percentage points.",
    )
    table = data.table(
        "laoyoudeyou.unemployment_ceiling.years",
        ("城镇登记失业率与上限（%）", "Registered urban unemployment rate and ceiling (%)"),
        (
            ("年份", "Year"),
            ("上限", "Ceiling"),
            ("实际", "Actual"),
            ("余量", "Headroom"),
            ("低于上限", "Below the ceiling"),
        ),
        tuple(rows),
    )
    return (
        ReportSection(
            "laoyoudeyou.unemployment_ceiling",
            data.t("劳有所得：失业率上限", "Employment: the unemployment ceiling"),
            text,
            domain="laoyoudeyou",
            tables=(table,),
        ),
    )
