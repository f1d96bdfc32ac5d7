"""Errors of reading value tables: an unreadable file, and rejected rows named by file line
and column header."""

from __future__ import annotations

from qyx_platform.errors import QyxError, RowError, ValidationError
from qyx_platform.i18n import _

MAX_LISTED_ERRORS = 50


class TabularError(QyxError):
    """A file cannot be read as a table of values (format, encoding or header row)."""


class FileValidationError(ValidationError):
    """Rows of a file were rejected; nothing was written.

    ``errors`` holds one :class:`RowError` per problem with ``index`` = the file line and
    ``field`` = the column header as written in the file (or ``""`` for a whole line).
    """

    def __init__(self, source: str, errors: list[RowError], *, listed: int = MAX_LISTED_ERRORS) -> None:
        super().__init__(errors)
        self.source = source
        lines = [format_line_error(e) for e in errors[:listed]]
        more = "\n" + _("… and {count} more", count=len(errors) - listed) if len(errors) > listed else ""
        head = _("{file}: {count} problem(s); nothing was written:", file=source, count=len(errors))
        self.args = (head + "\n" + "\n".join(lines) + more,)


def format_line_error(error: RowError) -> str:
    """``line 50002, column 数值: 'abc' is not a number`` (no column part for a whole line)."""
    if error.field:
        return _(
            "line {line}, column {column}: {message}",
            line=error.index,
            column=error.field,
            message=error.message,
        )
    return _("line {line}: {message}", line=error.index, message=error.message)
