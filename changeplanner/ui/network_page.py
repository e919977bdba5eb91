"""The Network page: the influence graph, coloured by department, the change board highlighted.

The layout (``analysis.layout.layout_positions``), the department-level network
(``analysis.aggregate.department_graph``) and the metrics shown on hover
(``analysis.metrics.analyze``) run on worker threads through the context's runner; the GUI
thread only turns the plain results into scene items. Plans above
:data:`DEPARTMENT_VIEW_THRESHOLD` people are shown as one disc per department unless the user
asks for the people view.
"""

from __future__ import annotations

import functools
import math
import random
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis.aggregate import DepartmentGraph, department_graph
from changeplanner.analysis.layout import layout_positions
from changeplanner.analysis.metrics import PersonAnalysis
from changeplanner.analysis.ona import METRIC_EXPLANATIONS, role_label_name
from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import board as board_service
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.commands import AddTie
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page
from changeplanner.ui.widgets import format_number

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
#: Node radius grows with the square root of the in-degree, from ``NODE_GROWTH[0]`` times
#: the base radius (nobody comes to them) to ``sum(NODE_GROWTH)`` times (the most sought out).
NODE_GROWTH = (0.75, 1.0)
#: Above this many people the department-level view is shown unless the user picks people.
DEPARTMENT_VIEW_THRESHOLD = 1000
#: Opacity of people and departments outside the chosen department.
DIM_OPACITY = 0.12
#: Department discs: radius for the smallest and largest head count (scene units).
DEPARTMENT_RADIUS = (10.0, 55.0)
#: Width of the lines between departments: thinnest and thickest (pixels).
DEPARTMENT_EDGE_WIDTH = (0.8, 9.0)
#: Metrics explained in the side panel, in this order, with their short names.
METRIC_NAMES: dict[str, str] = {
    "in_degree": N_("In-degree"),
    "pagerank": N_("PageRank"),
    "betweenness": N_("Betweenness"),
    "constraint": N_("Constraint"),
    "reach_2step": N_("2-step reach"),
    "community": N_("Community"),
    "role_label": N_("Role"),
}
MIN_ZOOM, MAX_ZOOM = 0.02, 40.0
ZOOM_STEP = 1.25


@dataclass(frozen=True)
class PackedTies:
    """Ties as four flat arrays: they cross from the worker process as a few memory
    copies instead of 100,000 objects, whose unpickling (and the garbage collector it
    sets off) would hold the window for a moment."""

    ids: tuple[str, ...] = ()
    sources: array = field(default_factory=lambda: array("i"))
    targets: array = field(default_factory=lambda: array("i"))
    relations: bytes = b""
    weights: array = field(default_factory=lambda: array("d"))

    @classmethod
    def pack(cls, ties: Sequence[domain.Tie]) -> PackedTies:
        """Pack ``ties`` (relations must be in :data:`domain.RELATIONS`)."""
        index: dict[str, int] = {}
        for tie in ties:
            index.setdefault(tie.source, len(index))
            index.setdefault(tie.target, len(index))
        code = {relation: i for i, relation in enumerate(domain.RELATIONS)}
        return cls(ids=tuple(index), sources=array("i", (index[t.source] for t in ties)),
                   targets=array("i", (index[t.target] for t in ties)),
                   relations=bytes(code[t.relation] for t in ties),
                   weights=array("d", (t.weight for t in ties)))

    def unpack(self) -> tuple[domain.Tie, ...]:
        """The ties as objects again, in their order."""
        ids, relations = self.ids, domain.RELATIONS
        return tuple(domain.Tie(ids[s], ids[t], relations[r], w) for s, t, r, w in zip(
            self.sources, self.targets, self.relations, self.weights, strict=True))


@dataclass
class NetworkData:
    """Everything the page draws, computed in a worker process (plain Python only)."""

    people: list[domain.Person] = field(default_factory=list)
    packed_ties: PackedTies = field(default_factory=PackedTies)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    departments: list[str] = field(default_factory=list)
    in_degree: dict[str, int] = field(default_factory=dict)
    board_ids: frozenset[str] = frozenset()
    board_name: str = ""
    #: The department-level network per relation (key ``None``: every relation).
    department_graphs: dict[str | None, DepartmentGraph] = field(default_factory=dict)

    @functools.cached_property
    def ties(self) -> tuple[domain.Tie, ...]:
        """Every tie (unpacked on first use: the department view never needs them)."""
        return self.packed_ties.unpack()


