"""Requirement profiles: the level each department or title needs in each skill.

Pick a scope (department or title) and its value, then set the required level per skill in
the table; every change is an undoable command. The panel says how many people a profile
applies to and how many of them already meet each requirement.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.commands import SetRequirement
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import ReloadWhenShown
from changeplanner.ui.skills_common import SORT_ROLE, HidingFilterProxy, Loader, level_label

_ROOT = QModelIndex()

COLUMNS = ("skill", "category", "level", "met")
HEADERS = {"skill": N_("Skill"), "category": N_("Category"), "level": N_("Required level"),
           "met": N_("Reached by")}
LEVEL_COLUMN = COLUMNS.index("level")
#: The required level of a row (int or None), for the editor.
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 31
SCOPE_LABELS = {"department": N_("Department"), "title": N_("Title")}


def _key(text: str) -> str:
    # Departments and titles match ignoring case and surrounding spaces, as in the analysis.
    return text.strip().casefold()


@dataclass(frozen=True)
class RequirementRow:
    """One skill of a profile: the level required (or ``None``) and who meets it."""

    skill: domain.Skill
    level: int | None
    met: int
    people: int


@dataclass(frozen=True)
class ProfileView:
    """One profile as the table shows it."""

    scope: str
    value: str
    people: int
    rows: tuple[RequirementRow, ...]


def scope_values(snapshot: domain.PlanSnapshot, scope: str) -> list[tuple[str, int, int]]:
    """``(value, people, required skills)`` of every department or title, by name."""
    attribute = "department" if scope == "department" else "title"
    people: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for person in snapshot.people:
        value = getattr(person, attribute)
        if value.strip():
            people[_key(value)] += 1
            spelling.setdefault(_key(value), value.strip())
    required: Counter[str] = Counter()
    for req in snapshot.requirements:
        if req.scope == scope and req.value.strip():
            required[_key(req.value)] += 1
            spelling.setdefault(_key(req.value), req.value.strip())
    return sorted(((spelling[k], people[k], required[k]) for k in spelling),
                  key=lambda item: item[0].casefold())


def profile_view(snapshot: domain.PlanSnapshot, scope: str, value: str, *,
                 progress: Progress | None = None) -> ProfileView:
    """The profile of ``scope`` = ``value``: every active skill with its required level and
    how many of the profile's people already reach it (a plain function for a worker)."""
    attribute = "department" if scope == "department" else "title"
    wanted = _key(value)
    members = {p.id for p in snapshot.people if _key(getattr(p, attribute)) == wanted}
    required = {r.skill_id: r.level for r in snapshot.requirements
                if r.scope == scope and _key(r.value) == wanted}
    levels_of: dict[int, list[int]] = {}
    for rating in snapshot.ratings:
        if rating.person_id in members and rating.skill_id in required:
            levels_of.setdefault(rating.skill_id, []).append(rating.level)
    rows = []
    for skill in snapshot.skills:
        if skill.archived and skill.id not in required:
            continue
        level = required.get(skill.id)
        met = sum(1 for lv in levels_of.get(skill.id, ()) if level is not None and lv >= level)
        rows.append(RequirementRow(skill, level, met, len(members)))
    return ProfileView(scope, value, len(members), tuple(rows))


def load_profiles(plan: Plan, scope: str, value: str | None, *,
                  progress: Progress) -> tuple[domain.PlanSnapshot, ProfileView | None]:
    """Read the plan and build one profile (runs on a worker thread)."""
    progress.update(0.0, _("Reading the requirement profiles…"))
    snapshot = plans.snapshot(plan)
    return snapshot, (profile_view(snapshot, scope, value) if value else None)


def _profile_of(snapshot: domain.PlanSnapshot, scope: str, value: str, *,
                progress: Progress) -> ProfileView:
    return profile_view(snapshot, scope, value)


