"""``qyx report``: write a periodic report (月调度, 季分析, 年总结) or a frozen snapshot to a file.

    qyx report monthly|quarterly|annual --period P [--jurisdiction C] [--lang zh|en]
               [--format md|html|xlsx|docx] [--out FILE] [--frozen ID] [--progress]

The report is written in the language of ``--lang`` (else ``$QYX_LANG``, else Chinese).
Without ``--out`` the text formats go to stdout; XLSX and DOCX need ``--out``, a file or a
folder (the report is then named after its kind, period and jurisdiction:
``annual-2025-331126.docx``). A progress bar
(rich) goes to stderr when it is a terminal, or with ``--progress``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from qyx_platform.cli._base import Commands, note, open_platform
from qyx_platform.i18n import _, current_language

ORDER = 40
#: the report kinds and formats (the values of ReportKind and ReportFormat, written out to keep
#: start-up light)
KINDS = ("monthly", "quarterly", "annual")
FORMATS = ("md", "html", "xlsx", "docx")
Progress = Callable[[str, int, int], None]


def register(commands: Commands) -> None:
    """Add ``qyx report``."""
    p = commands.add(
        "report",
        cmd_report,
        _("write a periodic report: monthly 月调度, quarterly 季分析 or annual 年总结"),
        database=True,
    )
    p.add_argument("kind", choices=KINDS, help=_("which report"))
    p.add_argument(
        "--period", required=True, help=_("2025-07 (monthly), 2025Q3 (quarterly) or 2025 (annual)")
    )
    p.add_argument("--jurisdiction", default=None, help=_("GB/T 2260 code (default: the home county 331126)"))
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help=_("md, html, xlsx or docx (default: from the --out file's extension, else md)"),
    )
    p.add_argument(
        "--out",
        metavar="FILE",
        help=_(
            "file to write, or a folder to write it in under its own name (default: stdout, for md and html)"
        ),
    )
    p.add_argument("--frozen", metavar="ID", help=_("write this frozen snapshot instead of the live report"))
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_("show progress on stderr (default: when stderr is a terminal)"),
    )


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on stderr, as a ``progress(stage, done, total)`` callable."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"report: {stage}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


#: file extensions of the report formats
EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".docx": "docx",
}


def report_format(given: str | None, out: str | None) -> str:
    """The format to write: ``--format``, else the ``--out`` file's extension, else md; a file
    named for another format (``x.pdf``, or ``x.docx`` with ``--format md``) is refused rather
    than written in the wrong one."""
    from pathlib import Path

    from qyx_platform.errors import QyxError

    suffix = "" if out is None or Path(out).is_dir() else Path(out).suffix.lower()
    named = EXTENSIONS.get(suffix)
    if suffix and named is None:
        raise QyxError(
            _(
                "{file}: a report is written as .md, .html, .xlsx or .docx; "
                "name the file so, or write to a folder",
                file=out,
            )
        )
    if given and named and given != named:
        raise QyxError(_("{file} is named for {named}, not {format}", file=out, named=named, format=given))
    return given or named or "md"


def cmd_report(args: argparse.Namespace) -> int:
    """Build the live report (or read a snapshot) and write it in the chosen format."""
    from pathlib import Path

    from qyx_platform.errors import QyxError
    from qyx_platform.model.reports import Language, ReportKind
    from qyx_platform.report_formats import ReportFormat, report_file

    fmt = ReportFormat(report_format(args.format, args.out))
    if fmt.binary and not args.out:
        raise QyxError(_("--format {format} writes a binary file: give --out FILE", format=fmt.value))
    kind = ReportKind(args.kind)
    language = Language.EN if current_language() == "en" else Language.ZH
    frozen = None if args.frozen is None else _snapshot_id(args.frozen)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    with open_platform(args) as platform, progress_bar(show) as progress:
        report = platform.reports.live_or_frozen(
            kind, args.period, args.jurisdiction, language, frozen=frozen, progress=progress
        )
        written = report_file(report, fmt, progress)
        if not args.out:
            sys.stdout.write(written.content.decode("utf-8"))
            return 0
        path = written.save(Path(args.out))
    note(
        _(
            "wrote {file}: {title}, {count} sections",
            file=path,
            title=report.title,
            count=len(report.sections),
        )
    )
    return 0


def _snapshot_id(text: str) -> int:
    from qyx_platform.errors import QyxError
    from qyx_platform.services.arguments import parse_id

    key = parse_id(text)
    if key is None:
        raise QyxError(_("--frozen {text}: give the number of a frozen report", text=repr(text)))
    return key
