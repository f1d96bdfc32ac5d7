"""GraphQL of 弱有众扶: the minimum living standard's rises, only this domain has them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import strawberry

from qyx_platform import Info, QueryField, plan_of, yearly_changes

from .rules import MINIMUM_LIVING_STANDARD

CENT = Decimal("0.01")


@strawberry.type(
    description="弱有众扶: 最低生活保障年人均标准 (annual minimum living allowance standard per "
    "person, 低保) of one year and its rise over the year before."
)
class RuoyouAssistanceStandard:
    """The annual 低保 standard in 元 and its year-on-year increase."""

    year: int
    standard: Decimal | None = strawberry.field(
        description="最低生活保障年人均标准 in 元 per person per year"
    )
    increase: Decimal | None = strawberry.field(description="rise over the year before in 元 (null in 2022)")
    increase_percent: Decimal | None = strawberry.field(
        description="rise over the year before in percent of last year's standard, rounded "
        "half up to 0.01 (null in 2022)"
    )


def ruoyou_assistance_standard(info: Info) -> list[RuoyouAssistanceStandard]:
    """The 低保 standard 2022-2027 with its year-on-year increase in 元 and in percent."""
    indicator = plan_of(info).indicator(MINIMUM_LIVING_STANDARD)
    out = []
    for year, value, _, increase in yearly_changes(indicator):
        previous = None if value is None or increase is None else value - increase
        percent = None
        if increase is not None and previous:
            percent = (increase * 100 / previous).quantize(CENT, rounding=ROUND_HALF_UP)
        out.append(
            RuoyouAssistanceStandard(year=year, standard=value, increase=increase, increase_percent=percent)
        )
    return out


TYPES = (RuoyouAssistanceStandard,)
FIELDS = (
    QueryField(
        "ruoyouAssistanceStandard",
        ruoyou_assistance_standard,
        "弱有众扶: 最低生活保障年人均标准 by year with the year-on-year increase in 元 and percent",
    ),
)
