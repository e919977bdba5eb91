"""The impact matrix of the Goals page: measures × goals, scored -2 (hurts) to +3 (serves).

* :class:`ImpactMatrixModel` shows one row per measure and one column per goal, a totals
  column on the right and a totals row at the bottom, coloured red (hurts) to green
  (serves); 0 is blank. It flags goals no active measure serves, measures that serve no
  goal and harmful scores (from :func:`changeplanner.analysis.goals.impact_table`).
* :class:`ImpactMatrixView` turns keys into scores: 0-3 set a score, ``-`` then 1 or 2 a
  negative one, Delete clears, Enter/F2 or a double-click opens the score editor, and a
  right-click offers every score.
* :class:`ImpactDelegate` is that editor (a combo of the six scores with their meaning).

The model never writes: an edit calls the handler the page sets, which pushes an undoable
:class:`~changeplanner.ui.record_commands.SetImpact`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import N_, _
from changeplanner.ui.skills_common import contrasting_text

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

#: Custom roles of :class:`ImpactMatrixModel`.
SCORE_ROLE = Qt.ItemDataRole.UserRole + 31       # int score of a cell (None off the grid)
MEASURE_ID_ROLE = Qt.ItemDataRole.UserRole + 32  # the row's measure id (None: totals row)
GOAL_ID_ROLE = Qt.ItemDataRole.UserRole + 33     # the column's goal id (None: name/total)
FLAG_ROLE = Qt.ItemDataRole.UserRole + 34        # "unserved", "idle", "harmful" or None

#: Scores from the highest down, as the editor lists them.
SCORES: tuple[int, ...] = tuple(range(domain.IMPACT_MAX, domain.IMPACT_MIN - 1, -1))
#: What each score means.
SCORE_LABELS: dict[int, str] = {
    3: N_("serves it strongly"),
    2: N_("serves it"),
    1: N_("serves it a little"),
    0: N_("no impact"),
    -1: N_("hurts it a little"),
    -2: N_("hurts it"),
}
#: Diverging red..green scale (ColorBrewer "RdYlGn"); 0 stays blank.
SCORE_COLORS: dict[int, str] = {
    -2: "#d7301f",
    -1: "#fc9272",
    1: "#d9f0a3",
    2: "#a6d96a",
    3: "#1a9641",
}
#: Tint of a flagged name or total (a goal nobody serves, a measure serving no goal).
FLAG_TINT = "#fde9c8"
#: Text colour of a flagged header or name.
FLAG_TEXT = "#9a4b00"
#: Text colour of a dropped measure (it serves nothing any more).
DROPPED_TEXT = "#7a7a7a"
#: Background of the totals row and column.
TOTAL_TINT = "#eef0f3"
#: Column width of a goal (its title wraps onto up to three lines above it).
GOAL_COLUMN_WIDTH = 116
#: Characters per line of a wrapped goal title, and the longest word kept whole.
_WRAP = 15
_LONGEST_WORD = 24


def format_score(score: int, *, blank_zero: bool = True) -> str:
    """``"+3"``, ``"−2"`` (a real minus sign) and ``""`` (or ``"0"``) for no impact."""
    if score == 0:
        return "" if blank_zero else "0"
    return f"+{score}" if score > 0 else f"\u2212{-score}"


def score_text(score: int) -> str:
    """``"+2 serves it"``: the score with its meaning, translated."""
    return f"{format_score(score, blank_zero=False)}  {_(SCORE_LABELS[score])}"


def score_color(score: int) -> QColor | None:
    """The background of a cell with ``score`` (``None`` for 0)."""
    color = SCORE_COLORS.get(max(domain.IMPACT_MIN, min(domain.IMPACT_MAX, score)))
    return QColor(color) if color else None


def wrapped_title(title: str, lines: int = 3) -> str:
    """``title`` broken into at most ``lines`` short lines (the last one elided). Words are
    kept whole (the view widens the column for them); only a word longer than
    :data:`_LONGEST_WORD` characters is cut."""
    words: list[str] = []
    for word in title.split():
        while len(word) > _LONGEST_WORD:
            words.append(word[:_LONGEST_WORD - 1] + "-")
            word = word[_LONGEST_WORD - 1:]
        words.append(word)
    parts = textwrap.wrap(" ".join(words), _WRAP, break_long_words=False,
                          break_on_hyphens=False) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][:max(_WRAP, len(parts[-1])) - 1].rstrip() + "…"
    return "\n".join(parts)


class ImpactMatrixModel(QAbstractTableModel):
    """Measures (rows) × goals (columns) with totals; goal cells are editable.

    Column 0 is the measure's title, columns ``1..len(goals)`` the goals, the last column a
    measure's total. The last row holds the goal totals. Editing does not write: it calls
    the handler set with :meth:`set_edit_handler` with ``(measure_id, goal_id, score)``.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.goals: list[domain.Goal] = []
        self.measures: list[domain.Measure] = []
        self._scores: dict[tuple[int, int], int] = {}
        self._goal_totals: dict[int, int] = {}
        self._measure_totals: dict[int, int] = {}
        self._unserved: set[int] = set()
        self._idle: set[int] = set()
        self._edit: Callable[[int, int, int], None] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- content -----------------------------------------------------------------------

    def set_edit_handler(self, edit: Callable[[int, int, int], None]) -> None:
        """``edit(measure_id, goal_id, score)`` is called for every edit of a cell."""
        self._edit = edit

    def set_table(self, goals: Sequence[domain.Goal], measures: Sequence[domain.Measure],
                  table: Any) -> None:
        """Show ``table`` (an :class:`~changeplanner.analysis.goals.ImpactTable` over
        ``goals`` and ``measures``).

        When the goals and measures are the same as before (a score changed), the cells are
        updated in place, so the view keeps its selection and current cell.
        """
        same_shape = ([g.id for g in goals] == [g.id for g in self.goals]
                      and [m.id for m in measures] == [m.id for m in self.measures])
        if not same_shape:
            self.beginResetModel()
        self.goals = list(goals)
        self.measures = list(measures)
        self._scores = {(m.id, g.id): int(table.score(m.id, g.id))
                        for m in self.measures for g in self.goals}
        self._goal_totals = {g.id: int(table.goal_totals.get(g.id, 0)) for g in self.goals}
        self._measure_totals = {m.id: int(table.measure_totals.get(m.id, 0))
                                for m in self.measures}
        self._unserved = set(_ids(table.unserved_goals))
        self._idle = set(_ids(table.idle_measures))
        if not same_shape:
            self.endResetModel()
            return
        self._everything_changed()

    def retranslate(self) -> None:
        """Tell views that headers, totals and tooltips are in a new language."""
        self._everything_changed()

    def _everything_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    # -- geometry ----------------------------------------------------------------------

    @property
    def total_column(self) -> int:
        """The column of the measures' totals."""
        return len(self.goals) + 1

    @property
    def total_row(self) -> int:
        """The row of the goals' totals."""
        return len(self.measures)

    def goal_of(self, column: int) -> domain.Goal | None:
        """The goal of ``column`` (``None`` for the name and total columns)."""
        return self.goals[column - 1] if 1 <= column <= len(self.goals) else None

    def measure_of(self, row: int) -> domain.Measure | None:
        """The measure of ``row`` (``None`` for the totals row)."""
        return self.measures[row] if 0 <= row < len(self.measures) else None

    def cell(self, measure_id: int, goal_id: int) -> QModelIndex:
        """The index of the cell for ``measure_id`` × ``goal_id`` (invalid if not shown)."""
        rows = [i for i, m in enumerate(self.measures) if m.id == measure_id]
        columns = [i + 1 for i, g in enumerate(self.goals) if g.id == goal_id]
        if not rows or not columns:
            return QModelIndex()
        return self.index(rows[0], columns[0])

    def score(self, measure_id: int, goal_id: int) -> int:
        """The score shown for ``measure_id`` × ``goal_id``."""
        return self._scores.get((measure_id, goal_id), 0)

    def is_score_cell(self, index: _Index) -> bool:
        """Whether ``index`` is an editable measure × goal cell."""
        return (index.isValid() and self.measure_of(index.row()) is not None
                and self.goal_of(index.column()) is not None)

    # -- Qt model API ------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if parent.isValid() or not self.measures or not self.goals:
            return 0
        return len(self.measures) + 1

    def columnCount(self, parent: _Index = _ROOT) -> int:
        if parent.isValid() or not self.measures or not self.goals:
            return 0
        return len(self.goals) + 2

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_score_cell(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        goal = self.goal_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Measure")
            if goal is None:
                return _("Total")
            return wrapped_title(goal.title)
        if role == GOAL_ID_ROLE:
            return goal.id if goal is not None else None
        if role == FLAG_ROLE:
            return "unserved" if goal is not None and goal.id in self._unserved else None
        if role == Qt.ItemDataRole.ToolTipRole and goal is not None:
            return self._goal_tooltip(goal)
        if role == Qt.ItemDataRole.ForegroundRole and goal is not None \
                and goal.id in self._unserved:
            return QBrush(QColor(FLAG_TEXT))
        if role == Qt.ItemDataRole.FontRole and (goal is None and section != 0
                                                 or goal is not None
                                                 and goal.id in self._unserved):
            return self._bold
        return None

    def _goal_tooltip(self, goal: domain.Goal) -> str:
        lines = [goal.title,
                 _("Priority: {priority}").format(priority=_(
                     domain.GOAL_PRIORITY_LABELS.get(goal.priority, str(goal.priority))))]
        if goal.description:
            lines.append(goal.description)
        if goal.id in self._unserved:
            lines.append(_("No active measure serves this goal yet."))
        return "\n".join(lines)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()
                                       and 0 <= index.column() < self.columnCount()):
            return None
        measure = self.measure_of(index.row())
        goal = self.goal_of(index.column())
        column = index.column()
        if role == MEASURE_ID_ROLE:
            return measure.id if measure is not None else None
        if role == GOAL_ID_ROLE:
            return goal.id if goal is not None else None
        if measure is None:
            return self._total_row_data(goal, column, role)
        if column == 0:
            return self._name_data(measure, role)
        if goal is None:  # the measure's total
            total = self._measure_totals.get(measure.id, 0)
            return self._total_data(total, measure.id in self._idle, role, _(
                "Sum of the scores of “{measure}” over all goals").format(
                    measure=measure.title))
        score = self._scores.get((measure.id, goal.id), 0)
        if role == SCORE_ROLE or role == Qt.ItemDataRole.EditRole:
            return score
        if role == FLAG_ROLE:
            return "harmful" if score < 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_score(score)
        if role == Qt.ItemDataRole.BackgroundRole:
            color = score_color(score)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = score_color(score)
            return QBrush(contrasting_text(color)) if color is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = _("“{measure}” → “{goal}”: {score}").format(
                measure=measure.title, goal=goal.title, score=score_text(score))
            if score < 0:
                text += "\n" + _("This measure works against the goal.")
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return score_text(score)
        return None

    def _name_data(self, measure: domain.Measure, role: int) -> Any:
        idle = measure.id in self._idle
        dropped = measure.status == "dropped"
        if role == Qt.ItemDataRole.DisplayRole:
            return measure.title
        if role == FLAG_ROLE:
            return "idle" if idle else None
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = _(domain.MEASURE_KIND_LABELS.get(measure.kind, measure.kind))
            status = _(domain.MEASURE_STATUS_LABELS.get(measure.status, measure.status))
            lines = [measure.title, f"{kind} · {status}"]
            if measure.owner:
                lines.append(_("Owner: {owner}").format(owner=measure.owner))
            if idle:
                lines.append(_("This measure serves no goal."))
            if dropped:
                lines.append(_("Dropped: its scores count in no goal total."))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and (idle or dropped):
            return QBrush(QColor(FLAG_TEXT if idle else DROPPED_TEXT))
        if role == Qt.ItemDataRole.BackgroundRole and idle:
            return QBrush(QColor(FLAG_TINT))
        if role == Qt.ItemDataRole.FontRole and (idle or dropped):
            return self._bold if idle else self._italic
        return None

    def _total_row_data(self, goal: domain.Goal | None, column: int, role: int) -> Any:
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Total per goal")
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(TOTAL_TINT))
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return None
        if goal is None:  # the corner: sum of everything
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(TOTAL_TINT))
            return None
        total = self._goal_totals.get(goal.id, 0)
        return self._total_data(total, goal.id in self._unserved, role, _(
            "Sum of the scores of all measures for “{goal}”").format(goal=goal.title))

    def _total_data(self, total: int, flagged: bool, role: int, tooltip: str) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return format_score(total, blank_zero=False)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(FLAG_TINT if flagged else TOTAL_TINT))
        if role == Qt.ItemDataRole.ForegroundRole and flagged:
            return QBrush(QColor(FLAG_TEXT))
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip
        if role == SCORE_ROLE:
            return total
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ask for an undoable change of a score (the handler pushes the command)."""
        if role != Qt.ItemDataRole.EditRole or not self.is_score_cell(index) \
                or self._edit is None:
            return False
        try:
            score = int(value)
        except (TypeError, ValueError):
            return False
        if not domain.IMPACT_MIN <= score <= domain.IMPACT_MAX:
            return False
        measure = self.measure_of(index.row())
        goal = self.goal_of(index.column())
        if self._scores.get((measure.id, goal.id), 0) == score:
            return False
        self._edit(measure.id, goal.id, score)
        return True


def _ids(items: Any) -> list[int]:
    """Ids from a collection of ids or of records with an ``id``."""
    return [item if isinstance(item, int) else item.id for item in items or ()]


class ImpactDelegate(QStyledItemDelegate):
    """Edits a score with a combo box of the six scores and what each means."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("impact_editor")
        for score in SCORES:
            combo.addItem(score_text(score), score)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(SCORE_ROLE) or 0)))

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: _Index) -> None:
        # The combo is wider than a goal column: let it grow to the right.
        rect = option.rect
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)


