# ruff: noqa: E501  (Markdown table rows are long f-strings)
"""The recorded run as Markdown: writes the tables of benchmarks/results.json between the
``<!-- results -->`` and ``<!-- /results -->`` markers of benchmarks/README.md, and the short
summary between ``<!-- measured -->`` and ``<!-- /measured -->`` in docs/deploy.md.

    .venv/bin/python benchmarks/markdown.py [results.json]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAMES = {"q1": "Q1 matrix", "q2": "Q2 timeline", "q3": "Q3 detail"}


def _ms(entry: dict[str, Any]) -> str:
    return f"{entry['median_ms']:.1f} / {entry['p95_ms']:.1f}"


def _state(met: bool | None) -> str:
    return "n/a" if met is None else ("**yes**" if met else "**no**")


def sqlite_tables(r: dict[str, Any]) -> list[str]:
    """The SQLite province: Q1-Q3 against the Python floor, imports, start and memory."""
    out = [
        "| N | query | platform uncached median / p95 ms | cached median / p95 ms | floor median / p95 ms "
        "| ratio uncached | ratio cached | SQL uncached / cached / floor |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for n, s in r["sizes"].items():
        for q, e in s["queries"].items():
            sql = s["sql"][q]
            out.append(
                f"| {n} | {NAMES[q]} | {_ms(e['platform'])} | {_ms(e['platform_cached'])} | {_ms(e['floor'])} "
                f"| {e['ratio_median']:.2f} | {e['ratio_median_cached']:.2f} "
                f"| {sql['statements']} / {sql['statements_cached']} / {sql.get('floor_statements', '-')} |"
            )
    out += [
        "",
        "| N | import (SQLite, `Platform.report`) | executemany floor | cold start | RSS (peak) | file |",
    ]
    out.append("|---:|---:|---:|---:|---:|---:|")
    for n, s in r["sizes"].items():
        imp = s["import"]
        floor = s.get("import_floor")
        rss = s["rss"]
        out.append(
            f"| {n} | {imp['rows']:,} rows, {imp['rows_per_s']:,.0f} rows/s "
            f"| {'-' if not floor else format(floor['rows_per_s'], ',.0f') + ' rows/s'} "
            f"| {s['cold_start_s']['qyx_serve_median']:.2f} s | {rss['rss_mb']} MB ({rss.get('peak_rss_mb')}) "
            f"| {s['db_size_mb']} MB |"
        )
    for n, s in r["sizes"].items():
        if "import_gc_paused" in s:
            out += [
                "",
                f"N = {n}, the same import with the caller switching Python's cyclic garbage collector off "
                f"around each `report` call: {s['import_gc_paused']['rows_per_s']:,.0f} rows/s.",
            ]
    features = [(n, s["features"]) for n, s in r["sizes"].items() if s.get("features", {}).get("available")]
    if features:
        when = r.get("features_measured_at")
        if when:
            out += ["", f"Features measured apart at {when} (load average {r.get('features_loadavg')}):"]
        out += [
            "",
            "| N | operation | uncached median / p95 ms | cached ms | SQL statements |",
            "|---:|---|---:|---:|---:|",
        ]
        for n, f in features:
            for name in f["available"]:
                e = f[name]
                q1 = r["sizes"][n].get("queries", {}).get("q1", {}).get("platform", {}).get("median_ms")
                ratio = e.get("ratio_to_q1_matrix") or (
                    round(e["uncached"]["median_ms"] / q1, 2) if q1 and name == "full_scoreboard" else None
                )
                extra = f" ({ratio}× Q1)" if ratio else ""
                out.append(
                    f"| {n} | {name}{extra} | {_ms(e['uncached'])} | {e['cached']['median_ms']:.1f} "
                    f"| {f['sql'][name]['statements']} |"
                )
        files = next(
            (f.get("annual_summary_files") for _, f in features if f.get("annual_summary_files")), None
        )
        if files:
            out += ["", "| annual summary file | time | size |", "|---|---:|---:|"]
            for fmt, e in files.items():
                out.append(
                    f"| {fmt} | {e.get('median_s', '-')} s | {e.get('bytes', 0):,} bytes |"
                    if "error" not in e
                    else f"| {fmt} | failed: {e['error'][:80]} | |"
                )
    return out


def postgresql_tables(r: dict[str, Any]) -> list[str]:
    """PostgreSQL: imports, Q1-Q3 against both floors, throughput."""
    pg = r.get("postgresql") or {}
    if "import" not in pg:
        return [f"PostgreSQL: {pg.get('skipped', 'not run')}"]
    copy = pg.get("copy_floor") or {}
    out = [
        f"PostgreSQL {pg['server_version']}, N = {pg['n']} ({pg['import']['rows']:,} rows): import through the "
        f"platform **{pg['import']['rows_per_s']:,.0f} rows/s**, plain COPY of the same rows "
        f"{copy.get('rows_per_s', 0):,.0f} rows/s; database {pg.get('db_size_mb')} MB."
        + (
            f" The same import with the caller switching the garbage collector off around each call: "
            f"{pg['import_gc_paused']['rows_per_s']:,.0f} rows/s."
            if "import_gc_paused" in pg
            else ""
        ),
        "",
        "| query | platform uncached median / p95 ms | cached ms | SQL floor ms | Python floor ms "
        "| ÷ SQL floor | ÷ Python floor | SQL statements | agree |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    served = pg.get("served", {})
    for q, e in served.get("queries", {}).items():
        f = e["floors"]
        out.append(
            f"| {NAMES[q]} | {_ms(e['platform'])} | {e['platform_cached']['median_ms']:.1f} "
            f"| {f.get('sql', {}).get('median_ms', 0):.1f} | {f.get('python', {}).get('median_ms', 0):.1f} "
            f"| {e['ratios'].get('sql')} | {e['ratios'].get('python')} | {served['sql'][q]['statements']} "
            f"| {'yes' if e['answers_agree'] else 'NO'} |"
        )
    through = pg.get("throughput")
    if through:
        runs = ", ".join(
            f"{k} worker{'s' if int(k) > 1 else ''}: {v['requests_per_s']:,.0f} requests/s (p50 {v['latency_p50_ms']} ms)"
            for k, v in through["runs"].items()
        )
        first = next(iter(through["runs"].values()))
        out += [
            "",
            f"Cached Q3 throughput ({first['generator']}, {through['connections']} connections, "
            f"{through['seconds']:g} s each): {runs}; ratio **{through['ratio']}**.",
        ]
    return out


def national_tables(r: dict[str, Any]) -> list[str]:
    """The nation-sized database."""
    nat = r.get("national")
    if not nat:
        return ["National: not run."]
    b, one = nat["build"], nat["build_one_province"]
    out = [
        f"National database: {b['provinces']} provinces, {b['counties']:,} counties, {b['rows']:,} rows, built "
        f"through `Platform.report` in {b['build_seconds']:,.0f} s (import {b['import_rows_per_s']:,.0f} rows/s; "
        f"built {b.get('built_at')}, load average at the end {b.get('loadavg_at_end')}); "
        f"{b['disk_mb']:,.0f} MB on disk (observations {b['tables_mb'].get('observations')} MB, current values "
        f"{b['tables_mb'].get('current_values')} MB with indexes). The one-province database "
        f"({one['counties']} counties): {one['disk_mb']:,.0f} MB.",
        "",
        "| query (province 33, its cities aliased) | national median / p95 ms | one province median / p95 ms "
        "| ratio | cached national / one province ms | SQL statements national / one province |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for q, e in nat["timings"].items():
        out.append(
            f"| {NAMES.get(q, q)} | {_ms(e['national'])} | {_ms(e['one_province'])} | {e['ratio']} "
            f"| {e['national_cached']['median_ms']:.1f} / {e['one_province_cached']['median_ms']:.1f} "
            f"| {nat['sql']['national'][q]['statements']} / {nat['sql']['one_province'][q]['statements']} |"
        )
    return out


def dashboard_tables(r: dict[str, Any]) -> list[str]:
    """The dashboard in headless chromium: render times, bytes, the largest responses."""
    d = r.get("dashboard")
    if not d:
        return ["Dashboard: not run."]
    if "pages" not in d:
        return [f"Dashboard: skipped ({d.get('skipped')})."]
    out = [
        f"Measured {d.get('measured_at')} on `{d.get('git_head')}` ({d.get('core_files_modified_since_head')} core "
        f"files modified; load average {d['loadavg_at_start']} at the start, {d['loadavg_at_end']} at the end): "
        f"`qyx serve` over the SQLite province of N = {d['n']}, {d['browser']} headless at {d['viewport']}, "
        f"{d['runs']} cold loads (new browser context, data version bumped) and {d['runs']} warm loads "
        "(same context) a page; times from the navigation start, medians / p95.",
        "",
        "| page | period | rendered cold ms | rendered warm ms | DOMContentLoaded cold / warm ms "
        "| GraphQL requests (span cold / warm ms) | bytes in cold / warm | bytes sent cold |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, p in d["pages"].items():
        c, w = p["cold"], p["warm"]
        span = (
            f"{c['graphql_span_ms']['median']:.0f} / {w['graphql_span_ms']['median']:.0f}"
            if "graphql_span_ms" in c
            else "-"
        )
        out.append(
            f"| {name} `{p['path']}` | {p['period']} | {c['rendered_ms']['median']:.0f} / {c['rendered_ms']['p95']:.0f} "
            f"| {w['rendered_ms']['median']:.0f} / {w['rendered_ms']['p95']:.0f} "
            f"| {c['dom_content_loaded_ms']['median']:.0f} / {w['dom_content_loaded_ms']['median']:.0f} "
            f"| {c['graphql_requests']} ({span}) | {c['bytes_received']['median']:,.0f} / {w['bytes_received']['median']:,.0f} "
            f"| {c['bytes_sent']['median']:,.0f} |"
        )
    out += [
        "",
        "| page | what it showed | largest responses, cold (bytes on the wire / decoded) |",
        "|---|---|---|",
    ]
    for name, p in d["pages"].items():
        states = ", ".join(f"{k} {v}" for k, v in sorted(p["states"].items()))
        biggest = "; ".join(
            f"`{e['path'].rsplit('/', 1)[-1] if e['path'].startswith('/static/') else e['path']}` {e['bytes']:,} / {e['decoded_bytes']:,} {e['encoding'] or 'identity'}"
            for e in p["responses"][:3]
        )
        uncompressed = f" Not compressed: {', '.join(p['uncompressed'])}." if p["uncompressed"] else ""
        out.append(
            f"| {name} | {p['charts']} charts, {p['chart_points']} points; {states} | {biggest}.{uncompressed} |"
        )
    return out


def goal_tables(r: dict[str, Any]) -> list[str]:
    """Every goal with its figure."""
    out = ["| goal | figure | met? |", "|---|---:|---|"]
    h = r.get("headline") or {}
    for key, met in (h.get("goals_met") or {}).items():
        out.append(f"| {key} ≤ {h['goals'][key]} (SQLite, N = 90) | {h[key]} | {_state(met)} |")
    for key, e in (r.get("hold") or {}).items():
        if isinstance(e, dict):
            out.append(
                f"| figures hold: {key} (last run {e['before']}) | {e['now']} | {_state(e['holds'])} |"
            )
    for g in [*(r.get("goals_features") or {}).values(), *(r.get("goals_scale") or {}).values()]:
        out.append(f"| {g['what']} {g['goal']} | {g['figure']} | {_state(g['met'])} |")
    for g in (r.get("goals_dashboard") or {}).values():
        out.append(f"| {g['what']} {g['goal']} | {g['figure']:,.0f} | {_state(g['met'])} |")
    return out


def render(r: dict[str, Any]) -> str:
    """The README's results section."""
    m = r["machine"]
    lines = [
        f"Recorded {r.get('recorded_at', '')} on `{m.get('git_head')}` "
        f"({m.get('core_files_modified_since_head')} core files modified), {m.get('nproc')} CPUs "
        f"({m.get('cpu') or 'model not exposed'}), {m.get('memory_gb')} GB, Python {m.get('python')}, SQLite "
        f"{m.get('sqlite')}; load average {m.get('loadavg_at_start')} at the start, "
        f"{m.get('loadavg_at_end')} at the end; {r.get('elapsed_s')} s.",
        "",
        "### Goals",
        "",
        *goal_tables(r),
        "",
        "### SQLite",
        "",
        *sqlite_tables(r),
        "",
        "### PostgreSQL",
        "",
        *postgresql_tables(r),
        "",
        "### National",
        "",
        *national_tables(r),
        "",
        "### Dashboard",
        "",
        *dashboard_tables(r),
    ]
    return "\n".join(lines) + "\n"


