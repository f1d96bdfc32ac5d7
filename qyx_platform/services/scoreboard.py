"""The scoreboard (多维晾晒): domains and departments ranked on everything the task force
watches — indicator and task-target states, reporting timeliness, problem closure and
milestones (formula: :mod:`qyx_platform.evaluation.board`, docs/evaluation.md).

For the home county every part counts. For a city or the province (whose departments are not
the county's) only the indicator states count: each indicator series is judged on the
jurisdiction's own latest value of the year, or else on its children's values rolled up by the
indicator's rule (recursively: a province without its own value rolls up its cities, a city
without its own its counties), as the indicator status does.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, select

from qyx_platform.errors import QyxError
from qyx_platform.evaluation import Evaluation, checkpoint, evaluate, roll_up
from qyx_platform.evaluation.board import Parts, Standing, Tally, standings
from qyx_platform.evaluation.task_targets import is_expected
from qyx_platform.i18n import _
from qyx_platform.model import BASELINE_YEAR, DeadlineRule, Indicator, Period, Plan
from qyx_platform.services.cache import CacheKey
from qyx_platform.services.clock import county_date
from qyx_platform.services.readings import Readings
from qyx_platform.services.task_targets import TaskTargetStatus
from qyx_platform.services.timeliness import DepartmentTimeliness, TimelinessService
from qyx_platform.store.tables import MilestoneRow, ProblemRow


@dataclass(frozen=True)
class Scoreboard:
    """Ranked domains and departments for one year and jurisdiction; ``evaluations`` are the
    expected items' evaluations the states part was built from."""

    year: int
    jurisdiction: str
    domains: tuple[Standing, ...]
    departments: tuple[Standing, ...]
    evaluations: tuple[Evaluation, ...]


def rolled_latest(
    readings: Readings,
    latest: dict[tuple[str, str, str], tuple[Period, Decimal]],
    indicator: Indicator,
    key: str,
    jurisdiction: str,
    memo: dict[str, tuple[Period, Decimal] | None] | None = None,
) -> tuple[Period, Decimal] | None:
    """The jurisdiction's own latest value in ``latest`` (one year's, see
    :meth:`Readings.latest_in_year`), else its children's rolled up, at any depth (a province
    from its counties when no city reports); with the latest period among those rolled up."""
    memo = {} if memo is None else memo
    if jurisdiction in memo:
        return memo[jurisdiction]
    found = latest.get((indicator.code, jurisdiction, key))
    if found is None:
        children = [code for code, _ in readings.children(jurisdiction)]
        values: dict[str, Decimal | None] = {}
        periods: list[Period] = []
        for child in children:
            got = rolled_latest(readings, latest, indicator, key, child, memo)
            values[child] = None if got is None else got[1]
            if got is not None:
                periods.append(got[0])
        if periods:
            result = roll_up(indicator, values, children=children)
            found = None if result.value is None else (max(periods), result.value)
    memo[jurisdiction] = found
    return found


def year_evaluations(
    plan: Plan, readings: Readings, jurisdiction: str, year: int, month: int | None = None
) -> list[Evaluation]:
    """The expected items of ``jurisdiction`` in ``year``, judged (the states part): every
    indicator series with a target that year, and, for the home county, every task target
    that can be judged that year; as known at the end of ``month`` when given. Cached per
    data version, year, month and jurisdiction."""

    def compute() -> list[Evaluation]:
        # the jurisdiction and what it rolls up from (not every county of the province), as
        # known at the end of ``month``; the task targets' values come in the same read
        under = readings.descendants(jurisdiction)
        latest = readings.latest_in_year(year, under, task_targets=True, until_month=month)
        whole = Period.year_of(year)
        out: list[Evaluation] = []
        for indicator in plan.indicators:
            for series in indicator.series_keys:
                if checkpoint(indicator, whole, series) is None:
                    continue  # the plan sets nothing to judge this year ('-', no number)
                found = rolled_latest(readings, latest, indicator, series or "", jurisdiction)
                if found is None:
                    out.append(evaluate(indicator, whole, None, series, detail=False))
                else:
                    out.append(evaluate(indicator, found[0], found[1], series, detail=False))
        if jurisdiction == plan.document.home_jurisdiction:
            status = TaskTargetStatus(plan, readings)
            for target, evaluation in status.year_states(jurisdiction, year, until_month=month):
                if is_expected(plan, target, year):
                    out.append(evaluation)
        return out

    return readings.memo_in(CacheKey("board_states", (year, month)), jurisdiction, compute)


@dataclass(frozen=True)
class _Facts:
    """The home county's timeliness, problems and milestones of a year, by department and
    by domain."""

    timeliness_by_department: dict[str, DepartmentTimeliness]
    timeliness_by_domain: dict[str, DepartmentTimeliness]
    closure_by_department: dict[str, Tally]
    closure_by_domain: dict[str, Tally]
    milestones_by_department: dict[str, Tally]
    milestones_by_domain: dict[str, Tally]


def _tallies(
    rows: list[tuple[str | None, str | None, bool, bool]],
) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """(department, domain, due, good) rows → tallies by department and by domain."""
    dep: dict[str, list[int]] = {}
    dom: dict[str, list[int]] = {}
    for department, domain, due, good in rows:
        if not due:
            continue
        for table, key in ((dep, department), (dom, domain)):
            if key is None:
                continue
            slot = table.setdefault(key, [0, 0])
            slot[0] += int(good)
            slot[1] += 1
    return (
        {k: Tally(g, d) for k, (g, d) in dep.items()},
        {k: Tally(g, d) for k, (g, d) in dom.items()},
    )


