"""Reading and writing plan content: keyword-only functions over a session.

Every function takes the session of a :meth:`Plan.transaction` (or :meth:`Plan.reading`)
and returns plain :mod:`changeplanner.domain` objects, never table rows, so nothing above
the store sees SQLModel.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import _, pick
from changeplanner.store import bulk
from changeplanner.store.db import get_meta, set_meta
from changeplanner.store.tables import (
    AdkarRow,
    BoardSeatRow,
    ChangeBoardRow,
    DepartmentRow,
    DeviationRow,
    GoalRow,
    GoalStatementRow,
    IdeaRow,
    ImpactRow,
    KpiMeasurementRow,
    KpiRow,
    LevelTextRow,
    MeasureRow,
    MilestoneRow,
    PersonRow,
    PilotGoalRow,
    PilotMemberRow,
    PilotRow,
    PilotSkillRow,
    ProvenProcessRow,
    RatingHistoryRow,
    RequirementRow,
    SkillRatingRow,
    SkillRow,
    TieRow,
    WinRow,
)

#: Person fields the UI may edit one at a time (``update_person``).
EDITABLE_PERSON_FIELDS = ("name", "department", "title", "team_lead", "manager_id",
                          "attitude", "daily_business", "availability", "notes")


# -- plan facts -----------------------------------------------------------------------

def plan_name(*, session: Session) -> str:
    """The plan's display name."""
    return get_meta(session, "name", "") or ""


def set_plan_name(*, session: Session, name: str) -> None:
    """Rename the plan."""
    set_meta(session, "name", name)


def transforming_department(*, session: Session) -> str | None:
    """Name of the department being transformed, if the plan records one."""
    return get_meta(session, "transforming_department")


def set_transforming_department(*, session: Session, name: str | None) -> None:
    """Record which department is being transformed (``None`` clears it)."""
    set_meta(session, "transforming_department", name or None)


# -- departments ----------------------------------------------------------------------

def department_ids(*, session: Session) -> dict[str, int]:
    """Map department name to id."""
    return {name: id_ for id_, name in session.execute(
        select(DepartmentRow.id, DepartmentRow.name))}


def ensure_departments(*, session: Session, names: Iterable[str]) -> dict[str, int]:
    """Create the departments that do not exist yet; return name -> id for all."""
    known = department_ids(session=session)
    missing = sorted({n for n in names if n and n not in known})
    if missing:
        session.execute(insert(DepartmentRow), [{"name": n} for n in missing])
        known = department_ids(session=session)
    return known


def list_departments(*, session: Session) -> list[domain.Department]:
    """All departments, sorted by name."""
    return [domain.Department(id=i, name=n) for i, n in session.execute(
        select(DepartmentRow.id, DepartmentRow.name).order_by(DepartmentRow.name))]


# -- people ---------------------------------------------------------------------------

def _person_from_row(row: Any, department: str) -> domain.Person:
    return domain.Person(
        id=row.id, name=row.name, department=department, title=row.title or "",
        team_lead=bool(row.team_lead), manager_id=row.manager_id, attitude=row.attitude,
        daily_business=bool(row.daily_business), availability=row.availability,
        notes=row.notes or "")


def list_people(*, session: Session) -> list[domain.Person]:
    """All people, in id order."""
    names = {v: k for k, v in department_ids(session=session).items()}
    rows = session.execute(select(PersonRow.__table__).order_by(PersonRow.id))
    return [_person_from_row(r, names.get(r.department_id, "")) for r in rows]


def get_person(*, session: Session, person_id: str) -> domain.Person | None:
    """One person, or ``None``."""
    row = session.get(PersonRow, person_id)
    if row is None:
        return None
    department = session.get(DepartmentRow, row.department_id) if row.department_id else None
    return _person_from_row(row, department.name if department else "")


def person_names(*, session: Session) -> list[tuple[str, str]]:
    """``(id, name)`` of every person (a quick read for pickers and name matching)."""
    return [(i, n) for i, n in session.execute(select(PersonRow.id, PersonRow.name))]


def person_ids(*, session: Session) -> set[str]:
    """Ids of every person in the plan."""
    return set(session.execute(select(PersonRow.id)).scalars())


def _person_values(person: domain.Person, departments: Mapping[str, int]) -> dict[str, Any]:
    return {
        "id": person.id, "name": person.name,
        "department_id": departments.get(person.department) if person.department else None,
        "title": person.title, "team_lead": person.team_lead,
        "manager_id": person.manager_id, "attitude": person.attitude,
        "daily_business": person.daily_business, "availability": person.availability,
        "notes": person.notes,
    }


def upsert_people(*, session: Session, people: Iterable[domain.Person]) -> tuple[int, int]:
    """Insert new people and update existing ones by id.

    Returns:
        ``(added, updated)`` counts.
    """
    people = list(people)
    departments = ensure_departments(session=session, names=(p.department for p in people))
    existing = person_ids(session=session)
    new = [_person_values(p, departments) for p in people if p.id not in existing]
    old = [_person_values(p, departments) for p in people if p.id in existing]
    if new:
        # Core insert (table, not entity): one executemany even when None values vary.
        session.execute(insert(PersonRow.__table__), new)
    if old:
        # One executemany UPDATE keyed by id.
        session.execute(PersonRow.__table__.update().where(
            PersonRow.__table__.c.id == bindparam("b_id")),
            [{**{k: v for k, v in row.items() if k != "id"}, "b_id": row["id"]}
             for row in old])
    return len(new), len(old)


def update_person(*, session: Session, person_id: str, field: str, value: Any) -> Any:
    """Set one field of one person and return the value it had before (for undo).

    ``field`` is one of :data:`EDITABLE_PERSON_FIELDS`; ``department`` takes a name and
    creates the department when needed.

    Raises:
        KeyError: no such person or field.
    """
    if field not in EDITABLE_PERSON_FIELDS:
        raise KeyError(field)
    row = session.get(PersonRow, person_id)
    if row is None:
        raise KeyError(person_id)
    if field == "department":
        before = get_person(session=session, person_id=person_id).department
        ids = ensure_departments(session=session, names=[value] if value else [])
        row.department_id = ids.get(value) if value else None
    else:
        before = getattr(row, field)
        setattr(row, field, value)
    session.add(row)
    session.flush()
    return before


def delete_people(*, session: Session, ids: Iterable[str]) -> int:
    """Delete people (and their ratings, ties and seats); return how many."""
    ids = list(ids)
    result = session.execute(delete(PersonRow).where(PersonRow.id.in_(ids)))
    return result.rowcount or 0


# -- ADKAR ratings --------------------------------------------------------------------

