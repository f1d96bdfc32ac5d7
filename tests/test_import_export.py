"""``qyx import`` / ``qyx export``: CSV, TSV and XLSX files, encodings, headers, all-or-nothing
imports with errors by file line and column, progress output, and export → import round trips.

Test data is generated here. Only the 幼有善育 plugin is loaded (``QYX_PLUGINS=youyou``;
the thousands-separator test adds 劳有所得 for a count indicator without an upper bound).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, text

from qyx_platform.cli import main
from qyx_platform.cli.files import ImportProgress, _show_progress
from qyx_platform.errors import RowError
from qyx_platform.model import ObservationInput
from qyx_platform.platform import Platform, load_plan
from qyx_platform.services.auth import LOCAL_OPERATOR, Role
from qyx_platform.tabular import (
    HEADER_ALIASES,
    FileValidationError,
    TabularError,
    excel_number,
    format_line_error,
    match_headers,
    normalise_header,
    normalise_period_text,
)
from qyx_platform.tabular.cells import number_format_info
from qyx_platform.tabular.read import decode_text

PLACES = "youyou.childcare_places_per_1000"  # plan number 1, places per 1,000 people (< 50)
SHARE = "youyou.affordable_childcare_place_share"  # plan number 2, % (≤ 100)
SCREENING = "youyou.child_development_screening_rate"  # plan number 3, % (≤ 100)
ALLOWANCE = "ruoyou.minimum_living_allowance_standard"
TRAINING = "laoyoudeyou.vocational_skills_training_cumulative"  # plan number 11, 万人次
HOME = "331126"
ZH = "指标,期间,数值,地区,分组,备注"
EN = "indicator,period,value,jurisdiction,series,note"
#: an export's headers: the indicator's name and unit beside its code (ignored on import)
ZH_EXPORT = "指标,指标名称,单位,期间,数值,地区,分组,备注"
EN_EXPORT = "indicator,indicator name,unit,period,value,jurisdiction,series,note"
PLAN = load_plan()


def named(row: list[str], lang: str = "zh") -> list[str]:
    """An export row: the plan's name and unit of the row's indicator after its code."""
    indicator = PLAN.indicator(row[0])
    if lang == "en":
        return [row[0], indicator.english_name, indicator.english_unit, *row[1:]]
    return [row[0], indicator.name, indicator.unit, *row[1:]]


BIG = 100_000


# -- helpers ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _youyou_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QYX_PLUGINS", "youyou")
    monkeypatch.delenv("QYX_TOKEN", raising=False)
    monkeypatch.delenv("QYX_REQUIRE_APPROVAL", raising=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The URL of a fresh database (created and synced)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    Platform(url).close()
    return url


def qyx(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``qyx`` in-process; return (exit status, stdout, stderr)."""
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sql(url: str, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(query))]
    finally:
        engine.dispose()


def count_observations(url: str) -> int:
    return int(str(sql(url, "SELECT count(*) FROM observations")[0][0]))


def current(url: str) -> dict[tuple[str, str, str, str], str]:
    """(indicator, jurisdiction, period, series) → current value text."""
    rows = sql(
        url,
        "SELECT indicator_code, jurisdiction_code, period, series, value FROM current_values "
        "WHERE value IS NOT NULL",
    )
    return {(str(i), str(j), str(p), str(s)): str(v) for i, j, p, s, v in rows}


def notes(url: str) -> dict[tuple[str, str, str], str | None]:
    rows = sql(url, "SELECT indicator_code, jurisdiction_code, period, note FROM observations")
    return {(str(i), str(j), str(p)): (None if n is None else str(n)) for i, j, p, n in rows}


def counties() -> Iterator[str]:
    """County-level codes of the home province: 330101 … 331199."""
    for city in range(1, 12):
        for county in range(1, 100):
            yield f"33{city:02d}{county:02d}"


def synthetic_lines(n: int) -> list[str]:
    """``n`` distinct valid CSV data lines: youyou indicators × counties × months 2022-01..2027-12."""
    lines: list[str] = []
    months = [f"{y}-{m:02d}" for y in range(2022, 2028) for m in range(1, 13)]
    values = {PLACES: "3.20", SHARE: "85%", SCREENING: "９６.５"}
    for jurisdiction in counties():
        for indicator, value in values.items():
            for month in months:
                lines.append(f"{indicator},{month},{value},{jurisdiction},,")
                if len(lines) == n:
                    return lines
    raise AssertionError("not enough synthetic keys")


