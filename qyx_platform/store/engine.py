"""Database URL resolution, engine and session factories, the write lock, the statement
timeout and migrations to the newest schema.

Default: an SQLite file at ``$QYX_HOME/qyx.sqlite3`` (``QYX_HOME`` defaults to
``~/.local/share/qyx``), overridden by ``--db URL`` or ``QYX_DATABASE_URL``. PostgreSQL is
reached by URL (``postgresql+psycopg://user@host/db``; the ``postgres`` extra installs psycopg).
Every engine made here stops a statement that runs longer than
:data:`qyx_platform.config.STATEMENT_TIMEOUT_S` (PostgreSQL's ``statement_timeout``; on
SQLite a progress handler, see :func:`set_sqlite_statement_timeout`), whatever interface
opened it (the service, ``qyx import``, a script).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from qyx_platform import config
from qyx_platform.errors import ConfigurationError
from qyx_platform.i18n import _

#: seconds a pooled PostgreSQL connection is kept before it is replaced
POOL_RECYCLE_S = 1_800
#: milliseconds SQLite waits for a lock before giving up
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: KiB of page cache per SQLite connection (SQLite's default is 2 MiB): a province's series of
#: one indicator spans several MiB, and re-reading it from the OS each time costs a fifth more
SQLITE_CACHE_KIB = 32_768


def default_database_path() -> Path:
    """Where the default SQLite database lives: ``$QYX_HOME/qyx.sqlite3``."""
    return config.home() / "qyx.sqlite3"


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: the argument, else ``QYX_DATABASE_URL``, else the default file.

    ``postgresql://`` and ``postgres://`` are taken to mean psycopg 3.
    """
    chosen = url or config.database_url()
    if not chosen:
        return f"sqlite:///{default_database_path()}"
    for prefix in ("postgresql://", "postgres://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen[len(prefix) :]
    return chosen


def make_sqlite_folder(url: str) -> None:
    """Create the folder of an SQLite database file (``qyx init`` and the default place do;
    any other command refuses a folder that does not exist); nothing for other databases."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # not a URL: opening it says so
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    if database.startswith("file:"):
        return
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            _("cannot create the folder of {file}: {reason}", file=database, reason=exc)
        ) from None


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the URL, with SQLite in WAL mode with a busy timeout and foreign keys on,
    and on PostgreSQL a statement timeout and pooled connections recycled after
    :data:`POOL_RECYCLE_S` (not pinged at every checkout)."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError:
        raise ConfigurationError(
            _(
                "{url} is not a database URL; use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user@host/db",
                url=repr(resolved),
            )
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).expanduser().parent
            if folder.resolve() == config.home().expanduser().resolve():
                make_sqlite_folder(resolved)  # the default place (QYX_HOME) is made on first use
            elif not folder.is_dir():  # a URL given: a mistyped path is not a new database
                raise ConfigurationError(
                    _(
                        "the folder of {file} does not exist: check the path, or create the folder first",
                        file=database,
                    )
                )
        kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    elif backend == "postgresql":
        timeout_ms = int(config.STATEMENT_TIMEOUT_S * 1000)
        kwargs.setdefault("connect_args", {"options": f"-c statement_timeout={timeout_ms}"})
        # no liveness ping on every checkout (one round trip per request): connections are
        # recycled before servers, proxies or firewalls drop idle ones, and a connection found
        # dead anyway (a server restart) invalidates the pool, so only that request fails
        kwargs.setdefault("pool_recycle", POOL_RECYCLE_S)
    else:
        raise ConfigurationError(
            _("unsupported database {name}: use SQLite or PostgreSQL", name=repr(backend))
        )
    # the most recently used connection first: its page cache (SQLite) is the warmest, and
    # idle ones beyond the working set are left to close on the server's side (PostgreSQL)
    kwargs.setdefault("pool_use_lifo", True)
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ConfigurationError(
            _(
                "no driver for {name}: {reason}; for PostgreSQL install qyx-platform[postgres]",
                name=backend,
                reason=exc,
            )
        ) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        set_sqlite_statement_timeout(engine, config.STATEMENT_TIMEOUT_S)
    else:
        event.listen(engine, "begin", _postgresql_begin)
    return engine


_WRITE: ContextVar[bool] = ContextVar("qyx_write_transaction", default=False)


@contextmanager
def write_transaction() -> Iterator[None]:
    """Mark the transactions begun inside as writers: on SQLite they start with
    ``BEGIN IMMEDIATE``, so concurrent writers queue on the busy timeout instead of failing
    when a read lock cannot be upgraded. Readers are not affected."""
    token = _WRITE.set(True)
    try:
        yield
    finally:
        _WRITE.reset(token)


#: key of the transaction-scoped advisory lock that queues writers on PostgreSQL
WRITE_LOCK_KEY = 0x717978  # "qyx"


def _postgresql_begin(connection: Any) -> None:
    # writers queue on one advisory lock (held to the end of the transaction), as SQLite's
    # BEGIN IMMEDIATE does, so concurrent reports of one key never race for a revision number
    if _WRITE.get():
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _WRITE.get() else "BEGIN")


# -- SQLite statement timeout -------------------------------------------------------------

_DEADLINE = "qyx_statement_deadline"
_INSTALLED = "qyx_statement_timeout"
_SECONDS = "qyx_statement_timeout_s"
#: SQLite virtual-machine steps between two looks at the clock
PROGRESS_STEPS = 10_000


def set_sqlite_statement_timeout(engine: Engine, seconds: float) -> bool:
    """Interrupt SQLite statements that run longer than ``seconds`` (the statement fails with
    "interrupted"; its transaction is rolled back by the caller). Commits and rollbacks are
    never interrupted. :func:`make_engine` sets the default; calling this again changes the
    limit. Returns True when it installed the handler, False when it only changed the limit
    or the engine is not SQLite (PostgreSQL has its own ``statement_timeout``)."""
    if engine.dialect.name != "sqlite":
        return False
    setattr(engine, _SECONDS, seconds)
    if getattr(engine, _INSTALLED, False):
        return False
    setattr(engine, _INSTALLED, True)

    def arm(conn: Any, _cursor: Any, _statement: str, _params: Any, _context: Any, _many: bool) -> None:
        record = conn.connection  # the pooled connection; its .info lives as long as it does
        info = record.info
        if not info.get(_INSTALLED):
            info[_INSTALLED] = True

            def over_time() -> int:
                deadline = info.get(_DEADLINE)
                return 1 if deadline is not None and time.monotonic() > deadline else 0

            record.driver_connection.set_progress_handler(over_time, PROGRESS_STEPS)
        info[_DEADLINE] = time.monotonic() + getattr(engine, _SECONDS)

    def disarm_connection(conn: Any, *_args: Any) -> None:
        # a closed or invalidated connection has nothing to disarm
        with contextlib.suppress(Exception):
            conn.connection.info.pop(_DEADLINE, None)

    def disarm_reset(_dbapi: Any, record: Any, _state: Any) -> None:
        record.info.pop(_DEADLINE, None)

    def disarm_checkin(_dbapi: Any, record: Any) -> None:
        record.info.pop(_DEADLINE, None)

    event.listen(engine, "before_cursor_execute", arm)
    event.listen(engine, "commit", disarm_connection)
    event.listen(engine, "rollback", disarm_connection)
    event.listen(engine.pool, "reset", disarm_reset)
    event.listen(engine.pool, "checkin", disarm_checkin)
    return True


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
