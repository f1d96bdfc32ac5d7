"""The Python API of :class:`~qyx_platform.platform.Platform` beyond reporting: where the plan
stands, timelines, the scoreboard, problems, revisions and approval, files in and out.

Everything the GraphQL API answers is here for a script or a notebook, through the same
services; results are :class:`~qyx_platform.results.ResultTable` s (print them; ``rows()``
gives plain dicts). Writes take an ``actor`` (default :data:`LOCAL_OPERATOR`, the local
administrator a script runs as) and check its role as the GraphQL API does.

    from qyx_platform import Platform
    platform = Platform("sqlite:///qyx.sqlite3")
    print(platform.status("2025"))
    behind = [r for r in platform.status("2025") if r.state == "behind"]
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from qyx_platform.errors import NotFoundError, QyxError
from qyx_platform.i18n import _, current_language, lazy_gettext
from qyx_platform.model import BASELINE_YEAR, Granularity, Indicator, Period, Plan, level_of
from qyx_platform.results import (
    PROBLEM_COLUMNS,
    REVISION_COLUMNS,
    STANDING_COLUMNS,
    STATUS_COLUMNS,
    TIMELINE_COLUMNS,
    IndicatorStatus,
    Problem,
    ResultTable,
    Revision,
    Scoreboard,
    Standing,
    TimelinePoint,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from qyx_platform.services.auth import Actor
    from qyx_platform.services.importing import ImportResult
    from qyx_platform.services.observations import Progress
    from qyx_platform.services.unit_of_work import UnitOfWork
    from qyx_platform.store.tables import ObservationRow, ProblemRow

#: how many rows one page of a list reads
PAGE = 500


def english() -> bool:
    """True when messages are in English (names and units follow)."""
    return current_language() == "en"


def indicator_name(indicator: Indicator) -> str:
    """The indicator's name in the language in force (Chinese name by default)."""
    return indicator.english_name if english() and indicator.english_name else indicator.name


def indicator_unit(indicator: Indicator) -> str:
    """The indicator's unit in the language in force."""
    return indicator.english_unit if english() and indicator.english_unit else indicator.unit


def _series_english(indicator: Indicator, key: str | None) -> str | None:
    found = indicator.find_series(key) if key else None
    return found.english_name if found is not None and found.english_name else None


class _Localised:
    """A plan text shown in the language in force (its Chinese or its English form)."""

    def __init__(self, chinese: str, english_text: str) -> None:
        self.chinese = chinese
        self.english = english_text

    def __format__(self, spec: str) -> str:
        return format(self.english if english() and self.english else self.chinese, spec)


def _local_operator() -> Actor:
    from qyx_platform.services.auth import LOCAL_OPERATOR

    return LOCAL_OPERATOR


