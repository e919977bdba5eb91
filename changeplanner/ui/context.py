"""What every page of the main window shares: the open plan, undo stack, runner, settings.

Passed into each page's constructor (no global singletons, so tests build their own).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from changeplanner.services.plans import Plan
from changeplanner.ui.runner import TaskRunner


class AppContext(QObject):
    """The shared state of one main window.

    Signals:
        plan_changed(object): another plan was opened (``Plan`` or ``None``).
        data_changed(str): plan content of a kind changed ("people", "ties", "skills",
            "board", "pilots", "all"); pages reload what they show of it.
        status_message(str): a short message for the status bar.
    """

    plan_changed = Signal(object)
    data_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.runner = TaskRunner(self)
        self.plan: Plan | None = None

    def set_plan(self, plan: Plan | None) -> None:
        """Switch to ``plan`` (closing the previous one) and tell every page."""
        if self.plan is not None and self.plan is not plan:
            self.runner.wait()
            self.plan.close()
        self.plan = plan
        self.undo_stack.clear()
        self.plan_changed.emit(plan)
