"""Editing the skills catalogue and the matrix: one function per use case, one transaction
each. Every function returns what its undo needs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from changeplanner import domain
from changeplanner.store import repo
from changeplanner.store.db import Plan
from changeplanner.store.repo import UNSET, MergeUndo

__all__ = ["UNSET", "MergeUndo", "add_skill", "update_skill", "delete_skill",
           "set_skill_archived", "merge_skills", "undo_merge", "set_level_text",
           "set_requirement", "set_rating", "set_levels", "rating_history", "level_texts"]


def add_skill(plan: Plan, name: str, category: str = "", description: str = "") -> int:
    """Add a skill; return its id (UserError when the name is empty or taken)."""
    with plan.transaction() as session:
        return repo.add_skill(session=session, name=name, category=category,
                              description=description)


def delete_skill(plan: Plan, skill_id: int) -> None:
    """Remove a skill with its ratings (the undo of :func:`add_skill`; users archive)."""
    with plan.transaction() as session:
        repo.remove_skill(session=session, skill_id=skill_id)


def update_skill(plan: Plan, skill_id: int, **fields: str) -> dict[str, str]:
    """Rename or re-describe a skill (name=, category=, description=); return old values."""
    with plan.transaction() as session:
        return repo.update_skill(session=session, skill_id=skill_id, **fields)


def set_skill_archived(plan: Plan, skill_id: int, archived: bool) -> bool:
    """Archive or restore a skill (ratings are kept); return the previous state."""
    with plan.transaction() as session:
        return repo.set_skill_archived(session=session, skill_id=skill_id, archived=archived)


def merge_skills(plan: Plan, source_id: int, target_id: int) -> MergeUndo:
    """Merge one skill into another, keeping every rating; return what undo needs."""
    with plan.transaction() as session:
        return repo.merge_skills(session=session, source_id=source_id, target_id=target_id)


def undo_merge(plan: Plan, undo: MergeUndo) -> None:
    """Take a merge back exactly."""
    with plan.transaction() as session:
        repo.undo_merge(session=session, undo=undo)


def set_level_text(plan: Plan, level: int, name: str, description: str = "",
                   skill_id: int | None = None) -> domain.LevelText | None:
    """Set what a level means (plan-wide or per skill); return the previous text."""
    with plan.transaction() as session:
        return repo.set_level_text(session=session, level=level, name=name,
                                   description=description, skill_id=skill_id)


def level_texts(plan: Plan) -> list[domain.LevelText]:
    """The stored level texts (defaults: :data:`domain.LEVEL_LABELS`)."""
    with plan.reading() as session:
        return repo.list_level_texts(session=session)


def set_requirement(plan: Plan, scope: str, value: str, skill_id: int,
                    level: int | None) -> int | None:
    """Require a level for a department or title (``None`` removes); return the old level."""
    with plan.transaction() as session:
        return repo.set_requirement(session=session, scope=scope, value=value,
                                    skill_id=skill_id, level=level)


def set_rating(plan: Plan, person_id: str, skill_id: int, *, level: Any = UNSET,
               target: Any = UNSET, wants_to_learn: Any = UNSET) -> domain.Rating | None:
    """Change one rating (``level=None`` removes it); return it as it was."""
    with plan.transaction() as session:
        return repo.set_rating(session=session, person_id=person_id, skill_id=skill_id,
                               level=level, target=target, wants_to_learn=wants_to_learn)


def restore_rating(plan: Plan, person_id: str, skill_id: int,
                   previous: domain.Rating | None) -> None:
    """Put a rating back as :func:`set_rating` returned it (undo)."""
    with plan.transaction() as session:
        if previous is None:
            repo.set_rating(session=session, person_id=person_id, skill_id=skill_id,
                            level=None)
        else:
            repo.set_rating(session=session, person_id=person_id, skill_id=skill_id,
                            level=previous.level, target=previous.target,
                            wants_to_learn=previous.wants_to_learn)


def set_levels(plan: Plan, cells: Iterable[tuple[str, int, int | None]]
               ) -> list[tuple[str, int, int | None]]:
    """Set many levels in one transaction; return the previous ones (undo = set them)."""
    with plan.transaction() as session:
        return repo.set_levels(session=session, cells=cells)


def rating_history(plan: Plan, person_id: str | None = None,
                   skill_id: int | None = None) -> list[domain.RatingChange]:
    """Every level change, oldest first."""
    with plan.reading() as session:
        return repo.list_rating_history(session=session, person_id=person_id,
                                        skill_id=skill_id)
