"""What a report section is written from: :class:`ReportData` (the plan, the report's kind,
period, jurisdiction and language, and the live values), with the names of states and kinds in
both languages. Core sections and plugins' ``qyx_report_sections`` alike read through it."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal

from qyx_platform.errors import NotFoundError
from qyx_platform.evaluation import Evaluation, State, count_states
from qyx_platform.i18n import _
from qyx_platform.model import Indicator, Period, Plan
from qyx_platform.model.reports import Cell, Language, ReportKind, ReportSection, ReportTable
from qyx_platform.services.cache import CacheKey
from qyx_platform.services.readings import Readings
from qyx_platform.services.scoreboard import rolled_latest
from qyx_platform.services.status import StatusRow, StatusService, judge

STATE_NAMES: dict[State, tuple[str, str]] = {
    State.ACHIEVED: ("已达标", "achieved"),
    State.ON_TRACK: ("进度正常", "on track"),
    State.AT_RISK: ("有风险", "at risk"),
    State.BEHIND: ("滞后", "behind"),
    State.NO_DATA: ("无数据", "no data"),
}
KIND_NAMES: dict[ReportKind, tuple[str, str]] = {
    ReportKind.MONTHLY: ("月调度", "monthly dispatch"),
    ReportKind.QUARTERLY: ("季分析", "quarterly analysis"),
    ReportKind.ANNUAL: ("年总结", "annual summary"),
}
CENT = Decimal("0.01")


def period_dates(period: Period) -> tuple[date, date]:
    """The first and the last day of a period."""
    last = calendar.monthrange(period.year, period.end_month)[1]
    return date(period.year, period.start_month, 1), date(period.year, period.end_month, last)


class ReportData:
    """What a report section is written from: the plan, the report's kind, period,
    jurisdiction and language, and the live values read through one shared :class:`Readings`.

    Plugins receive it in ``qyx_report_sections`` and write their sections with it; every
    figure they read here is the one the GraphQL statuses show.
    """

    def __init__(
        self,
        plan: Plan,
        readings: Readings,
        kind: ReportKind,
        period: Period,
        jurisdiction: str,
        language: Language,
        today: date,
    ) -> None:
        self.plan = plan
        self.readings = readings
        self.kind = kind
        self.period = period
        self.jurisdiction = jurisdiction
        self.language = language
        self.today = today
        self._status = StatusService(plan, readings)

    @property
    def year(self) -> int:
        """The report's year."""
        return self.period.year

    def t(self, zh: str, en: str) -> str:
        """``zh`` or ``en``, in the report's language."""
        return self.language.pick(zh, en)

    def table(
        self,
        key: str,
        title: tuple[str, str],
        columns: Sequence[tuple[str, str] | str],
        rows: Iterable[tuple[Cell, ...]],
    ) -> ReportTable:
        """A section's table with its title and column headings given as (Chinese, English)
        pairs (a heading the same in both, a period say, as a plain string), in the report's
        language."""
        headings = tuple(c if isinstance(c, str) else self.t(*c) for c in columns)
        return ReportTable(key, self.t(*title), headings, tuple(rows))

    def indicator_name(self, indicator: Indicator, series: str | None = None) -> str:
        """The indicator's name in the report's language (with its series, if any)."""
        name = self.t(indicator.name, indicator.english_name or indicator.name)
        if series is None:
            return name
        found = indicator.find_series(series)
        label = series if found is None else self.t(found.name, found.english_name or found.name)
        return f"{name}（{label}）" if self.language is Language.ZH else f"{name} ({label})"

    def unit(self, indicator: Indicator) -> str:
        """The indicator's unit in the report's language."""
        return self.t(indicator.unit, indicator.english_unit or indicator.unit)

    def domain_name(self, code: str) -> str:
        """A domain's name in the report's language."""
        domain = self.plan.domain(code)
        if domain is None:
            return code
        return self.t(domain.name, domain.english_name or domain.name)

    def department_name(self, name: str) -> str:
        """A department's name in the report's language."""
        for d in self.plan.departments:
            if d.name == name:
                return self.t(d.name, d.english_name or d.name)
        return name

    def state_name(self, state: State) -> str:
        """A state in the report's language."""
        zh, en = STATE_NAMES[state]
        return self.t(zh, en)

    def status(self, indicator: Indicator, period: Period | None = None) -> list[StatusRow]:
        """The indicator's status rows (one per series) for ``period`` (default: the report's),
        exactly as the GraphQL ``status`` field judges them."""
        return self._status.status(indicator, period or self.period, self.jurisdiction)

    def evaluation(
        self, indicator: Indicator, series: str | None = None, period: Period | None = None
    ) -> Evaluation:
        """One series' evaluation for ``period`` (default: the report's), without trend."""
        for row in self.status(indicator, period):
            if row.evaluation.series == series:
                return row.evaluation
        raise NotFoundError(
            _("indicator {code} has no series {series}", code=indicator.code, series=repr(series))
        )

    def as_of(self, indicator: Indicator, *, trend: bool = False) -> list[Evaluation]:
        """One evaluation per series as of the end of the report's period: the latest value of
        the report's year up to then (a quarterly analysis of 2025Q3 judges the Q3 value, or
        Q2's when Q3 has none), never a later one; rolled up from the children where the
        jurisdiction reports none. ``trend`` adds pace and the forecasts."""
        year = Period.year_of(self.period.year)
        own = self.readings.values_within([self.jurisdiction], indicator.code, year)
        out: list[Evaluation] = []
        for key in indicator.series_keys:
            value_key = (indicator.code, self.jurisdiction, key or "")
            inside = [pv for pv in own.get(value_key, []) if pv[0] <= self.period]
            if not inside:
                reported = self.readings.reported([self.jurisdiction], indicator.code)
                if value_key not in reported and self.readings.children(self.jurisdiction):
                    out.extend(
                        r.evaluation for r in self.status(indicator, year) if r.evaluation.series == key
                    )
                    continue
                out.append(judge(indicator, key, [], year, trend=trend))
                continue
            if trend:
                history = self.readings.values([self.jurisdiction], indicator.code).get(value_key, [])
                inside = [pv for pv in history if pv[0] <= self.period]
            out.append(judge(indicator, key, inside, year, trend=trend))
        return out

    def year_actual(self, indicator: Indicator, series: str | None, year: int) -> Decimal | None:
        """The latest value of ``year`` in the report's jurisdiction (the year's own value, else
        its latest month or quarter), rolled up from below where it reports none, at any depth, as
        the scoreboard does; never
        a value after the report's period. One statement per year for the whole report."""
        if year > self.period.year:
            return None
        if year == self.period.year and not self.period.is_year_end:
            found = [e.actual for e in self.as_of(indicator) if e.series == series]
            return found[0] if found else None
        latest = self.readings.latest_in_year(  # shared with the scoreboard of the report
            year, self.readings.descendants(self.jurisdiction), task_targets=True
        )
        rolled = rolled_latest(self.readings, latest, indicator, series or "", self.jurisdiction)
        return None if rolled is None else rolled[1]

    def target_value(self, indicator: Indicator, series: str | None, year: int) -> Decimal | None:
        """The plan's number for ``year`` (None for ``-``, 全覆盖 or outside the plan)."""
        expression = indicator.target(year, series)
        return None if expression is None else expression.value

    def target_text(self, indicator: Indicator, series: str | None, year: int) -> str:
        """The plan's cell for ``year`` exactly as printed (``-`` outside the plan)."""
        expression = indicator.target(year, series)
        return "-" if expression is None else expression.text

    @property
    def plan_years(self) -> tuple[int, ...]:
        """The plan's years: 2022 (baseline) to the last target year."""
        return tuple(range(2022, self.plan.document.end_year + 1))


