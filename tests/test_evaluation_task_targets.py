"""Task targets judged like indicators (evaluation/task_targets.py): the deadline year decides
ACHIEVED or BEHIND, earlier years follow a trajectory where a baseline is known, recurring
targets are judged every year, yes/no targets take 1 or 0. Properties by hypothesis."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform import Comparator, Period, TaskTarget, load_plan
from qyx_platform.evaluation import State
from qyx_platform.evaluation.task_targets import evaluate_task_target, is_due, required

PLAN = load_plan()
TARGETS = [t for _, t in PLAN.task_targets]
ORDER = {State.NO_DATA: 0, State.BEHIND: 0, State.AT_RISK: 1, State.ON_TRACK: 2, State.ACHIEVED: 3}
NUMERIC = [
    c for c in Comparator if c not in (Comparator.MILESTONE, Comparator.FULL_COVERAGE, Comparator.NONE)
]


def meeting(target: TaskTarget) -> Decimal:
    """A value that meets the target, worked out from its comparator."""
    comparator, value = required(target)
    return {Comparator.ABOVE: value + 1, Comparator.BELOW: value / 2}.get(comparator, value)


def short_of(target: TaskTarget) -> Decimal:
    """A value that misses the target."""
    comparator, value = required(target)
    if comparator in (Comparator.BELOW, Comparator.AT_MOST):
        return value * 3
    return value / 4 if value else Decimal(-1)


def test_all_66_task_targets_have_codes_and_frequencies() -> None:
    codes = [t.code for t in TARGETS]
    assert len(codes) == 66 == len(set(codes))
    assert all(c.isascii() and c.split(".")[0] in {d.code for d in PLAN.domains} for c in codes)
    assert all(t.frequency_reason for t in TARGETS)
    assert not set(codes) & {i.code for i in PLAN.indicators}


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.code)
def test_every_target_at_its_target_in_its_deadline_year_is_achieved_short_behind(target: TaskTarget) -> None:
    deadline = Period.year_of(target.year)
    assert evaluate_task_target(target, deadline, meeting(target)).state is State.ACHIEVED
    assert evaluate_task_target(target, deadline, short_of(target)).state is State.BEHIND
    assert evaluate_task_target(target, deadline, None).state is State.NO_DATA


def _target(
    comparator: Comparator, value: Decimal | None, year: int = 2027, recurring: bool = False
) -> TaskTarget:
    return TaskTarget(year, "测试", comparator, value, "%", "测试", code="youyou.test", recurring=recurring)


values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
years = st.integers(2023, 2027)
months = st.integers(1, 12)


@given(st.sampled_from(NUMERIC), values, values, values, years, months, st.none() | values, st.booleans())
def test_a_better_actual_never_worsens_the_state(
    comparator: Comparator,
    target_value: Decimal,
    a: Decimal,
    b: Decimal,
    year: int,
    month: int,
    baseline: Decimal | None,
    recurring: bool,
) -> None:
    target = _target(comparator, target_value, recurring=recurring)
    period = Period.parse(f"{year}-{month:02d}")
    lower_better = comparator in (Comparator.BELOW, Comparator.AT_MOST)
    worse, better = (max(a, b), min(a, b)) if lower_better else (min(a, b), max(a, b))
    first = evaluate_task_target(target, period, worse, baseline).state
    second = evaluate_task_target(target, period, better, baseline).state
    assert ORDER[second] >= ORDER[first], (first, second)


@given(st.sampled_from(NUMERIC), values, values, years, st.booleans())
def test_a_due_year_is_achieved_exactly_when_the_comparator_holds(
    comparator: Comparator, target_value: Decimal, actual: Decimal, year: int, recurring: bool
) -> None:
    target = _target(comparator, target_value, year=2025, recurring=recurring)
    state = evaluate_task_target(target, Period.year_of(year), actual).state
    if not is_due(target, year):
        assert year < 2025 and not recurring and state is not State.ACHIEVED
        return
    holds = target.measure("youyou")  # the comparator of the plan, checked independently:
    v = target_value
    met = {
        Comparator.AT_LEAST: actual >= v,
        Comparator.AT_MOST: actual <= v,
        Comparator.BELOW: actual < v,
        Comparator.ABOVE: actual > v,
        # 左右 takes the polarity (higher is better here): met from the band's lower edge up
        Comparator.ABOUT: actual >= v - abs(v) * Decimal("0.05"),
    }[comparator]
    assert holds.code == "youyou.test"
    assert state is (State.ACHIEVED if met else State.BEHIND)


def test_recurring_targets_are_judged_every_year() -> None:
    target = _target(Comparator.AT_LEAST, Decimal(92), recurring=True)
    for year in range(2023, 2028):
        assert evaluate_task_target(target, Period.year_of(year), Decimal(91)).state is State.BEHIND
        assert evaluate_task_target(target, Period.year_of(year), Decimal(93)).state is State.ACHIEVED


def test_before_the_deadline_a_baseline_gives_a_trajectory() -> None:
    target = _target(Comparator.AT_LEAST, Decimal(100))
    # from 20 (2022) to 100 (2027): 2025 is 3/5 of the way, 68
    assert (
        evaluate_task_target(target, Period.year_of(2025), Decimal(68), Decimal(20)).state is State.ON_TRACK
    )
    at_risk = evaluate_task_target(target, Period.year_of(2025), Decimal(62), Decimal(20))
    assert at_risk.state is State.AT_RISK and at_risk.checkpoint == 68
    assert evaluate_task_target(target, Period.year_of(2025), Decimal(50), Decimal(20)).state is State.BEHIND
    # without a baseline nothing can be said until it is met
    assert evaluate_task_target(target, Period.year_of(2025), Decimal(50)).state is State.NO_DATA
    assert evaluate_task_target(target, Period.year_of(2025), Decimal(100)).state is State.ON_TRACK


def test_yes_no_targets_take_one_or_zero() -> None:
    target = _target(Comparator.MILESTONE, None, year=2024)
    assert evaluate_task_target(target, Period.year_of(2024), Decimal(1)).state is State.ACHIEVED
    assert evaluate_task_target(target, Period.year_of(2024), Decimal(0)).state is State.BEHIND
    assert evaluate_task_target(target, Period.year_of(2023), Decimal(1)).state is State.ON_TRACK
    assert evaluate_task_target(target, Period.year_of(2023), Decimal(0)).state is State.NO_DATA
    assert target.measure("youyou").max_value == 1


def test_every_item_of_the_plan_files_gives_a_frequency_with_a_reason() -> None:
    """In plan.toml itself (not a default): every indicator and task target, as polarity has."""
    import tomllib
    from pathlib import Path

    import qyx_plugins

    files = sorted(Path(qyx_plugins.__file__).parent.glob("*/plan.toml"))
    assert len(files) == 7
    seen = 0
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = data["indicators"] + [t for task in data.get("tasks", []) for t in task.get("targets", [])]
        for entry in entries:
            assert entry.get("frequency") in {"monthly", "quarterly", "yearly"}, (path, entry)
            assert len(entry.get("frequency_reason", "")) > 20, (path, entry)
            seen += 1
    assert seen == 26 + 66
