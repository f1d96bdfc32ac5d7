"""Database URL resolution, engine and session factories, and migrations to the newest schema.

Default: an SQLite file at ``$QYX_HOME/qyx.sqlite3`` (``QYX_HOME`` defaults to
``~/.local/share/qyx``), overridden by ``--db URL`` or ``QYX_DATABASE_URL``. PostgreSQL is
reached by URL (``postgresql+psycopg://user@host/db``; the ``postgres`` extra installs psycopg).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from qyx_platform.errors import ConfigurationError
from qyx_platform.store.scope import refresh_current_scope

ENV_URL = "QYX_DATABASE_URL"
ENV_HOME = "QYX_HOME"
#: seconds a statement may run before the database cancels it
STATEMENT_TIMEOUT_S = 30
#: seconds a pooled PostgreSQL connection is kept before it is replaced
POOL_RECYCLE_S = 1_800
#: milliseconds SQLite waits for a lock before giving up
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: KiB of page cache per SQLite connection (SQLite's default is 2 MiB): a province's series of
#: one indicator spans several MiB, and re-reading it from the OS each time costs a fifth more
SQLITE_CACHE_KIB = 32_768


def default_database_path() -> Path:
    """Where the default SQLite database lives: ``$QYX_HOME/qyx.sqlite3``."""
    home = os.environ.get(ENV_HOME) or str(Path.home() / ".local" / "share" / "qyx")
    return Path(home).expanduser() / "qyx.sqlite3"


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: the argument, else ``QYX_DATABASE_URL``, else the default file.

    ``postgresql://`` and ``postgres://`` are taken to mean psycopg 3.
    """
    chosen = url or os.environ.get(ENV_URL)
    if not chosen:
        return f"sqlite:///{default_database_path()}"
    for prefix in ("postgresql://", "postgres://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen[len(prefix) :]
    return chosen


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the URL, with SQLite in WAL mode with a busy timeout and foreign keys on,
    and on PostgreSQL a statement timeout and pooled connections recycled after
    :data:`POOL_RECYCLE_S` (not pinged at every checkout)."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError:
        raise ConfigurationError(
            f"{resolved!r} is not a database URL; use sqlite:///path/to/file.sqlite3 "
            "or postgresql+psycopg://user@host/db"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigurationError(f"cannot create the folder of {database}: {exc}") from None
        kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    elif backend == "postgresql":
        kwargs.setdefault("connect_args", {"options": f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000}"})
        # no liveness ping on every checkout (one round trip per request): connections are
        # recycled before servers, proxies or firewalls drop idle ones, and a connection found
        # dead anyway (a server restart) invalidates the pool, so only that request fails
        kwargs.setdefault("pool_recycle", POOL_RECYCLE_S)
    else:
        raise ConfigurationError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    # the most recently used connection first: its page cache (SQLite) is the warmest, and
    # idle ones beyond the working set are left to close on the server's side (PostgreSQL)
    kwargs.setdefault("pool_use_lifo", True)
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ConfigurationError(
            f"no driver for {backend}: {exc}; for PostgreSQL install qyx-platform[postgres]"
        ) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        event.listen(engine, "begin", _postgresql_begin)
    return engine


_WRITE: ContextVar[bool] = ContextVar("qyx_write_transaction", default=False)


@contextmanager
def write_transaction() -> Iterator[None]:
    """Mark the transactions begun inside as writers: on SQLite they start with
    ``BEGIN IMMEDIATE``, so concurrent writers queue on the busy timeout instead of failing
    when a read lock cannot be upgraded. Readers are not affected. After the block, the reads
    of the current request (:mod:`qyx_platform.store.scope`) see what was written."""
    token = _WRITE.set(True)
    try:
        yield
    finally:
        _WRITE.reset(token)
        refresh_current_scope()


#: key of the transaction-scoped advisory lock that queues writers on PostgreSQL
WRITE_LOCK_KEY = 0x717978  # "qyx"


def _postgresql_begin(connection: Any) -> None:
    # writers queue on one advisory lock (held to the end of the transaction), as SQLite's
    # BEGIN IMMEDIATE does, so concurrent reports of one key never race for a revision number
    if _WRITE.get():
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _WRITE.get() else "BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is lazy and deferred)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to the engine (objects stay usable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema with Alembic (creates it on first run)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "qyx_platform.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
