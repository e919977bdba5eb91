"""The people table: a Qt model over cached :class:`~changeplanner.domain.Person` rows.

The rows are read once per reload from a plan snapshot; ``data()`` never touches the
database (ARCHITECTURE pitfall: a per-cell query makes big tables crawl). Edits do not
write here either: ``setData`` validates and hands the change to an edit handler (the page
pushes an undoable command), and the command calls :meth:`PeopleModel.apply_change` once
the plan file holds the new value.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import N_, _
from changeplanner.services import plans
from changeplanner.ui.sorting import SourceSortProxy, reorder_rows, sorted_order

#: Model columns: the Person field each shows, and its header.
#: The invisible root index (a default argument, made once).
_ROOT = QModelIndex()

COLUMNS: tuple[str, ...] = ("id", "name", "department", "title", "team_lead", "manager_id",
                            "attitude", "daily_business", "availability", "adkar")
HEADERS: dict[str, str] = {
    "id": N_("ID"),
    "name": N_("Name"),
    "department": N_("Department"),
    "title": N_("Title"),
    "team_lead": N_("Team lead"),
    "manager_id": N_("Manager"),
    "attitude": N_("Attitude"),
    "daily_business": N_("Daily business"),
    "availability": N_("Available"),
    "adkar": N_("Barrier (ADKAR)"),
}
TOOLTIPS: dict[str, str] = {
    "attitude": N_("Attitude to the change, from −2 (strongly against) to +2 (strongly "
                   "for); “unknown” until somebody has assessed it."),
    "daily_business": N_("Keeps the daily business running: protect these people, do not "
                         "pull every key operator into the change."),
    "availability": N_("Availability: the share of working time this person can give to "
                       "the change (0-100 %)."),
    "team_lead": N_("Team lead (formal weight in their department)."),
    "adkar": N_("The ADKAR barrier point: the first of Awareness, Desire, Knowledge, Ability "
                "and Reinforcement scored 3 or lower (right-click a row to rate)."),
}
FIELD_NAMES: dict[str, str] = {
    "name": N_("name"),
    "department": N_("department"),
    "title": N_("title"),
    "team_lead": N_("team lead"),
    "attitude": N_("attitude"),
    "daily_business": N_("daily business"),
    "availability": N_("availability"),
}
CHECK_FIELDS = plans.CHECK_FIELDS
EDITABLE_FIELDS = plans.TEXT_FIELDS + CHECK_FIELDS + ("attitude", "availability")

#: Custom roles (ARCHITECTURE habit 1).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: The raw field value (``None`` for an unknown attitude), for editors.
VALUE_ROLE = Qt.ItemDataRole.UserRole + 3

#: Values of the barrier filter (besides an element key): any, no barrier, not rated.
BARRIER_ANY = None
BARRIER_NONE = "none"
BARRIER_UNRATED = "unrated"

#: Handler for an accepted edit: (person id, field, new value) -> None.
EditHandler = Callable[[str, str, Any], None]


def attitude_text(value: int | None) -> str:
    """The attitude as the table shows it: ``"−1 against"``, ``"+2 strongly for"``, ``"unknown"``.
    """
    if value is None:
        return _("unknown")
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{abs(value)} {_(domain.ATTITUDE_LABELS[value])}"


def barrier_text(adkar: domain.Adkar | None) -> str:
    """The barrier column's text: ``"Desire (2)"``, or ``""`` without a barrier or rating."""
    barrier = adkar.barrier if adkar is not None else None
    if barrier is None:
        return ""
    return _("{element} ({score})").format(element=_(domain.ADKAR_LABELS[barrier]),
                                          score=getattr(adkar, barrier))


def adkar_summary(adkar: domain.Adkar | None) -> str:
    """Every score in one line for a tooltip: ``"Awareness 4 · Desire 2 · Knowledge –…"``."""
    if adkar is None or not adkar.rated:
        return _("Not rated")
    return " · ".join(f"{_(domain.ADKAR_LABELS[key])} {'–' if score is None else score}"
                      for key, score in adkar.scores().items())


