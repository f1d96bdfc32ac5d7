"""Scaling out on PostgreSQL: imports through COPY (all or nothing, rules, revisions,
statistics), the matrix reading only the jurisdictions asked for, one connection per request,
and several worker processes sharing one cache version."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import GraphQLClient, _reset_pg, operation
from sqlalchemy import Engine, event, func, select, text

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform, Role, ValidationError
from qyx_platform.services.auth import Actor
from qyx_platform.services.readings import Readings
from qyx_platform.store import copy as copy_module
from qyx_platform.store import observations as observations_store
from qyx_platform.store.meta import bump_data_version
from qyx_platform.store.tables import CurrentValueRow, ObservationRow
from tools.statements import PING, driver_statements, is_query, kind_of

MINIMUM = "ruoyou.minimum_living_allowance_standard"
UNEMPLOYMENT = "laoyoudeyou.urban_registered_unemployment_rate"
#: four cities of the home province, three counties each
CITIES = {
    "331100": ["331102", "331121", "331122"],
    "330100": ["330102", "330105", "330106"],
    "330200": ["330203", "330205", "330206"],
    "330300": ["330302", "330303", "330304"],
}


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """A fresh, empty PostgreSQL database URL (skips without a server)."""
    _reset_pg(pg_database)
    return pg_database


@pytest.fixture
def pg_platform(pg_url: str) -> Iterator[Platform]:
    """A platform on a fresh PostgreSQL database."""
    p = Platform(pg_url)
    yield p
    p.close()


def _stored(p: Platform) -> tuple[int, dict[tuple[str, str, str], tuple[str | None, int | None, int]]]:
    """(number of revisions, current values by (indicator, jurisdiction, period))."""
    with p.sessions() as s:
        revisions = s.scalar(select(func.count()).select_from(ObservationRow)) or 0
        current = {
            (r.indicator_code, r.jurisdiction_code, r.period): (r.value, r.revision, r.latest_revision)
            for r in s.scalars(select(CurrentValueRow))
        }
    return revisions, current


@pytest.mark.postgres
def test_an_import_on_postgresql_goes_through_copy_and_keeps_revisions(pg_platform: Platform) -> None:
    p = pg_platform
    rows = [ObservationInput(UNEMPLOYMENT, f"2025-{m:02d}", f"3.{m}", "331126") for m in range(1, 10)]
    with driver_statements(p.engine) as seen:
        p.report(rows, actor=LOCAL_OPERATOR, source="import")
    kinds = [s.split(None, 1)[0].upper() for s in seen if is_query(s)]
    assert "COPY" in kinds and not any(
        s.lstrip().upper().startswith("INSERT INTO OBSERVATIONS") for s in seen
    )
    revisions, current = _stored(p)
    assert revisions == 9
    assert current[(UNEMPLOYMENT, "331126", "2025-03")] == ("3.3", 1, 1)
    # a second report of some keys: new revisions, current values moved (COPY + one UPDATE … FROM)
    again = [ObservationInput(UNEMPLOYMENT, f"2025-{m:02d}", f"2.{m}", "331126") for m in (3, 4)]
    new = [ObservationInput(UNEMPLOYMENT, "2025-10", "2.5", "331126")]
    stored = p.report(again + new, actor=LOCAL_OPERATOR)
    assert [o.revision for o in stored] == [2, 2, 1]
    revisions, current = _stored(p)
    assert revisions == 12
    assert current[(UNEMPLOYMENT, "331126", "2025-03")] == ("2.3", 2, 2)
    assert current[(UNEMPLOYMENT, "331126", "2025-05")] == ("3.5", 1, 1)
    assert current[(UNEMPLOYMENT, "331126", "2025-10")] == ("2.5", 1, 1)


@pytest.mark.postgres
def test_pending_revisions_on_postgresql_move_only_the_latest_number(pg_url: str) -> None:
    p = Platform(pg_url, require_approval=True)
    p.report([ObservationInput(UNEMPLOYMENT, "2025-03", "3.1", "331126")], actor=LOCAL_OPERATOR)
    reporter = Actor("reporter", Role.REPORTER, "县人力社保局")
    p.report(
        [
            ObservationInput(UNEMPLOYMENT, "2025-03", "2.9", "331126"),  # a pending correction
            ObservationInput(UNEMPLOYMENT, "2025-04", "3.0", "331126"),  # a pending first value
        ],
        actor=reporter,
    )
    revisions, current = _stored(p)
    assert revisions == 3
    assert current[(UNEMPLOYMENT, "331126", "2025-03")] == ("3.1", 1, 2)
    assert current[(UNEMPLOYMENT, "331126", "2025-04")] == (None, None, 1)
    p.close()


@pytest.mark.postgres
def test_a_copy_import_is_all_or_nothing(pg_platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    p = pg_platform
    p.report([ObservationInput(MINIMUM, "2024", "13000")], actor=LOCAL_OPERATOR)
    before = _stored(p)
    # a rule sees the stored value and the rest of the batch: the standard may not fall
    batch = [ObservationInput(UNEMPLOYMENT, f"2025-{m:02d}", "3.0") for m in range(1, 13)]
    batch.append(ObservationInput(MINIMUM, "2025", "12900"))
    with pytest.raises(ValidationError) as caught:
        p.report(batch, actor=LOCAL_OPERATOR)
    assert [(e.index, e.field) for e in caught.value.errors] == [(12, "value")]
    assert "ruoyou.minimum_living_standard_never_falls" in caught.value.errors[0].message
    assert _stored(p) == before
    # a failure after the rows were copied: the copied rows go with the transaction

    def fail(*_: Any) -> None:
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(observations_store, "write_heads", fail)
    with pytest.raises(RuntimeError):
        p.report([*batch[:-1], ObservationInput(MINIMUM, "2024", "13100")], actor=LOCAL_OPERATOR)
    assert _stored(p) == before
    monkeypatch.undo()
    stored = p.report([*batch[:-1], ObservationInput(MINIMUM, "2024", "13100")], actor=LOCAL_OPERATOR)
    assert len(stored) == 13 and stored[-1].revision == 2


def _estimated_rows(engine: Engine) -> float:
    with engine.connect() as c:
        return float(c.scalar(text("SELECT reltuples FROM pg_class WHERE oid = 'current_values'::regclass")))


@pytest.mark.postgres
def test_a_large_import_refreshes_the_statistics(
    pg_platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = pg_platform
    monkeypatch.setattr(copy_module, "ANALYZE_MIN_ROWS", 40)
    months = [f"{y}-{m:02d}" for y in (2023, 2024, 2025, 2026) for m in range(1, 13)]
    p.report([ObservationInput(UNEMPLOYMENT, period, "3.0") for period in months], actor=LOCAL_OPERATOR)
    assert _estimated_rows(p.engine) == 48  # analysed: the planner knows the rows
    # 48 more rows, as many as the statistics count: analysed again
    p.report([ObservationInput(UNEMPLOYMENT, m, "3.0", "331102") for m in months], actor=LOCAL_OPERATOR)
    assert _estimated_rows(p.engine) == 96
    # 45 rows, under half of the 96 counted: left to autovacuum
    p.report([ObservationInput(UNEMPLOYMENT, m, "3.1", "331121") for m in months[:45]], actor=LOCAL_OPERATOR)
    assert _estimated_rows(p.engine) == 96
    # 48 rows, half of the 96 counted: analysed (the 45 before are counted too)
    p.report([ObservationInput(UNEMPLOYMENT, m, "3.2", "331122") for m in months], actor=LOCAL_OPERATOR)
    assert _estimated_rows(p.engine) == 96 + 45 + 48
    # below the minimum number of rows: never, whatever the share
    monkeypatch.setattr(copy_module, "ANALYZE_MIN_ROWS", 1_000)
    p.report([ObservationInput(UNEMPLOYMENT, m, "3.2", "331123") for m in months], actor=LOCAL_OPERATOR)
    assert _estimated_rows(p.engine) == 96 + 45 + 48


# -- the matrix reads only what it is asked ---------------------------------------------------


def _four_cities(p: Platform) -> None:
    """Monthly values of one indicator for every county of four cities, 2022-01 to 2025-03
    (the latest of 2025 is 3.3)."""
    months = [(y, m) for y in (2022, 2023, 2024) for m in range(1, 13)] + [(2025, m) for m in (1, 2, 3)]
    rows = [
        ObservationInput(UNEMPLOYMENT, f"{y}-{m:02d}", f"3.{m}", county)
        for counties in CITIES.values()
        for county in counties
        for y, m in months
    ]
    p.report(rows, actor=LOCAL_OPERATOR)


def _aliased_matrix(parents: list[str]) -> str:
    """The contract's Matrix selection once per parent under an alias (one request)."""
    fields = " ".join(
        f'p{code}: jurisdiction(code: "{code}") {{ code name children {{ code name '
        "indicatorStates(year: $year) { indicator { code } series actual target { value text } state } } }"
        for code in parents
    )
    return f"query Matrix($year: Int!) {{ {fields} }}"


