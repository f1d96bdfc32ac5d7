"""GraphQL and HTTP hardening: depth, token, alias, cost and page-size limits; body size,
content type and JSON depth; error masking; production mode; no writes over GET; statement
timeouts on PostgreSQL and SQLite."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from starlette.testclient import TestClient

from qyx_platform import Platform, Role, config
from qyx_platform.config import Settings
from qyx_platform.errors import ConfigurationError, NotFoundError
from qyx_platform.graphql import hardening
from qyx_platform.graphql.cost import query_cost
from qyx_platform.graphql.errors import TIMEOUT_MESSAGE, UNEXPECTED_MESSAGE, is_unexpected_error
from qyx_platform.services.readings import Readings
from qyx_platform.store.engine import make_engine, set_sqlite_statement_timeout
from qyx_platform.web.app import create_app
from qyx_platform.web.security import json_depth, load_json

HOME = "331126"
SCOREBOARD = "scoreboard(year: 2025) { domains { rank score domain { code } } }"
LEAKS = ("Traceback", "sqlalchemy", 'File "', "SELECT", "psycopg", "sqlite3")

# an unbounded recursive query: runs until something stops it
FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """One SQLite platform for the module (most tests only read)."""
    p = Platform(f"sqlite:///{tmp_path_factory.mktemp('hardening') / 'qyx.sqlite3'}")
    yield p
    p.close()


@pytest.fixture(scope="module")
def http(platform: Platform) -> TestClient:
    """The app in development mode."""
    return TestClient(create_app(platform, production=False), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def prod(platform: Platform) -> TestClient:
    """The app in production mode."""
    return TestClient(create_app(platform, production=True), raise_server_exceptions=False)


def post(
    client: TestClient, query: str, variables: dict[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}}, **kw)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def messages(body: dict[str, Any]) -> list[str]:
    return [e["message"] for e in body.get("errors") or []]


def nested_children(depth: int) -> str:
    return f'{{ jurisdiction(code: "{HOME}") {{ ' + "children { " * depth + "code" + " }" * depth + " } }"


# -- depth, tokens, aliases ---------------------------------------------------------------


class TestDepthTokensAliases:
    def test_depth_limit(self, http: TestClient) -> None:
        assert "errors" not in post(http, nested_children(3))
        body = post(http, nested_children(12))
        assert body["data"] is None
        assert any("exceeds maximum operation depth of 10" in m for m in messages(body))

    def test_depth_limit_follows_fragments(self, http: TestClient) -> None:
        fragments = "".join(
            f"fragment F{i} on Jurisdiction {{ children {{ ...F{i + 1} }} }} " for i in range(12)
        )
        query = (
            f'{{ jurisdiction(code: "{HOME}") {{ ...F0 }} }} {fragments}'
            " fragment F12 on Jurisdiction { code }"
        )
        body = post(http, query)
        assert any("exceeds maximum operation depth" in m for m in messages(body))

    def test_token_limit(self, http: TestClient) -> None:
        fields = " ".join("title" for _ in range(2100))
        body = post(http, f"{{ plan {{ {fields} }} }}")
        assert body["data"] is None
        assert any("more than 2000 tokens" in m for m in messages(body))

    def test_alias_limit_counts_fragments(self, http: TestClient) -> None:
        fine = "{ " + " ".join(f"a{i}: plan {{ title }}" for i in range(15)) + " }"
        assert "errors" not in post(http, fine)
        aliases = " ".join(f"a{i}: title" for i in range(16))
        body = post(http, f"{{ plan {{ ...P }} }} fragment P on PlanDocument {{ {aliases} }}")
        assert any("16 aliases found. Allowed: 15" in m for m in messages(body))


# -- cost and page size -------------------------------------------------------------------


@pytest.fixture
def scoreboard_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the scoreboards actually built."""
    from qyx_platform.graphql import scoreboard_types

    calls: list[int] = []
    real = scoreboard_types.build_scoreboard

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(scoreboard_types, "build_scoreboard", counting)
    return calls


