"""The SQLModel tables of a plan file: the one place the schema is written down.

A change here needs an Alembic migration in ``store/migrations/versions`` as well; a test
compares the migrated schema with these classes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from changeplanner import domain


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Meta(SQLModel, table=True):
    """Key/value facts about the plan: name, the department being transformed, ..."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str = ""


class DepartmentRow(SQLModel, table=True):
    """A department."""

    __tablename__ = "department"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, unique=True, nullable=False))


class PersonRow(SQLModel, table=True):
    """An employee; ``id`` is the organisation's own id (personnel number) as text."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("attitude IS NULL OR attitude BETWEEN -2 AND 2", name="ck_attitude"),
        CheckConstraint("availability BETWEEN 0 AND 100", name="ck_availability"),
    )
    id: str = Field(primary_key=True)
    name: str
    department_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("department.id", ondelete="SET NULL"), index=True),
    )
    title: str = ""
    team_lead: bool = False
    manager_id: str | None = Field(default=None, index=True)
    attitude: int | None = None
    daily_business: bool = False
    availability: int = 100
    notes: str = ""


class SkillRow(SQLModel, table=True):
    """A skill of the catalogue."""

    __tablename__ = "skill"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, unique=True, nullable=False))
    category: str = ""
    description: str = ""
    archived: bool = False


class SkillRatingRow(SQLModel, table=True):
    """A person's level in a skill."""

    __tablename__ = "skill_rating"
    __table_args__ = (
        CheckConstraint("level BETWEEN 0 AND 4", name="ck_level"),
        CheckConstraint("target IS NULL OR target BETWEEN 0 AND 4", name="ck_target"),
    )
    person_id: str = Field(
        sa_column=Column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    )
    skill_id: int = Field(
        sa_column=Column(ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True,
                         index=True)
    )
    level: int = 0
    target: int | None = None
    wants_to_learn: bool = False


class TieRow(SQLModel, table=True):
    """A directed influence tie."""

    __tablename__ = "tie"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "relation", name="uq_tie"),)
    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(
        sa_column=Column(ForeignKey("person.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    target_id: str = Field(
        sa_column=Column(ForeignKey("person.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    relation: str = "advice"
    weight: float = 1.0


class ChangeBoardRow(SQLModel, table=True):
    """A saved change-board version with the inputs it was computed from."""

    __tablename__ = "change_board"
    id: int | None = Field(default=None, primary_key=True)
    name: str = ""
    created: datetime = Field(default_factory=_now)
    reach: float = 0.0
    params: str = "{}"
    unfilled: str = "[]"


class BoardSeatRow(SQLModel, table=True):
    """A member of a saved change board."""

    __tablename__ = "board_seat"
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(
        sa_column=Column(ForeignKey("change_board.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    )
    person_id: str = Field(
        sa_column=Column(ForeignKey("person.id", ondelete="CASCADE"), nullable=False)
    )
    role: str
    reasons: str = ""
    marginal_reach: float = 0.0
    position: int = 0
    created: datetime = Field(default_factory=_now)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _share(column: str) -> str:
    return f"{column} BETWEEN 0 AND 1"


class PilotRow(SQLModel, table=True):
    """A lighthouse pilot (the Stacey scales and the customer share are 0..1)."""

    __tablename__ = "pilot"
    __table_args__ = (
        CheckConstraint(_in("status", domain.PILOT_STATUSES), name="ck_pilot_status"),
        CheckConstraint(_share("customer_a_share"), name="ck_pilot_customer_a_share"),
        CheckConstraint(_share("agreement"), name="ck_pilot_agreement"),
        CheckConstraint(_share("certainty"), name="ck_pilot_certainty"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str
    department_id: int | None = Field(
        default=None, sa_column=Column(ForeignKey("department.id", ondelete="SET NULL"))
    )
    status: str = "idea"
    team: str = ""
    purpose: str = ""
    customer_a_share: float = 0.5
    agreement: float = 0.5
    certainty: float = 0.5
    agile: bool = True
    start: str = ""
    end: str = ""
    sponsor_id: str | None = Field(
        default=None, sa_column=Column(ForeignKey("person.id", ondelete="SET NULL")))


class GoalRow(SQLModel, table=True):
    """A customer-service goal (priority 1 high .. 3 low)."""

    __tablename__ = "goal"
    __table_args__ = (CheckConstraint("priority BETWEEN 1 AND 3", name="ck_goal_priority"),)
    id: int | None = Field(default=None, primary_key=True)
    title: str
    description: str = ""
    priority: int = 2


class PilotGoalRow(SQLModel, table=True):
    """A goal a pilot serves."""

    __tablename__ = "pilot_goal"
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), primary_key=True))
    goal_id: int = Field(
        sa_column=Column(ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True,
                         index=True))


class PilotMemberRow(SQLModel, table=True):
    """A person on a pilot's team; ``position`` keeps the order the team was given in."""

    __tablename__ = "pilot_member"
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), primary_key=True))
    person_id: str = Field(
        sa_column=Column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True,
                         index=True))
    role: str = ""
    position: int = 0


class PilotSkillRow(SQLModel, table=True):
    """A skill a pilot needs, at a level 0..4."""

    __tablename__ = "pilot_skill"
    __table_args__ = (CheckConstraint("level BETWEEN 0 AND 4", name="ck_pilot_skill_level"),)
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), primary_key=True))
    skill_id: int = Field(
        sa_column=Column(ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True,
                         index=True))
    level: int = 3
    position: int = 0


