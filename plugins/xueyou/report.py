"""学有优教's report section: new public school places, each year and added up since 2023,
actual against the plan."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from qyx_platform import BASELINE_YEAR, ReportSection

from .rules import NEW_PLACES

if TYPE_CHECKING:  # for annotations only: loading the plugin needs no database layer
    from qyx_platform import ReportData


def sections(data: ReportData) -> Sequence[ReportSection]:
    """``xueyou.school_places``: 新增公办中小学学位数 by year and the running totals."""
    indicator = data.plan.indicator(NEW_PLACES)
    rows = []
    plan_total = actual_total = Decimal(0)
    actual_complete = True
    for year in data.plan_years:
        plan, actual = data.target_value(indicator, None, year), data.year_actual(indicator, None, year)
        plan_running = actual_running = None
        if year > BASELINE_YEAR:
            plan_total += plan or 0
            plan_running = plan_total
            if actual is None:
                actual_complete = False
            elif actual_complete:
                actual_total += actual
                actual_running = actual_total
        rows.append((year, plan, actual, plan_running, actual_running))
    text = data.t(
        "新增公办中小学学位数按年计划与实际，及 2023 年以来的累计（缺一年实际数则不再累计）。",
        "New public school places planned and added each year, and the totals since 2023 (the "
        "actual total stops at the first year without a value).",
    )
    table = data.table(
        "xueyou.school_places.years",
        ("新增公办中小学学位数", "New public school places"),
        (
            ("年份", "Year"),
            ("当年计划", "Planned"),
            ("当年实际", "Added"),
            ("2023年以来计划累计", "Planned since 2023"),
            ("2023年以来实际累计", "Added since 2023"),
        ),
        tuple(rows),
    )
    return (
        ReportSection(
            "xueyou.school_places",
            data.t("学有优教：新增公办学位", "Education: new public school places"),
            text,
            domain="xueyou",
            tables=(table,),
        ),
    )