class TestCost:
    def test_one_scoreboard_runs(self, http: TestClient, scoreboard_calls: list[int]) -> None:
        body = post(http, f"{{ {SCOREBOARD} }}")
        assert "errors" not in body, body
        assert scoreboard_calls == [1]

    def test_ten_aliased_scoreboards_are_refused_before_they_run(
        self, http: TestClient, scoreboard_calls: list[int]
    ) -> None:
        query = "{ " + " ".join(f"s{i}: {SCOREBOARD}" for i in range(10)) + " }"
        body = post(http, query)
        assert body["data"] is None
        assert any("costs 1500, more than the limit of 1000" in m for m in messages(body))
        assert scoreboard_calls == []

    def test_fragments_do_not_hide_cost(self, http: TestClient, scoreboard_calls: list[int]) -> None:
        # five aliases in a fragment, spread twice under different names of the root
        def five(prefix: str) -> str:
            return " ".join(f"{prefix}{i}: {SCOREBOARD}" for i in range(5))

        query = (
            "{ ...A ... on Query { ...B } } "
            f"fragment A on Query {{ {five('a')} }} fragment B on Query {{ {five('b')} }}"
        )
        body = post(http, query)
        assert any("more than the limit" in m for m in messages(body))
        assert scoreboard_calls == []

    def test_cost_multiplies_through_lists(self, http: TestClient, platform: Platform) -> None:
        schema = create_app(platform).state.platform  # the same catalogue as the app
        from qyx_platform.graphql.schema import build_schema

        gql = build_schema(schema.catalogue)._schema
        one = '{ jurisdiction(code: "331100") { children { indicatorStates(year: 2025) { state } } } }'
        two = (
            '{ jurisdiction(code: "330000") '
            "{ children { children { indicatorStates(year: 2025) { state } } } } }"
        )
        assert query_cost(gql, one) == 1 + 20 * 10
        assert query_cost(gql, two) == 1 + 20 * (1 + 20 * 10)
        assert "errors" not in post(http, one)
        body = post(http, two)
        assert body["data"] is None
        assert any("costs 4021" in m for m in messages(body))

    def test_leaf_fields_cost_nothing_and_pages_multiply(self, platform: Platform) -> None:
        from qyx_platform.graphql.schema import build_schema

        gql = build_schema(platform.catalogue)._schema
        # Problem.status is an enum: free; Indicator.status is a list of objects: priced
        assert query_cost(gql, "{ problems(first: 100) { edges { node { status } } } }") == 0
        assert query_cost(gql, '{ indicators { status(period: "2025") { state } } }') == 10 * 2
        query = (
            '{ observations(indicator: "1", first: $n) '
            '{ edges { node { indicator { status(period: "2025") { state } } } } } }'
        )
        query = "query($n: Int!) " + query
        assert query_cost(gql, query, {"n": 30}) == 30 * 2
        assert query_cost(gql, query, {}) == 100 * 2  # unknown: a full page

    def test_contract_operations_stay_under_the_limit(self, platform: Platform) -> None:
        from qyx_platform.graphql.schema import build_schema

        gql = build_schema(platform.catalogue)._schema
        contract = Path(__file__).parent / "contract"
        for path in contract.glob("*.graphql"):
            assert query_cost(gql, path.read_text(encoding="utf-8")) <= Settings().max_cost // 2, path


