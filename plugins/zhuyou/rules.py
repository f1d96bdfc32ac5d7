"""Domain rules of 住有宜居 (decent housing)."""

from __future__ import annotations

from qyx_platform import IndicatorRule, Proposal, RuleContext, beyond_population

RENTAL_HOUSING = "zhuyou.affordable_rental_housing_cumulative"


def _whole_units(p: Proposal, _: RuleContext) -> str | None:
    """保障性租赁住房 is counted in whole dwellings: 套 (flats) or 间 (rooms)."""
    if p.value != p.value.to_integral_value():
        return (
            f"保障性租赁住房累计建设筹集套（间）数 counts dwellings: {p.value} is not a whole "
            "number; report the number of flats or rooms (套/间), not 万套, floor area or "
            "investment"
        )
    return None


def _units_within_population(p: Proposal, context: RuleContext) -> str | None:
    """Every unit houses at least one person, so there are never more units than residents.

    A larger number is floor area (平方米) or money (元) typed into a count of dwellings.
    Checked only where the jurisdiction's population is configured.
    """
    beyond = beyond_population(p, context)
    if beyond is None:
        return None
    place, _ = beyond
    return (
        f"{p.value} affordable rental units is more than the {place.population} people of "
        f"{place.name} ({p.jurisdiction}): check the unit, the value counts flats or rooms "
        "(套/间), not square metres of floor area or yuan of investment"
    )


RULES = (
    IndicatorRule(
        "zhuyou.rental_housing_whole_units",
        "保障性租赁住房累计建设筹集套（间）数 is a whole number of flats or rooms",
        frozenset({RENTAL_HOUSING}),
        _whole_units,
    ),
    IndicatorRule(
        "zhuyou.rental_housing_within_population",
        "保障性租赁住房累计建设筹集套（间）数 does not exceed the jurisdiction's population",
        frozenset({RENTAL_HOUSING}),
        _units_within_population,
    ),
)
