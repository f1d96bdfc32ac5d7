"""The ``qyx import`` and ``qyx export`` commands.

    qyx import values.csv [--db URL] [--token T] [--progress] [--check]
    qyx export [--out values.xlsx] [--format csv|tsv|xlsx] [--indicator CODE] \\
               [--jurisdiction CODE] [--lang zh|en]

Import is all or nothing: any problem (listed by file line and column on stderr, the first
50 and a count) means exit status 2 and nothing written. A progress bar goes to stderr when
it is a terminal or with ``--progress``; a one-line summary follows a successful import.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from qyx_platform import config
from qyx_platform.tabular import EXTENSIONS, accepted_headers

ENV_TOKEN = config.ENV_TOKEN


class ProgressBar:
    """A plain-text progress line on a stream: ``\\rimport: validate 45,000/100,000 (45%)``.

    Redrawn when the stage or the percentage changes, at most every ``interval`` seconds
    within a stage; :meth:`close` ends the line. Usable as a ``progress(stage, done, total)``
    callback of the reporting service.
    """

    def __init__(self, label: str, stream: TextIO, *, interval: float = 0.1) -> None:
        self.label = label
        self.stream = stream
        self.interval = interval
        self._last: tuple[str, int] | None = None
        self._drawn_at = 0.0
        self._width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 100
        now = time.monotonic()
        key = (stage, percent)
        if key == self._last:
            return
        changed_stage = self._last is None or self._last[0] != stage
        if not changed_stage and percent < 100 and now - self._drawn_at < self.interval:
            return
        text = f"{self.label}: {stage} {done:,}/{total:,} ({percent}%)"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(text))
        self._last = key
        self._drawn_at = now

    def close(self) -> None:
        """End the progress line (if anything was drawn)."""
        if self._last is not None:
            self.stream.write("\n")
            self.stream.flush()
            self._last = None


def _show_progress(choice: bool | None, stream: TextIO) -> bool:
    if choice is not None:
        return choice
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def cmd_import(args: argparse.Namespace) -> int:
    """Import a CSV, TSV or XLSX file of values as one all-or-nothing report."""
    from qyx_platform.platform import Platform
    from qyx_platform.services.auth import LOCAL_OPERATOR
    from qyx_platform.services.importing import import_file

    if args.all:
        return restore_database(args)
    platform = Platform(args.db)
    try:
        token = args.token or config.token()
        actor = platform.actor(token) if token else LOCAL_OPERATOR
        bar = ProgressBar("import", sys.stderr) if _show_progress(args.progress, sys.stderr) else None
        try:
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
        print(result.summary(), file=sys.stderr)
        return 0
    finally:
        platform.close()


def backup_database(args: argparse.Namespace) -> int:
    """``qyx export --all --out FILE``: the whole database as a backup file."""
    from pathlib import Path

    from qyx_platform.errors import ConfigurationError
    from qyx_platform.platform import Platform
    from qyx_platform.services.backup import backup

    if args.out in (None, "-"):
        raise ConfigurationError("a backup needs --out FILE (.jsonl, or .jsonl.gz to compress)")
    platform = Platform(args.db)  # migrates an old database first
    try:
        count = backup(platform.engine, Path(args.out))
    finally:
        platform.close()
    print(f"backed up {count:,} row(s) to {args.out}", file=sys.stderr)
    return 0


def restore_database(args: argparse.Namespace) -> int:
    """``qyx import --all FILE``: replace the database's content with a backup, in one
    transaction (refused over reported data unless --replace)."""
    from pathlib import Path

    from qyx_platform.platform import Platform
    from qyx_platform.services.backup import restore
    from qyx_platform.store import make_engine, migrate

    engine = make_engine(args.db)
    try:
        migrate(engine)
        count = restore(engine, Path(args.file), replace=args.replace)
    finally:
        engine.dispose()
    Platform(args.db).close()  # re-sync the plan of the installed plugins over the restored one
    print(f"restored {count:,} row(s) from {args.file}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export current values in the import format."""
    from qyx_platform.errors import ConfigurationError
    from qyx_platform.platform import Platform
    from qyx_platform.services.export import export_values
    from qyx_platform.tabular import detect_format

    if args.all:
        return backup_database(args)
    to_stdout = args.out in (None, "-")
    if to_stdout:
        fmt = (args.format or "csv").lower()
        if fmt == "xlsx":
            raise ConfigurationError("an .xlsx export needs --out FILE.xlsx")
    else:
        fmt = detect_format(args.out, args.format)
    platform = Platform(args.db)
    try:
        target: Any = sys.stdout if to_stdout else args.out
        count = export_values(
            platform,
            target,
            fmt=fmt,
            lang=args.lang,
            indicators=args.indicator or (),
            jurisdiction=args.jurisdiction,
        )
        if to_stdout:
            sys.stdout.flush()
        print(f"exported {count:,} value(s) to {'stdout' if to_stdout else args.out}", file=sys.stderr)
        return 0
    finally:
        platform.close()


def add_io_commands(sub: Any, with_db: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]) -> None:
    """Register the ``import`` and ``export`` sub-commands on the ``qyx`` parser."""
    formats = sorted(EXTENSIONS)
    imp = with_db(
        sub.add_parser(
            "import",
            help="import values from a CSV, TSV or XLSX file (all or nothing)",
            description=(
                "Import reported values from a CSV, TSV or XLSX file as one all-or-nothing "
                "batch. Problems are listed by file line and column; then nothing is written "
                "and the exit status is 2."
            ),
            epilog="Accepted headers:\n" + accepted_headers(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    imp.set_defaults(func=cmd_import)
    imp.add_argument("file", help="the file (.csv, .tsv or .xlsx)")
    imp.add_argument(
        "--token",
        default=None,
        help=f"report as this token (default: ${ENV_TOKEN}, else as the local operator)",
    )
    imp.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal)",
    )
    imp.add_argument("--format", choices=formats, help="file format (default: from the extension)")
    imp.add_argument("--encoding", help="text encoding (default: BOM, else UTF-8, else GBK/GB18030)")
    imp.add_argument("--sheet", help="XLSX sheet name (default: the first sheet)")
    imp.add_argument("--check", action="store_true", help="validate only; write nothing whatever the outcome")
    imp.add_argument(
        "--all",
        action="store_true",
        help="FILE is a backup from `qyx export --all`: restore the whole database",
    )
    imp.add_argument(
        "--replace", action="store_true", help="with --all: overwrite a database that holds reported data"
    )

    exp = with_db(
        sub.add_parser(
            "export",
            help="export current values as CSV, TSV or XLSX (the import format)",
            description=(
                "Export current values (the newest approved revision of each value) in the "
                "format `qyx import` reads, sorted by plan number, jurisdiction, period, series."
            ),
        )
    )
    exp.set_defaults(func=cmd_export)
    exp.add_argument(
        "--all",
        action="store_true",
        help="back up the whole database (plan, every revision, tokens' hashes, problems, audit) to --out",
    )
    exp.add_argument(
        "--out",
        metavar="FILE",
        help="output file; '-' or none: CSV on stdout (files: CSV with a UTF-8 BOM for Excel)",
    )
    exp.add_argument("--format", choices=formats, help="file format (default: from --out, else csv)")
    exp.add_argument(
        "--indicator",
        action="append",
        metavar="CODE",
        help="only this indicator (code or plan number); repeatable",
    )
    exp.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help="only this county, or everything under this city or province code",
    )
    exp.add_argument("--lang", choices=["zh", "en"], default="zh", help="header language (default: zh)")
