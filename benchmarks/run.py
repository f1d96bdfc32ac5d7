"""Province-scale benchmark of qyx_platform: Q1-Q3 over HTTP against a raw floor, bulk import,
cold start, server RSS and SQL statements per request.

    .venv/bin/python benchmarks/run.py            # full: N = 10, 90, 300 (about 10-15 min)
    .venv/bin/python benchmarks/run.py --quick    # smoke run: N = 5, 20, a few requests

For each N it builds a fresh SQLite database of the synthetic province (benchmarks/synthetic.py)
through ``Platform.report(..., actor=LOCAL_OPERATOR, source="import")`` (the import path),
starts ``qyx serve`` and the floor (benchmarks/floor.py) as uvicorn subprocesses on free
127.0.0.1 ports, checks that both give the same answers, then times the three queries of
tests/contract/province.graphql request by request: the data version bumped (as by any
write), one uncached platform request, the same again (served from the platform's
data-version cache), one floor request; and reads the server's RSS. SQL statements per
request are counted in-process (a SQLAlchemy ``before_cursor_execute`` listener on a Platform
mounted with httpx's ASGI transport), separately from the timing. Bulk import is also
measured on PostgreSQL when reachable, and Q1-Q3 timed there on a smaller province.

Writes benchmarks/results.json (``--quick``: benchmarks/results-quick.json) and prints a table.
Everything runs on loopback; every loop is bounded; subprocesses are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import http.client
import json
import math
import os
import platform as pyplatform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))  # tools/statements.py, the statement counter the tests use too

import graphql  # noqa: E402
import synthetic  # noqa: E402

from qyx_platform.platform import Platform  # noqa: E402
from qyx_platform.services.auth import LOCAL_OPERATOR  # noqa: E402
from tools.statements import (  # noqa: E402
    PING,
    TRANSACTION_CONTROL,
    driver_statements,
    is_query,
    kind_of,
)

CONTRACT = ROOT / "tests" / "contract" / "province.graphql"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/qyx_bench"

#: the questions asked: Q1 for one year, Q2 and Q3 for indicator 12 (two series)
YEAR = 2025
INDICATOR = "bingyou.inpatient_reimbursement_rate"
PERIOD = "2025-09"

#: goals of the issue (ratios to the floor at 90 counties)
GOALS = {
    "q1_ratio": 1.5,
    "q2_ratio": 1.5,
    "q3_ratio": 3.0,
    "scale_90_to_300_max": 4.0,
    "sql_statements_max": 5,
    "import_rows_per_s_sqlite": 100_000,
    "rss_mb": 150,
}


# -- queries ---------------------------------------------------------------------------------


def _operation(doc: graphql.DocumentNode, name: str) -> graphql.OperationDefinitionNode:
    for d in doc.definitions:
        if isinstance(d, graphql.OperationDefinitionNode) and d.name and d.name.value == name:
            return d
    raise KeyError(name)


def _with_literal(field: graphql.FieldNode, alias: str, arg: str, value: str) -> graphql.FieldNode:
    """A copy of ``field`` under ``alias`` with argument ``arg`` set to the string ``value``."""
    arguments = tuple(
        graphql.ArgumentNode(name=a.name, value=graphql.StringValueNode(value=value))
        if a.name.value == arg
        else a
        for a in field.arguments
    )
    return dataclasses.replace(field, alias=graphql.NameNode(value=alias), arguments=arguments)


@dataclass
class Queries:
    """The GraphQL request bodies and the floor URLs of Q1-Q3 for a layout.

    With one parent city each request carries the contract's operation as written in
    tests/contract/province.graphql (that operation only, as a client sends it). With several (N > 99
    does not fit in one city), Q1 and Q2 are the contract's selections repeated once per city
    under an alias (``p331100: jurisdiction(code: "331100") {…}``), in one request, so that one
    request still answers for every county."""

    parents: list[str]
    text: str = field(default_factory=lambda: CONTRACT.read_text(encoding="utf-8"))

    def operation_text(self, name: str) -> str:
        """One operation of the contract file, exactly as written there (a client sends the
        operation it runs, not the whole file)."""
        op = _operation(graphql.parse(self.text), name)
        assert op.loc is not None
        return self.text[op.loc.start : op.loc.end] + "\n"

    def body(self, q: str) -> dict[str, Any]:
        if q == "q3":
            return {
                "query": self.operation_text("Detail"),
                "operationName": "Detail",
                "variables": {"code": INDICATOR, "period": PERIOD},
            }
        if len(self.parents) == 1:
            if q == "q1":
                return {
                    "query": self.operation_text("Matrix"),
                    "operationName": "Matrix",
                    "variables": {"parent": self.parents[0], "year": YEAR},
                }
            return {
                "query": self.operation_text("Timeline"),
                "operationName": "Timeline",
                "variables": {"code": INDICATOR, "parent": self.parents[0]},
            }
        doc = graphql.parse(self.text)
        if q == "q1":
            op = _operation(doc, "Matrix")
            base = op.selection_set.selections[0]
            top: tuple[Any, ...] = tuple(_with_literal(base, f"p{p}", "code", p) for p in self.parents)
            variables: dict[str, Any] = {"year": YEAR}
        else:
            op = _operation(doc, "Timeline")
            indicator = op.selection_set.selections[0]
            fields: list[Any] = []
            for sel in indicator.selection_set.selections:
                if sel.name.value == "timeline":
                    fields += [_with_literal(sel, f"t{p}", "under", p) for p in self.parents]
                else:
                    fields.append(sel)
            top = (
                dataclasses.replace(
                    indicator, selection_set=graphql.SelectionSetNode(selections=tuple(fields))
                ),
            )
            variables = {"code": INDICATOR}
        op = dataclasses.replace(
            op,
            selection_set=graphql.SelectionSetNode(selections=top),
            variable_definitions=tuple(
                v for v in op.variable_definitions if v.variable.name.value != "parent"
            ),
        )
        text = graphql.print_ast(graphql.DocumentNode(definitions=(op,)))
        return {"query": text, "operationName": op.name.value, "variables": variables}

    def floor_path(self, q: str) -> str:
        parents = ",".join(self.parents)
        if q == "q1":
            return f"/q1?parents={parents}&year={YEAR}"
        if q == "q2":
            return f"/q2?code={urllib.parse.quote(INDICATOR)}&parents={parents}"
        return f"/q3?code={urllib.parse.quote(INDICATOR)}&period={PERIOD}"


# -- building the province -------------------------------------------------------------------


def build(url: str, n: int, batch_counties: int, log: Any) -> dict[str, Any]:
    """Load the synthetic province of N counties into ``url`` through Platform.report;
    returns the import timing (the report calls only, not the generation of the rows)."""
    platform = Platform(url)
    try:
        layout = synthetic.province(n)
        rows_total = 0
        seconds = 0.0
        batches = 0
        largest = 0
        counties = layout.counties
        for start in range(0, len(counties), batch_counties):
            batch = [
                r
                for c in counties[start : start + batch_counties]
                for r in synthetic.county_rows(platform.plan, c, layout.seed)
            ]
            t0 = time.perf_counter()
            platform.report(batch, actor=LOCAL_OPERATOR, source="import")
            seconds += time.perf_counter() - t0
            rows_total += len(batch)
            batches += 1
            largest = max(largest, len(batch))
            log(f"    imported {rows_total:,} rows ({rows_total / seconds:,.0f} rows/s)")
        return {
            "rows": rows_total,
            "seconds": round(seconds, 3),
            "batches": batches,
            "largest_batch_rows": largest,
            "rows_per_s": round(rows_total / seconds, 1),
        }
    finally:
        platform.close()


def import_floor(path: Path, n: int, batch_counties: int) -> dict[str, Any]:
    """The import floor: the same rows written into the platform's own schema (a fresh
    database made by Platform) with plain ``sqlite3`` ``executemany``, one transaction per
    batch as in ``build``: observations and current values, foreign keys on, the period's
    sort key, granularity and year computed per row; no validation, no rules, no audit."""
    import re

    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    Platform(f"sqlite:///{path}").close()
    layout = synthetic.province(n)
    from qyx_platform.platform import load_plan

    the_plan = load_plan()
    pattern = re.compile(r"^(\d{4})(?:Q([1-4])|-(\d{2}))?$")
    rank = {"month": 0, "quarter": 1, "year": 2}
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    seconds, total = 0.0, 0
    counties = layout.counties
    for start in range(0, len(counties), batch_counties):
        chunk = counties[start : start + batch_counties]
        rows = [r for c in chunk for r in synthetic.county_rows(the_plan, c, layout.seed)]
        t0 = time.perf_counter()
        now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
        con.execute("BEGIN IMMEDIATE")
        known = {c for (c,) in con.execute("SELECT code FROM jurisdictions")}
        for code in chunk:
            for c, parent in (
                (code[:2] + "0000", None),
                (code[:4] + "00", code[:2] + "0000"),
                (code, code[:4] + "00"),
            ):
                if c not in known:
                    level = "province" if parent is None else ("city" if c.endswith("00") else "county")
                    con.execute(
                        "INSERT INTO jurisdictions (code, name, level, parent_code) VALUES (?, ?, ?, ?)",
                        (c, c, level, parent),
                    )
                    known.add(c)
        obs, cur = [], []
        for r in rows:
            m = pattern.match(r.period)
            year = int(m.group(1))
            if m.group(2):
                gran, end = "quarter", 3 * int(m.group(2))
            elif m.group(3):
                gran, end = "month", int(m.group(3))
            else:
                gran, end = "year", 12
            sort = year * 1000 + end * 10 + rank[gran]
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
        con.executemany(
            "INSERT INTO observations (indicator_code, jurisdiction_code, period, period_sort, granularity,"
            " year, series, revision, value, approved, reported_by, reported_at, source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            obs,
        )
        con.executemany(
            "INSERT INTO current_values (indicator_code, jurisdiction_code, period, series, period_sort,"
            " granularity, year, value, revision, latest_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cur,
        )
        con.execute("COMMIT")
        seconds += time.perf_counter() - t0
        total += len(rows)
    con.close()
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    return {"rows": total, "seconds": round(seconds, 3), "rows_per_s": round(total / seconds, 1)}


class Bumper:
    """Invalidates the platform's cache as any write does: raises ``meta.data_version`` by one,
    on its own connection (the platform reads the version once per request)."""

    SQL = "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'"

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            self.connection: Any = sqlite3.connect(url[len("sqlite:///") :], isolation_level=None)
        else:
            import psycopg

            self.connection = psycopg.connect(
                url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True
            )

    def bump(self) -> None:
        cursor = self.connection.cursor()
        cursor.execute(self.SQL)
        if cursor.rowcount != 1:
            raise RuntimeError("no data_version row in meta: was anything imported?")
        cursor.close()

    def close(self) -> None:
        self.connection.close()


def reset_pg(url: str) -> str | None:
    """Empty the ``public`` schema of the benchmark's PostgreSQL database (creating the
    database when missing); None when PostgreSQL is unreachable, else the server version."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
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


