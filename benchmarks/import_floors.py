"""The import floors: the same rows written into the platform's own schema with nothing but
the database's bulk path, no parsing, validation, rules, revision numbers or audit.

* SQLite: plain ``sqlite3`` ``executemany``, foreign keys on, one transaction per batch.
* PostgreSQL: plain ``COPY`` (psycopg 3) straight into ``observations`` and ``current_values``,
  one transaction per batch.

Both time each batch from its rows (as ``ObservationInput``) to the commit, computing the
period's sort key, granularity and year per row, as the platform must.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import synthetic
from databases import plain_pg, reset_pg

from qyx_platform.platform import Platform, load_plan
from qyx_platform.services.reporting import ObservationInput

_PATTERN = re.compile(r"^(\d{4})(?:Q([1-4])|-(\d{2}))?$")
_RANK = {"month": 0, "quarter": 1, "year": 2}
OBSERVATION_COLUMNS = (
    "indicator_code", "jurisdiction_code", "period", "period_sort", "granularity", "year", "series",
    "revision", "value", "approved", "reported_by", "reported_at", "source",
)  # fmt: skip
CURRENT_COLUMNS = (
    "indicator_code", "jurisdiction_code", "period", "series", "period_sort", "granularity", "year",
    "value", "revision", "latest_revision",
)  # fmt: skip


def floor_tuples(
    rows: Sequence[ObservationInput], now: Any
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The observation and current-value rows of ``rows``, revision 1, approved."""
    obs, cur = [], []
    for r in rows:
        m = _PATTERN.match(r.period)
        assert m is not None
        year = int(m.group(1))
        if m.group(2):
            gran, end = "quarter", 3 * int(m.group(2))
        elif m.group(3):
            gran, end = "month", int(m.group(3))
        else:
            gran, end = "year", 12
        sort = year * 1000 + end * 10 + _RANK[gran]
        series = r.series or ""
        obs.append(
            (
                r.indicator,
                r.jurisdiction,
                r.period,
                sort,
                gran,
                year,
                series,
                1,
                r.value,
                True,
                "bench",
                now,
                "import",
            )
        )
        cur.append((r.indicator, r.jurisdiction, r.period, series, sort, gran, year, r.value, 1, 1))
    return obs, cur


def _jurisdiction_rows(chunk: Sequence[str], known: set[str]) -> list[tuple[str, str, str, str | None]]:
    out = []
    for code in chunk:
        for c, parent in (
            (code[:2] + "0000", None),
            (code[:4] + "00", code[:2] + "0000"),
            (code, code[:4] + "00"),
        ):
            if c not in known:
                level = "province" if parent is None else ("city" if c.endswith("00") else "county")
                out.append((c, c, level, parent))
                known.add(c)
    return out


def sqlite_floor(path: Path, counties: Sequence[str], seed: int, batch_counties: int) -> dict[str, Any]:
    """Plain ``executemany`` of the rows into a fresh SQLite database of the platform's schema."""
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    Platform(f"sqlite:///{path}").close()
    plan = load_plan()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    seconds, total = 0.0, 0
    for start in range(0, len(counties), batch_counties):
        chunk = counties[start : start + batch_counties]
        rows = [r for c in chunk for r in synthetic.county_rows(plan, c, seed)]
        t0 = time.perf_counter()
        now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
        con.execute("BEGIN IMMEDIATE")
        known = {c for (c,) in con.execute("SELECT code FROM jurisdictions")}
        con.executemany(
            "INSERT INTO jurisdictions (code, name, level, parent_code) VALUES (?, ?, ?, ?)",
            _jurisdiction_rows(chunk, known),
        )
        obs, cur = floor_tuples(rows, now)
        for table, columns, values in (
            ("observations", OBSERVATION_COLUMNS, obs),
            ("current_values", CURRENT_COLUMNS, cur),
        ):
            marks = ", ".join("?" * len(columns))
            con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
        con.execute("COMMIT")
        seconds += time.perf_counter() - t0
        total += len(rows)
    con.close()
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    return {"rows": total, "seconds": round(seconds, 3), "rows_per_s": round(total / seconds, 1)}


def postgresql_floor(
    url: str, counties: Sequence[str], seed: int, batch_counties: int
) -> dict[str, Any] | None:
    """Plain ``COPY`` of the rows into the emptied database at ``url`` (the platform's schema
    made by Platform first); None when PostgreSQL is unreachable. The database is emptied
    again afterwards."""
    import psycopg

    if reset_pg(url) is None:
        return None
    Platform(url).close()
    plan = load_plan()
    seconds, total = 0.0, 0
    try:
        with psycopg.connect(plain_pg(url)) as con:
            known = {c for (c,) in con.execute("SELECT code FROM jurisdictions").fetchall()}
            con.commit()
            for start in range(0, len(counties), batch_counties):
                chunk = counties[start : start + batch_counties]
                rows = [r for c in chunk for r in synthetic.county_rows(plan, c, seed)]
                t0 = time.perf_counter()
                now = datetime.datetime.now(datetime.UTC)
                with con.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO jurisdictions (code, name, level, parent_code) VALUES (%s, %s, %s, %s)",
                        _jurisdiction_rows(chunk, known),
                    )
                    obs, cur = floor_tuples(rows, now)
                    with cursor.copy(
                        f"COPY observations ({', '.join(OBSERVATION_COLUMNS)}) FROM STDIN"
                    ) as copy:
                        for row in obs:
                            copy.write_row(row)
                    with cursor.copy(
                        f"COPY current_values ({', '.join(CURRENT_COLUMNS)}) FROM STDIN"
                    ) as copy:
                        for row in cur:
                            copy.write_row(row)
                con.commit()
                seconds += time.perf_counter() - t0
                total += len(rows)
    finally:
        reset_pg(url)
    return {"rows": total, "seconds": round(seconds, 3), "rows_per_s": round(total / seconds, 1)}
