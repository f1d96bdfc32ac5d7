"""Forecasts of the year-end and final (2027) values from the trend."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from test_evaluation_support import (
    TUOWEI,
    VOCATIONAL,
    accumulations,
    d,
    evaluate_history,
    make_indicator,
    p,
    periods,
    values,
)

from qyx_platform.evaluation import forecast, forecast_final, forecast_year_end, month_index
from qyx_platform.model import Accumulation, Granularity, Period


def hist(*pairs: tuple[str, str]) -> list[tuple[Period, Decimal]]:
    return [(p(a), d(b)) for a, b in pairs]


class TestWorkedExamples:
    def test_final_value_from_two_years(self) -> None:
        # 4.00 (2024) and 4.50 (2025): +0.5 a year → 5.50 in 2027
        assert forecast_final(TUOWEI, hist(("2024", "4.00"), ("2025", "4.50"))) == d("5.5")

    def test_year_end_from_quarters(self) -> None:
        # 4.6 at 2025Q1, 4.7 at 2025Q2: +0.4 a year, half a year left → 4.9
        assert forecast_year_end(TUOWEI, p("2025Q2"), d("4.7"), hist(("2025Q1", "4.6"))) == d("4.9")

    def test_least_squares_through_noisy_points(self) -> None:
        # 1, 3, 2 at 2023, 2024, 2025: slope 0.5, mean 2 at 2024 → 3.5 in 2027
        history = hist(("2023", "1"), ("2024", "3"), ("2025", "2"))
        assert forecast_final(TUOWEI, history) == d("3.5")

    def test_ytd_flow_year_end_is_the_run_rate(self) -> None:
        assert forecast_year_end(VOCATIONAL, p("2025Q3"), d("0.21")) == d("0.28")
        assert forecast_year_end(VOCATIONAL, p("2025-01"), d("0.03")) == d("0.36")
        # 0.1 / (7/12) = 0.171428… → 0.1714
        assert forecast_year_end(VOCATIONAL, p("2025-07"), d("0.1")) == d("0.1714")

    def test_ytd_flow_final_is_a_yearly_total(self) -> None:
        # 0.28 for 2024 (at 2024.0), 0.147 by 2025Q2 (0.294 a year, at 2024.5): +0.028 a
        # year, so 0.28 + 3 × 0.028 = 0.364 at the end of 2027
        assert forecast_final(VOCATIONAL, hist(("2024", "0.28"), ("2025Q2", "0.147"))) == d("0.364")

    def test_year_end_period_is_its_own_forecast(self) -> None:
        assert forecast_year_end(TUOWEI, p("2025"), d("4.4")) == d("4.4")
        assert forecast_year_end(TUOWEI, p("2025Q4"), d("4.4")) == d("4.4")

    def test_not_enough_points(self) -> None:
        assert forecast_year_end(TUOWEI, p("2025Q2"), d("4.7")) is None
        assert forecast_final(TUOWEI, hist(("2025", "4.5"))) is None
        assert forecast_year_end(VOCATIONAL, p("2025Q2"), None) is None

    def test_points_after_the_period_are_ignored(self) -> None:
        e = evaluate_history(TUOWEI, "2024", "4.00", [("2023", "3.50"), ("2026", "100"), ("2027", "200")])
        assert e.forecast_final == d("5.5")  # from 3.50 (2023) and 4.00 (2024) only

    def test_forecast_pairs_both(self) -> None:
        f = forecast(TUOWEI, p("2025Q2"), d("4.7"), hist(("2025Q1", "4.6")))
        assert (f.year_end, f.final) == (d("4.9"), d("5.7"))


@given(
    accumulation=st.sampled_from([Accumulation.LEVEL, Accumulation.CUMULATIVE, Accumulation.RATE]),
    intercept=values,
    slope=values,
    data=st.data(),
)
def test_collinear_history_is_forecast_on_its_line(
    accumulation: Accumulation, intercept: Decimal, slope: Decimal, data: st.DataObject
) -> None:
    ind = make_indicator(("1", "1", "1", "1", "1", "1"), accumulation=accumulation)
    chosen = data.draw(st.lists(periods(years=[2023, 2024, 2025]), min_size=2, unique=True))

    def line(month: int) -> Fraction:
        """intercept + slope × (years since the end of 2022), exactly"""
        return Fraction(intercept) + Fraction(slope) * Fraction(month - 12 * 2022, 12)

    history = [
        (t, Decimal(line(month_index(t)).numerator) / line(month_index(t)).denominator) for t in chosen
    ]
    result = forecast_final(ind, history)
    if len({month_index(t) for t in chosen}) < 2:  # 2024Q4 and 2024 end together
        assert result is None
    else:
        assert result is not None
        assert abs(Fraction(result) - line(12 * 2027)) <= Fraction(1, 10**4)


@given(accumulation=accumulations, value=values, data=st.data())
def test_year_end_forecast_of_a_december_period_is_the_actual(
    accumulation: Accumulation, value: Decimal, data: st.DataObject
) -> None:
    ind = make_indicator(("1", "1", "1", "1", "1", "1"), accumulation=accumulation)
    year = data.draw(st.integers(2022, 2027))
    granularity = data.draw(st.sampled_from(list(Granularity)))
    index = {Granularity.YEAR: 0, Granularity.QUARTER: 4, Granularity.MONTH: 12}[granularity]
    assert forecast_year_end(ind, Period(year, granularity, index), value) == value
