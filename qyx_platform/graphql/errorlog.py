"""How GraphQL errors are logged: a client's mistake is one line at INFO (a fuzzer's ten
thousand bad requests must not fill the log with tracebacks); an internal error is logged at
ERROR with its traceback. Messages in the log are truncated like the ones sent back."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from qyx_platform.graphql.errors import is_unexpected_error

logger = logging.getLogger("qyx.graphql")
#: the longest message (or echoed input) written to the log or sent back
MAX_MESSAGE_CHARS = 500


def truncate(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


class QyxSchema(strawberry.Schema):
    """strawberry's Schema logging client errors at INFO, internal ones with a traceback."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log each error once, by kind."""
        name = execution_context.operation_name if execution_context is not None else None
        # the client's operationName, as sent: not necessarily a string
        where = f" in operation {truncate(str(name), 100)!r}" if name else ""
        for error in errors:
            if is_unexpected_error(error):
                original = error.original_error
                logger.error(
                    "internal error%s at %s: %s",
                    where,
                    error.path,
                    truncate(str(error)),
                    exc_info=(type(original), original, original.__traceback__) if original else None,
                )
            else:
                path = f" at {'.'.join(map(str, error.path))}" if error.path else ""
                logger.info("client error%s%s: %s", where, path, truncate(error.message).replace("\n", " "))


class TruncateMessages(SchemaExtension):
    """Cuts every error message sent back to :data:`MAX_MESSAGE_CHARS` characters: a message
    may quote the request (a variable's value, a name), which must not come back in full."""

    def on_operation(self) -> Iterator[None]:
        """Shorten the messages of the finished operation."""
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if isinstance(error, GraphQLError):
                error.message = truncate(error.message)
        for error in self.execution_context.pre_execution_errors or ():
            error.message = truncate(error.message)
