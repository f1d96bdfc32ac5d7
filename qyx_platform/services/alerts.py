"""The built-in alert rules and the runner that turns alerts into problems.

Built-in rules (each documented on its class): ``behind_twice`` (an indicator series or task
target BEHIND at two consecutive checkpoints of its frequency), ``report_missing`` (a cycle's
deadline passed with a department's reports missing), ``milestone_overdue`` and
``satisfaction_drop`` (a significant fall between two consecutive surveys). They watch the
home jurisdiction: the departments of the plan are the county's.

The runner reads the data once, asks every rule (built-in and from plugins), and raises one
problem per new cause in one transaction; it runs after every write and with
``qyx alerts run`` (for deadlines that pass with no write).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from qyx_platform.alerts import Alert, AlertContext, AlertRule
from qyx_platform.errors import QyxError
from qyx_platform.evaluation import State, evaluate
from qyx_platform.evaluation.surveys import change
from qyx_platform.i18n import _
from qyx_platform.model import DeadlineRule, Frequency, Period, Plan, cycles_in, parse_period, previous_cycle
from qyx_platform.services.auth import Actor, Role
from qyx_platform.services.clock import county_date
from qyx_platform.services.problems import NewProblem, Origin, ProblemService
from qyx_platform.services.task_targets import baseline_of
from qyx_platform.services.timeliness import expected_in, first_accepted_query, items
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import CurrentValueRow, MetaRow, MilestoneRow, ProblemRow, SurveyRow

log = logging.getLogger(__name__)

#: who raises an alert's problem
ALERT_ACTOR = Actor("alert rules", Role.SUPERVISOR)
#: an alert's problem is due this many days after it is raised
DUE_AFTER_DAYS = 30
#: the meta key of the date from which deadlines are watched (set by the first run)
SINCE_KEY = "alerts_since"


def _state(plan: Plan, code: str, series: str, period: Period, value: Decimal) -> State:
    indicator = plan.find_indicator(code)
    if indicator is not None:
        return evaluate(indicator, period, value, series or None, detail=False).state
    found = plan.task_target(code)
    if found is None:
        return State.NO_DATA
    from qyx_platform.evaluation.task_targets import evaluate_task_target

    task, target = found
    return evaluate_task_target(target, period, value, baseline_of(plan, target), domain=task.domain).state


def _lead(plan: Plan, domain: str) -> str:
    found = plan.domain(domain)
    return found.lead_department.name if found else ""


@dataclass(frozen=True)
class BehindTwice:
    """An indicator series or task target BEHIND at two consecutive checkpoints (cycles of its
    frequency: two months, quarters or years in a row). The cause is the run of BEHIND
    checkpoints (it starts at the first of them), so reporting the same or another BEHIND
    value again raises nothing new; a new run after a recovery is a new cause."""

    code: str = "behind_twice"
    description: str = "BEHIND at two consecutive checkpoints of the item's reporting frequency"

    def find(self, context: AlertContext) -> Iterable[Alert]:
        """Look at the latest run of BEHIND checkpoints of every item."""
        plan = context.plan
        home = plan.document.home_jurisdiction
        frequency = {i.code: i.frequency for i in (*plan.indicators, *plan.measures)}
        for (code, series), pairs in context.values.items():
            freq = frequency.get(code)
            if freq is None:
                continue
            own = {}
            for text, value in pairs:
                period = parse_period(text)
                if period.granularity is freq.granularity:
                    own[period] = value
            if len(own) < 2:
                continue
            latest = max(own)
            run: list[Period] = []
            period = latest
            while period in own and _state(plan, code, series, period, own[period]) is State.BEHIND:
                run.append(period)
                period = previous_cycle(period)
            if len(run) < 2:
                continue
            start = run[-1]
            indicator = plan.find_indicator(code)
            target = plan.task_target(code)
            domain = indicator.domain if indicator else (target[0].domain if target else "")
            what = indicator.name if indicator else (target[1].subject if target else code)
            label = f" ({series})" if series else ""
            yield Alert(
                cause=f"behind_twice:{code}:{series}:{home}:{start}",
                title=_("{what}{label}: BEHIND since {start}", what=what, label=label, start=start),
                department=_lead(plan, domain),
                description=_(
                    "{code}{label} is BEHIND at {count} consecutive {frequency} checkpoints, "
                    "{start} to {latest}.",
                    code=code,
                    label=label,
                    count=len(run),
                    frequency=freq.value,
                    start=start,
                    latest=latest,
                ),
                domain=domain,
                indicator=code if indicator else None,
                task_target=code if target else None,
            )


@dataclass(frozen=True)
class ReportMissing:
    """A department's reports missing for the latest cycle of a frequency whose deadline has
    passed (only deadlines on or after the day the alerts started watching: a new install is
    not flooded with the past). One problem per department and cycle, listing the items."""

    code: str = "report_missing"
    description: str = "reports missing after their cycle's deadline"

    def find(self, context: AlertContext) -> Iterable[Alert]:
        """The latest passed cycle of each frequency, department by department."""
        plan = context.plan
        for period in due_cycles(context.today, context.since, context.deadlines):
            deadline = context.deadlines.deadline(period)
            missing: dict[str, list[tuple[str, str]]] = {}
            for item in items(plan):
                if not expected_in(item, period):
                    continue
                if all((item.code, str(period), s) in context.first_accepted for s in item.series):
                    continue
                missing.setdefault(_lead(plan, item.domain), []).append((item.code, item.domain))
            for department, found in missing.items():
                codes = [code for code, _ in found]
                domains = {domain for _, domain in found}
                single = codes[0] if len(codes) == 1 else None
                yield Alert(
                    cause=f"report_missing:{department}:{period}",
                    title=_(
                        "{department}: {count} report(s) for {period} missing after {deadline}",
                        department=department,
                        count=len(codes),
                        period=period,
                        deadline=deadline,
                    ),
                    department=department,
                    description=_("Missing: {codes}", codes=", ".join(codes)),
                    domain=domains.pop() if len(domains) == 1 else None,
                    indicator=single if single and plan.find_indicator(single) else None,
                    task_target=single if single and plan.task_target(single) else None,
                )


def due_cycles(today: date, since: date, rule: DeadlineRule) -> list[Period]:
    """For each frequency, the latest cycle whose deadline passed before ``today`` and not
    before ``since``."""
    out = []
    for frequency in Frequency:
        passed = [
            p
            for year in (today.year - 2, today.year - 1, today.year)
            for p in cycles_in(year, frequency)
            if since <= rule.deadline(p) < today
        ]
        if passed:
            out.append(max(passed))
    return out


@dataclass(frozen=True)
class MilestoneOverdue:
    """A milestone (the plan's or a work item) not done and past its due date."""

    code: str = "milestone_overdue"
    description: str = "a milestone not done by its due date"

    def find(self, context: AlertContext) -> Iterable[Alert]:
        """Every open milestone past its due date."""
        projects = {p.code: p for p in context.plan.projects}
        for code, project_code, title, due, department in context.milestones:
            if due >= context.today:
                continue
            project = projects.get(project_code)
            yield Alert(
                cause=f"milestone_overdue:{code}",
                title=_("{title}: overdue since {due}", title=title, due=due),
                department=department,
                description=_(
                    "Milestone {code} of {project} was due on {due} and is not done.",
                    code=code,
                    project=project_code,
                    due=due,
                ),
                domain=project.domain if project else None,
                project=project_code if project else None,
                milestone=code,
            )


@dataclass(frozen=True)
class SatisfactionDrop:
    """A significant fall in the share satisfied between two consecutive surveys of a domain
    (and jurisdiction): larger than 1.96·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂)."""

    code: str = "satisfaction_drop"
    description: str = "a significant drop in satisfaction between two consecutive surveys"

    def find(self, context: AlertContext) -> Iterable[Alert]:
        """Compare each survey with the previous one of its domain and jurisdiction."""
        last: dict[tuple[str, str], tuple[str, Decimal, int]] = {}
        for survey_id, domain, jurisdiction, period, share, size in context.surveys:
            before = last.get((domain, jurisdiction))
            last[(domain, jurisdiction)] = (period, share, size)
            if before is None:
                continue
            moved = change((before[1], before[2]), (share, size))
            if moved.significant and moved.difference < 0:
                found = context.plan.domain(domain)
                yield Alert(
                    cause=f"satisfaction_drop:{survey_id}",
                    title=_(
                        "{domain}: satisfaction fell {points} points in {period}",
                        domain=found.name if found else domain,
                        points=-moved.difference,
                        period=period,
                    ),
                    department=_lead(context.plan, domain),
                    description=_(
                        "{before} % ({before_period}, n={before_size}) → {share} % ({period}, n={size}); "
                        "significant above {threshold} points.",
                        before=before[1],
                        before_period=before[0],
                        before_size=before[2],
                        share=share,
                        period=period,
                        size=size,
                        threshold=moved.threshold,
                    ),
                    domain=domain,
                    survey_id=survey_id,
                )


BUILTIN_ALERT_RULES: tuple[AlertRule, ...] = (
    BehindTwice(),
    ReportMissing(),
    MilestoneOverdue(),
    SatisfactionDrop(),
)


def _since(session: Session, today: date) -> date:
    row = session.get(MetaRow, SINCE_KEY)
    if row is None:
        session.add(MetaRow(key=SINCE_KEY, value=today.isoformat()))
        session.flush()
        return today
    return date.fromisoformat(row.value)


def build_context(session: Session, plan: Plan, today: date, rule: DeadlineRule) -> AlertContext:
    """Read what the rules look at, in a handful of statements."""
    home = plan.document.home_jurisdiction
    since = _since(session, today)
    cv = CurrentValueRow
    values: dict[tuple[str, str], list[tuple[str, Decimal]]] = {}
    query = (
        select(cv.indicator_code, cv.series, cv.period, cv.value)
        .where(
            # the codes let the database read the key index, one range per item (not a scan)
            cv.indicator_code.in_([item.code for item in items(plan)]),
            cv.jurisdiction_code == home,
            cv.value.is_not(None),
        )
        .order_by(cv.indicator_code, cv.series, cv.period_sort)
    )
    for code, series, period, value in session.execute(query):
        values.setdefault((code, series), []).append((period, Decimal(str(value))))
    cycles = due_cycles(today, since, rule)
    accepted: dict[tuple[str, str, str], date] = {}
    if cycles:
        for code, period, series, at in session.execute(
            first_accepted_query([item.code for item in items(plan)], home, periods=cycles)
        ):
            accepted[(code, period, series)] = county_date(at)
    m = MilestoneRow
    milestones = [
        (code, project, title, due, department)
        for code, project, title, due, department in session.execute(
            select(m.code, m.project_code, m.title, m.due_date, m.department).where(
                m.done_date.is_(None), m.cancelled_at.is_(None)
            )
        )
    ]
    s = SurveyRow
    surveys = [
        (i, d, j, p, Decimal(v), n)
        for i, d, j, p, v, n in session.execute(
            select(s.id, s.domain_code, s.jurisdiction_code, s.period, s.satisfied, s.sample_size).order_by(
                s.domain_code, s.jurisdiction_code, s.period_sort
            )
        )
    ]
    return AlertContext(plan, today, since, rule, values, accepted, milestones, surveys)


def run_alerts(
    work: UnitOfWork, plan: Plan, rules: Sequence[AlertRule], today: date, rule: DeadlineRule
) -> list[ProblemRow]:
    """Ask every rule and raise one problem per cause not raised before (in ``work``, whose
    actor is :data:`ALERT_ACTOR`); return them."""
    session = work.session
    context = build_context(session, plan, today, rule)
    found: dict[str, tuple[AlertRule, Alert]] = {}
    for alert_rule in rules:
        for alert in alert_rule.find(context):
            found.setdefault(alert.cause, (alert_rule, alert))
    if not found:
        return []
    known = set(session.scalars(select(ProblemRow.cause).where(ProblemRow.cause.in_(list(found)))))
    service = ProblemService(plan)
    raised = []
    for cause, (alert_rule, alert) in found.items():
        if cause in known:
            continue
        new = NewProblem(
            title=alert.title[:300],
            department=alert.department,
            due_date=today + timedelta(days=DUE_AFTER_DAYS),
            description=alert.description or None,
            domain=alert.domain,
            indicator=alert.indicator,
            task_target=alert.task_target,
            project=alert.project,
        )
        origin = Origin(f"rule:{alert_rule.code}", cause, alert.milestone, alert.survey_id)
        try:
            raised.append(service.raise_problem(work, new, today, origin))
        except QyxError as exc:  # a plugin rule's alert that does not fit the plan
            log.warning("alert rule %s: cannot raise %s: %s", alert_rule.code, cause, exc)
    return raised
