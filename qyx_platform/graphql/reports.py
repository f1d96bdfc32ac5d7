"""Periodic reports in GraphQL: the live report, frozen snapshots, freezing and sign-off.

``report`` is built once per data version (the platform's cache) and shared by every field
of the answer; ``frozenReport`` returns a snapshot exactly as frozen, with ``changedSince``.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from graphql import GraphQLError

from qyx_platform.errors import NotFoundError, PermissionDeniedError, ReportInputError, ReportNotReadyError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DomainType
from qyx_platform.graphql.problem_types import NotFound
from qyx_platform.graphql.report_types import InputError, PermissionDenied
from qyx_platform.i18n import _
from qyx_platform.model.reports import Language, Report, ReportKind, ReportSection, ReportTable, format_cell
from qyx_platform.services.arguments import parse_id
from qyx_platform.services.reports import FrozenSnapshot, ReportService


@strawberry.enum(
    name="ReportKind",
    description="月调度 MONTHLY dispatch (period 2025-07), 季分析 QUARTERLY analysis (2025Q3), "
    "年总结 ANNUAL summary (2025).",
)
class ReportKindEnum(Enum):
    """GraphQL mirror of ReportKind."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


@strawberry.enum(name="ReportLanguage", description="The language a report is written in.")
class ReportLanguageEnum(Enum):
    """GraphQL mirror of Language: Chinese (default) or English."""

    ZH = "zh"
    EN = "en"


@strawberry.type(name="ReportTable", description="A table behind a report section.")
class ReportTableType:
    """Columns and rows as printed in every format (numbers with their stored digits)."""

    m: strawberry.Private[ReportTable]

    @strawberry.field(description="Key, unique in the report.")
    def key(self) -> str:
        """Stable key."""
        return self.m.key

    @strawberry.field(description="Title printed above the table.")
    def title(self) -> str:
        """Title."""
        return self.m.title

    @strawberry.field(description="Column headings.")
    def columns(self) -> list[str]:
        """Column headings."""
        return list(self.m.columns)

    @strawberry.field(description="Rows of cells as printed; null for an empty cell.")
    def rows(self) -> list[list[str | None]]:
        """Rows of printed cells."""
        return [[None if c is None else format_cell(c) for c in row] for row in self.m.rows]


@strawberry.type(name="ReportSection", description="One section of a report.")
class ReportSectionType:
    """A key, a heading, the domain it belongs to (null for the core's), a Markdown body."""

    m: strawberry.Private[ReportSection]

    @strawberry.field(description="Key, unique in the report (domains prefix theirs: zhuyou.…).")
    def key(self) -> str:
        """Stable key."""
        return self.m.key

    @strawberry.field(description="Heading.")
    def heading(self) -> str:
        """Heading."""
        return self.m.heading

    @strawberry.field(description="The domain the section belongs to; null for the core's sections.")
    def domain(self, info: Info) -> DomainType | None:
        """The section's domain."""
        if self.m.domain is None:
            return None
        found = info.context.plan.domain(self.m.domain)
        return None if found is None else DomainType(m=found)

    @strawberry.field(description="The section in Markdown: its prose, then its tables.")
    def body(self) -> str:
        """Markdown body."""
        return self.m.body

    @strawberry.field(description="The tables behind the section.")
    def tables(self) -> list[ReportTableType]:
        """Tables."""
        return [ReportTableType(m=t) for t in self.m.tables]


@strawberry.type(name="Report", description="A periodic report (月调度, 季分析, 年总结).")
class ReportType:
    """A report built from live data, or as it was frozen."""

    m: strawberry.Private[Report]
    snapshot: strawberry.Private[FrozenSnapshot | None] = None
    live: strawberry.Private[bool] = True

    @strawberry.field
    def kind(self) -> ReportKindEnum:
        """Which report."""
        return ReportKindEnum(self.m.kind.value)

    @strawberry.field(description="2025-07, 2025Q3 or 2025.")
    def period(self) -> str:
        """The report's period."""
        return self.m.period

    @strawberry.field(description="GB/T 2260 code of the jurisdiction reported on.")
    def jurisdiction(self) -> str:
        """Jurisdiction code."""
        return self.m.jurisdiction

    @strawberry.field
    def language(self) -> ReportLanguageEnum:
        """The language it is written in."""
        return ReportLanguageEnum(self.m.language.value)

    @strawberry.field
    def title(self) -> str:
        """Title."""
        return self.m.title

    @strawberry.field(description="When the content was built from the data.")
    def generated_at(self) -> datetime.datetime:
        """Build time (UTC)."""
        return self.m.generated_at

    @strawberry.field(
        description="The latest snapshot of the same kind, period and jurisdiction; null when none "
        "was frozen. On a frozen report: that snapshot."
    )
    def frozen(self, info: Info) -> FrozenReportType | None:
        """The latest snapshot."""
        if not self.live:
            return None if self.snapshot is None else FrozenReportType(s=self.snapshot)
        found = _service(info).latest_snapshot(self.m.kind, self.m.period, self.m.jurisdiction)
        return None if found is None else FrozenReportType(s=found)

    @strawberry.field
    def sections(self) -> list[ReportSectionType]:
        """Sections in order."""
        return [ReportSectionType(m=s) for s in self.m.sections]


