"""The reporting mutation: input rows, accepted observations, typed rejections."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from qyx_platform.errors import PermissionDeniedError, ValidationError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import IndicatorType
from qyx_platform.model import ObservationInput as ServiceInput
from qyx_platform.model import StoredObservation


@strawberry.input(description="One value to report.")
class ObservationInput:
    """indicator: code or plan number; period: 2025, 2025Q3 or 2025-07; jurisdiction: GB/T
    2260 code (default: the home county); series: for indicators with series (指标 12)."""

    indicator: str
    period: str
    value: Decimal
    jurisdiction: str | None = None
    series: str | None = None
    note: str | None = None


@strawberry.type(description="One stored revision of a value.")
class Observation:
    """A value as stored, with its revision number and who reported it."""

    m: strawberry.Private[StoredObservation]

    @strawberry.field
    def indicator(self, info: Info) -> IndicatorType:
        """The indicator."""
        return IndicatorType.of(info, info.context.plan.indicator(self.m.indicator))

    @strawberry.field
    def period(self) -> str:
        """The period."""
        return self.m.period

    @strawberry.field
    def jurisdiction(self) -> str:
        """GB/T 2260 code."""
        return self.m.jurisdiction

    @strawberry.field
    def series(self) -> str | None:
        """Series key, or null."""
        return self.m.series

    @strawberry.field
    def value(self) -> Decimal:
        """The value exactly as reported."""
        return self.m.value

    @strawberry.field
    def revision(self) -> int:
        """Revision number of this key, 1 for the first report."""
        return self.m.revision

    @strawberry.field
    def approved(self) -> bool:
        """False while awaiting a supervisor's approval (when approval is on)."""
        return self.m.approved

    @strawberry.field
    def reported_by(self) -> str:
        """Who reported it."""
        return self.m.reported_by

    @strawberry.field
    def reported_at(self) -> datetime.datetime:
        """When it was reported."""
        return self.m.reported_at

    @strawberry.field
    def note(self) -> str | None:
        """The reporter's note."""
        return self.m.note

    @strawberry.field
    def source(self) -> str:
        """api, import, …"""
        return self.m.source


@strawberry.type(description="The report was stored: every row is a new revision.")
class ReportAccepted:
    """All rows stored."""

    accepted: int
    observations: list[Observation]


@strawberry.type(description="A problem with one input row.")
class InputError:
    """index: 0-based row; field: which input field; message: what to do."""

    index: int
    field: str
    message: str


@strawberry.type(description="Nothing was stored: every problem is listed.")
class ReportRejected:
    """The rows were rejected as a whole."""

    errors: list[InputError]


@strawberry.type(description="The caller's token does not allow this; nothing changed.")
class PermissionDenied:
    """A typed authorisation error."""

    message: str


ReportResult = Annotated[ReportAccepted | ReportRejected | PermissionDenied, strawberry.union("ReportResult")]


def report_observations(info: Info, input: list[ObservationInput]) -> ReportResult:
    """Report actual values as one all-or-nothing batch (needs a reporter token)."""
    rows = [ServiceInput(r.indicator, r.period, r.value, r.jurisdiction, r.series, r.note) for r in input]
    try:
        actor = info.context.actor
        stored = info.context.platform.report(rows, actor=actor)
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except ValidationError as exc:
        return ReportRejected(
            errors=[InputError(index=e.index, field=e.field, message=e.message) for e in exc.errors]
        )
    return ReportAccepted(accepted=len(stored), observations=[Observation(m=s) for s in stored])
