"""Large reads: statements compiled once, rows through the driver's cursor, and the cyclic
garbage collector kept out of the way while they are turned into Python objects.

Reading a province's series creates hundreds of thousands of tuples that refer to nothing
that refers back. Each automatic collection would scan every live object (the plan, the
schema, the caches) to free nothing; on a large read that is a third of the time. The pause
lives here and only here, around the read and the building of its result
(:func:`read`, :func:`read_driver`): library calls such as a report or an import never
switch the process-wide collector for their callers (a command that owns its process, like
``qyx import``, may pause it around its whole work). Reference counting frees these objects
as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import ClauseElement, Dialect, Engine, Executable
from sqlalchemy.sql.compiler import SQLCompiler

from qyx_platform.store.scope import ReadScope

T = TypeVar("T")
Rows = Sequence[Any]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause automatic cyclic collections inside the block; they resume after it. A collector
    the application disabled stays disabled; nested and concurrent uses leave it enabled at the
    end when it was enabled at the start."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_startup_objects() -> None:
    """Move every object alive now (modules, the plan, the schema) out of the collector's
    reach for good: a server calls this once start-up is done, so that later collections scan
    only what requests created."""
    gc.collect()
    gc.freeze()


#: compiled statements by (statement, database): the statements are module constants
_COMPILED: dict[tuple[ClauseElement, str], SQLCompiler] = {}


def compiled(statement: ClauseElement, dialect: Dialect) -> SQLCompiler:
    """``statement`` compiled for ``dialect``, once."""
    key = (statement, dialect.name)
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = cast(SQLCompiler, statement.compile(dialect=dialect))
    return found


#: where a read runs: an engine (a connection checked out for the read) or a request's
#: :class:`~qyx_platform.store.scope.ReadScope` (its one connection)
Source = Engine | ReadScope


def read(source: Source, statement: Executable, build: Callable[[Rows], T], **parameters: Any) -> T:
    """``build(rows)`` of a statement run through a SQLAlchemy Connection (list parameters
    allowed), with collections paused while the rows are read and built."""
    with collection_paused():
        rows: Rows
        if isinstance(source, ReadScope):
            rows = source.execute(statement, parameters)
        else:
            with source.connect() as connection:
                rows = connection.execute(statement, parameters).all()
        return build(rows)


def read_driver(source: Source, statement: ClauseElement, build: Callable[[Rows], T], **parameters: Any) -> T:
    """``build(rows)`` of a statement without list parameters, run through the DB-API cursor:
    for the large reads, whose tens of thousands of rows then skip SQLAlchemy's Row objects (a
    fifth of their cost). The statement is compiled once per database; collections are paused
    while the rows are read and built."""
    engine = source.engine
    statement_compiled = compiled(statement, engine.dialect)
    values = statement_compiled.construct_params(parameters)
    names = statement_compiled.positiontup
    arguments: Any = values if names is None else tuple(values[name] for name in names)
    return read_text(source, statement_compiled.string, arguments, build)


def read_text(source: Source, sql: str, arguments: Any, build: Callable[[Rows], T]) -> T:
    """``build(rows)`` of a statement written for this database's driver (its parameter
    style), run on the DB-API cursor with collections paused while the rows are read and
    built: for statements SQLAlchemy does not write (PostgreSQL's ``LATERAL`` look-ups,
    arrays, SQLite's ``json_each``)."""
    with collection_paused():
        rows: Rows
        if isinstance(source, ReadScope):
            rows = source.driver_rows(sql, arguments)
        else:
            raw = source.raw_connection()
            try:
                cursor = raw.cursor()
                try:
                    cursor.execute(sql, arguments)
                    rows = cursor.fetchall()
                finally:
                    cursor.close()
            finally:
                raw.close()
        return build(rows)
