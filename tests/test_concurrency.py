"""Concurrent reporters and killed imports, on SQLite (WAL, busy timeout, BEGIN IMMEDIATE)
and on PostgreSQL (skipped when unreachable).

* 8 threads × 25 reports, each report writing the same key, the thread's own key and a
  jurisdiction whose (missing) city all threads create at once: nothing is lost or
  duplicated, revisions are gapless per key (1..n) and the current value is the last revision.
* A process SIGKILLed in the middle of a 200 000-row import leaves the database exactly as it
  was, and the database opens and takes reports afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from qyx_platform import LOCAL_OPERATOR, Platform
from qyx_platform.errors import QyxError
from qyx_platform.model import ObservationInput, StoredObservation
from qyx_platform.store.tables import AuditRow, CurrentValueRow, JurisdictionRow, ObservationRow

THREADS = 8
REPORTS = 25
#: rows of the import that gets killed
KILL_ROWS = 200_000


def quiet_indicator(platform: Platform) -> str:
    """An indicator without series whose only rule is the range check (a percent), so that
    any value 0-100 in any order is accepted."""
    for indicator in platform.plan.indicators:
        rules = [r.code for r in platform.reporting.rules if r.applies_to(indicator)]
        if not indicator.series and rules == ["core.range"]:
            return indicator.code
    pytest.skip("no indicator with only the range rule")


@pytest.fixture
def platform(db_url: str) -> Iterator[Platform]:
    """A fresh platform on SQLite, and on PostgreSQL where reachable."""
    p = Platform(db_url)
    yield p
    p.close()


def value(thread: int, n: int) -> str:
    """A value unique to (thread, report), as printed text: "13.07" (10 or more: a percentage
    of 1 or less, where the plan's values are all 10 or more, is refused as a likely fraction)."""
    return f"{10 + thread}.{n:02d}"


def history(platform: Platform, code: str, jurisdiction: str, period: str) -> list[tuple[int, str]]:
    """(revision, value) of every stored revision of a key, by revision."""
    with platform.sessions() as session:
        rows = session.execute(
            select(ObservationRow.revision, ObservationRow.value)
            .where(
                ObservationRow.indicator_code == code,
                ObservationRow.jurisdiction_code == jurisdiction,
                ObservationRow.period == period,
                ObservationRow.series == "",
            )
            .order_by(ObservationRow.revision)
        )
        return [(r, v) for r, v in rows]


def current(
    platform: Platform, code: str, jurisdiction: str, period: str
) -> tuple[str | None, int | None, int]:
    """(value, revision, latest_revision) of a key's current-value row."""
    with platform.sessions() as session:
        row = session.execute(
            select(CurrentValueRow.value, CurrentValueRow.revision, CurrentValueRow.latest_revision).where(
                CurrentValueRow.indicator_code == code,
                CurrentValueRow.jurisdiction_code == jurisdiction,
                CurrentValueRow.period == period,
                CurrentValueRow.series == "",
            )
        ).one()
        return row[0], row[1], row[2]


def test_concurrent_reporters(platform: Platform) -> None:
    code = quiet_indicator(platform)
    home = platform.plan.document.home_jurisdiction
    start = threading.Barrier(THREADS)
    gave_up: list[str] = []

    def reporter(t: int) -> list[tuple[int, list[StoredObservation]]]:
        start.wait()
        out = []
        for n in range(REPORTS):
            rows = [
                ObservationInput(code, "2025", value(t, n)),  # the same key in every thread
                ObservationInput(code, f"2024-{t + 1:02d}", value(t, n)),  # this thread's key
                # a county whose city no one has stored yet: every thread creates it at once
                ObservationInput(code, "2025", value(t, n), jurisdiction=f"3398{t + 1:02d}"),
            ]
            try:
                out.append((n, platform.report(rows, actor=LOCAL_OPERATOR)))
            except QyxError as exc:  # the service gave up after its retries: nothing written
                gave_up.append(f"thread {t} report {n}: {str(exc)[:120]}")
        return out

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(reporter, range(THREADS)))
    accepted = {(t, n) for t, out in enumerate(results) for n, _ in out}
    assert len(accepted) + len(gave_up) == THREADS * REPORTS

    # the shared key: every accepted report stored once, revisions 1..n without gaps
    shared = history(platform, code, home, "2025")
    assert [r for r, _ in shared] == list(range(1, len(accepted) + 1))
    assert sorted(v for _, v in shared) == sorted(value(t, n) for t, n in accepted)
    last = shared[-1]
    assert current(platform, code, home, "2025") == (last[1], last[0], len(accepted))
    # what each call returned agrees with what is stored
    returned = {stored[0].revision: str(stored[0].value) for out in results for _, stored in out}
    assert returned == dict(shared)
    for out in results:  # one thread's reports are ordered
        revisions = [stored[0].revision for _, stored in out]
        assert revisions == sorted(revisions)

    # each thread's own keys: revisions 1..k in its order, current = its last accepted report
    for t, out in enumerate(results):
        mine = [value(t, n) for n, _ in out]
        for jurisdiction, period in ((home, f"2024-{t + 1:02d}"), (f"3398{t + 1:02d}", "2025")):
            assert history(platform, code, jurisdiction, period) == list(enumerate(mine, start=1))
            assert current(platform, code, jurisdiction, period) == (mine[-1], len(mine), len(mine))

    with platform.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == 3 * len(accepted)
        cities = session.scalars(select(JurisdictionRow.code).where(JurisdictionRow.code == "339800")).all()
        assert cities == ["339800"]
        reports = session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.action == "report")
        )
        assert reports == len(accepted)

    # writers queue (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL): none gives up
    assert not gave_up


