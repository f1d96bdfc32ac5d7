"""GraphQL types of where things stand: status, jurisdictions with their matrix, timelines."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader

from qyx_platform.errors import QyxError
from qyx_platform.evaluation import Evaluation
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import IndicatorType, Target
from qyx_platform.graphql.scalars import DecimalList, Granularity, Level, PeriodList, State
from qyx_platform.model import Granularity as ModelGranularity
from qyx_platform.model import Indicator, Period, level_of
from qyx_platform.services.lookup import jurisdiction_code, jurisdiction_name
from qyx_platform.services.scoreboard import plan_year as checked_year
from qyx_platform.services.status import StatusRow, YearState


def year_cells(info: Info, states: list[YearState]) -> list[IndicatorState]:
    """A matrix row as GraphQL objects (the evaluations behind them are cached for the data
    version by the status service)."""
    return [
        IndicatorState(
            indicator=IndicatorType.of(info, i),
            series=e.series,
            period=str(e.period),
            actual=e.actual,
            target=_target(e),
            state=State(e.state.value),
        )
        for i, _series, e in states
    ]


def _matrix_rows(info: Info) -> DataLoader[tuple[str, int], list[IndicatorState]]:
    """The request's loader of matrix rows: the rows of every jurisdiction a request asks for
    (the children of one parent, or of several aliased parents) are gathered first, then read
    and judged together."""
    loaders = info.context.loaders
    loader: DataLoader[tuple[str, int], list[IndicatorState]] | None = loaders.get("matrix_rows")
    if loader is None:

        async def load(keys: list[tuple[str, int]]) -> list[list[IndicatorState]]:
            by_year: dict[int, list[str]] = {}
            for code, year in keys:
                by_year.setdefault(year, []).append(code)
            states = {
                year: info.context.status.year_states_of(codes, year) for year, codes in by_year.items()
            }
            return [year_cells(info, states[year][code]) for code, year in keys]

        loader = loaders["matrix_rows"] = DataLoader(load_fn=load)
    return loader


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None


def jurisdiction_argument(info: Info, code: str | None) -> str:
    """The code of a jurisdiction that exists (default: the home county), stripped, as the
    Python API checks it (:func:`qyx_platform.services.lookup.jurisdiction_code`); a readable
    GraphQLError for a malformed or unknown code."""
    try:
        return jurisdiction_code(info.context.plan, info.context.readings, code)
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None


def plan_year(info: Info, year: int) -> int:
    """``year`` when the plan covers it (2022 baseline to the last target year), else a
    readable GraphQLError."""
    try:
        return checked_year(info.context.plan, year)
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None


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
            note=str(e.note),
            row=r,
        )


def resolve_status(
    info: Info, indicator: Indicator, period: str, jurisdiction: str | None
) -> list[IndicatorStatus]:
    """Status rows of an indicator (one per series)."""
    asked = _period(period)
    code = jurisdiction_argument(info, jurisdiction)
    return [IndicatorStatus.of(r) for r in info.context.status.status(indicator, asked, code)]


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
    code = code.strip()
    name = jurisdiction_name(info.context.plan, info.context.readings, code)
    return None if name is None else JurisdictionType(code=code, name=name)


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
    no children), one entry per jurisdiction and series. The timelines of every parent a
    request asks about are read together, in one statement that reads only their children's
    rows (cached for the data version)."""
    code = jurisdiction_argument(info, under)
    return await _timelines(info).load((indicator.code, code, granularity.value))


def _timelines(info: Info) -> DataLoader[tuple[str, str, str], list[TimelineSeries]]:
    """The request's loader of timelines, keyed by (indicator, parent, granularity)."""
    loaders = info.context.loaders
    loader: DataLoader[tuple[str, str, str], list[TimelineSeries]] | None = loaders.get("timelines")
    if loader is None:
        readings = info.context.readings
        plan = info.context.plan

        async def load(keys: list[tuple[str, str, str]]) -> list[list[TimelineSeries]]:
            wanted: dict[tuple[str, str], list[str]] = {}  # (indicator, granularity) → parents
            for code, under, granularity in keys:
                wanted.setdefault((code, granularity), []).append(under)
            found: dict[tuple[str, str, str], list[TimelineSeries]] = {}
            empty: tuple[list[str], list[str]] = ([], [])
            for (code, granularity), unders in wanted.items():
                indicator = plan.indicator(code)
                children = {u: [c for c, _name in readings.children(u)] or [u] for u in unders}
                every = [c for listed in children.values() for c in listed]
                texts = readings.series_texts(code, ModelGranularity(granularity), every)
                for under in unders:
                    found[(code, under, granularity)] = [
                        TimelineSeries(
                            jurisdiction=jur, series=k, periods=PeriodList(p), values=DecimalList(v)
                        )
                        for jur in children[under]
                        for k in indicator.series_keys
                        for p, v in [texts.get((code, jur, k or ""), empty)]
                    ]
            return [found[key] for key in keys]

        loader = loaders["timelines"] = DataLoader(load_fn=load)
    return loader
