"""A report as a Word document (python-docx), as a county office circulates it: a centred
title, headings per section, the prose, each table with its title in a grid, and each chart
as a picture (PNG drawn by :mod:`.png`) with a caption."""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from qyx_platform.model.reports import Language, Report, ReportTable, format_cell
from qyx_platform.report_formats import Progress
from qyx_platform.report_formats.png import chart_png

#: the East Asian font of the body text (宋体)
EAST_ASIAN_FONT = "SimSun"
_ENGLISH_SERIES = ("Actual", "Target")


def _east_asian(style_font: object) -> None:
    element = getattr(style_font, "element", None)
    if element is None:
        return
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _prose(document: WordDocument, text: str) -> None:
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            for line in lines:
                document.add_paragraph(line[2:].replace("**", ""), style="List Bullet")
        else:
            document.add_paragraph(" ".join(lines).replace("**", ""))


def _table(document: WordDocument, table: ReportTable) -> None:
    title = document.add_paragraph()
    title.add_run(table.title).bold = True
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, name in enumerate(table.columns):
        cell = grid.cell(0, j)
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for i, row in enumerate(table.rows, start=1):
        cells = grid.rows[i].cells
        for j, value in enumerate(row):
            cells[j].text = format_cell(value)
            if isinstance(value, Decimal | int):
                cells[j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def to_docx(report: Report, progress: Progress | None = None) -> bytes:
    """The document's bytes; ``progress`` is told about each chart drawn."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    _east_asian(normal.font)
    for page in document.sections:
        page.left_margin = page.right_margin = Cm(2.2)
    heading = document.add_heading(report.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = document.add_paragraph(report.subtitle())
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    total = sum(len(s.charts) for s in report.sections)
    drawn = 0
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        if section.text.strip():
            _prose(document, section.text)
        for table in section.tables:
            _table(document, table)
        for chart in section.charts:
            fallback = () if report.language is Language.EN else _ENGLISH_SERIES
            document.add_picture(io.BytesIO(chart_png(chart, fallback)), width=Cm(15))
            unit = report.language.pick(f"（{chart.unit}）", f" ({chart.unit})") if chart.unit else ""
            caption = document.add_paragraph(chart.title + unit)
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            drawn += 1
            if progress:
                progress("charts", drawn, total)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