def node_radius(in_degree: int, max_in_degree: int, is_board: bool) -> float:
    """The radius of a person's disc: larger the more colleagues come to them.

    Args:
        in_degree: The person's in-degree.
        max_in_degree: The largest in-degree in the plan.
        is_board: Board members start from the larger :data:`BOARD_NODE_RADIUS`.
    """
    base = BOARD_NODE_RADIUS if is_board else NODE_RADIUS
    share = in_degree / max_in_degree if max_in_degree > 0 else 0.0
    return base * (NODE_GROWTH[0] + NODE_GROWTH[1] * math.sqrt(max(0.0, min(1.0, share))))


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
    """Read the plan and lay out its network (runs in a worker process).

    Args:
        plan: The plan to read (a session of its own is opened).
        positions: Positions of an earlier layout to reuse when the same people are still
            there (e.g. only the board changed).
        progress: Progress and cancel state.
    """
    progress.update(0.0, _("Reading the network…"))
    snapshot = plans.snapshot(plan, skills=False)
    people = list(snapshot.people)
    ids = {p.id for p in people}
    if positions is None or set(positions) != ids:
        positions = layout_positions(people, snapshot.ties, progress=progress.child(0.1, 0.95))
    board = snapshot.boards[0] if snapshot.boards else None
    board_ids = frozenset(s.person_id for s in board.seats) if board else frozenset()
    board_ids = board_ids & ids
    graphs = {relation: department_graph(people, snapshot.ties, relation=relation,
                                         board_ids=board_ids, positions=positions)
              for relation in (None, *domain.RELATIONS)}
    progress.update(1.0)
    return NetworkData(
        people=people, packed_ties=PackedTies.pack(snapshot.ties), positions=positions,
        departments=sorted({p.department for p in people}, key=lambda d: (d == "", d)),
        in_degree=in_degrees(people, snapshot.ties), board_ids=board_ids,
        board_name=board.name if board else "", department_graphs=graphs)


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
                 is_board: bool, in_degree: int, scale: float = 1.0,
                 max_in_degree: int = 0) -> None:
        radius = node_radius(in_degree, max_in_degree, is_board) * scale
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
        self.setToolTip(self.hover_text())

    def hoverEnterEvent(self, event) -> None:
        # The metrics may have arrived since the tooltip was set: refresh it on every hover.
        self.setToolTip(self.hover_text())
        super().hoverEnterEvent(event)

    def hover_text(self) -> str:
        """The tooltip: name, department, title, in-degree and, once computed, the metrics."""
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
        scene = self.scene()
        if isinstance(scene, NetworkScene):
            analysis = scene.analysis.get(person.id)
            if analysis is not None:
                lines.append("")
                lines.extend(metric_lines(analysis))
            elif scene.analysis_pending:
                lines.append(_("Computing the network metrics…"))
        return "\n".join(lines)


def metric_lines(analysis: PersonAnalysis) -> list[str]:
    """One translated line per metric of a person (see the side panel for what they mean)."""
    constraint = ("–" if analysis.constraint is None
                  else format_number(analysis.constraint, 2))
    lines = [
        _("{metric}: {value}").format(metric=_(METRIC_NAMES["in_degree"]),
                                      value=analysis.in_degree),
        _("{metric}: {value}").format(metric=_(METRIC_NAMES["pagerank"]),
                                      value=format_number(analysis.pagerank, 4)),
        _("{metric}: {value}").format(metric=_(METRIC_NAMES["betweenness"]),
                                      value=format_number(analysis.betweenness, 3)),
        _("{metric}: {value}").format(metric=_(METRIC_NAMES["constraint"]), value=constraint),
        _("{metric}: {value}").format(metric=_(METRIC_NAMES["reach_2step"]),
                                      value=_("{percent} %").format(
                                          percent=round(100 * analysis.reach_2step))),
        _("{metric}: {value}").format(
            metric=_(METRIC_NAMES["community"]),
            value="–" if analysis.community is None else analysis.community + 1),
    ]
    if analysis.role_label:
        lines.append(_("{metric}: {value}").format(
            metric=_(METRIC_NAMES["role_label"]), value=role_label_name(analysis.role_label)))
        if analysis.role_reason:
            lines.append(analysis.role_reason)
    else:
        lines.append(_("{metric}: {value}").format(metric=_(METRIC_NAMES["role_label"]),
                                                   value=_("none stands out")))
    return lines


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


