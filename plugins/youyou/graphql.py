"""GraphQL of 幼有善育: the affordable-places path, only this domain has it."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from qyx_platform import Info, QueryField, plan_of, yearly_values

from .rules import INCLUSIVE_SHARE, PLACES


@strawberry.type(description="幼有善育: planned childcare places and their affordable part, by year.")
class YouyouChildcareYear:
    """托位 per 1,000 people, the 普惠 (affordable) share, and their product."""

    year: int
    places_per_1000: Decimal | None
    affordable_share: Decimal | None
    affordable_places_per_1000: Decimal | None = strawberry.field(
        description="places × share ÷ 100: affordable places per 1,000 people the plan implies"
    )


def youyou_childcare(info: Info) -> list[YouyouChildcareYear]:
    """The childcare-places path 2022-2027 and the affordable places it implies."""
    plan = plan_of(info)
    places = {y: v for y, v, _ in yearly_values(plan.indicator(PLACES))}
    shares = {y: v for y, v, _ in yearly_values(plan.indicator(INCLUSIVE_SHARE))}
    out = []
    for year in sorted(places):
        p, s = places[year], shares.get(year)
        derived = None if p is None or s is None else (p * s / 100).quantize(Decimal("0.01"))
        out.append(
            YouyouChildcareYear(
                year=year, places_per_1000=p, affordable_share=s, affordable_places_per_1000=derived
            )
        )
    return out


TYPES = (YouyouChildcareYear,)
FIELDS = (QueryField("youyouChildcare", youyou_childcare, "幼有善育: childcare places path"),)
