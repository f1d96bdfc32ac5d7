"""The dashboard: the pages served under ``/`` (总览 overview, domain, indicator, 多维晾晒
scoreboard, 问题清单 problems, reports, data entry), a GraphQL client written as plain ES
modules with no build step.

The pages get their data only from ``/graphql``. Every operation they send lives in one folder,
``web/static/dashboard/operations/<Name>.graphql``; the server checks each against the live
schema at start-up (graphql-core ``validate``) and hands the page only those the schema can
answer, so that a page whose feature has not landed yet shows a notice instead of an error.

Static assets are served from ``/static/<hash>/…`` where the hash covers every asset: their
URLs change when they do, so they are cached for a year (``immutable``); compressible ones are
gzipped once and kept in memory. The HTML shell is never cached.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import mimetypes
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from graphql import GraphQLSchema, parse, print_schema, validate
from graphql.error import GraphQLSyntaxError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

DASHBOARD_DIR = Path(str(files("qyx_platform").joinpath("web/static/dashboard")))
OPERATIONS_DIR = DASHBOARD_DIR / "operations"

#: the pages' paths (the client routes on ``location.pathname``)
PAGE_PATHS = (
    "/",
    "/domain/{code}",
    "/indicator/{code}",
    "/scoreboard",
    "/problems",
    "/reports",
    "/entry",
)
#: media types worth compressing
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "text/plain",
        "image/svg+xml",
        "application/graphql",
    }
)
YEAR_SECONDS = 365 * 24 * 3600
GZIP_MIN_BYTES = 512


@dataclass(frozen=True)
class Operation:
    """One operation file of the dashboard: its name (the file stem), its text and, when the
    schema cannot answer it, why."""

    name: str
    text: str
    problem: str | None


def operation_files(directory: Path = OPERATIONS_DIR) -> list[Path]:
    """The operation files, sorted by name."""
    return sorted(directory.glob("*.graphql"))


def check_operation(schema: GraphQLSchema, name: str, text: str) -> str | None:
    """Why ``text`` cannot run against ``schema`` (None when it validates)."""
    try:
        document = parse(text)
    except GraphQLSyntaxError as exc:
        return f"{name}: syntax error: {exc.message}"
    errors = validate(schema, document)
    return "; ".join(e.message for e in errors) or None


#: checked operations by (folder, schema SDL): validating them all takes a few tenths of a
#: second, and an app is built many times over with the same schema (tests, workers)
_CHECKED: dict[tuple[Path, str], list[Operation]] = {}


def load_operations(schema: GraphQLSchema, directory: Path = OPERATIONS_DIR) -> list[Operation]:
    """Every operation of the folder, checked against ``schema``."""
    key = (directory, print_schema(schema))
    found = _CHECKED.get(key)
    if found is None:
        found = []
        for path in operation_files(directory):
            text = path.read_text(encoding="utf-8")
            found.append(Operation(path.stem, text, check_operation(schema, path.stem, text)))
        _CHECKED[key] = found
    return list(found)


@lru_cache(maxsize=4)
def assets_hash(directory: Path = DASHBOARD_DIR) -> str:
    """A short hash of every asset's path and content (changes when any asset does)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def media_type(path: Path) -> str:
    """The Content-Type media type of an asset."""
    if path.suffix == ".graphql":
        return "application/graphql"
    if path.suffix in {".js", ".mjs"}:
        return "text/javascript"
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class StaticAssets:
    """Serves the dashboard's assets: long-lived cache headers (the URL carries the hash), an
    ETag, and gzip (compressed once, kept in memory) when the client accepts it."""

    def __init__(self, directory: Path, version: str) -> None:
        self.directory = directory.resolve()
        self.version = version
        self._cache: dict[Path, tuple[bytes, bytes | None, str]] = {}

    def _load(self, path: Path) -> tuple[bytes, bytes | None, str]:
        cached = self._cache.get(path)
        if cached is None:
            body = path.read_bytes()
            kind = media_type(path)
            packed = (
                gzip.compress(body, compresslevel=9, mtime=0)
                if kind in COMPRESSIBLE and len(body) >= GZIP_MIN_BYTES
                else None
            )
            cached = self._cache[path] = (body, packed, kind)
        return cached

    async def respond(self, request: Request) -> Response:
        """GET /static/<version>/<path>."""
        version = request.path_params["version"]
        relative = request.path_params["path"]
        path = (self.directory / relative).resolve()
        if not path.is_file() or not path.is_relative_to(self.directory):
            return Response("not found", status_code=404, media_type="text/plain")
        body, packed, kind = self._load(path)
        etag = f'"{self.version}-{hashlib.sha1(body).hexdigest()[:10]}"'
        headers = {
            "ETag": etag,
            "Vary": "Accept-Encoding",
            # an old hash still answers (a page open during an upgrade), but is not kept
            "Cache-Control": f"public, max-age={YEAR_SECONDS}, immutable"
            if version == self.version
            else "no-cache",
            "X-Content-Type-Options": "nosniff",
        }
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.startswith("application/") else ""
        if packed is not None and "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(packed, headers=headers, media_type=kind + charset)
        return Response(body, headers=headers, media_type=kind + charset)


class DashboardPages:
    """The HTML shell of every page, with the configuration the client needs embedded as a
    JSON data block (never executed): the asset version, the operations the schema can
    answer (with their text) and those it cannot (with the reason), demo mode, the home
    jurisdiction and the plan's years."""

    def __init__(
        self, schema: GraphQLSchema, *, home: str, years: tuple[int, int], demo: bool, graphiql: bool = True
    ) -> None:
        self.version = assets_hash()
        self.operations = load_operations(schema)
        config = {
            "version": self.version,
            "demo": demo,
            "graphiql": graphiql,  # off in production: no link to a page that is not served
            "home": home,
            "years": list(years),
            "operations": {op.name: op.text for op in self.operations if op.problem is None},
            "unavailable": {op.name: op.problem for op in self.operations if op.problem is not None},
        }
        shell = (DASHBOARD_DIR / "index.html").read_text(encoding="utf-8")  # small: read each time
        # "</" cannot end the data block early: JSON allows "<\/"
        data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
        self.html = shell.replace("{{VERSION}}", html.escape(self.version)).replace("{{CONFIG}}", data)
        self.assets = StaticAssets(DASHBOARD_DIR, self.version)

    async def page(self, _: Request) -> Response:
        """Any page: the same shell; the client draws the page of the path."""
        return HTMLResponse(
            self.html,
            headers={
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                # everything comes from this server: a page can reach no other host
                "Content-Security-Policy": (
                    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                    "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
                    "frame-ancestors 'none'"
                ),
            },
        )

    def routes(self) -> list[BaseRoute]:
        """The page routes and the asset route."""
        routes: list[BaseRoute] = [Route(p, self.page, methods=["GET", "HEAD"]) for p in PAGE_PATHS]
        routes.append(Route("/static/{version}/{path:path}", self.assets.respond, methods=["GET", "HEAD"]))
        return routes
