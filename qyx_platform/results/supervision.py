"""The records of supervision (plan section 三) as the Python API returns them: task targets
and their states, projects and their milestones, reporting timeliness, satisfaction surveys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from qyx_platform.i18n import N_, _, lazy_gettext
from qyx_platform.results.table import Column, Record, ResultTable, Tables, localised, state_label

#: milestone and project states (services.milestones.MilestoneState values) as a table shows them
MILESTONE_LABELS: dict[str, str] = {
    "planned": N_("planned"),
    "due_soon": N_("due soon"),
    "overdue": N_("overdue"),
    "done": N_("done"),
    "done_late": N_("done late"),
    "cancelled": N_("cancelled"),
}


def milestone_label(state: str) -> str:
    """A milestone's (or project's) state in the language in force."""
    return _(MILESTONE_LABELS[state]) if state in MILESTONE_LABELS else state


@dataclass(frozen=True)
class TaskTargetState(Record):
    """Where a task target (a dated target of a key task's prose, e.g. 到2027年，建成1家托育综合
    服务中心) stands in one period and jurisdiction, judged against its deadline ``year``
    (docs/evaluation.md §9). ``task``: the number of its key task in the domain; ``period``:
    the period of the value used (may lie inside the one asked); ``checkpoint``: what the
    period had to meet; ``yes_no``: a target reported as 1 (done) or 0 (not yet)."""

    code: str
    domain: str
    task: int
    subject: str
    english_subject: str
    text: str
    year: int
    frequency: str
    yes_no: bool
    jurisdiction: str
    period: str
    state: str
    actual: Decimal | None
    checkpoint: Decimal | None
    gap: Decimal | None
    note: str


TASK_TARGET_COLUMNS = (
    Column("code", lazy_gettext("code"), priority=7),
    Column(
        "subject", lazy_gettext("target"), priority=9, get=lambda r: localised(r.subject, r.english_subject)
    ),
    Column("year", lazy_gettext("deadline"), numeric=True, priority=5),
    Column("period", lazy_gettext("period"), priority=4),
    Column("actual", lazy_gettext("actual"), numeric=True, priority=8),
    Column("checkpoint", lazy_gettext("checkpoint"), numeric=True, priority=3),
    Column("state", lazy_gettext("state"), show=state_label, priority=9),
)


@dataclass(frozen=True)
class ProjectProgress(Record):
    """A named project (项目) and where it stands from its milestones that are not cancelled:
    overdue if one is, done (done_late) when all are, due_soon, else planned. ``task``: the
    number of the key task it belongs to; ``milestones``: how many are not cancelled,
    ``done`` and ``overdue`` of them."""

    code: str
    domain: str
    name: str
    english_name: str
    task: int | None
    state: str
    milestones: int
    done: int
    overdue: int


PROJECT_COLUMNS = (
    Column("name", lazy_gettext("project"), priority=9, get=lambda r: localised(r.name, r.english_name)),
    Column("domain", lazy_gettext("domain"), priority=4),
    Column("state", lazy_gettext("state"), show=milestone_label, priority=8),
    Column("milestones", lazy_gettext("milestones"), numeric=True, priority=6),
    Column("done", lazy_gettext("done"), numeric=True, priority=6),
    Column("overdue", lazy_gettext("overdue"), numeric=True, priority=7),
)


@dataclass(frozen=True)
class MilestoneProgress(Record):
    """A milestone of a project: the plan's own (code ``<project>.m<n>``, due 31 December of its
    year, ``from_plan``) or a work item of the annual work list (``<project>.w<n>``), with its
    responsible department and, once done, the date and evidence; ``state`` as of today:
    planned, due_soon (within 30 days), overdue, done, done_late or cancelled."""

    code: str
    project: str
    title: str
    department: str
    due_date: date
    done_date: date | None
    evidence: str | None
    note: str | None
    from_plan: bool
    cancelled: bool
    state: str


MILESTONE_COLUMNS = (
    Column("code", lazy_gettext("code"), priority=8),
    Column("title", lazy_gettext("title"), priority=9),
    Column("department", lazy_gettext("department"), priority=5),
    Column("due_date", lazy_gettext("due"), priority=7),
    Column("done_date", lazy_gettext("done"), priority=6),
    Column("state", lazy_gettext("state"), show=milestone_label, priority=9),
)


@dataclass(frozen=True)
class MilestoneEvent(Record):
    """One change of a milestone: who did what (added, completed, cancelled), when, and the
    note, evidence or reason given."""

    milestone: str
    at: datetime
    by: str
    action: str
    note: str | None


MILESTONE_EVENT_COLUMNS = (
    Column("at", lazy_gettext("when"), priority=8),
    Column("by", lazy_gettext("by"), priority=7),
    Column("action", lazy_gettext("action"), priority=9),
    Column("note", lazy_gettext("note"), priority=6),
)


@dataclass(frozen=True)
class DepartmentReporting(Record):
    """One department's reports for one cycle: expected, on time, late, missing (deadline
    passed) and pending (deadline not passed yet). A report counts at its first accepted
    revision."""

    department: str
    english_name: str
    expected: int
    on_time: int
    late: int
    missing: int
    pending: int


DEPARTMENT_REPORTING_COLUMNS = (
    Column(
        "department",
        lazy_gettext("department"),
        priority=9,
        get=lambda r: localised(r.department, r.english_name),
    ),
    Column("expected", lazy_gettext("expected"), numeric=True, priority=8),
    Column("on_time", lazy_gettext("on time"), numeric=True, priority=8),
    Column("late", lazy_gettext("late"), numeric=True, priority=8),
    Column("missing", lazy_gettext("missing"), numeric=True, priority=9),
    Column("pending", lazy_gettext("pending"), numeric=True, priority=7),
)


@dataclass(frozen=True)
class MissingReport(Record):
    """An expected report that did not arrive by its deadline: the department, the item
    (indicator or task target code) and the cycle."""

    department: str
    english_name: str
    code: str
    period: str


MISSING_REPORT_COLUMNS = (
    Column(
        "department",
        lazy_gettext("department"),
        priority=8,
        get=lambda r: localised(r.department, r.english_name),
    ),
    Column("code", lazy_gettext("code"), priority=9),
    Column("period", lazy_gettext("period"), priority=9),
)


@dataclass(frozen=True)
class Timeliness(Tables):
    """Reporting timeliness (报送及时性) of one cycle (a month, quarter or year) in one
    jurisdiction: its deadline, every department's counts and the reports missing. Prints as
    both tables; ``rows()`` is ``{"departments": [...], "missing": [...]}``, ``as_dict()``
    adds the period, deadline and jurisdiction."""

    TABLES: ClassVar[tuple[str, ...]] = ("departments", "missing")

    period: str
    deadline: date
    jurisdiction: str
    departments: ResultTable[DepartmentReporting]
    missing: ResultTable[MissingReport]


@dataclass(frozen=True)
class Survey(Record):
    """A satisfaction survey (群众满意度测评): the share satisfied (%, as recorded) of a sample,
    its 95 % ``margin_of_error`` in percentage points (1.96·√(p(1−p)/n)), and the change from
    the previous survey of the same domain and jurisdiction (``previous_period``,
    ``difference`` in points, the ``threshold`` a significant change must exceed,
    ``significant``; all None for the first)."""

    id: int
    domain: str
    jurisdiction: str
    period: str
    satisfied: Decimal
    sample_size: int
    margin_of_error: Decimal
    note: str | None
    previous_period: str | None
    difference: Decimal | None
    threshold: Decimal | None
    significant: bool | None
    recorded_by: str
    recorded_at: datetime


SURVEY_COLUMNS = (
    Column("domain", lazy_gettext("domain"), priority=7),
    Column("jurisdiction", lazy_gettext("jurisdiction"), priority=5),
    Column("period", lazy_gettext("period"), priority=9),
    Column("satisfied", lazy_gettext("satisfied %"), numeric=True, priority=9),
    Column("sample_size", lazy_gettext("sample"), numeric=True, priority=6),
    Column("margin_of_error", lazy_gettext("± points"), numeric=True, priority=6),
    Column("difference", lazy_gettext("change"), numeric=True, priority=8),
    Column("significant", lazy_gettext("significant"), priority=7),
)
