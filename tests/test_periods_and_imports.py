"""Issue 11, items 3 and 4: periods not yet ended are refused as actual values (unless the
indicator takes forecasts, stored as such and never current), and imports are idempotent;
on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import GraphQLClient

from qyx_platform import DomainPlugin, Platform, Role
from qyx_platform.cli import main as qyx
from qyx_platform.errors import ValidationError
from qyx_platform.model import ObservationInput, Period
from qyx_platform.services.auth import LOCAL_OPERATOR
from qyx_platform.services.importing import import_file
from qyx_platform.services.values import has_ended, period_end

TODAY = date(2026, 12, 1)
ALLOWANCE = "ruoyou.minimum_living_allowance_standard"
FORECAST_PLAN = """
[domain]
code = "demo"
order = 8
name = "演示领域"
english_name = "Demo"
brand = "演示品牌"
lead_department = "县演示局"

[[indicators]]
code = "demo.forecastable"
plan_number = 98
name = "可预测指标"
unit = "个"
polarity = "higher"
accumulation = "level"
rollup = "sum"
allows_forecast = true
targets = { 2022 = "10", 2023 = "20", 2024 = "30", 2025 = "40", 2026 = "50", 2027 = "60" }
"""


@pytest.fixture
def on_dec_1(db_url: str) -> Iterator[Platform]:
    """A platform whose clock says 2026-12-01."""
    p = Platform(db_url, today=lambda: TODAY)
    yield p
    p.close()


def test_period_ends() -> None:
    assert period_end(Period.parse("2026-11")) == date(2026, 11, 30)
    assert period_end(Period.parse("2024-02")) == date(2024, 2, 29)
    assert period_end(Period.parse("2026Q3")) == date(2026, 9, 30)
    assert period_end(Period.parse("2026")) == date(2026, 12, 31)
    assert has_ended(Period.parse("2026-11"), TODAY) and not has_ended(Period.parse("2026Q4"), TODAY)


@pytest.mark.parametrize("period", ["2027-12", "2027Q4", "2027", "2026", "2026Q4", "2026-12"])
def test_a_period_not_yet_ended_is_refused_as_an_actual(on_dec_1: Platform, period: str) -> None:
    with pytest.raises(ValidationError) as info:
        on_dec_1.report([ObservationInput(ALLOWANCE, period, "13500")], actor=LOCAL_OPERATOR)
    (error,) = info.value.errors
    assert error.field == "period" and "has not ended yet (today is 2026-12-01)" in error.message


@pytest.mark.parametrize("period", ["2026-11", "2026Q3", "2025"])
def test_an_ended_period_is_taken(on_dec_1: Platform, period: str) -> None:
    (row,) = on_dec_1.report([ObservationInput(ALLOWANCE, period, "13500")], actor=LOCAL_OPERATOR)
    assert row.period == period


def test_graphql_and_files_refuse_future_periods_alike(on_dec_1: Platform, tmp_path: Path) -> None:
    client = GraphQLClient(on_dec_1)
    result = client.data(
        """mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename
           ... on ReportRejected { errors { index field message } } } }""",
        {"i": [{"indicator": "24", "period": "2027Q4", "value": "14000"}]},
        client.token(Role.ADMIN, None),
    )["reportObservations"]
    assert result["__typename"] == "ReportRejected" and result["errors"][0]["field"] == "period"
    path = tmp_path / "future.csv"
    path.write_text("indicator,period,value\n24,2026-12,14000\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="has not ended yet"):
        import_file(on_dec_1, path, LOCAL_OPERATOR)


def test_a_forecast_is_stored_as_such_and_never_current(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(FORECAST_PLAN, encoding="utf-8")
    plugin = DomainPlugin(tmp_path / "plan.toml")
    p = Platform(db_url, plugins=[("demo_forecast", plugin)], today=lambda: TODAY)
    try:
        p.report([ObservationInput("demo.forecastable", "2026-11", "48")], actor=LOCAL_OPERATOR)
        (forecast,) = p.report([ObservationInput("demo.forecastable", "2026", "55")], actor=LOCAL_OPERATOR)
        assert forecast.period == "2026"
        client = GraphQLClient(p)
        history = client.data(
            '{ observations(indicator:"demo.forecastable"){ edges { node { period value forecast } } } }'
        )
        nodes = [e["node"] for e in history["observations"]["edges"]]
        assert nodes == [
            {"period": "2026-11", "value": "48", "forecast": False},
            {"period": "2026", "value": "55", "forecast": True},
        ]
        status = client.data('{ indicator(code:"demo.forecastable"){ status(period:"2026"){ actual } } }')[
            "indicator"
        ]["status"]
        assert [s["actual"] for s in status] == ["48"]  # the latest actual, never the forecast
        with pytest.raises(ValidationError, match="has not ended yet"):
            p.report([ObservationInput(ALLOWANCE, "2026", "13500")], actor=LOCAL_OPERATOR)
    finally:
        p.close()


def test_the_clock_comes_from_qyx_today(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QYX_TODAY", "2025-07-01")
    p = Platform(db_url)
    try:
        assert p.today() == date(2025, 7, 1)
        with pytest.raises(ValidationError, match="today is 2025-07-01"):
            p.report([ObservationInput(ALLOWANCE, "2025Q3", "13000")], actor=LOCAL_OPERATOR)
        monkeypatch.setenv("QYX_TODAY", "July")
        with pytest.raises(Exception, match="QYX_TODAY"):
            Platform(db_url)
    finally:
        p.close()


# -- idempotent imports -------------------------------------------------------------------


def _count(p: Platform) -> int:
    from sqlalchemy import func, select

    from qyx_platform.store.tables import ObservationRow

    with p.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(ObservationRow)) or 0)


def test_importing_the_same_file_three_times_writes_once(
    platform: Platform, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "values.csv"
    path.write_text(
        "indicator,period,value,note\n24,2024,12800,\n24,2025,13000,年报\n1,2025,4.50,\n", encoding="utf-8"
    )
    first = import_file(platform, path, LOCAL_OPERATOR)
    assert (first.new_values, first.revised, first.unchanged) == (3, 0, 0)
    version = platform.data_version()
    for _ in range(2):
        again = import_file(platform, path, LOCAL_OPERATOR)
        assert (again.new_values, again.revised, again.unchanged) == (0, 0, 3)
    assert _count(platform) == 3
    assert platform.data_version() == version  # nothing written, nothing to invalidate
    path.write_text(
        "indicator,period,value,note\n24,2024,12800,\n24,2025,13000,年报（更正）\n1,2025,4.5,\n",
        encoding="utf-8",
    )
    changed = import_file(platform, path, LOCAL_OPERATOR)
    assert (changed.new_values, changed.revised, changed.unchanged) == (0, 2, 1)  # a note; 4.50 → 4.5
    assert _count(platform) == 5
    assert qyx(["import", str(path), "--db", platform.database_url]) == 0
    err = capsys.readouterr().err
    assert "0 new, 0 revised, 3 unchanged" in err


def test_graphql_reports_unchanged_rows(client: GraphQLClient) -> None:
    admin = client.token(Role.ADMIN, None)
    query = """mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename
      ... on ReportAccepted { accepted unchanged observations { revision } } } }"""
    rows = [{"indicator": "24", "period": "2024", "value": "12800"}]
    first = client.data(query, {"i": rows}, admin)["reportObservations"]
    assert (first["accepted"], first["unchanged"], len(first["observations"])) == (1, 0, 1)
    again = client.data(query, {"i": rows}, admin)["reportObservations"]
    assert (again["accepted"], again["unchanged"], again["observations"]) == (1, 1, [])


def test_a_withdrawn_value_reported_again_is_a_new_revision(platform: Platform) -> None:
    from qyx_platform.services.corrections import withdraw

    (row,) = platform.report([ObservationInput("24", "2024", "12800")], actor=LOCAL_OPERATOR)
    with platform.sessions() as s:
        from qyx_platform.services.history import stored_rows

        (stored,) = stored_rows(s, [row])
    with platform.write(LOCAL_OPERATOR) as work:
        withdraw(work, stored.id, "sent by mistake")
    (again,) = platform.report([ObservationInput("24", "2024", "12800")], actor=LOCAL_OPERATOR)
    assert again.revision == 2 and again.value == Decimal("12800")


def test_a_pending_value_repeated_by_its_reporter_is_unchanged(platform: Platform) -> None:
    from qyx_platform.services.auth import Actor

    platform.set_setting("require-approval", True)
    reporter = Actor("民政局填报员", Role.REPORTER, "县民政局")
    platform.report([ObservationInput("24", "2024", "12800")], actor=reporter)
    assert len(platform.report([ObservationInput("24", "2024", "12800")], actor=reporter)) == 0
    assert _count(platform) == 1
    # a supervisor's report of the same value approves it anew: a new revision
    (approved,) = platform.report([ObservationInput("24", "2024", "12800")], actor=LOCAL_OPERATOR)
    assert approved.revision == 2 and approved.approved
