"""Problems (问题清单) and their closing (销号清单): raise, rectify, close with evidence, reopen.

States: open → rectifying → closed (evidence required) → reopened (→ rectifying → closed …);
a supervisor may also send a rectifying problem back (→ reopened) with a reason. A problem
past its due date and not closed is overdue.

Who does what: a supervisor (or an alert rule) raises a problem against a department; that
department's reporter moves it to rectifying, submits its evidence and comments; a
supervisor closes it (销号) with evidence, sends it back with a reason, or reopens it. Every
transition (who, when, from, to, note) is kept as the problem's history, and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qyx_platform.errors import NotFoundError, PermissionDeniedError, RowError, ValidationError
from qyx_platform.i18n import N_, _, use_language
from qyx_platform.model import Plan
from qyx_platform.services.auth import Actor, Role
from qyx_platform.services.checks import acts_for
from qyx_platform.services.clock import county_today
from qyx_platform.services.problem_checks import check_new_problem
from qyx_platform.services.text import text_problem
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import ProblemCommentRow, ProblemEventRow, ProblemRow

#: the source of a problem raised by hand
MANUAL = "manual"


class ProblemStatus(Enum):
    """Where a problem is in its life."""

    OPEN = "open"
    RECTIFYING = "rectifying"
    CLOSED = "closed"
    REOPENED = "reopened"


#: each status as a message shows it (translated with ``_`` when shown)
STATUS_LABELS: dict[ProblemStatus, str] = {
    ProblemStatus.OPEN: N_("open"),
    ProblemStatus.RECTIFYING: N_("rectifying"),
    ProblemStatus.CLOSED: N_("closed"),
    ProblemStatus.REOPENED: N_("reopened"),
}

#: which status may follow which
TRANSITIONS: dict[ProblemStatus, set[ProblemStatus]] = {
    ProblemStatus.OPEN: {ProblemStatus.RECTIFYING, ProblemStatus.CLOSED},
    ProblemStatus.RECTIFYING: {ProblemStatus.CLOSED, ProblemStatus.REOPENED},
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
    task_target: str | None = None
    project: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where an alert-raised problem comes from: the rule (``source``), the cause it found (one
    problem per cause) and what it links to beyond a domain and an indicator."""

    source: str
    cause: str
    milestone: str | None = None
    survey_id: int | None = None


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


def _require_department(actor: Actor, row: ProblemRow, denied: str) -> None:
    """PermissionDeniedError (``denied``, a message naming ``{id}`` and ``{department}``)
    unless ``actor`` is a supervisor or a reporter of the problem's department: the check of
    every step a department takes itself (rectify, submit evidence, comment)."""
    if not acts_for(actor, row.department):
        raise PermissionDeniedError(_(denied, id=row.id, department=row.department))


