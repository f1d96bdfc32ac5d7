"""One database connection for every read of a request.

A GraphQL request reads the data version, maybe the caller's token, jurisdictions and values:
each read used to check a connection out of the pool (and, on PostgreSQL, ping it). A
:class:`ReadScope` checks one out on the first read, lends it to every later read of the
request (through SQLAlchemy or straight through the driver's cursor) and returns it when the
request ends. Without a scope, readers open a connection per read, as a script would.

Reads through SQLAlchemy share a transaction (on SQLite a snapshot). A write made in the same
request (a mutation) gives the connection back: the unit of work
(:mod:`qyx_platform.services.unit_of_work`) calls :meth:`ReadScope.refresh` on the scope of the
current request (a context variable) before it takes its own connection and again after it
commits, so a request never holds two connections and its reads after the write see it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, Executable
from sqlalchemy.orm import Session

_CURRENT: ContextVar[ReadScope | None] = ContextVar("qyx_read_scope", default=None)


class ReadScope:
    """A connection checked out on first use and shared by every read until :meth:`close`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._session: Session | None = None
        #: counts :meth:`refresh` calls: a reader that cached what it read compares it
        self.generation = 0

    @property
    def connection(self) -> Connection:
        """The scope's SQLAlchemy connection (checked out now if it is not yet)."""
        if self._connection is None:
            self._connection = self.engine.connect()
        return self._connection

    @property
    def session(self) -> Session:
        """An ORM session on the scope's connection, for reads that need mapped rows."""
        if self._session is None:
            self._session = Session(bind=self.connection, expire_on_commit=False)
        return self._session

    def execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> Sequence[Any]:
        """Every row of ``statement``, run through SQLAlchemy on the scope's connection."""
        return self.connection.execute(statement, parameters or {}).all()

    def driver_rows(self, sql: str, arguments: Any) -> list[Any]:
        """Every row of ``sql`` run on the driver's own cursor of the scope's connection (no
        SQLAlchemy ``Row`` objects: for reads of tens of thousands of rows)."""
        # straight on the driver: SQLite reads in autocommit (no BEGIN/ROLLBACK round trip);
        # psycopg opens its own transaction, which the pool rolls back when the scope ends
        cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, arguments)
            rows: list[Any] = cursor.fetchall()
            return rows
        finally:
            cursor.close()

    def refresh(self) -> None:
        """Give the connection back to the pool (a later read checks one out again and sees
        what was written since). A writer calls this before it takes its own connection, so
        that no request ever holds two: with the pool's size of concurrent requests all
        writing, each holding its read connection, none could get a second."""
        self.generation += 1
        self.close()

    def close(self) -> None:
        """Return the connection to the pool (nothing was written through it)."""
        if self._session is not None:
            self._session.close()
            self._session = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@contextmanager
def read_scope(engine: Engine) -> Iterator[ReadScope]:
    """A :class:`ReadScope` current for the block (see :func:`current_scope`), closed after."""
    scope = ReadScope(engine)
    token = _CURRENT.set(scope)
    try:
        yield scope
    finally:
        _CURRENT.reset(token)
        scope.close()


def current_scope() -> ReadScope | None:
    """The scope of the request being served, or None outside one."""
    return _CURRENT.get()


def refresh_current_scope() -> None:
    """After a write: let the current request's later reads see it (see the module doc)."""
    scope = _CURRENT.get()
    if scope is not None:
        scope.refresh()