def measured(r: dict[str, Any]) -> str:
    """deploy.md's short summary."""
    h = r.get("headline") or {}
    pg = r.get("postgresql") or {}
    nat = r.get("national") or {}
    items = []
    if h:
        items.append(
            f"- SQLite, one process, a province of 90 counties (247,860 values): the matrix of every county "
            f"{h['q1_ms']:.0f} ms uncached / {h['q1_cached_ms']:.0f} ms cached, a timeline {h['q2_ms']:.0f} ms, "
            f"an indicator's status {h['q3_ms']:.1f} ms; import {h['import_rows_per_s_sqlite']:,.0f} rows/s; "
            f"{h['rss_mb']} MB of memory."
        )
    if "import" in pg:
        served = pg.get("served", {}).get("queries", {})
        q = {k: v["platform"]["median_ms"] for k, v in served.items()}
        items.append(
            f"- PostgreSQL, the same 90 counties: import {pg['import']['rows_per_s']:,.0f} rows/s; matrix "
            f"{q.get('q1', 0):.0f} ms, timeline {q.get('q2', 0):.0f} ms, status {q.get('q3', 0):.1f} ms uncached."
        )
        through = pg.get("throughput")
        if through:
            runs = through["runs"]
            items.append(
                "- Cached requests per second (an indicator's status) on this 2-core machine: "
                + ", ".join(f"{v['requests_per_s']:,.0f} with {k} worker(s)" for k, v in runs.items())
                + "."
            )
    if nat:
        b = nat["build"]
        t = nat["timings"]["q1"]
        items.append(
            f"- A nation of {b['counties']:,} counties ({b['rows'] / 1e6:.1f} million values, "
            f"{b['disk_mb'] / 1024:.1f} GB on PostgreSQL) built in {b['build_seconds'] / 60:.0f} minutes "
            f"(load average {b.get('loadavg_at_end', ['?'])[0]} at the end); one "
            f"province's matrix {t['national']['median_ms']:.0f} ms there against "
            f"{t['one_province']['median_ms']:.0f} ms on a database of that province alone, with the same "
            f"number of SQL statements."
        )
    dash = (r.get("dashboard") or {}).get("pages")
    if dash:
        items.append(
            "- The dashboard in headless chromium over those 90 counties, first visit (empty browser cache, "
            "server answers uncached) / return visit: "
            + "; ".join(
                f"{name} drawn in {p['cold']['rendered_ms']['median']:.0f} / {p['warm']['rendered_ms']['median']:.0f} ms, "
                f"{p['cold']['bytes_received']['median'] / 1000:,.0f} / {p['warm']['bytes_received']['median'] / 1000:,.0f} kB"
                for name, p in dash.items()
            )
            + "."
        )
    return "\n".join(items) + "\n"


def _replace(path: Path, marker: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {marker} -->\n).*?(<!-- /{marker} -->)", re.S)
    if not pattern.search(content):
        raise SystemExit(f"{path}: no <!-- {marker} --> … <!-- /{marker} --> section")
    path.write_text(pattern.sub(lambda m: m.group(1) + text + m.group(2), content), encoding="utf-8")


def main(argv: list[str]) -> int:
    """Write the sections from the results file."""
    source = Path(argv[0]) if argv else HERE / "results.json"
    results = json.loads(source.read_text(encoding="utf-8"))
    _replace(HERE / "README.md", "results", render(results))
    _replace(ROOT / "docs" / "deploy.md", "measured", measured(results))
    print(f"wrote the results of {source.name} into benchmarks/README.md and docs/deploy.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
