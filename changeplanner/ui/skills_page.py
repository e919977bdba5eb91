"""The Skills page: the editable skills matrix (first tab) plus the skills panels as tabs.

The matrix shows people as rows and skills as columns grouped by category, coloured by
level, with a summary row and per-person summary columns. Levels are typed in like in a
spreadsheet (digits 0-4, Delete, arrows, Enter/F2 or a double-click for the editor) or set
from the context menu; every edit, a filled selection included, is one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.commands import SetLevels, SetRatingFields
from changeplanner.ui.context import AppContext
from changeplanner.ui.matrix_view import (
    CategoryHeaderView,
    FrozenNameTableView,
    LevelDelegate,
    MatrixTableView,
    SummaryFooter,
)
from changeplanner.ui.page import Page
from changeplanner.ui.skills_model import (
    DEPARTMENT_COLUMN,
    EXPERTS_COLUMN,
    FIXED_COLUMNS,
    LEVEL_COLORS,
    MEAN_COLUMN,
    NAME_COLUMN,
    NOT_RATED,
    SkillsFilterProxy,
    SkillsMatrix,
    SkillsMatrixModel,
    build_matrix,
    category_title,
    level_color,
    text_color_for,
)

__all__ = ["SkillsPage", "LevelLegend", "FrozenNameTableView", "load_matrix"]

SKILL_COLUMN_WIDTH = 56
SUMMARY_COLUMN_WIDTH = 56
#: Larger edits are refused: they would take long and are almost always a slip (Ctrl+A).
MAX_EDIT_CELLS = 50_000


def load_matrix(plan: Plan, *, progress: Progress) -> SkillsMatrix:
    """Read the plan and build its skills matrix (runs on a worker thread)."""
    progress.update(0.0, _("Reading the skills matrix…"))
    snapshot = plans.snapshot(plan, network=False)
    progress.update(0.6)
    return build_matrix(snapshot)


class LevelLegend(QWidget):
    """The five levels with their colours and names, plus how to read a cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The legend takes the width it gets: on a narrow window it is cut on the right
        # instead of forcing the whole window wider than the screen.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.chips: list[QLabel] = []
        for level in range(len(LEVEL_COLORS)):
            chip = QLabel()
            chip.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            background = level_color(level)
            chip.setStyleSheet(
                f"QLabel {{ background: {background.name()}; "
                f"color: {text_color_for(background).name()}; padding: 3px 8px; "
                "border: 1px solid #9a9a9a; border-radius: 3px; }")
            layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)
            self.chips.append(chip)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint, 1)
        self._names: Callable[[int], str] = lambda level: _(domain.LEVEL_LABELS[level])
        self.retranslate_ui()

    def set_level_names(self, names: Callable[[int], str]) -> None:
        """Use the plan's own level names (``names(level)``)."""
        self._names = names
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set the texts in the current language."""
        self.title.setText(_("Levels:"))
        for level, chip in enumerate(self.chips):
            chip.setText(_("{level} {label}").format(level=level, label=self._names(level)))
        self.hint.setText(_("“2 → 3”: level 2, target 3. ★ wants to learn. ⚠ fewer than two "
                            "people work independently. Empty cell: not rated."))


class SkillsPage(Page):
    """The skills of the open plan: the editable matrix and the skills panels as tabs.

    Signals:
        catalogue_requested(): the user asked to edit the skills catalogue.
    """

    key = "skills"
    catalogue_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._generation = 0
        self._loading = False
        self._editing = False
        self._collapsed: set[str] = set()
        self._panels: list[tuple[QWidget, Callable[[], str]]] = []

        self.model = SkillsMatrixModel(self)
        self.model.set_edit_handler(self._edit_levels)
        self.proxy = SkillsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_toolbar()
        self._build_table()
        self._build_menus()

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setVisible(False)
        self.legend = LevelLegend()

        self.matrix_tab = QWidget()
        self.matrix_tab.setObjectName("skillsMatrixTab")
        matrix_layout = QVBoxLayout(self.matrix_tab)
        matrix_layout.addLayout(self.toolbar)
        matrix_layout.addWidget(self.empty_label)
        table_box = QVBoxLayout()
        table_box.setSpacing(0)
        table_box.addWidget(self.table, 1)
        table_box.addWidget(self.footer)
        matrix_layout.addLayout(table_box, 1)
        matrix_layout.addWidget(self.legend)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("skillsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.matrix_tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.retranslate_ui()
        self.reload("all")

    # -- building ------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        self.department_label = QLabel()
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("skillsDepartment")
        self.department_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.department_label.setBuddy(self.department_combo)
        self.leads_check = QCheckBox()
        self.leads_check.setObjectName("skillsLeadsOnly")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("skillsFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(250)
        self.categories_button = QToolButton()
        self.categories_button.setObjectName("skillsCategories")
        self.categories_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.catalogue_button = QPushButton()
        self.catalogue_button.setObjectName("skillsCatalogue")
        self.catalogue_button.clicked.connect(self.catalogue_requested)
        self.count_label = QLabel()
        self.count_label.setObjectName("skillsCountLabel")

        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.department_label)
        self.toolbar.addWidget(self.department_combo)
        self.toolbar.addWidget(self.leads_check)
        self.toolbar.addSpacing(8)
        self.toolbar.addWidget(self.filter_edit)
        self.toolbar.addSpacing(8)
        self.toolbar.addWidget(self.categories_button)
        self.toolbar.addWidget(self.catalogue_button)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.count_label)

        self.department_combo.currentIndexChanged.connect(self._filters_changed)
        self.leads_check.toggled.connect(self._filters_changed)
        self.filter_edit.textChanged.connect(self._filters_changed)

    def _build_table(self) -> None:
        self.table = MatrixTableView()
        self.table.setObjectName("skillsMatrix")
        self.header = CategoryHeaderView(self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setItemDelegate(LevelDelegate(
            lambda skill_id, level: self.model.matrix.level_name(skill_id, level), self.table))
        self.table.verticalHeader().setVisible(False)
        # Uniform rows and fixed skill columns: no measuring of 10,000 rows anywhere.
        row_height = self.table.fontMetrics().height() + 8
        for view in (self.table, self.table.frozen):
            view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            view.verticalHeader().setDefaultSectionSize(row_height)
        self.header.setDefaultSectionSize(SKILL_COLUMN_WIDTH)
        self.header.setMinimumSectionSize(24)
        self.header.setResizeContentsPrecision(300)
        self.header.category_clicked.connect(lambda c: self.set_category_collapsed(c, True))
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._cell_menu)
        self.table.level_typed.connect(self.set_level)
        self.footer = SummaryFooter(self.table, self.model)

        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._rows_changed)

    def _build_menus(self) -> None:
        self.cell_menu = QMenu(self)
        self.cell_menu.setObjectName("skillsCellMenu")
        self.level_actions: list[QAction] = []
        for level in range(domain.LEVEL_MIN, domain.LEVEL_MAX + 1):
            action = self.cell_menu.addAction("")
            action.triggered.connect(lambda _checked=False, lv=level: self.set_level(lv))
            self.level_actions.append(action)
        self.clear_action = self.cell_menu.addAction("")
        self.clear_action.triggered.connect(lambda _checked=False: self.set_level(None))
        self.fill_action = self.cell_menu.addAction("")
        self.fill_action.triggered.connect(lambda _checked=False: self.fill_selection())
        self.cell_menu.addSeparator()
        self.wants_action = self.cell_menu.addAction("")
        self.wants_action.setCheckable(True)
        self.wants_action.triggered.connect(self.set_wants_to_learn)
        self.target_menu = self.cell_menu.addMenu("")
        self.target_actions: dict[int | None, QAction] = {}
        group = QActionGroup(self.target_menu)
        for target in (None, *range(1, domain.LEVEL_MAX + 1)):
            action = self.target_menu.addAction("")
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, t=target: self.set_target(t))
            self.target_actions[target] = action

        self.categories_menu = QMenu(self)
        self.categories_menu.setObjectName("skillsCategoriesMenu")
        self.categories_menu.aboutToShow.connect(self._fill_categories_menu)
        self.categories_button.setMenu(self.categories_menu)
        self.expand_all_action = QAction(self)
        self.expand_all_action.triggered.connect(lambda _checked=False: self.expand_all())
        self.collapse_all_action = QAction(self)
        self.collapse_all_action.triggered.connect(lambda _checked=False: self.collapse_all())
        self.category_actions: dict[str, QAction] = {}

    # -- panels --------------------------------------------------------------------

    def add_panel(self, widget: QWidget, title_fn: Callable[[], str]) -> int:
        """Add ``widget`` as a tab; ``title_fn()`` gives its translated title.

        Returns:
            The tab's index.
        """
        self._panels.append((widget, title_fn))
        return self.tabs.addTab(widget, title_fn())

    # -- Page contract -------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated name shown in the navigation."""
        return _("Skills")

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.tabs.setTabText(self.tabs.indexOf(self.matrix_tab), _("Matrix"))
        for widget, title_fn in self._panels:
            self.tabs.setTabText(self.tabs.indexOf(widget), title_fn())
            retranslate = getattr(widget, "retranslate_ui", None)
            if retranslate is not None:
                retranslate()
        self.department_label.setText(_("&Department:"))
        if self.department_combo.count():
            self.department_combo.setItemText(0, _("All departments"))
        self.leads_check.setText(_("Team leads only"))
        self.filter_edit.setPlaceholderText(_("Filter by name or department"))
        self.catalogue_button.setText(_("Catalogue…"))
        self.catalogue_button.setToolTip(_("Add, rename, merge or archive skills and say "
                                           "what each level means"))
        self.table.setToolTip("")
        self.table.setWhatsThis(_(
            "Type 0-4 to set the level of the selected cells, Delete to clear them, Enter or "
            "F2 (or a double-click) to choose a level. Right-click for targets, “wants to "
            "learn” and filling a selection. Every change can be undone."))
        names = self.model.matrix.level_name
        for level, action in enumerate(self.level_actions):
            action.setText(_("Level &{level}: {label}").format(
                level=level, label=names(None, level)))
        self.clear_action.setText(_("&Clear rating"))
        self.fill_action.setText(_("&Fill selection with…"))
        self.wants_action.setText(_("&Wants to learn"))
        self.target_menu.setTitle(_("&Target level"))
        for target, action in self.target_actions.items():
            action.setText(_("No personal target") if target is None else _(
                "{level}: {label}").format(level=target, label=names(None, target)))
        self.expand_all_action.setText(_("&Expand all categories"))
        self.collapse_all_action.setText(_("C&ollapse all categories"))
        self._update_categories_button()
        self.legend.set_level_names(lambda level: names(None, level))
        self.model.retranslate()
        self.footer.update()
        self._update_count()
        self._update_empty()

    def reload(self, kind: str) -> None:
        """Read the matrix again (in the background) when people or skills changed."""
        if kind not in ("all", "people", "skills") or self._editing:
            return
        self._generation += 1
        generation = self._generation
        plan = self.context.plan
        if plan is None:
            self._loading = False
            self._show(SkillsMatrix())
            return
        self._loading = True
        self._update_count()
        self.context.runner.start(
            load_matrix, plan, isolate=True,
            on_finished=lambda matrix: self._loaded(generation, matrix),
            on_failed=lambda message, _user: self._failed(generation, message))

    @property
    def loading(self) -> bool:
        """Whether a background read is under way."""
        return self._loading

    # -- loading -------------------------------------------------------------------

    def _loaded(self, generation: int, matrix: SkillsMatrix) -> None:
        if generation != self._generation:
            return  # a newer reload superseded this one
        self._loading = False
        self._show(matrix)

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.context.status_message.emit(
            _("The skills matrix could not be read: {reason}").format(reason=message))
        self._update_count()

    def _show(self, matrix: SkillsMatrix) -> None:
        chosen = self.department_combo.currentData()
        self.model.set_matrix(matrix)
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(_("All departments"), None)
        for department in matrix.departments:
            self.department_combo.addItem(department, department)
        index = self.department_combo.findData(chosen) if chosen else 0
        self.department_combo.setCurrentIndex(max(index, 0))
        self.department_combo.blockSignals(False)
        self.proxy.set_department(self.department_combo.currentData())
        header = self.header
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The name and department columns are measured on a sample (precision 300).
        self.table.resizeColumnToContents(NAME_COLUMN)
        self.table.resizeColumnToContents(DEPARTMENT_COLUMN)
        header.resizeSection(NAME_COLUMN, min(max(header.sectionSize(NAME_COLUMN), 150), 240))
        header.resizeSection(DEPARTMENT_COLUMN,
                             min(max(header.sectionSize(DEPARTMENT_COLUMN), 110), 200))
        header.resizeSection(EXPERTS_COLUMN, SUMMARY_COLUMN_WIDTH)
        header.resizeSection(MEAN_COLUMN, SUMMARY_COLUMN_WIDTH)
        self._collapsed &= set(matrix.categories)
        for category in self._collapsed:
            for column in self.model.columns_of_category(category):
                self.table.setColumnHidden(column, True)
        header.updateGeometry()
        self.table.sync_frozen()
        self.retranslate_ui()  # level names may be the plan's own
        self._rows_changed()

    # -- filters and counts --------------------------------------------------------

    def _filters_changed(self, *_args) -> None:
        self.proxy.set_department(self.department_combo.currentData())
        self.proxy.set_leads_only(self.leads_check.isChecked())
        self.proxy.set_text(self.filter_edit.text())
        self._rows_changed()

    def _rows_changed(self, *_args) -> None:
        self.model.set_summary_rows(self.proxy.source_rows())
        self._update_count()

    def _update_count(self, *_args) -> None:
        if self._loading:
            self.count_label.setText(_("Loading…"))
            return
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count_label.setText(ngettext("{shown} of {total} person",
                                          "{shown} of {total} people", total).format(
            shown=shown, total=total))

    def _update_empty(self) -> None:
        if self.context.plan is None:
            text = _("No plan is open.")
        elif not self._loading and not self.model.matrix.skills:
            text = _("No skills recorded yet. Import a skills file (File ▸ Import) or add "
                     "skills in the catalogue to fill the matrix.")
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))

    # -- categories ----------------------------------------------------------------

    def set_category_collapsed(self, category: str, collapsed: bool) -> None:
        """Hide (``collapsed``) or show the columns of ``category``."""
        if collapsed:
            self._collapsed.add(category)
        else:
            self._collapsed.discard(category)
        for column in self.model.columns_of_category(category):
            self.table.setColumnHidden(column, collapsed)
        self._update_categories_button()
        self.footer.update()

    def collapsed_categories(self) -> set[str]:
        """The categories whose columns are hidden."""
        return set(self._collapsed)

    def expand_all(self) -> None:
        """Show every category."""
        for category in list(self._collapsed):
            self.set_category_collapsed(category, False)

    def collapse_all(self) -> None:
        """Hide every category's columns (the summary columns stay)."""
        for category in self.model.matrix.categories:
            self.set_category_collapsed(category, True)

    def _update_categories_button(self) -> None:
        hidden = len(self._collapsed)
        self.categories_button.setText(
            ngettext("Categories ({n} collapsed)", "Categories ({n} collapsed)", hidden).format(
                n=hidden) if hidden else _("Categories"))
        self.categories_button.setToolTip(_("Collapse or expand skill categories (or click a "
                                            "category above the skill names)"))

    def _fill_categories_menu(self) -> None:
        menu = self.categories_menu
        menu.clear()
        menu.addAction(self.expand_all_action)
        menu.addAction(self.collapse_all_action)
        menu.addSeparator()
        self.category_actions = {}
        for category in self.model.matrix.categories:
            count = len(self.model.columns_of_category(category))
            action = menu.addAction(ngettext("{category} ({n} skill)", "{category} ({n} skills)",
                                             count).format(category=category_title(category),
                                                           n=count))
            action.setCheckable(True)
            action.setChecked(category not in self._collapsed)
            action.toggled.connect(
                lambda shown, c=category: self.set_category_collapsed(c, not shown))
            self.category_actions[category] = action

    def _header_menu(self, position: QPoint) -> None:
        self._fill_categories_menu()
        self.categories_menu.popup(self.header.mapToGlobal(position))

    # -- editing -------------------------------------------------------------------

    def selected_cells(self) -> list[tuple[int, int]]:
        """The selected skill cells as ``(model row, model column)``, the current cell when
        nothing is selected; collapsed columns are left out."""
        proxy, table = self.proxy, self.table
        cells: dict[tuple[int, int], None] = {}
        for selection in table.selectionModel().selection():
            columns = [c for c in range(max(selection.left(), FIXED_COLUMNS),
                                        selection.right() + 1) if not table.isColumnHidden(c)]
            if not columns:
                continue
            for row in range(selection.top(), selection.bottom() + 1):
                source_row = proxy.mapToSource(proxy.index(row, 0)).row()
                for column in columns:
                    cells[(source_row, column)] = None
            if len(cells) > MAX_EDIT_CELLS:
                break
        if not cells:
            current = table.currentIndex()
            if current.isValid() and current.column() >= FIXED_COLUMNS:
                cells[(proxy.mapToSource(current).row(), current.column())] = None
        return list(cells)

    def _too_many(self, count: int) -> bool:
        if count <= MAX_EDIT_CELLS:
            return False
        self._show_failure(_("Select at most {n} cells for one change.").format(
            n=f"{MAX_EDIT_CELLS:,}".replace(",", " ")))
        return True

    def set_level(self, level: int | None) -> None:
        """Set the selected cells to ``level`` (``None`` clears them), as one undo step."""
        cells = self.selected_cells()
        if self._too_many(len(cells)):
            return
        model = self.model
        changes = [(model.person_at(row).id, model.skill_at(column).id, level)
                   for row, column in cells if model.level_at(row, column) != level]
        if changes:
            cleared = ([model.rating_at(row, column) for row, column in cells]
                       if level is None else [])
            self._edit_levels(changes, cleared=[r for r in cleared if r is not None])

    def fill_selection(self, level: int | None = None) -> None:
        """Fill the selection with one level; asks which when ``level`` is not given."""
        if level is None:
            names = self.model.matrix.level_name
            items = [f"{lv} {names(None, lv)}"
                     for lv in range(domain.LEVEL_MIN, domain.LEVEL_MAX + 1)]
            choice, ok = QInputDialog.getItem(self, _("Fill selection"),
                                              _("Level for every selected cell:"), items,
                                              domain.EXPERT_LEVEL, False)
            if not ok or choice not in items:
                return
            level = items.index(choice)
        self.set_level(level)

    def _edit_levels(self, cells: list[tuple[str, int, int | None]], *,
                     cleared: list[domain.Rating] | None = None) -> None:
        plan = self.context.plan
        if plan is None or not cells:
            return
        level = cells[0][2]
        if len(cells) == 1:
            person_id, skill_id, _level = cells[0]
            person = self.model.person_at(self.model.row_of(person_id)).name
            skill = self.model.skill_at(self.model.column_of(skill_id)).name
            text = (_("Clear {skill} of {person}").format(skill=skill, person=person)
                    if level is None else _("Set {skill} of {person} to {level}").format(
                        skill=skill, person=person, level=level))
        elif level is None:
            text = ngettext("Clear {n} rating", "Clear {n} ratings", len(cells)).format(
                n=len(cells))
        else:
            text = ngettext("Set {n} rating to level {level}", "Set {n} ratings to level {level}",
                            len(cells)).format(n=len(cells), level=level)
        self.context.undo_stack.push(SetLevels(
            plan, cells, text=text, cleared=cleared, applied=self._levels_applied,
            restored=self._ratings_applied, failed=self._show_failure))

    def set_wants_to_learn(self, wants: bool) -> None:
        """Mark (or unmark) the selected cells as "wants to learn", as one undo step."""
        self._set_fields({"wants_to_learn": bool(wants)})

    def set_target(self, target: int | None) -> None:
        """Set the selected cells' personal target level (``None`` removes it)."""
        self._set_fields({"target": target})

    def _set_fields(self, fields: dict) -> None:
        plan = self.context.plan
        cells = self.selected_cells()
        if plan is None or not cells or self._too_many(len(cells)):
            return
        model, matrix = self.model, self.model.matrix
        key, value = next(iter(fields.items()))
        pairs = []
        for row, column in cells:
            skill_column = column - FIXED_COLUMNS
            if key == "target":
                now = int(matrix.targets[row, skill_column])
                differs = (NOT_RATED if value is None else value) != now
            else:
                differs = bool(matrix.wants[row, skill_column]) != value
            if differs:
                pairs.append((model.person_at(row).id, model.skill_at(column).id))
        if not pairs:
            return
        n = len(pairs)
        if key == "target":
            text = (ngettext("Set {n} target to level {level}", "Set {n} targets to level "
                             "{level}", n).format(n=n, level=value) if value is not None
                    else ngettext("Remove {n} target", "Remove {n} targets", n).format(n=n))
        else:
            text = (ngettext("Mark {n} skill as wanted to learn",
                             "Mark {n} skills as wanted to learn", n) if value else
                    ngettext("Unmark {n} skill as wanted to learn",
                             "Unmark {n} skills as wanted to learn", n)).format(n=n)
        self.context.undo_stack.push(SetRatingFields(
            plan, pairs, fields=fields, text=text, applied=self._ratings_applied,
            failed=self._show_failure))

    def _levels_applied(self, cells: list[tuple[str, int, int | None]]) -> None:
        self.model.apply_levels(cells)
        self._announce()

    def _ratings_applied(self, ratings: list) -> None:
        self.model.apply_ratings(ratings)
        self._announce()

    def _announce(self) -> None:
        # Other pages and panels (gaps, risks) reload; this matrix already shows the change.
        self._editing = True
        try:
            self.context.data_changed.emit("skills")
        finally:
            self._editing = False

    def _show_failure(self, message: str) -> None:
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, _("Change not saved"), message))

    # -- context menu --------------------------------------------------------------

    def update_cell_menu(self) -> None:
        """Enable the cell actions for the selection and check its current state."""
        cells = self.selected_cells()
        enabled = bool(cells) and self.context.plan is not None
        for action in (*self.level_actions, self.clear_action, self.fill_action,
                       self.wants_action, self.target_menu.menuAction()):
            action.setEnabled(enabled)
        if not cells:
            return
        matrix = self.model.matrix
        rows = np.fromiter((r for r, _c in cells), np.intp, len(cells))
        columns = np.fromiter((c - FIXED_COLUMNS for _r, c in cells), np.intp, len(cells))
        self.wants_action.setChecked(bool(matrix.wants[rows, columns].all()))
        targets = set(matrix.targets[rows, columns].tolist())
        for target, action in self.target_actions.items():
            action.setChecked(targets == {NOT_RATED if target is None else target})

    def _cell_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid() and index.column() >= FIXED_COLUMNS \
                and not self.table.selectionModel().isSelected(index):
            self.table.setCurrentIndex(index)
        self.update_cell_menu()
        self.cell_menu.popup(self.table.viewport().mapToGlobal(position))
