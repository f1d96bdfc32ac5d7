"""corrections, forecasts and token jurisdictions

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:00:00

Observations gain ``withdrawn`` and ``rejected`` (with who, when and why), ``forecast`` (a value
for a period not yet ended, never current) and the id of the token that reported them (so
that a reporter sees and withdraws its own values). Tokens gain the jurisdiction they may
write to (NULL: the home county).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("observations") as batch:
        batch.add_column(sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("rejected", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("forecast", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("reporter_token", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("review_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("tokens") as batch:
        batch.add_column(sa.Column("jurisdiction", sa.String(length=6), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("jurisdiction")
    with op.batch_alter_table("observations") as batch:
        for name in ("review_reason", "reviewed_at", "reviewed_by", "reporter_token", "forecast",
                     "rejected", "withdrawn"):  # fmt: skip
            batch.drop_column(name)
