"""Files in and out, from Python: import, export, the blank template."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from qyx_platform.services.auth import Actor
    from qyx_platform.services.importing import ImportResult
    from qyx_platform.services.observations import Progress

from qyx_platform.api._base import (
    APIBase,
    _local_operator,
    english,
)


class FileAPI(APIBase):
    """``import_file``, ``export`` and ``template`` of :class:`~qyx_platform.platform.Platform`."""

    # -- files ---------------------------------------------------------------------------------

    def import_file(
        self,
        path: str | Path,
        *,
        actor: Actor | None = None,
        check_only: bool = False,
        progress: Progress | None = None,
        fmt: str | None = None,
        encoding: str | None = None,
        sheet: str | None = None,
    ) -> ImportResult:
        """Import a CSV, TSV or XLSX file of values as one all-or-nothing report (as
        ``qyx import``); raises FileValidationError listing every problem by line and column."""
        from qyx_platform.services.importing import import_file

        return import_file(
            self,  # type: ignore[arg-type]
            path,
            actor or _local_operator(),
            fmt=fmt,
            encoding=encoding,
            sheet=sheet,
            progress=progress,
            check_only=check_only,
        )

    def export(
        self,
        target: str | Path | IO[str],
        *,
        fmt: str | None = None,
        lang: str | None = None,
        indicators: Iterable[str] = (),
        jurisdiction: str | None = None,
    ) -> int:
        """Write the current values to a file path or text stream in the import format (as
        ``qyx export``); returns the number of values. ``lang`` zh or en picks the headers
        (default: the language in force)."""
        from qyx_platform.services.export import export_values
        from qyx_platform.tabular import detect_format

        chosen = fmt or (detect_format(target) if isinstance(target, str | Path) else "csv")
        language = lang or ("en" if english() else "zh")
        return export_values(
            self,  # type: ignore[arg-type]
            target,
            fmt=chosen,
            lang=language,
            indicators=tuple(indicators),
            jurisdiction=jurisdiction,
        )

    def template(
        self,
        target: str | Path | IO[str],
        department: str,
        period: str,
        *,
        fmt: str | None = None,
        lang: str | None = None,
        jurisdiction: str | None = None,
    ) -> int:
        """Write a blank file of what ``department`` owes for ``period`` (as ``qyx template``):
        one row per indicator, reporting cycle and series, with its name, unit and target
        beside the code and an empty value to fill in; returns the number of rows."""
        from qyx_platform.services.template import write_template
        from qyx_platform.tabular import detect_format

        chosen = fmt or (detect_format(target) if isinstance(target, str | Path) else "csv")
        return write_template(
            self.plan,
            target,
            department,
            period,
            fmt=chosen,
            lang=lang or ("en" if english() else "zh"),
            jurisdiction=jurisdiction,
        )
