"""Problems (问题清单 → 销号清单) in GraphQL: raise, rectify, close with evidence, reopen, list."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from enum import Enum
from typing import Annotated

import strawberry

from qyx_platform.errors import NotFoundError, PermissionDeniedError, ValidationError
from qyx_platform.graphql.connections import Connection, connection, decode_cursor, page_size
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.fields import described
from qyx_platform.graphql.plan_types import DepartmentType
from qyx_platform.graphql.report_types import InputError, PermissionDenied
from qyx_platform.graphql.supervision_common import write
from qyx_platform.i18n import _
from qyx_platform.model import Department
from qyx_platform.services.arguments import parse_id
from qyx_platform.services.problems import NewProblem, ProblemService, ProblemStatus, is_overdue
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import ProblemCommentRow, ProblemEventRow, ProblemRow


@strawberry.enum(
    name="ProblemStatus", description="Where a problem is: open → rectifying → closed (→ reopened)."
)
class ProblemStatusEnum(Enum):
    """GraphQL mirror of ProblemStatus."""

    OPEN = "open"
    RECTIFYING = "rectifying"
    CLOSED = "closed"
    REOPENED = "reopened"


@strawberry.type(description="A problem of the 问题清单 (closed ones form the 销号清单).")
class Problem:
    """A problem raised against a department, domain or indicator."""

    row: strawberry.Private[ProblemRow]

    @described
    def id(self) -> strawberry.ID:
        """Stable id."""
        return strawberry.ID(str(self.row.id))

    @described
    def title(self) -> str:
        """Short title."""
        return self.row.title

    @described
    def description(self) -> str | None:
        """Details."""
        return self.row.description

    @described
    def status(self) -> ProblemStatusEnum:
        """Current status."""
        return ProblemStatusEnum(self.row.status)

    @described
    def department(self, info: Info) -> DepartmentType:
        """The responsible department."""
        known = {d.name: d for d in info.context.plan.departments}
        return DepartmentType(m=known.get(self.row.department, Department(self.row.department)))

    @described
    def domain(self) -> str | None:
        """Domain code, if linked."""
        return self.row.domain_code

    @described
    def indicator(self) -> str | None:
        """Indicator code, if linked."""
        return self.row.indicator_code

    @described
    def due_date(self) -> datetime.date:
        """When it must be closed."""
        return self.row.due_date

    @strawberry.field(description="Not closed and past its due date.")
    def overdue(self, info: Info) -> bool:
        """Whether overdue today."""
        return is_overdue(self.row, info.context.platform.today())

    @strawberry.field(description='Who raised it: "manual", or "rule:<code>" for an alert rule.')
    def source(self) -> str:
        """The source."""
        return self.row.source

    @strawberry.field(description="What the alert rule found (null for a problem raised by hand).")
    def cause(self) -> str | None:
        """The alert's cause: one problem per cause."""
        return self.row.cause

    @described
    def task_target(self) -> str | None:
        """Task target code, if linked."""
        return self.row.task_target_code

    @described
    def project(self) -> str | None:
        """Project code, if linked."""
        return self.row.project_code

    @described
    def milestone(self) -> str | None:
        """Milestone code, if linked."""
        return self.row.milestone_code

    @described
    def survey(self) -> strawberry.ID | None:
        """Survey id, if linked."""
        return None if self.row.survey_id is None else strawberry.ID(str(self.row.survey_id))

    @strawberry.field(description="Every transition: who, when, from, to, note; raising it is the first.")
    def history(self, info: Info) -> list[ProblemEvent]:
        """Read once per request for every problem of the page."""
        events = _page_notes(info, self.row.id)[0]
        return [
            ProblemEvent(
                at=e.at,
                by=e.actor,
                from_=None if e.from_status is None else ProblemStatusEnum(e.from_status),
                to=ProblemStatusEnum(e.to_status),
                note=e.note,
            )
            for e in events
        ]

    @described
    def comments(self, info: Info) -> list[ProblemComment]:
        """Comments, oldest first."""
        return [ProblemComment(at=c.at, by=c.actor, text=c.text) for c in _page_notes(info, self.row.id)[1]]

    @described
    def raised_by(self) -> str:
        """Who raised it."""
        return self.row.raised_by

    @described
    def raised_at(self) -> datetime.datetime:
        """When it was raised."""
        return self.row.raised_at

    @described
    def closed_at(self) -> datetime.datetime | None:
        """When it was closed (销号)."""
        return self.row.closed_at

    @described
    def evidence(self) -> str | None:
        """The evidence given when closing."""
        return self.row.evidence


@strawberry.type(description="One transition of a problem.")
class ProblemEvent:
    """Who moved it, when, from which status to which, and why."""

    at: datetime.datetime
    by: str
    from_: ProblemStatusEnum | None = strawberry.field(name="from")
    to: ProblemStatusEnum
    note: str | None


@strawberry.type(description="A comment on a problem.")
class ProblemComment:
    """Who wrote what, when."""

    at: datetime.datetime
    by: str
    text: str


