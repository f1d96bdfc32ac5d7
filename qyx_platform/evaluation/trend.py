"""Time axis and least-squares trend lines over reported values.

Time is counted in months: a period is placed at its end, ``(year - 1) × 12 + end_month``,
so that the end of year Y sits at ``12 × Y`` (Y in years: 2025Q2 → 2024.5, 2025 → 2025.0).
A plan target for year Y is therefore a point at time Y, and the 2027 target at time 2027.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.evaluation._arith import CONTEXT, in_context, scale
from qyx_platform.model.indicators import Indicator
from qyx_platform.model.periods import Period
from qyx_platform.model.polarity import Accumulation

#: reported values over time: (period, value) pairs, in any order
History = Iterable[tuple[Period, Decimal]]


def month_index(period: Period) -> int:
    """The period's end on a month axis: the end of year Y is ``12 × Y``."""
    return (period.year - 1) * 12 + period.end_month


def year_end_index(year: int) -> int:
    """The end of ``year`` on the month axis."""
    return 12 * year


@dataclass(frozen=True, slots=True)
class Line:
    """A least-squares line through points (month index, value).

    Kept as sums so that :meth:`at` rounds once: ``n``, ``Σt``, ``Σv`` and the slope per month.
    """

    n: int
    sum_t: int
    sum_v: Decimal
    slope_per_month: Decimal

    @property
    def slope_per_year(self) -> Decimal:
        """Change of the value per year."""
        return CONTEXT.multiply(self.slope_per_month, Decimal(12))

    @in_context
    def at(self, month: int) -> Decimal:
        """The line's value at a month index: ``mean(v) + slope × (month - mean(t))``."""
        n = Decimal(self.n)
        return (self.sum_v + self.slope_per_month * (n * month - self.sum_t)) / n


@in_context
def fit(points: Sequence[tuple[int, Decimal]]) -> Line | None:
    """Ordinary least squares through ``(month index, value)`` points; None unless at least two
    distinct times are present."""
    if len({t for t, _ in points}) < 2:
        return None
    n = len(points)
    sum_t = sum(t for t, _ in points)
    sum_tt = sum(t * t for t, _ in points)
    sum_v = sum((v for _, v in points), Decimal(0))
    sum_tv = sum((t * v for t, v in points), Decimal(0))
    slope = (n * sum_tv - sum_t * sum_v) / Decimal(n * sum_tt - sum_t * sum_t)
    return Line(n=n, sum_t=sum_t, sum_v=sum_v, slope_per_month=slope)


@in_context
def trend_points(
    indicator: Indicator, history: History, until: Period | None = None
) -> list[tuple[int, Decimal]]:
    """The history as ``(month index, value)`` points for a trend, oldest first.

    A year-to-date flow is annualised (value ÷ ``fraction_of_year``: 0.21 at Q3 → 0.28) so
    that its points are comparable across the year and with the plan's yearly targets. With
    ``until``, points ending after that period's end are left out (they were not known then).
    A period given twice keeps its last value.
    """
    latest: dict[Period, Decimal] = {}
    for period, value in history:
        latest[period] = value
    limit = None if until is None else month_index(until)
    points: list[tuple[int, Decimal]] = []
    for period, value in sorted(latest.items(), key=lambda item: item[0].sort_key):
        t = month_index(period)
        if limit is not None and t > limit:
            continue
        if indicator.accumulation is Accumulation.YTD_FLOW:
            value = annualise(value, period)
        points.append((t, value))
    return points


@in_context
def annualise(value: Decimal, period: Period) -> Decimal:
    """A year-to-date value run to the full year: ``value ÷ fraction_of_year``."""
    f = period.fraction_of_year
    return scale(value, 1 / f)
