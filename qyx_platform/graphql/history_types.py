"""Revisions of values and the audit log in GraphQL; approving a revision."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from qyx_platform.errors import NotFoundError, PermissionDeniedError
from qyx_platform.graphql.connections import Connection, connection, decode_cursor, page_size, parse_id
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.problem_types import NotFound
from qyx_platform.graphql.report_types import PermissionDenied
from qyx_platform.services.approval import approve
from qyx_platform.services.auth import Role
from qyx_platform.services.history import RevisionFilter, audit_entries, revisions
from qyx_platform.store.tables import AuditRow, ObservationRow


@strawberry.type(description="One stored revision of a value, with who, when and note.")
class Revision:
    """Nothing is overwritten: a correction is a new revision."""

    row: strawberry.Private[ObservationRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        """Id (for approveObservation)."""
        return strawberry.ID(str(self.row.id))

    @strawberry.field
    def indicator(self) -> str:
        """Indicator code."""
        return self.row.indicator_code

    @strawberry.field
    def jurisdiction(self) -> str:
        """GB/T 2260 code."""
        return self.row.jurisdiction_code

    @strawberry.field
    def period(self) -> str:
        """Period."""
        return self.row.period

    @strawberry.field
    def series(self) -> str | None:
        """Series key or null."""
        return self.row.series or None

    @strawberry.field
    def revision(self) -> int:
        """Revision number (1, 2, … per key, gapless)."""
        return self.row.revision

    @strawberry.field
    def value(self) -> Decimal:
        """The value exactly as reported."""
        return Decimal(self.row.value)

    @strawberry.field
    def approved(self) -> bool:
        """Approved (always true when approval is off)."""
        return self.row.approved

    @strawberry.field
    def reported_by(self) -> str:
        """Who reported."""
        return self.row.reported_by

    @strawberry.field
    def reported_at(self) -> datetime.datetime:
        """When."""
        return self.row.reported_at

    @strawberry.field
    def note(self) -> str | None:
        """The reporter's note."""
        return self.row.note

    @strawberry.field
    def source(self) -> str:
        """api or import."""
        return self.row.source


@strawberry.type(description="An append-only record of a write.")
class AuditEntry:
    """Who did what, when, with the state before and after (JSON)."""

    row: strawberry.Private[AuditRow]

    @strawberry.field
    def id(self) -> strawberry.ID:
        """Id."""
        return strawberry.ID(str(self.row.id))

    @strawberry.field
    def at(self) -> datetime.datetime:
        """When."""
        return self.row.at

    @strawberry.field
    def actor(self) -> str:
        """Who."""
        return self.row.actor

    @strawberry.field
    def action(self) -> str:
        """What (report, problem.raise, …)."""
        return self.row.action

    @strawberry.field
    def entity(self) -> str:
        """Kind of thing changed."""
        return self.row.entity

    @strawberry.field
    def entity_id(self) -> str:
        """Which one."""
        return self.row.entity_id

    @strawberry.field
    def before(self) -> str | None:
        """State before, as JSON."""
        return self.row.before

    @strawberry.field
    def after(self) -> str | None:
        """State after, as JSON."""
        return self.row.after


def observations(
    info: Info,
    indicator: str,
    jurisdiction: str | None = None,
    period: str | None = None,
    series: str | None = None,
    first: int = 50,
    after: str | None = None,
) -> Connection[Revision]:
    """Every revision of an indicator's values, oldest first."""
    size = page_size(first)
    found = info.context.plan.find_indicator(indicator)
    code = found.code if found else indicator
    key = found.series_key_for(series) if found else series
    with info.context.platform.sessions() as session:
        total, rows = revisions(
            session,
            RevisionFilter(code, jurisdiction, period, key),
            decode_cursor("revision", after),
            size + 1,
        )
    return connection("revision", total, [(r.id, Revision(row=r)) for r in rows], size)


def audit_log(info: Info, first: int = 50, after: str | None = None) -> Connection[AuditEntry]:
    """The audit log, oldest first (supervisors and admins)."""
    info.context.actor.require(Role.SUPERVISOR, "reading the audit log")
    size = page_size(first)
    with info.context.platform.sessions() as session:
        total, rows = audit_entries(session, decode_cursor("audit", after), size + 1)
    return connection("audit", total, [(r.id, AuditEntry(row=r)) for r in rows], size)


ApproveResult = Annotated[Revision | PermissionDenied | NotFound, strawberry.union("ApproveResult")]


def approve_observation(info: Info, id: strawberry.ID) -> ApproveResult:
    """Approve a revision (supervisor); it becomes current unless a newer one is approved."""
    key = parse_id(id)
    if key is None:
        return NotFound(message=f"no observation revision {id!r}")
    try:
        with info.context.platform.write(info.context.actor) as work:
            return Revision(row=approve(work, key))
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except NotFoundError as exc:
        return NotFound(message=str(exc))