@strawberry.type(name="FrozenReport", description="A report frozen as it was built, and its sign-off.")
class FrozenReportType:
    """A snapshot: later corrections never change it."""

    s: strawberry.Private[FrozenSnapshot]

    @strawberry.field
    def id(self) -> strawberry.ID:
        """Stable id."""
        return strawberry.ID(str(self.s.id))

    @strawberry.field
    def frozen_at(self) -> datetime.datetime:
        """When it was frozen."""
        return self.s.frozen_at

    @strawberry.field
    def frozen_by(self) -> str:
        """Who froze it."""
        return self.s.frozen_by

    @strawberry.field
    def signed_off_at(self) -> datetime.datetime | None:
        """When it was signed off (null until then)."""
        return self.s.signed_off_at

    @strawberry.field
    def signed_off_by(self) -> str | None:
        """Who signed it off."""
        return self.s.signed_off_by

    @strawberry.field(description="The report exactly as frozen.")
    def report(self) -> ReportType:
        """The frozen content."""
        return ReportType(m=self.s.report, snapshot=self.s, live=False)

    @strawberry.field(description="Sections whose live content now differs from the snapshot.")
    def changed_since(self, info: Info) -> list[ReportSectionType]:
        """Sections changed since freezing."""
        changed = _service(info).changed_since(self.s, info.context.readings)
        return [ReportSectionType(m=s) for s in changed]


@strawberry.type(description="The report's period has not ended yet: it cannot be frozen.")
class ReportNotReady:
    """Freezing refused until the period is over."""

    message: str


@strawberry.type(description="The report was not frozen: an argument is wrong (see errors).")
class ReportInputRejected:
    """The field at fault and why."""

    errors: list[InputError]


FreezeReportResult = Annotated[
    FrozenReportType | PermissionDenied | ReportNotReady | ReportInputRejected,
    strawberry.union("FreezeReportResult"),
]
SignOffReportResult = Annotated[
    FrozenReportType | PermissionDenied | NotFound, strawberry.union("SignOffReportResult")
]


def _service(info: Info) -> ReportService:
    return info.context.platform.reports


def report(
    info: Info,
    kind: ReportKindEnum,
    period: str,
    jurisdiction: str | None = None,
    lang: ReportLanguageEnum = ReportLanguageEnum.ZH,
) -> ReportType:
    """The live report (月调度, 季分析, 年总结) of a kind and period; jurisdiction: default the
    home county 331126; in Chinese unless lang: EN."""
    try:
        built = _service(info).build(
            ReportKind(kind.value),
            period,
            jurisdiction,
            Language(lang.value),
            readings=info.context.readings,
        )
    except ReportInputError as exc:
        raise GraphQLError(str(exc), extensions={"field": exc.field}) from None
    return ReportType(m=built)


def frozen_report(info: Info, id: strawberry.ID) -> FrozenReportType | None:
    """A frozen report by id exactly as frozen, or null."""
    try:
        return FrozenReportType(s=_service(info).snapshot(_id(id)))
    except NotFoundError:
        return None


def _id(value: strawberry.ID) -> int:
    key = parse_id(value)
    if key is None:
        raise NotFoundError(_("no frozen report {id}", id=repr(value)))
    return key


def freeze_report(
    info: Info,
    kind: ReportKindEnum,
    period: str,
    jurisdiction: str | None = None,
    lang: ReportLanguageEnum = ReportLanguageEnum.ZH,
) -> FreezeReportResult:
    """Freeze the live report as a snapshot (supervisor or admin), once its period has ended."""
    try:
        snapshot = _service(info).freeze(
            info.context.actor, ReportKind(kind.value), period, jurisdiction, Language(lang.value)
        )
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except ReportNotReadyError as exc:
        return ReportNotReady(message=str(exc))
    except ReportInputError as exc:
        return ReportInputRejected(errors=[InputError(index=0, field=exc.field, message=str(exc))])
    return FrozenReportType(s=snapshot)


def sign_off_report(info: Info, id: strawberry.ID) -> SignOffReportResult:
    """Sign a frozen report off (supervisor or admin): records who and when."""
    try:
        return FrozenReportType(s=_service(info).sign_off(info.context.actor, _id(id)))
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except NotFoundError as exc:
        return NotFound(message=str(exc))
