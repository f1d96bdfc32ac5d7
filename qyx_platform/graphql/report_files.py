"""A periodic report as a file (``reportFile``): the dashboard's downloads, written by the same
writers as ``qyx report --format md|html|xlsx|docx``, carried base64-encoded in the answer so
that the pages read everything through ``/graphql``."""

from __future__ import annotations

import base64
from enum import Enum

import strawberry
from graphql import GraphQLError

from qyx_platform.errors import NotFoundError, ReportInputError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.reports import ReportKindEnum, ReportLanguageEnum
from qyx_platform.i18n import _
from qyx_platform.model.reports import Language, ReportKind
from qyx_platform.report_formats import ReportFormat
from qyx_platform.services.arguments import parse_id


@strawberry.enum(name="ReportFileFormat", description="The file formats of a report.")
class ReportFileFormatEnum(Enum):
    """Markdown, a self-contained HTML page, an Excel workbook or a Word document."""

    MD = "md"
    HTML = "html"
    XLSX = "xlsx"
    DOCX = "docx"


@strawberry.type(description="A report written as a file.")
class ReportFile:
    """The file's name, media type and bytes (base64)."""

    filename: str
    media_type: str
    content: str = strawberry.field(description="The file's bytes, base64-encoded.")


def report_file(
    info: Info,
    kind: ReportKindEnum,
    period: str,
    format: ReportFileFormatEnum,
    jurisdiction: str | None = None,
    lang: ReportLanguageEnum = ReportLanguageEnum.ZH,
    frozen: strawberry.ID | None = None,
) -> ReportFile:
    """The live report (or, with frozen, that snapshot exactly as frozen) as a file: the same
    bytes as `qyx report --format` writes."""
    key = None
    if frozen is not None:
        key = parse_id(frozen)
        if key is None:
            raise GraphQLError(_("no frozen report {id}", id=repr(frozen)))
    try:
        written = info.context.platform.reports.file(
            ReportKind(kind.value),
            period,
            ReportFormat(format.value),
            jurisdiction,
            Language(lang.value),
            frozen=key,
            readings=info.context.readings,
        )
    except ReportInputError as exc:
        raise GraphQLError(str(exc), extensions={"field": exc.field}) from None
    except NotFoundError as exc:
        raise GraphQLError(str(exc)) from None
    return ReportFile(
        filename=written.filename,
        media_type=written.media_type,
        content=base64.b64encode(written.content).decode("ascii"),
    )
