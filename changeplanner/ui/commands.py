"""Undoable edits (ARCHITECTURE habit 2): each ``redo``/``undo`` calls only the service API.

The plan file holds every change as soon as it is made; the undo stack lets the user take
changes back during a session. A command whose write fails (a locked or read-only plan)
marks itself obsolete, so the stack drops it and the cached views stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.services import board, catalog, plans, ties
from changeplanner.services.plans import Plan

_UNSET = object()


class EditPersonField(QUndoCommand):
    """Set one field of one person; undo restores the value it had before.

    Args:
        plan: The open plan.
        person_id: Whose field changes.
        field: A field of ``services.plans.update_person``.
        value: The new (validated) value.
        person_name: For the command's text in the Edit menu.
        field_label: The translated field name, for the command's text.
        applied: Called with ``(person_id, field, value)`` after the plan file changed, to
            update cached views.
        failed: Called with the message when the plan refused the write.
    """

    def __init__(self, plan: Plan, person_id: str, field: str, value: Any, *,
                 person_name: str, field_label: str,
                 applied: Callable[[str, str, Any], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(_("Change {field} of {name}").format(field=field_label,
                                                              name=person_name))
        self.plan = plan
        self.person_id = person_id
        self.field = field
        self.new_value = value
        self.old_value: Any = _UNSET
        self._applied = applied
        self._failed = failed

    def _write(self, value: Any) -> Any:
        try:
            before = plans.update_person(self.plan, self.person_id, self.field, value)
        except (UserError, KeyError) as exc:
            self.setObsolete(True)
            if self._failed is not None:
                message = str(exc) if isinstance(exc, UserError) else _(
                    "This person is no longer in the plan.")
                self._failed(message)
            return _UNSET
        self._applied(self.person_id, self.field, value)
        return before

    def redo(self) -> None:
        """Write the new value."""
        before = self._write(self.new_value)
        if self.old_value is _UNSET and before is not _UNSET:
            self.old_value = before

    def undo(self) -> None:
        """Write back the value from before."""
        if self.old_value is not _UNSET:
            self._write(self.old_value)


class SetAdkar(QUndoCommand):
    """Set one person's ADKAR rating; undo restores the rating from before (or none).

    Args:
        plan: The open plan.
        adkar: The new rating (no score at all removes it).
        person_name: For the command's text in the Edit menu.
        applied: Called with the :class:`~changeplanner.domain.Adkar` the plan file now
            holds for the person (an empty one when none), to update cached views.
        failed: Called with the message when the plan refused the write.
    """

    def __init__(self, plan: Plan, adkar: domain.Adkar, *, person_name: str,
                 applied: Callable[[domain.Adkar], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(_("Change ADKAR rating of {name}").format(name=person_name))
        self.plan = plan
        self.adkar = adkar
        self.previous: Any = _UNSET
        self._applied = applied
        self._failed = failed

    def _write(self, adkar: domain.Adkar) -> Any:
        try:
            before = plans.set_adkar(self.plan, adkar)
        except UserError as exc:
            self.setObsolete(True)
            if self._failed is not None:
                self._failed(str(exc))
            return _UNSET
        self._applied(adkar)
        return before

    def redo(self) -> None:
        """Write the new rating."""
        before = self._write(self.adkar)
        if self.previous is _UNSET and before is not _UNSET:
            self.previous = before

    def undo(self) -> None:
        """Write back the rating from before (removing it when there was none)."""
        if self.previous is not _UNSET:
            self._write(self.previous if self.previous is not None
                        else domain.Adkar(self.adkar.person_id))


# -- skills catalogue and requirement profiles (each redo/undo calls services.catalog) ------


class _CatalogCommand(QUndoCommand):
    """Base of the catalogue commands: runs a service call, reports success or failure.

    Args:
        plan: The open plan.
        text: The command's text in the Edit menu.
        done: Called after every successful redo or undo (emits ``data_changed("skills")``).
        failed: Called with the message when the plan refused the write.
    """

    def __init__(self, plan: Plan, text: str, done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(text)
        self.plan = plan
        self._done = done
        self._failed = failed

    def _run(self, call: Callable[[], Any]) -> Any:
        """Run ``call``; on a user error mark the command obsolete and return ``_UNSET``."""
        try:
            result = call()
        except UserError as exc:
            self.setObsolete(True)
            if self._failed is not None:
                self._failed(str(exc))
            return _UNSET
        self._done()
        return result


class AddSkill(_CatalogCommand):
    """Add a skill to the catalogue; undo removes it again (it has no ratings yet)."""

    def __init__(self, plan: Plan, name: str, category: str = "", description: str = "", *,
                 done: Callable[[], None], failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, _("Add skill “{name}”").format(name=name), done, failed)
        self.fields = (name, category, description)
        self.skill_id: int | None = None

    def redo(self) -> None:
        """Add the skill (again)."""
        result = self._run(lambda: catalog.add_skill(self.plan, *self.fields))
        self.skill_id = None if result is _UNSET else result

    def undo(self) -> None:
        """Remove the skill that redo added."""
        if self.skill_id is not None:
            skill_id, self.skill_id = self.skill_id, None
            self._run(lambda: catalog.delete_skill(self.plan, skill_id))


class EditSkill(_CatalogCommand):
    """Rename a skill or change its category or description (``fields``: name=, ...)."""

    def __init__(self, plan: Plan, skill_id: int, skill_name: str, fields: dict[str, str], *,
                 done: Callable[[], None], failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, _("Edit skill “{name}”").format(name=skill_name), done, failed)
        self.skill_id = skill_id
        self.fields = dict(fields)
        self.previous: dict[str, str] | None = None

    def redo(self) -> None:
        """Write the new values."""
        result = self._run(lambda: catalog.update_skill(self.plan, self.skill_id,
                                                        **self.fields))
        if result is not _UNSET and self.previous is None:
            self.previous = result

    def undo(self) -> None:
        """Write the old values back."""
        if self.previous is not None:
            self._run(lambda: catalog.update_skill(self.plan, self.skill_id, **self.previous))


class ArchiveSkill(_CatalogCommand):
    """Archive a skill (hidden, ratings kept) or restore it."""

    def __init__(self, plan: Plan, skill_id: int, skill_name: str, archived: bool, *,
                 done: Callable[[], None], failed: Callable[[str], None] | None = None) -> None:
        text = (_("Archive skill “{name}”") if archived
                else _("Restore skill “{name}”")).format(name=skill_name)
        super().__init__(plan, text, done, failed)
        self.skill_id = skill_id
        self.archived = archived
        self.previous: bool | None = None

    def redo(self) -> None:
        """Archive or restore."""
        result = self._run(lambda: catalog.set_skill_archived(self.plan, self.skill_id,
                                                              self.archived))
        if result is not _UNSET and self.previous is None:
            self.previous = result

    def undo(self) -> None:
        """Put the previous state back."""
        if self.previous is not None:
            self._run(lambda: catalog.set_skill_archived(self.plan, self.skill_id,
                                                         self.previous))


class MergeSkills(_CatalogCommand):
    """Merge one skill into another, keeping every rating; undo restores both exactly."""

    def __init__(self, plan: Plan, source_id: int, target_id: int, *, source_name: str,
                 target_name: str, done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, _("Merge “{source}” into “{target}”").format(
            source=source_name, target=target_name), done, failed)
        self.source_id, self.target_id = source_id, target_id
        self.undo_info: catalog.MergeUndo | None = None

    def redo(self) -> None:
        """Merge the skills."""
        result = self._run(lambda: catalog.merge_skills(self.plan, self.source_id,
                                                        self.target_id))
        self.undo_info = None if result is _UNSET else result

    def undo(self) -> None:
        """Restore the source skill and the target's ratings."""
        if self.undo_info is not None:
            info, self.undo_info = self.undo_info, None
            self._run(lambda: catalog.undo_merge(self.plan, info))


