"""住有宜居's report section: the affordable rental housing pipeline, actual against the
cumulative plan, with the units each year adds."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from qyx_platform import ChartSeries, ReportChart, ReportSection

from .rules import RENTAL_HOUSING

if TYPE_CHECKING:  # for annotations only: loading the plugin needs no database layer
    from qyx_platform import ReportData


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def sections(data: ReportData) -> Sequence[ReportSection]:
    """``zhuyou.rental_housing``: 保障性租赁住房 units, cumulative plan and actual by year."""
    indicator = data.plan.indicator(RENTAL_HOUSING)
    rows = []
    plan_before: Decimal | None = None
    actual_before: Decimal | None = None
    actuals, plans = [], []
    for year in data.plan_years:
        plan = data.target_value(indicator, None, year)
        actual = data.year_actual(indicator, None, year)
        rows.append(
            (
                year,
                data.target_text(indicator, None, year),
                actual,
                _minus(actual, plan),
                _minus(plan, plan_before),
                _minus(actual, actual_before),
            )
        )
        plans.append(plan)
        actuals.append(actual)
        plan_before, actual_before = plan, actual
    # the latest cumulative total known by the report's period (a running total carries over)
    latest = next((a for a in reversed(actuals) if a is not None), None)
    final = data.target_value(indicator, None, data.plan.document.end_year)
    remaining = _minus(final, latest)
    done = "-" if latest is None else str(latest)
    left = "-" if remaining is None else str(max(remaining, Decimal(0)))
    text = data.t(
        f"截至 {data.period}，保障性租赁住房累计建设筹集 {done} 套（间），"
        f"距 2027 年目标（≥{final}）尚差 {left} 套（间）。",
        f"By {data.period}, {done} affordable rental units were built or raised in all; {left} "
        f"remain to reach the 2027 target (≥{final}).",
    )
    table = data.table(
        "zhuyou.rental_housing.pipeline",
        ("保障性租赁住房累计建设筹集（套/间）", "Affordable rental housing, cumulative (units)"),
        (
            ("年份", "Year"),
            ("累计计划", "Cumulative plan"),
            ("累计实际", "Cumulative actual"),
            ("实际−计划", "Actual − plan"),
            ("计划当年新增", "Planned that year"),
            ("实际当年新增", "Added that year"),
        ),
        tuple(rows),
    )
    chart = ReportChart(
        "zhuyou.rental_housing.chart",
        data.t("保障性租赁住房累计数", "Affordable rental housing, cumulative"),
        data.unit(indicator),
        tuple(str(y) for y in data.plan_years),
        (
            ChartSeries(data.t("实际", "Actual"), tuple(actuals)),
            ChartSeries(data.t("累计计划", "Cumulative plan"), tuple(plans)),
        ),
    )
    return (
        ReportSection(
            "zhuyou.rental_housing",
            data.t("住有宜居：保障性租赁住房建设进度", "Decent housing: affordable rental housing pipeline"),
            text,
            domain="zhuyou",
            tables=(table,),
            charts=(chart,),
        ),
    )
