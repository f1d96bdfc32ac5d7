"""Read access: public by default; with ``QYX_READ_REQUIRES_TOKEN=1`` every operation needs a
valid token (any role). Writes are checked by their services whatever this setting says."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import DocumentNode, ExecutionResult, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension

from qyx_platform.errors import PermissionDeniedError
from qyx_platform.i18n import N_, _
from qyx_platform.services.text import has_invalid_unicode


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
                message = _("reading needs a token: send Authorization: Bearer <token> (qyx token create)")
            else:
                try:
                    _actor = context.actor
                except PermissionDeniedError as exc:
                    message = str(exc)
            if message is not None:
                self.execution_context.result = ExecutionResult(data=None, errors=[GraphQLError(message)])
        yield


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


_NUL_ESCAPE = re.compile(r"\\u(0000|\{0+\})", re.IGNORECASE)
#: an escape that may stand for a lone surrogate (\ud800-\udfff, or \u{d800} …)
_SURROGATE_ESCAPE = re.compile(r"\\u(d[89a-f][0-9a-f]{2}|\{0*d[89a-f][0-9a-f]{2}\})", re.IGNORECASE)


_SURROGATE_MESSAGE = N_("text must be valid Unicode: a lone surrogate (\\ud800-\\udfff) was sent")


class RefuseNulBytes(SchemaExtension):
    """Refuses an operation whose variables or string literals hold a NUL character or a lone
    surrogate (text that is not valid Unicode): no plan text has one, and no database can
    store it."""

    def on_execute(self) -> Iterator[None]:
        """Check variables and literals before execution; set an error result to skip it."""
        context = self.execution_context
        document = context.graphql_document
        query = context.query or ""
        # a NUL reaches a literal only as a raw byte or an escape: look closer only then
        suspicious = (
            "\x00" in query
            or _NUL_ESCAPE.search(query) is not None
            or _SURROGATE_ESCAPE.search(query) is not None
            or has_invalid_unicode(query)
        )
        literals = [node.value for node in _string_nodes(document)] if suspicious and document else []
        if _has_nul(context.variables) or _has_nul(literals):
            context.result = ExecutionResult(
                data=None, errors=[GraphQLError(_("text must not contain NUL (\\u0000) characters"))]
            )
        elif has_invalid_unicode(context.variables) or has_invalid_unicode(literals):
            context.result = ExecutionResult(
                data=None,
                errors=[GraphQLError(_(_SURROGATE_MESSAGE))],
            )
        yield


def _string_nodes(document: DocumentNode) -> list[StringValueNode]:
    found: list[StringValueNode] = []

    class Collect(Visitor):
        def enter_string_value(self, node: StringValueNode, *_args: object) -> None:
            found.append(node)

    visit(document, Collect())
    return found
