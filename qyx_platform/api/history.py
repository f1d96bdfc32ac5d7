"""Revisions of values, their approval and corrections, and the audit log, from Python."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from qyx_platform.i18n import lazy_gettext
from qyx_platform.results import AUDIT_COLUMNS, REVISION_COLUMNS, AuditEntry, ResultTable, Revision

if TYPE_CHECKING:
    from qyx_platform.services.auth import Actor
    from qyx_platform.store.tables import ObservationRow

from qyx_platform.api._base import APIBase, _all_pages, _local_operator
from qyx_platform.services.arguments import row_id


class HistoryAPI(APIBase):
    """``observations``, ``pending``, ``approve``, ``withdraw``, ``reject`` and ``audit_log``
    of :class:`~qyx_platform.platform.Platform`."""

    def observations(
        self,
        indicator: str,
        *,
        jurisdiction: str | None = None,
        period: str | None = None,
        series: str | None = None,
        actor: Actor | None = None,
    ) -> ResultTable[Revision]:
        """Every stored revision of an indicator's (or task target's) values that ``actor``
        may see, oldest first: approved ones, and those waiting, withdrawn or rejected for
        supervisors and for their reporter (default actor: the local administrator, who
        sees all), as the GraphQL ``observations``."""
        from qyx_platform.services.history import RevisionFilter, revisions

        where = RevisionFilter.of(self.plan, indicator, jurisdiction, period, series)
        who = actor or _local_operator()
        with self.sessions() as session:
            rows = _all_pages(lambda after, size: revisions(session, where, after, size, who)[1])
            records = [revision_of(r) for r in rows]
        return ResultTable(
            records, REVISION_COLUMNS, lazy_gettext("Revisions of {code}", code=where.indicator)
        )

    def pending(self, actor: Actor | None = None, limit: int | None = None) -> ResultTable[Revision]:
        """Revisions waiting for approval that ``actor`` may see, oldest first, all of them
        (or at most ``limit``): those in its jurisdiction for a supervisor, its own for a
        reporter, none for anyone else (the GraphQL ``pendingObservations``)."""
        from qyx_platform.services import corrections

        who = actor or _local_operator()
        known = corrections.reportable(self.plan)
        with self.sessions() as session:
            rows = _all_pages(
                lambda after, size: corrections.pending(session, who, after, size, known)[1], limit
            )
            records = [revision_of(r) for r in rows]
        return ResultTable(records, REVISION_COLUMNS, lazy_gettext("Waiting for approval"))

    def approve(self, observation_id: int, actor: Actor | None = None) -> Revision:
        """Approve a revision waiting for approval (a supervisor, in its jurisdiction); it
        becomes current. CorrectionRefusedError for one older than the newest revision of its
        value, or withdrawn or rejected."""
        from qyx_platform.services import corrections

        key = row_id(observation_id)
        with self.write(actor or _local_operator()) as work:
            row = revision_of(corrections.approve(work, key))
        self.after_write()  # a correction is a write: the alert rules follow it
        return row

    def withdraw(self, observation_id: int, reason: str, actor: Actor | None = None) -> Revision:
        """Withdraw a revision the actor reported (with a reason); the current value falls
        back to the newest approved revision still standing."""
        from qyx_platform.services import corrections

        key = row_id(observation_id)
        with self.write(actor or _local_operator()) as work:
            row = revision_of(corrections.withdraw(work, key, reason).row)
        self.after_write()
        return row

    def reject(self, observation_id: int, reason: str, actor: Actor | None = None) -> Revision:
        """Reject a pending or current revision with a reason (a supervisor); the current value
        falls back to the newest approved revision still standing."""
        from qyx_platform.services import corrections

        key = row_id(observation_id)
        with self.write(actor or _local_operator()) as work:
            row = revision_of(corrections.reject(work, key, reason).row)
        self.after_write()
        return row

    def audit_log(
        self, *, actor: Actor | None = None, after: int | None = None, limit: int | None = None
    ) -> ResultTable[AuditEntry]:
        """The audit log, oldest first: every write with who, when and the state before and
        after (supervisors and admins; default actor: the local administrator). ``after``: only
        entries with a larger id; ``limit``: at most this many (default: all)."""
        from qyx_platform.services.history import audit_entries

        who = actor or _local_operator()
        with self.sessions() as session:
            rows = _all_pages(lambda start, size: audit_entries(session, start, size, who)[1], limit, after)
            records = [
                AuditEntry(r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after)
                for r in rows
            ]
        return ResultTable(records, AUDIT_COLUMNS, lazy_gettext("Audit log"))


def revision_of(row: ObservationRow) -> Revision:
    """The record of a stored revision."""
    return Revision(
        id=row.id,
        indicator=row.indicator_code,
        jurisdiction=row.jurisdiction_code,
        period=row.period,
        series=row.series or None,
        value=Decimal(row.value) if not isinstance(row.value, Decimal) else row.value,
        revision=row.revision,
        approved=bool(row.approved),
        reported_by=row.reported_by,
        reported_at=row.reported_at,
        source=row.source,
        note=row.note,
        withdrawn=bool(row.withdrawn),
        rejected=bool(row.rejected),
        forecast=bool(row.forecast),
        review_reason=row.review_reason,
        reviewed_by=row.reviewed_by,
    )
