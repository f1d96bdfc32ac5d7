"""The benchmark of qyx_platform: a province on SQLite (Q1-Q3 over HTTP against a raw floor,
import, cold start, RSS, SQL statements), the same on PostgreSQL (COPY import against plain
COPY, Q1-Q3 against a one-statement SQL floor, throughput with several workers), the dashboard
in headless chromium, and with ``--national`` a nation-sized database.

    .venv/bin/python benchmarks/run.py                 # full: N = 10, 90, 300; PostgreSQL N = 90
    .venv/bin/python benchmarks/run.py --quick         # smoke run: N = 5, 20; PostgreSQL N = 5
    .venv/bin/python benchmarks/run.py --national      # + 31 provinces / 2,844 counties (long)
    .venv/bin/python benchmarks/run.py --dashboard-only --reuse-dbs --workdir DIR   # the dashboard alone

One job a module: queries.py (the requests), databases.py (building, emptying, sizing),
import_floors.py (executemany and COPY floors), servers.py (the processes under test),
timing.py (statements, answers, timings), floor.py and sqlfloor.py (the floors),
sqlite_province.py, postgresql.py, throughput.py, national.py, features.py, dashboard.py (what
is measured where), profiling.py, machine.py, goals.py (goals and the printed report), markdown.py
(the recorded run as tables); this file runs them in order
and writes benchmarks/results.json (``--quick``: results-quick.json). Everything runs on
loopback; every loop is bounded; subprocesses are stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))  # tools/statements.py, the statement counter the tests use too
# the synthetic province reports every period of the plan, 2022-01 to 2027-12, as it would be
# known once the plan is over: periods that have not ended are refused as reports (issue 11)
os.environ.setdefault("QYX_TODAY", "2028-01-01")

import synthetic  # noqa: E402
from databases import PG_DEFAULT  # noqa: E402
from goals import (  # noqa: E402
    dashboard_goals,
    feature_goals,
    hold_against,
    print_report,
    province_goals,
    scale_goals,
)
from machine import loadavg, machine, postgresql_settings  # noqa: E402
from queries import INDICATOR, PERIOD, YEAR  # noqa: E402


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description="benchmark of qyx_platform")
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 5, 20; 10 requests")
    parser.add_argument("--sizes", help="comma-separated N on SQLite (default 10,90,300; quick 5,20)")
    parser.add_argument("--requests", type=int, help="timed requests per query and server (default 30)")
    parser.add_argument("--requests-large", type=int, default=0, help="timed requests above the main N")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch-counties", type=int, default=10, help="counties per report() call")
    parser.add_argument("--pg", default=os.environ.get("QYX_BENCH_PG", PG_DEFAULT))
    parser.add_argument("--pg-counties", type=int, help="counties on PostgreSQL (default 90; quick 5)")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--pg-queries", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--pg-requests", type=int, default=0, help="timed requests on PostgreSQL (default 30)"
    )
    parser.add_argument(
        "--throughput-seconds",
        type=float,
        help="seconds of load per worker count (default 10; quick 3; 0: skip)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite provinces")
    parser.add_argument(
        "--features",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also the full scoreboard, timeliness and annual summary where the schema has them",
    )
    parser.add_argument("--national", action="store_true", help="also the nation-sized database (minutes)")
    parser.add_argument("--national-only", action="store_true", help="only the nation-sized database")
    parser.add_argument(
        "--features-only",
        action="store_true",
        help="only the feature operations (scoreboard, timeliness, annual summary), added to --out",
    )
    parser.add_argument(
        "--dashboard",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the dashboard in headless chromium at the main N (default: on when chromium is present)",
    )
    parser.add_argument(
        "--dashboard-only",
        action="store_true",
        help="only the dashboard in headless chromium at the main N, added to --out",
    )
    parser.add_argument(
        "--dashboard-runs", type=int, help="cold and warm loads per page (default 10; quick 3)"
    )
    parser.add_argument("--national-rebuild", action="store_true", help="rebuild it even when present")
    parser.add_argument("--national-counties", type=int, default=synthetic.NATIONAL_COUNTIES)
    parser.add_argument("--national-requests", type=int, default=15)
    parser.add_argument("--cold-starts", type=int, default=3, help="cold starts measured at the main N")
    parser.add_argument("--profile", action="store_true", help="write pyinstrument profiles at the main N")
    parser.add_argument("--workdir", help="where the SQLite databases go (default: a temporary folder)")
    parser.add_argument("--reuse-dbs", action="store_true", help="reuse SQLite databases in --workdir")
    parser.add_argument(
        "--out", help="results file (default benchmarks/results.json; quick: results-quick.json)"
    )
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in (args.sizes or ("5,20" if args.quick else "10,90,300")).split(",")]
    args.requests = args.requests or (10 if args.quick else 30)
    args.pg_counties = args.pg_counties or (5 if args.quick else 90)
    args.pg_requests = args.pg_requests or args.requests
    if args.throughput_seconds is None:
        args.throughput_seconds = 3.0 if args.quick else 10.0
    args.main_n = 90 if 90 in args.sizes else args.sizes[0]
    args.national = args.national or args.national_only
    if args.national_only or args.features_only or args.dashboard_only:
        args.no_sqlite = args.no_pg = True
    if args.dashboard_only:
        args.dashboard = True
    elif args.dashboard is None:
        from dashboard import unavailable

        args.dashboard = unavailable() is None and not (args.national_only or args.features_only)
    args.dashboard_runs = args.dashboard_runs or (3 if args.quick else 10)
    return args


def dashboard(args: argparse.Namespace, workdir: Path, built: bool, log: Any) -> dict[str, Any]:
    """The dashboard in headless chromium at the main N (``built``: this run built its
    database already), with when and on which commit it was measured."""
    from dashboard import measure_dashboard, unavailable
    from sqlite_province import province_url

    why = unavailable()
    if why:
        log(f"dashboard: skipped ({why})")
        return {"skipped": why}
    log(f"dashboard in headless chromium, N={args.main_n}")
    url = province_url(args.main_n, workdir, args, log, reuse=args.reuse_dbs or built)
    found = measure_dashboard(args.main_n, url, args.dashboard_runs, log)
    m = machine()
    found["measured_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    found["git_head"] = m.get("git_head")
    found["core_files_modified_since_head"] = m.get("core_files_modified_since_head")
    return found


def main(argv: list[str] | None = None) -> int:
    """Run what the command line asks, print the report, write the results."""
    args = parse(argv)
    out = Path(args.out) if args.out else HERE / ("results-quick.json" if args.quick else "results.json")
    previous: dict[str, Any] | None = None
    if out.exists():
        try:
            previous = json.loads(out.read_text(encoding="utf-8"))
        except ValueError:
            previous = None

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')} load {loadavg()[0]:.1f}] {msg}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    temp = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="qyx-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "recorded_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "postgresql_settings": postgresql_settings(args.pg),
        "plugins": os.environ.get("QYX_PLUGINS", "all"),
        "parameters": {
            "sizes": args.sizes,
            "main_n": args.main_n,
            "requests": args.requests,
            "warmup": args.warmup,
            "batch_counties": args.batch_counties,
            "pg_counties": args.pg_counties,
            "seed": synthetic.SEED,
            "year": YEAR,
            "indicator": INDICATOR,
            "period": PERIOD,
        },
        "sizes": {},
    }
    try:
        log(f"workdir {workdir}")
        if not args.no_sqlite:
            from sqlite_province import bench_size

            for n in args.sizes:
                results["sizes"][n] = bench_size(n, workdir, args, log)
        if not args.no_pg:
            from postgresql import bench_postgresql

            log("PostgreSQL")
            results["postgresql"] = bench_postgresql(args, log)
        if args.features_only:
            from sqlite_province import features_only

            results["features"] = {n: features_only(n, workdir, args, log) for n in args.sizes}
        if args.dashboard:
            results["dashboard"] = dashboard(args, workdir, args.main_n in results["sizes"], log)
        if args.national:
            from national import national

            log("national")
            results["national"] = national(args, log)
        if args.profile and not args.no_sqlite:
            from profiling import profile

            log("profiles")
            results["profiles"] = profile(args.main_n, workdir, HERE, log)
    finally:
        if temp:
            shutil.rmtree(workdir, ignore_errors=True)
    headline: dict[str, Any] = {}
    if results["sizes"]:
        headline = province_goals(results["sizes"], args.main_n, max(args.sizes))
    results["headline"] = headline
    results["hold"] = hold_against(headline, previous) if headline else {}
    results["goals_features"] = feature_goals(results["sizes"], args.main_n)
    results["goals_scale"] = scale_goals(headline, results.get("postgresql", {}), results.get("national"))
    results["goals_dashboard"] = dashboard_goals(results.get("dashboard"))
    results["elapsed_s"] = elapsed = round(time.perf_counter() - started, 1)
    results["machine"]["loadavg_at_end"] = loadavg()
    print_report(results)
    if args.features_only and previous:  # add to the recorded run
        for n, found in results["features"].items():
            previous.setdefault("sizes", {}).setdefault(str(n), {})["features"] = found
        previous["features_measured_at"] = results["recorded_at"]
        previous["features_loadavg"] = [results["machine"]["loadavg_at_start"], loadavg()]
        previous["goals_features"] = feature_goals(previous["sizes"], args.main_n)
        results = previous
    elif args.dashboard_only and previous:  # add to the recorded run
        results = {
            **previous,
            "dashboard": results["dashboard"],
            "goals_dashboard": results["goals_dashboard"],
        }
    elif args.national_only and previous:  # keep the rest of the recorded run
        results = {
            **previous,
            "national": results["national"],
            "goals_scale": {**previous.get("goals_scale", {}), **results["goals_scale"]},
        }
    flat = {**headline, **results}
    out.write_text(json.dumps(flat, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    shown = out.resolve().relative_to(ROOT) if out.resolve().is_relative_to(ROOT) else out
    print(f"\nwrote {shown} in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
