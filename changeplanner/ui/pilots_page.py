"""The Pilots page: the plan's lighthouse pilots (the pilots issue extends it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import N_, _, ngettext
from changeplanner.services import plans
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page

#: The invisible root index (a default argument, made once).
_ROOT = QModelIndex()

PILOT_COLUMNS: tuple[str, ...] = ("name", "department", "status")
PILOT_HEADERS: dict[str, str] = {
    "name": N_("Pilot"),
    "department": N_("Department"),
    "status": N_("Status"),
}
#: Sort key role: statuses sort in their life-cycle order, texts case-insensitively.
PILOT_SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class PilotsModel(QAbstractTableModel):
    """Table model over a cached list of :class:`~changeplanner.domain.Pilot`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pilots: list[domain.Pilot] = []

    def set_pilots(self, pilots: Sequence[domain.Pilot]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._pilots = list(pilots)
        self.endResetModel()

    def pilot_at(self, row: int) -> domain.Pilot:
        """The pilot in ``row``."""
        return self._pilots[row]

    def retranslate(self) -> None:
        """Tell views that headers and statuses are in a new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(PILOT_COLUMNS) - 1)
        if self._pilots:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._pilots) - 1, len(PILOT_COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._pilots)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(PILOT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(PILOT_COLUMNS)):
            return _(PILOT_HEADERS[PILOT_COLUMNS[section]])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._pilots):
            return None
        pilot = self._pilots[index.row()]
        field = PILOT_COLUMNS[index.column()]
        value = getattr(pilot, field)
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "status":
                return _(domain.PILOT_STATUS_LABELS.get(value, value))
            return value
        if role == PILOT_SORT_ROLE:
            if field == "status":
                return (domain.PILOT_STATUSES.index(value)
                        if value in domain.PILOT_STATUSES else len(domain.PILOT_STATUSES))
            return str(value).casefold()
        return None


class PilotsPage(Page):
    """Lighthouse pilots: name, department and status, sortable; an explanation when empty."""

    key = "pilots"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._stale = False
        self.model = PilotsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(PILOT_SORT_ROLE)

        self.table = QTableView(self)
        self.table.setObjectName("pilots_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("pilots_count")
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("pilots_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(40)

        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.count_label)
        table_layout.addWidget(self.table, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(table_box)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.retranslate_ui()
        self.reload("all")

    def nav_title(self) -> str:
        """The translated navigation entry."""
        return _("Pilots")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.empty_label.setText(_(
            "<h3>No lighthouse pilots yet</h3>"
            "<p>Lighthouse pilots are small first agile pilots: one team, one goal, a few "
            "KPIs. Start with first small steps instead of talking the transformation to "
            "death, celebrate small wins, and treat a mistake as a deviation and a chance "
            "to learn.</p>"
            "<p>Start where customers enjoy being served by a whole agile team, and keep "
            "some proven processes for now.</p>"))
        self.model.retranslate()
        self._update_count()

    def reload(self, kind: str) -> None:
        """Re-read the pilots when the plan or its pilots changed."""
        if kind not in ("all", "pilots"):
            return
        if not self.isVisible() and self.context.plan is not None:
            # Reading the plan costs time on big plans: wait until the page is shown.
            self._stale = True
            return
        self._stale = False
        plan = self.context.plan
        self.model.set_pilots(plans.snapshot(plan).pilots if plan is not None else ())
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._update_count()

    def showEvent(self, event) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload("all")

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(ngettext("{n} pilot", "{n} pilots", count).format(n=count))
        self.stack.setCurrentIndex(0 if count else 1)
