"""Status: ACHIEVED, ON_TRACK, AT_RISK, BEHIND, NO_DATA, with worked examples from the plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from test_evaluation_support import (
    CHECKUPS,
    FLIP,
    HIGHER,
    HUIMINBAO,
    LOWER,
    LTC,
    ORDER,
    PREMATURE,
    REIMBURSEMENT,
    RENTAL,
    TUOWEI,
    UNEMPLOYMENT,
    VOCATIONAL,
    YEARS,
    accumulations,
    d,
    indicators,
    make_indicator,
    p,
    periods,
    polarities,
    positive,
    values,
    year_end_periods,
)

from qyx_platform.errors import NotFoundError, QyxError
from qyx_platform.evaluation import CheckpointMethod, State, evaluate, meets
from qyx_platform.model import (
    Accumulation,
    Comparator,
    Indicator,
    Period,
    Polarity,
    TargetExpression,
    YearTarget,
)
from qyx_platform.model.targets import ABOUT_TOLERANCE


def state(indicator: Indicator, period: str, actual: str, **kwargs: object) -> State:
    return evaluate(indicator, p(period), d(actual), **kwargs).state  # type: ignore[arg-type]


class TestWorkedExamples:
    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("2.95", State.ACHIEVED),  # 2.95 < 3
            ("3.00", State.AT_RISK),  # <3 is strict: 3.00 misses, by 0 ≤ 10 % of 3
            ("3.30", State.AT_RISK),  # misses by 0.30 = 10 % of 3
            ("3.31", State.BEHIND),  # misses by 0.31 > 0.30
            ("1.40", State.ACHIEVED),
        ],
    )
    def test_unemployment_below_3(self, actual: str, expected: State) -> None:
        assert state(UNEMPLOYMENT, "2025", actual) is expected
        # a rate's checkpoint is the year's target in every quarter
        assert state(UNEMPLOYMENT, "2025Q2", actual) is expected

    def test_unemployment_evaluation_fields(self) -> None:
        e = evaluate(UNEMPLOYMENT, p("2025"), d("2.95"))
        assert e.target is not None and e.target.text == "<3"
        assert e.checkpoint == d("3")
        assert e.checkpoint_method is CheckpointMethod.YEAR_TARGET
        assert e.gap == d("0.05")  # 0.05 below the cap: ahead, so positive
        assert e.indicator == "laoyoudeyou.urban_unemployment"
        assert e.domain == "laoyoudeyou" and not e.core and e.series is None
        assert e.progress == d("1")  # a level to hold (<3 from 1.40), met

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("4.50", State.ACHIEVED),  # meets the 2025 target already
            ("4.30", State.ON_TRACK),  # checkpoint 4.25
            ("4.25", State.ON_TRACK),
            ("4.00", State.AT_RISK),  # 0.25 short, within 0.425
            ("3.825", State.AT_RISK),  # 0.425 short
            ("3.82", State.BEHIND),
        ],
    )
    def test_childcare_places_2025q2(self, actual: str, expected: State) -> None:
        assert state(TUOWEI, "2025Q2", actual) is expected

    def test_childcare_places_gap_is_against_the_checkpoint(self) -> None:
        e = evaluate(TUOWEI, p("2025Q2"), d("4.30"))
        assert e.checkpoint == d("4.25")
        assert e.gap == d("0.05")
        assert e.core

    @pytest.mark.parametrize(
        ("period", "actual", "expected"),
        [
            ("2025Q3", "0.21", State.ON_TRACK),  # checkpoint 0.28 × 3/4 = 0.21
            ("2025Q3", "0.28", State.ACHIEVED),  # year-to-date already meets the year's 0.28
            ("2025Q3", "0.19", State.AT_RISK),  # 0.02 short, within 0.021
            ("2025Q3", "0.18", State.BEHIND),  # 0.03 short
            ("2025", "0.27", State.AT_RISK),
            ("2025", "0.30", State.ACHIEVED),
        ],
    )
    def test_vocational_training_ytd_flow(self, period: str, actual: str, expected: State) -> None:
        assert state(VOCATIONAL, period, actual) is expected

    def test_ytd_flow_under_a_cap_is_achieved_only_at_year_end(self) -> None:
        capped = make_indicator(
            ("100", "100", "100", "100", "100", "100"),
            polarity=LOWER,
            accumulation=Accumulation.YTD_FLOW,
        )
        assert state(capped, "2025Q2", "40") is State.ON_TRACK  # ≤ 50 so far
        assert state(capped, "2025Q2", "55") is State.AT_RISK  # 5 over 50
        assert state(capped, "2025Q2", "56") is State.BEHIND
        assert state(capped, "2025", "90") is State.ACHIEVED
        assert state(capped, "2025Q4", "101") is State.AT_RISK

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("70.01", State.ACHIEVED),
            ("70", State.AT_RISK),  # >70 is strict
            ("63", State.AT_RISK),  # 7 short = 10 % of 70
            ("62.99", State.BEHIND),
        ],
    )
    def test_huiminbao_above_70(self, actual: str, expected: State) -> None:
        assert state(HUIMINBAO, "2024", actual) is expected

    def test_rental_housing_at_least_500(self) -> None:
        assert state(RENTAL, "2027", "500") is State.ACHIEVED
        assert state(RENTAL, "2027", "499") is State.AT_RISK
        assert state(RENTAL, "2027Q2", "480") is State.ON_TRACK  # checkpoint 475
        assert state(RENTAL, "2023Q2", "181.5") is State.ON_TRACK
        assert state(RENTAL, "2023Q2", "160") is State.BEHIND  # 21.5 short of 181.5 > 18.15

    def test_premature_mortality_lower_is_better(self) -> None:
        assert state(PREMATURE, "2025", "11.06") is State.ACHIEVED
        assert state(PREMATURE, "2025", "10.00") is State.ACHIEVED
        assert state(PREMATURE, "2025", "11.07") is State.AT_RISK
        assert state(PREMATURE, "2025", "12.17") is State.BEHIND  # 1.11 over, 10 % = 1.106
        e = evaluate(PREMATURE, p("2022"), d("11.5"))
        assert e.state is State.NO_DATA  # the 2022 baseline is '-'

    def test_full_coverage_count_is_never_achieved_by_number(self) -> None:
        # 长期护理保险覆盖人数 2027 = 全覆盖 after 2.3 each year: 2.3 is the checkpoint
        assert state(LTC, "2026", "2.3") is State.ACHIEVED
        assert state(LTC, "2027", "2.3") is State.ON_TRACK
        assert state(LTC, "2027", "1000") is State.ON_TRACK
        assert state(LTC, "2027", "2.07") is State.AT_RISK
        assert state(LTC, "2027", "2.06") is State.BEHIND
        e = evaluate(LTC, p("2027"), d("2.5"))
        assert e.checkpoint == d("2.3") and "stands in" in e.note
        # given the number that means everybody, it can be achieved
        assert state(LTC, "2027", "3.5", full_coverage=d("3.5")) is State.ACHIEVED

    def test_full_coverage_of_a_percentage_means_100(self) -> None:
        coverage = make_indicator(("80", "85", "90", "95", "98", "全覆盖"), unit="%")
        assert state(coverage, "2027", "100") is State.ACHIEVED
        assert state(coverage, "2027", "99.9") is State.AT_RISK
        assert state(coverage, "2027Q2", "99") is State.ON_TRACK  # 98 → 100 halfway

    def test_indicator_12_series_are_evaluated_separately(self) -> None:
        employees = evaluate(REIMBURSEMENT, p("2025"), d("85"), "职工")
        residents = evaluate(REIMBURSEMENT, p("2025"), d("69"), "城乡居民")
        assert (employees.series, employees.state) == ("职工", State.ACHIEVED)
        assert (residents.series, residents.state) == ("城乡居民", State.AT_RISK)
        assert employees.checkpoint == d("85") and residents.checkpoint == d("70")
        # 85 would achieve the 职工 target but the 城乡居民 target is 70: no summing, no mixing
        assert evaluate(REIMBURSEMENT, p("2023"), d("68"), "城乡居民").state is State.ACHIEVED
        assert evaluate(REIMBURSEMENT, p("2023"), d("68"), "职工").state is State.BEHIND
        with pytest.raises(NotFoundError, match="never summed"):
            evaluate(REIMBURSEMENT, p("2025"), d("155"))

    def test_ytd_progress_uses_the_run_rate(self) -> None:
        # 3.8 万 every year: 2.85 by Q3 runs at 3.8 a year, holding the level
        e = evaluate(CHECKUPS, p("2025Q3"), d("2.85"))
        assert e.state is State.ON_TRACK
        assert e.progress == d("1")
        assert e.forecast_year_end == d("3.8")


class TestNoData:
    def test_no_actual(self) -> None:
        e = evaluate(TUOWEI, p("2025Q2"), None)
        assert e.state is State.NO_DATA
        assert e.checkpoint == d("4.25")  # what was expected is still shown
        assert e.progress is None and e.gap is None

    @pytest.mark.parametrize("period", ["2021", "2028"])
    def test_outside_the_plan(self, period: str) -> None:
        e = evaluate(TUOWEI, p(period), d("5"))
        assert e.state is State.NO_DATA
        assert e.target is None and e.checkpoint is None

    def test_milestone_and_dash_cells(self) -> None:
        milestone = TargetExpression(Comparator.MILESTONE, None, "建成")
        ind = make_indicator(("-", milestone, "1", "1", "1", "1"))
        assert state(ind, "2022", "1") is State.NO_DATA
        assert state(ind, "2023", "1") is State.NO_DATA
        assert state(ind, "2024", "1") is State.ACHIEVED


class TestInputs:
    def test_float_is_refused(self) -> None:
        with pytest.raises(QyxError, match="Decimal"):
            evaluate(TUOWEI, p("2025"), 4.5)  # type: ignore[arg-type]

    def test_nan_is_refused(self) -> None:
        with pytest.raises(QyxError, match="finite"):
            evaluate(TUOWEI, p("2025"), Decimal("NaN"))

    def test_negative_risk_margin_is_refused(self) -> None:
        with pytest.raises(QyxError):
            evaluate(TUOWEI, p("2025"), d("1"), risk_margin=d("-0.1"))

    def test_risk_margin_is_a_parameter(self) -> None:
        assert state(TUOWEI, "2025", "4.40", risk_margin=d("0")) is State.BEHIND
        assert state(TUOWEI, "2025", "4.40", risk_margin=d("0.05")) is State.AT_RISK


# --- properties --------------------------------------------------------------------------------


def _better(a: Decimal, b: Decimal, polarity: Polarity) -> tuple[Decimal, Decimal]:
    """(worse, better) of two values for ``polarity``."""
    lo, hi = min(a, b), max(a, b)
    return (lo, hi) if polarity is HIGHER else (hi, lo)


@given(ind=indicators(full_coverage=True), period=periods(), a=values, b=values, fc=positive)
def test_a_better_value_never_gets_a_worse_state(
    ind: Indicator, period: Period, a: Decimal, b: Decimal, fc: Decimal
) -> None:
    worse, better = _better(a, b, ind.polarity)
    s_worse = evaluate(ind, period, worse, full_coverage=fc).state
    s_better = evaluate(ind, period, better, full_coverage=fc).state
    if State.NO_DATA in (s_worse, s_better):
        assert s_worse is s_better is State.NO_DATA
    else:
        assert ORDER[s_better] >= ORDER[s_worse]


@given(ind=indicators(), period=periods(), a=values, b=values, margin=st.sampled_from(["0", "0.1", "0.5"]))
def test_monotone_for_every_risk_margin(
    ind: Indicator, period: Period, a: Decimal, b: Decimal, margin: str
) -> None:
    worse, better = _better(a, b, ind.polarity)
    s_worse = evaluate(ind, period, worse, risk_margin=d(margin)).state
    s_better = evaluate(ind, period, better, risk_margin=d(margin)).state
    if State.NO_DATA not in (s_worse, s_better):
        assert ORDER[s_better] >= ORDER[s_worse]


ALL_NUMERIC = [
    Comparator.AT_LEAST,
    Comparator.AT_MOST,
    Comparator.BELOW,
    Comparator.ABOVE,
    Comparator.ABOUT,
]


@st.composite
def meeting_actual(draw: st.DrawFn, comparator: Comparator, value: Decimal) -> Decimal:
    """An actual that meets ``comparator value``, built from the comparator's definition."""
    step = draw(st.decimals(min_value=0, max_value=100, places=2))
    if comparator is Comparator.AT_LEAST:
        return value + step
    if comparator is Comparator.AT_MOST:
        return value - step
    if comparator is Comparator.ABOVE:
        return value + step + Decimal("0.01")
    if comparator is Comparator.BELOW:
        return value - step - Decimal("0.01")
    share = draw(st.integers(-100, 100))
    return value + abs(value) * ABOUT_TOLERANCE * share / 100  # within the 左右 band