class TestPageSize:
    def test_literal_first_over_100_is_refused(self, http: TestClient) -> None:
        body = post(http, "{ problems(first: 500) { totalCount } }")
        assert body["data"] is None
        assert any("problems(first: 500): pages hold 0 to 100 items" in m for m in messages(body))
        assert "errors" not in post(http, "{ problems(first: 100) { totalCount } }")

    def test_first_from_a_variable_is_refused(self, http: TestClient) -> None:
        query = "query($n: Int!) { problems(first: $n) { totalCount } }"
        body = post(http, query, {"n": 101})
        assert any("problems(first: 101)" in m for m in messages(body))
        assert "errors" not in post(http, query, {"n": 5})

    def test_first_from_a_variable_default_is_refused(self, http: TestClient) -> None:
        body = post(http, "query($n: Int! = 1000) { auditLog(first: $n) { totalCount } }")
        assert any("auditLog(first: 1000)" in m for m in messages(body))

    def test_page_cap_is_generic(self) -> None:
        """Any field's ``first``, in any schema, through the extension."""
        import strawberry

        @strawberry.type
        class Query:
            @strawberry.field
            def things(self, first: int = 10) -> list[int]:
                return list(range(first))

        schema = strawberry.Schema(Query, extensions=hardening.hardening_extensions(Settings()))
        assert schema.execute_sync("{ things(first: 3) }").data == {"things": [0, 1, 2]}
        result = schema.execute_sync("{ things(first: 101) }")
        assert result.errors and "pages hold 0 to 100" in result.errors[0].message
        assert schema.execute_sync("{ things(first: -1) }").errors


# -- HTTP ---------------------------------------------------------------------------------


