"""The scoreboard (多维晾晒) in GraphQL: domains and departments ranked for a year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from qyx_platform.evaluation import GroupScore
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DepartmentType, DomainType
from qyx_platform.graphql.status_types import plan_year
from qyx_platform.services.scoreboard import build_scoreboard


@strawberry.interface(description="A group's place on the scoreboard and its indicators' states.")
class GroupStanding:
    """Rank and score (0-100) over all indicators and over core (*) ones, with how many
    indicator series are in each state."""

    rank: int | None
    score: Decimal | None
    core_rank: int | None
    core_score: Decimal | None
    achieved: int
    on_track: int
    at_risk: int
    behind: int
    no_data: int


def _standing(g: GroupScore) -> dict[str, Any]:
    c = g.overall.counts
    return {
        "rank": g.rank,
        "score": g.overall.value,
        "core_rank": g.core_rank,
        "core_score": g.core.value,
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


def scoreboard(info: Info, year: int, jurisdiction: str | None = None) -> Scoreboard:
    """Rank domains and departments on the state of their indicators in the year."""
    plan = info.context.plan
    code = jurisdiction or plan.document.home_jurisdiction
    board = build_scoreboard(plan, info.context.readings, plan_year(info, year), code)
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
