"""HTTP-level protection of the service: body size, content type and JSON depth.

* :class:`RequestGuard` (ASGI middleware): a body larger than the limit gets 413 (before it
  is read, when Content-Length says so; else as soon as the limit is passed); a POST to the
  GraphQL endpoint needs ``Content-Type: application/json`` (415 otherwise), which also keeps
  plain HTML forms from posting cross-site.
* :func:`load_json`: parses a request's JSON refusing nesting deeper than a limit (a body of
  10 000 nested arrays is a 400, never a RecursionError and a 500).

Every engine has a statement timeout (:mod:`qyx_platform.store.engine`); the app sets the
limit of its :class:`~qyx_platform.config.Settings`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from qyx_platform.i18n import _

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_MEDIA_TYPE = "application/json"


class RequestRejected(ValueError):
    """A request refused before it reaches GraphQL; ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# -- JSON ---------------------------------------------------------------------------------


def json_depth(value: object, limit: int) -> int:
    """Nesting depth of parsed JSON (a scalar is 0, ``[]`` is 1), counted without recursion;
    stops counting once past ``limit``."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def load_json(data: str | bytes, max_depth: int) -> object:
    """Parse a request's JSON text; raise RequestRejected (400) for text that is not UTF-8
    JSON, for nesting deeper than ``max_depth`` and for a top level that is not an object
    (or a list of objects, a batch)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
        value = json.loads(text)
    except UnicodeDecodeError:
        raise RequestRejected(400, _("the request body is not UTF-8 text")) from None
    except RecursionError:
        raise RequestRejected(
            400, _("the JSON is nested more than {depth} levels deep", depth=max_depth)
        ) from None
    except ValueError:  # json.JSONDecodeError
        raise RequestRejected(400, _("Unable to parse request body as JSON")) from None
    if json_depth(value, max_depth) > max_depth:
        raise RequestRejected(400, _("the JSON is nested more than {depth} levels deep", depth=max_depth))
    if not (isinstance(value, dict) or (isinstance(value, list) and all(isinstance(v, dict) for v in value))):
        raise RequestRejected(400, _("the JSON must be an object with a 'query' string"))
    return value


# -- ASGI middleware ----------------------------------------------------------------------


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def media_type(content_type: str | None) -> str:
    """The media type of a Content-Type header, lower case, without parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


async def _respond(send: Send, status: int, message: str) -> None:
    body = message.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """ASGI middleware limiting request bodies and the content type of GraphQL posts.

    ``json_paths``: paths whose POST bodies must be ``application/json``.
    """

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, json_paths: tuple[str, ...] = ("/graphql",)
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.json_paths = json_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, buffer its body (at most the limit) and pass it on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            self._check_headers(scope)
            body = await self._read_body(receive)
        except RequestRejected as rejected:
            await _respond(send, rejected.status, str(rejected))
            return
        if body is None:  # the client went away
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def _check_headers(self, scope: Scope) -> None:
        if scope.get("method") == "POST" and scope.get("path") in self.json_paths:
            header = _header(scope, b"content-type")
            found = media_type(header)
            if found != JSON_MEDIA_TYPE:
                raise RequestRejected(
                    415,
                    _("send GraphQL requests as {wanted}, not {found}", wanted=JSON_MEDIA_TYPE, found=found)
                    if found
                    else _(
                        "send GraphQL requests as {wanted}, not without a content type",
                        wanted=JSON_MEDIA_TYPE,
                    ),
                )
            # media types are case-insensitive; strawberry compares them as written
            _media, semicolon, parameters = (header or "").partition(";")
            normalized = (JSON_MEDIA_TYPE + semicolon + parameters).encode("latin-1")
            scope["headers"] = [
                (key, normalized if key.lower() == b"content-type" else value)
                for key, value in scope.get("headers") or ()
            ]
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                raise RequestRejected(400, _("Content-Length is not a number")) from None
            if length < 0:
                raise RequestRejected(400, _("Content-Length is negative"))
            if length > self.max_body_bytes:
                raise RequestRejected(413, self._too_large())

    def _too_large(self) -> str:
        return _("the request body is larger than {limit} bytes", limit=self.max_body_bytes)

    async def _read_body(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = bytes(message.get("body", b""))
            size += len(chunk)
            if size > self.max_body_bytes:
                raise RequestRejected(413, self._too_large())
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
