"""Tabular files of reported values: CSV, TSV and XLSX with Chinese or English headers.

File formats only (headers, cells, reading, writing; no Platform, no services): importing a
file is :mod:`qyx_platform.services.importing`.

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

from qyx_platform.tabular.cells import CellError, excel_number, normalise_period_text
from qyx_platform.tabular.errors import FileValidationError, TabularError, format_line_error
from qyx_platform.tabular.headers import (
    FIELDS,
    HEADER_ALIASES,
    HEADERS,
    INFORMATIONAL_HEADERS,
    REQUIRED_FIELDS,
    accepted_headers,
    match_headers,
    normalise_header,
)
from qyx_platform.tabular.read import EXTENSIONS, ParsedRows, Table, detect_format, open_table, parse_table
from qyx_platform.tabular.write import plain_decimal_text, write_table

__all__ = [
    "EXTENSIONS",
    "FIELDS",
    "HEADERS",
    "HEADER_ALIASES",
    "INFORMATIONAL_HEADERS",
    "REQUIRED_FIELDS",
    "CellError",
    "FileValidationError",
    "ParsedRows",
    "Table",
    "TabularError",
    "accepted_headers",
    "detect_format",
    "excel_number",
    "format_line_error",
    "match_headers",
    "normalise_header",
    "normalise_period_text",
    "open_table",
    "parse_table",
    "plain_decimal_text",
    "write_table",
]
