"""Arguments a caller may give as text, read once for every interface: a date (ISO 8601), the
id of a stored row and a year.

GraphQL's scalars read dates before a resolver runs and answer an id that names no row as
not found (:func:`parse_id`); the Python API reads both with :func:`day` and :func:`row_id`,
which raise a translated :class:`~qyx_platform.errors.ValidationError` naming the field.
"""

from __future__ import annotations

from datetime import date, datetime

from qyx_platform.errors import RowError, ValidationError
from qyx_platform.i18n import _

#: the largest row id (a 32-bit signed integer: the smallest of the databases' id types)
MAX_ID = 2**31 - 1


def parse_id(value: object) -> int | None:
    """A row id from an id given as text or a number, or None when it cannot name a row (not
    a whole number, or out of the databases' range)."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    # ASCII digits only: str.isdigit() is also true for '²', which int() refuses
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
        return None
    return int(text)


def row_id(value: int | str, field: str = "id") -> int:
    """The row id ``value`` gives; ValidationError naming ``field`` when it cannot be one."""
    key = parse_id(value)
    if key is None:
        message = _(
            "{value} is not an id: give a whole number from 1 to {largest}", value=repr(value), largest=MAX_ID
        )
        raise ValidationError([RowError(0, field, message)])
    return key


def day(value: date | str, field: str) -> date:
    """A date given as a date or as ISO 8601 text (``2026-12-01``); ValidationError naming
    ``field`` otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    message = _("{value} is not a date: write one such as 2026-12-01", value=repr(value))
    raise ValidationError([RowError(0, field, message)])


def year(value: int | str, field: str = "year") -> int:
    """A year given as a number or as text (``2025``); ValidationError naming ``field``
    otherwise (whether the plan covers it is the caller's check)."""
    if not isinstance(value, bool):
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) == 4:
            return int(text)
    message = _("{value} is not a year: write one such as 2025", value=repr(value))
    raise ValidationError([RowError(0, field, message)])
