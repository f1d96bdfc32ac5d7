"""Problems (问题清单) and their closing (销号清单): raise, rectify, close with evidence, reopen.

States: open → rectifying → closed (evidence required) → reopened (→ rectifying → closed …).
A problem past its due date and not closed is overdue. Supervisors and admins manage
problems; every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qyx_platform.errors import NotFoundError, RowError, ValidationError
from qyx_platform.model import Plan
from qyx_platform.services.auth import Role
from qyx_platform.services.text import LIMITS, text_problem
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import ProblemRow

MAX_TITLE = LIMITS["title"]


class ProblemStatus(Enum):
    """Where a problem is in its life."""

    OPEN = "open"
    RECTIFYING = "rectifying"
    CLOSED = "closed"
    REOPENED = "reopened"


#: which status may follow which
TRANSITIONS: dict[ProblemStatus, set[ProblemStatus]] = {
    ProblemStatus.OPEN: {ProblemStatus.RECTIFYING, ProblemStatus.CLOSED},
    ProblemStatus.RECTIFYING: {ProblemStatus.CLOSED},
    ProblemStatus.CLOSED: {ProblemStatus.REOPENED},
    ProblemStatus.REOPENED: {ProblemStatus.RECTIFYING, ProblemStatus.CLOSED},
}


@dataclass(frozen=True)
class NewProblem:
    """What raising a problem needs."""

    title: str
    department: str
    due_date: date
    description: str | None = None
    domain: str | None = None
    indicator: str | None = None


def is_overdue(row: ProblemRow, today: date | None = None) -> bool:
    """Not closed and past its due date."""
    return row.status != ProblemStatus.CLOSED.value and row.due_date < (today or date.today())


def _snapshot(row: ProblemRow) -> dict[str, object]:
    return {
        "status": row.status,
        "title": row.title,
        "department": row.department,
        "due_date": row.due_date,
        "evidence": row.evidence,
    }


class ProblemService:
    """Raise, move and list problems."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def validate(self, new: NewProblem) -> None:
        """Raise ValidationError listing every problem with the input."""
        errors: list[RowError] = []
        for name in ("title", "description", "department", "domain", "indicator"):
            problem = text_problem(name, getattr(new, name), MAX_TITLE if name == "title" else None)
            if problem:
                errors.append(RowError(0, name, problem))
        if not new.title.strip():
            errors.append(RowError(0, "title", "a problem needs a title"))
        departments = {d.name for d in self.plan.departments}
        if new.department not in departments:
            errors.append(
                RowError(
                    0,
                    "department",
                    f"unknown department {new.department!r}; use one of {', '.join(sorted(departments))}",
                )
            )
        if new.domain is not None and self.plan.domain(new.domain) is None:
            codes = ", ".join(d.code for d in self.plan.domains)
            errors.append(RowError(0, "domain", f"unknown domain {new.domain!r}; use one of {codes}"))
        if new.indicator is not None and self.plan.find_indicator(new.indicator) is None:
            errors.append(RowError(0, "indicator", f"unknown indicator {new.indicator!r}"))
        if errors:
            raise ValidationError(errors)

    def raise_problem(self, work: UnitOfWork, new: NewProblem) -> ProblemRow:
        """Record a new open problem, raised by ``work``'s actor."""
        session, actor = work.session, work.actor
        actor.require(Role.SUPERVISOR, "raising a problem")
        self.validate(new)
        indicator = self.plan.find_indicator(new.indicator) if new.indicator else None
        domain = self.plan.domain(new.domain) if new.domain else None
        row = ProblemRow(
            title=new.title.strip(),
            description=new.description,
            department=new.department,
            domain_code=domain.code if domain else (indicator.domain if indicator else None),
            indicator_code=indicator.code if indicator else None,
            due_date=new.due_date,
            status=ProblemStatus.OPEN.value,
            raised_by=actor.name,
            raised_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        work.record("problem.raise", "problem", str(row.id), after=_snapshot(row))
        return row

    def get(self, session: Session, problem_id: int) -> ProblemRow:
        """A problem by id, or NotFoundError."""
        row = session.get(ProblemRow, problem_id)
        if row is None:
            raise NotFoundError(f"no problem {problem_id}")
        return row

    def move(
        self,
        work: UnitOfWork,
        problem_id: int,
        to: ProblemStatus,
        evidence: str | None = None,
    ) -> ProblemRow:
        """Change a problem's status as ``work``'s actor; closing needs evidence."""
        session, actor = work.session, work.actor
        actor.require(Role.SUPERVISOR, f"moving a problem to {to.value}")
        row = self.get(session, problem_id)
        current = ProblemStatus(row.status)
        if to not in TRANSITIONS[current]:
            raise ValidationError(
                [RowError(0, "status", f"a {current.value} problem cannot become {to.value}")]
            )
        problem = text_problem("evidence", evidence)
        if problem:
            raise ValidationError([RowError(0, "evidence", problem)])
        if to is ProblemStatus.CLOSED and not (evidence and evidence.strip()):
            raise ValidationError([RowError(0, "evidence", "closing a problem (销号) needs evidence")])
        before = _snapshot(row)
        row.status = to.value
        if to is ProblemStatus.CLOSED:
            row.closed_at = datetime.now(UTC)
            row.evidence = (evidence or "").strip()
        if to is ProblemStatus.REOPENED:
            row.closed_at = None
        session.flush()
        work.record(f"problem.{to.value}", "problem", str(row.id), before, _snapshot(row))
        return row

    def list(
        self,
        session: Session,
        status: ProblemStatus | None = None,
        department: str | None = None,
        overdue: bool | None = None,
        after_id: int | None = None,
        limit: int = 50,
    ) -> tuple[int, list[ProblemRow]]:
        """(total matching, one page ordered by id)."""
        query = select(ProblemRow)
        if status is not None:
            query = query.where(ProblemRow.status == status.value)
        if department is not None:
            query = query.where(ProblemRow.department == department)
        if overdue is not None:
            late = (ProblemRow.status != ProblemStatus.CLOSED.value) & (ProblemRow.due_date < date.today())
            query = query.where(late if overdue else ~late)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        if after_id is not None:
            query = query.where(ProblemRow.id > after_id)
        rows = list(session.scalars(query.order_by(ProblemRow.id).limit(limit)))
        return total, rows
