"""幼有善育's report section: childcare places and the affordable places they imply,
actual against the plan."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from qyx_platform import ReportSection

from .rules import INCLUSIVE_SHARE, PLACES

if TYPE_CHECKING:  # for annotations only: loading the plugin needs no database layer
    from qyx_platform import ReportData

CENT = Decimal("0.01")


def _affordable(places: Decimal | None, share: Decimal | None) -> Decimal | None:
    return None if places is None or share is None else (places * share / 100).quantize(CENT)


def sections(data: ReportData) -> Sequence[ReportSection]:
    """``youyou.childcare``: 托位 per 1,000 people, the 普惠 share and affordable places by year."""
    places, share = data.plan.indicator(PLACES), data.plan.indicator(INCLUSIVE_SHARE)
    rows = []
    for year in data.plan_years:
        p_plan, p_actual = data.target_value(places, None, year), data.year_actual(places, None, year)
        s_plan, s_actual = data.target_value(share, None, year), data.year_actual(share, None, year)
        rows.append(
            (
                year,
                p_plan,
                p_actual,
                s_plan,
                s_actual,
                _affordable(p_plan, s_plan),
                _affordable(p_actual, s_actual),
            )
        )
    text = data.t(
        "普惠托位数（每千人）= 每千人口托位数 × 普惠托位占比 ÷ 100，计划与实际对照。",
        "Affordable places per 1,000 people = places per 1,000 × the affordable share ÷ 100, "
        "planned against actual.",
    )
    table = data.table(
        "youyou.childcare.places",
        ("托位与普惠托位（每千人口）", "Childcare places and affordable places per 1,000 people"),
        (
            ("年份", "Year"),
            ("托位计划", "Places plan"),
            ("托位实际", "Places actual"),
            ("普惠占比计划(%)", "Affordable share plan (%)"),
            ("普惠占比实际(%)", "Affordable share actual (%)"),
            ("普惠托位计划", "Affordable places plan"),
            ("普惠托位实际", "Affordable places actual"),
        ),
        tuple(rows),
    )
    return (
        ReportSection(
            "youyou.childcare",
            data.t("幼有善育：托位与普惠托位", "Childcare: places and affordable places"),
            text,
            domain="youyou",
            tables=(table,),
        ),
    )
