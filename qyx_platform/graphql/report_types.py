"""The reporting mutation: input rows, accepted observations, typed rejections."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from qyx_platform.errors import PermissionDeniedError, ValidationError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.observation_type import Observation
from qyx_platform.model import ObservationInput as ServiceInput
from qyx_platform.services.history import stored_rows


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


@strawberry.type(description="The report was accepted: every row is a new revision, or unchanged.")
class ReportAccepted:
    """Every row accepted: ``observations`` are the revisions written; ``unchanged`` rows
    repeated their value's latest revision and wrote nothing."""

    accepted: int
    unchanged: int
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
    with info.context.platform.sessions() as session:
        stored_revisions = stored_rows(session, stored)
    unchanged = getattr(stored, "unchanged", 0)
    return ReportAccepted(
        accepted=len(stored) + unchanged,
        unchanged=unchanged,
        observations=[Observation(row=r) for r in stored_revisions],
    )
