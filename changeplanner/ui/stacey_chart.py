"""The Stacey matrix as a chart: where the pilots stand, and whether agile fits there.

The horizontal axis is how far the pilot's *approach* is from certainty, the vertical axis how
far its *requirements* are from agreement (both 0..1, as stored on
:class:`~changeplanner.domain.Pilot`). The zone backgrounds are not drawn from hand-made
shapes: they sample :func:`changeplanner.analysis.pilots.stacey_zone` on a grid, so the chart
always shows the classification the rest of the app uses. Pilots are points coloured by
status; drag one (or select it and use the arrow keys) to re-place it. The chart only reports
the new placement (:attr:`StaceyChart.pilot_moved`); the page turns it into an undoable edit.
"""

from __future__ import annotations

import dataclasses
import html
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from changeplanner import domain
from changeplanner.analysis.pilots import ZONE_RECOMMENDATIONS, pilot_warnings, stacey_zone
from changeplanner.i18n import N_, _

#: Colour of a pilot of each status (points, board cards, timeline bars).
STATUS_COLOURS: dict[str, str] = {
    "idea": "#8d8d8d",
    "planned": "#1e6fd0",
    "running": "#e07b00",
    "succeeded": "#2f8f3a",
    "stopped": "#7b4a3a",
}
#: Background tint of each Stacey zone (drawn translucent over the base colour).
ZONE_COLOURS: dict[str, str] = {
    "simple": "#4caf50",
    "complicated": "#2196f3",
    "complex": "#ffb300",
    "chaotic": "#e53935",
}
#: Warning colour (rings around pilots with warnings).
WARNING_COLOUR = "#c62828"
#: Samples per axis for the zone backgrounds.
GRID = 200
#: Samples per axis for placing the zone labels (coarser: a distance transform runs on it).
LABEL_GRID = 40
#: How far one arrow key moves a pilot (Shift: :data:`FINE_STEP`).
STEP = 0.05
FINE_STEP = 0.01
#: Point radius in pixels.
RADIUS = 7.0

AXIS_TITLES: dict[str, str] = {
    "x": N_("Approach"),
    "y": N_("Requirements"),
}


def status_colour(status: str) -> QColor:
    """The colour of pilots with ``status`` (grey for unknown ones)."""
    return QColor(STATUS_COLOURS.get(status, "#8d8d8d"))


def zone_label(zone: str) -> str:
    """The translated name of a Stacey zone."""
    return _(domain.STACEY_ZONE_LABELS.get(zone, zone))


def zone_recommendation(zone: str) -> str:
    """The translated recommendation for a Stacey zone ("" when there is none)."""
    text = ZONE_RECOMMENDATIONS.get(zone, "")
    return _(text) if text else ""


def placement_text(pilot: domain.Pilot | ChartPoint) -> str:
    """The placement in words, e.g. "Requirements 60 % from agreement, approach 55 % from
    certainty"."""
    return _("Requirements {agreement} % from agreement, approach {certainty} % from "
             "certainty").format(agreement=round(100 * pilot.agreement),
                                 certainty=round(100 * pilot.certainty))


@lru_cache(maxsize=4)
def zone_grid(size: int) -> tuple[tuple[str, ...], ...]:
    """``stacey_zone`` sampled at the centres of a ``size`` × ``size`` grid.

    Row 0 is the top of the chart (far from agreement), column 0 its left edge (close to
    certainty): ``zone_grid(n)[row][col]`` is the zone at
    ``certainty = (col + 0.5) / n``, ``agreement = 1 - (row + 0.5) / n``.
    """
    return tuple(
        tuple(stacey_zone(1.0 - (row + 0.5) / size, (col + 0.5) / size) for col in range(size))
        for row in range(size))


