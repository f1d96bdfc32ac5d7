"""The county's calendar: today's date in China Standard Time (UTC+8, no daylight saving).

Deadlines, due dates and milestone states are dates in the county. The platform asks its
``clock`` for today, so that tests and replays can fix the day (``Platform(clock=...)``).
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
