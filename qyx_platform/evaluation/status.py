"""Status of an observation against the plan: ACHIEVED, ON_TRACK, AT_RISK, BEHIND, NO_DATA."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from qyx_platform.errors import QyxError
from qyx_platform.evaluation._arith import in_context, require_decimal, round_value
from qyx_platform.evaluation.cells import (
    cell_value,
    full_coverage_for,
    series_key,
    year_cell,
)
from qyx_platform.evaluation.checkpoint import CheckpointMethod, CheckpointTarget, checkpoint
from qyx_platform.evaluation.comparison import DOWN, direction_of, meets
from qyx_platform.evaluation.forecast import forecast
from qyx_platform.evaluation.pace import pace
from qyx_platform.evaluation.progress import progress
from qyx_platform.evaluation.trend import History, annualise
from qyx_platform.i18n import LazyString, _, lazy_gettext
from qyx_platform.model.indicators import Indicator
from qyx_platform.model.periods import Period
from qyx_platform.model.polarity import Accumulation
from qyx_platform.model.targets import Comparator, TargetExpression

#: AT_RISK when the actual misses the checkpoint by at most this share of |checkpoint|
RISK_MARGIN = Decimal("0.10")


class State(Enum):
    """The judgement of one observation against the plan."""

    ACHIEVED = "achieved"  #: meets the year's target
    ON_TRACK = "on_track"  #: meets the period's checkpoint, not yet the year's target
    AT_RISK = "at_risk"  #: misses the checkpoint by at most RISK_MARGIN × |checkpoint|
    BEHIND = "behind"  #: misses the checkpoint by more
    NO_DATA = "no_data"  #: no actual, or no target that can judge it


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One observation (indicator × series × period, one jurisdiction) judged against the plan.

    ``target`` is the year's cell (2022: the baseline cell); ``checkpoint`` the value the
    actual had to meet for this period, under ``target.comparator`` (全覆盖: ``≥``);
    ``checkpoint_method`` how it was derived. ``gap`` is ``actual - checkpoint`` with the sign
    flipped for a downward target, so positive is always ahead. ``progress``, ``pace`` and the
    forecasts are described in their modules; any of them is None when it cannot be computed.
    ``note`` says in one sentence why the state is what it is, in the language in force when
    it is shown (``str(note)``; Chinese by default, see :mod:`qyx_platform.i18n`).
    """

    indicator: str
    domain: str
    core: bool
    series: str | None
    period: Period
    state: State
    actual: Decimal | None
    target: TargetExpression | None
    checkpoint: Decimal | None
    checkpoint_method: CheckpointMethod | None
    gap: Decimal | None
    progress: Decimal | None
    pace: Decimal | None
    forecast_year_end: Decimal | None
    forecast_final: Decimal | None
    note: LazyString


#: how a note writes a comparator (the same in every language)
SYMBOLS = {
    Comparator.AT_LEAST: "≥",
    Comparator.AT_MOST: "≤",
    Comparator.BELOW: "<",
    Comparator.ABOVE: ">",
    Comparator.ABOUT: "≈",
    Comparator.FULL_COVERAGE: "≥",
}


def symbol(comparator: Comparator) -> str:
    """The sign of a comparator in a note (``≥``, ``<`` …)."""
    return SYMBOLS.get(comparator, comparator.value)


def _year_met(
    indicator: Indicator,
    period: Period,
    cell: TargetExpression,
    actual: Decimal,
    full_coverage: Decimal | None,
) -> bool:
    """Whether ``actual`` already meets the year's target (False when it cannot be judged)."""
    value = cell_value(cell, full_coverage)
    if value is None:
        return False
    direction = direction_of(cell.comparator, indicator.polarity)
    if indicator.accumulation is Accumulation.YTD_FLOW and direction == DOWN and not period.is_year_end:
        # a year-to-date count under an annual cap can still exceed it before December
        return False
    return meets(cell.comparator, value, actual, indicator.polarity)