#: a core section builder: the data in, a section out (None: nothing to say)
SectionBuilder = Callable[[ReportData], ReportSection | None]


TENTH = Decimal("0.1")


def rounded(value: Decimal | None, places: Decimal = CENT) -> Decimal | None:
    """``value`` with at most the places of ``places`` (digits as stored when fewer); a value
    too small to show there keeps one significant digit (a gap of -0.0025 reads -0.002, never
    -0.00 beside a state that says it is short)."""
    if value is None:
        return None
    exponent, wanted = value.as_tuple().exponent, places.as_tuple().exponent
    if isinstance(exponent, int) and isinstance(wanted, int) and exponent >= wanted:
        return value
    shown = value.quantize(places)
    if shown.is_zero() and not value.is_zero():
        return value.quantize(Decimal(1).scaleb(value.adjusted()))
    return shown.copy_abs() if shown.is_zero() else shown


def percent(ratio: Decimal | None) -> Decimal | None:
    """A 0-1 ratio as a percentage with one decimal place."""
    return None if ratio is None else (ratio * 100).quantize(TENTH)


def evaluations(data: ReportData, *, trend: bool = False) -> list[tuple[Indicator, Evaluation]]:
    """Every indicator × series as of the report's period (memoised for the report)."""
    key: CacheKey[list[tuple[Indicator, Evaluation]]] = CacheKey(
        "report.as_of", (data.jurisdiction, str(data.period), trend)
    )
    return data.readings.memo(
        key, lambda: [(i, e) for i in data.plan.indicators for e in data.as_of(i, trend=trend)]
    )


def counts_sentence(data: ReportData, states: Iterable[Evaluation]) -> str:
    """How many evaluations are in each state, as one phrase in the report's language."""
    counts = count_states(states)
    parts = [f"{data.state_name(s)} {counts.of(s)}" for s in State]
    return data.t("、".join(parts), ", ".join(parts))
