"""Scores of sets of evaluations, state counts and rankings (多维晾晒: domains, departments).

Points per state: ACHIEVED 100, ON_TRACK 75, AT_RISK 40, BEHIND 0. NO_DATA is excluded from
the mean by default (``NoDataPolicy.EXCLUDE``), so a group is scored on what can be judged,
and its ``counts.no_data`` and ``coverage`` are reported beside the score so that missing
reports stay visible; ``NoDataPolicy.ZERO`` counts NO_DATA as 0 points instead (a stricter
league table that penalises missing reports).

Every indicator weighs the same within a group: an indicator with series (no. 12: 职工 and
城乡居民), or given several times, scores the mean of its evaluations' points, and the
group's score is the mean over its indicators. Counts, by contrast, count evaluations.

Ranking is competition ranking ("1224"): equal scores (at 2 decimal places) share a rank and
the next rank skips; a group without a score has rank None and is listed last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from qyx_platform.evaluation._arith import RATIO_PLACES, SCORE_PLACES, in_context, quantize
from qyx_platform.evaluation.status import Evaluation, State

#: points per judged state
STATE_POINTS: Mapping[State, Decimal] = {
    State.ACHIEVED: Decimal(100),
    State.ON_TRACK: Decimal(75),
    State.AT_RISK: Decimal(40),
    State.BEHIND: Decimal(0),
}


class NoDataPolicy(Enum):
    """What a NO_DATA evaluation contributes to a score."""

    EXCLUDE = "exclude"  #: left out of the mean (reported in counts and coverage)
    ZERO = "zero"  #: counted as 0 points


@dataclass(frozen=True, slots=True)
class StateCounts:
    """How many evaluations are in each state."""

    achieved: int = 0
    on_track: int = 0
    at_risk: int = 0
    behind: int = 0
    no_data: int = 0

    def of(self, state: State) -> int:
        """The count of ``state``."""
        return int(getattr(self, state.value))

    @property
    def total(self) -> int:
        """All evaluations."""
        return self.achieved + self.on_track + self.at_risk + self.behind + self.no_data

    @property
    def judged(self) -> int:
        """Evaluations in a state other than NO_DATA."""
        return self.total - self.no_data


@dataclass(frozen=True, slots=True)
class Score:
    """A group's score (0-100, 2 decimal places; None when nothing can be scored), its state
    counts and coverage (the share of evaluations that could be judged, 4 places)."""

    value: Decimal | None
    counts: StateCounts
    coverage: Decimal | None


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One row of a scoreboard: a group (domain code, department name, jurisdiction code) with
    its score over all indicators and over core indicators (``*``) only, and both ranks."""

    key: str
    overall: Score
    core: Score
    rank: int | None
    core_rank: int | None


def count_states(evaluations: Iterable[Evaluation]) -> StateCounts:
    """How many of ``evaluations`` are in each state."""
    tally = dict.fromkeys(State, 0)
    for e in evaluations:
        tally[e.state] += 1
    return StateCounts(**{s.value: n for s, n in tally.items()})


@in_context
def score(evaluations: Iterable[Evaluation], *, policy: NoDataPolicy = NoDataPolicy.EXCLUDE) -> Score:
    """Score a set of evaluations (see the module docstring for the rules)."""
    items = list(evaluations)
    counts = count_states(items)
    per_indicator: dict[str, list[Decimal]] = {}
    for e in items:
        points = STATE_POINTS.get(e.state)
        if points is None:
            if policy is NoDataPolicy.EXCLUDE:
                continue
            points = Decimal(0)
        per_indicator.setdefault(e.indicator, []).append(points)
    coverage = (
        None if counts.total == 0 else quantize(Decimal(counts.judged) / Decimal(counts.total), RATIO_PLACES)
    )
    if not per_indicator:
        return Score(None, counts, coverage)
    means = [sum(p, Decimal(0)) / len(p) for p in per_indicator.values()]
    value = sum(means, Decimal(0)) / len(means)
    return Score(quantize(value, SCORE_PLACES), counts, coverage)


def rank(values: Mapping[str, Decimal | None]) -> dict[str, int | None]:
    """Competition ranking ("1224") of scores, highest first: equal scores share a rank and the
    next rank skips; None scores get rank None."""
    scored = sorted((v for v in values.values() if v is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, v in enumerate(scored, start=1):
        first.setdefault(v, position)
    return {k: (None if v is None else first[v]) for k, v in values.items()}


def group_by(
    evaluations: Iterable[Evaluation], key: Callable[[Evaluation], str]
) -> dict[str, list[Evaluation]]:
    """Group evaluations by ``key`` (e.g. ``lambda e: e.domain``), keeping their order."""
    groups: dict[str, list[Evaluation]] = {}
    for e in evaluations:
        groups.setdefault(key(e), []).append(e)
    return groups


def scoreboard(
    groups: Mapping[str, Iterable[Evaluation]],
    *,
    policy: NoDataPolicy = NoDataPolicy.EXCLUDE,
) -> tuple[GroupScore, ...]:
    """Score and rank groups (domains, departments, jurisdictions) on all indicators and,
    separately, on core indicators only; rows in rank order (unranked last), ties by key."""
    overall: dict[str, Score] = {}
    core: dict[str, Score] = {}
    for key, evaluations in groups.items():
        items = list(evaluations)
        overall[key] = score(items, policy=policy)
        core[key] = score((e for e in items if e.core), policy=policy)
    ranks = rank({k: s.value for k, s in overall.items()})
    core_ranks = rank({k: s.value for k, s in core.items()})
    rows = [GroupScore(k, overall[k], core[k], ranks[k], core_ranks[k]) for k in groups]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.key))
    return tuple(rows)
