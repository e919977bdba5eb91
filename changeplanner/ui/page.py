"""The contract between the main window and its pages (People, Skills, Network, ...)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from changeplanner.ui.context import AppContext


class Page(QWidget):
    """A page of the main window's navigation.

    Subclasses build their widgets in ``__init__``, set every text in ``retranslate_ui``
    (called again when the language changes) and reload in ``reload`` when the plan or its
    content changes. They read and write the plan only through ``changeplanner.services``.
    """

    #: Stable key of the page (for settings and tests), e.g. "people".
    key = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._pending: str | None = None
        context.plan_changed.connect(lambda _plan: self._data_changed("all"))
        context.data_changed.connect(self._data_changed)

    def nav_title(self) -> str:
        """The translated name shown in the navigation."""
        raise NotImplementedError

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""

    def reload(self, kind: str) -> None:
        """Show the current plan's content again; ``kind`` says what changed ("all", ...)."""

    def _data_changed(self, kind: str) -> None:
        # A hidden page reloads when it is shown: opening a 10,000-person plan then loads
        # one page, not five, and the others follow when the user visits them.
        if self.isVisible():
            self.reload(kind)
        else:
            self._pending = kind if self._pending in (None, kind) else "all"

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None:
            kind, self._pending = self._pending, None
            self.reload(kind)


class ReloadWhenShown:
    """Mixin for widgets that recompute in the background: while hidden they only note
    that their data changed and recompute when shown (a hidden tab of a 10,000-person plan
    costs nothing). The class defines ``reload()``."""

    _reload_pending = False

    def request_reload(self) -> None:
        """Reload now if visible, else the next time the widget is shown."""
        if self.isVisible():
            self._reload_pending = False
            self.reload()
        else:
            self._reload_pending = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._reload_pending:
            self._reload_pending = False
            self.reload()
