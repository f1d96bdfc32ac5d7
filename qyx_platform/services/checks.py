"""Small checks shared by the supervision services: free text and who may act for a department."""

from __future__ import annotations

from qyx_platform.i18n import _
from qyx_platform.model import Plan
from qyx_platform.services.auth import Actor, Role

#: longest title of a milestone or problem
MAX_TITLE = 300
#: longest note, evidence, reason or comment
MAX_TEXT = 4000


def text_problem(value: str | None, *, required: bool = False, limit: int = MAX_TEXT) -> str | None:
    """Why a free text cannot be stored, or None: it must be valid Unicode without NUL
    characters, at most ``limit`` characters, and not blank when ``required``."""
    if value is None or not value.strip():
        return _("must not be empty") if required else None
    if "\x00" in value:
        return _("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("text must be valid Unicode (no lone surrogates)")
    if len(value) > limit:
        return _("at most {limit} characters (got {len})", limit=limit, len=len(value))
    return None


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
