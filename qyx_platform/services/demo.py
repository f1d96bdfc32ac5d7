"""A synthetic demonstration data set (演示数据) for a first look at the dashboard.

Every value is made up: a path from each indicator's baseline toward its yearly targets, some
ahead and some behind, for the home county and its neighbours under the same city, plus a few
problems. Every value carries the source ``demo`` and a note saying it is synthetic. The demo
lives in its own database (``$QYX_HOME/demo.sqlite3`` by default): :func:`load_demo` refuses a
database that holds any value that is not demo data, so it never mixes into a real one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import func, select

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _
from qyx_platform.model import Accumulation, Indicator, ObservationInput
from qyx_platform.platform import Platform
from qyx_platform.services.auth import LOCAL_OPERATOR
from qyx_platform.services.problems import NewProblem, ProblemService, ProblemStatus
from qyx_platform.store.engine import default_database_path
from qyx_platform.store.tables import ObservationRow, ProblemRow

DEMO_SOURCE = "demo"
DEMO_NOTE = "合成演示数据 synthetic demo data"
#: how many jurisdictions beside the home county get values (neighbours under its city)
NEIGHBOURS = 4


class DemoRefused(QyxError):
    """The database holds real data: the demo needs a database of its own."""


@dataclass(frozen=True)
class DemoResult:
    """What :func:`load_demo` wrote."""

    values: int
    problems: int
    already_loaded: bool


def demo_database_url() -> str:
    """The demo's own SQLite database: ``demo.sqlite3`` next to the default database."""
    path: Path = default_database_path().with_name("demo.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _quantum(indicator: Indicator) -> Decimal:
    """The number of decimals the plan prints for this indicator (at least 0.01 for rates)."""
    places = 0
    for cell in indicator.targets:
        if cell.expression.value is not None:
            exponent = cell.expression.value.as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
    return Decimal(1).scaleb(-places)


def _clamp(indicator: Indicator, value: Decimal) -> Decimal:
    if indicator.min_value is not None and value < indicator.min_value:
        value = indicator.min_value
    if indicator.max_value is not None and value > indicator.max_value:
        value = indicator.max_value
    return value


def demo_rows(platform: Platform, last_year: int, seed: int = 7) -> list[ObservationInput]:
    """The synthetic values: yearly values from the plan's first year to ``last_year`` − 1
    and the quarters of ``last_year`` so far, for the home county and a few neighbours."""
    plan = platform.plan
    home = plan.document.home_jurisdiction
    city = home[:4] + "00"
    neighbours = [j.code for j in plan.children(city) if j.code != home]
    places = [home, *neighbours[:NEIGHBOURS]]
    start = plan.document.start_year
    rows: list[ObservationInput] = []
    for indicator in plan.indicators:
        quantum = _quantum(indicator)
        flow = indicator.accumulation is Accumulation.YTD_FLOW
        for series in indicator.series_keys:
            cells = {
                c.year: c.expression.value
                for c in indicator.targets
                if c.series == series and c.expression.value is not None
            }
            baseline = cells.get(start - 1)
            if baseline is None:
                continue
            for n, place in enumerate(places):
                rng = random.Random(f"{seed}:{indicator.code}:{series}:{place}")
                # how far along its path this place is: some ahead, most close, some behind
                pace = (
                    Decimal(str(round(rng.uniform(0.55, 1.2), 2)))
                    if n
                    else Decimal(str(round(rng.uniform(0.7, 1.1), 2)))
                )
                previous = baseline  # last year's target (a missing cell keeps the one before)
                last_value = baseline  # last year's synthetic value
                for year in range(start, last_year + 1):
                    target = cells.get(year, previous)
                    planned = baseline + (target - baseline) * pace
                    if year < last_year:
                        value = _clamp(indicator, planned).quantize(quantum, ROUND_HALF_UP)
                        rows.append(_row(indicator, str(year), value, place, series))
                    else:
                        for quarter in (1, 2, 3):
                            share = Decimal(quarter) / 4
                            # a year-to-date flow grows from zero; a level moves from last year's
                            part = planned * share if flow else last_value + (planned - last_value) * share
                            value = _clamp(indicator, part).quantize(quantum, ROUND_HALF_UP)
                            rows.append(_row(indicator, f"{year}Q{quarter}", value, place, series))
                    previous = target
                    last_value = planned
    return rows


def _row(
    indicator: Indicator, period: str, value: Decimal, place: str, series: str | None
) -> ObservationInput:
    return ObservationInput(indicator.code, period, value, place, series, DEMO_NOTE)


def _real_values(platform: Platform) -> int:
    with platform.sessions() as session:
        found = session.scalar(
            select(func.count()).select_from(ObservationRow).where(ObservationRow.source != DEMO_SOURCE)
        )
    return int(found or 0)


def _demo_values(platform: Platform) -> int:
    with platform.sessions() as session:
        found = session.scalar(
            select(func.count()).select_from(ObservationRow).where(ObservationRow.source == DEMO_SOURCE)
        )
    return int(found or 0)


def load_demo(platform: Platform, today: date | None = None) -> DemoResult:
    """Load the demo data set into ``platform``'s database (once: a second call writes
    nothing). Raises DemoRefused when the database holds values that are not demo data."""
    today = today or platform.today()
    real = _real_values(platform)
    if real:
        raise DemoRefused(
            _(
                "this database holds {count} real value(s); the demo needs its own database "
                "(qyx demo without --db uses demo.sqlite3 next to the default database)",
                count=real,
            )
        )
    if _demo_values(platform):
        return DemoResult(values=0, problems=0, already_loaded=True)
    with platform.sessions() as session:
        problems = int(session.scalar(select(func.count()).select_from(ProblemRow)) or 0)
    if problems:
        raise DemoRefused(
            _(
                "this database holds {count} problem(s) and no demo values; the demo needs its own database",
                count=problems,
            )
        )
    end = platform.plan.document.end_year
    last_year = min(max(today.year, platform.plan.document.start_year), end)
    rows = demo_rows(platform, last_year)
    stored = platform.report(rows, actor=LOCAL_OPERATOR, source=DEMO_SOURCE)
    problems = _demo_problems(platform, today)
    return DemoResult(values=len(stored), problems=problems, already_loaded=False)


def _demo_problems(platform: Platform, today: date) -> int:
    service = ProblemService(platform.plan)
    domains = platform.plan.domains
    made = 0
    with platform.write(LOCAL_OPERATOR) as work:
        for n, domain in enumerate(domains[:4]):
            indicator = next(iter(platform.plan.domain_indicators(domain.code)), None)
            # due dates in the past are refused at raising: some soon, some later
            due = today + timedelta(days=30 if n % 2 else 7)
            row = service.raise_problem(
                work,
                NewProblem(
                    title=f"【演示】{domain.name}：进度偏慢，需加快推进",
                    department=domain.lead_department.name,
                    due_date=due,
                    description=DEMO_NOTE,
                    domain=domain.code,
                    indicator=None if indicator is None else indicator.code,
                ),
            )
            made += 1
            if n == 3:
                work.session.flush()
                service.move(work, row.id, ProblemStatus.CLOSED, "【演示】整改报告")
    return made
