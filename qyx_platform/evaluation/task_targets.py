"""Task targets (the dated targets of the plan's prose) judged like indicators.

A task target has one deadline year (``到2027年…``) or is recurring (``每年…``, ``保持…``:
judged every year up to its year). For an actual reported in period P of year Y:

* NO_DATA without an actual, and for the 2022 baseline year;
* from the deadline year on (every year for a recurring target): ACHIEVED when the actual
  meets the target under its comparator, BEHIND when it does not (no AT_RISK: the date has
  come);
* before the deadline year: ON_TRACK when the actual already meets the final target; else, when
  a baseline (the 2022 value) is known, the trajectory checkpoint
  ``baseline + (target − baseline) × elapsed ÷ span`` (elapsed: years from the end of 2022 to
  the end of P; span: from the end of 2022 to the end of the deadline year) is met: ON_TRACK;
  missed by at most RISK_MARGIN × |checkpoint|: AT_RISK; BEHIND otherwise. Without a baseline
  the target is NO_DATA until it is met or its year comes.

A yes/no target (建成…, 创成…, 全覆盖) is reported as 1 (done) or 0 (not yet): it is met by 1.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from qyx_platform.evaluation._arith import in_context, round_value, scale
from qyx_platform.evaluation.checkpoint import CheckpointMethod
from qyx_platform.evaluation.comparison import direction_of, meets, shortfall
from qyx_platform.evaluation.status import RISK_MARGIN, Evaluation, State
from qyx_platform.i18n import LazyString, lazy_gettext
from qyx_platform.model.indicators import BASELINE_YEAR
from qyx_platform.model.periods import Period
from qyx_platform.model.plan import Plan
from qyx_platform.model.polarity import Polarity
from qyx_platform.model.targets import Comparator, TargetExpression
from qyx_platform.model.tasks import TaskTarget

#: what a yes/no target's report must be to count as done
DONE = Decimal(1)


def required(target: TaskTarget) -> tuple[Comparator, Decimal]:
    """The comparator and value an actual must meet (yes/no: at least 1)."""
    if target.yes_no or target.value is None:
        return Comparator.AT_LEAST, DONE
    return target.comparator, target.value


def is_due(target: TaskTarget, year: int) -> bool:
    """Whether ``year`` judges the target itself: its deadline year and after, or any plan
    year of a recurring target up to its year."""
    if year <= BASELINE_YEAR:
        return False
    return target.recurring or year >= target.year


def has_trajectory(target: TaskTarget, baseline: Decimal | None) -> bool:
    """Whether years before the deadline can be judged on a trajectory: a numeric target with a
    known baseline."""
    return baseline is not None and not target.yes_no and target.value is not None


def _trajectory_comparator(comparator: Comparator, polarity: Polarity) -> Comparator:
    if comparator is Comparator.ABOUT:
        return Comparator.AT_MOST if polarity is Polarity.LOWER_IS_BETTER else Comparator.AT_LEAST
    return comparator


@in_context
def evaluate_task_target(
    target: TaskTarget,
    period: Period,
    actual: Decimal | None,
    baseline: Decimal | None = None,
    *,
    domain: str = "",
    risk_margin: Decimal = RISK_MARGIN,
) -> Evaluation:
    """Judge ``actual`` for ``target`` in ``period`` (see the module docstring)."""
    comparator, value = required(target)
    polarity = target.polarity
    expression = TargetExpression(comparator, value, target.text)

    def result(
        state: State,
        note: LazyString,
        checkpoint: Decimal | None = None,
        method: CheckpointMethod | None = None,
        gap: Decimal | None = None,
    ) -> Evaluation:
        return Evaluation(
            indicator=target.code,
            domain=domain,
            core=False,
            series=None,
            period=period,
            state=state,
            actual=actual,
            target=expression,
            checkpoint=checkpoint,
            checkpoint_method=method,
            gap=gap,
            progress=None,
            pace=None,
            forecast_year_end=None,
            forecast_final=None,
            note=note,
        )

    if actual is None:
        return result(State.NO_DATA, lazy_gettext("no actual value has been reported"))
    if period.year <= BASELINE_YEAR:
        return result(
            State.NO_DATA, lazy_gettext("{year} is the baseline year, before any target", year=BASELINE_YEAR)
        )
    direction = direction_of(comparator, polarity) or 1
    gap = round_value((actual - value) * direction, actual, value)
    met = meets(comparator, value, actual, polarity)
    label = f"{target.text} ({comparator.value} {value})"
    if is_due(target, period.year):
        if met:
            return result(
                State.ACHIEVED,
                lazy_gettext("{actual} meets {label}", actual=actual, label=label),
                value,
                CheckpointMethod.YEAR_TARGET,
                gap,
            )
        return result(
            State.BEHIND,
            lazy_gettext("{actual} misses {label}", actual=actual, label=label),
            value,
            CheckpointMethod.YEAR_TARGET,
            gap,
        )
    if met:
        return result(
            State.ON_TRACK,
            lazy_gettext(
                "{actual} already meets {label}, due in {year}", actual=actual, label=label, year=target.year
            ),
            value,
            CheckpointMethod.YEAR_TARGET,
            gap,
        )
    if baseline is None or not has_trajectory(target, baseline):
        if target.yes_no:
            why = lazy_gettext("not met yet; a yes/no target is judged in {year}", year=target.year)
        else:
            why = lazy_gettext("not met yet; without a baseline it is judged in {year}", year=target.year)
        return result(State.NO_DATA, why)
    span = target.year - BASELINE_YEAR
    elapsed = Fraction(period.year - BASELINE_YEAR - 1) + period.fraction_of_year
    steps = comparator is not Comparator.ABOUT and (value - baseline) * direction > 0
    point = baseline + scale(value - baseline, elapsed / span) if steps else value
    point = round_value(point, value, baseline)
    along = _trajectory_comparator(comparator, polarity)
    cp_gap = round_value((actual - point) * direction, actual, point)
    where = {
        "actual": actual,
        "period": str(period),
        "comparator": along.value,
        "point": point,
        "baseline": baseline,
        "year": BASELINE_YEAR,
    }
    if meets(along, point, actual, polarity):
        met_note = lazy_gettext(
            "{actual} meets the {period} trajectory point {comparator} {point} (from {baseline} in {year})",
            **where,
        )
        return result(State.ON_TRACK, met_note, point, CheckpointMethod.INTERPOLATED, cp_gap)
    short = shortfall(along, point, actual, polarity)
    allowed = round_value(risk_margin * abs(point), point)
    state = State.AT_RISK if short <= allowed else State.BEHIND
    if state is State.AT_RISK:
        missed = lazy_gettext(
            "{actual} misses the {period} trajectory point {comparator} {point} (from {baseline} in "
            "{year}) by {short}, within {allowed}",
            short=short,
            allowed=allowed,
            **where,
        )
    else:
        missed = lazy_gettext(
            "{actual} misses the {period} trajectory point {comparator} {point} (from {baseline} in "
            "{year}) by {short}, more than {allowed}",
            short=short,
            allowed=allowed,
            **where,
        )
    return result(
        state,
        missed,
        point,
        CheckpointMethod.INTERPOLATED,
        cp_gap,
    )


def baseline_of(plan: Plan, target: TaskTarget) -> Decimal | None:
    """The 2022 value a target's trajectory starts from: its own ``baseline`` in the plan, else
    the 2022 cell of the table indicator it restates when both are in the same unit."""
    if target.baseline is not None:
        return target.baseline
    if target.indicator is None or target.yes_no:
        return None
    indicator = plan.find_indicator(target.indicator)
    if indicator is None or indicator.series or indicator.unit != (target.unit or ""):
        return None
    cell = indicator.baseline()
    return None if cell is None else cell.value


def is_expected(plan: Plan, target: TaskTarget, year: int) -> bool:
    """Whether the target can be judged in ``year`` once reported (what the scoreboard expects):
    its deadline year and after, every year of a recurring target, and before the deadline
    only with a trajectory."""
    if year <= BASELINE_YEAR:
        return False
    return is_due(target, year) or has_trajectory(target, baseline_of(plan, target))
