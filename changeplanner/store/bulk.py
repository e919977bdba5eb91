"""Bulk writes for imports: hundreds of thousands of ratings through one prepared statement.

Kept apart from :mod:`changeplanner.store.repo` (one function per editing use case) because
these are tuned for size: plain tuples, chunked ``executemany``, no ORM objects. Level
changes still enter the rating history, through the database's triggers.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from sqlalchemy import func, select
from sqlmodel import Session

from changeplanner.store.tables import SkillRatingRow

#: The rating fields an import may set.
RATING_FIELDS = ("level", "target", "wants_to_learn")


def rating_keys(*, session: Session) -> set[tuple[str, int]]:
    """``(person id, skill id)`` of every rating in the plan."""
    c = SkillRatingRow.__table__.c
    return {(person, skill) for person, skill in session.execute(select(c.person_id,
                                                                         c.skill_id))}


def upsert_rating_values(*, session: Session,
                         ratings: Iterable[tuple[str, int, int | None, int | None,
                                                 bool | None]],
                         fields: Iterable[str] = RATING_FIELDS,
                         chunk_size: int = 50_000) -> tuple[int, int]:
    """Insert or update ratings by (person, skill), setting only ``fields``.

    The rows go to a temporary table first and from there into ``skill_rating`` with two
    ``INSERT ... SELECT`` statements: with the rating-history triggers, a row-by-row
    ``executemany`` into ``skill_rating`` is about four times slower.

    Args:
        session: the session of a transaction.
        ratings: ``(person id, skill id, level, target, wants_to_learn)``. A ``None`` level
            keeps the current level (a new rating gets 0); a ``None`` wants_to_learn keeps
            the current wish (a new rating gets no); ``target`` is written as given (``None``
            clears it) when ``target`` is one of ``fields``.
        fields: which of :data:`RATING_FIELDS` to set on existing ratings; the others keep
            their values. A level that is given is always set.
        chunk_size: rows per ``executemany`` into the temporary table.

    Returns:
        ``(added, updated)`` counts.
    """
    fields = set(fields)
    unknown = fields - set(RATING_FIELDS)
    if unknown:
        raise ValueError(f"unknown rating fields {sorted(unknown)}")
    table = SkillRatingRow.__table__.name
    connection = session.connection()
    run = connection.exec_driver_sql
    run("DROP TABLE IF EXISTS temp.import_rating")
    run("CREATE TEMP TABLE import_rating (person_id TEXT NOT NULL, skill_id INTEGER NOT NULL, "
        "level INTEGER, target INTEGER, wants INTEGER)")
    try:
        written = 0
        iterator = iter(ratings)
        while chunk := list(islice(iterator, chunk_size)):
            run("INSERT INTO temp.import_rating VALUES (?, ?, ?, ?, ?)", chunk)
            written += len(chunk)
        before = _count(session)
        # A wish is None only where the file has no such column, and then it is not in
        # ``fields``: existing ratings keep theirs, new ones get "no".
        kept = [f"{f} = excluded.{f}" for f in ("target", "wants_to_learn") if f in fields]
        insert = (f"INSERT INTO {table} (person_id, skill_id, level, target, wants_to_learn) "
                  "SELECT person_id, skill_id, {level}, target, COALESCE(wants, 0) "
                  "FROM temp.import_rating WHERE level IS {null} "
                  "ON CONFLICT (person_id, skill_id) DO {action}")
        run(insert.format(level="level", null="NOT NULL",
                          action="UPDATE SET " + ", ".join(["level = excluded.level", *kept])))
        # Rows without a level: new ratings start at 0, existing ones keep their level.
        run(insert.format(level="0", null="NULL",
                          action="UPDATE SET " + ", ".join(kept) if kept else "NOTHING"))
        added = _count(session) - before
    finally:
        run("DROP TABLE IF EXISTS temp.import_rating")
    return added, written - added


def _count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(SkillRatingRow)).scalar_one()
