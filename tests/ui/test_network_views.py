"""Network page, issue 4: sizes by influence, department filter, metrics on hover, the
department-level view (automatic above 1,000 people) and PNG/SVG export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QGraphicsSceneHoverEvent

from changeplanner.analysis.ona import METRIC_EXPLANATIONS
from changeplanner.store import repo
from changeplanner.store.db import create_plan
from changeplanner.ui.network_page import (
    DEPARTMENT_VIEW_THRESHOLD,
    DIM_OPACITY,
    NetworkPage,
)
from tests.ui.views_helpers import (
    DEPARTMENTS,
    build_people,
    build_ties,
    make_org_plan,
    person_id,
    save_board,
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
BOARD = [person_id(1), person_id(2), person_id(8)]


def open_page(qtbot, context, plan) -> NetworkPage:
    page = NetworkPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    context.set_plan(plan)
    qtbot.waitUntil(lambda: not page.loading and bool(
        page.scene.node_items or page.scene.department_items), timeout=30_000)
    return page


@pytest.fixture
def page(qtbot, context, tmp_path):
    plan = make_org_plan(tmp_path / "org.changeplan", people=40)
    save_board(plan, BOARD, name="Latest board")
    return open_page(qtbot, context, plan)


def lean_plan(path, people: int):
    """People and ties only (no skills): quick to build even above 1,000 people."""
    plan = create_plan(path, name="Big")
    everyone = build_people(people)
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=everyone)
        repo.upsert_ties(session=session, ties=build_ties(everyone))
    return plan, everyone


def _snapshot(context):
    from changeplanner.services.plans import snapshot

    return snapshot(context.plan)


def test_node_sizes_grow_with_in_degree(page):
    nodes = [n for n in page.scene.node_items.values() if not n.is_board]
    by_degree = sorted(nodes, key=lambda n: n.in_degree)
    widths = [n.rect().width() for n in by_degree]
    assert widths == sorted(widths)
    assert by_degree[0].in_degree < by_degree[-1].in_degree
    assert widths[-1] > widths[0] * 1.3
    # In-degree is the number of distinct colleagues who come to the person.
    ties = _snapshot(page.context).ties
    most = by_degree[-1].person.id
    assert by_degree[-1].in_degree == len({t.source for t in ties
                                           if t.target == most and t.source != most})
    # Board members are still outlined and named whatever their size.
    assert all(page.scene.node_items[pid].pen().widthF() > nodes[0].pen().widthF()
               for pid in BOARD)


def test_department_filter_dims_the_others_and_their_ties(page, qtbot):
    combo = page.department_combo
    assert [combo.itemText(i) for i in range(combo.count())][0] == "all departments"
    assert {combo.itemData(i) for i in range(1, combo.count())} == set(DEPARTMENTS)
    all_pairs = len(page.scene.drawn_pairs)
    combo.setCurrentIndex(combo.findData("IT"))
    inside = {pid for pid, n in page.scene.node_items.items() if n.person.department == "IT"}
    assert len(inside) == 8
    for pid, node in page.scene.node_items.items():
        assert node.opacity() == (1.0 if pid in inside else pytest.approx(DIM_OPACITY))
    assert page.scene.drawn_pairs
    assert all(a in inside or b in inside for a, b in page.scene.drawn_pairs)
    assert len(page.scene.drawn_pairs) < all_pairs
    # Board labels outside IT are dimmed too.
    assert page.scene.label_items[person_id(1)].opacity() == pytest.approx(DIM_OPACITY)
    combo.setCurrentIndex(0)
    assert all(n.opacity() == 1.0 for n in page.scene.node_items.values())
    assert len(page.scene.drawn_pairs) == all_pairs


def test_hover_shows_metrics_once_computed_and_the_panel_explains_them(page, qtbot):
    qtbot.waitUntil(lambda: not page.analysing and bool(page.scene.analysis), timeout=15_000)
    pid = person_id(1)
    analysis = page.scene.analysis[pid]
    node = page.scene.node_items[pid]
    node.hoverEnterEvent(QGraphicsSceneHoverEvent(QEvent.Type.GraphicsSceneHoverEnter))
    text = node.toolTip()
    assert text == page.hover_text(pid)
    assert f"In-degree: {analysis.in_degree}" in text
    assert f"PageRank: {analysis.pagerank:.4f}" in text
    assert f"Betweenness: {analysis.betweenness:.3f}" in text
    assert f"Constraint: {analysis.constraint:.2f}" in text
    assert f"2-step reach: {round(100 * analysis.reach_2step)} %" in text
    assert f"Community: {analysis.community + 1}" in text
    assert analysis.role_label  # person 1 is sought out by many: a central connector
    assert "Role: Central connector" in text
    assert analysis.role_reason and analysis.role_reason in text
    panel = page.metrics_label.text()
    assert page.metrics_title.text() == "What the numbers mean"
    for key in ("in_degree", "pagerank", "betweenness", "constraint", "reach_2step",
                "community", "role_label"):
        assert METRIC_EXPLANATIONS[key].replace("'", "&#x27;") in panel


def test_department_view_is_automatic_above_the_threshold(qtbot, context, tmp_path):
    people = DEPARTMENT_VIEW_THRESHOLD + 100
    plan, everyone = lean_plan(tmp_path / "big.changeplan", people)
    save_board(plan, [person_id(1), person_id(3)], name="Big board")
    page = open_page(qtbot, context, plan)
    assert page.view_mode() == "departments" and page.departments_button.isChecked()
    assert page.scene.node_items == {}  # no person drawn on the GUI thread
    heads = Counter(p.department for p in everyone)
    items = page.scene.department_items
    assert {name: item.headcount for name, item in items.items()} == heads
    assert {name: label.text() for name, label in page.scene.department_labels.items()} == {
        name: f"{name} ({n})" for name, n in heads.items()}
    # Disc size by head count, board members' departments outlined.
    assert items[DEPARTMENTS[0]].rect().width() >= items[DEPARTMENTS[-1]].rect().width()
    marked = {name for name, item in items.items() if item.board_members}
    assert marked == {everyone[0].department, everyone[2].department}
    assert all(items[n].pen().widthF() > items[m].pen().widthF()
               for n in marked for m in set(items) - marked)
    # Edge widths follow the number of tied pairs across departments.
    dept = {p.id: p.department for p in everyone}
    pairs = {tuple(sorted((t.source, t.target))) for t in _snapshot(context).ties
             if dept[t.source] != dept[t.target]}
    expected = Counter(tuple(sorted((dept[a], dept[b]))) for a, b in pairs)
    edges = page.scene.department_edges
    assert {key: line.data(0) for key, line in edges.items()} == dict(expected)
    heaviest = max(expected, key=expected.get)
    lightest = min(expected, key=expected.get)
    if expected[heaviest] > expected[lightest]:
        assert edges[heaviest].pen().widthF() > edges[lightest].pen().widthF()
    assert "More than 1000 people" in page.mode_label.text()
    # The person view stays available on demand.
    qtbot.mouseClick(page.people_button, Qt.MouseButton.LeftButton)
    assert page.view_mode() == "people"
    assert len(page.scene.node_items) == people and page.scene.department_items == {}


def test_department_toggle_filter_and_export(page, qtbot, tmp_path, monkeypatch):
    assert page.view_mode() == "people"
    qtbot.mouseClick(page.departments_button, Qt.MouseButton.LeftButton)
    assert page.view_mode() == "departments" and page.scene.node_items == {}
    assert len(page.scene.department_items) == len(DEPARTMENTS)
    assert all(item.headcount == 8 for item in page.scene.department_items.values())
    page.department_combo.setCurrentIndex(page.department_combo.findData("IT"))
    for name, item in page.scene.department_items.items():
        assert item.opacity() == (1.0 if name == "IT" else pytest.approx(DIM_OPACITY))
    assert all(("IT" in key) == line.isVisible()
               for key, line in page.scene.department_edges.items())
    page.department_combo.setCurrentIndex(0)

    png = page.export_image(tmp_path / "net.png")
    image = QImage(str(png))
    assert not image.isNull() and max(image.width(), image.height()) == 1600
    # Not a blank picture: department colours are in it.
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 5

    chosen = tmp_path / "chosen"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(chosen), "")))
    svg = page.export_with_dialog("svg")
    assert svg == tmp_path / "chosen.svg" and svg.exists()
    root = ET.parse(svg).getroot()
    texts = " ".join("".join(el.itertext()) for el in root.iter()
                     if el.tag.endswith("text"))
    for department in DEPARTMENTS:
        assert f"{department} (8)" in texts

    # The people view exports too (board members' names are drawn).
    qtbot.mouseClick(page.people_button, Qt.MouseButton.LeftButton)
    root = ET.parse(page.export_image(tmp_path / "people.svg")).getroot()
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    assert page.scene.node_items[person_id(1)].person.name in texts


def test_metrics_panel_and_view_buttons_in_german(page, qtbot):
    from changeplanner import i18n

    i18n.set_language("de")
    try:
        page.retranslate_ui()
        assert page.metrics_title.text() == "Was die Zahlen bedeuten"
        assert page.departments_button.text() == "Abteilungen"
        assert "Kollegen" in page.metrics_label.text()
        qtbot.waitUntil(lambda: not page.analysing and bool(page.scene.analysis),
                        timeout=15_000)
        analysis = page.scene.analysis[person_id(1)]
        text = page.hover_text(person_id(1))
        assert f"Eingangsgrad: {analysis.in_degree}" in text
        assert "PageRank: " + f"{analysis.pagerank:.4f}".replace(".", ",") in text
    finally:
        i18n.set_language("en")
        page.retranslate_ui()
