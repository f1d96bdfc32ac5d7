"""The PostgreSQL floor: each of Q1-Q3 answered by ONE SQL statement that builds the whole JSON
answer in the database, as an engine like PostGraphile can: what a GraphQL service on
PostgreSQL could reach at best.

* **Reads**: per-key ``LATERAL (… ORDER BY period_sort DESC LIMIT 1)`` look-ups on the primary
  key of ``current_values`` (Q1, Q3) and one index range per key (Q2), for the jurisdictions
  asked only; names from ``jurisdictions``; ``json_build_object`` / ``json_agg`` shape the
  answer exactly like the GraphQL ``data`` of the same query.
* **Judgement in SQL**: the states (and Q3's checkpoint and progress) are computed in the
  statement from a table of thresholds derived once at start-up from the plan with the
  platform's own evaluation functions (the year's target and its comparator, the period's
  checkpoint, the 10 % risk margin, the plan's span for progress): plan data, as a database-
  centred engine would keep it in a table. One row per indicator × series × period of
  2022-2027 (months, quarters, years), held in temporary tables of the floor's one connection.
* The route hands the database's text to the client unparsed.

Its answers are compared key by key with the platform's (benchmarks/timing.py). It handles
what the benchmark asks (parents with children for Q1 and Q2; Q3 for the home county, which has
values); roll-up is not implemented.

Routes as benchmarks/floor.py: ``/q1?parents=…&year=…``, ``/q2?code=…&parents=…``,
``/q3?code=…&period=…``, ``/healthz``. Run: ``python benchmarks/sqlfloor.py --db URL --port P``.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from qyx_platform.evaluation._arith import round_value
from qyx_platform.evaluation.cells import cell_value, full_coverage_for, year_cell
from qyx_platform.evaluation.checkpoint import checkpoint
from qyx_platform.evaluation.comparison import DOWN, direction_of, is_strict, threshold
from qyx_platform.evaluation.span import plan_span
from qyx_platform.evaluation.status import RISK_MARGIN
from qyx_platform.model import Accumulation, Indicator, Period, Plan
from qyx_platform.platform import load_plan

POLARITY = {"higher": "HIGHER_IS_BETTER", "lower": "LOWER_IS_BETTER"}
YEARS = range(2022, 2028)

_SETUP = """
CREATE TEMPORARY TABLE floor_keys (
    position integer, indicator text, series text, series_out text,
    PRIMARY KEY (indicator, series));
CREATE TEMPORARY TABLE floor_targets (
    indicator text, series text, year integer, target json, PRIMARY KEY (indicator, series, year));
CREATE TEMPORARY TABLE floor_judge (
    indicator text, series text, period_sort integer,
    d1 integer, t1 numeric, strict1 boolean,
    d2 integer, t2 numeric, strict2 boolean, allowed numeric, checkpoint text,
    factor numeric, p_start numeric, p_change numeric, p_improving boolean,
    pd integer, pt numeric, pstrict boolean,
    PRIMARY KEY (indicator, series, period_sort));
CREATE TEMPORARY TABLE floor_indicators (code text PRIMARY KEY, static json);
"""

#: the state of actual ``a`` against judge row ``j`` (no row: no checkpoint, NO_DATA)
_STATE = """CASE
    WHEN {a} IS NULL OR j.d2 IS NULL THEN 'NO_DATA'
    WHEN j.d1 IS NOT NULL AND CASE WHEN j.strict1 THEN ({a} - j.t1) * j.d1 > 0
                                   ELSE ({a} - j.t1) * j.d1 >= 0 END THEN 'ACHIEVED'
    WHEN CASE WHEN j.strict2 THEN ({a} - j.t2) * j.d2 > 0 ELSE ({a} - j.t2) * j.d2 >= 0 END THEN 'ON_TRACK'
    WHEN greatest((j.t2 - {a}) * j.d2, 0) <= j.allowed THEN 'AT_RISK'
    ELSE 'BEHIND' END"""

Q1 = f"""
SELECT json_build_object('data', json_object_agg(
    CASE WHEN %(single)s THEN 'jurisdiction' ELSE 'p' || p.code END,
    json_build_object('code', p.code, 'name', p.name, 'children', coalesce((
        SELECT json_agg(json_build_object('code', c.code, 'name', c.name, 'indicatorStates', (
            SELECT json_agg(json_build_object(
                'indicator', json_build_object('code', k.indicator), 'series', k.series_out,
                'actual', x.value, 'target', t.target,
                'state', {_STATE.format(a="x.value::numeric")}) ORDER BY k.position)
            FROM floor_keys AS k
            LEFT JOIN LATERAL (
                SELECT cv.period_sort, cv.value FROM current_values AS cv
                WHERE cv.indicator_code = k.indicator AND cv.jurisdiction_code = c.code
                  AND cv.series = k.series AND cv.period_sort BETWEEN %(lo)s AND %(hi)s
                  AND cv.value IS NOT NULL
                ORDER BY cv.period_sort DESC LIMIT 1) AS x ON true
            LEFT JOIN floor_judge AS j
              ON j.indicator = k.indicator AND j.series = k.series AND j.period_sort = x.period_sort
            LEFT JOIN floor_targets AS t
              ON t.indicator = k.indicator AND t.series = k.series AND t.year = %(year)s
        )) ORDER BY c.code)
        FROM jurisdictions AS c WHERE c.parent_code = p.code), '[]'::json))
    ORDER BY p.code))::text
