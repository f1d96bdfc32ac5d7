"""Domain rules of 老有康养 (elderly care)."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform import TEN_THOUSAND, IndicatorRule, Proposal, RuleContext, beyond_population

CARE_WORKERS = "laoyou.certified_care_workers_per_10k_elderly"
PENSION_INSURED = "laoyou.basic_pension_insured"
LTC_COVERED = "laoyou.ltc_insurance_covered"

#: certified care workers per 10,000 older people above this are implausible: it would be
#: one certified carer for every ten older people, about twice Japan's ratio; Zhejiang's
#: target is 25 and Qingyuan's 27 by 2027
MAX_CARE_WORKERS_PER_10K = Decimal(1000)


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


def _plausible_care_workers(p: Proposal, _: RuleContext) -> str | None:
    """Certified care workers per 10,000 older people stay below MAX_CARE_WORKERS_PER_10K."""
    if p.value > MAX_CARE_WORKERS_PER_10K:
        return (
            f"{p.value} certified care workers per 10,000 older people is implausible (more than "
            f"{MAX_CARE_WORKERS_PER_10K}, one carer for every ten older people): check the unit, "
            "the value is a ratio per 10,000 people aged 60+, not the count of certified "
            "养老护理员"
        )
    return None


RULES = (
    IndicatorRule(
        "laoyou.insured_within_population",
        "基本养老保险参保人数 and 长期护理保险覆盖人数 (万人) × 10,000 do not exceed the "
        "jurisdiction's population",
        frozenset({PENSION_INSURED, LTC_COVERED}),
        _insured_within_population,
    ),
    IndicatorRule(
        "laoyou.care_workers_per_10k_plausible",
        "每万老年人口拥有持证养老护理员数 stays at or below 1,000 (one carer per ten older people)",
        frozenset({CARE_WORKERS}),
        _plausible_care_workers,
    ),
)
