"""Shared fixtures: a fresh platform on SQLite (and on PostgreSQL where reachable), an HTTP
client on the ASGI app, and the contract operations our front end sends."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from starlette.testclient import TestClient

from qyx_platform import Platform, Role
from qyx_platform.web.app import create_app

#: messages are Chinese by default; tests read them in English unless they ask otherwise
#: (tests/test_i18n.py checks the Chinese default and the catalogue)
os.environ["QYX_LANG"] = "en"
#: every period of the plan has ended, so tests may report any of them as actual values; tests
#: of the rule for periods not yet ended give the platform their own clock (Platform(today=…))
os.environ["QYX_TODAY"] = "2028-01-01"

#: no per-example time limit: speed is measured in benchmarks/, and hypothesis's default 200 ms
#: deadline fails correct examples on a loaded CI machine
settings.register_profile("qyx", deadline=None)
settings.load_profile("qyx")

TESTS = Path(__file__).parent
CONTRACT = TESTS / "contract"
PG_URL = os.environ.get("QYX_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
#: set by .ci/run when a server answers: then a PostgreSQL failure fails instead of skipping
REQUIRE_PG = os.environ.get("QYX_REQUIRE_POSTGRES") == "1"


def operation(name: str) -> str:
    """A contract operation file's text (tests/contract/<name>.graphql)."""
    return (CONTRACT / f"{name}.graphql").read_text(encoding="utf-8")


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as c:
            c.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure means: no server for these tests
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (dropped at the end)."""
    problem = _pg_available()
    if problem is not None:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but unreachable at {PG_URL}: {problem}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}: {problem}")
    name = f"qyx_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    base = PG_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _reset_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database URL: SQLite, and PostgreSQL where reachable."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'qyx.sqlite3'}"
    url: str = request.getfixturevalue("pg_database")
    _reset_pg(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database URL."""
    return f"sqlite:///{tmp_path / 'qyx.sqlite3'}"


@pytest.fixture
def platform(db_url: str) -> Iterator[Platform]:
    """A platform with every installed plugin on a fresh database (both backends)."""
    p = Platform(db_url)
    yield p
    p.close()


@pytest.fixture
def sqlite_platform(sqlite_url: str) -> Iterator[Platform]:
    """A platform on a fresh SQLite database only."""
    p = Platform(sqlite_url)
    yield p
    p.close()


class GraphQLClient:
    """Posts GraphQL to the ASGI app like the front end does."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.http = TestClient(create_app(platform))

    def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """POST a query; return the JSON body (asserting HTTP 200)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """POST a query that must succeed; return its data."""
        body = self.post(query, variables, token)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def token(self, role: Role = Role.REPORTER, department: str | None = "县卫生健康局") -> str:
        """A new token of this role (reporters default to 县卫生健康局)."""
        return self.platform.create_token(role, department)


@pytest.fixture
def client(platform: Platform) -> GraphQLClient:
    """A GraphQL client on the platform's app (both backends)."""
    return GraphQLClient(platform)


@pytest.fixture
def sqlite_client(sqlite_platform: Platform) -> GraphQLClient:
    """A GraphQL client on a SQLite-only platform."""
    return GraphQLClient(sqlite_platform)
