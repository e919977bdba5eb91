"""Editing pilots, goals, measures and ideas: one generic service, one transaction per call.

A *record* is one of :data:`RECORD_TYPES` (a pilot, a KPI, a measurement, a milestone, a win,
a deviation, a proven process, a goal, a measure, a goal statement, an idea). Every write
checks its input and raises :class:`~changeplanner.errors.UserError` with a translated
message before anything is written, and returns what its undo needs: :func:`update` the
old values, :func:`delete` a :class:`Removed` that :func:`restore` puts back exactly, the
setters the previous value.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import N_, _
from changeplanner.store import repo
from changeplanner.store.db import Plan

#: The store's session (the type is not imported here: SQL stays in the store).
Session = Any

__all__ = ["RECORD_TYPES", "Removed", "kind_of", "add", "update", "delete", "restore",
           "set_impact", "set_members", "set_pilot_skills", "get", "list_pilots",
           "pilot_detail", "all_pilot_details", "list_goals", "list_measures",
           "list_impacts", "list_statements", "list_ideas"]

#: Every record type :func:`add`, :func:`update` and :func:`delete` take.
RECORD_TYPES: tuple[type, ...] = tuple(repo.RECORD_TABLES)

_KINDS: dict[type, str] = {
    **{cls: "pilots" for cls in (domain.Pilot, domain.Kpi, domain.Measurement,
                                 domain.Milestone, domain.Win, domain.Deviation,
                                 domain.ProvenProcess, domain.PilotMember,
                                 domain.PilotSkill, domain.PilotDetail)},
    **{cls: "goals" for cls in (domain.Goal, domain.Measure, domain.Impact,
                                domain.GoalStatement)},
    domain.Idea: "ideas",
}

#: The field that must not be empty, and the message when it is.
_REQUIRED_TEXT: dict[type, tuple[str, str] | None] = {
    domain.Pilot: ("name", N_("A pilot needs a name.")),
    domain.Measurement: None,  # its date is required instead
    domain.Kpi: ("name", N_("A KPI needs a name.")),
    domain.Milestone: ("title", N_("A milestone needs a title.")),
    domain.Win: ("what", N_("Describe the win: what happened?")),
    domain.Deviation: ("what", N_("Describe the deviation: what happened?")),
    domain.ProvenProcess: ("name", N_("A proven process needs a name.")),
    domain.Goal: ("title", N_("A goal needs a title.")),
    domain.Measure: ("title", N_("A measure needs a title.")),
    domain.GoalStatement: ("text", N_("The statement is empty.")),
    domain.Idea: ("text", N_("The idea is empty.")),
}

_DATE_LABELS: dict[str, str] = {
    "start": N_("Start date"),
    "end": N_("End date"),
    "date": N_("Date"),
    "due": N_("Due date"),
    "decided": N_("Decision date"),
}
_SHARE_LABELS: dict[str, str] = {
    "customer_a_share": N_("Share of type-A customers"),
    "agreement": N_("Distance from agreement"),
    "certainty": N_("Distance from certainty"),
}
_NUMBER_LABELS: dict[str, str] = {
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "value": N_("Value"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def kind_of(cls: type) -> str:
    """What ``context.data_changed`` names for a change of ``cls``: ``"pilots"``,
    ``"goals"`` or ``"ideas"``.

    Raises:
        KeyError: not an issue-5 record type.
    """
    return _KINDS[cls]


@dataclasses.dataclass(frozen=True)
class Removed:
    """What :func:`delete` took out, for :func:`restore` (treat it as opaque)."""

    #: The deleted record first, then what hung on it, in an order that can be re-inserted.
    records: tuple[Any, ...]
    members: tuple[domain.PilotMember, ...] = ()
    skills: tuple[domain.PilotSkill, ...] = ()
    impacts: tuple[domain.Impact, ...] = ()
    #: ``(pilot_id, goal_id)`` links a deleted goal had.
    goal_links: tuple[tuple[int, int], ...] = ()
    #: ``(column, value, idea ids)``: ideas the database unlinked (``pilot_id``/``measure_id``).
    idea_links: tuple[tuple[str, int, tuple[int, ...]], ...] = ()


def _today() -> str:
    return date.today().isoformat()


@contextlib.contextmanager
def _writing(plan: Plan) -> Iterator[Session]:
    """A transaction whose constraint violations become a UserError (nothing is written)."""
    with repo.conflicts_refused(), plan.transaction() as session:
        yield session


# -- checking input -------------------------------------------------------------------

def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any, field: str, *, required: bool = False) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if not text:
        if required:
            raise UserError(_("A measurement needs a date."))
        return ""
    try:
        ok = bool(_ISO_DATE.match(text)) and date.fromisoformat(text).isoformat() == text
    except ValueError:
        ok = False
    if not ok:
        raise UserError(_("{field}: “{value}” is not a valid date. Use YYYY-MM-DD, for "
                          "example 2026-03-31.").format(field=_(_DATE_LABELS[field]),
                                                        value=text))
    return text


def _number(value: Any, label: str) -> float:
    try:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        raise UserError(_("{field} must be a number.").format(field=_(label)))
    return number


def _share(value: Any, field: str) -> float:
    label = _SHARE_LABELS[field]
    number = _number(value, label)
    if not 0.0 <= number <= 1.0:
        raise UserError(_("{field} must be a number from 0 to 1.").format(field=_(label)))
    return number


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) and number == int(number) else None


def _choice(value: Any, allowed: Sequence[str], message: str) -> str:
    text = _text(value)
    if text not in allowed:
        raise UserError(_(message).format(value=text))
    return text


def _ref(value: Any) -> Any:
    """An optional reference: ``None``, ``""`` and ``0`` all mean none."""
    if value is None or value == "" or value == 0:
        return None
    return value.strip() if isinstance(value, str) else value


def _must_exist(session: Session, cls: type, record_id: Any, message: str) -> None:
    if not repo.record_exists(session=session, cls=cls, record_id=record_id):
        raise UserError(_(message))


def _person_must_exist(session: Session, person_id: str) -> None:
    if repo.get_person(session=session, person_id=person_id) is None:
        raise UserError(_("This person is no longer in the plan."))


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return tuple(dict.fromkeys(t for t in (_text(v) for v in value or ()) if t))


def _check(session: Session, record: Any) -> Any:
    """Validate ``record`` against the rules and the plan; return it normalised."""
    cls = type(record)
    if cls not in _REQUIRED_TEXT:
        raise TypeError(f"not a record type: {cls!r}")
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(cls)}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    required = _REQUIRED_TEXT[cls]
    if required is not None and not _text(values[required[0]]):
        raise UserError(_(required[1]))
    for name in _DATE_LABELS:
        if name in values and name != "date":
            values[name] = _date(values[name], name)
    if "date" in values:
        values["date"] = _date(values["date"], "date", required=cls is domain.Measurement)
    for name in _SHARE_LABELS:
        if name in values:
            values[name] = _share(values[name], name)
    for name, label in _NUMBER_LABELS.items():
        if name in values:
            values[name] = _number(values[name], label)
    for name in ("pilot_id", "kpi_id"):
        if name in values and cls is not domain.Idea:
            target = domain.Pilot if name == "pilot_id" else domain.Kpi
            text = (N_("This pilot is no longer in the plan.") if name == "pilot_id"
                    else N_("This KPI is no longer in the plan."))
            _must_exist(session, target, values[name], text)
    if cls is domain.Pilot:
        values["department"] = _text(values["department"])
        values["status"] = _choice(values["status"], domain.PILOT_STATUSES,
                                   N_("Unknown pilot status “{value}”."))
        values["agile"] = bool(values["agile"])
        if values["start"] and values["end"] and values["end"] < values["start"]:
            raise UserError(_("The end date lies before the start date."))
        values["sponsor_id"] = _ref(values["sponsor_id"])
        if values["sponsor_id"] is not None:
            _person_must_exist(session, values["sponsor_id"])
        goal_ids = tuple(dict.fromkeys(values["goal_ids"] or ()))
        for goal_id in goal_ids:
            _must_exist(session, domain.Goal, goal_id, N_("This goal is no longer in the plan."))
        values["goal_ids"] = goal_ids
    elif cls is domain.Milestone:
        values["done"] = bool(values["done"])
    elif cls is domain.Goal:
        priority = _whole(values["priority"])
        if priority not in domain.GOAL_PRIORITIES:
            raise UserError(_("The priority must be 1 (high), 2 (medium) or 3 (low)."))
        values["priority"] = priority
    elif cls is domain.Measure:
        values["kind"] = _choice(values["kind"], domain.MEASURE_KINDS,
                                 N_("Unknown kind of measure “{value}”."))
        values["status"] = _choice(values["status"], domain.MEASURE_STATUSES,
                                   N_("Unknown measure status “{value}”."))
    elif cls is domain.Idea:
        values["status"] = _choice(values["status"], domain.IDEA_STATUSES,
                                   N_("Unknown idea status “{value}”."))
        values["source"] = _choice(values["source"], domain.IDEA_SOURCES,
                                   N_("Unknown source “{value}”."))
        values["tags"] = _tags(values["tags"])
        for name, target, text in (
                ("pilot_id", domain.Pilot, N_("This pilot is no longer in the plan.")),
                ("measure_id", domain.Measure, N_("This measure is no longer in the plan."))):
            values[name] = _ref(values[name])
            if values[name] is not None:
                _must_exist(session, target, values[name], text)
        values["person_id"] = _ref(values["person_id"])
        if values["person_id"] is not None:
            _person_must_exist(session, values["person_id"])
    return cls(**values)


def _decide(idea: domain.Idea) -> domain.Idea:
    """Apply the decision-date rule: a decided status keeps its date or gets today's, an
    undecided one has none."""
    if idea.status not in domain.IDEA_DECIDED:
        return dataclasses.replace(idea, decided="")
    return idea if idea.decided else dataclasses.replace(idea, decided=_today())


def _existing(session: Session, cls: type, record_id: int) -> Any:
    if cls not in _REQUIRED_TEXT:
        raise TypeError(f"not a record type: {cls!r}")
    record = repo.get_record(session=session, cls=cls, record_id=record_id)
    if record is None:
        raise UserError(_("This entry is no longer in the plan."))
    return record


# -- writing --------------------------------------------------------------------------

def add(plan: Plan, record: Any) -> int:
    """Add a record and return its id (``record.id`` 0: a new one; otherwise that id, for
    redo). A pilot's ``goal_ids`` become links; an idea with a decided status and no
    ``decided`` date gets today's.

    Raises:
        UserError: a required text is empty, a status/kind/source is unknown, a date or a
            number is malformed, a referenced pilot/KPI/person/goal/measure is missing, or
            the id is taken.
    """
    with _writing(plan) as session:
        record = _check(session, record)
        if isinstance(record, domain.Idea):
            record = _decide(record)
        return repo.insert_record(session=session, record=record)


def update(plan: Plan, cls: type, record_id: int, **fields: Any) -> dict[str, Any]:
    """Change fields of one record (a pilot also takes ``goal_ids=``).

    For an idea, a new decided status sets ``decided`` to today unless given (or already
    decided before); an undecided status clears it. The returned dict then holds the old
    ``decided`` too.

    Returns:
        The old values of the changed fields: ``update(plan, cls, record_id, **old)`` undoes.

    Raises:
        UserError: the record is gone, a field is not editable, or a value breaks a rule.
    """
    editable = {f.name for f in dataclasses.fields(cls)} - {"id"} if \
        dataclasses.is_dataclass(cls) else set()
    for name in fields:
        if name not in editable:
            raise UserError(_("This field cannot be edited: {field}.").format(field=name))
    with _writing(plan) as session:
        before = _existing(session, cls, record_id)
        after = _check(session, dataclasses.replace(before, **fields))
        if cls is domain.Idea:
            after = _decide(after)
        changed = [f.name for f in dataclasses.fields(cls)
                   if f.name != "id" and (f.name in fields
                                          or getattr(after, f.name) != getattr(before,
                                                                               f.name))]
        repo.update_record(session=session, record=after)
        return {name: getattr(before, name) for name in changed}


def delete(plan: Plan, cls: type, record_id: int) -> Removed:
    """Delete a record with what hangs on it (a pilot: team, skills, KPIs, measurements,
    milestones, wins, deviations, proven processes, goal links; a KPI: its measurements; a
    goal: its impacts and pilot links; a measure: its impacts). Ideas that pointed at a
    deleted pilot or measure are unlinked, not deleted.

    Returns:
        What :func:`restore` needs to put it all back.

    Raises:
        UserError: the record is no longer in the plan.
    """
    with _writing(plan) as session:
        record = _existing(session, cls, record_id)
        removed = Removed(records=(record,))
        if cls is domain.Pilot:
            detail = repo.pilot_details(session=session, pilot_id=record_id)[0]
            removed = Removed(
                records=(record, *detail.kpis, *detail.measurements, *detail.milestones,
                         *detail.wins, *detail.deviations, *detail.proven_processes),
                members=detail.members, skills=detail.skills,
                idea_links=(("pilot_id", record_id, repo.ideas_linked_to(
                    session=session, column="pilot_id", value=record_id)),))
        elif cls is domain.Kpi:
            removed = Removed(records=(record, *(
                m for m in repo.list_records(session=session, cls=domain.Measurement,
                                             pilot_id=record.pilot_id)
                if m.kpi_id == record_id)))
        elif cls is domain.Goal:
            removed = Removed(
                records=(record,),
                impacts=tuple(i for i in repo.list_impacts(session=session)
                              if i.goal_id == record_id),
                goal_links=tuple((p, record_id) for p in repo.pilot_goal_links(
                    session=session, goal_id=record_id)))
        elif cls is domain.Measure:
            removed = Removed(
                records=(record,),
                impacts=tuple(i for i in repo.list_impacts(session=session)
                              if i.measure_id == record_id),
                idea_links=(("measure_id", record_id, repo.ideas_linked_to(
                    session=session, column="measure_id", value=record_id)),))
        repo.delete_record(session=session, cls=cls, record_id=record_id)
        return removed


def restore(plan: Plan, removed: Removed) -> None:
    """Undo :func:`delete` exactly: the same ids, dependents and links.

    Raises:
        UserError: something it refers to has gone meanwhile (nothing is written then).
    """
    with _writing(plan) as session:
        for record in removed.records:
            repo.insert_record(session=session, record=record)
        if removed.members:
            repo.set_pilot_members(session=session, pilot_id=removed.members[0].pilot_id,
                                   members=removed.members)
        if removed.skills:
            repo.set_pilot_skills(session=session, pilot_id=removed.skills[0].pilot_id,
                                  skills=removed.skills)
        repo.insert_impacts(session=session, impacts=removed.impacts)
        for pilot_id, goal_id in removed.goal_links:
            repo.link_pilots_to_goal(session=session, goal_id=goal_id, pilot_ids=[pilot_id])
        for column, value, idea_ids in removed.idea_links:
            repo.link_ideas(session=session, column=column, value=value, idea_ids=idea_ids)


def set_impact(plan: Plan, measure_id: int, goal_id: int, score: int) -> int:
    """Set how much a measure serves a goal (-2..+3; 0 removes it); return the old score.

    Raises:
        UserError: the score is out of range, or the measure or goal is gone.
    """
    number = _whole(score)
    if number is None or not domain.IMPACT_MIN <= number <= domain.IMPACT_MAX:
        raise UserError(_("The impact must be a whole number from {low} to {high}.").format(
            low=domain.IMPACT_MIN, high=domain.IMPACT_MAX))
    with _writing(plan) as session:
        _must_exist(session, domain.Measure, measure_id,
                    N_("This measure is no longer in the plan."))
        _must_exist(session, domain.Goal, goal_id, N_("This goal is no longer in the plan."))
        return repo.set_impact(session=session, measure_id=measure_id, goal_id=goal_id,
                               score=number)


def set_members(plan: Plan, pilot_id: int,
                members: Sequence[domain.PilotMember]) -> tuple[domain.PilotMember, ...]:
    """Replace a pilot's team (in the given order); return the old team.

    Raises:
        UserError: the pilot or a person is gone.
    """
    with _writing(plan) as session:
        _must_exist(session, domain.Pilot, pilot_id, N_("This pilot is no longer in the plan."))
        known = repo.person_ids(session=session)
        cleaned = []
        for member in members:
            if member.person_id not in known:
                raise UserError(_("This person is no longer in the plan."))
            cleaned.append(domain.PilotMember(pilot_id, member.person_id, _text(member.role)))
        return repo.set_pilot_members(session=session, pilot_id=pilot_id, members=cleaned)


def set_pilot_skills(plan: Plan, pilot_id: int,
                     skills: Sequence[domain.PilotSkill]) -> tuple[domain.PilotSkill, ...]:
    """Replace the skills (and levels 0-4) a pilot needs; return the old ones.

    Raises:
        UserError: the pilot or a skill is gone, or a level is out of range.
    """
    with _writing(plan) as session:
        _must_exist(session, domain.Pilot, pilot_id, N_("This pilot is no longer in the plan."))
        known = {s.id for s in repo.list_skills(session=session)}
        cleaned = []
        for skill in skills:
            if skill.skill_id not in known:
                raise UserError(_("This skill is no longer in the plan."))
            level = _whole(skill.level)
            if level is None or not domain.LEVEL_MIN <= level <= domain.LEVEL_MAX:
                raise UserError(_("The level must be a whole number from {low} to {high}.")
                                .format(low=domain.LEVEL_MIN, high=domain.LEVEL_MAX))
            cleaned.append(domain.PilotSkill(pilot_id, skill.skill_id, level))
        return repo.set_pilot_skills(session=session, pilot_id=pilot_id, skills=cleaned)


# -- reading --------------------------------------------------------------------------

def get(plan: Plan, cls: type, record_id: int) -> Any:
    """One record by id.

    Raises:
        KeyError: it is not in the plan.
    """
    with plan.reading() as session:
        record = repo.get_record(session=session, cls=cls, record_id=record_id)
    if record is None:
        raise KeyError(record_id)
    return record


def list_pilots(plan: Plan) -> list[domain.Pilot]:
    """All pilots, in id order, with their goal ids."""
    with plan.reading() as session:
        return repo.list_pilots(session=session)


def pilot_detail(plan: Plan, pilot_id: int) -> domain.PilotDetail:
    """A pilot with its team, skills, KPIs, measurements (by date), milestones, logs.

    Raises:
        KeyError: the pilot is not in the plan.
    """
    with plan.reading() as session:
        details = repo.pilot_details(session=session, pilot_id=pilot_id)
    if not details:
        raise KeyError(pilot_id)
    return details[0]


def all_pilot_details(plan: Plan) -> list[domain.PilotDetail]:
    """Every pilot in detail, in id order, read at once."""
    with plan.reading() as session:
        return repo.pilot_details(session=session)


def list_goals(plan: Plan) -> list[domain.Goal]:
    """All goals, in id order."""
    with plan.reading() as session:
        return repo.list_records(session=session, cls=domain.Goal)


def list_measures(plan: Plan) -> list[domain.Measure]:
    """All measures, in id order."""
    with plan.reading() as session:
        return repo.list_records(session=session, cls=domain.Measure)


def list_impacts(plan: Plan) -> list[domain.Impact]:
    """Every non-zero impact, by measure then goal."""
    with plan.reading() as session:
        return repo.list_impacts(session=session)


def list_statements(plan: Plan) -> list[domain.GoalStatement]:
    """All recorded answers to "what are our service goals?", in id order."""
    with plan.reading() as session:
        return repo.list_records(session=session, cls=domain.GoalStatement)


def list_ideas(plan: Plan) -> list[domain.Idea]:
    """All ideas and customer voices, in id order."""
    with plan.reading() as session:
        return repo.list_records(session=session, cls=domain.Idea)
