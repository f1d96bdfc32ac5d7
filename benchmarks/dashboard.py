"""The dashboard in headless chromium (issue 14): how long the overview and a domain page take
until they have finished rendering, and how many bytes they transfer, served by ``qyx serve``
over the province of N counties.

Playwright for Python drives Debian's chromium (``/usr/bin/chromium``, or ``QYX_CHROMIUM``),
as tests/test_dashboard_browser.py does. Each page is loaded ``runs`` times *cold* — a fresh
browser context (empty cache) after a write (``meta.data_version`` bumped: the server answers
uncached) — and each time once more *warm* in the same context (assets from the browser's
cache, the server's answers cached). One cold load of each page first, not timed, warms the
server process (imports, the assets' gzip kept in memory) and lists every response.

Times come from the page's own Performance API, relative to the navigation start: the page's
``performance.mark("qyx:page-rendered")``, set by the dashboard's router once the page and
all its charts are drawn (ECharts' ``finished`` event), and the navigation's
DOMContentLoaded. A load counts only when every chart reports that it was drawn with points,
no error notice or console error shows, and the page shows data (not every state NO_DATA).
Bytes are what crossed the wire for every response until the network is idle (headers and
compressed bodies, from chromium's own accounting through Playwright's ``request.sizes()``;
0 for a response served from the browser's cache); request bytes are counted apart.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from databases import Bumper
from servers import start_platform

CHROMIUM = os.environ.get("QYX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
#: the pages measured: the overview (总览) and the home domain 幼有优育 (the dashboard's
#: domain route is /domain/<code>), each at its default period
PAGES = {"overview": "/", "domain": "/domain/youyou"}

RENDERED = "() => performance.getEntriesByName('qyx:page-rendered').length > 0"
#: the figures of the load and what the page shows, read in the page once it is drawn
READ = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const mark = performance.getEntriesByName('qyx:page-rendered')[0];
    const gql = performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/graphql');
    const counts = {};
    for (const el of document.querySelectorAll('.domain-card .chart')) {
        for (const [state, n] of Object.entries(el._counts || {})) counts[state] = (counts[state] || 0) + n;
    }
    for (const el of document.querySelectorAll('.indicator-card')) {
        for (const state of (el.dataset.state || '').split(' ').filter(Boolean)) {
            counts[state] = (counts[state] || 0) + 1;
        }
    }
    const period = document.querySelector('select[name=period]');
    return {
        rendered_ms: mark.startTime,
        dom_content_loaded_ms: nav.domContentLoadedEventEnd,
        graphql_first_start_ms: gql.length ? Math.min(...gql.map(e => e.startTime)) : null,
        graphql_last_end_ms: gql.length ? Math.max(...gql.map(e => e.responseEnd)) : null,
        charts: [...document.querySelectorAll('.chart')]
            .map(c => [c.dataset.rendered === '1', Number(c.dataset.points)]),
        errors: [...document.querySelectorAll('main .notice.error')].map(e => e.innerText.slice(0, 300)),
        states: counts,
        period: period ? period.value : null,
    };
}"""


def unavailable() -> str | None:
    """Why the dashboard cannot be measured here (None when it can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).is_file():
        return f"no chromium at {CHROMIUM}"
    return None


def stats(values: list[float]) -> dict[str, float]:
    """Median, p95, min and max of a list of figures."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "median": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "min": round(ordered[0], 1),
        "max": round(ordered[-1], 1),
        "n": len(ordered),
    }


