"""Issue 11, item 9: security and hygiene at the boundary, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import GraphQLClient
from starlette.testclient import TestClient

from qyx_platform import Platform, Role
from qyx_platform.errors import ValidationError
from qyx_platform.model import ObservationInput
from qyx_platform.model.plan import Plan
from qyx_platform.services.auth import LOCAL_OPERATOR
from qyx_platform.web.app import create_app

HEALTH = "县卫生健康局"
REPORT = """mutation($input:[ObservationInput!]!){ reportObservations(input:$input){ __typename
  ... on ReportAccepted { observations { id reportedAt } }
  ... on ReportRejected { errors { index field message } } } }"""
HISTORY = '{ observations(indicator:"1"){ totalCount edges { node { id value approved } } } }'


def report(client: GraphQLClient, token: str, **row: object) -> dict[str, object]:
    result: dict[str, object] = client.data(
        REPORT, {"input": [{"indicator": "1", "period": "2024", "value": "4.1", **row}]}, token
    )["reportObservations"]
    return result


def test_a_token_writes_only_in_its_jurisdiction_and_below(client: GraphQLClient) -> None:
    county = client.token(Role.REPORTER, HEALTH)  # default: the home county, 331126
    for elsewhere in ("330102", "330000", "331100", "331102"):  # Hangzhou, province, city, another county
        result = report(client, county, jurisdiction=elsewhere)
        assert result["__typename"] == "ReportRejected", elsewhere
        (error,) = result["errors"]  # type: ignore[misc]
        assert error["field"] == "jurisdiction" and "331126" in error["message"]
    assert report(client, county, jurisdiction="331126")["__typename"] == "ReportAccepted"
    city = client.platform.create_token(Role.REPORTER, HEALTH, jurisdiction="331100")
    assert report(client, city, jurisdiction="331102")["__typename"] == "ReportAccepted"
    assert report(client, city, jurisdiction="331100")["__typename"] == "ReportAccepted"
    assert report(client, city, jurisdiction="330000")["__typename"] == "ReportRejected"
    supervisor = client.token(Role.SUPERVISOR, None)
    assert report(client, supervisor, jurisdiction="330102")["__typename"] == "ReportRejected"


def test_a_token_jurisdiction_must_be_in_the_home_province(platform: Platform) -> None:
    with pytest.raises(Exception, match="outside the home province"):
        platform.create_token(Role.REPORTER, HEALTH, jurisdiction="110000")
    with pytest.raises(Exception, match="GB/T 2260"):
        platform.create_token(Role.REPORTER, HEALTH, jurisdiction="３３１１２６")


def test_unapproved_values_are_seen_by_the_supervisor_and_their_reporter_only(client: GraphQLClient) -> None:
    client.platform.set_setting("require-approval", True)
    reporter = client.token(Role.REPORTER, HEALTH)
    assert report(client, reporter)["__typename"] == "ReportAccepted"
    colleague = client.token(Role.REPORTER, HEALTH)
    for who in (None, client.token(Role.VIEWER, None), colleague):
        seen = client.data(HISTORY, token=who)["observations"]
        assert seen == {"totalCount": 0, "edges": []}
    for who in (reporter, client.token(Role.SUPERVISOR, None)):
        seen = client.data(HISTORY, token=who)["observations"]
        assert seen["totalCount"] == 1 and seen["edges"][0]["node"]["approved"] is False


@pytest.mark.parametrize("header", ["Bearer qyx_garbage", "Bearer ", "Basic dXNlcjpwdw==", "revoked"])
def test_a_bad_token_gets_401_even_on_a_read(client: GraphQLClient, header: str) -> None:
    if header == "revoked":
        token = client.token(Role.VIEWER, None)
        client.platform.revoke_token(token)
        header = f"Bearer {token}"
    response = client.http.post(
        "/graphql", json={"query": "{ plan { documentNumber } }"}, headers={"Authorization": header}
    )
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="qyx"')
    assert re.search(r'error="(invalid_token|invalid_request)"', challenge)
    assert response.json()["data"] is None and "documentNumber" not in response.text


@pytest.mark.parametrize("code", ["²", "١", "１", "⁴"])
def test_indicator_codes_are_ascii(client: GraphQLClient, code: str) -> None:
    body = client.post("query($c:String!){ indicator(code:$c){ code } }", {"c": code})
    assert body == {"data": {"indicator": None}}


def test_plan_numbers_and_jurisdictions_and_periods_are_ascii(platform: Platform) -> None:
    plan: Plan = platform.plan
    assert plan.find_indicator("²") is None and plan.find_indicator("١") is None
    assert plan.find_indicator(" 1 ") is not None
    for row in (
        ObservationInput("1", "2024", "4", jurisdiction="３３１１２６"),
        ObservationInput("1", "２０２４", "4"),
        ObservationInput("1", "2024", "4", jurisdiction="٣٣١١٢٦"),
    ):
        with pytest.raises(ValidationError):
            platform.report([row], actor=LOCAL_OPERATOR)


def test_text_must_be_valid_unicode(client: GraphQLClient) -> None:
    admin = client.token(Role.ADMIN, None)
    cases = [
        (REPORT, {"input": [{"indicator": "1", "period": "2024", "value": "4", "note": "\ud800"}]}),
        (
            "mutation($i:ProblemInput!){ raiseProblem(input:$i){ __typename } }",
            {"i": {"title": "\udfff迟报", "department": HEALTH, "dueDate": "2030-01-01"}},
        ),
    ]
    for query, variables in cases:
        body = json.dumps({"query": query, "variables": variables})  # ASCII escapes: \ud800
        response = client.http.post(
            "/graphql",
            content=body,
            headers={"content-type": "application/json", "Authorization": f"Bearer {admin}"},
        )
        assert response.status_code == 200
        (error,) = response.json()["errors"]
        assert "valid Unicode" in error["message"]
    literal = (
        'mutation { raiseProblem(input:{title:"\\ud800", department:"县卫生健康局", '
        'dueDate:"2030-01-01"}){ __typename } }'
    )
    (error,) = client.post(literal, token=admin)["errors"]
    assert "Unexpected" not in error["message"]
    assert client.data(HISTORY)["observations"]["totalCount"] == 0


def test_text_is_length_capped(platform: Platform) -> None:
    with pytest.raises(ValidationError, match="at most 1,000 characters"):
        platform.report([ObservationInput("1", "2024", "4", note="备注" * 450_000)], actor=LOCAL_OPERATOR)
    with pytest.raises(ValidationError, match="valid Unicode"):
        platform.report([ObservationInput("1", "2024", "4", note="a\ud800")], actor=LOCAL_OPERATOR)
    (row,) = platform.report([ObservationInput("1", "2024", "4", note="备" * 1000)], actor=LOCAL_OPERATOR)
    assert row.note == "备" * 1000


def test_echoed_input_is_truncated(client: GraphQLClient) -> None:
    name = "x" * 500_000
    response = client.http.post("/graphql", json={"query": "{ plan { title } }", "operationName": name})
    assert response.status_code == 400 and len(response.content) < 2_000
    long_value = "y" * 200_000
    body = client.post("query($n:Int){ plan { title } }", {"n": long_value})
    assert len(json.dumps(body)) < 2_000


def test_client_errors_are_one_line_at_info_internal_errors_have_a_traceback(
    client: GraphQLClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO)
    client.post("{ plan { nonsense } }")
    client.post('{ problems(after: "garbage") { totalCount } }')
    client_records = [r for r in caplog.records if r.name.startswith(("qyx", "strawberry"))]
    assert client_records and all(r.levelno == logging.INFO for r in client_records)
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in client_records)
    caplog.clear()

    def broken(self: Plan, code: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Plan, "find_indicator", broken)
    body = client.post('{ indicator(code:"1"){ code } }')
    assert body["errors"][0]["message"] == "Unexpected error."
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.exc_info is not None and "boom" in record.getMessage() + str(record.exc_info[1])


def test_shutdown_folds_the_sqlite_log_back(sqlite_url: str, tmp_path: Path) -> None:
    platform = Platform(sqlite_url)
    database = Path(sqlite_url.removeprefix("sqlite:///"))
    admin = platform.create_token(Role.ADMIN)
    with TestClient(create_app(platform)) as http:
        response = http.post(
            "/graphql",
            json={
                "query": REPORT,
                "variables": {"input": [{"indicator": "1", "period": "2024", "value": "4.2"}]},
            },
            headers={"Authorization": f"Bearer {admin}"},
        )
        assert response.json()["data"]["reportObservations"]["__typename"] == "ReportAccepted"
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(database, copy)  # the file alone, as a naive backup would
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT value FROM observations").fetchall() == [("4.2",)]


def test_timestamps_carry_an_offset(client: GraphQLClient) -> None:
    token = client.token(Role.SUPERVISOR, None)
    (stored,) = report(client, token)["observations"]  # type: ignore[misc]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", stored["reportedAt"])
    history = client.data('{ observations(indicator:"1"){ edges { node { reportedAt } } } }')
    assert history["observations"]["edges"][0]["node"]["reportedAt"] == stored["reportedAt"]
    log = client.data("{ auditLog(first: 1) { edges { node { at } } } }", token=token)
    assert log["auditLog"]["edges"][0]["node"]["at"].endswith("+00:00")
    (row,) = client.platform.report([ObservationInput("1", "2025", "4")], actor=LOCAL_OPERATOR)
    assert row.reported_at.utcoffset() is not None


def test_every_stored_text_fits_its_column(platform: Platform) -> None:
    """What the service accepts fits the columns of both databases (a SQLite backup restores
    into PostgreSQL): the Python API's ``source`` is capped like the rest."""
    with pytest.raises(ValidationError, match="at most 32 characters"):
        platform.report([ObservationInput("1", "2024", "4")], actor=LOCAL_OPERATOR, source="s" * 33)
    with pytest.raises(Exception, match="at most 200 characters"):
        platform.create_token(Role.VIEWER, label="标" * 201)
    (row,) = platform.report([ObservationInput("1", "2024", "4")], actor=LOCAL_OPERATOR, source="s" * 32)
    assert row.source == "s" * 32


