"""The operations our front end sends (tests/contract/*.graphql, copied from the contract)
answered as written by a fresh instance, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import seed_facts as seed
from conftest import GraphQLClient, operation

from qyx_platform import Role
from qyx_platform.evaluation.task_targets import is_expected

UNEMPLOYMENT = "laoyoudeyou.urban_registered_unemployment_rate"
PLACES = "youyou.childcare_places_per_1000"


def test_plan_query_returns_the_whole_plan(client: GraphQLClient) -> None:
    data = client.data(operation("plan"))
    assert data["plan"]["documentNumber"] == "庆政办发〔2023〕19号"
    assert (data["plan"]["startYear"], data["plan"]["endYear"]) == (2023, 2027)
    domains = data["domains"]
    assert [d["code"] for d in domains] == [d[0] for d in seed.DOMAINS]
    indicators = [i for d in domains for i in d["indicators"]]
    assert len(indicators) == 26
    by_number = {i["planNumber"]: i for i in indicators}
    for number, (_, name, unit, core, cells) in seed.INDICATORS.items():
        ind = by_number[number]
        assert (ind["name"], ind["unit"], ind["core"]) == (name, unit, core)
        if isinstance(cells, dict):
            assert len(ind["targets"]) == 12
            for series, row in cells.items():
                got = [t for t in ind["targets"] if t["series"] == series]
                assert [t["text"] for t in got] == [f"{series}{c}" for c in row]
                assert [t["value"] for t in got] == list(row)
        else:
            assert [t["text"] for t in ind["targets"]] == list(cells)
            assert [t["year"] for t in ind["targets"]] == list(seed.YEARS)
    assert by_number[1]["targets"][0]["value"] == "3.20"
    assert by_number[9]["polarity"] == "LOWER_IS_BETTER"
    assert by_number[9]["targets"][1]["comparator"] == "BELOW"
    assert by_number[21]["targets"][5] == {
        "year": 2027,
        "series": None,
        "comparator": "AT_LEAST",
        "value": "500",
        "text": "≥500",
    }
    assert by_number[19]["targets"][5]["comparator"] == "FULL_COVERAGE"
    assert by_number[14]["targets"][0] == {
        "year": 2022,
        "series": None,
        "comparator": "NONE",
        "value": None,
        "text": "-",
    }
    assert by_number[12]["series"] == [
        {"key": "职工", "name": "职工"},
        {"key": "城乡居民", "name": "城乡居民"},
    ]
    youyou = domains[0]
    assert youyou["leadDepartment"]["name"] == "县卫生健康局"
    assert [t["number"] for t in youyou["tasks"]] == [1, 2, 3, 4]
    centre = [
        t for t in youyou["tasks"][1]["targets"] if "托育综合服务中心" in t["text"] and t["value"] == "1"
    ]
    assert len(centre) == 1
    assert (centre[0]["year"], centre[0]["comparator"], centre[0]["unit"]) == (
        2027,
        "AT_LEAST",
        "家",
    )
    assert centre[0]["text"].startswith("建成1家托育综合服务中心")


def _report(client: GraphQLClient, token: str, rows: list[dict[str, object]]) -> dict[str, object]:
    result: dict[str, object] = client.data(operation("report"), {"input": rows}, token)["reportObservations"]
    return result


def test_report_and_status(client: GraphQLClient) -> None:
    token = client.token(Role.REPORTER, "县人力社保局")
    accepted = _report(client, token, [{"indicator": UNEMPLOYMENT, "period": "2025", "value": "2.95"}])
    assert accepted["__typename"] == "ReportAccepted" and accepted["accepted"] == 1
    obs = accepted["observations"][0]  # type: ignore[index]
    assert obs == {
        "indicator": {"code": UNEMPLOYMENT},
        "period": "2025",
        "jurisdiction": "331126",
        "series": None,
        "value": "2.95",
        "revision": 1,
    }
    status = client.data(operation("status"), {"code": UNEMPLOYMENT, "period": "2025"})["indicator"]["status"]
    assert status[0]["state"] == "ACHIEVED"
    assert status[0]["target"] == {"comparator": "BELOW", "value": "3", "text": "<3"}
    again = _report(
        client,
        token,
        [{"indicator": UNEMPLOYMENT, "period": "2025", "value": "3.00", "note": "corrected"}],
    )
    assert again["observations"][0]["revision"] == 2  # type: ignore[index]
    status = client.data(operation("status"), {"code": UNEMPLOYMENT, "period": "2025"})["indicator"]["status"]
    assert status[0]["actual"] == "3.00" and status[0]["state"] != "ACHIEVED"


def test_two_series_are_reported_and_judged_apart(client: GraphQLClient) -> None:
    token = client.token(Role.REPORTER, "县卫生健康局")
    code = "bingyou.inpatient_reimbursement_rate"
    rows = [
        {"indicator": code, "period": "2024", "series": "职工", "value": "86"},
        {"indicator": code, "period": "2024", "series": "城乡居民", "value": "60"},
    ]
    assert _report(client, token, rows)["accepted"] == 2
    status = client.data(operation("status"), {"code": code, "period": "2024", "jurisdiction": "331126"})[
        "indicator"
    ]["status"]
    by_series = {s["series"]: s for s in status}
    assert by_series["职工"]["state"] == "ACHIEVED" and by_series["职工"]["target"]["value"] == "85"
    assert by_series["城乡居民"]["state"] == "BEHIND" and by_series["城乡居民"]["target"]["value"] == "69"


def test_rejected_report_lists_every_row_and_writes_nothing(client: GraphQLClient) -> None:
    token = client.token(Role.REPORTER, "县卫生健康局")
    result = _report(
        client,
        token,
        [
            {"indicator": PLACES, "period": "2025Q2", "value": "4.30"},
            {"indicator": "nosuch", "period": "2025", "value": "1"},
            {"indicator": PLACES, "period": "2031", "value": "1"},
            {
                "indicator": "youyou.affordable_childcare_place_share",
                "period": "2025",
                "value": "101",
            },
            {"indicator": "bingyou.inpatient_reimbursement_rate", "period": "2025", "value": "80"},
        ],
    )
    assert result["__typename"] == "ReportRejected"
    fields = {(e["index"], e["field"]) for e in result["errors"]}  # type: ignore[union-attr]
    assert {(1, "indicator"), (2, "period"), (3, "value"), (4, "series")} <= fields
    assert 0 not in {i for i, _ in fields}
    status = client.data(operation("status"), {"code": PLACES, "period": "2025Q2"})["indicator"]["status"]
    assert status[0]["state"] == "NO_DATA" and status[0]["actual"] is None


def test_report_needs_a_token_of_the_right_department(client: GraphQLClient) -> None:
    anonymous = client.post(
        operation("report"), {"input": [{"indicator": PLACES, "period": "2025", "value": "4"}]}
    )
    assert anonymous["data"]["reportObservations"]["__typename"] != "ReportAccepted"
    education = client.token(Role.REPORTER, "县教育局")
    result = _report(client, education, [{"indicator": PLACES, "period": "2025", "value": "4"}])
    assert result["__typename"] == "ReportRejected"
    assert "县卫生健康局" in result["errors"][0]["message"]  # type: ignore[index]


def test_province_queries(client: GraphQLClient) -> None:
    admin = client.token(Role.ADMIN, None)
    rows = [
        {
            "indicator": PLACES,
            "period": f"2025-{m:02d}",
            "value": f"4.{m:02d}",
            "jurisdiction": county,
        }
        for county in ("331102", "331121")
        for m in (1, 2, 3)
    ]
    assert _report(client, admin, rows)["accepted"] == 6
    matrix = client.data(operation("province").split("# Q2")[0], {"parent": "331100", "year": 2025})
    children = {c["code"]: c for c in matrix["jurisdiction"]["children"]}
    assert {"331102", "331121", "331126"} <= set(children)
    cell = next(s for s in children["331121"]["indicatorStates"] if s["indicator"]["code"] == PLACES)
    assert cell["actual"] == "4.03" and cell["target"] == {"value": "4.50", "text": "4.50"}
    assert len(children["331126"]["indicatorStates"]) == 27  # 26 indicators, no. 12 twice
    timeline_query = "query Timeline" + operation("province").split("query Timeline")[1].split("# Q3")[0]
    timeline = client.data(timeline_query, {"code": PLACES, "parent": "331100"})["indicator"]["timeline"]
    row = next(t for t in timeline if t["jurisdiction"] == "331102")
    assert row["periods"] == ["2025-01", "2025-02", "2025-03"] and row["values"] == [
        "4.01",
        "4.02",
        "4.03",
    ]
    detail_query = "query Detail" + operation("province").split("query Detail")[1]
    detail = client.data(detail_query, {"code": PLACES, "period": "2025"})["indicator"]
    assert detail["polarity"] == "HIGHER_IS_BETTER" and len(detail["targets"]) == 6


CHECKUPS = "bingyou.free_health_checkups_per_year"  # a count: children add up
CITY_STATUS = (
    'query($c:String!, $p:String!){ indicator(code:$c){ status(period:$p, jurisdiction:"331100")'
    "{ state actual childrenReported childrenExpected } } }"
)


def _city_status(client: GraphQLClient, period: str, reported: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Report (jurisdiction, period, value) rows of CHECKUPS, then the status of 丽水市 331100."""
    rows = [{"indicator": CHECKUPS, "period": p, "value": v, "jurisdiction": j} for j, p, v in reported]
    if rows:
        _report(client, client.token(Role.ADMIN, None), rows)
    status: dict[str, Any] = client.data(CITY_STATUS, {"c": CHECKUPS, "p": period})["indicator"]["status"][0]
    return status


