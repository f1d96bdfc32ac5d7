"""Periodic reports (月调度, 季分析, 年总结): the contract operations on SQLite and PostgreSQL,
freezing and sign-off, the four file formats read back, caching, backups and the CLI."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import GraphQLClient, operation
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from qyx_platform import (
    LOCAL_OPERATOR,
    ChartSeries,
    Language,
    ObservationInput,
    Platform,
    PluginError,
    Report,
    ReportChart,
    ReportKind,
    ReportSection,
    ReportTable,
    Role,
    hookimpl,
)
from qyx_platform.cli import main
from qyx_platform.errors import PeriodError, ReportNotReadyError
from qyx_platform.model import Granularity, Period
from qyx_platform.model.reports import format_cell
from qyx_platform.report_formats import ReportFormat, render
from qyx_platform.services.backup import backup, restore
from tools.statements import driver_statements, is_query

RENTAL = "zhuyou.affordable_rental_housing_cumulative"
DOMAINS = ("youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou")
AFTER_2025 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def seed(platform: Platform) -> None:
    """Values across years, quarters and months, in several domains."""
    rows = [
        ObservationInput("21", "2023", "370"),
        ObservationInput("21", "2024", "420"),
        ObservationInput("21", "2025", "440"),
        ObservationInput("1", "2024", "4.10"),
        ObservationInput("1", "2025", "3.90"),
        ObservationInput("9", "2025Q2", "2.1"),
        ObservationInput("9", "2025-06", "2.0"),
        ObservationInput("9", "2025-07", "2.2"),
        ObservationInput("12", "2025", "86", series="职工"),
        ObservationInput("12", "2025", "69", series="城乡居民"),
        ObservationInput("24", "2024", "12800"),
        ObservationInput("24", "2025", "13100"),
    ]
    platform.report(rows, actor=LOCAL_OPERATOR)


def at(platform: Platform, moment: datetime) -> None:
    """Make the platform's clocks say ``moment`` (today: its date)."""
    platform.reports.clock = lambda: moment
    platform.today = lambda: moment.date()


def _vars(kind: str, period: str) -> dict[str, Any]:
    return {"kind": kind, "period": period}


