"""The error family of qyx_platform: every message says what went wrong and what to do."""

from __future__ import annotations


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
        lines = [f"row {e.index}: {e.field}: {e.message}" for e in errors[:20]]
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s); nothing was written:\n" + "\n".join(lines) + more)


class PermissionDeniedError(QyxError):
    """The caller's token does not allow this action; nothing was changed."""


class RowError:
    """One rejected input row: its 0-based (or file line) index, the field and the reason."""

    __slots__ = ("field", "index", "message")

    def __init__(self, index: int, field: str, message: str) -> None:
        self.index = index
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        return f"RowError({self.index!r}, {self.field!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RowError) and (self.index, self.field, self.message) == (
            other.index,
            other.field,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.index, self.field, self.message))