def test_parent_rolls_up_from_children(client: GraphQLClient) -> None:
    status = _city_status(client, "2024", [("331102", "2024", "2.5"), ("331121", "2024", "1.5")])
    assert Decimal(status["actual"]) == Decimal("4.0")
    assert status["childrenReported"] == 2 and status["childrenExpected"] >= 3


def test_a_jurisdiction_with_values_of_its_own_never_rolls_up(client: GraphQLClient) -> None:
    """The city reported 2023 itself: for 2024 it has no value, and its children's are not summed."""
    reported = [("331100", "2023", "3.5"), ("331102", "2024", "2.5"), ("331121", "2024", "1.5")]
    later = _city_status(client, "2024", reported)
    assert later == {"state": "NO_DATA", "actual": None, "childrenReported": None, "childrenExpected": None}
    own = _city_status(client, "2023", [])
    assert own["actual"] == "3.5" and own["childrenReported"] is None


def test_scoreboard(client: GraphQLClient) -> None:
    admin = client.token(Role.ADMIN, None)
    _report(client, admin, [{"indicator": UNEMPLOYMENT, "period": "2025", "value": "2.5"}])
    board = client.data(operation("scoreboard"), {"year": 2025})["scoreboard"]
    assert len(board["domains"]) == len(seed.DOMAINS)
    assert len(board["departments"]) == len({lead for *_, lead in seed.DOMAINS})
    work = next(d for d in board["domains"] if d["domain"]["code"] == "laoyoudeyou")
    # the other two indicators and the task targets judged in 2025 (保持…: every year) are
    # missing: NO_DATA, counted as 0 points, so one report of three does not make 100
    plan = client.platform.plan
    targets = [
        t for task, t in plan.task_targets if task.domain == "laoyoudeyou" and is_expected(plan, t, 2025)
    ]
    assert targets and all(t.recurring for t in targets)
    assert work["rank"] == 1 and work["achieved"] == 1 and work["noData"] == 2 + len(targets)
    assert 0 < Decimal(work["score"]) < 100
    others = [d for d in board["domains"] if d["domain"]["code"] != "laoyoudeyou"]
    assert all(d["rank"] == 2 and Decimal(d["score"]) < Decimal(work["score"]) for d in others)


