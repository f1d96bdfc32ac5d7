"""A year's latest values (``Readings.latest_in_year``), what the matrix, the scoreboard, the
annual summary and the task targets' year states are judged on: the same on both databases and
on both SQLite paths (a few jurisdictions key by key, many in one pass over the year), every
task target's value among them, a county's board reads only that county's values, and SQLite
finds a few jurisdictions' by index seeks rather than by reading the whole year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from qyx_platform import LOCAL_OPERATOR, Comparator, ObservationInput, Platform, Role
from qyx_platform.evaluation import State
from qyx_platform.evaluation.task_targets import required
from qyx_platform.model import Period, parse_period
from qyx_platform.services import readings as readings_module
from qyx_platform.services.auth import Actor
from qyx_platform.services.readings import FEW_JURISDICTIONS, Readings
from qyx_platform.services.scoreboard import build_scoreboard
from qyx_platform.services.task_targets import TaskTargetStatus

UNEMPLOYMENT = "laoyoudeyou.urban_registered_unemployment_rate"  # monthly, %
REIMBURSEMENT = "bingyou.inpatient_reimbursement_rate"  # yearly, two series
CHECKUPS = "bingyou.free_health_checkups_yearly"  # a task target: 3.8 万人 every year
YEAR = 2025


def _counties(p: Platform, wanted: int) -> list[str]:
    """The home county first, then stored counties of Zhejiang's cities, ``wanted`` in all."""
    readings = Readings(p)
    home = p.plan.document.home_jurisdiction
    others = [
        county
        for city, _ in readings.children("330000")
        for county, _ in readings.children(city)
        if county != home
    ]
    assert len(others) >= wanted - 1
    return [home, *others[: wanted - 1]]


def _reported(p: Platform, counties: list[str]) -> list[ObservationInput]:
    """Values that differ by county and period: some counties stop reporting early, some
    report the year itself, only the home county reports the task target."""
    home = p.plan.document.home_jurisdiction
    rows: list[ObservationInput] = []
    for n, county in enumerate(counties):
        for month in range(1, 2 + n % 7):
            rows.append(ObservationInput(UNEMPLOYMENT, f"{YEAR}-{month:02d}", f"2.{n % 9}{month}", county))
        rows.append(ObservationInput(UNEMPLOYMENT, f"{YEAR - 1}-12", "4.9", county))  # another year
        if n % 3 == 0:
            rows.append(ObservationInput(UNEMPLOYMENT, f"{YEAR}Q1", f"3.{n % 10}", county))
        if n % 2 == 0:
            rows.append(ObservationInput(REIMBURSEMENT, str(YEAR), f"8{n % 10}", county, series="职工"))
            rows.append(ObservationInput(REIMBURSEMENT, str(YEAR), "70", county, series="城乡居民"))
    rows.append(ObservationInput(CHECKUPS, str(YEAR), "3.9", home, note="体检名册 (evidence)"))
    return rows


def _expected(
    rows: list[ObservationInput], counties: list[str], until_month: int = 12
) -> dict[tuple[str, str, str], tuple[Period, Decimal]]:
    """The latest period of each key within YEAR ending by ``until_month``, worked out from
    what was reported."""
    out: dict[tuple[str, str, str], tuple[Period, Decimal]] = {}
    for r in rows:
        period = parse_period(r.period)
        county = r.jurisdiction or ""
        if period.year != YEAR or county not in counties or period.end_month > until_month:
            continue
        key = (r.indicator, county, r.series or "")
        if key not in out or out[key][0].sort_key < period.sort_key:
            out[key] = (period, Decimal(str(r.value)))
    return out


def test_the_latest_of_each_key_in_a_year_on_every_path(platform: Platform) -> None:
    counties = _counties(platform, FEW_JURISDICTIONS + 4)
    rows = _reported(platform, counties)
    platform.report(rows, actor=LOCAL_OPERATOR)
    readings = Readings(platform)
    for asked in (counties[:1], counties[:3], counties):  # key by key, then one pass (SQLite)
        found = readings.latest_in_year(YEAR, asked, task_targets=True)
        assert found == _expected(rows, asked), asked
        indicators_only = readings.latest_in_year(YEAR, asked)  # what a matrix asks
        assert indicators_only == {k: v for k, v in found.items() if k[0] != CHECKUPS}
        for month in (1, 3, 5, 12):  # as known at the end of a month (the month boards)
            known = readings.latest_in_year(YEAR, asked, task_targets=True, until_month=month)
            assert known == _expected(rows, asked, month), (asked, month)
    home = platform.plan.document.home_jurisdiction
    assert readings.latest_in_year(YEAR, [home], task_targets=True)[(CHECKUPS, home, "")] == (
        Period.year_of(YEAR),
        Decimal("3.9"),
    )


