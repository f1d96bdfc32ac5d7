"""Domain rules of 老有康养 (elderly care). The plausible maximum of carers per 10,000 older
people is declared in plan.toml (``plausible_max``, the core rule core.plausible_max)."""

from __future__ import annotations

from qyx_platform import TEN_THOUSAND, IndicatorRule, Proposal, RuleContext, beyond_population

CARE_WORKERS = "laoyou.certified_care_workers_per_10k_elderly"
PENSION_INSURED = "laoyou.basic_pension_insured"
LTC_COVERED = "laoyou.ltc_insurance_covered"


def _insured_within_population(p: Proposal, context: RuleContext) -> str | None:
    """Persons insured (万人) × 10,000 never exceed the jurisdiction's population.

    Checked only where the jurisdiction's population (persons) is configured.
    """
    beyond = beyond_population(p, context, TEN_THOUSAND)
    if beyond is None:
        return None
    place, persons = beyond
    return (
        f"{p.indicator.name} {p.value} 万人 = {persons.normalize():f} persons, more than the "
        f"{place.population} people of {place.name} ({p.jurisdiction}): check the unit, the "
        "value is in 万人 (10,000 persons), e.g. 39,100 persons is 3.91, and check the "
        "jurisdiction"
    )


RULES = (
    IndicatorRule(
        "laoyou.insured_within_population",
        "基本养老保险参保人数 and 长期护理保险覆盖人数 (万人) × 10,000 do not exceed the "
        "jurisdiction's population",
        frozenset({PENSION_INSURED, LTC_COVERED}),
        _insured_within_population,
    ),
)