FROM jurisdictions AS p WHERE p.code = ANY(%(parents)s)
"""

Q2 = """
WITH asked AS (SELECT code FROM unnest(%(parents)s::text[]) AS code),
entries AS (
    SELECT CASE WHEN %(single)s THEN 'timeline' ELSE 't' || a.code END AS alias,
           coalesce(json_agg(json_build_object(
               'jurisdiction', c.code, 'series', k.series_out,
               'periods', coalesce(s.periods, '[]'::json), 'values', coalesce(s.vals, '[]'::json))
               ORDER BY c.code, k.position), '[]'::json) AS entries
    FROM asked AS a
    CROSS JOIN LATERAL (
        SELECT j.code FROM jurisdictions AS j WHERE j.parent_code = a.code
        UNION ALL
        SELECT a.code WHERE NOT EXISTS (SELECT FROM jurisdictions AS j WHERE j.parent_code = a.code)
    ) AS c
    CROSS JOIN floor_keys AS k
    LEFT JOIN LATERAL (
        SELECT json_agg(cv.period ORDER BY cv.period_sort) AS periods,
               json_agg(cv.value ORDER BY cv.period_sort) AS vals
        FROM current_values AS cv
        WHERE cv.indicator_code = k.indicator AND cv.jurisdiction_code = c.code
          AND cv.series = k.series AND cv.granularity = 'month' AND cv.value IS NOT NULL
    ) AS s ON true
    WHERE k.indicator = %(code)s
    GROUP BY a.code
)
SELECT json_build_object('data', json_build_object('indicator', (
    SELECT json_object_agg(key, value) FROM (
        SELECT 'code' AS key, to_json(%(code)s::text) AS value
        UNION ALL SELECT alias, entries FROM entries) AS parts)))::text
"""

Q3 = f"""
SELECT json_build_object('data', json_build_object('indicator', (
    SELECT (left(i.static::text, -1) || ', "status": ' || coalesce((
        SELECT json_agg(json_build_object(
            'series', k.series_out, 'state', {_STATE.format(a="x.value::numeric")},
            'actual', x.value, 'checkpoint', j.checkpoint,
            'progress', CASE
                WHEN x.value IS NULL OR j.p_start IS NULL THEN NULL
                WHEN NOT j.p_improving THEN
                    CASE WHEN CASE WHEN j.pstrict THEN (x.value::numeric * j.factor - j.pt) * j.pd > 0
                                   ELSE (x.value::numeric * j.factor - j.pt) * j.pd >= 0 END
                         THEN '1.0000' ELSE '0.0000' END
                ELSE round((x.value::numeric * j.factor - j.p_start) / j.p_change, 4)::text END
            ) ORDER BY k.position)
        FROM floor_keys AS k
        LEFT JOIN LATERAL (
            SELECT cv.period_sort, cv.value FROM current_values AS cv
            WHERE cv.indicator_code = k.indicator AND cv.jurisdiction_code = %(home)s
              AND cv.series = k.series AND cv.period_sort BETWEEN %(lo)s AND %(hi)s
              AND cv.value IS NOT NULL
            ORDER BY cv.period_sort DESC LIMIT 1) AS x ON true
        LEFT JOIN floor_judge AS j ON j.indicator = k.indicator AND j.series = k.series
            AND j.period_sort = coalesce(x.period_sort, %(hi)s)
        WHERE k.indicator = i.code), '[]'::json)::text || '}}')::json
    FROM floor_indicators AS i WHERE i.code = %(code)s)))::text
"""


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _periods(year: int) -> list[Period]:
    return (
        [Period.parse(f"{year}-{m:02d}") for m in range(1, 13)]
        + [Period.parse(f"{year}Q{q}") for q in range(1, 5)]
        + [Period.year_of(year)]
    )


def judge_row(indicator: Indicator, key: str | None, period: Period) -> tuple[Any, ...]:
    """The thresholds that judge an actual of ``indicator``/``key`` in ``period``, derived
    with the platform's evaluation functions (see ``evaluate``)."""
    fc = full_coverage_for(indicator, None)
    cell = year_cell(indicator, period.year, key)
    target = checkpoint(indicator, period, key, full_coverage=fc)
    d1 = t1 = strict1 = None
    d2 = t2 = strict2 = allowed = cp = None
    if cell is not None and target is not None:
        value = cell_value(cell, fc)
        direction = direction_of(cell.comparator, indicator.polarity)
        blocked = (
            indicator.accumulation is Accumulation.YTD_FLOW and direction == DOWN and not period.is_year_end
        )
        if value is not None and direction is not None and not blocked:
            d1, t1, strict1 = (
                direction,
                threshold(cell.comparator, value, indicator.polarity),
                is_strict(cell.comparator),
            )
        d2 = direction_of(target.comparator, target.polarity)
        t2 = threshold(target.comparator, target.value, target.polarity)
        strict2 = is_strict(target.comparator)
        allowed = round_value(RISK_MARGIN * abs(target.value), target.value)
    if target is not None:
        cp = _dec(target.value)
    ytd = indicator.accumulation is Accumulation.YTD_FLOW and not period.is_year_end
    factor = Decimal(12) / Decimal(period.end_month) if ytd else Decimal(1)
    span = plan_span(indicator, key, full_coverage=fc)
    if span is None:
        p = (factor, None, None, None, None, None, None)
    else:
        pd = direction_of(span.final.comparator, indicator.polarity)
        pt = threshold(span.final.comparator, span.end, indicator.polarity)
        p = (
            factor,
            span.start,
            span.required_change,
            span.improving,
            pd,
            pt,
            is_strict(span.final.comparator),
        )
    return (indicator.code, key or "", period.sort_key, d1, t1, strict1, d2, t2, strict2, allowed, cp, *p)


