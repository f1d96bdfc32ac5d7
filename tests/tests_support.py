"""Small helpers shared by tests that are not fixtures."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from qyx_platform import Platform
from qyx_platform.web.app import create_app


def graphql_data(platform: Platform, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST a query to a platform's app; return data, failing on errors."""
    response = TestClient(create_app(platform)).post(
        "/graphql", json={"query": query, "variables": variables or {}}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data