class KpiRow(SQLModel, table=True):
    """A key figure of a pilot."""

    __tablename__ = "kpi"
    id: int | None = Field(default=None, primary_key=True)
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    name: str
    unit: str = ""
    baseline: float = 0.0
    target: float = 0.0


class KpiMeasurementRow(SQLModel, table=True):
    """One dated value of a KPI."""

    __tablename__ = "kpi_measurement"
    id: int | None = Field(default=None, primary_key=True)
    kpi_id: int = Field(
        sa_column=Column(ForeignKey("kpi.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    date: str
    value: float


class MilestoneRow(SQLModel, table=True):
    """A dated milestone of a pilot."""

    __tablename__ = "milestone"
    id: int | None = Field(default=None, primary_key=True)
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    date: str = ""
    title: str
    done: bool = False


class WinRow(SQLModel, table=True):
    """A small win of a pilot."""

    __tablename__ = "win"
    id: int | None = Field(default=None, primary_key=True)
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    date: str = ""
    what: str
    who: str = ""


class DeviationRow(SQLModel, table=True):
    """A deviation of a pilot and what was learned (deliberately no culprit column)."""

    __tablename__ = "deviation"
    id: int | None = Field(default=None, primary_key=True)
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    date: str = ""
    what: str
    learned: str = ""


class ProvenProcessRow(SQLModel, table=True):
    """A proven process a pilot keeps for now."""

    __tablename__ = "proven_process"
    id: int | None = Field(default=None, primary_key=True)
    pilot_id: int = Field(
        sa_column=Column(ForeignKey("pilot.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    name: str
    note: str = ""


class MeasureRow(SQLModel, table=True):
    """A measure of the transformation."""

    __tablename__ = "measure"
    __table_args__ = (
        CheckConstraint(_in("kind", domain.MEASURE_KINDS), name="ck_measure_kind"),
        CheckConstraint(_in("status", domain.MEASURE_STATUSES), name="ck_measure_status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    title: str
    kind: str = "organisational"
    owner: str = ""
    due: str = ""
    status: str = "planned"


class ImpactRow(SQLModel, table=True):
    """How much a measure serves a goal: -2..3 (no row = 0)."""

    __tablename__ = "impact"
    __table_args__ = (
        CheckConstraint("score BETWEEN -2 AND 3 AND score <> 0", name="ck_impact_score"),)
    measure_id: int = Field(
        sa_column=Column(ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True))
    goal_id: int = Field(
        sa_column=Column(ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True,
                         index=True))
    score: int


class GoalStatementRow(SQLModel, table=True):
    """What one employee answered to "what are our service goals?"."""

    __tablename__ = "goal_statement"
    id: int | None = Field(default=None, primary_key=True)
    respondent: str = ""
    text: str
    date: str = ""


class IdeaRow(SQLModel, table=True):
    """An idea or customer voice; ``tags`` is a JSON list of strings."""

    __tablename__ = "idea"
    __table_args__ = (
        CheckConstraint(_in("status", domain.IDEA_STATUSES), name="ck_idea_status"),
        CheckConstraint(_in("source", domain.IDEA_SOURCES), name="ck_idea_source"),
    )
    id: int | None = Field(default=None, primary_key=True)
    text: str
    author: str = ""
    person_id: str | None = Field(
        default=None,
        sa_column=Column(ForeignKey("person.id", ondelete="SET NULL"), index=True))
    date: str = ""
    tags: str = "[]"
    source: str = "employee"
    status: str = "new"
    decision_note: str = ""
    decided: str = ""
    pilot_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("pilot.id", ondelete="SET NULL"), index=True))
    measure_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("measure.id", ondelete="SET NULL"), index=True))


class LevelTextRow(SQLModel, table=True):
    """The name and description of a level: plan-wide (``skill_id`` NULL) or for one skill."""

    __tablename__ = "level_text"
    __table_args__ = (CheckConstraint("level BETWEEN 0 AND 4", name="ck_level_text_level"),)
    id: int | None = Field(default=None, primary_key=True)
    skill_id: int | None = Field(
        default=None,
        sa_column=Column(ForeignKey("skill.id", ondelete="CASCADE"), index=True))
    level: int
    name: str = ""
    description: str = ""


class RequirementRow(SQLModel, table=True):
    """A requirement profile entry: people of a department or with a title need a level."""

    __tablename__ = "requirement"
    __table_args__ = (
        UniqueConstraint("scope", "value", "skill_id", name="uq_requirement"),
        CheckConstraint("level BETWEEN 0 AND 4", name="ck_requirement_level"),
        CheckConstraint("scope IN ('department', 'title')", name="ck_requirement_scope"),
    )
    id: int | None = Field(default=None, primary_key=True)
    scope: str
    value: str
    skill_id: int = Field(
        sa_column=Column(ForeignKey("skill.id", ondelete="CASCADE"), nullable=False,
                         index=True))
    level: int


class RatingHistoryRow(SQLModel, table=True):
    """Every change of a level, written by triggers on ``skill_rating`` (migration 0002)."""

    __tablename__ = "rating_history"
    __table_args__ = (Index("ix_rating_history_person_skill", "person_id", "skill_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: str = Field(
        sa_column=Column(ForeignKey("person.id", ondelete="CASCADE"), nullable=False))
    skill_id: int = Field(
        sa_column=Column(ForeignKey("skill.id", ondelete="CASCADE"), nullable=False))
    level: int | None = None
    changed: str = Field(sa_column=Column(String, nullable=False))


class AdkarRow(SQLModel, table=True):
    """A person's optional ADKAR rating (migration 0003): each element 1-5 or NULL."""

    __tablename__ = "adkar"
    __table_args__ = tuple(
        CheckConstraint(f"{name} IS NULL OR {name} BETWEEN 1 AND 5", name=f"ck_adkar_{name}")
        for name in ("awareness", "desire", "knowledge", "ability", "reinforcement"))
    person_id: str = Field(
        sa_column=Column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True))
    awareness: int | None = None
    desire: int | None = None
    knowledge: int | None = None
    ability: int | None = None
    reinforcement: int | None = None