@given(
    polarity=polarities,
    accumulation=accumulations,
    comparator=st.sampled_from([*ALL_NUMERIC, Comparator.FULL_COVERAGE]),
    value=values,
    fc=positive,
    period=year_end_periods(),
    data=st.data(),
)
def test_a_met_year_end_target_is_achieved_under_every_comparator(
    polarity: Polarity,
    accumulation: Accumulation,
    comparator: Comparator,
    value: Decimal,
    fc: Decimal,
    period: Period,
    data: st.DataObject,
) -> None:
    # comparators that disagree with the polarity (≥ on a lower-is-better indicator) included
    if comparator is Comparator.FULL_COVERAGE:
        cell = TargetExpression(comparator, None, "全覆盖")
        actual = fc + data.draw(st.decimals(min_value=0, max_value=100, places=2))
    else:
        cell = TargetExpression.build(comparator, value, polarity)
        actual = data.draw(meeting_actual(comparator, value))
    bound = fc if comparator is Comparator.FULL_COVERAGE else value
    assert meets(comparator, bound, actual, polarity)  # the one definition agrees it is met
    ind = make_indicator(tuple([cell] * 6), polarity=polarity, accumulation=accumulation)
    assert evaluate(ind, period, actual, full_coverage=fc).state is State.ACHIEVED


