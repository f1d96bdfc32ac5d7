"""The records of the Python API's results (typed, frozen) and the columns a table prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from qyx_platform.i18n import _, lazy_gettext
from qyx_platform.results.table import (
    Column,
    Record,
    ResultTable,
    Tables,
    localised,
    percent,
    state_label,
)


@dataclass(frozen=True)
class IndicatorStatus(Record):
    """Where one indicator (one series) stands in one jurisdiction and period.

    ``state``: achieved, on_track, at_risk, behind or no_data; ``period``: the period of the
    value used (may lie inside the one asked); ``target``: the year's cell as printed in the
    plan; ``checkpoint``: the value the period had to meet; ``progress``: (actual − baseline)
    ÷ (final target − baseline); ``note``: why, in one sentence (in the language in force
    when the status was asked for). ``name`` and ``unit`` are the plan's (指标名称, 单位);
    printed tables show the English ones when messages are in English."""

    number: int
    indicator: str
    name: str
    unit: str
    english_name: str
    english_unit: str
    series: str | None
    jurisdiction: str
    period: str
    state: str
    actual: Decimal | None
    target: str | None
    checkpoint: Decimal | None
    gap: Decimal | None
    progress: Decimal | None
    note: str
    children_reported: int | None = None
    children_expected: int | None = None
    series_english_name: str | None = None


STATUS_COLUMNS = (
    Column("number", lazy_gettext("No."), numeric=True, priority=9),
    Column("name", lazy_gettext("indicator"), priority=9, get=lambda r: localised(r.name, r.english_name)),
    Column(
        "series",
        lazy_gettext("series"),
        priority=6,
        get=lambda r: r.series and localised(r.series, r.series_english_name or ""),
    ),
    Column("period", lazy_gettext("period"), priority=4),
    Column("actual", lazy_gettext("actual"), numeric=True, priority=8),
    Column("target", lazy_gettext("target"), priority=7),
    Column("checkpoint", lazy_gettext("checkpoint"), numeric=True, priority=3),
    Column("unit", lazy_gettext("unit"), priority=2, get=lambda r: localised(r.unit, r.english_unit)),
    Column("state", lazy_gettext("state"), show=state_label, priority=9),
    Column("progress", lazy_gettext("progress"), numeric=True, show=percent, priority=5),
)


@dataclass(frozen=True)
class TimelinePoint(Record):
    """One reported value (the current revision) of an indicator: jurisdiction, series,
    period and value."""

    indicator: str
    jurisdiction: str
    series: str | None
    period: str
    value: Decimal


TIMELINE_COLUMNS = (
    Column("jurisdiction", lazy_gettext("jurisdiction")),
    Column("series", lazy_gettext("series")),
    Column("period", lazy_gettext("period")),
    Column("value", lazy_gettext("value"), numeric=True),
)


@dataclass(frozen=True)
class Standing(Record):
    """A domain's or department's place on the scoreboard (多维晾晒): rank and score (0-100)
    over all indicators and over core (*) ones, and how many indicator series are in each
    state. ``key`` is the domain code or the department name; ``name`` its Chinese name.

    The score's parts (docs/evaluation.md §7.1; None where a part does not apply, e.g. for a
    city): ``states_score`` (indicator and task-target states, 0-100), ``coverage`` (judged ÷
    expected items), ``timeliness`` (reports on time ÷ due), ``closure_rate`` (problems closed
    by their due date ÷ due), ``milestones_done`` (milestones done by their due date ÷ due),
    all 0-1 but the first; ``rank_change``: the previous year's (or month's) rank minus this
    one (positive: climbed)."""

    key: str
    name: str
    english_name: str
    rank: int | None
    score: Decimal | None
    core_rank: int | None
    core_score: Decimal | None
    achieved: int
    on_track: int
    at_risk: int
    behind: int
    no_data: int
    rank_change: int | None = None
    states_score: Decimal | None = None
    coverage: Decimal | None = None
    timeliness: Decimal | None = None
    closure_rate: Decimal | None = None
    milestones_done: Decimal | None = None


STANDING_COLUMNS = (
    Column("rank", lazy_gettext("rank"), numeric=True, priority=9),
    Column("name", lazy_gettext("name"), priority=9, get=lambda r: localised(r.name, r.english_name)),
    Column("score", lazy_gettext("score"), numeric=True, priority=8),
    Column("core_rank", lazy_gettext("core rank"), numeric=True, priority=3),
    Column("core_score", lazy_gettext("core score"), numeric=True, priority=4),
    Column("rank_change", lazy_gettext("rank change"), numeric=True, priority=3),
    Column("achieved", lazy_gettext("achieved"), numeric=True, priority=6),
    Column("on_track", lazy_gettext("on track"), numeric=True, priority=5),
    Column("at_risk", lazy_gettext("at risk"), numeric=True, priority=5),
    Column("behind", lazy_gettext("behind"), numeric=True, priority=6),
    Column("no_data", lazy_gettext("no data"), numeric=True, priority=4),
)


@dataclass(frozen=True)
class Scoreboard(Tables):
    """Domains and departments ranked for one year and jurisdiction (多维晾晒); ``month``: the
    board as it stood at the end of that month (None: the year as it stands). Prints as both
    rankings; ``rows()`` is ``{"domains": [...], "departments": [...]}``, ``as_dict()`` adds
    the year, jurisdiction and month."""

    TABLES: ClassVar[tuple[str, ...]] = ("domains", "departments")

    year: int
    jurisdiction: str
    domains: ResultTable[Standing]
    departments: ResultTable[Standing]
    month: int | None = None


@dataclass(frozen=True)
class Problem(Record):
    """A problem on the list (问题清单) and its closing (销号): status open, rectifying,
    closed or reopened; ``overdue`` when not closed past its due date. ``source``: "manual",
    or "rule:<code>" for a problem an alert rule raised (``cause``: what it found); the
    links to a task target, project, milestone or survey when it has them. Its steps:
    ``Platform.problem_history``; its comments: ``Platform.problem_comments``."""

    id: int
    title: str
    department: str
    status: str
    due_date: date
    overdue: bool
    domain: str | None
    indicator: str | None
    description: str | None
    evidence: str | None
    raised_by: str
    raised_at: datetime
    closed_at: datetime | None
    source: str = "manual"
    cause: str | None = None
    task_target: str | None = None
    project: str | None = None
    milestone: str | None = None
    survey: int | None = None
    #: the department's English name (shown in English)
    english_name: str = ""


def problem_label(status: str) -> str:
    """A problem status (``open`` …) in the language in force, as the problem list's
    messages name it."""
    from qyx_platform.services.problems import STATUS_LABELS, ProblemStatus

    try:
        return _(STATUS_LABELS[ProblemStatus(status)])
    except ValueError:
        return status


PROBLEM_COLUMNS = (
    Column("id", lazy_gettext("id"), numeric=True, priority=9),
    Column("title", lazy_gettext("title"), priority=9),
    Column(
        "department",
        lazy_gettext("department"),
        priority=7,
        get=lambda r: localised(r.department, r.english_name),
    ),
    Column("status", lazy_gettext("status"), show=problem_label, priority=8),
    Column("due_date", lazy_gettext("due"), priority=6),
    Column("overdue", lazy_gettext("overdue"), priority=5),
)


@dataclass(frozen=True)
class Revision(Record):
    """One stored revision of a value, with who reported it and whether it is approved;
    ``withdrawn`` (by its reporter), ``rejected`` (by a supervisor, ``review_reason`` says
    why and ``reviewed_by`` who) and ``forecast`` (a period not yet ended) revisions never
    count as current."""

    id: int
    indicator: str
    jurisdiction: str
    period: str
    series: str | None
    value: Decimal
    revision: int
    approved: bool
    reported_by: str
    reported_at: datetime
    source: str
    note: str | None
    withdrawn: bool = False
    rejected: bool = False
    forecast: bool = False
    review_reason: str | None = None
    reviewed_by: str | None = None


REVISION_COLUMNS = (
    Column("id", lazy_gettext("id"), numeric=True, priority=9),
    Column("indicator", lazy_gettext("indicator"), priority=8),
    Column("jurisdiction", lazy_gettext("jurisdiction"), priority=6),
    Column("period", lazy_gettext("period"), priority=8),
    Column("series", lazy_gettext("series"), priority=5),
    Column("value", lazy_gettext("value"), numeric=True, priority=9),
    Column("revision", lazy_gettext("revision"), numeric=True, priority=4),
    Column("approved", lazy_gettext("approved"), priority=6),
    Column("reported_by", lazy_gettext("reported by"), priority=3),
)


@dataclass(frozen=True)
class JurisdictionInfo(Record):
    """A province, city or county by GB/T 2260 code: its name, ``level`` (province, city,
    county), the ``parent`` code and the codes of the jurisdictions directly under it."""

    code: str
    name: str
    level: str
    parent: str | None
    children: tuple[str, ...]


#: the columns of a report's stored revisions (services.reporting.StoredObservation)
STORED_COLUMNS = (
    Column("indicator", lazy_gettext("indicator"), priority=8),
    Column("jurisdiction", lazy_gettext("jurisdiction"), priority=6),
    Column("period", lazy_gettext("period"), priority=8),
    Column("series", lazy_gettext("series"), priority=5),
    Column("value", lazy_gettext("value"), numeric=True, priority=9),
    Column("revision", lazy_gettext("revision"), numeric=True, priority=4),
    Column("approved", lazy_gettext("approved"), priority=6),
)