class DepartmentItem(QGraphicsEllipseItem):
    """One department in the department-level view: disc area by head count; departments
    with board members get a thick dark outline."""

    def __init__(self, node, center: QPointF, radius: float, color: QColor,
                 cross_ties: int) -> None:
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.department = node.name
        self.headcount = node.headcount
        self.board_members = node.board_members
        self.cross_ties = cross_ties
        self.setPos(center)
        self.setBrush(QBrush(color))
        marked = node.board_members > 0
        pen = QPen(QColor("#111111") if marked else QColor(60, 60, 60, 160))
        pen.setCosmetic(True)
        pen.setWidthF(3.0 if marked else 1.0)
        self.setPen(pen)
        self.setZValue(3)
        self.setAcceptHoverEvents(True)
        self.retranslate()

    def label_text(self) -> str:
        """"Name (n)"."""
        return _("{department} ({n})").format(
            department=self.department or _("no department"), n=self.headcount)

    def retranslate(self) -> None:
        """Set the tooltip in the current language."""
        lines = [self.department or _("no department"),
                 ngettext("{n} person", "{n} people", self.headcount).format(n=self.headcount),
                 ngettext("{n} tie with other departments", "{n} ties with other departments",
                          self.cross_ties).format(n=self.cross_ties)]
        if self.board_members:
            lines.append(ngettext("{n} member of the change board",
                                  "{n} members of the change board",
                                  self.board_members).format(n=self.board_members))
        self.setToolTip("\n".join(lines))