def _adkar_from_row(row: Any) -> domain.Adkar:
    return domain.Adkar(person_id=row.person_id, awareness=row.awareness, desire=row.desire,
                        knowledge=row.knowledge, ability=row.ability,
                        reinforcement=row.reinforcement)


def list_adkar(*, session: Session) -> list[domain.Adkar]:
    """Every ADKAR rating in the plan, in person id order (people without one are absent)."""
    rows = session.execute(select(AdkarRow.__table__).order_by(AdkarRow.person_id))
    return [_adkar_from_row(r) for r in rows]


def get_adkar(*, session: Session, person_id: str) -> domain.Adkar | None:
    """One person's ADKAR rating, or ``None`` when they have none."""
    table = AdkarRow.__table__
    row = session.execute(select(table).where(table.c.person_id == person_id)).first()
    return None if row is None else _adkar_from_row(row)


def set_adkar(*, session: Session, adkar: domain.Adkar) -> domain.Adkar | None:
    """Store a person's ADKAR rating (one with no score removes it).

    Returns:
        The rating from before (``None`` when there was none): ``set_adkar`` of it, or of an
        empty :class:`~changeplanner.domain.Adkar` when ``None``, undoes the change.

    Raises:
        KeyError: no such person.
        IntegrityError: a score outside 1-5 (the table's CHECK constraints).
    """
    if session.get(PersonRow, adkar.person_id) is None:
        raise KeyError(adkar.person_id)
    previous = get_adkar(session=session, person_id=adkar.person_id)
    table = AdkarRow.__table__
    if not adkar.rated:
        session.execute(delete(table).where(table.c.person_id == adkar.person_id))
        return previous
    values = {key: getattr(adkar, key) for key in domain.ADKAR_ELEMENTS}
    stmt = sqlite_insert(table).values(person_id=adkar.person_id, **values)
    session.execute(stmt.on_conflict_do_update(index_elements=["person_id"], set_=values))
    return previous


# -- skills and ratings ---------------------------------------------------------------

def list_skills(*, session: Session, include_archived: bool = True) -> list[domain.Skill]:
    """The skills catalogue, by category then name."""
    query = select(SkillRow.__table__).order_by(SkillRow.category, SkillRow.name)
    if not include_archived:
        query = query.where(SkillRow.__table__.c.archived.is_(False))
    return [domain.Skill(id=r.id, name=r.name, category=r.category,
                         description=r.description, archived=bool(r.archived))
            for r in session.execute(query)]


def _skill_row(session: Session, skill_id: int) -> SkillRow:
    row = session.get(SkillRow, skill_id)
    if row is None:
        raise UserError(_("This skill is no longer in the plan."))
    return row


