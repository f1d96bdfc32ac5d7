"""Projects and the annual work list (年度工作清单 / 任务清单 / 责任清单): milestones with due dates.

A project's milestones are the plan's own (``plan.toml``, due 31 December of their year, code
``<project>.m<n>``) and the work items a lead department or the task force adds (code
``<project>.w<n>``), each with a responsible department and, once done, a done date and
evidence. Nothing is deleted: a cancelled item keeps its row and history. States, as of the
county's today:

* DONE, DONE_LATE: done on or before its due date, or after it;
* CANCELLED: cancelled (it no longer counts);
* OVERDUE: not done and past its due date;
* DUE_SOON: not done and due within :data:`DUE_SOON_DAYS` days;
* PLANNED: otherwise.

A project's state follows from its milestones that are not cancelled: OVERDUE when one is,
else DONE (DONE_LATE when one was late) when all are done, else DUE_SOON when one is, else
PLANNED (also for a project without milestones).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qyx_platform.errors import NotFoundError, PermissionDeniedError, RowError, ValidationError
from qyx_platform.i18n import _
from qyx_platform.model import Plan, Project
from qyx_platform.services.auth import Actor
from qyx_platform.services.checks import acts_for, known_departments, lead_department
from qyx_platform.services.text import text_problem
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import MilestoneEventRow, MilestoneRow

#: a milestone due within this many days is DUE_SOON
DUE_SOON_DAYS = 30
PLAN_ACTOR = "plan"


class MilestoneState(Enum):
    """Where a milestone (or a project, from its milestones) stands today."""

    PLANNED = "planned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done_late"
    CANCELLED = "cancelled"


def milestone_state(row: MilestoneRow, today: date) -> MilestoneState:
    """The state of one milestone on ``today`` (see the module docstring)."""
    if row.cancelled_at is not None:
        return MilestoneState.CANCELLED
    if row.done_date is not None:
        return MilestoneState.DONE if row.done_date <= row.due_date else MilestoneState.DONE_LATE
    if row.due_date < today:
        return MilestoneState.OVERDUE
    if (row.due_date - today).days <= DUE_SOON_DAYS:
        return MilestoneState.DUE_SOON
    return MilestoneState.PLANNED


def project_state(states: Iterable[MilestoneState]) -> MilestoneState:
    """A project's state from its milestones' states (see the module docstring)."""
    active = [s for s in states if s is not MilestoneState.CANCELLED]
    if not active:
        return MilestoneState.PLANNED
    if MilestoneState.OVERDUE in active:
        return MilestoneState.OVERDUE
    done = (MilestoneState.DONE, MilestoneState.DONE_LATE)
    if all(s in done for s in active):
        return MilestoneState.DONE_LATE if MilestoneState.DONE_LATE in active else MilestoneState.DONE
    if MilestoneState.DUE_SOON in active:
        return MilestoneState.DUE_SOON
    return MilestoneState.PLANNED


def state_of_project(rows: Iterable[MilestoneRow], today: date) -> MilestoneState:
    """A project's state on ``today`` from its milestones' rows."""
    return progress_of(rows, today).state


@dataclass(frozen=True)
class ProjectSummary:
    """Where a project stands on a day: its state, its milestones that are not cancelled,
    how many of them are done (on time or late) and how many are overdue."""

    state: MilestoneState
    milestones: int
    done: int
    overdue: int


def progress_of(rows: Iterable[MilestoneRow], today: date) -> ProjectSummary:
    """A project's progress on ``today`` from its milestones' rows (each judged once)."""
    states = [milestone_state(r, today) for r in rows]
    return ProjectSummary(
        state=project_state(states),
        milestones=sum(s is not MilestoneState.CANCELLED for s in states),
        done=sum(s in (MilestoneState.DONE, MilestoneState.DONE_LATE) for s in states),
        overdue=states.count(MilestoneState.OVERDUE),
    )


@dataclass(frozen=True)
class NewMilestone:
    """A work item to add: the project's code, a title, a due date, the responsible department
    (default: the project's lead department) and a note."""

    project: str
    title: str
    due_date: date
    department: str | None = None
    note: str | None = None


def sync_plan_milestones(session: Session, plan: Plan) -> int:
    """Store the plan's own milestones (due 31 December of their year); update a title or due
    date the plan changed; never delete. Return how many rows changed."""
    existing = {
        row.code: row for row in session.scalars(select(MilestoneRow).where(MilestoneRow.origin == "plan"))
    }
    changed = 0
    now = datetime.now(UTC)
    for project in plan.projects:
        for n, m in enumerate(project.milestones, start=1):
            code = project.milestone_code(n)
            due = date(m.year, 12, 31)
            row = existing.get(code)
            if row is None:
                session.add(
                    MilestoneRow(
                        code=code,
                        project_code=project.code,
                        origin="plan",
                        position=n,
                        title=m.title,
                        due_date=due,
                        department=lead_department(plan, project.domain),
                        created_by=PLAN_ACTOR,
                        created_at=now,
                    )
                )
                changed += 1
            elif (row.title, row.due_date) != (m.title, due):
                row.title, row.due_date = m.title, due
                changed += 1
    if changed:
        session.flush()
    return changed


def unknown_project(project: object) -> str:
    """Why ``project`` names no project, in the language in force."""
    return _("unknown project {project}; `projects` lists them", project=repr(project))


class MilestoneService:
    """Add, complete, cancel and list milestones."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.projects = {p.code: p for p in plan.projects}

    def project(self, code: str) -> Project | None:
        """A project by code (``bingyou.体育中心项目``) or by its name when that is unique."""
        found = self.projects.get(code.strip())
        if found is not None:
            return found
        named = [p for p in self.plan.projects if p.name == code.strip()]
        return named[0] if len(named) == 1 else None

    def _event(self, session: Session, code: str, actor: Actor, action: str, note: str | None) -> None:
        session.add(MilestoneEventRow(milestone_code=code, at=datetime.now(UTC), actor=actor.name,
                                      action=action, note=note))  # fmt: skip

    def add(self, work: UnitOfWork, new: NewMilestone, today: date) -> MilestoneRow:
        """Add a work item to a project's list; typed errors name every bad field."""
        session, actor = work.session, work.actor
        errors: list[RowError] = []
        project = self.project(new.project) if isinstance(new.project, str) else None
        if project is None:
            errors.append(RowError(0, "project", unknown_project(new.project)))
        problem = text_problem("title", new.title, required=True)
        if problem:
            errors.append(RowError(0, "title", problem))
        if new.due_date < today:
            errors.append(
                RowError(
                    0,
                    "dueDate",
                    _("{due_date} is in the past (today is {today})", due_date=new.due_date, today=today),
                )
            )
        department = new.department
        if department is not None and department not in known_departments(self.plan):
            errors.append(
                RowError(
                    0,
                    "department",
                    _(
                        "unknown department {department}; use one of {departments}",
                        department=repr(department),
                        departments=", ".join(known_departments(self.plan)),
                    ),
                )
            )
        problem = text_problem("note", new.note)
        if problem:
            errors.append(RowError(0, "note", problem))
        if project is not None:
            lead = lead_department(self.plan, project.domain)
            if not acts_for(actor, lead):
                raise PermissionDeniedError(
                    _(
                        "adding a work item to {project_code} needs a supervisor or a reporter of {lead}",
                        project_code=project.code,
                        lead=lead,
                    )
                )
        elif not acts_for(actor, actor.department or ""):
            raise PermissionDeniedError(
                _("adding a work item needs a supervisor or a lead department's reporter")
            )
        if errors:
            raise ValidationError(errors)
        assert project is not None
        count = session.scalar(
            select(func.count())
            .select_from(MilestoneRow)
            .where(MilestoneRow.project_code == project.code, MilestoneRow.origin == "work")
        )
        position = int(count or 0) + 1
        row = MilestoneRow(
            code=f"{project.code}.w{position}",
            project_code=project.code,
            origin="work",
            position=position,
            title=new.title.strip(),
            due_date=new.due_date,
            department=department or lead_department(self.plan, project.domain),
            note=new.note,
            created_by=actor.name,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        self._event(session, row.code, actor, "added", new.note)
        session.flush()
        work.record("milestone.add", "milestone", row.code, after=_snapshot(row))
        return row

    def get(self, session: Session, code: str) -> MilestoneRow:
        """A milestone by code, or NotFoundError."""
        row = session.get(MilestoneRow, code)
        if row is None:
            raise NotFoundError(
                _("no milestone {code}; a project's `milestones` lists their codes", code=repr(code))
            )
        return row

    def _require(self, actor: Actor, row: MilestoneRow, action: str) -> None:
        project = self.projects.get(row.project_code)
        lead = lead_department(self.plan, project.domain) if project else row.department
        if not (acts_for(actor, row.department) or acts_for(actor, lead)):
            raise PermissionDeniedError(
                _(
                    "{action} {code} needs a supervisor or a reporter of {department}",
                    action=action,
                    code=row.code,
                    department=row.department,
                )
            )

    def complete(
        self, work: UnitOfWork, code: str, done_date: date, evidence: str, today: date
    ) -> MilestoneRow:
        """Mark a milestone done on ``done_date`` (not in the future) with its evidence."""
        session, actor = work.session, work.actor
        row = self.get(session, code)
        self._require(actor, row, "completing")
        errors: list[RowError] = []
        if row.cancelled_at is not None:
            errors.append(
                RowError(0, "code", _("{code} was cancelled; add a new work item instead", code=code))
            )
        elif row.done_date is not None:
            errors.append(
                RowError(
                    0, "code", _("{code} was already done on {done_date}", code=code, done_date=row.done_date)
                )
            )
        if done_date > today:
            errors.append(
                RowError(
                    0,
                    "doneDate",
                    _("{done_date} is in the future (today is {today})", done_date=done_date, today=today),
                )
            )
        problem = text_problem("evidence", evidence, required=True)
        if problem:
            errors.append(
                RowError(0, "evidence", problem if evidence.strip() else _("completing needs evidence"))
            )
        if errors:
            raise ValidationError(errors)
        before = _snapshot(row)
        row.done_date = done_date
        row.evidence = evidence.strip()
        self._event(session, code, actor, "completed", row.evidence)
        session.flush()
        work.record("milestone.complete", "milestone", code, before, _snapshot(row))
        return row

    def cancel(self, work: UnitOfWork, code: str, reason: str) -> MilestoneRow:
        """Cancel a milestone that is not done, with a reason; its row and history stay."""
        session, actor = work.session, work.actor
        row = self.get(session, code)
        self._require(actor, row, "cancelling")
        errors: list[RowError] = []
        if row.done_date is not None or row.cancelled_at is not None:
            errors.append(RowError(0, "code", _("{code} is already done or cancelled", code=code)))
        problem = text_problem("reason", reason, required=True)
        if problem:
            errors.append(
                RowError(0, "reason", problem if reason.strip() else _("cancelling needs a reason"))
            )
        if errors:
            raise ValidationError(errors)
        before = _snapshot(row)
        row.cancelled_at = datetime.now(UTC)
        self._event(session, code, actor, "cancelled", reason.strip())
        session.flush()
        work.record("milestone.cancel", "milestone", code, before, _snapshot(row))
        return row

    def of_projects(
        self, session: Session, codes: Sequence[str] | None = None
    ) -> dict[str, list[MilestoneRow]]:
        """Milestones by project code (plan milestones first, then work items, in order);
        every project when ``codes`` is None: one statement."""
        query = select(MilestoneRow)
        if codes is not None:
            query = query.where(MilestoneRow.project_code.in_(list(codes)))
        out: dict[str, list[MilestoneRow]] = {}
        rows = session.scalars(
            query.order_by(MilestoneRow.project_code, MilestoneRow.origin, MilestoneRow.position)
        )
        for row in rows:
            out.setdefault(row.project_code, []).append(row)
        return out

    def progress(
        self, session: Session, today: date, domain: str | None = None
    ) -> list[tuple[Project, ProjectSummary]]:
        """Every project (of ``domain``, or all) in plan order with its progress on ``today``:
        one statement."""
        chosen = [p for p in self.plan.projects if domain is None or p.domain == domain]
        found = self.of_projects(session, None if domain is None else [p.code for p in chosen])
        return [(p, progress_of(found.get(p.code, []), today)) for p in chosen]

    def history(self, session: Session, code: str) -> list[MilestoneEventRow]:
        """Every change of a milestone, oldest first."""
        query = select(MilestoneEventRow).where(MilestoneEventRow.milestone_code == code)
        return list(session.scalars(query.order_by(MilestoneEventRow.id)))


def _snapshot(row: MilestoneRow) -> dict[str, object]:
    return {
        "project": row.project_code,
        "title": row.title,
        "due_date": row.due_date,
        "department": row.department,
        "done_date": row.done_date,
        "evidence": row.evidence,
        "cancelled_at": row.cancelled_at,
    }
