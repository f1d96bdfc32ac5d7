"""Projects' milestones and the annual work list (年度工作清单) in GraphQL: the tracked
``Milestone``, a project's state, and the mutations that add, complete and cancel items."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from enum import Enum
from typing import Annotated

import strawberry

from qyx_platform.errors import NotFoundError, PermissionDeniedError, ValidationError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.fields import described
from qyx_platform.graphql.plan_types import DepartmentType
from qyx_platform.graphql.problem_types import NotFound
from qyx_platform.graphql.report_types import InputError, PermissionDenied
from qyx_platform.graphql.supervision_common import department, write
from qyx_platform.services import milestones as ms
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import MilestoneEventRow, MilestoneRow


@strawberry.enum(
    name="MilestoneState",
    description="PLANNED, DUE_SOON (within 30 days), OVERDUE, DONE, DONE_LATE or CANCELLED.",
)
class MilestoneStateEnum(Enum):
    """GraphQL mirror of :class:`qyx_platform.services.milestones.MilestoneState`."""

    PLANNED = "planned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done_late"
    CANCELLED = "cancelled"


@strawberry.type(description="One change of a milestone.")
class MilestoneEvent:
    """Who did what to a milestone, when."""

    at: datetime.datetime
    by: str
    action: str
    note: str | None


@strawberry.type(name="Milestone", description="A milestone of a project or an item of the annual work list.")
class MilestoneType:
    """A dated step with a responsible department; done with a date and evidence."""

    row: strawberry.Private[MilestoneRow]

    @strawberry.field(description="Stable code: <project>.m<n> (the plan's) or <project>.w<n> (a work item).")
    def code(self) -> str:
        """Stable code."""
        return self.row.code

    @described
    def title(self) -> str:
        """What is to be done."""
        return self.row.title

    @strawberry.field(description="The year it is due in.")
    def year(self) -> int:
        """Year of the due date."""
        return self.row.due_date.year

    @described
    def due_date(self) -> datetime.date:
        """When it is due (the plan's own: 31 December of their year)."""
        return self.row.due_date

    @described
    def done_date(self) -> datetime.date | None:
        """When it was done."""
        return self.row.done_date

    @described
    def evidence(self) -> str | None:
        """The evidence given when it was done."""
        return self.row.evidence

    @described
    def note(self) -> str | None:
        """The note given when it was added."""
        return self.row.note

    @strawberry.field(description="True for the plan's own milestones, false for work items added later.")
    def from_plan(self) -> bool:
        """Whether it comes from plan.toml."""
        return self.row.origin == "plan"

    @described
    def cancelled(self) -> bool:
        """Cancelled items keep their history."""
        return self.row.cancelled_at is not None

    @described
    def state(self, info: Info) -> MilestoneStateEnum:
        """Where it stands today."""
        return MilestoneStateEnum(ms.milestone_state(self.row, info.context.platform.today()).value)

    @described
    def department(self, info: Info) -> DepartmentType:
        """The responsible department."""
        return department(info, self.row.department)

    @described
    def project(self) -> str:
        """The project's code."""
        return self.row.project_code

    @described
    def history(self, info: Info) -> list[MilestoneEvent]:
        """Every change, oldest first."""
        with info.context.platform.sessions() as session:
            events: list[MilestoneEventRow] = ms.MilestoneService(info.context.plan).history(
                session, self.row.code
            )
        return [MilestoneEvent(at=e.at, by=e.actor, action=e.action, note=e.note) for e in events]


def project_milestones(info: Info, project: str) -> list[MilestoneRow]:
    """A project's milestones, read once per request for every project."""
    memo = info.context.supervision
    if memo.milestones is None:
        with info.context.platform.sessions() as session:
            memo.milestones = ms.MilestoneService(info.context.plan).of_projects(session)
    return memo.milestones.get(project, [])


def project_state(info: Info, project: str) -> MilestoneStateEnum:
    """A project's state from its milestones."""
    today = info.context.platform.today()
    return MilestoneStateEnum(ms.state_of_project(project_milestones(info, project), today).value)


@strawberry.input(description="A work item for a project's annual work list.")
class MilestoneInput:
    """project: the project's code; department: default the project's lead department."""

    project: str
    title: str
    due_date: datetime.date
    department: str | None = None
    note: str | None = None


@strawberry.type(description="The milestone was not changed: every reason is listed.")
class MilestoneRejected:
    """Input errors naming the field."""

    errors: list[InputError]


MilestoneResult = Annotated[
    MilestoneType | MilestoneRejected | PermissionDenied | NotFound, strawberry.union("MilestoneResult")
]


def _milestone(
    info: Info, action: Callable[[UnitOfWork, ms.MilestoneService], MilestoneRow]
) -> MilestoneResult:
    service = ms.MilestoneService(info.context.plan)
    try:
        return MilestoneType(row=write(info, lambda w: action(w, service)))
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except ValidationError as exc:
        return MilestoneRejected(
            errors=[InputError(index=e.index, field=e.field, message=e.message) for e in exc.errors]
        )
    except NotFoundError as exc:
        return NotFound(message=str(exc))


def add_milestone(info: Info, input: MilestoneInput) -> MilestoneResult:
    """Add a work item (年度工作清单) to a project: a supervisor or a lead department's reporter."""
    new = ms.NewMilestone(input.project, input.title, input.due_date, input.department, input.note)
    today = info.context.platform.today()
    return _milestone(info, lambda w, svc: svc.add(w, new, today))


def complete_milestone(info: Info, code: str, done_date: datetime.date, evidence: str) -> MilestoneResult:
    """Mark a milestone done, with the date and the evidence."""
    today = info.context.platform.today()
    return _milestone(info, lambda w, svc: svc.complete(w, code, done_date, evidence, today))


def cancel_milestone(info: Info, code: str, reason: str) -> MilestoneResult:
    """Cancel a milestone that is not done (it keeps its history)."""
    return _milestone(info, lambda w, svc: svc.cancel(w, code, reason))
