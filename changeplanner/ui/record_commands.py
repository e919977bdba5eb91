"""Undoable edits of pilots, goals, measures and ideas (ARCHITECTURE habit 2).

Every command calls only :mod:`changeplanner.services.records`; after a write it tells the
pages through ``context.data_changed`` (``"pilots"``, ``"goals"`` or ``"ideas"``). A write the
plan refuses (a read-only or locked file, a value that breaks a rule) marks the command
obsolete, so the undo stack drops it, and the message goes to the status bar.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.services import records
from changeplanner.ui.context import AppContext


class _RecordCommand(QUndoCommand):
    """Runs a service call, reports a refusal, and tells the pages what changed."""

    def __init__(self, context: AppContext, text: str, kind: str) -> None:
        super().__init__(text)
        self.context = context
        self.kind = kind
        #: The message of the last refused write ("" when it went through).
        self.error = ""

    def _run(self, call: Callable[[], Any]) -> Any:
        plan = self.context.plan
        try:
            if plan is None:
                raise UserError("no plan")
            result = call()
        except (UserError, KeyError) as exc:
            self.setObsolete(True)
            self.error = str(exc)
            self.context.status_message.emit(self.error)
            return None
        self.error = ""
        self.context.data_changed.emit(self.kind)
        return result


class AddRecord(_RecordCommand):
    """Add a record (a pilot, KPI, measurement, win, goal, idea, ...); undo deletes it.

    After ``redo`` the new id is in :attr:`record_id` (``None`` when the plan refused it).
    """

    def __init__(self, context: AppContext, record: Any, text: str) -> None:
        super().__init__(context, text, records.kind_of(type(record)))
        self.record = record
        self.record_id: int | None = None

    def redo(self) -> None:
        record = self.record
        if self.record_id is not None:
            record = dataclasses.replace(record, id=self.record_id)
        new_id = self._run(lambda: records.add(self.context.plan, record))
        if new_id is not None:
            self.record_id = new_id

    def undo(self) -> None:
        if self.record_id is not None:
            self._run(lambda: records.delete(self.context.plan, type(self.record),
                                             self.record_id))


class _SwapCommand(_RecordCommand):
    """Writes a new value and keeps what was there before; undo writes that back."""

    def __init__(self, context: AppContext, text: str, kind: str, value: Any) -> None:
        super().__init__(context, text, kind)
        self.value = value
        self.before: Any = None

    def _write(self, value: Any) -> Any:
        """Write ``value`` through the service; return what it replaced."""
        raise NotImplementedError

    def redo(self) -> None:
        before = self._run(lambda: self._write(self.value))
        if before is not None and self.before is None:
            self.before = before

    def undo(self) -> None:
        if self.before is not None:
            self._run(lambda: self._write(self.before))


class UpdateRecord(_SwapCommand):
    """Change fields of one record; undo writes back the values from before."""

    def __init__(self, context: AppContext, cls: type, record_id: int,
                 fields: dict[str, Any], text: str) -> None:
        super().__init__(context, text, records.kind_of(cls), dict(fields))
        self.cls = cls
        self.record_id = record_id

    def _write(self, value: dict[str, Any]) -> dict[str, Any]:
        return records.update(self.context.plan, self.cls, self.record_id, **value)


class DeleteRecord(_RecordCommand):
    """Delete a record with what hangs on it (a pilot's KPIs, ...); undo restores it all."""

    def __init__(self, context: AppContext, cls: type, record_id: int, text: str) -> None:
        super().__init__(context, text, records.kind_of(cls))
        self.cls = cls
        self.record_id = record_id
        self.removed: Any = None

    def redo(self) -> None:
        self.removed = self._run(lambda: records.delete(self.context.plan, self.cls,
                                                        self.record_id))

    def undo(self) -> None:
        if self.removed is not None:
            self._run(lambda: records.restore(self.context.plan, self.removed))


class SetImpact(_SwapCommand):
    """Set how much a measure serves a goal (-2..+3, 0 = none); undo restores the score."""

    def __init__(self, context: AppContext, measure_id: int, goal_id: int, score: int,
                 text: str) -> None:
        super().__init__(context, text, records.kind_of(domain.Impact), score)
        self.measure_id = measure_id
        self.goal_id = goal_id

    def _write(self, value: int) -> int:
        return records.set_impact(self.context.plan, self.measure_id, self.goal_id, value)


class SetPilotList(_SwapCommand):
    """Replace a pilot's team (``what="members"``) or required skills (``what="skills"``)."""

    def __init__(self, context: AppContext, pilot_id: int, what: str,
                 items: Sequence[domain.PilotMember] | Sequence[domain.PilotSkill],
                 text: str) -> None:
        super().__init__(context, text, records.kind_of(domain.Pilot), tuple(items))
        self.pilot_id = pilot_id
        self.setter = records.set_members if what == "members" else records.set_pilot_skills

    def _write(self, value: tuple) -> tuple:
        return self.setter(self.context.plan, self.pilot_id, value)
