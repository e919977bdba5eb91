"""Plain data shared by every layer: the vocabulary of a plan.

These frozen dataclasses are what the store hands out and what analysis, reports and the
UI work on. They carry no database session and no Qt object, so they can cross threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from changeplanner.i18n import N_

#: Kinds of influence tie, in the order the UI lists them.
RELATIONS: tuple[str, ...] = ("advice", "information", "trust", "collaboration", "reports_to")
RELATION_LABELS: dict[str, str] = {
    "advice": N_("advice"),
    "information": N_("information"),
    "trust": N_("trust"),
    "collaboration": N_("collaboration"),
    "reports_to": N_("reports to"),
}

#: The four types of employee a balanced change board is made of.
ROLES: tuple[str, ...] = ("skeptic", "networker", "enthusiast", "lead")
ROLE_LABELS: dict[str, str] = {
    "skeptic": N_("Fundamental skeptic"),
    "networker": N_("Networker"),
    "enthusiast": N_("Enthusiastic doer"),
    "lead": N_("Influential team lead"),
}

ATTITUDE_MIN, ATTITUDE_MAX = -2, 2
ATTITUDE_LABELS: dict[int, str] = {
    -2: N_("strongly against"),
    -1: N_("against"),
    0: N_("neutral"),
    1: N_("for"),
    2: N_("strongly for"),
}

LEVEL_MIN, LEVEL_MAX = 0, 4
LEVEL_LABELS: dict[int, str] = {
    0: N_("none"),
    1: N_("basic knowledge"),
    2: N_("applies with support"),
    3: N_("works independently"),
    4: N_("expert, can teach others"),
}
#: Background colour per level 0..4, shared by the matrix view and the Excel export:
#: ColorBrewer "YlGnBu" (5 classes), a sequential palette that stays readable for the common
#: colour-vision deficiencies and in greyscale print.
LEVEL_COLORS: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")

PILOT_STATUSES: tuple[str, ...] = ("idea", "planned", "running", "succeeded", "stopped")
PILOT_STATUS_LABELS: dict[str, str] = {
    "idea": N_("idea"),
    "planned": N_("planned"),
    "running": N_("running"),
    "succeeded": N_("succeeded"),
    "stopped": N_("stopped"),
}


#: Hiatt's ADKAR model: the five elements of individual change, in the order they are reached.
ADKAR_ELEMENTS: tuple[str, ...] = ("awareness", "desire", "knowledge", "ability",
                                   "reinforcement")
ADKAR_LABELS: dict[str, str] = {
    "awareness": N_("Awareness"),
    "desire": N_("Desire"),
    "knowledge": N_("Knowledge"),
    "ability": N_("Ability"),
    "reinforcement": N_("Reinforcement"),
}
ADKAR_MIN, ADKAR_MAX = 1, 5
#: An element scored at or below this is a barrier (Hiatt: "3 or lower").
ADKAR_BARRIER_MAX = 3


@dataclass(frozen=True, slots=True)
class Adkar:
    """A person's optional ADKAR rating: each element 1-5, or ``None`` when not rated."""

    person_id: str
    awareness: int | None = None
    desire: int | None = None
    knowledge: int | None = None
    ability: int | None = None
    reinforcement: int | None = None

    def scores(self) -> dict[str, int | None]:
        """Element key -> score (``None`` = not rated), in ADKAR order."""
        return {key: getattr(self, key) for key in ADKAR_ELEMENTS}

    @property
    def rated(self) -> bool:
        """Whether at least one element has a score."""
        return any(getattr(self, key) is not None for key in ADKAR_ELEMENTS)

    @property
    def barrier(self) -> str | None:
        """The barrier point: the first element (in ADKAR order) scored 3 or lower.

        Unrated elements are skipped; ``None`` when no rated element is 3 or lower.
        """
        for key in ADKAR_ELEMENTS:
            score = getattr(self, key)
            if score is not None and score <= ADKAR_BARRIER_MAX:
                return key
        return None


@dataclass(frozen=True, slots=True)
class Department:
    """A department of the organisation."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Person:
    """An employee as the plan knows them.

    ``attitude`` is -2 (strongly against the change) .. +2 (strongly for), or ``None`` when
    nobody has assessed it yet: the analysis never guesses a missing attitude.
    """

    id: str
    name: str
    department: str = ""
    title: str = ""
    team_lead: bool = False
    manager_id: str | None = None
    attitude: int | None = None
    daily_business: bool = False
    availability: int = 100
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Skill:
    """An entry of the skills catalogue; archived skills keep their ratings but are hidden."""

    id: int
    name: str
    category: str = ""
    description: str = ""
    archived: bool = False


#: Levels at or above this count as "works independently" (experts for risk analysis).
EXPERT_LEVEL = 3
#: Level of people who can teach others.
TEACHER_LEVEL = 4
#: Fewer experts than this in a department (or the plan) make a skill a single point of failure.
MIN_EXPERTS = 2


@dataclass(frozen=True, slots=True)
class LevelText:
    """What a level means: for the whole plan (``skill_id`` None) or for one skill."""

    level: int
    name: str
    description: str = ""
    skill_id: int | None = None


REQUIREMENT_SCOPES: tuple[str, ...] = ("department", "title")


@dataclass(frozen=True, slots=True)
class Requirement:
    """A requirement profile entry: everyone in ``scope`` = ``value`` (a department name or a
    title) should reach ``level`` in ``skill_id``. A person's own rating target overrides it."""

    scope: str
    value: str
    skill_id: int
    level: int


@dataclass(frozen=True, slots=True)
class RatingChange:
    """One entry of the rating history: ``level`` None means the rating was removed."""

    person_id: str
    skill_id: int
    level: int | None
    changed: str  # ISO date-time, UTC


@dataclass(frozen=True, slots=True)
class Rating:
    """One person's level (0-4) in one skill, with an optional target level."""

    person_id: str
    skill_id: int
    level: int
    target: int | None = None
    wants_to_learn: bool = False


@dataclass(frozen=True, slots=True)
class Tie:
    """A directed tie: ``source`` goes to ``target`` for ``relation``."""

    source: str
    target: str
    relation: str = "advice"
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Pilot:
    """A lighthouse pilot (the pilots issue extends it)."""

    id: int
    name: str
    department: str = ""
    status: str = "idea"


@dataclass(frozen=True, slots=True)
class BoardSeat:
    """One member of a change board and why they were chosen."""

    person_id: str
    role: str
    reasons: str
    marginal_reach: float = 0.0


@dataclass(frozen=True, slots=True)
class ChangeBoard:
    """A saved change-board version."""

    id: int
    name: str
    created: str
    reach: float
    seats: tuple[BoardSeat, ...] = ()
    #: ``(role, explanation)`` for every role the board could not fill.
    unfilled: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    """Everything analysis and reports need, read in one transaction."""

    name: str
    transforming_department: str | None
    people: tuple[Person, ...]
    ties: tuple[Tie, ...]
    departments: tuple[Department, ...] = ()
    skills: tuple[Skill, ...] = ()
    ratings: tuple[Rating, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    level_texts: tuple[LevelText, ...] = ()
    pilots: tuple[Pilot, ...] = ()
    boards: tuple[ChangeBoard, ...] = field(default=())
    adkar: tuple[Adkar, ...] = ()

    def people_by_id(self) -> dict[str, Person]:
        """Map person id to person."""
        return {p.id: p for p in self.people}
