"""``--national``: a nation-sized database on PostgreSQL, 31 provinces and 2,844 counties
(about 7.8 million rows), built through the platform's import path; then Q1 for one province,
timed against the same request on a database holding only that province, with SQL statement
counts on both.

The platform accepts values only inside its home province (a county install); the build lifts
that one check (``services.validation.jurisdiction_problem``) for the other 30 provinces, as a
national install would. Everything else is the import every user runs: parsing, validation,
the plugins' rules, revision numbers, COPY, the audit entry.

The databases are kept between runs (``qyx_national`` and ``qyx_national_one``, with a row
in ``bench_build`` saying how they were built); a later ``--national`` reuses them unless
``--national-rebuild`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import synthetic
from databases import (
    Bumper,
    import_counties,
    pg_size_mb,
    pg_table_sizes_mb,
    plain_pg,
    reset_pg,
    with_database,
)
from queries import QUERIES, YEAR, Queries
from servers import start_platform
from timing import count_statements, summary

from qyx_platform.errors import QyxError
from qyx_platform.model import level_of
from qyx_platform.platform import Platform
from qyx_platform.services import validation

#: the province whose matrix is asked (Zhejiang: the home county's, so Q3 has values)
PROVINCE = "33"
#: the scoreboard of the whole province (rolled up from its counties where the schema does)
SCOREBOARD = {
    "scoreboard_province": {
        "query": (
            "query ProvinceScoreboard($year: Int!, $code: String!) { "
            "scoreboard(year: $year, jurisdiction: $code) "
            "{ domains { rank domain { code } score } departments { rank department { name } score } } }"
        ),
        "operationName": "ProvinceScoreboard",
        "variables": {"year": YEAR, "code": f"{PROVINCE}0000"},
    }
}


def _national_problem(code: str) -> str | None:
    """The home-province check lifted: any well-formed GB/T 2260 code may take values."""
    try:
        level_of(code)
    except QyxError as exc:  # the platform's own message for a malformed code
        return str(exc)
    return None


def _built(url: str) -> dict[str, Any] | None:
    """How the database at ``url`` was built, when a complete build is recorded there."""
    import psycopg

    try:
        with psycopg.connect(plain_pg(url), autocommit=True, connect_timeout=3) as conn:
            row = conn.execute("SELECT info FROM bench_build").fetchone()
    except psycopg.Error:
        return None
    return None if row is None else dict(row[0])


def build(
    url: str, layouts: dict[str, synthetic.Layout], batch: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """Import ``layouts`` (province by province) into the emptied database at ``url``."""
    import psycopg

    if reset_pg(url) is None:
        raise RuntimeError(f"PostgreSQL unreachable at {url}")
    started = time.perf_counter()
    platform = Platform(url)
    checked = validation.jurisdiction_problem
    validation.jurisdiction_problem = lambda code, _home: _national_problem(code)
    rows = 0
    seconds = 0.0
    try:
        for code, layout in layouts.items():
            log(f"    province {code}: {layout.n} counties")
            done = import_counties(platform, layout.counties, layout.seed, batch, lambda _: None)
            rows += done["rows"]
            seconds += done["seconds"]
            log(f"      {rows:,} rows so far, {rows / seconds:,.0f} rows/s")
    finally:
        validation.jurisdiction_problem = checked
        platform.close()
    info = {
        "counties": sum(layout.n for layout in layouts.values()),
        "provinces": len(layouts),
        "rows": rows,
        "import_seconds": round(seconds, 1),
        "import_rows_per_s": round(rows / seconds, 1),
        "build_seconds": round(time.perf_counter() - started, 1),
        "built_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "batch_counties": batch,
        "layout": _signature(layouts),
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    with psycopg.connect(plain_pg(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE observations")
        conn.execute("VACUUM ANALYZE current_values")
        conn.execute("CREATE TABLE bench_build (info json)")
        conn.execute("INSERT INTO bench_build VALUES (%s)", (json.dumps(info),))
    info["disk_mb"] = pg_size_mb(url)
    info["tables_mb"] = pg_table_sizes_mb(url)
    return info


def _signature(layouts: dict[str, synthetic.Layout]) -> str:
    """The layout's counties, city by city, as one short text (a rebuilt layout differs)."""
    import hashlib

    text = json.dumps({p: layout.cities for p, layout in layouts.items()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _database(
    url: str, layouts: dict[str, synthetic.Layout], args: argparse.Namespace, log: Callable[[str], None]
) -> dict[str, Any]:
    found = None if args.national_rebuild else _built(url)
    if found is not None and found.get("layout") == _signature(layouts):
        log(f"  reusing {url.rsplit('/', 1)[-1]} (built {found.get('built_at')})")
        return {**found, "reused": True, "disk_mb": pg_size_mb(url), "tables_mb": pg_table_sizes_mb(url)}
    log(f"  building {url.rsplit('/', 1)[-1]}: {sum(layout.n for layout in layouts.values()):,} counties")
    return build(url, layouts, args.batch_counties, log)


def national(
    args: argparse.Namespace, log: Callable[[str], None], extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Build (or reuse) both databases, count statements and time Q1-Q3 on both."""
    layouts = synthetic.nation(args.national_counties)
    url_all = with_database(args.pg, "qyx_national")
    url_one = with_database(args.pg, "qyx_national_one")
    out: dict[str, Any] = {"province": PROVINCE}
    out["build"] = _database(url_all, layouts, args, log)
    out["build_one_province"] = _database(url_one, {PROVINCE: layouts[PROVINCE]}, args, log)
    queries = Queries(layouts[PROVINCE].parents)
    bodies = {**SCOREBOARD, **(extra or {})}
    out["sql"] = {
        "national": count_statements(url_all, queries, None, bodies),
        "one_province": count_statements(url_one, queries, None, bodies),
    }
    names = [*QUERIES, *bodies]
    out["statements_flat"] = all(
        out["sql"]["national"][q]["statements"] == out["sql"]["one_province"][q]["statements"] for q in names
    )
    servers = {"national": start_platform(url_all), "one_province": start_platform(url_one)}
    bumpers = {"national": Bumper(url_all), "one_province": Bumper(url_one)}
    timings: dict[str, dict[str, Any]] = {}
    try:
        for q in names:
            body = queries.body(q) if q in QUERIES else bodies[q]
            for _ in range(args.warmup):
                for key, server in servers.items():
                    bumpers[key].bump()
                    server.request("POST", "/graphql", body)
            samples: dict[str, list[float]] = {f"{k}{m}": [] for k in servers for m in ("", "_cached")}
            for _ in range(args.national_requests):  # interleaved
                for key, server in servers.items():
                    bumpers[key].bump()
                    samples[key].append(server.request("POST", "/graphql", body)[0])
                    samples[f"{key}_cached"].append(server.request("POST", "/graphql", body)[0])
            entry = {k: summary(v) for k, v in samples.items()}
            entry["ratio"] = round(entry["national"]["median_ms"] / entry["one_province"]["median_ms"], 2)
            entry["ratio_cached"] = round(
                entry["national_cached"]["median_ms"] / entry["one_province_cached"]["median_ms"], 2
            )
            timings[q] = entry
            log(
                f"  national {q}: {entry['national']['median_ms']:.1f} ms against "
                f"{entry['one_province']['median_ms']:.1f} ms on one province ({entry['ratio']}×; cached "
                f"{entry['national_cached']['median_ms']:.1f} / "
                f"{entry['one_province_cached']['median_ms']:.1f} ms)"
            )
        out["rss_mb"] = servers["national"].rss()
    finally:
        for b in bumpers.values():
            b.close()
        for s in servers.values():
            s.stop()
    out["timings"] = timings
    out["q1_ratio"] = timings["q1"]["ratio"]
    out["q1_median_ms"] = statistics.median([timings["q1"]["national"]["median_ms"]])
    return out
