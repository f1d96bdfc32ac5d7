"""Domain rules of 住有宜居 (decent housing). Dwellings are counted whole: ``whole = true`` in
plan.toml (the core rule core.whole_number)."""

from __future__ import annotations

from qyx_platform import IndicatorRule, Proposal, RuleContext, beyond_population

RENTAL_HOUSING = "zhuyou.affordable_rental_housing_cumulative"


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
        "zhuyou.rental_housing_within_population",
        "保障性租赁住房累计建设筹集套（间）数 does not exceed the jurisdiction's population",
        frozenset({RENTAL_HOUSING}),
        _units_within_population,
    ),
)
