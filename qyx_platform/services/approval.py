"""Approving a reported revision (where approval is on, the current value is the newest
approved revision)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from qyx_platform.errors import NotFoundError
from qyx_platform.services.auth import Role
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import CurrentValueRow, ObservationRow


def approve(work: UnitOfWork, observation_id: int) -> ObservationRow:
    """Approve one revision as ``work``'s actor; it becomes current unless a newer approved
    revision exists."""
    session, actor = work.session, work.actor
    actor.require(Role.SUPERVISOR, "approving a value")
    row = session.get(ObservationRow, observation_id)
    if row is None:
        raise NotFoundError(f"no observation revision {observation_id}")
    if row.approved:
        return row
    row.approved = True
    row.approved_by = actor.name
    row.approved_at = datetime.now(UTC)
    key = (
        CurrentValueRow.indicator_code == row.indicator_code,
        CurrentValueRow.jurisdiction_code == row.jurisdiction_code,
        CurrentValueRow.series == row.series,
        CurrentValueRow.period_sort == row.period_sort,
    )
    current = session.scalar(select(CurrentValueRow.revision).where(*key))
    if current is None or current < row.revision:
        session.execute(update(CurrentValueRow).where(*key).values(value=row.value, revision=row.revision))
    work.record(
        "observation.approve",
        "observation",
        str(row.id),
        before={"approved": False},
        after={"approved": True, "revision": row.revision, "value": row.value},
    )
    return row
