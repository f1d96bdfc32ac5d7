"""``Observation``: one stored revision of a value, the one GraphQL type for it (the report
mutation's answer, history, the approval queue, corrections)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

import strawberry

from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import IndicatorType
from qyx_platform.store.tables import ObservationRow


@strawberry.type(
    description=(
        "One stored revision of a value, with who, when and note. Nothing is overwritten: a "
        "correction is a new revision, a withdrawal or rejection marks one."
    )
)
class Observation:
    """A revision as stored; the current value of its key is the newest revision that is
    approved, not withdrawn, not rejected and not a forecast."""

    row: strawberry.Private[ObservationRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        """Id (for approveObservation, withdrawObservation, rejectObservation)."""
        return strawberry.ID(str(self.row.id))

    @strawberry.field
    def indicator(self, info: Info) -> IndicatorType:
        """The indicator."""
        return IndicatorType.of(info, info.context.plan.indicator(self.row.indicator_code))

    @strawberry.field
    def jurisdiction(self) -> str:
        """GB/T 2260 code."""
        return self.row.jurisdiction_code

    @strawberry.field
    def period(self) -> str:
        """The period: 2025, 2025Q3 or 2025-07."""
        return self.row.period

    @strawberry.field
    def series(self) -> str | None:
        """Series key, or null."""
        return self.row.series or None

    @strawberry.field
    def revision(self) -> int:
        """Revision number of this key (1, 2, … gapless)."""
        return self.row.revision

    @strawberry.field
    def value(self) -> Decimal | None:
        """The value exactly as reported (null only for a stored text that is not a number,
        which the service never writes)."""
        try:
            return Decimal(self.row.value)
        except InvalidOperation:
            return None

    @strawberry.field
    def approved(self) -> bool:
        """False while awaiting a supervisor's approval (when approval is on)."""
        return self.row.approved

    @strawberry.field
    def withdrawn(self) -> bool:
        """Withdrawn by its reporter: it no longer counts."""
        return self.row.withdrawn

    @strawberry.field
    def rejected(self) -> bool:
        """Rejected by a supervisor: it no longer counts."""
        return self.row.rejected

    @strawberry.field
    def forecast(self) -> bool:
        """A forecast for a period not yet ended: never the current value."""
        return self.row.forecast

    @strawberry.field
    def review_reason(self) -> str | None:
        """Why it was withdrawn or rejected."""
        return self.row.review_reason

    @strawberry.field
    def reviewed_by(self) -> str | None:
        """Who withdrew or rejected it."""
        return self.row.reviewed_by

    @strawberry.field
    def reported_by(self) -> str:
        """Who reported it."""
        return self.row.reported_by

    @strawberry.field
    def reported_at(self) -> datetime.datetime:
        """When it was reported (ISO 8601 with offset)."""
        return self.row.reported_at

    @strawberry.field
    def note(self) -> str | None:
        """The reporter's note."""
        return self.row.note

    @strawberry.field
    def source(self) -> str:
        """api or import."""
        return self.row.source
