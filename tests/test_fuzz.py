"""Bad input never gives a 500 nor leaks internals: operations generated from the live schema
(queries and mutations, valid and invalid, with and without tokens) and raw HTTP garbage,
posted through the ASGI app."""

from __future__ import annotations

import base64
import json
import logging
import string
from collections.abc import Iterator
from typing import Any

import graphql
import httpx
import pytest
from graphql import GraphQLError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema
from starlette.testclient import TestClient

from qyx_platform import Platform, Role
from qyx_platform.errors import QyxError
from qyx_platform.graphql.schema import build_schema
from qyx_platform.web.app import create_app

#: text that must never reach a client
LEAKS = (
    "Traceback",
    "sqlalchemy",
    "sqlalche.me",
    "[SQL:",
    'File "',
    "psycopg",
    "sqlite3.",
    "OperationalError",
    "IntegrityError",
    "Python int too large",
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
FEW = settings(FUZZ, max_examples=60)
Scalars = dict[str, st.SearchStrategy[graphql.ValueNode]]


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """One SQLite platform for the module; the fuzzed mutations write to it."""
    p = Platform(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'qyx.sqlite3'}")
    yield p
    p.close()


@pytest.fixture
def platform_any(db_url: str) -> Iterator[Platform]:
    """A fresh platform on SQLite or PostgreSQL (conftest's ``db_url``): conftest's own
    ``platform`` fixture is hidden here by this module's module-scoped one."""
    p = Platform(db_url)
    yield p
    p.close()


@pytest.fixture(scope="module")
def client(platform: Platform) -> TestClient:
    """The app in development mode (suggestions and introspection on: the wider surface)."""
    return TestClient(create_app(platform, production=False), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def custom_scalars(platform: Platform) -> Scalars:
    """See :func:`scalars`."""
    return scalars(platform)


BAD_TOKEN = "not-a-token"


@pytest.fixture(scope="module")
def tokens(platform: Platform) -> list[str | None]:
    """No token, a bad token, and tokens of each role."""
    return [
        None,
        BAD_TOKEN,
        platform.create_token(Role.ADMIN),
        platform.create_token(Role.SUPERVISOR),
        platform.create_token(Role.REPORTER, "县卫生健康局"),
        platform.create_token(Role.VIEWER),
    ]


@pytest.fixture(scope="module")
def sdl(platform: Platform) -> str:
    """The live schema as SDL."""
    return build_schema(platform.catalogue).as_str()


def string_node(values: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.StringValueNode]:
    return values.map(lambda v: graphql.StringValueNode(value=v))


#: plausible and implausible values of our custom scalars
VALID_DECIMALS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.decimals(min_value=0, max_value=1000, places=2).map(str),
)
DECIMALS = st.one_of(
    VALID_DECIMALS,
    VALID_DECIMALS,
    VALID_DECIMALS,
    st.sampled_from(
        ["NaN", "Infinity", "-Infinity", "1e999999", "-0", "85%", "１２,６００", "", " ", "1,2,3", "0x10"]
    ),
    st.text(max_size=12),
)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2025-02-30", "0000-00-00", "9999-12-31", "2025-13-01", "", "tomorrow"]),
    st.text(max_size=12),
)
DATETIMES = st.one_of(st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=20))
PERIODS = st.one_of(
    st.sampled_from(
        ["2022", "2025", "2027", "2025Q3", "2025-07", "2026Q1", "2030", "2025Q0", "2025-13", "1999"]
    ),
    st.integers(2020, 2030).map(str),
)
INTS = st.one_of(
    st.integers(2020, 2030),
    st.integers(-5, 120),
    st.sampled_from([2**31 - 1, -(2**31), 0, 101, 100, 1]),
)