# -- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A subprocess serving HTTP on 127.0.0.1:port."""

    def __init__(self, name: str, argv: list[str], port: int, env: dict[str, str] | None = None) -> None:
        self.name, self.port = name, port
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=str(ROOT)
        )
        self.conn: http.client.HTTPConnection | None = None
        self.cold_start_s = self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> float:
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"{self.name} exited: {err[-2000:]}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"{self.name} not ready after {timeout} s")

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[float, bytes]:
        """One request on the kept-alive connection: (seconds, response body)."""
        payload = None if body is None else json.dumps(body).encode()
        headers = {"content-type": "application/json"} if payload else {}
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                t0 = time.perf_counter()
                self.conn.request(method, path, body=payload, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                dt = time.perf_counter() - t0
                if r.status != 200:
                    raise RuntimeError(f"{self.name} {path}: HTTP {r.status}: {data[:500]!r}")
                return dt, data
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def rss(self) -> dict[str, float]:
        """VmRSS and VmHWM (peak) of the process, in MB."""
        out: dict[str, float] = {}
        try:
            import psutil  # type: ignore[import-not-found]

            info = psutil.Process(self.proc.pid).memory_info()
            out["rss_mb"] = info.rss / 2**20
        except ImportError:
            pass
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[{"VmRSS": "rss_mb", "VmHWM": "peak_rss_mb"}[key]] = int(value.split()[0]) / 1024
        return {k: round(v, 1) for k, v in out.items()}

    def stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_platform(url: str) -> Server:
    port = free_port()
    qyx = Path(sys.executable).with_name("qyx")
    argv = [str(qyx), "serve", "--db", url, "--port", str(port), "--log-level", "warning"]
    return Server("qyx serve", argv, port)


def start_floor(url: str) -> Server:
    port = free_port()
    argv = [sys.executable, str(HERE / "floor.py"), "--db", url, "--port", str(port)]
    return Server("floor", argv, port)


# -- measuring -------------------------------------------------------------------------------


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(p95 * 1000, 3),
        "min_ms": round(ordered[0] * 1000, 3),
        "n": len(ordered),
    }


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two JSON values first differ, or None."""
    if type(a) is not type(b):
        return f"{path or '/'}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return f"{path or '/'}: keys {sorted(a)} vs {sorted(b)}"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = first_difference(x, y, f"{path}/{i}")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} vs {b!r}"


def count_statements(url: str, queries: Queries, floor_url: str) -> dict[str, Any]:
    """SQL statements per request, in-process: the platform's app through httpx's ASGI
    transport, every statement counted where it reaches the driver
    (:func:`tools.statements.driver_statements`); the floor's own counter."""
    import floor as floor_module
    import httpx

    from qyx_platform.web.app import create_app

    platform = Platform(url)
    app = create_app(platform)
    out: dict[str, Any] = {}
    bumper = Bumper(url)

    async def go() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for q in ("q1", "q2", "q3"):
                entry: dict[str, Any] = {}
                for mode in ("uncached", "cached"):
                    if mode == "uncached":
                        bumper.bump()
                    seen.clear()
                    r = await client.post("/graphql", json=queries.body(q))
                    r.raise_for_status()
                    errors = r.json().get("errors")
                    if errors:
                        raise RuntimeError(f"{q} answered with errors: {errors}")
                    kinds = Counter(kind_of(s) for s in seen)
                    entry[mode] = {
                        "statements": sum(1 for s in seen if is_query(s)),
                        "transaction_control": sum(kinds[k] for k in TRANSACTION_CONTROL),
                        # PostgreSQL: the pool's liveness check sends one per checkout
                        "pings": kinds[PING],
                        "by_kind": dict(kinds),
                    }
                out[q] = {
                    "statements": entry["uncached"]["statements"],
                    "statements_cached": entry["cached"]["statements"],
                    **entry,
                }

    # counted where statements reach the driver, so the reads through the cursor count too
    with driver_statements(platform.engine) as seen:
        asyncio.run(go())
    bumper.close()
    platform.close()
    fapp = floor_module.create_app(floor_url)
    fl = fapp.state.floor
    for q, call in (
        ("q1", lambda: fl.matrix(queries.parents, YEAR)),
        ("q2", lambda: fl.timeline(INDICATOR, queries.parents)),
        ("q3", lambda: fl.detail(INDICATOR, PERIOD)),
    ):
        before = fl.db.statements
        call()
        out[q]["floor_statements"] = fl.db.statements - before
    fl.db.connection.close()
    return out


