"""Domain rules of 病有良医 (healthcare)."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform import Granularity, IndicatorRule, Proposal, RuleContext

from .i18n import _, lazy_gettext

REIMBURSEMENT = "bingyou.inpatient_reimbursement_rate"
LIFE_EXPECTANCY = "bingyou.life_expectancy"

#: the two series of indicator 12: the employees' scheme and the residents' scheme
EMPLOYEES = "职工"
RESIDENTS = "城乡居民"

#: life expectancy moves by tenths of a year from one year to the next (80.3 → 80.6 over
#: 2023-2027); even the worst pandemic years moved national values by under 2 years
MAX_LIFE_EXPECTANCY_STEP = Decimal(2)


def _life_expectancy_step(p: Proposal, context: RuleContext) -> str | None:
    """人均预期寿命 stays within 2 years of the latest earlier yearly value."""
    latest = context.latest_before(p.indicator.code, p.jurisdiction, p.series, p.period, Granularity.YEAR)
    if latest is None:
        return None
    period, previous = latest
    if abs(p.value - previous) > MAX_LIFE_EXPECTANCY_STEP:
        step = f"{p.value - previous:+}"
        return _(
            "人均预期寿命 (life expectancy) of {value} 岁 moves {step} years from {previous} "
            "reported for {period}: it changes by tenths of a year, never by more than {most}; "
            "check the jurisdiction, the period and that the value is life expectancy at birth, "
            "not the average age at death or of a subgroup",
            value=p.value,
            step=step,
            previous=previous,
            period=period,
            most=MAX_LIFE_EXPECTANCY_STEP,
        )
    return None


def _employees_not_below_residents(p: Proposal, context: RuleContext) -> str | None:
    """The employees' scheme (职工) reimburses at least as much as the residents' (城乡居民).

    Employees' medical insurance is funded by far larger contributions, so its in-scope
    inpatient reimbursement is higher everywhere in China (the plan: 职工85, 城乡居民70); a
    residents' value above the employees' one for the same place and period means the two
    series were swapped.
    """
    emp, res = p.indicator.find_series(EMPLOYEES), p.indicator.find_series(RESIDENTS)
    if emp is None or res is None or p.series not in (emp.key, res.key):
        return None
    own_is_employees = p.series == emp.key
    other = res.key if own_is_employees else emp.key
    other_value = context.value_of(p.indicator.code, p.jurisdiction, other, p.period)
    if other_value is None:
        return None
    employees, residents = (p.value, other_value) if own_is_employees else (other_value, p.value)
    if employees < residents:
        return _(
            "住院报销比例: the 职工 (employees') series {employees} % is below the 城乡居民 "
            "(residents') series {residents} % for {jurisdiction} {period}; the employees' "
            "scheme always reimburses more (plan: 职工85 城乡居民70): check that the two series "
            "are not swapped",
            employees=employees,
            residents=residents,
            jurisdiction=p.jurisdiction,
            period=p.period,
        )
    return None


RULES = (
    IndicatorRule(
        "bingyou.life_expectancy_step",
        lazy_gettext("人均预期寿命 moves by at most 2 years from the latest earlier yearly value"),
        frozenset({LIFE_EXPECTANCY}),
        _life_expectancy_step,
    ),
    IndicatorRule(
        "bingyou.reimbursement_employees_not_below_residents",
        lazy_gettext("住院报销比例: the 职工 series is never below the 城乡居民 series of the same period"),
        frozenset({REIMBURSEMENT}),
        _employees_not_below_residents,
    ),
)
