"""The plan's span: where an indicator starts (baseline) and where it must end (2027)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.evaluation._arith import CONTEXT
from qyx_platform.evaluation.cells import cell_value, full_coverage_for, series_key
from qyx_platform.evaluation.comparison import direction_of
from qyx_platform.model.indicators import BASELINE_YEAR, TARGET_YEARS, Indicator
from qyx_platform.model.targets import TargetExpression

#: the plan's final year
FINAL_YEAR = TARGET_YEARS[-1]


@dataclass(frozen=True, slots=True)
class PlanSpan:
    """From ``start`` (in ``start_year``) to the final target ``end`` (in ``end_year``).

    ``direction`` is the final target's direction (+1 up, -1 down). ``improving`` is True when
    the plan asks for a change in that direction (end better than start); otherwise the plan
    asks to hold a level that is already reached (``<3`` from 1.40, ``>70`` from 95.39,
    3.8 every year).
    """

    start_year: int
    start: Decimal
    end_year: int
    end: Decimal
    final: TargetExpression
    direction: int

    @property
    def required_change(self) -> Decimal:
        """``end - start``."""
        return CONTEXT.subtract(self.end, self.start)

    @property
    def improving(self) -> bool:
        """True when the final target is better than the start in the target's direction."""
        return self.required_change * self.direction > 0

    @property
    def required_rate(self) -> Decimal:
        """The change per year the plan requires: ``(end - start) ÷ (end_year - start_year)``."""
        return CONTEXT.divide(self.required_change, Decimal(self.end_year - self.start_year))


def plan_span(
    indicator: Indicator, series: str | None = None, *, full_coverage: Decimal | None = None
) -> PlanSpan | None:
    """The span from the baseline to the 2027 target.

    The start is the 2022 baseline; when the baseline is ``-`` (indicators 14, 15, 20) it is
    the first year 2023-2026 whose cell has a number. 全覆盖 stands for ``full_coverage``
    (100 for percentages). None when the final cell has no number (a milestone, ``-``, or
    全覆盖 of a count with no full-coverage value) or no start can be found.
    """
    key = series_key(indicator, series)
    fc = full_coverage_for(indicator, full_coverage)
    final = indicator.target(FINAL_YEAR, key)
    end = cell_value(final, fc)
    if final is None or end is None:
        return None
    direction = direction_of(final.comparator, indicator.polarity)
    if direction is None:
        return None
    for year in range(BASELINE_YEAR, FINAL_YEAR):
        start = cell_value(indicator.target(year, key), fc)
        if start is not None:
            return PlanSpan(year, start, FINAL_YEAR, end, final, direction)
    return None
