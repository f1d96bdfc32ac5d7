"""Read access: public by default; with ``QYX_READ_REQUIRES_TOKEN=1`` every operation needs a
valid token (any role). Writes are checked by their services whatever this setting says."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from qyx_platform.errors import PermissionDeniedError


class ReadAccess(SchemaExtension):
    """Refuses an operation before it runs when reading needs a token and none (or a revoked
    or unknown one) is given."""

    def on_execute(self) -> Iterator[None]:
        """Check the caller before execution; set an error result to skip it."""
        context = self.execution_context.context
        platform = getattr(context, "platform", None)
        if platform is not None and platform.read_requires_token:
            message = None
            if getattr(context, "token", None) is None:
                message = "reading needs a token: send Authorization: Bearer <token> (qyx token create)"
            else:
                try:
                    _ = context.actor
                except PermissionDeniedError as exc:
                    message = str(exc)
            if message is not None:
                self.execution_context.result = ExecutionResult(data=None, errors=[GraphQLError(message)])
        yield
