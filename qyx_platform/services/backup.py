"""Whole-database backup and restore (``qyx export --all`` / ``qyx import --all``).

A backup is a JSON Lines file (gzip when the name ends in ``.gz``): a header line, then one
line per row, tables in foreign-key order. It holds everything: the synced plan, every
observation revision, current values, token hashes (never secrets), problems, frozen reports,
the audit log and the data version. Restoring is one transaction into a migrated database, SQLite or
PostgreSQL alike: it succeeds whole or changes nothing.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import Date, DateTime, Engine, Table, func, insert, select, text

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _
from qyx_platform.store.engine import write_transaction
from qyx_platform.store.meta import current_data_version, set_data_version
from qyx_platform.store.tables import (
    AuditRow,
    Base,
    ObservationRow,
    ProblemRow,
    ReportSnapshotRow,
    TokenRow,
)
from qyx_platform.version import __version__

FORMAT = "qyx-backup"
FORMAT_VERSION = 1
BATCH = 5_000
#: tables whose rows a restore would overwrite; a target holding any needs replace=True
USER_DATA = (ObservationRow, TokenRow, ProblemRow, AuditRow, ReportSnapshotRow)

Progress = Callable[[str, int], None]


def _open(path: Path, mode: str, compressed: bool | None = None) -> IO[str]:
    if path.suffix == ".gz" if compressed is None else compressed:
        return cast(IO[str], gzip.open(path, mode + "t", encoding="utf-8"))
    return path.open(mode, encoding="utf-8", newline="\n")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def backup(engine: Engine, path: Path, progress: Progress | None = None) -> int:
    """Write every row of every table to ``path``; return the number of rows."""
    tmp = path.with_name(path.name + ".partial")
    try:
        count = _write(engine, tmp, path.suffix == ".gz", progress)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)  # a backup file is either complete or absent
    return count


def _write(engine: Engine, tmp: Path, compressed: bool, progress: Progress | None) -> int:
    count = 0
    with engine.connect() as connection, _open(tmp, "w", compressed) as out:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "schema_revision": revision,
            "qyx_version": __version__,
            "created_at": datetime.now(UTC).isoformat(),
            "tables": [t.name for t in _tables()],
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for table in _tables():
            order = list(table.primary_key.columns)
            for row in connection.execute(select(table).order_by(*order)).mappings():
                line = {"t": table.name, "r": {k: _plain(v) for k, v in row.items()}}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
                if progress and count % BATCH == 0:
                    progress(table.name, count)
    return count


def _read(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        with _open(path, "r") as source:
            first = source.readline()
            try:
                header = json.loads(first)
            except json.JSONDecodeError:
                header = None
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise QyxError(_("{file} is not a qyx backup (made by `qyx export --all`)", file=path))
            if header.get("version") != FORMAT_VERSION:
                raise QyxError(
                    _(
                        "{file} is backup format {version}; this qyx reads {supported}",
                        file=path,
                        version=header.get("version"),
                        supported=FORMAT_VERSION,
                    )
                )
            for number, line in enumerate(source, start=2):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    yield item["t"], item["r"]
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise QyxError(
                        _(
                            "{file}, line {line}: not a backup row; the file is damaged",
                            file=path,
                            line=number,
                        )
                    ) from None
    except OSError as exc:
        raise QyxError(_("cannot read {file}: {reason}", file=path, reason=exc.strerror or exc)) from None


def _converter(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    kinds: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        kind = getattr(column.type, "impl", column.type)  # a TypeDecorator's underlying type
        if isinstance(kind, DateTime):
            kinds[column.name] = lambda v: None if v is None else datetime.fromisoformat(v)
        elif isinstance(kind, Date):
            kinds[column.name] = lambda v: None if v is None else date.fromisoformat(v)
    names = {c.name for c in table.columns}

    def convert(row: dict[str, Any]) -> dict[str, Any]:
        unknown = set(row) - names
        if unknown:
            raise QyxError(
                _(
                    "backup rows of {table} have unknown columns {columns}",
                    table=table.name,
                    columns=sorted(unknown),
                )
            )
        return {k: kinds[k](v) if k in kinds else v for k, v in row.items()}

    return convert


def restore(engine: Engine, path: Path, *, replace: bool = False, progress: Progress | None = None) -> int:
    """Load a backup into a migrated database in one transaction; return the rows loaded.

    The target's rows are replaced. A target that already holds reported data (observations,
    tokens, problems, audit) is refused unless ``replace`` is true. The data version ends
    above both the target's and the backup's, so no cache serves what was there before. A
    restore replaces the whole database, audit log included, so it is not a unit of work of
    its own (no audit entry); it queues behind other writers like one.
    """
    tables = {t.name: t for t in _tables()}
    converters = {name: _converter(t) for name, t in tables.items()}
    count = 0
    with write_transaction(), engine.begin() as connection:
        previous_version = current_data_version(connection)
        if not replace:
            for model in USER_DATA:
                if connection.execute(select(func.count()).select_from(model)).scalar():
                    raise QyxError(
                        _(
                            "the target database already holds reported data; restore into an empty "
                            "database or pass --replace to overwrite it"
                        )
                    )
        for table in reversed(_tables()):
            connection.execute(table.delete())
        batch: list[dict[str, Any]] = []
        current: str | None = None

        def flush() -> None:
            if batch and current is not None:
                connection.execute(insert(tables[current]), batch)
                batch.clear()

        for name, row in _read(path):
            if name not in tables:
                raise QyxError(_("the backup has rows of an unknown table {name}", name=repr(name)))
            if name != current:
                flush()
                current = name
            batch.append(converters[name](row))
            count += 1
            if len(batch) >= BATCH:
                flush()
                if progress:
                    progress(name, count)
        flush()
        # past every version either database had, so no cache anywhere serves pre-restore data
        set_data_version(connection, max(previous_version, current_data_version(connection)) + 1)
        if connection.dialect.name == "postgresql":
            for table in tables.values():
                if "id" in table.columns and table.columns["id"].autoincrement is not False:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                        )
                    )
    return count
