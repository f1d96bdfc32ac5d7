"""What the suggested core changes would gain, measured in-process by monkeypatching (no core
file is modified). Run after ``run.py --workdir DIR`` on a database it built:

    .venv/bin/python benchmarks/experiments.py --db DIR/province_90.sqlite3 --n 90

Serving: Q1-Q3 through the real app (httpx ASGI transport, no network), uncached (the data
version bumped before the request, as after any write) and cached (the same request again);
the configurations take turns request by request so that the machine's noise hits them alike,
and the answers of every configuration are compared with the baseline's:

* ``baseline``: the core as it is.
* ``parse_validation_cache``: strawberry's ParserCache and ValidationCache extensions added to
  the schema (in the core: ``qyx_platform/graphql/limits.py::hardening_extensions``).
* ``…+state_only_matrix``: the matrix (``StatusService._year_states``) takes each key's latest
  actual by scanning backwards, and judges it with the checkpoint memoised per (indicator,
  period, series) and the state only (no pace, forecasts or progress, which
  ``indicatorStates`` cannot return).
* ``…+latest_only_read``: the same, reading only each key's latest value of the year in SQL
  instead of every period of the year.

Besides: ``plain_fields`` executes the matrix's cell shape with a minimal strawberry schema
written like the core's ``IndicatorState`` (resolver methods) and with plain attributes; and
``compact_lists`` executes the timeline's shape with GraphQL lists (as the core) and with one
list-valued scalar per field (the same JSON on the wire); ``import_bisect`` measures
``Platform.report`` with ``_Context.values_before`` using a per-key sorted index and
``bisect`` instead of sorting the key's values for every row.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import enum
import json
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, NewType

import strawberry

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import synthetic  # noqa: E402

from qyx_platform.platform import Platform  # noqa: E402


def make_app(url: str, parse_validation_cache: bool) -> Any:
    """The real app; with strawberry's ParserCache and ValidationCache added to the schema's
    extensions when asked."""
    import qyx_platform.web.app as app_module

    original = app_module.hardening_extensions
    if parse_validation_cache:
        from strawberry.extensions import ParserCache, ValidationCache

        def extended(settings: Any) -> list[Any]:
            return [*original(settings), ParserCache(maxsize=256), ValidationCache(maxsize=256)]

        app_module.hardening_extensions = extended
    try:
        return app_module.create_app(Platform(url))
    finally:
        app_module.hardening_extensions = original


def interleaved(
    url: str, parents: list[str], configs: list[tuple[str, Any, Any]], rounds: int
) -> dict[str, Any]:
    """Median ms of Q1-Q3, uncached and cached, per config (name, app, _year_states
    implementation or None for the core's)."""
    import httpx

    from qyx_platform.services.status import StatusService

    core_year_states = StatusService._year_states
    queries = run.Queries(parents)
    bumper = run.Bumper(url)
    samples: dict[tuple[str, str, str], list[float]] = {}
    checks: dict[tuple[str, str], Any] = {}

    async def go() -> None:
        clients = {
            name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://x")
            for name, app, _ in configs
        }
        try:
            for r in range(rounds + 1):
                for q in ("q1", "q2", "q3"):
                    body = queries.body(q)
                    for name, _, year_states in configs:
                        StatusService._year_states = year_states or core_year_states  # type: ignore[method-assign]
                        client = clients[name]
                        bumper.bump()
                        t0 = time.perf_counter()
                        first = await client.post("/graphql", json=body)
                        t1 = time.perf_counter()
                        await client.post("/graphql", json=body)
                        t2 = time.perf_counter()
                        if r == 0:  # warm-up round, keeping the answers to compare
                            checks[(name, q)] = first.json()
                            continue
                        samples.setdefault((name, q, "uncached_ms"), []).append(t1 - t0)
                        samples.setdefault((name, q, "cached_ms"), []).append(t2 - t1)
        finally:
            StatusService._year_states = core_year_states  # type: ignore[method-assign]
            for c in clients.values():
                await c.aclose()

    asyncio.run(go())
    bumper.close()
    out: dict[str, Any] = {}
    for (name, q, mode), values in samples.items():
        out.setdefault(name, {}).setdefault(q, {})[mode] = round(statistics.median(values) * 1000, 2)
    base = configs[0][0]
    for name, _, _ in configs:
        for q in ("q1", "q2", "q3"):
            if "errors" in checks[(name, q)]:
                raise RuntimeError(f"{name} {q}: {checks[(name, q)]['errors']}")
        out[name]["answers_same_as_baseline"] = all(
            checks[(name, q)] == checks[(base, q)] for q in ("q1", "q2", "q3")
        )
    return out


# -- matrix patches --------------------------------------------------------------------------


def _state_only_judge() -> Any:
    """The matrix's judge: the checkpoint memoised per (indicator, period, series), the state
    only (pace, forecasts and progress left None)."""
    from qyx_platform.evaluation import Evaluation, evaluate
    from qyx_platform.evaluation.cells import full_coverage_for, year_cell
    from qyx_platform.evaluation.checkpoint import checkpoint
    from qyx_platform.evaluation.status import _judge

    by_code: dict[str, Any] = {}

    @lru_cache(maxsize=8192)
    def parts(code: str, period: Any, key: str | None) -> tuple[Any, Any, Any]:
        indicator = by_code[code]
        fc = full_coverage_for(indicator, None)
        return (
            year_cell(indicator, period.year, key),
            checkpoint(indicator, period, key, full_coverage=fc),
            fc,
        )

    def fast(indicator: Any, key: str | None, found: Any, requested: Any) -> Any:
        if found is None:
            return evaluate(indicator, requested, None, key)
        by_code[indicator.code] = indicator
        period, actual = found
        cell, target, fc = parts(indicator.code, period, key)
        state, gap, note = _judge(indicator, period, actual, cell, target, fc)
        return Evaluation(
            indicator.code,
            indicator.domain,
            indicator.core,
            key,
            period,
            state,
            actual,
            cell,
            None if target is None else target.value,
            None if target is None else target.method,
            gap,
            None,
            None,
            None,
            None,
            note,
        )

    return fast


def state_only_year_states() -> Any:
    """_year_states with the state-only judge; values read as today."""
    from qyx_platform.model import Period

    fast = _state_only_judge()

    def latest(values: list[Any], requested: Any) -> Any:
        for p, v in reversed(values):  # ascending, so the first inside is the latest
            if requested.contains(p):
                return (p, v)
        return None

    def _year_states(self: Any, jurisdiction: str, siblings: list[str], year: int) -> list[Any]:
        values = self.readings.values(siblings, year=year)
        requested = Period.year_of(year)
        return [
            (
                indicator,
                key,
                fast(
                    indicator,
                    key,
                    latest(values.get((indicator.code, jurisdiction, key or ""), []), requested),
                    requested,
                ),
            )
            for indicator in self.plan.indicators
            for key in indicator.series_keys
        ]

    return _year_states


def latest_only_year_states() -> Any:
    """_year_states reading only each key's latest value of the year in SQL (SQLite: MAX()
    with bare columns), memoised like Readings.values, judged state-only."""
    from sqlalchemy import text

    from qyx_platform.model import Period

    fast = _state_only_judge()

    def read(self: Any, siblings: list[str], year: int) -> dict[tuple[str, str, str], Any]:
        jur = tuple(sorted(set(siblings)))

        def load() -> dict[tuple[str, str, str], Any]:
            marks = ",".join(f":j{i}" for i in range(len(jur)))
            sql = text(
                "SELECT indicator_code, jurisdiction_code, series, period, value, MAX(period_sort)"
                f" FROM current_values WHERE jurisdiction_code IN ({marks}) AND year = :year"
                " AND value IS NOT NULL GROUP BY indicator_code, jurisdiction_code, series"
            )
            params = {f"j{i}": j for i, j in enumerate(jur)} | {"year": year}
            with self.readings.platform.engine.connect() as conn:
                return {
                    (i, j, s): (Period.parse(p), Decimal(v)) for i, j, s, p, v, _ in conn.execute(sql, params)
                }

        return self.readings.memo(("latest", jur, year), load)

    def _year_states(self: Any, jurisdiction: str, siblings: list[str], year: int) -> list[Any]:
        latest = read(self, siblings, year)
        requested = Period.year_of(year)
        return [
            (
                indicator,
                key,
                fast(indicator, key, latest.get((indicator.code, jurisdiction, key or "")), requested),
            )
            for indicator in self.plan.indicators
            for key in indicator.series_keys
        ]

    return _year_states


# -- GraphQL field style ---------------------------------------------------------------------


@strawberry.enum
class _S(enum.Enum):
    ACHIEVED = "achieved"


@strawberry.type
class _Tgt:
    value: Decimal | None
    text: str


@strawberry.type
class _Ind:
    code: str


@strawberry.type
class _CellPlain:
    indicator: _Ind
    series: str | None
    actual: Decimal | None
    target: _Tgt | None
    state: _S


@strawberry.type
class _CellMethods:
    e: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def indicator(self) -> _Ind:
        return _Ind(code=self.e["code"])

    @strawberry.field
    def series(self) -> str | None:
        return self.e["series"]

    @strawberry.field
    def actual(self) -> Decimal | None:
        return self.e["actual"]

    @strawberry.field
    def target(self) -> _Tgt | None:
        return _Tgt(value=self.e["value"], text=self.e["text"])

    @strawberry.field
    def state(self) -> _S:
        return _S.ACHIEVED


_CELLS: dict[str, list[Any]] = {"plain": [], "methods": []}


@strawberry.type
class _Query:
    @strawberry.field
    def plain(self) -> list[_CellPlain]:
        return _CELLS["plain"]

    @strawberry.field
    def methods(self) -> list[_CellMethods]:
        return _CELLS["methods"]


def plain_fields_experiment(n_cells: int, repeats: int) -> dict[str, float]:
    """Execute the matrix's cell shape (n_cells cells, the same five fields) with resolver
    methods, as the core's IndicatorState, and with plain attributes; median ms of each."""
    raw = [
        {
            "code": f"d.indicator_{i % 27}",
            "series": None,
            "actual": Decimal("4.34"),
            "value": Decimal("4.50"),
            "text": "4.50",
        }
        for i in range(n_cells)
    ]
    _CELLS["plain"] = [
        _CellPlain(
            indicator=_Ind(code=r["code"]),
            series=None,
            actual=r["actual"],
            target=_Tgt(value=r["value"], text=r["text"]),
            state=_S.ACHIEVED,
        )
        for r in raw
    ]
    _CELLS["methods"] = [_CellMethods(e=r) for r in raw]
    schema = strawberry.Schema(query=_Query)
    times: dict[str, list[float]] = {"methods": [], "plain": []}
    for _ in range(repeats):
        for name in ("methods", "plain"):
            doc = f"{{ {name} {{ indicator {{ code }} series actual target {{ value text }} state }} }}"
            t0 = time.perf_counter()
            result = schema.execute_sync(doc)
            json.dumps({"data": result.data}, default=str)
            times[name].append(time.perf_counter() - t0)
    return {f"{k}_ms": round(statistics.median(v) * 1000, 2) for k, v in times.items()}


_LISTS: dict[str, list[Any]] = {"lists": [], "scalars": []}


_StringList = strawberry.scalar(
    NewType("JSONStringList", list), serialize=lambda v: [str(x) for x in v], parse_value=lambda v: v
)


@strawberry.type
class _SeriesLists:
    jurisdiction: str
    periods: list[str]
    values: list[Decimal]


@strawberry.type
class _SeriesScalars:
    jurisdiction: str
    periods: _StringList  # type: ignore[valid-type]
    values: _StringList  # type: ignore[valid-type]


@strawberry.type
class _TimelineQuery:
    @strawberry.field
    def lists(self) -> list[_SeriesLists]:
        return _LISTS["lists"]

    @strawberry.field
    def scalars(self) -> list[_SeriesScalars]:
        return _LISTS["scalars"]


def compact_lists_experiment(series: int, points: int, repeats: int) -> dict[str, float]:
    """The timeline shape (``series`` entries of ``points`` periods and values) with GraphQL
    lists of String and Decimal (as the core) and with one list-valued scalar per field (the
    same JSON on the wire, one completion per list instead of one per item); median ms."""
    periods = [f"{2022 + m // 12}-{m % 12 + 1:02d}" for m in range(points)]
    values = [Decimal("85.31")] * points
    _LISTS["lists"] = [
        _SeriesLists(jurisdiction=str(i), periods=periods, values=values) for i in range(series)
    ]
    _LISTS["scalars"] = [
        _SeriesScalars(jurisdiction=str(i), periods=periods, values=values) for i in range(series)
    ]
    schema = strawberry.Schema(query=_TimelineQuery)
    times: dict[str, list[float]] = {"lists": [], "scalars": []}
    for _ in range(repeats):
        for name in ("lists", "scalars"):
            t0 = time.perf_counter()
            result = schema.execute_sync(f"{{ {name} {{ jurisdiction periods values }} }}")
            json.dumps({"data": result.data}, default=str)
            times[name].append(time.perf_counter() - t0)
    return {f"{k}_ms": round(statistics.median(v) * 1000, 2) for k, v in times.items()}


def import_experiment(counties: int) -> dict[str, float]:
    """Rows per second of Platform.report into a fresh SQLite file, before and after
    replacing _Context.values_before with a bisect over a per-key sorted index."""
    from qyx_platform.services import reporting
    from qyx_platform.services.auth import LOCAL_OPERATOR

    def rate() -> float:
        with tempfile.TemporaryDirectory() as tmp:
            platform = Platform(f"sqlite:///{tmp}/i.sqlite3")
            layout = synthetic.province(counties)
            rows = [r for c in layout.counties for r in synthetic.county_rows(platform.plan, c, layout.seed)]
            t0 = time.perf_counter()
            platform.report(rows, actor=LOCAL_OPERATOR, source="import")
            dt = time.perf_counter() - t0
            platform.close()
            return len(rows) / dt

    before = rate()
    original = reporting._Context.values_before

    def values_before(self: Any, indicator: str, jurisdiction: str, series: str | None, before: Any) -> Any:
        key = (indicator, jurisdiction, series or "")
        index = self.__dict__.setdefault("_sorted", {})
        entry = index.get(key)
        series_values = self.values.get(key, {})
        if entry is None or entry[0] != len(series_values):
            pairs = sorted(series_values.items(), key=lambda pv: pv[0].sort_key)
            entry = (len(series_values), [p.sort_key for p, _ in pairs], pairs)
            index[key] = entry
        _, keys, pairs = entry
        return pairs[: bisect.bisect_left(keys, before.sort_key)]

    reporting._Context.values_before = values_before  # type: ignore[method-assign]
    try:
        after = rate()
    finally:
        reporting._Context.values_before = original  # type: ignore[method-assign]
    return {"rows_per_s_before": round(before), "rows_per_s_after": round(after)}


def main() -> int:
    parser = argparse.ArgumentParser(description="gains of the suggested core changes")
    parser.add_argument("--db", required=True, help="an SQLite file built by run.py")
    parser.add_argument("--n", type=int, default=90, help="the N it was built for")
    parser.add_argument("--requests", type=int, default=15, help="rounds of requests per configuration")
    parser.add_argument("--import-counties", type=int, default=5)
    parser.add_argument("--out", default=str(HERE / "experiments.json"))
    args = parser.parse_args()
    url = f"sqlite:///{args.db}"
    parents = synthetic.province(args.n).parents
    results: dict[str, Any] = {"n": args.n, "requests": args.requests}

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    log("serving: baseline and patched apps, interleaved")
    plain_app = make_app(url, parse_validation_cache=False)
    cached_app = make_app(url, parse_validation_cache=True)
    configs = [
        ("baseline", plain_app, None),
        ("parse_validation_cache", cached_app, None),
        ("parse_validation_cache+state_only_matrix", cached_app, state_only_year_states()),
        ("parse_validation_cache+state_only_matrix+latest_only_read", cached_app, latest_only_year_states()),
    ]
    results["serving"] = interleaved(url, parents, configs, args.requests)
    log(json.dumps(results["serving"], indent=1))

    log("plain fields vs resolver methods (the matrix's cell shape)")
    cells = args.n * 27
    results["plain_fields"] = {"cells": cells, **plain_fields_experiment(cells, 15)}
    log(json.dumps(results["plain_fields"]))

    log("timeline lists vs list-valued scalars (the timeline's shape)")
    results["compact_lists"] = {
        "series": args.n * 2,
        "points": 72,
        **compact_lists_experiment(args.n * 2, 72, 15),
    }
    log(json.dumps(results["compact_lists"]))

    log("import with bisect in values_before")
    results["import_bisect"] = {"counties": args.import_counties, **import_experiment(args.import_counties)}
    log(json.dumps(results["import_bisect"]))

    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
