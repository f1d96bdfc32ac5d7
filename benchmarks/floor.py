"""The raw floor: the answers of Q1-Q3 built with plain SQL and ``json.dumps`` in a bare
Starlette app, to measure the platform against.

What the floor does and does not do, so that the comparison is fair:

* It reads the same database the platform serves (its ``current_values`` and
  ``jurisdictions`` tables) through the bare DB-API driver (``sqlite3`` or ``psycopg``), one
  connection per process, no ORM, no GraphQL: a route parses its query string, runs one or
  two SQL statements and ``json.dumps`` a dict shaped exactly like the GraphQL ``data`` of the
  same query (so that the two answers can be compared key for key).
* It judges states with the platform's own public evaluation function,
  :func:`qyx_platform.evaluation.evaluate`, one call per cell, given the actual the platform
  would use (the value of the requested period, else the latest one inside it) and no
  history: history feeds only pace and the forecasts, which none of Q1-Q3 asks for, and
  never changes ``state``, ``actual``, ``target``, ``checkpoint`` or ``progress``. So the
  floor includes the cost of the evaluation rules, but not of work nobody asked for.
* The latest actual of each key in a year or period is picked by SQL (SQLite: ``MAX()`` with
  bare columns; PostgreSQL: ``DISTINCT ON``), which is what a hand-written endpoint would
  do; the plan (targets, names, units) comes from the loaded plan in memory, as in the
  platform.
* Q3 handles the case the benchmark exercises (the home county has its own values); a
  jurisdiction without values but with children would roll up in the platform, which the
  floor does not implement (it answers as for no data).

Routes: ``/q1?parents=331100,331200&year=2025``, ``/q2?code=…&parents=…``,
``/q3?code=…&period=2025``, ``/healthz``.

Run: ``python benchmarks/floor.py --db sqlite:///path.sqlite3 --port 8766``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from qyx_platform.evaluation import evaluate
from qyx_platform.model import Indicator, Period, Plan
from qyx_platform.platform import load_plan

# GraphQL enum names of the model's values (qyx_platform/graphql/scalars.py)
POLARITY = {"higher": "HIGHER_IS_BETTER", "lower": "LOWER_IS_BETTER"}


class Database:
    """One DB-API connection with ``?`` placeholders on both SQLite and PostgreSQL."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            self.connection: Any = sqlite3.connect(url[len("sqlite:///") :], check_same_thread=False)
            self.pg = False
        else:
            import psycopg

            plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
            self.connection = psycopg.connect(plain, autocommit=True)
            self.pg = True
        self.statements = 0

    def rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """Run one statement and fetch every row."""
        self.statements += 1
        if self.pg:
            sql = sql.replace("?", "%s")
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _json(obj: Any) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False), media_type="application/json")


