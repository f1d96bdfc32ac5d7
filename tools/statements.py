"""Counting the SQL statements that reach the database driver, for tests and benchmarks.

SQLAlchemy's events see only what goes through a Connection; the platform's large reads go
straight to the DB-API cursor. This counter sits below both: SQLite's trace callback, and on
PostgreSQL a psycopg cursor class, installed on every pooled connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

#: statements that only begin or end a transaction
TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"})
#: what the pool's liveness check (``pool_pre_ping``) sends on PostgreSQL
PING = ";"


def kind_of(statement: str) -> str:
    """The statement's first word in capitals (``SELECT``, ``BEGIN``), or ``;`` for a ping."""
    words = statement.split(None, 1)
    return words[0].upper() if words else PING


def is_query(statement: str) -> bool:
    """True for a statement that does work: not transaction control, not a pool ping."""
    kind = kind_of(statement)
    return kind not in TRANSACTION_CONTROL and kind != PING


@contextmanager
def driver_statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement the driver runs inside the block, as text, in order. The pool's
    connections are reopened on entry and exit (the counter is installed when they open);
    psycopg sends BEGIN implicitly, so on PostgreSQL transaction control is not seen."""
    seen: list[str] = []

    def install(dbapi_connection: Any, _record: Any) -> None:
        if hasattr(dbapi_connection, "set_trace_callback"):  # sqlite3
            dbapi_connection.set_trace_callback(seen.append)
        else:
            dbapi_connection.cursor_factory = _noting_cursor(seen)

    event.listen(engine, "connect", install)
    engine.dispose()
    try:
        yield seen
    finally:
        event.remove(engine, "connect", install)
        engine.dispose()


def _noting_cursor(seen: list[str]) -> type[Any]:
    import psycopg

    class Noting(psycopg.Cursor[Any]):
        def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(str(query))
            return super().execute(query, *args, **kwargs)

        def executemany(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(str(query))
            return super().executemany(query, *args, **kwargs)

        def copy(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(str(statement))
            return super().copy(statement, *args, **kwargs)

    return Noting