def scalars(platform: Platform, *, nul: bool = True) -> Scalars:
    """Value strategies per scalar: strings mix the plan's own codes and names (so that
    operations reach the services) with periods, GB/T 2260 codes and random text.

    IDs include huge and negative numbers; ``nul=False`` keeps NUL out of strings."""
    plan = platform.plan
    known = sorted(
        {i.code for i in plan.indicators}
        | {str(i.plan_number) for i in plan.indicators}
        | {d.code for d in plan.domains}
        | {d.name for d in plan.departments}
        | {s.key for i in plan.indicators for s in i.series}
        | {"331126", "331100", "330000", "110000", "331199", "33", "", "0"}
    )
    alphabet = st.characters(codec="utf-8", exclude_characters=None if nul else "\x00")
    strings = st.one_of(st.sampled_from(known), PERIODS, st.text(alphabet, max_size=30))
    return {
        "String": string_node(strings),
        "ID": string_node(
            st.one_of(
                st.integers(-1, 50).map(str),
                st.integers(-(2**70), 2**70).map(str),
                st.text(alphabet, max_size=8),
            )
        ),
        "Int": INTS.map(lambda n: graphql.IntValueNode(value=str(n))),
        "Decimal": string_node(DECIMALS),
        "Date": string_node(DATES),
        "DateTime": string_node(DATETIMES),
    }


def check(response: httpx.Response, sent: str = "") -> None:
    """Never a 5xx, never a leak, and every error is a readable message. A leak word the
    client itself sent (``sent``, echoed back in a refusal) is not the server's leak."""
    assert response.status_code < 500, (response.status_code, response.text[:2000])
    for leak in LEAKS:
        if leak not in sent:
            assert leak not in response.text, response.text[:2000]
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        for error in body.get("errors") or []:
            assert isinstance(error.get("message"), str) and error["message"]
            assert "\n  File " not in error["message"]


class ResolverFailures(logging.Handler):
    """Collects, from strawberry's error log, the errors a resolver raised by accident: an
    exception that is neither a QyxError nor a GraphQLError, while resolving a field. This
    sees the server's side, whatever the response says (masked or not)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.msg
        original = record.exc_info[1] if record.exc_info else None
        if (
            isinstance(error, GraphQLError)
            and error.path is not None
            and original is not None
            and not isinstance(original, QyxError | GraphQLError)
        ):
            self.failures.append(f"{error.path}: {type(original).__name__}: {original}"[:500])


@pytest.fixture(scope="module")
def failures() -> Iterator[ResolverFailures]:
    """Resolver failures, recorded while the module's tests run."""
    handler = ResolverFailures()
    logger = logging.getLogger("strawberry.execution")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def assert_no_resolver_failure(failures: ResolverFailures, operation: str, response: httpx.Response) -> None:
    """No resolver raised by accident, and the client saw no "Unexpected error."."""
    found, failures.failures[:] = list(failures.failures), []
    assert not found, (operation, found)
    errors = response.json().get("errors") or []
    assert not [e for e in errors if e["message"] == "Unexpected error."], (operation, errors)


def post_operation(client: TestClient, query: str, token: str | None) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json={"query": query}, headers=headers)


# -- operations from the schema -----------------------------------------------------------


def test_generated_operations(
    client: TestClient,
    sdl: str,
    tokens: list[str | None],
    custom_scalars: Scalars,
    failures: ResolverFailures,
) -> None:
    """Valid queries and mutations of every root field, posted with every kind of token:
    answered 200, with data or readable errors, never an unexpected error."""

    @FUZZ
    @given(operation=from_schema(sdl, custom_scalars=custom_scalars), token=st.sampled_from(tokens))
    def run(operation: str, token: str | None) -> None:
        response = post_operation(client, operation, token)
        check(response)
        if token == BAD_TOKEN:  # RFC 6750: a bad token is refused before GraphQL runs
            assert response.status_code == 401, response.text[:2000]
            assert 'error="invalid_token"' in response.headers["www-authenticate"]
            return
        assert response.status_code == 200, response.text[:2000]
        assert_no_resolver_failure(failures, operation, response)

    run()


def test_generated_mutations(
    client: TestClient,
    sdl: str,
    tokens: list[str | None],
    custom_scalars: Scalars,
    failures: ResolverFailures,
) -> None:
    """Mutations only, with writing tokens (so they reach the services)."""
    from hypothesis_graphql import mutations

    @FEW
    @given(operation=mutations(sdl, custom_scalars=custom_scalars), token=st.sampled_from(tokens[2:5]))
    def run(operation: str, token: str | None) -> None:
        response = post_operation(client, operation, token)
        check(response)
        assert response.status_code == 200
        assert_no_resolver_failure(failures, operation, response)

    run()


