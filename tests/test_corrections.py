"""Issue 11, items 5 and 6: corrections (withdraw, reject, fall back), the approval queue,
approval as a setting of the database; the contract's Withdraw, Reject and Pending operations
answered as written, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import GraphQLClient, operation
from graphql import OperationDefinitionNode, parse

from qyx_platform import Platform, Role
from qyx_platform.cli import main as qyx
from qyx_platform.errors import PermissionDeniedError
from qyx_platform.model import ObservationInput
from qyx_platform.services.auth import LOCAL_OPERATOR, Actor

HEALTH = "县卫生健康局"
CORRECTIONS = operation("corrections")
REPORT = """mutation($input:[ObservationInput!]!){ reportObservations(input:$input){ __typename
  ... on ReportAccepted { observations { id revision approved } } } }"""
STATUS = (
    """query($code:String!,$period:String!){ indicator(code:$code){ status(period:$period){ actual } } }"""
)
APPROVE = """mutation($id:ID!){ approveObservation(id:$id){ __typename
  ... on Observation { id approved } ... on CorrectionRefused { message } } }"""


def operation_text(name: str) -> str:
    """One operation of the contract file exactly as written there (the file's other
    operations are not sent with it: HonestScoreboard belongs to the scoreboard's tests)."""
    for definition in parse(CORRECTIONS).definitions:
        if (
            isinstance(definition, OperationDefinitionNode)
            and definition.name
            and definition.name.value == name
        ):
            assert definition.loc is not None
            return CORRECTIONS[definition.loc.start : definition.loc.end]
    raise AssertionError(f"no operation {name} in tests/contract/corrections.graphql")


def contract(client: GraphQLClient, name: str, variables: dict[str, Any], token: str | None) -> Any:
    body = client.http.post(
        "/graphql",
        json={"query": operation_text(name), "operationName": name, "variables": variables},
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    assert body.status_code == 200, body.text
    payload = body.json()
    assert "errors" not in payload, payload
    return payload["data"]


def report(client: GraphQLClient, token: str, value: str, indicator: str = "1", period: str = "2024") -> str:
    result = client.data(
        REPORT, {"input": [{"indicator": indicator, "period": period, "value": value}]}, token
    )["reportObservations"]
    assert result["__typename"] == "ReportAccepted", result
    ident: str = result["observations"][0]["id"]
    return ident


def current(client: GraphQLClient, indicator: str = "1", period: str = "2024") -> Decimal | None:
    (row,) = client.data(STATUS, {"code": indicator, "period": period})["indicator"]["status"]
    return None if row["actual"] is None else Decimal(row["actual"])


def test_the_contract_operations_are_there() -> None:
    for name in ("Withdraw", "Reject", "Pending"):
        text = operation_text(name)
        assert text.startswith(("mutation " + name, "query " + name)) and text.endswith("}")


def test_a_reporter_withdraws_its_own_value_and_the_current_value_falls_back(client: GraphQLClient) -> None:
    reporter = client.token(Role.REPORTER, HEALTH)
    first = report(client, reporter, "4.10")
    second = report(client, reporter, "4.30")
    assert current(client) == Decimal("4.30")
    colleague = client.token(Role.REPORTER, HEALTH)
    denied = contract(client, "Withdraw", {"id": second, "reason": "typo"}, colleague)["withdrawObservation"]
    assert denied["__typename"] == "PermissionDenied" and denied["message"]
    done = contract(client, "Withdraw", {"id": second, "reason": "typed 4.30 for 4.13"}, reporter)
    assert done["withdrawObservation"] == {"__typename": "Observation", "id": second, "withdrawn": True}
    assert current(client) == Decimal("4.10")
    done = contract(client, "Withdraw", {"id": first, "reason": "not measured yet"}, reporter)
    assert done["withdrawObservation"]["withdrawn"] is True
    assert current(client) is None
    history = client.data(
        '{ observations(indicator:"1"){ totalCount edges { node { withdrawn reviewReason } } } }'
    )
    assert history["observations"]["totalCount"] == 2  # nothing deleted
    assert [e["node"]["reviewReason"] for e in history["observations"]["edges"]] == [
        "not measured yet",
        "typed 4.30 for 4.13",
    ]
    missing = contract(client, "Withdraw", {"id": "999999", "reason": "x"}, reporter)["withdrawObservation"]
    assert missing["__typename"] == "NotFound"
    anonymous = contract(client, "Withdraw", {"id": first, "reason": "x"}, None)["withdrawObservation"]
    assert anonymous["__typename"] == "PermissionDenied"


def test_a_supervisor_rejects_a_current_value_with_a_reason(client: GraphQLClient) -> None:
    reporter = client.token(Role.REPORTER, HEALTH)
    supervisor = client.token(Role.SUPERVISOR, None)
    report(client, reporter, "4.10")
    wrong = report(client, reporter, "41.0")
    denied = contract(client, "Reject", {"id": wrong, "reason": "x"}, reporter)["rejectObservation"]
    assert denied["__typename"] == "PermissionDenied"
    done = contract(client, "Reject", {"id": wrong, "reason": "ten times too large"}, supervisor)
    assert done["rejectObservation"] == {"__typename": "Observation", "id": wrong, "rejected": True}
    assert current(client) == Decimal("4.10")
    blank = client.data(
        'mutation($id:ID!){ rejectObservation(id:$id, reason:"  "){ __typename '
        "... on CorrectionRefused { message } } }",
        {"id": report(client, reporter, "4.2")},
        supervisor,
    )["rejectObservation"]
    assert blank["__typename"] == "CorrectionRefused" and "reason" in blank["message"]


def test_a_superseded_revision_cannot_be_rejected(client: GraphQLClient) -> None:
    admin = client.token(Role.ADMIN, None)
    old = report(client, admin, "4.1")
    report(client, admin, "4.2")
    refused = contract(client, "Reject", {"id": old, "reason": "old"}, admin)["rejectObservation"]
    assert refused["__typename"] == "CorrectionRefused"
    assert current(client) == Decimal("4.2")


def test_the_pending_queue_spans_indicators_and_is_for_supervisors_and_the_reporter(
    client: GraphQLClient,
) -> None:
    client.platform.set_setting("require-approval", True)
    reporter = client.token(Role.REPORTER, HEALTH)
    report(client, reporter, "4.1", "1")
    report(client, reporter, "79.5", "14")
    supervisor = client.token(Role.SUPERVISOR, None)
    queue = contract(client, "Pending", {}, supervisor)["pendingObservations"]
    assert queue["totalCount"] == 2
    nodes = [e["node"] for e in queue["edges"]]
    assert [n["indicator"]["code"] for n in nodes] == [
        "youyou.childcare_places_per_1000",
        "bingyou.life_expectancy",
    ]
    assert nodes[1]["indicator"]["name"] == client.platform.plan.indicator("14").name
    assert [(n["period"], n["jurisdiction"], n["series"], n["value"]) for n in nodes] == [
        ("2024", "331126", None, "4.1"),
        ("2024", "331126", None, "79.5"),
    ]
    assert all(n["reportedBy"] for n in nodes)
    assert contract(client, "Pending", {}, reporter)["pendingObservations"]["totalCount"] == 2
    for outsider in (None, client.token(Role.VIEWER, None), client.token(Role.REPORTER, HEALTH)):
        assert contract(client, "Pending", {}, outsider)["pendingObservations"] == {
            "totalCount": 0,
            "edges": [],
        }
    approved = client.data(APPROVE, {"id": nodes[0]["id"]}, supervisor)["approveObservation"]
    assert approved == {"__typename": "Observation", "id": nodes[0]["id"], "approved": True}
    assert contract(client, "Pending", {}, supervisor)["pendingObservations"]["totalCount"] == 1
    rejected = contract(client, "Reject", {"id": nodes[1]["id"], "reason": "no source"}, supervisor)
    assert rejected["rejectObservation"]["rejected"] is True
    assert contract(client, "Pending", {}, supervisor)["pendingObservations"]["totalCount"] == 0


def test_approving_an_older_revision_than_the_newest_is_refused(client: GraphQLClient) -> None:
    client.platform.set_setting("require-approval", True)
    reporter = client.token(Role.REPORTER, HEALTH)
    supervisor = client.token(Role.SUPERVISOR, None)
    older = report(client, reporter, "4.1")
    newer = report(client, reporter, "4.2")
    refused = client.data(APPROVE, {"id": older}, supervisor)["approveObservation"]
    assert refused["__typename"] == "CorrectionRefused" and "older" in refused["message"]
    assert current(client) is None
    assert client.data(APPROVE, {"id": newer}, supervisor)["approveObservation"]["approved"] is True
    assert current(client) == Decimal("4.2")
    # a withdrawn newest revision no longer blocks the older one
    newest = report(client, reporter, "4.3")
    contract(client, "Withdraw", {"id": newest, "reason": "sent twice"}, reporter)
    assert client.data(APPROVE, {"id": newest}, supervisor)["approveObservation"]["__typename"] == (
        "CorrectionRefused"
    )
    assert current(client) == Decimal("4.2")


def test_approval_is_a_setting_of_the_database(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QYX_REQUIRE_APPROVAL", raising=False)
    assert qyx(["config", "get", "require-approval", "--db", db_url]) == 0
    assert capsys.readouterr().out.strip() == "false"
    assert qyx(["config", "set", "require-approval", "true", "--db", db_url]) == 0
    assert qyx(["config", "get", "--db", db_url]) == 0
    assert capsys.readouterr().out.strip() == "require-approval = true"
    assert qyx(["config", "set", "require-approval", "maybe", "--db", db_url]) == 2

    platform = Platform(db_url)  # no variable, no argument: the database decides
    assert platform.require_approval is True
    token = platform.create_token(Role.REPORTER, HEALTH)
    csv = tmp_path / "values.csv"
    csv.write_text("indicator,period,value\n1,2024,4.5\n", encoding="utf-8")
    assert qyx(["import", str(csv), "--token", token, "--db", db_url]) == 0  # the CLI obeys
    reporter = Actor("卫健局填报员", Role.REPORTER, HEALTH)
    (python_api,) = platform.report([ObservationInput("14", "2024", "79.1")], actor=reporter)
    assert python_api.approved is False  # the Python API obeys
    capsys.readouterr()
    assert qyx(["pending", "--db", db_url]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 2 and "2 value(s) waiting for approval" in err
    assert lines[0].split("\t")[1:6] == ["youyou.childcare_places_per_1000", "331126", "2024", "-", "4.5"]
    admin = platform.report([ObservationInput("1", "2025", "4.6")], actor=LOCAL_OPERATOR)
    assert admin[0].approved is True  # supervisors and admins are approved at once
    platform.close()


def test_qyx_config_runs_as_a_command(sqlite_url: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "qyx_platform.cli", "config", "get", "--db", sqlite_url],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and run.stdout.strip() == "require-approval = false"


def test_a_supervisor_acts_in_its_jurisdiction_only(client: GraphQLClient) -> None:
    client.platform.set_setting("require-approval", True)
    city_reporter = client.platform.create_token(Role.REPORTER, HEALTH, jurisdiction="331100")
    rows = [
        {"indicator": "1", "period": "2024", "value": "4.1", "jurisdiction": "331126"},
        {"indicator": "1", "period": "2024", "value": "4.2", "jurisdiction": "331102"},
    ]
    result = client.data(REPORT, {"input": rows}, city_reporter)["reportObservations"]
    home, other = (o["id"] for o in result["observations"])
    county = client.token(Role.SUPERVISOR, None)  # the home county, 331126
    queue = contract(client, "Pending", {}, county)["pendingObservations"]
    assert [e["node"]["id"] for e in queue["edges"]] == [home]
    denied = client.data(APPROVE, {"id": other}, county)["approveObservation"]
    assert denied["__typename"] == "PermissionDenied"
    city = client.platform.create_token(Role.SUPERVISOR, jurisdiction="331100")
    assert contract(client, "Pending", {}, city)["pendingObservations"]["totalCount"] == 2
    assert client.data(APPROVE, {"id": other}, city)["approveObservation"]["approved"] is True


def test_corrections_in_python(platform: Platform) -> None:
    platform.set_setting("require-approval", True)
    token = platform.create_token(Role.REPORTER, HEALTH)
    reporter = platform.actor(token)
    supervisor = Actor("督查员", Role.SUPERVISOR)
    platform.report([ObservationInput("1", "2024", "4.10")], actor=LOCAL_OPERATOR)
    platform.report([ObservationInput("1", "2024", "4.30")], actor=reporter)
    (waiting,) = platform.pending(supervisor)
    assert str(waiting.value) == "4.30" and len(platform.pending(Actor("viewer", Role.VIEWER))) == 0
    assert platform.reject(waiting.id, "no source given", supervisor).rejected
    platform.report([ObservationInput("1", "2024", "4.20")], actor=reporter)
    (again,) = platform.pending(reporter)
    assert platform.approve(again.id, supervisor).approved
    assert platform.withdraw(again.id, "sent to the wrong county", reporter).withdrawn
    with pytest.raises(PermissionDeniedError):
        platform.withdraw(again.id, "not mine", platform.actor(platform.create_token(Role.REPORTER, HEALTH)))