class ImpactMatrixView(QTableView):
    """The matrix as a spreadsheet: keys and a right-click menu set scores.

    Signals:
        score_typed(int): a score was chosen by key or menu for the selected score cells;
            the page applies it as one undoable edit.
    """

    score_typed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setItemDelegate(ImpactDelegate(self))
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(GOAL_COLUMN_WIDTH)
        header.setMinimumSectionSize(40)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        #: A "-" was typed: the next 1 or 2 sets a negative score.
        self.minus_pending = False
        self._minus_timer = QTimer(self)
        self._minus_timer.setSingleShot(True)
        self._minus_timer.setInterval(1500)
        self._minus_timer.timeout.connect(lambda: setattr(self, "minus_pending", False))

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelReset.connect(self.fit_columns)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Measure titles get a readable width; goals and totals a fixed one."""
        model = self.model()
        if model is None or not model.columnCount():
            return
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(str(model.index(row, 0).data() or ""))
                      for row in range(model.rowCount())), default=0)
        header.resizeSection(0, max(160, min(widest + 24, 300)))
        bold = QFont(header.font())
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        last = model.columnCount() - 1
        for column in range(1, last):
            # Wide enough for the longest line of the wrapped title (a long German word).
            text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            longest = max((header_metrics.horizontalAdvance(line)
                           for line in text.splitlines()), default=0)
            header.resizeSection(column, max(GOAL_COLUMN_WIDTH, min(longest + 18, 220)))
        header.resizeSection(last, 80)

    def is_score_cell(self, index: _Index) -> bool:
        """Whether ``index`` is a measure × goal cell."""
        model = self.model()
        return model is not None and model.is_score_cell(index)

    def score_cells(self) -> list[QModelIndex]:
        """The selected measure × goal cells (the current cell when none is selected)."""
        cells = [i for i in self.selectionModel().selectedIndexes() if self.is_score_cell(i)]
        if not cells and self.is_score_cell(self.currentIndex()):
            cells = [self.currentIndex()]
        return sorted(cells, key=lambda i: (i.row(), i.column()))

    def event(self, event: QEvent) -> bool:
        # Claim digits and "-" before any window shortcut sees them.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self.state() != QAbstractItemView.State.EditingState \
                and self._score_key(event) is not None:
            event.accept()
            return True
        return super().event(event)

    @staticmethod
    def _score_key(event: QKeyEvent) -> str | None:
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                          | Qt.KeyboardModifier.ShiftModifier)
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return None
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            return "digit"
        if key == Qt.Key.Key_Minus:
            return "minus"
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return "clear"
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        kind = self._score_key(event)
        key = event.key()
        if kind == "minus":
            self.minus_pending = True
            self._minus_timer.start()
            event.accept()
            return
        if kind == "digit":
            score = key - Qt.Key.Key_0
            if self.minus_pending:
                score = -score
            self.minus_pending = False
            if domain.IMPACT_MIN <= score <= domain.IMPACT_MAX and self.score_cells():
                single = len(self.score_cells()) == 1
                self.score_typed.emit(score)
                if single:
                    self._move_right()
            event.accept()
            return
        self.minus_pending = False
        if kind == "clear":
            if self.score_cells():
                self.score_typed.emit(0)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if self.is_score_cell(self.currentIndex()):
                self.edit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def _move_right(self) -> None:
        # After a typed score the next goal of the same measure is current, so a row can
        # be typed in one go ("3", "1", "-2", ...).
        current = self.currentIndex()
        right = current.siblingAtColumn(current.column() + 1)
        if self.is_score_cell(right):
            self.setCurrentIndex(right)

    def score_menu(self, pos: QPoint) -> QMenu | None:
        """The right-click menu at viewport position ``pos`` (``None`` off the score cells).
        """
        index = self.indexAt(pos)
        if not self.is_score_cell(index):
            return None
        if index not in self.selectionModel().selectedIndexes():
            self.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setObjectName("impact_menu")
        current = index.data(SCORE_ROLE)
        for score in SCORES:
            action = menu.addAction(score_text(score))
            action.setCheckable(True)
            action.setChecked(score == current)
            action.triggered.connect(lambda _checked=False, s=score: self.score_typed.emit(s))
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.score_menu(pos)
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))
            menu.deleteLater()
