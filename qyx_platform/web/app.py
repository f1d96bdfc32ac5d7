"""The ASGI application: ``/graphql`` (POST JSON; GET serves GraphiQL), ``/healthz``,
``/graphql/static`` (vendored GraphiQL and React)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

from qyx_platform.graphql.context import Context
from qyx_platform.graphql.schema import build_schema
from qyx_platform.platform import Platform

STATIC_DIR = Path(str(files("qyx_platform").joinpath("web/static")))


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class QyxGraphQL(GraphQL[Context, None]):
    """strawberry's ASGI view with our context and an offline GraphiQL page."""

    def __init__(self, platform: Platform, **kwargs: Any) -> None:
        super().__init__(build_schema(platform.catalogue), graphql_ide="graphiql", **kwargs)
        self.platform = platform
        self._ide_html = (STATIC_DIR / "graphiql.html").read_text(encoding="utf-8")

    async def get_context(self, request: Any, response: Any) -> Context:
        """A fresh Context per request, carrying the bearer token."""
        token = bearer_token(request) if isinstance(request, Request) else None
        return Context(platform=self.platform, token=token, request=request, response=response)

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from vendored assets (no CDN)."""
        return HTMLResponse(self._ide_html)


def create_app(platform: Platform | None = None, database_url: str | None = None) -> Starlette:
    """The Starlette app for a platform (opened on ``database_url`` when not given)."""
    platform = platform or Platform(database_url)
    graphql_app = QyxGraphQL(platform)

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
            }
        )

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Mount("/graphql/static", StaticFiles(directory=STATIC_DIR)),
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            Route("/", lambda _: HTMLResponse('<meta http-equiv="refresh" content="0; url=/graphql">')),
        ]
    )
    app.state.platform = platform
    return app
