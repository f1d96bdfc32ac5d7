"""The append-only audit log and the data version that every write bumps."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, String, cast, update
from sqlalchemy.orm import Session

from qyx_platform.services.auth import Actor
from qyx_platform.store.tables import AuditRow, MetaRow

DATA_VERSION = "data_version"
#: the data version's row, as plain SQL for the per-request check
DATA_VERSION_SQL = f"SELECT value FROM meta WHERE key = '{DATA_VERSION}'"


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one audit entry (before/after as JSON) in the caller's transaction."""
    session.add(
        AuditRow(
            at=datetime.now(UTC),
            actor=actor.name,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            after=None if after is None else json.dumps(after, ensure_ascii=False, default=str),
        )
    )


def bump_data_version(session: Session) -> None:
    """Increase the data version atomically in the caller's transaction (caches compare it)."""
    result = session.execute(
        update(MetaRow)
        .where(MetaRow.key == DATA_VERSION)
        .values(value=cast(cast(MetaRow.value, Integer) + 1, String))
    )
    if not getattr(result, "rowcount", 0):
        session.add(MetaRow(key=DATA_VERSION, value="1"))
