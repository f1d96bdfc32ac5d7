"""Alert rules: what turns a fact into a problem (问题清单) without anybody raising it by hand.

A rule looks at the data through an :class:`AlertContext` and returns :class:`Alert` s; each
alert names its **cause** (a stable text such as ``behind:<code>::331126:2025-06``), the
responsible department and what it is about. The runner (:func:`qyx_platform.services.alerts.
run_alerts`) raises one problem per cause, ever: an open problem is never raised twice for
the same cause, and reporting the same values again finds the same cause. Plugins add rules
through the hook ``qyx_alert_rules``; the core ships :data:`BUILTIN_ALERT_RULES` (each
documented on its class): ``behind_twice`` (an indicator series or task target BEHIND at two
consecutive checkpoints of its frequency), ``report_missing`` (a cycle's deadline passed with
a department's reports missing), ``milestone_overdue`` and ``satisfaction_drop`` (a significant
fall between two consecutive surveys). They watch the home jurisdiction: the departments of the
plan are the county's. Rules are pure: they read only the context.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol, runtime_checkable

from qyx_platform.evaluation import State, evaluate
from qyx_platform.evaluation.surveys import change
from qyx_platform.evaluation.task_targets import baseline_of, evaluate_task_target
from qyx_platform.i18n import Text, _, lazy_gettext
from qyx_platform.model import DeadlineRule, Frequency, Period, Plan, cycles_in, parse_period, previous_cycle
from qyx_platform.model.items import expected_in, items


@dataclass(frozen=True)
class Alert:
    """One finding: the problem to raise for it. ``cause`` identifies what was found (one
    problem per cause); the links say what it is about."""

    cause: str
    title: str
    department: str
    description: str = ""
    domain: str | None = None
    indicator: str | None = None
    task_target: str | None = None
    project: str | None = None
    milestone: str | None = None
    survey_id: int | None = None


@dataclass(frozen=True)
class AlertContext:
    """What a rule may look at: the plan, today's county date, the deadline rule, the date the
    alerts started to watch deadlines (``since``), and the data, read once per run.

    ``values``: the home jurisdiction's current values, (code, series key) → ascending
    (period text, value) pairs; ``first_accepted``: (code, period, series) → the county date
    of the first accepted revision; ``milestones``: open (not done, not cancelled) milestones
    as (code, project code, title, due date, department); ``surveys``: (id, domain,
    jurisdiction, period, share, sample size) in period order."""

    plan: Plan
    today: date
    since: date
    deadlines: DeadlineRule
    values: dict[tuple[str, str], list[tuple[str, Decimal]]]
    first_accepted: dict[tuple[str, str, str], date]
    milestones: Sequence[tuple[str, str, str, date, str]]
    surveys: Sequence[tuple[int, str, str, str, Decimal, int]]


@runtime_checkable
class AlertRule(Protocol):
    """A rule that finds alerts. ``code`` is stable and short; it becomes the problem's source
    (``rule:<code>``)."""

    @property
    def code(self) -> str:
        """Stable code, e.g. ``behind_twice``."""
        ...

    @property
    def description(self) -> Text:
        """One sentence: what the rule finds (a ``lazy_gettext`` message, shown in the user's
        language)."""
        ...

    def find(self, context: AlertContext) -> Iterable[Alert]:
        """The alerts the data shows now (the runner skips causes already raised)."""
        ...


#: what the built-in rules find, shown in the user's language
BEHIND_TWICE = lazy_gettext("BEHIND at two consecutive checkpoints of the item's reporting frequency")
REPORT_MISSING = lazy_gettext("reports missing after their cycle's deadline")
MILESTONE_OVERDUE = lazy_gettext("a milestone not done by its due date")
SATISFACTION_DROP = lazy_gettext("a significant drop in satisfaction between two consecutive surveys")


def _state(plan: Plan, code: str, series: str, period: Period, value: Decimal) -> State:
    indicator = plan.find_indicator(code)
    if indicator is not None:
        return evaluate(indicator, period, value, series or None, detail=False).state
    found = plan.task_target(code)
    if found is None:
        return State.NO_DATA
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
    description: Text = BEHIND_TWICE

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
                    frequency=freq.label,
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
    description: Text = REPORT_MISSING

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
    description: Text = MILESTONE_OVERDUE

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
    description: Text = SATISFACTION_DROP

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
