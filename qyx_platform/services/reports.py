"""Periodic reports from live data (月调度 monthly, 季分析 quarterly, 年总结 annual), frozen
snapshots and their sign-off.

A report is built from the same reads as the GraphQL statuses and the scoreboard
(:class:`~qyx_platform.services.readings.Readings`, cached per data version), section by
section: the core's sections (:mod:`qyx_platform.services.report_sections`) and those the
plugins contribute through ``qyx_report_sections``. Freezing stores the report exactly as
built (JSON in ``report_snapshots``); later corrections never touch a snapshot, and
:meth:`ReportService.changed_since` lists the sections whose live content now differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from qyx_platform.errors import (
    NotFoundError,
    PeriodError,
    PluginError,
    QyxError,
    ReportInputError,
    ReportNotReadyError,
)
from qyx_platform.i18n import _
from qyx_platform.model import Period, Plan
from qyx_platform.model.reports import Language, Report, ReportKind, ReportSection
from qyx_platform.report_formats import ReportFile, ReportFormat, report_file
from qyx_platform.services.auth import Actor, Role
from qyx_platform.services.cache import CacheKey
from qyx_platform.services.lookup import jurisdiction_name
from qyx_platform.services.readings import Readings
from qyx_platform.services.report_data import KIND_NAMES, ReportData, SectionBuilder, period_dates
from qyx_platform.store.tables import ReportSnapshotRow

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

#: progress of a long build: (stage, done, total), as ``qyx import`` draws it
Progress = Callable[[str, int, int], None]

__all__ = ["FrozenSnapshot", "Progress", "ReportData", "ReportService", "SectionBuilder", "period_dates"]


@dataclass(frozen=True)
class FrozenSnapshot:
    """A report frozen as built, with who froze it and who signed it off."""

    id: int
    report: Report
    frozen_at: datetime
    frozen_by: str
    signed_off_at: datetime | None
    signed_off_by: str | None

    @classmethod
    def of(cls, row: ReportSnapshotRow) -> FrozenSnapshot:
        """The snapshot stored in a row."""
        return cls(
            row.id,
            Report.from_json(row.content),
            _aware(row.frozen_at),
            row.frozen_by,
            None if row.signed_off_at is None else _aware(row.signed_off_at),
            row.signed_off_by,
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ReportService:
    """Build, freeze, sign off and read periodic reports of one platform.

    ``clock`` says what time it is (UTC), for the build and freeze times; "today" (periods
    ended, items overdue) is the platform's county date (``Platform(today=...)``).
    """

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    @property
    def plan(self) -> Plan:
        """The loaded plan."""
        return self.platform.plan

    def today(self) -> date:
        """Today's date in the county (the platform's one clock, ``Platform(today=...)``)."""
        return self.platform.today()

    def resolve(self, kind: ReportKind, period: str, jurisdiction: str | None) -> tuple[Period, str]:
        """The parsed period and the jurisdiction code (default: the plan's home county);
        ReportInputError naming the field when either is wrong."""
        try:
            parsed = kind.period(period)
        except PeriodError as exc:
            raise ReportInputError("period", str(exc)) from None
        first, last = 2022, self.plan.document.end_year
        if not first <= parsed.year <= last:
            raise ReportInputError(
                "period",
                _("{period} is outside the plan, {first}-{last}", period=period, first=first, last=last),
            )
        code = (jurisdiction or self.plan.document.home_jurisdiction).strip()
        if jurisdiction_name(self.plan, Readings(self.platform), code) is None:
            raise ReportInputError(
                "jurisdiction", _("unknown jurisdiction {code} (a GB/T 2260 code)", code=repr(code))
            )
        return parsed, code

    def build(
        self,
        kind: ReportKind,
        period: str,
        jurisdiction: str | None = None,
        language: Language = Language.ZH,
        *,
        readings: Readings | None = None,
        progress: Progress | None = None,
    ) -> Report:
        """The live report, built once per data version (and day) and then served from the
        platform's cache; ``progress`` is told about each section as it is written."""
        parsed, code = self.resolve(kind, period, jurisdiction)
        reader = readings or Readings(self.platform)
        today = self.today()
        key: CacheKey[Report] = CacheKey("report", (kind.value, str(parsed), code, language.value, today))
        return reader.memo(key, lambda: self._build(kind, parsed, code, language, reader, today, progress))

    def _build(
        self,
        kind: ReportKind,
        period: Period,
        jurisdiction: str,
        language: Language,
        readings: Readings,
        today: date,
        progress: Progress | None,
    ) -> Report:
        from qyx_platform.services import report_sections

        data = ReportData(self.plan, readings, kind, period, jurisdiction, language, today)
        builders = report_sections.core_builders(kind)
        total = len(builders) + self.platform.plugin_manager.contributors("qyx_report_sections")
        sections: list[ReportSection] = []
        for done, builder in enumerate(builders, start=1):
            section = builder(data)
            if section is not None:
                sections.append(section)
            if progress:
                progress("sections", done, total)
        sections.extend(self._plugin_sections(data, progress, len(builders), total))
        keys = [s.key for s in sections]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise PluginError(_("report sections {keys} are contributed twice", keys=", ".join(duplicates)))
        name = readings.jurisdiction_name(jurisdiction) or jurisdiction
        zh, en = KIND_NAMES[kind]
        title = language.pick(
            f"{name}公共服务“七优享”工程{zh}报告（{period}）",
            f"{name} public services, Seven Excellences: {en} ({period})",
        )
        return Report(kind, str(period), jurisdiction, name, language, title, self.clock(), tuple(sections))

    def _plugin_sections(
        self, data: ReportData, progress: Progress | None, done: int, total: int
    ) -> list[ReportSection]:
        order = {d.code: d.order for d in self.plan.domains}
        found = [
            section
            for _plugin, section in self.platform.plugin_manager.report_sections(
                data.kind, data.period, data.jurisdiction, data
            )
        ]
        if progress:
            progress("sections", total, total)
        return sorted(found, key=lambda s: order.get(s.domain or "", 1_000))

    def live_or_frozen(
        self,
        kind: ReportKind,
        period: str,
        jurisdiction: str | None = None,
        language: Language = Language.ZH,
        *,
        frozen: int | None = None,
        readings: Readings | None = None,
        progress: Progress | None = None,
    ) -> Report:
        """The live report, or with ``frozen`` that snapshot exactly as frozen (in its own
        language), which must be the ``kind`` report of ``period`` (and of ``jurisdiction``
        when one is given): ReportInputError naming ``frozen`` otherwise, NotFoundError for
        an id that names no snapshot. What ``qyx report``, the GraphQL ``reportFile`` and
        :meth:`file` write."""
        if frozen is None:
            return self.build(kind, period, jurisdiction, language, readings=readings, progress=progress)
        snapshot = self.snapshot(frozen)
        report = snapshot.report
        try:
            asked = str(kind.period(period.strip()))
        except PeriodError as exc:
            raise ReportInputError("period", str(exc)) from None
        if report.kind is not kind or report.period != asked:
            raise ReportInputError(
                "frozen",
                _(
                    "frozen report {id} is the {kind} report of {period}, not the {asked} report "
                    "of {asked_period}",
                    id=snapshot.id,
                    kind=report.kind.value,
                    period=report.period,
                    asked=kind.value,
                    asked_period=asked,
                ),
            )
        where = None if jurisdiction is None else jurisdiction.strip()
        if where is not None and where != report.jurisdiction:
            raise ReportInputError(
                "frozen",
                _(
                    "frozen report {id} is the report of {jurisdiction}, not of {asked}",
                    id=snapshot.id,
                    jurisdiction=report.jurisdiction,
                    asked=where,
                ),
            )
        return report

    def file(
        self,
        kind: ReportKind,
        period: str,
        fmt: ReportFormat,
        jurisdiction: str | None = None,
        language: Language = Language.ZH,
        *,
        frozen: int | None = None,
        readings: Readings | None = None,
    ) -> ReportFile:
        """The live report (or, with ``frozen``, that snapshot exactly as frozen, checked by
        :meth:`live_or_frozen`) as a file in ``fmt``: the same bytes as ``qyx report
        --format`` writes."""
        report = self.live_or_frozen(kind, period, jurisdiction, language, frozen=frozen, readings=readings)
        return report_file(report, fmt)

    # ------------------------------------------------------------------ snapshots

    def freeze(
        self,
        actor: Actor,
        kind: ReportKind,
        period: str,
        jurisdiction: str | None = None,
        language: Language = Language.ZH,
    ) -> FrozenSnapshot:
        """Store the live report as a snapshot (supervisor or admin); ReportNotReadyError
        while its period has not ended."""
        actor.require(Role.SUPERVISOR, _("freezing a report"))
        parsed, code = self.resolve(kind, period, jurisdiction)
        last = period_dates(parsed)[1]
        today = self.today()
        if today <= last:
            raise ReportNotReadyError(
                _(
                    "the {kind} report for {period} cannot be frozen before its period ends "
                    "({last}); today is {today}",
                    kind=kind.value,
                    period=str(parsed),
                    last=last.isoformat(),
                    today=today.isoformat(),
                )
            )
        report = self.build(kind, str(parsed), code, language)
        with self.platform.write(actor) as work:
            row = ReportSnapshotRow(
                kind=kind.value,
                period=str(parsed),
                jurisdiction_code=code,
                language=language.value,
                title=report.title,
                content=report.to_json(),
                frozen_at=self.clock(),
                frozen_by=actor.name,
            )
            work.session.add(row)
            work.session.flush()
            work.record(
                "report.freeze",
                "report",
                str(row.id),
                after={"kind": kind.value, "period": str(parsed), "jurisdiction": code},
            )
            return FrozenSnapshot.of(row)

    def sign_off(self, actor: Actor, snapshot_id: int) -> FrozenSnapshot:
        """Record who signed a snapshot off and when (supervisor or admin); signing off
        again keeps the first sign-off."""
        actor.require(Role.SUPERVISOR, _("signing off a report"))
        with self.platform.write(actor) as work:
            row = work.session.get(ReportSnapshotRow, snapshot_id)
            if row is None:
                raise NotFoundError(_("no frozen report {id}", id=snapshot_id))
            if row.signed_off_at is None:
                row.signed_off_at = self.clock()
                row.signed_off_by = actor.name
                work.session.flush()
                work.record("report.sign_off", "report", str(row.id), after={"by": actor.name})
            return FrozenSnapshot.of(row)

    def snapshot(self, snapshot_id: int) -> FrozenSnapshot:
        """A snapshot by id, or NotFoundError."""
        with self.platform.sessions() as session:
            row = session.get(ReportSnapshotRow, snapshot_id)
            if row is None:
                raise NotFoundError(_("no frozen report {id}", id=snapshot_id))
            return FrozenSnapshot.of(row)

    def latest_snapshot(self, kind: ReportKind, period: str, jurisdiction: str) -> FrozenSnapshot | None:
        """The newest snapshot of this kind, period and jurisdiction, or None."""
        with self.platform.sessions() as session:
            row = session.scalars(
                select(ReportSnapshotRow)
                .where(
                    ReportSnapshotRow.kind == kind.value,
                    ReportSnapshotRow.period == period,
                    ReportSnapshotRow.jurisdiction_code == jurisdiction,
                )
                .order_by(ReportSnapshotRow.id.desc())
                .limit(1)
            ).first()
            return None if row is None else FrozenSnapshot.of(row)

    def changed_since(
        self, snapshot: FrozenSnapshot, readings: Readings | None = None
    ) -> list[ReportSection]:
        """The sections whose live content differs from the snapshot's (sections gone from
        the live report as frozen, new ones as they are now), in the snapshot's order."""
        frozen = snapshot.report
        try:
            live = self.build(
                frozen.kind, frozen.period, frozen.jurisdiction, frozen.language, readings=readings
            )
        except QyxError:
            return list(frozen.sections)
        live_by_key = {s.key: s for s in live.sections}
        changed = [
            s
            for s in frozen.sections
            if s.key not in live_by_key or live_by_key[s.key].digest() != s.digest()
        ]
        frozen_keys = {s.key for s in frozen.sections}
        changed.extend(s for s in live.sections if s.key not in frozen_keys)
        return changed


def sections_digest(sections: Sequence[ReportSection]) -> dict[str, str]:
    """Each section's digest by key."""
    return {s.key: s.digest() for s in sections}
