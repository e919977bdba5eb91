"""The skills catalogue: add, rename, describe, archive and merge skills, and say what each
level of the 0-4 scale means (plan-wide or per skill). Every change is an undoable command
on the window's undo stack.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
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
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.commands import AddSkill, ArchiveSkill, EditSkill, MergeSkills, SetLevelText
from changeplanner.ui.context import AppContext
from changeplanner.ui.skills_common import SORT_ROLE, HidingFilterProxy, Loader

_ROOT = QModelIndex()

#: Catalogue columns and their headers.
COLUMNS: tuple[str, ...] = ("name", "category", "description", "archived", "rated", "experts")
HEADERS: dict[str, str] = {
    "name": N_("Skill"),
    "category": N_("Category"),
    "description": N_("Description"),
    "archived": N_("Archived"),
    "rated": N_("People rated"),
    "experts": N_("Experts"),
}
TEXT_FIELDS = ("name", "category", "description")
#: The skill id of a catalogue row.
SKILL_ID_ROLE = Qt.ItemDataRole.UserRole + 21


@dataclass(frozen=True)
class CatalogueEntry:
    """One skill with how many people are rated in it and how many are experts (>= 3)."""

    skill: domain.Skill
    rated: int = 0
    experts: int = 0


@dataclass(frozen=True)
class CatalogueData:
    """What the dialog shows, read on a worker thread."""

    entries: tuple[CatalogueEntry, ...] = ()
    level_texts: tuple[domain.LevelText, ...] = ()
    #: Person ids rated in each skill (to count what a merge moves).
    raters: dict[int, frozenset[str]] = field(default_factory=dict)


def load_catalogue(plan: Plan, *, progress: Progress) -> CatalogueData:
    """Read the catalogue with its rating counts (runs on a worker thread)."""
    progress.update(0.0, _("Reading the skills catalogue…"))
    snap = plans.snapshot(plan)
    raters: dict[int, set[str]] = defaultdict(set)
    experts: Counter[int] = Counter()
    for rating in snap.ratings:
        raters[rating.skill_id].add(rating.person_id)
        if rating.level >= domain.EXPERT_LEVEL:
            experts[rating.skill_id] += 1
    entries = tuple(CatalogueEntry(s, len(raters.get(s.id, ())), experts[s.id])
                    for s in snap.skills)
    return CatalogueData(entries=entries, level_texts=snap.level_texts,
                         raters={k: frozenset(v) for k, v in raters.items()})


def effective_level_text(texts: tuple[domain.LevelText, ...], level: int,
                         skill_id: int | None) -> tuple[str, str, str]:
    """``(name, description, source)`` of ``level``: the skill's own text, else the plan's,
    else the default; ``source`` is "skill", "plan" or "default"."""
    by_key = {(t.skill_id, t.level): t for t in texts}
    if skill_id is not None and (skill_id, level) in by_key:
        text = by_key[(skill_id, level)]
        return text.name, text.description, "skill"
    if (None, level) in by_key:
        text = by_key[(None, level)]
        return text.name, text.description, "plan"
    return _(domain.LEVEL_LABELS[level]), "", "default"


class CatalogueModel(QAbstractTableModel):
    """The catalogue as a table: name, category and description edit in place, archived is a
    check box. Edits go to a handler (the dialog pushes an undoable command)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[CatalogueEntry] = []
        self._edit_handler = None

    def set_edit_handler(self, handler) -> None:
        """``handler(skill_id, field, value)`` is called for every accepted edit."""
        self._edit_handler = handler

    def set_entries(self, entries) -> None:
        """Show ``entries`` (replaces everything)."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    @property
    def entries(self) -> list[CatalogueEntry]:
        """The rows shown."""
        return list(self._entries)

    def entry(self, row: int) -> CatalogueEntry:
        """The entry of model row ``row``."""
        return self._entries[row]

    def row_of(self, skill_id: int) -> int:
        """The model row of ``skill_id`` (-1 if not shown)."""
        return next((i for i, e in enumerate(self._entries) if e.skill.id == skill_id), -1)

    def retranslate(self) -> None:
        """Tell views that the header texts changed language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = COLUMNS[index.column()]
        if column in TEXT_FIELDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        elif column == "archived":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        skill = entry.skill
        column = COLUMNS[index.column()]
        if role == SKILL_ID_ROLE:
            return skill.id
        if column == "archived":
            if role == Qt.ItemDataRole.CheckStateRole:
                return (Qt.CheckState.Checked if skill.archived
                        else Qt.CheckState.Unchecked).value
            if role == SORT_ROLE:
                return int(skill.archived)
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Archived skills are hidden in the matrix; their ratings are kept.")
            return None
        value: Any = {"name": skill.name, "category": skill.category,
                      "description": skill.description, "rated": entry.rated,
                      "experts": entry.experts}[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value if role == Qt.ItemDataRole.EditRole or column in TEXT_FIELDS \
                else str(value)
        if role == SORT_ROLE:
            return value.casefold() if isinstance(value, str) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "experts":
                return ngettext("{n} person works independently or better (level 3 or 4)",
                                "{n} people work independently or better (level 3 or 4)",
                                entry.experts).format(n=entry.experts)
            return str(value) if value else None
        if role == Qt.ItemDataRole.ForegroundRole and skill.archived:
            return QColor("#7a7a7a")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("rated", "experts"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._edit_handler is None:
            return False
        entry = self._entries[index.row()]
        column = COLUMNS[index.column()]
        if column == "archived" and role == Qt.ItemDataRole.CheckStateRole:
            archived = Qt.CheckState(value) == Qt.CheckState.Checked
            if archived == entry.skill.archived:
                return False
            self._edit_handler(entry.skill.id, "archived", archived)
            return True
        if column in TEXT_FIELDS and role == Qt.ItemDataRole.EditRole:
            text = str(value or "").strip()
            if text == getattr(entry.skill, column):
                return False
            self._edit_handler(entry.skill.id, column, text)
            return True
        return False

    def apply(self, skill_id: int, **fields: Any) -> None:
        """Show a change the plan file already holds (before the reload arrives)."""
        row = self.row_of(skill_id)
        if row < 0:
            return
        entry = self._entries[row]
        self._entries[row] = replace(entry, skill=replace(entry.skill, **fields))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS) \
                and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[COLUMNS[section]])
        return None


