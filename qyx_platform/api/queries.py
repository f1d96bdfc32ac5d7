"""Where the plan stands, from Python: status, timelines, the scoreboard."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _, lazy_gettext
from qyx_platform.model import Granularity, Period
from qyx_platform.results import (
    STANDING_COLUMNS,
    STATUS_COLUMNS,
    TIMELINE_COLUMNS,
    IndicatorStatus,
    JurisdictionInfo,
    ResultTable,
    Scoreboard,
    Standing,
    TimelinePoint,
)

if TYPE_CHECKING:
    from qyx_platform.evaluation.board import Standing as BoardStanding

from qyx_platform.api._base import (
    APIBase,
    _Localised,
    _series_english,
)


class QueryAPI(APIBase):
    """``status``, ``timeline`` and ``scoreboard`` of :class:`~qyx_platform.platform.Platform`."""

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
        domain = self._domain(domain)
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

    def scoreboard(
        self, year: int | str | None = None, *, jurisdiction: str | None = None, month: int | None = None
    ) -> Scoreboard:
        """Domains and departments ranked in ``year`` (default: this year) in ``jurisdiction``
        (多维晾晒), as the GraphQL ``scoreboard``: for the home county on indicator and
        task-target states, timeliness, problem closure and milestones (each
        :class:`~qyx_platform.results.Standing` carries the parts); for a city or the province
        on indicator states rolled up from their counties. With ``month`` (1-12): the board as
        it stood at the end of that month, ``rank_change`` against the month before."""
        from qyx_platform.services import arguments
        from qyx_platform.services.scoreboard import build_scoreboard

        chosen = self.default_year() if year is None else arguments.year(year)
        code = self._jurisdiction(jurisdiction)
        board = build_scoreboard(self.plan, self._readings(), chosen, code, month=month)
        domains = {d.code: d for d in self.plan.domains}
        departments = {d.name: d for d in self.plan.departments}

        def domain_name(key: str) -> tuple[str, str]:
            return domains[key].name, domains[key].english_name

        def department_name(key: str) -> tuple[str, str]:
            return departments[key].name, departments[key].english_name

        def standings(
            groups: Iterable[BoardStanding], name: Callable[[str], tuple[str, str]]
        ) -> list[Standing]:
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
                        g.score,
                        g.core_rank,
                        g.core.value,
                        c.achieved,
                        c.on_track,
                        c.at_risk,
                        c.behind,
                        c.no_data,
                        rank_change=g.rank_change,
                        states_score=g.states,
                        coverage=g.coverage,
                        timeliness=g.timeliness,
                        closure_rate=g.closure_rate,
                        milestones_done=g.milestones_done,
                    )
                )
            return out

        place = self.place(code)
        if month is None:
            titles = (
                lazy_gettext("Domains in {year}, {jurisdiction}", year=chosen, jurisdiction=place),
                lazy_gettext("Departments in {year}, {jurisdiction}", year=chosen, jurisdiction=place),
            )
        else:
            end = f"{chosen}-{month:02d}"
            titles = (
                lazy_gettext("Domains at the end of {month}, {jurisdiction}", month=end, jurisdiction=place),
                lazy_gettext(
                    "Departments at the end of {month}, {jurisdiction}", month=end, jurisdiction=place
                ),
            )
        return Scoreboard(
            chosen,
            code,
            ResultTable(standings(board.domains, domain_name), STANDING_COLUMNS, titles[0]),
            ResultTable(standings(board.departments, department_name), STANDING_COLUMNS, titles[1]),
            month,
        )

    def jurisdiction(self, code: str) -> JurisdictionInfo | None:
        """A province, city or county by GB/T 2260 code (stored, or configured by the plan)
        with its parent and the jurisdictions directly under it; None when unknown (as the
        GraphQL ``jurisdiction``). Where its indicators stand: ``status(year,
        jurisdiction=code)``."""
        from qyx_platform.model import Level, level_of, parent_of
        from qyx_platform.services.lookup import jurisdiction_name

        readings = self._readings()
        code = code.strip()
        name = jurisdiction_name(self.plan, readings, code)
        if name is None:
            return None
        level: Level = level_of(code)
        children = tuple(c for c, _name in readings.children(code))
        return JurisdictionInfo(code, name, level.value, parent_of(code), children)