# -- reading: headers, encodings, number forms ---------------------------------------------


def test_chinese_headers_utf8_bom_full_width_and_percent(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        f"{ZH}\n"
        f"{PLACES},2025年7月,３.２０,331126,,托育机构上报\n"
        f"2,2025,85%,,,\n"  # plan number; no jurisdiction → home county
        f"3,2024年第4季度,９６．５％,331102,,\n"
    )
    path = tmp_path / "values.csv"
    path.write_bytes(body.encode("utf-8-sig"))
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0, err
    assert "imported 3 row(s)" in err and "3 new, 0 revised, 0 unchanged" in err
    assert current(db) == {
        (PLACES, HOME, "2025-07", ""): "3.20",
        (SHARE, HOME, "2025", ""): "85",
        (SCREENING, "331102", "2024Q4", ""): "96.5",
    }
    assert notes(db)[(PLACES, HOME, "2025-07")] == "托育机构上报"
    assert sql(db, "SELECT DISTINCT source FROM observations") == [("import",)]


def test_english_headers_any_case_full_width_and_units(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # plain UTF-8 without BOM; headers in odd case, full-width letters, a unit bracket
    body = f"ＩＮＤＩＣＡＴＯＲ, Period ,Value (%),Jurisdiction_Code,Notes\r\n{SHARE},2026,72.50,331101,\r\n"
    path = tmp_path / "english.csv"
    path.write_text(body, encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0, err
    assert current(db) == {(SHARE, "331101", "2026", ""): "72.50"}


def test_tsv_and_aliases_and_informational_columns(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "指标代码\t指标名称\t年份\t值\t行政区划代码\t单位\n1\t每千人口托位数\t2023\t2.95\t331126\t个\n"
    path = tmp_path / "values.tsv"
    path.write_text(body, encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0, err
    assert current(db) == {(PLACES, HOME, "2023", ""): "2.95"}


def test_row_counter_column_is_not_the_plan_number(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 序号 counts rows in most templates; the 指标 column says which indicator
    body = f"序号,指标,期间,数值\n3,{PLACES},2025,3.2\n1,{SHARE},2025,70\n"
    path = tmp_path / "counter.csv"
    path.write_text(body, encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0, err
    assert set(current(db)) == {(PLACES, HOME, "2025", ""), (SHARE, HOME, "2025", "")}


def test_gbk_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = f"{ZH}\n{PLACES},2025-07,3.10,331126,,县卫生健康局核定\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(body.encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the file really is not UTF-8
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0, err
    assert current(db) == {(PLACES, HOME, "2025-07", ""): "3.10"}
    assert notes(db)[(PLACES, HOME, "2025-07")] == "县卫生健康局核定"


def test_decode_text_order() -> None:
    assert decode_text("指标".encode("utf-8-sig")) == ("指标", "utf-8-sig")
    assert decode_text("指标".encode()) == ("指标", "utf-8")
    assert decode_text("指标".encode("gbk")) == ("指标", "gb18030")
    assert decode_text("指标".encode("utf-16")) == ("指标", "utf-16")
    with pytest.raises(TabularError, match="not valid ascii"):
        decode_text("指标".encode(), "ascii")


def test_thousands_separators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QYX_PLUGINS", "youyou,ruoyou")
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    body = f'{ZH}\n{ALLOWANCE},2024,"12,600",331126,,\n24,2025,"１２，６００.５",331126,,\n'
    path = tmp_path / "counts.csv"
    path.write_text(body, encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", url)
    assert code == 0, err
    assert current(url) == {
        (ALLOWANCE, HOME, "2024", ""): "12600",
        (ALLOWANCE, HOME, "2025", ""): "12600.5",
    }


def test_xlsx_with_title_row_dates_numbers_and_formats(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2025年七优享指标填报表"])  # a title row above the header (row 1)
    sheet.append(["指标", "期间", "数值（%）", "地区", "备注"])  # row 2
    sheet.append([1, 2025, 3.2, 331126, None])  # row 3: ints; 3.2 shown as 0.00 below
    sheet["C3"].number_format = "0.00"
    sheet.append([])  # row 4: blank, skipped
    sheet.append([SHARE, datetime(2025, 7, 1), 0.85, "331101", "比例"])  # row 5: date, 85 %
    sheet["C5"].number_format = "0%"
    sheet.append([SCREENING, 2024.0, 96.25, "331101", None])  # row 6: float year
    sheet.append([PLACES, "2024年", 2, None, None])  # row 7: integral number, General
    path = tmp_path / "values.xlsx"
    book.save(path)
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0, err
    assert "imported 4 row(s)" in err
    assert current(db) == {
        (PLACES, HOME, "2025", ""): "3.20",
        (SHARE, "331101", "2025-07", ""): "85",
        (SCREENING, "331101", "2024", ""): "96.25",
        (PLACES, HOME, "2024", ""): "2",
    }


def test_xlsx_errors_name_sheet_rows(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value"])
    sheet.append([PLACES, 2025, 3])
    sheet.append([])
    sheet.append([PLACES, 2026, "abc"])  # row 4
    sheet.append([PLACES, 2027, datetime(2027, 1, 1)])  # row 5: a date where a number belongs
    path = tmp_path / "bad.xlsx"
    book.save(path)
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 2
    assert "2 problem(s); nothing was written" in err
    assert "line 4, column value: 'abc' is not a number" in err
    assert "line 5, column value: a date (2027-01-01) is not a number" in err
    assert count_observations(db) == 0


def test_excel_number_is_exact() -> None:
    assert str(excel_number(3.2, "0.00")) == "3.20"
    assert str(excel_number(3.2, "General")) == "3.2"
    assert str(excel_number(0.85, "0%")) == "85"
    assert str(excel_number(0.855, "0.0%")) == "85.5"
    assert str(excel_number(0.8, "0.00%")) == "80.00"
    assert str(excel_number(2025.0, None)) == "2025"
    assert str(excel_number(2025.0, "0.0")) == "2025.0"
    assert str(excel_number(12600, "#,##0")) == "12600"
    assert str(excel_number(12600.5, "#,##0.00_);[Red]\\(#,##0.00\\)")) == "12600.50"
    assert str(excel_number(3.14159, "0.00")) == "3.14159"  # padded, never rounded
    assert str(excel_number(1e16)) == "10000000000000000"
    assert str(excel_number(0.1)) == "0.1"  # repr, not the binary expansion
    assert number_format_info("General") == (False, None)
    assert number_format_info('0.000"元"') == (False, 3)
    assert number_format_info("[$-804]0.0%") == (True, 1)


def test_period_forms() -> None:
    cases = {
        "2025": "2025",
        " 2025年 ": "2025",
        "２０２５": "2025",
        "2025年7月": "2025-07",
        "2025-7": "2025-07",
        "2025/07": "2025-07",
        "2025-07-15": "2025-07",
        "2025/7/1 0:00:00": "2025-07",
        "2025q3": "2025Q3",
        "2025年第3季度": "2025Q3",
        "2025年三季度": "2025Q3",
        "2025-13": "2025-13",  # left for the service to reject
    }
    assert {k: normalise_period_text(k) for k in cases} == cases


def test_header_aliases_are_unambiguous() -> None:
    seen: dict[str, str] = {}
    for field, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            key = normalise_header(alias)
            assert seen.setdefault(key, field) == field, alias
    assert normalise_header(" 数值（%） ") == "数值"
    assert normalise_header("*Indicator_Code") == "indicatorcode"
    headers = match_headers(["期间", "Value", "指标"])
    assert headers.columns == {"period": 0, "value": 1, "indicator": 2}


# -- errors -------------------------------------------------------------------------------


def test_bad_header(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("指标,期间,数量,color\n1,2025,3\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 2
    assert "unknown column(s) '数量', 'color'" in err
    assert "missing required column(s) 数值/value" in err
    assert "Accepted headers" in err and "实际值" in err
    assert "Traceback" not in err
    assert count_observations(db) == 0


def test_duplicate_and_empty(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dup = tmp_path / "dup.csv"
    dup.write_text("指标,indicator,期间,数值\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(dup), "--db", db)
    assert code == 2 and "'指标' and 'indicator' both mean indicator" in err
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(empty), "--db", db)
    assert code == 2 and "empty" in err
    header_only = tmp_path / "header.csv"
    header_only.write_text(ZH + "\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(header_only), "--db", db)
    assert code == 2 and "no data rows" in err
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = qyx(capsys, "import", str(xls), "--db", db)
    assert code == 2 and "save it as .xlsx or CSV" in err


def test_every_problem_by_file_line_and_column(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Platform(db).report([ObservationInput(PLACES, "2022", "2.00")], actor=LOCAL_OPERATOR)
    body = (
        f"{ZH}\n"  # line 1
        f'{PLACES},2025,3.0,331126,,"a note\nover two lines"\n'  # lines 2-3
        "\n"  # line 4: blank
        f"{PLACES},2026,abc,331126,,\n"  # line 5
        f"{PLACES},2025,3.1,331126,,\n"  # line 6: repeats line 2
        f"99,2025-13,1,331126,,\n"  # line 7: two problems
        f"{SHARE},2025,120%,441302,,\n"  # line 8: outside the province (no rules then)
        f"{SHARE},2025,1,331126,,,extra\n"  # line 9: a cell without a header
        f"{PLACES},2025-02,,331126,,\n"  # line 10: empty value
    )
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 2
    expected = [
        "line 5, column 数值: 'abc' is not a number",
        "line 6, column 期间: repeats line 2 (same indicator, jurisdiction, period and series)",
        "line 7, column 指标: unknown indicator '99'",
        "line 7, column 期间: '2025-13' is not a period",
        "line 8, column 数值: 120 percent is above the largest valid value, 100 percent",
        "line 8, column 地区: 441302 is outside the home province (330000)",
        "line 9, column 7 (no header): 'extra' is in a column without a header",
        "line 10, column 数值: empty; every row needs one",
    ]
    for line in expected:
        assert line in err, (line, err)
    assert f"{len(expected)} problem(s); nothing was written" in err
    assert count_observations(db) == 1


def test_rule_errors_are_mapped_to_lines(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rules.csv"
    path.write_text(f"{EN}\n{SHARE},2025,50,,,\n\n{SHARE},2026,101%,,,\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 2
    assert "line 4, column value: 101 percent is above the largest valid value, 100 percent (declared" in err
    assert count_observations(db) == 0


def test_error_list_is_capped_at_50(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [f"{PLACES},{2022 + n // 12}-{n % 12 + 1:02d},x{n},331126,," for n in range(60)]
    path = tmp_path / "many.csv"
    path.write_text(ZH + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 2
    assert "60 problem(s)" in err and "… and 10 more" in err
    assert "line 51," in err and "line 52," not in err


def test_check_only_writes_nothing(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(f"{ZH}\n{PLACES},2025,3.2,,,\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db, "--check")
    assert code == 0, err
    assert "checked 1 row(s)" in err and "nothing written" in err
    assert count_observations(db) == 0


def test_file_validation_error_formats() -> None:
    assert format_line_error(RowError(50002, "数值", "'abc' is not a number")) == (
        "line 50002, column 数值: 'abc' is not a number"
    )
    exc = FileValidationError("f.csv", [RowError(2, "", "x")])
    assert str(exc) == "f.csv: 1 problem(s); nothing was written:\nline 2: x"


# -- tokens -------------------------------------------------------------------------------


def test_token_from_option_and_environment(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    platform = Platform(db)
    lead = platform.plan.domain("youyou")
    assert lead is not None
    reporter = platform.create_token(Role.REPORTER, lead.lead_department.name, "托育科")
    viewer = platform.create_token(Role.VIEWER, label="看板")
    path = tmp_path / "v.csv"
    path.write_text(f"{ZH}\n{PLACES},2025,3.2,,,\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db, "--token", viewer)
    assert code == 2 and "reporter" in err
    code, _, err = qyx(capsys, "import", str(path), "--db", db, "--token", "qyx_nonsense")
    assert code == 2 and "unknown or revoked" in err
    monkeypatch.setenv("QYX_TOKEN", reporter)
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0, err
    assert sql(db, "SELECT reported_by FROM observations") == [("托育科",)]


# -- large files ----------------------------------------------------------------------------


@pytest.mark.slow
def test_100k_rows_one_bad_row_writes_nothing_and_names_the_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Platform(db).report([ObservationInput(PLACES, "2022", "2.00", "330101")], actor=LOCAL_OPERATOR)
    before = count_observations(db)
    lines = synthetic_lines(BIG)
    bad = BIG // 2  # data row 50,001 → file line 50,002
    indicator, period, _, jurisdiction, *_ = lines[bad].split(",")
    lines[bad] = f"{indicator},{period},abc,{jurisdiction},,"
    path = tmp_path / "big.csv"
    path.write_bytes((ZH + "\n" + "\n".join(lines) + "\n").encode("utf-8-sig"))
    started = time.perf_counter()
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    seconds = time.perf_counter() - started
    assert code == 2
    assert "1 problem(s); nothing was written" in err
    assert "line 50002, column 数值: 'abc' is not a number" in err
    assert count_observations(db) == before
    print(f"\n100k rows with one bad row rejected in {seconds:.1f} s")


@pytest.mark.slow
def test_100k_rows_import_with_progress(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.csv"
    path.write_text(ZH + "\n" + "\n".join(synthetic_lines(BIG)) + "\n", encoding="utf-8")
    started = time.perf_counter()
    code, _, err = qyx(capsys, "import", str(path), "--db", db, "--progress")
    seconds = time.perf_counter() - started
    assert code == 0, err[-2000:]
    bars = [" ".join(line.split()) for line in err.splitlines()]
    assert bars[0].startswith("reading ") and " 100% " in bars[0]
    assert bars[1].startswith("checking ") and " 100000/100000 100% " in bars[1]  # completes visibly
    assert bars[2].startswith("writing ") and " 100000/100000 100% " in bars[2]
    assert "imported 100,000 row(s)" in err and "100,000 new" in err
    assert count_observations(db) == BIG
    values = current(db)
    assert len(values) == BIG
    assert values[(PLACES, "330101", "2022-01", "")] == "3.20"
    assert values[(SHARE, "330101", "2027-12", "")] == "85"
    assert values[(SCREENING, "330101", "2027-12", "")] == "96.5"
    print(f"\n100k rows imported in {seconds:.1f} s ({BIG / seconds:,.0f} rows/s)")


def test_progress_bars_per_stage() -> None:
    """One rich bar per stage, ending at its total (on a non-terminal: printed once at the end)."""
    stream = io.StringIO()
    bar = ImportProgress(stream)
    bar("validate", 0, 100_000)
    bar("validate", 45_000, 100_000)
    bar("write", 100_000, 100_000)
    bar.close()
    lines = [" ".join(line.split()) for line in stream.getvalue().splitlines()]
    assert len(lines) == 2
    assert lines[0].startswith("checking ") and lines[0].endswith(" 45000/100000 45% 0:00:00")
    assert lines[1].startswith("writing ") and lines[1].endswith(" 100000/100000 100% 0:00:00")
    assert "\r" not in stream.getvalue()  # no hand-drawn carriage-return bar


def test_progress_defaults_to_terminals_only() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert _show_progress(None, Terminal()) is True
    assert _show_progress(None, io.StringIO()) is False
    assert _show_progress(False, Terminal()) is False  # --no-progress
    assert _show_progress(True, io.StringIO()) is True  # --progress


def test_progress_only_on_request_or_terminal(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v.csv"
    path.write_text(f"{ZH}\n{PLACES},2025,3.2,,,\n", encoding="utf-8")
    code, _, err = qyx(capsys, "import", str(path), "--db", db)
    assert code == 0 and "\r" not in err  # captured stderr is not a terminal
    code, _, err = qyx(capsys, "import", str(path), "--db", db, "--progress")
    assert code == 0 and "checking" in err and "1/1" in err


# -- export and round trips ------------------------------------------------------------------


def seed(url: str) -> None:
    rows = [
        ObservationInput(SCREENING, "2025", "96.50", "331126", note="全年"),
        ObservationInput(PLACES, "2025", "3.20", "331126"),
        ObservationInput(PLACES, "2025Q4", "3.10", "331126"),
        ObservationInput(PLACES, "2025-12", "3.05", "331126", note='月报, "初值"'),
        ObservationInput(PLACES, "2024", "2.95", "331102"),
        ObservationInput(SHARE, "2025", "85", "331102"),
        ObservationInput(SHARE, "2024", "60.0", "330101"),
    ]
    platform = Platform(url)
    platform.report(rows, actor=LOCAL_OPERATOR)
    platform.report([ObservationInput(PLACES, "2024", "2.96", "331102", note="更正")], actor=LOCAL_OPERATOR)
    platform.close()


def test_export_csv_to_stdout_sorted(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed(db)
    code, out, err = qyx(capsys, "export", "--db", db, "--lang", "zh")
    assert code == 0, err
    assert "已导出 7 个数值" in err
    assert not out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ZH_EXPORT.split(","),
        *map(
            named,
            [
                [PLACES, "2024", "2.96", "331102", "", "更正"],  # the newest revision
                [PLACES, "2025-12", "3.05", "331126", "", '月报, "初值"'],
                [PLACES, "2025Q4", "3.10", "331126", "", ""],
                [PLACES, "2025", "3.20", "331126", "", ""],
                [SHARE, "2024", "60.0", "330101", "", ""],
                [SHARE, "2025", "85", "331102", "", ""],
                [SCREENING, "2025", "96.50", "331126", "", "全年"],
            ],
        ),
    ]
    assert rows[1][1:3] == ["每千人口拥有3岁以下婴幼儿托位数", "个"]


def test_export_filters(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed(db)
    code, out, _ = qyx(capsys, "export", "--db", db, "--indicator", "1", "--lang", "en", "--out", "-")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == EN_EXPORT.split(",") and {r[0] for r in rows[1:]} == {PLACES} and len(rows) == 5
    assert rows[1][1:3] == [
        "Childcare places for children under 3 per 1,000 population",
        "places per 1,000 population",
    ]
    code, out, _ = qyx(capsys, "export", "--db", db, "--jurisdiction", "331100")
    assert {r[5] for r in list(csv.reader(io.StringIO(out)))[1:]} == {"331102", "331126"}
    code, out, _ = qyx(capsys, "export", "--db", db, "--jurisdiction", "331102", "--indicator", SHARE)
    assert list(csv.reader(io.StringIO(out)))[1:] == [named([SHARE, "2025", "85", "331102", "", ""], "en")]
    code, _, err = qyx(capsys, "export", "--db", db, "--indicator", "nope")
    assert code == 2 and "no indicator 'nope'" in err
    code, _, err = qyx(capsys, "export", "--db", db, "--format", "xlsx")
    assert code == 2 and "--out" in err


@pytest.mark.parametrize(
    ("name", "extra"),
    [("export.csv", ["--lang", "zh"]), ("export.xlsx", ["--lang", "en"]), ("export.tsv", [])],
)
def test_export_then_import_round_trip(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, extra: list[str]
) -> None:
    seed(db)
    before = current(db)
    observations = count_observations(db)
    out = tmp_path / name
    code, _, err = qyx(capsys, "export", "--db", db, "--out", str(out), *extra)
    assert code == 0, err
    if name.endswith(".csv"):
        assert out.read_bytes().startswith("\ufeff指标,指标名称,单位,期间".encode())
    code, _, err = qyx(capsys, "import", str(out), "--db", db)
    assert code == 0, err
    # every row repeats its value's current revision: nothing is written (imports are idempotent)
    assert "imported 7 row(s)" in err and "0 new, 0 revised, 7 unchanged" in err
    assert current(db) == before  # same current values, digits and all
    assert count_observations(db) == observations
    latest = sql(
        db,
        f"SELECT revision, note FROM current_values c JOIN observations o USING "
        f"(indicator_code, jurisdiction_code, period, series, revision) "
        f"WHERE c.indicator_code = '{PLACES}' AND c.jurisdiction_code = '331102'",
    )
    assert latest == [(2, "更正")]
    # and the second export is the same file content as the first
    again = tmp_path / ("again" + out.suffix)
    assert qyx(capsys, "export", "--db", db, "--out", str(again), *extra)[0] == 0
    if not name.endswith(".xlsx"):
        assert again.read_bytes() == out.read_bytes()


# -- the console entry point -------------------------------------------------------------------


def test_console_entry_point(db: str, tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes(f"{ZH}\n{PLACES},2025-07,3.20,331126,,\n".encode("gbk"))
    script = Path(sys.executable).with_name("qyx")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "qyx_platform.cli"]
    env = {**os.environ, "QYX_PLUGINS": "youyou"}
    done = subprocess.run(
        [*command, "import", str(path), "--db", db], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "imported 1 row(s)" in done.stderr
    exported = subprocess.run(
        [*command, "export", "--db", db, "--lang", "en"], capture_output=True, text=True, env=env, timeout=120
    )
    assert exported.returncode == 0, exported.stderr
    assert list(csv.reader(io.StringIO(exported.stdout))) == [
        EN_EXPORT.split(","),
        named([PLACES, "2025-07", "3.20", "331126", "", ""], "en"),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{ZH}\n{PLACES},2025-08,abc,331126,,\n", encoding="utf-8")
    failed = subprocess.run(
        [*command, "import", str(bad), "--db", db], capture_output=True, text=True, env=env, timeout=120
    )
    assert failed.returncode == 2
    assert "line 2, column 数值: 'abc' is not a number" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_decimal_values_are_not_floats() -> None:
    # the value handed to the service from an Excel cell is a Decimal, never a float
    assert isinstance(excel_number(3.2, "0.00"), Decimal)


# -- the blank template ------------------------------------------------------------------------


def test_template_lists_what_a_department_owes_and_imports_once_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QYX_PLUGINS", "youyou,bingyou,laoyou")  # two domains it leads, one it does not
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    plan = load_plan()
    out = tmp_path / "卫健局-2025.csv"
    code, _, err = qyx(
        capsys,
        "template",
        "--department",
        "县卫生健康局",
        "--period",
        "2025",
        "--out",
        str(out),
        "--lang",
        "zh",
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["指标", "指标名称", "单位", "目标", "期间", "数值", "地区", "分组", "备注"]
    led = {d.code for d in plan.department_domains("县卫生健康局")}
    assert led == {"youyou", "bingyou"}  # not laoyou (县民政局)
    cycles = {  # one row per reporting cycle of the indicator's frequency inside 2025
        "monthly": [f"2025-{m:02d}" for m in range(1, 13)],
        "quarterly": [f"2025Q{q}" for q in range(1, 5)],
        "yearly": ["2025"],
    }
    expected = [
        (i.code, i.name, i.unit, str(i.target(2025, key).text), cycle)  # type: ignore[union-attr]
        for i in plan.indicators
        if i.domain in led
        for cycle in cycles[i.frequency.value]
        for key in i.series_keys
    ]
    # then the task targets of those domains (reported like indicators), due in 2025
    tasks = [
        (target.code, cycle)
        for task, target in plan.task_targets
        if task.domain in led and target.year >= 2025
        for cycle in cycles[target.frequency.value]
    ]
    assert [tuple(r[:5]) for r in rows[1 : len(expected) + 1]] == expected
    assert [(r[0], r[4]) for r in rows[len(expected) + 1 :]] == tasks and tasks
    assert {r[5] for r in rows[1:]} == {""} and {r[6] for r in rows[1:]} == {"331126"}
    # exactly what reporting timeliness expects of the department in each of its cycles
    platform = Platform(db)
    try:
        owed = {
            (m["code"], m["period"])
            for cycle in ("2025", *cycles["quarterly"], *cycles["monthly"])
            for m in platform.timeliness(cycle).missing.rows()
            if m["department"] == "县卫生健康局"
        }
    finally:
        platform.close()
    assert {(r[0], r[4]) for r in rows[1:]} == owed
    for row in rows[1:]:  # the department fills in the value column (and evidence)
        row[5] = row[3].lstrip("<>≥≤职工城乡居民") or "1"
        row[8] = "佐证：县卫健〔2025〕3号"
    filled = tmp_path / "filled.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    code, _, err = qyx(capsys, "import", str(filled), "--db", db)
    assert code == 0, err
    assert f"imported {len(expected) + len(tasks)} row(s)" in err


def test_template_refuses_an_unknown_department(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = qyx(capsys, "template", "--department", "县不存在局", "--period", "2025")
    assert code == 2 and "no department '县不存在局'" in err