@lru_cache(maxsize=4)
def zone_label_cells(size: int) -> dict[str, tuple[float, float]]:
    """For each zone on the grid, the ``(certainty, agreement)`` of the sample farthest from
    any other zone and from the chart's edge: where its label fits best."""
    grid = zone_grid(size)
    distance = [[-1] * size for _ in range(size)]
    queue: deque[tuple[int, int]] = deque()
    for row in range(size):
        for col in range(size):
            zone = grid[row][col]
            edge = row in (0, size - 1) or col in (0, size - 1)
            border = any(0 <= r < size and 0 <= c < size and grid[r][c] != zone
                         for r, c in ((row - 1, col), (row + 1, col),
                                      (row, col - 1), (row, col + 1)))
            if edge or border:
                distance[row][col] = 0
                queue.append((row, col))
    while queue:  # breadth-first distance to the nearest border, inside each zone
        row, col = queue.popleft()
        for r, c in ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1)):
            if 0 <= r < size and 0 <= c < size and distance[r][c] < 0:
                distance[r][c] = distance[row][col] + 1
                queue.append((r, c))
    best: dict[str, tuple[bool, int, float, int, int]] = {}
    middle = (size - 1) / 2
    for row in range(size):
        for col in range(size):
            zone = grid[row][col]
            # Outside the chart's middle ninth first (new pilots start at 0.5, 0.5 and would
            # cover the label), then the deepest sample, then the one nearest the middle.
            outside = max(abs(row - middle), abs(col - middle)) > size / 6
            key = (outside, distance[row][col], -abs(row - middle) - abs(col - middle),
                   row, col)
            if zone not in best or key[:3] > best[zone][:3]:
                best[zone] = key
    return {zone: ((col + 0.5) / size, 1.0 - (row + 0.5) / size)
            for zone, (_o, _d, _m, row, col) in best.items()}


@lru_cache(maxsize=2)
def _zone_image(size: int) -> QImage:
    grid = zone_grid(size)
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    colours = {}
    for zone, name in ZONE_COLOURS.items():
        colour = QColor(name)
        colour.setAlpha(62)
        colours[zone] = colour.rgba()
    for row in range(size):
        for col in range(size):
            image.setPixel(col, row, colours.get(grid[row][col], 0))
    return image


@dataclass(frozen=True)
class ChartPoint:
    """A pilot as drawn: where its point and label are, and what it warns about."""

    pilot_id: int
    name: str
    status: str
    agreement: float
    certainty: float
    zone: str
    centre: QPointF
    label_rect: QRectF
    warnings: tuple[str, ...]


