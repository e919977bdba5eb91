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


#: Stacey matrix zones, from near agreement and certainty outwards.
STACEY_ZONES: tuple[str, ...] = ("simple", "complicated", "complex", "chaotic")
STACEY_ZONE_LABELS: dict[str, str] = {
    "simple": N_("simple"),
    "complicated": N_("complicated"),
    "complex": N_("complex"),
    "chaotic": N_("chaotic"),
}


@dataclass(frozen=True, slots=True)
class Kpi:
    """A key figure of a pilot: ``target`` below ``baseline`` means lower is better."""

    id: int
    pilot_id: int
    name: str
    unit: str = ""
    baseline: float = 0.0
    target: float = 0.0


@dataclass(frozen=True, slots=True)
class Measurement:
    """One dated value of a KPI."""

    id: int
    kpi_id: int
    date: str  # ISO date
    value: float


@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated milestone of a pilot."""

    id: int
    pilot_id: int
    date: str  # ISO date
    title: str
    done: bool = False


@dataclass(frozen=True, slots=True)
class Win:
    """A small win to celebrate: when, what, who."""

    id: int
    pilot_id: int
    date: str
    what: str
    who: str = ""


@dataclass(frozen=True, slots=True)
class Deviation:
    """Something that did not go as planned and what we learned (deliberately no culprit)."""

    id: int
    pilot_id: int
    date: str
    what: str
    learned: str = ""


@dataclass(frozen=True, slots=True)
class ProvenProcess:
    """A proven process the pilot keeps for now, to avoid instability."""

    id: int
    pilot_id: int
    name: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class PilotMember:
    """A person on a pilot's team."""

    pilot_id: int
    person_id: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class PilotSkill:
    """A skill a pilot needs at ``level`` (the staffing helper proposes the team from these)."""

    pilot_id: int
    skill_id: int
    level: int = 3


@dataclass(frozen=True, slots=True)
class Pilot:
    """A lighthouse pilot.

    The Stacey placement is two scales from 0 to 1: ``agreement`` is how far the requirements
    are from agreement (0 = close to agreement), ``certainty`` how far the approach is from
    certainty (0 = close to certainty). ``customer_a_share`` is the share (0..1) of the
    pilot's customers of type A (enjoy being served by a whole agile team) as opposed to type
    B (want one fixed contact). Dates are ISO dates or ``""``.
    """

    id: int
    name: str
    department: str = ""
    status: str = "idea"
    team: str = ""
    purpose: str = ""
    customer_a_share: float = 0.5
    agreement: float = 0.5
    certainty: float = 0.5
    agile: bool = True
    start: str = ""
    end: str = ""
    sponsor_id: str | None = None
    goal_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PilotDetail:
    """A pilot with everything recorded about it."""

    pilot: Pilot
    members: tuple[PilotMember, ...] = ()
    skills: tuple[PilotSkill, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    wins: tuple[Win, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    proven_processes: tuple[ProvenProcess, ...] = ()


GOAL_PRIORITIES: tuple[int, ...] = (1, 2, 3)
GOAL_PRIORITY_LABELS: dict[int, str] = {1: N_("high"), 2: N_("medium"), 3: N_("low")}

MEASURE_KINDS: tuple[str, ...] = ("technical", "organisational", "process", "people")
MEASURE_KIND_LABELS: dict[str, str] = {
    "technical": N_("technical"),
    "organisational": N_("organisational"),
    "process": N_("process"),
    "people": N_("people"),
}
MEASURE_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done", "dropped")
MEASURE_STATUS_LABELS: dict[str, str] = {
    "planned": N_("planned"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}
#: Impact of a measure on a goal: -2 (hurts) .. +3 (serves it strongly); 0 = no impact.
IMPACT_MIN, IMPACT_MAX = -2, 3


@dataclass(frozen=True, slots=True)
class Goal:
    """A customer-service goal."""

    id: int
    title: str
    description: str = ""
    priority: int = 2


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure of the transformation."""

    id: int
    title: str
    kind: str = "organisational"
    owner: str = ""
    due: str = ""  # ISO date or ""
    status: str = "planned"


@dataclass(frozen=True, slots=True)
class Impact:
    """How much ``measure_id`` serves ``goal_id`` (-2..+3)."""

    measure_id: int
    goal_id: int
    score: int


@dataclass(frozen=True, slots=True)
class GoalStatement:
    """What one employee answered to "what are our service goals?"."""

    id: int
    respondent: str
    text: str
    date: str = ""


IDEA_STATUSES: tuple[str, ...] = ("new", "in_review", "adopted", "rejected", "implemented")
IDEA_STATUS_LABELS: dict[str, str] = {
    "new": N_("new"),
    "in_review": N_("in review"),
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
    "implemented": N_("implemented"),
}
#: Statuses that mean a decision was taken.
IDEA_DECIDED: tuple[str, ...] = ("adopted", "rejected", "implemented")
IDEA_SOURCES: tuple[str, ...] = ("employee", "customer")
IDEA_SOURCE_LABELS: dict[str, str] = {"employee": N_("employee idea"),
                                      "customer": N_("customer voice")}


@dataclass(frozen=True, slots=True)
class Idea:
    """An employee's improvement idea or a customer voice, and what became of it.

    ``author`` is the name as given; ``person_id`` links it to a person of the plan when
    known. ``decided`` is the ISO date of the decision (``""`` while undecided).
    """

    id: int
    text: str
    author: str = ""
    person_id: str | None = None
    date: str = ""
    tags: tuple[str, ...] = ()
    source: str = "employee"
    status: str = "new"
    decision_note: str = ""
    decided: str = ""
    pilot_id: int | None = None
    measure_id: int | None = None


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