def test_invalid_operations(
    client: TestClient, sdl: str, tokens: list[str | None], custom_scalars: Scalars
) -> None:
    """Operations with one schema violation (wrong argument type, missing argument, unknown
    enum value …): readable validation errors, never a 500."""

    @FUZZ
    @given(
        operation=from_schema(sdl, custom_scalars=custom_scalars, mode=Mode.NEGATIVE),
        token=st.sampled_from(tokens),
    )
    def run(operation: str, token: str | None) -> None:
        response = post_operation(client, operation, token)
        check(response)
        assert response.status_code in ((401,) if token == BAD_TOKEN else (200, 400))
        if response.status_code == 200:
            assert response.json().get("errors"), operation

    run()


# -- raw HTTP -----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)
QUERY_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=string.ascii_letters + "{}()[]:$@!.,=\"' \n#", max_size=300),
    st.sampled_from(
        [
            "{ plan { title } }",
            "{ __schema { types { name } } }",
            'query Q($c: String!) { indicator(code: $c) { status(period: "2025") { state } } }',
            "mutation { reportObservations(input: []) { __typename } }",
            "subscription { x }",
            "{ plan { ...F } } fragment F on PlanDocument { ...F }",
            "query A { plan { title } } query B { plan { title } }",
        ]
    ),
)
REQUEST_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "query": QUERY_TEXT | JSON,
        "variables": JSON,
        "operationName": st.text(max_size=10) | JSON,
        "extensions": JSON,
    },
)


@FUZZ
@given(body=st.binary(max_size=2048))
def test_random_bytes(client: TestClient, body: bytes) -> None:
    """Random bytes posted as JSON: 400, never a 500."""
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    check(response)


@FUZZ
@given(body=JSON)
def test_random_json(client: TestClient, body: Any) -> None:
    """Any JSON value as the body."""
    check(client.post("/graphql", content=json.dumps(body), headers={"content-type": "application/json"}))


@FUZZ
@given(body=REQUEST_BODIES)
def test_random_requests(client: TestClient, body: dict[str, Any]) -> None:
    """Request-shaped JSON with random queries, variables, operation names and extensions
    (Python's json writes and reads Infinity and NaN too)."""
    check(client.post("/graphql", content=json.dumps(body), headers={"content-type": "application/json"}))


@FEW
@given(
    params=REQUEST_BODIES.map(lambda b: {k: v if isinstance(v, str) else json.dumps(v) for k, v in b.items()})
)
def test_random_get_requests(client: TestClient, params: dict[str, str]) -> None:
    """The same through GET query parameters."""
    check(client.get("/graphql", params=params))


@FEW
@given(
    content_type=st.one_of(
        st.text(alphabet=string.printable.replace("\r", "").replace("\n", ""), max_size=60),
        st.sampled_from(
            ["application/json", "application/graphql", "multipart/form-data", "text/plain"]
        ).flatmap(
            lambda t: st.text(alphabet=string.ascii_letters + "=;- ", max_size=30).map(lambda p: f"{t};{p}")
        ),
    ),
    body=st.binary(max_size=256) | st.just(b'{"query": "{ plan { title } }"}'),
)
def test_random_content_types(client: TestClient, content_type: str, body: bytes) -> None:
    """Any content type: 415 unless it is JSON; never a 500."""
    response = client.post("/graphql", content=body, headers={"content-type": content_type})
    check(response, sent=content_type)
    if content_type.split(";")[0].strip().lower() != "application/json":
        assert response.status_code == 415


@FEW
@given(depth=st.integers(min_value=1, max_value=20_000), opener=st.sampled_from(["[", '{"a":']))
def test_nested_json(client: TestClient, depth: int, opener: str) -> None:
    """Nested JSON of any depth as variables: 200 up to the limit, 400 beyond; never a 500."""
    closer = "]" if opener == "[" else "}"
    variables = '{"v": ' + opener * depth + ("" if opener == "[" else "1") + closer * depth + "}"
    body = '{"query": "{ plan { startYear } }", "variables": ' + variables + "}"
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    check(response)
    assert response.status_code == (200 if depth + 2 <= 32 else 400)


