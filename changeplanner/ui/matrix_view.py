"""The widgets of the skills matrix: grouped header, frozen name column, summary footer, editor.

* :class:`CategoryHeaderView` draws a band per skill category above the (rotated) skill
  names; clicking a band asks to collapse the category.
* :class:`MatrixTableView` keeps the name column in place while skills scroll sideways and
  turns keys into edits: digits 0-4 set the level of the selected cells, Delete clears,
  Enter/F2 open the level editor.
* :class:`SummaryFooter` is the summary row pinned below the table, painted in the table's
  own column positions so it scrolls sideways with it.
* :class:`LevelDelegate` is the small editor (a combo with "not rated" and the five levels).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import _, ngettext
from changeplanner.ui.skills_model import (
    CATEGORY_ROLE,
    FIXED_COLUMNS,
    LEVEL_ROLE,
    NAME_COLUMN,
    RISK_ROLE,
    SKILL_ID_ROLE,
    SkillsMatrixModel,
    category_title,
)
from changeplanner.ui.widgets import format_number

#: Soft background tints of the category bands, cycled in column order.
BAND_COLORS: tuple[str, ...] = ("#dfe8f3", "#efe3f1", "#e0f0e4", "#f6eddb", "#dcecf1",
                                "#f3e0e0", "#e9e9f6", "#eef2dc")
#: Text colour of a skill header whose skill is a single point of failure.
RISK_COLOR = "#b3261e"


class CategoryHeaderView(QHeaderView):
    """A horizontal header with a category band above skill names written bottom-up.

    The first ``FIXED_COLUMNS`` sections (name, department, summary) are drawn as usual, as
    tall as the whole header.

    Signals:
        category_clicked(str): the band of a category was clicked (collapse it).
    """

    category_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self._groups: list[tuple[str, int, int]] | None = None

    # -- geometry ------------------------------------------------------------------

    def band_height(self) -> int:
        """Height of the category band."""
        return self.fontMetrics().height() + 8

    def setModel(self, model) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.columnsInserted, model.columnsRemoved,
                           model.layoutChanged):
                signal.connect(self._invalidate)
        self._invalidate()

    def _invalidate(self, *_args) -> None:
        self._groups = None
        self.updateGeometry()
        self.viewport().update()

    def groups(self) -> list[tuple[str, int, int]]:
        """``(category, first column, last column)`` of every run of skill columns."""
        if self._groups is None:
            groups: list[tuple[str, int, int]] = []
            model = self.model()
            count = model.columnCount() if model is not None else 0
            for column in range(FIXED_COLUMNS, count):
                category = model.headerData(column, Qt.Orientation.Horizontal, CATEGORY_ROLE)
                if groups and groups[-1][0] == category:
                    groups[-1] = (category, groups[-1][1], column)
                else:
                    groups.append((category, column, column))
            self._groups = groups
        return self._groups

    def category_at(self, x: int) -> str | None:
        """The category whose band is at viewport position ``x`` (``None``: no skill)."""
        column = self.logicalIndexAt(x)
        if column < FIXED_COLUMNS:
            return None
        return self.model().headerData(column, Qt.Orientation.Horizontal, CATEGORY_ROLE)

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
        return QSize(hint.width(), self.band_height() + max(hint.height(),
                                                            min(widest + 16, 170)))

    # -- painting ------------------------------------------------------------------

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if logical_index < FIXED_COLUMNS:
            super().paintSection(painter, rect, logical_index)
            return
        rect = rect.adjusted(0, self.band_height(), 0, 0)
        model = self.model()
        text = str(model.headerData(logical_index, Qt.Orientation.Horizontal) or "")
        at_risk = model.headerData(logical_index, Qt.Orientation.Horizontal,
                                   RISK_ROLE) is not None
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
        painter.setPen(QColor(RISK_COLOR) if at_risk
                       else self.palette().color(self.foregroundRole()))
        painter.drawText(0, 0, elided)
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        band = self.band_height()
        width = self.viewport().width()
        # The frozen name column covers the left of the header: start labels right of it.
        left_edge = self.sectionSize(NAME_COLUMN)
        painter = QPainter(self.viewport())
        metrics = self.fontMetrics()
        border = self.palette().color(self.palette().ColorRole.Mid)
        for number, (category, first, last) in enumerate(self.groups()):
            x0 = self.sectionViewportPosition(first)
            x1 = self.sectionViewportPosition(last) + self.sectionSize(last)
            if x1 <= x0 or x1 < 0 or x0 > width:
                continue
            rect = QRect(x0, 0, x1 - x0, band)
            painter.fillRect(rect, QColor(BAND_COLORS[number % len(BAND_COLORS)]))
            painter.setPen(border)
            painter.drawLine(rect.topRight(), rect.bottomRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            text_left = max(x0, left_edge) + 4
            room = x1 - text_left - 4
            if room > 8:
                painter.setPen(QColor("#202020"))
                label = metrics.elidedText("▾ " + category_title(category),
                                           Qt.TextElideMode.ElideRight, room)
                painter.drawText(QRect(text_left, 0, room, band),
                                 int(Qt.AlignmentFlag.AlignVCenter
                                     | Qt.AlignmentFlag.AlignLeft), label)
        painter.end()

    # -- interaction ---------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        position = event.position().toPoint()
        if position.y() < self.band_height() and event.button() == Qt.MouseButton.LeftButton:
            category = self.category_at(position.x())
            if category is not None:
                self.category_clicked.emit(category)
                event.accept()
                return
        super().mousePressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) \
                and event.pos().y() < self.band_height():
            category = self.category_at(event.pos().x())
            if category is not None:
                count = sum(last - first + 1 for c, first, last in self.groups()
                            if c == category)
                QToolTip.showText(event.globalPos(), ngettext(
                    "{category}: {n} skill. Click to collapse the category; the Categories "
                    "button shows it again.",
                    "{category}: {n} skills. Click to collapse the category; the Categories "
                    "button shows it again.", count).format(
                    category=category_title(category), n=count), self)
                return True
        return super().viewportEvent(event)


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
        self.frozen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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
        if index.column() == NAME_COLUMN:
            return  # never scroll sideways to reach the name column: it is always visible
        super().scrollTo(index, hint)
        if hint == QAbstractItemView.ScrollHint.EnsureVisible and index.isValid():
            # A cell under the frozen name column is not visible: scroll it out from under.
            hidden = self.columnWidth(NAME_COLUMN) - self.columnViewportPosition(
                index.column())
            if hidden > 0:
                bar = self.horizontalScrollBar()
                bar.setValue(max(0, bar.value() - hidden))

    def _place_frozen(self) -> None:
        if not hasattr(self, "frozen"):
            return  # called by the base class during construction
        header_height = self.horizontalHeader().height()
        self.frozen.horizontalHeader().setFixedHeight(header_height)
        self.frozen.setGeometry(self.verticalHeader().width() + self.frameWidth(),
                                self.frameWidth(), self.columnWidth(NAME_COLUMN),
                                self.viewport().height() + header_height)


class MatrixTableView(FrozenNameTableView):
    """The matrix table: frozen names, spreadsheet keys.

    Signals:
        level_typed(object): a digit 0-4 (int) or Delete/Backspace (``None``) was pressed on
            the selected cells; the page applies it as one undoable edit.
    """

    level_typed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)

    def is_skill_cell(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """Whether ``index`` is a skill cell (not a name/department/summary cell)."""
        return index.isValid() and index.column() >= FIXED_COLUMNS

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        current = self.currentIndex()
        if plain and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            level = key - Qt.Key.Key_0
            if level <= domain.LEVEL_MAX and self.is_skill_cell(current):
                single = len(self.selectionModel().selectedIndexes()) <= 1
                self.level_typed.emit(level)
                if single:
                    self._move_down()
            event.accept()
            return
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self.is_skill_cell(current):
                self.level_typed.emit(None)
            event.accept()
            return
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.is_skill_cell(current) and \
                    self.model().flags(current) & Qt.ItemFlag.ItemIsEditable:
                self.edit(current)
            event.accept()
            return
        super().keyPressEvent(event)

    def _move_down(self) -> None:
        current = self.currentIndex()
        below = current.siblingAtRow(current.row() + 1)
        if below.isValid():
            self.setCurrentIndex(below)


class LevelDelegate(QStyledItemDelegate):
    """Edits a level with a combo box: "not rated" and the five levels with their names.

    Args:
        level_name: ``(skill_id, level) -> name`` as the plan defines the levels.
    """

    def __init__(self, level_name, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level_name = level_name

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("levelEditor")
        skill_id = index.data(SKILL_ID_ROLE)
        combo.addItem(_("not rated"), None)
        for level in range(domain.LEVEL_MIN, domain.LEVEL_MAX + 1):
            combo.addItem(f"{level} {self._level_name(skill_id, level)}", level)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        level = index.data(LEVEL_ROLE)
        editor.setCurrentIndex(max(0, editor.findData(level)))

    def setModelData(self, editor: QWidget, model, index: QModelIndex | QPersistentModelIndex
                     ) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        rect = QRect(option.rect)
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        rect.setHeight(max(rect.height(), editor.sizeHint().height()))
        editor.setGeometry(rect)


class SummaryFooter(QWidget):
    """The summary row below the matrix: per skill, people at level >= 3 and mean level.

    Computed over the people the filters show (:attr:`SkillsMatrixModel.summary`). It is
    painted at the table's column positions, so it scrolls sideways with the table and
    follows collapsed categories; the labels stay under the frozen name column.
    """

    ROWS = 2

    def __init__(self, table: MatrixTableView, model: SkillsMatrixModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("skillsSummary")
        self.table = table
        self.model = model
        header = table.horizontalHeader()
        header.sectionResized.connect(self._changed)
        header.geometriesChanged.connect(self._changed)
        table.horizontalScrollBar().valueChanged.connect(self._changed)
        model.summary_changed.connect(self._changed)
        model.modelReset.connect(self._changed)
        self.setFixedHeight(self.ROWS * self.row_height() + 2)

    def row_height(self) -> int:
        """Height of one summary row (as a table row)."""
        return self.table.verticalHeader().defaultSectionSize()

    def _changed(self, *_args) -> None:
        self.setFixedHeight(self.ROWS * self.row_height() + 2)
        self.update()

    def labels(self) -> tuple[str, str]:
        """The row labels shown under the name column."""
        return _("At level ≥ 3"), _("Mean level")

    def cell_text(self, row: int, column: int) -> str:
        """The text of summary ``row`` (0: people at level >= 3, 1: mean) in ``column``."""
        summary = self.model.summary
        skill_column = column - FIXED_COLUMNS
        if skill_column < 0 or skill_column >= len(summary.experts):
            return ""
        if row == 0:
            return str(int(summary.experts[skill_column]))
        if summary.rated[skill_column] == 0:
            return "–"
        return format_number(float(summary.mean[skill_column]), 1)

    def tooltip_at(self, row: int, column: int) -> str:
        """The explanation of one summary cell."""
        skill = self.model.skill_at(column)
        summary = self.model.summary
        if skill is None:
            return ""
        skill_column = column - FIXED_COLUMNS
        if row == 0:
            return ngettext("{skill}: {n} of {people} person shown works independently "
                            "(level 3 or higher)",
                            "{skill}: {n} of {people} people shown work independently "
                            "(level 3 or higher)", summary.people).format(
                skill=skill.name, n=int(summary.experts[skill_column]), people=summary.people)
        rated = int(summary.rated[skill_column])
        if rated == 0:
            return _("{skill}: nobody shown is rated").format(skill=skill.name)
        return ngettext("{skill}: mean level {mean} of {n} rated person",
                        "{skill}: mean level {mean} of {n} rated people", rated).format(
            skill=skill.name, mean=format_number(float(summary.mean[skill_column]), 1), n=rated)

    def _origin(self) -> int:
        # The footer sits directly under the table; cells start where its viewport starts.
        return self.table.viewport().geometry().x()

    def column_at(self, x: int) -> int:
        """The model column under footer position ``x`` (-1: none)."""
        origin = self._origin()
        if x - origin < self.table.columnWidth(NAME_COLUMN):
            return NAME_COLUMN
        return self.table.horizontalHeader().logicalIndexAt(x - origin)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(palette.ColorRole.Window))
        header = self.table.horizontalHeader()
        origin = self._origin()
        height = self.row_height()
        width = self.table.viewport().width()
        grid = palette.color(palette.ColorRole.Mid)
        text_color = palette.color(palette.ColorRole.WindowText)
        summary = self.model.summary
        first = header.logicalIndexAt(0)
        last = header.logicalIndexAt(width - 1)
        if first >= 0:
            last = last if last >= 0 else self.model.columnCount() - 1
            for column in range(max(first, FIXED_COLUMNS), last + 1):
                if header.isSectionHidden(column):
                    continue
                x = origin + header.sectionViewportPosition(column)
                size = header.sectionSize(column)
                for row in range(self.ROWS):
                    rect = QRect(x, 1 + row * height, size, height)
                    painter.setPen(grid)
                    painter.drawRect(rect.adjusted(0, 0, -1, -1))
                    low = (row == 0 and summary.people
                           and summary.experts[column - FIXED_COLUMNS] < domain.MIN_EXPERTS)
                    painter.setPen(QColor(RISK_COLOR) if low else text_color)
                    font = painter.font()
                    font.setBold(bool(low))
                    painter.setFont(font)
                    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter),
                                     self.cell_text(row, column))
        # The labels stay put under the frozen name column.
        name_width = self.table.columnWidth(NAME_COLUMN)
        label_rect = QRect(origin, 0, name_width, self.height())
        painter.fillRect(label_rect, palette.color(palette.ColorRole.Window))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_color)
        metrics = painter.fontMetrics()
        for row, label in enumerate(self.labels()):
            rect = QRect(origin + 4, 1 + row * height, name_width - 8, height)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter
                                       | Qt.AlignmentFlag.AlignLeft),
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                rect.width()))
        painter.setPen(grid)
        painter.drawLine(QPoint(origin + name_width - 1, 0),
                         QPoint(origin + name_width - 1, self.height()))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = min(self.ROWS - 1, max(0, (event.pos().y() - 1) // self.row_height()))
            column = self.column_at(event.pos().x())
            text = self.tooltip_at(row, column) if column >= FIXED_COLUMNS else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
