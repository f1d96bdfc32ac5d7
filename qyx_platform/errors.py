"""The error family of qyx_platform: every message says what went wrong and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from qyx_platform.i18n import _


class QyxError(Exception):
    """Base class of every error qyx_platform raises on purpose; safe to show to a user."""


class PlanDataError(QyxError):
    """Plan data (a plugin's plan.toml or a target cell) does not parse."""


class PeriodError(QyxError, ValueError):
    """A period string is not of the form 2025, 2025Q3 or 2025-07."""


class PluginError(QyxError):
    """A plugin cannot be loaded or contradicts another plugin; the message names it."""


class ConfigurationError(QyxError):
    """A setting (database URL, environment variable, option) is invalid."""


class NotFoundError(QyxError):
    """Something asked for by code or id does not exist."""


class ValidationError(QyxError):
    """Input rows were rejected; ``errors`` lists every problem, by row and field."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        lines = [
            _("row {index}: {field}: {message}", index=e.index, field=e.field, message=e.message)
            for e in errors[:20]
        ]
        more = "\n" + _("… and {count} more", count=len(errors) - 20) if len(errors) > 20 else ""
        head = _("{count} problem(s); nothing was written:", count=len(errors))
        super().__init__(head + "\n" + "\n".join(lines) + more)


class PermissionDeniedError(QyxError):
    """The caller's token does not allow this action; nothing was changed."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One rejected input row: its 0-based (or file line) index, the field and the reason;
    ``related`` is the index of another row the problem concerns (the first of a repeated key)."""

    index: int
    field: str
    message: str
    related: int | None = None


class ReportInputError(QyxError):
    """A report was asked for with a bad argument; ``field`` names it (period, jurisdiction)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class ReportNotReadyError(QyxError):
    """A report of a period that has not ended yet cannot be frozen."""
