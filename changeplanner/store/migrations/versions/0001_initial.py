"""The first schema: people, skills, ties, change boards, pilots.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, unique=True),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("department_id", sa.Integer(),
                  sa.ForeignKey("department.id", ondelete="SET NULL"), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("team_lead", sa.Boolean(), nullable=False),
        sa.Column("manager_id", sa.String(), nullable=True),
        sa.Column("attitude", sa.Integer(), nullable=True),
        sa.Column("daily_business", sa.Boolean(), nullable=False),
        sa.Column("availability", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.CheckConstraint("attitude IS NULL OR attitude BETWEEN -2 AND 2", name="ck_attitude"),
        sa.CheckConstraint("availability BETWEEN 0 AND 100", name="ck_availability"),
    )
    op.create_index("ix_person_department_id", "person", ["department_id"])
    op.create_index("ix_person_manager_id", "person", ["manager_id"])
    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, unique=True),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
    )
    op.create_table(
        "skill_rating",
        sa.Column("person_id", sa.String(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("skill_id", sa.Integer(), sa.ForeignKey("skill.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("wants_to_learn", sa.Boolean(), nullable=False),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name="ck_level"),
        sa.CheckConstraint("target IS NULL OR target BETWEEN 0 AND 4", name="ck_target"),
    )
    op.create_index("ix_skill_rating_skill_id", "skill_rating", ["skill_id"])
    op.create_table(
        "tie",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_id", sa.String(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("target_id", sa.String(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("relation", sa.String(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.UniqueConstraint("source_id", "target_id", "relation", name="uq_tie"),
    )
    op.create_index("ix_tie_source_id", "tie", ["source_id"])
    op.create_index("ix_tie_target_id", "tie", ["target_id"])
    op.create_table(
        "change_board",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("reach", sa.Float(), nullable=False),
        sa.Column("params", sa.String(), nullable=False),
        sa.Column("unfilled", sa.String(), nullable=False),
    )
    op.create_table(
        "board_seat",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("board_id", sa.Integer(),
                  sa.ForeignKey("change_board.id", ondelete="CASCADE"), nullable=False),
        sa.Column("person_id", sa.String(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("reasons", sa.String(), nullable=False),
        sa.Column("marginal_reach", sa.Float(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_board_seat_board_id", "board_seat", ["board_id"])
    op.create_table(
        "pilot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("department_id", sa.Integer(),
                  sa.ForeignKey("department.id", ondelete="SET NULL"), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
    )


def downgrade() -> None:
    for table in ("pilot", "board_seat", "change_board", "tie", "skill_rating", "skill",
                  "person", "department", "meta"):
        op.drop_table(table)
