"""病有良医's report section: indicator 12's two reimbursement schemes side by side (never
summed), actual against the plan, with the gap between them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from qyx_platform import ReportSection

from .rules import EMPLOYEES, REIMBURSEMENT, RESIDENTS

if TYPE_CHECKING:  # for annotations only: loading the plugin needs no database layer
    from qyx_platform import ReportData


def _gap(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def sections(data: ReportData) -> Sequence[ReportSection]:
    """``bingyou.reimbursement``: 职工 and 城乡居民 reimbursement rates and their gap by year."""
    indicator = data.plan.indicator(REIMBURSEMENT)
    rows = []
    for year in data.plan_years:
        e_plan, r_plan = (
            data.target_value(indicator, EMPLOYEES, year),
            data.target_value(indicator, RESIDENTS, year),
        )
        e_actual = data.year_actual(indicator, EMPLOYEES, year)
        r_actual = data.year_actual(indicator, RESIDENTS, year)
        rows.append(
            (year, e_plan, e_actual, r_plan, r_actual, _gap(e_plan, r_plan), _gap(e_actual, r_actual))
        )
    text = data.t(
        "职工与城乡居民医保是两个制度，分别评价、不相加；差距 = 职工 − 城乡居民（百分点）。",
        "The employees' and the residents' schemes are judged apart and never added; gap = "
        "employees − residents, in percentage points.",
    )
    table = data.table(
        "bingyou.reimbursement.years",
        ("住院报销比例（%）", "Inpatient reimbursement rate (%)"),
        (
            ("年份", "Year"),
            ("职工计划", "Employees plan"),
            ("职工实际", "Employees actual"),
            ("城乡居民计划", "Residents plan"),
            ("城乡居民实际", "Residents actual"),
            ("计划差距", "Planned gap"),
            ("实际差距", "Actual gap"),
        ),
        tuple(rows),
    )
    return (
        ReportSection(
            "bingyou.reimbursement",
            data.t("病有良医：两类医保住院报销比例", "Health: reimbursement in the two schemes"),
            text,
            domain="bingyou",
            tables=(table,),
        ),
    )
