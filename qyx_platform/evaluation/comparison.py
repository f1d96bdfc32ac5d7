"""Comparing an actual value with a target value, monotonically in the target's direction.

Every comparison here is *upward-closed*: if a value meets a target, every better value
(larger for an upward target, smaller for a downward one) meets it too. That is what makes
the status monotone. ``ABOUT`` (左右) is judged on one side only, so overshooting in the good
direction is not a miss. :func:`meets` is the one definition of "a value meets a target"
(the model has none of its own).
"""

from __future__ import annotations

from decimal import Decimal

from qyx_platform.model.polarity import Polarity
from qyx_platform.model.targets import ABOUT_TOLERANCE, Comparator

UP = 1
DOWN = -1

_UPWARD = (Comparator.AT_LEAST, Comparator.ABOVE, Comparator.FULL_COVERAGE)
_DOWNWARD = (Comparator.AT_MOST, Comparator.BELOW)


def polarity_direction(polarity: Polarity) -> int:
    """+1 when larger is better, -1 when smaller is better."""
    return DOWN if polarity is Polarity.LOWER_IS_BETTER else UP


def direction_of(comparator: Comparator, polarity: Polarity) -> int | None:
    """Which way a value must move to meet a target: +1 up, -1 down, None for no number.

    The comparator decides (``≥``, ``>``, 全覆盖 up; ``≤``, ``<`` down); ``ABOUT`` takes the
    indicator's polarity. A plain number was already given its comparator by polarity.
    """
    if comparator in _UPWARD:
        return UP
    if comparator in _DOWNWARD:
        return DOWN
    if comparator is Comparator.ABOUT:
        return polarity_direction(polarity)
    return None


def is_strict(comparator: Comparator) -> bool:
    """True for ``<`` and ``>``: equality misses."""
    return comparator in (Comparator.BELOW, Comparator.ABOVE)


def threshold(comparator: Comparator, value: Decimal, polarity: Polarity) -> Decimal:
    """The boundary an actual is compared with: the value itself, or for ``ABOUT`` the edge of
    the tolerance band on the worse side (``v - 5%·|v|`` upward, ``v + 5%·|v|`` downward)."""
    if comparator is Comparator.ABOUT:
        band = abs(value) * ABOUT_TOLERANCE
        return value - band if polarity_direction(polarity) == UP else value + band
    return value


def meets(comparator: Comparator, value: Decimal, actual: Decimal, polarity: Polarity) -> bool:
    """Whether ``actual`` meets a target ``comparator value`` (全覆盖: ``value`` is the
    full-coverage value and the test is ``actual ≥ value``). False when there is no direction."""
    direction = direction_of(comparator, polarity)
    if direction is None:
        return False
    bound = threshold(comparator, value, polarity)
    ahead = (actual - bound) * direction
    return ahead > 0 if is_strict(comparator) else ahead >= 0


def shortfall(comparator: Comparator, value: Decimal, actual: Decimal, polarity: Polarity) -> Decimal:
    """How far ``actual`` must still move in the good direction to reach the threshold; 0 when
    it is at or past it (a strict target at equality has shortfall 0 yet is not met)."""
    direction = direction_of(comparator, polarity)
    if direction is None:
        return Decimal(0)
    behind = (threshold(comparator, value, polarity) - actual) * direction
    return behind if behind > 0 else Decimal(0)
