"""Small checks shared by the supervision services: who may act for a department (free text
is checked by :mod:`qyx_platform.services.text`)."""

from __future__ import annotations

from qyx_platform.model import Plan
from qyx_platform.services.auth import Actor, Role


def acts_for(actor: Actor, department: str) -> bool:
    """Whether ``actor`` may act for ``department``: a supervisor or admin always, a reporter
    only for its own department."""
    if actor.at_least(Role.SUPERVISOR):
        return True
    return actor.role is Role.REPORTER and actor.department == department


def lead_department(plan: Plan, domain: str) -> str:
    """The lead department (牵头单位) of a domain."""
    found = plan.domain(domain)
    return found.lead_department.name if found else ""


def known_departments(plan: Plan) -> list[str]:
    """The departments a milestone or problem may name (the lead departments)."""
    return sorted(d.name for d in plan.departments)
