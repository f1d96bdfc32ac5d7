"""Forecasts of the year-end value and the final (2027) value from the recent trend."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.evaluation._arith import in_context, require_decimal, round_value
from qyx_platform.evaluation.span import FINAL_YEAR
from qyx_platform.evaluation.trend import (
    History,
    annualise,
    fit,
    trend_points,
    year_end_index,
)
from qyx_platform.model.indicators import Indicator
from qyx_platform.model.periods import Period
from qyx_platform.model.polarity import Accumulation


@dataclass(frozen=True, slots=True)
class Forecast:
    """Projected values: at the end of the period's year and at the end of the final year."""

    year_end: Decimal | None
    final: Decimal | None


@in_context
def forecast_year_end(
    indicator: Indicator, period: Period, actual: Decimal | None, history: History = ()
) -> Decimal | None:
    """The value expected at the end of ``period``'s year.

    * A period ending in December: ``actual`` itself (nothing left to forecast).
    * YTD_FLOW: the run rate ``actual ÷ fraction_of_year`` (0.21 at 2025Q3 → 0.28).
    * LEVEL, CUMULATIVE, RATE: the least-squares line through ``history`` and
      ``(period, actual)`` (points after ``period`` ignored), read at the end of the year;
      None with fewer than two distinct period ends.
    """
    if actual is not None:
        require_decimal(actual, "actual")
    if period.is_year_end:
        return actual
    if indicator.accumulation is Accumulation.YTD_FLOW:
        return None if actual is None else round_value(annualise(actual, period), actual)
    points = list(history) if actual is None else [*history, (period, actual)]
    line = fit(trend_points(indicator, points, until=period))
    if line is None:
        return None
    return round_value(line.at(year_end_index(period.year)), *(v for _, v in points))


@in_context
def forecast_final(
    indicator: Indicator,
    history: History,
    *,
    until: Period | None = None,
    final_year: int = FINAL_YEAR,
) -> Decimal | None:
    """The value expected at the end of ``final_year`` (2027) from the least-squares line
    through ``history`` (year-to-date flows annualised, so the forecast is that year's total;
    points after ``until`` ignored); None with fewer than two distinct period ends."""
    points = list(history)
    line = fit(trend_points(indicator, points, until=until))
    if line is None:
        return None
    return round_value(line.at(year_end_index(final_year)), *(v for _, v in points))


def forecast(indicator: Indicator, period: Period, actual: Decimal | None, history: History = ()) -> Forecast:
    """Both forecasts for an observation in ``period``; ``history`` need not contain it."""
    points = list(history)
    merged = points if actual is None else [*points, (period, actual)]
    return Forecast(
        year_end=forecast_year_end(indicator, period, actual, points),
        final=forecast_final(indicator, merged, until=period),
    )