class ProblemService:
    """Raise, move and list problems."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def validate(self, new: NewProblem, today: date | None = None) -> None:
        """Raise ValidationError listing every problem with the input: text fields, a known
        department, a due date not in the past, and links that fit together (an indicator or
        task target of the named domain, a known project)."""
        check_new_problem(self.plan, new, today)

    def raise_problem(
        self,
        work: UnitOfWork,
        new: NewProblem,
        today: date | None = None,
        origin: Origin | None = None,
    ) -> ProblemRow:
        """Record a new open problem (a supervisor, or an alert rule with its ``origin``)."""
        session, actor = work.session, work.actor
        actor.require(Role.SUPERVISOR, _("raising a problem"))
        self.validate(new, today or county_today())  # a due date is never in the past
        indicator = self.plan.find_indicator(new.indicator) if new.indicator else None
        target = self.plan.task_target(new.task_target) if new.task_target else None
        domain = self.plan.domain(new.domain) if new.domain else None
        linked = indicator.domain if indicator else (target[0].domain if target else None)
        row = ProblemRow(
            title=new.title.strip(),
            description=new.description,
            department=new.department,
            domain_code=domain.code if domain else linked,
            indicator_code=indicator.code if indicator else None,
            task_target_code=new.task_target if target else None,
            project_code=new.project,
            due_date=new.due_date,
            status=ProblemStatus.OPEN.value,
            raised_by=actor.name,
            raised_at=datetime.now(UTC),
            source=origin.source if origin else MANUAL,
            cause=origin.cause if origin else None,
            milestone_code=origin.milestone if origin else None,
            survey_id=origin.survey_id if origin else None,
        )
        session.add(row)
        session.flush()
        self._event(session, row, actor, None, ProblemStatus.OPEN, origin.source if origin else None)
        work.record("problem.raise", "problem", str(row.id), after=_snapshot(row))
        return row

    def _event(
        self,
        session: Session,
        row: ProblemRow,
        actor: Actor,
        before: ProblemStatus | None,
        after: ProblemStatus,
        note: str | None,
    ) -> None:
        session.add(
            ProblemEventRow(
                problem_id=row.id,
                at=datetime.now(UTC),
                actor=actor.name,
                from_status=None if before is None else before.value,
                to_status=after.value,
                note=note,
            )
        )

    def get(self, session: Session, problem_id: int) -> ProblemRow:
        """A problem by id, or NotFoundError."""
        row = session.get(ProblemRow, problem_id)
        if row is None:
            raise NotFoundError(_("no problem {problem_id}", problem_id=problem_id))
        return row

    def move(
        self,
        work: UnitOfWork,
        problem_id: int,
        to: ProblemStatus,
        evidence: str | None = None,
        note: str | None = None,
    ) -> ProblemRow:
        """Change a problem's status. The responsible department's reporter (or a supervisor)
        moves it to rectifying; only a supervisor closes it (with evidence), reopens it, or
        sends a rectifying one back (→ reopened, with a reason in ``note``)."""
        session, actor = work.session, work.actor
        row = self.get(session, problem_id)
        current = ProblemStatus(row.status)
        if to is ProblemStatus.RECTIFYING:
            _require_department(
                actor,
                row,
                N_("moving problem {id} to rectifying needs a supervisor or a reporter of {department}"),
            )
        else:
            actor.require(Role.SUPERVISOR, _("moving a problem to {status}", status=_(STATUS_LABELS[to])))
        if to not in TRANSITIONS[current]:
            raise ValidationError(
                [
                    RowError(
                        0,
                        "status",
                        _(
                            "cannot move a problem from {current_value} to {to_value}",
                            current_value=_(STATUS_LABELS[current]),
                            to_value=_(STATUS_LABELS[to]),
                        ),
                    )
                ]
            )
        errors: list[RowError] = []
        for name, text in (("evidence", evidence), ("reason", note)):
            problem = text_problem(name, text)
            if problem:
                errors.append(RowError(0, name, problem))
        if to is ProblemStatus.CLOSED and not (evidence and evidence.strip()):
            errors.append(RowError(0, "evidence", _("closing a problem (销号) needs evidence")))
        if (
            current is ProblemStatus.RECTIFYING
            and to is ProblemStatus.REOPENED
            and not (note and note.strip())
        ):
            errors.append(RowError(0, "reason", _("sending a problem back needs a reason")))
        if errors:
            raise ValidationError(errors)
        before = _snapshot(row)
        row.status = to.value
        if to is ProblemStatus.CLOSED:
            row.closed_at = datetime.now(UTC)
            row.evidence = (evidence or "").strip()
        if to is ProblemStatus.REOPENED:
            row.closed_at = None
        self._event(session, row, actor, current, to, (note or evidence or "").strip() or None)
        session.flush()
        work.record(f"problem.{to.value}", "problem", str(row.id), before, _snapshot(row))
        return row

    def submit_evidence(self, work: UnitOfWork, problem_id: int, evidence: str) -> ProblemRow:
        """The responsible department (or a supervisor) submits its rectification evidence;
        kept on the problem and in its history (the status does not change)."""
        session, actor = work.session, work.actor
        row = self.get(session, problem_id)
        _require_department(
            actor,
            row,
            N_("submitting evidence for problem {id} needs a supervisor or a reporter of {department}"),
        )
        problem = text_problem("evidence", evidence, required=True)
        if problem:
            raise ValidationError([RowError(0, "evidence", problem)])
        if row.status == ProblemStatus.CLOSED.value:
            raise ValidationError(
                [RowError(0, "id", _("problem {id} is closed; reopen it first", id=row.id))]
            )
        before = _snapshot(row)
        row.evidence = evidence.strip()
        status = ProblemStatus(row.status)
        with use_language(None):  # the history is shared: in the installation's language
            note = _("evidence: {evidence}", evidence=row.evidence)
        self._event(session, row, actor, status, status, note)
        session.flush()
        work.record("problem.evidence", "problem", str(row.id), before, _snapshot(row))
        return row

    def comment(self, work: UnitOfWork, problem_id: int, text: str) -> ProblemRow:
        """Add a comment (the responsible department's reporter or a supervisor)."""
        session, actor = work.session, work.actor
        row = self.get(session, problem_id)
        _require_department(
            actor, row, N_("commenting on problem {id} needs a supervisor or a reporter of {department}")
        )
        problem = text_problem("comment", text, required=True)
        if problem:
            raise ValidationError([RowError(0, "text", problem)])
        session.add(
            ProblemCommentRow(problem_id=row.id, at=datetime.now(UTC), actor=actor.name, text=text.strip())
        )
        session.flush()
        work.record("problem.comment", "problem", str(row.id), after={"text": text.strip()})
        return row

    def history(self, session: Session, ids: list[int]) -> dict[int, list[ProblemEventRow]]:
        """Every transition of these problems, oldest first: one statement."""
        out: dict[int, list[ProblemEventRow]] = {i: [] for i in ids}
        if ids:
            query = select(ProblemEventRow).where(ProblemEventRow.problem_id.in_(ids))
            for event in session.scalars(query.order_by(ProblemEventRow.id)):
                out[event.problem_id].append(event)
        return out

    def comments(self, session: Session, ids: list[int]) -> dict[int, list[ProblemCommentRow]]:
        """The comments on these problems, oldest first: one statement."""
        out: dict[int, list[ProblemCommentRow]] = {i: [] for i in ids}
        if ids:
            query = select(ProblemCommentRow).where(ProblemCommentRow.problem_id.in_(ids))
            for comment in session.scalars(query.order_by(ProblemCommentRow.id)):
                out[comment.problem_id].append(comment)
        return out

    def list(
        self,
        session: Session,
        status: ProblemStatus | None = None,
        department: str | None = None,
        overdue: bool | None = None,
        after_id: int | None = None,
        limit: int = 50,
        today: date | None = None,
    ) -> tuple[int, list[ProblemRow]]:
        """(total matching, one page ordered by id)."""
        query = select(ProblemRow)
        if status is not None:
            query = query.where(ProblemRow.status == status.value)
        if department is not None:
            query = query.where(ProblemRow.department == department)
        if overdue is not None:
            late = (ProblemRow.status != ProblemStatus.CLOSED.value) & (
                ProblemRow.due_date < (today or date.today())
            )
            query = query.where(late if overdue else ~late)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        if after_id is not None:
            query = query.where(ProblemRow.id > after_id)
        rows = list(session.scalars(query.order_by(ProblemRow.id).limit(limit)))
        return total, rows
