"""The scoreboard (多维晾晒): domains and departments ranked on the state of their indicators."""

from __future__ import annotations

from dataclasses import dataclass

from qyx_platform.evaluation import Evaluation, GroupScore, group_by, scoreboard
from qyx_platform.model import Plan
from qyx_platform.services.readings import Readings
from qyx_platform.services.status import StatusService


@dataclass(frozen=True)
class Scoreboard:
    """Ranked domains and departments for one year and jurisdiction."""

    year: int
    jurisdiction: str
    domains: tuple[GroupScore, ...]
    departments: tuple[GroupScore, ...]
    evaluations: tuple[Evaluation, ...]


def build_scoreboard(plan: Plan, readings: Readings, year: int, jurisdiction: str) -> Scoreboard:
    """Evaluate every indicator × series of ``jurisdiction`` in ``year`` and rank the groups."""
    rows = StatusService(plan, readings).year_states(jurisdiction, year)
    evaluations = tuple(e for _, _, e in rows)
    lead = {d.code: d.lead_department.name for d in plan.domains}
    empty: list[Evaluation] = []
    by_domain = {d.code: empty for d in plan.domains} | group_by(evaluations, lambda e: e.domain)
    by_department = {d.name: empty for d in plan.departments} | group_by(
        evaluations, lambda e: lead[e.domain]
    )
    return Scoreboard(year, jurisdiction, scoreboard(by_domain), scoreboard(by_department), evaluations)
