"""A report as an Excel workbook (openpyxl): a contents sheet with the prose, one sheet per
section table, and a charts sheet holding each indicator's actuals and targets by year with a
native Excel line chart beside them."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from qyx_platform.model.reports import Cell, Report, ReportChart, ReportTable

#: rows a chart block takes on the charts sheet (title, categories, series, room for the chart)
CHART_BLOCK_ROWS = 18
_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(index: int, key: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\) for a table."""
    base = _BAD.sub("_", f"{index:02d} {key}")[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f"~{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _put(ws: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        cell.number_format = "0." + "0" * places if places else "0"


def table_sheet(ws: Worksheet, table: ReportTable, heading: str) -> None:
    """Row 1: the table's title; row 2: the section's heading; row 3: the columns; then rows."""
    ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=12)
    ws.cell(row=2, column=1, value=heading)
    for j, name in enumerate(table.columns, start=1):
        ws.cell(row=3, column=j, value=name).font = Font(bold=True)
    for i, row in enumerate(table.rows, start=4):
        for j, value in enumerate(row, start=1):
            _put(ws, i, j, value)
    for j, name in enumerate(table.columns, start=1):
        width = max([len(name) * 2, *(len(str(r[j - 1] or "")) * 2 for r in table.rows[:200])], default=8)
        ws.column_dimensions[ws.cell(row=3, column=j).column_letter].width = min(max(width, 8), 60)
    ws.freeze_panes = "A4"


def chart_block(ws: Worksheet, top: int, chart: ReportChart) -> None:
    """The chart's data at ``top`` (title, categories, one row per series) and a line chart
    of it anchored to the right."""
    ws.cell(row=top, column=1, value=chart.title + (f" ({chart.unit})" if chart.unit else "")).font = Font(
        bold=True
    )
    ws.cell(row=top + 1, column=1, value="")
    for j, category in enumerate(chart.categories, start=2):
        ws.cell(row=top + 1, column=j, value=category)
    for k, series in enumerate(chart.series):
        r = top + 2 + k
        ws.cell(row=r, column=1, value=series.name)
        for j, value in enumerate(series.values, start=2):
            _put(ws, r, j, value)
    last_col = 1 + len(chart.categories)
    line = LineChart()
    line.title = chart.title
    line.y_axis.title = chart.unit
    line.height, line.width = 7.5, 16
    data = Reference(ws, min_col=1, max_col=last_col, min_row=top + 2, max_row=top + 1 + len(chart.series))
    line.add_data(data, from_rows=True, titles_from_data=True)
    line.set_categories(Reference(ws, min_col=2, max_col=last_col, min_row=top + 1, max_row=top + 1))
    ws.add_chart(line, ws.cell(row=top, column=last_col + 2).coordinate)


def to_xlsx(report: Report) -> bytes:
    """The workbook's bytes."""
    wb = Workbook()
    contents = wb.active
    assert contents is not None
    contents.title = report.language.pick("目录", "Contents")
    contents.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=14)
    contents.cell(row=2, column=1, value=report.subtitle())
    row = 4
    taken = {contents.title.lower()}
    index = 0
    charts: list[ReportChart] = []
    wrap = Alignment(wrap_text=True, vertical="top")
    contents.column_dimensions["A"].width = 30
    contents.column_dimensions["B"].width = 100
    for section in report.sections:
        contents.cell(row=row, column=1, value=section.heading).font = Font(bold=True)
        contents.cell(row=row, column=2, value=section.text.strip()).alignment = wrap
        row += 1
        for table in section.tables:
            index += 1
            name = sheet_name(index, table.key, taken)
            table_sheet(wb.create_sheet(name), table, section.heading)
            contents.cell(row=row, column=1, value=name)
            contents.cell(row=row, column=2, value=table.title)
            row += 1
        charts.extend(section.charts)
        row += 1
    if charts:
        ws = wb.create_sheet(sheet_name(index + 1, report.language.pick("图表", "charts"), taken))
        for n, chart in enumerate(charts):
            chart_block(ws, 1 + n * CHART_BLOCK_ROWS, chart)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
