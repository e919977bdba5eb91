"""Editing ties one at a time, and deriving reporting lines from the people's managers.

Every function returns what undo needs: the tie as it was, or the ties it added.
"""

from __future__ import annotations

from collections.abc import Iterable

from changeplanner import domain
from changeplanner.store import repo
from changeplanner.store.db import Plan


def list_ties(plan: Plan, person_id: str | None = None) -> list[domain.Tie]:
    """Every tie of the plan, or those ``person_id`` sends or receives, sorted by key."""
    with plan.reading() as session:
        ties = (repo.list_ties(session=session) if person_id is None
                else repo.person_ties(session=session, person_id=person_id))
    return sorted(ties, key=lambda t: (t.source, t.target, domain.RELATIONS.index(t.relation)
                                       if t.relation in domain.RELATIONS else 99))


def add_tie(plan: Plan, source: str, target: str, relation: str = "advice",
            weight: float = 1.0) -> domain.Tie:
    """Add a tie; return it (``delete_tie`` of it undoes the addition).

    Raises:
        UserError: it exists already, or is invalid (self-tie, unknown person or relation,
            weight not above 0).
    """
    tie = domain.Tie(source=source, target=target, relation=relation, weight=float(weight))
    with plan.transaction() as session:
        return repo.add_tie(session=session, tie=tie)


def update_tie(plan: Plan, tie: domain.Tie, *, relation: str | None = None,
               weight: float | None = None) -> tuple[domain.Tie, domain.Tie]:
    """Change a tie's relation and/or weight.

    Returns:
        ``(before, after)``; ``update_tie(plan, after, relation=before.relation,
        weight=before.weight)`` undoes it.

    Raises:
        UserError: the tie is gone, or the change is invalid or duplicates another tie.
    """
    with plan.transaction() as session:
        return repo.update_tie(session=session, tie=tie, relation=relation, weight=weight)


def delete_tie(plan: Plan, tie: domain.Tie) -> domain.Tie | None:
    """Delete the tie with ``tie``'s key; return it as it was (``None`` when it was gone).

    :func:`restore_ties` of the result undoes the deletion.
    """
    with plan.transaction() as session:
        deleted = repo.delete_ties(session=session, ties=[tie])
    return deleted[0] if deleted else None


def restore_ties(plan: Plan, ties: Iterable[domain.Tie]) -> list[domain.Tie]:
    """Put back ties (after a delete was undone); return those that were missing."""
    with plan.transaction() as session:
        return repo.insert_new_ties(session=session, ties=list(ties))


def remove_ties(plan: Plan, ties: Iterable[domain.Tie]) -> list[domain.Tie]:
    """Delete several ties by key; return those that existed (for redo/undo)."""
    with plan.transaction() as session:
        return repo.delete_ties(session=session, ties=list(ties))


def derive_reporting_lines(plan: Plan) -> list[domain.Tie]:
    """Add a ``reports_to`` tie from each person to their manager where it is missing.

    Idempotent: a second call adds nothing. Managers who are not in the plan are skipped.

    Returns:
        The ties added (``len`` of it is how many); :func:`remove_ties` of them undoes it.
    """
    with plan.transaction() as session:
        people = repo.list_people(session=session)
        ids = {p.id for p in people}
        wanted = [domain.Tie(p.id, p.manager_id, "reports_to", 1.0) for p in people
                  if p.manager_id and p.manager_id in ids and p.manager_id != p.id]
        return repo.insert_new_ties(session=session, ties=wanted)
