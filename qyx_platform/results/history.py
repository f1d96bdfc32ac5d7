"""The records of what happened, as the Python API returns them: a problem's steps and
comments, the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qyx_platform.i18n import lazy_gettext
from qyx_platform.results.records import problem_label
from qyx_platform.results.table import Column, Record


@dataclass(frozen=True)
class ProblemEvent(Record):
    """One step of a problem: who moved it, when, from which status (None when it was raised)
    to which, and the note (the reason of a sending back, the evidence of a closing, the rule
    of an alert). Submitting evidence is a step that keeps the status."""

    problem: int
    at: datetime
    by: str
    from_status: str | None
    to_status: str
    note: str | None


PROBLEM_EVENT_COLUMNS = (
    Column("at", lazy_gettext("when"), priority=8),
    Column("by", lazy_gettext("by"), priority=7),
    Column("from_status", lazy_gettext("from"), priority=6, show=lambda s: problem_label(s) if s else "—"),
    Column("to_status", lazy_gettext("to"), priority=9, show=problem_label),
    Column("note", lazy_gettext("note"), priority=6),
)


@dataclass(frozen=True)
class ProblemComment(Record):
    """A comment on a problem: who wrote what, when."""

    problem: int
    at: datetime
    by: str
    text: str


PROBLEM_COMMENT_COLUMNS = (
    Column("at", lazy_gettext("when"), priority=8),
    Column("by", lazy_gettext("by"), priority=7),
    Column("text", lazy_gettext("comment"), priority=9),
)


@dataclass(frozen=True)
class AuditEntry(Record):
    """An append-only record of a write: who did what (``report``, ``problem.raise`` …) to
    which thing, when, with its state before and after as JSON text."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str | None
    after: str | None


AUDIT_COLUMNS = (
    Column("id", lazy_gettext("id"), numeric=True, priority=7),
    Column("at", lazy_gettext("when"), priority=8),
    Column("actor", lazy_gettext("by"), priority=8),
    Column("action", lazy_gettext("action"), priority=9),
    Column("entity", lazy_gettext("entity"), priority=6),
    Column("entity_id", lazy_gettext("entity id"), priority=6),
)
