"""Pausing the cyclic garbage collector around large acyclic work, and freezing start-up objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from qyx_platform import Platform
from qyx_platform.store.queries import collection_paused
from qyx_platform.web.app import create_app


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    else:  # pragma: no cover - the suite runs with the collector on
        gc.disable()


def test_collection_is_paused_inside_and_resumes_after() -> None:
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner pause must not resume collections early"
    assert gc.isenabled()


def test_a_collector_the_application_disabled_stays_disabled() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_collection_resumes_after_an_error() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_the_server_freezes_its_start_up_objects(sqlite_url: str) -> None:
    gc.unfreeze()
    platform = Platform(sqlite_url)
    with TestClient(create_app(platform)) as client:  # runs the lifespan
        assert gc.get_freeze_count() > 0
        assert client.get("/healthz").status_code == 200
    platform.close()


def test_a_report_leaves_the_collector_to_its_caller(sqlite_url: str) -> None:
    """Library calls never switch the process-wide collector: a rule running inside a report
    (an import's rows pass the same rules) sees it on."""
    from decimal import Decimal

    from qyx_platform import LOCAL_OPERATOR, IndicatorRule, ObservationInput, hookimpl

    seen: list[bool] = []

    def record(_p: object, _c: object) -> None:
        seen.append(gc.isenabled())

    class Watcher:
        @hookimpl
        def qyx_rules(self) -> list[IndicatorRule]:
            return [
                IndicatorRule(
                    "demo.watch",
                    "records the collector",
                    frozenset({"youyou.childcare_places_per_1000"}),
                    record,
                )
            ]

    gc.enable()
    platform = Platform(sqlite_url, plugins=[("watcher", Watcher())])
    try:
        platform.report([ObservationInput("1", "2025", Decimal("4.5"))], actor=LOCAL_OPERATOR)
    finally:
        platform.close()
    assert seen == [True]