LEVEL_COLUMNS = ("level", "name", "description")
LEVEL_HEADERS = {"level": N_("Level"), "name": N_("Name"), "description": N_("Description")}


class LevelTextModel(QAbstractTableModel):
    """The five levels 0-4 with their name and description, plan-wide or for one skill.

    Texts that are not set for this scope show the inherited one in grey italics; typing
    over them sets the scope's own text.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._texts: tuple[domain.LevelText, ...] = ()
        self._skill_id: int | None = None
        self._edit_handler = None

    def set_edit_handler(self, handler) -> None:
        """``handler(level, name, description, skill_id)`` is called for every edit."""
        self._edit_handler = handler

    def set_texts(self, texts, skill_id: int | None) -> None:
        """Show the levels of ``skill_id`` (``None``: plan-wide)."""
        self.beginResetModel()
        self._texts = tuple(texts)
        self._skill_id = skill_id
        self.endResetModel()

    @property
    def skill_id(self) -> int | None:
        """The skill whose levels are shown (``None``: plan-wide)."""
        return self._skill_id

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else domain.LEVEL_MAX - domain.LEVEL_MIN + 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(LEVEL_COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if LEVEL_COLUMNS[index.column()] != "level":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _own(self, level: int) -> bool:
        return self._source(level) == ("skill" if self._skill_id is not None else "plan")

    def _source(self, level: int) -> str:
        return effective_level_text(self._texts, level, self._skill_id)[2]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        level = domain.LEVEL_MIN + index.row()
        column = LEVEL_COLUMNS[index.column()]
        name, description, source = effective_level_text(self._texts, level, self._skill_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {"level": str(level), "name": name, "description": description}[column]
        inherited = column != "level" and not self._own(level)
        if role == Qt.ItemDataRole.ForegroundRole and inherited:
            return QColor("#7a7a7a")
        if role == Qt.ItemDataRole.FontRole and inherited:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column != "level":
            if source == "default":
                return _("The default text. Type to describe this level for your plan.")
            if source == "plan" and self._skill_id is not None:
                return _("The plan-wide text. Type to describe this level for this skill.")
            return _("Clear both name and description to use the inherited text again.")
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() \
                or self._edit_handler is None:
            return False
        level = domain.LEVEL_MIN + index.row()
        column = LEVEL_COLUMNS[index.column()]
        name, description, _source = effective_level_text(self._texts, level, self._skill_id)
        text = str(value or "").strip()
        if column == "name":
            if text == name:
                return False
            name = text
        elif column == "description":
            if text == description:
                return False
            description = text
        else:
            return False
        self._edit_handler(level, name, description, self._skill_id)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(LEVEL_COLUMNS) \
                and role == Qt.ItemDataRole.DisplayRole:
            return _(LEVEL_HEADERS[LEVEL_COLUMNS[section]])
        return None


class AddSkillDialog(QDialog):
    """Asks for a new skill's name, category and description; OK only for a free name."""

    def __init__(self, taken: set[str], categories: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add skill"))
        self._taken = {n.casefold() for n in taken}
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("add_skill_name")
        self.category_combo = QComboBox(self)
        self.category_combo.setEditable(True)
        self.category_combo.addItems(categories)
        self.category_combo.setCurrentText("")
        self.description_edit = QLineEdit(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("add_skill_hint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Name:"), self.name_edit)
        form.addRow(_("Category:"), self.category_combo)
        form.addRow(_("Description:"), self.description_edit)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self.name_edit.textChanged.connect(self._check)
        self._check()
        self.resize(420, self.sizeHint().height())

    def values(self) -> tuple[str, str, str]:
        """``(name, category, description)`` as typed."""
        return (self.name_edit.text().strip(), self.category_combo.currentText().strip(),
                self.description_edit.text().strip())

    def _check(self) -> None:
        name = self.name_edit.text().strip()
        taken = name.casefold() in self._taken
        self.hint.setText(_("A skill named “{name}” already exists.").format(name=name)
                          if taken else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(name) and not taken)


class MergeDialog(QDialog):
    """Pick the skill that goes away (source) and the one that stays (target); the dialog
    says how many ratings move before anything happens."""

    def __init__(self, entries: list[CatalogueEntry], raters: dict[int, frozenset[str]],
                 source_id: int | None = None, target_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge skills"))
        self._raters = raters
        self._names = {e.skill.id: e.skill.name for e in entries}
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("merge_source")
        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("merge_target")
        for entry in sorted(entries, key=lambda e: e.skill.name.casefold()):
            for combo in (self.source_combo, self.target_combo):
                combo.addItem(entry.skill.name, entry.skill.id)
        for combo, wanted in ((self.source_combo, source_id), (self.target_combo, target_id)):
            if wanted is not None and combo.findData(wanted) >= 0:
                combo.setCurrentIndex(combo.findData(wanted))
        if self.target_combo.currentData() == self.source_combo.currentData() \
                and self.target_combo.count() > 1:
            self.target_combo.setCurrentIndex(1 if self.source_combo.currentIndex() == 0 else 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        # Room for the longest summary (three wrapped sentences) before it is first set.
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Merge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Merge this skill:"), self.source_combo)
        form.addRow(_("into this skill:"), self.target_combo)
        form.addRow(self.summary)
        form.addRow(self.buttons)
        self.source_combo.currentIndexChanged.connect(self._update)
        self.target_combo.currentIndexChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(560)
        self.resize(560, self.sizeHint().height())

    def chosen(self) -> tuple[int, int]:
        """``(source_id, target_id)``."""
        return self.source_combo.currentData(), self.target_combo.currentData()

    def _update(self, *_args: Any) -> None:
        source, target = self.chosen()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if source is None or target is None or source == target:
            self.summary.setText(_("Choose two different skills."))
            ok.setEnabled(False)
            return
        ok.setEnabled(True)
        moved = len(self._raters.get(source, ()))
        both = len(self._raters.get(source, frozenset()) & self._raters.get(target, frozenset()))
        names = {"source": self._names[source], "target": self._names[target]}
        lines = [ngettext("{n} rating of ‘{source}’ moves to ‘{target}’.",
                          "{n} ratings of ‘{source}’ move to ‘{target}’.",
                          moved).format(n=moved, **names)]
        if both:
            lines.append(ngettext(
                "{n} person is rated in both: the higher level and target are kept.",
                "{n} people are rated in both: the higher level and target are kept.",
                both).format(n=both))
        lines.append(_("‘{source}’ is then removed from the catalogue (Undo brings it back)."
                       ).format(**names))
        self.summary.setText("\n".join(lines))


class CatalogueDialog(QDialog):
    """The skills catalogue and the meaning of each level.

    Signals:
        loaded(): the catalogue was (re)read and is shown.
    """

    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogue_dialog")
        self.context = context
        self.data = CatalogueData()
        self.add_dialog: AddSkillDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.error_box: QMessageBox | None = None
        self._loader = Loader(context, self._load_failed, self)

        self.model = CatalogueModel(self)
        self.model.set_edit_handler(self._edit)
        self.proxy = HidingFilterProxy(
            lambda model, row: model.entry(row).skill.archived, parent=self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("catalogue_filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.archived_check = QCheckBox(self)
        self.archived_check.setChecked(True)
        self.archived_check.toggled.connect(lambda show: self.proxy.set_hiding(not show))
        self.count_label = QLabel(self)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("catalogue_add")
        self.add_button.clicked.connect(self.open_add_dialog)
        self.archive_button = QPushButton(self)
        self.archive_button.setObjectName("catalogue_archive")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.merge_button = QPushButton(self)
        self.merge_button.setObjectName("catalogue_merge")
        self.merge_button.clicked.connect(self.open_merge_dialog)
        self.undo_button = QToolButton(self)
        self.undo_button.setDefaultAction(context.undo_stack.createUndoAction(self))
        self.redo_button = QToolButton(self)
        self.redo_button.setDefaultAction(context.undo_stack.createRedoAction(self))

        self.table = QTableView(self)
        self.table.setObjectName("catalogue_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("name"), Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("description"),
                                    QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.levels_model = LevelTextModel(self)
        self.levels_model.set_edit_handler(self._edit_level)
        self.level_scope_combo = QComboBox(self)
        self.level_scope_combo.setObjectName("level_scope")
        self.level_scope_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.level_scope_combo.currentIndexChanged.connect(self._level_scope_changed)
        self.levels_table = QTableView(self)
        self.levels_table.setObjectName("levels_table")
        self.levels_table.setModel(self.levels_model)
        self.levels_table.verticalHeader().setVisible(False)
        self.levels_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.levels_table.horizontalHeader().setStretchLastSection(True)
        self.levels_hint = QLabel(self)
        self.levels_hint.setWordWrap(True)
        self.level_scope_label = QLabel(self)

        skills_tab = QWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.archived_check)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.archive_button, self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        skills_layout = QVBoxLayout(skills_tab)
        skills_layout.addLayout(bar)
        skills_layout.addWidget(self.table, 1)
        skills_layout.addLayout(buttons)

        levels_tab = QWidget(self)
        scope_bar = QHBoxLayout()
        scope_bar.addWidget(self.level_scope_label)
        scope_bar.addWidget(self.level_scope_combo)
        scope_bar.addStretch(1)
        levels_layout = QVBoxLayout(levels_tab)
        levels_layout.addLayout(scope_bar)
        levels_layout.addWidget(self.levels_hint)
        levels_layout.addWidget(self.levels_table, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(skills_tab, "")
        self.tabs.addTab(levels_tab, "")
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.close_buttons)

        context.data_changed.connect(self._data_changed)
        context.plan_changed.connect(self._plan_changed)
        self.retranslate_ui()
        self.resize(900, 560)
        self.reload()

    # -- texts ----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Skills catalogue"))
        self.filter_edit.setPlaceholderText(_("Filter by skill, category or description"))
        self.archived_check.setText(_("Show archived skills"))
        self.add_button.setText(_("Add skill…"))
        self.merge_button.setText(_("Merge…"))
        self.merge_button.setToolTip(_("Merge two skills into one, keeping every rating"))
        self.tabs.setTabText(0, _("Skills"))
        self.tabs.setTabText(1, _("Level descriptions"))
        self.level_scope_label.setText(_("Describe the levels for:"))
        self.levels_hint.setText(_(
            "What each level of the 0–4 scale means. Plan-wide texts apply to every skill; a "
            "skill can describe its levels more precisely. Grey texts are inherited: type "
            "over them to change them."))
        self.model.retranslate()
        self._fill_level_scopes()
        self._update_buttons()
        self._update_count()

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the catalogue again in the background."""
        plan = self.context.plan
        if plan is None:
            self._show(CatalogueData())
            return
        self._loader.start(load_catalogue, plan, on_done=self._show)

    @property
    def loading(self) -> bool:
        """Whether the catalogue is being read."""
        return self._loader.busy

    def _data_changed(self, kind: str) -> None:
        if kind in ("skills", "all"):
            self.reload()

    def _plan_changed(self, _plan: Any) -> None:
        self.reload()

    def _load_failed(self, message: str) -> None:
        self.context.status_message.emit(
            _("The skills catalogue could not be read: {reason}").format(reason=message))

    def _show(self, data: CatalogueData) -> None:
        selected = self.selected_skill_ids()
        self.data = data
        self.model.set_entries(data.entries)
        self._fill_level_scopes()
        self._show_levels()
        if selected:
            self.select_skill(selected[0])
        self.table.resizeColumnToContents(COLUMNS.index("name"))
        self.table.resizeColumnToContents(COLUMNS.index("category"))
        header = self.table.horizontalHeader()
        for column in ("name", "category"):
            section = COLUMNS.index(column)
            header.resizeSection(section, min(max(header.sectionSize(section), 120), 260))
        self._update_buttons()
        self._update_count()
        self.loaded.emit()

    # -- selection --------------------------------------------------------------------

    def selected_skill_ids(self) -> list[int]:
        """Ids of the selected skills, in view order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(SKILL_ID_ROLE) for r in rows]

    def select_skill(self, skill_id: int) -> None:
        """Select the row of ``skill_id`` (if shown)."""
        row = self.model.row_of(skill_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _entry(self, skill_id: int) -> CatalogueEntry | None:
        row = self.model.row_of(skill_id)
        return self.model.entry(row) if row >= 0 else None

    def _update_buttons(self, *_args: Any) -> None:
        ids = self.selected_skill_ids() if self.table.selectionModel() else []
        entry = self._entry(ids[0]) if ids else None
        self.archive_button.setEnabled(entry is not None)
        self.archive_button.setText(_("Restore") if entry and entry.skill.archived
                                    else _("Archive"))
        self.archive_button.setToolTip(_(
            "Archived skills are hidden in the matrix; their ratings are kept."))
        has_plan = self.context.plan is not None
        self.add_button.setEnabled(has_plan)
        self.merge_button.setEnabled(has_plan and len(self.model.entries) >= 2)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = ngettext("{total} skill", "{total} skills", total).format(total=total)
        if shown != total:
            text = ngettext("{total} skill ({shown} shown)", "{total} skills ({shown} shown)",
                            total).format(total=total, shown=shown)
        self.count_label.setText(text)

    # -- editing ----------------------------------------------------------------------

    def _done(self) -> None:
        self.context.data_changed.emit("skills")

    def _failed(self, message: str) -> None:
        # open(), not exec(): a modal loop inside the view's commitData would re-enter it.
        self.error_box = QMessageBox(QMessageBox.Icon.Warning, _("Change not saved"), message,
                                     QMessageBox.StandardButton.Ok, self)
        self.error_box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box.open()
        self.reload()

    def _push(self, command_type, *args: Any, **kwargs: Any) -> bool:
        plan = self.context.plan
        if plan is None:
            return False
        command = command_type(plan, *args, done=self._done, failed=self._failed, **kwargs)
        self.context.undo_stack.push(command)
        return not command.isObsolete()

    def _edit(self, skill_id: int, column: str, value: Any) -> None:
        entry = self._entry(skill_id)
        if entry is None:
            return
        if column == "archived":
            self.set_archived(skill_id, bool(value))
            return
        if self._push(EditSkill, skill_id, entry.skill.name, {column: value}):
            self.model.apply(skill_id, **{column: value})

    def add_skill(self, name: str, category: str = "", description: str = "") -> bool:
        """Add a skill (undoable); return whether the plan accepted it."""
        return self._push(AddSkill, name, category, description)

    def set_archived(self, skill_id: int, archived: bool) -> bool:
        """Archive or restore a skill (undoable)."""
        entry = self._entry(skill_id)
        if entry is None:
            return False
        if self._push(ArchiveSkill, skill_id, entry.skill.name, archived):
            self.model.apply(skill_id, archived=archived)
            self._update_buttons()
            return True
        return False

    def toggle_archived(self) -> None:
        """Archive the selected skill, or restore it when it is archived."""
        ids = self.selected_skill_ids()
        entry = self._entry(ids[0]) if ids else None
        if entry is not None:
            self.set_archived(entry.skill.id, not entry.skill.archived)

    def merge_skills(self, source_id: int, target_id: int) -> bool:
        """Merge ``source_id`` into ``target_id`` (undoable)."""
        source, target = self._entry(source_id), self._entry(target_id)
        if source is None or target is None:
            return False
        return self._push(MergeSkills, source_id, target_id, source_name=source.skill.name,
                          target_name=target.skill.name)

    def open_add_dialog(self) -> AddSkillDialog:
        """Ask for a new skill (window-modal, not blocking) and add it on OK."""
        categories = sorted({e.skill.category for e in self.model.entries if e.skill.category},
                            key=str.casefold)
        dialog = AddSkillDialog({e.skill.name for e in self.model.entries}, categories, self)
        dialog.accepted.connect(lambda: self.add_skill(*dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def open_merge_dialog(self) -> MergeDialog:
        """Ask which skill to merge into which (preset from the selection)."""
        ids = self.selected_skill_ids()
        dialog = MergeDialog(self.model.entries, self.data.raters,
                             ids[0] if ids else None, ids[1] if len(ids) > 1 else None, self)
        dialog.accepted.connect(lambda: self.merge_skills(*dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    # -- level texts --------------------------------------------------------------------

    def _fill_level_scopes(self) -> None:
        current = self.level_scope_combo.currentData()
        self.level_scope_combo.blockSignals(True)
        self.level_scope_combo.clear()
        self.level_scope_combo.addItem(_("All skills (plan-wide)"), None)
        for entry in sorted(self.data.entries, key=lambda e: e.skill.name.casefold()):
            self.level_scope_combo.addItem(entry.skill.name, entry.skill.id)
        index = self.level_scope_combo.findData(current) if current is not None else 0
        self.level_scope_combo.setCurrentIndex(max(index, 0))
        self.level_scope_combo.blockSignals(False)

    def _level_scope_changed(self, _index: int) -> None:
        self._show_levels()

    def _show_levels(self) -> None:
        self.levels_model.set_texts(self.data.level_texts, self.level_scope_combo.currentData())

    def _edit_level(self, level: int, name: str, description: str,
                    skill_id: int | None) -> None:
        self.set_level_text(level, name, description, skill_id)

    def set_level_text(self, level: int, name: str, description: str,
                       skill_id: int | None = None) -> bool:
        """Name and describe ``level`` plan-wide or for one skill (undoable)."""
        return self._push(SetLevelText, level, name, description, skill_id)
