"""What a client sees of an error: unexpected errors masked, suggestions hidden in production.

* :class:`QyxMaskErrors`: an unexpected exception in a resolver reaches the client as
  "Unexpected error." (never a traceback or SQL), while QyxError messages, GraphQLErrors
  raised on purpose and validation errors stay readable; a database timeout says so.
* :class:`HideSuggestions` (production): no "Did you mean …?" hints, which reveal the schema.

Both are schema extensions (see :mod:`qyx_platform.graphql.hardening`); the web app does not
touch errors again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from qyx_platform.errors import QyxError
from qyx_platform.i18n import N_, _

#: errors a scalar's parser raises on bad input before execution: safe to show
_INPUT_ERRORS = (ValueError, TypeError, ArithmeticError)
#: database errors that mean "the statement ran out of time"
_TIMEOUT_MARKERS = ("interrupted", "statement timeout", "canceling statement", "querycanceled")
TIMEOUT_MESSAGE = N_("the database took too long to answer and the query was stopped; ask for less")
UNEXPECTED_MESSAGE = N_("Unexpected error.")


#: text that only internals write: an error message containing it is masked, whatever raised it
LEAK_MARKERS = ("[SQL:", "sqlalche.me", "Traceback (most recent call last)", "psycopg.", "sqlite3.")


def is_unexpected_error(error: GraphQLError) -> bool:
    """True for an error whose message must not reach the client: one caused by an exception
    that is neither a QyxError nor a GraphQLError (raised on purpose), except the bad-value
    errors of input coercion before execution; and any message quoting SQL or a traceback
    (a QyxError that embeds a database error, say)."""
    original = error.original_error
    if original is None:
        return False
    if any(marker in error.message for marker in LEAK_MARKERS):
        return True
    if isinstance(original, QyxError | GraphQLError):
        return False
    return not (error.path is None and isinstance(original, _INPUT_ERRORS))


def is_timeout(error: GraphQLError) -> bool:
    """True when the error is a database statement timeout or interrupt."""
    original = error.original_error
    if original is None:
        return False
    text = f"{type(original).__name__} {original}".lower()
    return any(marker in text for marker in _TIMEOUT_MARKERS)


class QyxMaskErrors(MaskErrors):
    """strawberry's MaskErrors masking only unexpected errors; a database timeout says so."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected_error, error_message=UNEXPECTED_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """The error without its message, original exception and traceback."""
        masked = super().anonymise_error(error)
        masked.message = _(TIMEOUT_MESSAGE if is_timeout(error) else UNEXPECTED_MESSAGE)
        return masked


def mask_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors with the unexpected ones masked (idempotent; a second line of defence)."""
    masker = QyxMaskErrors()
    return [masker.anonymise_error(e) if is_unexpected_error(e) else e for e in errors]


_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


def strip_suggestions(message: str) -> str:
    """The message without graphql-core's "Did you mean …?" hints."""
    return _SUGGESTION.sub("", message)


class HideSuggestions(SchemaExtension):
    """Removes "Did you mean …?" from every error message (they reveal the schema)."""

    def on_operation(self) -> Iterator[None]:
        """Rewrite the messages of the finished operation."""
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if isinstance(error, GraphQLError):
                error.message = strip_suggestions(error.message)
        for error in self.execution_context.pre_execution_errors or ():
            error.message = strip_suggestions(error.message)
