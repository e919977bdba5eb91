"""The Pilots page: the plan's lighthouse pilots as a board, a table, the Stacey matrix and a
timeline, and the detail of one pilot.

One text filter narrows every view. Selecting a pilot in one view selects it in the others;
double-click or Enter opens its detail page (Back or Alt+Left returns). Ctrl+N creates a pilot,
Delete removes the selected one; moving a pilot on the Stacey matrix is an undoable edit like
every other (Ctrl+Z).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis.pilots import PilotSummary, parse_date, pilot_summary
from changeplanner.i18n import N_, _, ngettext
from changeplanner.services import records
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page
from changeplanner.ui.pilot_detail import PilotDetailWidget, PilotDialog
from changeplanner.ui.pilot_timeline import PilotTimeline
from changeplanner.ui.record_commands import AddRecord, DeleteRecord, UpdateRecord
from changeplanner.ui.stacey_chart import (
    WARNING_COLOUR,
    ZONE_COLOURS,
    StaceyChart,
    placement_text,
    status_colour,
    zone_label,
    zone_recommendation,
)

#: The invisible root index (a default argument, made once).
_ROOT = QModelIndex()

PILOT_COLUMNS: tuple[str, ...] = ("name", "department", "status", "zone", "kpis_on_track",
                                  "kpis_off_track", "wins", "deviations", "milestones",
                                  "start", "end", "goals")
PILOT_HEADERS: dict[str, str] = {
    "name": N_("Pilot"),
    "department": N_("Department"),
    "status": N_("Status"),
    "zone": N_("Stacey zone"),
    "kpis_on_track": N_("On track"),
    "kpis_off_track": N_("Off track"),
    "wins": N_("Wins"),
    "deviations": N_("Deviations"),
    "milestones": N_("Milestones"),
    "start": N_("Start"),
    "end": N_("End"),
    "goals": N_("Goals"),
}
#: Header tooltips, where the short header needs a word more.
PILOT_HEADER_TIPS: dict[str, str] = {
    "zone": N_("Where the pilot stands in the Stacey matrix"),
    "kpis_on_track": N_("KPIs on track"),
    "kpis_off_track": N_("KPIs off track"),
    "wins": N_("Small wins logged"),
    "deviations": N_("Deviations logged, each a chance to learn"),
    "milestones": N_("Milestones done of all milestones"),
}
_NUMBER_COLUMNS = ("kpis_on_track", "kpis_off_track", "wins", "deviations", "milestones")
#: Sort key role: statuses and zones sort in their natural order, texts case-insensitively.
PILOT_SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The pilot's id (any column).
PILOT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: The pilot's status key, e.g. "running" (any column).
PILOT_STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
#: The :class:`PilotRow` (any column; the board's cards paint from it).
PILOT_ROW_ROLE = Qt.ItemDataRole.UserRole + 4

#: The page's views, in tab order.
VIEWS: tuple[str, ...] = ("board", "table", "stacey", "timeline")
VIEW_TITLES: dict[str, str] = {
    "board": N_("Portfolio"),
    "table": N_("Table"),
    "stacey": N_("Stacey matrix"),
    "timeline": N_("Timeline"),
}


@dataclass(frozen=True)
class PilotRow:
    """What the page shows of one pilot: everything recorded, its summary, its goals' titles."""

    detail: domain.PilotDetail
    summary: PilotSummary
    goals: tuple[str, ...] = ()

    @property
    def pilot(self) -> domain.Pilot:
        """The pilot."""
        return self.detail.pilot

    def search_text(self) -> str:
        """Everything the text filter looks at, case-folded."""
        pilot = self.pilot
        return " ".join((
            pilot.name, pilot.department, pilot.team, pilot.purpose,
            _(domain.PILOT_STATUS_LABELS.get(pilot.status, pilot.status)),
            zone_label(self.summary.zone), *self.goals)).casefold()


def status_text(status: str) -> str:
    """The translated name of a pilot status."""
    return _(domain.PILOT_STATUS_LABELS.get(status, status))


