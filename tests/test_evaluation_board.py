"""The full scoreboard's score (evaluation/board.py): improving any one part never lowers a
score or a rank; not reporting never beats reporting; coverage beside every score."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from test_evaluation_support import make_evaluation

from qyx_platform.evaluation import Evaluation, State
from qyx_platform.evaluation.board import WEIGHTS, Parts, Tally, composite, standings

BETTER = {
    State.NO_DATA: [State.BEHIND, State.AT_RISK, State.ON_TRACK, State.ACHIEVED],
    State.BEHIND: [State.AT_RISK, State.ON_TRACK, State.ACHIEVED],
    State.AT_RISK: [State.ON_TRACK, State.ACHIEVED],
    State.ON_TRACK: [State.ACHIEVED],
    State.ACHIEVED: [],
}


def _evaluation(code: str, state: State, core: bool) -> Evaluation:
    return make_evaluation(code, state, core=core)


@st.composite
def tallies(draw: st.DrawFn) -> Tally:
    due = draw(st.integers(0, 20))
    return Tally(draw(st.integers(0, due)), due)


@st.composite
def parts(draw: st.DrawFn) -> Parts:
    states = draw(st.lists(st.tuples(st.sampled_from(list(State)), st.booleans()), max_size=8))
    evaluations = tuple(_evaluation(f"i{n}", s, core) for n, (s, core) in enumerate(states))
    return Parts(evaluations, draw(tallies()), draw(tallies()), draw(tallies()))


@st.composite
def improved(draw: st.DrawFn, base: Parts) -> Parts:
    """``base`` with exactly one part improved."""
    choices = ["state", "timeliness", "closure", "milestones"]
    which = draw(st.sampled_from(choices))
    if which == "state":
        better = [(n, e) for n, e in enumerate(base.evaluations) if BETTER[e.state]]
        if not better:
            return base
        n, e = draw(st.sampled_from(better))
        new = replace(e, state=draw(st.sampled_from(BETTER[e.state])), actual=Decimal(1))
        return replace(base, evaluations=(*base.evaluations[:n], new, *base.evaluations[n + 1 :]))
    tally: Tally = getattr(base, which)
    if tally.good == tally.due:
        return base
    return replace(
        base, **{which: Tally(tally.good + draw(st.integers(1, tally.due - tally.good)), tally.due)}
    )


@given(st.data(), parts())
def test_improving_any_one_part_never_lowers_the_score(data: st.DataObject, base: Parts) -> None:
    better = data.draw(improved(base))
    before, after = composite(base)[0].value, composite(better)[0].value
    assert (before is None) == (after is None)
    assert before is None or (after is not None and after >= before)


@given(st.data(), st.dictionaries(st.sampled_from("abcdef"), parts(), min_size=1))
def test_improving_a_group_never_lowers_its_rank(data: st.DataObject, groups: dict[str, Parts]) -> None:
    key = data.draw(st.sampled_from(sorted(groups)))
    before = {s.key: s.rank for s in standings(groups)}
    after = {s.key: s.rank for s in standings({**groups, key: data.draw(improved(groups[key]))})}
    assert before[key] is None or (after[key] is not None and after[key] <= before[key])


@given(parts(), st.sampled_from([State.BEHIND, State.AT_RISK, State.ON_TRACK, State.ACHIEVED]))
def test_not_reporting_never_beats_reporting(base: Parts, reported: State) -> None:
    """Adding an item that was reported scores at least as well as adding it unreported."""
    missing = replace(base, evaluations=(*base.evaluations, _evaluation("new", State.NO_DATA, False)))
    there = replace(base, evaluations=(*base.evaluations, _evaluation("new", reported, False)))
    a, b = composite(missing)[0], composite(there)[0]
    assert a.value is not None and b.value is not None and b.value >= a.value
    assert a.coverage is not None and b.coverage is not None and b.coverage > a.coverage


def test_the_formula_as_documented() -> None:
    """states 60, timeliness 15, closure 15, milestones 10, over the parts present."""
    evaluations = (_evaluation("a", State.ACHIEVED, True), _evaluation("b", State.NO_DATA, False))
    parts = Parts(evaluations, Tally(3, 4), Tally(1, 2), Tally())
    overall, core, states = composite(parts)
    assert states == 50 and core.value == 100  # (100 + 0) / 2; the core indicator alone
    assert overall.coverage == Decimal("0.5")
    weights = WEIGHTS["states"] + WEIGHTS["timeliness"] + WEIGHTS["closure"]
    want = (60 * Decimal(50) + 15 * Decimal(75) + 15 * Decimal(50)) / weights
    assert overall.value == want.quantize(Decimal("0.01"))
    assert composite(Parts())[0].value is None


def test_rank_change_is_the_climb_since_before() -> None:
    groups = {
        "a": Parts((_evaluation("x", State.ACHIEVED, False),)),
        "b": Parts((_evaluation("x", State.BEHIND, False),)),
    }
    rows = {s.key: s for s in standings(groups, {"a": 2, "b": 1})}
    assert (rows["a"].rank, rows["a"].rank_change) == (1, 1)
    assert (rows["b"].rank, rows["b"].rank_change) == (2, -1)