def test_huge_bodies(client: TestClient) -> None:
    """Big but valid requests: over 1 MiB is 413; a query near the limit is refused by the
    token limit, readably."""
    query = "{ " + " ".join(f"a{i}: plan {{ title }}" for i in range(60_000)) + " }"
    response = client.post("/graphql", json={"query": query})
    check(response)
    assert response.status_code == 413
    query = "{ plan { " + "title " * 100_000 + "} }"
    response = client.post("/graphql", json={"query": query})
    check(response)
    assert response.status_code == 200
    assert "more than 2000 tokens" in response.json()["errors"][0]["message"]


# -- PostgreSQL ---------------------------------------------------------------------------


@pytest.mark.postgres
def test_generated_operations_on_postgres(pg_database: str, failures: ResolverFailures) -> None:
    """A shorter run of generated operations on PostgreSQL, whose text type refuses NUL
    bytes and whose numeric type has its own limits."""
    platform = Platform(pg_database)
    try:
        client = TestClient(create_app(platform), raise_server_exceptions=False)
        sdl = build_schema(platform.catalogue).as_str()
        token = platform.create_token(Role.ADMIN)

        @settings(FUZZ, max_examples=60)
        @given(
            operation=from_schema(sdl, custom_scalars=scalars(platform)),
            token=st.sampled_from([None, token]),
        )
        def run(operation: str, token: str | None) -> None:
            response = post_operation(client, operation, token)
            check(response)
            assert response.status_code == 200
            assert_no_resolver_failure(failures, operation, response)

        run()
    finally:
        platform.close()


# -- inputs the services once let through to the database ------------------------------

HUGE = str(2**63)
#: a cursor whose row id does not fit a 64-bit integer
HUGE_CURSOR = {
    kind: base64.urlsafe_b64encode(f"{kind}:{HUGE}".encode()).decode()
    for kind in ("revision", "problem", "audit")
}
PROBLEM = "mutation($i: ProblemInput!) { raiseProblem(input: $i) { __typename } }"
REPORT = "mutation($i: [ObservationInput!]!) { reportObservations(input: $i) { __typename } }"


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        (f'mutation {{ approveObservation(id: "{HUGE}") {{ __typename }} }}', None, "NotFound"),
        (f'mutation {{ startRectifying(id: "{HUGE}") {{ __typename }} }}', None, "NotFound"),
        (f'mutation {{ closeProblem(id: "{HUGE}", evidence: "x") {{ __typename }} }}', None, "NotFound"),
        ('mutation { approveObservation(id: "3000000000") { __typename } }', None, "NotFound"),
        (
            f'{{ observations(indicator: "9", after: "{HUGE_CURSOR["revision"]}") {{ totalCount }} }}',
            None,
            "invalid cursor",
        ),
        (f'{{ problems(after: "{HUGE_CURSOR["problem"]}") {{ totalCount }} }}', None, "invalid cursor"),
        (f'{{ auditLog(after: "{HUGE_CURSOR["audit"]}") {{ totalCount }} }}', None, "invalid cursor"),
        (
            PROBLEM,
            {"i": {"title": "a\x00b", "department": "县卫生健康局", "dueDate": "2026-01-01"}},
            "NUL",
        ),
        (
            REPORT,
            {"i": [{"indicator": "9", "period": "2025", "value": "2.5", "note": "x\x00y"}]},
            "NUL",
        ),
        (
            '{ indicator(code: "9") { timeline(under: "\\u0000", granularity: YEAR) { values } } }',
            None,
            "NUL",
        ),
        ("{ scoreboard(year: 2147483647) { year } }", None, "outside the plan"),
    ],
)
def test_bad_ids_cursors_and_nul_are_refused_readably(
    platform_any: Platform,
    failures: ResolverFailures,
    query: str,
    variables: dict[str, Any] | None,
    expected: str,
) -> None:
    """Out-of-range ids, overflowing cursors and NUL bytes get a typed NotFound or a readable
    message, never a database error (found by the fuzz run)."""
    client = TestClient(create_app(platform_any), raise_server_exceptions=False)
    token = platform_any.create_token(Role.ADMIN)
    failures.failures.clear()
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"authorization": f"Bearer {token}"},
    )
    check(response)
    assert_no_resolver_failure(failures, query, response)
    assert expected in response.text, response.text[:500]
