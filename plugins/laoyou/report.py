"""老有康养's report section: certified carers per 10,000 older people and long-term care
insurance coverage (ending in 全覆盖), actual against the plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qyx_platform import ReportSection

from .rules import CARE_WORKERS, LTC_COVERED

if TYPE_CHECKING:  # for annotations only: loading the plugin needs no database layer
    from qyx_platform import ReportData


def sections(data: ReportData) -> Sequence[ReportSection]:
    """``laoyou.care_workforce``: carers per 10k older people and LTC coverage by year."""
    carers, ltc = data.plan.indicator(CARE_WORKERS), data.plan.indicator(LTC_COVERED)
    rows = []
    for year in data.plan_years:
        rows.append(
            (
                year,
                data.target_value(carers, None, year),
                data.year_actual(carers, None, year),
                data.target_text(ltc, None, year),
                data.year_actual(ltc, None, year),
            )
        )
    text = data.t(
        "每万老年人口持证养老护理员数与长期护理保险覆盖人数（万人；2027 年要求全覆盖）。",
        "Certified care workers per 10,000 older people, and people covered by long-term care "
        "insurance (10,000 persons; full coverage asked for 2027).",
    )
    table = data.table(
        "laoyou.care_workforce.years",
        ("养老护理员与长护险", "Care workers and long-term care insurance"),
        (
            ("年份", "Year"),
            ("护理员计划", "Carers plan"),
            ("护理员实际", "Carers actual"),
            ("长护险计划", "LTC plan"),
            ("长护险实际", "LTC actual"),
        ),
        tuple(rows),
    )
    return (
        ReportSection(
            "laoyou.care_workforce",
            data.t("老有康养：护理队伍与长护险", "Elderly care: carers and long-term care insurance"),
            text,
            domain="laoyou",
            tables=(table,),
        ),
    )
