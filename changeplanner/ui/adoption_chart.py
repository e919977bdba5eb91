"""A small line chart of an adoption simulation, painted with QPainter (no QtCharts).

Three curves over the rounds (the board, random boards, the top-degree board), the 10–90 %
band of the board's runs, a dashed line at the critical mass (25 %), axis labels and a
legend. :func:`critical_mass_sentence` says the same in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from changeplanner.analysis.adoption import CRITICAL_MASS, AdoptionResult
from changeplanner.i18n import N_, _

#: The curves drawn, in legend order: (key of AdoptionResult, label, colour, dashed).
CURVES: tuple[tuple[str, str, str, bool], ...] = (
    ("board", N_("This board"), "#1f6fb2", False),
    ("top_degree", N_("Top-degree board"), "#c76a00", True),
    ("random", N_("Random boards"), "#6f6f6f", True),
)


@dataclass(frozen=True)
class ChartCurve:
    """One curve as drawn: its key, translated label and mean share per round."""

    key: str
    label: str
    values: tuple[float, ...]


def _round_text(value: int | None) -> str:
    if value is None:
        return _("not within the simulated rounds")
    return _("round {round}").format(round=value)


def critical_mass_sentence(result: AdoptionResult) -> str:
    """One sentence comparing when each starting set reaches the critical mass."""
    percent = round(100 * CRITICAL_MASS)
    board = result.board.critical_mass_round
    rounds = len(result.rounds) - 1
    if board is None:
        text = _("Critical mass ({percent} %) is not reached within {rounds} rounds with "
                 "this board").format(percent=percent, rounds=rounds)
    else:
        text = _("Critical mass ({percent} %) in round {round} with this board").format(
            percent=percent, round=board)
    return _("{start}, {random} with random boards, {top} with the top-degree board.").format(
        start=text, random=_round_text(result.random.critical_mass_round),
        top=_round_text(result.top_degree.critical_mass_round))


class AdoptionChart(QWidget):
    """Line chart of an :class:`~changeplanner.analysis.adoption.AdoptionResult`.

    ``curves`` and ``band`` expose what is drawn, so tests can check the data; an empty
    chart shows ``placeholder``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: AdoptionResult | None = None
        self.placeholder = ""
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- data ----------------------------------------------------------------------

    def set_result(self, result: AdoptionResult | None) -> None:
        """Show ``result`` (``None`` clears the chart)."""
        self._result = result
        self.update()

    @property
    def result(self) -> AdoptionResult | None:
        """The result shown, if any."""
        return self._result

    @property
    def curves(self) -> list[ChartCurve]:
        """The curves drawn (empty without a result)."""
        if self._result is None:
            return []
        return [ChartCurve(key, _(label), tuple(getattr(self._result, key).mean))
                for key, label, _colour, _dashed in CURVES]

    @property
    def band(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """The board's 10th and 90th percentile per round (empty without a result)."""
        if self._result is None:
            return (), ()
        return tuple(self._result.board.low), tuple(self._result.board.high)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 280)

    # -- painting ------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        result = self._result
        if result is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(self.rect()).adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.placeholder)
            painter.end()
            return
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        legend_width = max(metrics.horizontalAdvance(text) for text in
                           [_(label) for _k, label, _c, _d in CURVES]
                           + [_("10–90 % of runs")]) + 44
        left = metrics.horizontalAdvance("100 %") + line + 14
        plot = QRectF(left, line * 0.8, self.width() - left - legend_width - 16,
                      self.height() - line * 0.8 - 2.4 * line - 6)
        if plot.width() < 40 or plot.height() < 40:
            painter.end()
            return
        last_round = max(len(result.rounds) - 1, 1)

        def point(round_no: float, share: float) -> QPointF:
            return QPointF(plot.left() + plot.width() * round_no / last_round,
                           plot.bottom() - plot.height() * max(0.0, min(1.0, share)))

        # grid and axes
        grid = QPen(QColor(text_colour))
        grid.setColor(QColor(128, 128, 128, 70))
        painter.setPen(grid)
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            y = point(0, tick).y()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(text_colour)
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            y = point(0, tick).y()
            painter.drawText(QRectF(line + 2, y - line / 2, left - line - 8, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             _("{percent} %").format(percent=round(100 * tick)))
        step = max(1, round(last_round / 10))
        for round_no in range(0, last_round + 1, step):
            x = point(round_no, 0).x()
            painter.drawText(QRectF(x - 20, plot.bottom() + 3, 40, line),
                             Qt.AlignmentFlag.AlignHCenter, str(round_no))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawText(QRectF(plot.left(), plot.bottom() + line + 4, plot.width(), line),
                         Qt.AlignmentFlag.AlignHCenter, _("Round"))
        painter.save()
        painter.translate(2, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), line),
                         Qt.AlignmentFlag.AlignHCenter, _("People who adopted"))
        painter.restore()

        # the board's 10-90 % band
        low, high = self.band
        if low:
            band = QPainterPath(point(0, high[0]))
            for i, value in enumerate(high):
                band.lineTo(point(i, value))
            for i in range(len(low) - 1, -1, -1):
                band.lineTo(point(i, low[i]))
            band.closeSubpath()
            colour = QColor(CURVES[0][2])
            colour.setAlpha(45)
            painter.fillPath(band, colour)

        # critical mass
        mass = QPen(QColor("#b02a2a"), 1.2, Qt.PenStyle.DashLine)
        painter.setPen(mass)
        y = point(0, CRITICAL_MASS).y()
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.drawText(QRectF(plot.left() + 4, y - line - 1, plot.width() - 8, line),
                         Qt.AlignmentFlag.AlignLeft,
                         _("Critical mass {percent} %").format(
                             percent=round(100 * CRITICAL_MASS)))

        # curves (the board's last, so it stays visible where curves meet) and legend
        pens = [QPen(QColor(colour), 2.8 if number == 0 else 2.0,
                     Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
                for number, (_key, _label, colour, dashed) in enumerate(CURVES)]
        curves = self.curves
        for number in range(len(curves) - 1, -1, -1):
            painter.setPen(pens[number])
            values = curves[number].values
            path = QPainterPath(point(0, values[0]))
            for i, value in enumerate(values[1:], start=1):
                path.lineTo(point(i, value))
            painter.drawPath(path)
        for number, curve in enumerate(curves):
            painter.setPen(pens[number])
            ly = plot.top() + number * (line + 6) + line / 2
            lx = plot.right() + 14
            painter.drawLine(QPointF(lx, ly), QPointF(lx + 24, ly))
            painter.setPen(text_colour)
            painter.drawText(QRectF(lx + 30, ly - line / 2, legend_width, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             curve.label)
        ly = plot.top() + len(CURVES) * (line + 6) + line / 2
        lx = plot.right() + 14
        colour = QColor(CURVES[0][2])
        colour.setAlpha(45)
        painter.fillRect(QRectF(lx, ly - line / 3, 24, 2 * line / 3), colour)
        painter.drawText(QRectF(lx + 30, ly - line / 2, legend_width, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _("10–90 % of runs"))
        painter.end()
