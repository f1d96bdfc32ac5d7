"""Tabular files of reported values: CSV, TSV and XLSX with Chinese or English headers.

One row is one value: 指标/indicator, 期间/period, 数值/value and optionally 地区/jurisdiction,
分组/series, 备注/note. This module reads such files (format by extension, encoding detected,
headers matched through :data:`HEADER_ALIASES`), turns their cells into
:class:`~qyx_platform.services.reporting.ObservationInput` rows, reports them through
:meth:`Platform.report <qyx_platform.platform.Platform.report>` as one all-or-nothing batch
and maps every problem back to its file line and column header
(``line 50002, column 数值: 'abc' is not a number``). It also writes the same format
(:func:`write_table`), which ``qyx export`` uses, so that an export imports again unchanged.

Reading rules
-------------
* Format: ``.csv`` (comma; a header line without commas but with tabs or semicolons switches
  to those), ``.tsv``/``.tab``/``.txt`` (tab), ``.xlsx``/``.xlsm`` (the first sheet unless
  one is named). ``.xls`` is refused with a hint to save as ``.xlsx`` or CSV.
* Encoding (text files): a byte-order mark decides (UTF-8 → ``utf-8-sig``, UTF-16); else the
  bytes must be strict UTF-8, else they are read as GB18030 (a superset of GBK and GB2312).
* Header row: the first non-blank row that names the required columns, searched among the
  first :data:`HEADER_SEARCH_ROWS` non-blank rows (so a title row above the table is
  allowed); rows above it are ignored. Headers compare after Unicode NFKC (full-width forms
  become ASCII), case folding, removing spaces, ``_``, ``-``, a leading ``*`` and a trailing
  bracket such as ``(%)``/``（单位）``. Unknown headers and missing required columns are errors
  naming them and listing the accepted headers; :data:`INFORMATIONAL_HEADERS` (names,
  units, a 序号 row counter) are accepted and ignored.
* Blank rows (every cell empty) are skipped. Line numbers are those of the file: the
  header is line 1 of a file that starts with it, the first data row line 2; for XLSX they
  are the sheet's row numbers.
* Periods: ``2025``, ``2025Q3``, ``2025-07`` as the service reads them, plus ``2025年``,
  ``2025年7月``, ``2025/7``, ``2025-7``, ``2025q3``, ``2025年第3季度``/``2025年三季度``, and a date
  (an Excel date cell or text such as ``2025-07-01``, ``2025/7/1``) which becomes its month
  ``2025-07``. Excel numbers ``2025`` and ``2025.0`` become ``2025``.
* Values: text goes to the service as written (``85%``, ``１２,６００`` and ``12,600`` are
  accepted there). Excel numeric cells are converted exactly, never through float
  arithmetic: see :func:`excel_number`.

Caveat on Excel numbers: an XLSX file stores numbers as binary floating point, so openpyxl
hands over a Python float. ``repr`` of that float is the shortest text that reads back as
the same float, which is the number typed into Excel whenever it had at most 15 significant
digits; that text becomes the Decimal. Trailing zeros are not stored by Excel at all:
``3.20`` is kept only when the cell's number format shows two decimals (``0.00``), in which
case the value is padded (never rounded) to the decimals shown. A cell formatted as a
percentage (``0%``, ``0.0%``) holds a fraction (85 % is stored as 0.85) and is read as the
percentage shown, ``85``, like the text ``85%``. Values that need more than 15 significant
digits must be written as text cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING

from qyx_platform.errors import QyxError, RowError, ValidationError
from qyx_platform.services.auth import Actor
from qyx_platform.services.reporting import SAME_KEY, ObservationInput, StoredObservation

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

#: the columns of a file, in the order they are written
FIELDS: tuple[str, ...] = ("indicator", "period", "value", "jurisdiction", "series", "note")
#: columns every file must have (jurisdiction defaults to the plan's home county)
REQUIRED_FIELDS: tuple[str, ...] = ("indicator", "period", "value")

#: the headers written by ``qyx export``, per language
HEADERS: dict[str, dict[str, str]] = {
    "zh": {
        "indicator": "指标",
        "period": "期间",
        "value": "数值",
        "jurisdiction": "地区",
        "series": "分组",
        "note": "备注",
    },
    "en": {field: field for field in FIELDS},
}

#: accepted header texts per column (compared after :func:`normalise_header`); the first
#: Chinese and the first English entry are the canonical headers of :data:`HEADERS`
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": (
        "指标",
        "指标代码",
        "指标编码",
        "指标编号",
        "指标序号",
        "indicator",
        "indicator code",
        "indicator_code",
    ),
    "period": (
        "期间",
        "年份",
        "年度",
        "时期",
        "报告期",
        "统计期",
        "统计期间",
        "期别",
        "period",
        "year",
        "reporting period",
    ),
    "value": (
        "数值",
        "值",
        "实际值",
        "完成值",
        "指标值",
        "实绩",
        "value",
        "actual",
        "actual value",
        "amount",
    ),
    "jurisdiction": (
        "地区",
        "地区代码",
        "地区编码",
        "区划",
        "区划代码",
        "行政区划",
        "行政区划代码",
        "jurisdiction",
        "jurisdiction code",
        "region",
        "area",
        "area code",
    ),
    "series": ("分组", "分项", "系列", "类别", "series", "group", "category"),
    "note": ("备注", "说明", "note", "notes", "remark", "remarks", "comment", "comments"),
}

#: headers accepted and ignored on import (human-readable helpers a template may carry);
#: 序号 is a row counter in most Chinese templates, so it is ignored rather than read as
#: the plan number (write 指标 or 指标序号 for that)
INFORMATIONAL_HEADERS: tuple[str, ...] = (
    "指标名称",
    "地区名称",
    "单位",
    "计量单位",
    "序号",
    "indicator name",
    "jurisdiction name",
    "unit",
    "no.",
)

#: how many non-blank rows from the top are searched for the header row
HEADER_SEARCH_ROWS = 10
#: how many problems an error message lists before giving only a count
MAX_LISTED_ERRORS = 50

#: file extensions by format
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "tsv": (".tsv", ".tab", ".txt"),
    "xlsx": (".xlsx", ".xlsm"),
}

Progress = Callable[[str, int, int], None]


class TabularError(QyxError):
    """A file cannot be read as a table of values (format, encoding or header row)."""


class FileValidationError(ValidationError):
    """Rows of a file were rejected; nothing was written.

    ``errors`` holds one :class:`RowError` per problem with ``index`` = the file line and
    ``field`` = the column header as written in the file (or ``""`` for a whole line).
    """

    def __init__(self, source: str, errors: list[RowError], *, listed: int = MAX_LISTED_ERRORS) -> None:
        super().__init__(errors)
        self.source = source
        lines = [format_line_error(e) for e in errors[:listed]]
        more = f"\n… and {len(errors) - listed} more" if len(errors) > listed else ""
        self.args = (f"{source}: {len(errors)} problem(s); nothing was written:\n" + "\n".join(lines) + more,)


def format_line_error(error: RowError) -> str:
    """``line 50002, column 数值: 'abc' is not a number`` (no column part for a whole line)."""
    where = f"line {error.index}" + (f", column {error.field}" if error.field else "")
    return f"{where}: {error.message}"


# -- headers ------------------------------------------------------------------------------

_BRACKET_SUFFIX = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")
_HEADER_NOISE = re.compile(r"[\s_\-*]+")


def normalise_header(text: str) -> str:
    """A header as compared with the aliases: NFKC (full-width → ASCII), case-folded, without
    spaces, ``_``, ``-``, ``*`` and a trailing bracket (``数值（%）`` → ``数值``)."""
    plain = unicodedata.normalize("NFKC", text).replace("\ufeff", "").strip()
    plain = _BRACKET_SUFFIX.sub("", plain)
    return _HEADER_NOISE.sub("", plain).casefold()


_ALIAS_LOOKUP: dict[str, str] = {
    normalise_header(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases
}
_INFORMATIONAL = frozenset(normalise_header(h) for h in INFORMATIONAL_HEADERS)


def accepted_headers() -> str:
    """The accepted headers, one column per line, for error messages and ``--help``."""
    lines = []
    for field in FIELDS:
        need = "required" if field in REQUIRED_FIELDS else "optional"
        lines.append(f"  {field} ({need}): {', '.join(HEADER_ALIASES[field])}")
    lines.append(f"  ignored: {', '.join(INFORMATIONAL_HEADERS)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class HeaderMap:
    """Which file column holds which field, with the header text as written.

    ``informational`` columns are read and ignored; ``unnamed`` columns (an empty header
    cell) and cells beyond ``width`` must stay empty.
    """

    line: int
    columns: dict[str, int]
    names: dict[str, str]
    informational: frozenset[int]
    unnamed: frozenset[int]
    width: int

    def label(self, field: str) -> str:
        """The column header of ``field`` as written in the file (the field name if absent)."""
        return self.names.get(field, field)


def header_score(cells: Sequence[object]) -> int:
    """How many distinct fields a row's cells name: picks the likeliest header row."""
    return len({_ALIAS_LOOKUP.get(normalise_header(_plain_text(c))) for c in cells} - {None})


