"""Skills matrix: archived skills, level descriptions, requirement profiles, rating history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The history is written by the database itself, so every path that changes a level
# (edits, bulk fills, imports, merges) is recorded in the same transaction.
TRIGGERS = {
    "trg_rating_insert": """
        CREATE TRIGGER trg_rating_insert AFTER INSERT ON skill_rating
        BEGIN
            INSERT INTO rating_history (person_id, skill_id, level, changed)
            VALUES (NEW.person_id, NEW.skill_id, NEW.level, strftime('%Y-%m-%d %H:%M:%S', 'now'));
        END""",
    "trg_rating_update": """
        CREATE TRIGGER trg_rating_update AFTER UPDATE OF level ON skill_rating
        WHEN OLD.level IS NOT NEW.level
        BEGIN
            INSERT INTO rating_history (person_id, skill_id, level, changed)
            VALUES (NEW.person_id, NEW.skill_id, NEW.level, strftime('%Y-%m-%d %H:%M:%S', 'now'));
        END""",
    "trg_rating_delete": """
        CREATE TRIGGER trg_rating_delete AFTER DELETE ON skill_rating
        WHEN EXISTS (SELECT 1 FROM person WHERE id = OLD.person_id)
         AND EXISTS (SELECT 1 FROM skill WHERE id = OLD.skill_id)
        BEGIN
            INSERT INTO rating_history (person_id, skill_id, level, changed)
            VALUES (OLD.person_id, OLD.skill_id, NULL, strftime('%Y-%m-%d %H:%M:%S', 'now'));
        END""",
}


def upgrade() -> None:
    with op.batch_alter_table("skill") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "level_text",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("skill_id", sa.Integer(), sa.ForeignKey("skill.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name="ck_level_text_level"),
    )
    op.create_index("ix_level_text_skill_id", "level_text", ["skill_id"])
    op.create_table(
        "requirement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("skill_id", sa.Integer(), sa.ForeignKey("skill.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.UniqueConstraint("scope", "value", "skill_id", name="uq_requirement"),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name="ck_requirement_level"),
        sa.CheckConstraint("scope IN ('department', 'title')", name="ck_requirement_scope"),
    )
    op.create_index("ix_requirement_skill_id", "requirement", ["skill_id"])
    op.create_table(
        "rating_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.String(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("skill_id", sa.Integer(), sa.ForeignKey("skill.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("changed", sa.String(), nullable=False),
    )
    op.create_index("ix_rating_history_person_skill", "rating_history",
                    ["person_id", "skill_id"])
    # Ratings that exist before this version enter the history as of the upgrade.
    op.execute("INSERT INTO rating_history (person_id, skill_id, level, changed) "
               "SELECT person_id, skill_id, level, strftime('%Y-%m-%d %H:%M:%S', 'now') "
               "FROM skill_rating")
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("rating_history")
    op.drop_table("requirement")
    op.drop_table("level_text")
    with op.batch_alter_table("skill") as batch:
        batch.drop_column("archived")
