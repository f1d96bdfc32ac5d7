"""Bulk writes on PostgreSQL through COPY, behind the seam of :mod:`qyx_platform.store.bulk`.

``executemany`` sends one INSERT per row (psycopg pipelines them, yet the server still parses,
plans and runs each). Here rows travel in one ``COPY … FROM STDIN`` (psycopg 3 ``cursor.copy``):
straight into the table for new rows; into a temporary table for changed rows, which one
set-wise ``UPDATE … FROM`` then applies. Both run inside the caller's transaction, so a report
stays all or nothing. SQLite keeps the driver-level ``executemany`` of
:mod:`qyx_platform.store.bulk`.

After a large import :func:`analyze_after_import` refreshes the planner's statistics, so that
the next reads are planned on the new row counts rather than waiting for autovacuum.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine

#: rows of an import from which the statistics are refreshed (when also a share of the table)
ANALYZE_MIN_ROWS = 10_000
#: the share of the rows the statistics count that an import must add for a refresh (smaller
#: imports, which move no plan, are left to autovacuum; a table never analysed counts none)
ANALYZE_MIN_SHARE = 0.5
#: the tables whose statistics a large import refreshes (the reads plan on current values)
ANALYZED = ("current_values",)


def copy_supported(connection: Connection) -> bool:
    """True on PostgreSQL through psycopg 3, whose cursors can COPY."""
    return connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg"


def _cursor(connection: Connection) -> Any:
    driver = connection.connection.driver_connection
    assert driver is not None
    return driver.cursor()


def copy_rows(
    connection: Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    progress: Callable[[int], None] | None = None,
    step: int = 5_000,
    before_end: Callable[[], None] | None = None,
) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, in the driver's types) into
    ``table``; returns how many. The server stores the rows as they arrive, while the caller
    is still producing the next ones (``rows`` may be a generator). ``progress(n)`` every
    ``step`` rows sent; ``before_end()`` once all are sent, while the server may still be
    storing them (an exception there abandons the COPY)."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    count = 0
    with _cursor(connection) as cursor, cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            write(row)
            count += 1
            if progress is not None and count % step == 0:
                progress(count)
        if progress is not None and count % step:
            progress(count)
        if before_end is not None:
            before_end()
    return count


def copy_updates(
    connection: Connection,
    table: str,
    set_columns: Sequence[str],
    key_columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """UPDATE ``table`` SET ``set_columns`` WHERE ``key_columns`` match, for every row (the new
    values followed by the key values): the rows are copied into a temporary table of the
    same column types, then one ``UPDATE … FROM`` applies them all."""
    if not rows:
        return
    quote = connection.dialect.identifier_preparer.quote
    stage = quote(f"qyx_stage_{table}")
    columns = [*set_columns, *key_columns]
    names = ", ".join(quote(c) for c in columns)
    with _cursor(connection) as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        # the key and new values' column types, without the table's constraints
        shape = f"SELECT {names} FROM {quote(table)} WITH NO DATA"
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS {shape}")
        with cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        assignments = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in set_columns)
        match = " AND ".join(f"t.{quote(c)} = s.{quote(c)}" for c in key_columns)
        cursor.execute(f"UPDATE {quote(table)} AS t SET {assignments} FROM {stage} AS s WHERE {match}")
        cursor.execute(f"DROP TABLE {stage}")


def analyze_after_import(engine: Engine, rows: int) -> bool:
    """Refresh PostgreSQL's statistics of the current values when an import of ``rows`` rows
    was large (at least :data:`ANALYZE_MIN_ROWS`, and :data:`ANALYZE_MIN_SHARE` of the rows
    the planner believes the table holds); True when it did. A no-op on SQLite, whose planner
    works from the indexes' shape rather than sampled statistics."""
    if engine.dialect.name != "postgresql" or rows < ANALYZE_MIN_ROWS:
        return False
    with engine.connect() as connection, _cursor(connection) as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'current_values'::regclass")
        found = cursor.fetchone()
        estimated = float(found[0]) if found else -1.0
        if estimated >= 0 and rows < ANALYZE_MIN_SHARE * estimated:
            return False
        cursor.execute(f"ANALYZE {', '.join(ANALYZED)}")
        connection.commit()
    return True
