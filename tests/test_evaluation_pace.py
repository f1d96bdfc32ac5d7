"""Pace: observed rate of change ÷ the rate the plan requires."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st
from test_evaluation_support import (
    CHECKUPS,
    HIGHER,
    LOWER,
    PREMATURE,
    TUOWEI,
    UNEMPLOYMENT,
    VOCATIONAL,
    d,
    evaluate_history,
    make_indicator,
    p,
    polarities,
    values,
)

from qyx_platform.evaluation import observed_rate, pace
from qyx_platform.model import Period, Polarity


def hist(*pairs: tuple[str, str]) -> list[tuple[Period, Decimal]]:
    return [(p(a), d(b)) for a, b in pairs]


class TestWorkedExamples:
    def test_on_the_plans_pace(self) -> None:
        # 托位数 3.20 → 5.50 over 2022-2027 requires 0.46 a year
        history = hist(("2022", "3.20"), ("2023", "3.66"), ("2024", "4.12"))
        assert observed_rate(TUOWEI, history) == d("0.46")
        assert pace(TUOWEI, history) == d("1")

    def test_half_the_plans_pace(self) -> None:
        assert pace(TUOWEI, hist(("2022", "3.20"), ("2023", "3.43"), ("2024", "3.66"))) == d("0.5")

    def test_quarters_sit_at_their_period_end(self) -> None:
        # 2023Q2 is half a year before the end of 2023: 0.23 in half a year is 0.46 a year
        assert pace(TUOWEI, hist(("2023Q2", "3.43"), ("2023", "3.66"))) == d("1")

    def test_lower_is_better(self) -> None:
        # 重大慢病过早死亡率 11.46 (2023) → 10.66 (2027): -0.2 a year required
        assert pace(PREMATURE, hist(("2023", "11.46"), ("2024", "11.36"))) == d("0.5")
        assert pace(PREMATURE, hist(("2023", "11.46"), ("2024", "11.06"))) == d("2")
        assert pace(PREMATURE, hist(("2023", "11.46"), ("2024", "11.56"))) == d("-0.5")

    def test_ytd_flow_is_annualised(self) -> None:
        # 0.21 → 0.28 over 5 years requires 0.014 a year; 0.147 by 2025Q2 runs at 0.294 a year,
        # 0.014 above 2024's 0.28 in half a year: 0.028 a year, twice the pace
        assert pace(VOCATIONAL, hist(("2024", "0.28"), ("2025Q2", "0.147"))) == d("2")

    def test_no_pace_for_a_level_to_hold(self) -> None:
        history = hist(("2023", "2.5"), ("2024", "2.4"))
        assert pace(UNEMPLOYMENT, history) is None
        assert pace(CHECKUPS, hist(("2023", "3.8"), ("2024", "3.9"))) is None

    def test_no_pace_without_two_distinct_times(self) -> None:
        assert pace(TUOWEI, hist(("2023", "3.66"))) is None
        assert pace(TUOWEI, []) is None
        assert pace(TUOWEI, hist(("2023Q4", "3.66"), ("2023", "3.70"))) is None

    def test_points_after_until_are_ignored(self) -> None:
        history = hist(("2022", "3.20"), ("2023", "3.66"), ("2024", "9.99"))
        assert pace(TUOWEI, history, until=p("2023")) == d("1")

    def test_evaluate_reports_pace_from_history_and_actual(self) -> None:
        e = evaluate_history(TUOWEI, "2024", "4.12", [("2022", "3.20"), ("2023", "3.66")])
        assert e.pace == d("1")


@given(
    polarity=polarities,
    start=values,
    end=values,
    k=st.integers(-8, 8).map(lambda n: Decimal(n) / 4),
    years=st.integers(2, 6),
)
def test_a_collinear_history_at_k_times_the_required_rate_has_pace_k(
    polarity: Polarity, start: Decimal, end: Decimal, k: Decimal, years: int
) -> None:
    assume(end > start if polarity is HIGHER else end < start)
    ind = make_indicator((str(start), "0", "0", "0", "0", str(end)), polarity=polarity)
    rate = (end - start) / 5  # exact: a two-place decimal ÷ 5 terminates
    history = [(Period.year_of(2022 + i), start + k * rate * i) for i in range(years)]
    assert pace(ind, history) == k


@given(polarity=polarities, start=values, end=values, a=values, b=values)
def test_pace_mirrors(polarity: Polarity, start: Decimal, end: Decimal, a: Decimal, b: Decimal) -> None:
    other = LOWER if polarity is HIGHER else HIGHER
    ind = make_indicator((str(start), "0", "0", "0", "0", str(end)), polarity=polarity)
    mirrored = make_indicator((str(-start), "0", "0", "0", "0", str(-end)), polarity=other)
    history = [(p("2023"), a), (p("2024Q3"), b)]
    assert pace(ind, history) == pace(mirrored, [(t, -v) for t, v in history])