def _check_skill_name(session: Session, name: str, skill_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise UserError(_("A skill needs a name."))
    other = session.execute(select(SkillRow.id).where(
        func.lower(SkillRow.name) == name.lower())).scalar()
    if other is not None and other != skill_id:
        raise UserError(_("A skill named “{name}” already exists.").format(name=name))
    return name


def add_skill(*, session: Session, name: str, category: str = "",
              description: str = "") -> int:
    """Add a skill to the catalogue; return its id.

    Raises:
        UserError: the name is empty or taken (names are compared ignoring case).
    """
    row = SkillRow(name=_check_skill_name(session, name), category=category.strip(),
                   description=description.strip())
    session.add(row)
    session.flush()
    return row.id


def update_skill(*, session: Session, skill_id: int, name: str | None = None,
                 category: str | None = None,
                 description: str | None = None) -> dict[str, str]:
    """Rename or re-describe a skill; return the previous values of the fields given.

    Raises:
        UserError: no such skill, or the new name is empty or taken.
    """
    row = _skill_row(session, skill_id)
    previous: dict[str, str] = {}
    if name is not None:
        previous["name"] = row.name
        row.name = _check_skill_name(session, name, skill_id)
    if category is not None:
        previous["category"] = row.category
        row.category = category.strip()
    if description is not None:
        previous["description"] = row.description
        row.description = description.strip()
    session.add(row)
    session.flush()
    return previous


def remove_skill(*, session: Session, skill_id: int) -> None:
    """Delete a skill with its ratings and requirements (history of it goes too)."""
    session.execute(delete(SkillRow.__table__).where(SkillRow.__table__.c.id == skill_id))


def set_skill_archived(*, session: Session, skill_id: int, archived: bool) -> bool:
    """Archive (hide, keeping every rating) or restore a skill; return the previous state."""
    row = _skill_row(session, skill_id)
    previous = bool(row.archived)
    row.archived = archived
    session.add(row)
    session.flush()
    return previous


@dataclass(frozen=True)
class MergeUndo:
    """What :func:`undo_merge` needs to take a merge back."""

    source: domain.Skill
    target_id: int
    source_ratings: tuple[domain.Rating, ...]
    source_requirements: tuple[domain.Requirement, ...]
    source_level_texts: tuple[domain.LevelText, ...]
    target_ratings: tuple[domain.Rating, ...]
    target_requirements: tuple[domain.Requirement, ...]
    #: Every required skill of the pilots that needed the source skill, as it was.
    pilot_skills: tuple[domain.PilotSkill, ...] = ()


def _ratings_of_skill(session: Session, skill_id: int) -> tuple[domain.Rating, ...]:
    c = SkillRatingRow.__table__.c
    rows = session.execute(select(c.person_id, c.skill_id, c.level, c.target,
                                  c.wants_to_learn).where(c.skill_id == skill_id)).all()
    return tuple(domain.Rating(p, s, lv, t, bool(w)) for p, s, lv, t, w in rows)


def _replace_ratings_of_skill(session: Session, skill_id: int,
                              ratings: Iterable[domain.Rating]) -> None:
    table = SkillRatingRow.__table__
    wanted = {r.person_id: r for r in ratings}
    current = {r.person_id: r for r in _ratings_of_skill(session, skill_id)}
    gone = [pid for pid in current if pid not in wanted]
    if gone:
        session.execute(delete(table).where(table.c.skill_id == skill_id,
                                            table.c.person_id.in_(gone)))
    changed = [r for pid, r in wanted.items() if current.get(pid) != r]
    if changed:
        session.execute(insert(table).prefix_with("OR REPLACE"), [
            {"person_id": r.person_id, "skill_id": skill_id, "level": r.level,
             "target": r.target, "wants_to_learn": r.wants_to_learn} for r in changed])


def merge_skills(*, session: Session, source_id: int, target_id: int) -> MergeUndo:
    """Merge ``source`` into ``target``: every rating is kept (the higher level and target
    win, "wants to learn" if either says so), requirements keep the higher level, and the
    source skill is removed.

    Returns:
        What :func:`undo_merge` needs to restore both skills exactly.

    Raises:
        UserError: a skill is missing or both are the same.
    """
    if source_id == target_id:
        raise UserError(_("Choose two different skills to merge."))
    source = _skill_row(session, source_id)
    _skill_row(session, target_id)
    requirements = list_requirements(session=session)
    undo = MergeUndo(
        source=domain.Skill(source.id, source.name, source.category, source.description,
                            bool(source.archived)),
        target_id=target_id,
        source_ratings=_ratings_of_skill(session, source_id),
        source_requirements=tuple(r for r in requirements if r.skill_id == source_id),
        source_level_texts=tuple(t for t in list_level_texts(session=session)
                                 if t.skill_id == source_id),
        target_ratings=_ratings_of_skill(session, target_id),
        target_requirements=tuple(r for r in requirements if r.skill_id == target_id))
    merged = {r.person_id: r for r in undo.target_ratings}
    for r in undo.source_ratings:
        old = merged.get(r.person_id)
        if old is None:
            merged[r.person_id] = domain.Rating(r.person_id, target_id, r.level, r.target,
                                                r.wants_to_learn)
            continue
        targets = [t for t in (old.target, r.target) if t is not None]
        merged[r.person_id] = domain.Rating(
            r.person_id, target_id, max(old.level, r.level), max(targets) if targets else None,
            old.wants_to_learn or r.wants_to_learn)
    _replace_ratings_of_skill(session, target_id, merged.values())
    for req in undo.source_requirements:
        previous = next((t.level for t in undo.target_requirements
                         if (t.scope, t.value) == (req.scope, req.value)), None)
        set_requirement(session=session, scope=req.scope, value=req.value,
                        skill_id=target_id, level=max(req.level, previous or 0))
    undo = dataclasses.replace(undo, pilot_skills=_merge_pilot_skills(session, source_id,
                                                                      target_id))
    session.delete(source)
    session.flush()
    return undo


def _merge_pilot_skills(session: Session, source_id: int,
                        target_id: int) -> tuple[domain.PilotSkill, ...]:
    """Pilots that need ``source`` need ``target`` instead (the higher level wins); return
    the skills of those pilots as they were."""
    everything = list_pilot_skills(session=session)
    affected = {s.pilot_id for s in everything if s.skill_id == source_id}
    before = tuple(s for s in everything if s.pilot_id in affected)
    for pilot_id in affected:
        levels: dict[int, int] = {}
        for s in before:
            if s.pilot_id == pilot_id:
                skill = target_id if s.skill_id == source_id else s.skill_id
                levels[skill] = max(levels.get(skill, s.level), s.level)
        set_pilot_skills(session=session, pilot_id=pilot_id, skills=[
            domain.PilotSkill(pilot_id, skill, level) for skill, level in levels.items()])
    return before


def undo_merge(*, session: Session, undo: MergeUndo) -> None:
    """Restore both skills of a merge exactly as they were."""
    s = undo.source
    session.execute(insert(SkillRow.__table__), [{
        "id": s.id, "name": s.name, "category": s.category, "description": s.description,
        "archived": s.archived}])
    _replace_ratings_of_skill(session, s.id, undo.source_ratings)
    _replace_ratings_of_skill(session, undo.target_id, undo.target_ratings)
    table = RequirementRow.__table__
    session.execute(delete(table).where(table.c.skill_id == undo.target_id))
    for req in (*undo.source_requirements, *undo.target_requirements):
        set_requirement(session=session, scope=req.scope, value=req.value,
                        skill_id=req.skill_id, level=req.level)
    for text in undo.source_level_texts:
        set_level_text(session=session, level=text.level, name=text.name,
                       description=text.description, skill_id=s.id)
    for pilot_id in dict.fromkeys(p.pilot_id for p in undo.pilot_skills):
        set_pilot_skills(session=session, pilot_id=pilot_id,
                         skills=[p for p in undo.pilot_skills if p.pilot_id == pilot_id])
    session.flush()


# -- level texts and requirement profiles ---------------------------------------------

def list_level_texts(*, session: Session) -> list[domain.LevelText]:
    """Stored level names/descriptions (plan-wide ones have ``skill_id`` None)."""
    c = LevelTextRow.__table__.c
    return [domain.LevelText(level=lv, name=n, description=d, skill_id=s)
            for lv, n, d, s in session.execute(
                select(c.level, c.name, c.description, c.skill_id).order_by(
                    c.skill_id, c.level))]


def set_level_text(*, session: Session, level: int, name: str, description: str = "",
                   skill_id: int | None = None) -> domain.LevelText | None:
    """Set what ``level`` means (plan-wide, or for one skill); return the previous text.

    An empty name and description remove the entry, so the default applies again.
    """
    table = LevelTextRow.__table__
    where = [table.c.level == level, table.c.skill_id.is_(None) if skill_id is None
             else table.c.skill_id == skill_id]
    row = session.execute(select(table.c.name, table.c.description).where(*where)).first()
    previous = (domain.LevelText(level, row.name, row.description, skill_id)
                if row else None)
    session.execute(delete(table).where(*where))
    if name.strip() or description.strip():
        session.execute(insert(table), [{"level": level, "name": name.strip(),
                                         "description": description.strip(),
                                         "skill_id": skill_id}])
    return previous


def list_requirements(*, session: Session) -> list[domain.Requirement]:
    """Every requirement profile entry."""
    c = RequirementRow.__table__.c
    return [domain.Requirement(scope=sc, value=v, skill_id=s, level=lv)
            for sc, v, s, lv in session.execute(
                select(c.scope, c.value, c.skill_id, c.level).order_by(
                    c.scope, c.value, c.skill_id))]


def set_requirement(*, session: Session, scope: str, value: str, skill_id: int,
                    level: int | None) -> int | None:
    """Require ``level`` of ``skill_id`` for a department or title (``None`` removes it);
    return the level required before (or ``None``)."""
    if scope not in domain.REQUIREMENT_SCOPES:
        raise ValueError(scope)
    table = RequirementRow.__table__
    where = [table.c.scope == scope, table.c.value == value, table.c.skill_id == skill_id]
    previous = session.execute(select(table.c.level).where(*where)).scalar()
    session.execute(delete(table).where(*where))
    if level is not None:
        session.execute(insert(table), [{"scope": scope, "value": value,
                                         "skill_id": skill_id, "level": level}])
    return previous


def ensure_skills(*, session: Session, skills: Iterable[domain.Skill | str]) -> dict[str, int]:
    """Create skills that do not exist yet (by name); return name -> id for all skills."""
    known = dict(session.execute(select(SkillRow.name, SkillRow.id)).all())
    missing: dict[str, dict[str, str]] = {}
    for skill in skills:
        if isinstance(skill, str):
            skill = domain.Skill(id=0, name=skill)
        if skill.name not in known and skill.name not in missing:
            missing[skill.name] = {"name": skill.name, "category": skill.category,
                                   "description": skill.description}
    if missing:
        session.execute(insert(SkillRow), list(missing.values()))
        known = dict(session.execute(select(SkillRow.name, SkillRow.id)).all())
    return known


def list_ratings(*, session: Session) -> list[domain.Rating]:
    """Every rating in the plan."""
    c = SkillRatingRow.__table__.c
    # Plain tuples from the cursor: ORM rows would cost seconds at 300,000 ratings. Read in
    # partitions: one .all() holds the GIL for the whole fetch and freezes the window while
    # a worker reads a large plan.
    result = session.execute(select(c.person_id, c.skill_id, c.level, c.target,
                                    c.wants_to_learn))
    return [domain.Rating(p, s, lv, t, bool(w)) for part in result.partitions(1_000)
            for p, s, lv, t, w in part]


def upsert_ratings(*, session: Session, ratings: Iterable[domain.Rating]) -> int:
    """Insert or replace ratings by (person, skill); return how many were written.

    Goes through :func:`changeplanner.store.bulk.upsert_rating_values` (one
    ``INSERT ... SELECT``), which the rating-history triggers keep fast.
    """
    rows = [(r.person_id, r.skill_id, r.level, r.target, r.wants_to_learn) for r in ratings]
    if rows:
        bulk.upsert_rating_values(session=session, ratings=rows)
    return len(rows)


def count_ratings(*, session: Session) -> int:
    """How many ratings the plan holds."""
    return session.execute(select(func.count()).select_from(SkillRatingRow)).scalar_one()


class _Unset:
    """Marks an argument that was not given (``None`` has a meaning of its own)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def get_rating(*, session: Session, person_id: str, skill_id: int) -> domain.Rating | None:
    """One rating, or ``None``."""
    row = session.get(SkillRatingRow, (person_id, skill_id))
    if row is None:
        return None
    return domain.Rating(row.person_id, row.skill_id, row.level, row.target,
                         bool(row.wants_to_learn))


def set_rating(*, session: Session, person_id: str, skill_id: int, level: Any = UNSET,
               target: Any = UNSET, wants_to_learn: Any = UNSET) -> domain.Rating | None:
    """Change one rating; return it as it was (``None`` when there was none).

    ``level=None`` removes the rating. Setting a target or the learn flag on a person without
    a rating creates one at level 0. Passing a previous :class:`Rating`'s fields back (or
    ``level=None`` for "there was none") undoes the change.
    """
    previous = get_rating(session=session, person_id=person_id, skill_id=skill_id)
    table = SkillRatingRow.__table__
    where = [table.c.person_id == person_id, table.c.skill_id == skill_id]
    if level is None:
        session.execute(delete(table).where(*where))
        return previous
    values = {"level": previous.level if previous else 0,
              "target": previous.target if previous else None,
              "wants_to_learn": previous.wants_to_learn if previous else False}
    for key, value in (("level", level), ("target", target),
                       ("wants_to_learn", wants_to_learn)):
        if value is not UNSET:
            values[key] = value
    if previous is None:
        session.execute(insert(table), [{"person_id": person_id, "skill_id": skill_id,
                                          **values}])
    else:
        session.execute(table.update().where(*where).values(**values))
    return previous


def set_rating_level(*, session: Session, person_id: str, skill_id: int,
                     level: int | None) -> int | None:
    """Set (or with ``None`` clear) one level; return the level it had before."""
    previous = set_rating(session=session, person_id=person_id, skill_id=skill_id,
                          level=level)
    return previous.level if previous else None


def set_levels(*, session: Session,
               cells: Iterable[tuple[str, int, int | None]]) -> list[tuple[str, int, int | None]]:
    """Set many levels at once (``None`` clears a rating), keeping targets and learn flags.

    Returns:
        The previous level of every cell, in the same order: ``set_levels`` of that list
        undoes the change.
    """
    cells = list(cells)
    table = SkillRatingRow.__table__
    current: dict[tuple[str, int], int] = {}
    for chunk_start in range(0, len(cells), 500):
        chunk = cells[chunk_start:chunk_start + 500]
        pairs = {(pid, sid) for pid, sid, _lv in chunk}
        for pid, sid, lv in session.execute(select(
                table.c.person_id, table.c.skill_id, table.c.level).where(
                table.c.person_id.in_({p for p, _s in pairs}),
                table.c.skill_id.in_({s for _p, s in pairs}))):
            if (pid, sid) in pairs:
                current[(pid, sid)] = lv
    previous = [(pid, sid, current.get((pid, sid))) for pid, sid, _lv in cells]
    clear = [(pid, sid) for pid, sid, lv in cells if lv is None]
    write = [(pid, sid, lv) for pid, sid, lv in cells if lv is not None]
    connection = session.connection()
    if clear:
        connection.exec_driver_sql(
            f"DELETE FROM {table.name} WHERE person_id = ? AND skill_id = ?", clear)
    if write:
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} (person_id, skill_id, level, wants_to_learn) "
            "VALUES (?, ?, ?, 0) ON CONFLICT (person_id, skill_id) "
            "DO UPDATE SET level = excluded.level", write)
    return previous


def add_rating_history(*, session: Session, changes: Iterable[domain.RatingChange]) -> int:
    """Record earlier level changes with their own dates (demo data, imported history)."""
    rows = [(c.person_id, c.skill_id, c.level, c.changed) for c in changes]
    if rows:
        session.connection().exec_driver_sql(
            f"INSERT INTO {RatingHistoryRow.__tablename__} "
            "(person_id, skill_id, level, changed) VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def list_rating_history(*, session: Session, person_id: str | None = None,
                        skill_id: int | None = None) -> list[domain.RatingChange]:
    """Level changes, oldest first (optionally of one person and/or one skill)."""
    c = RatingHistoryRow.__table__.c
    query = select(c.person_id, c.skill_id, c.level, c.changed).order_by(c.changed, c.id)
    if person_id is not None:
        query = query.where(c.person_id == person_id)
    if skill_id is not None:
        query = query.where(c.skill_id == skill_id)
    return [domain.RatingChange(p, s, lv, ch) for p, s, lv, ch in session.execute(query)]


# -- ties -----------------------------------------------------------------------------

def list_ties(*, session: Session) -> list[domain.Tie]:
    """Every tie in the plan."""
    t = TieRow.__table__.c
    return [domain.Tie(source=s, target=g, relation=r, weight=w)
            for s, g, r, w in session.execute(
                select(t.source_id, t.target_id, t.relation, t.weight))]


def count_ties(*, session: Session) -> int:
    """How many ties the plan holds."""
    return session.execute(select(func.count()).select_from(TieRow)).scalar_one()


def upsert_ties(*, session: Session, ties: Iterable[domain.Tie]) -> int:
    """Insert ties, replacing the weight of a tie that exists (same source, target, relation)."""
    rows = [{"source_id": t.source, "target_id": t.target, "relation": t.relation,
             "weight": t.weight} for t in ties]
    if rows:
        stmt = sqlite_insert(TieRow.__table__)
        stmt = stmt.on_conflict_do_update(index_elements=["source_id", "target_id", "relation"],
                                          set_={"weight": stmt.excluded.weight})
        session.execute(stmt, rows)
    return len(rows)


def get_tie(*, session: Session, source: str, target: str,
            relation: str) -> domain.Tie | None:
    """One tie by its key (source, target, relation), or ``None``."""
    t = TieRow.__table__.c
    row = session.execute(select(t.weight).where(
        t.source_id == source, t.target_id == target, t.relation == relation)).first()
    return None if row is None else domain.Tie(source, target, relation, row[0])


def person_ties(*, session: Session, person_id: str) -> list[domain.Tie]:
    """The ties a person sends or receives."""
    t = TieRow.__table__.c
    return [domain.Tie(source=s, target=g, relation=r, weight=w)
            for s, g, r, w in session.execute(
                select(t.source_id, t.target_id, t.relation, t.weight).where(
                    (t.source_id == person_id) | (t.target_id == person_id)))]


def _check_tie(session: Session, tie: domain.Tie) -> None:
    if tie.relation not in domain.RELATIONS:
        raise UserError(_("“{relation}” is not a kind of tie.").format(relation=tie.relation))
    if tie.source == tie.target:
        raise UserError(_("A tie from a person to themselves is not allowed."))
    if not (tie.weight > 0):
        raise UserError(_("The weight of a tie must be greater than 0."))
    known = set(session.execute(select(PersonRow.id).where(
        PersonRow.id.in_([tie.source, tie.target]))).scalars())
    for person_id in (tie.source, tie.target):
        if person_id not in known:
            raise UserError(_("There is no person with the id “{id}” in the plan.").format(
                id=person_id))


def add_tie(*, session: Session, tie: domain.Tie) -> domain.Tie:
    """Add one tie; return it.

    Raises:
        UserError: the tie exists already, joins a person to themselves, names someone who
            is not in the plan, has an unknown relation or a weight of 0 or less.
    """
    _check_tie(session, tie)
    if get_tie(session=session, source=tie.source, target=tie.target,
               relation=tie.relation) is not None:
        raise UserError(_("This tie exists already."))
    session.execute(insert(TieRow.__table__), [{
        "source_id": tie.source, "target_id": tie.target, "relation": tie.relation,
        "weight": float(tie.weight)}])
    return tie


def update_tie(*, session: Session, tie: domain.Tie, relation: str | None = None,
               weight: float | None = None) -> tuple[domain.Tie, domain.Tie]:
    """Change the relation and/or weight of the tie with ``tie``'s key.

    Returns:
        ``(before, after)``: ``update_tie(tie=after, relation=before.relation,
        weight=before.weight)`` undoes the change.

    Raises:
        UserError: the tie is gone, or the change would duplicate another tie or is invalid.
    """
    before = get_tie(session=session, source=tie.source, target=tie.target,
                     relation=tie.relation)
    if before is None:
        raise UserError(_("This tie is no longer in the plan."))
    after = domain.Tie(before.source, before.target,
                       before.relation if relation is None else relation,
                       before.weight if weight is None else float(weight))
    _check_tie(session, after)
    if after.relation != before.relation and get_tie(
            session=session, source=after.source, target=after.target,
            relation=after.relation) is not None:
        raise UserError(_("This tie exists already."))
    t = TieRow.__table__.c
    session.execute(TieRow.__table__.update().where(
        t.source_id == before.source, t.target_id == before.target,
        t.relation == before.relation).values(relation=after.relation, weight=after.weight))
    return before, after


def delete_ties(*, session: Session, ties: Iterable[domain.Tie]) -> list[domain.Tie]:
    """Delete ties by key; return the ones that existed, as they were (for undo)."""
    deleted = []
    t = TieRow.__table__.c
    for tie in ties:
        existing = get_tie(session=session, source=tie.source, target=tie.target,
                           relation=tie.relation)
        if existing is not None:
            session.execute(delete(TieRow.__table__).where(
                t.source_id == tie.source, t.target_id == tie.target,
                t.relation == tie.relation))
            deleted.append(existing)
    return deleted


def insert_new_ties(*, session: Session, ties: Iterable[domain.Tie]) -> list[domain.Tie]:
    """Insert the ties that do not exist yet (by key); return those inserted."""
    t = TieRow.__table__.c
    existing = {(s, g, r) for s, g, r in session.execute(
        select(t.source_id, t.target_id, t.relation))}
    new = []
    for tie in ties:
        key = (tie.source, tie.target, tie.relation)
        if key not in existing:
            existing.add(key)
            new.append(tie)
    if new:
        session.execute(insert(TieRow.__table__), [
            {"source_id": x.source, "target_id": x.target, "relation": x.relation,
             "weight": float(x.weight)} for x in new])
    return new


# -- relationship surveys ---------------------------------------------------------------

def _survey_key(relation: str) -> str:
    return f"survey:{relation}"


def get_survey(*, session: Session, relation: str) -> dict[str, Any] | None:
    """What the plan records of the survey of ``relation``: ``{"respondents": [ids],
    "date": "YYYY-MM-DD", "file": name}``, or ``None`` when none was imported."""
    raw = get_meta(session, _survey_key(relation))
    if not raw:
        return None
    value = json.loads(raw)
    return value if isinstance(value, dict) else None


def set_survey(*, session: Session, relation: str,
               survey: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Record (or with ``None`` forget) the survey of ``relation``; return what was before."""
    before = get_survey(session=session, relation=relation)
    set_meta(session, _survey_key(relation),
             None if survey is None else json.dumps(dict(survey), ensure_ascii=False,
                                                    sort_keys=True))
    return before


