"""The one unit of work: every writer queues behind the others (BEGIN IMMEDIATE on SQLite, an
advisory lock on PostgreSQL), records its audit entries and raises the data version once.

The GraphQL approval and problem mutations are checked against a writer holding the lock, as a
report is: they wait for it, change nothing meanwhile, and go through once it commits. A source
scan checks that no module outside the unit of work opens a write transaction or raises the
data version by hand.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import GraphQLClient
from sqlalchemy import func, select

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform, Role
from qyx_platform.store.tables import AuditRow, ObservationRow

#: seconds a queued writer is watched while the lock is held
HELD = 0.6
SOURCE = Path(__file__).parents[1] / "qyx_platform"

APPROVE = "mutation($id: ID!) { approveObservation(id: $id) { __typename } }"
RAISE = (
    """mutation($input: ProblemInput!) { raiseProblem(input: $input) { __typename ... on Problem { id } } }"""
)
RECTIFY = "mutation($id: ID!) { startRectifying(id: $id) { __typename } }"
REPORT = """mutation($input: [ObservationInput!]!) {
  reportObservations(input: $input) { __typename }
}"""


@pytest.fixture
def approving(db_url: str) -> Iterator[Platform]:
    """A platform where a reporter's values wait for approval (both backends)."""
    p = Platform(db_url, require_approval=True)
    yield p
    p.close()


def _pending_revision(platform: Platform, reporter: str, period: str = "2024") -> str:
    """The id of a revision the reporter just reported, which awaits approval."""
    (stored,) = platform.report([ObservationInput("1", period, "4.10")], token=reporter)
    assert not stored.approved
    with platform.sessions() as session:
        row = session.scalars(
            select(ObservationRow).where(
                ObservationRow.period == period, ObservationRow.revision == stored.revision
            )
        ).one()
        return str(row.id)


def _problem(client: GraphQLClient, token: str) -> str:
    body = client.data(
        RAISE,
        {"input": {"title": "迟报", "department": "县民政局", "dueDate": "2026-01-01"}},
        token,
    )
    problem_id: str = body["raiseProblem"]["id"]
    return problem_id


def _audit_count(platform: Platform) -> int:
    with platform.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditRow)) or 0


def _queues_behind_a_writer(platform: Platform, send: Callable[[], dict[str, Any]], typename: str) -> None:
    """``send()`` (a GraphQL request) waits while another writer holds the lock, then
    succeeds and raises the data version by exactly one."""

    def state() -> tuple[int, int]:
        return platform.data_version(), _audit_count(platform)

    before = state()
    with ThreadPoolExecutor(1) as pool:
        future: Future[dict[str, Any]]
        with platform.write(LOCAL_OPERATOR):  # a writer holding the lock (it changes nothing)
            future = pool.submit(send)
            done = threading.Event()
            future.add_done_callback(lambda _: done.set())
            assert not done.wait(HELD), f"the mutation did not queue: {future.result()}"
            assert state() == before  # a read inside a write block stays a read
        body = future.result(timeout=60)
    version, audited = before
    assert "errors" not in body, body
    assert next(iter(body["data"].values()))["__typename"] == typename
    assert platform.data_version() == version + 1
    assert _audit_count(platform) == audited + 1


def test_approval_queues_like_a_report(approving: Platform) -> None:
    client = GraphQLClient(approving)
    supervisor = approving.create_token(Role.SUPERVISOR)
    revision = _pending_revision(approving, approving.create_token(Role.REPORTER, "县卫生健康局"))
    _queues_behind_a_writer(
        approving, lambda: client.post(APPROVE, {"id": revision}, supervisor), "Observation"
    )


def test_problem_mutations_queue_like_a_report(client: GraphQLClient) -> None:
    supervisor = client.token(Role.SUPERVISOR, None)
    new = {"input": {"title": "整改", "department": "县民政局", "dueDate": "2026-06-30"}}
    _queues_behind_a_writer(client.platform, lambda: client.post(RAISE, new, supervisor), "Problem")
    problem = _problem(client, supervisor)
    _queues_behind_a_writer(
        client.platform, lambda: client.post(RECTIFY, {"id": problem}, supervisor), "Problem"
    )


