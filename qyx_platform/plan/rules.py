"""Validation rules for reported values: the protocol, the context they see, built-in rules.

A rule looks at one proposed value (:class:`Proposal`) with a :class:`RuleContext` that can
read current values (the stored ones overlaid with the rest of the same report) and returns
an error message, or None when the value passes. A message names an indicator by its Chinese
name (a plan term) and its unit in the language in force (:meth:`Indicator.unit_label`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from qyx_platform.i18n import Text, _, lazy_gettext
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
    def description(self) -> Text:
        """What the rule demands, in one line (a ``lazy_gettext`` message: shown in the user's
        language)."""
        ...

    def applies_to(self, indicator: Indicator) -> bool:
        """Whether the rule concerns this indicator."""
        ...

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """An error message for a value that breaks the rule (in the current language: ``_()``
        of the plugin's catalogue), or None when it passes."""
        ...


@dataclass(frozen=True)
class IndicatorRule:
    """A rule for named indicators, given as a function of the proposal and the context."""

    code: str
    description: Text
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
        return _(
            "{value} is below the smallest valid value {limit} {unit}",
            value=value,
            limit=lo,
            unit=indicator.unit_label(),
        )
    if hi is not None and value > hi:
        return _(
            "{value} is above the largest valid value {limit} {unit}",
            value=value,
            limit=hi,
            unit=indicator.unit_label(),
        )
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


#: what the built-in rules demand, shown in the user's language
RANGE_RULE = lazy_gettext("a value lies within the indicator's valid range")
PLAUSIBLE_RULE = lazy_gettext("a value stays at or below the indicator's plausible maximum")
WHOLE_RULE = lazy_gettext("a count of whole things is a whole number")
POPULATION_RULE = lazy_gettext("a count of persons never exceeds the jurisdiction's population")


@dataclass(frozen=True)
class RangeRule:
    """Built-in: a value lies in the indicator's valid range (a percent in 0-100, counts ≥ 0)."""

    code: str = "core.range"
    description: Text = RANGE_RULE

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
    description: Text
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
        return _(
            "{value} falls below {earlier} reported for {period}: {rule}",
            value=proposal.value,
            earlier=latest[1],
            period=latest[0],
            rule=self.description,
        )


@dataclass(frozen=True)
class PlausibleMaxRule:
    """Built-in: a value stays at or below the indicator's ``plausible_max`` (plan.toml); a
    larger one is a mistake of unit or decimal point, explained by ``plausible_note``."""

    code: str = "core.plausible_max"
    description: Text = PLAUSIBLE_RULE

    def applies_to(self, indicator: Indicator) -> bool:
        """Every indicator with a plausible maximum."""
        return indicator.plausible_max is not None

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """Compare with the plausible maximum."""
        indicator, value = proposal.indicator, proposal.value
        most = indicator.plausible_max
        if most is None or value <= most:
            return None
        message = _(
            "{name} of {value} {unit} is implausible (more than {most})",
            name=indicator.name,
            value=value,
            unit=indicator.unit_label(),
            most=most,
        )
        return (
            _("{message}: {note}", message=message, note=note)
            if (note := indicator.plausible_note)
            else message
        )


@dataclass(frozen=True)
class WholeNumberRule:
    """Built-in: an indicator marked ``whole = true`` (plan.toml) counts whole things, so a
    value has no fractional part; ``whole_note`` says what a fraction probably is."""

    code: str = "core.whole_number"
    description: Text = WHOLE_RULE

    def applies_to(self, indicator: Indicator) -> bool:
        """Every indicator marked whole."""
        return indicator.whole

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """A value with a fractional part fails (trailing zeros are whole: 1260.00)."""
        indicator, value = proposal.indicator, proposal.value
        if value == value.to_integral_value():
            return None
        message = _(
            "{name} counts whole {unit}: {value} is not a whole number",
            name=indicator.name,
            unit=indicator.unit_label(),
            value=value,
        )
        return (
            _("{message}; {note}", message=message, note=note) if (note := indicator.whole_note) else message
        )


@dataclass(frozen=True)
class WithinPopulationRule:
    """Built-in: a count of persons (person-times, dwellings) never exceeds the jurisdiction's
    population, for indicators with ``population_per_unit`` (plan.toml: the persons one unit
    of the value counts, 10000 for 万人). Checked where the population is configured."""

    code: str = "core.within_population"
    description: Text = POPULATION_RULE

    def applies_to(self, indicator: Indicator) -> bool:
        """Every indicator with ``population_per_unit``."""
        return indicator.population_per_unit is not None

    def check(self, proposal: Proposal, context: RuleContext) -> str | None:
        """Compare value × population_per_unit with the population."""
        indicator = proposal.indicator
        beyond = beyond_population(proposal, context, indicator.population_per_unit or Decimal(1))
        if beyond is None:
            return None
        place, count = beyond
        message = _(
            "{name} {value} ({unit}) = {count}, more than the {population} people of {place} ({code})",
            name=indicator.name,
            value=proposal.value,
            unit=indicator.unit_label(),
            count=format(count.normalize(), "f"),
            population=place.population,
            place=place.name,
            code=proposal.jurisdiction,
        )
        return (
            _("{message}: {note}", message=message, note=note)
            if (note := indicator.population_note)
            else message
        )


BUILTIN_RULES: tuple[Rule, ...] = (
    RangeRule(),
    PlausibleMaxRule(),
    WholeNumberRule(),
    WithinPopulationRule(),
    NeverFallsRule(
        "core.cumulative_never_falls",
        lazy_gettext("a cumulative (累计) total never falls"),
        accumulation=Accumulation.CUMULATIVE,
    ),
    NeverFallsRule(
        "core.ytd_never_falls",
        lazy_gettext("a year-to-date flow never falls within its year"),
        accumulation=Accumulation.YTD_FLOW,
        within_year=True,
    ),
)
