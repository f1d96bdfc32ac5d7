"""Writing a periodic report to a file: Markdown, a self-contained HTML page, XLSX, DOCX.

Every format is written from the same :class:`~qyx_platform.model.reports.Report`, so they
carry the same figures: a cell is printed with :func:`~qyx_platform.model.reports.format_cell`
(Markdown, HTML, DOCX) or stored as the same exact number (XLSX).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _
from qyx_platform.model.reports import Report

#: progress of a long write: (stage, done, total)
Progress = Callable[[str, int, int], None]


class ReportFormat(Enum):
    """The file formats a report is written in."""

    MD = "md"
    HTML = "html"
    XLSX = "xlsx"
    DOCX = "docx"

    @property
    def binary(self) -> bool:
        """True for the formats that are not text (XLSX, DOCX)."""
        return self in (ReportFormat.XLSX, ReportFormat.DOCX)


#: the media type of each format
MEDIA_TYPES = {
    ReportFormat.MD: "text/markdown; charset=utf-8",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class ReportFile:
    """A report written as a file: its name (``annual-2025-331126.xlsx``), media type and
    bytes (the GraphQL ``reportFile`` carries them base64-encoded)."""

    filename: str
    media_type: str
    content: bytes

    def save(self, target: Path) -> Path:
        """Write the bytes to ``target`` (a folder: under :attr:`filename`) whole, never
        half; return the path written."""
        path = target / self.filename if target.is_dir() else target
        _write_whole(path, self.content)
        return path


def report_file(report: Report, fmt: ReportFormat, progress: Progress | None = None) -> ReportFile:
    """The report as a :class:`ReportFile` in ``fmt``, named after its kind, period and
    jurisdiction (``progress`` is told about a long write, as :func:`render` does)."""
    name = f"{report.kind.value}-{report.period}-{report.jurisdiction}.{fmt.value}"
    return ReportFile(name, MEDIA_TYPES[fmt], render(report, fmt, progress))


def render(report: Report, fmt: ReportFormat, progress: Progress | None = None) -> bytes:
    """The report as the bytes of a file in ``fmt`` (text formats in UTF-8)."""
    if fmt is ReportFormat.MD:
        return report.markdown().encode("utf-8")
    if fmt is ReportFormat.HTML:
        from qyx_platform.report_formats.html import to_html

        return to_html(report).encode("utf-8")
    if fmt is ReportFormat.XLSX:
        from qyx_platform.report_formats.xlsx import to_xlsx

        return to_xlsx(report)
    from qyx_platform.report_formats.docx import to_docx

    return to_docx(report, progress)


def _write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file renamed over ``path``, never half."""
    tmp = path.with_name(path.name + ".partial")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise QyxError(_("cannot write {path}: {reason}", path=path, reason=exc.strerror or exc)) from None
