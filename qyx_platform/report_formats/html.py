"""A report as one self-contained, printable HTML page: styles inline, charts as inline SVG,
no script, no link, nothing fetched from anywhere."""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape

from qyx_platform.model.reports import Language, Report, ReportTable, format_cell
from qyx_platform.report_formats.svg import chart_svg

STYLE = """
body { font-family: "Noto Serif CJK SC", "SimSun", "Songti SC", serif; margin: 2em auto;
       max-width: 60em; color: #111; line-height: 1.5; }
h1 { font-size: 1.6em; text-align: center; }
h2 { font-size: 1.25em; border-bottom: 1px solid #999; margin-top: 1.6em; }
.meta { text-align: center; color: #444; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; width: 100%; }
caption { font-weight: bold; text-align: left; padding: 0.3em 0; }
th, td { border: 1px solid #666; padding: 0.2em 0.4em; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; page-break-inside: avoid; }
svg.chart { max-width: 100%; height: auto; font-family: sans-serif; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
               table { page-break-inside: auto; } tr { page-break-inside: avoid; } }
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", escape(text))


def prose_html(text: str) -> str:
    """Markdown prose (paragraphs, ``-`` lists, ``**bold**``) as HTML."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            out.append("<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            out.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "\n".join(out)


def table_html(table: ReportTable) -> str:
    """A table with its caption; numbers right-aligned."""
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="num">{escape(format_cell(c))}</td>'
            if isinstance(c, Decimal | int)
            else f"<td>{escape(format_cell(c))}</td>"
            for c in row
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<table id="{escape(table.key)}"><caption>{escape(table.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def to_html(report: Report) -> str:
    """The whole report as an HTML document."""
    lang = "zh-CN" if report.language is Language.ZH else "en"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="meta">{escape(report.subtitle())}</p>',
    ]
    for section in report.sections:
        domain = f' data-domain="{escape(section.domain)}"' if section.domain else ""
        parts.append(f'<section id="{escape(section.key)}"{domain}><h2>{escape(section.heading)}</h2>')
        if section.text.strip():
            parts.append(prose_html(section.text))
        parts.extend(table_html(t) for t in section.tables)
        for chart in section.charts:
            parts.append(f'<figure id="{escape(chart.key)}">{chart_svg(chart)}</figure>')
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
