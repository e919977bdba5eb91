"""Building blocks shared by the skills panels (catalogue, requirements, gaps, risks,
staffing, import preview): a read-only table model over plain rows, a filter proxy, and a
loader that runs one background computation at a time and drops stale results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget
from shiboken6 import isValid

from changeplanner import domain
from changeplanner.i18n import _
from changeplanner.ui.context import AppContext

_ROOT = QModelIndex()

#: Custom roles of :class:`RowTableModel`.
SORT_ROLE = Qt.ItemDataRole.UserRole + 11   # the value the proxy sorts by
ROW_ROLE = Qt.ItemDataRole.UserRole + 12    # the plain row object


@dataclass(frozen=True)
class Column:
    """One column of a :class:`RowTableModel`.

    Attributes:
        header: The English header (translated with ``_()`` when shown; mark it ``N_``).
        value: Row -> the value shown (numbers shown as they are, ``None`` as empty).
        sort: Row -> sort key (default: the value; ``None`` values sort first).
        tooltip: Row -> tooltip text, or ``None``.
        background: Row -> background colour, or ``None``.
        align_right: Numbers read better right-aligned.
        translate: Translate the header (off for headers taken from a file).
    """

    header: str
    value: Callable[[Any], Any]
    sort: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    background: Callable[[Any], QColor | None] | None = None
    align_right: bool = False
    translate: bool = True


def contrasting_text(background: QColor) -> QColor:
    """Black or white text, whichever reads better on ``background``."""
    luminance = 0.299 * background.redF() + 0.587 * background.greenF() \
        + 0.114 * background.blueF()
    return QColor("#000000") if luminance > 0.55 else QColor("#ffffff")


class RowTableModel(QAbstractTableModel):
    """A read-only table over a list of plain rows (ARCHITECTURE habit 1: cached rows,
    ``data()`` never reads the plan)."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    @property
    def rows(self) -> list[Any]:
        """The rows shown, in model order."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows`` (replaces everything)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The plain row object of model row ``row``."""
        return self._rows[row]

    def retranslate(self) -> None:
        """Tell views that the header texts changed language."""
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self._columns) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)
                                       and 0 <= index.column() < len(self._columns)):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            key = column.sort(row) if column.sort else column.value(row)
            if key is None:
                return -1
            return key.casefold() if isinstance(key, str) else key
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row)
            value = column.value(row)
            return None if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            return column.background(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.background is not None:
            color = column.background(row)
            return None if color is None else contrasting_text(color)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = self._columns[section]
            return _(column.header) if column.translate else column.header
        return None


class TextFilterProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE` and keeps rows whose cells contain a text (any case)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        """Show only rows that contain ``text``."""
        self.setFilterFixedString(text.strip())


class HidingFilterProxy(TextFilterProxy):
    """A text filter that can also hide the rows ``hide(source_model, row)`` says to hide,
    switched with :meth:`set_hiding` (e.g. archived skills, skills nobody requires)."""

    def __init__(self, hide: Callable[[Any, int], bool], *, hiding: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hide = hide
        self._hiding = hiding

    def set_hiding(self, on: bool) -> None:
        """Hide (or show again) the rows the predicate picks."""
        self.beginFilterChange()
        self._hiding = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._hiding and self._hide(self.sourceModel(), source_row):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class Loader(QObject):
    """Runs one background computation at a time for a widget; results of a computation
    that was started before a newer one are dropped.

    ``start(fn, *args, on_done=...)`` runs ``fn(*args, progress=...)`` through the context's
    runner (a plain function over a plan or snapshot: it never touches widgets): in a worker
    process when it reads the plan, on a thread when it is given a snapshot.
    """

    def __init__(self, context: AppContext, report_failure: Callable[[str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._report = report_failure
        self._generation = 0
        self._busy = 0

    @property
    def busy(self) -> bool:
        """Whether a computation is still running."""
        return self._busy > 0

    def start(self, fn: Callable[..., Any], *args: Any,
              on_done: Callable[[Any], None]) -> None:
        """Start ``fn`` in the background; ``on_done(result)`` runs on the GUI thread."""
        self._generation += 1
        generation = self._generation
        self._busy += 1

        def finished(result: Any) -> None:
            self._busy -= 1
            # The widget may have been closed while the work ran.
            if generation == self._generation and isValid(self):
                on_done(result)

        def failed(message: str, _user_error: bool) -> None:
            self._busy -= 1
            if generation == self._generation and isValid(self):
                self._report(message)

        def cancelled() -> None:
            self._busy -= 1

        # Work that reads the plan goes to a worker process; work on a snapshot already in
        # memory stays on a thread (copying the snapshot to a process costs more than it).
        in_memory = any(isinstance(arg, domain.PlanSnapshot) for arg in args)
        self._context.runner.start(fn, *args, on_finished=finished, on_failed=failed,
                                   on_cancelled=cancelled, isolate=not in_memory)


def level_label(level: int | None) -> str:
    """``"3 – works independently"``, or ``"—"`` for no level."""
    if level is None:
        return "—"
    return f"{level} – {_(domain.LEVEL_LABELS.get(level, ''))}"


def percent(share: float | None) -> str:
    """A share 0..1 as a whole percentage (``"—"`` when unknown)."""
    if share is None:
        return "—"
    return _("{percent} %").format(percent=round(share * 100))


class RotatedHeader(QHeaderView):
    """A horizontal header that writes its labels bottom-up, so narrow columns (one per
    skill) stay readable; sections before ``first_rotated`` are drawn as usual."""

    def __init__(self, first_rotated: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._first = first_rotated
        self.setSectionsClickable(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        model = self.model()
        if model is None:
            return hint
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(str(model.headerData(
            s, Qt.Orientation.Horizontal) or "")) for s in range(self._first,
                                                                  model.columnCount())),
                     default=0)
        return QSize(hint.width(), max(hint.height(), min(widest + 16, 170)))

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if logical_index < self._first:
            super().paintSection(painter, rect, logical_index)
            return
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logical_index)
        option.rect = rect
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        painter.save()
        metrics = self.fontMetrics()
        painter.setClipRect(rect)
        painter.translate(rect.x() + (rect.width() + metrics.ascent() - metrics.descent()) / 2,
                          rect.bottom() - 6)
        painter.rotate(-90)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(0, 0, metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                  rect.height() - 12))
        painter.restore()
