"""Domains (领域), departments (牵头单位), indicators (指标) and their series and yearly targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from qyx_platform.i18n import Text, current_language
from qyx_platform.model.calendar import Frequency
from qyx_platform.model.polarity import Accumulation, Polarity, Rollup
from qyx_platform.model.targets import TargetExpression

#: the first column of the plan table: the 2022 baseline (基期)
BASELINE_YEAR = 2022
#: the plan's target years
TARGET_YEARS = (2023, 2024, 2025, 2026, 2027)
PLAN_YEARS = (BASELINE_YEAR, *TARGET_YEARS)


@dataclass(frozen=True, slots=True)
class Department:
    """A county department (部门), e.g. 县卫生健康局 (County Health Commission)."""

    name: str
    english_name: str = ""


@dataclass(frozen=True, slots=True)
class Domain:
    """One of the seven 优享 domains, e.g. 幼有善育 (childcare), with its brand (品牌)."""

    code: str
    order: int
    name: str
    english_name: str
    brand: str
    lead_department: Department
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    """A disaggregation of an indicator evaluated on its own (indicator 12: 职工, 城乡居民)."""

    key: str
    name: str
    english_name: str = ""


@dataclass(frozen=True, slots=True)
class YearTarget:
    """The plan's cell for one year (2022 is the baseline) and one series (None: no series)."""

    year: int
    series: str | None
    expression: TargetExpression

    @property
    def is_baseline(self) -> bool:
        """True for the 2022 column, the baseline rather than a target."""
        return self.year == BASELINE_YEAR


@dataclass(frozen=True, slots=True)
class Indicator:
    """A plan indicator with its table row: one target per year and series.

    ``code`` is stable (``youyou.childcare_places_per_1000``); ``plan_number`` is the 序号 in the
    plan table (1-26); ``core`` marks the province's core indicators (``*``).
    """

    code: str
    plan_number: int
    domain: str
    name: str
    english_name: str
    unit: str
    core: bool
    polarity: Polarity
    accumulation: Accumulation
    rollup: Rollup
    targets: tuple[YearTarget, ...]
    series: tuple[Series, ...] = ()
    english_unit: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    #: (topic, reason): why its polarity, accumulation, rollup and frequency are what they are
    #: (a message: the plugin's catalogue translates it, see plan/messages.py)
    reasons: tuple[tuple[str, Text], ...] = field(default=())
    #: above this a value is a mistake (of unit, of decimal point), though within the range
    plausible_max: Decimal | None = None
    #: what such a value probably is, and what to report instead (a message: the plugin's
    #: catalogue translates it, see plan/messages.py)
    plausible_note: Text = ""
    #: values are counts of whole things (school places, dwellings)
    whole: bool = False
    #: what a fractional value probably is, and what to report instead
    whole_note: Text = ""
    #: persons (or person-times, or dwellings) one unit of a value counts (万人: 10000): the
    #: count never exceeds the jurisdiction's population; None: no such check
    population_per_unit: Decimal | None = None
    #: what a count beyond the population probably is, and what to report instead
    population_note: Text = ""
    frequency: Frequency = Frequency.YEARLY
    #: a value for a period not yet ended is taken as a forecast (stored as such, never current)
    #: instead of being refused (``allows_forecast = true`` in plan.toml)
    allows_forecast: bool = False

    @property
    def series_keys(self) -> tuple[str | None, ...]:
        """The series keys to evaluate separately; ``(None,)`` for an indicator without series."""
        return tuple(s.key for s in self.series) or (None,)

    def name_label(self) -> str:
        """The name in the language in force: the plan.toml's ``english_name`` in English
        (when given), the plan's Chinese name otherwise. For tables, lists and titles; a
        message keeps the Chinese ``name``, a plan term the reader finds in the plan
        (docs/i18n.md)."""
        return self.english_name if current_language() == "en" and self.english_name else self.name

    def unit_label(self) -> str:
        """The unit in the language in force: the plan.toml's ``english_unit`` in English (when
        given), the plan's unit otherwise. Used wherever a unit is shown, messages included."""
        return self.english_unit if current_language() == "en" and self.english_unit else self.unit

    @property
    def is_percent(self) -> bool:
        """True when the unit is a percentage."""
        return self.unit in {"%", "％"}

    def find_series(self, key_or_name: str | None) -> Series | None:
        """The series with this key, name or English name; None when there is none."""
        if key_or_name is None:
            return None
        wanted = key_or_name.strip()
        for s in self.series:
            if wanted in {s.key, s.name, s.english_name}:
                return s
        return None

    def series_key_for(self, key_or_name: str | None) -> str | None:
        """The key of the series named by key, name or English name; the text itself when no
        series matches (so that a filter on an unknown series finds nothing)."""
        found = self.find_series(key_or_name)
        return found.key if found is not None else key_or_name

    def target(self, year: int, series: str | None = None) -> TargetExpression | None:
        """The cell for ``year`` (2022: the baseline) and ``series``; None outside the plan."""
        for t in self.targets:
            if t.year == year and t.series == series:
                return t.expression
        return None

    def baseline(self, series: str | None = None) -> TargetExpression | None:
        """The 2022 cell."""
        return self.target(BASELINE_YEAR, series)

    def reason(self, topic: str) -> Text:
        """The one-line reason recorded for ``topic`` (polarity, accumulation, rollup,
        frequency)."""
        return dict(self.reasons).get(topic, "")
