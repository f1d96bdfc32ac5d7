"""Validation rules for reported values: the protocol, the context they see, built-in rules.

A rule looks at one proposed value (:class:`Proposal`) with a :class:`RuleContext` that can
read current values (the stored ones overlaid with the rest of the same report) and returns
an error message, or None when the value passes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from qyx_platform.model import Accumulation, Granularity, Indicator, Jurisdiction, Period, Plan


@dataclass(frozen=True, slots=True)
class Proposal:
    """A value someone wants to report: indicator × jurisdiction × period × series."""

    indicator: Indicator
    jurisdiction: str
    period: Period
    series: str | None
    value: Decimal


class RuleContext(Protocol):
    """What a rule may read besides the proposal itself."""

    @property
    def plan(self) -> Plan:
        """The loaded plan."""
        ...

    def values_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period
    ) -> list[tuple[Period, Decimal]]:
        """Current values of earlier periods (ascending), including this report's own rows."""
        ...

    def latest_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period, granularity: Granularity
    ) -> tuple[Period, Decimal] | None:
        """The latest current value of an earlier period of this granularity (a month, a
        quarter or a year), including this report's own rows, or None."""
        ...

    def value_of(
        self, indicator: str, jurisdiction: str, series: str | None, period: Period
    ) -> Decimal | None:
        """The current value of another indicator or period, including this report's rows."""
        ...

    def jurisdiction(self, code: str) -> Jurisdiction | None:
        """A known jurisdiction (with population where configured), or None."""
        ...


@runtime_checkable
class Rule(Protocol):
    """A validation rule: a stable code, a description and a check."""

    @property
    def code(self) -> str:
        """Stable code, ``<domain>.<name>`` (``core.`` for built-in rules)."""
        ...

    @property
    def description(self) -> str:
        """What the rule demands, in one line."""
        ...

    def applies_to(self, indicator: Indicator) -> bool:
        """Whether the rule concerns this indicator."""
        ...

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """An error message for a value that breaks the rule, or None when it passes."""
        ...


@dataclass(frozen=True)
class IndicatorRule:
    """A rule for named indicators, given as a function of the proposal and the context."""

    code: str
    description: str
    indicators: frozenset[str]
    check_fn: Callable[[Proposal, RuleContext], str | None] = field(repr=False)

    def applies_to(self, indicator: Indicator) -> bool:
        """True for the indicators the rule names."""
        return indicator.code in self.indicators

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """Run the check function."""
        return self.check_fn(proposal, context)


def range_message(indicator: Indicator, value: Decimal) -> str | None:
    """Why ``value`` lies outside the indicator's valid range, or None."""
    lo, hi = indicator.min_value, indicator.max_value
    if lo is not None and value < lo:
        return f"{value} is below the smallest valid value {lo} {indicator.unit}"
    if hi is not None and value > hi:
        return f"{value} is above the largest valid value {hi} {indicator.unit}"
    return None


#: 万 (ten thousand): the unit of the plan's counts of persons (万人, 万人次)
TEN_THOUSAND = Decimal(10000)


def beyond_population(
    proposal: Proposal, context: RuleContext, per_unit: Decimal = Decimal(1)
) -> tuple[Jurisdiction, Decimal] | None:
    """The jurisdiction and the value counted in persons (value × ``per_unit``, e.g.
    TEN_THOUSAND for 万人) when that exceeds the jurisdiction's population; None when it does
    not, or when no population is configured for the jurisdiction."""
    place = context.jurisdiction(proposal.jurisdiction)
    if place is None or place.population is None:
        return None
    persons = proposal.value * per_unit
    return (place, persons) if persons > place.population else None


@dataclass(frozen=True)
class RangeRule:
    """Built-in: a value lies in the indicator's valid range (a percent in 0-100, counts ≥ 0)."""

    code: str = "core.range"
    description: str = "a value lies within the indicator's valid range"

    def applies_to(self, indicator: Indicator) -> bool:
        """Every indicator with a declared range."""
        return indicator.min_value is not None or indicator.max_value is not None

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """Compare with min and max."""
        return range_message(proposal.indicator, proposal.value)


@dataclass(frozen=True)
class NeverFallsRule:
    """A value never falls below the latest earlier value.

    Built in for cumulative (累计) indicators across the whole plan, and for year-to-date
    flows within one year; domain plugins use it for standards that only go up
    (最低生活保障年人均标准).
    """

    code: str
    description: str
    indicators: frozenset[str] = frozenset()
    accumulation: Accumulation | None = None
    within_year: bool = False

    def applies_to(self, indicator: Indicator) -> bool:
        """Named indicators, or every indicator of the accumulation kind."""
        return indicator.code in self.indicators or indicator.accumulation is self.accumulation

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """Compare with the latest earlier value of the same granularity (of the same year
        when ``within_year``)."""
        period = proposal.period
        latest = context.latest_before(
            proposal.indicator.code, proposal.jurisdiction, proposal.series, period, period.granularity
        )
        if latest is None or latest[1] <= proposal.value:
            return None
        if self.within_year and latest[0].year != period.year:
            return None
        return f"{proposal.value} falls below {latest[1]} reported for {latest[0]}: {self.description}"


BUILTIN_RULES: tuple[Rule, ...] = (
    RangeRule(),
    NeverFallsRule(
        "core.cumulative_never_falls",
        "a cumulative (累计) total never falls",
        accumulation=Accumulation.CUMULATIVE,
    ),
    NeverFallsRule(
        "core.ytd_never_falls",
        "a year-to-date flow never falls within its year",
        accumulation=Accumulation.YTD_FLOW,
        within_year=True,
    ),
)