class RequirementsModel(QAbstractTableModel):
    """The skills of one profile; the "Required level" column is editable."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RequirementRow] = []
        self._edit_handler = None

    def set_edit_handler(self, handler) -> None:
        """``handler(skill, level or None)`` is called for every accepted edit."""
        self._edit_handler = handler

    def set_rows(self, rows) -> None:
        """Show ``rows`` (replaces everything)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RequirementRow:
        """The row object of model row ``row``."""
        return self._rows[row]

    def row_of(self, skill_id: int) -> int:
        """The model row of ``skill_id`` (-1 if not shown)."""
        return next((i for i, r in enumerate(self._rows) if r.skill.id == skill_id), -1)

    def apply(self, skill_id: int, level: int | None) -> None:
        """Show a requirement the plan file already holds."""
        row = self.row_of(skill_id)
        if row >= 0:
            self._rows[row] = replace(self._rows[row], level=level)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def retranslate(self) -> None:
        """Tell views that the texts changed language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == LEVEL_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == LEVEL_ROLE:
            return row.level
        if column == "skill":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return row.skill.name
            if role == SORT_ROLE:
                return row.skill.name.casefold()
        elif column == "category":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return row.skill.category
            if role == SORT_ROLE:
                return row.skill.category.casefold()
        elif column == "level":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return level_label(row.level) if role == Qt.ItemDataRole.DisplayRole \
                    else row.level
            if role == SORT_ROLE:
                return -1 if row.level is None else row.level
            if role == Qt.ItemDataRole.FontRole and row.level is not None:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Double-click to choose the level this profile requires.")
        elif column == "met":
            if row.level is None:
                if role == SORT_ROLE:
                    return -1.0
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return _("{met} of {people}").format(met=row.met, people=row.people)
            if role == SORT_ROLE:
                return row.met / row.people if row.people else 0.0
            if role == Qt.ItemDataRole.ForegroundRole and row.met < row.people:
                return QColor("#b2182b")
            if role == Qt.ItemDataRole.ToolTipRole:
                return ngettext("{met} of {people} person is at level {level} or higher",
                                "{met} of {people} people are at level {level} or higher",
                                row.people).format(met=row.met, people=row.people,
                                                   level=row.level)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() \
                or index.column() != LEVEL_COLUMN or self._edit_handler is None:
            return False
        level = None if value is None or value == "" else int(value)
        if level is not None and not domain.LEVEL_MIN < level <= domain.LEVEL_MAX:
            return False
        row = self._rows[index.row()]
        if level == row.level:
            return False
        self._edit_handler(row.skill, level)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS) \
                and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[COLUMNS[section]])
        return None


def required_only_proxy(parent: QObject | None = None) -> HidingFilterProxy:
    """A text filter over a :class:`RequirementsModel` that can hide unrequired skills."""
    return HidingFilterProxy(lambda model, row: model.row_at(row).level is None,
                             parent=parent)


class LevelDelegate(QStyledItemDelegate):
    """A combo box of "not required" and levels 1-4 with their names."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(_("— not required"), None)
        for level in range(domain.LEVEL_MIN + 1, domain.LEVEL_MAX + 1):
            combo.addItem(level_label(level), level)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(LEVEL_ROLE))))

    def setModelData(self, editor: QWidget, model, index: QModelIndex | QPersistentModelIndex
                     ) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RequirementsPanel(ReloadWhenShown, QWidget):
    """Requirement profiles per department and per title, editable with undo.

    Signals:
        loaded(): the profile shown was (re)computed.
    """

    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requirements_panel")
        self.context = context
        self.snapshot: domain.PlanSnapshot | None = None
        self.error_box: QMessageBox | None = None
        self._loader = Loader(context, self._load_failed, self)

        self.model = RequirementsModel(self)
        self.model.set_edit_handler(self._edit)
        self.proxy = required_only_proxy(self)
        self.proxy.setSourceModel(self.model)

        self.scope_label = QLabel(self)
        self.scope_combo = QComboBox(self)
        self.scope_combo.setObjectName("requirements_scope")
        self.value_combo = QComboBox(self)
        self.value_combo.setObjectName("requirements_value")
        self.value_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.value_combo.setMinimumContentsLength(18)
        self.applies_label = QLabel(self)
        self.applies_label.setObjectName("requirements_applies")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.required_only = QCheckBox(self)
        self.required_only.toggled.connect(self.proxy.set_hiding)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        self.table = QTableView(self)
        self.table.setObjectName("requirements_table")
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(LEVEL_COLUMN, LevelDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(self.scope_label)
        top.addWidget(self.scope_combo)
        top.addWidget(self.value_combo)
        top.addWidget(self.applies_label)
        top.addStretch(1)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.required_only)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        for scope in domain.REQUIREMENT_SCOPES:
            self.scope_combo.addItem("", scope)
        self.scope_combo.currentIndexChanged.connect(self._scope_changed)
        self.value_combo.currentIndexChanged.connect(self._value_changed)
        context.data_changed.connect(self._data_changed)
        context.plan_changed.connect(lambda _plan: self.request_reload())
        self.retranslate_ui()
        self.request_reload()

    def title(self) -> str:
        """The translated tab title."""
        return _("Requirements")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.scope_label.setText(_("Requirement profile for"))
        for i in range(self.scope_combo.count()):
            self.scope_combo.setItemText(i, _(SCOPE_LABELS[self.scope_combo.itemData(i)]))
        self.filter_edit.setPlaceholderText(_("Filter skills"))
        self.required_only.setText(_("Required skills only"))
        self.hint.setText(_(
            "Everyone in the department (or with the title) should reach the required level. "
            "When both a department and a title profile require a skill, the higher level "
            "counts; a target set for one person overrides both."))
        self.model.retranslate()
        self._fill_values()
        self._update_applies()

    # -- scope ------------------------------------------------------------------------

    @property
    def scope(self) -> str:
        """The scope shown: "department" or "title"."""
        return self.scope_combo.currentData()

    @property
    def value(self) -> str | None:
        """The department or title shown."""
        return self.value_combo.currentData()

    def show_profile(self, scope: str, value: str) -> None:
        """Show the profile of ``scope`` = ``value``."""
        self.scope_combo.setCurrentIndex(self.scope_combo.findData(scope))
        index = self.value_combo.findData(value)
        if index >= 0:
            self.value_combo.setCurrentIndex(index)

    def _fill_values(self) -> None:
        current = self.value_combo.currentData()
        self.value_combo.blockSignals(True)
        self.value_combo.clear()
        first_required = None
        if self.snapshot is not None:
            for value, people, required in scope_values(self.snapshot, self.scope):
                if required and first_required is None:
                    first_required = value
                text = ngettext("{value} ({n} skill required)", "{value} ({n} skills required)",
                                required).format(value=value, n=required) if required \
                    else value
                self.value_combo.addItem(text, value)
                self.value_combo.setItemData(
                    self.value_combo.count() - 1,
                    ngettext("{n} person", "{n} people", people).format(n=people),
                    Qt.ItemDataRole.ToolTipRole)
        # Start on a profile that requires something rather than on an empty one.
        index = self.value_combo.findData(current or first_required)
        self.value_combo.setCurrentIndex(max(index, 0) if self.value_combo.count() else -1)
        self.value_combo.blockSignals(False)

    def _scope_changed(self, _index: int) -> None:
        self._fill_values()
        self._recompute()

    def _value_changed(self, _index: int) -> None:
        self._recompute()

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the plan again in the background."""
        plan = self.context.plan
        if plan is None:
            self.snapshot = None
            self._fill_values()
            self._show(None)
            return
        self._loader.start(load_profiles, plan, self.scope, self.value, on_done=self._loaded)

    @property
    def loading(self) -> bool:
        """Whether the plan is being read."""
        return self._loader.busy

    def _data_changed(self, kind: str) -> None:
        if kind in ("skills", "people", "all"):
            self.request_reload()

    def _loaded(self, result: tuple[domain.PlanSnapshot, ProfileView | None]) -> None:
        self.snapshot, view = result
        self._fill_values()
        if view is None or (view.scope, view.value) != (self.scope, self.value):
            self._recompute()
            return
        self._show(view)

    def _recompute(self) -> None:
        if self.snapshot is None or not self.value:
            self._show(None)
            return
        self._loader.start(_profile_of, self.snapshot, self.scope, self.value,
                           on_done=self._show)

    def _load_failed(self, message: str) -> None:
        self.context.status_message.emit(
            _("The requirement profiles could not be read: {reason}").format(reason=message))

    def _show(self, view: ProfileView | None) -> None:
        self._view = view
        self.model.set_rows(view.rows if view else ())
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column, (low, high) in enumerate(((160, 300), (100, 220), (220, 300))):
            header.resizeSection(column, min(max(header.sectionSize(column), low), high))
        self._update_applies()
        self.loaded.emit()

    def _update_applies(self) -> None:
        view = getattr(self, "_view", None)
        if view is None:
            self.applies_label.setText("")
            return
        required = sum(1 for r in view.rows if r.level is not None)
        self.applies_label.setText(
            ngettext("applies to {n} person", "applies to {n} people", view.people).format(
                n=view.people) + " · " + ngettext(
                "{n} skill required", "{n} skills required", required).format(n=required))

    # -- editing ----------------------------------------------------------------------

    def set_requirement(self, skill_id: int, level: int | None) -> bool:
        """Require ``level`` of ``skill_id`` in the profile shown (``None`` removes it)."""
        row = self.model.row_of(skill_id)
        if row < 0:
            return False
        return self._edit(self.model.row_at(row).skill, level)

    def _edit(self, skill: domain.Skill, level: int | None) -> bool:
        plan, value = self.context.plan, self.value
        if plan is None or not value:
            return False
        command = SetRequirement(plan, self.scope, value, skill.id, level,
                                 skill_name=skill.name, done=self._done, failed=self._failed)
        self.context.undo_stack.push(command)
        if command.isObsolete():
            return False
        self.model.apply(skill.id, level)
        self._update_applies()
        return True

    def _done(self) -> None:
        self.context.data_changed.emit("skills")

    def _failed(self, message: str) -> None:
        self.error_box = QMessageBox(QMessageBox.Icon.Warning, _("Change not saved"), message,
                                     QMessageBox.StandardButton.Ok, self)
        self.error_box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box.open()
