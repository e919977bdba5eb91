"""A KPI over time: its measurements as a line, with the baseline and the target.

The side of the target line that counts as reached is shaded, so a KPI that should go down
(a target below the baseline, e.g. handling time) reads as clearly as one that should go up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from changeplanner import domain
from changeplanner.i18n import _
from changeplanner.ui.widgets import format_number

LINE_COLOR = QColor("#2c7fb8")
BASELINE_COLOR = QColor("#7f7f7f")
TARGET_COLOR = QColor("#1a9850")
REACHED_FILL = QColor(26, 152, 80, 28)


def lower_is_better(kpi: domain.Kpi) -> bool:
    """Whether the KPI should go down: its target lies below its baseline."""
    return kpi.target < kpi.baseline


def format_value(value: float) -> str:
    """A KPI value as people write it in the interface language ("7.2" / "7,2")."""
    return format_number(value)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (about ``count`` of them)."""
    if not math.isfinite(low) or not math.isfinite(high) or high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step - 1e-9)
    ticks = []
    index = first
    while index * step <= high + step * 1e-9:
        # Multiply instead of adding up, so 0.1-steps do not drift (0.30000000000000004).
        ticks.append(float(f"{index * step:.12g}") + 0.0)
        index += 1
    return ticks


def _parse(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


class KpiChart(QWidget):
    """Paints one KPI: measurements over time, the baseline and the target line.

    Call :meth:`set_kpi`; with no KPI (or no measurements) the chart says what to do.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_chart")
        self.kpi: domain.Kpi | None = None
        #: The dated measurements drawn, oldest first.
        self.points: list[tuple[date, float]] = []
        self._start: date | None = None
        self._end: date | None = None
        self._right = 110  # room right of the plot for the line labels
        self.setMinimumSize(280, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)

    def sizeHint(self) -> QSize:
        return QSize(520, 280)

    def set_kpi(self, kpi: domain.Kpi | None, measurements: Sequence[domain.Measurement] = (),
                *, start: str = "", end: str = "") -> None:
        """Show ``kpi`` with its ``measurements`` (others are ignored); ``start`` and ``end``
        (ISO dates of the pilot, optional) widen the time axis to the pilot's period."""
        self.kpi = kpi
        points = []
        if kpi is not None:
            for m in measurements:
                day = _parse(m.date)
                if m.kpi_id == kpi.id and day is not None and math.isfinite(m.value):
                    points.append((day, float(m.value)))
        points.sort(key=lambda item: item[0])
        self.points = points
        self._start, self._end = _parse(start), _parse(end)
        self.update()

    # -- geometry ---------------------------------------------------------------------

    def _time_range(self) -> tuple[date, date]:
        days = [d for d, _v in self.points]
        if self._start is not None:
            days.append(self._start)
        if self._end is not None:
            days.append(self._end)
        if not days:
            today = date.today()
            return today, today
        return min(days), max(days)

    def _value_range(self) -> tuple[float, float]:
        assert self.kpi is not None
        values = [v for _d, v in self.points] + [self.kpi.baseline, self.kpi.target]
        low, high = min(values), max(values)
        if high - low < 1e-12:
            pad = abs(high) * 0.1 or 1.0
        else:
            pad = (high - low) * 0.12
        return low - pad, high + pad

    # -- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().color(self.foregroundRole())
        if self.kpi is None:
            painter.setPen(text_color)
            painter.drawText(self.rect().adjusted(20, 20, -20, -20),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             _("Choose a KPI to see its measurements over time."))
            painter.end()
            return
        kpi = self.kpi
        metrics = painter.fontMetrics()
        line_height = metrics.height()
        low, high = self._value_range()
        ticks = nice_ticks(low, high)
        label_width = max(metrics.horizontalAdvance(format_value(t)) for t in ticks) + 12
        top = line_height * 2 + 10
        baseline_label = _("Baseline {value}").format(value=format_value(kpi.baseline))
        target_label = _("Target {value}").format(value=format_value(kpi.target))
        # Right of the plot: the line labels (at most a third of the width).
        self._right = min(max(metrics.horizontalAdvance(baseline_label),
                              metrics.horizontalAdvance(target_label)) + 14,
                          self.width() // 3)
        # Below the plot: the dates, then the legend.
        plot = QRectF(label_width + 8, top, self.width() - label_width - 8 - self._right,
                      self.height() - top - line_height * 2 - 16)
        if plot.width() < 40 or plot.height() < 40:
            painter.end()
            return
        first_day, last_day = self._time_range()
        span = max((last_day - first_day).days, 1)

        def x_of(day: date) -> float:
            if first_day == last_day:
                return plot.center().x()
            return plot.left() + (day - first_day).days / span * plot.width()

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        # Title: the KPI and which way is better.
        title_font = QFont(painter.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_color)
        name = f"{kpi.name} ({kpi.unit})" if kpi.unit else kpi.name
        direction = (_("lower is better") if lower_is_better(kpi) else _("higher is better"))
        painter.drawText(QRectF(0, 4, self.width(), line_height + 2),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         f"{name} — {direction}")
        painter.setFont(self.font())

        # The reached side of the target.
        target_y = y_of(kpi.target)
        if lower_is_better(kpi):
            reached = QRectF(plot.left(), target_y, plot.width(), plot.bottom() - target_y)
        else:
            reached = QRectF(plot.left(), plot.top(), plot.width(), target_y - plot.top())
        painter.fillRect(reached, REACHED_FILL)

        # Axes and value grid.
        grid = QColor(text_color)
        grid.setAlpha(40)
        for tick in ticks:
            y = y_of(tick)
            if plot.top() - 0.5 <= y <= plot.bottom() + 0.5:
                painter.setPen(QPen(grid, 1))
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                painter.setPen(text_color)
                painter.drawText(QRectF(0, y - line_height / 2, label_width, line_height),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 format_value(tick))
        axis = QColor(text_color)
        axis.setAlpha(150)
        painter.setPen(QPen(axis, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        # Time labels: first and last day, and measurement days where there is room
        # (none while there is no date at all).
        has_dates = bool(self.points) or self._start is not None or self._end is not None
        days = sorted({first_day, last_day} | {d for d, _v in self.points}) if has_dates else []
        shown: list[float] = []
        date_width = metrics.horizontalAdvance("0000-00-00") + 10
        painter.setPen(text_color)
        for day in [first_day, last_day, *days] if days else []:
            x = x_of(day)
            if any(abs(x - other) < date_width for other in shown):
                continue
            shown.append(x)
            painter.drawText(QRectF(x - date_width / 2, plot.bottom() + 4, date_width,
                                    line_height),
                             Qt.AlignmentFlag.AlignCenter, day.isoformat())

        # Baseline and target; labels of lines closer than a text line apart are pushed apart.
        baseline_y = y_of(kpi.baseline)
        shift = max(0.0, line_height - abs(baseline_y - target_y)) / 2
        above = -shift if baseline_y <= target_y else shift
        self._level_line(painter, plot, baseline_y, BASELINE_COLOR, baseline_label, above)
        self._level_line(painter, plot, target_y, TARGET_COLOR, target_label, -above)

        # The measurements.
        if not self.points:
            painter.setPen(text_color)
            painter.drawText(plot.adjusted(10, 10, -10, -10),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             _("No measurements yet: add one with “Add measurement…”."))
        else:
            path = QPainterPath()
            for i, (day, value) in enumerate(self.points):
                point = QPointF(x_of(day), y_of(value))
                if i == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            painter.setPen(QPen(LINE_COLOR, 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(LINE_COLOR)
            painter.setPen(QPen(self.palette().color(self.backgroundRole()), 1.2))
            for day, value in self.points:
                painter.drawEllipse(QPointF(x_of(day), y_of(value)), 4, 4)
            last_day_, last_value = self.points[-1]
            painter.setPen(LINE_COLOR)
            label_font = QFont(painter.font())
            label_font.setBold(True)
            painter.setFont(label_font)
            x, y = x_of(last_day_), y_of(last_value)
            painter.drawText(QRectF(x + 6, y - line_height - 2, 100, line_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             format_value(last_value))
            painter.setFont(self.font())

        # Legend below the time axis.
        legend_y = plot.bottom() + line_height + 8
        painter.setPen(text_color)
        painter.fillRect(QRectF(plot.left(), legend_y + line_height / 2 - 5, 14, 10),
                         REACHED_FILL.darker(100))
        painter.drawText(QRectF(plot.left() + 20, legend_y, plot.width() - 20, line_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _("Shaded: target reached"))
        painter.end()

    def _level_line(self, painter: QPainter, plot: QRectF, y: float, color: QColor,
                    label: str, label_shift: float = 0.0) -> None:
        pen = QPen(color, 1.6, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        height = painter.fontMetrics().height()
        width = self._right - 8
        painter.drawText(QRectF(plot.right() + 6, y + label_shift - height / 2, width, height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                          width))