def _post(
    client: GraphQLClient, name: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    """Send one operation of tests/contract/reports.graphql, by name, as the front end does."""
    response = client.http.post(
        "/graphql",
        json={"query": operation("reports"), "operationName": name, "variables": variables},
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _send(
    client: GraphQLClient, name: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    """The data of a contract operation that must succeed."""
    body = _post(client, name, variables, token)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


# ---------------------------------------------------------------- contract operations


@pytest.mark.parametrize(
    ("kind", "period", "core"),
    [
        ("MONTHLY", "2025-07", {"summary", "changes", "attention", "revisions", "problems"}),
        ("QUARTERLY", "2025Q3", {"summary", "indicators", "task_targets", "standing", "problems"}),
        ("ANNUAL", "2025", {"summary", "targets", "by_domain", "by_department", "rank_changes"}),
    ],
)
def test_report_query_answers_as_written(
    client: GraphQLClient, kind: str, period: str, core: set[str]
) -> None:
    seed(client.platform)
    data = _send(client, "Report", _vars(kind, period))["report"]
    assert (data["kind"], data["period"], data["jurisdiction"]) == (kind, period, "331126")
    assert data["frozen"] is None
    assert "庆元县" in data["title"] and period in data["title"]
    assert datetime.fromisoformat(data["generatedAt"])
    keys = [s["key"] for s in data["sections"]]
    assert core <= set(keys)
    assert len(keys) == len(set(keys))
    by_domain = {s["domain"]["code"] for s in data["sections"] if s["domain"] is not None}
    assert by_domain == set(DOMAINS), "each domain contributes a section only it can write"
    assert all(s["body"] for s in data["sections"])


def test_annual_report_judges_each_target_from_the_live_values(client: GraphQLClient) -> None:
    seed(client.platform)
    answer = _send(client, "Report", _vars("ANNUAL", "2025"))["report"]
    sections = {s["key"]: s for s in answer["sections"]}
    # 21: 440 against ≥413 is met; 1: 3.90 against 4.50 is missed
    targets = sections["targets"]["body"].splitlines()
    rental = next(line for line in targets if line.startswith("| 住有宜居 | 21 |"))
    assert "| 413 | 440 | 达标 |" in rental
    places = next(line for line in targets if line.startswith("| 幼有善育 | 1 |"))
    assert "| 4.50 | 3.90 | 未达标 |" in places
    pipeline = sections["zhuyou.rental_housing"]["body"]
    assert "| 2025 | 413 | 440 | 27 | 0 | 20 |" in pipeline  # cumulative plan, actual, gap, added


def test_english_on_request(client: GraphQLClient) -> None:
    query = (
        "query($p: String!) { report(kind: ANNUAL, period: $p, lang: EN) { title sections { key heading } } }"
    )
    data = client.data(query, {"p": "2025"})["report"]
    assert "annual summary" in data["title"]
    headings = {s["key"]: s["heading"] for s in data["sections"]}
    assert headings["summary"] == "Summary"
    assert headings["zhuyou.rental_housing"].startswith("Decent housing")


def test_freeze_sign_off_and_a_later_correction(client: GraphQLClient) -> None:
    platform = client.platform
    seed(platform)
    at(platform, AFTER_2025)
    supervisor = client.token(Role.SUPERVISOR, None)
    live = _send(client, "Report", _vars("ANNUAL", "2025"))["report"]

    assert (
        _send(client, "Report", _vars("ANNUAL", "2025") | {"jurisdiction": None})["report"]["frozen"] is None
    )

    result = _send(client, "Freeze", _vars("ANNUAL", "2025"), supervisor)["freezeReport"]
    assert result["__typename"] == "FrozenReport"
    snapshot_id = result["id"]
    assert result["frozenBy"].startswith("token")
    assert [(s["key"], s["body"]) for s in result["report"]["sections"]] == [
        (s["key"], s["body"]) for s in live["sections"]
    ]
    again = _send(client, "Report", _vars("ANNUAL", "2025"))["report"]
    assert again["frozen"]["id"] == snapshot_id and again["frozen"]["signedOffAt"] is None

    before = _send(client, "FrozenReport", {"id": snapshot_id})["frozenReport"]
    assert before["changedSince"] == []
    assert before["report"]["title"] == live["title"]

    signed = _send(client, "SignOff", {"id": snapshot_id}, supervisor)["signOffReport"]
    assert signed["__typename"] == "FrozenReport" and signed["signedOffBy"] == result["frozenBy"]
    assert datetime.fromisoformat(signed["signedOffAt"]) == AFTER_2025

    # a correction after freezing: the snapshot stays exactly as it was
    platform.report([ObservationInput("21", "2025", "452")], actor=LOCAL_OPERATOR)
    after = _send(client, "FrozenReport", {"id": snapshot_id})["frozenReport"]
    assert after["report"] == before["report"]
    assert (after["signedOffAt"], after["signedOffBy"]) == (signed["signedOffAt"], signed["signedOffBy"])
    changed = {s["key"] for s in after["changedSince"]}
    assert {"targets", "zhuyou.rental_housing"} <= changed
    assert "xueyou.school_places" not in changed
    relive = _send(client, "Report", _vars("ANNUAL", "2025"))["report"]
    assert "452" in next(s["body"] for s in relive["sections"] if s["key"] == "targets")
    assert "452" not in next(s["body"] for s in after["report"]["sections"] if s["key"] == "targets")


def test_a_reporter_cannot_freeze_or_sign_off(client: GraphQLClient) -> None:
    at(client.platform, AFTER_2025)
    reporter = client.token(Role.REPORTER, "县住建局")
    refused = _send(client, "Freeze", _vars("ANNUAL", "2025"), reporter)["freezeReport"]
    assert refused["__typename"] == "PermissionDenied" and "supervisor" in refused["message"]
    assert (
        _send(client, "Freeze", _vars("ANNUAL", "2025"))["freezeReport"]["__typename"] == "PermissionDenied"
    )
    snapshot = client.platform.reports.freeze(LOCAL_OPERATOR, ReportKind.ANNUAL, "2025")
    signing = _send(client, "SignOff", {"id": str(snapshot.id)}, reporter)["signOffReport"]
    assert signing["__typename"] == "PermissionDenied"
    assert client.platform.reports.snapshot(snapshot.id).signed_off_at is None


def test_freezing_a_period_that_has_not_ended_is_refused(client: GraphQLClient) -> None:
    supervisor = client.token(Role.SUPERVISOR, None)
    at(client.platform, datetime(2025, 12, 31, 23, 0, tzinfo=UTC))
    early = _send(client, "Freeze", _vars("ANNUAL", "2025"), supervisor)["freezeReport"]
    assert early["__typename"] == "ReportNotReady" and "2025-12-31" in early["message"]
    at(client.platform, datetime(2025, 7, 31, 12, 0, tzinfo=UTC))
    assert _send(client, "Freeze", _vars("MONTHLY", "2025-07"), supervisor)["freezeReport"]["__typename"] == (
        "ReportNotReady"
    )
    at(client.platform, datetime(2025, 8, 1, 0, 0, tzinfo=UTC))
    assert _send(client, "Freeze", _vars("MONTHLY", "2025-07"), supervisor)["freezeReport"]["__typename"] == (
        "FrozenReport"
    )
    at(client.platform, datetime(2025, 9, 30, 0, 0, tzinfo=UTC))
    with pytest.raises(ReportNotReadyError):
        client.platform.reports.freeze(LOCAL_OPERATOR, ReportKind.QUARTERLY, "2025Q3")


def test_unknown_snapshot_and_bad_arguments(client: GraphQLClient) -> None:
    supervisor = client.token(Role.SUPERVISOR, None)
    assert _send(client, "SignOff", {"id": "999"}, supervisor)["signOffReport"]["__typename"] == "NotFound"
    for bad in ("999", "²", "x", str(2**40), "-1"):
        assert _send(client, "FrozenReport", {"id": bad})["frozenReport"] is None
        assert _send(client, "SignOff", {"id": bad}, supervisor)["signOffReport"]["__typename"] == "NotFound"
    body = _post(client, "Report", _vars("MONTHLY", "2025Q3"))
    assert body["data"] is None and "period" in body["errors"][0]["message"]
    assert "month" in body["errors"][0]["message"]
    body = _post(client, "Report", _vars("ANNUAL", "2025") | {"jurisdiction": "999999"})
    assert "jurisdiction" in body["errors"][0]["message"]
    rejected = client.data(
        'mutation { freezeReport(kind: ANNUAL, period: "2031") { ... on ReportInputRejected '
        "{ errors { field message } } } }",
        token=supervisor,
    )["freezeReport"]
    assert rejected["errors"][0]["field"] == "period"


def test_the_monthly_dispatch_lists_corrections_and_problems(sqlite_platform: Platform) -> None:
    from datetime import date, timedelta

    from qyx_platform.services.problems import NewProblem, ProblemService

    today = datetime.now(UTC).date()
    sqlite_platform.today = lambda: today  # the month of the report (alert rules judge this day too)
    seed(sqlite_platform)
    sqlite_platform.report([ObservationInput("21", "2025", "445")], actor=LOCAL_OPERATOR)
    with sqlite_platform.write(LOCAL_OPERATOR) as work:
        service = ProblemService(sqlite_platform.plan)
        late = NewProblem("托位建设滞后", "县卫生健康局", today - timedelta(days=1))
        service.raise_problem(work, late, today - timedelta(days=2))  # raised before it was due
        service.raise_problem(work, NewProblem("later", "县住建局", date(2027, 6, 30)))
    month = f"{today.year}-{today.month:02d}"
    report = sqlite_platform.reports.build(ReportKind.MONTHLY, month)
    revisions = report.section("revisions")
    assert revisions is not None
    (row,) = revisions.tables[0].rows
    assert row[1:5] == ("2025", 2, Decimal("440"), Decimal("445"))
    problems = report.section("problems")
    assert problems is not None
    opened, closed, overdue = (t.rows for t in problems.tables)
    assert [r[1] for r in opened] == ["托位建设滞后", "later"]
    assert closed == ()
    assert [r[1] for r in overdue] == ["托位建设滞后"]  # due yesterday, still open
    before = sqlite_platform.reports.build(ReportKind.MONTHLY, "2025-07")
    assert before.section("revisions").tables[0].rows == ()  # type: ignore[union-attr]


def test_sections_on_timeliness_milestones_surveys_and_alerts(sqlite_platform: Platform) -> None:
    from datetime import date

    from qyx_platform.model import Frequency
    from qyx_platform.services.clock import county_date
    from qyx_platform.services.milestones import MilestoneService, NewMilestone
    from qyx_platform.services.surveys import NewSurvey, SurveyService
    from qyx_platform.store.tables import ProblemRow

    platform = sqlite_platform
    seed(platform)  # on the suite's today (QYX_TODAY, after 2025)
    at(platform, datetime(2025, 9, 1, 2, 0, tzinfo=UTC))
    project = next(p for p in platform.plan.projects if p.domain == "youyou")
    with platform.write(LOCAL_OPERATOR) as work:
        row = MilestoneService(platform.plan).add(
            work, NewMilestone(project.code, "托育中心开工", date(2025, 9, 10)), platform.today()
        )
        SurveyService(platform.plan).record(
            work, NewSurvey("youyou", "2025Q3", "86.5", 400), platform.today()
        )
    code = row.code
    at(platform, datetime(2025, 9, 20, 2, 0, tzinfo=UTC))
    september = platform.reports.build(ReportKind.MONTHLY, "2025-09")
    milestones = september.section("milestones")
    assert milestones is not None
    due, done, overdue = ([r[1] for r in t.rows] for t in milestones.tables)
    assert "托育中心开工" in due and "托育中心开工" in overdue and "托育中心开工" not in done
    with platform.write(LOCAL_OPERATOR) as work:
        MilestoneService(platform.plan).complete(work, code, date(2025, 9, 15), "开工报告", platform.today())
    september = platform.reports.build(ReportKind.MONTHLY, "2025-09")
    due, done, overdue = ([r[1] for r in t.rows] for t in september.section("milestones").tables)  # type: ignore[union-attr]
    assert "托育中心开工" in done and "托育中心开工" not in overdue

    # timeliness of July, judged today (a report counts once it has arrived): 县人力社保局 leads
    # 劳有所得, whose monthly items are all expected
    at(platform, datetime.now(UTC))
    july = platform.reports.build(ReportKind.MONTHLY, "2025-07")
    timeliness = july.section("timeliness")
    assert timeliness is not None
    monthly = [
        i for i in platform.plan.indicators if i.domain == "laoyoudeyou" and i.frequency is Frequency.MONTHLY
    ]
    monthly_targets = [
        t
        for task, t in platform.plan.task_targets
        if task.domain == "laoyoudeyou" and t.frequency is Frequency.MONTHLY
    ]
    labour = next(r for r in timeliness.tables[0].rows if r[0] == "县人力社保局")
    expected = len(monthly) + len(monthly_targets)
    assert labour[1] == expected
    reported = 1  # indicator 9 was reported for 2025-07, long after the deadline
    assert (labour[2], labour[3], labour[4]) == (0, reported, expected - reported)
    missing = [r for r in timeliness.tables[1].rows if r[0] == "县人力社保局"]
    assert len(missing) == expected - reported and all(r[2] == "2025-07" for r in missing)

    quarter = platform.reports.build(ReportKind.QUARTERLY, "2025Q3")
    surveys = quarter.section("surveys")
    assert surveys is not None
    (survey,) = surveys.tables[0].rows
    assert survey[:4] == ("幼有善育", "2025Q3", Decimal("86.5"), 400)
    assert platform.reports.build(ReportKind.QUARTERLY, "2025Q2").section("surveys").tables[0].rows == ()  # type: ignore[union-attr]

    # the alert rules raise problems (reports missing by today): the month they were raised lists them
    platform.run_alerts()  # they also run after every write: some were raised already
    with platform.sessions() as session:
        alerts = list(session.query(ProblemRow).filter(ProblemRow.source != "manual"))
    assert alerts
    raised = county_date(alerts[0].raised_at)
    month = platform.reports.build(ReportKind.MONTHLY, f"{raised.year}-{raised.month:02d}")
    listed = month.section("alerts").tables[0].rows  # type: ignore[union-attr]
    assert alerts[0].id in [r[0] for r in listed]
    assert alerts[0].source.removeprefix("rule:") in [r[1] for r in listed]


def test_the_annual_summary_carries_the_scoreboards_parts_and_task_target_states(
    sqlite_platform: Platform,
) -> None:
    from qyx_platform.evaluation.task_targets import is_expected
    from qyx_platform.services.readings import Readings
    from qyx_platform.services.report_data import percent
    from qyx_platform.services.scoreboard import build_scoreboard

    platform = sqlite_platform
    seed(platform)
    at(platform, AFTER_2025)
    report = platform.reports.build(ReportKind.ANNUAL, "2025")
    home = platform.plan.document.home_jurisdiction
    board = build_scoreboard(platform.plan, Readings(platform), 2025, home, today=AFTER_2025.date())
    section = report.section("by_department")
    assert section is not None
    rows = {r[0]: r for r in section.tables[0].rows}
    assert len(rows) == len(board.departments)
    for g in board.departments:
        row = rows[g.rank]
        assert row[2:9] == (
            g.score,
            g.states,
            percent(g.timeliness),
            percent(g.closure_rate),
            percent(g.milestones_done),
            g.core.value,
            g.rank_change,
        )
    tasks = report.section("task_targets")
    assert tasks is not None
    expected = [t for _task, t in platform.plan.task_targets if is_expected(platform.plan, t, 2025)]
    assert len(tasks.tables[0].rows) == len(expected)
    names = {
        "achieved",
        "on track",
        "at risk",
        "behind",
        "no data",
        "已达标",
        "进度正常",
        "有风险",
        "滞后",
        "无数据",
    }
    assert all(r[-1] in names for r in tasks.tables[0].rows)


# ---------------------------------------------------------------- formats


class _Tables(HTMLParser):
    """Every table of an HTML page as rows of cell texts; every img/link/script seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.references: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.svgs = 0
        self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "svg":
            self.svgs += 1
        if tag in ("img", "link", "script", "iframe", "object", "embed", "image", "use") or any(
            name in ("src", "href", "xlink:href") for name, _ in attrs
        ):
            self.references.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _expected(report: Report) -> list[list[list[str]]]:
    return [
        [list(t.columns), *([format_cell(c) for c in row] for row in t.rows)]
        for s in report.sections
        for t in s.tables
    ]


def _markdown_tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            if line.startswith("|---"):
                continue
            cells = [c.strip().replace("\\|", "|") for c in line.strip()[1:-1].split(" | ")]
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    return tables


def _same_number(stored: object, printed: str) -> bool:
    if stored is None:  # an empty text cell is no cell in a workbook
        return printed in ("-", "")
    if isinstance(stored, int | float):
        return Decimal(str(stored)) == Decimal(printed)
    return str(stored) == printed


@pytest.fixture
def annual(sqlite_platform: Platform) -> Report:
    """The annual summary of 2025 with seeded values and a problem."""
    seed(sqlite_platform)
    return sqlite_platform.reports.build(ReportKind.ANNUAL, "2025")


@pytest.mark.parametrize("kind_period", [(ReportKind.ANNUAL, "2025"), (ReportKind.QUARTERLY, "2025Q3")])
def test_every_format_carries_the_same_figures(
    sqlite_platform: Platform, kind_period: tuple[ReportKind, str]
) -> None:
    seed(sqlite_platform)
    report = sqlite_platform.reports.build(*kind_period)
    expected = _expected(report)
    charts = [c for s in report.sections for c in s.charts]
    assert len(expected) >= 10 and len(charts) >= 27

    assert _markdown_tables(render(report, ReportFormat.MD).decode("utf-8")) == expected

    page = _Tables()
    page.feed(render(report, ReportFormat.HTML).decode("utf-8"))
    assert page.tables == expected
    assert page.svgs == len(charts)

    document = Document(io.BytesIO(render(report, ReportFormat.DOCX)))
    assert [[[c.text for c in r.cells] for r in t.rows] for t in document.tables] == expected
    assert len(document.inline_shapes) == len(charts)
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [s.heading for s in report.sections]

    data = render(report, ReportFormat.XLSX)
    workbook = load_workbook(io.BytesIO(data))
    sheets = workbook.worksheets[1 : 1 + len(expected)]
    for sheet, table in zip(sheets, expected, strict=True):
        rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
        assert rows[0] == table[0]
        assert len(rows) == len(table)
        for got, want in zip(rows[1:], table[1:], strict=True):
            assert all(_same_number(g, w) for g, w in zip(got, want, strict=True)), (sheet.title, got, want)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) == len(charts)
    chart_sheet = workbook.worksheets[-1]
    first = charts[0]
    values = [list(r) for r in chart_sheet.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert values[0][1 : 1 + len(first.categories)] == list(first.categories)
    for got_row, series in zip(values[1:], first.series, strict=True):
        assert got_row[0] == series.name
        assert all(_same_number(g, format_cell(v)) for g, v in zip(got_row[1:], series.values, strict=False))


def test_the_html_page_needs_nothing_from_outside(annual: Report) -> None:
    text = render(annual, ReportFormat.HTML).decode("utf-8")
    page = _Tables()
    page.feed(text)
    assert page.references == []
    assert "http:" not in text and "https:" not in text and "url(" not in text and "@import" not in text
    assert text.startswith("<!DOCTYPE html>") and "@media print" in text


def test_cli_writes_every_format_and_a_frozen_snapshot(
    sqlite_platform: Platform, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sqlite_platform)
    for fmt in ReportFormat:
        out = tmp_path / f"annual.{fmt.value}"
        args = ["report", "annual", "--period", "2025", "--format", fmt.value, "--out", str(out)]
        assert main([*args, "--db", sqlite_url, "--no-progress"]) == 0
        assert out.stat().st_size > 1000
    assert main(["report", "monthly", "--period", "2025-07", "--db", sqlite_url, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 庆元县 public services, Seven Excellences: monthly dispatch (2025-07)\n")
    assert "## Changes since last month" in out and "| 2.0 | 2.2 | 0.2 |" in out
    at(sqlite_platform, AFTER_2025)
    snapshot = sqlite_platform.reports.freeze(LOCAL_OPERATOR, ReportKind.ANNUAL, "2025")
    sqlite_platform.report([ObservationInput("21", "2025", "452")], actor=LOCAL_OPERATOR)
    capsys.readouterr()
    args = ["report", "annual", "--period", "2025", "--db", sqlite_url, "--frozen", str(snapshot.id)]
    assert main(args) == 0
    assert capsys.readouterr().out == snapshot.report.markdown()
    assert main(["report", "annual", "--period", "2025-07", "--db", sqlite_url]) == 2
    assert "period" in capsys.readouterr().err
    assert main(["report", "annual", "--period", "2025", "--format", "xlsx", "--db", sqlite_url]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["report", "quarterly", "--period", "2025Q3", "--db", sqlite_url, "--frozen", "1"]) == 2
    assert "not the quarterly report" in capsys.readouterr().err
    # the format follows the file's name; a name for another format is refused, nothing written
    named = tmp_path / "named.docx"
    assert main(["report", "annual", "--period", "2025", "--out", str(named), "--db", sqlite_url]) == 0
    assert named.read_bytes()[:2] == b"PK"  # a Word document (a zip), not Markdown
    for out, extra in ((tmp_path / "x.pdf", []), (tmp_path / "y.md", ["--format", "docx"])):
        assert (
            main(["report", "annual", "--period", "2025", "--out", str(out), *extra, "--db", sqlite_url]) == 2
        )
        assert str(out) in capsys.readouterr().err and not out.exists()


# ---------------------------------------------------------------- storage, cache, plugins


def test_snapshots_survive_backup_and_restore(tmp_path: Path, db_url: str, sqlite_url: str) -> None:
    source = Platform(sqlite_url)
    seed(source)
    at(source, AFTER_2025)
    frozen = source.reports.freeze(LOCAL_OPERATOR, ReportKind.ANNUAL, "2025")
    source.reports.sign_off(LOCAL_OPERATOR, frozen.id)
    file = tmp_path / "backup.jsonl.gz"
    backup(source.engine, file)
    target = Platform(db_url)
    at(target, AFTER_2025)  # the same "today": reports due by then are judged alike
    restore(target.engine, file, replace=True)
    restored = target.reports.snapshot(frozen.id)
    assert restored.report == frozen.report
    assert restored.signed_off_by == "local operator"
    assert target.reports.changed_since(restored) == []
    source.close()
    target.close()


def test_a_report_is_built_once_per_data_version(sqlite_client: GraphQLClient) -> None:
    platform = sqlite_client.platform
    seed(platform)
    service = platform.reports
    calls: list[str] = []
    build = service._build

    def counted(*args: Any) -> Report:
        calls.append(str(args[1]))
        return build(*args)

    service._build = counted  # type: ignore[method-assign]
    first = _send(sqlite_client, "Report", _vars("ANNUAL", "2025"))
    assert calls == ["2025"], "one build for the whole answer, never one per section"
    with driver_statements(platform.engine) as seen:
        again = _send(sqlite_client, "Report", _vars("ANNUAL", "2025"))
    assert [s for s in seen if is_query(s) and "data_version" not in s and "report_snapshots" not in s] == []
    assert calls == ["2025"] and again["report"]["sections"] == first["report"]["sections"]
    platform.report([ObservationInput("21", "2025", "452")], actor=LOCAL_OPERATOR)
    _send(sqlite_client, "Report", _vars("ANNUAL", "2025"))
    assert calls == ["2025", "2025"]


def test_report_statements_do_not_grow_with_the_province(sqlite_platform: Platform) -> None:
    seed(sqlite_platform)
    # the home county (seeded: 440) and the city's other counties
    counties = [
        j.code for j in sqlite_platform.plan.jurisdictions if j.parent == "331100" and j.code != "331126"
    ]
    assert len(counties) >= 6

    def statements() -> int:
        sqlite_platform.cache.clear()
        with driver_statements(sqlite_platform.engine) as seen:
            sqlite_platform.reports.build(ReportKind.ANNUAL, "2025", "331100")
        return len([s for s in seen if is_query(s)])

    def report(codes: list[str]) -> None:
        rows = [ObservationInput("21", "2025", str(400 + n), jurisdiction=c) for n, c in enumerate(codes)]
        rows += [ObservationInput("1", "2025", "4.60", jurisdiction=c) for c in codes]
        sqlite_platform.report(rows, actor=LOCAL_OPERATOR)

    report(counties[:2])
    few = statements()
    report(counties)
    assert statements() == few, "the city's report reads its counties set-wise"
    rolled = sqlite_platform.reports.build(ReportKind.ANNUAL, "2025", "331100")
    pipeline = rolled.section("zhuyou.rental_housing")
    assert pipeline is not None
    row_2025 = next(r for r in pipeline.tables[0].rows if r[0] == 2025)
    assert row_2025[2] == sum(Decimal(400 + n) for n in range(len(counties))) + 440


class _BadSections:
    @hookimpl
    def qyx_report_sections(self, kind: ReportKind) -> list[object]:
        return ["not a section"]


class _ExtraSection:
    @hookimpl
    def qyx_report_sections(self, kind: ReportKind, data: Any) -> list[ReportSection]:
        text = data.t(f"额外 {kind.value}", f"extra {kind.value}")
        return [ReportSection("extra.note", text, text)]


def test_hook_qyx_report_sections(sqlite_url: str) -> None:
    bad = Platform(sqlite_url, plugins=[("qyx_bad", _BadSections())])
    with pytest.raises(PluginError, match=r"qyx_bad.*ReportSection"):
        bad.reports.build(ReportKind.ANNUAL, "2025")
    bad.close()
    extra = Platform(sqlite_url, plugins=[("qyx_extra", _ExtraSection())])
    report = extra.reports.build(ReportKind.QUARTERLY, "2025Q3", language=Language.EN)
    assert report.sections[-1] == ReportSection("extra.note", "extra quarterly", "extra quarterly")
    extra.close()


# ---------------------------------------------------------------- model properties

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_cells = st.one_of(
    st.none(),
    _text,
    st.integers(-(10**6), 10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6),
)


@st.composite
def _tables(draw: st.DrawFn) -> ReportTable:
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.tuples(*[_cells] * width), max_size=4))
    return ReportTable(draw(_text), draw(_text), tuple(draw(_text) for _ in range(width)), tuple(rows))


@st.composite
def _charts(draw: st.DrawFn) -> ReportChart:
    n = draw(st.integers(0, 4))
    values = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=2))
    series = tuple(
        ChartSeries(draw(_text), tuple(draw(values) for _ in range(n)))
        for _ in range(draw(st.integers(0, 2)))
    )
    return ReportChart(draw(_text), draw(_text), draw(_text), tuple(draw(_text) for _ in range(n)), series)


_sections = st.builds(
    ReportSection,
    key=_text,
    heading=_text,
    text=_text,
    domain=st.one_of(st.none(), _text),
    tables=st.lists(_tables(), max_size=2).map(tuple),
    charts=st.lists(_charts(), max_size=2).map(tuple),
)


@given(sections=st.lists(_sections, max_size=3), language=st.sampled_from(Language))
def test_a_report_survives_its_json(sections: list[ReportSection], language: Language) -> None:
    report = Report(ReportKind.ANNUAL, "2025", "331126", "庆元县", language, "t", AFTER_2025, tuple(sections))
    again = Report.from_json(report.to_json())
    assert again == report
    assert [s.digest() for s in again.sections] == [s.digest() for s in sections]


@given(
    year=st.integers(1000, 9999),
    granularity=st.sampled_from(Granularity),
    index=st.integers(1, 12),
    kind=st.sampled_from(ReportKind),
)
def test_each_kind_takes_only_its_own_periods(
    year: int, granularity: Granularity, index: int, kind: ReportKind
) -> None:
    limit = {Granularity.YEAR: 0, Granularity.QUARTER: 4, Granularity.MONTH: 12}[granularity]
    period = Period(year, granularity, 0 if limit == 0 else (index - 1) % limit + 1)
    if granularity is kind.granularity:
        assert kind.period(str(period)) == period
    else:
        with pytest.raises(PeriodError, match=kind.value):
            kind.period(str(period))


def test_cells_are_exact_numbers_or_text() -> None:
    table = ReportTable("k", "t", ("a", "b", "c"), ((Decimal("1.50"), None, "x|y"),))
    assert table.markdown().splitlines()[-1] == "| 1.50 | - | x\\|y |"
    with pytest.raises(TypeError, match="float"):
        ReportTable("k", "t", ("a",), ((1.5,),))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1 cells for 2"):
        ReportTable("k", "t", ("a", "b"), (("x",),))


def test_a_province_report_rolls_up_from_the_counties_when_no_city_reports(sqlite_platform: Platform) -> None:
    """Roll-up reaches down as far as values are (as the scoreboard's does): the province's
    figure comes from its counties' when neither it nor its cities report."""
    seed(sqlite_platform)  # the home county 331126 reports 440
    counties = [
        j.code for j in sqlite_platform.plan.jurisdictions if j.parent == "331100" and j.code != "331126"
    ]
    rows = [ObservationInput("21", "2025", str(400 + n), jurisdiction=c) for n, c in enumerate(counties)]
    sqlite_platform.report(rows, actor=LOCAL_OPERATOR)
    city = sqlite_platform.reports.build(ReportKind.ANNUAL, "2025", "331100")
    province = sqlite_platform.reports.build(ReportKind.ANNUAL, "2025", "330000")

    def actual_2025(report: Any) -> Any:
        pipeline = report.section("zhuyou.rental_housing")
        assert pipeline is not None
        return next(r for r in pipeline.tables[0].rows if r[0] == 2025)[2]

    expected = sum(Decimal(400 + n) for n in range(len(counties))) + 440
    assert actual_2025(city) == expected
    assert actual_2025(province) == expected


@given(
    st.lists(
        st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=12,
    )
)
def test_a_charts_value_axis_is_round_and_covers_every_value(values: list[Decimal]) -> None:
    """The HTML report's value axis: a round step (1, 2 or 5 × 10ⁿ), a handful of ticks that
    cover every value with distinct labels, and no negative range for values that never are."""
    from qyx_platform.report_formats.svg import _num, nice_axis

    low, high, step = nice_axis(values)
    assert low <= min(values) and max(values) <= high
    assert step.normalize().as_tuple().digits[0] in (1, 2, 5) and len(step.normalize().as_tuple().digits) == 1
    ticks = int((high - low) / step)
    assert (high - low) % step == 0 and 1 <= ticks <= 10
    if min(values) >= 0:
        assert low >= 0
    labels = [_num(low + step * i, step) for i in range(ticks + 1)]
    assert len(set(labels)) == len(labels)


@given(st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False, allow_infinity=False))
def test_a_rounded_figure_never_hides_a_nonzero_value(value: Decimal) -> None:
    """Report figures keep two places, but a value too small for them keeps one significant
    digit: never a (negative) zero beside a state that says something is short."""
    from qyx_platform.services.report_data import rounded

    shown = rounded(value)
    assert shown is not None
    assert shown.is_zero() == value.is_zero()
    assert not (shown.is_zero() and shown.is_signed())
    if abs(value) >= Decimal("0.01"):
        assert abs(shown - value) <= Decimal("0.005")
    else:
        assert shown == value or (shown * value > 0 and abs(shown - value) < abs(value))
