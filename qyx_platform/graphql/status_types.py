"""GraphQL types of where things stand: status, jurisdictions with their matrix, timelines."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal
from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader

from qyx_platform.errors import QyxError
from qyx_platform.evaluation import Evaluation
from qyx_platform.graphql.context import Context
from qyx_platform.graphql.plan_types import IndicatorType, Target
from qyx_platform.graphql.scalars import DecimalList, Granularity, Level, PeriodList, State
from qyx_platform.model import BASELINE_YEAR, Indicator, Period, level_of
from qyx_platform.model import Granularity as ModelGranularity
from qyx_platform.services.readings import Readings
from qyx_platform.services.status import StatusRow, StatusService

Info = strawberry.Info[Context, None]


class _StatusView(StatusService):
    """The status service plus the matrix's GraphQL cells, memoised like its evaluations."""

    def year_cells_of(self, jurisdictions: Sequence[str], year: int) -> dict[str, list[IndicatorState]]:
        """The matrix rows of ``jurisdictions`` as GraphQL objects, built once per data version;
        the values of those not built yet are read in one statement."""
        group = ("year_cells", year)
        table: dict[Hashable, list[IndicatorState]] = self.readings.memo(group, dict)
        out = {j: table[j] for j in jurisdictions if j in table}
        missing = [j for j in dict.fromkeys(jurisdictions) if j not in out]
        if missing:
            states = self.year_states_of(missing, year)
            for j in missing:
                out[j] = self.readings.memo_in(group, j, partial(_cells, states[j]))
        return out


def _cells(states: list[tuple[Indicator, str | None, Evaluation]]) -> list[IndicatorState]:
    return [
        IndicatorState(
            indicator=IndicatorType.of(i),
            series=e.series,
            period=str(e.period),
            actual=e.actual,
            target=_target(e),
            state=State(e.state.value),
        )
        for i, _, e in states
    ]


def _matrix_rows(info: Info) -> DataLoader[tuple[str, int], list[IndicatorState]]:
    """The request's loader of matrix rows: every row a request asks for (the children of one
    parent, or of several aliased parents) is gathered before one read serves them all."""
    cache = info.context.cache
    loader: DataLoader[tuple[str, int], list[IndicatorState]] | None = cache.get("matrix_rows")
    if loader is None:
        service = _service(info)

        async def load(keys: list[tuple[str, int]]) -> list[list[IndicatorState]]:
            by_year: dict[int, list[str]] = {}
            for code, year in keys:
                by_year.setdefault(year, []).append(code)
            rows = {year: service.year_cells_of(codes, year) for year, codes in by_year.items()}
            return [rows[year][code] for code, year in keys]

        loader = cache["matrix_rows"] = DataLoader(load_fn=load)
    return loader


def _service(info: Info) -> _StatusView:
    cache = info.context.cache
    if "status" not in cache:
        cache["status"] = _StatusView(info.context.plan, info.context.readings)
    service: _StatusView = cache["status"]
    return service


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None


def plan_year(info: Info, year: int) -> int:
    """``year`` when the plan covers it (2022 baseline to the last target year), else a
    readable GraphQLError."""
    last = info.context.plan.document.end_year
    if not BASELINE_YEAR <= year <= last:
        raise GraphQLError(f"year {year} is outside the plan, {BASELINE_YEAR}-{last}")
    return year


def _target(e: Evaluation) -> Target | None:
    return None if e.target is None else Target.of(e.period.year, e.series, e.target)


@strawberry.type(description="Where one series of an indicator stands in a period.")
class IndicatorStatus:
    """The evaluation of the current value against the plan (see docs/evaluation.md)."""

    jurisdiction: str = strawberry.field(description="GB/T 2260 code evaluated")
    children_reported: int | None = strawberry.field(
        description="when rolled up from children: how many reported"
    )
    children_expected: int | None = strawberry.field(
        description="when rolled up from children: how many there are"
    )
    series: str | None = strawberry.field(description="Series key, null for an indicator without series.")
    period: str = strawberry.field(
        description="The period of the actual used (may lie inside the one asked)."
    )
    state: State
    actual: Decimal | None
    target: Target | None = strawberry.field(description="The year's cell of the plan table.")
    checkpoint: Decimal | None = strawberry.field(description="The value the period had to meet.")
    progress: Decimal | None = strawberry.field(
        description="(actual − baseline) ÷ (final target − baseline)."
    )
    gap: Decimal | None
    note: str
    row: strawberry.Private[StatusRow]

    @strawberry.field(description="Observed rate of change ÷ the rate the plan requires (1 = on pace).")
    def pace(self) -> Decimal | None:
        """Computed from the history only when asked for."""
        return self.row.with_trend().pace

    @strawberry.field
    def forecast_year_end(self) -> Decimal | None:
        """Forecast of the year-end value from the trend."""
        return self.row.with_trend().forecast_year_end

    @strawberry.field
    def forecast_final(self) -> Decimal | None:
        """Forecast of the 2027 value from the trend."""
        return self.row.with_trend().forecast_final

    @classmethod
    def of(cls, r: StatusRow) -> IndicatorStatus:
        """From a status row."""
        e = r.evaluation
        return cls(
            jurisdiction=r.jurisdiction,
            children_reported=r.children_reported,
            children_expected=r.children_expected,
            series=e.series,
            period=str(e.period),
            state=State(e.state.value),
            actual=e.actual,
            target=_target(e),
            checkpoint=e.checkpoint,
            progress=e.progress,
            gap=e.gap,
            note=e.note,
            row=r,
        )


