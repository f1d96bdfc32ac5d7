"""The pure model: periods and target expressions (hypothesis properties and examples)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from qyx_platform import Comparator, Granularity, Period, PlanDataError, Polarity, TargetExpression
from qyx_platform.errors import PeriodError
from qyx_platform.evaluation import meets
from qyx_platform.model.targets import format_target, split_series_cell

years = st.integers(min_value=1000, max_value=9999)
periods = st.one_of(
    years.map(Period.year_of),
    st.builds(lambda y, q: Period(y, Granularity.QUARTER, q), years, st.integers(1, 4)),
    st.builds(lambda y, m: Period(y, Granularity.MONTH, m), years, st.integers(1, 12)),
)


@given(periods)
def test_period_parse_format_round_trip(p: Period) -> None:
    assert Period.parse(str(p)) == p


@given(periods, periods)
def test_period_order_is_total_and_matches_sort_key(a: Period, b: Period) -> None:
    assert (a < b) == (a.sort_key < b.sort_key)
    assert (a < b) + (b < a) + (a == b) == 1


@given(periods, periods)
def test_order_follows_the_end_of_the_period(a: Period, b: Period) -> None:
    if (a.year, a.end_month) < (b.year, b.end_month):
        assert a < b


@given(periods, periods)
def test_periods_are_equal_exactly_when_their_parts_are(a: Period, b: Period) -> None:
    assert (a == b) == ((a.year, a.granularity, a.index) == (b.year, b.granularity, b.index))
    if a == b:
        assert hash(a) == hash(b)


@given(periods, periods)
def test_sort_range_holds_exactly_the_periods_inside(a: Period, b: Period) -> None:
    lo, hi = a.sort_range
    assert (lo <= b.sort_key <= hi) == a.contains(b)


@given(periods, periods)
def test_containment_is_by_months(a: Period, b: Period) -> None:
    inside = a.year == b.year and a.start_month <= b.start_month and b.end_month <= a.end_month
    assert a.contains(b) == inside
    if a.contains(b) and b.contains(a):
        assert a == b


@given(periods)
def test_a_year_contains_its_quarters_and_months(p: Period) -> None:
    assert Period.year_of(p.year).contains(p)
    assert p.contains(p)
    assert Period(p.year, Granularity.QUARTER, (p.end_month + 2) // 3).contains(
        Period(p.year, Granularity.MONTH, p.end_month)
    )


def test_period_examples() -> None:
    assert Period.parse("2025Q3") == Period(2025, Granularity.QUARTER, 3)
    assert Period.parse("2025-07").end_month == 7
    assert Period.parse("2025Q3").fraction_of_year == Decimal(9) / 12
    assert Period.parse("2024-12") < Period.parse("2024Q4") < Period.parse("2024")
    assert Period.parse("2024Q1") < Period.parse("2024-04")


@pytest.mark.parametrize(
    "bad", ["2025Q5", "2025-13", "2025-7", "25", "2025 Q1", "Q3 2025", "", "二〇二五", "2025-00"]
)
def test_bad_periods_are_clear_errors(bad: str) -> None:
    with pytest.raises(PeriodError, match="period"):
        Period.parse(bad)


CELLS = [
    ("3.20", Polarity.HIGHER_IS_BETTER, Comparator.AT_LEAST, "3.20"),
    ("1.40", Polarity.LOWER_IS_BETTER, Comparator.AT_MOST, "1.40"),
    ("<3", Polarity.LOWER_IS_BETTER, Comparator.BELOW, "3"),
    (">70", Polarity.HIGHER_IS_BETTER, Comparator.ABOVE, "70"),
    ("≥500", Polarity.HIGHER_IS_BETTER, Comparator.AT_LEAST, "500"),
    (">=500", Polarity.HIGHER_IS_BETTER, Comparator.AT_LEAST, "500"),
    ("≤5", Polarity.LOWER_IS_BETTER, Comparator.AT_MOST, "5"),
    ("约0.28", Polarity.HIGHER_IS_BETTER, Comparator.ABOUT, "0.28"),
    ("0.28左右", Polarity.HIGHER_IS_BETTER, Comparator.ABOUT, "0.28"),
    ("１２,６００", Polarity.HIGHER_IS_BETTER, Comparator.AT_LEAST, "12600"),
    ("85.0", Polarity.HIGHER_IS_BETTER, Comparator.AT_LEAST, "85.0"),
]


@pytest.mark.parametrize(("cell", "polarity", "comparator", "value"), CELLS)
def test_cell_forms(cell: str, polarity: Polarity, comparator: Comparator, value: str) -> None:
    e = TargetExpression.parse(cell, polarity)
    assert (e.comparator, str(e.value), e.text) == (comparator, value, cell)


def test_qualitative_cells() -> None:
    assert TargetExpression.parse("全 覆盖").comparator is Comparator.FULL_COVERAGE
    dash = TargetExpression.parse("-")
    assert (dash.comparator, dash.value, dash.text) == (Comparator.NONE, None, "-")


@pytest.mark.parametrize("bad", ["", "abc", "<", "3..2", "≥x", "职工85"])
def test_bad_cells_are_clear_errors(bad: str) -> None:
    with pytest.raises(PlanDataError):
        TargetExpression.parse(bad)


decimals = st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), allow_nan=False, places=3)
comparators = st.sampled_from(
    [Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.BELOW, Comparator.ABOVE, Comparator.ABOUT]
)


@given(comparators, decimals, st.sampled_from(list(Polarity)))
def test_format_parse_round_trip(c: Comparator, v: Decimal, polarity: Polarity) -> None:
    assume(v >= 0)
    e = TargetExpression.build(c, v, polarity)
    back = TargetExpression.parse(format_target(c, v, polarity), polarity)
    assert back == e
    assert str(back.value) == str(v)


@given(decimals, decimals, st.sampled_from(list(Polarity)))
def test_strict_and_inclusive_comparators(v: Decimal, x: Decimal, polarity: Polarity) -> None:
    assert meets(Comparator.BELOW, v, x, polarity) == (x < v)
    assert meets(Comparator.ABOVE, v, x, polarity) == (x > v)
    assert meets(Comparator.AT_LEAST, v, x, polarity) == (x >= v)
    assert meets(Comparator.AT_MOST, v, x, polarity) == (x <= v)


def test_unemployment_examples_of_the_plan() -> None:
    cap = TargetExpression.parse("<3", Polarity.LOWER_IS_BETTER)
    assert cap.value is not None
    assert meets(cap.comparator, cap.value, Decimal("2.95"), Polarity.LOWER_IS_BETTER)
    assert not meets(cap.comparator, cap.value, Decimal("3.00"), Polarity.LOWER_IS_BETTER)


def test_full_coverage_is_met_from_the_full_coverage_value() -> None:
    e = TargetExpression.parse("全覆盖")
    assert e.value is None  # the cell holds no number: the caller gives full coverage
    assert meets(e.comparator, Decimal(100), Decimal(100), Polarity.HIGHER_IS_BETTER)
    assert not meets(e.comparator, Decimal(100), Decimal("99.9"), Polarity.HIGHER_IS_BETTER)


def test_series_cells_split() -> None:
    assert split_series_cell("职 工\n85\n城 乡\n居 民\n70", ("职工", "城乡居民")) == {
        "职工": "85",
        "城乡居民": "70",
    }
    with pytest.raises(PlanDataError):
        split_series_cell("职工85", ("职工", "城乡居民"))
    with pytest.raises(PlanDataError):
        split_series_cell("职工85 职工70", ("职工", "城乡居民"))