class SQLFloor:
    """One psycopg connection holding the plan's thresholds in temporary tables."""

    def __init__(self, url: str, plan: Plan) -> None:
        import psycopg

        self.plan = plan
        self.home = plan.document.home_jurisdiction
        self.connection = psycopg.connect(
            url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True
        )
        self.statements = 0
        with self.connection.cursor() as cursor:
            cursor.execute(_SETUP)
            keys, targets, judged, static = [], [], [], []
            position = 0
            for indicator in plan.indicators:
                for key in indicator.series_keys:
                    keys.append((position, indicator.code, key or "", key))
                    position += 1
                    for year in YEARS:
                        cell = year_cell(indicator, year, key)
                        target = (
                            None
                            if cell is None
                            else json.dumps({"value": _dec(cell.value), "text": cell.text})
                        )
                        targets.append((indicator.code, key or "", year, target))
                        judged += [judge_row(indicator, key, p) for p in _periods(year)]
                static.append((indicator.code, json.dumps(self._static(indicator), ensure_ascii=False)))
            for table, rows in (
                ("floor_keys", keys),
                ("floor_targets", targets),
                ("floor_judge", judged),
                ("floor_indicators", static),
            ):
                with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            cursor.execute("ANALYZE floor_keys, floor_targets, floor_judge, floor_indicators")

    @staticmethod
    def _static(indicator: Indicator) -> dict[str, Any]:
        """The plan part of Q3: code, name, unit, polarity, targets (a JSON object)."""
        return {
            "code": indicator.code,
            "name": indicator.name,
            "unit": indicator.unit,
            "polarity": POLARITY[indicator.polarity.value],
            "targets": [
                {
                    "year": t.year,
                    "series": t.series,
                    "comparator": t.expression.comparator.name,
                    "value": _dec(t.expression.value),
                    "text": t.expression.text,
                }
                for t in indicator.targets
            ],
        }

    def one(self, sql: str, params: dict[str, Any]) -> str:
        """The one text value of one statement."""
        self.statements += 1
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return str(row[0]) if row and row[0] is not None else '{"data": null}'

    def matrix(self, parents: list[str], year: int) -> str:
        """Q1 as JSON text."""
        lo, hi = Period.year_of(year).sort_range
        return self.one(
            Q1, {"parents": parents, "year": year, "lo": lo, "hi": hi, "single": len(parents) == 1}
        )

    def timeline(self, code: str, parents: list[str]) -> str:
        """Q2 as JSON text."""
        indicator = self.plan.find_indicator(code)
        if indicator is None:
            return '{"data": {"indicator": null}}'
        return self.one(Q2, {"code": indicator.code, "parents": parents, "single": len(parents) == 1})

    def detail(self, code: str, period: str) -> str:
        """Q3 as JSON text."""
        indicator = self.plan.find_indicator(code)
        if indicator is None:
            return '{"data": {"indicator": null}}'
        lo, hi = Period.parse(period).sort_range
        return self.one(Q3, {"code": indicator.code, "home": self.home, "lo": lo, "hi": hi})


def create_app(url: str, plan: Plan | None = None) -> Starlette:
    """The bare Starlette SQL floor over the PostgreSQL database at ``url``."""
    floor = SQLFloor(url, plan or load_plan())

    def answer(text: str) -> Response:
        return Response(text, media_type="application/json")

    async def q1(request: Request) -> Response:
        q = request.query_params
        return answer(floor.matrix(q["parents"].split(","), int(q["year"])))

    async def q2(request: Request) -> Response:
        q = request.query_params
        return answer(floor.timeline(q["code"], q["parents"].split(",")))

    async def q3(request: Request) -> Response:
        q = request.query_params
        return answer(floor.detail(q["code"], q["period"]))

    async def healthz(_: Request) -> Response:
        floor.one('SELECT \'{"status": "ok"}\'', {})
        return answer('{"status": "ok"}')

    app = Starlette(routes=[Route("/q1", q1), Route("/q2", q2), Route("/q3", q3), Route("/healthz", healthz)])
    app.state.floor = floor
    return app


def main() -> None:
    """Serve the SQL floor with uvicorn on 127.0.0.1."""
    import uvicorn

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.db), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
