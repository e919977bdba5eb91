"""Reading and writing plan content: keyword-only functions over a session.

Every function takes the session of a :meth:`Plan.transaction` (or :meth:`Plan.reading`)
and returns plain :mod:`changeplanner.domain` objects, never table rows, so nothing above
the store sees SQLModel.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from changeplanner import domain
from changeplanner.store.db import get_meta, set_meta
from changeplanner.store.tables import (
    BoardSeatRow,
    ChangeBoardRow,
    DepartmentRow,
    PersonRow,
    PilotRow,
    SkillRatingRow,
    SkillRow,
    TieRow,
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


# -- skills and ratings ---------------------------------------------------------------

def list_skills(*, session: Session) -> list[domain.Skill]:
    """The skills catalogue, by category then name."""
    return [domain.Skill(id=r.id, name=r.name, category=r.category,
                         description=r.description)
            for r in session.execute(select(SkillRow.__table__).order_by(
                SkillRow.category, SkillRow.name))]


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
    # Plain tuples from the cursor: ORM rows would cost seconds at 300,000 ratings.
    rows = session.execute(select(c.person_id, c.skill_id, c.level, c.target,
                                  c.wants_to_learn)).all()
    return [domain.Rating(p, s, lv, t, bool(w)) for p, s, lv, t, w in rows]


def upsert_ratings(*, session: Session, ratings: Iterable[domain.Rating]) -> int:
    """Insert or replace ratings by (person, skill); return how many were written."""
    rows = [{"person_id": r.person_id, "skill_id": r.skill_id, "level": r.level,
             "target": r.target, "wants_to_learn": r.wants_to_learn} for r in ratings]
    if rows:
        session.execute(insert(SkillRatingRow.__table__).prefix_with("OR REPLACE"), rows)
    return len(rows)


def count_ratings(*, session: Session) -> int:
    """How many ratings the plan holds."""
    return session.execute(select(func.count()).select_from(SkillRatingRow)).scalar_one()


def upsert_rating_levels(*, session: Session, levels: Iterable[tuple[str, int, int]],
                         chunk_size: int = 50_000) -> tuple[int, int]:
    """Set levels by (person, skill), keeping the target and "wants to learn" of a rating.

    Built for wide imports (millions of cells): ``levels`` is a stream of
    ``(person_id, skill_id, level)`` written in chunks through one prepared statement.

    Returns:
        ``(added, updated)`` counts.
    """
    table = SkillRatingRow.__table__
    sql = (f"INSERT INTO {table.name} (person_id, skill_id, level, wants_to_learn) "
           "VALUES (?, ?, ?, 0) ON CONFLICT (person_id, skill_id) "
           "DO UPDATE SET level = excluded.level")
    before = count_ratings(session=session)
    connection = session.connection()
    written = 0
    iterator = iter(levels)
    while chunk := list(islice(iterator, chunk_size)):
        connection.exec_driver_sql(sql, chunk)
        written += len(chunk)
    added = count_ratings(session=session) - before
    return added, written - added


def set_rating_level(*, session: Session, person_id: str, skill_id: int,
                     level: int | None) -> int | None:
    """Set (or with ``None`` clear) one level; return the level it had before."""
    row = session.get(SkillRatingRow, (person_id, skill_id))
    before = row.level if row else None
    if level is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SkillRatingRow(person_id=person_id, skill_id=skill_id, level=level))
    else:
        row.level = level
        session.add(row)
    session.flush()
    return before


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


# -- pilots ---------------------------------------------------------------------------

def list_pilots(*, session: Session) -> list[domain.Pilot]:
    """All pilots."""
    names = {v: k for k, v in department_ids(session=session).items()}
    return [domain.Pilot(id=r.id, name=r.name, department=names.get(r.department_id, ""),
                         status=r.status)
            for r in session.execute(select(PilotRow.__table__).order_by(PilotRow.id))]


def add_pilot(*, session: Session, name: str, department: str = "",
              status: str = "idea") -> int:
    """Add a pilot; return its id."""
    ids = ensure_departments(session=session, names=[department] if department else [])
    row = PilotRow(name=name, department_id=ids.get(department), status=status)
    session.add(row)
    session.flush()
    return row.id


# -- change boards --------------------------------------------------------------------

def save_board(*, session: Session, name: str, reach: float, seats: Iterable[domain.BoardSeat],
               params: Mapping[str, Any],
               unfilled: Iterable[tuple[str, str]] = ()) -> int:
    """Store a board version with the inputs it was computed from; return its id."""
    board = ChangeBoardRow(name=name, reach=reach, params=json.dumps(dict(params),
                                                                     sort_keys=True),
                           unfilled=json.dumps([list(pair) for pair in unfilled],
                                                     ensure_ascii=False))
    session.add(board)
    session.flush()
    for position, seat in enumerate(seats):
        session.add(BoardSeatRow(board_id=board.id, person_id=seat.person_id, role=seat.role,
                                 reasons=seat.reasons, marginal_reach=seat.marginal_reach,
                                 position=position))
    session.flush()
    return board.id


def list_boards(*, session: Session) -> list[domain.ChangeBoard]:
    """Saved boards, newest first, with their seats."""
    boards = session.execute(select(ChangeBoardRow.__table__).order_by(
        ChangeBoardRow.id.desc())).all()
    seats: dict[int, list[domain.BoardSeat]] = {}
    for s in session.execute(select(BoardSeatRow.__table__).order_by(
            BoardSeatRow.board_id, BoardSeatRow.position)):
        seats.setdefault(s.board_id, []).append(domain.BoardSeat(
            person_id=s.person_id, role=s.role, reasons=s.reasons,
            marginal_reach=s.marginal_reach))
    return [domain.ChangeBoard(id=b.id, name=b.name, created=b.created.isoformat(" "),
                               reach=b.reach, seats=tuple(seats.get(b.id, ())),
                               unfilled=tuple((role, reason) for role, reason
                                              in json.loads(b.unfilled or "[]")))
            for b in boards]


def latest_board(*, session: Session) -> domain.ChangeBoard | None:
    """The most recently saved board, or ``None``."""
    boards = list_boards(session=session)
    return boards[0] if boards else None


# -- everything at once ---------------------------------------------------------------

def load_snapshot(*, session: Session, skills: bool = True) -> domain.PlanSnapshot:
    """Read the plan into plain objects (for analysis, reports, worker threads).

    With ``skills=False`` the skills catalogue and ratings are left out: the network
    analysis, the board and the brief do not need them, and they are most of the reading
    time of a large plan.
    """
    return domain.PlanSnapshot(
        name=plan_name(session=session),
        transforming_department=transforming_department(session=session),
        people=tuple(list_people(session=session)),
        ties=tuple(list_ties(session=session)),
        departments=tuple(list_departments(session=session)),
        skills=tuple(list_skills(session=session)) if skills else (),
        ratings=tuple(list_ratings(session=session)) if skills else (),
        pilots=tuple(list_pilots(session=session)),
        boards=tuple(list_boards(session=session)),
    )

