"""What the dashboard needs beyond the core fields: who the caller is (``me``) and a file
upload that imports like ``qyx import`` (``importObservations``)."""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path
from typing import Annotated

import strawberry

from qyx_platform.errors import PermissionDeniedError, QyxError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DepartmentType
from qyx_platform.graphql.report_types import PermissionDenied
from qyx_platform.i18n import _
from qyx_platform.services.auth import Role
from qyx_platform.services.importing import import_file
from qyx_platform.tabular import EXTENSIONS, FileValidationError

#: largest decoded upload (the request body limit caps the base64 text anyway)
MAX_UPLOAD_BYTES = 700 * 1024


@strawberry.type(description="The caller, as its token says.")
class Viewer:
    """The role and department of the request's token (viewer without a token)."""

    name: str
    role: str = strawberry.field(description="viewer, reporter, supervisor or admin.")
    department: DepartmentType | None = strawberry.field(description="A reporter's department.")
    signed_in: bool = strawberry.field(description="Whether the request carried a valid token.")


def me(info: Info) -> Viewer:
    """Who the caller is: the token's role and department (an unknown or revoked token is an
    error; no token is an anonymous viewer)."""
    actor = info.context.actor
    department = None
    if actor.department is not None:
        found = next((d for d in info.context.plan.departments if d.name == actor.department), None)
        department = None if found is None else DepartmentType(m=found)
    return Viewer(
        name=actor.name,
        role=actor.role.value,
        department=department,
        signed_in=info.context.token is not None,
    )


@strawberry.type(description="Every row of the file was stored as a new revision.")
class ImportAccepted:
    """Rows read and revisions written."""

    rows: int
    new_values: int
    revised: int
    checked_only: bool = strawberry.field(description="True when only checked: nothing written.")


@strawberry.type(description="A problem with one line of an uploaded file.")
class LineError:
    """line: the file line (0 for the whole file); column: the header as written."""

    line: int
    column: str
    message: str


@strawberry.type(description="Nothing was stored: every problem of the file is listed.")
class ImportRejected:
    """The file was rejected as a whole, as ``qyx import`` rejects it."""

    errors: list[LineError]


ImportResult = Annotated[ImportAccepted | ImportRejected | PermissionDenied, strawberry.union("ImportResult")]


def import_observations(
    info: Info,
    filename: str,
    content: Annotated[str, strawberry.argument(description="The file's bytes, base64-encoded.")],
    check: bool = False,
) -> ImportResult:
    """Import a CSV, TSV or XLSX file of values as `qyx import` does: all rows or none, every
    bad line and column named; with check only validate. Needs a reporter token."""
    try:
        actor = info.context.actor
        actor.require(Role.REPORTER, _("importing values"))
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    name = Path(filename).name
    suffix = Path(name).suffix.lower()
    known = sorted(e for group in EXTENSIONS.values() for e in group)
    if suffix not in known:
        return _whole_file(_("{name}: use a file ending in {endings}", name=name, endings=", ".join(known)))
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        return _whole_file(_("the upload is not valid base64"))
    if len(data) > MAX_UPLOAD_BYTES:
        return _whole_file(
            _("the file is larger than {size} KiB; use qyx import", size=MAX_UPLOAD_BYTES // 1024)
        )
    with tempfile.TemporaryDirectory(prefix="qyx-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            result = import_file(info.context.platform, path, actor, source="upload", check_only=check)
        except FileValidationError as exc:
            return ImportRejected(
                errors=[LineError(line=e.index, column=e.field, message=e.message) for e in exc.errors]
            )
        except PermissionDeniedError as exc:
            return PermissionDenied(message=str(exc))
        except QyxError as exc:
            return _whole_file(str(exc).replace(str(path), name))
    return ImportAccepted(
        rows=result.rows, new_values=result.new_values, revised=result.revised, checked_only=check
    )


def _whole_file(message: str) -> ImportRejected:
    return ImportRejected(errors=[LineError(line=0, column="", message=message)])
