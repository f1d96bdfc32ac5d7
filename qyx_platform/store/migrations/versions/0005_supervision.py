"""supervision: milestones and work items, surveys, problem history, comments and causes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:20:00

Adds the tables of plan section 三 (保障举措): ``milestones`` (the plan's own and the annual
work list's, never deleted) with ``milestone_events``; ``surveys`` (群众满意度测评);
``problem_events`` (every transition of a problem) and ``problem_comments``; and on
``problems`` the ``source`` (manual or the alert rule), the alert's ``cause`` (unique: one
problem per cause) and links to a task target, project, milestone or survey.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("problems", schema=None) as batch:
        batch.add_column(sa.Column("source", sa.String(length=64), server_default="manual", nullable=False))
        batch.add_column(sa.Column("cause", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("task_target_code", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("project_code", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("milestone_code", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("survey_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint(batch.f("uq_problems_cause"), ["cause"])
    op.create_table(
        "problem_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problems.id"], name=op.f("fk_problem_events_problem_id_problems")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_events")),
    )
    op.create_index(op.f("ix_problem_events_problem_id"), "problem_events", ["problem_id"], unique=False)
    op.create_table(
        "problem_comments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problems.id"], name=op.f("fk_problem_comments_problem_id_problems")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_comments")),
    )
    op.create_index(op.f("ix_problem_comments_problem_id"), "problem_comments", ["problem_id"], unique=False)
    op.create_table(
        "milestones",
        sa.Column("code", sa.String(length=300), nullable=False),
        sa.Column("project_code", sa.String(length=200), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_milestones")),
    )
    op.create_index(op.f("ix_milestones_project_code"), "milestones", ["project_code"], unique=False)
    op.create_table(
        "milestone_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("milestone_code", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_events")),
    )
    op.create_index(
        op.f("ix_milestone_events_milestone_code"), "milestone_events", ["milestone_code"], unique=False
    )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("domain_code", sa.String(length=64), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=6), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("period_sort", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.String(length=40), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint(
            "domain_code",
            "jurisdiction_code",
            "period",
            name=op.f("uq_surveys_domain_code_jurisdiction_code_period"),
        ),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("surveys")
    op.drop_index(op.f("ix_milestone_events_milestone_code"), table_name="milestone_events")
    op.drop_table("milestone_events")
    op.drop_index(op.f("ix_milestones_project_code"), table_name="milestones")
    op.drop_table("milestones")
    op.drop_index(op.f("ix_problem_comments_problem_id"), table_name="problem_comments")
    op.drop_table("problem_comments")
    op.drop_index(op.f("ix_problem_events_problem_id"), table_name="problem_events")
    op.drop_table("problem_events")
    with op.batch_alter_table("problems", schema=None) as batch:
        batch.drop_constraint(batch.f("uq_problems_cause"), type_="unique")
        for column in ("survey_id", "milestone_code", "project_code", "task_target_code", "cause", "source"):
            batch.drop_column(column)