def bench_size(n: int, workdir: Path, args: argparse.Namespace, log: Any) -> dict[str, Any]:
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
        result["import_floor"] = import_floor(workdir / "import_floor.sqlite3", n, args.batch_counties)
        log(f"    {result['import_floor']['rows_per_s']:,.0f} rows/s")
    result["layout"] = {"cities": {c: len(v) for c, v in layout.cities.items()}}
    result["db_size_mb"] = round(
        sum(p.stat().st_size for p in workdir.glob(f"province_{n}.sqlite3*")) / 2**20, 1
    )
    result.update(measure(n, url, queries, args, log, args.cold_starts if n == args.main_n else 1))
    return result


def measure(
    n: int,
    url: str,
    queries: Queries,
    args: argparse.Namespace,
    log: Any,
    cold_starts: int,
    requests: int | None = None,
) -> dict[str, Any]:
    """SQL statements, cold start, answers, timings and RSS of one database."""
    result: dict[str, Any] = {}
    log(f"  N={n}: SQL statements per request (in-process)")
    result["sql"] = count_statements(url, queries, url)

    servers: list[Server] = []
    bumper = Bumper(url)
    try:
        colds = []
        for _ in range(cold_starts):
            s = start_platform(url)
            colds.append(s.cold_start_s)
            s.stop()
        platform_server = start_platform(url)
        servers.append(platform_server)
        floor_server = start_floor(url)
        servers.append(floor_server)
        result["cold_start_s"] = {
            "qyx_serve_median": round(statistics.median(colds), 3),
            "qyx_serve_all": [round(c, 3) for c in colds],
            "floor": round(floor_server.cold_start_s, 3),
        }
        log(f"  N={n}: cold start of qyx serve {statistics.median(colds):.2f} s")
        result["rss_idle"] = platform_server.rss()
        result["queries"] = {}
        for q in ("q1", "q2", "q3"):
            body = queries.body(q)
            fpath = queries.floor_path(q)
            bumper.bump()
            _, pdata = platform_server.request("POST", "/graphql", body)
            _, cdata = platform_server.request("POST", "/graphql", body)
            _, fdata = floor_server.request("GET", fpath)
            pj, cj, fj = json.loads(pdata), json.loads(cdata), json.loads(fdata)
            diff = first_difference(pj, fj) or first_difference(cj, fj)
            if "errors" in pj or "errors" in cj:
                diff = f"platform errors: {pj.get('errors') or cj.get('errors')}"
            count = requests or args.requests
            if requests is None and n > args.main_n and args.requests_large:
                count = args.requests_large
            for _ in range(args.warmup):
                bumper.bump()
                platform_server.request("POST", "/graphql", body)
                floor_server.request("GET", fpath)
            ps, cs, fs = [], [], []
            for _ in range(count):  # interleaved, so drift and noise hit all three alike
                bumper.bump()  # a write happened: the platform's cache is stale
                ps.append(platform_server.request("POST", "/graphql", body)[0])
                cs.append(platform_server.request("POST", "/graphql", body)[0])  # same version: cached
                fs.append(floor_server.request("GET", fpath)[0])
            pst, cst, fst = summary(ps), summary(cs), summary(fs)
            entry = {
                "platform": pst,
                "platform_cached": cst,
                "floor": fst,
                "ratio_median": round(pst["median_ms"] / fst["median_ms"], 2),
                "ratio_p95": round(pst["p95_ms"] / fst["p95_ms"], 2),
                "ratio_median_cached": round(cst["median_ms"] / fst["median_ms"], 2),
                "response_bytes": {"platform": len(pdata), "floor": len(fdata)},
                "answers_agree": diff is None,
                "difference": diff,
            }
            result["queries"][q] = entry
            log(
                f"  N={n} {q}: platform {pst['median_ms']:.1f} ms (p95 {pst['p95_ms']:.1f}), "
                f"cached {cst['median_ms']:.1f} ms (p95 {cst['p95_ms']:.1f}), "
                f"floor {fst['median_ms']:.1f} ms (p95 {fst['p95_ms']:.1f}), "
                f"ratio {entry['ratio_median']} (cached {entry['ratio_median_cached']}), agree={diff is None}"
            )
        result["rss"] = platform_server.rss()
        result["rss_floor"] = floor_server.rss()
    finally:
        bumper.close()
        for s in servers:
            s.stop()
    return result


