"""Checkpoints: the target an observation for a year, quarter or month must meet."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_evaluation_support import (
    HIGHER,
    LOWER,
    LTC,
    PREMATURE,
    REIMBURSEMENT,
    RENTAL,
    TUOWEI,
    UNEMPLOYMENT,
    VOCATIONAL,
    d,
    make_indicator,
    p,
    periods,
    polarities,
    positive,
    values,
)

from qyx_platform.errors import NotFoundError
from qyx_platform.evaluation import CheckpointMethod, checkpoint
from qyx_platform.model import (
    Accumulation,
    Comparator,
    Granularity,
    Indicator,
    Period,
    Polarity,
    TargetExpression,
)

HALF_UNIT = Decimal("0.00005")  # half of the 4th decimal place the checkpoint is rounded to


def value_of(indicator: Indicator, period: str, series: str | None = None, **kwargs: Decimal) -> Decimal:
    cp = checkpoint(indicator, p(period), series, **kwargs)
    assert cp is not None
    return cp.value


class TestWorkedExamples:
    def test_level_interpolates_between_the_previous_and_this_years_targets(self) -> None:
        # 托位数 2025Q2: 4.00 + (4.50 - 4.00) × 6/12
        cp = checkpoint(TUOWEI, p("2025Q2"))
        assert cp is not None
        assert cp.value == d("4.25")
        assert cp.method is CheckpointMethod.INTERPOLATED
        assert cp.start == d("4.00")
        assert cp.comparator is Comparator.AT_LEAST

    def test_level_month_rounds_to_four_places(self) -> None:
        # 2025-07: 4.00 + 0.50 × 7/12 = 4.291666… → 4.2917
        assert value_of(TUOWEI, "2025-07") == d("4.2917")

    def test_first_plan_year_interpolates_from_the_baseline(self) -> None:
        # 2023Q2: 3.20 + (3.80 - 3.20) / 2
        assert value_of(TUOWEI, "2023Q2") == d("3.50")

    @pytest.mark.parametrize("period", ["2025", "2025Q4", "2025-12"])
    def test_periods_ending_in_december_use_the_years_target(self, period: str) -> None:
        cp = checkpoint(TUOWEI, p(period))
        assert cp is not None
        assert cp.value == d("4.50")
        assert cp.method is CheckpointMethod.YEAR_TARGET

    def test_ytd_flow_pro_rates_the_years_target(self) -> None:
        # 开展职业教育培训数 2025Q3: 0.28 × 3/4
        cp = checkpoint(VOCATIONAL, p("2025Q3"))
        assert cp is not None
        assert cp.value == d("0.21")
        assert cp.method is CheckpointMethod.PRO_RATED

    def test_ytd_flow_january(self) -> None:
        # 0.28 / 12 = 0.02333… → 0.0233
        assert value_of(VOCATIONAL, "2025-01") == d("0.0233")

    def test_rate_uses_the_years_target_and_keeps_a_strict_comparator(self) -> None:
        cp = checkpoint(UNEMPLOYMENT, p("2025Q2"))
        assert cp is not None
        assert cp.value == d("3")
        assert cp.comparator is Comparator.BELOW
        assert cp.target.text == "<3"

    def test_cumulative_interpolates_towards_at_least_500(self) -> None:
        # 2027Q2: 450 + (500 - 450) / 2, comparator ≥ kept
        cp = checkpoint(RENTAL, p("2027Q2"))
        assert cp is not None
        assert cp.value == d("475")
        assert cp.comparator is Comparator.AT_LEAST
        # 2023Q2: 0 + 363 / 2
        assert value_of(RENTAL, "2023Q2") == d("181.5")
        # 2025: no step from 413 to 413
        assert value_of(RENTAL, "2025Q1") == d("413")

    def test_missing_previous_cell_uses_the_years_target(self) -> None:
        level = make_indicator(("-", "11.46", "11.26", "11.06", "10.86", "10.66"), polarity=LOWER)
        cp = checkpoint(level, p("2023Q2"))
        assert cp is not None
        assert cp.value == d("11.46")
        assert cp.method is CheckpointMethod.YEAR_TARGET
        # and from 2024 on it interpolates downwards: 11.46 + (11.26 - 11.46) / 2
        assert value_of(level, "2024Q2") == d("11.36")

    def test_never_stricter_than_the_years_target(self) -> None:
        # a level allowed to fall from 87 to 85: mid-year checkpoint is 85, not 86
        level = make_indicator(("87", "85", "85", "85", "85", "85"))
        assert value_of(level, "2023Q2") == d("85")
        # lower is better, baseline 1.40 and then <3: stays <3 all year
        rate_as_level = make_indicator(("1.40", "<3", "<3", "<3", "<3", "<3"), polarity=LOWER)
        cp = checkpoint(rate_as_level, p("2023Q2"))
        assert cp is not None
        assert (cp.value, cp.comparator) == (d("3"), Comparator.BELOW)

    def test_baseline_year_compares_with_the_baseline_cell(self) -> None:
        cp = checkpoint(UNEMPLOYMENT, p("2022"))
        assert cp is not None
        assert (cp.value, cp.comparator) == (d("1.40"), Comparator.AT_MOST)
        assert checkpoint(PREMATURE, p("2022")) is None  # the baseline is '-'

    @pytest.mark.parametrize("period", ["2021", "2028", "2030Q2", "2019-05"])
    def test_years_outside_the_plan_have_no_checkpoint(self, period: str) -> None:
        assert checkpoint(TUOWEI, p(period)) is None

    def test_milestone_has_no_checkpoint(self) -> None:
        milestone = TargetExpression(Comparator.MILESTONE, None, "建成")
        ind = make_indicator(("0", milestone, "1", "1", "1", "1"))
        assert checkpoint(ind, p("2023")) is None

    def test_full_coverage_of_a_count_uses_the_last_numeric_target(self) -> None:
        # 长期护理保险覆盖人数 2027 = 全覆盖 after 2.3 each year
        cp = checkpoint(LTC, p("2027"))
        assert cp is not None
        assert cp.value == d("2.3")
        assert cp.stand_in
        assert cp.comparator is Comparator.FULL_COVERAGE
        assert value_of(LTC, "2027Q2") == d("2.3")

    def test_full_coverage_with_a_value(self) -> None:
        cp = checkpoint(LTC, p("2027"), full_coverage=d("4.6"))
        assert cp is not None
        assert cp.value == d("4.6") and not cp.stand_in
        # 2027Q2: 2.3 + (4.6 - 2.3) / 2
        assert value_of(LTC, "2027Q2", full_coverage=d("4.6")) == d("3.45")

    def test_full_coverage_of_a_percentage_is_100(self) -> None:
        coverage = make_indicator(("80", "85", "90", "95", "98", "全覆盖"), unit="%")
        assert value_of(coverage, "2027") == d("100")
        assert value_of(coverage, "2027Q2") == d("99")

    def test_series_are_separate(self) -> None:
        assert value_of(REIMBURSEMENT, "2023", series="职工") == d("85")
        assert value_of(REIMBURSEMENT, "2023", series="城乡居民") == d("68")
        with pytest.raises(NotFoundError, match="never summed"):
            checkpoint(REIMBURSEMENT, p("2023"))
        with pytest.raises(NotFoundError):
            checkpoint(TUOWEI, p("2023"), series="职工")


@given(
    polarity=polarities,
    accumulation=st.sampled_from([Accumulation.LEVEL, Accumulation.CUMULATIVE]),
    previous=values,
    target=values,
    year=st.sampled_from([2023, 2024, 2025, 2026, 2027]),
    data=st.data(),
)
def test_level_checkpoint_lies_between_the_targets_around_it(
    polarity: Polarity,
    accumulation: Accumulation,
    previous: Decimal,
    target: Decimal,
    year: int,
    data: st.DataObject,
) -> None:
    cells = ["1"] * 6
    cells[year - 2022 - 1] = str(previous)
    cells[year - 2022] = str(target)
    ind = make_indicator(tuple(cells), polarity=polarity, accumulation=accumulation)
    period = data.draw(periods(years=[year]))
    cp = checkpoint(ind, period)
    assert cp is not None
    assert min(previous, target) <= cp.value <= max(previous, target)
    improving = (target > previous) if polarity is HIGHER else (target < previous)
    if period.is_year_end or not improving:
        assert cp.value == target
    else:
        exact = Fraction(previous) + (Fraction(target) - Fraction(previous)) * Fraction(period.end_month, 12)
        assert abs(Fraction(cp.value) - exact) <= Fraction(HALF_UNIT)


@given(target=positive, year=st.sampled_from([2023, 2024, 2025, 2026, 2027]), data=st.data())
def test_ytd_checkpoint_is_the_pro_rated_target(target: Decimal, year: int, data: st.DataObject) -> None:
    ind = make_indicator(tuple([str(target)] * 6), accumulation=Accumulation.YTD_FLOW)
    period = data.draw(periods(years=[year]))
    cp = checkpoint(ind, period)
    assert cp is not None
    assert 0 <= cp.value <= target
    exact = Fraction(target) * Fraction(period.end_month, 12)
    assert abs(Fraction(cp.value) - exact) <= Fraction(HALF_UNIT)


@given(polarity=polarities, cell=values, data=st.data())
def test_rate_checkpoint_is_the_target_and_keeps_the_comparator(
    polarity: Polarity, cell: Decimal, data: st.DataObject
) -> None:
    comparator = data.draw(
        st.sampled_from(
            [Comparator.AT_LEAST, Comparator.ABOVE, Comparator.ABOUT]
            if polarity is HIGHER
            else [Comparator.AT_MOST, Comparator.BELOW, Comparator.ABOUT]
        )
    )
    expr = TargetExpression.build(comparator, cell, polarity)
    ind = make_indicator(
        (expr, expr, expr, expr, expr, expr), polarity=polarity, accumulation=Accumulation.RATE
    )
    period = data.draw(periods())
    cp = checkpoint(ind, period)
    assert cp is not None
    assert (cp.value, cp.comparator) == (cell, comparator)


def test_checkpoint_rounding_keeps_finer_target_precision() -> None:
    # targets with 5 decimal places round to 5 places, not 4 (which would give 0.0000,
    # outside the targets): 0.00001 + 0.00001 × 7/12 = 0.0000158… → 0.00002
    ind = make_indicator(("0", "0.00001", "0.00002", "1", "1", "1"))
    cp = checkpoint(ind, Period(2024, Granularity.MONTH, 7))
    assert cp is not None
    assert str(cp.value) == "0.00002"
