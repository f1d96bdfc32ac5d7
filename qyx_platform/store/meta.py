"""The data version: one number in ``meta`` that every write raises, so caches (on one
process or on several sharing the database) know when what they hold is stale.

Only :mod:`qyx_platform.services.unit_of_work` raises it (once per write that changed
something) and a restore (past every version the database had before); readers look it up
once per request through :func:`read_data_version`.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, Integer, String, cast, insert, select, update
from sqlalchemy.orm import Session

from qyx_platform.store.tables import MetaRow

DATA_VERSION = "data_version"
#: the data version's row, as plain SQL for the per-request check
DATA_VERSION_SQL = f"SELECT value FROM meta WHERE key = '{DATA_VERSION}'"


def bump_data_version(session: Session) -> None:
    """Raise the data version by one, atomically, in the caller's transaction."""
    result = session.execute(
        update(MetaRow)
        .where(MetaRow.key == DATA_VERSION)
        .values(value=cast(cast(MetaRow.value, Integer) + 1, String))
    )
    if not getattr(result, "rowcount", 0):
        session.add(MetaRow(key=DATA_VERSION, value="1"))


def current_data_version(connection: Connection) -> int:
    """The data version seen by ``connection`` (0 before the first write)."""
    value = connection.scalar(select(MetaRow.value).where(MetaRow.key == DATA_VERSION))
    return int(value) if value else 0


def set_data_version(connection: Connection, version: int) -> None:
    """Store ``version`` as the data version (a restore sets it past every earlier one)."""
    done = connection.execute(update(MetaRow).where(MetaRow.key == DATA_VERSION).values(value=str(version)))
    if not getattr(done, "rowcount", 0):
        connection.execute(insert(MetaRow).values(key=DATA_VERSION, value=str(version)))


def read_data_version(engine: Engine) -> int:
    """The data version, asked once per request: through the driver, a tenth of the cost of a
    SQLAlchemy Connection."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(DATA_VERSION_SQL)
        row = cursor.fetchone()
        cursor.close()
    finally:
        raw.close()
    return int(row[0]) if row and row[0] else 0
