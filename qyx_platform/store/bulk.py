"""Bulk writes for imports of hundreds of thousands of rows: the driver's executemany on
SQLite, COPY on PostgreSQL (:mod:`qyx_platform.store.copy`).

SQLAlchemy's executemany builds a parameter dictionary per row and runs its type processors on
every value; here the statement is built once, only the columns whose type needs a processor on
this database (dates on SQLite, booleans) are processed, with the dialect's own processors (so
values are stored exactly as SQLAlchemy stores them), and rows travel as plain tuples.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from qyx_platform.store.copy import copy_rows, copy_supported, copy_updates

#: rows between two progress reports of a bulk insert
PROGRESS_STEP = 5_000
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_UNSET = object()


def _placeholder(connection: Connection) -> str:
    style = connection.dialect.paramstyle
    if style not in _PLACEHOLDERS:  # pragma: no cover - SQLite and psycopg use the ones above
        raise NotImplementedError(f"bulk writes do not support the {style!r} parameter style")
    return _PLACEHOLDERS[style]


def _processor(connection: Connection, table: Table, column: str) -> Callable[[Any], Any] | None:
    dialect = connection.dialect
    process: Callable[[Any], Any] | None = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return process


def driver_value(connection: Connection, table: Table, column: str, value: Any) -> Any:
    """``value`` as the driver receives it for ``table.column`` on this database (a datetime as
    text on SQLite, say): for a value that every row of a bulk write shares, converted once."""
    process = _processor(connection, table, column)
    return value if process is None else process(value)


def _processed(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Sequence[Sequence[Any]]:
    processors = [
        (n, p) for n, c in enumerate(columns) if (p := _processor(connection, table, c)) is not None
    ]
    if not processors:
        return rows
    out = []
    # a column often repeats one value (the time of the report): process it once
    seen: list[tuple[Any, Any]] = [(_UNSET, None)] * len(processors)
    for row in rows:
        values = list(row)
        for slot, (n, process) in enumerate(processors):
            raw = values[n]
            last_raw, last_done = seen[slot]
            if raw is not last_raw:
                last_done = process(raw)
                seen[slot] = (raw, last_done)
            values[n] = last_done
        out.append(tuple(values))
    return out


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    converted: bool = False,
    progress: Callable[[int], None] | None = None,
    step: int = PROGRESS_STEP,
) -> None:
    """INSERT ``rows`` (tuples in the order of ``columns``) into ``table``: one executemany per
    ``step`` rows (PostgreSQL: one COPY of them all); ``converted``: every value is already in
    the driver's form (see :func:`driver_value`); ``progress(n)`` after every ``step`` rows."""
    if not rows:
        return
    values = rows if converted else _processed(connection, table, columns, rows)
    if copy_supported(connection):
        copy_rows(connection, table.name, columns, values, progress, step)
        return
    quote = connection.dialect.identifier_preparer.quote
    mark = _placeholder(connection)
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(mark for _ in columns)})"
    )
    for start in range(0, len(values), step):
        connection.exec_driver_sql(sql, values[start : start + step])
        if progress is not None:
            progress(min(start + step, len(values)))


def update_rows(
    connection: Connection,
    table: Table,
    set_columns: Sequence[str],
    key_columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """UPDATE ``table`` SET ``set_columns`` WHERE ``key_columns`` match, one executemany
    (PostgreSQL: one COPY into a temporary table and one ``UPDATE … FROM``); each row holds the
    new values followed by the key values."""
    if not rows:
        return
    if copy_supported(connection):
        processed = _processed(connection, table, [*set_columns, *key_columns], rows)
        copy_updates(connection, table.name, set_columns, key_columns, processed)
        return
    quote = connection.dialect.identifier_preparer.quote
    mark = _placeholder(connection)
    sql = (
        f"UPDATE {quote(table.name)} SET {', '.join(f'{quote(c)} = {mark}' for c in set_columns)} "
        f"WHERE {' AND '.join(f'{quote(c)} = {mark}' for c in key_columns)}"
    )
    connection.exec_driver_sql(sql, _processed(connection, table, [*set_columns, *key_columns], rows))