class NetworkScene(QGraphicsScene):
    """The drawn network: one :class:`NodeItem` per person, ties as two path items; or, in
    the department view, one :class:`DepartmentItem` per department and a line per pair of
    departments with ties between them."""

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
        self.department_items: dict[str, DepartmentItem] = {}
        self.department_labels: dict[str, LabelItem] = {}
        self.department_edges: dict[tuple[str, str], QGraphicsLineItem] = {}
        #: Metrics per person id, once the background analysis has finished.
        self.analysis: dict[str, PersonAnalysis] = {}
        self.analysis_pending = False

    def _clear_all(self) -> None:
        self.clear()
        self.node_items.clear()
        self.label_items.clear()
        self.department_items.clear()
        self.department_labels.clear()
        self.department_edges.clear()
        self.tie_item = self.board_tie_item = None

    def show_departments(self, data: NetworkData, graph: DepartmentGraph) -> None:
        """Replace the drawing with one disc per department of ``graph``."""
        self._clear_all()
        self.extent = 600.0
        self.colors = department_colors(data.departments)
        extent = self.extent
        largest = max((d.headcount for d in graph.departments), default=1) or 1
        low, high = DEPARTMENT_RADIUS
        cross = Counter()
        for (a, b), count in graph.edges.items():
            cross[a] += count
            cross[b] += count
        for node in graph.departments:
            x, y = node.position
            radius = low + (high - low) * math.sqrt(node.headcount / largest)
            item = DepartmentItem(node, QPointF(x * extent, y * extent), radius,
                                  self.colors.get(node.name, self.colors[""]), cross[node.name])
            self.addItem(item)
            self.department_items[node.name] = item
            label = LabelItem(item.label_text())
            label.setPos(item.pos())
            self.addItem(label)
            self.department_labels[node.name] = label
        self.place_department_labels()
        self.set_department_edges(graph)
        margin = 80.0
        self.setSceneRect(QRectF(-margin, -margin, extent + 2 * margin, extent + 2 * margin))

    def place_department_labels(self) -> None:
        """Put each department's label next to its disc where it covers no other label or
        disc: below, above, right, left or diagonally, larger departments first.

        Labels keep their size at every zoom level; placement assumes the fitted view
        (about one pixel per scene unit), where overlaps matter most.
        """
        discs = {name: item for name, item in self.department_items.items()}
        taken = [item.sceneBoundingRect() for item in discs.values()]
        for name in sorted(discs, key=lambda n: (-discs[n].rect().width(), n)):
            item, label = discs[name], self.department_labels[name]
            r = item.rect().width() / 2
            size = label.boundingRect()
            w, h = size.width(), size.height()
            d = r * 0.72
            offsets = [(-w / 2, r + 2), (-w / 2, -r - 2 - h), (r + 4, -h / 2),
                       (-r - 4 - w, -h / 2), (d, d), (d, -d - h), (-d - w, d),
                       (-d - w, -d - h)]
            own = item.sceneBoundingRect()
            center = item.pos()
            others = [rect for rect in taken if rect != own]
            rects = [QRectF(center.x() + dx, center.y() + dy, w, h) for dx, dy in offsets]
            covered = [sum((rect & other).width() * (rect & other).height()
                           for other in others) for rect in rects]
            best = min(range(len(offsets)), key=lambda i: (covered[i] > 0, covered[i], i))
            label.setTransform(QTransform.fromTranslate(*offsets[best]))
            taken.append(rects[best])

    def set_department_edges(self, graph: DepartmentGraph) -> None:
        """Draw a line per pair of departments, its width by the number of tied pairs."""
        for item in self.department_edges.values():
            self.removeItem(item)
        self.department_edges.clear()
        heaviest = max(graph.edges.values(), default=1)
        thin, thick = DEPARTMENT_EDGE_WIDTH
        for (a, b), count in sorted(graph.edges.items()):
            first, second = self.department_items.get(a), self.department_items.get(b)
            if first is None or second is None:
                continue
            line = QGraphicsLineItem(QLineF(first.pos(), second.pos()))
            pen = QPen(QColor(60, 60, 60, 110))
            pen.setCosmetic(True)
            pen.setWidthF(thin + (thick - thin) * math.sqrt(count / heaviest))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            line.setPen(pen)
            line.setZValue(1)
            line.setToolTip(ngettext("{a} – {b}: {n} tied pair", "{a} – {b}: {n} tied pairs",
                                     count).format(a=a or _("no department"),
                                                   b=b or _("no department"), n=count))
            line.setData(0, count)
            self.addItem(line)
            self.department_edges[(a, b)] = line

    def focus_department(self, department: str | None) -> None:
        """Dim every person or department outside ``department`` (``None``: nobody)."""
        for node in self.node_items.values():
            inside = department is None or node.person.department == department
            node.setOpacity(1.0 if inside else DIM_OPACITY)
            label = self.label_items.get(node.person.id)
            if label is not None:
                label.setOpacity(1.0 if inside else DIM_OPACITY)
        for name, item in self.department_items.items():
            inside = department is None or name == department
            item.setOpacity(1.0 if inside else DIM_OPACITY)
            self.department_labels[name].setOpacity(1.0 if inside else DIM_OPACITY)
        for (a, b), line in self.department_edges.items():
            line.setVisible(department is None or department in (a, b))

    def show_network(self, data: NetworkData, pairs: Sequence[tuple[str, str]]) -> None:
        """Replace the drawing with ``data``, drawing the ties in ``pairs``."""
        self._clear_all()
        # Scale so that the average distance between neighbours stays about the same.
        self.extent = max(600.0, 60.0 * len(data.people) ** 0.5)
        self.colors = department_colors(data.departments)
        extent = self.extent
        # In big plans people sit closer (in scene units): larger discs keep the department
        # colours visible in the overview, fainter ties keep them from being drowned.
        large = len(data.people) > 1000
        self.node_scale = 1.6 if large else 1.0
        self.tie_alpha = 30 if large else 55
        max_in_degree = max(data.in_degree.values(), default=0)
        for person in data.people:
            x, y = data.positions.get(person.id, (0.5, 0.5))
            node = NodeItem(person, QPointF(x * extent, y * extent),
                            self.colors.get(person.department, self.colors[""]),
                            person.id in data.board_ids, data.in_degree.get(person.id, 0),
                            self.node_scale, max_in_degree)
            self.addItem(node)
            self.node_items[person.id] = node
            if node.is_board:
                label = LabelItem(person.name)
                offset = node.rect().width() / 2
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
        self.drawn_pairs: list[tuple[str, str]] = []
        for a, b in pairs:
            first, second = self.node_items.get(a), self.node_items.get(b)
            if first is None or second is None:
                continue
            self.drawn_pairs.append((a, b))
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
        for item in self.department_items.values():
            item.retranslate()
            self.department_labels[item.department].setText(item.label_text())