class TestHttp:
    def test_body_over_1_mib_is_413(self, http: TestClient) -> None:
        padding = " " * (1024 * 1024)
        response = http.post(
            "/graphql",
            content=f'{{"query": "{{ plan {{ title }} }}"{padding}}}',
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 413

    def test_chunked_body_over_1_mib_is_413(self, http: TestClient) -> None:
        def chunks() -> Iterator[bytes]:
            yield b'{"query": "{ plan { title } }", "x": "'
            for _ in range(20):
                yield b"x" * 65536
            yield b'"}'

        response = http.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
        assert "content-length" not in {k.lower() for k in response.request.headers}
        assert response.status_code == 413

    def test_body_just_under_the_limit_is_served(self, http: TestClient) -> None:
        query = "{ plan { title } }"
        pad = 1024 * 1024 - len(json.dumps({"query": query, "p": ""}))
        content = json.dumps({"query": query, "p": "x" * pad})
        assert len(content) == 1024 * 1024
        response = http.post("/graphql", content=content, headers={"content-type": "application/json"})
        assert response.status_code == 200, response.text

    @pytest.mark.parametrize(
        "content_type",
        [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonx",
            None,
        ],
    )
    def test_post_needs_json_content_type(self, http: TestClient, content_type: str | None) -> None:
        headers = {"content-type": content_type} if content_type else {}
        response = http.post("/graphql", content=b'{"query": "{ plan { title } }"}', headers=headers)
        assert response.status_code == 415

    def test_json_with_charset_is_fine(self, http: TestClient) -> None:
        response = http.post(
            "/graphql",
            content=b'{"query": "{ plan { startYear } }"}',
            headers={"content-type": "Application/JSON; charset=utf-8"},
        )
        assert response.status_code == 200
        assert response.json() == {"data": {"plan": {"startYear": 2023}}}

    def test_graphiql_still_works(self, http: TestClient) -> None:
        page = http.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
        # GraphiQL's fetcher posts application/json, and the introspection it starts with
        # fits the limits
        from graphql import get_introspection_query

        body = post(http, get_introspection_query())
        assert "errors" not in body and body["data"]["__schema"]["queryType"]["name"] == "Query"

    @pytest.mark.parametrize(
        "body",
        [
            '{"query": "{ plan { title } }", "variables": {"a": ' + "[" * 10_000 + "]" * 10_000 + "}}",
            "[" * 10_000 + "]" * 10_000,
            '{"query": "{ plan { title } }", "variables": {"a": '
            + '{"b": ' * 5_000
            + "1"
            + "}" * 5_000
            + "}}",
            '{"query": "{ plan { title } }", "variables": {"a": ' + "[" * 40 + "]" * 40 + "}}",
        ],
    )
    def test_deeply_nested_json_is_400(self, http: TestClient, body: str) -> None:
        response = http.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert "nested more than 32 levels" in response.text

    def test_deeply_nested_variables_in_get_are_400(self, http: TestClient) -> None:
        variables = '{"a": ' + "[" * 5_000 + "]" * 5_000 + "}"
        response = http.get("/graphql", params={"query": "{ plan { title } }", "variables": variables})
        assert response.status_code == 400

    @pytest.mark.parametrize("body", [b"123", b'"x"', b"null", b"[1]", b"\xff\xfe{", b"{", b""])
    def test_json_that_is_not_a_request_is_400(self, http: TestClient, body: bytes) -> None:
        response = http.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400

    def test_json_depth_helpers(self) -> None:
        assert json_depth(1, 5) == 0
        assert json_depth({"a": [1, {"b": []}]}, 10) == 4
        assert load_json(b'{"query": "x"}', 4) == {"query": "x"}
        with pytest.raises(ValueError, match="nested more than 3"):
            load_json('{"a": [[[]]]}', 3)


# -- no state change through GET ----------------------------------------------------------


def test_mutations_are_refused_over_get(tmp_path: Path) -> None:
    platform = Platform(f"sqlite:///{tmp_path / 'qyx.sqlite3'}")
    try:
        client = TestClient(create_app(platform))
        token = platform.create_token(Role.ADMIN)
        mutation = (
            'mutation { reportObservations(input: [{indicator: "9", period: "2025", value: "2.95"}]) '
            "{ __typename } }"
        )
        headers = {"authorization": f"Bearer {token}"}
        version = platform.data_version()

        refused = client.get("/graphql", params={"query": mutation}, headers=headers)
        assert refused.status_code == 400
        assert "mutations are not allowed when using GET" in refused.text
        assert platform.data_version() == version

        # the same request through POST does change state (so the GET check can fail)
        body = post(client, mutation, headers=headers)
        assert body["data"]["reportObservations"]["__typename"] == "ReportAccepted"
        assert platform.data_version() > version
        # queries still work over GET
        assert client.get("/graphql", params={"query": "{ plan { startYear } }"}).json() == {
            "data": {"plan": {"startYear": 2023}}
        }
    finally:
        platform.close()


# -- masking ------------------------------------------------------------------------------


class TestMasking:
    def test_unexpected_exception_is_masked(self, http: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
        def broken(self: Readings, code: str) -> str | None:
            raise OperationalError(
                "SELECT secret FROM tokens WHERE code = ?", (code,), Exception("disk I/O error")
            )

        monkeypatch.setattr(Readings, "jurisdiction_name", broken)
        response = http.post("/graphql", json={"query": f'{{ jurisdiction(code: "{HOME}") {{ name }} }}'})
        assert response.status_code == 200
        assert messages(response.json()) == [UNEXPECTED_MESSAGE]
        for leak in (*LEAKS, "secret", "disk I/O"):
            assert leak not in response.text

    def test_plain_python_error_in_a_resolver_is_masked(
        self, http: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(self: Readings, code: str) -> list[tuple[str, str]]:
            raise KeyError("/srv/qyx/secret/path.py")

        monkeypatch.setattr(Readings, "children", broken)
        body = post(http, f'{{ jurisdiction(code: "{HOME}") {{ children {{ code }} }} }}')
        assert messages(body) == [UNEXPECTED_MESSAGE]
        assert "secret" not in json.dumps(body)

    def test_qyx_errors_stay_readable(self, http: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
        def missing(self: Readings, code: str) -> str | None:
            raise NotFoundError(f"no jurisdiction {code}; use a GB/T 2260 code")

        monkeypatch.setattr(Readings, "jurisdiction_name", missing)
        body = post(http, f'{{ jurisdiction(code: "{HOME}") {{ name }} }}')
        assert messages(body) == [f"no jurisdiction {HOME}; use a GB/T 2260 code"]

    def test_qyx_error_quoting_sql_is_masked(self, http: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
        """ReportingService raises QyxError(f"the database stayed busy … ({last_error})"),
        which quotes the statement: masked all the same."""
        from qyx_platform.errors import QyxError

        def busy(self: Readings, code: str) -> str | None:
            raise QyxError(
                "the database stayed busy; nothing was written "
                "((psycopg.errors.UniqueViolation) [SQL: INSERT INTO observations …])"
            )

        monkeypatch.setattr(Readings, "jurisdiction_name", busy)
        body = post(http, f'{{ jurisdiction(code: "{HOME}") {{ name }} }}')
        assert messages(body) == [UNEXPECTED_MESSAGE]

    def test_deliberate_graphql_errors_stay_readable(self, http: TestClient) -> None:
        body = post(http, '{ indicator(code: "1") { status(period: "2025Q9") { state } } }')
        assert messages(body) and "is not a period" in messages(body)[0]
        body = post(http, '{ problems(after: "garbage") { totalCount } }')
        assert any("invalid cursor" in m for m in messages(body))

    def test_validation_and_coercion_errors_stay_readable(self, http: TestClient) -> None:
        assert "Cannot query field 'plna' on type 'Query'" in messages(post(http, "{ plna { title } }"))[0]
        query = "mutation($i: [ObservationInput!]!) { reportObservations(input: $i) { __typename } }"
        body = post(http, query, {"i": [{"indicator": "9", "period": "2025", "value": ["abc"]}]})
        assert "a Decimal is a string" in messages(body)[0]
        # a value that is text but not a number reaches the one value reader: a typed rejection
        query = (
            "mutation($i: [ObservationInput!]!) { reportObservations(input: $i) { __typename "
            "... on ReportRejected { errors { field message } } } }"
        )
        body = post(http, query, {"i": [{"indicator": "9", "period": "2025", "value": "abc"}]})
        assert body["data"]["reportObservations"]["__typename"] in ("ReportRejected", "PermissionDenied")

    def test_mask_predicate(self) -> None:
        from graphql import GraphQLError

        assert not is_unexpected_error(GraphQLError("bad field"))
        assert not is_unexpected_error(GraphQLError("x", original_error=NotFoundError("x")))
        assert not is_unexpected_error(GraphQLError("x", path=["a"], original_error=GraphQLError("y")))
        assert is_unexpected_error(GraphQLError("x", path=["a"], original_error=ValueError("y")))
        assert not is_unexpected_error(GraphQLError("x", original_error=ValueError("bad input")))
        assert is_unexpected_error(GraphQLError("x", original_error=RuntimeError("y")))


# -- production mode ----------------------------------------------------------------------


class TestProduction:
    INTROSPECTION = ("{ __schema { types { name } } }", '{ __type(name: "Query") { name } }')

    def test_introspection_is_off(self, prod: TestClient, http: TestClient) -> None:
        for query in self.INTROSPECTION:
            body = post(prod, query)
            assert body["data"] is None
            assert any("introspection" in m.lower() for m in messages(body))
            assert "errors" not in post(http, query)  # development keeps it
        assert post(prod, "{ plan { __typename } }") == {"data": {"plan": {"__typename": "PlanDocument"}}}

    def test_no_suggestions(self, prod: TestClient, http: TestClient) -> None:
        cases = [
            ("{ plna { title } }", None),
            ('{ indicator(code: "1") { nmae } }', None),
            ('{ indicators(domian: "youyou") { code } }', None),
            (
                'query($g: Granularity!) { indicator(code: "1") '
                '{ timeline(under: "331100", granularity: $g) { series } } }',
                {"g": "MONTHS"},
            ),
        ]
        for query, variables in cases:
            dev = messages(post(http, query, variables))
            assert any("Did you mean" in m for m in dev), dev
            production = messages(post(prod, query, variables))
            assert production and not any("Did you mean" in m for m in production), production
        assert messages(post(prod, "{ plna { title } }")) == ["Cannot query field 'plna' on type 'Query'."]

    def test_no_graphiql_page(self, prod: TestClient) -> None:
        response = prod.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in response.text.lower()

    def test_env_turns_production_on(self, platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("QYX_ENV", "production")
        client = TestClient(create_app(platform))
        assert post(client, self.INTROSPECTION[0])["data"] is None
        monkeypatch.setenv("QYX_ENV", "development")
        assert "errors" not in post(TestClient(create_app(platform)), self.INTROSPECTION[0])

    def test_bad_env_value_is_a_configuration_error(self) -> None:
        with pytest.raises(ConfigurationError, match="QYX_ENV"):
            Settings.from_env({"QYX_ENV": "prod"})
        assert Settings.from_env({"QYX_ENV": "production"}).production
        assert not Settings.from_env({}).production


# -- statement timeouts -------------------------------------------------------------------


class TestSqliteTimeout:
    def test_long_statement_is_interrupted(self, tmp_path: Path) -> None:
        engine = make_engine(f"sqlite:///{tmp_path / 't.sqlite3'}")
        assert not set_sqlite_statement_timeout(engine, 0.3)  # make_engine installed it
        assert not set_sqlite_statement_timeout(engine, 0.3)  # only the limit changes
        started = time.monotonic()
        with engine.connect() as c, pytest.raises(OperationalError, match="interrupted"):
            c.execute(text(FOREVER)).scalar()
        assert time.monotonic() - started < 5
        # normal statements still run, and a commit long after the last statement began is
        # not interrupted
        with engine.begin() as c:
            c.execute(text("CREATE TABLE t (x INTEGER)"))
            c.execute(text("INSERT INTO t VALUES (1)"))
            time.sleep(0.5)
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM t")).scalar() == 1
        engine.dispose()

    def test_statements_within_the_limit_run(self, tmp_path: Path) -> None:
        engine = make_engine(f"sqlite:///{tmp_path / 't.sqlite3'}")
        with engine.connect() as c:
            value = c.execute(
                text(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3000000) "
                    "SELECT count(*) FROM c"
                )
            ).scalar()
        assert value == 3_000_000
        engine.dispose()

    def test_app_answers_a_timeout_readably(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        platform = Platform(f"sqlite:///{tmp_path / 'qyx.sqlite3'}")
        try:
            client = TestClient(create_app(platform, settings=Settings(sqlite_statement_timeout_s=0.3)))

            def slow(self: Readings, code: str) -> list[tuple[str, str]]:
                with platform.engine.connect() as c:
                    c.execute(text(FOREVER)).scalar()
                return []

            monkeypatch.setattr(Readings, "children", slow)
            started = time.monotonic()
            body = post(client, f'{{ jurisdiction(code: "{HOME}") {{ children {{ code }} }} }}')
            assert time.monotonic() - started < 10
            assert messages(body) == [TIMEOUT_MESSAGE]
            assert "WITH RECURSIVE" not in json.dumps(body)
        finally:
            platform.close()


@pytest.mark.postgres
class TestPostgresTimeout:
    def test_engine_sets_statement_timeout(self, pg_database: str) -> None:
        engine = make_engine(pg_database)
        with engine.connect() as c:
            assert c.execute(text("SHOW statement_timeout")).scalar() == f"{config.STATEMENT_TIMEOUT_S}s"
        engine.dispose()

    def test_long_statement_is_cancelled(self, pg_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(config, "STATEMENT_TIMEOUT_S", 1)
        engine = make_engine(pg_database)
        started = time.monotonic()
        with engine.connect() as c, pytest.raises(OperationalError, match="statement timeout"):
            c.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 4
        engine.dispose()

    def test_app_answers_a_timeout_readably(self, pg_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(config, "STATEMENT_TIMEOUT_S", 1)
        platform = Platform(pg_database)
        try:
            client = TestClient(create_app(platform))

            def slow(self: Readings, code: str) -> list[tuple[str, str]]:
                with platform.engine.connect() as c:
                    c.execute(text("SELECT pg_sleep(5)"))
                return []

            monkeypatch.setattr(Readings, "children", slow)
            body = post(client, f'{{ jurisdiction(code: "{HOME}") {{ children {{ code }} }} }}')
            assert messages(body) == [TIMEOUT_MESSAGE]
            assert "pg_sleep" not in json.dumps(body)
        finally:
            platform.close()
