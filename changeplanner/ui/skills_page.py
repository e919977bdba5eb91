"""The Skills page: the read-only skills matrix, coloured by level, filterable and sortable."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page
from changeplanner.ui.skills_model import (
    DEPARTMENT_COLUMN,
    FIXED_COLUMNS,
    LEVEL_COLORS,
    NAME_COLUMN,
    SkillsFilterProxy,
    SkillsMatrix,
    SkillsMatrixModel,
    build_matrix,
    level_color,
    text_color_for,
)

SKILL_COLUMN_WIDTH = 52


def load_matrix(plan: Plan, *, progress: Progress) -> SkillsMatrix:
    """Read the plan and build its skills matrix (runs on a worker thread)."""
    progress.update(0.0, _("Reading the skills matrix…"))
    snapshot = plans.snapshot(plan)
    progress.update(0.6)
    return build_matrix(snapshot)


class RotatedHeaderView(QHeaderView):
    """A horizontal header that writes skill names bottom-up so narrow columns stay readable.

    The first ``FIXED_COLUMNS`` sections (name, department) are drawn as usual.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        model = self.model()
        if model is None:
            return hint
        metrics = self.fontMetrics()
        widest = 0
        for section in range(FIXED_COLUMNS, model.columnCount()):
            text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            widest = max(widest, metrics.horizontalAdvance(text))
        # Capped, so a very long skill name is elided instead of eating the table.
        return QSize(hint.width(), max(hint.height(), min(widest + 16, 180)))

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if logical_index < FIXED_COLUMNS:
            super().paintSection(painter, rect, logical_index)
            return
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        # The style draws the frame, hover/pressed state and sort arrow; we add the text.
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logical_index)
        option.rect = rect
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        painter.save()
        metrics = self.fontMetrics()
        painter.setClipRect(rect)
        painter.translate(rect.x() + (rect.width() + metrics.ascent() - metrics.descent()) / 2,
                          rect.bottom() - 6)
        painter.rotate(-90)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.height() - 22)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(0, 0, elided)
        painter.restore()


class FrozenNameTableView(QTableView):
    """A table whose name column stays in place while the skill columns scroll sideways.

    A second view over the same model and selection shows only the name column on top of
    the first one (the "frozen column" of Qt's examples); both scroll vertically together.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenNames")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setFrameShape(QFrame.Shape.NoFrame)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.frozen.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.frozen.setWordWrap(False)
        header = self.frozen.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        header.sortIndicatorChanged.connect(self._frozen_sorted)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)

    def setModel(self, model) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self.sync_frozen)
        model.columnsInserted.connect(self.sync_frozen)
        self.horizontalHeader().sortIndicatorChanged.connect(self._main_sorted)
        self.sync_frozen()

    def setHorizontalHeader(self, header: QHeaderView) -> None:
        super().setHorizontalHeader(header)
        self.frozen.raise_()  # the new header widget would otherwise cover the frozen view
        header.sectionResized.connect(self._section_resized)
        header.sortIndicatorChanged.connect(self._main_sorted)

    def sync_frozen(self, *_args) -> None:
        """Show only the name column in the frozen view, as wide and tall as in the table."""
        model = self.model()
        if model is None:
            return
        for column in range(model.columnCount()):
            self.frozen.setColumnHidden(column, column != NAME_COLUMN)
        self.frozen.verticalHeader().setDefaultSectionSize(
            self.verticalHeader().defaultSectionSize())
        self.frozen.setColumnWidth(NAME_COLUMN, self.columnWidth(NAME_COLUMN))
        self._place_frozen()

    def _section_resized(self, logical_index: int, _old: int, new: int) -> None:
        if logical_index == NAME_COLUMN:
            self.frozen.setColumnWidth(NAME_COLUMN, new)
            self._place_frozen()

    def _frozen_sorted(self, section: int, order: Qt.SortOrder) -> None:
        if section == NAME_COLUMN:
            self.sortByColumn(section, order)

    def _main_sorted(self, section: int, order: Qt.SortOrder) -> None:
        header = self.frozen.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(section, order)
        header.blockSignals(False)
        header.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._place_frozen()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        # Never scroll sideways to reach the name column: it is always visible.
        if index.column() != NAME_COLUMN:
            super().scrollTo(index, hint)

    def _place_frozen(self) -> None:
        if not hasattr(self, "frozen"):
            return  # called by the base class during construction
        header_height = self.horizontalHeader().height()
        self.frozen.horizontalHeader().setFixedHeight(header_height)
        self.frozen.setGeometry(self.verticalHeader().width() + self.frameWidth(),
                                self.frameWidth(), self.columnWidth(NAME_COLUMN),
                                self.viewport().height() + header_height)


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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set the texts in the current language."""
        self.title.setText(_("Levels:"))
        for level, chip in enumerate(self.chips):
            chip.setText(_("{level} {label}").format(
                level=level, label=_(domain.LEVEL_LABELS[level])))
        self.hint.setText(_("“2 → 3”: level 2, target 3. Empty cell: not rated."))


