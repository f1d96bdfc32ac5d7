"""Problems (问题清单 → 销号清单) in GraphQL: raise, rectify, close with evidence, reopen, list."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from enum import Enum
from typing import Annotated

import strawberry

from qyx_platform.errors import NotFoundError, PermissionDeniedError, ValidationError
from qyx_platform.graphql.connections import Connection, connection, decode_cursor, page_size, parse_id
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DepartmentType
from qyx_platform.graphql.report_types import InputError, PermissionDenied
from qyx_platform.i18n import _
from qyx_platform.model import Department
from qyx_platform.services.problems import NewProblem, ProblemService, ProblemStatus, is_overdue
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import ProblemRow


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

    @strawberry.field
    def id(self) -> strawberry.ID:
        """Stable id."""
        return strawberry.ID(str(self.row.id))

    @strawberry.field
    def title(self) -> str:
        """Short title."""
        return self.row.title

    @strawberry.field
    def description(self) -> str | None:
        """Details."""
        return self.row.description

    @strawberry.field
    def status(self) -> ProblemStatusEnum:
        """Current status."""
        return ProblemStatusEnum(self.row.status)

    @strawberry.field
    def department(self, info: Info) -> DepartmentType:
        """The responsible department."""
        known = {d.name: d for d in info.context.plan.departments}
        return DepartmentType(m=known.get(self.row.department, Department(self.row.department)))

    @strawberry.field
    def domain(self) -> str | None:
        """Domain code, if linked."""
        return self.row.domain_code

    @strawberry.field
    def indicator(self) -> str | None:
        """Indicator code, if linked."""
        return self.row.indicator_code

    @strawberry.field
    def due_date(self) -> datetime.date:
        """When it must be closed."""
        return self.row.due_date

    @strawberry.field(description="Not closed and past its due date.")
    def overdue(self) -> bool:
        """Whether overdue today."""
        return is_overdue(self.row)

    @strawberry.field
    def raised_by(self) -> str:
        """Who raised it."""
        return self.row.raised_by

    @strawberry.field
    def raised_at(self) -> datetime.datetime:
        """When it was raised."""
        return self.row.raised_at

    @strawberry.field
    def closed_at(self) -> datetime.datetime | None:
        """When it was closed (销号)."""
        return self.row.closed_at

    @strawberry.field
    def evidence(self) -> str | None:
        """The evidence given when closing."""
        return self.row.evidence


@strawberry.input(description="A new problem.")
class ProblemInput:
    """title, department (a lead department), optional domain/indicator, due date."""

    title: str
    department: str
    due_date: datetime.date
    description: str | None = None
    domain: str | None = None
    indicator: str | None = None


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
    """Run a problem action in one unit of work; typed errors for the expected failures."""
    try:
        with info.context.platform.write(info.context.actor) as work:
            return Problem(row=action(work))
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
    )
    return _run(info, lambda w: _service(info).raise_problem(w, new))


def _move(info: Info, id: strawberry.ID, to: ProblemStatus, evidence: str | None = None) -> ProblemResult:
    try:
        key = _id(id)
    except NotFoundError as exc:
        return NotFound(message=str(exc))
    return _run(info, lambda w: _service(info).move(w, key, to, evidence))


def start_rectifying(info: Info, id: strawberry.ID) -> ProblemResult:
    """Mark a problem as being rectified (整改中)."""
    return _move(info, id, ProblemStatus.RECTIFYING)


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
        )
    return connection("problem", total, [(r.id, Problem(row=r)) for r in rows], size)
