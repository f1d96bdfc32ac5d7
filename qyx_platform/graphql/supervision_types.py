"""Supervision in GraphQL (plan section 三): task-target status, projects' milestones and the
annual work list, reporting timeliness, satisfaction surveys."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Annotated, TypeVar

import strawberry
from graphql import GraphQLError

from qyx_platform.errors import NotFoundError, PermissionDeniedError, QyxError, ValidationError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DepartmentType, DomainType
from qyx_platform.graphql.problem_types import NotFound
from qyx_platform.graphql.report_types import InputError, PermissionDenied
from qyx_platform.graphql.scalars import State
from qyx_platform.model import Department, Period
from qyx_platform.services import milestones as ms
from qyx_platform.services.surveys import NewSurvey, SurveyReading, SurveyService
from qyx_platform.services.timeliness import TimelinessService
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import MilestoneEventRow, MilestoneRow

T = TypeVar("T")


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


def _period(text: str) -> Period:
    try:
        return Period.parse(text.strip())
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None


def _department(info: Info, name: str) -> DepartmentType:
    known = {d.name: d for d in info.context.plan.departments}
    return DepartmentType(m=known.get(name, Department(name)))


# -- task targets ---------------------------------------------------------------------------


@strawberry.type(name="TaskTargetStatus", description="Where a task target stands in a period.")
class TaskTargetStatusType:
    """The evaluation of the reported value against the target (see docs/evaluation.md)."""

    jurisdiction: str
    period: str = strawberry.field(
        description="The period of the actual used (may lie inside the one asked)."
    )
    state: State
    actual: Decimal | None
    checkpoint: Decimal | None = strawberry.field(
        description="The value the period had to meet: the target, or its trajectory point."
    )
    gap: Decimal | None
    note: str


def resolve_task_target_status(
    info: Info, code: str, period: str, jurisdiction: str | None
) -> TaskTargetStatusType:
    """The status of one task target (its code) in ``period``."""
    service = info.context.task_targets
    where = (jurisdiction or info.context.plan.document.home_jurisdiction).strip()
    e = service.status(code, _period(period), where)
    return TaskTargetStatusType(
        jurisdiction=where,
        period=str(e.period),
        state=State(e.state.value),
        actual=e.actual,
        checkpoint=e.checkpoint,
        gap=e.gap,
        note=e.note,
    )


# -- milestones -----------------------------------------------------------------------------


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

    @strawberry.field
    def title(self) -> str:
        """What is to be done."""
        return self.row.title

    @strawberry.field(description="The year it is due in.")
    def year(self) -> int:
        """Year of the due date."""
        return self.row.due_date.year

    @strawberry.field
    def due_date(self) -> datetime.date:
        """When it is due (the plan's own: 31 December of their year)."""
        return self.row.due_date

    @strawberry.field
    def done_date(self) -> datetime.date | None:
        """When it was done."""
        return self.row.done_date

    @strawberry.field
    def evidence(self) -> str | None:
        """The evidence given when it was done."""
        return self.row.evidence

    @strawberry.field
    def note(self) -> str | None:
        """The note given when it was added."""
        return self.row.note

    @strawberry.field(description="True for the plan's own milestones, false for work items added later.")
    def from_plan(self) -> bool:
        """Whether it comes from plan.toml."""
        return self.row.origin == "plan"

    @strawberry.field
    def cancelled(self) -> bool:
        """Cancelled items keep their history."""
        return self.row.cancelled_at is not None

    @strawberry.field
    def state(self, info: Info) -> MilestoneStateEnum:
        """Where it stands today."""
        return MilestoneStateEnum(ms.milestone_state(self.row, info.context.platform.today()).value)

    @strawberry.field
    def department(self, info: Info) -> DepartmentType:
        """The responsible department."""
        return _department(info, self.row.department)

    @strawberry.field
    def project(self) -> str:
        """The project's code."""
        return self.row.project_code

    @strawberry.field
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
    states = [ms.milestone_state(r, today) for r in project_milestones(info, project)]
    return MilestoneStateEnum(ms.project_state(states).value)


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


def _write(info: Info, action: Callable[[UnitOfWork], T]) -> T:
    with info.context.platform.write(info.context.actor) as work:
        result = action(work)
    info.context.platform.after_write()
    return result


def _milestone(
    info: Info, action: Callable[[UnitOfWork, ms.MilestoneService], MilestoneRow]
) -> MilestoneResult:
    service = ms.MilestoneService(info.context.plan)
    try:
        return MilestoneType(row=_write(info, lambda w: action(w, service)))
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


# -- timeliness -----------------------------------------------------------------------------


@strawberry.type(description="An expected report that did not arrive.")
class MissingItem:
    """An indicator or task target code and the cycle."""

    code: str
    period: str


@strawberry.type(description="One department's reports for one cycle.")
class DepartmentTimeliness:
    """A report counts at its first accepted revision."""

    department: DepartmentType
    expected: int
    on_time: int
    late: int
    missing: int
    pending: int = strawberry.field(description="Not reported yet, deadline not passed.")
    missing_items: list[MissingItem]


@strawberry.type(description="Reporting timeliness of one cycle (a month, quarter or year).")
class Timeliness:
    """Every department's expected, on-time, late, missing and pending reports."""

    period: str
    deadline: datetime.date
    departments: list[DepartmentTimeliness]


def timeliness(info: Info, period: str, jurisdiction: str | None = None) -> Timeliness:
    """Reporting timeliness of one cycle: ``2025-07`` (monthly items), ``2025Q3`` (quarterly
    items) or ``2025`` (yearly items); default jurisdiction: the home county."""
    platform = info.context.platform
    service = TimelinessService(info.context.plan, platform.engine, platform.deadlines)
    result = service.cycle(_period(period), platform.today(), jurisdiction)
    return Timeliness(
        period=str(result.period),
        deadline=result.deadline,
        departments=[
            DepartmentTimeliness(
                department=_department(info, d.department),
                expected=d.expected,
                on_time=d.on_time,
                late=d.late,
                missing=d.missing,
                pending=d.pending,
                missing_items=[MissingItem(code=c, period=p) for c, p in d.missing_items],
            )
            for d in result.departments
        ],
    )


# -- surveys --------------------------------------------------------------------------------


@strawberry.type(description="The change from the previous survey of the same domain and jurisdiction.")
class SurveyChange:
    """Significant only when larger than 1.96·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂) points."""

    from_: str = strawberry.field(name="from", description="The previous survey's period.")
    difference: Decimal = strawberry.field(description="Later − earlier, in percentage points.")
    threshold: Decimal = strawberry.field(description="The size a significant change must exceed (points).")
    significant: bool


@strawberry.type(name="Survey", description="A satisfaction survey (群众满意度测评).")
class SurveyType:
    """The share satisfied (%) of a sample, with its 95 % margin of error."""

    reading: strawberry.Private[SurveyReading]

    @strawberry.field
    def id(self) -> strawberry.ID:
        """Stable id."""
        return strawberry.ID(str(self.reading.row.id))

    @strawberry.field
    def domain(self, info: Info) -> DomainType:
        """The domain surveyed."""
        found = info.context.plan.domain(self.reading.row.domain_code)
        assert found is not None  # recorded only for known domains
        return DomainType(m=found)

    @strawberry.field
    def jurisdiction(self) -> str:
        """GB/T 2260 code."""
        return self.reading.row.jurisdiction_code

    @strawberry.field
    def period(self) -> str:
        """The period surveyed."""
        return self.reading.row.period

    @strawberry.field(description="Share satisfied, %.")
    def satisfied(self) -> Decimal:
        """As recorded."""
        return self.reading.satisfied

    @strawberry.field
    def sample_size(self) -> int:
        """People asked."""
        return self.reading.row.sample_size

    @strawberry.field(description="95 % margin of error in percentage points: 1.96·√(p(1−p)/n).")
    def margin_of_error(self) -> Decimal:
        """In points, 2 places."""
        return self.reading.margin

    @strawberry.field
    def note(self) -> str | None:
        """The note given."""
        return self.reading.row.note

    @strawberry.field
    def change(self) -> SurveyChange | None:
        """The change from the previous survey (null for the first)."""
        c, before = self.reading.change, self.reading.previous
        if c is None or before is None:
            return None
        return SurveyChange(
            from_=before.period, difference=c.difference, threshold=c.threshold, significant=c.significant
        )


@strawberry.input(description="A satisfaction survey to record.")
class SurveyInput:
    """satisfied: 0-100 (%); sampleSize ≥ 1; jurisdiction: default the home county."""

    domain: str
    period: str
    satisfied: Decimal
    sample_size: int
    jurisdiction: str | None = None
    note: str | None = None


@strawberry.type(description="The survey was not recorded: every reason is listed.")
class SurveyRejected:
    """Input errors naming the field."""

    errors: list[InputError]


SurveyResult = Annotated[SurveyType | SurveyRejected | PermissionDenied, strawberry.union("SurveyResult")]


def record_survey(info: Info, input: SurveyInput) -> SurveyResult:
    """Record a survey: a supervisor, or a reporter of the domain's lead department."""
    service = SurveyService(info.context.plan)
    new = NewSurvey(
        input.domain, input.period, input.satisfied, input.sample_size, input.jurisdiction, input.note
    )
    today = info.context.platform.today()
    try:
        row = _write(info, lambda w: service.record(w, new, today))
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except ValidationError as exc:
        return SurveyRejected(
            errors=[InputError(index=e.index, field=e.field, message=e.message) for e in exc.errors]
        )
    with info.context.platform.sessions() as session:
        reading = next(
            r for r in service.list(session, row.domain_code, row.jurisdiction_code) if r.row.id == row.id
        )
    return SurveyType(reading=reading)


def surveys(info: Info, domain: str, jurisdiction: str | None = None) -> list[SurveyType]:
    """A domain's surveys in period order (every jurisdiction unless one is given)."""
    with info.context.platform.sessions() as session:
        readings = SurveyService(info.context.plan).list(session, domain, jurisdiction)
    return [SurveyType(reading=r) for r in readings]
