"""The members of one change board as a Qt table model (name, department, role, reasons)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from changeplanner import domain
from changeplanner.i18n import N_, _

_ROOT = QModelIndex()

NAME_COLUMN, DEPARTMENT_COLUMN, ROLE_COLUMN, REACH_COLUMN, REASONS_COLUMN = range(5)
COLUMN_TITLES: tuple[str, ...] = (N_("Name"), N_("Department"), N_("Role"), N_("Adds reach"),
                                  N_("Reasons"))

#: Custom item roles.
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1   # the member's person id
ROLE_KEY_ROLE = Qt.ItemDataRole.UserRole + 2    # the role key ("skeptic", ...)

#: Why each type of member sits on the board (DOMAIN.md), shown as the role's tooltip.
ROLE_PURPOSES: dict[str, str] = {
    "skeptic": N_("Their doubts surface risks early, and their conversion convinces others."),
    "networker": N_("Their ties bridge departments, so news and trust travel."),
    "enthusiast": N_("Energy and first movers: they make the change tangible."),
    "lead": N_("Formal weight outside the department being transformed."),
}


@dataclass(frozen=True)
class MemberRow:
    """One row of the members table (plain data, built from a saved board)."""

    person_id: str
    name: str
    department: str
    role: str
    reasons: str
    marginal_reach: float = 0.0


def member_rows(board: domain.ChangeBoard,
                people: Mapping[str, domain.Person]) -> list[MemberRow]:
    """The rows of ``board``, with names and departments looked up in ``people``.

    A member who has since been deleted from the plan is still listed, under their id.
    """
    rows = []
    for seat in board.seats:
        person = people.get(seat.person_id)
        rows.append(MemberRow(person_id=seat.person_id,
                              name=person.name if person else seat.person_id,
                              department=person.department if person else "",
                              role=seat.role, reasons=seat.reasons,
                              marginal_reach=seat.marginal_reach))
    return rows


def role_label(role: str) -> str:
    """The translated label of a board role (the key itself if unknown)."""
    label = domain.ROLE_LABELS.get(role)
    return _(label) if label else role


class BoardMembersModel(QAbstractTableModel):
    """Read-only table of a board's members: name, department, role, added reach, reasons."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = []

    def set_members(self, rows: Sequence[MemberRow]) -> None:
        """Show ``rows`` (replaces everything)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def members(self) -> list[MemberRow]:
        """The rows shown."""
        return list(self._rows)

    def retranslate(self) -> None:
        """Tell views that headers and role labels changed language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMN_TITLES) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, ROLE_COLUMN),
                                  self.index(len(self._rows) - 1, ROLE_COLUMN))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == PERSON_ID_ROLE:
            return row.person_id
        if role == ROLE_KEY_ROLE:
            return row.role
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME_COLUMN:
                return row.name
            if column == DEPARTMENT_COLUMN:
                return row.department
            if column == ROLE_COLUMN:
                return role_label(row.role)
            if column == REACH_COLUMN:
                return _("+{percent} %").format(percent=round(100 * row.marginal_reach))
            if column == REASONS_COLUMN:
                return row.reasons
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ROLE_COLUMN and row.role in ROLE_PURPOSES:
                return _(ROLE_PURPOSES[row.role])
            if column == REACH_COLUMN:
                return _("Share of all people this pick brought within reach of the board.")
            if column == REASONS_COLUMN:
                return row.reasons
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == REACH_COLUMN:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMN_TITLES):
            return _(COLUMN_TITLES[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None
