"""The store: migrations match the tables, the plan sync is idempotent and loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from qyx_platform import LOCAL_OPERATOR, DomainPlugin, ObservationInput, Platform
from qyx_platform.services.plan_sync import sync_plan
from qyx_platform.store import make_engine, migrate, resolve_url
from qyx_platform.store.tables import Base, IndicatorRow, IndicatorTargetRow, ObservationRow

PLUGINS = Path(__file__).parents[1] / "plugins"


def test_migrations_build_exactly_the_tables(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], "tables.py and the Alembic migrations disagree: add a migration"
    assert "alembic_version" in inspect(engine).get_table_names()
    migrate(engine)  # a second run is a no-op
    engine.dispose()


def test_migration_0003_keeps_the_current_values(db_url: str) -> None:
    """Re-keying current_values (0003) copies every row, and its downgrade copies them back."""
    from alembic import command
    from alembic.config import Config

    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", "qyx_platform.store:migrations")
    row = (
        "('i.x', '331126', '', 2025090, '2025-09', 'month', 2025, '3.20', 1, 1), "
        "('i.x', '331126', 'a', 2025122, '2025', 'year', 2025, NULL, NULL, 2)"
    )
    columns = (
        "indicator_code, jurisdiction_code, series, period_sort, period, granularity, year, value, "
        "revision, latest_revision"
    )
    read = text(f"SELECT {columns} FROM current_values ORDER BY period_sort")

    def run(target: str, how: str = "upgrade") -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, how)(config, target)

    run("0002")
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO current_values ({columns}) VALUES {row}"))
        before = connection.execute(read).all()
    run("head")
    with engine.connect() as connection:
        assert connection.execute(read).all() == before
    assert inspect(engine).get_pk_constraint("current_values")["constrained_columns"] == [
        "indicator_code",
        "jurisdiction_code",
        "series",
        "period_sort",
    ]
    run("0002", "downgrade")
    with engine.connect() as connection:
        assert connection.execute(read).all() == before
    assert len(inspect(engine).get_indexes("current_values")) == 3
    engine.dispose()


def test_first_run_creates_and_syncs(db_url: str) -> None:
    platform = Platform(db_url)
    with platform.sessions() as s:
        # the 26 table indicators and the 66 task targets (reported like indicators)
        assert (
            s.scalar(select(func.count()).select_from(IndicatorRow).where(IndicatorRow.plan_number > 0)) == 26
        )
        assert s.scalar(select(func.count()).select_from(IndicatorRow)) == 26 + len(platform.plan.measures)
        # 25 indicators × 6 cells + indicator 12 × 2 series × 6 cells
        assert s.scalar(select(func.count()).select_from(IndicatorTargetRow)) == 25 * 6 + 12
        assert sync_plan(s, platform.plan) == 0, "a second sync must change nothing"
    platform.close()


def test_a_changed_plugin_updates_the_plan_and_keeps_reports(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QYX_PLUGINS", "none")
    original = (PLUGINS / "youyou" / "plan.toml").read_text(encoding="utf-8")
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(original, encoding="utf-8")
    first = Platform(sqlite_url, plugins=[("youyou", DomainPlugin(plan_file))])
    first.report([ObservationInput("youyou.childcare_places_per_1000", "2025", "4.60")], actor=LOCAL_OPERATOR)
    version = first.data_version()
    first.close()

    changed = original.replace('2027 = "5.50"', '2027 = "5.80"')
    changed = changed.replace(
        'code = "youyou.child_development_screening_rate"', 'code = "youyou.screening_rate_renamed"'
    )
    plan_file.write_text(changed, encoding="utf-8")
    second = Platform(sqlite_url, plugins=[("youyou", DomainPlugin(plan_file))])
    with second.sessions() as s:
        cell = s.get(IndicatorTargetRow, ("youyou.childcare_places_per_1000", 2027, ""))
        assert cell is not None and cell.text == "5.80"
        retired = s.get(IndicatorRow, "youyou.child_development_screening_rate")
        assert retired is not None and retired.retired is True
        assert s.scalar(select(func.count()).select_from(ObservationRow)) == 1
    assert second.data_version() > version
    second.close()


def test_default_url_is_a_file_under_qyx_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QYX_DATABASE_URL", raising=False)
    monkeypatch.setenv("QYX_HOME", str(tmp_path / "home"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'home' / 'qyx.sqlite3'}"
    monkeypatch.setenv("QYX_DATABASE_URL", "postgresql://u@h/db")
    assert resolve_url() == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_values_keep_their_digits(db_url: str) -> None:
    platform = Platform(db_url)
    platform.report(
        [ObservationInput("1", "2024", "3.20"), ObservationInput("2", "2024", "60.0")],
        actor=LOCAL_OPERATOR,
    )
    with platform.sessions() as s:
        values = sorted(s.scalars(select(ObservationRow.value)))
    assert values == ["3.20", "60.0"]
    platform.close()


def test_periods_sort_across_granularities_in_sql(db_url: str) -> None:
    platform = Platform(db_url)
    rows = [ObservationInput("1", p, "4") for p in ("2024", "2024Q4", "2024-12", "2024-04", "2024Q1", "2023")]
    platform.report(rows, actor=LOCAL_OPERATOR)
    with platform.sessions() as s:
        ordered = list(s.scalars(select(ObservationRow.period).order_by(ObservationRow.period_sort)))
    assert ordered == ["2023", "2024Q1", "2024-04", "2024-12", "2024Q4", "2024"]
    platform.close()


def test_no_series_does_not_defeat_uniqueness(db_url: str) -> None:
    """'' (not NULL) marks 'no series', so the UNIQUE key holds on every database."""
    from sqlalchemy.exc import IntegrityError

    platform = Platform(db_url)
    platform.report([ObservationInput("1", "2024", "4")], actor=LOCAL_OPERATOR)
    with pytest.raises(IntegrityError), platform.sessions.begin() as s:
        row = s.scalars(select(ObservationRow)).one()
        s.add(
            ObservationRow(
                **{c.key: getattr(row, c.key) for c in ObservationRow.__table__.columns if c.key != "id"}
            )
        )
        s.flush()
    platform.close()