def match_headers(cells: Sequence[object], line: int = 1) -> HeaderMap:
    """Map header cells to fields; raise TabularError naming unknown, duplicate and missing
    columns, with the accepted headers."""
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    informational: set[int] = set()
    unnamed: set[int] = set()
    unknown: list[str] = []
    duplicates: list[str] = []
    for position, cell in enumerate(cells):
        text = _plain_text(cell)
        if not text:
            unnamed.add(position)
            continue
        key = normalise_header(text)
        field = _ALIAS_LOOKUP.get(key)
        if field is None:
            if key in _INFORMATIONAL:
                informational.add(position)
            else:
                unknown.append(text)
            continue
        if field in columns:
            duplicates.append(f"{names[field]!r} and {text!r} both mean {field}")
            continue
        columns[field] = position
        names[field] = text
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if unknown or missing or duplicates:
        problems = []
        if unknown:
            problems.append("unknown column(s) " + ", ".join(repr(u) for u in unknown))
        if missing:
            problems.append(
                "missing required column(s) "
                + ", ".join(f"{HEADERS['zh'][f]}/{HEADERS['en'][f]}" for f in missing)
            )
        problems.extend(duplicates)
        raise TabularError(
            f"line {line} (header row): "
            + "; ".join(problems)
            + ". Accepted headers (case, spaces and full-width forms do not matter):\n"
            + accepted_headers()
        )
    return HeaderMap(line, columns, names, frozenset(informational), frozenset(unnamed), len(cells))