def test_problems(client: GraphQLClient) -> None:
    supervisor = client.token(Role.SUPERVISOR, None)
    raise_op = operation("problems").split("mutation Close")[0]
    close_op = (
        "mutation Close" + operation("problems").split("mutation Close")[1].split("query OpenProblems")[0]
    )
    list_op = "query OpenProblems" + operation("problems").split("query OpenProblems")[1]
    problem_input = {
        "title": "托育机构备案滞后",
        "department": "县卫生健康局",
        "domain": "youyou",
        "dueDate": "2020-01-31",
    }
    # a due date in the past is refused at raising (#11): nothing is written
    past = client.post(
        raise_op.replace("__typename", "__typename ... on ProblemRejected { errors { field } }"),
        {"input": problem_input},
        supervisor,
    )["data"]["raiseProblem"]
    assert past == {"__typename": "ProblemRejected", "errors": [{"field": "dueDate"}]}
    today = client.platform.today()
    problem_input["dueDate"] = (today + timedelta(days=1)).isoformat()
    raised = client.data(raise_op, {"input": problem_input}, supervisor)["raiseProblem"]
    assert raised["__typename"] == "Problem" and raised["status"] == "OPEN"
    assert raised["department"] == {"name": "县卫生健康局"} and raised["dueDate"] == problem_input["dueDate"]
    client.platform.today = lambda: today + timedelta(days=2)  # the due date passes
    listed = client.data(list_op)["problems"]
    (mine,) = [e["node"] for e in listed["edges"] if e["node"]["id"] == raised["id"]]
    assert mine["overdue"] is True and mine["title"] == problem_input["title"]
    # raising it was a write: the alert rules ran after it and may have raised problems of their own
    alerts = [e["node"] for e in listed["edges"] if e["node"]["id"] != raised["id"]]
    assert listed["totalCount"] == 1 + len(alerts)
    reporter = client.token(Role.REPORTER, "县卫生健康局")
    denied = client.data(close_op, {"id": raised["id"], "evidence": "x"}, reporter)["closeProblem"]
    assert denied["__typename"] == "PermissionDenied"
    no_evidence = client.data(close_op, {"id": raised["id"], "evidence": " "}, supervisor)["closeProblem"]
    assert no_evidence["__typename"] == "ProblemRejected"
    closed = client.data(
        close_op, {"id": raised["id"], "evidence": "备案完成，见县卫健发〔2025〕1号"}, supervisor
    )["closeProblem"]
    assert closed["__typename"] == "Problem" and closed["status"] == "CLOSED" and closed["closedAt"]
    still_open = client.data(list_op)["problems"]
    assert [e["node"] for e in still_open["edges"]] == alerts