def _facts(plan: Plan, engine: Engine, rule: DeadlineRule, year: int, today: date) -> _Facts:
    service = TimelinessService(plan, engine, rule)
    by_department, by_domain = service.year(year, today)
    start, end = date(year, 1, 1), date(year, 12, 31)
    problems: list[tuple[str | None, str | None, bool, bool]] = []
    milestones: list[tuple[str | None, str | None, bool, bool]] = []
    project_domain = {p.code: p.domain for p in plan.projects}
    with engine.connect() as connection:
        p = ProblemRow
        query = select(p.department, p.domain_code, p.due_date, p.closed_at).where(
            p.due_date.between(start, end)
        )
        for department, domain, due, closed_at in connection.execute(query):
            closed = None if closed_at is None else county_date(closed_at)
            if closed is not None and closed > today:  # closed after the day the board is for
                closed = None
            problems.append((department, domain, due < today or closed is not None,
                             closed is not None and closed <= due))  # fmt: skip
        m = MilestoneRow
        query2 = select(m.department, m.project_code, m.due_date, m.done_date).where(
            m.due_date.between(start, end), m.cancelled_at.is_(None)
        )
        for department, project, due, done_date in connection.execute(query2):
            done = None if done_date is None or done_date > today else done_date
            milestones.append((department, project_domain.get(project), due < today or done is not None,
                               done is not None and done <= due))  # fmt: skip
    closure = _tallies(problems)
    finished = _tallies(milestones)
    return _Facts(by_department, by_domain, closure[0], closure[1], finished[0], finished[1])


def _tally_of(t: DepartmentTimeliness | None) -> Tally:
    return Tally() if t is None else Tally(t.on_time, t.due)


def plan_year(plan: Plan, year: int) -> int:
    """``year`` when the plan covers it (the 2022 baseline to the last target year), else a
    QyxError saying which years it covers."""
    last = plan.document.end_year
    if not BASELINE_YEAR <= year <= last:
        raise QyxError(
            _("year {year} is outside the plan, {first}-{last}", year=year, first=BASELINE_YEAR, last=last)
        )
    return year


def build_scoreboard(
    plan: Plan,
    readings: Readings,
    year: int,
    jurisdiction: str,
    *,
    today: date | None = None,
    rule: DeadlineRule | None = None,
    engine: Engine | None = None,
    compare: bool = True,
    month: int | None = None,
) -> Scoreboard:
    """Score and rank domains and departments of ``jurisdiction`` in ``year``; ``rank_change``
    against ``year − 1`` when ``compare`` (and that year is a target year). With ``month``
    (1-12) the board is as it stood at the end of that month (values of periods ending by
    then, reports, closures and milestones done by then) and ``rank_change`` is against the
    month before (December of the previous year for January)."""
    plan_year(plan, year)
    engine = engine or readings.platform.engine
    today = today or readings.platform.today()
    rule = rule or readings.platform.deadlines
    if month is not None:
        if not 1 <= month <= 12:
            raise QyxError(_("month must be 1-12, not {month}", month=month))
        today = min(today, date(year, month, calendar.monthrange(year, month)[1]))
    evaluations = year_evaluations(plan, readings, jurisdiction, year, month)
    lead = {d.code: d.lead_department.name for d in plan.domains}
    home = jurisdiction == plan.document.home_jurisdiction
    facts = _facts(plan, engine, rule, year, today) if home else None

    def parts(keys: list[str], key_of: Callable[[Evaluation], str], kind: str) -> dict[str, Parts]:
        out = {}
        for key in keys:
            own = tuple(e for e in evaluations if key_of(e) == key)
            if facts is None:
                out[key] = Parts(own)
            elif kind == "domain":
                out[key] = Parts(
                    own,
                    _tally_of(facts.timeliness_by_domain.get(key)),
                    facts.closure_by_domain.get(key, Tally()),
                    facts.milestones_by_domain.get(key, Tally()),
                )
            else:
                out[key] = Parts(
                    own,
                    _tally_of(facts.timeliness_by_department.get(key)),
                    facts.closure_by_department.get(key, Tally()),
                    facts.milestones_by_department.get(key, Tally()),
                )
        return out

    previous_domains: dict[str, int | None] | None = None
    previous_departments: dict[str, int | None] | None = None
    before: Scoreboard | None = None
    if compare and month is not None and (month > 1 or year - 1 >= plan.document.start_year):
        back_year, back_month = (year, month - 1) if month > 1 else (year - 1, 12)
        before = build_scoreboard(
            plan, readings, back_year, jurisdiction, today=today, rule=rule, engine=engine, compare=False,
            month=back_month,
        )  # fmt: skip
    elif compare and month is None and year - 1 >= plan.document.start_year:
        before = build_scoreboard(
            plan, readings, year - 1, jurisdiction, today=today, rule=rule, engine=engine, compare=False
        )
    if before is not None:
        previous_domains = {s.key: s.rank for s in before.domains}
        previous_departments = {s.key: s.rank for s in before.departments}
    domains = standings(parts([d.code for d in plan.domains], lambda e: e.domain, "domain"), previous_domains)
    departments = standings(
        parts([d.name for d in plan.departments], lambda e: lead.get(e.domain, ""), "department"),
        previous_departments,
    )
    return Scoreboard(year, jurisdiction, domains, departments, tuple(evaluations))
