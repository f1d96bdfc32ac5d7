"""current values keyed by (indicator, jurisdiction, series, period_sort), clustered on SQLite

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 21:50:00

The key orders a key's values by period, so that a status reads the values inside a period
with one index range; on SQLite the table becomes ``WITHOUT ROWID`` (clustered on the key) and
the two indexes no query used are dropped, so that a write touches two B-trees, not five.
SQLite cannot change a primary key in place: the table is rebuilt and its rows copied.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    "indicator_code, jurisdiction_code, series, period_sort, period, granularity, year, value, "
    "revision, latest_revision"
)
_YEAR_KEY = ["year", "indicator_code", "jurisdiction_code", "series", "period_sort"]


def _table(name: str, key: list[str], *, clustered: bool) -> None:
    op.create_table(
        name,
        sa.Column("indicator_code", sa.String(length=128), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=6), nullable=False),
        sa.Column("series", sa.String(length=64), nullable=False),
        sa.Column("period_sort", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("granularity", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("latest_revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name="pk_current_values"),
        sqlite_with_rowid=not clustered,
    )


def _rebuild_sqlite(key: list[str], *, clustered: bool, indexes: dict[str, list[str]]) -> None:
    op.rename_table("current_values", "current_values_before_0003")
    _table("current_values", key, clustered=clustered)
    op.execute(f"INSERT INTO current_values ({_COLUMNS}) SELECT {_COLUMNS} FROM current_values_before_0003")
    op.drop_table("current_values_before_0003")  # its indexes go with it
    for name, columns in indexes.items():
        op.create_index(name, "current_values", columns)


def upgrade() -> None:
    """Apply this revision."""
    key = ["indicator_code", "jurisdiction_code", "series", "period_sort"]
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(key, clustered=True, indexes={"ix_current_values_year_key": _YEAR_KEY})
        return
    op.drop_index("ix_current_values_indicator_year", table_name="current_values")
    op.drop_index("ix_current_values_jurisdiction", table_name="current_values")
    op.drop_constraint("pk_current_values", "current_values", type_="primary")
    op.create_primary_key("pk_current_values", "current_values", key)


def downgrade() -> None:
    """Revert this revision."""
    key = ["indicator_code", "jurisdiction_code", "period", "series"]
    indexes = {
        "ix_current_values_indicator_year": ["indicator_code", "year"],
        "ix_current_values_jurisdiction": ["jurisdiction_code"],
    }
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(key, clustered=False, indexes={**indexes, "ix_current_values_year_key": _YEAR_KEY})
        return
    op.drop_constraint("pk_current_values", "current_values", type_="primary")
    op.create_primary_key("pk_current_values", "current_values", key)
    for name, columns in indexes.items():
        op.create_index(name, "current_values", columns)
