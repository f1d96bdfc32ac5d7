"""A year's latest values (``Readings.latest_in_year``), what the scoreboard, the annual summary
and the task targets' year states are judged on: every task target's value is among them on
either database, a county's board reads only that county's values, and SQLite finds them by
index seeks per indicator and jurisdiction rather than by reading the whole year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from qyx_platform import Comparator, ObservationInput, Platform, Role
from qyx_platform.evaluation import State
from qyx_platform.evaluation.task_targets import required
from qyx_platform.model import Period
from qyx_platform.services import readings as readings_module
from qyx_platform.services.auth import Actor
from qyx_platform.services.readings import Readings
from qyx_platform.services.scoreboard import build_scoreboard
from qyx_platform.services.task_targets import TaskTargetStatus

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


def test_a_county_board_reads_only_that_countys_values(
    sup: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str] | None] = []
    original = Readings.latest_in_year

    def noting(self: Readings, year: int, jurisdictions: Any = None) -> Any:
        asked.append(None if jurisdictions is None else sorted(jurisdictions))
        return original(self, year, jurisdictions)

    monkeypatch.setattr(Readings, "latest_in_year", noting)
    build_scoreboard(sup.plan, Readings(sup), 2025, HOME)
    assert asked and all(a == [HOME] for a in asked), asked
    asked.clear()
    build_scoreboard(sup.plan, Readings(sup), 2025, CITY)
    city = {CITY, *(j.code for j in sup.plan.children(CITY))}
    assert asked and all(a is not None and HOME in a and set(a) == city for a in asked), asked


def test_sqlite_seeks_the_year_index_by_indicator_and_jurisdiction(
    sqlite_platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, Any]] = []
    original = readings_module.read_text

    def noting(source: Any, sql: str, arguments: Any, build: Any) -> Any:
        seen.append((sql, arguments))
        return original(source, sql, arguments, build)

    monkeypatch.setattr(readings_module, "read_text", noting)
    Readings(sqlite_platform).latest_in_year(2025, [HOME])
    ((sql, arguments),) = [(q, a) for q, a in seen if "max(period_sort)" in q]
    with sqlite_platform.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", arguments).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "indicator_code=?" in details and "jurisdiction_code=?" in details, details
