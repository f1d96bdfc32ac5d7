"""``qyx import`` and ``qyx export``: values to and from CSV, TSV and XLSX files.

    qyx import values.csv [--db URL] [--token T] [--progress] [--check]
    qyx export [--out values.xlsx] [--format csv|tsv|xlsx] [--indicator CODE] \\
               [--jurisdiction CODE] [--lang zh|en]

Import is all or nothing: any problem (listed by file line and column on stderr, the first
50 and a count) means exit status 2 and nothing written. Progress bars (rich) go to stderr
when it is a terminal or with ``--progress``; a one-line summary follows a successful import.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from qyx_platform import config
from qyx_platform.cli._base import Commands, note, open_platform
from qyx_platform.i18n import N_, _, current_language

ORDER = 30
ENV_TOKEN = config.ENV_TOKEN
#: the file formats (the keys of tabular.EXTENSIONS, written out to keep start-up light)
FORMATS = ("csv", "tsv", "xlsx")


#: the stages of an import as a progress bar names them
STAGES = {"read": N_("reading"), "validate": N_("checking"), "write": N_("writing")}


class ImportProgress:
    """A rich progress display on a stream, one bar per stage of an import (read, validate,
    write). Usable as the ``progress(stage, done, total)`` callback of the reporting service;
    :meth:`close` stops it. On a stream that is not a terminal (``--progress`` in a pipe) the
    final state of each bar is printed once, at the end."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskID,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream, highlight=False),
        )
        self.tasks: dict[str, TaskID] = {}
        self.started = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.started:
            self.progress.start()
            self.started = True
        task = self.tasks.get(stage)
        if task is None:
            label = _(STAGES[stage]) if stage in STAGES else stage
            task = self.tasks[stage] = self.progress.add_task(label, total=total)
        self.progress.update(task, completed=done, total=total)

    def close(self) -> None:
        """Stop the display (printing the final state of each bar)."""
        if self.started:
            self.progress.stop()
            self.started = False


def _show_progress(choice: bool | None, stream: TextIO) -> bool:
    if choice is not None:
        return choice
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def cmd_import(args: argparse.Namespace) -> int:
    """Import a CSV, TSV or XLSX file of values as one all-or-nothing report."""
    from qyx_platform.services.auth import LOCAL_OPERATOR
    from qyx_platform.services.importing import import_file
    from qyx_platform.store.queries import collection_paused

    if args.all:
        return restore_database(args)
    with open_platform(args) as platform:
        token = args.token or config.token()
        actor = platform.actor(token) if token else LOCAL_OPERATOR
        bar = ImportProgress(sys.stderr) if _show_progress(args.progress, sys.stderr) else None
        # the command owns its process: no cyclic collections while a large file's rows (which
        # form no cycles) are read and checked; the library itself never pauses the collector
        try:
            with collection_paused():
                result = import_file(
                    platform,
                    args.file,
                    actor,
                    fmt=args.format,
                    encoding=args.encoding,
                    sheet=args.sheet,
                    source="import",
                    progress=bar,
                    check_only=args.check,
                )
        finally:
            if bar is not None:
                bar.close()
        note(result.summary())
    return 0


def backup_database(args: argparse.Namespace) -> int:
    """``qyx export --all --out FILE``: the whole database as a backup file."""
    from pathlib import Path

    from qyx_platform.errors import ConfigurationError
    from qyx_platform.services.backup import backup

    if args.out in (None, "-"):
        raise ConfigurationError(_("a backup needs --out FILE (.jsonl, or .jsonl.gz to compress)"))
    with open_platform(args) as platform:  # migrates an old database first
        count = backup(platform.engine, Path(args.out))
    note(_("backed up {count:,} row(s) to {file}", count=count, file=args.out))
    return 0


def restore_database(args: argparse.Namespace) -> int:
    """``qyx import --all FILE``: replace the database's content with a backup, in one
    transaction (refused over reported data unless --replace)."""
    from pathlib import Path

    from qyx_platform.services.backup import restore
    from qyx_platform.store import make_engine, migrate

    engine = make_engine(args.db)
    try:
        migrate(engine)
        count = restore(engine, Path(args.file), replace=args.replace)
    finally:
        engine.dispose()
    with open_platform(args):  # re-sync the plan of the installed plugins over the restored one
        pass
    note(_("restored {count:,} row(s) from {file}", count=count, file=args.file))
    return 0


