"""Storage: SQLAlchemy tables, engine and session factories, Alembic migrations."""

from qyx_platform.store.engine import (
    default_database_path,
    make_engine,
    make_session_factory,
    migrate,
    resolve_url,
)

__all__ = [
    "default_database_path",
    "make_engine",
    "make_session_factory",
    "migrate",
    "resolve_url",
]