# -- pilots, goals, measures, ideas (issue 5) ---------------------------------------------

#: The table of each record type :func:`insert_record` & co. handle.
RECORD_TABLES: dict[type, Any] = {
    domain.Pilot: PilotRow.__table__,
    domain.Kpi: KpiRow.__table__,
    domain.Measurement: KpiMeasurementRow.__table__,
    domain.Milestone: MilestoneRow.__table__,
    domain.Win: WinRow.__table__,
    domain.Deviation: DeviationRow.__table__,
    domain.ProvenProcess: ProvenProcessRow.__table__,
    domain.Goal: GoalRow.__table__,
    domain.Measure: MeasureRow.__table__,
    domain.GoalStatement: GoalStatementRow.__table__,
    domain.Idea: IdeaRow.__table__,
}
#: Records listed by date (then id); the others by id.
_DATED = (domain.Measurement, domain.Milestone, domain.Win, domain.Deviation)
_BOOL_FIELDS = {domain.Pilot: ("agile",), domain.Milestone: ("done",)}


@contextlib.contextmanager
def conflicts_refused() -> Iterator[None]:
    """Turn a constraint violation (a taken id, a missing reference, a failed CHECK) inside
    the block into a UserError; wrap it around :meth:`Plan.transaction`, which rolls back."""
    try:
        yield
    except IntegrityError as exc:
        raise UserError(_("The plan refused this change because it conflicts with other "
                          "data. Nothing was changed.")) from exc