def kpi_text(summary: PilotSummary) -> str:
    """One line on the pilot's KPIs, e.g. "KPIs: 2 on track, 1 off track"."""
    if not summary.kpis:
        return _("No KPIs yet")
    text = _("KPIs: {on} on track, {off} off track").format(
        on=summary.kpis_on_track, off=summary.kpis_off_track)
    if summary.kpis_unmeasured:
        text += ", " + ngettext("{n} not measured", "{n} not measured",
                                summary.kpis_unmeasured).format(n=summary.kpis_unmeasured)
    return text


def log_text(summary: PilotSummary) -> str:
    """One line on the logs, e.g. "3 wins · 1 deviation"."""
    return "{wins} · {deviations}".format(
        wins=ngettext("{n} win", "{n} wins", summary.wins).format(n=summary.wins),
        deviations=ngettext("{n} deviation", "{n} deviations",
                            summary.deviations).format(n=summary.deviations))


def pilot_tooltip(row: PilotRow) -> str:
    """Rich-text tooltip: name, status, zone with its recommendation, warnings."""
    pilot = row.pilot
    lines = [f"<b>{html.escape(pilot.name)}</b> — {html.escape(status_text(pilot.status))}"]
    if pilot.purpose:
        lines.append(html.escape(pilot.purpose))
    lines.append(html.escape(_("Zone: {zone}").format(zone=zone_label(row.summary.zone))))
    recommendation = zone_recommendation(row.summary.zone)
    if recommendation:
        lines.append(f"<i>{html.escape(recommendation)}</i>")
    lines += [f'<span style="color:{WARNING_COLOUR}">⚠ {html.escape(text)}</span>'
              for text in row.summary.warnings]
    return "<br>".join(lines)


def _date_text(text: str) -> str:
    day = parse_date(text)
    return day.isoformat() if day else text


