"""Evaluation is cached per data version: repeated reads cost one statement, any write
(from this process or another worker on the same database) invalidates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform
from qyx_platform.services.readings import Readings
from qyx_platform.services.status import StatusService
from tools.statements import driver_statements, is_query


@contextmanager
def count_statements(platform: Platform) -> Iterator[list[str]]:
    """The queries that reach the database driver (reads through the driver cursor included;
    transaction control and pool pings left out)."""
    with driver_statements(platform.engine) as seen:
        queries: list[str] = []
        yield queries
        queries.extend(s for s in seen if is_query(s))


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
    monkeypatch.setattr(platform, "data_version", lambda *a: checks.append(1) or read_version(*a))
    with count_statements(platform) as statements:
        again = _matrix(platform)
    assert again == first
    assert [s for s in statements if "data_version" not in s] == []  # only the version is read
    assert checks == [1]
    platform.cache.clear()
    with count_statements(platform) as statements:
        assert _matrix(platform) == first
    assert len(statements) >= 2, "the counter must see the reads a cache miss makes"
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


def test_a_matrix_wider_than_the_cache_stays_cached(sqlite_url: str) -> None:
    """One entry per year holds every jurisdiction's row: a province with more jurisdictions
    than the cache has entries must not evict its own rows on every request."""
    platform = Platform(sqlite_url)
    platform.report([ObservationInput("9", "2025", "2.9")], actor=LOCAL_OPERATOR)
    platform.cache.max_entries = 4
    counties = [j.code for j in platform.plan.jurisdictions if j.code.startswith("3311")][:8]
    assert len(counties) == 8

    def rows() -> list[int]:
        service = StatusService(platform.plan, Readings(platform))
        return [len(service.year_states(code, 2025)) for code in counties]

    first = rows()
    computed: list[int] = []
    original = StatusService._year_states

    def counted(self: StatusService, jurisdiction: str, year: int) -> Any:
        computed.append(1)
        return original(self, jurisdiction, year)

    StatusService._year_states = counted  # type: ignore[method-assign]
    try:
        assert rows() == first
    finally:
        StatusService._year_states = original  # type: ignore[method-assign]
    assert computed == []
    platform.close()