class NetworkView(QGraphicsView):
    """Zooms with the wheel around the cursor and pans by dragging.

    Until the user zooms, the drawing is fitted into the view whenever the view is resized.
    Shift+drag from one person to another draws a new tie (Esc cancels).

    Signals:
        tie_drawn(str, str): the user drew a tie from the first person to the second.
    """

    tie_drawn = Signal(str, str)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        #: The person a tie is being drawn from, and the rubber-band line.
        self._link_source: NodeItem | None = None
        self._link_line: QGraphicsLineItem | None = None
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

    def node_at(self, position) -> NodeItem | None:
        """The person drawn at a viewport position, if any."""
        for item in self.items(position):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event) -> None:
        node = (self.node_at(event.position().toPoint())
                if event.button() == Qt.MouseButton.LeftButton
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier else None)
        if node is None:
            super().mousePressEvent(event)
            return
        self._link_source = node
        self._link_line = QGraphicsLineItem(QLineF(node.pos(), node.pos()))
        pen = QPen(QColor("#d6604d"))
        pen.setCosmetic(True)
        pen.setWidthF(2.0)
        pen.setStyle(Qt.PenStyle.DashLine)
        self._link_line.setPen(pen)
        self._link_line.setZValue(10)
        self.scene().addItem(self._link_line)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if self._link_line is None:
            super().mouseMoveEvent(event)
            return
        line = self._link_line.line()
        line.setP2(self.mapToScene(event.position().toPoint()))
        self._link_line.setLine(line)
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if self._link_line is None:
            super().mouseReleaseEvent(event)
            return
        source = self._link_source
        target = self.node_at(event.position().toPoint())
        self._end_link()
        if source is not None and target is not None and target is not source:
            self.tie_drawn.emit(source.person.id, target.person.id)
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self._link_line is not None:
            self._end_link()
            event.accept()
            return
        super().keyPressEvent(event)

    def _end_link(self) -> None:
        if self._link_line is not None and self._link_line.scene() is not None:
            self._link_line.scene().removeItem(self._link_line)
        self._link_line = None
        self._link_source = None
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().unsetCursor()

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
        self._analysis_task = None
        #: "people", "departments" or ``None`` (automatic: departments above the threshold).
        self.view_choice: str | None = None
        self.data = NetworkData()
        self.shown_ties = 0
        self.total_ties = 0

        self.scene = NetworkScene(self)
        self.view = NetworkView(self.scene)
        self.view.setObjectName("networkView")
        self.view.tie_drawn.connect(self.add_tie)

        self.relation_label = QLabel()
        self.relation_combo = QComboBox()
        self.relation_combo.addItem("", None)
        for relation in domain.RELATIONS:
            self.relation_combo.addItem("", relation)
        self.relation_label.setBuddy(self.relation_combo)
        self.department_label = QLabel()
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("networkDepartmentFilter")
        self.department_combo.addItem("", None)
        self.department_combo.setMinimumContentsLength(12)
        self.department_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.department_label.setBuddy(self.department_combo)
        self.people_button = QPushButton()
        self.departments_button = QPushButton()
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        for button in (self.people_button, self.departments_button):
            button.setCheckable(True)
            self.view_buttons.addButton(button)
        self.people_button.setChecked(True)
        self.export_button = QPushButton()
        self.export_menu = QMenu(self)
        self.export_png_action = self.export_menu.addAction("")
        self.export_svg_action = self.export_menu.addAction("")
        self.export_button.setMenu(self.export_menu)
        self.zoom_in_button = QPushButton()
        self.zoom_out_button = QPushButton()
        self.fit_button = QPushButton()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setVisible(False)
        self.status_label = QLabel()
        self.status_label.setObjectName("networkStatus")
        self.status_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.relation_label)
        top.addWidget(self.relation_combo)
        top.addWidget(self.department_label)
        top.addWidget(self.department_combo)
        top.addSpacing(12)
        top.addWidget(self.people_button)
        top.addWidget(self.departments_button)
        top.addSpacing(12)
        top.addWidget(self.zoom_out_button)
        top.addWidget(self.zoom_in_button)
        top.addWidget(self.fit_button)
        top.addWidget(self.export_button)
        top.addSpacing(12)
        top.addWidget(self.progress_bar)
        top.addStretch(1)

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
        self.mode_label = QLabel()
        self.mode_label.setObjectName("networkModeLabel")
        self.mode_label.setWordWrap(True)
        self.metrics_title = QLabel()
        self.metrics_title.setStyleSheet("font-weight: bold;")
        self.metrics_label = QLabel()
        self.metrics_label.setObjectName("networkMetricsHelp")
        self.metrics_label.setWordWrap(True)
        self.metrics_label.setTextFormat(Qt.TextFormat.RichText)
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        self.help_label.setStyleSheet("color: palette(placeholder-text);")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(self.status_label)
        side_layout.addSpacing(6)
        side_layout.addWidget(self.legend_title)
        side_layout.addWidget(self.legend_body)
        side_layout.addSpacing(10)
        side_layout.addWidget(self.board_legend)
        side_layout.addSpacing(10)
        side_layout.addWidget(self.sample_label)
        side_layout.addSpacing(10)
        side_layout.addWidget(self.mode_label)
        side_layout.addSpacing(10)
        side_layout.addWidget(self.metrics_title)
        side_layout.addWidget(self.metrics_label)
        side_layout.addStretch(1)
        side_layout.addWidget(self.help_label)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFixedWidth(280)
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
        self.department_combo.currentIndexChanged.connect(self._department_chosen)
        self.people_button.clicked.connect(lambda: self.set_view("people"))
        self.departments_button.clicked.connect(lambda: self.set_view("departments"))
        self.export_png_action.triggered.connect(lambda: self.export_with_dialog("png"))
        self.export_svg_action.triggered.connect(lambda: self.export_with_dialog("svg"))

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
        self.department_label.setText(_("&Department:"))
        self.department_combo.setItemText(0, _("all departments"))
        self.department_combo.setToolTip(_("Dim everyone outside one department"))
        for i in range(1, self.department_combo.count()):
            if not self.department_combo.itemData(i):
                self.department_combo.setItemText(i, _("no department"))
        self.people_button.setText(_("People"))
        self.people_button.setToolTip(_("One disc per person"))
        self.departments_button.setText(_("Departments"))
        self.departments_button.setToolTip(_("One disc per department, lines by the ties "
                                             "between them"))
        self.export_button.setText(_("Export"))
        self.export_button.setToolTip(_("Save the current view as an image"))
        self.export_png_action.setText(_("PNG image…"))
        self.export_svg_action.setText(_("SVG drawing…"))
        self.metrics_title.setText(_("What the numbers mean"))
        self.metrics_label.setText("".join(
            f"<p><b>{escape(_(name))}</b>: {escape(_(METRIC_EXPLANATIONS[key]))}</p>"
            for key, name in METRIC_NAMES.items()))
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
        self._cancel_analysis()
        plan = self.context.plan
        if plan is None:
            self._show(NetworkData(), refit=True)
            return
        # Only the board or the ties changed: keep everyone where they are.
        reuse = (dict(self.data.positions)
                 if kind in ("board", "ties") and self.data.positions else None)
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self._task = self.context.runner.start(
            load_network, plan, reuse, isolate=True,
            on_progress=lambda fraction, _msg: self._progress(generation, fraction),
            on_finished=lambda data: self._loaded(generation, data, refit=reuse is None),
            on_failed=lambda message, _user: self._failed(generation, message),
            on_cancelled=lambda: self._finished_task(generation))
        self._update_status()

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
        self._start_analysis(generation)

    # -- metrics on hover ------------------------------------------------------------

    @property
    def analysing(self) -> bool:
        """Whether the metrics shown on hover are being computed."""
        return self._analysis_task is not None

    def _cancel_analysis(self) -> None:
        if self._analysis_task is not None:
            self._analysis_task.cancel()
            self._analysis_task = None
        self.scene.analysis = {}
        self.scene.analysis_pending = False

    def _start_analysis(self, generation: int) -> None:
        self._cancel_analysis()
        if not self.data.people:
            return
        self.scene.analysis_pending = True
        self._analysis_task = self.context.runner.start(
            board_service.analyze_plan, self.context.plan, isolate=True,
            on_finished=lambda result: self._analysed(generation, result),
            on_failed=lambda _message, _user: self._analysis_ended(generation),
            on_cancelled=lambda: self._analysis_ended(generation))

    def _analysis_ended(self, generation: int) -> None:
        if generation == self._generation:
            self._analysis_task = None
            self.scene.analysis_pending = False

    def _analysed(self, generation: int, result: list[PersonAnalysis]) -> None:
        if generation != self._generation:
            return
        self._analysis_ended(generation)
        self.scene.analysis = {a.id: a for a in result}

    def hover_text(self, person_id: str) -> str:
        """What hovering over a person shows (their metrics once computed)."""
        node = self.scene.node_items.get(person_id)
        return node.hover_text() if node is not None else ""

    # -- people or departments -------------------------------------------------------

    def view_mode(self) -> str:
        """ "people" or "departments": the user's choice, else by the plan's size."""
        if self.view_choice is not None:
            return self.view_choice
        if len(self.data.people) > DEPARTMENT_VIEW_THRESHOLD:
            return "departments"
        return "people"

    def set_view(self, mode: str | None) -> None:
        """Show people or departments (``None``: choose by the plan's size)."""
        self.view_choice = mode
        if self.data.people:
            self._show(self.data, refit=True)
        else:
            self._sync_view_buttons()

    def _sync_view_buttons(self) -> None:
        mode = self.view_mode()
        self.people_button.setChecked(mode == "people")
        self.departments_button.setChecked(mode == "departments")

    def _refresh_department_combo(self) -> None:
        combo = self.department_combo
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for department in self.data.departments:
            combo.addItem(department or _("no department"), department)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _department_chosen(self, _index: int) -> None:
        if not self.data.people:
            return
        if self.view_mode() == "people":
            self.scene.set_ties(self._pairs(), self.data.board_ids)
        self.scene.focus_department(self.department_combo.currentData())
        self._update_status()

    # -- export ----------------------------------------------------------------------

    def export_image(self, path: str | Path) -> Path:
        """Save the current view (people or departments, as filtered) as PNG or SVG.

        The format follows the file's suffix (``.svg``, otherwise PNG).
        """
        path = Path(path)
        rect = self.scene.itemsBoundingRect().adjusted(-30, -30, 30, 30)
        if rect.isEmpty():
            rect = self.scene.sceneRect()
        longest = max(rect.width(), rect.height(), 1.0)
        factor = 1600.0 / longest
        size = QSize(max(1, round(rect.width() * factor)), max(1, round(rect.height() * factor)))
        target = QRectF(0, 0, size.width(), size.height())
        if path.suffix.lower() == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(size)
            generator.setViewBox(target)
            generator.setTitle(_("Influence network"))
            generator.setDescription(self.status_label.text())
            painter = QPainter(generator)
            painter.fillRect(target, QColor("#ffffff"))
            self.scene.render(painter, target, rect, Qt.AspectRatioMode.KeepAspectRatio)
            painter.end()
        else:
            image = QImage(size, QImage.Format.Format_ARGB32)
            image.fill(QColor("#ffffff"))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            self.scene.render(painter, target, rect, Qt.AspectRatioMode.KeepAspectRatio)
            painter.end()
            if not image.save(str(path), "PNG"):
                raise OSError(_("Could not write {file}.").format(file=str(path)))
        return path

    def export_with_dialog(self, kind: str) -> Path | None:
        """Ask where to save the view as ``kind`` ("png" or "svg") and save it."""
        if kind == "svg":
            filters = _("SVG drawing (*.svg)")
        else:
            filters = _("PNG image (*.png)")
        name, _chosen = QFileDialog.getSaveFileName(
            self, _("Export the network view"), f"network.{kind}", filters)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        try:
            return self.export_image(path)
        except OSError as exc:
            QMessageBox.warning(self, _("Export failed"), str(exc))
            return None

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._finished_task(generation)
        self.status_label.setText(_("The network could not be drawn: {reason}").format(
            reason=message))

    def _show(self, data: NetworkData, refit: bool) -> None:
        analysis, pending = self.scene.analysis, self.scene.analysis_pending
        self.data = data
        self._refresh_department_combo()
        self._sync_view_buttons()
        if self.view_mode() == "departments" and data.department_graphs:
            self.shown_ties = self.total_ties = 0
            self.scene.show_departments(data, self._department_graph())
        else:
            self.scene.show_network(data, self._pairs())
        self.scene.analysis, self.scene.analysis_pending = analysis, pending
        self.scene.focus_department(self.department_combo.currentData())
        self._update_legend()
        self._update_status()
        if refit or self.view.auto_fit:
            self.view.fit()

    def _department_graph(self) -> DepartmentGraph:
        graphs = self.data.department_graphs
        return graphs.get(self.relation_combo.currentData(), graphs.get(None, DepartmentGraph()))

    def _pairs(self) -> list[tuple[str, str]]:
        data = self.data
        known = set(data.positions)
        department = self.department_combo.currentData()
        ties: Sequence[domain.Tie] = data.ties
        if department is not None:
            # Only ties touching the chosen department: the others would be dimmed anyway.
            inside = {p.id for p in data.people if p.department == department}
            ties = [t for t in ties if t.source in inside or t.target in inside]
        pairs, total = select_ties(ties, relation=self.relation_combo.currentData(),
                                   highlight=data.board_ids, known=known)
        self.shown_ties, self.total_ties = len(pairs), total
        return pairs

    def add_tie(self, source: str, target: str) -> None:
        """Add a tie drawn in the view (the relation shown, else advice), undoably."""
        plan = self.context.plan
        if plan is None:
            return
        names = {p.id: p.name for p in self.data.people}
        relation = self.relation_combo.currentData() or "advice"
        text = _("Add tie {source} → {target}").format(source=names.get(source, source),
                                                       target=names.get(target, target))
        self.context.undo_stack.push(AddTie(
            plan, domain.Tie(source, target, relation), text=text,
            done=lambda: self._tie_added(text), failed=self.context.status_message.emit))

    def _tie_added(self, text: str) -> None:
        self.context.status_message.emit(text)
        self.context.data_changed.emit("ties")

    def _relation_chosen(self, _index: int) -> None:
        if not self.data.people:
            return
        if self.view_mode() == "departments":
            self.scene.set_department_edges(self._department_graph())
            self.scene.focus_department(self.department_combo.currentData())
        else:
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
        self._update_mode_label()
        if self.data.people and self.view_mode() == "departments":
            graph = self._department_graph()
            self.sample_label.setText(ngettext(
                "{n} pair of departments with ties between them; line width: tied pairs "
                "of people.",
                "{n} pairs of departments with ties between them; line width: tied pairs "
                "of people.", len(graph.edges)).format(n=len(graph.edges)))
        elif self.total_ties > self.shown_ties:
            self.sample_label.setText(_(
                "{total} ties: a sample of {shown} is drawn, including every tie of a board "
                "member, so the picture stays readable.").format(
                total=self.total_ties, shown=self.shown_ties))
        elif self.data.people:
            self.sample_label.setText(ngettext("{n} tie drawn.", "{n} ties drawn.",
                                               self.total_ties).format(n=self.total_ties))
        else:
            self.sample_label.setText("")

    def _update_mode_label(self) -> None:
        if not self.data.people:
            self.mode_label.setText("")
        elif self.view_mode() == "people":
            self.mode_label.setText(_("One disc per person; the more colleagues come to a "
                                      "person, the larger the disc. Shift+drag from one "
                                      "person to another to add a tie."))
        elif self.view_choice is None:
            self.mode_label.setText(_(
                "More than {limit} people: one disc per department (area by head count), "
                "so the view stays quick instead of drawing every person. Choose “People” "
                "to draw everyone.").format(limit=DEPARTMENT_VIEW_THRESHOLD))
        else:
            self.mode_label.setText(_("One disc per department (area by head count); "
                                      "choose “People” to draw everyone."))

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
        if self.data.board_ids and self.view_mode() == "departments":
            self.board_legend.setText(ngettext(
                "Thick dark outline: departments with members of the board “{board}” "
                "({n} member).",
                "Thick dark outline: departments with members of the board “{board}” "
                "({n} members).",
                len(self.data.board_ids)).format(n=len(self.data.board_ids),
                                                 board=self.data.board_name))
        elif self.data.board_ids:
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
