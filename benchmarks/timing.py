"""Measuring one database: SQL statements per request (in-process, at the driver), answers
compared key by key with the floors', and interleaved timings of Q1-Q3 over HTTP."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
from collections import Counter
from collections.abc import Callable
from typing import Any

from databases import Bumper
from queries import INDICATOR, PERIOD, QUERIES, YEAR, Queries
from servers import Server, start_floor, start_platform

from qyx_platform.platform import Platform
from tools.statements import PING, TRANSACTION_CONTROL, driver_statements, is_query, kind_of


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


def count_statements(
    url: str, queries: Queries, floor_url: str | None, extra: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """SQL statements per request, in-process: the platform's app through httpx's ASGI
    transport, every statement counted where it reaches the driver
    (:func:`tools.statements.driver_statements`); the floor's own counter.
    ``extra``: more request bodies to count, by name."""
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
            bodies = [(q, queries.body(q)) for q in QUERIES] + list((extra or {}).items())
            for q, body in bodies:
                entry: dict[str, Any] = {}
                for mode in ("uncached", "cached"):
                    if mode == "uncached":
                        bumper.bump()
                    seen.clear()
                    r = await client.post("/graphql", json=body)
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
    if floor_url is None:
        return out
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


def measure(
    n: int,
    url: str,
    queries: Queries,
    args: argparse.Namespace,
    log: Callable[[str], None],
    cold_starts: int,
    requests: int | None = None,
    floors: tuple[str, ...] = ("python",),
) -> dict[str, Any]:
    """SQL statements, cold start, answers, timings and RSS of one database: every timed
    iteration bumps the data version (as any write does), then sends one uncached platform
    request, the same again (cached), and one request to each floor, interleaved so that
    drift and noise hit them all alike. ``floors``: ``python`` (floor.py) and/or ``sql``
    (sqlfloor.py, PostgreSQL); the first is the one ``ratio_median`` refers to."""
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
        floor_servers = {kind: start_floor(url, kind) for kind in floors}
        servers.extend(floor_servers.values())
        result["cold_start_s"] = {
            "qyx_serve_median": round(statistics.median(colds), 3),
            "qyx_serve_all": [round(c, 3) for c in colds],
            "floors": {k: round(s.cold_start_s, 3) for k, s in floor_servers.items()},
        }
        log(f"  N={n}: cold start of qyx serve {statistics.median(colds):.2f} s")
        result["rss_idle"] = platform_server.rss()
        result["queries"] = {}
        for q in QUERIES:
            body = queries.body(q)
            fpath = queries.floor_path(q)
            bumper.bump()
            _, pdata = platform_server.request("POST", "/graphql", body)
            _, cdata = platform_server.request("POST", "/graphql", body)
            pj, cj = json.loads(pdata), json.loads(cdata)
            answers: dict[str, str | None] = {}
            sizes = {"platform": len(pdata)}
            for kind, server in floor_servers.items():
                _, fdata = server.request("GET", fpath)
                fj = json.loads(fdata)
                sizes[kind] = len(fdata)
                answers[kind] = first_difference(pj, fj) or first_difference(cj, fj)
                if "errors" in pj or "errors" in cj:
                    answers[kind] = f"platform errors: {pj.get('errors') or cj.get('errors')}"
            count = requests or args.requests
            if requests is None and n > args.main_n and args.requests_large:
                count = args.requests_large
            for _ in range(args.warmup):
                bumper.bump()
                platform_server.request("POST", "/graphql", body)
                for server in floor_servers.values():
                    server.request("GET", fpath)
            ps: list[float] = []
            cs: list[float] = []
            fs: dict[str, list[float]] = {k: [] for k in floor_servers}
            for _ in range(count):
                bumper.bump()  # a write happened: the platform's cache is stale
                ps.append(platform_server.request("POST", "/graphql", body)[0])
                cs.append(platform_server.request("POST", "/graphql", body)[0])  # same version: cached
                for kind, server in floor_servers.items():
                    fs[kind].append(server.request("GET", fpath)[0])
            pst, cst = summary(ps), summary(cs)
            fst = {k: summary(v) for k, v in fs.items()}
            first = floors[0]
            entry: dict[str, Any] = {
                "platform": pst,
                "platform_cached": cst,
                "floor": fst[first],
                "floor_kind": first,
                "floors": fst,
                "ratio_median": round(pst["median_ms"] / fst[first]["median_ms"], 2),
                "ratio_p95": round(pst["p95_ms"] / fst[first]["p95_ms"], 2),
                "ratio_median_cached": round(cst["median_ms"] / fst[first]["median_ms"], 2),
                "ratios": {k: round(pst["median_ms"] / v["median_ms"], 2) for k, v in fst.items()},
                "ratios_cached": {k: round(cst["median_ms"] / v["median_ms"], 2) for k, v in fst.items()},
                "response_bytes": sizes,
                "answers_agree": all(d is None for d in answers.values()),
                "differences": answers,
            }
            result["queries"][q] = entry
            floors_text = ", ".join(
                f"{k} floor {v['median_ms']:.1f} ms (ratio {entry['ratios'][k]})" for k, v in fst.items()
            )
            log(
                f"  N={n} {q}: platform {pst['median_ms']:.1f} ms (p95 {pst['p95_ms']:.1f}), "
                f"cached {cst['median_ms']:.1f} ms, {floors_text}, agree={entry['answers_agree']}"
            )
        result["rss"] = platform_server.rss()
    finally:
        bumper.close()
        for s in servers:
            s.stop()
    return result
