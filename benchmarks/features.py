"""The supervision and report features at province scale: the full scoreboard, reporting
timeliness of one month and the annual summary, timed uncached and cached over HTTP with their
SQL statements, at every N of the run (statements should stay flat as counties grow), and the
annual summary written by ``qyx report`` in each file format.

Operations come from the contract files the tests send (tests/contract/supervision.graphql,
reports.graphql); one the schema does not (yet) answer is reported as unavailable, not failed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import graphql
from databases import Bumper
from queries import CONTRACT, YEAR
from servers import start_platform
from timing import count_statements, summary

CONTRACTS = CONTRACT.parent
#: (name, contract file, operation, variables)
OPERATIONS = (
    ("full_scoreboard", "supervision.graphql", "FullScoreboard", {"year": YEAR}),
    ("timeliness_month", "supervision.graphql", "Timeliness", {"period": f"{YEAR}-09"}),
    ("annual_summary", "reports.graphql", "Report", {"kind": "ANNUAL", "period": str(YEAR)}),
)
REPORT_FORMATS = ("md", "html", "xlsx", "docx")


def bodies() -> dict[str, dict[str, Any]]:
    """The request bodies of the operations whose contract file is present."""
    out: dict[str, dict[str, Any]] = {}
    for name, file, operation, variables in OPERATIONS:
        path = CONTRACTS / file
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        names = {
            d.name.value
            for d in graphql.parse(text).definitions
            if isinstance(d, graphql.OperationDefinitionNode) and d.name
        }
        if operation in names:
            out[name] = {"query": text, "operationName": operation, "variables": variables}
    return out


def _answers(url: str, available: dict[str, dict[str, Any]]) -> dict[str, str | None]:
    """For each operation: None when the schema answers it, else the first error."""
    import asyncio

    import httpx

    from qyx_platform.platform import Platform
    from qyx_platform.web.app import create_app

    platform = Platform(url)
    out: dict[str, str | None] = {}

    async def go() -> None:
        transport = httpx.ASGITransport(app=create_app(platform))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, body in available.items():
                answer = (await client.post("/graphql", json=body)).json()
                errors = answer.get("errors")
                out[name] = None if not errors else str(errors[0].get("message"))[:300]

    asyncio.run(go())
    platform.close()
    return out


def measure_features(
    n: int, url: str, requests: int, log: Callable[[str], None], matrix_ms: float | None = None
) -> dict[str, Any]:
    """Statements and timings of the feature operations on the database at ``url``."""
    available = bodies()
    if not available:
        return {"available": []}
    problems = _answers(url, available)
    answered = {k: v for k, v in available.items() if problems[k] is None}
    out: dict[str, Any] = {
        "available": sorted(answered),
        "unavailable": {k: v for k, v in problems.items() if v is not None},
    }
    if not answered:
        return out
    from queries import Queries

    sql = count_statements(url, Queries(["331100"]), None, answered)
    out["sql"] = {
        k: {"statements": sql[k]["statements"], "cached": sql[k]["statements_cached"]} for k in answered
    }
    server = start_platform(url)
    bumper = Bumper(url)
    try:
        for name, body in answered.items():
            for _ in range(2):
                bumper.bump()
                server.request("POST", "/graphql", body)
            uncached, cached = [], []
            for _ in range(requests):
                bumper.bump()
                uncached.append(server.request("POST", "/graphql", body)[0])
                cached.append(server.request("POST", "/graphql", body)[0])
            entry = {"uncached": summary(uncached), "cached": summary(cached)}
            if name == "full_scoreboard" and matrix_ms:
                entry["ratio_to_q1_matrix"] = round(entry["uncached"]["median_ms"] / matrix_ms, 2)
            out[name] = entry
            log(
                f"  N={n} {name}: {entry['uncached']['median_ms']:.1f} ms uncached, "
                f"{entry['cached']['median_ms']:.1f} ms cached, {out['sql'][name]['statements']} statements"
            )
    finally:
        bumper.close()
        server.stop()
    return out


def annual_summary_files(url: str, log: Callable[[str], None], runs: int = 3) -> dict[str, Any]:
    """``qyx report annual --period YEAR --format F`` in each format: wall time and size."""
    qyx = Path(sys.executable).with_name("qyx")
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in REPORT_FORMATS:
            target = Path(folder) / f"annual.{fmt}"
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                command = [str(qyx), "report", "annual", "--period", str(YEAR), "--format", fmt]
                done = subprocess.run(
                    [*command, "--out", str(target), "--db", url],
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                times.append(time.perf_counter() - started)
                if done.returncode != 0:
                    out[fmt] = {"error": done.stderr.strip()[-300:]}
                    break
            else:
                out[fmt] = {"median_s": round(statistics.median(times), 3), "bytes": target.stat().st_size}
                log(f"    annual summary as {fmt}: {out[fmt]['median_s']:.2f} s, {out[fmt]['bytes']:,} bytes")
    return out