class SetLevelText(_CatalogCommand):
    """Name and describe a level, plan-wide (``skill_id`` None) or for one skill.

    An empty name and description remove the entry, so the default applies again.
    """

    def __init__(self, plan: Plan, level: int, name: str, description: str,
                 skill_id: int | None = None, *, done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, _("Describe level {level}").format(level=level), done, failed)
        self.level, self.name, self.description = level, name, description
        self.skill_id = skill_id
        self.previous: Any = _UNSET

    def redo(self) -> None:
        """Write the new text."""
        result = self._run(lambda: catalog.set_level_text(
            self.plan, self.level, self.name, self.description, self.skill_id))
        if result is not _UNSET and self.previous is _UNSET:
            self.previous = result

    def undo(self) -> None:
        """Write the previous text back (or remove the entry when there was none)."""
        if self.previous is _UNSET:
            return
        old = self.previous
        name, description = (old.name, old.description) if old is not None else ("", "")
        self._run(lambda: catalog.set_level_text(self.plan, self.level, name, description,
                                                 self.skill_id))


class SetRequirement(_CatalogCommand):
    """Require a level of a skill for a department or a title (``None`` removes it)."""

    def __init__(self, plan: Plan, scope: str, value: str, skill_id: int, level: int | None,
                 *, skill_name: str, done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        text = (_("Require {skill} for {value}") if level is not None
                else _("Remove the requirement {skill} for {value}"))
        super().__init__(plan, text.format(skill=skill_name, value=value), done, failed)
        self.scope, self.value, self.skill_id, self.level = scope, value, skill_id, level
        self.previous: Any = _UNSET

    def redo(self) -> None:
        """Write the requirement."""
        result = self._run(lambda: catalog.set_requirement(
            self.plan, self.scope, self.value, self.skill_id, self.level))
        if result is not _UNSET and self.previous is _UNSET:
            self.previous = result

    def undo(self) -> None:
        """Put the previous requirement back."""
        if self.previous is not _UNSET:
            self._run(lambda: catalog.set_requirement(
                self.plan, self.scope, self.value, self.skill_id, self.previous))


#: A rating cell as the matrix commands pass it on: (person id, skill id, level or None).
LevelCell = tuple[str, int, "int | None"]


class SetLevels(QUndoCommand):
    """Set the level of one or many matrix cells in one step (``None`` clears a cell).

    One command is one entry on the undo stack, however many cells it changes ("fill the
    selection"). Undo writes the previous levels back and restores the targets and learn
    flags of cells that the edit cleared.

    Args:
        plan: The open plan.
        cells: ``(person_id, skill_id, level | None)`` for every cell to change.
        text: What the Edit menu calls the change.
        cleared: The ratings (as they were) of cells this edit clears, so undo can put their
            targets and learn flags back.
        applied: Called with the cells the plan file now holds (after redo and undo).
        restored: Called with ``(person_id, skill_id, Rating)`` triples restored by undo.
        failed: Called with the message when the plan refused the write.
    """

    def __init__(self, plan: Plan, cells: list[LevelCell], *, text: str,
                 cleared: list[Any] | None = None,
                 applied: Callable[[list[LevelCell]], None],
                 restored: Callable[[list[Any]], None] | None = None,
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(text)
        self.plan = plan
        self.cells = list(cells)
        self.previous: list[LevelCell] | None = None
        self._cleared = [r for r in cleared or ()
                         if r.target is not None or r.wants_to_learn]
        self._applied = applied
        self._restored = restored
        self._failed = failed

    def _fail(self, exc: UserError) -> None:
        self.setObsolete(True)
        if self._failed is not None:
            self._failed(str(exc))

    def redo(self) -> None:
        """Write the new levels."""
        try:
            previous = catalog.set_levels(self.plan, self.cells)
        except UserError as exc:
            self._fail(exc)
            return
        if self.previous is None:
            self.previous = previous
        self._applied(self.cells)

    def undo(self) -> None:
        """Write the previous levels (and cleared targets / learn flags) back."""
        if self.previous is None:
            return
        try:
            catalog.set_levels(self.plan, self.previous)
            for rating in self._cleared:
                catalog.restore_rating(self.plan, rating.person_id, rating.skill_id, rating)
        except UserError as exc:
            self._fail(exc)
            return
        self._applied(self.previous)
        if self._cleared and self._restored is not None:
            self._restored([(r.person_id, r.skill_id, r) for r in self._cleared])


class SetRatingFields(QUndoCommand):
    """Set the target level and/or the wants-to-learn flag of one or many ratings.

    A cell without a rating gets one at level 0 (the plan's rule). Undo puts every rating
    back exactly as it was, removing the ones this command created.

    Args:
        plan: The open plan.
        cells: ``(person_id, skill_id)`` pairs.
        fields: ``target=`` and/or ``wants_to_learn=`` as ``services.catalog.set_rating``
            takes them.
        text: What the Edit menu calls the change.
        applied: Called with ``(person_id, skill_id, Rating | None)`` triples the plan file
            now holds.
        failed: Called with the message when the plan refused the write.
    """

    def __init__(self, plan: Plan, cells: list[tuple[str, int]], *, fields: dict[str, Any],
                 text: str, applied: Callable[[list[Any]], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(text)
        self.plan = plan
        self.cells = list(cells)
        self.fields = dict(fields)
        self.previous: list[Any] | None = None
        self._applied = applied
        self._failed = failed

    def redo(self) -> None:
        """Write the new target / learn flag."""
        previous, now = [], []
        try:
            for person_id, skill_id in self.cells:
                before = catalog.set_rating(self.plan, person_id, skill_id, **self.fields)
                previous.append(before)
                values = {"level": before.level if before else 0,
                          "target": before.target if before else None,
                          "wants_to_learn": before.wants_to_learn if before else False}
                values.update(self.fields)
                now.append((person_id, skill_id, domain.Rating(person_id, skill_id, **values)))
        except UserError as exc:
            # Put back what this attempt changed before the plan refused.
            for (person_id, skill_id), before in zip(self.cells, previous, strict=False):
                catalog.restore_rating(self.plan, person_id, skill_id, before)
            self.setObsolete(True)
            if self._failed is not None:
                self._failed(str(exc))
            return
        if self.previous is None:
            self.previous = previous
        self._applied(now)

    def undo(self) -> None:
        """Put every rating back as it was."""
        if self.previous is None:
            return
        try:
            for (person_id, skill_id), before in zip(self.cells, self.previous, strict=True):
                catalog.restore_rating(self.plan, person_id, skill_id, before)
        except UserError as exc:
            self.setObsolete(True)
            if self._failed is not None:
                self._failed(str(exc))
            return
        self._applied([(p, s, before) for (p, s), before
                       in zip(self.cells, self.previous, strict=True)])


# -- ties (each redo/undo calls services.ties; ``done`` emits data_changed("ties")) ------------

class AddTie(_CatalogCommand):
    """Add a tie; undo deletes it again."""

    def __init__(self, plan: Plan, tie: domain.Tie, *, text: str, done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, text, done, failed)
        self.tie = tie

    def redo(self) -> None:
        """Add the tie (again)."""
        t = self.tie
        self._run(lambda: ties.add_tie(self.plan, t.source, t.target, t.relation, t.weight))

    def undo(self) -> None:
        """Delete the tie redo added."""
        self._run(lambda: ties.delete_tie(self.plan, self.tie))


class EditTie(_CatalogCommand):
    """Change a tie's relation and/or weight; undo restores both."""

    def __init__(self, plan: Plan, tie: domain.Tie, *, relation: str | None = None,
                 weight: float | None = None, text: str, done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, text, done, failed)
        self.tie = tie
        self.relation = relation
        self.weight = weight
        self.before: domain.Tie | None = None
        self.after: domain.Tie | None = None

    def redo(self) -> None:
        """Write the new relation/weight."""
        result = self._run(lambda: ties.update_tie(self.plan, self.tie, relation=self.relation,
                                                   weight=self.weight))
        if result is not _UNSET:
            self.before, self.after = result

    def undo(self) -> None:
        """Write back the tie as it was."""
        if self.before is not None and self.after is not None:
            before, after = self.before, self.after
            self._run(lambda: ties.update_tie(self.plan, after, relation=before.relation,
                                              weight=before.weight))


class DeleteTies(_CatalogCommand):
    """Delete ties; undo puts back those that existed."""

    def __init__(self, plan: Plan, to_delete: list[domain.Tie], *, text: str,
                 done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, text, done, failed)
        self.ties = list(to_delete)
        self.deleted: list[domain.Tie] = []

    def redo(self) -> None:
        """Delete the ties."""
        result = self._run(lambda: ties.remove_ties(self.plan, self.ties))
        self.deleted = [] if result is _UNSET else result

    def undo(self) -> None:
        """Put the deleted ties back (with their weights)."""
        deleted = self.deleted
        self._run(lambda: ties.restore_ties(self.plan, deleted))


class DeriveReportingLines(_CatalogCommand):
    """Add "reports to" ties from each person to their manager; undo removes those added.

    Attributes:
        added: The ties the last redo added (empty when every line existed already).
    """

    def __init__(self, plan: Plan, *, done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, _("Derive reporting lines"), done, failed)
        self.added: list[domain.Tie] = []

    def redo(self) -> None:
        """Add the missing reporting lines."""
        result = self._run(lambda: ties.derive_reporting_lines(self.plan))
        self.added = [] if result is _UNSET else result

    def undo(self) -> None:
        """Remove the reporting lines redo added."""
        added = self.added
        self._run(lambda: ties.remove_ties(self.plan, added))


class BoardVersion(_CatalogCommand):
    """A board version that was just saved (``saved=True``: undo deletes it, redo puts it
    back) or that the user deletes (``saved=False``: redo deletes, undo puts it back)."""

    def __init__(self, plan: Plan, board_id: int, *, saved: bool, text: str,
                 done: Callable[[], None],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__(plan, text, done, failed)
        self.board_id = board_id
        self._saved = saved
        self._first = True
        self._removed: Any = _UNSET

    def _delete(self) -> None:
        removed = self._run(lambda: board.delete_board(self.plan, self.board_id))
        if removed is not _UNSET:
            self._removed = removed

    def _restore(self) -> None:
        if self._removed is not _UNSET:
            self._run(lambda: board.restore_board(self.plan, self._removed))

    def redo(self) -> None:
        """Delete the version, or (for a saved one) put it back after an undo."""
        if self._saved:
            if self._first:  # the proposal saved it already
                self._first = False
                return
            self._restore()
        else:
            self._delete()

    def undo(self) -> None:
        """Put a deleted version back, or remove a saved one again."""
        if self._saved:
            self._delete()
        else:
            self._restore()