def pg_import(url: str, n: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    """Import N counties into PostgreSQL (an emptied ``public`` schema of the benchmark's own
    database); with ``--pg-queries`` also time Q1-Q3 there. The schema is emptied again after."""
    version = reset_pg(url)
    if version is None:
        log("  PostgreSQL unreachable: skipped")
        return {"skipped": "unreachable", "url": url}
    log(f"  PostgreSQL {version}: importing {n} counties")
    try:
        out: dict[str, Any] = {**build(url, n, args.batch_counties, log), "n": n, "server_version": version}
        if args.pg_queries:
            queries = Queries(synthetic.province(n).parents)
            out["served"] = measure(n, url, queries, args, log, 1, requests=args.pg_requests)
    finally:
        reset_pg(url)  # leave the benchmark database empty
    return out


def _layer(filename: str) -> str:
    """The layer a profiled function belongs to, by its file."""
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C: json, decimal, sqlite3, re …)"
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if "qyx_platform" in parts:
        i = parts.index("qyx_platform")
        return "qyx_platform." + Path(parts[i + 1]).stem if len(parts) > i + 2 else "qyx_platform"
    if "plugins" in parts:
        return "qyx_plugins"
    return "python stdlib" if "lib" in parts else "other"


def profile(n: int, workdir: Path, out_dir: Path, log: Any) -> dict[str, Any]:
    """Where the time of Q1-Q3 goes, served in-process (ASGI), 5 requests each: a
    pyinstrument call tree (benchmarks/profile_<q>_n<N>.txt) and a cProfile breakdown of own
    time by layer (qyx_platform module, strawberry, graphql-core, sqlalchemy, C builtins)."""
    import cProfile
    import pstats

    import httpx

    from qyx_platform.web.app import create_app

    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
        log("  pyinstrument not installed: layer breakdown only")

    url = f"sqlite:///{workdir / f'province_{n}.sqlite3'}"
    app = create_app(Platform(url))
    queries = Queries(synthetic.province(n).parents)
    out: dict[str, Any] = {}
    bumper = Bumper(url)

    async def go() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for q in ("q1", "q2", "q3"):
                for mode in ("uncached", "cached"):
                    await client.post("/graphql", json=queries.body(q))
                    entry: dict[str, Any] = {}

                    async def requests(q: str = q, mode: str = mode) -> None:
                        for _ in range(5):
                            if mode == "uncached":
                                bumper.bump()
                            await client.post("/graphql", json=queries.body(q))

                    if Profiler is not None:
                        prof = Profiler(interval=0.0005)
                        prof.start()
                        await requests()
                        prof.stop()
                        target = out_dir / f"profile_{q}_{mode}_n{n}.txt"
                        target.write_text(prof.output_text(unicode=False, color=False, show_all=False))
                        entry["tree"] = str(target.relative_to(ROOT))
                    cp = cProfile.Profile()
                    cp.enable()
                    await requests()
                    cp.disable()
                    layers: Counter[str] = Counter()
                    total = 0.0
                    for (filename, _, _), (_, _, tottime, _, _) in pstats.Stats(cp).stats.items():  # type: ignore[attr-defined]
                        layers[_layer(filename)] += tottime
                        total += tottime
                    entry["own_time_share_by_layer"] = {
                        k: round(v / total, 3) for k, v in layers.most_common() if v / total >= 0.005
                    }
                    out[f"{q}_{mode}"] = entry

    asyncio.run(go())
    bumper.close()
    return out


