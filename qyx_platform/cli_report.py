"""``qyx report``: write a periodic report (月调度, 季分析, 年总结) or a frozen snapshot to a file.

    qyx report monthly|quarterly|annual --period P [--jurisdiction C] [--lang zh|en]
               --format md|html|xlsx|docx [--out FILE] [--frozen ID] [--progress]

Without ``--out`` the text formats go to stdout; XLSX and DOCX need ``--out``. A progress bar
(rich) goes to stderr when it is a terminal, or with ``--progress``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _
from qyx_platform.model.reports import Language, Report, ReportKind
from qyx_platform.report_formats import Progress, ReportFormat


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on stderr, as a ``progress(stage, done, total)`` callable."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"report: {stage}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _snapshot_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise QyxError(_("--frozen {text}: give the number of a frozen report", text=repr(text))) from None


def cmd_report(args: argparse.Namespace) -> int:
    """Build the live report (or read a snapshot) and write it in the chosen format."""
    from qyx_platform.platform import Platform
    from qyx_platform.report_formats import render, write

    fmt = ReportFormat(args.format)
    if fmt.binary and not args.out:
        raise QyxError(_("--format {format} writes a binary file: give --out FILE", format=fmt.value))
    kind = ReportKind(args.kind)
    platform = Platform(args.db)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    with progress_bar(show) as progress:
        report: Report
        if args.frozen is not None:
            snapshot = platform.reports.snapshot(_snapshot_id(args.frozen))
            report = snapshot.report
            if report.kind is not kind or report.period != args.period:
                raise QyxError(
                    _(
                        "frozen report {id} is the {kind} report of {period}, not the {asked} report "
                        "of {asked_period}",
                        id=snapshot.id,
                        kind=report.kind.value,
                        period=report.period,
                        asked=kind.value,
                        asked_period=args.period,
                    )
                )
        else:
            report = platform.reports.build(
                kind, args.period, args.jurisdiction, Language(args.lang), progress=progress
            )
        if args.out:
            write(report, fmt, Path(args.out), progress)
        else:
            sys.stdout.write(render(report, fmt).decode("utf-8"))
    if args.out:
        message = _(
            "wrote {file}: {title}, {count} sections",
            file=args.out,
            title=report.title,
            count=len(report.sections),
        )
        print(message, file=sys.stderr)
    return 0


def add_report_command(
    sub: Any, with_db: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]
) -> None:
    """Register ``qyx report`` on the ``qyx`` subcommands."""
    helptext = "write a periodic report (monthly 月调度, quarterly 季分析, annual 年总结)"
    p = with_db(sub.add_parser("report", help=helptext, description=helptext))
    p.set_defaults(func=cmd_report)
    p.add_argument("kind", choices=[k.value for k in ReportKind], help="which report")
    p.add_argument("--period", required=True, help="2025-07 (monthly), 2025Q3 (quarterly) or 2025 (annual)")
    p.add_argument("--jurisdiction", default=None, help="GB/T 2260 code (default: the home county 331126)")
    p.add_argument(
        "--lang", choices=[lang.value for lang in Language], default="zh", help="zh (default) or en"
    )
    p.add_argument(
        "--format",
        choices=[f.value for f in ReportFormat],
        default="md",
        help="md (default), html, xlsx, docx",
    )
    p.add_argument("--out", metavar="FILE", help="file to write (default: stdout, for md and html)")
    p.add_argument("--frozen", metavar="ID", help="write this frozen snapshot instead of the live report")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show progress on stderr (default: when stderr is a terminal)",
    )
