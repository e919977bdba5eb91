"""A timeline of the pilots: one row per pilot, a bar from start to end, milestones as diamonds.

Months run along the top (years above them), a dashed line marks today. Bars take the
pilot's status colour; a pilot with only a start (or only an end) gets a bar that fades out
towards the open side, a pilot without dates says so in its row. Milestones that are done are
filled diamonds, open ones outlines. Click a row to select its pilot, double-click (or Enter)
to open it; Up and Down move the selection.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from changeplanner import domain
from changeplanner.analysis.pilots import parse_date
from changeplanner.i18n import _, current_language
from changeplanner.ui.stacey_chart import status_colour

#: Colour of the "today" line.
TODAY_COLOUR = "#c62828"
#: Half the width of a milestone diamond in pixels.
DIAMOND = 6.0


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class TimelineBar:
    """A pilot's row as drawn: its bar (``None`` without dates) and what the bar means."""

    pilot_id: int
    name: str
    status: str
    row_rect: QRectF
    bar: QRectF | None
    open_start: bool
    open_end: bool


@dataclass(frozen=True)
class TimelineDiamond:
    """A milestone as drawn."""

    pilot_id: int
    milestone: domain.Milestone
    centre: QPointF
    filled: bool


class PilotTimeline(QWidget):
    """Pilots as bars on a month axis, with milestones and a line for today.

    Signals:
        pilot_selected(int): the selected pilot changed (0: none).
        pilot_activated(int): a pilot was double-clicked or Enter was pressed on it.
    """

    pilot_selected = Signal(int)
    pilot_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[domain.Pilot, tuple[domain.Milestone, ...]]] = []
        self._today = dt.date.today()
        self._selected = 0
        self.placeholder = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setObjectName("pilot_timeline")
        self._update_minimum()

    # -- data ----------------------------------------------------------------------

    def set_pilots(self, rows: Sequence[tuple[domain.Pilot, Sequence[domain.Milestone]]],
                   today: dt.date | None = None) -> None:
        """Show one row per ``(pilot, milestones)``, in the given order."""
        self._rows = [(pilot, tuple(sorted(milestones, key=lambda m: (m.date, m.id))))
                      for pilot, milestones in rows]
        self._today = today or dt.date.today()
        if self._selected and not any(p.id == self._selected for p, _m in self._rows):
            self._selected = 0
        self._update_minimum()
        self.update()

    @property
    def today(self) -> dt.date:
        """The date the "today" line marks."""
        return self._today

    @property
    def selected_pilot_id(self) -> int:
        """The selected pilot (0: none)."""
        return self._selected

    def select_pilot(self, pilot_id: int) -> None:
        """Select ``pilot_id`` (0 or unknown: none); does not emit ``pilot_selected``."""
        pilot_id = pilot_id if any(p.id == pilot_id for p, _m in self._rows) else 0
        if pilot_id != self._selected:
            self._selected = pilot_id
            self.update()

    # -- geometry --------------------------------------------------------------------

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def row_height(self) -> float:
        """Height of one pilot's row."""
        return self._line() * 2.0

    def header_height(self) -> float:
        """Height of the year and month rows above the bars."""
        return self._line() * 2.0 + 10

    def name_width(self) -> float:
        """Width of the column with the pilots' names."""
        bold = QFont(self.font())
        bold.setBold(True)  # the selected pilot's name is bold
        metrics = QFontMetrics(bold)
        widest = max((metrics.horizontalAdvance(p.name) for p, _m in self._rows), default=0)
        return min(max(widest, 80), 220) + self._line() + 28

    def date_range(self) -> tuple[dt.date, dt.date]:
        """The first day of the first month shown and the first day after the last one."""
        days = [self._today]
        for pilot, milestones in self._rows:
            days += [d for d in (parse_date(pilot.start), parse_date(pilot.end)) if d]
            days += [d for d in (parse_date(m.date) for m in milestones) if d]
        first, last = min(days), max(days)
        start = add_months(month_start(first), -1)
        end = add_months(month_start(last), 2)
        if (end.year - start.year) * 12 + end.month - start.month < 12:
            end = add_months(start, 12)
        return start, end

    def axis_rect(self) -> QRectF:
        """The area of the bars (right of the names, below the month header)."""
        left = self.name_width()
        top = self.header_height()
        return QRectF(left, top, max(self.width() - left - 12, 40.0),
                      max(len(self._rows), 1) * self.row_height())

    def x_of(self, day: dt.date) -> float:
        """Horizontal position of ``day``."""
        start, end = self.date_range()
        axis = self.axis_rect()
        span = (end - start).days or 1
        return axis.left() + axis.width() * (day - start).days / span

    def months(self) -> list[tuple[dt.date, float]]:
        """The first day of every month shown and its position."""
        start, end = self.date_range()
        result = []
        day = start
        while day < end:
            result.append((day, self.x_of(day)))
            day = add_months(day, 1)
        return result

    @staticmethod
    def month_label(month: int) -> str:
        """The short name of ``month`` (1..12) in the current language, e.g. "Mär"."""
        return QLocale(current_language()).standaloneMonthName(
            month, QLocale.FormatType.ShortFormat)

    def bars(self) -> list[TimelineBar]:
        """Every pilot's row and bar as drawn."""
        axis = self.axis_rect()
        height = self.row_height()
        start, end = self.date_range()
        result = []
        for number, (pilot, _milestones) in enumerate(self._rows):
            row = QRectF(0, axis.top() + number * height, self.width(), height)
            first, last = parse_date(pilot.start), parse_date(pilot.end)
            bar = None
            if first or last:
                left = self.x_of(first) if first else axis.left()
                right = self.x_of(last + dt.timedelta(days=1)) if last else axis.right()
                if right < left:  # an end before the start: show a sliver, not nothing
                    left, right = right, left
                bar = QRectF(left, row.top() + height * 0.22, max(right - left, 3.0),
                             height * 0.56)
            result.append(TimelineBar(pilot.id, pilot.name, pilot.status, row, bar,
                                      open_start=first is None and last is not None,
                                      open_end=last is None and first is not None))
        return result

    def diamonds(self) -> list[TimelineDiamond]:
        """Every milestone with a date, as drawn."""
        axis = self.axis_rect()
        height = self.row_height()
        result = []
        for number, (pilot, milestones) in enumerate(self._rows):
            y = axis.top() + number * height + height / 2
            for milestone in milestones:
                day = parse_date(milestone.date)
                if day is not None:
                    result.append(TimelineDiamond(pilot.id, milestone,
                                                  QPointF(self.x_of(day), y), milestone.done))
        return result

    def today_x(self) -> float:
        """Horizontal position of the "today" line."""
        return self.x_of(self._today)

    def pilot_at(self, pos: QPointF) -> int:
        """The pilot whose row is at ``pos`` (0: none)."""
        for bar in self.bars():
            if bar.row_rect.contains(pos):
                return bar.pilot_id
        return 0

    def tooltip_at(self, pos: QPointF) -> str:
        """What the diamond or bar at ``pos`` stands for ("" over nothing)."""
        for diamond in self.diamonds():
            delta = diamond.centre - pos
            if abs(delta.x()) + abs(delta.y()) <= DIAMOND + 3:
                milestone = diamond.milestone
                state = _("done") if milestone.done else _("open")
                return "<br>".join((
                    html.escape(_("Milestone: {title}").format(title=milestone.title)),
                    html.escape(f"{_date_text(milestone.date)} — {state}")))
        for bar, (pilot, milestones) in zip(self.bars(), self._rows, strict=True):
            if not bar.row_rect.contains(pos):
                continue
            status = _(domain.PILOT_STATUS_LABELS.get(pilot.status, pilot.status))
            lines = [f"<b>{html.escape(pilot.name)}</b> — {html.escape(status)}"]
            if pilot.start or pilot.end:
                lines.append(html.escape(_("{start} to {end}").format(
                    start=_date_text(pilot.start) or _("no start date"),
                    end=_date_text(pilot.end) or _("no end date"))))
            else:
                lines.append(html.escape(_("No start or end date yet")))
            done = sum(1 for m in milestones if m.done)
            if milestones:
                lines.append(html.escape(_("Milestones: {done} of {total} done").format(
                    done=done, total=len(milestones))))
            return "<br>".join(lines)
        return ""

    def _update_minimum(self) -> None:
        rows = max(len(self._rows), 1)
        self.setMinimumHeight(int(self.header_height() + rows * self.row_height() + 12))
        self.setMinimumWidth(420)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(800, self.minimumHeight())

    # -- painting ------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text_colour = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(self.rect(), base)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        axis = self.axis_rect()
        bars = self.bars()

        # rows: alternating background, the selection, names with a status swatch
        alternate = palette.color(QPalette.ColorRole.AlternateBase)
        for number, bar in enumerate(bars):
            if bar.pilot_id == self._selected:
                highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
                highlight.setAlpha(60)
                painter.fillRect(bar.row_rect, highlight)
            elif number % 2:
                painter.fillRect(bar.row_rect, alternate)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(status_colour(bar.status))
            swatch = line * 0.6
            painter.drawRoundedRect(QRectF(8, bar.row_rect.center().y() - swatch / 2,
                                           swatch, swatch), 2, 2)
            font = QFont(self.font())
            font.setBold(bar.pilot_id == self._selected)
            painter.setFont(font)
            painter.setPen(text_colour)
            name_rect = QRectF(14 + swatch, bar.row_rect.top(),
                               axis.left() - swatch - 22, bar.row_rect.height())
            painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             QFontMetrics(font).elidedText(bar.name, Qt.TextElideMode.ElideRight,
                                                           int(name_rect.width())))
        painter.setFont(self.font())

        self._paint_months(painter, axis, line, metrics, text_colour)

        # bars
        diamond_xs: dict[int, list[float]] = {}
        for diamond in self.diamonds():
            diamond_xs.setdefault(diamond.pilot_id, []).append(diamond.centre.x())
        for bar in bars:
            colour = status_colour(bar.status)
            if bar.bar is None:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(QRectF(axis.left() + 6, bar.row_rect.top(), axis.width() - 12,
                                        bar.row_rect.height()),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 _("no start or end date yet"))
                continue
            rect = bar.bar
            if bar.open_start or bar.open_end:
                gradient = QLinearGradient(rect.topLeft(), rect.topRight())
                faded = QColor(colour)
                faded.setAlpha(30)
                gradient.setColorAt(0.0, faded if bar.open_start else colour)
                gradient.setColorAt(1.0, faded if bar.open_end else colour)
                painter.setBrush(gradient)
            else:
                painter.setBrush(colour)
            painter.setPen(QPen(colour.darker(130), 1))
            painter.drawRoundedRect(rect, 4, 4)
            # the status inside the bar, where it fits between the milestones
            status = _(domain.PILOT_STATUS_LABELS.get(bar.status, bar.status))
            text_width = metrics.horizontalAdvance(status)
            xs = diamond_xs.get(bar.pilot_id, [])
            for left in (rect.left() + 6, rect.right() - 6 - text_width):
                right = left + text_width
                if (left >= rect.left() + 4 and right <= rect.right() - 4
                        and not any(left - DIAMOND - 2 <= x <= right + DIAMOND + 2
                                    for x in xs)):
                    painter.setPen(QColor("white"))
                    painter.drawText(QRectF(left, rect.top(), text_width + 2, rect.height()),
                                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                     status)
                    break

        # milestones
        for diamond in self.diamonds():
            centre = diamond.centre
            shape = QPolygonF([centre + QPointF(0, -DIAMOND), centre + QPointF(DIAMOND, 0),
                               centre + QPointF(0, DIAMOND), centre + QPointF(-DIAMOND, 0)])
            painter.setPen(QPen(text_colour, 1.6))
            painter.setBrush(text_colour if diamond.filled else base)
            painter.drawPolygon(shape)

        # today
        x = self.today_x()
        painter.setPen(QPen(QColor(TODAY_COLOUR), 1.6, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, axis.top() - 4), QPointF(x, axis.bottom()))
        today = _("today")
        width = metrics.horizontalAdvance(today) + 6
        painter.setPen(QColor(TODAY_COLOUR))
        painter.drawText(QRectF(min(x - width / 2, self.width() - width - 2),
                                axis.bottom() + 1, width, line),
                         Qt.AlignmentFlag.AlignCenter, today)

        if not self._rows and self.placeholder:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(axis, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.placeholder)
        if self.hasFocus() and not self._selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -2, -2))
        painter.end()

    def _paint_months(self, painter: QPainter, axis: QRectF, line: int,
                      metrics: QFontMetrics, text_colour: QColor) -> None:
        months = self.months()
        if not months:
            return
        width = axis.width() / len(months)
        widest = max(metrics.horizontalAdvance(self.month_label(m)) for m in range(1, 13)) + 6
        # label every month, or every 2nd, 3rd, 6th month when they would not fit
        every = next((n for n in (1, 2, 3, 6, 12) if width * n >= widest), 12)
        grid = QColor(text_colour)
        grid.setAlpha(40)
        year_top = 2.0
        month_top = year_top + line + 2
        for day, x in months:
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, month_top), QPointF(x, axis.bottom()))
            painter.setPen(text_colour)
            if (day.month - 1) % every == 0:
                painter.drawText(QRectF(x + 3, month_top, max(width * every - 4, widest), line),
                                 Qt.AlignmentFlag.AlignLeft, self.month_label(day.month))
            if day.month == 1 or day == months[0][0]:
                bold = QFont(self.font())
                bold.setBold(True)
                painter.setFont(bold)
                painter.drawText(QRectF(x + 3, year_top, 60, line), Qt.AlignmentFlag.AlignLeft,
                                 str(day.year))
                painter.setFont(self.font())
                painter.setPen(QPen(grid.darker(150), 1))
                painter.drawLine(QPointF(x, year_top), QPointF(x, month_top))
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(axis.left(), axis.top()), QPointF(axis.right(), axis.top()))

    # -- mouse and keys ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self._set_selected(self.pilot_at(event.position()))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        pilot_id = self.pilot_at(event.position())
        if pilot_id and event.button() == Qt.MouseButton.LeftButton:
            self.pilot_activated.emit(pilot_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        ids = [pilot.id for pilot, _m in self._rows]
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and ids:
            if self._selected in ids:
                index = ids.index(self._selected) + (1 if key == Qt.Key.Key_Down else -1)
                index = min(max(index, 0), len(ids) - 1)
            else:
                index = 0 if key == Qt.Key.Key_Down else len(ids) - 1
            self._set_selected(ids[index])
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected:
            self.pilot_activated.emit(self._selected)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().focusOutEvent(event)
        self.update()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            self._update_minimum()
        return super().event(event)

    def _set_selected(self, pilot_id: int) -> None:
        if pilot_id != self._selected:
            self._selected = pilot_id
            self.update()
            self.pilot_selected.emit(pilot_id)


def _date_text(text: str) -> str:
    """An ISO date in the current language's short format ("" stays "")."""
    day = parse_date(text)
    if day is None:
        return text
    return QLocale(current_language()).toString(day, QLocale.FormatType.ShortFormat)