HOME = "331126"
CITY = "331100"
SUPERVISOR = Actor("task force", Role.SUPERVISOR)


@pytest.fixture
def sup(db_url: str) -> Iterator[Platform]:
    p = Platform(db_url, today=lambda: date(2026, 3, 1))
    yield p
    p.close()


def _meeting_rows(p: Platform, period: str) -> list[ObservationInput]:
    """A value meeting every task target in ``period`` (with evidence for yes/no targets)."""
    rows = []
    for _, target in p.plan.task_targets:
        comparator, value = required(target)
        meeting = {Comparator.ABOVE: value + 1, Comparator.BELOW: value / 2}.get(comparator, value)
        note = "验收文件：县政府办〔2025〕12号" if target.yes_no else None
        rows.append(ObservationInput(target.code, period, str(meeting), note=note))
    return rows


def test_the_years_task_target_states_match_each_targets_status(sup: Platform) -> None:
    """The states the scoreboard and the annual summary count (read with the indicators' latest
    values in one statement) are the targets' own statuses, on PostgreSQL as on SQLite."""
    sup.report(_meeting_rows(sup, "2025"), actor=SUPERVISOR)
    status = TaskTargetStatus(sup.plan, Readings(sup))
    judged = status.year_states(HOME, 2025)
    assert len(judged) == len(sup.plan.task_targets)
    for target, evaluation in judged:
        own = status.status(target.code, Period.year_of(2025), HOME)
        assert evaluation.state is own.state, target.code
        assert evaluation.state is not State.NO_DATA, target.code
    board = build_scoreboard(sup.plan, Readings(sup), 2025, HOME)
    codes = {target.code for _, target in sup.plan.task_targets}
    counted = [e for e in board.evaluations if e.indicator in codes]
    assert counted and all(e.state is not State.NO_DATA for e in counted)


def test_a_month_board_judges_task_targets_as_known_at_the_end_of_that_month(platform: Platform) -> None:
    """A yearly task target reported for the whole year is not yet known at the end of June:
    the June board leaves it unreported; December's judges it."""
    home = platform.plan.document.home_jurisdiction
    platform.report(_reported(platform, [home]), actor=LOCAL_OPERATOR)

    def checkups(month: int) -> Any:
        board = build_scoreboard(platform.plan, Readings(platform), YEAR, home, month=month)
        (found,) = [e for e in board.evaluations if e.indicator == CHECKUPS]
        return found

    assert checkups(6).actual is None and checkups(6).state is State.NO_DATA
    assert checkups(12).actual == Decimal("3.9") and checkups(12).state is State.ACHIEVED


def test_a_county_board_reads_only_that_countys_values(
    sup: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str] | None] = []
    original = Readings.latest_in_year

    def noting(self: Readings, year: int, jurisdictions: Any = None, **options: Any) -> Any:
        asked.append(None if jurisdictions is None else sorted(jurisdictions))
        return original(self, year, jurisdictions, **options)

    monkeypatch.setattr(Readings, "latest_in_year", noting)
    build_scoreboard(sup.plan, Readings(sup), 2025, HOME)
    assert asked and all(a == [HOME] for a in asked), asked
    asked.clear()
    build_scoreboard(sup.plan, Readings(sup), 2025, CITY)
    city = {CITY, *(j.code for j in sup.plan.children(CITY))}
    assert asked and all(a is not None and HOME in a and set(a) == city for a in asked), asked


def test_sqlite_seeks_a_few_jurisdictions_by_indicator_and_jurisdiction(
    sqlite_platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, Any]] = []
    original = readings_module.read_text

    def noting(source: Any, sql: str, arguments: Any, build: Any) -> Any:
        seen.append((sql, arguments))
        return original(source, sql, arguments, build)

    monkeypatch.setattr(readings_module, "read_text", noting)
    Readings(sqlite_platform).latest_in_year(2025, [HOME], task_targets=True)
    ((sql, arguments),) = [(q, a) for q, a in seen if "period_sort)" in q]
    with sqlite_platform.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", arguments).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "indicator_code=?" in details and "jurisdiction_code=?" in details, details
