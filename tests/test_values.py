"""Issue 11, items 1 and 2: one value reader for every entry point, values bounded by the plan,
and no read that fails on a stored value; on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import GraphQLClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from qyx_platform import Platform, Role
from qyx_platform.errors import ValidationError
from qyx_platform.i18n import use_language
from qyx_platform.model import ObservationInput, Period, Plan
from qyx_platform.services.auth import LOCAL_OPERATOR
from qyx_platform.services.importing import import_file
from qyx_platform.services.values import (
    MAX_DIGITS,
    BadValueError,
    indicator_bound,
    magnitude_bound,
    parse_value,
    task_target_bound,
    value_problem,
)
from qyx_platform.store.meta import bump_data_version
from qyx_platform.store.tables import CurrentValueRow, ObservationRow

#: database-backed properties: a failing example is reported as found (shrinking it would
#: re-run the database work hundreds of times)
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)

PLACES = "youyou.childcare_places_per_1000"  # 1: 个 per 1,000 people
SHARE = "youyou.affordable_childcare_place_share"  # 2: %
TRAINING = "xueyou.vocational_education_training"  # 5: 万人次
ALLOWANCE = "ruoyou.minimum_living_allowance_standard"  # 24: 元
REPORT = """mutation($input:[ObservationInput!]!){ reportObservations(input:$input){ __typename
  ... on ReportAccepted { observations { value } }
  ... on ReportRejected { errors { index field message } } } }"""
READS = """query($code:String!){ indicator(code:$code){
  status(period:"2025"){ state actual progress checkpoint pace forecastYearEnd forecastFinal }
  timeline(under:"331100", granularity:MONTH) { values } }
  scoreboard(year:2025){ domains { score } } }"""


def gql_report(client: GraphQLClient, token: str, indicator: str, value: object, period: str = "2025") -> Any:
    return client.data(
        REPORT, {"input": [{"indicator": indicator, "period": period, "value": value}]}, token
    )["reportObservations"]


# -- the reader ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("1,260", ALLOWANCE, "1260"),
        ("12,600.50", ALLOWANCE, "12600.50"),
        ("１２６００", ALLOWANCE, "12600"),
        ("１２，６００．５", ALLOWANCE, "12600.5"),
        ("13000元", ALLOWANCE, "13000"),
        ("62.5%", SHARE, "62.5"),
        ("８５％", SHARE, "85"),
        ("3.8万", TRAINING, "3.8"),
        ("3.8万人次", TRAINING, "3.8"),
        (" 3.20 ", PLACES, "3.20"),
        ("-0", PLACES, "0"),
        (".5", PLACES, "0.5"),
    ],
)
def test_the_documented_forms_are_read(
    text: str, code: str, expected: str, sqlite_platform: Platform
) -> None:
    value = parse_value(text, sqlite_platform.plan.indicator(code))
    assert str(value) == expected


@pytest.mark.parametrize(
    ("text", "code", "hint"),
    [
        ("1e5", ALLOWANCE, "exponents are not accepted"),
        ("1E+30", ALLOWANCE, "exponents are not accepted"),
        ("62.5%", ALLOWANCE, "not in percent: write 62.5 without %"),
        ("3.8万", ALLOWANCE, "not in 万 (ten thousand): write 38000"),
        ("1,5", ALLOWANCE, "commas may only group thousands"),
        ("13000美元", ALLOWANCE, "write the number alone"),
        ("abc", PLACES, "is not a number: write digits"),
        ("NaN", PLACES, "is not a number"),
        ("١", PLACES, "is not a number"),
        ("²", PLACES, "is not a number"),
        ("4.1234567", PLACES, "round it to at most 6"),
        ("1234567890123456789012345678901234567", ALLOWANCE, "digits"),
        ("", PLACES, "empty"),
    ],
)
def test_refusals_say_how_to_write_the_value(
    text: str, code: str, hint: str, sqlite_platform: Platform
) -> None:
    with pytest.raises(BadValueError, match=hint.replace("(", r"\(").replace(")", r"\)")):
        parse_value(text, sqlite_platform.plan.indicator(code))


def test_floats_and_odd_types_are_refused() -> None:
    for raw in (3.2, True, [1], None):
        with pytest.raises(BadValueError):
            parse_value(raw)
    assert parse_value(Decimal("1E+3")) == Decimal(1000) and str(parse_value(Decimal("1E+3"))) == "1000"


def test_bounds_come_from_the_plan(sqlite_platform: Platform) -> None:
    plan = sqlite_platform.plan
    allowance = indicator_bound(plan.indicator(ALLOWANCE))
    largest = max(t.expression.value for t in plan.indicator(ALLOWANCE).targets if t.expression.value)
    assert allowance.high == largest * 10 and allowance.low == 0
    share = indicator_bound(plan.indicator(SHARE))
    assert (share.low, share.high) == (Decimal(0), Decimal(100))
    problem = value_problem(Decimal("1000000000000000000"), plan.indicator(ALLOWANCE))
    assert problem and f"{largest * 10:f}".rstrip("0").rstrip(".") in problem
    assert plan.indicator(ALLOWANCE).unit_label() in problem  # the unit in the user's language
    hint = value_problem(Decimal("0.75"), plan.indicator(SHARE))
    assert hint and "did you mean 75 %?" in hint
    # every plan value lies inside its own bound and fits the stored column
    for indicator in plan.indicators:
        for target in indicator.targets:
            v = target.expression.value
            if v is not None:
                assert indicator_bound(indicator).problem(v, indicator.unit) is None, (indicator.code, v)
                assert len(str(v)) <= 40
    for task in plan.tasks:
        for t in task.targets:
            if t.value is not None:
                assert task_target_bound(t).problem(t.value, t.unit or "") is None
                assert len(str(t.value)) <= 40
    assert magnitude_bound([Decimal(-5), Decimal(3)]).low == Decimal(-50)


def test_a_bound_speaks_the_language_of_the_moment(sqlite_platform: Platform) -> None:
    """One bound serves every language: its basis is translated when a message shows it."""
    allowance = sqlite_platform.plan.indicator(ALLOWANCE)
    with use_language("en"):
        english = value_problem(Decimal(-1), allowance)
    with use_language("zh_CN"):
        chinese = value_problem(Decimal(-1), allowance)
    assert english and "declared for the indicator" in english  # the allowance declares min = 0
    assert chinese and "指标声明的范围" in chinese and "declared" not in chinese


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_an_accepted_value_fits_every_column(value: Decimal) -> None:
    try:
        parsed = parse_value(str(value))
    except BadValueError:
        return
    text = str(parsed)
    assert len(text) <= 1 + MAX_DIGITS + 1 <= 40 and "E" not in text
    assert parsed == value


# -- every entry point alike --------------------------------------------------------------


def _csv(tmp_path: Path, code: str, value: str, period: str) -> Path:
    path = tmp_path / f"v{abs(hash((code, value, period)))}.csv"
    path.write_text(f'indicator,period,value\n{code},{period},"{value}"\n', encoding="utf-8")
    return path


def _xlsx(tmp_path: Path, code: str, value: object, period: str) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value"])
    sheet.append([code, period, value])
    path = tmp_path / f"v{abs(hash((code, str(value), period)))}.xlsx"
    book.save(path)
    return path


def _accepted(fn: Any) -> bool:
    try:
        fn()
    except ValidationError:
        return False
    return True


CASES = [
    ("37 digits", ALLOWANCE, "1234567890123456789012345678901234567", False),
    ("1e30 元", ALLOWANCE, "1e30", False),
    ("1e5", ALLOWANCE, "1e5", False),
    ("a fraction for a percentage", SHARE, "0.75", False),
    ("3.2%", SHARE, "3.2%", True),
    ("1,260", ALLOWANCE, "12,600", True),
    ("full-width", ALLOWANCE, "１３０００", True),
    ("3.8万", TRAINING, "0.2万", True),
    ("13000元", ALLOWANCE, "13500元", True),
]


@pytest.mark.parametrize(("name", "code", "text", "ok"), CASES, ids=[c[0] for c in CASES])
def test_graphql_csv_xlsx_and_python_agree(
    client: GraphQLClient, tmp_path: Path, name: str, code: str, text: str, ok: bool
) -> None:
    platform = client.platform
    admin = client.token(Role.ADMIN, None)
    periods = iter(["2023", "2024", "2025", "2026"])
    outcomes = {
        "graphql": gql_report(client, admin, code, text, next(periods))["__typename"] == "ReportAccepted",
        "csv": _accepted(
            lambda: import_file(platform, _csv(tmp_path, code, text, "2023-06"), LOCAL_OPERATOR)
        ),
        "xlsx": _accepted(
            lambda: import_file(platform, _xlsx(tmp_path, code, text, "2024-06"), LOCAL_OPERATOR)
        ),
        "python": _accepted(
            lambda: platform.report([ObservationInput(code, "2025-06", text)], actor=LOCAL_OPERATOR)
        ),
    }
    assert outcomes == dict.fromkeys(outcomes, ok), name
    assert "errors" not in client.post(READS, {"code": code})


def test_a_refusal_names_the_row_and_the_bound(client: GraphQLClient) -> None:
    admin = client.token(Role.ADMIN, None)
    rows = [
        {"indicator": ALLOWANCE, "period": "2024", "value": "13000"},
        {"indicator": ALLOWANCE, "period": "2025", "value": "1000000000"},
        {"indicator": SHARE, "period": "2025", "value": "0.75"},
    ]
    result = client.data(REPORT, {"input": rows}, admin)["reportObservations"]
    assert result["__typename"] == "ReportRejected"
    errors = {e["index"]: e for e in result["errors"]}
    assert set(errors) == {1, 2}
    assert errors[1]["field"] == "value" and "140000 yuan per person per year" in errors[1]["message"]
    assert "did you mean 75 %?" in errors[2]["message"]


@settings(
    max_examples=15,
    deadline=None,
    phases=NO_SHRINK,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        st.decimals(min_value=0, max_value=60, places=3).map(str),
        st.from_regex(r"-?[0-9]{1,45}(\.[0-9]{0,12})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
    )
)
def test_arbitrary_decimal_strings_never_break_a_read(
    client: GraphQLClient, tmp_path: Path, text: str
) -> None:
    """Through every entry point; then every read of the indicator answers without error."""
    platform = client.platform
    admin = client.token(Role.ADMIN, None)
    gql_report(client, admin, PLACES, text, "2025")
    _accepted(lambda: import_file(platform, _csv(tmp_path, PLACES, text, "2025-03"), LOCAL_OPERATOR))
    _accepted(lambda: import_file(platform, _xlsx(tmp_path, PLACES, text, "2025-06"), LOCAL_OPERATOR))
    _accepted(lambda: platform.report([ObservationInput(PLACES, "2025Q3", text)], actor=LOCAL_OPERATOR))
    body = client.post(READS, {"code": PLACES})
    assert "errors" not in body, body
    history = client.post('{ observations(indicator:"1", first: 100){ edges { node { value } } } }')
    assert "errors" not in history


@settings(
    max_examples=10,
    deadline=None,
    phases=NO_SHRINK,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.from_regex(r"-?[0-9]{1,39}(\.[0-9]{0,10})?", fullmatch=True).filter(lambda t: len(t) <= 40))
def test_values_stored_by_an_older_version_never_break_a_read(client: GraphQLClient, text: str) -> None:
    """A database written before the bounds may hold any decimal text of its column: reads
    still answer."""
    platform = client.platform
    with platform.sessions() as session:
        known = session.get(CurrentValueRow, (ALLOWANCE, "331126", "", Period.parse("2025").sort_key))
    if known is None:
        platform.report([ObservationInput(ALLOWANCE, "2025", "13000")], actor=LOCAL_OPERATOR)
    with platform.sessions.begin() as session:
        head = session.get(CurrentValueRow, (ALLOWANCE, "331126", "", Period.parse("2025").sort_key))
        assert head is not None
        revision = head.latest_revision + 1
        session.add(
            ObservationRow(
                indicator_code=ALLOWANCE, jurisdiction_code="331126", period="2025",
                period_sort=head.period_sort, granularity=head.granularity, year=2025, series="",
                revision=revision, value=text, approved=True, reported_by="an older version",
                reported_at=datetime.now(UTC), source="api",
            )
        )  # fmt: skip
        head.value, head.revision, head.latest_revision = text, revision, revision
        bump_data_version(session)  # as the older version's write did
    body = client.post(READS, {"code": ALLOWANCE})
    assert "errors" not in body, body


@pytest.mark.postgres
@settings(
    max_examples=3,
    deadline=None,
    phases=NO_SHRINK,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    texts=st.lists(
        st.one_of(
            st.decimals(allow_nan=False, allow_infinity=False).map(str),
            st.from_regex(r"-?[0-9]{1,45}(\.[0-9]{0,12})?", fullmatch=True),
            st.text(max_size=60),
        ),
        min_size=5,
        max_size=12,
    )
)
def test_a_backup_of_what_sqlite_accepted_restores_into_postgresql(
    tmp_path_factory: pytest.TempPathFactory, pg_database: str, texts: list[str]
) -> None:
    from conftest import _reset_pg as reset_pg

    from qyx_platform.services.backup import backup, restore
    from qyx_platform.store import make_engine, migrate

    folder = tmp_path_factory.mktemp("backup")
    source = Platform(f"sqlite:///{folder / 'source.sqlite3'}")
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    for text, month in zip(texts, months, strict=False):
        for code in (PLACES, ALLOWANCE, SHARE):
            row = ObservationInput(code, month, text, note=text)
            _accepted(lambda row=row: source.report([row], actor=LOCAL_OPERATOR))  # type: ignore[misc]
    file = folder / "backup.jsonl.gz"
    rows = backup(source.engine, file)
    source.close()
    reset_pg(pg_database)
    target = make_engine(pg_database)
    try:
        migrate(target)
        assert restore(target, file) == rows
    finally:
        target.dispose()


# -- properties of the one reader -----------------------------------------------------------

PLAIN_DECIMALS = st.decimals(
    min_value=Decimal("-999999999999"), max_value=Decimal("999999999999"), places=3, allow_nan=False
)
_FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def _grouped(value: Decimal) -> str:
    return f"{value:,f}"


@settings(max_examples=200, deadline=None)
@given(value=PLAIN_DECIMALS)
def test_every_written_form_of_a_number_reads_the_same(value: Decimal) -> None:
    plan = _plan()
    allowance, share, training = (plan.indicator(c) for c in (ALLOWANCE, SHARE, TRAINING))
    plain = f"{value:f}"
    assert parse_value(plain, allowance) == value
    assert parse_value(_grouped(value), allowance) == value
    assert parse_value(plain.translate(_FULL_WIDTH), allowance) == value
    assert parse_value(_grouped(value).translate(_FULL_WIDTH), allowance) == value
    assert parse_value(f"{plain}元", allowance) == value
    assert parse_value(f"{plain}%", share) == value
    assert parse_value(f"{plain}万人次", training) == parse_value(f"{plain}万", training) == value
    for refused in (f"{plain}e3", f"{plain}E-2", f"{plain}%"):
        with pytest.raises(BadValueError):
            parse_value(refused, allowance)


@functools.cache
def _plan() -> Plan:
    """The installed plan, loaded once (no database)."""
    from qyx_platform.platform import load_plan

    return load_plan()


@settings(max_examples=500)
@given(
    st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{0,8})?", fullmatch=True)
    | st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str)
)
def test_the_short_path_reads_as_the_general_one(text: str) -> None:
    """A plain number read by the quick path of a large import is exactly what the general
    path makes of it (stored form, digit limits), or refused the same way."""
    from qyx_platform.services.values import _finish

    try:
        general: Decimal | str = _finish(Decimal(text))
    except BadValueError as exc:
        general = str(exc)
    try:
        quick: Decimal | str = parse_value(text)
    except BadValueError as exc:
        quick = str(exc)
    assert quick == general and str(quick) == str(general), text
