"""The Python API: what GraphQL answers, from Platform, as tables that print and convert.

Each answer is checked against the GraphQL API's answer for the same question (the same
services behind both), not against numbers written into the test.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import GraphQLClient, operation
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform import (
    LOCAL_OPERATOR,
    Actor,
    NotFoundError,
    ObservationInput,
    PermissionDeniedError,
    Platform,
    QyxError,
    Role,
    ValidationError,
)
from qyx_platform.i18n import use_language
from qyx_platform.results import format_table, text_width

ROWS = [
    ObservationInput("1", "2025", "3.2"),
    ObservationInput("9", "2025", "2.5"),
    ObservationInput("12", "2025", "85", series="职工"),
    ObservationInput("1", "2024", "2.9"),
    ObservationInput("1", "2025Q2", "3.0"),
    ObservationInput("1", "2025", "3.4", "331102"),
]


@pytest.fixture
def seeded(sqlite_client: GraphQLClient) -> GraphQLClient:
    sqlite_client.platform.report(ROWS, actor=LOCAL_OPERATOR)
    return sqlite_client


def test_status_matches_graphql(seeded: GraphQLClient) -> None:
    platform = seeded.platform
    table = platform.status("2025", indicators=["1", "12", "9"])
    assert [r.number for r in table] == [1, 12, 12, 9]  # as asked, one row per series
    for code in ("1", "12", "9"):
        answer = seeded.data(operation("status"), {"code": code, "period": "2025"})["indicator"]["status"]
        mine = [r for r in table if r.number == int(code)]
        assert [(r.series, r.state.upper(), r.actual, r.checkpoint, r.progress) for r in mine] == [
            (
                a["series"],
                a["state"],
                None if a["actual"] is None else Decimal(a["actual"]),
                None if a["checkpoint"] is None else Decimal(a["checkpoint"]),
                None if a["progress"] is None else Decimal(a["progress"]),
            )
            for a in answer
        ]
        assert [r.target for r in mine] == [a["target"]["text"] if a["target"] else None for a in answer]


def test_status_rows_are_plain_and_print_readably(seeded: GraphQLClient) -> None:
    table = seeded.platform.status("2025", indicators=["1"])
    (row,) = table.rows()
    assert row["indicator"] == "youyou.childcare_places_per_1000" and row["actual"] == Decimal("3.2")
    assert isinstance(row["note"], str) and row["state"] in {"achieved", "on_track", "at_risk", "behind"}
    assert json.loads(table.to_json())[0]["actual"] == "3.2"  # exact, as text
    with use_language("zh_CN"):
        text = str(table)
        assert "每千人口拥有3岁以下婴幼儿托位数" in text and "实际值" in text and "庆元县" in text
    with use_language("en"):
        text = repr(table)
        assert "Childcare places" in text and "actual" in text and "object at 0x" not in text
        assert "employees' scheme" in str(seeded.platform.status("2025", indicators=["12"]))
    assert "<table>" in table._repr_html_()


def test_status_narrows_and_refuses_unknowns(seeded: GraphQLClient) -> None:
    platform = seeded.platform
    assert {r.indicator.split(".")[0] for r in platform.status("2025", domain="youyou")} == {"youyou"}
    core = platform.status("2025", core=True)
    assert core and all(platform.plan.find_indicator(r.indicator).core for r in core)  # type: ignore[union-attr]
    city = platform.status("2025", jurisdiction="331100", indicators=["1"])
    assert city[0].children_expected is not None
    with pytest.raises(NotFoundError, match="no indicator 'nope'"):
        platform.status("2025", indicators=["nope"])
    with pytest.raises(NotFoundError, match="no domain 'x'"):
        platform.status("2025", domain="x")
    with pytest.raises(QyxError, match="is not a period"):
        platform.status("2025-13")
    with pytest.raises(NotFoundError, match="no jurisdiction 999999"):
        platform.status("2025", jurisdiction="999999")
    with pytest.raises(NotFoundError, match="no department 'nobody'"):
        platform.problems(department="nobody")


def test_timeline_matches_graphql(seeded: GraphQLClient) -> None:
    table = seeded.platform.timeline("1", jurisdiction="331100", granularity="year")
    query = """query($p: String!) { indicator(code: "1") { timeline(under: $p, granularity: YEAR)
               { jurisdiction series periods values } } }"""
    answer = seeded.data(query, {"p": "331100"})["indicator"]["timeline"]
    expected = {
        (t["jurisdiction"], period, Decimal(value))
        for t in answer
        for period, value in zip(t["periods"], t["values"], strict=True)
    }
    assert {(p.jurisdiction, p.period, p.value) for p in table} == expected and expected
    assert {p.period for p in seeded.platform.timeline("1", granularity="quarter")} == {"2025Q2"}
    with pytest.raises(QyxError, match="granularity 'week'"):
        seeded.platform.timeline("1", granularity="week")


def test_scoreboard_matches_graphql(seeded: GraphQLClient) -> None:
    board = seeded.platform.scoreboard(2025)
    answer = seeded.data(operation("scoreboard"), {"year": 2025})["scoreboard"]
    assert [(d.key, d.rank, d.score, d.achieved, d.behind, d.no_data) for d in board.domains] == [
        (
            d["domain"]["code"],
            d["rank"],
            None if d["score"] is None else Decimal(d["score"]),
            d["achieved"],
            d["behind"],
            d["noData"],
        )
        for d in answer["domains"]
    ]
    assert [(d.key, d.rank) for d in board.departments] == [
        (d["department"]["name"], d["rank"]) for d in answer["departments"]
    ]
    plain = json.loads(board.to_json())
    assert plain["year"] == 2025 and len(plain["domains"]) == len(board.domains)
    with use_language("zh_CN"):
        assert "得分" in str(board) and "幼有善育" in str(board)
    with pytest.raises(QyxError, match="outside the plan"):
        seeded.platform.scoreboard(2031)


def test_problems_workflow(sqlite_platform: Platform) -> None:
    p = sqlite_platform
    due = date.today() + timedelta(days=30)
    raised = p.raise_problem("托位缺口", "县卫生健康局", due, indicator="1")
    late = p.raise_problem("体检覆盖不足", "县卫生健康局", date.today() - timedelta(days=1))
    assert (raised.status, raised.domain, raised.overdue) == ("open", "youyou", False)
    assert [x.id for x in p.problems(overdue=True)] == [late.id]
    assert p.start_rectifying(raised.id).status == "rectifying"
    with pytest.raises(ValidationError, match="needs evidence"):
        p.close_problem(raised.id, " ")
    closed = p.close_problem(raised.id, "新增托位 200 个")
    assert (closed.status, closed.evidence) == ("closed", "新增托位 200 个")
    assert [x.id for x in p.problems(status="closed")] == [raised.id]
    assert p.reopen_problem(raised.id).status == "reopened"
    assert p.problems().rows()[0]["title"] == "托位缺口"
    with pytest.raises(QyxError, match="status 'done'"):
        p.problems(status="done")
    with pytest.raises(NotFoundError):
        p.start_rectifying(999)


def test_approval_makes_a_revision_current(tmp_path: Path) -> None:
    p = Platform(f"sqlite:///{tmp_path / 'a.sqlite3'}", require_approval=True)
    reporter = Actor("卫健局填报员", Role.REPORTER, "县卫生健康局")
    try:
        p.report([ObservationInput("1", "2025", "3.2")], actor=reporter)
        (pending,) = p.pending(LOCAL_OPERATOR)
        assert p.status("2025", indicators=["1"])[0].actual is None
        with pytest.raises(PermissionDeniedError):
            p.approve(pending.id, reporter)
        p.approve(pending.id, LOCAL_OPERATOR)
        assert [r.approved for r in p.observations("1")] == [True]
        assert p.status("2025", indicators=["1"])[0].actual == Decimal("3.2")
        with pytest.raises(NotFoundError):
            p.approve(10_000, LOCAL_OPERATOR)
    finally:
        p.close()


def test_import_and_export_files(sqlite_platform: Platform, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("指标,期间,数值\n1,2025,3.2\n9,2025,2.5\n", encoding="utf-8")
    assert sqlite_platform.import_file(source, check_only=True).rows == 2
    assert len(sqlite_platform.observations("1")) == 0
    result = sqlite_platform.import_file(source)
    assert result.new_values == 2
    out = tmp_path / "out.csv"
    assert sqlite_platform.export(out, lang="en") == 2
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("indicator,") and len(lines) == 3


def test_a_report_prints_as_a_table(sqlite_platform: Platform) -> None:
    stored = sqlite_platform.report([ObservationInput("1", "2025", "3.2")], actor=LOCAL_OPERATOR)
    with use_language("en"):
        text = repr(stored)
    assert "object at 0x" not in text and "3.2" in text and "1 revision(s) stored" in text
    assert stored.rows()[0]["value"] == Decimal("3.2")


@given(
    st.lists(st.lists(st.text(alphabet="ab中文", min_size=1, max_size=6), min_size=2, max_size=2), max_size=5)
)
def test_text_tables_align_wide_characters(rows: list[list[str]]) -> None:
    """Every line of a printed table is as wide on a terminal as the rule (CJK counts two)."""
    lines = format_table(["甲", "b"], rows, [False, True]).splitlines()
    assert len({text_width(line) for line in lines}) == 1