def _table(cls: type) -> Any:
    try:
        return RECORD_TABLES[cls]
    except KeyError:
        raise TypeError(f"not a record type: {cls!r}") from None


def _record_from_row(cls: type, row: Any, *, departments: Mapping[int, str] | None = None,
                     goal_ids: Mapping[int, tuple[int, ...]] | None = None) -> Any:
    values = dict(row._mapping)
    for name in _BOOL_FIELDS.get(cls, ()):
        values[name] = bool(values[name])
    if cls is domain.Pilot:
        values["department"] = (departments or {}).get(values.pop("department_id"), "")
        values["goal_ids"] = (goal_ids or {}).get(values["id"], ())
    elif cls is domain.Idea:
        values["tags"] = tuple(json.loads(values["tags"] or "[]"))
    return cls(**values)


def _record_values(session: Session, record: Any) -> dict[str, Any]:
    cls = type(record)
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(cls)}
    if not values.get("id"):
        values.pop("id", None)
    if cls is domain.Pilot:
        department = values.pop("department")
        ids = ensure_departments(session=session, names=[department] if department else [])
        values["department_id"] = ids.get(department) if department else None
        values.pop("goal_ids")
    elif cls is domain.Idea:
        values["tags"] = json.dumps(list(record.tags), ensure_ascii=False)
    return values


