"""Importing a file of values (``qyx import``): read it (:mod:`qyx_platform.tabular`), report
its rows through :meth:`Platform.report <qyx_platform.platform.Platform.report>` as one
all-or-nothing batch, and map every problem back to its file line and column header
(``line 50002, column 数值: 'abc' is not a number``)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qyx_platform.errors import RowError, ValidationError
from qyx_platform.i18n import _
from qyx_platform.model import StoredObservation
from qyx_platform.services.auth import Actor
from qyx_platform.services.observations import Progress
from qyx_platform.services.validation import SAME_KEY
from qyx_platform.tabular.errors import FileValidationError, TabularError
from qyx_platform.tabular.headers import FIELDS
from qyx_platform.tabular.read import ParsedRows, open_table, parse_table

if TYPE_CHECKING:
    from qyx_platform.platform import Platform


@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows read; revisions written for new keys and for revised ones;
    rows identical to their value's latest revision (unchanged: nothing written)."""

    source: str
    rows: int
    new_values: int
    revised: int
    blank_lines: int
    seconds: float
    checked_only: bool = False
    unchanged: int = 0

    @property
    def revisions(self) -> int:
        """New revisions written (every row is one)."""
        return self.new_values + self.revised

    def summary(self) -> str:
        """A one-line summary for the terminal."""
        rate = _(", {rate:,.0f} rows/s", rate=self.rows / self.seconds) if self.seconds > 0 else ""
        if self.checked_only:
            return _(
                "checked {rows:,} row(s) of {file}: no problems; nothing written ({seconds:.1f} s{rate})",
                rows=self.rows,
                file=self.source,
                seconds=self.seconds,
                rate=rate,
            )
        return _(
            "imported {rows:,} row(s) from {source}: {new:,} new, {revised:,} revised, "
            "{unchanged:,} unchanged (nothing written for those) in {seconds:.1f} s{rate}",
            rows=self.rows,
            source=self.source,
            new=self.new_values,
            revised=self.revised,
            unchanged=self.unchanged,
            seconds=self.seconds,
            rate=rate,
        )


def _to_file_errors(errors: Iterable[RowError], parsed: ParsedRows) -> list[RowError]:
    """Map service RowErrors (``index`` = position in ``parsed.rows``) to file lines and
    column headers; a repeated key names the file line of the first row too."""

    def line_of(index: int) -> int | None:
        return parsed.lines[index] if 0 <= index < len(parsed.lines) else None

    mapped: list[RowError] = []
    for e in errors:
        line = line_of(e.index)
        column = parsed.headers.label(e.field) if e.field in FIELDS else e.field
        message = e.message
        if e.related is not None and (first := line_of(e.related)) is not None:
            message = _("repeats line {first} ({same})", first=first, same=_(SAME_KEY))
        mapped.append(RowError(line or 0, column, message))
    return mapped


def import_rows(
    platform: Platform,
    parsed: ParsedRows,
    actor: Actor,
    *,
    source: str = "import",
    progress: Progress | None = None,
    check_only: bool = False,
) -> Sequence[StoredObservation]:
    """Report parsed rows as one batch; raise FileValidationError (all problems, by line and
    column) when any row is rejected, in which case nothing is written. With ``check_only``
    the rows are validated in a read-only session and nothing is written either way."""
    if not parsed.rows and not parsed.errors:
        raise TabularError(
            _(
                "{file}: no data rows below the header (line {line})",
                file=parsed.source,
                line=parsed.headers.line,
            )
        )
    if parsed.errors or check_only:
        # validate the readable rows too, so that one run lists every problem of the file
        service_errors: list[RowError] = []
        if parsed.rows:
            with platform.sessions() as session:
                try:
                    platform.reporting.validate(session, parsed.rows, actor, progress)
                except ValidationError as exc:
                    service_errors = _to_file_errors(exc.errors, parsed)
                finally:
                    session.rollback()
        problems = sorted(parsed.errors + service_errors, key=lambda e: e.index)
        if problems:
            raise FileValidationError(parsed.source, problems)
        return []
    try:
        return platform.report(parsed.rows, actor=actor, source=source, progress=progress)
    except FileValidationError:
        raise
    except ValidationError as exc:
        raise FileValidationError(parsed.source, _to_file_errors(exc.errors, parsed)) from None


def import_file(
    platform: Platform,
    path: str | Path,
    actor: Actor,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    source: str = "import",
    progress: Progress | None = None,
    check_only: bool = False,
) -> ImportResult:
    """Import a CSV, TSV or XLSX file of values as one all-or-nothing report.

    Raises TabularError for an unreadable file or header row, FileValidationError (every
    problem by file line and column) when rows are rejected, PermissionDeniedError when the
    actor may not report. ``progress(stage, done, total)`` sees the stages ``read``,
    ``validate`` and ``write``.
    """
    started = time.perf_counter()
    table = open_table(path, fmt=fmt, encoding=encoding, sheet=sheet)
    try:
        parsed = parse_table(table, progress)
    finally:
        table.close()
    stored = import_rows(platform, parsed, actor, source=source, progress=progress, check_only=check_only)
    new_values = sum(1 for s in stored if s.revision == 1)
    return ImportResult(
        source=str(path),
        rows=len(parsed.rows),
        new_values=new_values,
        revised=len(stored) - new_values,
        unchanged=getattr(stored, "unchanged", 0),
        blank_lines=parsed.blank,
        seconds=time.perf_counter() - started,
        checked_only=check_only,
    )
