"""SQLAlchemy 2.x tables: the synced plan, observations with revisions, tokens, audit, problems.

Decimal values are stored as TEXT exactly as reported (``3.20`` stays ``3.20``) so that
SQLite and PostgreSQL keep the same digits; ``period_sort`` orders periods correctly across
granularities; ``series`` is ``''`` (never NULL) where an indicator has no series, so that
UNIQUE keys hold on every database. Relationships are not used: queries are set-based.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from qyx_platform.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with one MetaData and a naming convention for constraints."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DomainRow(Base):
    """A domain as last synced from its plugin."""

    __tablename__ = "domains"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    english_name: Mapped[str] = mapped_column(String(200), default="")
    brand: Mapped[str] = mapped_column(String(200))
    lead_department: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class IndicatorRow(Base):
    """An indicator as last synced; ``retired`` when no plugin provides it any more (its
    observations are kept)."""

    __tablename__ = "indicators"
    code: Mapped[str] = mapped_column(String(128), primary_key=True)
    plan_number: Mapped[int] = mapped_column(Integer)
    domain_code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    english_name: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(32))
    core: Mapped[bool] = mapped_column(Boolean, default=False)
    polarity: Mapped[str] = mapped_column(String(16))
    accumulation: Mapped[str] = mapped_column(String(16))
    rollup: Mapped[str] = mapped_column(String(16))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class IndicatorTargetRow(Base):
    """One cell of the plan table: indicator × year × series ('' for none)."""

    __tablename__ = "indicator_targets"
    indicator_code: Mapped[str] = mapped_column(
        ForeignKey("indicators.code", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    comparator: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(64))


class TaskRow(Base):
    """A key task (重点任务)."""

    __tablename__ = "tasks"
    code: Mapped[str] = mapped_column(String(128), primary_key=True)
    domain_code: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)


class TaskTargetRow(Base):
    """A dated target from a task's prose."""

    __tablename__ = "task_targets"
    task_code: Mapped[str] = mapped_column(ForeignKey("tasks.code", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(Text)
    comparator: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)


class ProjectRow(Base):
    """A named project (项目) with its tracked state."""

    __tablename__ = "projects"
    code: Mapped[str] = mapped_column(String(200), primary_key=True)
    domain_code: Mapped[str] = mapped_column(String(64))
    task_number: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)


class JurisdictionRow(Base):
    """A jurisdiction by GB/T 2260 code."""

    __tablename__ = "jurisdictions"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(6), index=True)
    population: Mapped[int | None] = mapped_column(Integer)


class ObservationRow(Base):
    """One revision of an actual value. Rows are only ever inserted."""

    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint("indicator_code", "jurisdiction_code", "period", "series", "revision"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    period: Mapped[str] = mapped_column(String(7))
    period_sort: Mapped[int] = mapped_column(Integer)
    granularity: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    series: Mapped[str] = mapped_column(String(64), default="")
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String(40))
    approved: Mapped[bool] = mapped_column(Boolean, default=True)
    reported_by: Mapped[str] = mapped_column(String(200))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(32), default="api")
    note: Mapped[str | None] = mapped_column(Text)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: withdrawn by its reporter, or rejected by a supervisor (``review_reason`` says why)
    withdrawn: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    rejected: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    #: a value for a period not yet ended (an indicator that allows forecasts): never current
    forecast: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    #: the id of the token that reported it (None for the local operator)
    reporter_token: Mapped[int | None] = mapped_column(Integer)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_reason: Mapped[str | None] = mapped_column(Text)


class CurrentValueRow(Base):
    """The current value of each key (the newest approved revision), kept with every write
    so that reads need no window function.

    The key is (indicator, jurisdiction, series, period): ``period_sort`` stands for the
    period in it (one number per period), so that one index range reads a key's values in
    period order, or those inside a period. On SQLite the table is clustered on that key
    (``WITHOUT ROWID``): an import then writes two B-trees per row instead of five."""

    __tablename__ = "current_values"
    __table_args__ = (
        # the matrix's "latest value of each key in a year" is answered from this index alone
        Index(
            "ix_current_values_year_key",
            "year",
            "indicator_code",
            "jurisdiction_code",
            "series",
            "period_sort",
        ),
        {"sqlite_with_rowid": False},
    )
    indicator_code: Mapped[str] = mapped_column(String(128), primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    series: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    period_sort: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    granularity: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[str | None] = mapped_column(String(40))
    revision: Mapped[int | None] = mapped_column(Integer)
    latest_revision: Mapped[int] = mapped_column(Integer)


class TokenRow(Base):
    """An API token: only its SHA-256 hash is stored."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(String(100))
    label: Mapped[str | None] = mapped_column(String(200))
    #: the jurisdiction it may write to, and below (None: the home county)
    jurisdiction: Mapped[str | None] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditRow(Base):
    """An append-only record of a write: who, when, what, before and after (JSON)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(300))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class ProblemRow(Base):
    """A problem (问题清单) until closed with evidence (销号清单)."""

    __tablename__ = "problems"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(100))
    domain_code: Mapped[str | None] = mapped_column(String(64))
    indicator_code: Mapped[str | None] = mapped_column(String(128))
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    raised_by: Mapped[str] = mapped_column(String(200))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    evidence: Mapped[str | None] = mapped_column(Text)


class MetaRow(Base):
    """Small key/value facts: the data version (bumped by every write), the schema's plan hash."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReportSnapshotRow(Base):
    """A periodic report frozen as it was built (``content``: the report as JSON), with who
    froze it and who signed it off. Later corrections never change a snapshot."""

    __tablename__ = "report_snapshots"
    __table_args__ = (Index("ix_report_snapshots_key", "kind", "period", "jurisdiction_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(7))
    jurisdiction_code: Mapped[str] = mapped_column(String(6))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    frozen_by: Mapped[str] = mapped_column(String(200))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_off_by: Mapped[str | None] = mapped_column(String(200))