def test_status_pace_and_forecasts_come_from_the_history(client: GraphQLClient) -> None:
    """Pace and forecasts (computed only when asked for) equal the full evaluation's."""
    from qyx_platform import Period
    from qyx_platform.evaluation import evaluate

    admin = client.token(Role.ADMIN, None)
    months = [(f"2024-{m:02d}", Decimal("3.80") + Decimal("0.02") * m) for m in range(1, 10)]
    _report(client, admin, [{"indicator": PLACES, "period": p, "value": str(v)} for p, v in months])
    query = (
        'query($c:String!){ indicator(code:$c){ status(period:"2024-09")'
        "{ state progress pace forecastYearEnd forecastFinal } } }"
    )
    (got,) = client.data(query, {"c": PLACES})["indicator"]["status"]
    indicator = client.platform.plan.indicator(PLACES)
    history = [(Period.parse(p), v) for p, v in months[:-1]]
    want = evaluate(indicator, Period.parse("2024-09"), months[-1][1], None, history)
    assert got["pace"] is not None and got["forecastFinal"] is not None
    assert (got["pace"], got["forecastYearEnd"], got["forecastFinal"], got["progress"]) == tuple(
        None if v is None else str(v)
        for v in (want.pace, want.forecast_year_end, want.forecast_final, want.progress)
    )
    assert got["state"] == want.state.name