def resolve_status(
    info: Info, indicator: Indicator, period: str, jurisdiction: str | None
) -> list[IndicatorStatus]:
    """Status rows of an indicator (one per series)."""
    code = jurisdiction or info.context.plan.document.home_jurisdiction
    try:
        level_of(code)
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None
    return [IndicatorStatus.of(r) for r in _service(info).status(indicator, _period(period), code)]


@strawberry.type(description="One cell of the scoreboard matrix: an indicator × series in a year.")
class IndicatorState:
    """The current state of an indicator (and series) in one jurisdiction and year."""

    indicator: IndicatorType
    series: str | None = strawberry.field(description="Series key or null.")
    period: str = strawberry.field(description="Period of the latest value used.")
    actual: Decimal | None = strawberry.field(description="Latest value in the year.")
    target: Target | None = strawberry.field(description="The year's cell.")
    state: State


@strawberry.type(name="Jurisdiction", description="A province, city or county (GB/T 2260).")
class JurisdictionType:
    """A jurisdiction with its children and, per year, the state of every indicator."""

    code: str
    name: str

    @strawberry.field
    def level(self) -> Level:
        """PROVINCE, CITY or COUNTY."""
        return Level(level_of(self.code).value)

    @strawberry.field
    def parent(self, info: Info) -> JurisdictionType | None:
        """The parent jurisdiction."""
        from qyx_platform.model import parent_of

        up = parent_of(self.code)
        return None if up is None else resolve_jurisdiction(info, up)

    @strawberry.field
    def children(self, info: Info) -> list[JurisdictionType]:
        """Jurisdictions directly under this one."""
        return [JurisdictionType(code=c, name=n) for c, n in info.context.readings.children(self.code)]

    @strawberry.field(description="Every indicator × series in a year (the scoreboard matrix row).")
    async def indicator_states(self, info: Info, year: int) -> list[IndicatorState]:
        """State of each indicator in ``year`` (the rows of every jurisdiction a request asks
        about are read together)."""
        return await _matrix_rows(info).load((self.code, plan_year(info, year)))


def resolve_jurisdiction(info: Info, code: str) -> JurisdictionType | None:
    """A stored or configured jurisdiction by code, or None."""
    name = info.context.readings.jurisdiction_name(code)
    if name is None:
        configured = info.context.plan.jurisdiction(code)
        if configured is None:
            return None
        name = configured.name
    return JurisdictionType(code=code, name=name)


@strawberry.type(description="One jurisdiction's values of one series as parallel lists.")
class TimelineSeries:
    """Compact chart shape: ``periods[i]`` has ``values[i]``."""

    jurisdiction: str
    series: str | None
    periods: PeriodList
    values: DecimalList


async def resolve_timeline(
    info: Info, indicator: Indicator, under: str, granularity: Granularity
) -> list[TimelineSeries]:
    """Values of every jurisdiction directly under ``under`` (or ``under`` itself when it has
    no children), one entry per jurisdiction and series; built once per data version. The
    timelines of every parent a request asks about are read together, in one statement that
    reads only their children's rows."""
    try:
        level_of(under)
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None
    return await _timelines(info).load((indicator.code, under, granularity.value))


def _slot(readings: Readings, key: tuple[str, str, str]) -> dict[str, list[TimelineSeries]]:
    """Where one timeline is kept for the data version."""
    slot: dict[str, list[TimelineSeries]] = readings.memo(("timeline", *key), dict)
    return slot


def _timelines(info: Info) -> DataLoader[tuple[str, str, str], list[TimelineSeries]]:
    """The request's loader of timelines, keyed by (indicator, parent, granularity)."""
    cache = info.context.cache
    loader: DataLoader[tuple[str, str, str], list[TimelineSeries]] | None = cache.get("timelines")
    if loader is None:
        readings = info.context.readings
        plan = info.context.plan

        async def load(keys: list[tuple[str, str, str]]) -> list[list[TimelineSeries]]:
            found: dict[tuple[str, str, str], list[TimelineSeries]] = {}
            wanted: dict[tuple[str, str], list[str]] = {}  # (indicator, granularity) → parents
            for key in keys:
                code, under, granularity = key
                cached = _slot(readings, key)
                if "built" in cached:
                    found[key] = cached["built"]
                else:
                    wanted.setdefault((code, granularity), []).append(under)
            for (code, granularity), unders in wanted.items():
                indicator = plan.indicator(code)
                children = {u: [c for c, _ in readings.children(u)] or [u] for u in unders}
                every = [c for listed in children.values() for c in listed]
                texts = readings.series_texts(code, ModelGranularity(granularity), every)
                empty: tuple[list[str], list[str]] = ([], [])
                for under in unders:
                    built = [
                        TimelineSeries(
                            jurisdiction=jur, series=k, periods=PeriodList(p), values=DecimalList(v)
                        )
                        for jur in children[under]
                        for k in indicator.series_keys
                        for p, v in [texts.get((code, jur, k or ""), empty)]
                    ]
                    _slot(readings, (code, under, granularity))["built"] = built
                    found[(code, under, granularity)] = built
            return [found[key] for key in keys]

        loader = cache["timelines"] = DataLoader(load_fn=load)
    return loader