def _plain_text(cell: object) -> str:
    if cell is None:
        return ""
    return str(cell).strip()


# -- reading files ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """One row of a file: its line number, its cells and (XLSX) the cells' number formats."""

    line: int
    cells: tuple[object, ...]
    formats: tuple[str | None, ...] | None = None

    def is_blank(self) -> bool:
        """True when every cell is empty or whitespace."""
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in self.cells)


@dataclass
class Table:
    """A file opened for reading: its format and an iterator of its rows."""

    source: str
    format: str
    records: Iterator[Record]
    total_lines: int | None
    encoding: str | None = None
    close: Callable[[], None] = lambda: None


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """``csv``, ``tsv`` or ``xlsx``: ``fmt`` if given, else from the file extension."""
    if fmt:
        chosen = fmt.strip().lower()
        if chosen not in EXTENSIONS:
            raise TabularError(f"unknown format {fmt!r}; use csv, tsv or xlsx")
        return chosen
    suffix = Path(path).suffix.lower()
    for name, extensions in EXTENSIONS.items():
        if suffix in extensions:
            return name
    if suffix == ".xls":
        raise TabularError(f"{path}: the old .xls format is not supported; save it as .xlsx or CSV")
    raise TabularError(
        f"{path}: cannot tell the format from {suffix or 'a missing extension'!r}; "
        "use .csv, .tsv or .xlsx, or give --format"
    )


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file: ``encoding`` if given, else by BOM, else strict UTF-8, else
    GB18030 (which reads GBK and GB2312). Returns (text, encoding used)."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise TabularError(f"unknown encoding {encoding!r}") from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise TabularError(f"the file is not valid {encoding}: {exc}") from None
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise TabularError(f"the file starts like UTF-16 but is not: {exc}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise TabularError(
            f"the file is neither UTF-8 nor GBK/GB18030 ({exc}); save it as UTF-8 or give --encoding"
        ) from None


