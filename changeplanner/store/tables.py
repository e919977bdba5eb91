"""The SQLModel tables of a plan file: the one place the schema is written down.

A change here needs an Alembic migration in ``store/migrations/versions`` as well; a test
compares the migrated schema with these classes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel


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


class PilotRow(SQLModel, table=True):
    """A lighthouse pilot."""

    __tablename__ = "pilot"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    department_id: int | None = Field(
        default=None, sa_column=Column(ForeignKey("department.id", ondelete="SET NULL"))
    )
    status: str = "idea"


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
