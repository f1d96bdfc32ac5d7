"""The append-only audit log. Writers add entries through
:meth:`qyx_platform.services.unit_of_work.UnitOfWork.record`, never directly."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from qyx_platform.services.auth import Actor
from qyx_platform.store.tables import AuditRow


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
