"""The language of a request: ``Accept-Language`` chooses the language of every message the
request produces (error messages, status notes), Chinese when it names neither zh nor en
(then ``QYX_LANG`` and the default apply, see :mod:`qyx_platform.i18n`)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qyx_platform.i18n import current_language, negotiate, reset_language, set_language


class LanguageMiddleware:
    """Set the request's language for the duration of the request and answer with
    ``Content-Language`` (and ``Vary: Accept-Language``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope.get("headers", ()):
            if name == b"accept-language":
                header = value.decode("latin-1")
                break
        token = set_language(negotiate(header))
        tag = current_language().replace("_", "-").encode("ascii")

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    *message.get("headers", ()),
                    (b"content-language", tag),
                    (b"vary", b"Accept-Language"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_language)
        finally:
            reset_language(token)
