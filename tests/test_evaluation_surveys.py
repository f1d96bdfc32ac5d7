"""Survey margins and significant changes (evaluation/surveys.py), checked against the
textbook formulas computed independently in floating point."""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from qyx_platform.evaluation.surveys import change, margin_of_error

shares = st.decimals(min_value=0, max_value=100, places=1)
samples = st.integers(1, 100_000)


@given(shares, samples)
def test_margin_is_1_96_sqrt_p_q_over_n_in_points(share: Decimal, n: int) -> None:
    p = float(share) / 100
    want = 1.96 * math.sqrt(p * (1 - p) / n) * 100
    assert abs(float(margin_of_error(share, n)) - want) < 0.01


@given(shares, samples, shares, samples)
def test_a_change_is_significant_only_beyond_the_pooled_margin(
    p1: Decimal, n1: int, p2: Decimal, n2: int
) -> None:
    got = change((p1, n1), (p2, n2))
    a, b = float(p1) / 100, float(p2) / 100
    limit = 1.96 * math.sqrt(a * (1 - a) / n1 + b * (1 - b) / n2) * 100
    assert got.difference == p2 - p1
    assert abs(float(got.threshold) - limit) < 0.01
    if abs(float(p2 - p1)) > limit + 1e-9:
        assert got.significant
    elif abs(float(p2 - p1)) < limit - 1e-9:
        assert not got.significant
    assert change((p2, n2), (p1, n1)).significant == got.significant


def test_worked_example() -> None:
    """86.5 % of 400: ±3.35 points; then 80 % of 400: a fall of 6.5 points beyond ±5.16."""
    assert margin_of_error(Decimal("86.5"), 400) == Decimal("3.35")
    moved = change((Decimal("86.5"), 400), (Decimal(80), 400))
    assert moved.difference == Decimal("-6.5") and moved.significant and moved.threshold == Decimal("5.16")