class StaceyChart(QWidget):
    """The Stacey matrix with the pilots placed on it.

    Signals:
        pilot_moved(int, float, float): the user re-placed a pilot (id, agreement, certainty),
            by dragging it or with the arrow keys; emitted once per drag or key press.
        pilot_selected(int): the selected pilot changed (0: none).
        pilot_activated(int): a pilot was double-clicked or Enter was pressed on it.
    """

    pilot_moved = Signal(int, float, float)
    pilot_selected = Signal(int)
    pilot_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pilots: list[domain.Pilot] = []
        #: Placements changed by the user, shown until the page hands in re-read pilots.
        self._moving: dict[int, tuple[float, float]] = {}
        #: Pilots moved with the arrow keys whose new placement is not reported yet.
        self._unreported: set[int] = set()
        self._selected = 0
        self._press: QPointF | None = None
        self._drag_id = 0
        self._dragging = False
        self._points: list[ChartPoint] = []
        self._layout_key: tuple | None = None
        self.placeholder = ""
        self.setMinimumSize(360, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setObjectName("stacey_chart")

    # -- data ----------------------------------------------------------------------

    def set_pilots(self, pilots: Sequence[domain.Pilot]) -> None:
        """Show ``pilots`` (drops any move not reported yet)."""
        self._pilots = list(pilots)
        self._moving.clear()
        self._unreported.clear()
        self._dragging = False
        self._press = None
        self._drag_id = 0
        if self._selected and not any(p.id == self._selected for p in self._pilots):
            self._selected = 0
        self._invalidate()

    def pilots(self) -> list[domain.Pilot]:
        """The pilots shown, with any placement being changed."""
        result = []
        for pilot in self._pilots:
            if pilot.id in self._moving:
                agreement, certainty = self._moving[pilot.id]
                pilot = dataclasses.replace(pilot, agreement=agreement, certainty=certainty)
            result.append(pilot)
        return result

    @property
    def selected_pilot_id(self) -> int:
        """The selected pilot (0: none)."""
        return self._selected

    def select_pilot(self, pilot_id: int) -> None:
        """Select ``pilot_id`` (0 or an unknown id: none); does not emit ``pilot_selected``."""
        pilot_id = pilot_id if any(p.id == pilot_id for p in self._pilots) else 0
        if pilot_id != self._selected:
            self._commit_keys()
            self._selected = pilot_id
            self._invalidate()

    # -- geometry (public so tests and tooltips agree with the painting) ---------------

    def plot_rect(self) -> QRectF:
        """The square of the matrix in widget coordinates."""
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        left = 2 * line + 10
        top = line + 12  # the legend
        bottom = 2 * line + 10
        right = 12
        return QRectF(left, top, max(self.width() - left - right, 10.0),
                      max(self.height() - top - bottom, 10.0))

    def position_of(self, agreement: float, certainty: float) -> QPointF:
        """Widget coordinates of a placement."""
        plot = self.plot_rect()
        return QPointF(plot.left() + plot.width() * _clamp(certainty),
                       plot.bottom() - plot.height() * _clamp(agreement))

    def placement_at(self, pos: QPointF) -> tuple[float, float]:
        """``(agreement, certainty)`` at widget position ``pos``, clamped to 0..1."""
        plot = self.plot_rect()
        certainty = (pos.x() - plot.left()) / plot.width()
        agreement = (plot.bottom() - pos.y()) / plot.height()
        return _clamp(agreement), _clamp(certainty)

    def zone_at(self, pos: QPointF) -> str:
        """The zone whose background is drawn at ``pos`` (the sampled grid cell)."""
        plot = self.plot_rect()
        col = min(GRID - 1, max(0, int((pos.x() - plot.left()) / plot.width() * GRID)))
        row = min(GRID - 1, max(0, int((pos.y() - plot.top()) / plot.height() * GRID)))
        return zone_grid(GRID)[row][col]

    def zone_label_positions(self) -> dict[str, QPointF]:
        """Where each zone's label is centred, in widget coordinates."""
        return {zone: self.position_of(agreement, certainty)
                for zone, (certainty, agreement) in zone_label_cells(LABEL_GRID).items()}

    def _label_font(self, selected: bool) -> QFont:
        font = QFont(self.font())
        font.setBold(selected)  # the selected pilot's name stands out
        return font

    def _zone_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(self.font().pointSizeF() * 1.15)
        return font

    def _zone_label_rects(self) -> dict[str, QRectF]:
        metrics = QFontMetrics(self._zone_font())
        plot = self.plot_rect()
        rects = {}
        for zone, centre in self.zone_label_positions().items():
            width = metrics.horizontalAdvance(zone_label(zone)) + 8
            rects[zone] = _clamp_rect(QRectF(centre.x() - width / 2,
                                             centre.y() - metrics.height() / 2,
                                             width, metrics.height()), plot)
        return rects

    def points(self) -> list[ChartPoint]:
        """The pilots as drawn, in painting order."""
        self._ensure_layout()
        return list(self._points)

    def point_of(self, pilot_id: int) -> ChartPoint | None:
        """The drawn point of ``pilot_id``, if shown."""
        return next((p for p in self.points() if p.pilot_id == pilot_id), None)

    def pilot_at(self, pos: QPointF) -> int:
        """The pilot whose point is under ``pos`` (the topmost), 0 when none."""
        for point in reversed(self.points()):
            delta = point.centre - pos
            if delta.x() ** 2 + delta.y() ** 2 <= (RADIUS + 3) ** 2:
                return point.pilot_id
        return 0

    def tooltip_at(self, pos: QPointF) -> str:
        """The tooltip for ``pos``: the pilot there, else the zone and what to do in it."""
        pilot_id = self.pilot_at(pos)
        if pilot_id:
            point = self.point_of(pilot_id)
            assert point is not None
            parts = [
                "<b>{name}</b> — {status}".format(
                    name=html.escape(point.name),
                    status=html.escape(_(domain.PILOT_STATUS_LABELS.get(point.status,
                                                                        point.status)))),
                html.escape(_("Zone: {zone}").format(zone=zone_label(point.zone))),
                html.escape(placement_text(point)),
            ]
            recommendation = zone_recommendation(point.zone)
            if recommendation:
                parts.append(f"<i>{html.escape(recommendation)}</i>")
            parts += [f'<span style="color:{WARNING_COLOUR}">⚠ {html.escape(text)}</span>'
                      for text in point.warnings]
            return "<br>".join(parts)
        if not self.plot_rect().contains(pos):
            return ""
        zone = self.zone_at(pos)
        parts = ["<b>{}</b>".format(html.escape(_("Zone: {zone}").format(
            zone=zone_label(zone))))]
        recommendation = zone_recommendation(zone)
        if recommendation:
            parts.append(html.escape(recommendation))
        return "<br>".join(parts)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 520)

    # -- layout of points and labels -----------------------------------------------

    def _invalidate(self) -> None:
        self._layout_key = None
        self.update()

    def _ensure_layout(self) -> None:
        key = (self.width(), self.height(), self.font().key(), self._selected)
        if key == self._layout_key:
            return
        self._layout_key = key
        plot = self.plot_rect()
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        pilots = sorted(self.pilots(), key=lambda p: (p.id == self._selected,
                                                     p.name.casefold(), p.id))
        centres = {p.id: self.position_of(p.agreement, p.certainty) for p in pilots}
        taken: list[QRectF] = [QRectF(c.x() - RADIUS, c.y() - RADIUS, 2 * RADIUS, 2 * RADIUS)
                               for c in centres.values()]
        # keep the zone names readable where the pilots leave room
        taken += list(self._zone_label_rects().values())
        # Labels nearest the selection first, so the selected pilot's name is never pushed away.
        order = sorted(pilots, key=lambda p: (p.id != self._selected, p.name.casefold(), p.id))
        labels: dict[int, QRectF] = {}
        for pilot in order:
            centre = centres[pilot.id]
            selected = pilot.id == self._selected
            measure = QFontMetrics(self._label_font(selected))
            text = measure.elidedText(pilot.name, Qt.TextElideMode.ElideRight, 180)
            width = measure.horizontalAdvance(text) + 8
            gap = RADIUS + (12 if selected else 5)
            candidates = _label_candidates(centre, width, line, gap)
            chosen = None
            for rect in candidates:
                if not plot.contains(rect):
                    continue
                if not any(rect.intersects(other) for other in taken):
                    chosen = rect
                    break
            if chosen is None:  # crowded: the first candidate inside the plot
                inside = [r for r in candidates if plot.contains(r)]
                chosen = inside[0] if inside else _clamp_rect(candidates[0], plot)
            taken.append(chosen)
            labels[pilot.id] = chosen
        self._points = [
            ChartPoint(pilot_id=p.id, name=p.name, status=p.status, agreement=p.agreement,
                       certainty=p.certainty, zone=stacey_zone(p.agreement, p.certainty),
                       centre=centres[p.id], label_rect=labels[p.id],
                       warnings=tuple(pilot_warnings(p)))
            for p in pilots]

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._layout_key = None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange,
                            QEvent.Type.PaletteChange):
            self._invalidate()

    # -- painting ------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        self._ensure_layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        plot = self.plot_rect()

        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(plot, _zone_image(GRID))
        painter.setPen(QPen(QColor(128, 128, 128, 160), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)

        # zone labels
        painter.setFont(self._zone_font())
        label_colour = QColor(text_colour)
        label_colour.setAlpha(150)
        painter.setPen(label_colour)
        for zone, rect in self._zone_label_rects().items():
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, zone_label(zone))
        painter.setFont(self.font())

        self._paint_axes(painter, plot, line, metrics, text_colour)
        self._paint_legend(painter, line, metrics, text_colour)

        if not self._pilots and self.placeholder:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(plot.adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
                             | Qt.TextFlag.TextWordWrap, self.placeholder)

        # pilots
        for point in self._points:
            selected = point.pilot_id == self._selected
            radius = RADIUS + (2 if selected else 0)
            if point.warnings:
                painter.setPen(QPen(QColor(WARNING_COLOUR), 2.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(point.centre, radius + 4, radius + 4)
            painter.setPen(QPen(QColor("white"), 2))
            painter.setBrush(QBrush(status_colour(point.status)))
            painter.drawEllipse(point.centre, radius, radius)
            painter.setPen(QPen(QColor(40, 40, 40, 200), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(point.centre, radius + 1, radius + 1)
            if selected:
                focus = QPen(palette.color(QPalette.ColorRole.Highlight), 2,
                             Qt.PenStyle.DashLine if not self.hasFocus() else Qt.PenStyle.SolidLine)
                painter.setPen(focus)
                painter.drawEllipse(point.centre, radius + 7, radius + 7)
            if point.warnings:
                self._paint_warning_badge(painter, point.centre + QPointF(radius, -radius))
            # the name on a translucent plate, so it reads on every zone colour
            plate = QColor(palette.color(QPalette.ColorRole.Base))
            plate.setAlpha(200)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(plate)
            painter.drawRoundedRect(point.label_rect, 3, 3)
            font = self._label_font(selected)
            painter.setFont(font)
            painter.setPen(QColor(WARNING_COLOUR) if point.warnings else text_colour)
            painter.drawText(point.label_rect, Qt.AlignmentFlag.AlignCenter,
                             QFontMetrics(font).elidedText(
                                 point.name, Qt.TextElideMode.ElideRight,
                                 int(point.label_rect.width()) - 4))
            painter.setFont(self.font())
        painter.end()

    def _paint_axes(self, painter: QPainter, plot: QRectF, line: int,
                    metrics: QFontMetrics, text_colour: QColor) -> None:
        painter.setPen(text_colour)
        below = QRectF(plot.left(), plot.bottom() + 4, plot.width(), line)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, _("← close to certainty"))
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, _("far from certainty →"))
        title = QFont(self.font())
        title.setBold(True)
        painter.setFont(title)
        painter.drawText(QRectF(plot.left(), plot.bottom() + line + 6, plot.width(), line),
                         Qt.AlignmentFlag.AlignHCenter, _(AXIS_TITLES["x"]))
        painter.setFont(self.font())
        painter.save()
        painter.translate(plot.left() - 4, plot.bottom())
        painter.rotate(-90)
        # in the rotated system x runs up the axis and y away from the plot to the left
        ends = QRectF(0, -line, plot.height(), line)
        painter.drawText(ends, Qt.AlignmentFlag.AlignLeft, _("← close to agreement"))
        painter.drawText(ends, Qt.AlignmentFlag.AlignRight, _("far from agreement →"))
        painter.setFont(title)
        painter.drawText(QRectF(0, -2 * line - 4, plot.height(), line),
                         Qt.AlignmentFlag.AlignHCenter, _(AXIS_TITLES["y"]))
        painter.restore()

    def _paint_legend(self, painter: QPainter, line: int, metrics: QFontMetrics,
                      text_colour: QColor) -> None:
        plot = self.plot_rect()
        x = plot.left()
        y = 4
        for status in domain.PILOT_STATUSES:
            text = _(domain.PILOT_STATUS_LABELS[status])
            width = metrics.horizontalAdvance(text)
            if x + line + width > self.width() - 4:
                break
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(status_colour(status))
            painter.drawEllipse(QPointF(x + line / 2 - 1, y + line / 2), RADIUS - 2, RADIUS - 2)
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + line + 2, y, width + 4, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += line + width + 18
        warning = _("warning")
        width = metrics.horizontalAdvance(warning)
        if x + line + width <= self.width() - 4:
            painter.setPen(QPen(QColor(WARNING_COLOUR), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x + line / 2 - 1, y + line / 2), RADIUS - 1, RADIUS - 1)
            painter.setPen(QColor(WARNING_COLOUR))
            painter.drawText(QRectF(x + line + 2, y, width + 4, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             warning)

    @staticmethod
    def _paint_warning_badge(painter: QPainter, tip: QPointF) -> None:
        size = 11.0
        triangle = QPolygonF([QPointF(tip.x(), tip.y() - size),
                              QPointF(tip.x() + size * 0.6, tip.y()),
                              QPointF(tip.x() - size * 0.6, tip.y())])
        painter.setPen(QPen(QColor("white"), 1))
        painter.setBrush(QColor(WARNING_COLOUR))
        painter.drawPolygon(triangle)
        painter.setPen(QColor("white"))
        bold = QFont(painter.font())
        bold.setBold(True)
        bold.setPixelSize(8)
        painter.setFont(bold)
        painter.drawText(QRectF(tip.x() - 4, tip.y() - size + 2, 8, size - 2),
                         Qt.AlignmentFlag.AlignCenter, "!")

    # -- mouse -----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._commit_keys()
        pos = event.position()
        pilot_id = self.pilot_at(pos)
        self._set_selected(pilot_id)
        self._press = pos if pilot_id else None
        self._drag_id = pilot_id
        self._dragging = False
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        pos = event.position()
        if self._drag_id and self._press is not None and (
                event.buttons() & Qt.MouseButton.LeftButton):
            if not self._dragging and ((pos - self._press).manhattanLength()
                                       >= QApplication.startDragDistance()):
                self._dragging = True
            if self._dragging:
                self._moving[self._drag_id] = _rounded(self.placement_at(pos))
                self._invalidate()
            event.accept()
            return
        over = self.pilot_at(pos)
        self.setCursor(Qt.CursorShape.OpenHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton and self._drag_id:
            pilot_id, dragged = self._drag_id, self._dragging
            self._drag_id = 0
            self._dragging = False
            self._press = None
            if dragged:
                self._moving[pilot_id] = _rounded(self.placement_at(event.position()))
                self._report(pilot_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        pilot_id = self.pilot_at(event.position())
        if pilot_id and event.button() == Qt.MouseButton.LeftButton:
            self.pilot_activated.emit(pilot_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # -- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        fine = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        step = FINE_STEP if fine else STEP
        moves = {Qt.Key.Key_Left: (0.0, -step), Qt.Key.Key_Right: (0.0, step),
                 Qt.Key.Key_Up: (step, 0.0), Qt.Key.Key_Down: (-step, 0.0)}
        if key in moves and self._selected and not self._drag_id:
            pilot = self._pilot(self._selected)
            if pilot is not None:
                agreement, certainty = self._moving.get(
                    pilot.id, (pilot.agreement, pilot.certainty))
                d_agreement, d_certainty = moves[key]
                self._moving[pilot.id] = _rounded((_clamp(agreement + d_agreement),
                                                   _clamp(certainty + d_certainty)))
                self._unreported.add(pilot.id)
                self._invalidate()
            event.accept()
            return
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Home, Qt.Key.Key_End):
            self._commit_keys()
            self._select_by_key(key)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected:
            self._commit_keys()
            self.pilot_activated.emit(self._selected)
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self._drag_id:
            if self._dragging:
                self._moving.pop(self._drag_id, None)
            self._drag_id = 0
            self._dragging = False
            self._press = None
            self._invalidate()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        # Holding an arrow key moves the point; letting go makes it one undoable step.
        if (event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
                and not event.isAutoRepeat()):
            self._commit_keys()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._commit_keys()
        super().focusOutEvent(event)
        self.update()

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        if not self._selected and self._pilots and event.reason() in (
                Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self._select_by_key(Qt.Key.Key_Home)
        self.update()

    def _select_by_key(self, key: int) -> None:
        ordered = sorted(self._pilots, key=lambda p: (p.name.casefold(), p.id))
        if not ordered:
            return
        ids = [p.id for p in ordered]
        if key == Qt.Key.Key_Home or (key == Qt.Key.Key_PageDown and self._selected not in ids):
            target = ids[0]
        elif key == Qt.Key.Key_End or (key == Qt.Key.Key_PageUp and self._selected not in ids):
            target = ids[-1]
        else:
            index = ids.index(self._selected) + (1 if key == Qt.Key.Key_PageDown else -1)
            target = ids[index % len(ids)]
        self._set_selected(target)

    # -- helpers -----------------------------------------------------------------------

    def _pilot(self, pilot_id: int) -> domain.Pilot | None:
        return next((p for p in self._pilots if p.id == pilot_id), None)

    def _set_selected(self, pilot_id: int) -> None:
        if pilot_id != self._selected:
            self._selected = pilot_id
            self._invalidate()
            self.pilot_selected.emit(pilot_id)

    def _commit_keys(self) -> None:
        if self._drag_id:
            return
        for pilot_id in sorted(self._unreported):
            self._report(pilot_id)

    def _report(self, pilot_id: int) -> None:
        self._unreported.discard(pilot_id)
        pilot = self._pilot(pilot_id)
        placement = self._moving.get(pilot_id)
        if pilot is None or placement is None:
            self._moving.pop(pilot_id, None)
            return
        agreement, certainty = placement
        if (round(pilot.agreement, 2), round(pilot.certainty, 2)) == (agreement, certainty):
            self._moving.pop(pilot_id, None)
            self._invalidate()
            return
        # The moved position stays until the page hands in the re-read pilots.
        self.pilot_moved.emit(pilot_id, agreement, certainty)


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def _rounded(placement: tuple[float, float]) -> tuple[float, float]:
    return round(placement[0], 2), round(placement[1], 2)


def _label_candidates(centre: QPointF, width: float, line: float,
                      gap: float) -> list[QRectF]:
    right = QRectF(centre.x() + gap, centre.y() - line / 2, width, line)
    left = QRectF(centre.x() - gap - width, centre.y() - line / 2, width, line)
    above = QRectF(centre.x() - width / 2, centre.y() - gap - line, width, line)
    below = QRectF(centre.x() - width / 2, centre.y() + gap, width, line)
    result = [right, left, above, below]
    # then further out, for pilots placed on top of each other
    for step in range(1, 6):
        offset = step * (line + 2)
        result += [right.translated(0, offset), right.translated(0, -offset),
                   left.translated(0, offset), left.translated(0, -offset)]
    return result


def _clamp_rect(rect: QRectF, bounds: QRectF) -> QRectF:
    x = min(max(rect.left(), bounds.left()), bounds.right() - rect.width())
    y = min(max(rect.top(), bounds.top()), bounds.bottom() - rect.height())
    return QRectF(x, y, rect.width(), rect.height())