def _delimiter(fmt: str, text: str) -> str:
    if fmt == "tsv":
        return "\t"
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first and "，" not in first:
        for candidate in ("\t", ";"):
            if candidate in first:
                return candidate
    return ","


def open_table(
    path: str | Path,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Open a CSV, TSV or XLSX file for reading its rows."""
    chosen = detect_format(path, fmt)
    source = str(path)
    try:
        if chosen == "xlsx":
            return _open_xlsx(Path(path), sheet)
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TabularError(f"cannot read {source}: {exc.strerror or exc}") from None
    text, used = decode_text(data, encoding)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    return Table(source, chosen, _csv_records(text, _delimiter(chosen, text)), lines, used)


def _csv_records(text: str, delimiter: str) -> Iterator[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield Record(line, tuple(cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise TabularError(f"line {line}: cannot read the CSV: {exc}") from None


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TabularError(f"{path} is not a readable .xlsx workbook: {exc}") from None
    if sheet is not None:
        if sheet not in book.sheetnames:
            book.close()
            raise TabularError(f"{path} has no sheet {sheet!r}; its sheets: {', '.join(book.sheetnames)}")
        worksheet = book[sheet]
    else:
        worksheet = book.worksheets[0]
    total = worksheet.max_row if isinstance(worksheet.max_row, int) else None
    # the dimension in the file may be wrong (some generators write A1): read every cell
    worksheet.reset_dimensions()

    def records() -> Iterator[Record]:
        line = 0
        for row in worksheet.iter_rows():
            numbered = next((getattr(c, "row", None) for c in row if getattr(c, "row", None)), None)
            line = numbered if isinstance(numbered, int) else line + 1
            yield Record(
                line,
                tuple(c.value for c in row),
                tuple(getattr(c, "number_format", None) for c in row),
            )

    return Table(str(path), "xlsx", records(), total, None, book.close)


# -- cells --------------------------------------------------------------------------------


class CellError(QyxError):
    """A cell cannot be read as what its column holds."""


_DECIMALS = re.compile(r"\.([0#?]+)")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')


def number_format_info(number_format: str | None) -> tuple[bool, int | None]:
    """(is a percentage, decimals shown or None) of an Excel number format: ``0.00`` →
    (False, 2), ``0%`` → (True, 0), ``#,##0`` → (False, 0), ``General`` → (False, None)."""
    if not number_format or number_format.strip().lower() in {"general", "@"}:
        return False, None
    section = _FORMAT_NOISE.sub("", number_format.split(";")[0])
    if not any(ch in section for ch in "0#?"):
        return "%" in section, None
    decimals = _DECIMALS.search(section)
    return "%" in section, len(decimals.group(1)) if decimals else 0


def excel_number(value: float | int | Decimal, number_format: str | None = None) -> Decimal:
    """An Excel numeric cell as the exact Decimal it shows, without float arithmetic.

    ``repr`` of the float (the shortest text that reads back as the same float) is taken as
    the number; a percentage format moves the point two places (0.85 shown as 85 % → 85);
    an integral value loses its ``.0`` unless the format shows decimals; a format with more
    decimals than the number pads it with zeros (3.2 shown as ``0.00`` → 3.20), never rounds.
    """
    if isinstance(value, bool):
        raise CellError("a TRUE/FALSE cell is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"{value} is not a finite number")
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
    percent, decimals = number_format_info(number_format)
    if percent:
        number = number.scaleb(2)
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):  # pragma: no cover - finite numbers only
        raise CellError(f"{value} is not a finite number")
    if not decimals:
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    elif exponent > -decimals:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    elif exponent > 0:
        number = number.quantize(Decimal(1))
    return number


_YEAR = re.compile(r"^(\d{4})年?$")
_MONTH = re.compile(r"^(\d{4})(?:年|[-/])(\d{1,2})月?$")
_DATE = re.compile(r"^(\d{4})(?:年|[-/.])(\d{1,2})(?:月|[-/.])(\d{1,2})日?$")
_TIME_OF_DAY = re.compile(r"[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_QUARTER = re.compile(r"^(\d{4})年?(?:第?([1-4一二三四])季度|Q([1-4]))$", re.IGNORECASE)
_CHINESE_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}


def normalise_period_text(text: str) -> str:
    """A period written the ways people do, as the service reads it (``2025年7月`` →
    ``2025-07``, ``2025年第3季度`` → ``2025Q3``, ``2025-07-01`` → ``2025-07``); text that fits
    no pattern is returned stripped, for the service to reject with its own message."""
    plain = _TIME_OF_DAY.sub("", unicodedata.normalize("NFKC", text).strip())
    plain = "".join(plain.split())
    if m := _YEAR.match(plain):
        return m.group(1)
    if (m := _MONTH.match(plain)) or (m := _DATE.match(plain)):
        month = int(m.group(2))
        if 1 <= month <= 12:
            return f"{m.group(1)}-{month:02d}"
        return plain
    if m := _QUARTER.match(plain):
        q = m.group(2) or m.group(3)
        return f"{m.group(1)}Q{_CHINESE_QUARTER.get(q, q)}"
    return plain


def period_cell(value: object, number_format: str | None = None) -> str:
    """A period cell as text: a date → its month, an Excel number 2025/2025.0 → ``2025``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError("a TRUE/FALSE cell is not a period")
    if isinstance(value, datetime | date):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise CellError(f"the number {value!r} is not a period: write 2025, 2025Q3 or 2025-07 as text")
    if isinstance(value, str):
        return normalise_period_text(value)
    raise CellError(f"a {type(value).__name__} cell is not a period")


def value_cell(value: object, number_format: str | None = None) -> Decimal | str:
    """A value cell: text as written (the service reads ``85%``, ``１２,６００``), Excel
    numbers exactly (:func:`excel_number`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise CellError("a TRUE/FALSE cell is not a number")
    if isinstance(value, float | int | Decimal):
        return excel_number(value, number_format)
    if isinstance(value, datetime | date):
        raise CellError(f"a date ({value:%Y-%m-%d}) is not a number; is the column's format a date?")
    raise CellError(f"a {type(value).__name__} cell is not a number")


def code_cell(value: object, number_format: str | None = None) -> str:
    """An indicator or jurisdiction cell: text (full-width forms made ASCII) or an Excel
    whole number (a plan number ``9``, a code ``331126``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError("a TRUE/FALSE cell is not a code")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise CellError(f"the number {value!r} is not a code")
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    raise CellError(f"a {type(value).__name__} cell is not a code")


def text_cell(value: object, number_format: str | None = None) -> str:
    """A series or note cell as stripped text (numbers as written)."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(excel_number(value, number_format))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


# -- rows ---------------------------------------------------------------------------------


@dataclass
class ParsedRows:
    """The data rows of a file as service input, with their lines and the problems found
    while reading cells."""

    source: str
    headers: HeaderMap
    rows: list[ObservationInput]
    lines: list[int]
    errors: list[RowError]
    blank: int


def parse_table(table: Table, progress: Progress | None = None, step: int = 5_000) -> ParsedRows:
    """Find the header row and turn every non-blank data row into an ObservationInput."""
    headers: HeaderMap | None = None
    candidate: tuple[int, Record] | None = None
    searched = 0
    rows: list[ObservationInput] = []
    lines: list[int] = []
    errors: list[RowError] = []
    blank = 0
    total = table.total_lines or 0
    for record in table.records:
        if progress and record.line % step == 0:
            progress("read", record.line, max(total, record.line))
        if record.is_blank():
            if headers is not None:
                blank += 1
            continue
        if headers is None:
            searched += 1
            try:
                headers = match_headers(record.cells, record.line)
            except TabularError:
                score = header_score(record.cells)
                if candidate is None or score > candidate[0]:
                    candidate = (score, record)
                if searched >= HEADER_SEARCH_ROWS:
                    break
            continue
        parsed = _parse_record(record, headers, errors)
        if parsed is not None:
            rows.append(parsed)
            lines.append(record.line)
    if headers is None:
        if candidate is None:
            raise TabularError(f"{table.source} is empty: no header row")
        try:
            match_headers(candidate[1].cells, candidate[1].line)
        except TabularError as exc:
            raise TabularError(f"{table.source}, {exc}") from None
        raise AssertionError("unreachable: the row did not match before")  # pragma: no cover
    if progress and total:
        progress("read", total, total)
    return ParsedRows(table.source, headers, rows, lines, errors, blank)


_CELL_READERS: dict[str, Callable[[object, str | None], object]] = {
    "indicator": code_cell,
    "period": period_cell,
    "value": value_cell,
    "jurisdiction": code_cell,
    "series": text_cell,
    "note": text_cell,
}


def _parse_record(record: Record, headers: HeaderMap, errors: list[RowError]) -> ObservationInput | None:
    found: dict[str, object] = {}
    failed = False
    cells = record.cells
    for field, position in headers.columns.items():
        raw = cells[position] if position < len(cells) else None
        fmt = record.formats[position] if record.formats and position < len(record.formats) else None
        try:
            found[field] = _CELL_READERS[field](raw, fmt)
        except CellError as exc:
            errors.append(RowError(record.line, headers.label(field), str(exc)))
            failed = True
    for position, cell in enumerate(cells):
        if (position >= headers.width or position in headers.unnamed) and _filled(cell):
            errors.append(
                RowError(
                    record.line,
                    f"{position + 1} (no header)",
                    f"{str(cell)[:40]!r} is in a column without a header",
                )
            )
            failed = True
    for field in REQUIRED_FIELDS:
        if not failed and found.get(field) in ("", None):
            errors.append(RowError(record.line, headers.label(field), "empty; every row needs one"))
            failed = True
    if failed:
        return None
    value = found["value"]
    assert isinstance(value, Decimal | str)
    return ObservationInput(
        indicator=str(found["indicator"]),
        period=str(found["period"]),
        value=value,
        jurisdiction=str(found.get("jurisdiction") or "") or None,
        series=str(found.get("series") or "") or None,
        note=str(found.get("note") or "") or None,
    )


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


# -- importing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows read, revisions written (new keys and revised ones)."""

    source: str
    rows: int
    new_values: int
    revised: int
    blank_lines: int
    seconds: float
    checked_only: bool = False

    @property
    def revisions(self) -> int:
        """New revisions written (every row is one)."""
        return self.new_values + self.revised

    def summary(self) -> str:
        """A one-line summary for the terminal."""
        rate = f", {self.rows / self.seconds:,.0f} rows/s" if self.seconds > 0 else ""
        if self.checked_only:
            return (
                f"checked {self.rows:,} row(s) of {self.source}: no problems; nothing written "
                f"({self.seconds:.1f} s{rate})"
            )
        return (
            f"imported {self.rows:,} row(s) from {self.source}: "
            f"{self.revisions:,} new revision(s) ({self.new_values:,} new value(s), "
            f"{self.revised:,} revised) in {self.seconds:.1f} s{rate}"
        )


def _to_file_errors(errors: Iterable[RowError], parsed: ParsedRows) -> list[RowError]:
    """Map service RowErrors (``index`` = position in ``parsed.rows``) to file lines and
    column headers; a repeated key names the file line of the first row too."""

    def line_of(index: int) -> int | None:
        return parsed.lines[index] if 0 <= index < len(parsed.lines) else None

    mapped: list[RowError] = []
    for e in errors:
        line = line_of(e.index)
        column = parsed.headers.label(e.field) if e.field in FIELDS else e.field
        message = e.message
        if e.related is not None and (first := line_of(e.related)) is not None:
            message = f"repeats line {first} ({SAME_KEY})"
        mapped.append(RowError(line or 0, column, message))
    return mapped


def import_rows(
    platform: Platform,
    parsed: ParsedRows,
    actor: Actor,
    *,
    source: str = "import",
    progress: Progress | None = None,
    check_only: bool = False,
) -> Sequence[StoredObservation]:
    """Report parsed rows as one batch; raise FileValidationError (all problems, by line and
    column) when any row is rejected, in which case nothing is written. With ``check_only``
    the rows are validated in a read-only session and nothing is written either way."""
    if not parsed.rows and not parsed.errors:
        raise TabularError(f"{parsed.source}: no data rows below the header (line {parsed.headers.line})")
    if parsed.errors or check_only:
        # validate the readable rows too, so that one run lists every problem of the file
        service_errors: list[RowError] = []
        if parsed.rows:
            with platform.sessions() as session:
                try:
                    platform.reporting.validate(session, parsed.rows, actor, progress)
                except ValidationError as exc:
                    service_errors = _to_file_errors(exc.errors, parsed)
                finally:
                    session.rollback()
        problems = sorted(parsed.errors + service_errors, key=lambda e: e.index)
        if problems:
            raise FileValidationError(parsed.source, problems)
        return []
    try:
        return platform.report(parsed.rows, actor=actor, source=source, progress=progress)
    except FileValidationError:
        raise
    except ValidationError as exc:
        raise FileValidationError(parsed.source, _to_file_errors(exc.errors, parsed)) from None


def import_file(
    platform: Platform,
    path: str | Path,
    actor: Actor,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    source: str = "import",
    progress: Progress | None = None,
    check_only: bool = False,
) -> ImportResult:
    """Import a CSV, TSV or XLSX file of values as one all-or-nothing report.

    Raises TabularError for an unreadable file or header row, FileValidationError (every
    problem by file line and column) when rows are rejected, PermissionDeniedError when the
    actor may not report. ``progress(stage, done, total)`` sees the stages ``read``,
    ``validate`` and ``write``.
    """
    started = time.perf_counter()
    table = open_table(path, fmt=fmt, encoding=encoding, sheet=sheet)
    try:
        parsed = parse_table(table, progress)
    finally:
        table.close()
    stored = import_rows(platform, parsed, actor, source=source, progress=progress, check_only=check_only)
    new_values = sum(1 for s in stored if s.revision == 1)
    return ImportResult(
        source=str(path),
        rows=len(parsed.rows),
        new_values=new_values,
        revised=len(stored) - new_values,
        blank_lines=parsed.blank,
        seconds=time.perf_counter() - started,
        checked_only=check_only,
    )


# -- writing ------------------------------------------------------------------------------

#: significant digits an Excel number keeps exactly; longer values are written as text
EXCEL_DIGITS = 15


def plain_decimal_text(value: Decimal | str) -> str:
    """A stored value as plain digits the importer reads back (no exponent: 1E+3 → 1000)."""
    number = value if isinstance(value, Decimal) else Decimal(value)
    text = str(number)
    return format(number, "f") if "E" in text or "e" in text else text


def write_table(
    target: str | Path | IO[str],
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    fmt: str = "csv",
    bom: bool = True,
    value_column: int | None = None,
) -> int:
    """Write a header and rows as CSV, TSV or XLSX; return the number of data rows.

    ``target`` is a path or, for CSV/TSV, an open text stream (written without a BOM). CSV
    files get a UTF-8 BOM when ``bom`` (so that Excel reads the Chinese headers). In XLSX,
    the ``value_column`` is written as numbers formatted with their exact decimals (so that
    they read back identically; see :func:`excel_number`), every other cell as text.
    """
    if fmt == "xlsx":
        if not isinstance(target, str | Path):
            raise TabularError("an .xlsx file cannot go to a text stream; give --out FILE.xlsx")
        return _write_xlsx(Path(target), header, rows, value_column)
    delimiter = "\t" if fmt == "tsv" else ","
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
            return _write_delimited(stream, header, rows, delimiter, "\r\n")
    return _write_delimited(target, header, rows, delimiter, "\n")


def _write_delimited(
    stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str, eol: str
) -> int:
    writer = csv.writer(stream, delimiter=delimiter, lineterminator=eol)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def _write_xlsx(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], value_column: int | None
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("values")
    sheet.append(list(header))
    count = 0
    for row in rows:
        cells: list[object] = list(row)
        if value_column is not None and cells[value_column] != "":
            number = Decimal(str(cells[value_column]))
            digits = number.as_tuple()
            if len(digits.digits) <= EXCEL_DIGITS and isinstance(digits.exponent, int):
                cell = WriteOnlyCell(sheet, value=number)
                decimals = max(0, -digits.exponent)
                cell.number_format = "0." + "0" * decimals if decimals else "0"
                cells[value_column] = cell
        sheet.append(cells)
        count += 1
    try:
        book.save(path)
    except OSError as exc:
        raise TabularError(f"cannot write {path}: {exc.strerror or exc}") from None
    return count
