"""Row validation and the problem workflow answer in the user's language: Chinese by default,
English on request, through the Python API, GraphQL (Accept-Language) and the CLI (--lang)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import GraphQLClient

from qyx_platform import LOCAL_OPERATOR, Actor, ObservationInput, Platform, Role
from qyx_platform.errors import PermissionDeniedError, ValidationError
from qyx_platform.i18n import use_language

#: indicator 9 (the registered unemployment rate) has no series; the same row twice repeats
ROWS = [
    ObservationInput("9", "2024", "2.5", series="职工"),
    ObservationInput("9", "2023", "2.5"),
    ObservationInput("9", "2023", "2.6"),
]


def _rejected(platform: Platform, rows: list[ObservationInput]) -> str:
    with pytest.raises(ValidationError) as caught:
        platform.report(rows, actor=LOCAL_OPERATOR)
    return str(caught.value)


def test_row_validation_errors_follow_the_language(sqlite_platform: Platform) -> None:
    with use_language("zh_CN"):
        chinese = _rejected(sqlite_platform, ROWS)
    with use_language("en"):
        english = _rejected(sqlite_platform, ROWS)
    code = "laoyoudeyou.urban_registered_unemployment_rate"
    assert chinese.splitlines() == [
        "共 2 个问题，未写入任何数据：",
        f"第 0 行：series：{code} 没有分组；请留空",
        "第 2 行：period：与第 1 行重复（指标、地区、期间和分组都相同）",
    ]
    assert english.splitlines() == [
        "2 problem(s); nothing was written:",
        f"row 0: series: {code} has no series; leave it empty",
        "row 2: period: repeats row 1 (same indicator, jurisdiction, period and series)",
    ]


def test_a_period_outside_the_plan_and_an_unknown_indicator(sqlite_platform: Platform) -> None:
    rows = [ObservationInput("9", "2031", "2.5"), ObservationInput("nope", "2024", "1")]
    with use_language("zh_CN"):
        chinese = _rejected(sqlite_platform, rows)
    with use_language("en"):
        english = _rejected(sqlite_platform, rows)
    assert "第 0 行：period：2031 不在规划期 2022—2027 内" in chinese
    assert "第 1 行：indicator：未知的指标 'nope'" in chinese
    assert "row 0: period: 2031 is outside the plan, 2022-2027" in english
    assert "row 1: indicator: unknown indicator 'nope'" in english


def _open_problem(platform: Platform) -> int:
    due = platform.today() + timedelta(days=30)
    return int(platform.raise_problem("托位数据未报送", "县卫生健康局", due).id)


def test_problem_workflow_errors_follow_the_language(sqlite_platform: Platform) -> None:
    problem = _open_problem(sqlite_platform)
    messages = {}
    for language in ("zh_CN", "en"):
        with use_language(language), pytest.raises(ValidationError) as caught:
            sqlite_platform.reopen_problem(problem)  # an open problem cannot be reopened
        messages[language] = str(caught.value).splitlines()[1]
    assert messages == {
        "zh_CN": "第 0 行：status：处于“待整改”状态的问题不能改为“已重新打开”",
        "en": "row 0: status: cannot move a problem from open to reopened",
    }


def test_a_problem_needs_a_supervisor_in_either_language(sqlite_platform: Platform) -> None:
    reporter = Actor("填报员", Role.REPORTER, "县卫生健康局")
    due = sqlite_platform.today() + timedelta(days=30)
    found = {}
    for language in ("zh_CN", "en"):
        with use_language(language), pytest.raises(PermissionDeniedError) as caught:
            sqlite_platform.raise_problem("标题", "县卫生健康局", due, actor=reporter)
        found[language] = str(caught.value)
    assert found == {
        "zh_CN": "提出问题需要督查员（supervisor）角色；该令牌的角色是填报员（reporter）",
        "en": "raising a problem needs the supervisor role; this token has the reporter role",
    }
    problem = _open_problem(sqlite_platform)
    with use_language("zh_CN"), pytest.raises(PermissionDeniedError) as closing:
        sqlite_platform.close_problem(problem, "整改报告", actor=reporter)
    assert str(closing.value) == (
        "将问题改为“已销号”需要督查员（supervisor）角色；该令牌的角色是填报员（reporter）"
    )


def test_a_role_is_named_in_chinese_with_the_code_a_token_takes() -> None:
    """Chinese names a role with its code, which `qyx token create --role` takes; English
    with the code alone."""
    with use_language("zh_CN"):
        chinese = [role.label for role in Role]
    with use_language("en"):
        english = [role.label for role in Role]
    assert chinese == ["查看员（viewer）", "填报员（reporter）", "督查员（supervisor）", "管理员（admin）"]
    assert english == [role.value for role in Role]
    assert all(f"（{role.value}）" in label for role, label in zip(Role, chinese, strict=True))


def test_a_reporter_without_a_department_is_named_by_its_role(sqlite_platform: Platform) -> None:
    reporter = Actor("填报", Role.REPORTER)  # a token made without --department
    rows = [ObservationInput("laoyoudeyou.urban_registered_unemployment_rate", "2024", "2.5")]
    found = {}
    for language in ("zh_CN", "en"):
        with use_language(language), pytest.raises(ValidationError) as caught:
            sqlite_platform.report(rows, actor=reporter)
        found[language] = str(caught.value)
    assert "填报员（reporter）无权报送 laoyoudeyou.urban_registered_unemployment_rate" in found["zh_CN"]
    assert "reporter may not report laoyoudeyou.urban_registered_unemployment_rate" in found["en"]


# -- GraphQL: Accept-Language ------------------------------------------------------------------

REPORT = """mutation($rows: [ObservationInput!]!) { reportObservations(input: $rows) {
  __typename ... on ReportRejected { errors { index field message } } } }"""
REOPEN = """mutation($id: ID!) { reopenProblem(id: $id) {
  __typename ... on ProblemRejected { errors { field message } } } }"""


def _post(client: GraphQLClient, query: str, variables: dict[str, Any], language: str, token: str) -> Any:
    response = client.http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Accept-Language": language, "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_graphql_answers_validation_and_workflow_errors_in_the_requested_language(
    sqlite_client: GraphQLClient,
) -> None:
    reporter = sqlite_client.token(Role.REPORTER, "县人力社保局")
    rows = {"rows": [{"indicator": "9", "period": "2024", "value": "2.5", "series": "职工"}]}
    zh = _post(sqlite_client, REPORT, rows, "zh-CN,zh;q=0.9", reporter)["reportObservations"]
    en = _post(sqlite_client, REPORT, rows, "en-GB", reporter)["reportObservations"]
    code = "laoyoudeyou.urban_registered_unemployment_rate"
    assert zh["errors"] == [{"index": 0, "field": "series", "message": f"{code} 没有分组；请留空"}]
    assert en["errors"] == [
        {"index": 0, "field": "series", "message": f"{code} has no series; leave it empty"}
    ]

    supervisor = sqlite_client.token(Role.SUPERVISOR, None)
    problem = {"id": str(_open_problem(sqlite_client.platform))}
    zh = _post(sqlite_client, REOPEN, problem, "zh", supervisor)["reopenProblem"]
    en = _post(sqlite_client, REOPEN, problem, "en", supervisor)["reopenProblem"]
    assert zh["errors"] == [{"field": "status", "message": "处于“待整改”状态的问题不能改为“已重新打开”"}]
    assert en["errors"] == [{"field": "status", "message": "cannot move a problem from open to reopened"}]


# -- the CLI: --lang ---------------------------------------------------------------------------


def test_cli_names_a_bad_row_in_chinese_unless_asked_for_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from qyx_platform.cli import main

    monkeypatch.delenv("QYX_LANG", raising=False)
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    rows = tmp_path / "rows.csv"
    rows.write_text("指标,期间,数值,分组\n9,2024,2.5,职工\n", encoding="utf-8")
    code = "laoyoudeyou.urban_registered_unemployment_rate"
    assert main(["import", str(rows), "--db", db]) == 2
    assert f"{code} 没有分组；请留空" in capsys.readouterr().err
    assert main(["--lang", "en", "import", str(rows), "--db", db]) == 2
    assert f"{code} has no series; leave it empty" in capsys.readouterr().err


def test_a_problems_history_is_written_in_the_installations_language(
    sqlite_platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is shared by the task force and the departments: the evidence step's note is
    stored in the installation's language (QYX_LANG, else Chinese), whoever submits it."""
    monkeypatch.setenv("QYX_LANG", "zh_CN")
    problem = sqlite_platform.raise_problem("托位缺口", "县卫生健康局", "2030-12-31", indicator="1")
    with use_language("en"):
        sqlite_platform.submit_problem_evidence(problem.id, "整改报告（县卫健〔2025〕3号）")
    notes = [event.note for event in sqlite_platform.problem_history(problem.id).records]
    assert "佐证材料：整改报告（县卫健〔2025〕3号）" in notes, notes
