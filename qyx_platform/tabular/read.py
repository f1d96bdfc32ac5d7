"""Reading value tables: CSV, TSV and XLSX files opened (format by extension, encoding
detected), the header row found, and every data row turned into an ``ObservationInput`` with
its file line."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from qyx_platform.errors import RowError
from qyx_platform.i18n import _
from qyx_platform.model import ObservationInput
from qyx_platform.tabular.cells import CellError, code_cell, period_cell, text_cell, value_cell
from qyx_platform.tabular.errors import TabularError
from qyx_platform.tabular.headers import (
    HEADER_SEARCH_ROWS,
    REQUIRED_FIELDS,
    HeaderMap,
    header_score,
    match_headers,
)

#: file extensions by format
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "tsv": (".tsv", ".tab", ".txt"),
    "xlsx": (".xlsx", ".xlsm"),
}

Progress = Callable[[str, int, int], None]


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
            raise TabularError(_("unknown format '{format}'; use csv, tsv or xlsx", format=fmt))
        return chosen
    suffix = Path(path).suffix.lower()
    for name, extensions in EXTENSIONS.items():
        if suffix in extensions:
            return name
    if suffix == ".xls":
        raise TabularError(
            _("{file}: the old .xls format is not supported; save it as .xlsx or CSV", file=path)
        )
    if not suffix:
        raise TabularError(
            _("{file}: the name has no extension; use .csv, .tsv or .xlsx, or give --format", file=path)
        )
    raise TabularError(
        _(
            "{file}: cannot tell the format from '{suffix}'; use .csv, .tsv or .xlsx, or give --format",
            file=path,
            suffix=suffix,
        )
    )


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file: ``encoding`` if given, else by BOM, else strict UTF-8, else
    GB18030 (which reads GBK and GB2312). Returns (text, encoding used)."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise TabularError(_("unknown encoding '{encoding}'", encoding=encoding)) from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise TabularError(
                _("the file is not valid {encoding}: {reason}", encoding=encoding, reason=exc)
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise TabularError(_("the file starts like UTF-16 but is not: {reason}", reason=exc)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise TabularError(
            _(
                "the file is neither UTF-8 nor GBK/GB18030 ({reason}); save it as UTF-8 or give --encoding",
                reason=exc,
            )
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
        raise TabularError(
            _("cannot read {file}: {reason}", file=source, reason=exc.strerror or exc)
        ) from None
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
        raise TabularError(_("line {line}: cannot read the CSV: {reason}", line=line, reason=exc)) from None


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TabularError(
            _("{file} is not a readable .xlsx workbook: {reason}", file=path, reason=exc)
        ) from None
    if sheet is not None:
        if sheet not in book.sheetnames:
            book.close()
            raise TabularError(
                _(
                    "{file} has no sheet '{sheet}'; its sheets: {sheets}",
                    file=path,
                    sheet=sheet,
                    sheets=", ".join(book.sheetnames),
                )
            )
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
            raise TabularError(_("{file} is empty: no header row", file=table.source))
        try:
            match_headers(candidate[1].cells, candidate[1].line)
        except TabularError as exc:
            raise TabularError(_("{file}, {reason}", file=table.source, reason=exc)) from None
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
                    _("{position} (no header)", position=position + 1),
                    _("'{text}' is in a column without a header", text=str(cell)[:40]),
                )
            )
            failed = True
    for field in REQUIRED_FIELDS:
        if not failed and found.get(field) in ("", None):
            errors.append(RowError(record.line, headers.label(field), _("empty; every row needs one")))
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
