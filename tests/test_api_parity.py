"""The Python API, GraphQL and the CLI take one service path for what they check: the same
refusals with the same messages, the same filters, the same writes followed by the alert
rules, on SQLite and PostgreSQL (the review of the Python API against the resolvers).

Answers compared value by value: tests/test_api.py and tests/test_api_supervision.py."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import GraphQLClient
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform import (
    LOCAL_OPERATOR,
    NotFoundError,
    ObservationInput,
    Platform,
    QyxError,
    Role,
    ValidationError,
)
from qyx_platform.api import _base
from qyx_platform.cli import main
from qyx_platform.errors import ReportInputError
from qyx_platform.i18n import use_language
from qyx_platform.model.reports import ReportKind
from qyx_platform.report_formats import ReportFormat
from qyx_platform.services.dbsettings import REQUIRE_APPROVAL

HEALTH, LABOUR = "县卫生健康局", "县人力社保局"
PROJECT = "bingyou.体育中心项目"


def messages(body: dict[str, Any]) -> list[str]:
    """The messages of a refused answer (it must be one)."""
    assert body.get("errors"), body
    return [e["message"] for e in body["errors"]]


# -- a jurisdiction that does not exist ------------------------------------------------------

TIMELINESS = """query($j: String) { timeliness(period: "2025", jurisdiction: $j) { period
  departments { department { name } expected missing } } }"""
SCOREBOARD = """query($j: String) { scoreboard(year: 2025, jurisdiction: $j) { jurisdiction
  domains { domain { code } rank score } } }"""
STATUS = """query($j: String) { indicator(code: "1") { status(period: "2025", jurisdiction: $j) {
  jurisdiction state } } }"""
TIMELINE = """query($j: String!) { indicator(code: "1") { timeline(under: $j, granularity: YEAR) {
  jurisdiction periods } } }"""
TASK_TARGETS = """query($j: String) { domain(code: "bingyou") { tasks { targets {
  status(period: "2025", jurisdiction: $j) { jurisdiction state } } } } }"""


def asked_alike(p: Platform) -> list[tuple[str, Callable[[str], object]]]:
    """Each GraphQL question about a jurisdiction and the Python call asking the same."""
    return [
        (TIMELINESS, lambda code: p.timeliness("2025", jurisdiction=code)),
        (SCOREBOARD, lambda code: p.scoreboard(2025, jurisdiction=code)),
        (STATUS, lambda code: p.status("2025", jurisdiction=code, indicators=["1"])),
        (TIMELINE, lambda code: p.timeline("1", jurisdiction=code, granularity="year")),
        (TASK_TARGETS, lambda code: p.task_targets("2025", domain="bingyou", jurisdiction=code)),
    ]


def test_a_jurisdiction_that_does_not_exist_is_refused_alike(client: GraphQLClient) -> None:
    for query, call in asked_alike(client.platform):
        for code, refusal in (("999999", NotFoundError), (" 999999 ", NotFoundError), ("33112", QyxError)):
            with pytest.raises(refusal) as refused:
                call(code)
            assert set(messages(client.post(query, {"j": code}))) == {str(refused.value)}, query
    with pytest.raises(NotFoundError) as refused, use_language("zh_CN"):
        client.platform.timeliness("2025", jurisdiction="999999")
    assert "999999" in str(refused.value) and "no jurisdiction" not in str(refused.value)


def test_a_jurisdiction_is_named_by_its_code_stripped_alike(client: GraphQLClient) -> None:
    p = client.platform
    p.report([ObservationInput("1", "2025", "3.2")], actor=LOCAL_OPERATOR)
    spaced = client.data(SCOREBOARD, {"j": " 331126 "})["scoreboard"]
    assert spaced == client.data(SCOREBOARD, {"j": "331126"})["scoreboard"]
    assert spaced["jurisdiction"] == p.scoreboard(2025, jurisdiction=" 331126 ").jurisdiction == "331126"
    (status,) = client.data(STATUS, {"j": " 331126 "})["indicator"]["status"]
    (mine,) = p.status("2025", jurisdiction=" 331126 ", indicators=["1"])
    assert (status["jurisdiction"], status["state"].lower()) == (mine.jurisdiction, mine.state)
    assert mine.jurisdiction == "331126" and mine.actual is not None
    answer = client.data(TIMELINESS, {"j": " 331126 "})["timeliness"]
    assert answer == client.data(TIMELINESS, {"j": None})["timeliness"]
    assert [
        (d.department, d.expected) for d in p.timeliness("2025", jurisdiction=" 331126 ").departments
    ] == [(d["department"]["name"], d["expected"]) for d in answer["departments"]]
    jurisdiction = client.data('{ jurisdiction(code: " 331126 ") { code name } }')["jurisdiction"]
    info = p.jurisdiction(" 331126 ")
    assert info is not None and (info.code, info.name) == (jurisdiction["code"], jurisdiction["name"])
    assert p.place("331126") == f"{info.name} (331126)" and p.place("999999") == "999999"


# -- dates and ids given as text -------------------------------------------------------------


def test_a_bad_date_or_id_is_a_validation_error_naming_the_field(platform: Platform) -> None:
    p = platform
    raised = p.raise_problem("托位缺口", HEALTH, "2028-06-30", indicator="1")
    milestone = p.milestones(PROJECT)[0].code
    before = len(p.audit_log())
    calls: list[tuple[Callable[[], object], str, str]] = [
        (lambda: p.raise_problem("t", HEALTH, "2028-02-30"), "dueDate", "'2028-02-30'"),
        (lambda: p.raise_problem("t", HEALTH, 20280101), "dueDate", "20280101"),  # type: ignore[arg-type]
        (lambda: p.add_milestone(PROJECT, "t", "next week"), "dueDate", "'next week'"),
        (lambda: p.complete_milestone(milestone, "yesterday", "验收"), "doneDate", "'yesterday'"),
        (lambda: p.problem("abc"), "id", "'abc'"),  # type: ignore[arg-type]
        (lambda: p.problem(2**40), "id", str(2**40)),  # beyond every database's ids
        (lambda: p.problem_history("1.5"), "id", "'1.5'"),  # type: ignore[arg-type]
        (lambda: p.problem_comments("²"), "id", "'²'"),  # type: ignore[arg-type]
        (lambda: p.start_rectifying("x"), "id", "'x'"),  # type: ignore[arg-type]
        (lambda: p.send_back_problem(-1, "r"), "id", "-1"),
        (lambda: p.submit_problem_evidence("x", "e"), "id", "'x'"),  # type: ignore[arg-type]
        (lambda: p.comment_problem("x", "t"), "id", "'x'"),  # type: ignore[arg-type]
        (lambda: p.close_problem("x", "e"), "id", "'x'"),  # type: ignore[arg-type]
        (lambda: p.reopen_problem(0), "id", "0"),
        (lambda: p.approve("x"), "id", "'x'"),  # type: ignore[arg-type]
        (lambda: p.withdraw("x", "r"), "id", "'x'"),  # type: ignore[arg-type]
        (lambda: p.reject(2**40, "r"), "id", str(2**40)),
    ]
    for call, field, shown in calls:
        with pytest.raises(ValidationError) as bad:
            call()
        assert [e.field for e in bad.value.errors] == [field]
        assert shown in bad.value.errors[0].message
        with use_language("zh_CN"), pytest.raises(ValidationError) as translated:
            call()
        assert translated.value.errors[0].message != bad.value.errors[0].message
        assert shown in translated.value.errors[0].message
    assert len(p.audit_log()) == before  # nothing was written
    assert p.problem(str(raised.id)).id == raised.id  # type: ignore[arg-type]  # a number as text is an id


# -- frozen reports --------------------------------------------------------------------------

REPORT_FILE = """query($kind: ReportKind!, $period: String!, $jurisdiction: String, $frozen: ID) {
  reportFile(kind: $kind, period: $period, format: MD, jurisdiction: $jurisdiction, frozen: $frozen) {
    filename content } }"""


def test_a_frozen_report_must_be_the_one_asked_for_everywhere(
    client: GraphQLClient, capsys: pytest.CaptureFixture[str]
) -> None:
    p = client.platform
    p.report([ObservationInput("1", "2025", "3.2")], actor=LOCAL_OPERATOR)
    snapshot = p.reports.freeze(LOCAL_OPERATOR, ReportKind.ANNUAL, "2025")
    p.report([ObservationInput("1", "2025", "3.3")], actor=LOCAL_OPERATOR)
    for kind, period, jurisdiction in (
        (ReportKind.MONTHLY, "2025-07", None),
        (ReportKind.ANNUAL, "2024", None),
        (ReportKind.ANNUAL, "2025", "331100"),
    ):
        with pytest.raises(ReportInputError) as refused:
            p.reports.file(kind, period, ReportFormat.MD, jurisdiction, frozen=snapshot.id)
        assert refused.value.field == "frozen" and str(snapshot.id) in str(refused.value)
        variables = {"kind": kind.name, "period": period, "jurisdiction": jurisdiction, "frozen": snapshot.id}
        body = client.post(REPORT_FILE, variables)
        assert messages(body) == [str(refused.value)]
        assert body["errors"][0]["extensions"]["field"] == "frozen"
        args = ["report", kind.value, "--period", period, "--frozen", str(snapshot.id)]
        args += ["--jurisdiction", jurisdiction] if jurisdiction else []
        assert main([*args, "--db", p.database_url]) == 2
        assert str(refused.value) in capsys.readouterr().err
    mine = p.reports.file(ReportKind.ANNUAL, " 2025 ", ReportFormat.MD, "331126", frozen=snapshot.id)
    variables = {"kind": "ANNUAL", "period": " 2025 ", "jurisdiction": "331126", "frozen": snapshot.id}
    answer = client.data(REPORT_FILE, variables)["reportFile"]
    assert base64.b64decode(answer["content"]) == mine.content == snapshot.report.markdown().encode()
    assert (
        main(["report", "annual", "--period", "2025", "--frozen", str(snapshot.id), "--db", p.database_url])
        == 0
    )
    assert capsys.readouterr().out.encode() == mine.content and b"3.3" not in mine.content


def test_qyx_report_writes_into_a_folder_under_the_files_name(
    sqlite_platform: Platform, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = sqlite_platform
    p.report([ObservationInput("1", "2025", "3.2")], actor=LOCAL_OPERATOR)
    expected = p.reports.file(ReportKind.ANNUAL, "2025", ReportFormat.DOCX)
    args = [
        "report",
        "annual",
        "--period",
        "2025",
        "--format",
        "docx",
        "--db",
        p.database_url,
        "--no-progress",
    ]
    folder = tmp_path / "reports"
    folder.mkdir()
    assert main([*args, "--out", str(folder)]) == 0
    written = folder / expected.filename
    assert written.name == "annual-2025-331126.docx" and written.stat().st_size > 1000
    assert str(written) in capsys.readouterr().err
    assert [f.name for f in folder.iterdir()] == [written.name]  # no .partial left behind
    assert main([*args, "--out", str(folder / "年总结.docx")]) == 0
    assert (folder / "年总结.docx").read_bytes()[:2] == b"PK"


# -- revisions: one filter -------------------------------------------------------------------

OBSERVATIONS = """query($indicator: String!, $period: String, $series: String) {
  observations(indicator: $indicator, period: $period, series: $series, first: 100) {
    totalCount edges { node { id } } } }"""


def test_revisions_are_filtered_alike(client: GraphQLClient) -> None:
    p = client.platform
    p.report(
        [
            ObservationInput("1", "2025", "3.2"),
            ObservationInput("1", "2024", "2.9"),
            ObservationInput("12", "2025", "85", series="职工"),
            ObservationInput("12", "2025", "70", series="城乡居民"),
        ],
        actor=LOCAL_OPERATOR,
    )
    for indicator, period, series in (("1", " 2025 ", None), ("12", None, "职工"), ("12", "2025", None)):
        mine = [r.id for r in p.observations(indicator, period=period, series=series)]
        variables = {"indicator": indicator, "period": period, "series": series}
        answer = client.data(OBSERVATIONS, variables)["observations"]
        assert [e["node"]["id"] for e in answer["edges"]] == [str(i) for i in mine] and mine
        assert answer["totalCount"] == len(mine)
    for indicator, period, series, refusal in (
        ("nope", None, None, NotFoundError),
        ("12", None, "nope", NotFoundError),
        ("1", "2025-13", None, QyxError),
    ):
        with pytest.raises(refusal) as refused:
            p.observations(indicator, period=period, series=series)
        body = client.post(OBSERVATIONS, {"indicator": indicator, "period": period, "series": series})
        assert messages(body) == [str(refused.value)]


# -- every write runs the alert rules once ---------------------------------------------------

PROBLEM = "... on Problem { id status } ... on ProblemRejected { errors { field } }"
PROBLEM_WRITES = {
    "raise": f"""mutation($title: String!) {{ raiseProblem(input: {{title: $title, department: "{HEALTH}",
      dueDate: "2028-06-30", indicator: "1"}}) {{ {PROBLEM} }} }}""",
    "rectify": f'mutation($id: ID!) {{ startRectifying(id: $id, note: "约谈") {{ {PROBLEM} }} }}',
    "evidence": f'mutation($id: ID!) {{ submitProblemEvidence(id: $id, evidence: "报告") {{ {PROBLEM} }} }}',
    "comment": f'mutation($id: ID!) {{ commentProblem(id: $id, text: "请补充") {{ {PROBLEM} }} }}',
    "send back": f'mutation($id: ID!) {{ sendBackProblem(id: $id, reason: "不足") {{ {PROBLEM} }} }}',
    "close": f'mutation($id: ID!) {{ closeProblem(id: $id, evidence: "验收") {{ {PROBLEM} }} }}',
    "reopen": f"mutation($id: ID!) {{ reopenProblem(id: $id) {{ {PROBLEM} }} }}",
}


def test_every_problem_write_runs_the_alert_rules_once(
    client: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = client.platform
    runs: list[int] = []
    monkeypatch.setattr(p, "after_write", lambda: runs.append(1))
    supervisor = client.token(Role.SUPERVISOR, None)
    python: dict[str, Callable[[int], object]] = {
        "rectify": lambda key: p.start_rectifying(key, note="约谈"),
        "evidence": lambda key: p.submit_problem_evidence(key, "报告"),
        "comment": lambda key: p.comment_problem(key, "请补充"),
        "send back": lambda key: p.send_back_problem(key, "不足"),
        "close": lambda key: p.close_problem(key, "验收"),
        "reopen": lambda key: p.reopen_problem(key),
    }
    raised = p.raise_problem("托位缺口", HEALTH, "2028-06-30", indicator="1")
    assert len(runs) == 1
    for step, call in python.items():
        call(raised.id)
        assert len(runs) == 2 + list(python).index(step), step
    runs.clear()
    answer = client.data(PROBLEM_WRITES["raise"], {"title": "托位缺口"}, supervisor)["raiseProblem"]
    assert len(runs) == 1
    for n, step in enumerate(python, start=2):
        moved = next(iter(client.data(PROBLEM_WRITES[step], {"id": answer["id"]}, supervisor).values()))
        assert moved["id"] == answer["id"] and len(runs) == n, step
    refused = client.data(PROBLEM_WRITES["raise"], {"title": " "}, supervisor)["raiseProblem"]
    assert refused["errors"] and len(runs) == 1 + len(python)  # nothing written, no run
    with pytest.raises(ValidationError):
        p.raise_problem(" ", HEALTH, "2028-06-30")
    assert len(runs) == 1 + len(python)


# -- lists read whole ------------------------------------------------------------------------

PENDING = """query($after: String) { pendingObservations(first: 50, after: $after) { totalCount
  edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


def test_pending_lists_every_revision_waiting(client: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    p = client.platform
    p.set_setting(REQUIRE_APPROVAL, True)
    token = client.token(Role.REPORTER, LABOUR)
    months = [f"{year}-{month:02d}" for year in range(2023, 2028) for month in range(1, 13)]
    rows = [ObservationInput(code, m, value) for code, value in (("9", "2.4"), ("10", "98")) for m in months]
    p.report(rows, token=token)
    assert len(rows) > 100  # more than the old limit of one page
    monkeypatch.setattr(_base, "PAGE", 7)  # and several of the Python API's pages
    answered: list[str] = []
    after = None
    while True:
        page = client.data(PENDING, {"after": after}, token)["pendingObservations"]
        answered += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    reporter = p.actor(token)
    assert [str(r.id) for r in p.pending(reporter)] == answered
    assert len(answered) == len(rows) == page["totalCount"]
    assert [r.id for r in p.pending(limit=10)] == [int(i) for i in answered[:10]]
    assert [r.id for r in p.observations("9")] == [int(i) for i in answered[: len(months)]]


@given(
    ids=st.lists(st.integers(1, 60), unique=True).map(sorted),
    page=st.integers(1, 9),
    limit=st.none() | st.integers(0, 70),
    after=st.none() | st.integers(0, 61),
)
def test_reading_every_page_gives_every_row_once(
    ids: list[int], page: int, limit: int | None, after: int | None
) -> None:
    class Row:
        def __init__(self, key: int) -> None:
            self.id = key

    rows = [Row(i) for i in ids]
    asked: list[int] = []

    def fetch(start: int | None, size: int) -> list[Row]:
        assert 1 <= size <= page
        asked.append(size)
        return [r for r in rows if start is None or r.id > start][:size]

    with mock.patch.object(_base, "PAGE", page):
        got = _base._all_pages(fetch, limit, after)
    expected = [i for i in ids if after is None or i > after][:limit]
    assert [r.id for r in got] == expected
    assert sum(asked) <= len(expected) + page  # never reads on far past what it returns


# -- projects --------------------------------------------------------------------------------

PROJECTS = """{ domains { projects { code state milestones { state } } } }"""


def test_projects_are_counted_from_the_states_graphql_shows(client: GraphQLClient) -> None:
    p = client.platform
    first = p.milestones(PROJECT)[0]
    p.complete_milestone(first.code, "2027-12-01", "验收记录")
    late = p.add_milestone(PROJECT, "场馆验收", "2028-01-10")
    p.cancel_milestone(p.add_milestone(PROJECT, "临时任务", "2028-02-01").code, "并入验收")
    answer = {a["code"]: a for d in client.data(PROJECTS)["domains"] for a in d["projects"]}
    projects = p.projects()
    assert [x.code for x in projects] == [x.code for x in p.plan.projects]
    assert sorted(answer) == sorted(x.code for x in projects)
    for x in projects:
        states = [m["state"].lower() for m in answer[x.code]["milestones"]]
        assert (x.state, x.milestones, x.done, x.overdue) == (
            answer[x.code]["state"].lower(),
            sum(s != "cancelled" for s in states),
            sum(s in ("done", "done_late") for s in states),
            states.count("overdue"),
        )
    sports = next(x for x in projects if x.code == PROJECT)
    assert sports.done >= 1 and sports.milestones >= 2 and late.state == "due_soon"
    assert [x.code for x in p.projects(domain="bingyou")] == [
        x.code for x in projects if x.domain == "bingyou"
    ]
    with pytest.raises(NotFoundError) as unknown:
        p.milestones("nope")
    assert str(unknown.value) == "unknown project 'nope'; `projects` lists them"
    with pytest.raises(ValidationError) as bad:
        p.add_milestone("nope", "t", "2028-06-30")
    assert [e.message for e in bad.value.errors] == [str(unknown.value)]
