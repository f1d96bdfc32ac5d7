"""The reporting calendar: how often an item is reported (月报, 季报, 年报) and by when.

A cycle is one period of an item's frequency (``2025-07`` for a monthly item, ``2025Q3`` for a
quarterly one, ``2025`` for a yearly one). Its deadline is a day of the month after the period
ends: by default the 10th after a month, the 15th after a quarter and the 31st (of January)
after a year; :class:`DeadlineRule` makes the days configurable.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import Enum

from qyx_platform.errors import ConfigurationError
from qyx_platform.i18n import N_, _
from qyx_platform.model.periods import Granularity, Period

#: the frequencies as words, translated when shown (:attr:`Frequency.label`)
_FREQUENCY_LABELS = {"monthly": N_("monthly"), "quarterly": N_("quarterly"), "yearly": N_("yearly")}


class Frequency(Enum):
    """How often an indicator or task target is reported."""

    MONTHLY = "monthly"  #: 月报: every month
    QUARTERLY = "quarterly"  #: 季报: every quarter
    YEARLY = "yearly"  #: 年报: once a year

    @property
    def label(self) -> str:
        """The frequency as a word in the current language (月度 monthly, 季度 quarterly, 年度
        yearly), for messages."""
        return _(_FREQUENCY_LABELS[self.value])

    @property
    def granularity(self) -> Granularity:
        """The period granularity of one cycle."""
        return {
            Frequency.MONTHLY: Granularity.MONTH,
            Frequency.QUARTERLY: Granularity.QUARTER,
            Frequency.YEARLY: Granularity.YEAR,
        }[self]

    @classmethod
    def of(cls, granularity: Granularity) -> Frequency:
        """The frequency whose cycles have this granularity."""
        return next(f for f in cls if f.granularity is granularity)


def cycles_in(year: int, frequency: Frequency) -> tuple[Period, ...]:
    """The cycles of ``frequency`` in ``year``, in order (12 months, 4 quarters or the year)."""
    g = frequency.granularity
    if g is Granularity.YEAR:
        return (Period.year_of(year),)
    count = 12 if g is Granularity.MONTH else 4
    return tuple(Period(year, g, n) for n in range(1, count + 1))


def previous_cycle(period: Period) -> Period:
    """The cycle of the same granularity just before ``period`` (2025-01 → 2024-12)."""
    if period.granularity is Granularity.YEAR:
        return Period.year_of(period.year - 1)
    count = 12 if period.granularity is Granularity.MONTH else 4
    if period.index == 1:
        return Period(period.year - 1, period.granularity, count)
    return Period(period.year, period.granularity, period.index - 1)


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """The day of the month after a cycle ends by which its report is due (clamped to the
    month's last day). Defaults: 10 after a month, 15 after a quarter, 31 after a year."""

    monthly_day: int = 10
    quarterly_day: int = 15
    yearly_day: int = 31

    def __post_init__(self) -> None:
        for name in ("monthly_day", "quarterly_day", "yearly_day"):
            day = getattr(self, name)
            if not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 31:
                raise ConfigurationError(
                    _("{name} must be a day of the month, 1-31; got {day}", name=name, day=repr(day))
                )

    def day_for(self, granularity: Granularity) -> int:
        """The configured day for cycles of ``granularity``."""
        return {
            Granularity.MONTH: self.monthly_day,
            Granularity.QUARTER: self.quarterly_day,
            Granularity.YEAR: self.yearly_day,
        }[granularity]

    def deadline(self, period: Period) -> date:
        """The last day on which a report for ``period`` is on time."""
        year, month = period.year, period.end_month + 1
        if month == 13:
            year, month = year + 1, 1
        day = min(self.day_for(period.granularity), calendar.monthrange(year, month)[1])
        return date(year, month, day)

    @classmethod
    def parse(cls, text: str) -> DeadlineRule:
        """Read ``monthly=10,quarterly=15,yearly=31`` (any subset; the rest keep defaults)."""
        days: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _sep, raw = part.partition("=")
            key = name.strip().lower()
            if key not in {"monthly", "quarterly", "yearly"} or not (
                raw.strip().isascii() and raw.strip().isdigit()
            ):
                raise ConfigurationError(
                    _(
                        "cannot read the deadline rule {part}: write e.g. monthly=10,quarterly=15,yearly=31",
                        part=repr(part),
                    )
                )
            days[f"{key}_day"] = int(raw.strip())
        return cls(**days)
