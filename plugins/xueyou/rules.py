"""Domain rules of 学有优教 (education). New school places are whole numbers: ``whole = true``
in plan.toml (the core rule core.whole_number)."""

from __future__ import annotations

from qyx_platform import TEN_THOUSAND, IndicatorRule, Proposal, RuleContext, beyond_population

NEW_PLACES = "xueyou.new_public_school_places"
VOCATIONAL_TRAINING = "xueyou.vocational_education_training"


def _training_within_population(p: Proposal, context: RuleContext) -> str | None:
    """One year's vocational training person-times stay below the number of residents.

    A county trains a few per cent of its people a year (Qingyuan plans 0.28 万人次); more
    person-times than residents means the value was typed in 人次 instead of 万人次.
    """
    beyond = beyond_population(p, context, TEN_THOUSAND)
    if beyond is None:
        return None
    place, person_times = beyond
    return (
        f"开展职业教育培训数 {p.value} 万人次 = {person_times.normalize():f} person-times in "
        f"{place.name} ({p.jurisdiction}), more than its {place.population} residents: "
        "check the unit, the value is in 万人次 (10,000 person-times), e.g. 2800 人次 is 0.28"
    )


RULES = (
    IndicatorRule(
        "xueyou.vocational_training_within_population",
        "开展职业教育培训数 (万人次) × 10,000 does not exceed the jurisdiction's population",
        frozenset({VOCATIONAL_TRAINING}),
        _training_within_population,
    ),
)
