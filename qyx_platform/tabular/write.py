"""Writing value tables in the format the readers take (``qyx export``), so that an export
imports again unchanged."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO

from qyx_platform.i18n import _
from qyx_platform.tabular.errors import TabularError

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
            raise TabularError(_("an .xlsx file cannot go to a text stream; give --out FILE.xlsx"))
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
        raise TabularError(
            _("cannot write {file}: {reason}", file=path, reason=exc.strerror or exc)
        ) from None
    return count
