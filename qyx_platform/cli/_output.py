"""Printing results: a rich table on a terminal, aligned plain text in a pipe, JSON on request."""

from __future__ import annotations

import sys
from typing import Any

from qyx_platform.i18n import _
from qyx_platform.results import text_width

#: columns wider than this (in terminal cells) fold; narrower ones never do
WIDE = 16


def add_json_option(parser: Any) -> None:
    """The ``--json`` option of a command that prints a table."""
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))


def _fitting(table: Any, width: int) -> tuple[list[str], list[bool], list[list[str]]]:
    """The headers, alignment and cells of the columns that fit ``width``: columns of the
    lowest priority are left out first (a long text column counts at its folded width)."""
    headers, numeric, cells = table.headers(), table.numeric(), table.cells()
    widths = [
        min(max([text_width(h), *(text_width(row[i]) for row in cells)]), WIDE if not n else 10**6)
        for i, (h, n) in enumerate(zip(headers, numeric, strict=True))
    ]
    keep = list(range(len(headers)))
    by_priority = sorted(keep, key=lambda i: (table.columns[i].priority, -i))
    while len(keep) > 2 and sum(widths[i] + 3 for i in keep) + 1 > width:
        keep.remove(by_priority.pop(0))
    return [headers[i] for i in keep], [numeric[i] for i in keep], [[row[i] for i in keep] for row in cells]


def print_result(result: Any, as_json: bool) -> None:
    """Print a ResultTable (or a result of several, which lists them in ``tables()``: the
    scoreboard, timeliness) as JSON, a rich table or plain text."""
    if as_json:
        sys.stdout.write(result.to_json(indent=2) + "\n")
        return
    tables = list(result.tables()) if hasattr(result, "tables") else [result]
    isatty = getattr(sys.stdout, "isatty", None)
    if not (isatty and isatty()):
        sys.stdout.write("\n\n".join(t.text() for t in tables) + "\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for table in tables:
        headers, numeric, cells = _fitting(table, console.width)
        drawn = Table(
            title=str(table.title) or None, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD
        )
        for index, (header, is_number) in enumerate(zip(headers, numeric, strict=True)):
            widest = max([text_width(header), *(text_width(row[index]) for row in cells)])
            if is_number or widest <= WIDE:
                drawn.add_column(
                    header, justify="right" if is_number else "left", no_wrap=True, min_width=widest
                )
            else:  # a long text (a name, a title): folds, but keeps a readable width
                drawn.add_column(header, overflow="fold", min_width=min(widest, WIDE), ratio=1)
        for row in cells:
            drawn.add_row(*row)
        console.print(drawn)
    if not any(len(t) for t in tables):
        console.print(_("(nothing to show)"))
