"""Reporting timeliness (报送及时性): for one cycle, each department's expected, on-time, late
and missing reports.

An item (indicator or task target) is expected in a cycle when its frequency has cycles of
that length (a monthly item in ``2025-07``, a quarterly one in ``2025Q3``, a yearly one in
``2025``), the cycle lies in a target year (2023-2027) and, for a task target, not after its
deadline year. It is reported by the home jurisdiction (the county the departments belong to)
and counts at its **first accepted revision** (the time it was stored approved, or the time
a supervisor approved it; revisions later withdrawn or rejected, and forecasts, do not
count): on time when that is on or before the cycle's deadline (a county
date), late when after, missing when there is none and the deadline has passed, pending when
there is none yet and the deadline has not passed. An indicator with series (no. 12) is
reported when every series is, at the latest of their times. The department is the lead
department of the item's domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine, Select, and_, func, select

from qyx_platform.model import DeadlineRule, Frequency, Period, Plan, cycles_in
from qyx_platform.model.items import expected_in, items
from qyx_platform.services.clock import county_date
from qyx_platform.store.tables import ObservationRow


@dataclass
class DepartmentTimeliness:
    """One department's reports for one cycle (or a year of cycles)."""

    department: str
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    missing_items: list[tuple[str, str]] = field(default_factory=list)

    @property
    def due(self) -> int:
        """Reports whose deadline has passed."""
        return self.on_time + self.late + self.missing


@dataclass(frozen=True)
class Timeliness:
    """The timeliness of one cycle: its deadline and every department's counts."""

    period: Period
    deadline: date
    departments: tuple[DepartmentTimeliness, ...]


def first_accepted_query(
    codes: Iterable[str], jurisdiction: str, *, periods: Iterable[Period] = (), year: int | None = None
) -> Select[str, str, str, datetime]:
    """The statement behind :func:`first_accepted`. Naming the item ``codes`` lets the database
    read the revisions through the key index (indicator, jurisdiction, …): one range per item
    instead of a scan of every revision of the province."""
    o = ObservationRow
    accepted = func.min(func.coalesce(o.approved_at, o.reported_at))
    where = [
        o.indicator_code.in_(sorted(set(codes))),
        o.jurisdiction_code == jurisdiction,
        o.approved.is_(True),
        # a revision later withdrawn or rejected was never a report; a forecast is not one yet
        o.withdrawn.is_(False),
        o.rejected.is_(False),
        o.forecast.is_(False),
    ]
    wanted = [str(p) for p in periods]
    if wanted:
        where.append(o.period.in_(wanted))
    if year is not None:
        where.append(o.year == year)
    query = select(o.indicator_code, o.period, o.series, accepted).where(and_(*where))
    return query.group_by(o.indicator_code, o.period, o.series)


def first_accepted(
    engine: Engine, plan: Plan, jurisdiction: str, *, periods: Iterable[Period] = (), year: int | None = None
) -> dict[tuple[str, str, str], datetime]:
    """(item code, period, series) → the time of the first accepted revision, for one
    jurisdiction and some periods (or every period of a year): one statement."""
    codes = [item.code for item in items(plan)]
    query = first_accepted_query(codes, jurisdiction, periods=periods, year=year)
    with engine.connect() as connection:
        return {(c, p, s): at for c, p, s, at in connection.execute(query)}


def tally(
    plan: Plan,
    cycles: Iterable[Period],
    times: dict[tuple[str, str, str], datetime],
    rule: DeadlineRule,
    today: date,
    *,
    by_domain: bool = False,
) -> dict[str, DepartmentTimeliness]:
    """Count every department's reports for ``cycles`` given the first accepted times (by
    domain code instead when ``by_domain``)."""
    lead = {d.code: d.code if by_domain else d.lead_department.name for d in plan.domains}
    out = {name: DepartmentTimeliness(name) for name in dict.fromkeys(lead.values())}
    all_items = items(plan)
    for period in cycles:
        deadline = rule.deadline(period)
        text = str(period)
        for item in all_items:
            if not expected_in(item, period) or item.domain not in lead:
                continue
            row = out[lead[item.domain]]
            row.expected += 1
            found = [times.get((item.code, text, s)) for s in item.series]
            dates = [county_date(t) for t in found if t is not None]
            if len(dates) == len(found) and max(dates) <= today:  # arrived by ``today``
                at = max(dates)
                if at <= deadline:
                    row.on_time += 1
                else:
                    row.late += 1
            elif today > deadline:
                row.missing += 1
                row.missing_items.append((item.code, text))
            else:
                row.pending += 1
    return out


class TimelinessService:
    """Timeliness of cycles for one jurisdiction (default: the plan's home county)."""

    def __init__(self, plan: Plan, engine: Engine, rule: DeadlineRule) -> None:
        self.plan = plan
        self.engine = engine
        self.rule = rule

    def cycle(self, period: Period, today: date, jurisdiction: str | None = None) -> Timeliness:
        """Every department's reports for one cycle."""
        where = jurisdiction or self.plan.document.home_jurisdiction
        times = first_accepted(self.engine, self.plan, where, periods=[period])
        rows = tally(self.plan, [period], times, self.rule, today)
        return Timeliness(period, self.rule.deadline(period), tuple(rows.values()))

    def year(
        self, year: int, today: date, jurisdiction: str | None = None
    ) -> tuple[dict[str, DepartmentTimeliness], dict[str, DepartmentTimeliness]]:
        """Every department's and every domain's reports over all cycles of ``year`` (monthly,
        quarterly and yearly items alike), read in one statement."""
        where = jurisdiction or self.plan.document.home_jurisdiction
        times = first_accepted(self.engine, self.plan, where, year=year)
        cycles: list[Period] = []
        for frequency in Frequency:
            cycles.extend(cycles_in(year, frequency))
        return (
            tally(self.plan, cycles, times, self.rule, today),
            tally(self.plan, cycles, times, self.rule, today, by_domain=True),
        )
