"""Use cases around plan files: create, open, copy, read a snapshot, edit a person."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from changeplanner import domain
from changeplanner.store import repo
from changeplanner.store.db import Plan, create_plan, open_plan, save_copy

__all__ = ["Plan", "create_plan", "open_plan", "save_copy", "snapshot", "update_person",
           "set_transforming_department"]


def snapshot(plan: Plan) -> domain.PlanSnapshot:
    """Read the whole plan in one transaction."""
    with plan.reading() as session:
        return repo.load_snapshot(session=session)


def update_person(plan: Plan, person_id: str, field: str, value: Any) -> Any:
    """Change one field of one person; return the previous value (for undo)."""
    with plan.transaction() as session:
        return repo.update_person(session=session, person_id=person_id, field=field,
                                  value=value)


def set_transforming_department(plan: Plan, name: str | None) -> None:
    """Record which department the change transforms (its leads do not count as 'lead')."""
    with plan.transaction() as session:
        repo.set_transforming_department(session=session, name=name)


def open_or_create(path: str | os.PathLike) -> Plan:
    """Open ``path``, creating an empty plan there first if it does not exist."""
    path = Path(path)
    return open_plan(path) if path.exists() else create_plan(path)