def machine() -> dict[str, Any]:
    mem_kb = 0
    model = ""
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    from importlib.metadata import version

    import sqlalchemy
    import starlette
    import strawberry  # noqa: F401
    import uvicorn

    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "qyx_platform", "plugins"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.count("\n")
    except (OSError, subprocess.SubprocessError):
        head, dirty = "", -1
    return {
        "git_head": head,
        "core_files_modified_since_head": dirty,
        "nproc": os.cpu_count(),
        "loadavg_at_start": list(os.getloadavg()),
        "cpu": model,
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": pyplatform.python_version(),
        "platform": pyplatform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "strawberry": version("strawberry-graphql"),
        "starlette": starlette.__version__,
        "uvicorn": uvicorn.__version__,
    }


# -- report ----------------------------------------------------------------------------------


def headline(
    sizes: dict[int, dict[str, Any]], main_n: int, large_n: int, pg: dict[str, Any]
) -> dict[str, Any]:
    main = sizes[main_n]
    out: dict[str, Any] = {}
    for q in ("q1", "q2", "q3"):
        e = main["queries"][q]
        out[f"{q}_ratio"] = e["ratio_median"]
        out[f"{q}_ratio_cached"] = e["ratio_median_cached"]
        out[f"{q}_ms"] = e["platform"]["median_ms"]
        out[f"{q}_cached_ms"] = e["platform_cached"]["median_ms"]
        out[f"{q}_floor_ms"] = e["floor"]["median_ms"]
    if large_n in sizes and large_n != main_n:
        big = sizes[large_n]["queries"]
        scale = {
            q: round(big[q]["platform"]["median_ms"] / main["queries"][q]["platform"]["median_ms"], 2)
            for q in ("q1", "q2", "q3")
        }
        cached = {
            q: round(
                big[q]["platform_cached"]["median_ms"] / main["queries"][q]["platform_cached"]["median_ms"], 2
            )
            for q in ("q1", "q2", "q3")
        }
        floor = {
            q: round(big[q]["floor"]["median_ms"] / main["queries"][q]["floor"]["median_ms"], 2)
            for q in ("q1", "q2", "q3")
        }
        out["scale_90_to_300"] = scale
        out["scale_90_to_300_cached"] = cached
        out["scale_90_to_300_floor"] = floor
        out["scale_90_to_300_max"] = max(scale.values())
        out["scale_90_to_300_max_cached"] = max(cached.values())
        out["scale_from_to"] = [main_n, large_n]
    out["sql_statements_max"] = max(
        s["sql"][q]["statements"] for s in sizes.values() for q in ("q1", "q2", "q3")
    )
    out["sql_statements_max_cached"] = max(
        s["sql"][q]["statements_cached"] for s in sizes.values() for q in ("q1", "q2", "q3")
    )
    out["import_rows_per_s_sqlite"] = main["import"]["rows_per_s"]
    out["import_rows_per_s_postgresql"] = pg.get("rows_per_s")
    if "import_floor" in main:
        out["import_floor_rows_per_s_sqlite"] = main["import_floor"]["rows_per_s"]
    out["rss_mb"] = main["rss"]["rss_mb"]
    out["cold_start_s"] = main["cold_start_s"]["qyx_serve_median"]
    out["answers_agree"] = all(
        s["queries"][q]["answers_agree"] for s in sizes.values() for q in ("q1", "q2", "q3")
    )
    met = {}
    for key, goal in GOALS.items():
        value = out.get(key)
        if value is None:
            continue
        met[key] = value >= goal if key == "import_rows_per_s_sqlite" else value <= goal
    out["goals"] = GOALS
    out["goals_met"] = met
    return out