def _page_notes(info: Info, problem_id: int) -> tuple[list[ProblemEventRow], list[ProblemCommentRow]]:
    """History and comments of a problem, read for the whole page at the first ask."""
    memo = info.context.supervision
    loaded = memo.problem_notes
    if problem_id not in loaded:
        ids = sorted(set(memo.problem_page) | {problem_id})
        service = _service(info)
        with info.context.platform.sessions() as session:
            history = service.history(session, ids)
            comments = service.comments(session, ids)
        for i in ids:
            loaded[i] = (history[i], comments[i])
    return loaded[problem_id]


@strawberry.input(description="A new problem.")
class ProblemInput:
    """title, department (a lead department), optional domain/indicator, due date."""

    title: str
    department: str
    due_date: datetime.date
    description: str | None = None
    domain: str | None = None
    indicator: str | None = None
    task_target: str | None = None
    project: str | None = None


@strawberry.type(description="The problem was not changed: every reason is listed.")
class ProblemRejected:
    """Input or state errors."""

    errors: list[InputError]


@strawberry.type(description="No such item.")
class NotFound:
    """The id does not exist."""

    message: str


ProblemResult = Annotated[
    Problem | ProblemRejected | PermissionDenied | NotFound, strawberry.union("ProblemResult")
]


def _service(info: Info) -> ProblemService:
    return ProblemService(info.context.plan)


def _run(info: Info, action: Callable[[UnitOfWork], ProblemRow]) -> ProblemResult:
    """Run a problem action in one unit of work, then the alert rules (as every write);
    typed errors for the expected failures."""
    try:
        return Problem(row=write(info, action))
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except ValidationError as exc:
        return ProblemRejected(
            errors=[InputError(index=e.index, field=e.field, message=e.message) for e in exc.errors]
        )
    except NotFoundError as exc:
        return NotFound(message=str(exc))


def _id(value: strawberry.ID) -> int:
    key = parse_id(value)
    if key is None:
        raise NotFoundError(_("no problem {id}", id=repr(value)))
    return key


def raise_problem(info: Info, input: ProblemInput) -> ProblemResult:
    """Raise a problem (supervisor)."""
    new = NewProblem(
        input.title,
        input.department,
        input.due_date,
        input.description,
        input.domain,
        input.indicator,
        input.task_target,
        input.project,
    )
    today = info.context.platform.today()
    return _run(info, lambda w: _service(info).raise_problem(w, new, today))


def _move(
    info: Info, id: strawberry.ID, to: ProblemStatus, evidence: str | None = None, note: str | None = None
) -> ProblemResult:
    try:
        key = _id(id)
    except NotFoundError as exc:
        return NotFound(message=str(exc))
    return _run(info, lambda w: _service(info).move(w, key, to, evidence, note))


def start_rectifying(info: Info, id: strawberry.ID, note: str | None = None) -> ProblemResult:
    """Mark a problem as being rectified (整改中): the responsible department's reporter or a
    supervisor."""
    return _move(info, id, ProblemStatus.RECTIFYING, note=note)


def send_back_problem(info: Info, id: strawberry.ID, reason: str) -> ProblemResult:
    """Send a rectifying problem back to its department (→ reopened) with a reason (supervisor)."""
    return _move(info, id, ProblemStatus.REOPENED, note=reason)


def submit_problem_evidence(info: Info, id: strawberry.ID, evidence: str) -> ProblemResult:
    """The responsible department submits its rectification evidence (the status stays)."""
    try:
        key = _id(id)
    except NotFoundError as exc:
        return NotFound(message=str(exc))
    return _run(info, lambda w: _service(info).submit_evidence(w, key, evidence))


def comment_problem(info: Info, id: strawberry.ID, text: str) -> ProblemResult:
    """Comment on a problem: the responsible department's reporter or a supervisor."""
    try:
        key = _id(id)
    except NotFoundError as exc:
        return NotFound(message=str(exc))
    return _run(info, lambda w: _service(info).comment(w, key, text))


def close_problem(info: Info, id: strawberry.ID, evidence: str) -> ProblemResult:
    """Close a problem with evidence (销号)."""
    return _move(info, id, ProblemStatus.CLOSED, evidence)


def reopen_problem(info: Info, id: strawberry.ID) -> ProblemResult:
    """Reopen a closed problem."""
    return _move(info, id, ProblemStatus.REOPENED)


def problems(
    info: Info,
    status: ProblemStatusEnum | None = None,
    department: str | None = None,
    overdue: bool | None = None,
    first: int = 50,
    after: str | None = None,
) -> Connection[Problem]:
    """The problem list, filtered, oldest first."""
    size = page_size(first)
    with info.context.platform.sessions() as session:
        total, rows = _service(info).list(
            session,
            None if status is None else ProblemStatus(status.value),
            department,
            overdue,
            decode_cursor("problem", after),
            size + 1,
            info.context.platform.today(),
        )
    info.context.supervision.problem_page = [r.id for r in rows]
    return connection("problem", total, [(r.id, Problem(row=r)) for r in rows], size)