def _goal_links(session: Session) -> dict[int, tuple[int, ...]]:
    links: dict[int, list[int]] = {}
    c = PilotGoalRow.__table__.c
    for pilot_id, goal_id in session.execute(
            select(c.pilot_id, c.goal_id).order_by(c.pilot_id, c.goal_id)):
        links.setdefault(pilot_id, []).append(goal_id)
    return {k: tuple(v) for k, v in links.items()}


def list_records(*, session: Session, cls: type, pilot_id: int | None = None) -> list[Any]:
    """All records of one type (a :data:`RECORD_TABLES` key), by id (dated ones by date).

    With ``pilot_id`` only those of that pilot (for types that have a ``pilot_id``; a
    measurement belongs to the pilot of its KPI).
    """
    if cls is domain.Pilot:
        pilots = list_pilots(session=session)
        return pilots if pilot_id is None else [p for p in pilots if p.id == pilot_id]
    table = _table(cls)
    query = select(table)
    query = query.order_by(table.c.date, table.c.id) if cls in _DATED else query.order_by(
        table.c.id)
    if pilot_id is not None:
        if cls is domain.Measurement:
            kpis = KpiRow.__table__
            query = query.where(table.c.kpi_id.in_(
                select(kpis.c.id).where(kpis.c.pilot_id == pilot_id)))
        else:
            query = query.where(table.c.pilot_id == pilot_id)
    return [_record_from_row(cls, row) for row in session.execute(query)]


def get_record(*, session: Session, cls: type, record_id: int) -> Any | None:
    """One record by id, or ``None``."""
    table = _table(cls)
    row = session.execute(select(table).where(table.c.id == record_id)).first()
    if row is None:
        return None
    if cls is domain.Pilot:
        c = PilotGoalRow.__table__.c
        goals = tuple(session.execute(select(c.goal_id).where(c.pilot_id == record_id)
                                      .order_by(c.goal_id)).scalars())
        names = {v: k for k, v in department_ids(session=session).items()}
        return _record_from_row(cls, row, departments=names, goal_ids={record_id: goals})
    return _record_from_row(cls, row)


def record_exists(*, session: Session, cls: type, record_id: int | None) -> bool:
    """Whether a record of ``cls`` with this id is in the plan."""
    if record_id is None:
        return False
    table = _table(cls)
    return session.execute(select(table.c.id).where(table.c.id == record_id)).first() \
        is not None


def insert_record(*, session: Session, record: Any) -> int:
    """Insert a record; ``id`` 0 gets a new id, any other is kept (undo, redo).

    A pilot's ``department`` is created when needed and its ``goal_ids`` become links.

    Raises:
        IntegrityError: the id is taken, a reference is missing or a CHECK fails.
    """
    table = _table(type(record))
    result = session.execute(insert(table).values(**_record_values(session, record)))
    new_id = record.id or result.inserted_primary_key[0]
    if isinstance(record, domain.Pilot):
        set_pilot_goals(session=session, pilot_id=new_id, goal_ids=record.goal_ids)
    return new_id


def update_record(*, session: Session, record: Any) -> None:
    """Write every field of ``record`` to the row with its id (pilots: goal links too)."""
    table = _table(type(record))
    values = _record_values(session, record)
    values.pop("id", None)
    session.execute(table.update().where(table.c.id == record.id).values(**values))
    if isinstance(record, domain.Pilot):
        set_pilot_goals(session=session, pilot_id=record.id, goal_ids=record.goal_ids)


def delete_record(*, session: Session, cls: type, record_id: int) -> bool:
    """Delete one record; the database removes what hangs on it (or unlinks ideas).

    Returns:
        Whether it existed.
    """
    table = _table(cls)
    return bool(session.execute(delete(table).where(table.c.id == record_id)).rowcount)


def list_pilots(*, session: Session) -> list[domain.Pilot]:
    """All pilots, in id order, with their linked goal ids."""
    names = {v: k for k, v in department_ids(session=session).items()}
    links = _goal_links(session)
    return [_record_from_row(domain.Pilot, r, departments=names, goal_ids=links)
            for r in session.execute(select(PilotRow.__table__).order_by(PilotRow.id))]


def add_pilot(*, session: Session, name: str, department: str = "", status: str = "idea",
              **fields: Any) -> int:
    """Add a pilot; return its id. ``fields`` are the other :class:`domain.Pilot` fields
    (``team=``, ``agreement=``, ``goal_ids=``, ...)."""
    return insert_record(session=session, record=domain.Pilot(
        id=0, name=name, department=department, status=status, **fields))