def sort_text(text: str) -> str:
    """A sort key that puts "Bärbel" beside "Barbara": accents removed, case folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _check_state(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value


class PeopleModel(QAbstractTableModel):
    """Table model over a cached list of people (one row per person, columns :data:`COLUMNS`).

    Editing is allowed only when an edit handler is set (:meth:`set_edit_handler`); invalid
    values are refused with :attr:`last_error` set and the error handler called.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._people: list[domain.Person] = []
        self._row_of: dict[str, int] = {}
        self._names: dict[str, str] = {}
        self._adkar: dict[str, domain.Adkar] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._edit_handler: EditHandler | None = None
        self._error_handler: Callable[[str], None] | None = None
        self.last_error = ""

    # -- content ----------------------------------------------------------------------

    def set_people(self, people: Sequence[domain.Person],
                   adkar: Sequence[domain.Adkar] = ()) -> None:
        """Replace every row (kept in the order of the last :meth:`sort`), with the people's
        ADKAR ratings (cached per person, so the barrier column costs a dict lookup)."""
        self.beginResetModel()
        self._people = list(people)
        self._adkar = {a.person_id: a for a in adkar if a.rated}
        self._names = {p.id: p.name for p in self._people}
        if self._sort is not None:
            column, order = self._sort
            self._people = [self._people[r] for r in sorted_order(
                self._sort_keys(column), order)]
        self._reindex()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the cached rows by ``column`` in plain Python (see :mod:`ui.sorting`).

        Rows stay where they are while being edited; the next sort puts them in place.
        """
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)

        def apply(rows: Sequence[int]) -> None:
            self._people = [self._people[r] for r in rows]
            self._reindex()

        reorder_rows(self, sorted_order(self._sort_keys(column), order), apply)

    def _sort_keys(self, column: int) -> list[tuple[Any, str]]:
        field = COLUMNS[column]
        # The name as a second key keeps equal values (a department, "yes") in name order.
        return [(self._sort_key(p, field, self._value(p, field)), sort_text(p.name))
                for p in self._people]

    def _value(self, person: domain.Person, field: str) -> Any:
        if field == "adkar":
            return self._adkar.get(person.id)
        return getattr(person, field)

    def _reindex(self) -> None:
        self._row_of = {p.id: row for row, p in enumerate(self._people)}

    def person_at(self, row: int) -> domain.Person:
        """The person shown in ``row``."""
        return self._people[row]

    def row_of(self, person_id: str) -> int:
        """The row of ``person_id`` (-1 if not shown)."""
        return self._row_of.get(person_id, -1)

    def adkar_of(self, person_id: str) -> domain.Adkar | None:
        """The cached ADKAR rating of ``person_id`` (``None`` when not rated)."""
        return self._adkar.get(person_id)

    def set_adkar(self, adkar: domain.Adkar) -> None:
        """Update one person's cached ADKAR rating after the plan changed (repaints its cell)."""
        if adkar.rated:
            self._adkar[adkar.person_id] = adkar
        else:
            self._adkar.pop(adkar.person_id, None)
        row = self.row_of(adkar.person_id)
        if row >= 0:
            index = self.index(row, COLUMNS.index("adkar"))
            self.dataChanged.emit(index, index)

    def people(self) -> list[domain.Person]:
        """The cached people, in row order."""
        return list(self._people)

    def apply_change(self, person_id: str, field: str, value: Any) -> None:
        """Update the cached row after the plan changed; only affected cells are repainted."""
        row = self.row_of(person_id)
        if row < 0:
            return
        self._people[row] = dataclasses.replace(self._people[row], **{field: value})
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if field == "name":
            self._names[person_id] = value
            # Rows that show this person as their manager show the new name too.
            column = COLUMNS.index("manager_id")
            for other_row, person in enumerate(self._people):
                if person.manager_id == person_id:
                    index = self.index(other_row, column)
                    self.dataChanged.emit(index, index)

    def retranslate(self) -> None:
        """Tell views that headers and texts are in a new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._people:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._people) - 1, len(COLUMNS) - 1))

    # -- editing ----------------------------------------------------------------------

    def set_edit_handler(self, handler: EditHandler | None,
                         error_handler: Callable[[str], None] | None = None) -> None:
        """Make the table editable: ``handler(person_id, field, value)`` performs an edit."""
        self._edit_handler = handler
        self._error_handler = error_handler

    # -- Qt model API -----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        field = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[field])
        if role == Qt.ItemDataRole.ToolTipRole and field in TOOLTIPS:
            return _(TOOLTIPS[field])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = COLUMNS[index.column()]
        if self._edit_handler is not None:
            if field in CHECK_FIELDS:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            elif field in EDITABLE_FIELDS:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        person = self._people[index.row()]
        field = COLUMNS[index.column()]
        value = self._value(person, field)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(person, field, value)
        if role == Qt.ItemDataRole.EditRole:
            if field in CHECK_FIELDS:
                return None
            return self._display(person, field, value) if field == "manager_id" else value
        if role == Qt.ItemDataRole.CheckStateRole and field in CHECK_FIELDS:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == SORT_ROLE:
            return self._sort_key(person, field, value)
        if role == VALUE_ROLE:
            return value
        if role == PERSON_ID_ROLE:
            return person.id
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "availability":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and field == "manager_id" and value:
            return value
        if role == Qt.ItemDataRole.ToolTipRole and field == "adkar":
            return adkar_summary(value)
        return None

    def _display(self, person: domain.Person, field: str, value: Any) -> Any:
        if field in CHECK_FIELDS:
            return None
        if field == "manager_id":
            if not value:
                return ""
            return self._names.get(value, value)
        if field == "attitude":
            return attitude_text(value)
        if field == "availability":
            return f"{value} %"
        if field == "adkar":
            return barrier_text(value)
        return value

    def _sort_key(self, person: domain.Person, field: str, value: Any) -> Any:
        if field in CHECK_FIELDS:
            return int(bool(value))
        if field == "attitude":
            return domain.ATTITUDE_MIN - 1 if value is None else value
        if field == "availability":
            return value
        if field == "adkar":
            # Earliest barrier first, then rated people without a barrier, then unrated.
            if value is None:
                return len(domain.ADKAR_ELEMENTS) + 1
            barrier = value.barrier
            return (len(domain.ADKAR_ELEMENTS) if barrier is None
                    else domain.ADKAR_ELEMENTS.index(barrier))
        if field == "manager_id":
            return sort_text(self._names.get(value, value or ""))
        return sort_text(str(value or ""))

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._edit_handler is None:
            return False
        field = COLUMNS[index.column()]
        if field in CHECK_FIELDS:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = _check_state(value)
        elif role != Qt.ItemDataRole.EditRole or field not in EDITABLE_FIELDS:
            return False
        person = self._people[index.row()]
        try:
            value = plans.validate_person_field(field, value)
        except UserError as exc:
            self.last_error = str(exc)
            if self._error_handler is not None:
                self._error_handler(self.last_error)
            return False
        self.last_error = ""
        if value == getattr(person, field):
            return False
        self._edit_handler(person.id, field, value)
        return True


class PeopleFilterProxy(SourceSortProxy):
    """The page's filters: text, department, team leads, ADKAR barrier (sorting is the
    model's)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._text = ""
        self._department: str | None = None
        self._leads_only = False
        self._barrier: str | None = BARRIER_ANY

    def set_barrier(self, barrier: str | None) -> None:
        """Show only people whose ADKAR barrier is ``barrier`` (an element key), those rated
        without one (:data:`BARRIER_NONE`), the unrated (:data:`BARRIER_UNRATED`), or
        everyone (:data:`BARRIER_ANY`)."""
        self.beginFilterChange()
        self._barrier = barrier
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        """Apply the filters again after a cached value changed."""
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Show only people whose name, id or title contains ``text`` (any case)."""
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_department(self, department: str | None) -> None:
        """Show only one department (``None`` shows all)."""
        self.beginFilterChange()
        self._department = department
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_leads_only(self, leads_only: bool) -> None:
        """Show only team leads."""
        self.beginFilterChange()
        self._leads_only = leads_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, PeopleModel):
            return True
        person = model.person_at(source_row)
        if self._leads_only and not person.team_lead:
            return False
        if self._department is not None and person.department != self._department:
            return False
        if self._barrier is not BARRIER_ANY:
            adkar = model.adkar_of(person.id)
            if self._barrier == BARRIER_UNRATED:
                if adkar is not None:
                    return False
            elif adkar is None:
                return False
            elif self._barrier == BARRIER_NONE:
                if adkar.barrier is not None:
                    return False
            elif adkar.barrier != self._barrier:
                return False
        if self._text:
            haystack = f"{person.name}\n{person.id}\n{person.title}".casefold()
            if self._text not in haystack:
                return False
        return True
