"""Reading history: every revision of a value, and the audit log, one page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qyx_platform.errors import NotFoundError
from qyx_platform.i18n import _
from qyx_platform.model import Period, Plan, StoredObservation
from qyx_platform.services.auth import ANONYMOUS, Actor, Role
from qyx_platform.services.corrections import visible_to
from qyx_platform.store.tables import AuditRow, ObservationRow


@dataclass(frozen=True)
class RevisionFilter:
    """Which revisions to list: one indicator, optionally narrowed."""

    indicator: str
    jurisdiction: str | None = None
    period: str | None = None
    series: str | None = None

    @classmethod
    def of(
        cls,
        plan: Plan,
        indicator: str,
        jurisdiction: str | None = None,
        period: str | None = None,
        series: str | None = None,
    ) -> RevisionFilter:
        """The filter a caller asks for, checked and normalised: an indicator or task target
        that exists (NotFoundError otherwise), a series of it named by key, name or English
        name (NotFoundError otherwise), a period as stored (``" 2025 "`` is ``2025``;
        PeriodError for one that is not a period), a jurisdiction code stripped."""
        from qyx_platform.services.lookup import measure

        found = measure(plan, indicator)
        key = None
        if series is not None:
            chosen = found.find_series(series)
            if chosen is None:
                raise NotFoundError(
                    _("indicator {code} has no series '{series}'", code=found.code, series=series)
                )
            key = chosen.key
        return cls(
            found.code,
            None if jurisdiction is None else jurisdiction.strip(),
            None if period is None else str(Period.parse(period.strip())),
            key,
        )


def revisions(
    session: Session,
    where: RevisionFilter,
    after_id: int | None,
    limit: int,
    actor: Actor = ANONYMOUS,
) -> tuple[int, list[ObservationRow]]:
    """(total, a page of the revisions ``actor`` may see) in the order they were stored."""
    query = select(ObservationRow).where(ObservationRow.indicator_code == where.indicator, visible_to(actor))
    if where.jurisdiction is not None:
        query = query.where(ObservationRow.jurisdiction_code == where.jurisdiction)
    if where.period is not None:
        query = query.where(ObservationRow.period == where.period)
    if where.series is not None:
        query = query.where(ObservationRow.series == where.series)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if after_id is not None:
        query = query.where(ObservationRow.id > after_id)
    rows = list(session.scalars(query.order_by(ObservationRow.id).limit(limit)))
    return total, rows


def audit_entries(
    session: Session, after_id: int | None, limit: int, actor: Actor
) -> tuple[int, list[AuditRow]]:
    """(total, a page of audit entries) oldest first; reading it needs a supervisor or an
    admin (PermissionDeniedError otherwise)."""
    actor.require(Role.SUPERVISOR, _("reading the audit log"))
    total = session.scalar(select(func.count()).select_from(AuditRow)) or 0
    query = select(AuditRow)
    if after_id is not None:
        query = query.where(AuditRow.id > after_id)
    return total, list(session.scalars(query.order_by(AuditRow.id).limit(limit)))


def stored_rows(session: Session, stored: Sequence[StoredObservation]) -> list[ObservationRow]:
    """The stored rows of the revisions a report returned, in its order (one statement)."""
    if not stored:
        return []
    wanted = {
        (s.indicator, s.jurisdiction, s.period, s.series or "", s.revision): n for n, s in enumerate(stored)
    }
    query = select(ObservationRow).where(
        ObservationRow.indicator_code.in_({s.indicator for s in stored}),
        ObservationRow.jurisdiction_code.in_({s.jurisdiction for s in stored}),
        ObservationRow.revision.in_({s.revision for s in stored}),
    )
    found: list[ObservationRow | None] = [None] * len(stored)
    for row in session.scalars(query):
        n = wanted.get((row.indicator_code, row.jurisdiction_code, row.period, row.series, row.revision))
        if n is not None:
            found[n] = row
    return [r for r in found if r is not None]
