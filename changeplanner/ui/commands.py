"""Undoable edits (ARCHITECTURE habit 2): each ``redo``/``undo`` calls only the service API.

The plan file holds every change as soon as it is made; the undo stack lets the user take
changes back during a session. A command whose write fails (a locked or read-only plan)
marks itself obsolete, so the stack drops it and the cached views stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.services import plans
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
