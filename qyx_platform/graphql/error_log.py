"""The server log keeps tracebacks for bugs, not for users' mistakes.

strawberry logs every error of a response at ERROR level with its traceback. An error a user
caused (a bad period, an unknown code, a refused permission: a :class:`QyxError` or a
``GraphQLError`` raised on purpose, or a query that does not validate) is answered in the
response already; the log gets one INFO line for it. Anything else (an internal error) is
logged as strawberry does, with the traceback.
"""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from qyx_platform.errors import QyxError

logger = logging.getLogger("qyx_platform.graphql")


def is_user_error(error: GraphQLError) -> bool:
    """True for an error the user caused (answered in the response, no traceback needed)."""
    original = error.original_error
    return original is None or isinstance(original, QyxError | GraphQLError)


class QyxSchema(strawberry.Schema):
    """strawberry's Schema, logging users' mistakes as one line (see the module)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log each error: one INFO line for a user's mistake, the traceback for anything else."""
        for error in errors:
            if is_user_error(error):
                where = ".".join(str(p) for p in error.path) if error.path else "-"
                logger.info("refused (%s): %s", where, error.message.splitlines()[0] if error.message else "")
            else:
                StrawberryLogger.error(error, execution_context)