class Load:
    """One navigation: its requests (as they finish) and console errors."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.requests: list[Any] = []
        self.console: list[str] = []
        page.on("requestfinished", lambda r: self.requests.append(r))
        page.on("requestfailed", lambda r: self.console.append(f"request failed: {r.url} {r.failure}"))
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console.append(f"page error: {e}"))

    def open(self, path: str) -> dict[str, Any]:
        """Navigate to ``path``, wait until the page says it is drawn and the network is idle;
        the figures of this load (raises when the page did not render real data)."""
        self.requests.clear()
        self.console.clear()
        self.page.goto(self.base + path, wait_until="commit")
        self.page.wait_for_function(RENDERED, timeout=60_000)
        self.page.wait_for_load_state("networkidle", timeout=60_000)
        found: dict[str, Any] = self.page.evaluate(READ)
        problems = list(self.console) + found["errors"]
        if not found["charts"] or not all(done and points > 0 for done, points in found["charts"]):
            problems.append(f"charts not all drawn with points: {found['charts']}")
        states = found["states"]
        if not states or sum(states.values()) == states.get("NO_DATA", 0):
            problems.append(f"no data shown: states {states}")
        if problems:
            raise RuntimeError(f"{path}: {'; '.join(problems)[:1000]}")
        received = sent = 0
        cached = graphql = 0
        for request in self.requests:
            size = request.sizes()
            wire = size["responseBodySize"] + size["responseHeadersSize"]
            if wire <= 0:
                cached += 1
            received += max(wire, 0)
            sent += size["requestBodySize"] + size["requestHeadersSize"]
            if urlsplit(request.url).path == "/graphql" and request.method == "POST":
                graphql += 1
        found.update(
            bytes_received=received,
            bytes_sent=sent,
            requests=len(self.requests),
            from_cache=cached,
            graphql_requests=graphql,
            after_graphql_ms=round(found["rendered_ms"] - (found["graphql_last_end_ms"] or 0), 1),
        )
        return found

    def inventory(self) -> list[dict[str, Any]]:
        """Every response of the last load: path, bytes on the wire, decoded size, encoding and
        caching headers (largest first)."""
        out = []
        for request in self.requests:
            size = request.sizes()
            response = request.response()
            headers = response.all_headers() if response else {}
            body = response.body() if response and response.status == 200 else b""
            name = urlsplit(request.url).path
            if name == "/graphql":
                name += f" {(request.post_data_json or {}).get('operationName')}"
                errors = json.loads(body).get("errors") if body else None
                if errors:  # a page that swallows a failed request is not measured
                    raise RuntimeError(f"{name}: {str(errors[0].get('message'))[:300]}")
            out.append(
                {
                    "path": name,
                    "status": response.status if response else None,
                    "bytes": max(size["responseBodySize"] + size["responseHeadersSize"], 0),
                    "decoded_bytes": len(body),
                    "type": headers.get("content-type", "").split(";")[0],
                    "encoding": headers.get("content-encoding"),
                    "cache_control": headers.get("cache-control"),
                }
            )
        return sorted(out, key=lambda e: -e["bytes"])


def _summarise(loads: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians and p95 of a page's loads of one kind (cold or warm)."""
    out: dict[str, Any] = {
        "rendered_ms": stats([x["rendered_ms"] for x in loads]),
        "dom_content_loaded_ms": stats([x["dom_content_loaded_ms"] for x in loads]),
        "after_graphql_ms": stats([x["after_graphql_ms"] for x in loads]),
        "bytes_received": stats([x["bytes_received"] for x in loads]),
        "bytes_sent": stats([x["bytes_sent"] for x in loads]),
        "requests": max(x["requests"] for x in loads),
        "from_cache": min(x["from_cache"] for x in loads),
        "graphql_requests": max(x["graphql_requests"] for x in loads),
    }
    spans = [
        x["graphql_last_end_ms"] - x["graphql_first_start_ms"] for x in loads if x["graphql_last_end_ms"]
    ]
    if spans:
        out["graphql_span_ms"] = stats(spans)
    return out


def measure_dashboard(n: int, url: str, runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """The overview and the domain page, cold and warm, ``runs`` times each, over ``url``."""
    from machine import loadavg
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"n": n, "runs": runs, "loadavg_at_start": loadavg(), "pages": {}}
    server = start_platform(url)
    bumper = Bumper(url)
    base = f"http://127.0.0.1:{server.port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            out["browser"] = f"chromium {browser.version}"
            out["viewport"] = f"{VIEWPORT['width']}×{VIEWPORT['height']}"
            try:
                for name, path in PAGES.items():
                    out["pages"][name] = _page(browser, base, path, runs, bumper)
                    cold = out["pages"][name]["cold"]
                    log(
                        f"  dashboard {name} ({path}, period {out['pages'][name]['period']}): cold "
                        f"{cold['rendered_ms']['median']:.0f} ms (p95 {cold['rendered_ms']['p95']:.0f}), "
                        f"{cold['bytes_received']['median'] / 1024:,.0f} KiB, {cold['graphql_requests']} "
                        f"GraphQL requests; warm {out['pages'][name]['warm']['rendered_ms']['median']:.0f} ms"
                    )
            finally:
                browser.close()
    finally:
        bumper.close()
        server.stop()
    out["loadavg_at_end"] = loadavg()
    return out


def _page(browser: Any, base: str, path: str, runs: int, bumper: Bumper) -> dict[str, Any]:
    """One page: an untimed cold load (its responses listed), then ``runs`` cold + warm pairs."""

    def context() -> Any:
        return browser.new_context(viewport=VIEWPORT, locale="zh-CN")

    first = context()
    try:
        bumper.bump()
        load = Load(first.new_page(), base)
        shown = load.open(path)
        listed = load.inventory()
    finally:
        first.close()
    cold: list[dict[str, Any]] = []
    warm: list[dict[str, Any]] = []
    for _ in range(runs):
        ctx = context()
        try:
            bumper.bump()  # a write since the last visit: the server answers uncached
            load = Load(ctx.new_page(), base)
            cold.append(load.open(path))
            warm.append(load.open(path))
        finally:
            ctx.close()
    compressible = ("text/", "application/javascript", "application/json", "image/svg+xml")
    return {
        "path": path,
        "period": shown["period"],
        "states": shown["states"],
        "charts": len(shown["charts"]),
        "chart_points": sum(points for _, points in shown["charts"]),
        "cold": _summarise(cold),
        "warm": _summarise(warm),
        "responses": listed,
        "uncompressed": [
            e["path"]
            for e in listed
            if e["encoding"] is None and e["decoded_bytes"] > 1024 and e["type"].startswith(compressible)
        ],
    }
