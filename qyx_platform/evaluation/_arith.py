"""Decimal arithmetic shared by the evaluation rules: one context, rounding helpers.

Every rule computes inside :data:`CONTEXT` (40 significant digits, round half even, errors
trapped) so that results do not depend on the caller's thread-local decimal context. No
float ever enters a computation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction
from typing import ParamSpec, TypeVar

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _

#: the decimal context every evaluation rule computes in
CONTEXT = Context(
    prec=40,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

#: decimal places of ratios (progress, pace)
RATIO_PLACES = 4
#: minimum decimal places kept by values in the indicator's unit (checkpoints, forecasts)
VALUE_PLACES = 4
#: decimal places of scores (0-100)
SCORE_PLACES = 2

_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_context(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` inside :data:`CONTEXT`."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with localcontext(CONTEXT):
            return fn(*args, **kwargs)

    return wrapper


def places_of(*values: Decimal | None) -> int:
    """The largest number of decimal places among ``values`` (0 for integers and None)."""
    best = 0
    for v in values:
        if v is None:
            continue
        exponent = v.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            best = max(best, -exponent)
    return best


def _clean_zero(value: Decimal) -> Decimal:
    """``-0.00`` → ``0.00``: a negative zero is an artefact, never a meaning."""
    return value.copy_abs() if value.is_zero() else value


def quantize(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half-even to exactly ``places`` decimal places (with as many digits
    as that takes: a stored value longer than :data:`CONTEXT`'s precision never makes a read
    fail)."""
    needed = (value.adjusted() if value.is_finite() and value else 0) + places + 2
    context = CONTEXT if needed <= CONTEXT.prec else CONTEXT.copy()
    if context is not CONTEXT:
        context.prec = needed
    return _clean_zero(value.quantize(Decimal(1).scaleb(-places), context=context))


def round_value(value: Decimal, *like: Decimal | None) -> Decimal:
    """A value in the indicator's unit, rounded and written like the numbers it came from.

    Rounded half-even to ``max(VALUE_PLACES, places of like)`` decimal places, then trailing
    zeros are dropped down to the places of ``like``: from targets 4.00 and 4.50, 4.25 stays
    4.25, 4.291666… becomes 4.2917 and 4.5 is written 4.50; an exponent form such as ``1E+1``
    becomes ``10``.
    """
    if not value.is_finite():
        raise QyxError(_("{value} is not a finite number", value=value))
    base = places_of(*like)
    rounded = quantize(value, max(VALUE_PLACES, base))
    if places_of(value) <= places_of(rounded):
        rounded = value  # nothing was cut: keep the exact value
    shortest = rounded.normalize(CONTEXT)
    return quantize(rounded, max(places_of(shortest), base))


def scale(value: Decimal, fraction: Fraction) -> Decimal:
    """``value × fraction`` with a single rounding (multiply first, then divide)."""
    return CONTEXT.divide(CONTEXT.multiply(value, Decimal(fraction.numerator)), Decimal(fraction.denominator))


def require_decimal(value: object, what: str) -> Decimal:
    """``value`` when it is a finite Decimal; QyxError otherwise (floats are refused)."""
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise QyxError(
            _(
                "{what} must be a decimal.Decimal, not {kind}: pass Decimal('2.95'), never a float",
                what=what,
                kind=type(value).__name__,
            )
        )
    if not value.is_finite():
        raise QyxError(_("{what} must be a finite number, not {value}", what=what, value=value))
    return value