class PlatformAPI:
    """The query and workflow methods of :class:`~qyx_platform.platform.Platform`."""

    if TYPE_CHECKING:
        sessions: sessionmaker[Session]

        @property
        def plan(self) -> Plan: ...

        def write(self, actor: Actor) -> AbstractContextManager[UnitOfWork]: ...

    # -- helpers ---------------------------------------------------------------------------

    def _indicator(self, code: str) -> Indicator:
        found = self.plan.find_indicator(code)
        if found is None:
            raise NotFoundError(
                _("no indicator '{code}'; use an indicator code or plan number (see qyx status)", code=code)
            )
        return found

    def _jurisdiction(self, code: str | None) -> str:
        chosen = (code or self.plan.document.home_jurisdiction).strip()
        level_of(chosen)  # raises a QyxError naming a malformed code
        if self.plan.jurisdiction(chosen) is None and self._readings().jurisdiction_name(chosen) is None:
            raise NotFoundError(
                _("no jurisdiction {code}; use a county, city or province code such as 331126", code=chosen)
            )
        return chosen

    def _department(self, name: str | None) -> str | None:
        if name is None:
            return None
        for department in self.plan.departments:
            if name.strip() in (department.name, department.english_name):
                return department.name
        names = ", ".join(d.name for d in self.plan.departments)
        raise NotFoundError(_("no department '{name}'; use one of {names}", name=name, names=names))

    def _readings(self) -> Any:
        from qyx_platform.services.readings import Readings

        return Readings(self)  # type: ignore[arg-type]

    def place(self, code: str) -> str:
        """A jurisdiction as a title shows it: ``庆元县 (331126)``, or the code alone."""
        configured = self.plan.jurisdiction(code)
        name = configured.name if configured is not None else self._readings().jurisdiction_name(code)
        return f"{name} ({code})" if name else code

    def default_year(self) -> int:
        """This calendar year, within the plan's years."""
        return min(max(date.today().year, BASELINE_YEAR), self.plan.document.end_year)

    # -- where the plan stands ---------------------------------------------------------------

    def status(
        self,
        period: str | int | None = None,
        *,
        jurisdiction: str | None = None,
        indicators: Iterable[str] = (),
        domain: str | None = None,
        core: bool | None = None,
    ) -> ResultTable[IndicatorStatus]:
        """Where each indicator stands in ``period`` (``2025``, ``2025Q3``, ``2025-07``;
        default: this year) in ``jurisdiction`` (default: the home county), one record per
        indicator and series, in plan order. Narrow with ``indicators`` (codes or plan
        numbers), ``domain`` (youyou …) or ``core`` (only core ``*`` indicators)."""
        from qyx_platform.services.status import StatusService

        asked = Period.parse(str(period if period is not None else self.default_year()))
        code = self._jurisdiction(jurisdiction)
        wanted = [self._indicator(c) for c in indicators]
        if domain is not None and self.plan.domain(domain) is None:
            codes = ", ".join(d.code for d in self.plan.domains)
            raise NotFoundError(_("no domain '{domain}'; use one of {codes}", domain=domain, codes=codes))
        chosen = [
            i
            for i in (wanted or self.plan.indicators)
            if (domain is None or i.domain == domain) and (core is None or i.core == core)
        ]
        service = StatusService(self.plan, self._readings())
        records = []
        for indicator in chosen:
            for row in service.status(indicator, asked, code):
                e = row.evaluation
                records.append(
                    IndicatorStatus(
                        number=indicator.plan_number,
                        indicator=indicator.code,
                        name=indicator.name,
                        unit=indicator.unit,
                        english_name=indicator.english_name,
                        english_unit=indicator.english_unit,
                        series=e.series,
                        jurisdiction=row.jurisdiction,
                        period=str(e.period),
                        state=e.state.value,
                        actual=e.actual,
                        target=None if e.target is None else e.target.text,
                        checkpoint=e.checkpoint,
                        gap=e.gap,
                        progress=e.progress,
                        note=str(e.note),
                        children_reported=row.children_reported,
                        children_expected=row.children_expected,
                        series_english_name=_series_english(indicator, e.series),
                    )
                )
        title = lazy_gettext(
            "Status in {period}, {jurisdiction}", period=asked, jurisdiction=self.place(code)
        )
        return ResultTable(records, STATUS_COLUMNS, title)

    def timeline(
        self,
        indicator: str,
        *,
        jurisdiction: str | None = None,
        granularity: str | None = None,
    ) -> ResultTable[TimelinePoint]:
        """The current values of one indicator over time in ``jurisdiction`` (default: the
        home county) and the jurisdictions directly under it, ordered by jurisdiction, series
        and period; ``granularity`` (year, quarter, month) keeps one kind of period."""
        found = self._indicator(indicator)
        code = self._jurisdiction(jurisdiction)
        kind = None
        if granularity is not None:
            try:
                kind = Granularity(granularity.strip().lower())
            except ValueError:
                raise QyxError(
                    _("granularity '{value}': use year, quarter or month", value=granularity)
                ) from None
        readings = self._readings()
        codes = [code, *(c for c, _n in readings.children(code))]
        values = readings.values(codes, found.code)
        records = [
            TimelinePoint(found.code, jur, series or None, str(period), value)
            for (_ind, jur, series), points in sorted(
                values.items(), key=lambda kv: (codes.index(kv[0][1]), kv[0][2])
            )
            for period, value in points
            if kind is None or period.granularity is kind
        ]
        title = lazy_gettext(
            "{name} ({unit})",
            name=_Localised(found.name, found.english_name),
            unit=_Localised(found.unit, found.english_unit),
        )
        return ResultTable(records, TIMELINE_COLUMNS, title)

    def scoreboard(self, year: int | None = None, *, jurisdiction: str | None = None) -> Scoreboard:
        """Domains and departments ranked on the state of their indicators in ``year``
        (default: this year) in ``jurisdiction`` (多维晾晒)."""
        from qyx_platform.services.scoreboard import build_scoreboard

        chosen = self.default_year() if year is None else int(year)
        last = self.plan.document.end_year
        if not BASELINE_YEAR <= chosen <= last:
            raise QyxError(
                _(
                    "year {year} is outside the plan, {first}-{last}",
                    year=chosen,
                    first=BASELINE_YEAR,
                    last=last,
                )
            )
        code = self._jurisdiction(jurisdiction)
        board = build_scoreboard(self.plan, self._readings(), chosen, code)
        domains = {d.code: d for d in self.plan.domains}
        departments = {d.name: d for d in self.plan.departments}

        def domain_name(key: str) -> tuple[str, str]:
            return domains[key].name, domains[key].english_name

        def department_name(key: str) -> tuple[str, str]:
            return departments[key].name, departments[key].english_name

        def standings(groups: Iterable[Any], name: Any) -> list[Standing]:
            out = []
            for g in groups:
                c = g.overall.counts
                chinese, english_name = name(g.key)
                out.append(
                    Standing(
                        g.key,
                        chinese,
                        english_name,
                        g.rank,
                        g.overall.value,
                        g.core_rank,
                        g.core.value,
                        c.achieved,
                        c.on_track,
                        c.at_risk,
                        c.behind,
                        c.no_data,
                    )
                )
            return out

        return Scoreboard(
            chosen,
            code,
            ResultTable(
                standings(board.domains, domain_name),
                STANDING_COLUMNS,
                lazy_gettext("Domains in {year}, {jurisdiction}", year=chosen, jurisdiction=self.place(code)),
            ),
            ResultTable(
                standings(board.departments, department_name),
                STANDING_COLUMNS,
                lazy_gettext(
                    "Departments in {year}, {jurisdiction}", year=chosen, jurisdiction=self.place(code)
                ),
            ),
        )

    # -- problems (问题清单 → 销号清单) ---------------------------------------------------------

    def problems(
        self, *, status: str | None = None, department: str | None = None, overdue: bool | None = None
    ) -> ResultTable[Problem]:
        """The problem list, oldest first; narrow by ``status`` (open, rectifying, closed,
        reopened), ``department`` or ``overdue``."""
        from qyx_platform.services.problems import ProblemService, ProblemStatus, is_overdue

        wanted = None
        if status is not None:
            try:
                wanted = ProblemStatus(status.strip().lower())
            except ValueError:
                raise QyxError(
                    _("status '{value}': use open, rectifying, closed or reopened", value=status)
                ) from None
        service = ProblemService(self.plan)
        chosen = self._department(department)
        rows: list[ProblemRow] = []
        after = None
        with self.sessions() as session:
            while True:
                _total, page = service.list(session, wanted, chosen, overdue, after, PAGE)
                rows.extend(page)
                if len(page) < PAGE:
                    break
                after = page[-1].id
            today = date.today()
            records = [_problem(r, is_overdue(r, today)) for r in rows]
        return ResultTable(records, PROBLEM_COLUMNS, lazy_gettext("Problems"))

    def raise_problem(
        self,
        title: str,
        department: str,
        due_date: date | str,
        *,
        description: str | None = None,
        domain: str | None = None,
        indicator: str | None = None,
        actor: Actor | None = None,
    ) -> Problem:
        """Raise a problem (supervisors and admins); returns it, status open."""
        from qyx_platform.services.problems import NewProblem, ProblemService

        due = date.fromisoformat(due_date) if isinstance(due_date, str) else due_date
        new = NewProblem(title, department, due, description, domain, indicator)
        with self.write(actor or _local_operator()) as work:
            row = ProblemService(self.plan).raise_problem(work, new)
            return _problem(row, False)

    def _move(self, problem_id: int, to: str, evidence: str | None, actor: Actor | None) -> Problem:
        from qyx_platform.services.problems import ProblemService, ProblemStatus, is_overdue

        with self.write(actor or _local_operator()) as work:
            row = ProblemService(self.plan).move(work, int(problem_id), ProblemStatus(to), evidence)
            return _problem(row, is_overdue(row))

    def start_rectifying(self, problem_id: int, *, actor: Actor | None = None) -> Problem:
        """Mark a problem as being rectified (整改中)."""
        return self._move(problem_id, "rectifying", None, actor)

    def close_problem(self, problem_id: int, evidence: str, *, actor: Actor | None = None) -> Problem:
        """Close a problem with evidence (销号)."""
        return self._move(problem_id, "closed", evidence, actor)

    def reopen_problem(self, problem_id: int, *, actor: Actor | None = None) -> Problem:
        """Reopen a closed problem."""
        return self._move(problem_id, "reopened", None, actor)

    # -- revisions and approval --------------------------------------------------------------

    def observations(
        self,
        indicator: str,
        *,
        jurisdiction: str | None = None,
        period: str | None = None,
        series: str | None = None,
    ) -> ResultTable[Revision]:
        """Every stored revision of an indicator's values (approved or not), oldest first."""
        from qyx_platform.services.history import RevisionFilter, revisions

        found = self._indicator(indicator)
        key = None
        if series is not None:
            chosen = found.find_series(series)
            if chosen is None:
                raise NotFoundError(
                    _("indicator {code} has no series '{series}'", code=found.code, series=series)
                )
            key = chosen.key
        where = RevisionFilter(
            found.code, jurisdiction, None if period is None else str(Period.parse(period)), key
        )
        rows: list[ObservationRow] = []
        after = None
        with self.sessions() as session:
            while True:
                _total, page = revisions(session, where, after, PAGE)
                rows.extend(page)
                if len(page) < PAGE:
                    break
                after = page[-1].id
            records = [_revision(r) for r in rows]
        return ResultTable(records, REVISION_COLUMNS, lazy_gettext("Revisions of {code}", code=found.code))

    def approve(self, observation_id: int, *, actor: Actor | None = None) -> Revision:
        """Approve a reported revision (supervisors and admins); it becomes the current value
        unless a newer approved revision exists."""
        from qyx_platform.services.approval import approve

        with self.write(actor or _local_operator()) as work:
            return _revision(approve(work, int(observation_id)))

    # -- files ---------------------------------------------------------------------------------

    def import_file(
        self,
        path: str | Path,
        *,
        actor: Actor | None = None,
        check_only: bool = False,
        progress: Progress | None = None,
        fmt: str | None = None,
        encoding: str | None = None,
        sheet: str | None = None,
    ) -> ImportResult:
        """Import a CSV, TSV or XLSX file of values as one all-or-nothing report (as
        ``qyx import``); raises FileValidationError listing every problem by line and column."""
        from qyx_platform.services.importing import import_file

        return import_file(
            self,  # type: ignore[arg-type]
            path,
            actor or _local_operator(),
            fmt=fmt,
            encoding=encoding,
            sheet=sheet,
            progress=progress,
            check_only=check_only,
        )

    def export(
        self,
        target: str | Path | IO[str],
        *,
        fmt: str | None = None,
        lang: str | None = None,
        indicators: Iterable[str] = (),
        jurisdiction: str | None = None,
    ) -> int:
        """Write the current values to a file path or text stream in the import format (as
        ``qyx export``); returns the number of values. ``lang`` zh or en picks the headers
        (default: the language in force)."""
        from qyx_platform.services.export import export_values
        from qyx_platform.tabular import detect_format

        chosen = fmt or (detect_format(target) if isinstance(target, str | Path) else "csv")
        language = lang or ("en" if english() else "zh")
        return export_values(
            self,  # type: ignore[arg-type]
            target,
            fmt=chosen,
            lang=language,
            indicators=tuple(indicators),
            jurisdiction=jurisdiction,
        )

    def template(
        self,
        target: str | Path | IO[str],
        department: str,
        period: str,
        *,
        fmt: str | None = None,
        lang: str | None = None,
        jurisdiction: str | None = None,
    ) -> int:
        """Write a blank file of what ``department`` owes for ``period`` (as ``qyx template``):
        one row per indicator, reporting cycle and series, with its name, unit and target
        beside the code and an empty value to fill in; returns the number of rows."""
        from qyx_platform.services.template import write_template
        from qyx_platform.tabular import detect_format

        chosen = fmt or (detect_format(target) if isinstance(target, str | Path) else "csv")
        return write_template(
            self.plan,
            target,
            department,
            period,
            fmt=chosen,
            lang=lang or ("en" if english() else "zh"),
            jurisdiction=jurisdiction,
        )


def _problem(row: ProblemRow, overdue: bool) -> Problem:
    return Problem(
        id=row.id,
        title=row.title,
        department=row.department,
        status=row.status,
        due_date=row.due_date,
        overdue=overdue,
        domain=row.domain_code,
        indicator=row.indicator_code,
        description=row.description,
        evidence=row.evidence,
        raised_by=row.raised_by,
        raised_at=row.raised_at,
        closed_at=row.closed_at,
    )


def _revision(row: ObservationRow) -> Revision:
    from decimal import Decimal

    return Revision(
        id=row.id,
        indicator=row.indicator_code,
        jurisdiction=row.jurisdiction_code,
        period=row.period,
        series=row.series or None,
        value=Decimal(row.value) if not isinstance(row.value, Decimal) else row.value,
        revision=row.revision,
        approved=bool(row.approved),
        reported_by=row.reported_by,
        reported_at=row.reported_at,
        source=row.source,
        note=row.note,
    )
