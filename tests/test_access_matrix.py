"""Every mutation × role × department: allowed or denied as the roles say, and a denied
action changes nothing (the data version stays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import GraphQLClient

from qyx_platform import Role

HEALTH = "县卫生健康局"  # leads 幼有善育 and 病有良医
EDUCATION = "县教育局"

#: caller → (role, department); None role = no token
CALLERS: dict[str, tuple[Role | None, str | None]] = {
    "anonymous": (None, None),
    "viewer": (Role.VIEWER, None),
    "reporter_own": (Role.REPORTER, HEALTH),
    "reporter_other": (Role.REPORTER, EDUCATION),
    "supervisor": (Role.SUPERVISOR, None),
    "admin": (Role.ADMIN, None),
}

REPORT = """mutation($input:[ObservationInput!]!){ reportObservations(input:$input){ __typename } }"""
APPROVE = """mutation($id:ID!){ approveObservation(id:$id){ __typename } }"""
RAISE = """mutation($input:ProblemInput!){ raiseProblem(input:$input){ __typename ... on Problem { id } } }"""
RECTIFY = """mutation($id:ID!){ startRectifying(id:$id){ __typename } }"""
CLOSE = """mutation($id:ID!){ closeProblem(id:$id, evidence:"整改报告") { __typename } }"""
REOPEN = """mutation($id:ID!){ reopenProblem(id:$id){ __typename } }"""
PROBLEM = {"title": "数据迟报", "department": HEALTH, "dueDate": "2030-01-01"}


def _setup(client: GraphQLClient, admin: str, action: str) -> dict[str, Any]:
    """Create what the action needs, as admin; return its variables."""
    if action == "report":
        return {
            "input": [{"indicator": "youyou.childcare_places_per_1000", "period": "2025", "value": "4.6"}]
        }
    if action == "approve":
        client.platform.set_setting("require-approval", True)
        reporter = client.token(Role.REPORTER, HEALTH)
        client.data(REPORT, {"input": [{"indicator": "1", "period": "2024", "value": "4.1"}]}, reporter)
        revisions = client.data(
            '{ observations(indicator:"1"){ edges { node { id approved } } } }', token=admin
        )
        (edge,) = revisions["observations"]["edges"]
        assert edge["node"]["approved"] is False
        return {"id": edge["node"]["id"]}
    raised = client.data(RAISE, {"input": PROBLEM}, admin)["raiseProblem"]
    if action == "raise":
        return {"input": PROBLEM}
    if action == "reopen":
        client.data(CLOSE, {"id": raised["id"]}, admin)
    return {"id": raised["id"]}


ACTIONS: dict[str, tuple[str, str]] = {
    # action: (mutation, field)
    "report": (REPORT, "reportObservations"),
    "approve": (APPROVE, "approveObservation"),
    "raise": (RAISE, "raiseProblem"),
    "rectify": (RECTIFY, "startRectifying"),
    "close": (CLOSE, "closeProblem"),
    "reopen": (REOPEN, "reopenProblem"),
}

ALLOWED: dict[str, Callable[[str], bool]] = {
    "report": lambda caller: caller in {"reporter_own", "supervisor", "admin"},
    **{
        a: (lambda caller: caller in {"supervisor", "admin"})
        for a in ("approve", "raise", "rectify", "close", "reopen")
    },
}

SUCCESS = {"report": "ReportAccepted", "approve": "Observation"}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_mutation_matrix(sqlite_client: GraphQLClient, action: str, caller: str) -> None:
    client = sqlite_client
    admin = client.token(Role.ADMIN, None)
    variables = _setup(client, admin, action)
    role, department = CALLERS[caller]
    token = None if role is None else client.token(role, department)
    version = client.platform.data_version()
    mutation, field = ACTIONS[action]
    result = client.data(mutation, variables, token)[field]["__typename"]
    if ALLOWED[action](caller):
        assert result == SUCCESS.get(action, "Problem"), (action, caller, result)
        assert client.platform.data_version() > version
    else:
        assert result in {"PermissionDenied", "ReportRejected"}, (action, caller, result)
        assert client.platform.data_version() == version, "a denied action changed data"


def test_audit_log_is_for_supervisors(sqlite_client: GraphQLClient) -> None:
    client = sqlite_client
    client.data(RAISE, {"input": PROBLEM}, client.token(Role.SUPERVISOR, None))
    query = "{ auditLog(first: 10) { totalCount edges { node { actor action entity before after } } } }"
    body = client.post(query, token=client.token(Role.VIEWER, None))
    assert body["data"] is None and "supervisor" in body["errors"][0]["message"]
    log = client.data(query, token=client.token(Role.SUPERVISOR, None))["auditLog"]
    actions = [e["node"]["action"] for e in log["edges"]]
    assert "problem.raise" in actions and "token.create" in actions


def test_revisions_keep_who_when_and_note(sqlite_client: GraphQLClient) -> None:
    client = sqlite_client
    reporter = client.token(Role.REPORTER, HEALTH)
    for value, note in (("4.1", "first"), ("4.2", "corrected after audit")):
        client.data(
            REPORT, {"input": [{"indicator": "1", "period": "2024", "value": value, "note": note}]}, reporter
        )
    query = (
        '{ observations(indicator:"1", period:"2024"){ totalCount '
        "edges { node { revision value note reportedBy reportedAt } } } }"
    )
    data = client.data(query)["observations"]
    assert data["totalCount"] == 2
    nodes = [e["node"] for e in data["edges"]]
    assert [(n["revision"], n["value"], n["note"]) for n in nodes] == [
        (1, "4.1", "first"),
        (2, "4.2", "corrected after audit"),
    ]
    assert all(n["reportedBy"] and n["reportedAt"] for n in nodes)


def test_reading_can_be_made_token_only(sqlite_client: GraphQLClient) -> None:
    client = sqlite_client
    query = "{ plan { documentNumber } }"
    assert client.data(query)["plan"]["documentNumber"]  # public by default
    client.platform.read_requires_token = True
    anonymous = client.http.post("/graphql", json={"query": query})
    assert anonymous.status_code == 401 and "token" in anonymous.json()["errors"][0]["message"]
    assert anonymous.headers["www-authenticate"] == 'Bearer realm="qyx"'
    forged = client.http.post(
        "/graphql", json={"query": query}, headers={"Authorization": "Bearer qyx_forged"}
    )
    assert forged.status_code == 401 and 'error="invalid_token"' in forged.headers["www-authenticate"]
    assert client.data(query, token=client.token(Role.VIEWER, None))["plan"]["documentNumber"]


def test_a_problem_names_its_domain_by_code_or_name(sqlite_client: GraphQLClient) -> None:
    client = sqlite_client
    supervisor = client.token(Role.SUPERVISOR, None)
    query = (
        "mutation($input:ProblemInput!){ raiseProblem(input:$input){ __typename ... on Problem { domain } } }"
    )
    for given in ("youyou", "幼有善育"):
        result = client.data(query, {"input": {**PROBLEM, "domain": given}}, supervisor)["raiseProblem"]
        assert result == {"__typename": "Problem", "domain": "youyou"}
    wrong = client.data(query, {"input": {**PROBLEM, "domain": "幼有"}}, supervisor)["raiseProblem"]
    assert wrong["__typename"] == "ProblemRejected"
