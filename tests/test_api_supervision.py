"""The Python API on supervision, problems, the audit log, approval and reports: each answer
checked against the GraphQL API's answer to the same question on the same database, the same
permissions (who may do what) and the same errors with the same messages."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from conftest import GraphQLClient

from qyx_platform import (
    LOCAL_OPERATOR,
    NotFoundError,
    ObservationInput,
    PermissionDeniedError,
    Platform,
    QyxError,
    Role,
    ValidationError,
)
from qyx_platform.model.reports import Language, ReportKind
from qyx_platform.report_formats import ReportFormat

HEALTH, EDUCATION, LABOUR = "县卫生健康局", "县教育局", "县人力社保局"
TODAY = date(2026, 3, 1)
PROJECT = "bingyou.体育中心项目"


class Client(GraphQLClient):
    """A GraphQL client with a supervisor's token at hand (a write without a token is
    refused: GraphQL callers are anonymous viewers unless they send one)."""

    def __init__(self, platform: Platform) -> None:
        super().__init__(platform)
        self.supervisor = self.token(Role.SUPERVISOR, None)


@pytest.fixture
def gql(sqlite_url: str) -> Iterator[Client]:
    """A GraphQL client and its platform on one SQLite database, on 1 March 2026."""
    platform = Platform(sqlite_url, today=lambda: TODAY)
    yield Client(platform)
    platform.close()


def dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def typename(answer: dict[str, Any]) -> str:
    return str(answer["__typename"])


# -- task targets ---------------------------------------------------------------------------

TASK_TARGETS = """query($domain: String!, $period: String!) { domain(code: $domain) { tasks { number
  targets { code year subject text frequency yesNo
            status(period: $period) { jurisdiction period state actual checkpoint gap note } } } } }"""


def test_task_targets_match_graphql(gql: Client) -> None:
    p = gql.platform
    p.report(
        [
            ObservationInput("bingyou.in_county_treatment_rate", "2025", "88"),
            ObservationInput("bingyou.sports_centre_in_use", "2025", "1", note="竣工验收备案表 2025-11"),
        ],
        actor=LOCAL_OPERATOR,
    )
    mine = p.task_targets("2025", domain="bingyou")
    answer = gql.data(TASK_TARGETS, {"domain": "bingyou", "period": "2025"})["domain"]["tasks"]
    expected = [
        (
            task["number"],
            t["code"],
            t["year"],
            t["text"],
            t["frequency"].lower(),
            t["yesNo"],
            t["status"]["period"],
            t["status"]["state"].lower(),
            dec(t["status"]["actual"]),
            dec(t["status"]["checkpoint"]),
            dec(t["status"]["gap"]),
            t["status"]["note"],
        )
        for task in answer
        for t in task["targets"]
    ]
    got = [
        (
            r.task,
            r.code,
            r.year,
            r.text,
            r.frequency,
            r.yes_no,
            r.period,
            r.state,
            r.actual,
            r.checkpoint,
            r.gap,
            r.note,
        )
        for r in mine
    ]
    assert got == expected and any(r.actual is not None for r in mine)
    assert {r.domain for r in mine} == {"bingyou"}
    every = p.task_targets("2025")
    assert len(every) == len(p.plan.task_targets) and every.rows()[0]["jurisdiction"] == "331126"
    with pytest.raises(QyxError) as bad:
        p.task_targets("2025-13")
    body = gql.post(TASK_TARGETS, {"domain": "bingyou", "period": "2025-13"})
    assert str(bad.value) in {e["message"] for e in body["errors"]}
    with pytest.raises(NotFoundError, match="no domain 'nope'"):
        p.task_targets("2025", domain="nope")


# -- projects and milestones ----------------------------------------------------------------

PROJECTS = """query($domain: String!) { domain(code: $domain) { projects { code name state
  milestones { code title dueDate doneDate evidence note fromPlan cancelled state project
               department { name } history { by action note } } } } }"""
ADD = """mutation($input: MilestoneInput!) { addMilestone(input: $input) { __typename
  ... on Milestone { code title dueDate state department { name } }
  ... on MilestoneRejected { errors { field message } } ... on PermissionDenied { message } } }"""
COMPLETE = """mutation($code: String!, $on: Date!, $evidence: String!) {
  completeMilestone(code: $code, doneDate: $on, evidence: $evidence) { __typename
  ... on Milestone { code state doneDate evidence } ... on MilestoneRejected { errors { field message } }
  ... on PermissionDenied { message } ... on NotFound { message } } }"""
CANCEL = """mutation($code: String!, $reason: String!) { cancelMilestone(code: $code, reason: $reason) {
  __typename ... on Milestone { code state } ... on NotFound { message }
  ... on MilestoneRejected { errors { field message } } ... on PermissionDenied { message } } }"""


def test_projects_and_milestones_match_graphql(gql: Client) -> None:
    p = gql.platform
    health = p.actor(gql.token(Role.REPORTER, HEALTH))
    soon = p.add_milestone(PROJECT, "主体封顶", "2026-03-20", actor=health)
    assert (soon.code, soon.state, soon.department, soon.from_plan) == (
        f"{PROJECT}.w1",
        "due_soon",
        HEALTH,
        False,
    )
    added = gql.data(
        ADD, {"input": {"project": PROJECT, "title": "场馆验收", "dueDate": "2026-09-30"}}, gql.supervisor
    )
    later = added["addMilestone"]["code"]
    dropped = p.add_milestone(PROJECT, "临时任务", date(2026, 6, 1), note="年度清单")
    done = p.complete_milestone(soon.code, "2026-02-27", "封顶验收记录", actor=health)
    assert (done.state, done.done_date, done.evidence) == ("done", date(2026, 2, 27), "封顶验收记录")
    assert p.cancel_milestone(dropped.code, "并入场馆验收").state == "cancelled"

    answer = gql.data(PROJECTS, {"domain": "bingyou"})["domain"]["projects"]
    projects = p.projects(domain="bingyou")
    assert [(x.code, x.name, x.state) for x in projects] == [
        (a["code"], a["name"], a["state"].lower()) for a in answer
    ]
    milestones = p.milestones(domain="bingyou")
    expected = [
        (
            m["code"], m["title"], m["dueDate"], m["doneDate"], m["evidence"], m["note"],
            m["fromPlan"], m["cancelled"], m["state"].lower(), m["project"], m["department"]["name"],
        )
        for a in answer
        for m in a["milestones"]
    ]  # fmt: skip
    got = [
        (
            m.code, m.title, m.due_date.isoformat(), m.done_date and m.done_date.isoformat(), m.evidence,
            m.note, m.from_plan, m.cancelled, m.state, m.project, m.department,
        )
        for m in milestones
    ]  # fmt: skip
    assert got == expected
    assert [m.code for m in p.milestones(PROJECT)] == [
        m["code"] for a in answer if a["code"] == PROJECT for m in a["milestones"]
    ]
    sports = next(x for x in projects if x.code == PROJECT)
    assert (sports.milestones, sports.done) == (
        sum(not m.cancelled for m in p.milestones(PROJECT)),
        sum(m.state in ("done", "done_late") for m in p.milestones(PROJECT)),
    )
    history = {m["code"]: m["history"] for a in answer for m in a["milestones"]}
    for code in (soon.code, later, dropped.code):
        assert [(e.by, e.action, e.note) for e in p.milestone_history(code)] == [
            (e["by"], e["action"], e["note"]) for e in history[code]
        ]
    assert [e.action for e in p.milestone_history(dropped.code)] == ["added", "cancelled"]
    row = p.milestones(PROJECT).rows()[-1]
    assert isinstance(row["due_date"], date) and row["state"] == "cancelled"
    assert p.milestones(PROJECT)[0].as_dict() == p.milestones(PROJECT).rows()[0]


def test_milestone_permissions_and_errors_are_graphqls(gql: Client) -> None:
    p = gql.platform
    education_token = gql.token(Role.REPORTER, EDUCATION)
    education = p.actor(education_token)
    viewer_token = gql.token(Role.VIEWER, None)
    for token in (education_token, viewer_token):
        answer = gql.data(
            ADD, {"input": {"project": PROJECT, "title": "越权", "dueDate": "2026-05-01"}}, token
        )
        assert typename(answer["addMilestone"]) == "PermissionDenied"
        with pytest.raises(PermissionDeniedError) as denied:
            p.add_milestone(PROJECT, "越权", "2026-05-01", actor=p.actor(token))
        assert str(denied.value) == answer["addMilestone"]["message"]
    bad_input = {"project": "nope", "title": " ", "dueDate": "2020-01-01", "department": "某局"}
    rejected = gql.data(ADD, {"input": bad_input}, gql.supervisor)["addMilestone"]
    with pytest.raises(ValidationError) as bad:
        p.add_milestone("nope", " ", "2020-01-01", department="某局")
    assert [(e.field, e.message) for e in bad.value.errors] == [
        (e["field"], e["message"]) for e in rejected["errors"]
    ]
    missing = gql.data(COMPLETE, {"code": "nope.w9", "on": "2026-02-01", "evidence": "验收"}, gql.supervisor)
    with pytest.raises(NotFoundError) as unknown:
        p.complete_milestone("nope.w9", "2026-02-01", "验收")
    assert str(unknown.value) == missing["completeMilestone"]["message"]
    item = p.add_milestone(PROJECT, "主体封顶", "2026-03-20")
    with pytest.raises(PermissionDeniedError) as denied:
        p.cancel_milestone(item.code, "越权", actor=education)
    answer = gql.data(CANCEL, {"code": item.code, "reason": "越权"}, education_token)["cancelMilestone"]
    assert str(denied.value) == answer["message"]
    future = gql.data(COMPLETE, {"code": item.code, "on": "2026-12-01", "evidence": ""}, gql.supervisor)[
        "completeMilestone"
    ]
    with pytest.raises(ValidationError) as early:
        p.complete_milestone(item.code, date(2026, 12, 1), "")
    assert [(e.field, e.message) for e in early.value.errors] == [
        (e["field"], e["message"]) for e in future["errors"]
    ]
    with pytest.raises(NotFoundError, match="unknown project 'nope'"):
        p.milestones("nope")
    with pytest.raises(NotFoundError):
        p.milestone_history("nope.w9")


# -- timeliness -----------------------------------------------------------------------------

TIMELINESS = """query($period: String!, $jurisdiction: String) {
  timeliness(period: $period, jurisdiction: $jurisdiction) { period deadline departments {
    department { name } expected onTime late missing pending missingItems { code period } } } }"""


@pytest.mark.parametrize("period", ["2025-07", "2025Q3", "2025", "2026-03"])
def test_timeliness_matches_graphql(gql: Client, period: str) -> None:
    p = gql.platform
    p.report(
        [
            ObservationInput("laoyoudeyou.urban_registered_unemployment_rate", "2025-07", "2.1"),
            ObservationInput("9", "2025", "2.4"),
            ObservationInput("1", "2025", "3.1"),
        ],
        actor=LOCAL_OPERATOR,
    )
    mine = p.timeliness(period)
    answer = gql.data(TIMELINESS, {"period": period})["timeliness"]
    assert (mine.period, mine.deadline.isoformat(), mine.jurisdiction) == (
        answer["period"],
        answer["deadline"],
        "331126",
    )
    assert [
        (d.department, d.expected, d.on_time, d.late, d.missing, d.pending) for d in mine.departments
    ] == [
        (a["department"]["name"], a["expected"], a["onTime"], a["late"], a["missing"], a["pending"])
        for a in answer["departments"]
    ]
    assert [(m.department, m.code, m.period) for m in mine.missing] == [
        (a["department"]["name"], i["code"], i["period"])
        for a in answer["departments"]
        for i in a["missingItems"]
    ]
    assert sum(d.expected for d in mine.departments) > 0
    plain = mine.as_dict()
    assert plain["deadline"] == mine.deadline and plain["departments"] == mine.departments.rows()
    assert '"deadline": "' + mine.deadline.isoformat() in mine.to_json()


def test_timeliness_refuses_what_graphql_refuses(gql: Client) -> None:
    for period, jurisdiction, refusal, says in (
        ("2025-13", None, QyxError, "2025-13"),
        ("2025", "999999", NotFoundError, "no jurisdiction 999999"),
        ("2025", " 999999 ", NotFoundError, "no jurisdiction 999999"),
        ("2025", "33112", QyxError, "'33112'"),
        ("2025-13", "999999", QyxError, "2025-13"),  # the period is read first, on both sides
    ):
        with pytest.raises(refusal, match=says) as bad:
            gql.platform.timeliness(period, jurisdiction=jurisdiction)
        body = gql.post(TIMELINESS, {"period": period, "jurisdiction": jurisdiction})
        assert body["data"] is None and [e["message"] for e in body["errors"]] == [str(bad.value)]


# -- surveys --------------------------------------------------------------------------------

RECORD_SURVEY = """mutation($input: SurveyInput!) { recordSurvey(input: $input) { __typename
  ... on Survey { id period satisfied sampleSize marginOfError }
  ... on SurveyRejected { errors { field message } } ... on PermissionDenied { message } } }"""
SURVEYS = """query($domain: String!, $jurisdiction: String) {
  surveys(domain: $domain, jurisdiction: $jurisdiction) {
    id domain { code } jurisdiction period satisfied sampleSize marginOfError note
    change { from difference threshold significant } } }"""


def test_surveys_match_graphql(gql: Client) -> None:
    p = gql.platform
    first = p.record_survey("zhuyou", "2025-05", "90", 1000, note="第三方测评")
    entry = {"domain": "zhuyou", "period": "2025-11", "satisfied": "84.5", "sampleSize": 900}
    second = gql.data(RECORD_SURVEY, {"input": entry}, gql.supervisor)["recordSurvey"]
    third = p.record_survey("zhuyou", "2026-01", Decimal("85"), 1200, jurisdiction="331102")
    assert (first.satisfied, first.margin_of_error, first.previous_period) == (
        Decimal("90"),
        Decimal("1.86"),
        None,
    )
    mine = p.surveys("zhuyou")
    answer = gql.data(SURVEYS, {"domain": "zhuyou"})["surveys"]
    assert [
        (s.id, s.domain, s.jurisdiction, s.period, s.satisfied, s.sample_size, s.margin_of_error, s.note,
         s.previous_period, s.difference, s.threshold, s.significant)
        for s in mine
    ] == [
        (
            int(a["id"]), a["domain"]["code"], a["jurisdiction"], a["period"], dec(a["satisfied"]),
            a["sampleSize"], dec(a["marginOfError"]), a["note"],
        )
        + (
            (a["change"]["from"], dec(a["change"]["difference"]), dec(a["change"]["threshold"]),
             a["change"]["significant"]) if a["change"] else (None, None, None, None)
        )
        for a in answer
    ]  # fmt: skip
    # by jurisdiction (331102 before 331126), then period
    assert [s.id for s in mine] == [third.id, first.id, int(second["id"])]
    assert mine[2].significant is True and mine[2].previous_period == "2025-05"
    home = p.surveys("zhuyou", jurisdiction="331126")
    answer = gql.data(SURVEYS, {"domain": "zhuyou", "jurisdiction": "331126"})["surveys"]
    assert [s.id for s in home] == [int(a["id"]) for a in answer] == [first.id, int(second["id"])]
    assert len(p.surveys()) == 3 and len(p.surveys("youyou")) == 0
    assert p.surveys("zhuyou").rows()[1]["satisfied"] == Decimal("90")
    with pytest.raises(NotFoundError, match="no domain 'nope'"):
        p.surveys("nope")


def test_survey_permissions_and_errors_are_graphqls(gql: Client) -> None:
    p = gql.platform
    entry = {"domain": "zhuyou", "period": "2025-05", "satisfied": "90", "sampleSize": 1000}
    for token in (gql.token(Role.VIEWER, None), gql.token(Role.REPORTER, HEALTH)):
        answer = gql.data(RECORD_SURVEY, {"input": entry}, token)["recordSurvey"]
        assert typename(answer) == "PermissionDenied"
        with pytest.raises(PermissionDeniedError) as denied:
            p.record_survey("zhuyou", "2025-05", "90", 1000, actor=p.actor(token))
        assert str(denied.value) == answer["message"]
    builder = p.actor(gql.token(Role.REPORTER, "县住建局"))
    assert p.record_survey("zhuyou", "2025-05", "90", 1000, actor=builder).recorded_by == builder.name
    bad = {
        "domain": "zhuyou",
        "period": "2025-05",
        "satisfied": "120",
        "sampleSize": 0,
        "jurisdiction": "320000",
    }
    rejected = gql.data(RECORD_SURVEY, {"input": bad}, gql.supervisor)["recordSurvey"]
    with pytest.raises(ValidationError) as refused:
        p.record_survey("zhuyou", "2025-05", "120", 0, jurisdiction="320000")
    assert [(e.field, e.message) for e in refused.value.errors] == [
        (e["field"], e["message"]) for e in rejected["errors"]
    ]
    assert {e.field for e in refused.value.errors} == {"satisfied", "sampleSize", "jurisdiction"}
    again = gql.data(RECORD_SURVEY, {"input": entry}, gql.supervisor)["recordSurvey"]
    with pytest.raises(ValidationError) as twice:
        p.record_survey("zhuyou", "2025-05", "90", 1000)
    assert [e.message for e in twice.value.errors] == [e["message"] for e in again["errors"]]


# -- problems -------------------------------------------------------------------------------

PROBLEM = """... on Problem { id status evidence history { by from to note } comments { by text } }
  ... on ProblemRejected { errors { field message } } ... on PermissionDenied { message }
  ... on NotFound { message }"""
SEND_BACK = f"""mutation($id: ID!, $reason: String!) {{ sendBackProblem(id: $id, reason: $reason) {{
  __typename {PROBLEM} }} }}"""
EVIDENCE = f"""mutation($id: ID!, $evidence: String!) {{
  submitProblemEvidence(id: $id, evidence: $evidence) {{ __typename {PROBLEM} }} }}"""
COMMENT = f"""mutation($id: ID!, $text: String!) {{ commentProblem(id: $id, text: $text) {{
  __typename {PROBLEM} }} }}"""
RECTIFY = f"""mutation($id: ID!, $note: String) {{ startRectifying(id: $id, note: $note) {{
  __typename {PROBLEM} }} }}"""
PROBLEMS = """{ problems(first: 100) { edges { node { id title status source taskTarget project
  history { by from to note } comments { by text } } } } }"""


def _lower(status: str | None) -> str | None:
    return None if status is None else status.lower()


def test_problem_steps_history_and_comments_match_graphql(gql: Client) -> None:
    p = gql.platform
    health_token = gql.token(Role.REPORTER, HEALTH)
    health = p.actor(health_token)
    raised = p.raise_problem(
        "体育中心进度滞后", HEALTH, "2026-06-30", task_target="bingyou.sports_centre_in_use", project=PROJECT
    )
    assert (raised.domain, raised.task_target, raised.project, raised.source) == (
        "bingyou", "bingyou.sports_centre_in_use", PROJECT, "manual"
    )  # fmt: skip
    assert p.start_rectifying(raised.id, note="已约谈施工方", actor=health).status == "rectifying"
    submitted = p.submit_problem_evidence(raised.id, "整改报告（第一稿）", actor=health)
    assert (submitted.status, submitted.evidence) == ("rectifying", "整改报告（第一稿）")
    p.comment_problem(raised.id, "请补充照片", actor=LOCAL_OPERATOR)
    gql.data(COMMENT, {"id": str(raised.id), "text": "已补充"}, health_token)
    assert p.send_back_problem(raised.id, "证据不足").status == "reopened"
    again = gql.data(RECTIFY, {"id": str(raised.id), "note": "第二轮"}, health_token)["startRectifying"]
    assert again["status"] == "RECTIFYING"
    closed = p.close_problem(raised.id, "竣工验收备案表")
    assert closed.status == "closed" and closed.closed_at is not None

    (node,) = [e["node"] for e in gql.data(PROBLEMS)["problems"]["edges"]]
    history = p.problem_history(raised.id)
    assert [(e.by, e.from_status, e.to_status, e.note) for e in history] == [
        (h["by"], _lower(h["from"]), _lower(h["to"]), h["note"]) for h in node["history"]
    ]
    assert [e.to_status for e in history] == [
        "open",
        "rectifying",
        "rectifying",
        "reopened",
        "rectifying",
        "closed",
    ]
    assert [(c.by, c.text) for c in p.problem_comments(raised.id)] == [
        (c["by"], c["text"]) for c in node["comments"]
    ]
    one = p.problem(raised.id)
    assert (one.status, one.task_target, one.project) == (
        node["status"].lower(), node["taskTarget"], node["project"]
    )  # fmt: skip
    assert p.problem_history(raised.id).rows()[0]["from_status"] is None
    assert one.as_dict()["due_date"] == date(2026, 6, 30)


def test_problem_permissions_and_errors_are_graphqls(gql: Client) -> None:
    p = gql.platform
    raised = p.raise_problem("托位缺口", HEALTH, "2026-06-30", indicator="1")
    pid = str(raised.id)
    education_token = gql.token(Role.REPORTER, EDUCATION)
    education = p.actor(education_token)
    health_token = gql.token(Role.REPORTER, HEALTH)
    health = p.actor(health_token)
    # a department acts only on its own problems
    for mutation, name, variables, call in (
        (RECTIFY, "startRectifying", {"note": None}, lambda: p.start_rectifying(raised.id, actor=education)),
        (EVIDENCE, "submitProblemEvidence", {"evidence": "报告"},
         lambda: p.submit_problem_evidence(raised.id, "报告", actor=education)),
        (COMMENT, "commentProblem", {"text": "意见"},
         lambda: p.comment_problem(raised.id, "意见", actor=education)),
    ):  # fmt: skip
        answer = gql.data(mutation, {"id": pid, **variables}, education_token)[name]
        assert typename(answer) == "PermissionDenied"
        with pytest.raises(PermissionDeniedError) as denied:
            call()
        assert str(denied.value) == answer["message"]
    # only a supervisor sends back; a reason is needed
    p.start_rectifying(raised.id, actor=health)
    answer = gql.data(SEND_BACK, {"id": pid, "reason": "不行"}, health_token)["sendBackProblem"]
    with pytest.raises(PermissionDeniedError) as denied:
        p.send_back_problem(raised.id, "不行", actor=health)
    assert str(denied.value) == answer["message"]
    answer = gql.data(SEND_BACK, {"id": pid, "reason": " "}, gql.supervisor)["sendBackProblem"]
    with pytest.raises(ValidationError) as bad:
        p.send_back_problem(raised.id, " ")
    assert [(e.field, e.message) for e in bad.value.errors] == [
        (e["field"], e["message"]) for e in answer["errors"]
    ]
    answer = gql.data(EVIDENCE, {"id": "999", "evidence": "x"}, gql.supervisor)["submitProblemEvidence"]
    with pytest.raises(NotFoundError) as unknown:
        p.submit_problem_evidence(999, "x")
    assert str(unknown.value) == answer["message"]
    with pytest.raises(NotFoundError):
        p.problem_history(999)
    with pytest.raises(NotFoundError):
        p.problem(999)
    with pytest.raises(PermissionDeniedError):
        p.raise_problem("越权", HEALTH, "2026-06-30", actor=health)


# -- audit log, approval, jurisdictions -----------------------------------------------------

AUDIT = """query($first: Int!) { auditLog(first: $first) { totalCount edges { node {
  id at actor action entity entityId before after } } } }"""


def test_audit_log_matches_graphql_and_needs_a_supervisor(gql: Client) -> None:
    p = gql.platform
    p.report([ObservationInput("1", "2025", "3.2")], actor=LOCAL_OPERATOR)
    p.raise_problem("托位缺口", HEALTH, "2026-06-30", indicator="1")
    answer = gql.data(AUDIT, {"first": 100}, gql.supervisor)["auditLog"]
    mine = p.audit_log(limit=100)
    assert answer["totalCount"] == len(p.audit_log()) >= len(mine) > 0
    assert [(str(e.id), e.actor, e.action, e.entity, e.entity_id, e.before, e.after) for e in mine] == [
        (n["id"], n["actor"], n["action"], n["entity"], n["entityId"], n["before"], n["after"])
        for n in (edge["node"] for edge in answer["edges"])
    ]
    assert {"report", "problem.raise"} <= {e.action for e in mine}
    assert [e.id for e in p.audit_log(after=mine[0].id, limit=2)] == [e.id for e in mine[1:3]]
    reporter = gql.token(Role.REPORTER, HEALTH)
    body = gql.post(AUDIT, {"first": 5}, reporter)
    with pytest.raises(PermissionDeniedError) as denied:
        p.audit_log(actor=p.actor(reporter))
    assert [e["message"] for e in body["errors"]] == [str(denied.value)]


PENDING = """{ pendingObservations(first: 100) { edges { node { id value approved reportedBy } } } }"""
OBSERVATIONS = """query($code: String!) { observations(indicator: $code, first: 100) { edges { node {
  id value approved withdrawn rejected reviewReason reviewedBy } } } }"""


def test_approval_and_revisions_match_graphql(gql: Client) -> None:
    p = gql.platform
    p.set_setting("require-approval", True)
    token = gql.token(Role.REPORTER, HEALTH)
    reporter = p.actor(token)
    supervisor_token = gql.token(Role.SUPERVISOR, None)
    supervisor = p.actor(supervisor_token)
    p.report([ObservationInput("1", "2025", "3.2"), ObservationInput("1", "2024", "2.9")], actor=reporter)
    for who, tok in (
        (supervisor, supervisor_token),
        (reporter, token),
        (p.actor(gql.token(Role.VIEWER, None)), None),
    ):
        answer = gql.data(PENDING, token=tok)["pendingObservations"]["edges"]
        assert [(str(r.id), str(r.value), r.approved) for r in p.pending(who)] == [
            (n["node"]["id"], n["node"]["value"], n["node"]["approved"]) for n in answer
        ]
    first, second = p.pending(supervisor)
    approved = p.approve(first.id, supervisor)
    assert approved.approved and approved.value == Decimal("3.2")
    rejected = p.reject(second.id, "no source", supervisor)
    assert (rejected.rejected, rejected.review_reason, rejected.reviewed_by) == (
        True,
        "no source",
        supervisor.name,
    )
    for tok, actor in ((supervisor_token, supervisor), (None, None)):
        answer = gql.data(OBSERVATIONS, {"code": "1"}, tok)["observations"]["edges"]
        viewer = actor or p.actor(None)
        assert [(str(r.id), r.approved, r.withdrawn, r.rejected, r.review_reason) for r in
                p.observations("1", actor=viewer)] == [
            (n["node"]["id"], n["node"]["approved"], n["node"]["withdrawn"], n["node"]["rejected"],
             n["node"]["reviewReason"]) for n in answer
        ]  # fmt: skip
    assert len(p.observations("1")) == 2  # the local administrator sees every revision
    with pytest.raises(PermissionDeniedError):
        p.approve(second.id, reporter)


JURISDICTION = """query($code: String!) { jurisdiction(code: $code) { code name level
  parent { code } children { code } } }"""


@pytest.mark.parametrize("code", ["331126", "331100", "330000", "999999", "33112", " 331126 "])
def test_jurisdiction_matches_graphql(gql: Client, code: str) -> None:
    answer = gql.data(JURISDICTION, {"code": code})["jurisdiction"]
    mine = gql.platform.jurisdiction(code)
    if answer is None:
        assert mine is None
        return
    assert mine is not None
    assert (mine.code, mine.name, mine.level, mine.parent, list(mine.children)) == (
        answer["code"],
        answer["name"],
        answer["level"].lower(),
        answer["parent"] and answer["parent"]["code"],
        [c["code"] for c in answer["children"]],
    )


# -- the full scoreboard --------------------------------------------------------------------

FULL_BOARD = """query($year: Int!, $month: Int) { scoreboard(year: $year, month: $month) {
  domains { domain { code } rank rankChange score coreRank coreScore statesScore coverage timeliness
            closureRate milestonesDone achieved onTrack atRisk behind noData }
  departments { department { name } rank rankChange score timeliness closureRate milestonesDone } } }"""


@pytest.mark.parametrize("month", [None, 11])
def test_the_full_scoreboard_matches_graphql(gql: Client, month: int | None) -> None:
    p = gql.platform
    p.report(
        [
            ObservationInput("1", "2024", "2.9"),
            ObservationInput("1", "2025", "3.2"),
            ObservationInput("9", "2025", "2.5"),
        ],
        actor=LOCAL_OPERATOR,
    )
    p.raise_problem("托位缺口", HEALTH, "2026-06-30", indicator="1")
    board = p.scoreboard(2025, month=month)
    answer = gql.data(FULL_BOARD, {"year": 2025, "month": month})["scoreboard"]
    assert [
        (d.key, d.rank, d.rank_change, d.score, d.core_rank, d.core_score, d.states_score,
         d.coverage, d.timeliness, d.closure_rate, d.milestones_done, d.achieved, d.on_track,
         d.at_risk, d.behind, d.no_data)
        for d in board.domains
    ] == [
        (a["domain"]["code"], a["rank"], a["rankChange"], dec(a["score"]), a["coreRank"], dec(a["coreScore"]),
         dec(a["statesScore"]), dec(a["coverage"]), dec(a["timeliness"]), dec(a["closureRate"]),
         dec(a["milestonesDone"]), a["achieved"], a["onTrack"], a["atRisk"], a["behind"], a["noData"])
        for a in answer["domains"]
    ]  # fmt: skip
    assert [(d.key, d.rank, d.rank_change, d.timeliness, d.closure_rate) for d in board.departments] == [
        (a["department"]["name"], a["rank"], a["rankChange"], dec(a["timeliness"]), dec(a["closureRate"]))
        for a in answer["departments"]
    ]
    assert any(d.timeliness is not None for d in board.domains)
    assert board.month == month and board.as_dict()["month"] == month


def test_the_scoreboard_refuses_what_graphql_refuses(gql: Client) -> None:
    board = FULL_BOARD.replace("$month: Int)", "$month: Int, $j: String)").replace(
        "month: $month)", "month: $month, jurisdiction: $j)"
    )
    for year, month, jurisdiction in ((2031, None, None), (2025, 13, None), (2025, None, "999999")):
        body = gql.post(board, {"year": year, "month": month, "j": jurisdiction})
        with pytest.raises(QyxError) as bad:
            gql.platform.scoreboard(year, month=month, jurisdiction=jurisdiction)
        assert [e["message"] for e in body["errors"]] == [str(bad.value)]
    assert isinstance(bad.value, NotFoundError)
    # a year Python takes as text (GraphQL's Int refuses it before any resolver runs)
    with pytest.raises(ValidationError, match="'abc' is not a year"):
        gql.platform.scoreboard("abc")
    assert gql.platform.scoreboard("2025").year == gql.platform.scoreboard(2025).year


# -- reports --------------------------------------------------------------------------------

REPORT_FILE = """query($frozen: ID) {
  reportFile(kind: ANNUAL, period: "2025", format: MD, lang: EN, frozen: $frozen) {
    filename mediaType content } }"""
FROZEN = """query($id: ID!) { frozenReport(id: $id) { id frozenBy signedOffBy report { title period }
  changedSince { key } } }"""


def test_reports_match_graphql(gql: Client) -> None:
    p = gql.platform
    p.report([ObservationInput("1", "2025", "3.2")], actor=LOCAL_OPERATOR)
    mine = p.reports.file(ReportKind.ANNUAL, "2025", ReportFormat.MD, language=Language.EN)
    answer = gql.data(REPORT_FILE, {"frozen": None})["reportFile"]
    assert (mine.filename, mine.media_type) == (answer["filename"], answer["mediaType"])
    assert mine.content == base64.b64decode(answer["content"]) and b"3.2" in mine.content
    snapshot = p.reports.freeze(LOCAL_OPERATOR, ReportKind.ANNUAL, "2025", language=Language.EN)
    p.reports.sign_off(LOCAL_OPERATOR, snapshot.id)
    p.report([ObservationInput("1", "2025", "3.3")], actor=LOCAL_OPERATOR)
    frozen = gql.data(FROZEN, {"id": str(snapshot.id)})["frozenReport"]
    again = p.reports.snapshot(snapshot.id)
    assert (str(again.id), again.frozen_by, again.signed_off_by, again.report.title) == (
        frozen["id"], frozen["frozenBy"], frozen["signedOffBy"], frozen["report"]["title"]
    )  # fmt: skip
    changed = [s.key for s in p.reports.changed_since(again)]
    assert changed == [s["key"] for s in frozen["changedSince"]] and changed
    as_frozen = p.reports.file(ReportKind.ANNUAL, "2025", ReportFormat.MD, frozen=snapshot.id)
    assert as_frozen.content == base64.b64decode(
        gql.data(REPORT_FILE, {"frozen": str(snapshot.id)})["reportFile"]["content"]
    )
    assert as_frozen.content == mine.content  # the snapshot as it was built, before 3.3
    reporter = p.actor(gql.token(Role.REPORTER, HEALTH))
    with pytest.raises(PermissionDeniedError):
        p.reports.freeze(reporter, ReportKind.ANNUAL, "2025")
    with pytest.raises(NotFoundError):
        p.reports.file(ReportKind.ANNUAL, "2025", ReportFormat.MD, frozen=999)
