"""The Network page: background layout, one node per person, board highlighted, zoom and pan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsView

from changeplanner import domain
from changeplanner.ui.network_page import (
    BOARD_NODE_RADIUS,
    MAX_DRAWN_TIES,
    NODE_RADIUS,
    NetworkPage,
    node_radius,
    select_ties,
)
from tests.ui.views_helpers import make_org_plan, person_id, save_board

BOARD = [person_id(1), person_id(2), person_id(8)]

# Showing a top-level widget on the offscreen platform logs this harmless notice.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def open_page(qtbot, context, plan) -> NetworkPage:
    page = NetworkPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activateWindow()
    context.set_plan(plan)
    assert page.loading  # the layout runs in the background, set_plan returned at once
    qtbot.waitUntil(lambda: not page.loading and bool(page.scene.node_items), timeout=15_000)
    return page


@pytest.fixture
def page(qtbot, context, tmp_path):
    plan = make_org_plan(tmp_path / "org.changeplan", people=40)
    save_board(plan, [person_id(5)], name="Old board")
    save_board(plan, BOARD, name="Latest board")
    return open_page(qtbot, context, plan)


def test_one_node_per_person_and_board_highlighted(page):
    nodes = page.scene.node_items
    assert len(nodes) == 40
    assert {pid for pid, node in nodes.items() if node.is_board} == set(BOARD)
    member, other = nodes[person_id(1)], nodes[person_id(3)]
    max_in = max(node.in_degree for node in nodes.values())
    assert member.rect().width() == pytest.approx(
        2 * node_radius(member.in_degree, max_in, True))
    assert other.rect().width() == pytest.approx(2 * node_radius(other.in_degree, max_in, False))
    # Board members stay larger than anyone else with the same in-degree.
    assert node_radius(3, max_in, True) > node_radius(3, max_in, False)
    assert 2 * NODE_RADIUS * 0.7 < other.rect().width() < 2 * BOARD_NODE_RADIUS * 1.8
    assert member.pen().widthF() > other.pen().widthF()
    assert member.zValue() > other.zValue()
    # Board members are named; nobody else is.
    assert {pid: label.text() for pid, label in page.scene.label_items.items()} == {
        pid: nodes[pid].person.name for pid in BOARD}
    # People of one department share a colour; different departments differ.
    colors = {}
    for node in nodes.values():
        colors.setdefault(node.person.department, set()).add(node.brush().color().name())
    assert all(len(c) == 1 for c in colors.values())
    assert len({next(iter(c)) for c in colors.values()}) == len(colors)
    assert "Latest board" in page.board_legend.text()


def test_tooltip_names_department_title_and_in_degree(page, context):
    node = page.scene.node_items[person_id(1)]
    tooltip = node.toolTip()
    in_degree = len({t.source for t in _ties(context) if t.target == person_id(1)
                     and t.source != person_id(1)})
    assert in_degree > 0
    assert node.person.name in tooltip
    assert "Kundenservice 1st Level" in tooltip
    assert "Teamleitung" in tooltip
    assert f"Sought out by {in_degree} colleagues" in tooltip
    assert "Member of the change board" in tooltip


def _ties(context):
    from changeplanner.services.plans import snapshot

    return snapshot(context.plan).ties


def test_positions_fill_the_scene_and_view_fits(page):
    xs = [n.pos().x() for n in page.scene.node_items.values()]
    ys = [n.pos().y() for n in page.scene.node_items.values()]
    extent = page.scene.extent
    assert min(xs) >= 0 and max(xs) <= extent and min(ys) >= 0 and max(ys) <= extent
    assert max(xs) - min(xs) > extent / 2 or max(ys) - min(ys) > extent / 2
    visible = page.view.mapToScene(page.view.viewport().rect()).boundingRect()
    assert visible.contains(page.scene.itemsBoundingRect())


def test_wheel_and_shortcuts_zoom(page, qtbot):
    view = page.view
    start = view.transform().m11()
    center = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(center, QPointF(view.viewport().mapToGlobal(center.toPoint())),
                        QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    after_wheel = view.transform().m11()
    assert after_wheel > start * 1.1
    assert not view.auto_fit

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    after_plus = view.transform().m11()
    assert after_plus > after_wheel
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() < after_plus
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.transform().m11() == pytest.approx(start, rel=1e-3)
    assert view.auto_fit

    # The buttons do the same.
    qtbot.mouseClick(page.zoom_in_button, Qt.MouseButton.LeftButton)
    assert view.transform().m11() > start
    qtbot.mouseClick(page.fit_button, Qt.MouseButton.LeftButton)
    assert view.transform().m11() == pytest.approx(start, rel=1e-3)


def test_pan_by_dragging(page, qtbot):
    view = page.view
    assert view.dragMode() == QGraphicsView.DragMode.ScrollHandDrag
    for _step in range(4):
        view.zoom_in()
    before = view.mapToScene(view.viewport().rect().center())
    start = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(60, 40))
    qtbot.mouseMove(view.viewport(), start + QPoint(120, 80))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(120, 80))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() < before.x() and after.y() < before.y()


def test_relation_filter_draws_only_that_relation(page, context):
    ties = _ties(context)
    trust_pairs = {tuple(sorted((t.source, t.target))) for t in ties
                   if t.relation == "trust" and t.source != t.target}
    page.relation_combo.setCurrentIndex(page.relation_combo.findData("trust"))
    assert page.total_ties == page.shown_ties == len(trust_pairs) > 0
    page.relation_combo.setCurrentIndex(0)
    all_pairs = {tuple(sorted((t.source, t.target))) for t in ties if t.source != t.target}
    assert page.total_ties == len(all_pairs)
    assert "ties drawn" in page.sample_label.text()


def test_new_board_is_highlighted_without_a_new_layout(page, qtbot, context):
    positions = {pid: node.pos() for pid, node in page.scene.node_items.items()}
    save_board(context.plan, [person_id(3), person_id(4)], name="Newest")
    context.data_changed.emit("board")
    qtbot.waitUntil(lambda: not page.loading and page.scene.node_items[person_id(3)].is_board)
    assert not page.scene.node_items[person_id(1)].is_board
    assert {pid: node.pos() for pid, node in page.scene.node_items.items()} == positions
    # Unrelated changes do not redraw.
    context.data_changed.emit("skills")
    assert not page.loading


def test_many_ties_are_sampled_and_the_label_says_so(qtbot, context, tmp_path):
    plan = make_org_plan(tmp_path / "big.changeplan", people=200, extra_ties=3600)
    save_board(plan, BOARD)
    page = open_page(qtbot, context, plan)
    assert len(page.scene.node_items) == 200
    assert page.total_ties > MAX_DRAWN_TIES
    assert page.shown_ties < page.total_ties
    assert "sample" in page.sample_label.text()
    assert str(page.total_ties) in page.sample_label.text()


def test_select_ties_is_deterministic_and_keeps_board_ties():
    people = [f"x{i:04d}" for i in range(400)]
    ties = [domain.Tie(source=people[i], target=people[(i * 7 + k) % 400], relation="advice")
            for i in range(400) for k in range(1, 30)]
    board = {people[0], people[1]}
    first, total = select_ties(ties, highlight=board, limit=1000)
    second, _total = select_ties(ties, highlight=board, limit=1000)
    assert first == second
    assert total > 1000
    board_pairs = {tuple(sorted((t.source, t.target))) for t in ties
                   if t.source in board or t.target in board}
    assert board_pairs <= set(first)
    assert len(first) <= 1000 + len(board_pairs)
    # Below the limit everything is drawn, once per pair.
    few, total_few = select_ties(ties[:50] + [domain.Tie(ties[0].target, ties[0].source)])
    assert total_few == len(few) == 50


def test_no_plan_and_empty_plan(qtbot, context, tmp_path):
    from changeplanner.store.db import create_plan

    page = NetworkPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.status_label.text() == "No plan is open."
    context.set_plan(create_plan(tmp_path / "empty.changeplan"))
    qtbot.waitUntil(lambda: not page.loading)
    assert page.scene.node_items == {}
    assert "No people" in page.status_label.text()


def test_a_hidden_page_loads_when_it_is_shown(qtbot, context, tmp_path):
    page = NetworkPage(context)
    qtbot.addWidget(page)
    context.set_plan(make_org_plan(tmp_path / "org.changeplan", people=12))
    assert not page.loading and page.scene.node_items == {}  # hidden: nothing read yet
    page.show()
    qtbot.waitUntil(lambda: not page.loading and len(page.scene.node_items) == 12,
                    timeout=15_000)


def _tie_set(context) -> set[tuple[str, str, str]]:
    return {(t.source, t.target, t.relation) for t in _ties(context)}


def test_shift_drag_from_one_person_to_another_adds_a_tie_with_undo(page, qtbot, context):
    page.relation_combo.setCurrentIndex(page.relation_combo.findData("trust"))
    source, target = person_id(3), person_id(30)
    assert (source, target, "trust") not in _tie_set(context)
    positions = {pid: node.pos() for pid, node in page.scene.node_items.items()}
    view = page.view
    start = view.mapFromScene(page.scene.node_items[source].pos())
    end = view.mapFromScene(page.scene.node_items[target].pos())
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, shift, start)
    assert view.dragMode() == QGraphicsView.DragMode.NoDrag  # drawing, not panning
    qtbot.mouseMove(view.viewport(), (start + end) / 2)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, shift, end)
    assert (source, target, "trust") in _tie_set(context)
    assert context.undo_stack.undoText().startswith("Add tie")
    # The network is drawn again with everyone where they were.
    qtbot.waitUntil(lambda: not page.loading)
    assert {pid: node.pos() for pid, node in page.scene.node_items.items()} == positions
    assert view.dragMode() == QGraphicsView.DragMode.ScrollHandDrag
    context.undo_stack.undo()
    assert (source, target, "trust") not in _tie_set(context)


def test_a_drag_that_ends_on_no_one_or_escape_adds_nothing(page, qtbot, context):
    before = _tie_set(context)
    view = page.view
    start = view.mapFromScene(page.scene.node_items[person_id(3)].pos())
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, shift, start)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, shift, QPoint(2, 2))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, shift, start)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.dragMode() == QGraphicsView.DragMode.ScrollHandDrag
    assert _tie_set(context) == before and context.undo_stack.count() == 0


def test_department_labels_do_not_cover_each_other(qtbot, context, tmp_path):
    from changeplanner.services.demo import create_demo
    from changeplanner.store.db import open_plan

    plan = open_plan(create_demo(tmp_path / "demo.changeplan", people=300))
    page = open_page(qtbot, context, plan)
    page.set_view("departments")
    qtbot.waitUntil(lambda: bool(page.scene.department_labels), timeout=10_000)
    rects = []
    for label in page.scene.department_labels.values():
        offset = label.transform().map(QPointF(0, 0))
        size = label.boundingRect()
        rects.append((label.pos().x() + offset.x(), label.pos().y() + offset.y(),
                      size.width(), size.height()))
    assert len(rects) >= 8
    for i, (x1, y1, w1, h1) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1:]:
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


def test_packed_ties_travel_as_arrays_and_unpack_to_the_same_ties():
    from changeplanner.ui.network_page import PackedTies

    ties = (domain.Tie("a", "b", "trust", 2.5), domain.Tie("b", "c"),
            domain.Tie("c", "a", "reports_to", 0.5))
    packed = PackedTies.pack(ties)
    assert packed.unpack() == ties
    assert len(packed.ids) == 3 and packed.relations == bytes([2, 0, 4])
    assert PackedTies().unpack() == ()