def test_a_report_queues_the_same_way(client: GraphQLClient) -> None:
    reporter = client.token(Role.REPORTER, "县卫生健康局")
    rows = {"input": [{"indicator": "1", "period": "2024", "value": "4.10"}]}
    _queues_behind_a_writer(client.platform, lambda: client.post(REPORT, rows, reporter), "ReportAccepted")


def test_concurrent_mutations_all_go_through(approving: Platform) -> None:
    """Approvals, problem moves and reports at once: none fails, each is audited once and
    raises the version once."""
    client = GraphQLClient(approving)
    supervisor = approving.create_token(Role.SUPERVISOR)
    reporter = approving.create_token(Role.REPORTER, "县卫生健康局")
    revisions = [_pending_revision(approving, reporter, f"2024-{m:02d}") for m in range(1, 7)]
    problems = [_problem(client, supervisor) for _ in range(6)]
    version, audited = approving.data_version(), _audit_count(approving)
    calls: list[Callable[[], dict[str, Any]]] = []
    for n in range(6):
        calls.append(lambda r=revisions[n]: client.post(APPROVE, {"id": r}, supervisor))
        calls.append(lambda p=problems[n]: client.post(RECTIFY, {"id": p}, supervisor))
        rows = {"input": [{"indicator": "1", "period": f"2025-{n + 1:02d}", "value": "4.2"}]}
        calls.append(lambda rows=rows: client.post(REPORT, rows, reporter))
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        bodies = list(pool.map(run, calls))
    for body in bodies:
        assert "errors" not in body, body
        assert next(iter(body["data"].values()))["__typename"] in {"Observation", "Problem", "ReportAccepted"}
    assert approving.data_version() == version + len(calls)
    assert _audit_count(approving) == audited + len(calls)


def test_a_write_that_records_nothing_or_fails_leaves_the_version(sqlite_platform: Platform) -> None:
    version = sqlite_platform.data_version()
    with sqlite_platform.write(LOCAL_OPERATOR):
        pass
    assert sqlite_platform.data_version() == version
    with pytest.raises(RuntimeError), sqlite_platform.write(LOCAL_OPERATOR) as work:
        work.record("test", "nothing", "1")
        raise RuntimeError("boom")
    assert sqlite_platform.data_version() == version
    with sqlite_platform.write(LOCAL_OPERATOR) as work:
        work.record("test", "nothing", "1")
        work.record("test", "nothing", "2")
    assert sqlite_platform.data_version() == version + 1  # once per unit of work


# -- no writer around the unit of work ----------------------------------------------------------

#: the only modules that may open a write transaction or raise the data version themselves
ALLOWED = {
    "services/unit_of_work.py": {"write_transaction", "bump_data_version", "sessions.begin"},
    "store/meta.py": {"bump_data_version", "set_data_version"},
    "store/engine.py": {"write_transaction"},
    # a restore replaces the whole database, audit log included (see its docstring)
    "services/backup.py": {"write_transaction", "set_data_version"},
}
FORBIDDEN = {"write_transaction", "bump_data_version", "set_data_version"}


def writer_calls(source: str) -> set[str]:
    """Names of FORBIDDEN functions a module refers to, and ``begin`` calls on a session
    factory (``sessions.begin()``: a transaction outside the unit of work)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id in FORBIDDEN:
            found.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN:
            found.add(node.attr)
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "begin"
            and isinstance(node.value, ast.Attribute | ast.Name)
            and (node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id) == "sessions"
        ):
            found.add("sessions.begin")
    return found


def test_the_scan_sees_a_writer_of_its_own() -> None:
    assert writer_calls("with platform.sessions.begin() as s:\n    bump_data_version(s)\n") == {
        "sessions.begin",
        "bump_data_version",
    }
    assert writer_calls("with write_transaction(), engine.begin() as c:\n    pass\n") == {"write_transaction"}
    assert writer_calls("with platform.write(actor) as work:\n    work.record('a', 'b', 'c')\n") == set()


def test_every_write_goes_through_the_unit_of_work() -> None:
    offenders = {}
    for path in sorted(SOURCE.rglob("*.py")):
        name = path.relative_to(SOURCE).as_posix()
        found = writer_calls(path.read_text(encoding="utf-8")) - ALLOWED.get(name, set())
        if found:
            offenders[name] = sorted(found)
    assert not offenders, f"writes outside platform.write(actor): {offenders}"
