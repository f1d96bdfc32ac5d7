"""Alert rules: what turns a fact into a problem (问题清单) without anybody raising it by hand.

A rule looks at the data through an :class:`AlertContext` and returns :class:`Alert` s; each
alert names its **cause** (a stable text such as ``behind:<code>::331126:2025-06``), the
responsible department and what it is about. The runner (:func:`qyx_platform.services.alerts.
run_alerts`) raises one problem per cause, ever: an open problem is never raised twice for
the same cause, and reporting the same values again finds the same cause. Plugins add rules
through the hook ``qyx_alert_rules``; the core ships :data:`BUILTIN_ALERT_RULES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol, runtime_checkable

from qyx_platform.model import DeadlineRule, Plan


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
    def description(self) -> str:
        """One English sentence: what the rule finds."""
        ...

    def find(self, context: AlertContext) -> Iterable[Alert]:
        """The alerts the data shows now (the runner skips causes already raised)."""
        ...
