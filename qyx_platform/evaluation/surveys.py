"""Satisfaction surveys (群众满意度测评): margins of error and significant changes.

A survey gives the share satisfied ``p`` (a percentage) of a sample of ``n`` people. At 95 %
confidence its margin of error is ``1.96·√(p(1−p)/n)`` (p as a fraction), in percentage
points. A change between two consecutive surveys is significant only when its size exceeds
``1.96·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂)`` points (a two-sample test of proportions at 5 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.evaluation._arith import in_context, quantize

#: the normal quantile of a two-sided 95 % interval
Z95 = Decimal("1.96")
HUNDRED = Decimal(100)
#: places of a margin or a threshold, in percentage points
MARGIN_PLACES = 2


def _variance(share: Decimal, sample: int) -> Decimal:
    p = share / HUNDRED
    return p * (1 - p) / Decimal(sample)


@in_context
def margin_of_error(share: Decimal, sample: int) -> Decimal:
    """The 95 % margin of error, in percentage points, of ``share`` % satisfied among
    ``sample`` people (0 for a share of 0 or 100)."""
    return quantize(Z95 * _variance(share, sample).sqrt() * HUNDRED, MARGIN_PLACES)


@dataclass(frozen=True, slots=True)
class Change:
    """A change between two consecutive surveys: the difference in points (later − earlier),
    the size it had to exceed, and whether it did."""

    difference: Decimal
    threshold: Decimal
    significant: bool


@in_context
def change(earlier: tuple[Decimal, int], later: tuple[Decimal, int]) -> Change:
    """Compare two surveys given as (share %, sample size)."""
    (p1, n1), (p2, n2) = earlier, later
    difference = p2 - p1
    exact = Z95 * (_variance(p1, n1) + _variance(p2, n2)).sqrt() * HUNDRED
    return Change(difference, quantize(exact, MARGIN_PLACES), abs(difference) > exact)