def _judge(
    indicator: Indicator,
    period: Period,
    actual: Decimal | None,
    cell: TargetExpression | None,
    target: CheckpointTarget | None,
    full_coverage: Decimal | None,
    risk_margin: Decimal = RISK_MARGIN,
) -> tuple[State, Decimal | None, LazyString]:
    """The state of ``actual`` given the year's ``cell`` and the period's checkpoint.

    In order, the first that applies: NO_DATA (no actual, or no checkpoint); ACHIEVED (the
    year's target is met); ON_TRACK (the checkpoint is met); AT_RISK (the shortfall to the
    checkpoint is at most ``risk_margin × |checkpoint|``); BEHIND. Each test holds for every
    value better than one that passes it, which makes the state monotone in the actual.
    Returns the state, the gap to the checkpoint and a one-line note.
    """
    if actual is None:
        return State.NO_DATA, None, lazy_gettext("no actual value has been reported")
    if cell is None:
        return State.NO_DATA, None, lazy_gettext("the plan has no target for {year}", year=period.year)
    if target is None:
        return (
            State.NO_DATA,
            None,
            lazy_gettext(
                "the plan has no number to judge in '{cell}' for {year}", cell=cell.text, year=period.year
            ),
        )
    gap = round_value(target.gap(actual), actual, target.value)
    if _year_met(indicator, period, cell, actual, full_coverage):
        return (
            State.ACHIEVED,
            gap,
            lazy_gettext(
                "{actual} meets the {year} target {cell} ({comparator} {value})",
                actual=actual,
                year=period.year,
                cell=cell.text,
                comparator=symbol(cell.comparator),
                value=cell_value(cell, full_coverage),
            ),
        )
    where = {
        "actual": actual,
        "period": str(period),
        "comparator": symbol(target.comparator),
        "value": target.value,
        "stand_in": (
            lazy_gettext(" (the last numeric target stands in for {cell})", cell=cell.text)
            if target.stand_in
            else ""
        ),
    }
    if target.is_met(actual):
        return (
            State.ON_TRACK,
            gap,
            lazy_gettext("{actual} meets the {period} checkpoint {comparator} {value}{stand_in}", **where),
        )
    short = target.shortfall(actual)
    allowed = round_value(risk_margin * abs(target.value), target.value)
    if short <= allowed:
        return (
            State.AT_RISK,
            gap,
            lazy_gettext(
                "{actual} misses the {period} checkpoint {comparator} {value}{stand_in} by {short}, "
                "within {allowed}",
                short=short,
                allowed=allowed,
                **where,
            ),
        )
    return (
        State.BEHIND,
        gap,
        lazy_gettext(
            "{actual} misses the {period} checkpoint {comparator} {value}{stand_in} by {short}, "
            "more than {allowed}",
            short=short,
            allowed=allowed,
            **where,
        ),
    )


@in_context
def evaluate(
    indicator: Indicator,
    period: Period,
    actual: Decimal | None,
    series: str | None = None,
    history: History = (),
    full_coverage: Decimal | None = None,
    *,
    risk_margin: Decimal = RISK_MARGIN,
    detail: bool = True,
    trend: bool = True,
) -> Evaluation:
    """Judge ``actual`` for ``indicator`` (and ``series``) in ``period`` against the plan.

    ``detail=False`` computes the state (with target, checkpoint, gap and note) but leaves
    progress, pace and the forecasts None: what a scoreboard matrix needs, at a fraction of
    the cost. ``trend=False`` adds progress but leaves pace and the forecasts (the costly,
    history-based part) None.

    ``history`` holds earlier ``(period, value)`` pairs of the same indicator, series and
    jurisdiction (it may include this period; ``actual`` wins); it feeds ``pace`` and the
    forecasts, and points after ``period`` are ignored. ``full_coverage`` is the value that
    meets 全覆盖 (100 for a percentage indicator when not given). An indicator with series
    (no. 12) must be given one: its series are evaluated separately, never summed.

    States, the first that applies: ACHIEVED when the actual meets the year's target under its
    comparator (for a year-to-date flow, the year-to-date actual meets the full-year target;
    a flow under a cap, ``≤``/``<``, is only judged ACHIEVED at year end); ON_TRACK when it
    meets the checkpoint (:func:`~.checkpoint.checkpoint`); AT_RISK when it misses it by at
    most ``risk_margin`` (10 %) of |checkpoint|; BEHIND otherwise; NO_DATA without an actual
    or a checkpoint (a year outside 2022-2027, a ``-`` cell, a milestone). A 全覆盖 year of a
    count with no full-coverage value (indicator 19 in 2027) is never ACHIEVED: the last
    numeric target is its checkpoint.

    ``progress`` is computed on the actual (a year-to-date flow before December: on its
    annualised run rate).
    """
    if risk_margin < 0:
        raise QyxError(_("risk_margin must be ≥ 0: a share of the checkpoint, e.g. Decimal('0.10')"))
    key = series_key(indicator, series)
    if actual is not None:
        require_decimal(actual, "actual")
    fc = full_coverage_for(indicator, full_coverage)
    cell = year_cell(indicator, period.year, key)
    target = checkpoint(indicator, period, key, full_coverage=fc)
    state, gap, note = _judge(indicator, period, actual, cell, target, fc, risk_margin)
    judged = Evaluation(
        indicator=indicator.code,
        domain=indicator.domain,
        core=indicator.core,
        series=key,
        period=period,
        state=state,
        actual=actual,
        target=cell,
        checkpoint=None if target is None else target.value,
        checkpoint_method=None if target is None else target.method,
        gap=gap,
        progress=None,
        pace=None,
        forecast_year_end=None,
        forecast_final=None,
        note=note,
    )
    if not detail:
        return judged

    measured: Decimal | None = actual
    if actual is not None and indicator.accumulation is Accumulation.YTD_FLOW and not period.is_year_end:
        measured = annualise(actual, period)
    judged = replace(
        judged, progress=None if measured is None else progress(indicator, measured, key, full_coverage=fc)
    )
    if not trend:
        return judged
    earlier = list(history)
    merged = earlier if actual is None else [*earlier, (period, actual)]
    projected = forecast(indicator, period, actual, earlier)
    return replace(
        judged,
        pace=pace(indicator, merged, key, full_coverage=fc, until=period),
        forecast_year_end=projected.year_end,
        forecast_final=projected.final,
    )
