"""The supervision operations (tests/contract/supervision.graphql, copied byte-identical from
the contract) and the HonestScoreboard of corrections.graphql, sent as written to a fresh
instance, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from conftest import GraphQLClient, operation

from qyx_platform import Platform, Role


def op(file: str, name: str) -> str:
    """One operation of a contract file, exactly as written there (up to the next one)."""
    parts = re.split(r"(?m)^(?=(?:query|mutation) )", operation(file))
    found = [p for p in parts if re.match(rf"(?:query|mutation) {name}\b", p)]
    assert len(found) == 1, name
    return found[0]


def test_the_file_holds_every_operation() -> None:
    names = re.findall(r"(?m)^(?:query|mutation) (\w+)", operation("supervision"))
    assert names == [
        "TaskTargets",
        "Projects",
        "AddMilestone",
        "CompleteMilestone",
        "Timeliness",
        "RecordSurvey",
        "Surveys",
        "AlertProblems",
        "FullScoreboard",
    ]


@pytest.fixture
def today() -> list[date]:
    return [date(2026, 3, 2)]


@pytest.fixture
def gql(db_url: str, today: list[date]) -> Any:
    p = Platform(db_url, today=lambda: today[0])
    yield GraphQLClient(p)
    p.close()


def test_task_targets_as_written(gql: GraphQLClient) -> None:
    supervisor = gql.token(Role.SUPERVISOR, None)
    report = "mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename } }"
    rows = [
        {"indicator": "youyou.childcare_service_centre", "period": "2025", "value": "1"},
        {"indicator": "youyou.birth_defect_incidence", "period": "2025", "value": "1.5"},
    ]
    assert gql.data(report, {"i": rows}, supervisor)["reportObservations"]["__typename"] == "ReportAccepted"
    domain = gql.data(op("supervision", "TaskTargets"), {"domain": "youyou", "period": "2025"})["domain"]
    targets = {t["code"]: t for task in domain["tasks"] for t in task["targets"]}
    assert len(targets) == 5 and all(t["frequency"] == "YEARLY" for t in targets.values())
    centre = targets["youyou.childcare_service_centre"]
    assert (centre["year"], centre["comparator"], centre["value"], centre["unit"]) == (
        2027,
        "AT_LEAST",
        "1",
        "家",
    )
    assert centre["status"] == {"state": "ON_TRACK", "actual": "1", "period": "2025"}
    assert targets["youyou.birth_defect_incidence"]["status"]["state"] == "NO_DATA"  # no baseline, not met
    domains = ["youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou"]
    total = 0
    for code in domains:
        answer = gql.data(
            op("supervision", "TaskTargets"), {"domain": code, "period": "2024", "jurisdiction": "331126"}
        )
        total += sum(len(t["targets"]) for t in answer["domain"]["tasks"])
    assert total == 66


def test_projects_and_milestones_as_written(gql: GraphQLClient, today: list[date]) -> None:
    reporter = gql.token(Role.REPORTER, "县卫生健康局")
    other = gql.token(Role.REPORTER, "县教育局")
    projects = gql.data(op("supervision", "Projects"), {"domain": "bingyou"})["domain"]["projects"]
    sports = next(p for p in projects if p["name"] == "体育中心项目")
    assert sports["state"] == "PLANNED"
    assert sports["milestones"] == [
        {
            "code": "bingyou.体育中心项目.m1",
            "title": "体育中心项目全面投入使用",
            "dueDate": "2027-12-31",
            "doneDate": None,
            "evidence": None,
            "state": "PLANNED",
            "department": {"name": "县卫生健康局"},
        }
    ]
    add = op("supervision", "AddMilestone")
    item = {"project": sports["code"], "title": "场馆主体封顶", "dueDate": "2026-03-20"}
    added = gql.data(add, {"input": item}, reporter)["addMilestone"]
    assert added == {
        "__typename": "Milestone",
        "code": "bingyou.体育中心项目.w1",
        "title": "场馆主体封顶",
        "dueDate": "2026-03-20",
        "state": "DUE_SOON",
        "department": {"name": "县卫生健康局"},
    }
    assert gql.data(add, {"input": item}, other)["addMilestone"]["__typename"] == "PermissionDenied"
    bad = gql.data(add, {"input": {"project": "x", "title": "", "dueDate": "2020-01-01"}}, reporter)[
        "addMilestone"
    ]
    assert {e["field"] for e in bad["errors"]} == {"project", "title", "dueDate"}
    complete = op("supervision", "CompleteMilestone")
    today[0] = date(2026, 3, 25)
    assert (
        gql.data(op("supervision", "Projects"), {"domain": "bingyou"})["domain"]["projects"][3]["state"]
        == "OVERDUE"
    )
    done = gql.data(
        complete, {"code": added["code"], "doneDate": "2026-03-24", "evidence": "封顶验收单"}, reporter
    )
    assert done["completeMilestone"] == {
        "__typename": "Milestone",
        "code": added["code"],
        "state": "DONE_LATE",
        "doneDate": "2026-03-24",
        "evidence": "封顶验收单",
    }
    missing = gql.data(complete, {"code": "nope", "doneDate": "2026-03-24", "evidence": "x"}, reporter)
    assert missing["completeMilestone"]["__typename"] == "NotFound"
    again = gql.data(complete, {"code": added["code"], "doneDate": "2026-04-24", "evidence": " "}, reporter)
    assert {e["field"] for e in again["completeMilestone"]["errors"]} == {"code", "doneDate", "evidence"}


def test_timeliness_as_written(gql: GraphQLClient, today: list[date]) -> None:
    from qyx_platform.services.clock import county_today

    today[0] = county_today()  # the report below arrives now
    labour = gql.token(Role.REPORTER, "县人力社保局")
    rows = [{"indicator": "9", "period": "2025-07", "value": "2.3"}]
    gql.data(
        "mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename } }", {"i": rows}, labour
    )
    answer = gql.data(op("supervision", "Timeliness"), {"period": "2025-07"})["timeliness"]
    assert answer["period"] == "2025-07" and answer["deadline"] == "2025-08-10"
    rows_by = {d["department"]["name"]: d for d in answer["departments"]}
    labour_row = rows_by["县人力社保局"]
    # reported today (2026): after the deadline, so late; the two other monthly items are missing
    assert (labour_row["expected"], labour_row["onTime"], labour_row["late"], labour_row["missing"]) == (
        3,
        0,
        1,
        2,
    )
    assert {m["code"] for m in labour_row["missingItems"]} == {
        "laoyoudeyou.wage_arrears_resolution_rate",
        "laoyoudeyou.vocational_skills_training_cumulative",
    }
    body = gql.post(op("supervision", "Timeliness"), {"period": "2025-13"})
    assert body["data"] is None and "period" in body["errors"][0]["message"]


def test_surveys_as_written(gql: GraphQLClient) -> None:
    supervisor = gql.token(Role.SUPERVISOR, None)
    record = op("supervision", "RecordSurvey")
    first = gql.data(
        record,
        {"input": {"domain": "laoyou", "period": "2025Q3", "satisfied": "88.0", "sampleSize": 500}},
        supervisor,
    )["recordSurvey"]
    assert first["__typename"] == "Survey" and first["domain"] == {"code": "laoyou"}
    p = 0.88
    assert abs(
        Decimal(first["marginOfError"]) - Decimal(str(1.96 * (p * (1 - p) / 500) ** 0.5 * 100))
    ) < Decimal("0.1")
    gql.data(
        record,
        {"input": {"domain": "laoyou", "period": "2025Q4", "satisfied": "86.5", "sampleSize": 500}},
        supervisor,
    )
    bad = gql.data(
        record,
        {"input": {"domain": "x", "period": "2025Q4", "satisfied": "101", "sampleSize": 0}},
        supervisor,
    )["recordSurvey"]
    assert bad["__typename"] == "SurveyRejected"
    assert {e["field"] for e in bad["errors"]} == {"domain", "satisfied", "sampleSize"}
    viewer = gql.token(Role.VIEWER, None)
    denied = gql.data(
        record,
        {"input": {"domain": "laoyou", "period": "2025Q2", "satisfied": "80", "sampleSize": 9}},
        viewer,
    )
    assert denied["recordSurvey"]["__typename"] == "PermissionDenied"
    listed = gql.data(op("supervision", "Surveys"), {"domain": "laoyou"})["surveys"]
    assert [s["period"] for s in listed] == ["2025Q3", "2025Q4"]
    assert listed[0]["change"] is None
    assert listed[1]["change"] == {"from": "2025Q3", "difference": "-1.5", "significant": False}


def test_alert_problems_as_written(gql: GraphQLClient) -> None:
    labour = gql.token(Role.REPORTER, "县人力社保局")
    report = "mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename } }"
    for month in ("2025-03", "2025-04", "2025-04"):
        gql.data(report, {"i": [{"indicator": "9", "period": month, "value": "4.5"}]}, labour)
    answer = gql.data(op("supervision", "AlertProblems"))["problems"]
    assert answer["totalCount"] == 1
    node = answer["edges"][0]["node"]
    assert node["source"] == "rule:behind_twice" and node["status"] == "OPEN"
    assert node["indicator"] == "laoyoudeyou.urban_registered_unemployment_rate"
    assert node["department"] == {"name": "县人力社保局"}
    (raised,) = node["history"]
    assert (raised["from"], raised["to"], raised["by"]) == (None, "OPEN", "alert rules") and raised["at"]


def test_full_scoreboard_as_written(gql: GraphQLClient) -> None:
    admin = gql.token(Role.ADMIN, None)
    report = "mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename } }"
    rows = [
        {"indicator": "2", "period": "2025", "value": "64"},
        {"indicator": "20", "period": "2024", "value": "20.6"},
    ]
    gql.data(report, {"i": rows}, admin)
    board = gql.data(op("supervision", "FullScoreboard"), {"year": 2025})["scoreboard"]
    domains = {d["domain"]["code"]: d for d in board["domains"]}
    assert len(domains) == 7 and len(board["departments"]) == 5
    assert domains["youyou"]["rank"] == 1 and domains["youyou"]["rankChange"] > 0
    assert domains["zhuyou"]["rankChange"] < 0
    for row in board["domains"] + board["departments"]:
        assert set(row) >= {"rank", "rankChange", "score", "timeliness", "closureRate", "milestonesDone"}
    assert all(d["milestonesDone"] is None and d["closureRate"] is None for d in board["domains"])


def test_honest_scoreboard_as_written(gql: GraphQLClient) -> None:
    admin = gql.token(Role.ADMIN, None)
    report = "mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename } }"
    counties = ["331102", "331121", "331122", "331123", "331124", "331125", "331126", "331127", "331181"]
    rows = [{"indicator": "3", "period": "2025", "value": "96", "jurisdiction": c} for c in counties]
    gql.data(report, {"i": rows}, admin)
    query = op("corrections", "HonestScoreboard")
    city = gql.data(query, {"year": 2025, "jurisdiction": "331100"})["scoreboard"]
    youyou = next(d for d in city["domains"] if d["domain"]["code"] == "youyou")
    assert youyou["achieved"] == 1 and youyou["rank"] == 1, "the city rolls up its counties"
    assert Decimal(youyou["coverage"]) == (Decimal(1) / Decimal(1 + youyou["noData"])).quantize(
        Decimal("0.0001")
    )
    county = gql.data(query, {"year": 2025})["scoreboard"]
    for d in county["domains"]:
        judged = d["achieved"] + d["onTrack"] + d["atRisk"] + d["behind"]
        total = judged + d["noData"]
        assert Decimal(d["coverage"]) == (Decimal(judged) / Decimal(total)).quantize(Decimal("0.0001"))
    assert all(d["coverage"] is not None for d in county["departments"])