def set_pilot_goals(*, session: Session, pilot_id: int,
                    goal_ids: Iterable[int]) -> tuple[int, ...]:
    """Link a pilot to exactly these goals; return the goal ids it had before."""
    table = PilotGoalRow.__table__
    before = tuple(session.execute(select(table.c.goal_id).where(
        table.c.pilot_id == pilot_id).order_by(table.c.goal_id)).scalars())
    wanted = tuple(dict.fromkeys(goal_ids))
    if set(wanted) != set(before):
        session.execute(delete(table).where(table.c.pilot_id == pilot_id))
        if wanted:
            session.execute(insert(table), [{"pilot_id": pilot_id, "goal_id": g}
                                            for g in wanted])
    return before


def pilot_goal_links(*, session: Session, goal_id: int) -> tuple[int, ...]:
    """Ids of the pilots linked to a goal."""
    c = PilotGoalRow.__table__.c
    return tuple(session.execute(select(c.pilot_id).where(c.goal_id == goal_id)
                                 .order_by(c.pilot_id)).scalars())


def link_pilots_to_goal(*, session: Session, goal_id: int, pilot_ids: Iterable[int]) -> None:
    """Add links from these pilots to a goal (those that exist are kept)."""
    rows = [{"pilot_id": p, "goal_id": goal_id} for p in pilot_ids]
    if rows:
        session.execute(insert(PilotGoalRow.__table__).prefix_with("OR IGNORE"), rows)


def list_pilot_members(*, session: Session,
                       pilot_id: int | None = None) -> list[domain.PilotMember]:
    """Pilot teams in the order they were given (all pilots, or one)."""
    c = PilotMemberRow.__table__.c
    query = select(c.pilot_id, c.person_id, c.role).order_by(c.pilot_id, c.position)
    if pilot_id is not None:
        query = query.where(c.pilot_id == pilot_id)
    return [domain.PilotMember(p, person, role or "") for p, person, role
            in session.execute(query)]


def set_pilot_members(*, session: Session, pilot_id: int,
                      members: Iterable[domain.PilotMember]) -> tuple[domain.PilotMember, ...]:
    """Replace a pilot's team (the members' ``pilot_id`` is ignored); return the old one."""
    before = tuple(list_pilot_members(session=session, pilot_id=pilot_id))
    table = PilotMemberRow.__table__
    session.execute(delete(table).where(table.c.pilot_id == pilot_id))
    rows = {m.person_id: {"pilot_id": pilot_id, "person_id": m.person_id, "role": m.role}
            for m in members}
    if rows:
        session.execute(insert(table), [{**row, "position": i}
                                        for i, row in enumerate(rows.values())])
    return before


def list_pilot_skills(*, session: Session,
                      pilot_id: int | None = None) -> list[domain.PilotSkill]:
    """Skills pilots need, in the order they were given (all pilots, or one)."""
    c = PilotSkillRow.__table__.c
    query = select(c.pilot_id, c.skill_id, c.level).order_by(c.pilot_id, c.position)
    if pilot_id is not None:
        query = query.where(c.pilot_id == pilot_id)
    return [domain.PilotSkill(p, s, lv) for p, s, lv in session.execute(query)]


def set_pilot_skills(*, session: Session, pilot_id: int,
                     skills: Iterable[domain.PilotSkill]) -> tuple[domain.PilotSkill, ...]:
    """Replace the skills a pilot needs (``pilot_id`` of each is ignored); return the old."""
    before = tuple(list_pilot_skills(session=session, pilot_id=pilot_id))
    table = PilotSkillRow.__table__
    session.execute(delete(table).where(table.c.pilot_id == pilot_id))
    rows = {s.skill_id: {"pilot_id": pilot_id, "skill_id": s.skill_id, "level": s.level}
            for s in skills}
    if rows:
        session.execute(insert(table), [{**row, "position": i}
                                        for i, row in enumerate(rows.values())])
    return before


def pilot_details(*, session: Session, pilot_id: int | None = None) -> list[domain.PilotDetail]:
    """Pilots with everything recorded about them (all, in id order, or the one)."""
    if pilot_id is None:
        pilots = list_pilots(session=session)
    else:
        pilot = get_record(session=session, cls=domain.Pilot, record_id=pilot_id)
        pilots = [] if pilot is None else [pilot]

    def grouped(items: Iterable[Any], key: str = "pilot_id") -> dict[int, tuple]:
        out: dict[int, list] = {}
        for item in items:
            out.setdefault(getattr(item, key), []).append(item)
        return {k: tuple(v) for k, v in out.items()}

    members = grouped(list_pilot_members(session=session, pilot_id=pilot_id))
    skills = grouped(list_pilot_skills(session=session, pilot_id=pilot_id))
    kpi_list = list_records(session=session, cls=domain.Kpi, pilot_id=pilot_id)
    kpis = grouped(kpi_list)
    pilot_of_kpi = {k.id: k.pilot_id for k in kpi_list}
    measurements: dict[int, list] = {}
    for m in list_records(session=session, cls=domain.Measurement, pilot_id=pilot_id):
        measurements.setdefault(pilot_of_kpi[m.kpi_id], []).append(m)
    logs = {cls: grouped(list_records(session=session, cls=cls, pilot_id=pilot_id))
            for cls in (domain.Milestone, domain.Win, domain.Deviation,
                        domain.ProvenProcess)}
    return [domain.PilotDetail(
        pilot=p, members=members.get(p.id, ()), skills=skills.get(p.id, ()),
        kpis=kpis.get(p.id, ()), measurements=tuple(measurements.get(p.id, ())),
        milestones=logs[domain.Milestone].get(p.id, ()), wins=logs[domain.Win].get(p.id, ()),
        deviations=logs[domain.Deviation].get(p.id, ()),
        proven_processes=logs[domain.ProvenProcess].get(p.id, ()))
        for p in pilots]


def list_impacts(*, session: Session) -> list[domain.Impact]:
    """Every non-zero impact of a measure on a goal."""
    c = ImpactRow.__table__.c
    return [domain.Impact(m, g, s) for m, g, s in session.execute(
        select(c.measure_id, c.goal_id, c.score).order_by(c.measure_id, c.goal_id))]


def set_impact(*, session: Session, measure_id: int, goal_id: int, score: int) -> int:
    """Set how much a measure serves a goal (0 removes the entry); return the old score."""
    table = ImpactRow.__table__
    where = (table.c.measure_id == measure_id, table.c.goal_id == goal_id)
    before = session.execute(select(table.c.score).where(*where)).scalar() or 0
    if score == 0:
        session.execute(delete(table).where(*where))
    else:
        stmt = sqlite_insert(table).values(measure_id=measure_id, goal_id=goal_id,
                                           score=score)
        session.execute(stmt.on_conflict_do_update(index_elements=["measure_id", "goal_id"],
                                                   set_={"score": score}))
    return before


