"""Progress toward the final (2027) target and the plan span it is measured on."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from test_evaluation_support import (
    CHECKUPS,
    HIGHER,
    HUIMINBAO,
    LOWER,
    LTC,
    MINIMUM_LIVING,
    PREMATURE,
    REIMBURSEMENT,
    RENTAL,
    TUOWEI,
    UNEMPLOYMENT,
    d,
    make_indicator,
    polarities,
    values,
)

from qyx_platform.errors import QyxError
from qyx_platform.evaluation import plan_span, progress
from qyx_platform.model import Polarity


class TestWorkedExamples:
    @pytest.mark.parametrize(
        ("actual", "expected"),
        [("3.20", "0"), ("4.35", "0.5"), ("5.50", "1"), ("5.96", "1.2"), ("2.97", "-0.1")],
    )
    def test_childcare_places_from_3_20_to_5_50(self, actual: str, expected: str) -> None:
        # (x - 3.20) / (5.50 - 3.20), not clamped
        assert progress(TUOWEI, d(actual)) == d(expected)

    def test_four_decimal_places(self) -> None:
        # (4 - 3.20) / 2.30 = 0.347826… → 0.3478
        result = progress(TUOWEI, d("4"))
        assert result is not None and str(result) == "0.3478"

    def test_missing_baseline_starts_at_the_first_numeric_target(self) -> None:
        # 重大慢病过早死亡率: '-' in 2022, 11.46 in 2023, 10.66 in 2027
        span = plan_span(PREMATURE)
        assert span is not None
        assert (span.start_year, span.start, span.end) == (2023, d("11.46"), d("10.66"))
        assert progress(PREMATURE, d("11.06")) == d("0.5")
        assert progress(PREMATURE, d("11.46")) == d("0")
        assert progress(PREMATURE, d("10.66")) == d("1")
        assert progress(PREMATURE, d("11.86")) == d("-0.5")  # worse than the start

    @pytest.mark.parametrize(("actual", "expected"), [("2.95", "1"), ("3.00", "0"), ("1", "1")])
    def test_stay_below_3_from_1_40_is_a_level_to_hold(self, actual: str, expected: str) -> None:
        assert progress(UNEMPLOYMENT, d(actual)) == d(expected)

    def test_above_70_from_95_39_is_a_level_to_hold(self) -> None:
        assert progress(HUIMINBAO, d("80")) == d("1")
        assert progress(HUIMINBAO, d("70")) == d("0")

    def test_target_equal_to_baseline(self) -> None:
        # 年城乡居民免费健康体检人次 3.8 every year
        assert progress(CHECKUPS, d("3.8")) == d("1")
        assert progress(CHECKUPS, d("3.79")) == d("0")

    def test_lower_target_than_baseline_on_a_higher_is_better_series(self) -> None:
        # 职工 87 → 85: the plan allows a fall, so it is a level to hold
        assert progress(REIMBURSEMENT, d("85"), "职工") == d("1")
        assert progress(REIMBURSEMENT, d("84.9"), "职工") == d("0")

    def test_large_values(self) -> None:
        # 最低生活保障年人均标准 12420 → 14000: 13210 is halfway
        assert progress(MINIMUM_LIVING, d("13210")) == d("0.5")

    def test_at_least_500(self) -> None:
        assert progress(RENTAL, d("250")) == d("0.5")

    def test_full_coverage(self) -> None:
        assert progress(LTC, d("2.3")) is None  # no number for 全覆盖 of a count
        assert progress(LTC, d("2.3"), full_coverage=d("4.6")) == d("0.5")
        coverage = make_indicator(("80", "85", "90", "95", "98", "全覆盖"), unit="%")
        assert progress(coverage, d("90")) == d("0.5")  # 80 → 100

    def test_no_start(self) -> None:
        only_final = make_indicator(("-", "-", "-", "-", "-", "5"))
        assert plan_span(only_final) is None
        assert progress(only_final, d("5")) is None

    def test_float_is_refused(self) -> None:
        with pytest.raises(QyxError):
            progress(TUOWEI, 4.0)  # type: ignore[arg-type]


def _improving_pair(start: Decimal, end: Decimal, polarity: Polarity) -> bool:
    return end > start if polarity is HIGHER else end < start


@given(polarity=polarities, start=values, end=values, actual=values)
def test_progress_is_zero_at_the_start_one_at_the_target_and_linear(
    polarity: Polarity, start: Decimal, end: Decimal, actual: Decimal
) -> None:
    assume(_improving_pair(start, end, polarity))
    cells = (str(start), "0", "0", "0", "0", str(end))
    ind = make_indicator(cells, polarity=polarity)
    assert progress(ind, start) == 0
    assert progress(ind, end) == 1
    exact = (Fraction(actual) - Fraction(start)) / (Fraction(end) - Fraction(start))
    result = progress(ind, actual)
    assert result is not None
    assert abs(Fraction(result) - exact) <= Fraction(1, 20000)  # rounded to 4 places


@given(polarity=polarities, start=values, end=values, a=values, b=values)
def test_progress_never_falls_for_a_better_value(
    polarity: Polarity, start: Decimal, end: Decimal, a: Decimal, b: Decimal
) -> None:
    cells = (str(start), "0", "0", "0", "0", str(end))
    ind = make_indicator(cells, polarity=polarity)
    worse, better = (min(a, b), max(a, b)) if polarity is HIGHER else (max(a, b), min(a, b))
    pw, pb = progress(ind, worse), progress(ind, better)
    assert pw is not None and pb is not None
    assert pb >= pw


@given(polarity=polarities, start=values, end=values, actual=values)
def test_progress_mirrors(polarity: Polarity, start: Decimal, end: Decimal, actual: Decimal) -> None:
    other = LOWER if polarity is HIGHER else HIGHER
    ind = make_indicator((str(start), "0", "0", "0", "0", str(end)), polarity=polarity)
    mirrored = make_indicator((str(-start), "0", "0", "0", "0", str(-end)), polarity=other)
    assert progress(ind, actual) == progress(mirrored, -actual)
