"""Evaluation is cached per data version: repeated reads cost one statement, any write
(from this process or another worker on the same database) invalidates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform
from qyx_platform.services.readings import Readings
from qyx_platform.services.status import StatusService


@contextmanager
def count_statements(platform: Platform) -> Iterator[list[str]]:
    seen: list[str] = []

    def listener(*args: object) -> None:
        statement = str(args[2])
        if statement.split()[0].upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:  # transaction control
            seen.append(statement)

    event.listen(platform.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(platform.engine, "before_cursor_execute", listener)


def _matrix(platform: Platform) -> dict[str, str | None]:
    service = StatusService(platform.plan, Readings(platform))
    rows = service.year_states("331126", 2025)
    return {f"{i.code}/{k}": (None if e.actual is None else str(e.actual)) for i, k, e in rows}


def test_repeated_reads_hit_the_cache(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    platform = Platform(db_url)
    platform.report([ObservationInput("9", "2025", "2.9")], actor=LOCAL_OPERATOR)
    first = _matrix(platform)
    checks: list[int] = []
    read_version = platform.data_version
    monkeypatch.setattr(platform, "data_version", lambda: checks.append(1) or read_version())
    with count_statements(platform) as statements:
        again = _matrix(platform)
    assert again == first
    assert statements == []  # nothing read but the data version (through the driver)
    assert checks == [1]
    platform.close()


def test_a_write_invalidates(db_url: str) -> None:
    platform = Platform(db_url)
    platform.report([ObservationInput("9", "2025", "2.9")], actor=LOCAL_OPERATOR)
    assert _matrix(platform)["laoyoudeyou.urban_registered_unemployment_rate/None"] == "2.9"
    platform.report([ObservationInput("9", "2025", "2.7")], actor=LOCAL_OPERATOR)
    assert _matrix(platform)["laoyoudeyou.urban_registered_unemployment_rate/None"] == "2.7"
    platform.close()


def test_a_write_by_another_worker_invalidates(db_url: str) -> None:
    worker_a = Platform(db_url)
    worker_b = Platform(db_url)
    worker_a.report([ObservationInput("1", "2025", "4.4")], actor=LOCAL_OPERATOR)
    assert _matrix(worker_a)["youyou.childcare_places_per_1000/None"] == "4.4"
    worker_b.report([ObservationInput("1", "2025", "4.6")], actor=LOCAL_OPERATOR)
    assert _matrix(worker_a)["youyou.childcare_places_per_1000/None"] == "4.6"
    worker_a.close()
    worker_b.close()
