"""The ASGI application: ``/graphql`` (POST JSON; GET serves GraphiQL), ``/healthz``,
``/graphql/static`` (vendored GraphiQL and React), and the dashboard's pages under ``/`` with
their assets under ``/static`` (see :mod:`qyx_platform.web.dashboard`).

Hardened (see :mod:`qyx_platform.web.security` and :mod:`qyx_platform.graphql.hardening`):
bodies over 1 MiB get 413, a POST to ``/graphql`` that is not ``application/json`` gets 415,
JSON nested too deeply gets 400; operations are limited in depth, tokens, aliases, cost and
page size; unexpected resolver errors are masked; SQLite statements are interrupted after
30 s (PostgreSQL has its own statement_timeout). Production mode (``QYX_ENV=production`` or
``create_app(production=True)``) also turns off introspection, "Did you mean …" suggestions
and the GraphiQL page.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from cross_web import HTTPException
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL

from qyx_platform.config import Settings
from qyx_platform.graphql.context import Context
from qyx_platform.graphql.errorlog import logger, truncate
from qyx_platform.graphql.hardening import hardening_extensions
from qyx_platform.graphql.schema import build_schema
from qyx_platform.platform import Platform
from qyx_platform.store.engine import set_sqlite_statement_timeout
from qyx_platform.store.queries import freeze_startup_objects
from qyx_platform.store.scope import current_scope, read_scope
from qyx_platform.web.bearer import SCOPE_ACTOR, SCOPE_TOKEN, BearerAuth
from qyx_platform.web.dashboard import DashboardPages
from qyx_platform.web.language import LanguageMiddleware
from qyx_platform.web.security import RequestGuard, RequestRejected, load_json

STATIC_DIR = Path(str(files("qyx_platform").joinpath("web/static")))


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class QyxGraphQL(GraphQL[Context, None]):
    """strawberry's ASGI view with our context, an offline GraphiQL page (not in production)
    and the limits of ``settings`` (default: from the environment)."""

    def __init__(self, platform: Platform, settings: Settings | None = None, **kwargs: Any) -> None:
        self.settings = settings or Settings.from_env()
        schema = build_schema(platform.catalogue, extensions=hardening_extensions(self.settings))
        kwargs.setdefault("graphql_ide", None if self.settings.production else "graphiql")
        super().__init__(schema, **kwargs)
        #: the graphql-core schema (the dashboard checks its operations against it)
        self.graphql_core_schema = schema._schema
        self.platform = platform
        self._ide_html = (STATIC_DIR / "graphiql.html").read_text(encoding="utf-8")

    def encode_json(self, data: object) -> bytes:
        """Answers as compact UTF-8 JSON with Chinese as written (JSON is UTF-8 by RFC 8259):
        readable in a terminal (``curl``), and a third smaller than ``\\uXXXX`` escapes."""
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def decode_json(self, data: str | bytes) -> object:
        """Request JSON (body, or the ``variables`` of a GET), refusing deep nesting (400)."""
        try:
            return load_json(data, self.settings.max_json_depth)
        except RequestRejected as rejected:
            raise HTTPException(rejected.status, str(rejected)) from None

    async def run(self, *args: Any, **kwargs: Any) -> Any:
        """strawberry's request handling; an HTTP error's text (which may quote the request,
        an unknown operationName say) is truncated and logged as one line."""
        try:
            return await super().run(*args, **kwargs)
        except HTTPException as exc:
            exc.reason = truncate(exc.reason)
            logger.info("client error (HTTP %s): %s", exc.status_code, exc.reason)
            raise

    async def get_context(self, request: Any, response: Any) -> Context:
        """A fresh Context per request, carrying the bearer token (and its actor, when
        :class:`~qyx_platform.web.bearer.BearerAuth` checked it already) and the request's
        one database connection for reads."""
        asgi = request.scope if isinstance(request, Request) else {}
        token = asgi.get(SCOPE_TOKEN)
        if SCOPE_ACTOR not in asgi and isinstance(request, Request):
            token = bearer_token(request)
        context = Context(
            platform=self.platform, token=token, request=request, response=response, scope=current_scope()
        )
        if SCOPE_ACTOR in asgi:
            context.__dict__["actor"] = asgi[SCOPE_ACTOR]  # the cached_property, filled
        return context

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from vendored assets (no CDN)."""
        return HTMLResponse(self._ide_html)


class OneConnection:
    """Serves a request with one database connection for all its reads, the token's included
    (checked out on the first read, returned when the response is sent)."""

    def __init__(self, app: ASGIApp, platform: Platform) -> None:
        self.app = app
        self.platform = platform

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the wrapped app inside a :func:`~qyx_platform.store.scope.read_scope`."""
        if scope["type"] != "http":  # pragma: no cover - the app routes only HTTP here
            await self.app(scope, receive, send)
            return
        with read_scope(self.platform.engine):
            await self.app(scope, receive, send)


def create_app(
    platform: Platform | None = None,
    database_url: str | None = None,
    *,
    production: bool | None = None,
    settings: Settings | None = None,
    demo: bool = False,
) -> Starlette:
    """The Starlette app for a platform (opened on ``database_url`` when not given).

    ``settings``: the limits (default: :meth:`Settings.from_env`); ``production`` overrides
    their mode (default: ``QYX_ENV``). ``demo`` labels the dashboard as showing synthetic data.
    """
    settings = settings or Settings.from_env()
    if production is not None:
        settings = settings.with_production(production)
    platform = platform or Platform(database_url)
    set_sqlite_statement_timeout(platform.engine, settings.sqlite_statement_timeout_s)
    graphql_app = QyxGraphQL(platform, settings)
    document = platform.plan.document
    pages = DashboardPages(
        graphql_app.graphql_core_schema,
        home=document.home_jurisdiction,
        years=(document.start_year, document.end_year),
        demo=demo,
        graphiql=not settings.production,
    )

    async def healthz(_: Request) -> JSONResponse:
        try:
            with platform.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # the health check reports, it never raises
            return JSONResponse({"status": "error", "database": type(exc).__name__}, status_code=503)
        return JSONResponse(
            {
                "status": "ok",
                "database": platform.engine.dialect.name,
                "plugins": len(platform.plugin_manager.plugin_infos()),
                "domains": len(platform.plan.domains),
                "indicators": len(platform.plan.indicators),
                # which worker process answered (several serve one port: `qyx serve --workers N`)
                "worker": os.getpid(),
            }
        )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # start-up is done (plugins, plan, schema): keep those objects out of later collections
        freeze_startup_objects()
        try:
            yield
        finally:
            # a clean shutdown (SIGTERM, Ctrl-C) closes every connection: SQLite folds its
            # write-ahead log back into the database file, so a copy of the file is complete
            platform.close()

    app = Starlette(
        lifespan=lifespan,
        routes=[
            Route("/healthz", healthz),
            Mount("/graphql/static", StaticFiles(directory=STATIC_DIR)),
            Route(
                "/graphql",
                OneConnection(BearerAuth(graphql_app, platform), platform),
                methods=["GET", "POST"],
            ),
            *pages.routes(),
        ],
        middleware=[
            Middleware(LanguageMiddleware),
            Middleware(RequestGuard, max_body_bytes=settings.max_body_bytes),
            # GraphQL answers; the dashboard's assets come compressed already
            Middleware(GZipMiddleware, minimum_size=1024),
        ],
    )
    app.state.platform = platform
    app.state.settings = settings
    return app
