"""GraphQL types of where things stand: status, jurisdictions with their matrix, timelines."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from graphql import GraphQLError

from qyx_platform.errors import QyxError
from qyx_platform.evaluation import Evaluation
from qyx_platform.graphql.context import Context
from qyx_platform.graphql.plan_types import IndicatorType, Target
from qyx_platform.graphql.scalars import Granularity, Level, State
from qyx_platform.model import BASELINE_YEAR, Indicator, Period, level_of
from qyx_platform.model import Granularity as ModelGranularity
from qyx_platform.services.status import StatusService

Info = strawberry.Info[Context, None]


def _service(info: Info) -> StatusService:
    cache = info.context.cache
    if "status" not in cache:
        cache["status"] = StatusService(info.context.plan, info.context.readings)
    service: StatusService = cache["status"]
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

    e: strawberry.Private[Evaluation]
    jurisdiction: str = strawberry.field(description="GB/T 2260 code evaluated")
    children_reported: int | None = strawberry.field(
        default=None, description="when rolled up from children: how many reported"
    )
    children_expected: int | None = strawberry.field(
        default=None, description="when rolled up from children: how many there are"
    )

    @strawberry.field(description="Series key, null for an indicator without series.")
    def series(self) -> str | None:
        """The series."""
        return self.e.series

    @strawberry.field(description="The period of the actual used (may lie inside the one asked).")
    def period(self) -> str:
        """The period evaluated."""
        return str(self.e.period)

    @strawberry.field
    def state(self) -> State:
        """ACHIEVED, ON_TRACK, AT_RISK, BEHIND or NO_DATA."""
        return State(self.e.state.value)

    @strawberry.field
    def actual(self) -> Decimal | None:
        """The current value (or the rolled-up value)."""
        return self.e.actual

    @strawberry.field(description="The year's cell of the plan table.")
    def target(self) -> Target | None:
        """The year's target."""
        return _target(self.e)

    @strawberry.field(description="The value the period had to meet.")
    def checkpoint(self) -> Decimal | None:
        """The checkpoint."""
        return self.e.checkpoint

    @strawberry.field(description="(actual − baseline) ÷ (final target − baseline).")
    def progress(self) -> Decimal | None:
        """Progress toward 2027."""
        return self.e.progress

    @strawberry.field(description="Observed rate of change ÷ the rate the plan requires (1 = on pace).")
    def pace(self) -> Decimal | None:
        """Pace."""
        return self.e.pace

    @strawberry.field
    def forecast_year_end(self) -> Decimal | None:
        """Forecast of the year-end value from the trend."""
        return self.e.forecast_year_end

    @strawberry.field
    def forecast_final(self) -> Decimal | None:
        """Forecast of the 2027 value from the trend."""
        return self.e.forecast_final

    @strawberry.field
    def gap(self) -> Decimal | None:
        """actual − checkpoint, positive when ahead."""
        return self.e.gap

    @strawberry.field
    def note(self) -> str:
        """Why the state is what it is, in one sentence."""
        return self.e.note


def resolve_status(
    info: Info, indicator: Indicator, period: str, jurisdiction: str | None
) -> list[IndicatorStatus]:
    """Status rows of an indicator (one per series)."""
    code = jurisdiction or info.context.plan.document.home_jurisdiction
    try:
        level_of(code)
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None
    rows = _service(info).status(indicator, _period(period), code)
    return [
        IndicatorStatus(
            e=r.evaluation,
            jurisdiction=r.jurisdiction,
            children_reported=r.children_reported,
            children_expected=r.children_expected,
        )
        for r in rows
    ]


@strawberry.type(description="One cell of the scoreboard matrix: an indicator × series in a year.")
class IndicatorState:
    """The current state of an indicator (and series) in one jurisdiction and year."""

    e: strawberry.Private[Evaluation]
    indicator_model: strawberry.Private[Indicator]

    @strawberry.field
    def indicator(self) -> IndicatorType:
        """The indicator."""
        return IndicatorType(m=self.indicator_model)

    @strawberry.field
    def series(self) -> str | None:
        """Series key or null."""
        return self.e.series

    @strawberry.field
    def period(self) -> str:
        """Period of the latest value used."""
        return str(self.e.period)

    @strawberry.field
    def actual(self) -> Decimal | None:
        """Latest value in the year."""
        return self.e.actual

    @strawberry.field
    def target(self) -> Target | None:
        """The year's cell."""
        return _target(self.e)

    @strawberry.field
    def state(self) -> State:
        """The state."""
        return State(self.e.state.value)


@strawberry.type(name="Jurisdiction", description="A province, city or county (GB/T 2260).")
class JurisdictionType:
    """A jurisdiction with its children and, per year, the state of every indicator."""

    code: str
    name: str
    siblings: strawberry.Private[list[str]]

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
        children = info.context.readings.children(self.code)
        codes = [c for c, _ in children]
        return [JurisdictionType(code=c, name=n, siblings=codes) for c, n in children]

    @strawberry.field(description="Every indicator × series in a year (the scoreboard matrix row).")
    def indicator_states(self, info: Info, year: int) -> list[IndicatorState]:
        """State of each indicator in ``year``."""
        rows = _service(info).year_states(self.code, self.siblings, plan_year(info, year))
        return [IndicatorState(e=e, indicator_model=i) for i, _, e in rows]


def resolve_jurisdiction(info: Info, code: str) -> JurisdictionType | None:
    """A stored or configured jurisdiction by code, or None."""
    name = info.context.readings.jurisdiction_name(code)
    if name is None:
        configured = info.context.plan.jurisdiction(code)
        if configured is None:
            return None
        name = configured.name
    return JurisdictionType(code=code, name=name, siblings=[code])


@strawberry.type(description="One jurisdiction's values of one series as parallel lists.")
class TimelineSeries:
    """Compact chart shape: ``periods[i]`` has ``values[i]``."""

    jurisdiction: str
    series: str | None
    periods: list[str]
    values: list[Decimal]


def resolve_timeline(
    info: Info, indicator: Indicator, under: str, granularity: Granularity
) -> list[TimelineSeries]:
    """Values of every jurisdiction directly under ``under`` (or ``under`` itself when it has
    no children), one entry per jurisdiction and series, in one statement."""
    children = [c for c, _ in info.context.readings.children(under)] or [under]
    values = info.context.readings.values(
        children, indicators=[indicator.code], granularity=ModelGranularity(granularity.value)
    )
    out = []
    for code in children:
        for key in indicator.series_keys:
            pairs = values.get((indicator.code, code, key or ""), [])
            out.append(
                TimelineSeries(
                    jurisdiction=code,
                    series=key,
                    periods=[str(p) for p, _ in pairs],
                    values=[v for _, v in pairs],
                )
            )
    return out
