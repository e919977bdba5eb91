"""The members of one change board as a Qt table model.

Columns: name, department, role, added reach, the next candidates for the seat (only known
for a board proposed in this session) and the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from changeplanner import domain
from changeplanner.i18n import N_, _

_ROOT = QModelIndex()

(NAME_COLUMN, DEPARTMENT_COLUMN, ROLE_COLUMN, REACH_COLUMN, ALTERNATIVES_COLUMN,
 REASONS_COLUMN) = range(6)
COLUMN_TITLES: tuple[str, ...] = (N_("Name"), N_("Department"), N_("Role"), N_("Adds reach"),
                                  N_("Next candidates"), N_("Reasons"))

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
    #: The next candidates for the seat as ``(name, department, reach change)``, best first;
    #: ``None`` when unknown (a board saved earlier: only a fresh proposal has them).
    alternatives: tuple[tuple[str, str, float], ...] | None = None


def member_rows(board: domain.ChangeBoard, people: Mapping[str, domain.Person],
                alternatives: Mapping[str, Sequence[tuple[str, str, float]]] | None = None
                ) -> list[MemberRow]:
    """The rows of ``board``, with names and departments looked up in ``people``.

    A member who has since been deleted from the plan is still listed, under their id.
    ``alternatives`` maps member ids to their next candidates (from the proposal made in
    this session), or is ``None`` when they are not known.
    """
    rows = []
    for seat in board.seats:
        person = people.get(seat.person_id)
        rows.append(MemberRow(person_id=seat.person_id,
                              name=person.name if person else seat.person_id,
                              department=person.department if person else "",
                              role=seat.role, reasons=seat.reasons,
                              marginal_reach=seat.marginal_reach,
                              alternatives=None if alternatives is None else
                              tuple(alternatives.get(seat.person_id, ()))))
    return rows


def percent_change(change: float) -> str:
    """A reach change as signed whole percent with a real minus sign ("−3 %", "+1 %", "±0 %")."""
    value = round(100 * change)
    if value < 0:
        return _("−{percent} %").format(percent=-value)
    if value > 0:
        return _("+{percent} %").format(percent=value)
    return _("±0 %")


def alternatives_text(row: MemberRow) -> str:
    """The next candidates of ``row``'s seat, one per line ("Ana Santos, −3 %")."""
    if row.alternatives is None:
        return "—"
    if not row.alternatives:
        return _("No one else fits this seat within the limits")
    return "\n".join(_("{name}, {change}").format(name=name, change=percent_change(change))
                     for name, _department, change in row.alternatives)


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
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMN_TITLES) - 1))

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
            if column == ALTERNATIVES_COLUMN:
                return alternatives_text(row)
            if column == REASONS_COLUMN:
                return row.reasons
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == ALTERNATIVES_COLUMN and not row.alternatives:
                return QColor("#6b6b6b")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ALTERNATIVES_COLUMN:
                if row.alternatives:
                    return "\n".join(_("{name} ({department}): reach {change}").format(
                        name=name, department=department, change=percent_change(change))
                        for name, department, change in row.alternatives)
                if row.alternatives is None:
                    return _("Propose again to see alternatives")
                return _("No one else fits this seat within the limits")
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
