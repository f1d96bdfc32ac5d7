"""The benchmark's databases: built through the platform's own import path, emptied, sized,
and a writer that invalidates the platform's cache as any write does."""

from __future__ import annotations

import gc
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import synthetic

from qyx_platform.platform import Platform
from qyx_platform.services.auth import LOCAL_OPERATOR

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/qyx_bench"


def build(
    url: str,
    n: int,
    batch_counties: int,
    log: Callable[[str], None],
    layout: Any = None,
    pause_collector: bool = False,
) -> dict[str, Any]:
    """Load N counties of the synthetic province (or ``layout``'s counties) into ``url``
    through Platform.report; returns the import timing (the report calls only, not the
    generation of the rows). ``pause_collector``: the caller (this benchmark) switches Python's
    cyclic garbage collector off around each call, as an application may."""
    platform = Platform(url)
    try:
        layout = layout or synthetic.province(n)
        return import_counties(platform, layout.counties, layout.seed, batch_counties, log, pause_collector)
    finally:
        platform.close()


def import_counties(
    platform: Platform,
    counties: list[str],
    seed: int,
    batch_counties: int,
    log: Callable[[str], None],
    pause_collector: bool = False,
) -> dict[str, Any]:
    """Report every row of ``counties``, ``batch_counties`` per call; timing of the calls."""
    rows_total = 0
    seconds = 0.0
    batches = 0
    largest = 0
    for start in range(0, len(counties), batch_counties):
        batch = [
            r
            for c in counties[start : start + batch_counties]
            for r in synthetic.county_rows(platform.plan, c, seed)
        ]
        if pause_collector:
            gc.disable()
        t0 = time.perf_counter()
        try:
            platform.report(batch, actor=LOCAL_OPERATOR, source="import")
        finally:
            seconds += time.perf_counter() - t0
            gc.enable()
        rows_total += len(batch)
        batches += 1
        largest = max(largest, len(batch))
        if batches % 10 == 0 or start + batch_counties >= len(counties):
            log(f"    imported {rows_total:,} rows ({rows_total / seconds:,.0f} rows/s)")
    return {
        "rows": rows_total,
        "seconds": round(seconds, 3),
        "batches": batches,
        "largest_batch_rows": largest,
        "rows_per_s": round(rows_total / seconds, 1),
    }


class Bumper:
    """Invalidates the platform's cache as any write does: raises ``meta.data_version`` by one,
    on its own connection (the platform reads the version once per request)."""

    SQL = "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'"

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            self.connection: Any = sqlite3.connect(url[len("sqlite:///") :], isolation_level=None)
        else:
            import psycopg

            self.connection = psycopg.connect(plain_pg(url), autocommit=True)

    def bump(self) -> None:
        cursor = self.connection.cursor()
        cursor.execute(self.SQL)
        if cursor.rowcount != 1:
            raise RuntimeError("no data_version row in meta: was anything imported?")
        cursor.close()

    def close(self) -> None:
        self.connection.close()


def plain_pg(url: str) -> str:
    """A SQLAlchemy psycopg URL as libpq takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def with_database(url: str, name: str) -> str:
    """``url`` pointing at another database of the same server."""
    parsed = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parsed._replace(path=f"/{name}"))


def reset_pg(url: str) -> str | None:
    """Empty the ``public`` schema of the benchmark's PostgreSQL database (creating the
    database when missing); None when PostgreSQL is unreachable, else the server version."""
    import psycopg

    plain = plain_pg(url)
    parsed = urllib.parse.urlsplit(plain)
    dbname = parsed.path.lstrip("/")
    try:
        with psycopg.connect(plain, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
            return str(conn.execute("SHOW server_version").fetchone()[0])
    except psycopg.OperationalError as exc:
        if f'database "{dbname}" does not exist' not in str(exc):
            return None
    admin = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        return reset_pg(url)
    except psycopg.Error:
        return None


def pg_size_mb(url: str) -> float:
    """Size of the database on disk (tables, indexes, TOAST), in MB."""
    import psycopg

    with psycopg.connect(plain_pg(url), autocommit=True) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return round(int(row[0]) / 2**20, 1) if row else 0.0


def pg_table_sizes_mb(
    url: str, tables: Iterable[str] = ("observations", "current_values")
) -> dict[str, float]:
    """Total size (with indexes) of the value tables, in MB."""
    import psycopg

    with psycopg.connect(plain_pg(url), autocommit=True) as conn:
        return {
            t: round(int(conn.execute("SELECT pg_total_relation_size(%s)", (t,)).fetchone()[0]) / 2**20, 1)
            for t in tables
        }


def sqlite_size_mb(path: Path) -> float:
    """Size of an SQLite database with its WAL, in MB."""
    return round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20, 1)
