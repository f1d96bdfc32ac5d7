"""The province on PostgreSQL: N counties imported through the platform (timed) and through a
plain COPY (the import floor), then Q1-Q3 measured against both floors (the Python one of
benchmarks/floor.py and the one-statement SQL floor of benchmarks/sqlfloor.py), and cached Q3
throughput with one and two worker processes (benchmarks/throughput.py).

Runs in the database ``qyx_bench`` (and ``qyx_bench_copy`` for the floor) of the server given
by ``--pg``, each emptied before and after."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import synthetic
from databases import build, pg_size_mb, reset_pg, with_database
from import_floors import postgresql_floor
from queries import Queries
from throughput import cached_q3_throughput
from timing import measure


def bench_postgresql(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    """Everything measured on PostgreSQL at ``args.pg_counties`` counties."""
    url = args.pg
    version = reset_pg(url)
    if version is None:
        log("  PostgreSQL unreachable: skipped")
        return {"skipped": "unreachable", "url": url}
    n = args.pg_counties
    layout = synthetic.province(n)
    out: dict[str, Any] = {"n": n, "server_version": version}
    try:
        log(f"  PostgreSQL {version}: importing {n} counties through the platform")
        out["import"] = build(url, n, args.batch_counties, log)
        out["db_size_mb"] = pg_size_mb(url)
        log("  PostgreSQL: the same import with the caller pausing the garbage collector")
        paused = with_database(url, "qyx_bench_gc")
        if reset_pg(paused) is not None:
            out["import_gc_paused"] = build(paused, n, args.batch_counties, log, pause_collector=True)
            reset_pg(paused)
        log("  PostgreSQL: plain COPY of the same rows (import floor)")
        out["copy_floor"] = postgresql_floor(
            with_database(url, "qyx_bench_copy"), layout.counties, layout.seed, args.batch_counties
        )
        if out["copy_floor"]:
            log(f"    {out['copy_floor']['rows_per_s']:,.0f} rows/s")
        if args.pg_queries:
            queries = Queries(layout.parents)
            out["served"] = measure(
                n, url, queries, args, log, 1, requests=args.pg_requests, floors=("sql", "python")
            )
            if args.throughput_seconds > 0:
                log("  PostgreSQL: cached Q3 throughput, 1 and 2 workers")
                out["throughput"] = cached_q3_throughput(
                    url, queries.body("q3"), log, seconds=args.throughput_seconds
                )
    finally:
        reset_pg(url)  # leave the benchmark database empty
    return out
