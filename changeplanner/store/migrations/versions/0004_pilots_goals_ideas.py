"""Pilots in full (Stacey placement, team, KPIs, logs), goals and measures, ideas.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen copies of the vocabulary at this revision (a migration never imports the app).
PILOT_STATUSES = ("idea", "planned", "running", "succeeded", "stopped")
MEASURE_KINDS = ("technical", "organisational", "process", "people")
MEASURE_STATUSES = ("planned", "in_progress", "done", "dropped")
IDEA_STATUSES = ("new", "in_review", "adopted", "rejected", "implemented")
IDEA_SOURCES = ("employee", "customer")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _pilot_fk(nullable: bool = False) -> sa.Column:
    return sa.Column("pilot_id", sa.Integer(), sa.ForeignKey("pilot.id", ondelete="CASCADE"),
                     nullable=nullable)


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=False)


def upgrade() -> None:
    # Pilots written by older versions only know the five statuses, but make sure.
    op.execute("UPDATE pilot SET status = 'idea' WHERE " + "NOT " + _in("status",
                                                                         PILOT_STATUSES))
    with op.batch_alter_table("pilot") as batch:
        batch.add_column(sa.Column("team", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("purpose", sa.String(), nullable=False,
                                   server_default=""))
        for name in ("customer_a_share", "agreement", "certainty"):
            batch.add_column(sa.Column(name, sa.Float(), nullable=False,
                                       server_default="0.5"))
        batch.add_column(sa.Column("agile", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column("start", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("end", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("sponsor_id", sa.String(), nullable=True))
        batch.create_foreign_key("fk_pilot_sponsor_id_person", "person", ["sponsor_id"],
                                 ["id"], ondelete="SET NULL")
        batch.create_check_constraint("ck_pilot_status", _in("status", PILOT_STATUSES))
        for name in ("customer_a_share", "agreement", "certainty"):
            batch.create_check_constraint(f"ck_pilot_{name}", f"{name} BETWEEN 0 AND 1")

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("title"), _text("description"),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.CheckConstraint("priority BETWEEN 1 AND 3", name="ck_goal_priority"),
    )
    op.create_table(
        "pilot_goal",
        sa.Column("pilot_id", sa.Integer(), sa.ForeignKey("pilot.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("goal_id", sa.Integer(), sa.ForeignKey("goal.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_index("ix_pilot_goal_goal_id", "pilot_goal", ["goal_id"])
    op.create_table(
        "pilot_member",
        sa.Column("pilot_id", sa.Integer(), sa.ForeignKey("pilot.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("person_id", sa.String(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        _text("role"),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_pilot_member_person_id", "pilot_member", ["person_id"])
    op.create_table(
        "pilot_skill",
        sa.Column("pilot_id", sa.Integer(), sa.ForeignKey("pilot.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("skill_id", sa.Integer(), sa.ForeignKey("skill.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name="ck_pilot_skill_level"),
    )
    op.create_index("ix_pilot_skill_skill_id", "pilot_skill", ["skill_id"])
    op.create_table(
        "kpi",
        sa.Column("id", sa.Integer(), primary_key=True),
        _pilot_fk(), _text("name"), _text("unit"),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
    )
    op.create_index("ix_kpi_pilot_id", "kpi", ["pilot_id"])
    op.create_table(
        "kpi_measurement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kpi_id", sa.Integer(), sa.ForeignKey("kpi.id", ondelete="CASCADE"),
                  nullable=False),
        _text("date"),
        sa.Column("value", sa.Float(), nullable=False),
    )
    op.create_index("ix_kpi_measurement_kpi_id", "kpi_measurement", ["kpi_id"])
    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), primary_key=True),
        _pilot_fk(), _text("date"), _text("title"),
        sa.Column("done", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_milestone_pilot_id", "milestone", ["pilot_id"])
    op.create_table(
        "win",
        sa.Column("id", sa.Integer(), primary_key=True),
        _pilot_fk(), _text("date"), _text("what"), _text("who"),
    )
    op.create_index("ix_win_pilot_id", "win", ["pilot_id"])
    op.create_table(
        "deviation",
        sa.Column("id", sa.Integer(), primary_key=True),
        _pilot_fk(), _text("date"), _text("what"), _text("learned"),
    )
    op.create_index("ix_deviation_pilot_id", "deviation", ["pilot_id"])
    op.create_table(
        "proven_process",
        sa.Column("id", sa.Integer(), primary_key=True),
        _pilot_fk(), _text("name"), _text("note"),
    )
    op.create_index("ix_proven_process_pilot_id", "proven_process", ["pilot_id"])
    op.create_table(
        "measure",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("title"), _text("kind"), _text("owner"), _text("due"), _text("status"),
        sa.CheckConstraint(_in("kind", MEASURE_KINDS), name="ck_measure_kind"),
        sa.CheckConstraint(_in("status", MEASURE_STATUSES), name="ck_measure_status"),
    )
    op.create_table(
        "impact",
        sa.Column("measure_id", sa.Integer(),
                  sa.ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("goal_id", sa.Integer(), sa.ForeignKey("goal.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint("score BETWEEN -2 AND 3 AND score <> 0", name="ck_impact_score"),
    )
    op.create_index("ix_impact_goal_id", "impact", ["goal_id"])
    op.create_table(
        "goal_statement",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("respondent"), _text("text"), _text("date"),
    )
    op.create_table(
        "idea",
        sa.Column("id", sa.Integer(), primary_key=True),
        _text("text"), _text("author"),
        sa.Column("person_id", sa.String(), sa.ForeignKey("person.id", ondelete="SET NULL"),
                  nullable=True),
        _text("date"), _text("tags"), _text("source"), _text("status"),
        _text("decision_note"), _text("decided"),
        sa.Column("pilot_id", sa.Integer(), sa.ForeignKey("pilot.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("measure_id", sa.Integer(),
                  sa.ForeignKey("measure.id", ondelete="SET NULL"), nullable=True),
        sa.CheckConstraint(_in("status", IDEA_STATUSES), name="ck_idea_status"),
        sa.CheckConstraint(_in("source", IDEA_SOURCES), name="ck_idea_source"),
    )
    for column in ("person_id", "pilot_id", "measure_id"):
        op.create_index(f"ix_idea_{column}", "idea", [column])


def downgrade() -> None:
    for table in ("idea", "goal_statement", "impact", "measure", "proven_process",
                  "deviation", "win", "milestone", "kpi_measurement", "kpi", "pilot_skill",
                  "pilot_member", "pilot_goal", "goal"):
        op.drop_table(table)
    with op.batch_alter_table("pilot") as batch:
        for name in ("ck_pilot_status", "ck_pilot_customer_a_share", "ck_pilot_agreement",
                     "ck_pilot_certainty"):
            batch.drop_constraint(name, type_="check")
        batch.drop_constraint("fk_pilot_sponsor_id_person", type_="foreignkey")
        for name in ("sponsor_id", "end", "start", "agile", "certainty", "agreement",
                     "customer_a_share", "purpose", "team"):
            batch.drop_column(name)
