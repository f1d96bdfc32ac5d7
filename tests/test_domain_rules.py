"""The seven domain plugins' validation rules, called directly on Proposal objects.

The indicators come from the plugins' own plan.toml files, so a rule naming an indicator
code that does not exist (and would therefore never run) fails here. The context is a small
in-memory fake of :class:`qyx_platform.RuleContext`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from qyx_platform import (
    DomainData,
    Granularity,
    Indicator,
    Jurisdiction,
    Level,
    Period,
    Plan,
    PlanDocument,
    Proposal,
    Rule,
    load_domain_file,
)
from qyx_platform.i18n import use_language
from qyx_platform.plan.rules import BUILTIN_RULES
from qyx_plugins.bingyou.rules import RULES as BINGYOU_RULES
from qyx_plugins.laoyou.rules import RULES as LAOYOU_RULES
from qyx_plugins.laoyoudeyou.rules import RULES as LAOYOUDEYOU_RULES
from qyx_plugins.ruoyou.rules import RULES as RUOYOU_RULES
from qyx_plugins.xueyou.rules import RULES as XUEYOU_RULES
from qyx_plugins.youyou.rules import RULES as YOUYOU_RULES
from qyx_plugins.zhuyou.rules import RULES as ZHUYOU_RULES

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = ("youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou")
DATA: dict[str, DomainData] = {d: load_domain_file(ROOT / "plugins" / d / "plan.toml") for d in DOMAINS}
RULES: dict[str, tuple[Rule, ...]] = {
    "youyou": YOUYOU_RULES,
    "xueyou": XUEYOU_RULES,
    "laoyoudeyou": LAOYOUDEYOU_RULES,
    "bingyou": BINGYOU_RULES,
    "laoyou": LAOYOU_RULES,
    "zhuyou": ZHUYOU_RULES,
    "ruoyou": RUOYOU_RULES,
}
INDICATORS: dict[str, Indicator] = {i.code: i for d in DATA.values() for i in d.indicators}
ALL_RULES: tuple[Rule, ...] = (*BUILTIN_RULES, *(r for rules in RULES.values() for r in rules))

COUNTY = "331126"
CITY = "331100"
#: a county-sized population for the population checks (persons)
POPULATION = 140_000

PLAN = Plan(
    document=PlanDocument(
        title="test plan",
        document_number="test",
        issued=date(2023, 4, 28),
        issuer="test",
        start_year=2023,
        end_year=2027,
    ),
    domains=tuple(d.domain for d in DATA.values()),
    indicators=tuple(INDICATORS.values()),
    tasks=(),
    projects=(),
    jurisdictions=(),
)


def county(population: int | None = POPULATION) -> Jurisdiction:
    """庆元县 with a population (None: not configured)."""
    return Jurisdiction(COUNTY, "庆元县", Level.COUNTY, CITY, population)


class FakeContext:
    """An in-memory RuleContext: values keyed by (indicator, jurisdiction, series, period)."""

    def __init__(self, jurisdictions: Sequence[Jurisdiction] = (county(),)) -> None:
        self.values: dict[tuple[str, str, str | None], dict[Period, Decimal]] = {}
        self.places = {j.code: j for j in jurisdictions}

    @property
    def plan(self) -> Plan:
        return PLAN

    def put(
        self,
        indicator: str,
        period: Period | str,
        value: Decimal | str | int,
        series: str | None = None,
        jurisdiction: str = COUNTY,
    ) -> FakeContext:
        p = period if isinstance(period, Period) else Period.parse(period)
        self.values.setdefault((indicator, jurisdiction, series), {})[p] = Decimal(value)
        return self

    def values_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period
    ) -> list[tuple[Period, Decimal]]:
        found = self.values.get((indicator, jurisdiction, series), {})
        return sorted(((p, v) for p, v in found.items() if p < before), key=lambda pv: pv[0])

    def latest_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period, granularity: Granularity
    ) -> tuple[Period, Decimal] | None:
        earlier = self.values_before(indicator, jurisdiction, series, before)
        same = [(p, v) for p, v in earlier if p.granularity is granularity]
        return same[-1] if same else None

    def value_of(
        self, indicator: str, jurisdiction: str, series: str | None, period: Period
    ) -> Decimal | None:
        return self.values.get((indicator, jurisdiction, series), {}).get(period)

    def jurisdiction(self, code: str) -> Jurisdiction | None:
        return self.places.get(code)


def rule(code: str) -> Rule:
    """The domain or core rule with this code."""
    return next(r for rules in (*RULES.values(), BUILTIN_RULES) for r in rules if r.code == code)


def proposal(
    indicator: str,
    value: Decimal | str | int,
    period: str = "2025",
    series: str | None = None,
    jurisdiction: str = COUNTY,
) -> Proposal:
    """A proposal for a real indicator of the plan."""
    return Proposal(INDICATORS[indicator], jurisdiction, Period.parse(period), series, Decimal(value))


def check(
    code: str,
    indicator: str,
    value: Decimal | str | int,
    context: FakeContext | None = None,
    **kw: str | None,
) -> str | None:
    """Run one rule on one proposal, asserting first that the rule concerns the indicator."""
    r = rule(code)
    assert r.applies_to(INDICATORS[indicator]), f"{code} does not apply to {indicator}"
    return r.check(proposal(indicator, value, **kw), context or FakeContext())  # type: ignore[arg-type]


def decimals(lo: str | int, hi: str | int, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(lo),
        max_value=Decimal(hi),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


#: strictly fractional parts: n + k/100 with 1 ≤ k ≤ 99
fractions = st.builds(lambda n, k: Decimal(n) + Decimal(k) / 100, st.integers(0, 10**6), st.integers(1, 99))

# ------------------------------------------------------------------ every domain's rules


@pytest.mark.parametrize("domain", DOMAINS)
def test_rules_are_rules_with_domain_codes(domain: str) -> None:
    rules = RULES[domain]
    assert len(rules) <= 3
    for r in rules:
        assert isinstance(r, Rule)
        assert r.code.startswith(f"{domain}."), r.code
        assert str(r.description).strip()
    assert len({r.code for r in rules}) == len(rules)


@pytest.mark.parametrize("domain", DOMAINS)
def test_rules_concern_real_indicators_of_their_own_domain_only(domain: str) -> None:
    own = {i.code for i in DATA[domain].indicators}
    for r in RULES[domain]:
        concerned = {code for code, i in INDICATORS.items() if r.applies_to(i)}
        assert concerned, f"{r.code} applies to no indicator of the plan"
        # a domain rule never repeats a core rule's check (a value would be refused twice)
        assert r.code.split(".")[1] not in {"plausible_max", "whole_number", "range", "within_population"}
        assert concerned <= own, f"{r.code} applies to other domains' indicators"


def test_rule_codes_unique_across_domains() -> None:
    codes = [r.code for rules in RULES.values() for r in rules]
    assert len(codes) == len(set(codes))


def test_the_plans_own_targets_pass_every_domain_rule() -> None:
    """Reported year by year exactly as planned, every target value passes every rule."""
    context = FakeContext()
    for year in range(2022, 2028):
        for indicator in INDICATORS.values():
            for target in indicator.targets:
                if target.year != year or target.expression.value is None:
                    continue
                context.put(indicator.code, str(year), target.expression.value, target.series)
        for indicator in INDICATORS.values():
            for target in indicator.targets:
                if target.year != year or target.expression.value is None:
                    continue
                p = Proposal(indicator, COUNTY, Period.year_of(year), target.series, target.expression.value)
                every = (*BUILTIN_RULES, *(r for rules in RULES.values() for r in rules))
                for r in (r for r in every if r.applies_to(indicator)):
                    assert r.check(p, context) is None, (r.code, indicator.code, year)


# ------------------------------------------------------------------ youyou

SHARE = "youyou.affordable_childcare_place_share"
PLACES = "youyou.childcare_places_per_1000"


@given(decimals(0, 100))
def test_youyou_share_up_to_100_passes(v: Decimal) -> None:
    assert check("core.range", SHARE, v) is None


@given(decimals("100.01", 100_000))
def test_youyou_share_above_100_fails_once(v: Decimal) -> None:
    message = check("core.range", SHARE, v)
    assert message is not None and "100" in message
    # the only rule that refuses it: one error for 101 %, not two
    concerned = [r for r in ALL_RULES if r.applies_to(INDICATORS[SHARE])]
    refusing = [r.code for r in concerned if r.check(proposal(SHARE, v), FakeContext())]  # type: ignore[arg-type]
    assert refusing == ["core.range"]


@given(decimals(0, 50))
def test_youyou_places_up_to_50_pass(v: Decimal) -> None:
    assert check("core.plausible_max", PLACES, v) is None


@given(decimals("50.01", 10**6))
def test_youyou_places_above_50_fail(v: Decimal) -> None:
    message = check("core.plausible_max", PLACES, v)
    assert message is not None and "unit" in message and "more than 50" in message


# ------------------------------------------------------------------ xueyou

NEW_PLACES = "xueyou.new_public_school_places"
TRAINING = "xueyou.vocational_education_training"


@given(st.integers(0, 10**7))
def test_xueyou_whole_places_pass(n: int) -> None:
    assert check("core.whole_number", NEW_PLACES, n) is None


@given(fractions)
def test_xueyou_fractional_places_fail(v: Decimal) -> None:
    message = check("core.whole_number", NEW_PLACES, v)
    assert message is not None and str(v) in message and "whole" in message


def test_xueyou_places_with_trailing_zeros_are_whole() -> None:
    assert check("core.whole_number", NEW_PLACES, Decimal("1260.00")) is None
    assert check("core.whole_number", NEW_PLACES, Decimal("0.126")) is not None


@given(decimals(0, 10**6, places=4), st.integers(1, 10**8))
def test_xueyou_training_within_population(v: Decimal, population: int) -> None:
    message = check(
        "core.within_population",
        TRAINING,
        v,
        FakeContext([county(population)]),
    )
    assert (message is None) == (v * 10000 <= population)


def test_xueyou_training_examples() -> None:
    code = "core.within_population"
    assert check(code, TRAINING, "0.28") is None
    # 2,800 person-times typed into a 万人次 field
    message = check(code, TRAINING, "2800")
    assert message is not None and "万人次" in message and "= 28000000," in message
    # no population configured, or an unknown jurisdiction: nothing to compare with
    assert check(code, TRAINING, "2800", FakeContext([county(None)])) is None
    assert check(code, TRAINING, "2800", FakeContext([])) is None


# ------------------------------------------------------------------ laoyoudeyou

UNEMPLOYMENT = "laoyoudeyou.urban_registered_unemployment_rate"


@given(decimals(0, 20))
def test_laoyoudeyou_unemployment_up_to_20_passes(v: Decimal) -> None:
    assert check("core.plausible_max", UNEMPLOYMENT, v) is None


@given(decimals("20.01", 100))
def test_laoyoudeyou_unemployment_above_20_fails(v: Decimal) -> None:
    message = check("core.plausible_max", UNEMPLOYMENT, v)
    assert message is not None and "unit" in message and str(v) in message


def test_laoyoudeyou_unemployment_examples() -> None:
    code = "core.plausible_max"
    assert check(code, UNEMPLOYMENT, "1.40") is None
    assert check(code, UNEMPLOYMENT, "20") is None
    assert check(code, UNEMPLOYMENT, "14.0") is None
    assert check(code, UNEMPLOYMENT, "140") is not None  # a decimal point lost


# ------------------------------------------------------------------ bingyou

LIFE = "bingyou.life_expectancy"
REIMBURSEMENT = "bingyou.inpatient_reimbursement_rate"


@given(decimals(50, 98, places=2), decimals(-2, 2, places=2))
def test_bingyou_life_expectancy_small_steps_pass(previous: Decimal, step: Decimal) -> None:
    context = FakeContext().put(LIFE, "2024", previous)
    assert check("bingyou.life_expectancy_step", LIFE, previous + step, context) is None


@given(decimals(50, 98, places=2), decimals("2.01", 30, places=2), st.booleans())
def test_bingyou_life_expectancy_large_steps_fail(previous: Decimal, step: Decimal, down: bool) -> None:
    value = previous - step if down else previous + step
    context = FakeContext().put(LIFE, "2024", previous)
    message = check("bingyou.life_expectancy_step", LIFE, value, context)
    assert message is not None and str(previous) in message and "2024" in message


def test_bingyou_life_expectancy_compares_with_the_latest_earlier_year() -> None:
    code = "bingyou.life_expectancy_step"
    context = FakeContext().put(LIFE, "2022", "76").put(LIFE, "2023", "78").put(LIFE, "2024", "80")
    assert check(code, LIFE, "81.5", context) is None  # 1.5 from 2024, though 5.5 from 2022
    assert check(code, LIFE, "77", context) is not None  # 3 below 2024
    # a later year is not "earlier": a 2026 value does not constrain 2025
    context.put(LIFE, "2026", "90")
    assert check(code, LIFE, "80.5", context) is None
    # nothing earlier: nothing to compare with
    assert check(code, LIFE, "80.3", FakeContext(), period="2023") is None


def test_bingyou_life_expectancy_ignores_sub_year_values() -> None:
    context = FakeContext().put(LIFE, "2024", "80.4").put(LIFE, "2025Q1", "70")
    assert check("bingyou.life_expectancy_step", LIFE, "80.5", context) is None
    assert Period.parse("2025Q1").granularity is Granularity.QUARTER


@given(decimals(0, 100, places=1), decimals(0, 100, places=1), st.booleans())
def test_bingyou_employees_never_below_residents(
    employees: Decimal, residents: Decimal, propose_employees: bool
) -> None:
    code = "bingyou.reimbursement_employees_not_below_residents"
    context = FakeContext()
    if propose_employees:
        context.put(REIMBURSEMENT, "2025", residents, series="城乡居民")
        message = check(code, REIMBURSEMENT, employees, context, series="职工")
    else:
        context.put(REIMBURSEMENT, "2025", employees, series="职工")
        message = check(code, REIMBURSEMENT, residents, context, series="城乡居民")
    assert (message is None) == (employees >= residents)
    if message is not None:
        assert "swapped" in message


def test_bingyou_reimbursement_examples() -> None:
    code = "bingyou.reimbursement_employees_not_below_residents"
    # the plan's 2025 cell 职工85 城乡居民70, and the same cell with the series swapped
    context = FakeContext().put(REIMBURSEMENT, "2025", "70", series="城乡居民")
    assert check(code, REIMBURSEMENT, "85", context, series="职工") is None
    assert check(code, REIMBURSEMENT, "60", context, series="职工") is not None
    # the other series of another period or jurisdiction is not compared
    assert check(code, REIMBURSEMENT, "60", context, series="职工", period="2026") is None
    assert check(code, REIMBURSEMENT, "60", context, series="职工", jurisdiction=CITY) is None
    # the other series not reported yet
    assert check(code, REIMBURSEMENT, "60", FakeContext(), series="职工") is None


# ------------------------------------------------------------------ laoyou

PENSION = "laoyou.basic_pension_insured"
LTC = "laoyou.ltc_insurance_covered"
CARERS = "laoyou.certified_care_workers_per_10k_elderly"


@given(st.sampled_from([PENSION, LTC]), decimals(0, 10**4, places=2), st.integers(1, 10**8))
def test_laoyou_insured_within_population(indicator: str, v: Decimal, population: int) -> None:
    message = check("core.within_population", indicator, v, FakeContext([county(population)]))
    assert (message is None) == (v * 10000 <= population)


def test_laoyou_pension_insured_examples() -> None:
    code = "core.within_population"
    assert check(code, PENSION, "3.91") is None
    assert check(code, PENSION, "14") is None  # exactly the population: 140,000 persons
    message = check(code, PENSION, "14.01")
    assert message is not None and "= 140100," in message and "140000" in message
    # 39,100 persons typed into a 万人 field
    assert check(code, PENSION, "39100") is not None
    assert check(code, PENSION, "39100", FakeContext([county(None)])) is None
    assert check(code, PENSION, "39100", FakeContext([])) is None


@given(decimals(0, 1000, places=1))
def test_laoyou_care_workers_up_to_1000_pass(v: Decimal) -> None:
    assert check("core.plausible_max", CARERS, v) is None


@given(decimals("1000.1", 10**6, places=1))
def test_laoyou_care_workers_above_1000_fail(v: Decimal) -> None:
    message = check("core.plausible_max", CARERS, v)
    assert message is not None and "per 10,000" in message


# ------------------------------------------------------------------ zhuyou

RENTAL = "zhuyou.affordable_rental_housing_cumulative"


@given(st.integers(0, POPULATION))
def test_zhuyou_whole_units_pass(n: int) -> None:
    assert check("core.whole_number", RENTAL, n) is None


@given(fractions)
def test_zhuyou_fractional_units_fail(v: Decimal) -> None:
    message = check("core.whole_number", RENTAL, v)
    assert message is not None and str(v) in message


@given(st.integers(0, 10**7), st.integers(1, 10**6))
def test_zhuyou_units_within_population(n: int, population: int) -> None:
    message = check("core.within_population", RENTAL, n, FakeContext([county(population)]))
    assert (message is None) == (n <= population)


def test_zhuyou_examples() -> None:
    assert check("core.whole_number", RENTAL, "413") is None
    assert check("core.whole_number", RENTAL, "0.05") is not None  # 万套
    # 500 units of 60 m² typed as floor area
    assert check("core.within_population", RENTAL, "30000") is None
    assert check("core.within_population", RENTAL, "300000") is not None
    assert check("core.within_population", RENTAL, "300000", FakeContext([])) is None


# ------------------------------------------------------------------ ruoyou

DIBAO = "ruoyou.minimum_living_allowance_standard"
NEVER_FALLS = "ruoyou.minimum_living_standard_never_falls"
ANNUAL = "ruoyou.minimum_living_standard_is_annual"

standards = st.lists(st.integers(3000, 60_000).map(Decimal), min_size=2, max_size=6)


def report_yearly(values: Sequence[Decimal]) -> list[str | None]:
    """Report values for 2022, 2023, … in turn (each stored after its check); the messages."""
    context = FakeContext()
    messages = []
    for year, value in zip(range(2022, 2028), values, strict=False):
        messages.append(check(NEVER_FALLS, DIBAO, value, context, period=str(year)))
        context.put(DIBAO, str(year), value)
    return messages


@given(standards.map(sorted))
def test_ruoyou_never_decreasing_standards_pass(values: list[Decimal]) -> None:
    assert report_yearly(values) == [None] * len(values)


@given(standards)
def test_ruoyou_every_decrease_fails(values: list[Decimal]) -> None:
    assume(values != sorted(values))
    messages = report_yearly(values)
    falls = {i for i in range(1, len(values)) if values[i] < values[i - 1]}
    assert falls
    assert {i for i, m in enumerate(messages) if m is not None} == falls
    for i in falls:
        assert f"falls below {values[i - 1]} reported for {2022 + i - 1}" in str(messages[i])


def test_ruoyou_standard_examples() -> None:
    context = FakeContext().put(DIBAO, "2023", "12600")
    assert check(NEVER_FALLS, DIBAO, "12800", context, period="2024") is None
    assert check(NEVER_FALLS, DIBAO, "12600", context, period="2024") is None  # unchanged
    message = check(NEVER_FALLS, DIBAO, "12420", context, period="2024")
    assert message is not None and "12600" in message and "最低生活保障年人均标准" in message
    # another jurisdiction's standard is not compared
    assert check(NEVER_FALLS, DIBAO, "12420", context, period="2024", jurisdiction=CITY) is None
    # values of another granularity are not compared (the same granularity only)
    context.put(DIBAO, "2024-01", "13000")
    assert check(NEVER_FALLS, DIBAO, "12800", context, period="2024") is None
    assert check(NEVER_FALLS, DIBAO, "12900", context, period="2024-02") is not None


@given(decimals(0, "2999.99"))
def test_ruoyou_below_3000_is_not_an_annual_standard(v: Decimal) -> None:
    message = check(ANNUAL, DIBAO, v)
    assert message is not None and "12" in message


@given(decimals(3000, 10**6))
def test_ruoyou_annual_standards_pass(v: Decimal) -> None:
    assert check(ANNUAL, DIBAO, v) is None


def test_ruoyou_monthly_standard_is_caught() -> None:
    message = check(ANNUAL, DIBAO, "1050")
    assert message is not None and "1050 × 12 = 12600" in message
    assert check(ANNUAL, DIBAO, "12600") is None


_periods = st.one_of(
    st.integers(2022, 2027).map(Period.year_of),
    st.builds(lambda y, q: Period(y, Granularity.QUARTER, q), st.integers(2022, 2027), st.integers(1, 4)),
    st.builds(lambda y, m: Period(y, Granularity.MONTH, m), st.integers(2022, 2027), st.integers(1, 12)),
)


@given(
    st.dictionaries(_periods, st.integers(0, 100).map(Decimal), max_size=40),
    _periods,
    st.sampled_from(list(Granularity)),
)
def test_the_report_context_answers_like_its_definition(
    values: dict[Period, Decimal], before: Period, granularity: Granularity
) -> None:
    """The import's indexed context gives what the plain definition gives: every earlier value,
    and the latest earlier one of a granularity."""
    from qyx_platform.services.rule_context import BatchRuleContext

    fake = FakeContext()
    for period, value in values.items():
        fake.put("x", period, value)
    real = BatchRuleContext(PLAN, values={("x", COUNTY, ""): dict(values)})
    assert real.values_before("x", COUNTY, None, before) == fake.values_before("x", COUNTY, None, before)
    assert real.latest_before("x", COUNTY, None, before, granularity) == fake.latest_before(
        "x", COUNTY, None, before, granularity
    )


# ------------------------------------------------------------------ units and names


@pytest.mark.parametrize(
    ("code", "indicator", "value"),
    [
        ("core.range", SHARE, "101"),
        ("core.plausible_max", PLACES, "60"),
        ("core.whole_number", NEW_PLACES, "12.5"),
        ("core.within_population", TRAINING, "2800"),
    ],
)
def test_core_rules_show_the_unit_in_the_users_language(code: str, indicator: str, value: str) -> None:
    """One policy for every core rule: the unit in the reader's language
    (Indicator.unit_label), the indicator's name the plan's Chinese one (a plan term)."""
    found = INDICATORS[indicator]
    with use_language("zh_CN"):
        chinese, chinese_unit = check(code, indicator, value), found.unit_label()
    with use_language("en"):
        english, english_unit = check(code, indicator, value), found.unit_label()
    assert (chinese_unit, english_unit) == (found.unit, found.english_unit)
    assert chinese is not None and english is not None
    for note in (found.plausible_note, found.whole_note, found.population_note):  # may name a unit
        chinese, english = chinese.replace(str(note) or "\0", ""), english.replace(str(note) or "\0", "")
    assert chinese_unit in chinese and english_unit in english and english_unit not in chinese
    if code != "core.range":  # the range message names no indicator
        assert found.name in chinese and found.name in english


def test_an_indicator_is_labelled_in_the_language_in_force() -> None:
    found = INDICATORS[NEW_PLACES]
    with use_language("zh_CN"):
        assert (found.name_label(), found.unit_label()) == ("新增公办中小学学位数", "个")
    with use_language("en"):
        assert (found.name_label(), found.unit_label()) == (found.english_name, "school places")
    plain = replace(found, english_name="", english_unit="")  # no English given: the plan's
    with use_language("en"):
        assert (plain.name_label(), plain.unit_label()) == ("新增公办中小学学位数", "个")