def mirror(ind: Indicator) -> Indicator:
    """Negate every value, flip every comparator and the polarity."""
    polarity = LOWER if ind.polarity is HIGHER else HIGHER
    targets = tuple(
        YearTarget(
            t.year,
            t.series,
            TargetExpression(
                FLIP[t.expression.comparator],
                None if t.expression.value is None else -t.expression.value,
                "mirrored",
            ),
        )
        for t in ind.targets
    )
    return Indicator(
        code=ind.code,
        plan_number=ind.plan_number,
        domain=ind.domain,
        name=ind.name,
        english_name=ind.english_name,
        unit=ind.unit,
        core=ind.core,
        polarity=polarity,
        accumulation=ind.accumulation,
        rollup=ind.rollup,
        targets=targets,
    )


@given(ind=indicators(), period=periods(), actual=values)
def test_lower_is_better_mirrors_higher_is_better(ind: Indicator, period: Period, actual: Decimal) -> None:
    assume(not (ind.accumulation is Accumulation.YTD_FLOW and not period.is_year_end))
    here = evaluate(ind, period, actual)
    there = evaluate(mirror(ind), period, -actual)
    assert here.state is there.state
    assert (here.checkpoint is None) == (there.checkpoint is None)
    if here.checkpoint is not None and there.checkpoint is not None:
        assert here.checkpoint == -there.checkpoint
    assert here.gap == there.gap
    assert here.progress == there.progress