def print_table(results: dict[str, Any]) -> None:
    names = {"q1": "Q1 matrix", "q2": "Q2 timeline", "q3": "Q3 detail"}
    print()
    print(
        f"{'N':>4} {'query':<12} {'platform med/p95 ms':>21} {'cached med/p95 ms':>19} "
        f"{'floor med/p95 ms':>19} "
        f"{'ratio':>6} {'cached':>6} {'SQL':>4} {'cSQL':>4} {'fSQL':>4} {'agree':>5}"
    )
    for n, s in results["sizes"].items():
        for q, e in s["queries"].items():
            p, c, f = e["platform"], e["platform_cached"], e["floor"]
            print(
                f"{n:>4} {names[q]:<12} {p['median_ms']:>10.1f} /{p['p95_ms']:>9.1f} "
                f"{c['median_ms']:>9.1f} /{c['p95_ms']:>8.1f} "
                f"{f['median_ms']:>9.1f} /{f['p95_ms']:>8.1f} "
                f"{e['ratio_median']:>6.2f} {e['ratio_median_cached']:>6.2f} "
                f"{s['sql'][q]['statements']:>4} {s['sql'][q]['statements_cached']:>4} "
                f"{s['sql'][q]['floor_statements']:>4} {'yes' if e['answers_agree'] else 'NO':>5}"
            )
    print()
    for n, s in results["sizes"].items():
        imp = s["import"]
        print(
            f"N={n}: import {imp['rows']:,} rows in {imp['seconds']:.1f} s = {imp['rows_per_s']:,.0f} rows/s "
            f"(SQLite{', reused' if imp.get('reused') else ''}); "
            f"cold start {s['cold_start_s']['qyx_serve_median']:.2f} s; "
            f"RSS {s['rss']['rss_mb']} MB (peak {s['rss'].get('peak_rss_mb')}); db {s['db_size_mb']} MB"
        )
        if "import_floor" in s:
            print(f"      import floor (plain executemany): {s['import_floor']['rows_per_s']:,.0f} rows/s")
    pg = results["postgresql_import"]
    if "rows_per_s" in pg:
        print(f"PostgreSQL import: {pg['rows']:,} rows ({pg['n']} counties) = {pg['rows_per_s']:,.0f} rows/s")
        for q, e in pg.get("served", {}).get("queries", {}).items():
            p, f = e["platform"], e["floor"]
            print(
                f"  PostgreSQL N={pg['n']} {names[q]:<12} "
                f"platform {p['median_ms']:.1f} / {p['p95_ms']:.1f} ms, "
                f"cached {e['platform_cached']['median_ms']:.1f} ms, "
                f"floor {f['median_ms']:.1f} / {f['p95_ms']:.1f} ms, ratio {e['ratio_median']:.2f}, "
                f"SQL {pg['served']['sql'][q]['statements']}, agree {'yes' if e['answers_agree'] else 'NO'}"
            )
    else:
        print(f"PostgreSQL import: skipped ({pg.get('skipped')})")
    print()
    h = results["headline"]
    for key, ok in h["goals_met"].items():
        cached = h.get(f"{key}_cached")
        extra = f"   (cached: {cached})" if cached is not None else ""
        print(
            f"  {key:<26} {h[key]!s:>12}  goal {'≥' if key.startswith('import') else '≤'} {GOALS[key]!s:<8} "
            f"{'met' if ok else 'NOT met'}{extra}"
        )
    print(f"  answers agree: {h['answers_agree']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="province-scale benchmark of qyx_platform")
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 5, 20; 10 requests")
    parser.add_argument("--sizes", help="comma-separated N (default 10,90,300; quick 5,20)")
    parser.add_argument("--requests", type=int, help="timed requests per query and server (default 30)")
    parser.add_argument(
        "--requests-large",
        type=int,
        default=0,
        help="timed requests for N above the main N (default: same as --requests)",
    )
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch-counties", type=int, default=10, help="counties per report() batch")
    parser.add_argument("--pg", default=os.environ.get("QYX_BENCH_PG", PG_DEFAULT))
    parser.add_argument(
        "--pg-counties", type=int, help="counties imported into PostgreSQL (default 10; quick 3)"
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument(
        "--pg-queries",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time Q1-Q3 on the PostgreSQL database (default: yes)",
    )
    parser.add_argument(
        "--pg-requests",
        type=int,
        default=0,
        help="timed requests per query on PostgreSQL (default 10; quick: --requests)",
    )
    parser.add_argument("--cold-starts", type=int, default=3, help="cold starts measured at the main N")
    parser.add_argument("--profile", action="store_true", help="write pyinstrument profiles at the main N")
    parser.add_argument("--workdir", help="where the databases go (default: a temporary folder, removed)")
    parser.add_argument(
        "--reuse-dbs",
        action="store_true",
        help="reuse databases already built in --workdir (import timing from then)",
    )
    parser.add_argument(
        "--out", help="results file (default benchmarks/results.json; quick: results-quick.json)"
    )
    args = parser.parse_args(argv)

    sizes = [int(s) for s in (args.sizes or ("5,20" if args.quick else "10,90,300")).split(",")]
    args.requests = args.requests or (10 if args.quick else 30)
    args.pg_counties = args.pg_counties or (3 if args.quick else 10)
    args.pg_requests = args.pg_requests or (args.requests if args.quick else 10)
    args.main_n = 90 if 90 in sizes else sizes[0]
    large_n = max(sizes)
    out = Path(args.out) if args.out else HERE / ("results-quick.json" if args.quick else "results.json")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    temp = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="qyx-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
        "plugins": os.environ.get("QYX_PLUGINS", "all"),
        "parameters": {
            "sizes": sizes,
            "main_n": args.main_n,
            "requests": args.requests,
            "requests_large": args.requests_large or args.requests,
            "warmup": args.warmup,
            "batch_counties": args.batch_counties,
            "seed": synthetic.SEED,
            "year": YEAR,
            "indicator": INDICATOR,
            "period": PERIOD,
        },
    }
    try:
        log(f"workdir {workdir}")
        results["sizes"] = {}
        for n in sizes:
            results["sizes"][n] = bench_size(n, workdir, args, log)
        if args.no_pg:
            results["postgresql_import"] = {"skipped": "--no-pg"}
        else:
            log("PostgreSQL import")
            results["postgresql_import"] = pg_import(args.pg, args.pg_counties, args, log)
        if args.profile:
            log("profiles")
            results["profiles"] = profile(args.main_n, workdir, HERE, log)
    finally:
        if temp:
            shutil.rmtree(workdir, ignore_errors=True)
    results["headline"] = headline(results["sizes"], args.main_n, large_n, results["postgresql_import"])
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    results["machine"]["loadavg_at_end"] = list(os.getloadavg())
    flat = {**{k: v for k, v in results["headline"].items()}, **results}
    out.write_text(json.dumps(flat, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print_table(results)
    shown = out.resolve().relative_to(ROOT) if out.resolve().is_relative_to(ROOT) else out
    print(f"\nwrote {shown} in {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