class PilotsModel(QAbstractTableModel):
    """Table model over a cached list of :class:`PilotRow`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PilotRow] = []

    def set_rows(self, rows: Sequence[PilotRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PilotRow]:
        """Every row, in model order."""
        return list(self._rows)

    def row_at(self, row: int) -> PilotRow:
        """The :class:`PilotRow` in ``row``."""
        return self._rows[row]

    def pilot_at(self, row: int) -> domain.Pilot:
        """The pilot in ``row``."""
        return self._rows[row].pilot

    def row_of(self, pilot_id: int) -> int:
        """The row of ``pilot_id`` (-1 when it is not shown)."""
        return next((n for n, row in enumerate(self._rows) if row.pilot.id == pilot_id), -1)

    def retranslate(self) -> None:
        """Tell views that headers and statuses are in a new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(PILOT_COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(PILOT_COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(PILOT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(PILOT_COLUMNS):
            return None
        field = PILOT_COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(PILOT_HEADERS[field])
        if role == Qt.ItemDataRole.ToolTipRole and field in PILOT_HEADER_TIPS:
            return _(PILOT_HEADER_TIPS[field])
        return None

    def _value(self, row: PilotRow, field: str) -> Any:
        pilot, summary = row.pilot, row.summary
        if field in ("name", "department", "status", "start", "end"):
            return getattr(pilot, field)
        if field == "zone":
            return summary.zone
        if field == "milestones":
            return summary.milestones_done
        if field == "goals":
            return ", ".join(row.goals)
        return getattr(summary, field)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        field = PILOT_COLUMNS[index.column()]
        if role == PILOT_ID_ROLE:
            return row.pilot.id
        if role == PILOT_STATUS_ROLE:
            return row.pilot.status
        if role == PILOT_ROW_ROLE:
            return row
        value = self._value(row, field)
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "status":
                return status_text(value)
            if field == "zone":
                return zone_label(value)
            if field == "milestones":
                return _("{done} of {total}").format(done=value,
                                                     total=row.summary.milestones_total)
            if field in ("start", "end"):
                return _date_text(value)
            return value
        if role == PILOT_SORT_ROLE:
            if field == "status":
                return (domain.PILOT_STATUSES.index(value)
                        if value in domain.PILOT_STATUSES else len(domain.PILOT_STATUSES))
            if field == "zone":
                return domain.STACEY_ZONES.index(value) if value in domain.STACEY_ZONES else 9
            if field in _NUMBER_COLUMNS:
                return value
            if field in ("start", "end"):
                return value or "9999"  # pilots without a date last
            return str(value).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and field in _NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if field == "zone":
                return zone_recommendation(value)
            return pilot_tooltip(row)
        if (role == Qt.ItemDataRole.ForegroundRole and field == "zone"
                and ((value == "simple" and row.pilot.agile) or value == "chaotic")):
            return QColor(WARNING_COLOUR)  # the placements the Stacey matrix warns about
        if role == Qt.ItemDataRole.DecorationRole and field == "name" and row.summary.warnings:
            return QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None


class PilotsFilterProxy(QSortFilterProxyModel):
    """Rows whose text contains every word of the filter; optionally one status only."""

    def __init__(self, parent=None, status: str | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.status = status
        self.setSortRole(PILOT_SORT_ROLE)

    def set_text(self, text: str) -> None:
        """Show only pilots whose name, department, team, purpose, status, zone or goals
        contain every word of ``text`` (case-insensitive)."""
        words = tuple(text.casefold().split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self.status is not None and index.data(PILOT_STATUS_ROLE) != self.status:
            return False
        if not self._words:
            return True
        row: PilotRow = index.data(PILOT_ROW_ROLE)
        text = row.search_text()
        return all(word in text for word in self._words)


class PilotCardDelegate(QStyledItemDelegate):
    """Paints a pilot as a card: name, department, Stacey zone, KPIs and logs."""

    LINES = 6
    PADDING = 7

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(160, self.LINES * (line + 3) + 2 * self.PADDING + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: PilotRow | None = index.data(PILOT_ROW_ROLE)
        if row is None:
            return
        pilot, summary = row.pilot, row.summary
        palette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        card = QRectF(option.rect).adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        border = (palette.color(QPalette.ColorRole.Highlight) if selected
                  else QColor(128, 128, 128, 110))
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(card, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_colour(pilot.status))
        painter.drawRoundedRect(QRectF(card.left(), card.top(), 5, card.height()), 2, 2)

        metrics = option.fontMetrics
        line = metrics.height()
        x = card.left() + 5 + self.PADDING
        width = card.right() - self.PADDING - x
        y = card.top() + self.PADDING
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)

        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRectF(x, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(bold).elidedText(pilot.name, Qt.TextElideMode.ElideRight,
                                                       int(width)))
        painter.setFont(option.font)
        y += line + 3
        place = " · ".join(part for part in (pilot.department, pilot.team) if part)
        painter.setPen(muted)
        painter.drawText(QRectF(x, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(place or _("no department"),
                                            Qt.TextElideMode.ElideRight, int(width)))
        y += line + 3
        # the zone as a chip in its background colour, then the warnings
        zone = zone_label(summary.zone)
        chip_width = min(metrics.horizontalAdvance(zone) + 12, width)
        chip = QColor(ZONE_COLOURS.get(summary.zone, "#999999"))
        chip.setAlpha(90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(chip)
        painter.drawRoundedRect(QRectF(x, y, chip_width, line + 1), 4, 4)
        painter.setPen(text_colour)
        painter.drawText(QRectF(x, y, chip_width, line + 1), Qt.AlignmentFlag.AlignCenter,
                         metrics.elidedText(zone, Qt.TextElideMode.ElideRight,
                                            int(chip_width) - 4))
        if summary.warnings:
            warning = "⚠ " + ngettext("{n} warning", "{n} warnings",
                                      len(summary.warnings)).format(n=len(summary.warnings))
            painter.setPen(QColor(WARNING_COLOUR))
            rest = width - chip_width - 8
            painter.drawText(QRectF(x + chip_width + 8, y, rest, line + 1),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(warning, Qt.TextElideMode.ElideRight, int(rest)))
        y += line + 3
        painter.setPen(text_colour)
        painter.drawText(QRectF(x, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(log_text(summary), Qt.TextElideMode.ElideRight,
                                            int(width)))
        y += line + 3
        # the KPIs last: in some languages the line needs two
        painter.setPen(QColor(WARNING_COLOUR) if summary.kpis_off_track else text_colour)
        painter.drawText(QRectF(x, y, width, 2 * line + 1),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, kpi_text(summary))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(2, 2, -2, -2), 5, 5)
        painter.restore()


class _CardList(QListView):
    """A board column: cards, or a quiet dash when the column is empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.placeholder = ""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(self.viewport().rect()).adjusted(8, 12, -8, -8),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, self.placeholder)
            painter.end()


class PortfolioBoard(QWidget):
    """The pilots as cards in one column per status (idea … stopped).

    Signals:
        pilot_selected(int): a card was selected (its pilot's id).
        pilot_activated(int): a card was double-clicked or Enter was pressed on it.
    """

    pilot_selected = Signal(int)
    pilot_activated = Signal(int)

    def __init__(self, source: QSortFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pilots_board")
        self.lists: dict[str, QListView] = {}
        self.headers: dict[str, QLabel] = {}
        self.proxies: dict[str, PilotsFilterProxy] = {}
        self._syncing = False
        delegate = PilotCardDelegate(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for status in domain.PILOT_STATUSES:
            proxy = PilotsFilterProxy(self, status=status)
            proxy.setSourceModel(source)
            proxy.sort(0, Qt.SortOrder.AscendingOrder)
            header = QLabel(self)
            header.setObjectName(f"pilots_board_header_{status}")
            bold = QFont(header.font())
            bold.setBold(True)
            header.setFont(bold)
            header.setMargin(4)
            strip = QFrame(self)  # the status colour under the column's title
            strip.setFixedHeight(4)
            strip.setAutoFillBackground(True)
            strip_palette = strip.palette()
            strip_palette.setColor(QPalette.ColorRole.Window, status_colour(status))
            strip.setPalette(strip_palette)
            view = _CardList(self)
            view.setObjectName(f"pilots_board_{status}")
            view.setModel(proxy)
            view.setItemDelegate(delegate)
            view.selectionModel().currentChanged.connect(
                lambda current, _previous, view=view: self._current_changed(view, current))
            view.activated.connect(lambda index: self.pilot_activated.emit(
                int(index.data(PILOT_ID_ROLE))))
            for signal in (proxy.modelReset, proxy.rowsInserted, proxy.rowsRemoved,
                           proxy.layoutChanged):
                signal.connect(self._update_headers)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(header)
            column.addWidget(strip)
            column.addWidget(view, 1)
            layout.addLayout(column, 1)
            self.lists[status] = view
            self.headers[status] = header
            self.proxies[status] = proxy
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        for view in self.lists.values():
            view.placeholder = _("none")
            view.viewport().update()
        self._update_headers()

    def column_ids(self, status: str) -> list[int]:
        """The ids of the pilots in the column of ``status``, top to bottom."""
        proxy = self.proxies[status]
        return [int(proxy.index(row, 0).data(PILOT_ID_ROLE)) for row in range(proxy.rowCount())]

    def select_pilot(self, pilot_id: int) -> None:
        """Select the card of ``pilot_id`` (clears the other columns); no signal."""
        self._syncing = True
        try:
            for status, view in self.lists.items():
                proxy = self.proxies[status]
                match = next((proxy.index(r, 0) for r in range(proxy.rowCount())
                              if proxy.index(r, 0).data(PILOT_ID_ROLE) == pilot_id), None)
                if match is None:
                    view.selectionModel().clear()
                else:
                    view.selectionModel().setCurrentIndex(
                        match, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                    view.scrollTo(match)
        finally:
            self._syncing = False

    def _current_changed(self, view: QListView, current: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.pilot_selected.emit(int(current.data(PILOT_ID_ROLE)))

    def _update_headers(self, *_args: Any) -> None:
        for status, header in self.headers.items():
            name = status_text(status)
            header.setText(_("{status} ({count})").format(
                status=name[:1].upper() + name[1:], count=self.proxies[status].rowCount()))


class PilotsPage(Page):
    """Lighthouse pilots: a board by status, a sortable table, the Stacey matrix and a
    timeline, one filter for all, and each pilot's detail a double-click away.

    Attributes:
        model: Every pilot of the plan (:class:`PilotsModel`).
        proxy: The filtered, sorted pilots the table (and the other views) show.
    """

    key = "pilots"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._stale = False
        self._selected = 0
        self._syncing = False
        #: One pilot's detail, made when a pilot is first opened.
        self.detail: PilotDetailWidget | None = None
        self._detail_id = 0
        #: The "New pilot" dialog while it is open.
        self.new_dialog: PilotDialog | None = None
        self.model = PilotsModel(self)
        self.proxy = PilotsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        # toolbar
        self.new_button = QToolButton(self)
        self.new_button.setObjectName("pilots_new")
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button.clicked.connect(self.new_pilot)
        self.open_button = QToolButton(self)
        self.open_button.setObjectName("pilots_open")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QToolButton(self)
        self.delete_button.setObjectName("pilots_delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("pilots_filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("pilots_count")
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.open_button)
        toolbar.addWidget(self.delete_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.filter_edit, 2)
        toolbar.addStretch(1)
        toolbar.addWidget(self.count_label)

        # the views
        self.board = PortfolioBoard(self.proxy, self)
        self.board.pilot_selected.connect(lambda pid: self.select_pilot(pid, self.board))
        self.board.pilot_activated.connect(self.open_pilot)

        self.table = QTableView(self)
        self.table.setObjectName("pilots_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._table_current_changed)
        self.table.activated.connect(
            lambda index: self.open_pilot(int(index.data(PILOT_ID_ROLE))))

        self.chart = StaceyChart(self)
        self.chart.pilot_selected.connect(lambda pid: self.select_pilot(pid, self.chart))
        self.chart.pilot_activated.connect(self.open_pilot)
        self.chart.pilot_moved.connect(self._move_pilot)
        self.chart_hint = QLabel(self)
        self.chart_hint.setObjectName("stacey_hint")
        self.chart_hint.setWordWrap(True)
        self.stacey_panel = QLabel(self)
        self.stacey_panel.setObjectName("stacey_panel")
        self.stacey_panel.setWordWrap(True)
        self.stacey_panel.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stacey_panel.setTextFormat(Qt.TextFormat.RichText)
        self.stacey_panel.setMargin(8)
        panel_scroll = QScrollArea(self)
        panel_scroll.setWidget(self.stacey_panel)
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setFixedWidth(300)
        panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        stacey_box = QWidget(self)
        stacey_layout = QHBoxLayout(stacey_box)
        stacey_layout.setContentsMargins(0, 0, 0, 0)
        chart_column = QVBoxLayout()
        chart_column.addWidget(self.chart, 1)
        chart_column.addWidget(self.chart_hint)
        stacey_layout.addLayout(chart_column, 1)
        stacey_layout.addWidget(panel_scroll)

        self.timeline = PilotTimeline(self)
        self.timeline.pilot_selected.connect(lambda pid: self.select_pilot(pid, self.timeline))
        self.timeline.pilot_activated.connect(self.open_pilot)
        timeline_scroll = QScrollArea(self)
        timeline_scroll.setObjectName("pilot_timeline_scroll")
        timeline_scroll.setWidget(self.timeline)
        timeline_scroll.setWidgetResizable(True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pilots_views")
        self.tabs.setDocumentMode(True)
        for widget in (self.board, self.table, stacey_box, timeline_scroll):
            self.tabs.addTab(widget, "")

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("pilots_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(40)
        #: The views, or the explanation when the plan has no pilots yet.
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.empty_label)

        self.overview = QWidget(self)
        overview_layout = QVBoxLayout(self.overview)
        overview_layout.setContentsMargins(0, 0, 0, 0)
        overview_layout.addLayout(toolbar)
        overview_layout.addWidget(self.stack, 1)

        # the detail page
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("pilot_back")
        self.back_button.clicked.connect(self.show_overview)
        self.detail_box = QWidget(self)
        self.detail_layout = QVBoxLayout(self.detail_box)
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        back_row = QHBoxLayout()
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        self.detail_layout.addLayout(back_row)

        #: The overview (index 0) or one pilot's detail (index 1).
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.overview)
        self.pages.addWidget(self.detail_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        # keys: Ctrl+N is handled in event() (the window's "New plan" has it too)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self.overview)
        find.activated.connect(self.focus_filter)
        self.delete_action = QAction(self.overview)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self._delete_key)
        self.overview.addAction(self.delete_action)
        back = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self.detail_box)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.show_overview)

        self.retranslate_ui()
        self.reload("all")

    # -- Page contract ----------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated navigation entry."""
        return _("Pilots")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.new_button.setText(_("New pilot…"))
        self.new_button.setToolTip(_("Create a lighthouse pilot (Ctrl+N)"))
        self.open_button.setText(_("Open"))
        self.open_button.setToolTip(_("Show the selected pilot's detail (Enter)"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected pilot with its KPIs and logs "
                                        "(Del; Ctrl+Z brings it back)"))
        self.filter_edit.setPlaceholderText(_("Filter by name, department, status, zone or "
                                              "goal (Ctrl+F)"))
        self.back_button.setText(_("← Back to all pilots"))
        self.back_button.setToolTip(_("Alt+Left"))
        for number, view in enumerate(VIEWS):
            self.tabs.setTabText(number, _(VIEW_TITLES[view]))
        self.chart_hint.setText(_(
            "Drag a pilot to re-place it, or select it and use the arrow keys (Shift: finer "
            "steps). Page Up/Page Down select another pilot, Enter opens it; Ctrl+Z undoes "
            "a move."))
        self.chart.placeholder = _("No pilot matches the filter.")
        self.timeline.placeholder = _("No pilot matches the filter.")
        self.empty_label.setText(_(
            "<h3>No lighthouse pilots yet</h3>"
            "<p>Lighthouse pilots are small first agile pilots: one team, one goal, a few "
            "KPIs. Start with first small steps instead of talking the transformation to "
            "death, celebrate small wins, and treat a mistake as a deviation and a chance "
            "to learn.</p>"
            "<p>Start where customers enjoy being served by a whole agile team, and keep "
            "some proven processes for now.</p>")
            + _("<p>Create the first one with <b>New pilot…</b> (Ctrl+N).</p>"))
        self.model.retranslate()
        self.board.retranslate_ui()
        self.chart.update()
        self.timeline.update()
        self._update_count()
        self._update_panel()
        if self.detail is not None and hasattr(self.detail, "retranslate_ui"):
            self.detail.retranslate_ui()

    def reload(self, kind: str) -> None:
        """Re-read the pilots when the plan, its pilots or its goals changed."""
        if kind not in ("all", "pilots", "goals"):
            return
        if not self.isVisible() and self.context.plan is not None:
            # Reading the plan costs time on big plans: wait until the page is shown.
            self._stale = True
            return
        self._stale = False
        plan = self.context.plan
        rows: list[PilotRow] = []
        if plan is not None:
            today = dt.date.today()
            titles = {goal.id: goal.title for goal in records.list_goals(plan)}
            rows = [PilotRow(detail, pilot_summary(detail, today),
                             tuple(titles[g] for g in detail.pilot.goal_ids if g in titles))
                    for detail in records.all_pilot_details(plan)]
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(len(PILOT_COLUMNS)):  # a long name must not push the rest away
            header.resizeSection(column, min(header.sectionSize(column), 280))
        header.setSectionResizeMode(PILOT_COLUMNS.index("goals"),
                                    QHeaderView.ResizeMode.Stretch)
        self._refresh_views()
        if kind == "all" and self.pages.currentIndex() == 1:
            self.show_overview()  # another plan: the pilot shown is gone
        elif self.pages.currentIndex() == 1 and self.model.row_of(self._detail_id) < 0:
            self.show_overview()  # deleted (or its creation undone)

    def showEvent(self, event) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload("all")

    # -- selection and filter ---------------------------------------------------------

    @property
    def selected_pilot_id(self) -> int:
        """The selected pilot (0: none)."""
        return self._selected

    def shown_rows(self) -> list[PilotRow]:
        """The rows the filter lets through, in the table's order."""
        return [self.proxy.index(r, 0).data(PILOT_ROW_ROLE) for r in range(self.proxy.rowCount())]

    def select_pilot(self, pilot_id: int, source: object = None) -> None:
        """Select ``pilot_id`` in every view (0: none)."""
        if self._syncing:
            return
        if self.model.row_of(pilot_id) < 0:
            pilot_id = 0
        self._selected = pilot_id
        self._syncing = True
        try:
            if source is not self.board:
                self.board.select_pilot(pilot_id)
            if source is not self.table:
                self._select_table_row(pilot_id)
            if source is not self.chart:
                self.chart.select_pilot(pilot_id)
            if source is not self.timeline:
                self.timeline.select_pilot(pilot_id)
        finally:
            self._syncing = False
        self._update_actions()
        self._update_panel()

    def focus_filter(self) -> None:
        """Put the cursor into the filter field (Ctrl+F)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _select_table_row(self, pilot_id: int) -> None:
        selection = self.table.selectionModel()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(PILOT_ID_ROLE) == pilot_id:
                selection.setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
                return
        selection.clear()

    def _table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.select_pilot(int(current.data(PILOT_ID_ROLE)), self.table)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        for proxy in self.board.proxies.values():
            proxy.set_text(text)
        self._refresh_views()

    def _refresh_views(self) -> None:
        rows = self.shown_rows()
        self.chart.set_pilots([row.pilot for row in rows])
        by_start = sorted(rows, key=lambda r: (r.pilot.start or "9999", r.pilot.name.casefold(),
                                               r.pilot.id))
        self.timeline.set_pilots([(row.pilot, row.detail.milestones) for row in by_start])
        self._update_count()
        self.select_pilot(self._selected if any(r.pilot.id == self._selected for r in rows)
                          else 0)

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            text = ngettext("{n} pilot", "{n} pilots", total).format(n=total)
        else:
            text = ngettext("{n} pilot ({shown} shown)", "{n} pilots ({shown} shown)",
                            total).format(n=total, shown=shown)
        self.count_label.setText(text)
        self.stack.setCurrentIndex(0 if total else 1)
        self.filter_edit.setEnabled(bool(total))

    def _update_actions(self) -> None:
        has = bool(self._selected)
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.new_button.setEnabled(self.context.plan is not None)

    def _row(self, pilot_id: int) -> PilotRow | None:
        number = self.model.row_of(pilot_id)
        return self.model.row_at(number) if number >= 0 else None

    def _update_panel(self) -> None:
        """The Stacey side panel: the selected pilot's zone and advice, then all warnings."""
        parts = []
        row = self._row(self._selected)
        if row is not None:
            pilot = row.pilot
            parts.append(f"<h3>{html.escape(pilot.name)}</h3>")
            parts.append(html.escape(_("Zone: {zone}").format(zone=zone_label(row.summary.zone))))
            parts.append("<br>" + html.escape(placement_text(pilot)))
            recommendation = zone_recommendation(row.summary.zone)
            if recommendation:
                parts.append(f"<p><i>{html.escape(recommendation)}</i></p>")
        else:
            parts.append("<p>" + html.escape(_(
                "Select a pilot to see its zone and what fits there.")) + "</p>")
        warned = [point for point in self.chart.points() if point.warnings]
        parts.append("<h4>" + html.escape(_("Warnings")) + "</h4>")
        if warned:
            items = "".join(
                f'<li><b>{html.escape(point.name)}</b>: <span style="color:{WARNING_COLOUR}">'
                + "<br>".join(html.escape(text) for text in point.warnings) + "</span></li>"
                for point in warned)
            parts.append(f"<ul style='margin-left:-20px'>{items}</ul>")
        else:
            parts.append("<p>" + html.escape(_("No pilot is placed where it should worry you."))
                         + "</p>")
        self.stacey_panel.setText("".join(parts))

    # -- actions ------------------------------------------------------------------------

    def new_pilot(self) -> PilotDialog | None:
        """Open the dialog for a new pilot (Ctrl+N); OK adds it (undoable) and selects it."""
        if self.context.plan is None:
            return None
        if self.new_dialog is not None:
            self.new_dialog.raise_()
            self.new_dialog.activateWindow()
            return self.new_dialog
        dialog = PilotDialog(self.context, None, self)

        def accepted() -> None:
            record = dialog.record()
            command = AddRecord(self.context, record,
                                _("New pilot {name}").format(name=record.name))
            self.context.undo_stack.push(command)
            if command.record_id is not None:
                self.select_pilot(command.record_id)

        def finished(_result: int) -> None:
            self.new_dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(finished)
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def open_selected(self) -> None:
        """Open the selected pilot's detail."""
        if self._selected:
            self.open_pilot(self._selected)

    def open_pilot(self, pilot_id: int) -> None:
        """Show ``pilot_id``'s detail page (Back returns to the views)."""
        if self.model.row_of(pilot_id) < 0:
            return
        self.select_pilot(pilot_id)
        if self.detail is None:
            self.detail = PilotDetailWidget(self.context, self.detail_box)
            self.detail_layout.addWidget(self.detail, 1)
        self._detail_id = pilot_id
        self.pages.setCurrentIndex(1)
        self.detail.show_pilot(pilot_id)
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_overview(self) -> None:
        """Back from a pilot's detail to the views."""
        self.pages.setCurrentIndex(0)
        view = VIEWS[self.tabs.currentIndex()]
        if view == "board":
            row = self._row(self._selected)
            widget = self.board.lists[row.pilot.status if row is not None
                                      and row.pilot.status in self.board.lists
                                      else domain.PILOT_STATUSES[0]]
        else:
            widget = {"table": self.table, "stacey": self.chart,
                      "timeline": self.timeline}[view]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_selected(self) -> None:
        """Delete the selected pilot (undoable)."""
        row = self._row(self._selected)
        if row is None:
            return
        name = row.pilot.name
        command = DeleteRecord(self.context, domain.Pilot, row.pilot.id,
                               _("Delete pilot {name}").format(name=name))
        self.context.undo_stack.push(command)
        if not command.error:
            self.context.status_message.emit(
                _("Deleted pilot {name}. Ctrl+Z brings it back.").format(name=name))

    def _delete_key(self) -> None:
        # Delete in the filter field edits the text, not the pilots.
        if self.filter_edit.hasFocus():
            self.filter_edit.del_()
            return
        self.delete_selected()

    def _move_pilot(self, pilot_id: int, agreement: float, certainty: float) -> None:
        row = self._row(pilot_id)
        if row is None:
            return
        command = UpdateRecord(self.context, domain.Pilot, pilot_id,
                               {"agreement": agreement, "certainty": certainty},
                               _("Move {name} on the Stacey matrix").format(name=row.pilot.name))
        self.context.undo_stack.push(command)
        if command.error:
            self._refresh_views()  # refused: put the point back

    # -- keys -----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Ctrl+N means "New pilot" while the focus is on this page: claim it before the
        # window's "New plan" shortcut sees it (two shortcuts on one key would cancel out).
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.New)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.matches(QKeySequence.StandardKey.New):
            event.accept()
            self.new_pilot()
            return
        super().keyPressEvent(event)
