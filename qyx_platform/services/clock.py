"""The county's calendar: today's date in China Standard Time (UTC+8, no daylight saving).

Deadlines, due dates, milestone states and which periods have ended are dates in the county.
The platform has one clock, ``platform.today()``: ``Platform(today=...)``, else ``QYX_TODAY``,
else :func:`county_today` (tests and replays fix the day).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

#: China Standard Time: the county's dates
COUNTY_TZ = timezone(timedelta(hours=8), "CST")

Clock = Callable[[], date]


def county_today() -> date:
    """Today's date in the county."""
    return datetime.now(COUNTY_TZ).date()


def county_date(moment: datetime) -> date:
    """The county date of a stored moment (a naive moment is UTC, as SQLite returns it)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(COUNTY_TZ).date()
