"""The scoreboard (多维晾晒) in GraphQL: domains and departments ranked for a year on indicator
and task-target states, timeliness, problem closure and milestones (docs/evaluation.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from graphql import GraphQLError

from qyx_platform.errors import QyxError
from qyx_platform.evaluation.board import Standing
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DepartmentType, DomainType
from qyx_platform.graphql.status_types import jurisdiction_argument
from qyx_platform.services.scoreboard import build_scoreboard


@strawberry.interface(description="A group's place on the scoreboard and what it is built from.")
class GroupStanding:
    """Rank and score (0-100, docs/evaluation.md) with its parts, the coverage of the items
    it judges and how many of them are in each state (a missing report is NO_DATA and counts
    as BEHIND in the score)."""

    rank: int | None
    rank_change: int | None = strawberry.field(
        description="The previous year's (or month's) rank minus this rank (positive: climbed); "
        "null when either is unranked."
    )
    score: Decimal | None = strawberry.field(description="The composite score, 0-100.")
    core_rank: int | None
    core_score: Decimal | None = strawberry.field(description="States of core (*) indicators alone, 0-100.")
    states_score: Decimal | None = strawberry.field(
        description="The states part: indicators and task targets, NO_DATA counted as 0."
    )
    coverage: Decimal | None = strawberry.field(description="Judged ÷ expected items (0-1).")
    timeliness: Decimal | None = strawberry.field(description="Reports on time ÷ reports due (0-1).")
    closure_rate: Decimal | None = strawberry.field(
        description="Problems closed by their due date ÷ due (0-1)."
    )
    milestones_done: Decimal | None = strawberry.field(
        description="Milestones done by their due date ÷ due (0-1)."
    )
    achieved: int
    on_track: int
    at_risk: int
    behind: int
    no_data: int


def _standing(g: Standing) -> dict[str, Any]:
    c = g.overall.counts
    return {
        "rank": g.rank,
        "rank_change": g.rank_change,
        "score": g.score,
        "core_rank": g.core_rank,
        "core_score": g.core.value,
        "states_score": g.states,
        "coverage": g.coverage,
        "timeliness": g.timeliness,
        "closure_rate": g.closure_rate,
        "milestones_done": g.milestones_done,
        "achieved": c.achieved,
        "on_track": c.on_track,
        "at_risk": c.at_risk,
        "behind": c.behind,
        "no_data": c.no_data,
    }


@strawberry.type(description="A domain's place on the scoreboard.")
class DomainScore(GroupStanding):
    """A domain's standing."""

    domain: DomainType


@strawberry.type(description="A department's place on the scoreboard (the domains it leads).")
class DepartmentScore(GroupStanding):
    """A department's standing."""

    department: DepartmentType


@strawberry.type(description="Domains and departments ranked for one year (多维晾晒).")
class Scoreboard:
    """See docs/evaluation.md for the points per state and the ranking."""

    year: int
    jurisdiction: str
    domains: list[DomainScore]
    departments: list[DepartmentScore]


def scoreboard(
    info: Info, year: int, jurisdiction: str | None = None, month: int | None = None
) -> Scoreboard:
    """Rank domains and departments in the year: for the home county on indicator and
    task-target states, timeliness, problem closure and milestones; for a city or the province
    on indicator states rolled up from their counties. With a month (1-12): as the board stood
    at the end of that month, rankChange against the month before."""
    plan = info.context.plan
    code = jurisdiction_argument(info, jurisdiction)
    try:
        board = build_scoreboard(plan, info.context.readings, year, code, month=month)
    except QyxError as exc:  # a year outside the plan, a month not 1-12
        raise GraphQLError(str(exc)) from None
    departments = {d.name: d for d in plan.departments}
    domains = {d.code: d for d in plan.domains}
    return Scoreboard(
        year=year,
        jurisdiction=code,
        domains=[DomainScore(domain=DomainType(m=domains[g.key]), **_standing(g)) for g in board.domains],
        departments=[
            DepartmentScore(department=DepartmentType(m=departments[g.key]), **_standing(g))
            for g in board.departments
        ],
    )
