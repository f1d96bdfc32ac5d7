"""Revisions of values and the audit log in GraphQL."""

from __future__ import annotations

import datetime

import strawberry

from qyx_platform.graphql.connections import Connection, connection, decode_cursor, page_size
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.observation_type import Observation
from qyx_platform.services.history import RevisionFilter, audit_entries, revisions
from qyx_platform.store.tables import AuditRow


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
) -> Connection[Observation]:
    """Every revision of an indicator's (or task target's) values, oldest first. Revisions
    not approved (waiting, or refused before approval) are listed only for supervisors and for
    their reporter. An unknown indicator or series, or a period that is not one, is an error."""
    size = page_size(first)
    after_id = decode_cursor("revision", after)
    where = RevisionFilter.of(info.context.plan, indicator, jurisdiction, period, series)
    with info.context.platform.sessions() as session:
        total, rows = revisions(session, where, after_id, size + 1, info.context.actor)
    return connection("revision", total, [(r.id, Observation(row=r)) for r in rows], size)


def audit_log(info: Info, first: int = 50, after: str | None = None) -> Connection[AuditEntry]:
    """The audit log, oldest first (supervisors and admins)."""
    size = page_size(first)
    with info.context.platform.sessions() as session:
        total, rows = audit_entries(session, decode_cursor("audit", after), size + 1, info.context.actor)
    return connection("audit", total, [(r.id, AuditEntry(row=r)) for r in rows], size)
