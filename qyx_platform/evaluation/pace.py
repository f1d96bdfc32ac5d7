"""Pace: the observed rate of change relative to the rate the plan requires."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform.evaluation._arith import RATIO_PLACES, in_context, quantize
from qyx_platform.evaluation.span import plan_span
from qyx_platform.evaluation.trend import History, fit, trend_points
from qyx_platform.model.indicators import Indicator
from qyx_platform.model.periods import Period


@in_context
def observed_rate(indicator: Indicator, history: History, *, until: Period | None = None) -> Decimal | None:
    """The least-squares slope of ``history`` in units per year (year-to-date flows
    annualised first); None with fewer than two distinct period ends."""
    line = fit(trend_points(indicator, history, until))
    return None if line is None else line.slope_per_year


@in_context
def pace(
    indicator: Indicator,
    history: History,
    series: str | None = None,
    *,
    full_coverage: Decimal | None = None,
    until: Period | None = None,
) -> Decimal | None:
    """Observed rate ÷ required rate, to 4 decimal places (as the UN SDG progress chart does).

    The observed rate is the least-squares slope of the history over time in years (each
    point at its period's end; year-to-date flows annualised). The required rate is
    ``(final target - start) ÷ (2027 - start year)`` (see :func:`~.span.plan_span`). Both are
    signed, so the ratio is direction-aware: 1 is the plan's pace, above 1 faster, between 0
    and 1 slower, below 0 moving the wrong way, for higher- and lower-is-better alike.

    None when there are fewer than two distinct period ends, when there is no span, or when
    the plan requires no change in the good direction (a level to hold, such as ``<3`` or
    3.8 every year): a pace is undefined there.
    """
    span = plan_span(indicator, series, full_coverage=full_coverage)
    if span is None or not span.improving:
        return None
    observed = observed_rate(indicator, history, until=until)
    if observed is None:
        return None
    return quantize(observed / span.required_rate, RATIO_PLACES)
