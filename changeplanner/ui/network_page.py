"""The Network page: the influence graph, coloured by department, the change board highlighted.

The layout (``analysis.layout.layout_positions``) runs on a worker thread through the
context's runner; the GUI thread only turns the plain result into scene items.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis.layout import layout_positions
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page

#: Above this many ties only a deterministic sample (plus every tie of a board member) is drawn.
MAX_DRAWN_TIES = 3000
#: Department colours: Okabe-Ito (without black), then Paul Tol's "muted" set; both are
#: distinguishable with the common colour-vision deficiencies.
DEPARTMENT_COLORS: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
    "#882255", "#AA4499",
)
NO_DEPARTMENT_COLOR = "#BBBBBB"
NODE_RADIUS = 6.0
BOARD_NODE_RADIUS = 11.0
MIN_ZOOM, MAX_ZOOM = 0.02, 40.0
ZOOM_STEP = 1.25


@dataclass
class NetworkData:
    """Everything the page draws, computed on a worker thread (plain Python only)."""

    people: list[domain.Person] = field(default_factory=list)
    ties: tuple[domain.Tie, ...] = ()
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    departments: list[str] = field(default_factory=list)
    in_degree: dict[str, int] = field(default_factory=dict)
    board_ids: frozenset[str] = frozenset()
    board_name: str = ""


def in_degrees(people: Iterable[domain.Person], ties: Iterable[domain.Tie]) -> dict[str, int]:
    """How many distinct colleagues go to each person (any relation, self-ties ignored)."""
    known = {p.id for p in people}
    sources: dict[str, set[str]] = {}
    for tie in ties:
        if tie.source != tie.target and tie.source in known and tie.target in known:
            sources.setdefault(tie.target, set()).add(tie.source)
    return {pid: len(sources.get(pid, ())) for pid in known}


def select_ties(ties: Sequence[domain.Tie], *, relation: str | None = None,
                highlight: frozenset[str] | set[str] = frozenset(),
                limit: int = MAX_DRAWN_TIES, seed: int = 7,
                known: set[str] | None = None) -> tuple[list[tuple[str, str]], int]:
    """Choose the lines to draw: pairs of people, one line per pair whatever the direction.

    With more than ``limit`` pairs, every pair touching a ``highlight`` person is kept and
    the others are a deterministic random sample (same input, same picture).

    Args:
        ties: All ties of the plan.
        relation: Only this relation (``None``: every relation).
        highlight: People whose ties are always drawn (the board).
        limit: How many lines to aim for.
        seed: Seed of the sample.
        known: Ids of the people drawn; ties to anyone else are left out.

    Returns:
        ``(pairs, total)``: the pairs to draw and how many distinct pairs there are.
    """
    pairs: dict[tuple[str, str], None] = {}
    for tie in ties:
        if relation is not None and tie.relation != relation:
            continue
        if tie.source == tie.target:
            continue
        if known is not None and (tie.source not in known or tie.target not in known):
            continue
        pair = (tie.source, tie.target) if tie.source < tie.target else (tie.target, tie.source)
        pairs[pair] = None
    every = list(pairs)
    total = len(every)
    if total <= limit:
        return every, total
    kept = [p for p in every if p[0] in highlight or p[1] in highlight]
    others = [p for p in every if p[0] not in highlight and p[1] not in highlight]
    wanted = min(len(others), max(limit - len(kept), limit // 2))
    sample = random.Random(seed).sample(others, wanted)
    return kept + sample, total


def load_network(plan: Plan, positions: dict[str, tuple[float, float]] | None = None, *,
                 progress: Progress) -> NetworkData:
    """Read the plan and lay out its network (runs on a worker thread).

    Args:
        plan: The plan to read (a session of its own is opened).
        positions: Positions of an earlier layout to reuse when the same people are still
            there (e.g. only the board changed).
        progress: Progress and cancel state.
    """
    progress.update(0.0, _("Reading the network…"))
    snapshot = plans.snapshot(plan)
    people = list(snapshot.people)
    ids = {p.id for p in people}
    if positions is None or set(positions) != ids:
        positions = layout_positions(people, snapshot.ties, progress=progress.child(0.1, 0.95))
    board = snapshot.boards[0] if snapshot.boards else None
    board_ids = frozenset(s.person_id for s in board.seats) if board else frozenset()
    progress.update(1.0)
    return NetworkData(
        people=people, ties=snapshot.ties, positions=positions,
        departments=sorted({p.department for p in people}, key=lambda d: (d == "", d)),
        in_degree=in_degrees(people, snapshot.ties), board_ids=board_ids & ids,
        board_name=board.name if board else "")


def department_colors(departments: Sequence[str]) -> dict[str, QColor]:
    """A colour per department name ("" — no department — is grey)."""
    colors: dict[str, QColor] = {}
    named = [d for d in departments if d]
    for i, department in enumerate(named):
        colors[department] = QColor(DEPARTMENT_COLORS[i % len(DEPARTMENT_COLORS)])
    colors[""] = QColor(NO_DEPARTMENT_COLOR)
    return colors


class NodeItem(QGraphicsEllipseItem):
    """One person: a small disc in the department's colour; board members larger, outlined."""

    def __init__(self, person: domain.Person, center: QPointF, color: QColor,
                 is_board: bool, in_degree: int, scale: float = 1.0) -> None:
        radius = (BOARD_NODE_RADIUS if is_board else NODE_RADIUS) * scale
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.person = person
        self.is_board = is_board
        self.in_degree = in_degree
        self.setPos(center)
        self.setBrush(QBrush(color))
        pen = QPen(QColor("#111111") if is_board else QColor(60, 60, 60, 160))
        pen.setCosmetic(True)
        pen.setWidthF(2.5 if is_board else 0.8)
        self.setPen(pen)
        self.setZValue(3 if is_board else 2)
        self.setAcceptHoverEvents(True)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the tooltip in the current language."""
        person = self.person
        lines = [person.name,
                 _("Department: {department}").format(department=person.department or "–")]
        if person.title:
            lines.append(_("Title: {title}").format(title=person.title))
        lines.append(ngettext("Sought out by {n} colleague (in-degree)",
                              "Sought out by {n} colleagues (in-degree)",
                              self.in_degree).format(n=self.in_degree))
        if self.is_board:
            lines.append(_("Member of the change board"))
        self.setToolTip("\n".join(lines))


class LabelItem(QGraphicsSimpleTextItem):
    """A board member's name on a light plate; keeps its size at every zoom level."""

    def __init__(self, text: str, parent: QGraphicsItem | None = None) -> None:
        super().__init__(text, parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setBrush(QColor("#111111"))
        self.setZValue(4)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-3, -1, 3, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.save()
        painter.setPen(QPen(QColor(0, 0, 0, 90), 0))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(self.boundingRect(), 3, 3)
        painter.restore()
        super().paint(painter, option, widget)


class NetworkScene(QGraphicsScene):
    """The drawn network: one :class:`NodeItem` per person, ties as two path items."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.node_items: dict[str, NodeItem] = {}
        self.label_items: dict[str, LabelItem] = {}
        self.tie_item: QGraphicsPathItem | None = None
        self.board_tie_item: QGraphicsPathItem | None = None
        self.colors: dict[str, QColor] = {}
        self.extent = 600.0
        self.node_scale = 1.0
        self.tie_alpha = 55

    def show_network(self, data: NetworkData, pairs: Sequence[tuple[str, str]]) -> None:
        """Replace the drawing with ``data``, drawing the ties in ``pairs``."""
        self.clear()
        self.node_items.clear()
        self.label_items.clear()
        self.tie_item = self.board_tie_item = None
        # Scale so that the average distance between neighbours stays about the same.
        self.extent = max(600.0, 60.0 * len(data.people) ** 0.5)
        self.colors = department_colors(data.departments)
        extent = self.extent
        # In big plans people sit closer (in scene units): larger discs keep the department
        # colours visible in the overview, fainter ties keep them from being drowned.
        large = len(data.people) > 1000
        self.node_scale = 1.6 if large else 1.0
        self.tie_alpha = 30 if large else 55
        for person in data.people:
            x, y = data.positions.get(person.id, (0.5, 0.5))
            node = NodeItem(person, QPointF(x * extent, y * extent),
                            self.colors.get(person.department, self.colors[""]),
                            person.id in data.board_ids, data.in_degree.get(person.id, 0),
                            self.node_scale)
            self.addItem(node)
            self.node_items[person.id] = node
            if node.is_board:
                label = LabelItem(person.name)
                offset = BOARD_NODE_RADIUS * self.node_scale
                label.setPos(node.pos() + QPointF(offset + 2, -offset))
                self.addItem(label)
                self.label_items[person.id] = label
        self.set_ties(pairs, data.board_ids)
        margin = 40.0
        self.setSceneRect(QRectF(-margin, -margin, extent + 2 * margin, extent + 2 * margin))

    def set_ties(self, pairs: Sequence[tuple[str, str]], board_ids: frozenset[str]) -> None:
        """Draw ``pairs`` as thin lines; ties of board members a little darker."""
        for item in (self.tie_item, self.board_tie_item):
            if item is not None:
                self.removeItem(item)
        plain, board = QPainterPath(), QPainterPath()
        for a, b in pairs:
            first, second = self.node_items.get(a), self.node_items.get(b)
            if first is None or second is None:
                continue
            path = board if (a in board_ids or b in board_ids) else plain
            path.moveTo(first.pos())
            path.lineTo(second.pos())
        self.tie_item = self._path_item(plain, QColor(70, 70, 70, self.tie_alpha), 0)
        self.board_tie_item = self._path_item(board, QColor(20, 20, 20, 95), 1)

    def _path_item(self, path: QPainterPath, color: QColor, z: float) -> QGraphicsPathItem:
        pen = QPen(color)
        pen.setCosmetic(True)
        pen.setWidthF(1.0)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setZValue(z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.addItem(item)
        return item

    def retranslate(self) -> None:
        """Set the tooltips in the current language."""
        for node in self.node_items.values():
            node.retranslate()


class NetworkView(QGraphicsView):
    """Zooms with the wheel around the cursor and pans by dragging.

    Until the user zooms, the drawing is fitted into the view whenever the view is resized.
    """

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setBackgroundBrush(QColor("#fbfbf8"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Panning is by dragging; hidden scroll bars keep the fitted picture uncluttered.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.auto_fit = True

    def zoom_factor(self) -> float:
        """The current scale (1.0 = one scene unit per pixel)."""
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor_under_mouse: bool = True) -> None:
        """Scale by ``factor``, within sensible limits."""
        current = self.zoom_factor()
        target = max(MIN_ZOOM, min(MAX_ZOOM, current * factor))
        if current <= 0 or abs(target - current) < 1e-9:
            return
        self.setTransformationAnchor(
            QGraphicsView.ViewportAnchor.AnchorUnderMouse if anchor_under_mouse
            else QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(target / current, target / current)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.auto_fit = False

    def zoom_in(self) -> None:
        """Zoom in one step around the centre."""
        self.zoom_by(ZOOM_STEP, anchor_under_mouse=False)

    def zoom_out(self) -> None:
        """Zoom out one step around the centre."""
        self.zoom_by(1 / ZOOM_STEP, anchor_under_mouse=False)

    def fit(self) -> None:
        """Show the whole network."""
        scene = self.scene()
        if scene is None:
            return
        rect = scene.itemsBoundingRect() if scene.items() else scene.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
        self.auto_fit = True

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if not delta:
            super().wheelEvent(event)
            return
        self.zoom_by(ZOOM_STEP ** (delta / 120.0))
        event.accept()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()


class NetworkPage(Page):
    """The influence network of the open plan.

    People are small discs coloured by department, laid out so departments form groups;
    members of the latest saved change board are larger, outlined and named. Zoom with the
    mouse wheel or Ctrl+= / Ctrl+- (Ctrl+0 fits), pan by dragging; hover for details.
    """

    key = "network"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._generation = 0
        self._task = None
        self.data = NetworkData()
        self.shown_ties = 0
        self.total_ties = 0

        self.scene = NetworkScene(self)
        self.view = NetworkView(self.scene)
        self.view.setObjectName("networkView")

        self.relation_label = QLabel()
        self.relation_combo = QComboBox()
        self.relation_combo.addItem("", None)
        for relation in domain.RELATIONS:
            self.relation_combo.addItem("", relation)
        self.relation_label.setBuddy(self.relation_combo)
        self.zoom_in_button = QPushButton()
        self.zoom_out_button = QPushButton()
        self.fit_button = QPushButton()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setVisible(False)
        self.status_label = QLabel()
        self.status_label.setObjectName("networkStatus")

        top = QHBoxLayout()
        top.addWidget(self.relation_label)
        top.addWidget(self.relation_combo)
        top.addSpacing(12)
        top.addWidget(self.zoom_out_button)
        top.addWidget(self.zoom_in_button)
        top.addWidget(self.fit_button)
        top.addSpacing(12)
        top.addWidget(self.progress_bar)
        top.addWidget(self.status_label, 1)

        # Legend on the right: departments, the board marker, what is drawn.
        self.legend_title = QLabel()
        self.legend_title.setStyleSheet("font-weight: bold;")
        self.legend_body = QWidget()
        self.legend_layout = QVBoxLayout(self.legend_body)
        self.legend_layout.setContentsMargins(0, 0, 0, 0)
        self.legend_layout.setSpacing(3)
        self.board_legend = QLabel()
        self.board_legend.setWordWrap(True)
        self.sample_label = QLabel()
        self.sample_label.setObjectName("networkSampleLabel")
        self.sample_label.setWordWrap(True)
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        self.help_label.setStyleSheet("color: palette(placeholder-text);")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(self.legend_title)
        side_layout.addWidget(self.legend_body)
        side_layout.addSpacing(10)
        side_layout.addWidget(self.board_legend)
        side_layout.addSpacing(10)
        side_layout.addWidget(self.sample_label)
        side_layout.addStretch(1)
        side_layout.addWidget(self.help_label)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFixedWidth(240)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)

        self.zoom_in_action = self._action(self.view.zoom_in, QKeySequence("Ctrl+="),
                                           QKeySequence(QKeySequence.StandardKey.ZoomIn))
        self.zoom_out_action = self._action(self.view.zoom_out, QKeySequence("Ctrl+-"),
                                            QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.fit_action = self._action(self.view.fit, QKeySequence("Ctrl+0"))
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.fit_button.clicked.connect(self.view.fit)
        self.relation_combo.currentIndexChanged.connect(self._relation_chosen)

        self.retranslate_ui()
        self.reload("all")

    def _action(self, slot, *shortcuts: QKeySequence) -> QAction:
        action = QAction(self)
        unique = []
        for shortcut in shortcuts:
            if not shortcut.isEmpty() and shortcut not in unique:
                unique.append(shortcut)
        action.setShortcuts(unique)
        # Only while the page has focus, so the main window's menus keep their shortcuts.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- Page contract -------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated name shown in the navigation."""
        return _("Network")

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.relation_label.setText(_("&Ties:"))
        self.relation_combo.setItemText(0, _("all relations"))
        for i, relation in enumerate(domain.RELATIONS, start=1):
            self.relation_combo.setItemText(i, _(domain.RELATION_LABELS[relation]))
        self.zoom_in_button.setText(_("Zoom in"))
        self.zoom_in_button.setToolTip(_("Zoom in (Ctrl+=)"))
        self.zoom_out_button.setText(_("Zoom out"))
        self.zoom_out_button.setToolTip(_("Zoom out (Ctrl+-)"))
        self.fit_button.setText(_("Fit"))
        self.fit_button.setToolTip(_("Show the whole network (Ctrl+0)"))
        self.zoom_in_action.setText(_("Zoom in"))
        self.zoom_out_action.setText(_("Zoom out"))
        self.fit_action.setText(_("Fit"))
        self.legend_title.setText(_("Departments"))
        self.help_label.setText(_("Wheel: zoom. Drag: move. Hover a person for details."))
        self.scene.retranslate()
        self._update_legend()
        self._update_status()

    def reload(self, kind: str) -> None:
        """Read and lay out the network again (in the background) when it changed."""
        if kind not in ("all", "people", "ties", "board"):
            return
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()
            self._task = None
        plan = self.context.plan
        if plan is None:
            self._show(NetworkData(), refit=True)
            return
        reuse = dict(self.data.positions) if kind == "board" and self.data.positions else None
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self._update_status()
        self._task = self.context.runner.start(
            load_network, plan, reuse,
            on_progress=lambda fraction, _msg: self._progress(generation, fraction),
            on_finished=lambda data: self._loaded(generation, data, refit=reuse is None),
            on_failed=lambda message, _user: self._failed(generation, message),
            on_cancelled=lambda: self._finished_task(generation))

    # -- internals -----------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """Whether the layout is being computed."""
        return self._task is not None

    def _progress(self, generation: int, fraction: float) -> None:
        if generation == self._generation:
            self.progress_bar.setValue(round(100 * fraction))

    def _finished_task(self, generation: int) -> None:
        if generation == self._generation:
            self._task = None
            self.progress_bar.setVisible(False)
            self._update_status()

    def _loaded(self, generation: int, data: NetworkData, refit: bool) -> None:
        if generation != self._generation:
            return
        self._finished_task(generation)
        self._show(data, refit=refit)

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._finished_task(generation)
        self.status_label.setText(_("The network could not be drawn: {reason}").format(
            reason=message))

    def _show(self, data: NetworkData, refit: bool) -> None:
        self.data = data
        pairs = self._pairs()
        self.scene.show_network(data, pairs)
        self._update_legend()
        self._update_status()
        if refit or self.view.auto_fit:
            self.view.fit()

    def _pairs(self) -> list[tuple[str, str]]:
        data = self.data
        pairs, total = select_ties(data.ties, relation=self.relation_combo.currentData(),
                                   highlight=data.board_ids, known=set(data.positions))
        self.shown_ties, self.total_ties = len(pairs), total
        return pairs

    def _relation_chosen(self, _index: int) -> None:
        if not self.data.people:
            return
        self.scene.set_ties(self._pairs(), self.data.board_ids)
        self._update_status()

    def _update_status(self) -> None:
        if self.loading:
            self.status_label.setText(_("Laying out the network…"))
            self.sample_label.setText("")
            return
        if self.context.plan is None:
            self.status_label.setText(_("No plan is open."))
        elif not self.data.people:
            self.status_label.setText(_("No people in this plan yet. Import people and ties "
                                        "(File ▸ Import)."))
        else:
            people = len(self.data.people)
            self.status_label.setText(ngettext("{n} person", "{n} people", people).format(
                n=people))
        if self.total_ties > self.shown_ties:
            self.sample_label.setText(_(
                "{total} ties: a sample of {shown} is drawn, including every tie of a board "
                "member, so the picture stays readable.").format(
                total=self.total_ties, shown=self.shown_ties))
        elif self.data.people:
            self.sample_label.setText(ngettext("{n} tie drawn.", "{n} ties drawn.",
                                               self.total_ties).format(n=self.total_ties))
        else:
            self.sample_label.setText("")

    def _update_legend(self) -> None:
        while self.legend_layout.count():
            item = self.legend_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        counts = Counter(p.department for p in self.data.people)
        for department in self.data.departments:
            color = self.scene.colors.get(department, QColor(NO_DEPARTMENT_COLOR))
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.setSpacing(6)
            swatch = QLabel()
            swatch.setFixedSize(12, 12)
            swatch.setStyleSheet(f"background: {color.name()}; border: 1px solid #555; "
                                 "border-radius: 6px;")
            text = QLabel(_("{department} ({n})").format(
                department=department or _("no department"), n=counts.get(department, 0)))
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            row_layout.addWidget(swatch, 0, Qt.AlignmentFlag.AlignTop)
            row_layout.addWidget(text, 1)
            self.legend_layout.addWidget(row)
        self.legend_layout.activate()
        if self.data.board_ids:
            self.board_legend.setText(ngettext(
                "Large outlined discs with names: the {n} member of the board “{board}”.",
                "Large outlined discs with names: the {n} members of the board “{board}”.",
                len(self.data.board_ids)).format(n=len(self.data.board_ids),
                                                 board=self.data.board_name))
        elif self.data.people:
            self.board_legend.setText(_("No change board saved yet: propose one on the "
                                        "Change board page to see it here."))
        else:
            self.board_legend.setText("")