class Floor:
    """The three answers, built by hand."""

    def __init__(self, plan: Plan, db: Database) -> None:
        self.plan = plan
        self.db = db

    def _children(self, parents: list[str]) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
        rows = self.db.rows(
            f"SELECT code, name, parent_code FROM jurisdictions "
            f"WHERE code IN ({_marks(len(parents))}) OR parent_code IN ({_marks(len(parents))}) "
            f"ORDER BY code",
            [*parents, *parents],
        )
        names = {code: name for code, name, _ in rows}
        children: dict[str, list[tuple[str, str]]] = {p: [] for p in parents}
        for code, name, parent in rows:
            if parent in children:
                children[parent].append((code, name))
        return names, children

    def _latest(
        self, jurisdictions: list[str], where: str, params: list[Any]
    ) -> dict[tuple[str, str, str], tuple[str, str]]:
        """(indicator, jurisdiction, series) → (period, value) of the latest period matching,
        picked in SQL: SQLite's bare columns of ``MAX()`` (documented: they come from the row
        holding the maximum), PostgreSQL's ``DISTINCT ON``."""
        marks = _marks(len(jurisdictions))
        if self.db.pg:
            sql = (
                "SELECT DISTINCT ON (indicator_code, jurisdiction_code, series)"
                " indicator_code, jurisdiction_code, series, period, value FROM current_values"
                f" WHERE jurisdiction_code IN ({marks}) AND value IS NOT NULL AND {where}"
                " ORDER BY indicator_code, jurisdiction_code, series, period_sort DESC"
            )
        else:
            sql = (
                "SELECT indicator_code, jurisdiction_code, series, period, value, MAX(period_sort)"
                f" FROM current_values WHERE jurisdiction_code IN ({marks}) AND value IS NOT NULL"
                f" AND {where} GROUP BY indicator_code, jurisdiction_code, series"
            )
        return {(r[0], r[1], r[2]): (r[3], r[4]) for r in self.db.rows(sql, [*jurisdictions, *params])}

    # Q1 -----------------------------------------------------------------------------------

    def matrix(self, parents: list[str], year: int) -> dict[str, Any]:
        names, children = self._children(parents)
        counties = [c for p in parents for c, _ in children[p]]
        latest = self._latest(counties, "year = ?", [year]) if counties else {}
        requested = Period.year_of(year)
        data: dict[str, Any] = {}
        for parent in parents:
            if parent not in names and self.plan.jurisdiction(parent) is None:
                entry = None
            else:
                kids = []
                for code, name in children[parent]:
                    states = []
                    for indicator in self.plan.indicators:
                        for key in indicator.series_keys:
                            found = latest.get((indicator.code, code, key or ""))
                            if found is None:
                                e = evaluate(indicator, requested, None, key)
                            else:
                                e = evaluate(indicator, Period.parse(found[0]), Decimal(found[1]), key)
                            states.append(
                                {
                                    "indicator": {"code": indicator.code},
                                    "series": key,
                                    "actual": _dec(e.actual),
                                    "target": None
                                    if e.target is None
                                    else {"value": _dec(e.target.value), "text": e.target.text},
                                    "state": e.state.name,
                                }
                            )
                    kids.append({"code": code, "name": name, "indicatorStates": states})
                name = names.get(parent) or self.plan.jurisdiction(parent).name  # type: ignore[union-attr]
                entry = {"code": parent, "name": name, "children": kids}
            data["jurisdiction" if len(parents) == 1 else f"p{parent}"] = entry
        return {"data": data}

    # Q2 -----------------------------------------------------------------------------------

    def timeline(self, code: str, parents: list[str]) -> dict[str, Any]:
        indicator = self.plan.find_indicator(code)
        if indicator is None:
            return {"data": {"indicator": None}}
        _, children = self._children(parents)
        every = [c for p in parents for c, _ in children[p]] or list(parents)
        rows = self.db.rows(
            "SELECT jurisdiction_code, series, period, value FROM current_values "
            f"WHERE indicator_code = ? AND jurisdiction_code IN ({_marks(len(every))}) "
            # each key's values together in period order: the primary key's order, no sort
            "AND granularity = 'month' AND value IS NOT NULL "
            "ORDER BY jurisdiction_code, series, period_sort",
            [indicator.code, *every],
        )
        lists: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        for jur, series, period, value in rows:
            periods, values = lists.setdefault((jur, series), ([], []))
            periods.append(period)
            values.append(value)  # stored as text, sent as stored
        out: dict[str, Any] = {"code": indicator.code}
        for parent in parents:
            codes = [c for c, _ in children[parent]] or [parent]
            entries = []
            for jur in codes:
                for key in indicator.series_keys:
                    periods, values = lists.get((jur, key or ""), ([], []))
                    entries.append({"jurisdiction": jur, "series": key, "periods": periods, "values": values})
            out["timeline" if len(parents) == 1 else f"t{parent}"] = entries
        return {"data": {"indicator": out}}

    # Q3 -----------------------------------------------------------------------------------

    def detail(self, code: str, period_text: str) -> dict[str, Any]:
        indicator: Indicator | None = self.plan.find_indicator(code)
        if indicator is None:
            return {"data": {"indicator": None}}
        requested = Period.parse(period_text)
        home = self.plan.document.home_jurisdiction
        # the latest value inside the requested period: every period whose sort key lies from
        # the requested period's first month up to the requested period itself lies inside it
        lo = requested.year * 1000 + requested.start_month * 10
        hi = requested.sort_key
        latest = self._latest(
            [home],
            "indicator_code = ? AND year = ? AND period_sort BETWEEN ? AND ?",
            [indicator.code, requested.year, lo, hi],
        )
        status = []
        for key in indicator.series_keys:
            found = None
            for (_, _, s), (p, v) in latest.items():
                if s == (key or "") and requested.contains(Period.parse(p)):
                    found = (Period.parse(p), Decimal(v))
            e = (
                evaluate(indicator, requested, None, key)
                if found is None
                else evaluate(indicator, found[0], found[1], key)
            )
            status.append(
                {
                    "series": key,
                    "state": e.state.name,
                    "actual": _dec(e.actual),
                    "checkpoint": _dec(e.checkpoint),
                    "progress": _dec(e.progress),
                }
            )
        targets = [
            {
                "year": t.year,
                "series": t.series,
                "comparator": t.expression.comparator.name,
                "value": _dec(t.expression.value),
                "text": t.expression.text,
            }
            for t in indicator.targets
        ]
        return {
            "data": {
                "indicator": {
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "polarity": POLARITY[indicator.polarity.value],
                    "targets": targets,
                    "status": status,
                }
            }
        }


def create_app(url: str, plan: Plan | None = None) -> Starlette:
    """The bare Starlette floor over the database at ``url``."""
    floor = Floor(plan or load_plan(), Database(url))

    async def q1(request: Request) -> Response:
        q = request.query_params
        return _json(floor.matrix(q["parents"].split(","), int(q["year"])))

    async def q2(request: Request) -> Response:
        q = request.query_params
        return _json(floor.timeline(q["code"], q["parents"].split(",")))

    async def q3(request: Request) -> Response:
        q = request.query_params
        return _json(floor.detail(q["code"], q["period"]))

    async def healthz(_: Request) -> Response:
        floor.db.rows("SELECT 1", [])
        return _json({"status": "ok"})

    app = Starlette(routes=[Route("/q1", q1), Route("/q2", q2), Route("/q3", q3), Route("/healthz", healthz)])
    app.state.floor = floor
    return app


def main() -> None:
    """Serve the floor with uvicorn on 127.0.0.1."""
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.db), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
