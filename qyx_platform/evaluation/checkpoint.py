"""The checkpoint: the target an observation for a period (year, quarter, month) must meet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from qyx_platform.evaluation._arith import in_context, round_value, scale
from qyx_platform.evaluation.cells import (
    cell_value,
    full_coverage_for,
    last_numeric_target,
    series_key,
    year_cell,
)
from qyx_platform.evaluation.comparison import direction_of, meets, shortfall
from qyx_platform.model.indicators import BASELINE_YEAR, Indicator
from qyx_platform.model.periods import Period
from qyx_platform.model.polarity import Accumulation, Polarity
from qyx_platform.model.targets import Comparator, TargetExpression


class CheckpointMethod(Enum):
    """How the checkpoint was derived from the year's target."""

    YEAR_TARGET = "year_target"  #: the year's target itself (year end, rates, no step to take)
    INTERPOLATED = "interpolated"  #: level/cumulative: previous target → year's target
    PRO_RATED = "pro_rated"  #: year-to-date flow: year's target × share of the year elapsed


@dataclass(frozen=True, slots=True)
class CheckpointTarget:
    """The target for one period: ``comparator value``, derived from the year's cell ``target``.

    ``comparator`` is always the year's comparator (``<3`` stays BELOW); for 全覆盖 the test is
    ``actual ≥ value``. ``start`` is the value interpolated from (the previous year's target
    or the baseline), None unless the method is INTERPOLATED. ``stand_in`` is True when the
    year's cell is 全覆盖 with no number known for a count indicator, so that the last numeric
    target stands in for it (such a year's target can never be ACHIEVED by number).
    """

    period: Period
    target: TargetExpression
    comparator: Comparator
    value: Decimal
    polarity: Polarity
    method: CheckpointMethod
    start: Decimal | None = None
    stand_in: bool = False

    @property
    def direction(self) -> int:
        """+1 when a larger actual is better against this checkpoint, -1 when smaller is."""
        d = direction_of(self.comparator, self.polarity)
        if d is None:  # pragma: no cover - checkpoint() never builds one without a direction
            raise AssertionError("a checkpoint always has a direction")
        return d

    @in_context
    def is_met(self, actual: Decimal) -> bool:
        """Whether ``actual`` meets the checkpoint (strict for ``<`` and ``>``)."""
        return meets(self.comparator, self.value, actual, self.polarity)

    @in_context
    def shortfall(self, actual: Decimal) -> Decimal:
        """How far ``actual`` is short of the checkpoint in the good direction (0 when not)."""
        return shortfall(self.comparator, self.value, actual, self.polarity)

    @in_context
    def gap(self, actual: Decimal) -> Decimal:
        """``actual - value``, sign-flipped for a downward target: positive is ahead."""
        return (actual - self.value) * self.direction


#: checkpoints computed so far: (id(indicator), period, series, full coverage) → (indicator,
#: answer); the indicator is kept so that its id cannot be reused while the entry lives
_MEMO: dict[tuple[int, Period, str | None, Decimal | None], tuple[Indicator, CheckpointTarget | None]] = {}
_MEMO_LIMIT = 20_000


def checkpoint(
    indicator: Indicator,
    period: Period,
    series: str | None = None,
    *,
    full_coverage: Decimal | None = None,
) -> CheckpointTarget | None:
    """The checkpoint of :func:`compute_checkpoint`, remembered: it depends only on plan data,
    and a province's scoreboard asks the same few hundred questions for every county."""
    key = (id(indicator), period, series, full_coverage)
    found = _MEMO.get(key)
    if found is not None and found[0] is indicator:
        return found[1]
    answer = compute_checkpoint(indicator, period, series, full_coverage=full_coverage)
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = (indicator, answer)
    return answer


@in_context
def compute_checkpoint(
    indicator: Indicator,
    period: Period,
    series: str | None = None,
    *,
    full_coverage: Decimal | None = None,
) -> CheckpointTarget | None:
    """The target an observation of ``indicator`` (and ``series``) in ``period`` must meet.

    Let Y be the period's year and T its cell (2022: the baseline cell).

    * None when Y is outside 2022-2027, or T is ``-`` or a milestone, or T is 全覆盖 with no
      full-coverage value and no earlier numeric target.
    * A period ending in December (the year, Q4, December) checks T itself.
    * RATE: T itself, whatever the period.
    * YTD_FLOW: T's value × ``period.fraction_of_year`` (2025Q3: × 3/4).
    * LEVEL, CUMULATIVE: linear from the previous year's value P (the 2022 baseline for 2023)
      to T's value by ``fraction_of_year``: ``P + (T - P) × f``. When P is ``-`` or has no
      number, or when P is already at least as demanding as T (the plan asks for no step in the
      good direction this year), the checkpoint is T's value itself: a mid-year checkpoint is
      never stricter than the year-end target.

    全覆盖 counts as ``≥ full_coverage`` (100 for a percentage indicator unless given). For a
    count with no full-coverage value (indicator 19) the last numeric target before Y stands
    in for T's value (``stand_in``). The value is rounded half-even to the targets' own decimal
    places or 4, whichever is more, and written with the targets' places (4.25, 4.2917, 0.21).
    """
    key = series_key(indicator, series)
    cell = year_cell(indicator, period.year, key)
    if cell is None:
        return None
    fc = full_coverage_for(indicator, full_coverage)
    end = cell_value(cell, fc)
    stand_in = False
    if end is None and cell.comparator is Comparator.FULL_COVERAGE:
        end = last_numeric_target(indicator, period.year, key, fc)
        stand_in = True
    direction = direction_of(cell.comparator, indicator.polarity)
    if end is None or direction is None:
        return None

    def make(value: Decimal, method: CheckpointMethod, start: Decimal | None = None) -> CheckpointTarget:
        return CheckpointTarget(
            period=period,
            target=cell,
            comparator=cell.comparator,
            value=round_value(value, end, start),
            polarity=indicator.polarity,
            method=method,
            start=start,
            stand_in=stand_in,
        )

    fraction = period.fraction_of_year
    if period.is_year_end or indicator.accumulation is Accumulation.RATE:
        return make(end, CheckpointMethod.YEAR_TARGET)
    if indicator.accumulation is Accumulation.YTD_FLOW:
        return make(scale(end, fraction), CheckpointMethod.PRO_RATED)
    previous = cell_value(indicator.target(period.year - 1, key), fc) if period.year > BASELINE_YEAR else None
    if previous is None or (end - previous) * direction <= 0:
        return make(end, CheckpointMethod.YEAR_TARGET)
    return make(previous + scale(end - previous, fraction), CheckpointMethod.INTERPOLATED, previous)