def insert_impacts(*, session: Session, impacts: Iterable[domain.Impact]) -> None:
    """Insert (or overwrite) impacts."""
    rows = [{"measure_id": i.measure_id, "goal_id": i.goal_id, "score": i.score}
            for i in impacts]
    if rows:
        session.execute(insert(ImpactRow.__table__).prefix_with("OR REPLACE"), rows)


def ideas_linked_to(*, session: Session, column: str, value: int) -> tuple[int, ...]:
    """Ids of the ideas whose ``column`` (``"pilot_id"`` or ``"measure_id"``) is ``value``."""
    c = IdeaRow.__table__.c
    return tuple(session.execute(select(c.id).where(c[column] == value)
                                 .order_by(c.id)).scalars())


def link_ideas(*, session: Session, column: str, value: int | None,
               idea_ids: Iterable[int]) -> None:
    """Set ``column`` (``"pilot_id"`` or ``"measure_id"``) of these ideas to ``value``."""
    ids = list(idea_ids)
    if ids:
        table = IdeaRow.__table__
        session.execute(table.update().where(table.c.id.in_(ids)).values({column: value}))


# -- change boards --------------------------------------------------------------------

#: A text stored in every language: ``{language: text}`` (see ``i18n.in_every_language``).
Texts = Mapping[str, str]


def _store_text(text: str | Texts) -> str:
    """A text for a text column: plain, or the JSON of ``{language: text}``."""
    return text if isinstance(text, str) else json.dumps(dict(text), ensure_ascii=False,
                                                         sort_keys=True)


def _read_text(value: str | Texts) -> str:
    """A stored text in the current language (plain texts as they are)."""
    if isinstance(value, str):
        if not value.startswith("{"):
            return value
        try:
            value = json.loads(value)
        except ValueError:
            return value
        if not isinstance(value, dict):
            return str(value)
    return pick(value)


def save_board(*, session: Session, name: str | Texts, reach: float,
               seats: Iterable[domain.BoardSeat], params: Mapping[str, Any],
               unfilled: Iterable[tuple[str, str | Texts]] = (),
               reasons: Sequence[Texts] = ()) -> int:
    """Store a board version with the inputs it was computed from; return its id.

    ``name``, the unfilled explanations and ``reasons`` (one per seat, replacing the seat's
    own) may be given in every language; they are then read in the reader's language.
    """
    board = ChangeBoardRow(name=_store_text(name), reach=reach,
                           params=json.dumps(dict(params), sort_keys=True),
                           unfilled=json.dumps([[role, text] for role, text in unfilled],
                                               ensure_ascii=False))
    session.add(board)
    session.flush()
    for position, seat in enumerate(seats):
        text = reasons[position] if position < len(reasons) else seat.reasons
        session.add(BoardSeatRow(board_id=board.id, person_id=seat.person_id, role=seat.role,
                                 reasons=_store_text(text), marginal_reach=seat.marginal_reach,
                                 position=position))
    session.flush()
    return board.id


def list_boards(*, session: Session) -> list[domain.ChangeBoard]:
    """Saved boards, newest first, with their seats (texts in the current language)."""
    boards = session.execute(select(ChangeBoardRow.__table__).order_by(
        ChangeBoardRow.id.desc())).all()
    seats: dict[int, list[domain.BoardSeat]] = {}
    for s in session.execute(select(BoardSeatRow.__table__).order_by(
            BoardSeatRow.board_id, BoardSeatRow.position)):
        seats.setdefault(s.board_id, []).append(domain.BoardSeat(
            person_id=s.person_id, role=s.role, reasons=_read_text(s.reasons),
            marginal_reach=s.marginal_reach))
    return [domain.ChangeBoard(id=b.id, name=_read_text(b.name),
                               created=b.created.isoformat(" "), reach=b.reach,
                               seats=tuple(seats.get(b.id, ())),
                               unfilled=tuple((role, _read_text(reason)) for role, reason
                                              in json.loads(b.unfilled or "[]")))
            for b in boards]


#: A deleted board version as stored: its row and its seats' rows (for an exact restore).
RemovedBoard = tuple[dict[str, Any], list[dict[str, Any]]]


def delete_board(*, session: Session, board_id: int) -> RemovedBoard:
    """Delete a saved board version with its seats; return what :func:`restore_board` needs.

    Raises:
        KeyError: there is no such board.
    """
    boards, seats = ChangeBoardRow.__table__, BoardSeatRow.__table__
    row = session.execute(select(boards).where(boards.c.id == board_id)).mappings().first()
    if row is None:
        raise KeyError(board_id)
    seat_rows = [dict(r) for r in session.execute(
        select(seats).where(seats.c.board_id == board_id)).mappings()]
    session.execute(delete(seats).where(seats.c.board_id == board_id))
    session.execute(delete(boards).where(boards.c.id == board_id))
    return dict(row), seat_rows


def restore_board(*, session: Session, removed: RemovedBoard) -> int:
    """Put back a board deleted by :func:`delete_board` (same id, seats and inputs)."""
    board, seat_rows = removed
    session.execute(insert(ChangeBoardRow.__table__), [board])
    if seat_rows:
        session.execute(insert(BoardSeatRow.__table__), seat_rows)
    return board["id"]


def latest_board(*, session: Session) -> domain.ChangeBoard | None:
    """The most recently saved board, or ``None``."""
    boards = list_boards(session=session)
    return boards[0] if boards else None


# -- everything at once ---------------------------------------------------------------

def load_snapshot(*, session: Session, skills: bool = True,
                  network: bool = True) -> domain.PlanSnapshot:
    """Read the plan into plain objects (for analysis, reports, worker threads).

    With ``skills=False`` the skills catalogue and ratings are left out (the network
    analysis, the board and the brief do not need them); with ``network=False`` the ties and
    boards (the skills matrix does not need them). Each is most of the reading time of a
    large plan.
    """
    return domain.PlanSnapshot(
        name=plan_name(session=session),
        transforming_department=transforming_department(session=session),
        people=tuple(list_people(session=session)),
        ties=tuple(list_ties(session=session)) if network else (),
        departments=tuple(list_departments(session=session)),
        skills=tuple(list_skills(session=session)) if skills else (),
        ratings=tuple(list_ratings(session=session)) if skills else (),
        requirements=tuple(list_requirements(session=session)) if skills else (),
        level_texts=tuple(list_level_texts(session=session)) if skills else (),
        pilots=tuple(list_pilots(session=session)),
        boards=tuple(list_boards(session=session)) if network else (),
        adkar=tuple(list_adkar(session=session)),
    )

