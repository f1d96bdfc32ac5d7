"""`qyx export --all` / `qyx import --all`: the whole database round-trips, SQLite to
PostgreSQL included, and a failed restore changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform, QyxError, Role
from qyx_platform.services.backup import backup, restore
from qyx_platform.services.problems import NewProblem, ProblemService
from qyx_platform.store import make_engine, migrate
from qyx_platform.store.tables import Base


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as c:
        out = {}
        for table in Base.metadata.sorted_tables:
            rows = c.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(_norm(v) for v in r) for r in rows]
        return out


def _same_data(restored: Engine, source: Engine) -> None:
    """The restored database holds the source's rows; its data version is past the source's
    (no cache may serve pre-restore data)."""
    restored_dump, source_dump = _dump(restored), _dump(source)
    restored_meta, source_meta = dict(restored_dump.pop("meta")), dict(source_dump.pop("meta"))
    assert int(str(restored_meta.pop("data_version"))) > int(str(source_meta.pop("data_version")))
    assert restored_meta == source_meta
    assert restored_dump == source_dump


def _norm(v: object) -> object:
    from datetime import UTC, datetime

    if isinstance(v, datetime):  # SQLite returns naive datetimes
        return (v if v.tzinfo else v.replace(tzinfo=UTC)).isoformat()
    return v


def _populate(p: Platform) -> None:
    p.report(
        [ObservationInput("1", "2024", "4.10"), ObservationInput("9", "2025-03", "2.8")], actor=LOCAL_OPERATOR
    )
    p.report([ObservationInput("1", "2024", "4.20", note="修正")], actor=LOCAL_OPERATOR)
    p.create_token(Role.REPORTER, "县教育局", "教育局填报")
    from datetime import date

    with p.write(LOCAL_OPERATOR) as work:
        ProblemService(p.plan).raise_problem(work, NewProblem("迟报", "县民政局", date(2026, 1, 1)))


def test_round_trip(tmp_path: Path, db_url: str) -> None:
    source = Platform(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    _populate(source)
    file = tmp_path / "backup.jsonl.gz"
    rows = backup(source.engine, file)
    assert rows > 100 and file.exists()

    target = make_engine(db_url)
    migrate(target)
    assert restore(target, file) == rows
    _same_data(target, source.engine)
    # the restored database works: a new report continues the revision numbering
    restored = Platform(db_url)
    (stored,) = restored.report([ObservationInput("1", "2024", "4.30")], actor=LOCAL_OPERATOR)
    assert stored.revision == 3
    source.close()
    restored.close()
    target.dispose()


def test_restore_refuses_to_overwrite_and_is_all_or_nothing(tmp_path: Path) -> None:
    source = Platform(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    _populate(source)
    file = tmp_path / "b.jsonl"
    backup(source.engine, file)
    other = Platform(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    other.report([ObservationInput("2", "2024", "61")], actor=LOCAL_OPERATOR)
    before = _dump(other.engine)
    with pytest.raises(QyxError, match="already holds reported data"):
        restore(other.engine, file)
    lines = file.read_text(encoding="utf-8").splitlines()
    lines.insert(len(lines) // 2, '{"t": "observations", "r": {"nonsense": 1}}')
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(QyxError, match="unknown columns"):
        restore(other.engine, broken, replace=True)
    assert _dump(other.engine) == before
    with pytest.raises(QyxError, match="not a qyx backup"):
        bogus = tmp_path / "bogus.jsonl"
        bogus.write_text(json.dumps({"hello": 1}) + "\n", encoding="utf-8")
        restore(other.engine, bogus, replace=True)
    source.close()
    other.close()


def test_backup_holds_token_hashes_not_secrets(tmp_path: Path) -> None:
    p = Platform(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    secret = p.create_token(Role.ADMIN, None, "管理员")
    file = tmp_path / "b.jsonl"
    backup(p.engine, file)
    text = file.read_text(encoding="utf-8")
    assert secret not in text and '"t": "tokens"' in text
    p.close()


def test_cli_backup_and_restore_sqlite_to_another_database(tmp_path: Path, db_url: str) -> None:
    from qyx_platform.cli import main

    source_url = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    source = Platform(source_url)
    _populate(source)
    file = tmp_path / "all.jsonl.gz"
    assert main(["export", "--all", "--out", str(file), "--db", source_url]) == 0
    assert main(["import", "--all", str(file), "--db", db_url]) == 0
    target = Platform(db_url)
    _same_data(target.engine, source.engine)
    assert main(["import", "--all", str(file), "--db", db_url]) == 2  # refuses to overwrite
    assert main(["import", "--all", str(file), "--db", db_url, "--replace"]) == 0
    source.close()
    target.close()