@given(ind=indicators(), period=periods(), actual=values)
def test_mirror_of_a_ytd_flow_only_differs_in_achieved_before_year_end(
    ind: Indicator, period: Period, actual: Decimal
) -> None:
    # a flow under a cap cannot be ACHIEVED before December, so the mirror can only differ there
    here = evaluate(ind, period, actual).state
    there = evaluate(mirror(ind), period, -actual).state
    if here is not there:
        assert ind.accumulation is Accumulation.YTD_FLOW and not period.is_year_end
        assert State.ACHIEVED in (here, there)


@given(ind=indicators(full_coverage=True), period=periods(), actual=values)
def test_achieved_iff_the_years_target_is_met_at_year_end(
    ind: Indicator, period: Period, actual: Decimal
) -> None:
    assume(period.is_year_end)
    cell = ind.target(period.year)
    assert cell is not None
    fc = Decimal(100)
    bound = fc if cell.comparator is Comparator.FULL_COVERAGE else cell.value
    met = bound is not None and meets(cell.comparator, bound, actual, ind.polarity)
    result = evaluate(ind, period, actual, full_coverage=fc).state
    assert (result is State.ACHIEVED) == met


@given(year=st.sampled_from(YEARS), actual=values)
def test_every_series_of_indicator_12_is_judged_on_its_own_cells(year: int, actual: Decimal) -> None:
    for key in ("职工", "城乡居民"):
        cell = REIMBURSEMENT.target(year, key)
        assert cell is not None
        e = evaluate(REIMBURSEMENT, Period.year_of(year), actual, key)
        assert cell.value is not None
        met = meets(cell.comparator, cell.value, actual, REIMBURSEMENT.polarity)
        assert (e.state is State.ACHIEVED) == met


@given(indicators(), periods(), st.decimals(min_value=-1000, max_value=1000, places=2))
def test_detail_false_keeps_the_judgement(indicator: Indicator, period: Period, actual: Decimal) -> None:
    """The matrix's light evaluation judges exactly as the full one, for any indicator."""
    full = evaluate(indicator, period, actual)
    light = evaluate(indicator, period, actual, detail=False)
    assert (light.state, light.checkpoint, light.gap, light.note, light.target) == (
        full.state,
        full.checkpoint,
        full.gap,
        full.note,
        full.target,
    )
    assert light.progress is None and light.pace is None and light.forecast_final is None
