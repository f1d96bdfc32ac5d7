"""Domain rules of 幼有善育 (childcare)."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform import IndicatorRule, Proposal, RuleContext

PLACES = "youyou.childcare_places_per_1000"
INCLUSIVE_SHARE = "youyou.affordable_childcare_place_share"

#: places per 1,000 people above this are implausible: under-3s are about 2-3 % of a
#: Chinese county's population, so even one place per child stays far below it
MAX_PLACES_PER_1000 = Decimal(50)


def _share_is_a_share(p: Proposal, _: RuleContext) -> str | None:
    if p.value > 100:
        return f"普惠托位占比 (share of affordable places) is a share of all places: {p.value} > 100"
    return None


def _plausible_places(p: Proposal, _: RuleContext) -> str | None:
    if p.value > MAX_PLACES_PER_1000:
        return (
            f"{p.value} places per 1,000 people is implausible (more than {MAX_PLACES_PER_1000}); "
            "check the unit: places per 1,000 residents, not a count of places"
        )
    return None


RULES = (
    IndicatorRule(
        "youyou.inclusive_share_max_100",
        "普惠托位占比 never exceeds 100",
        frozenset({INCLUSIVE_SHARE}),
        _share_is_a_share,
    ),
    IndicatorRule(
        "youyou.places_per_1000_plausible",
        "每千人口托位数 stays below 50 (under-3s are a few per cent of the population)",
        frozenset({PLACES}),
        _plausible_places,
    ),
)