# -- a process killed in the middle of an import ------------------------------------------

CHILD = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path
    from qyx_platform import LOCAL_OPERATOR, Platform
    from qyx_platform.model import ObservationInput

    url, code, marker, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    platform = Platform(url)
    counties = [f"33{c:02d}{d:02d}" for c in range(1, 60) for d in range(1, 80)]
    periods = [f"{y}-{m:02d}" for y in range(2022, 2028) for m in range(1, 13)]
    rows = [ObservationInput(code, p, "50.5", j) for j in counties for p in periods][:count]
    assert len(rows) == count

    def progress(phase: str, done: int, total: int) -> None:
        # the second chunk of observations is in: the write transaction is well under way
        if phase == "write" and done >= 10_000 and not marker.exists():
            # written aside, then renamed: the parent must never see the file without its text
            aside = marker.with_name(marker.name + ".tmp")
            aside.write_text(str(done))
            os.replace(aside, marker)

    platform.report(rows, actor=LOCAL_OPERATOR, source="import", progress=progress)
    Path(str(marker) + ".finished").write_text("committed")
    """
)


def counts(platform: Platform) -> dict[str, int]:
    """Row counts of the tables a report writes, and the data version."""
    with platform.sessions() as session:
        out = {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (ObservationRow, CurrentValueRow, JurisdictionRow, AuditRow)
        }
    out["data_version"] = platform.data_version()
    return out


@pytest.mark.slow
def test_killed_import_leaves_the_database_as_it_was(db_url: str, tmp_path: Path) -> None:
    platform = Platform(db_url)
    code = quiet_indicator(platform)
    platform.report(
        [ObservationInput(code, "2025", "40"), ObservationInput(code, "2025-06", "41")], actor=LOCAL_OPERATOR
    )
    before = counts(platform)
    platform.close()

    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    marker = tmp_path / "inside-write"
    child = subprocess.Popen(
        [sys.executable, str(script), db_url, code, str(marker), str(KILL_ROWS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            if child.poll() is not None:
                output = child.stdout.read().decode(errors="replace") if child.stdout else ""
                pytest.fail(f"the import ended before it was killed ({child.returncode}):\n{output[-3000:]}")
            assert time.monotonic() < deadline, "the import never reached its write phase"
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert int(marker.read_text()) < KILL_ROWS
    assert not Path(str(marker) + ".finished").exists()

    # the database opens (migrations, plan sync), is intact and unchanged
    reopened = Platform(db_url)
    try:
        if reopened.engine.dialect.name == "sqlite":
            with reopened.engine.connect() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert counts(reopened) == before
        # and takes new reports, also for the keys the killed import was writing
        stored = reopened.report(
            [ObservationInput(code, "2022-01", "60", "330101"), ObservationInput(code, "2025", "42")],
            actor=LOCAL_OPERATOR,
        )
        assert [s.revision for s in stored] == [1, 2]
        assert stored[1].value == Decimal("42")
    finally:
        reopened.close()