class SkillsPage(Page):
    """The skills matrix of the open plan.

    People are rows (name, department), skills are columns; each cell shows the level on a
    background coloured by level and the target when the person is below it. The page can
    be filtered by department and by text and sorted by any column. Read-only here.
    """

    key = "skills"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._generation = 0
        self._loading = False

        self.model = SkillsMatrixModel(self)
        self.proxy = SkillsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.department_label = QLabel()
        self.department_combo = QComboBox()
        self.department_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.department_label.setBuddy(self.department_combo)
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(240)
        self.count_label = QLabel()
        self.count_label.setObjectName("skillsCountLabel")

        self.table = FrozenNameTableView()
        self.table.setObjectName("skillsMatrix")
        self.table.setHorizontalHeader(RotatedHeaderView(self.table))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setDefaultSectionSize(SKILL_COLUMN_WIDTH)
        self.table.horizontalHeader().setMinimumSectionSize(SKILL_COLUMN_WIDTH)
        # Measure the name and department columns on a sample, not on 10,000 rows.
        self.table.horizontalHeader().setResizeContentsPrecision(300)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setVisible(False)

        self.legend = LevelLegend()

        top = QHBoxLayout()
        top.addWidget(self.department_label)
        top.addWidget(self.department_combo)
        top.addSpacing(12)
        top.addWidget(self.filter_edit)
        top.addStretch(1)
        top.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)

        self.department_combo.currentIndexChanged.connect(self._department_chosen)
        self.filter_edit.textChanged.connect(self._text_changed)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        self.retranslate_ui()
        self.reload("all")

    # -- Page contract -------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated name shown in the navigation."""
        return _("Skills")

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.department_label.setText(_("&Department:"))
        if self.department_combo.count():
            self.department_combo.setItemText(0, _("All departments"))
        self.filter_edit.setPlaceholderText(_("Filter by name or department"))
        self.table.setToolTip("")
        self.legend.retranslate_ui()
        self.model.retranslate()
        self._update_count()
        self._update_empty()

    def reload(self, kind: str) -> None:
        """Read the matrix again (in the background) when people or skills changed."""
        if kind not in ("all", "people", "skills"):
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
            load_matrix, plan,
            on_finished=lambda matrix: self._loaded(generation, matrix),
            on_failed=lambda message, _user: self._failed(generation, message))

    # -- internals -----------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """Whether a background read is under way."""
        return self._loading

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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnToContents(NAME_COLUMN)
        self.table.resizeColumnToContents(DEPARTMENT_COLUMN)
        header.resizeSection(NAME_COLUMN, min(max(header.sectionSize(NAME_COLUMN), 140), 260))
        header.resizeSection(DEPARTMENT_COLUMN,
                             min(max(header.sectionSize(DEPARTMENT_COLUMN), 120), 240))
        for column in range(FIXED_COLUMNS, self.model.columnCount()):
            header.resizeSection(column, SKILL_COLUMN_WIDTH)
        header.updateGeometry()
        self.table.sync_frozen()
        self._update_count()
        self._update_empty()

    def _department_chosen(self, _index: int) -> None:
        self.proxy.set_department(self.department_combo.currentData())
        self._update_count()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
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
            text = _("No skills recorded yet. Import a skills file (File ▸ Import) to fill "
                     "the matrix.")
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