@contextmanager
def statements_with_parameters(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement psycopg runs inside the block, with its parameters."""
    import psycopg

    seen: list[tuple[str, Any]] = []

    class Noting(psycopg.Cursor[Any]):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            seen.append((str(query), params))
            return super().execute(query, params, **kwargs)

    def install(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.cursor_factory = Noting

    event.listen(engine, "connect", install)
    engine.dispose()
    try:
        yield seen
    finally:
        event.remove(engine, "connect", install)
        engine.dispose()


def _rows_read(engine: Engine, sql: str, params: Any) -> tuple[int, int]:
    """(rows of ``current_values`` fetched through an index, rows read by sequential scans)
    when the statement runs: PostgreSQL's counters of the running transaction."""
    with engine.connect() as c:
        cursor = c.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(sql, params)
        cursor.fetchall()
        cursor.execute(
            "SELECT coalesce(idx_tup_fetch, 0), coalesce(seq_tup_read, 0) "
            "FROM pg_stat_xact_user_tables WHERE relname = 'current_values'"
        )
        fetched, scanned = cursor.fetchone()
        c.rollback()
    return int(fetched), int(scanned)


@pytest.mark.postgres
def test_a_one_city_matrix_reads_only_that_citys_rows(pg_platform: Platform) -> None:
    p = pg_platform
    _four_cities(p)
    with p.engine.begin() as c:
        c.execute(text("ANALYZE current_values"))
    client = GraphQLClient(p)
    reads: dict[str, int] = {}
    for parents in (["330100"], list(CITIES)):
        audit_bump(p)  # nothing cached: the rows of every child are read
        with statements_with_parameters(p.engine) as seen:
            data = client.data(_aliased_matrix(parents), {"year": 2025})
        assert len(data) == len(parents)
        latest = [(q, a) for q, a in seen if "current_values" in q and "LATERAL" in q]
        assert len(latest) == 1, "one statement for every child of every parent asked"
        sql, params = latest[0]
        asked = [c for parent in parents for c, _ in Readings(p).children(parent)]
        assert sorted(params["jurisdictions"]) == sorted(asked)
        read, scanned = _rows_read(p.engine, sql, params)
        assert scanned == 0, "no sequential scan of the current values"
        reads[",".join(parents)] = read
        cells = [s for j in data.values() for child in j["children"] for s in child["indicatorStates"]]
        actual = [s["actual"] for s in cells if s["indicator"]["code"] == UNEMPLOYMENT and s["actual"]]
        assert actual == ["3.3"] * sum(len(CITIES[parent]) for parent in parents)  # the latest month
    # one row per county with a value (its latest, found by the index), not the year of all
    assert reads["330100"] == len(CITIES["330100"])
    assert reads[",".join(CITIES)] == sum(len(c) for c in CITIES.values())


def test_a_matrix_request_costs_the_same_statements_for_one_parent_or_four(platform: Platform) -> None:
    _four_cities(platform)
    client = GraphQLClient(platform)
    counts = []
    for parents in (["331100"], list(CITIES)):
        audit_bump(platform)  # uncached
        with driver_statements(platform.engine) as seen:
            data = client.data(_aliased_matrix(parents), {"year": 2025})
        assert sum(len(j["children"]) for j in data.values()) >= 3 * len(parents)
        counts.append(sum(1 for s in seen if is_query(s)))
    assert counts[0] == counts[1] <= 3


def _aliased_timeline(parents: list[str]) -> str:
    """The contract's Timeline selection once per parent under an alias (one request)."""
    fields = " ".join(
        f't{code}: timeline(under: "{code}", granularity: MONTH) {{ jurisdiction series periods values }}'
        for code in parents
    )
    return f'query Timeline {{ indicator(code: "{UNEMPLOYMENT}") {{ code {fields} }} }}'


def test_a_timeline_request_reads_the_children_asked_in_one_statement(platform: Platform) -> None:
    _four_cities(platform)
    client = GraphQLClient(platform)
    counts = []
    for parents in (["330100"], list(CITIES)):
        audit_bump(platform)
        with driver_statements(platform.engine) as seen:
            data = client.data(_aliased_timeline(parents), {})["indicator"]
        reads = [s for s in seen if is_query(s) and "granularity" in s]
        assert len(reads) == 1
        for parent in parents:
            entries = data[f"t{parent}"]
            assert [e["jurisdiction"] for e in entries] == [c for c, _ in Readings(platform).children(parent)]
            with_values = [e for e in entries if e["values"]]
            assert [e["jurisdiction"] for e in with_values] == CITIES[parent]
            assert with_values[0]["periods"][-1] == "2025-03" and with_values[0]["values"][-1] == "3.3"
        counts.append(sum(1 for s in seen if is_query(s)))
    assert counts[0] == counts[1] <= 3


def audit_bump(p: Platform) -> None:
    """Raise the data version as any write does, so the next request reads afresh."""
    with p.sessions.begin() as session:
        bump_data_version(session)


def test_a_request_checks_out_one_connection(platform: Platform) -> None:
    _four_cities(platform)
    client = GraphQLClient(platform)
    checkouts: list[int] = []
    listener = lambda *_: checkouts.append(1)  # noqa: E731
    event.listen(platform.engine, "checkout", listener)
    try:
        for parents in (["331100"], list(CITIES)):
            audit_bump(platform)
            checkouts.clear()
            client.data(_aliased_matrix(parents), {"year": 2025})
            assert len(checkouts) == 1
        for name, variables in (
            ("Matrix", {"parent": "331100", "year": 2025}),
            ("Timeline", {"code": "9", "parent": "331100"}),
            ("Detail", {"code": "9", "period": "2025-03"}),
        ):
            body = {"query": operation("province"), "operationName": name, "variables": variables}
            with driver_statements(platform.engine) as seen:
                client.http.post("/graphql", json=body)  # the pool now holds a used connection
                audit_bump(platform)
                seen.clear()
                checkouts.clear()
                response = client.http.post("/graphql", json=body)
            assert response.status_code == 200 and "errors" not in response.json()
            assert len(checkouts) == 1, name
            # nothing but the request's own statements: no liveness ping when it was checked out
            assert [s for s in seen if kind_of(s) == PING] == [], name
        # a request with a token: the token is read on the same connection
        token = platform.create_token(Role.VIEWER)
        audit_bump(platform)
        checkouts.clear()
        client.data(_aliased_matrix(list(CITIES)), {"year": 2025}, token=token)
        assert len(checkouts) == 1
    finally:
        event.remove(platform.engine, "checkout", listener)


def test_reads_after_a_write_in_the_same_request_see_it(platform: Platform) -> None:
    """A mutation ends the request's read snapshot: its own result and later reads are fresh."""
    client = GraphQLClient(platform)
    token = client.token(Role.REPORTER, "县人力社保局")
    query = """
      mutation {
        first: reportObservations(input: [{indicator: "9", period: "2025-03", value: "3.1"}]) {
          __typename ... on ReportAccepted { observations { revision value } } }
        second: reportObservations(input: [{indicator: "9", period: "2025-03", value: "2.9"}]) {
          __typename ... on ReportAccepted { observations { revision value } } }
      }"""
    data = client.data(query, token=token)
    assert data["first"]["observations"] == [{"revision": 1, "value": "3.1"}]
    assert data["second"]["observations"] == [{"revision": 2, "value": "2.9"}]


# -- several worker processes -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _post(conn: http.client.HTTPConnection, body: dict[str, Any], token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request("POST", "/graphql", json.dumps(body), headers)
    response = conn.getresponse()
    payload = json.loads(response.read())
    assert response.status == 200, payload
    assert "errors" not in payload, payload
    return payload["data"]


def _worker(conn: http.client.HTTPConnection) -> int:
    conn.request("GET", "/healthz")
    response = conn.getresponse()
    worker: int = json.loads(response.read())["worker"]
    return worker


def test_two_workers_share_the_cache_version(db_url: str, tmp_path: Path) -> None:
    """`qyx serve --workers 2`: a value written through one worker process is read through the
    other, whose cache held the old value."""
    setup = Platform(db_url)
    token = setup.create_token(Role.REPORTER, "县人力社保局")
    setup.report([ObservationInput("9", "2025-03", "3.1")], actor=LOCAL_OPERATOR)
    setup.close()
    port = _free_port()
    qyx = Path(sys.executable).with_name("qyx")
    env = {**os.environ, "QYX_HOME": str(tmp_path)}
    server = subprocess.Popen(
        [str(qyx), "serve", "--db", db_url, "--port", str(port), "--workers", "2", "--log-level", "warning"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    connections: dict[int, http.client.HTTPConnection] = {}
    try:
        deadline = time.monotonic() + 60
        while len(connections) < 2:  # keep-alive connections stay with the worker that took them
            assert time.monotonic() < deadline, "did not reach two workers"
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                worker = _worker(conn)
            except OSError:
                time.sleep(0.2)
                continue
            if worker in connections:
                conn.close()
            else:
                connections[worker] = conn
        writer, reader = connections.values()
        detail = {
            "query": operation("province"),
            "operationName": "Detail",
            "variables": {"code": "9", "period": "2025-03"},
        }
        for _ in range(2):  # the second answer comes from the reader's cache
            assert _post(reader, detail)["indicator"]["status"][0]["actual"] == "3.1"
        report = {
            "query": operation("report"),
            "variables": {"input": [{"indicator": "9", "period": "2025-03", "value": "2.8"}]},
        }
        assert _post(writer, report, token)["reportObservations"]["__typename"] == "ReportAccepted"
        assert _post(reader, detail)["indicator"]["status"][0]["actual"] == "2.8"
        assert _worker(reader) != _worker(writer)
    finally:
        for conn in connections.values():
            conn.close()
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.parametrize("given", ["0", "-2", "two"])
def test_serve_refuses_a_number_of_workers_that_is_not_one_or_more(
    given: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from qyx_platform.cli import main

    with pytest.raises(SystemExit) as ended:
        main(["--lang", "en", "serve", "--workers", given, "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}"])
    assert ended.value.code == 2
    assert f"argument --workers: {given} is not a number of workers; use 1 or more" in capsys.readouterr().err
    assert not (tmp_path / "db.sqlite3").exists()  # refused before opening anything


def test_descendants_are_every_stored_jurisdiction_under_a_code(platform: Platform) -> None:
    _four_cities(platform)
    readings = Readings(platform)
    under = set(readings.descendants("330000"))
    assert "330000" in under and set(CITIES) <= under
    assert {c for counties in CITIES.values() for c in counties} <= under
    assert readings.descendants("330102") == ["330102"]
    assert "330100" not in readings.descendants("331100")
