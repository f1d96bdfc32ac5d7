"""Satisfaction surveys (群众满意度测评) in GraphQL: record one, list a domain's with margins
of error and significant changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from qyx_platform.errors import PermissionDeniedError, ValidationError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.fields import described
from qyx_platform.graphql.plan_types import DomainType
from qyx_platform.graphql.report_types import InputError, PermissionDenied
from qyx_platform.graphql.supervision_common import write
from qyx_platform.services.surveys import NewSurvey, SurveyReading, SurveyService


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

    @described
    def id(self) -> strawberry.ID:
        """Stable id."""
        return strawberry.ID(str(self.reading.row.id))

    @described
    def domain(self, info: Info) -> DomainType:
        """The domain surveyed."""
        found = info.context.plan.domain(self.reading.row.domain_code)
        assert found is not None  # recorded only for known domains
        return DomainType(m=found)

    @described
    def jurisdiction(self) -> str:
        """GB/T 2260 code."""
        return self.reading.row.jurisdiction_code

    @described
    def period(self) -> str:
        """The period surveyed."""
        return self.reading.row.period

    @strawberry.field(description="Share satisfied, %.")
    def satisfied(self) -> Decimal:
        """As recorded."""
        return self.reading.satisfied

    @described
    def sample_size(self) -> int:
        """People asked."""
        return self.reading.row.sample_size

    @strawberry.field(description="95 % margin of error in percentage points: 1.96·√(p(1−p)/n).")
    def margin_of_error(self) -> Decimal:
        """In points, 2 places."""
        return self.reading.margin

    @described
    def note(self) -> str | None:
        """The note given."""
        return self.reading.row.note

    @described
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
        row = write(info, lambda w: service.record(w, new, today))
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except ValidationError as exc:
        return SurveyRejected(
            errors=[InputError(index=e.index, field=e.field, message=e.message) for e in exc.errors]
        )
    with info.context.platform.sessions() as session:
        return SurveyType(reading=service.reading(session, row.id))


def surveys(info: Info, domain: str, jurisdiction: str | None = None) -> list[SurveyType]:
    """A domain's surveys in period order (every jurisdiction unless one is given)."""
    with info.context.platform.sessions() as session:
        readings = SurveyService(info.context.plan).list(session, domain, jurisdiction)
    return [SurveyType(reading=r) for r in readings]
