"""Column types that read back the same on SQLite and PostgreSQL.

:class:`UTCDateTime` stores an aware datetime and always reads one back in UTC: PostgreSQL's
``timestamptz`` answers with an offset, SQLite's text without one; both now answer
``2026-12-01T08:00:00+00:00``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that refuses naive datetimes on write and reads aware UTC
    datetimes on every database (SQLite stores them as text without an offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware datetimes are stored in UTC; a naive one is taken to be UTC already."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value
        value = value.astimezone(UTC)
        # SQLite keeps the text as given: store it without an offset, as before
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Always an aware datetime in UTC."""
        if value is None:
            return None
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
