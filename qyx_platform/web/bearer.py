"""Bearer tokens at the HTTP boundary (RFC 6750).

A request that sends ``Authorization`` must send a valid, unrevoked bearer token: an unknown
or revoked token, another scheme or an empty token gets ``401`` with a ``WWW-Authenticate:
Bearer`` challenge, on reads as on writes (it is never served as anonymous). Where reading
needs a token (``QYX_READ_REQUIRES_TOKEN=1``), a request without one gets a 401 too. The
actor found is handed on in the ASGI scope, so the request's context does not look it up
again.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from qyx_platform.errors import PermissionDeniedError
from qyx_platform.i18n import N_, _
from qyx_platform.services.auth import ANONYMOUS, Actor
from qyx_platform.web.security import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

REALM = "qyx"
#: where the actor of a request is kept in the ASGI scope
SCOPE_ACTOR = "qyx.actor"
SCOPE_TOKEN = "qyx.token"


#: RFC 6750's error codes
INVALID_REQUEST = "invalid_request"
INVALID_TOKEN = "invalid_token"
#: the reasons for a 401 (English in the header, where RFC 6750 wants ASCII; translated in the body)
NOT_BEARER = N_("use Authorization: Bearer <token>")
EMPTY = N_("the bearer token is empty")
NEEDS_TOKEN = N_("reading needs a token: send Authorization: Bearer <token>")
UNKNOWN = N_("the token is unknown or revoked; ask for a new one")


class Unauthorized(Exception):
    """A 401: ``error`` is RFC 6750's code (None when no credentials were sent)."""

    def __init__(self, error: str | None, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description

    def challenge(self) -> str:
        """The ``WWW-Authenticate`` header value."""
        parts = [f'realm="{REALM}"']
        if self.error is not None:
            parts.append(f'error="{self.error}"')
            parts.append(f'error_description="{self.description}"')
        return "Bearer " + ", ".join(parts)


def bearer_credentials(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; None without the header.
    Raises Unauthorized for another scheme or an empty token."""
    if header is None:
        return None
    scheme, _sep, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise Unauthorized(INVALID_REQUEST, NOT_BEARER)
    token = token.strip()
    if not token:
        raise Unauthorized(INVALID_REQUEST, EMPTY)
    return token


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class BearerAuth:
    """ASGI wrapper of the GraphQL endpoint checking the bearer token before GraphQL runs."""

    def __init__(self, app: ASGIApp, platform: Platform) -> None:
        self.app = app
        self.platform = platform

    def actor(self, scope: Scope) -> tuple[str | None, Actor]:
        """The request's token and actor; raises Unauthorized."""
        token = bearer_credentials(_header(scope, b"authorization"))
        if token is None:
            if self.platform.read_requires_token:
                raise Unauthorized(None, NEEDS_TOKEN)
            return None, ANONYMOUS
        try:
            return token, self.platform.actor(token)
        except PermissionDeniedError:
            raise Unauthorized(INVALID_TOKEN, UNKNOWN) from None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 401 for bad credentials; else pass the request on with its actor."""
        if scope["type"] == "http" and scope.get("method") != "OPTIONS":
            try:
                token, actor = self.actor(scope)
            except Unauthorized as exc:
                await _unauthorized(send, exc)
                return
            scope[SCOPE_TOKEN] = token
            scope[SCOPE_ACTOR] = actor
        await self.app(scope, receive, send)


async def _unauthorized(send: Send, exc: Unauthorized) -> None:
    body = json.dumps({"data": None, "errors": [{"message": _(exc.description)}]}, ensure_ascii=False).encode(
        "utf-8"
    )
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"www-authenticate", exc.challenge().encode("latin-1")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