def export_language(args: argparse.Namespace) -> str:
    """The header language of an export: ``zh`` or ``en`` (``--lang``, else the language in force)."""
    return "en" if (getattr(args, "lang", None) or current_language()) == "en" else "zh"


def cmd_export(args: argparse.Namespace) -> int:
    """Export current values in the import format."""
    from qyx_platform.errors import ConfigurationError
    from qyx_platform.services.export import export_values
    from qyx_platform.tabular import detect_format

    if args.all:
        return backup_database(args)
    to_stdout = args.out in (None, "-")
    if to_stdout:
        fmt = (args.format or "csv").lower()
        if fmt == "xlsx":
            raise ConfigurationError(_("an .xlsx export needs --out FILE.xlsx"))
    else:
        fmt = detect_format(args.out, args.format)
    with open_platform(args) as platform:
        target: Any = sys.stdout if to_stdout else args.out
        count = export_values(
            platform,
            target,
            fmt=fmt,
            lang=export_language(args),
            indicators=args.indicator or (),
            jurisdiction=args.jurisdiction,
        )
        if to_stdout:
            sys.stdout.flush()
    note(
        _("exported {count:,} value(s) to stdout", count=count)
        if to_stdout
        else _("exported {count:,} value(s) to {file}", count=count, file=args.out)
    )
    return 0


def _accepted_headers() -> str:
    from qyx_platform.tabular import accepted_headers

    return _("Accepted headers:") + "\n" + accepted_headers()


def register(commands: Commands) -> None:
    """Add ``import`` and ``export``."""
    imp = commands.add(
        "import",
        cmd_import,
        _("import values from a CSV, TSV or XLSX file (all or nothing)"),
        description=_(
            "Import reported values from a CSV, TSV or XLSX file as one all-or-nothing "
            "batch. Problems are listed by file line and column; then nothing is written "
            "and the exit status is 2."
        ),
        database=True,
        epilog_factory=_accepted_headers,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", help=_("the file (.csv, .tsv or .xlsx)"))
    imp.add_argument(
        "--token",
        default=None,
        help=_("report as this token (default: ${env}, else as the local operator)", env=ENV_TOKEN),
    )
    imp.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_("show a progress bar on stderr (default: when stderr is a terminal)"),
    )
    imp.add_argument("--format", choices=FORMATS, help=_("file format (default: from the extension)"))
    imp.add_argument("--encoding", help=_("text encoding (default: BOM, else UTF-8, else GBK/GB18030)"))
    imp.add_argument("--sheet", help=_("XLSX sheet name (default: the first sheet)"))
    imp.add_argument(
        "--check", action="store_true", help=_("validate only; write nothing whatever the outcome")
    )
    imp.add_argument(
        "--all",
        action="store_true",
        help=_("FILE is a backup from `qyx export --all`: restore the whole database"),
    )
    imp.add_argument(
        "--replace",
        action="store_true",
        help=_("with --all: overwrite a database that holds reported data"),
    )

    exp = commands.add(
        "export",
        cmd_export,
        _("export current values as CSV, TSV or XLSX (the import format)"),
        description=_(
            "Export current values (the newest approved revision of each value) in the "
            "format `qyx import` reads, sorted by plan number, jurisdiction, period, series."
        ),
        database=True,
    )
    exp.add_argument(
        "--all",
        action="store_true",
        help=_("back up the whole database (plan, every revision, tokens' hashes, problems, audit) to --out"),
    )
    exp.add_argument(
        "--out",
        metavar="FILE",
        help=_("output file; '-' or none: CSV on stdout (files: CSV with a UTF-8 BOM for Excel)"),
    )
    exp.add_argument("--format", choices=FORMATS, help=_("file format (default: from --out, else csv)"))
    exp.add_argument(
        "--indicator",
        action="append",
        metavar="CODE",
        help=_("only this indicator (code or plan number); repeatable"),
    )
    exp.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help=_("only this county, or everything under this city or province code"),
    )
