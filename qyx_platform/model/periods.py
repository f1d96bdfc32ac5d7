"""Reporting periods: a year (``2025``), a quarter (``2025Q3``) or a month (``2025-07``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from functools import lru_cache

from qyx_platform.errors import PeriodError
from qyx_platform.i18n import _

_PATTERN = re.compile(r"^([0-9]{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?\Z")


class Granularity(Enum):
    """How long a period is: a month, a quarter or a whole year."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def months(self) -> int:
        """Number of months in a period of this granularity."""
        return {"month": 1, "quarter": 3, "year": 12}[self.value]


_RANK = {Granularity.MONTH: 0, Granularity.QUARTER: 1, Granularity.YEAR: 2}


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period.

    ``index`` is the quarter (1-4) or the month (1-12); it is 0 for a year. Periods order by
    their end, and among periods ending together the shorter comes first (``2024-12`` <
    ``2024Q4`` < ``2024``), so the last of a sorted list is the latest and widest.
    """

    year: int
    granularity: Granularity
    index: int = 0
    #: precomputed: periods are compared and printed millions of times in a large import
    _key: int = field(init=False, repr=False, compare=False, hash=False)
    _text: str = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        limit = {Granularity.YEAR: 0, Granularity.QUARTER: 4, Granularity.MONTH: 12}
        hi = limit[self.granularity]
        ok = self.index == 0 if hi == 0 else 1 <= self.index <= hi
        if not ok or not 1000 <= self.year <= 9999:
            raise PeriodError(
                _(
                    "invalid period parts: {year}, {kind}, {index}",
                    year=self.year,
                    kind=self.granularity,
                    index=self.index,
                )
            )
        object.__setattr__(self, "_key", self.year * 1000 + self.end_month * 10 + _RANK[self.granularity])
        if self.granularity is Granularity.QUARTER:
            text = f"{self.year}Q{self.index}"
        elif self.granularity is Granularity.MONTH:
            text = f"{self.year}-{self.index:02d}"
        else:
            text = str(self.year)
        object.__setattr__(self, "_text", text)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2025``, ``2025Q3`` (quarter) or ``2025-07`` (month); raise PeriodError otherwise."""
        if not isinstance(text, str):
            raise PeriodError(_("a period must be a string, not {kind}", kind=type(text).__name__))
        m = _PATTERN.match(text.strip())
        if m is None:
            raise PeriodError(
                _(
                    "'{text}' is not a period: write a year (2025), a quarter (2025Q3) or a month (2025-07)",
                    text=text,
                )
            )
        year = int(m.group(1))
        if m.group(2):
            return cls(year, Granularity.QUARTER, int(m.group(2)))
        if m.group(3):
            return cls(year, Granularity.MONTH, int(m.group(3)))
        return cls(year, Granularity.YEAR)

    @classmethod
    def year_of(cls, year: int) -> Period:
        """The whole-year period of ``year``."""
        return cls(year, Granularity.YEAR)

    def __str__(self) -> str:
        return self._text

    @property
    def start_month(self) -> int:
        """First month (1-12) the period covers."""
        return self.end_month - self.granularity.months + 1

    @property
    def end_month(self) -> int:
        """Last month (1-12) the period covers."""
        if self.granularity is Granularity.QUARTER:
            return self.index * 3
        if self.granularity is Granularity.MONTH:
            return self.index
        return 12

    @property
    def fraction_of_year(self) -> Fraction:
        """Share of its year elapsed at the period's end: 2025Q3 → 3/4, 2025-07 → 7/12."""
        return Fraction(self.end_month, 12)

    @property
    def is_year_end(self) -> bool:
        """True when the period ends in December (the year, Q4 or December)."""
        return self.end_month == 12

    @property
    def sort_key(self) -> int:
        """An integer that orders periods as ``<`` does; stored in SQL for ORDER BY."""
        return self._key

    @property
    def sort_range(self) -> tuple[int, int]:
        """The smallest and largest :attr:`sort_key` of the periods inside this one (itself
        included), for reading them with one range condition in SQL. Calendar periods nest, so
        every period whose key lies in the range is inside (``contains`` says so too)."""
        return self.year * 1000 + self.start_month * 10, self._key

    def contains(self, other: Period) -> bool:
        """True when ``other`` lies wholly within this period (a period contains itself)."""
        return (
            self.year == other.year
            and self.start_month <= other.start_month
            and other.end_month <= self.end_month
        )

    # equality and hashing by the sort key, which identifies a period (faster than comparing
    # the fields: an import hashes periods millions of times)
    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        assert isinstance(other, Period)
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: Period) -> bool:
        return self._key < other._key

    def __le__(self, other: Period) -> bool:
        return self._key <= other._key

    def __gt__(self, other: Period) -> bool:
        return self._key > other._key

    def __ge__(self, other: Period) -> bool:
        return self._key >= other._key


@lru_cache(maxsize=8192)
def parse_period(text: str) -> Period:
    """:meth:`Period.parse` with memory, for reading many rows that repeat a few periods."""
    return Period.parse(text)
