"""The full scoreboard (多维晾晒): one documented score per domain or department built from
the states of its indicators and task targets, its reporting timeliness, its problem closure
and its milestones; ranks and their change. Pure functions; the formula with a worked example
is in docs/evaluation.md.

Parts of a group's score, each 0-100 (None when there is nothing to count):

* **states** — the mean points of the items (indicator series, task targets) *expected* to be
  judged in the year: ACHIEVED 100, ON_TRACK 75, AT_RISK 40, BEHIND 0, and **NO_DATA 0**: a
  missing report counts as BEHIND, so not reporting never beats reporting. Each indicator
  weighs the same (its series are averaged first).
* **timeliness** — reports on time ÷ reports due (deadline passed), × 100.
* **closure** — problems closed by their due date ÷ problems due (due date passed, or
  closed), × 100.
* **milestones** — milestones done by their due date ÷ milestones due (due date passed, or
  done; cancelled ones do not count), × 100.

``score = Σ wᵢ·partᵢ ÷ Σ wᵢ`` over the parts that are not None, with weights
:data:`WEIGHTS` (states 60, timeliness 15, closure 15, milestones 10); ``core_score`` is the
states part over core (*) indicators alone. Each part only grows when a report comes in, a
state improves, a report is on time, a problem or milestone is closed on time; the score is a
positive combination of the parts, so improving any one part never lowers the score, nor
the group's rank. ``coverage`` = judged ÷ expected items, beside every score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.evaluation._arith import RATIO_PLACES, SCORE_PLACES, in_context, quantize
from qyx_platform.evaluation.scores import NoDataPolicy, Score, count_states, rank, score
from qyx_platform.evaluation.status import Evaluation

#: the weight of each part in a group's score
WEIGHTS: Mapping[str, Decimal] = {
    "states": Decimal(60),
    "timeliness": Decimal(15),
    "closure": Decimal(15),
    "milestones": Decimal(10),
}
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Tally:
    """``good`` out of ``due`` (on time of due, closed on time of due, done on time of due)."""

    good: int = 0
    due: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.good <= self.due:
            raise ValueError(f"a tally needs 0 ≤ good ≤ due, got {self.good} of {self.due}")

    @property
    def ratio(self) -> Decimal | None:
        """good ÷ due (4 places), None when nothing is due."""
        return None if self.due == 0 else quantize(Decimal(self.good) / Decimal(self.due), RATIO_PLACES)


@dataclass(frozen=True)
class Parts:
    """What a group is scored on: the evaluations of its expected items, and three tallies."""

    evaluations: tuple[Evaluation, ...] = ()
    timeliness: Tally = Tally()
    closure: Tally = Tally()
    milestones: Tally = Tally()


@dataclass(frozen=True, slots=True)
class Standing:
    """A group's row of the full scoreboard. ``overall`` holds the composite score with the
    state counts and coverage of all expected items; ``core`` the states part over core
    indicators alone; ``rank_change`` is the previous period's rank minus this one (positive:
    climbed), None when either is unranked."""

    key: str
    overall: Score
    core: Score
    rank: int | None
    core_rank: int | None
    states: Decimal | None
    timeliness: Decimal | None
    closure_rate: Decimal | None
    milestones_done: Decimal | None
    rank_change: int | None = None

    @property
    def score(self) -> Decimal | None:
        """The composite score (0-100, 2 places)."""
        return self.overall.value

    @property
    def coverage(self) -> Decimal | None:
        """Judged ÷ expected items (4 places)."""
        return self.overall.coverage


@in_context
def composite(parts: Parts) -> tuple[Score, Score, Decimal | None]:
    """(overall score with counts and coverage, core states score, states part)."""
    states = score(parts.evaluations, policy=NoDataPolicy.ZERO)
    core = score((e for e in parts.evaluations if e.core), policy=NoDataPolicy.ZERO)
    values: dict[str, Decimal | None] = {
        "states": states.value,
        "timeliness": _percent(parts.timeliness),
        "closure": _percent(parts.closure),
        "milestones": _percent(parts.milestones),
    }
    used = {k: v for k, v in values.items() if v is not None}
    total = sum((WEIGHTS[k] for k in used), Decimal(0))
    value = (
        None
        if not used
        else quantize(sum((WEIGHTS[k] * v for k, v in used.items()), Decimal(0)) / total, SCORE_PLACES)
    )
    return Score(value, states.counts, states.coverage), core, states.value


def _percent(tally: Tally) -> Decimal | None:
    return None if tally.due == 0 else Decimal(tally.good) * HUNDRED / Decimal(tally.due)


def standings(
    groups: Mapping[str, Parts], previous: Mapping[str, int | None] | None = None
) -> tuple[Standing, ...]:
    """Score and rank groups (competition ranking, ties at 2 places share a rank); rows in
    rank order, unranked last, ties by key. ``previous`` maps a key to its rank in the period
    compared with, for ``rank_change``."""
    made: dict[str, tuple[Score, Score, Decimal | None, Parts]] = {}
    for key, parts in groups.items():
        overall, core, states = composite(parts)
        made[key] = (overall, core, states, parts)
    ranks = rank({k: m[0].value for k, m in made.items()})
    core_ranks = rank({k: m[1].value for k, m in made.items()})
    rows = []
    for key, (overall, core, states, parts) in made.items():
        before = None if previous is None else previous.get(key)
        now = ranks[key]
        rows.append(
            Standing(
                key=key,
                overall=overall,
                core=core,
                rank=now,
                core_rank=core_ranks[key],
                states=None if states is None else quantize(states, SCORE_PLACES),
                timeliness=parts.timeliness.ratio,
                closure_rate=parts.closure.ratio,
                milestones_done=parts.milestones.ratio,
                rank_change=None if before is None or now is None else before - now,
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.key))
    return tuple(rows)


def counts_of(evaluations: Iterable[Evaluation]) -> dict[str, int]:
    """State counts as a plain mapping (achieved, on_track, at_risk, behind, no_data)."""
    c = count_states(evaluations)
    return {"achieved": c.achieved, "on_track": c.on_track, "at_risk": c.at_risk, "behind": c.behind,
            "no_data": c.no_data}  # fmt: skip