def test_sigterm_leaves_a_complete_database_file(tmp_path: Path) -> None:
    """`qyx serve`, a report, SIGTERM: the -wal is folded back, so the file alone (copied as a
    naive backup would) holds the committed row."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    database = tmp_path / "served.sqlite3"
    url = f"sqlite:///{database}"
    setup = Platform(url)
    admin = setup.create_token(Role.ADMIN)
    setup.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "qyx_platform.cli", "serve", "--db", url, "--port", str(port)],
        env=dict(os.environ),
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "qyx serve did not come up"
                time.sleep(0.2)
        body = {
            "query": REPORT,
            "variables": {"input": [{"indicator": "1", "period": "2024", "value": "4.7"}]},
        }
        request = urllib.request.Request(
            f"{base}/graphql",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {admin}"},
        )
        with urllib.request.urlopen(request, timeout=10) as r:
            assert json.load(r)["data"]["reportObservations"]["__typename"] == "ReportAccepted"
        assert database.with_name(database.name + "-wal").exists()  # the row sits in the log
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(database, copy)
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT value FROM observations").fetchall() == [("4.7",)]


def test_an_unlabelled_tokens_name_shows_no_part_of_its_secret(sqlite_platform: Platform) -> None:
    """A token's actor name is shown to every reader (who raised a problem, who reported it):
    it carries the token's number, never characters of the secret."""
    secret = sqlite_platform.create_token(Role.SUPERVISOR)
    actor = sqlite_platform.actor(secret)
    assert actor.token_id is not None and actor.name == f"token #{actor.token_id}"
    assert not any(secret[i : i + 4] in actor.name for i in range(len(secret) - 3))


def test_answers_carry_chinese_as_written(sqlite_platform: Platform) -> None:
    """JSON answers are UTF-8 with Chinese as written (readable with curl), never \\u escapes;
    the refusal of a bad token too."""
    from starlette.testclient import TestClient

    from qyx_platform.web.app import create_app

    client = TestClient(create_app(sqlite_platform))
    answer = client.post("/graphql", json={"query": '{ indicator(code: "9") { name } }'})
    assert "城镇登记失业率".encode() in answer.content and b"\\u" not in answer.content
    assert answer.json()["data"]["indicator"]["name"] == "城镇登记失业率"
    refused = client.post(
        "/graphql",
        json={"query": "{ me { role } }"},
        headers={"Authorization": "Bearer nope", "Accept-Language": "zh-CN"},
    )
    assert refused.status_code == 401 and b"\\u" not in refused.content
    assert "令牌" in refused.json()["errors"][0]["message"]
