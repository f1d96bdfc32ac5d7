"""The runner that turns alerts into problems (the rules: :mod:`qyx_platform.alerts`).

The runner reads the data once, asks every rule (built-in and from plugins), and raises one
problem per new cause in one transaction; it runs after every write and with
``qyx alerts run`` (for deadlines that pass with no write).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from qyx_platform.alerts import Alert, AlertContext, AlertRule, due_cycles
from qyx_platform.errors import QyxError
from qyx_platform.model import DeadlineRule, Plan
from qyx_platform.model.items import items
from qyx_platform.services.auth import Actor, Role
from qyx_platform.services.clock import county_date
from qyx_platform.services.problems import NewProblem, Origin, ProblemService
from qyx_platform.services.timeliness import first_accepted_query
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import CurrentValueRow, MetaRow, MilestoneRow, ProblemRow, SurveyRow

log = logging.getLogger(__name__)

#: who raises an alert's problem
ALERT_ACTOR = Actor("alert rules", Role.SUPERVISOR)
#: an alert's problem is due this many days after it is raised
DUE_AFTER_DAYS = 30
#: the meta key of the date from which deadlines are watched (set by the first run)
SINCE_KEY = "alerts_since"


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
