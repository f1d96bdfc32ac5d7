"""The SQLite province of N counties: built through the platform's import (timed), the
executemany floor at the main N, then measured against the Python floor (benchmarks/floor.py)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import synthetic
from databases import build, sqlite_size_mb
from features import annual_summary_files, measure_features
from import_floors import sqlite_floor
from queries import Queries
from timing import measure


def province_url(
    n: int, workdir: Path, args: argparse.Namespace, log: Callable[[str], None], reuse: bool | None = None
) -> str:
    """The SQLite province of N counties in ``workdir``: reused when present and ``reuse``
    (default: ``--reuse-dbs``), else built through the import."""
    path = workdir / f"province_{n}.sqlite3"
    url = f"sqlite:///{path}"
    if not ((args.reuse_dbs if reuse is None else reuse) and path.exists()):
        for p in workdir.glob(f"province_{n}.sqlite3*"):
            p.unlink()
        log(f"  N={n}: importing {n} counties into SQLite")
        build(url, n, args.batch_counties, log, synthetic.province(n))
    return url


def features_only(
    n: int, workdir: Path, args: argparse.Namespace, log: Callable[[str], None]
) -> dict[str, Any]:
    """Only the feature operations at N (the province built through the import, or reused)."""
    url = province_url(n, workdir, args, log)
    out = measure_features(n, url, min(args.requests, 10), log)
    if n == args.main_n and "annual_summary" in out.get("available", []):
        out["annual_summary_files"] = annual_summary_files(url, log)
    return out


def bench_size(n: int, workdir: Path, args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    """Build (or reuse) the SQLite province of N counties, its import floor at the main N, and
    measure it against the Python floor."""
    result: dict[str, Any] = {"n": n}
    layout = synthetic.province(n)
    queries = Queries(layout.parents)
    path = workdir / f"province_{n}.sqlite3"
    url = f"sqlite:///{path}"
    marker = path.with_suffix(".import.json")
    if args.reuse_dbs and path.exists() and marker.exists():
        result["import"] = {**json.loads(marker.read_text()), "reused": True}
        log(f"  N={n}: reusing {path}")
    else:
        for p in workdir.glob(f"province_{n}.sqlite3*"):
            p.unlink()
        log(f"  N={n}: importing {n} counties into SQLite")
        result["import"] = build(url, n, args.batch_counties, log)
        marker.write_text(json.dumps(result["import"]))
    if n == args.main_n:
        log(f"  N={n}: import floor (plain sqlite3 executemany, same rows and schema)")
        result["import_floor"] = sqlite_floor(
            workdir / "import_floor.sqlite3", layout.counties, layout.seed, args.batch_counties
        )
        log(f"    {result['import_floor']['rows_per_s']:,.0f} rows/s")
        log(f"  N={n}: the same import with the caller pausing the garbage collector")
        paused = workdir / "import_gc_paused.sqlite3"
        result["import_gc_paused"] = build(
            f"sqlite:///{paused}", n, args.batch_counties, log, pause_collector=True
        )
        for p in workdir.glob("import_gc_paused.sqlite3*"):
            p.unlink()
    result["layout"] = {"cities": {c: len(v) for c, v in layout.cities.items()}}
    result["db_size_mb"] = sqlite_size_mb(path)
    result.update(measure(n, url, queries, args, log, args.cold_starts if n == args.main_n else 1))
    if args.features:
        matrix = result["queries"]["q1"]["platform"]["median_ms"]
        result["features"] = measure_features(n, url, min(args.requests, 10), log, matrix)
        if n == args.main_n and "annual_summary" in result["features"].get("available", []):
            result["features"]["annual_summary_files"] = annual_summary_files(url, log)
    return result
