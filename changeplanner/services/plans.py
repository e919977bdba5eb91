"""Use cases around plan files: create, open, copy, read a snapshot, edit a person."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.store import repo
from changeplanner.store.db import Plan, create_plan, open_plan, save_copy

#: Person fields edited as text, and as yes/no.
TEXT_FIELDS = ("name", "title", "department")
CHECK_FIELDS = ("team_lead", "daily_business")

__all__ = ["Plan", "create_plan", "open_plan", "save_copy", "snapshot", "plan_name",
           "update_person",
           "validate_person_field", "set_transforming_department", "set_adkar"]


def snapshot(plan: Plan, *, skills: bool = True, network: bool = True) -> domain.PlanSnapshot:
    """Read the plan in one transaction (``skills=False``: without skills and ratings;
    ``network=False``: without ties and boards)."""
    with plan.reading() as session:
        return repo.load_snapshot(session=session, skills=skills, network=network)


def people_names(plan: Plan) -> list[domain.Person]:
    """Everyone with only id and name filled in: quick enough to read on the GUI thread
    (10,000 people in about 20 ms), for pickers and matching names."""
    with plan.reading() as session:
        return [domain.Person(id=i, name=n) for i, n in repo.person_names(session=session)]


def plan_name(plan: Plan) -> str:
    """The plan's display name (one small read)."""
    with plan.reading() as session:
        return repo.plan_name(session=session)


def validate_person_field(field: str, value: Any) -> Any:
    """Check and normalise a value for :func:`update_person`.

    Returns:
        The value to store.

    Raises:
        UserError: the value is not allowed (the message says why).
    """
    if field in TEXT_FIELDS:
        text = str(value if value is not None else "").strip()
        if field == "name" and not text:
            raise UserError(_("A person needs a name."))
        if len(text) > 200:
            raise UserError(_("This text is too long (at most {n} characters).").format(n=200))
        return text
    if field in CHECK_FIELDS:
        return bool(value)
    if field == "attitude":
        if value is None or value == "":
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not domain.ATTITUDE_MIN <= number <= domain.ATTITUDE_MAX:
            raise UserError(_("The attitude must be a whole number from {low} to {high}, or "
                              "unknown.").format(low=domain.ATTITUDE_MIN,
                                                 high=domain.ATTITUDE_MAX))
        return number
    if field == "availability":
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not 0 <= number <= 100:
            raise UserError(_("The availability must be a whole number from 0 to 100."))
        return number
    raise UserError(_("This column cannot be edited."))



def update_person(plan: Plan, person_id: str, field: str, value: Any) -> Any:
    """Change one field of one person; return the previous value (for undo).

    Raises:
        UserError: the value is not allowed (see :func:`validate_person_field`).
        KeyError: no such person.
    """
    value = validate_person_field(field, value)
    with plan.transaction() as session:
        return repo.update_person(session=session, person_id=person_id, field=field,
                                  value=value)


def set_adkar(plan: Plan, adkar: domain.Adkar) -> domain.Adkar | None:
    """Store a person's ADKAR rating (scores 1-5 or ``None``; all ``None`` removes it).

    Returns:
        The rating from before, or ``None`` when the person had none (for undo).

    Raises:
        UserError: a score outside 1-5, or the person is no longer in the plan.
    """
    for key in domain.ADKAR_ELEMENTS:
        score = getattr(adkar, key)
        if score is not None and (isinstance(score, bool) or not isinstance(score, int)
                                  or not domain.ADKAR_MIN <= score <= domain.ADKAR_MAX):
            raise UserError(_("An ADKAR score must be a whole number from {low} to {high}, or "
                              "not rated.").format(low=domain.ADKAR_MIN,
                                                   high=domain.ADKAR_MAX))
    try:
        with plan.transaction() as session:
            return repo.set_adkar(session=session, adkar=adkar)
    except KeyError:
        raise UserError(_("This person is no longer in the plan.")) from None


def set_transforming_department(plan: Plan, name: str | None) -> None:
    """Record which department the change transforms (its leads do not count as 'lead')."""
    with plan.transaction() as session:
        repo.set_transforming_department(session=session, name=name)


def open_or_create(path: str | os.PathLike) -> Plan:
    """Open ``path``, creating an empty plan there first if it does not exist."""
    path = Path(path)
    return open_plan(path) if path.exists() else create_plan(path)
