"""Supervision in GraphQL (plan section 三): where a task target stands, and reporting
timeliness (milestones: ``milestone_types``; surveys: ``survey_types``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DepartmentType
from qyx_platform.graphql.scalars import State
from qyx_platform.graphql.status_types import jurisdiction_argument
from qyx_platform.graphql.supervision_common import department, period_argument
from qyx_platform.services.timeliness import TimelinessService

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
    asked = period_argument(period)
    where = jurisdiction_argument(info, jurisdiction)
    e = service.status(code, asked, where)
    return TaskTargetStatusType(
        jurisdiction=where,
        period=str(e.period),
        state=State(e.state.value),
        actual=e.actual,
        checkpoint=e.checkpoint,
        gap=e.gap,
        note=str(e.note),
    )


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
    """Reporting timeliness of one cycle: 2025-07 (monthly items), 2025Q3 (quarterly items) or
    2025 (yearly items), by department; default jurisdiction: the home county."""
    platform = info.context.platform
    asked = period_argument(period)
    where = jurisdiction_argument(info, jurisdiction)
    service = TimelinessService(info.context.plan, platform.engine, platform.deadlines)
    result = service.cycle(asked, platform.today(), where)
    return Timeliness(
        period=str(result.period),
        deadline=result.deadline,
        departments=[
            DepartmentTimeliness(
                department=department(info, d.department),
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
