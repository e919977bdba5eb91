"""The Skills page: the matrix shows the right levels and colours, filters, sorts, translates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from changeplanner import i18n
from changeplanner.store.db import create_plan
from changeplanner.ui.skills_model import (
    FIXED_COLUMNS,
    LEVEL_COLORS,
    LEVEL_ROLE,
    PERSON_ID_ROLE,
    SKILL_NAME_ROLE,
    SkillsFilterProxy,
    SkillsMatrixModel,
    build_matrix,
    contrast_ratio,
    level_color,
    text_color_for,
)
from changeplanner.ui.skills_page import SkillsPage
from tests.ui.views_helpers import DEPARTMENTS, make_org_plan, person_id

# Showing a top-level widget on the offscreen platform logs this harmless notice.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def page(qtbot, context, tmp_path):
    page = SkillsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.resize(1280, 800)
    context.set_plan(make_org_plan(tmp_path / "org.changeplan", people=40))
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 40, timeout=10_000)
    return page


def column_of(model, name: str) -> int:
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal, SKILL_NAME_ROLE) == name \
                or model.headerData(column, Qt.Orientation.Horizontal) == name:
            return column
    raise AssertionError(f"no column {name!r}")


def cell(page: SkillsPage, pid: str, skill: str, role=Qt.ItemDataRole.DisplayRole):
    proxy = page.proxy
    column = column_of(proxy, skill)
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data(PERSON_ID_ROLE) == pid:
            return proxy.index(row, column).data(role)
    raise AssertionError(f"{pid} not shown")


def test_matrix_shows_known_levels_targets_and_colours(page):
    assert cell(page, person_id(1), "Kanban") == "2\u2009→\u20093"
    assert cell(page, person_id(1), "Kanban", Qt.ItemDataRole.BackgroundRole) == \
        QColor(LEVEL_COLORS[2])
    # At or above target: only the level.
    assert cell(page, person_id(2), "Kanban") == "4"
    assert cell(page, person_id(2), "Kanban", Qt.ItemDataRole.BackgroundRole) == \
        QColor(LEVEL_COLORS[4])
    assert cell(page, person_id(2), "Kanban", Qt.ItemDataRole.ForegroundRole) == \
        QColor("#ffffff")
    assert cell(page, person_id(2), "Scrum") == "0"
    assert cell(page, person_id(2), "Scrum", Qt.ItemDataRole.ForegroundRole) == \
        QColor("#000000")
    # Not rated: empty, no colour.
    assert cell(page, person_id(3), "Kanban") is None
    assert cell(page, person_id(3), "Kanban", Qt.ItemDataRole.BackgroundRole) is None
    tooltip = cell(page, person_id(1), "Kanban", Qt.ItemDataRole.ToolTipRole)
    assert "level 2 (applies with support)" in tooltip
    assert "Target: level 3 (works independently)" in tooltip


def test_headers_name_the_skills_with_category_and_description(page):
    model = page.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Department"
    kanban = column_of(model, "Kanban")
    tooltip = model.headerData(kanban, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Agile methods" in tooltip and "limit work in progress" in tooltip
    assert model.columnCount() == FIXED_COLUMNS + 5
    # Grouped by category: the header bands follow the catalogue's categories.
    assert [c for c, _first, _last in page.header.groups()] == [
        "Agile methods", "Collaboration", "Customer service", "Tools"]


def test_level_colours_are_sequential_and_readable():
    lightness = [level_color(level).lightnessF() for level in range(5)]
    assert lightness == sorted(lightness, reverse=True)  # darker means more skilled
    for level in range(5):
        background = level_color(level)
        assert contrast_ratio(background, text_color_for(background)) >= 4.5


def test_text_department_and_team_lead_filters(page, qtbot):
    qtbot.keyClicks(page.filter_edit, "kaya")
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names and all("Kaya" in name for name in names)
    assert page.count_label.text() == f"{len(names)} of 40 people"
    page.filter_edit.clear()
    assert page.proxy.rowCount() == 40

    page.department_combo.setCurrentIndex(page.department_combo.findData("IT"))
    departments = {page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())}
    assert departments == {"IT"}
    assert page.proxy.rowCount() == 40 // len(DEPARTMENTS)
    # Department and text together.
    qtbot.keyClicks(page.filter_edit, "zzz-nobody")
    assert page.proxy.rowCount() == 0
    assert page.count_label.text() == "0 of 40 people"
    page.filter_edit.clear()
    page.department_combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == 40

    page.leads_check.setChecked(True)
    shown = {page.proxy.index(r, 0).data(PERSON_ID_ROLE) for r in range(page.proxy.rowCount())}
    assert shown == {person_id(i) for i in range(1, len(DEPARTMENTS) + 1)}
    page.leads_check.setChecked(False)
    assert page.proxy.rowCount() == 40


def test_sort_by_a_skill_column(page, qtbot):
    kanban = column_of(page.proxy, "Kanban")
    header = page.table.horizontalHeader()
    page.table.sortByColumn(kanban, Qt.SortOrder.DescendingOrder)
    levels = [page.proxy.index(r, kanban).data(LEVEL_ROLE)
              for r in range(page.proxy.rowCount())]
    as_numbers = [-1 if level is None else level for level in levels]
    assert as_numbers == sorted(as_numbers, reverse=True)
    assert as_numbers[0] == 4
    assert header.sortIndicatorSection() == kanban
    # Clicking the name header (in the frozen column) sorts by name again.
    frozen_header = page.table.frozen.horizontalHeader()
    x = frozen_header.sectionViewportPosition(0) + 10
    qtbot.mouseClick(frozen_header.viewport(), Qt.MouseButton.LeftButton,
                     pos=frozen_header.rect().center().__class__(x, frozen_header.height() // 2))
    names = [page.proxy.index(r, 0).data().casefold() for r in range(page.proxy.rowCount())]
    assert names in (sorted(names), sorted(names, reverse=True))


def test_sorting_keeps_the_selection_on_the_same_person(page):
    proxy = page.proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, 0).data(PERSON_ID_ROLE) == person_id(1))
    page.table.selectRow(row)
    page.table.sortByColumn(column_of(proxy, "Kanban"), Qt.SortOrder.DescendingOrder)
    selected = page.table.selectionModel().selectedRows()
    assert [index.data(PERSON_ID_ROLE) for index in selected] == [person_id(1)]
    assert selected[0].row() != row or proxy.rowCount() == 1
    # A reload keeps the chosen order.
    page.model.set_matrix(page.model.matrix)
    levels = [proxy.index(r, column_of(proxy, "Kanban")).data(LEVEL_ROLE)
              for r in range(proxy.rowCount())]
    assert levels[0] == 4


def test_legend_names_the_five_levels_and_switches_language(page):
    texts = [chip.text() for chip in page.legend.chips]
    assert texts[0] == "0 none" and texts[4] == "4 expert, can teach others"
    i18n.set_language("de")
    page.retranslate_ui()
    assert page.legend.chips[4].text() != texts[4]
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Abteilung"
    assert page.department_combo.itemText(0) == "Alle Abteilungen"
    assert page.tabs.tabText(0) == "Matrix"
    assert page.footer.labels()[1] == "Mittlere Stufe"
    assert page.leads_check.text() == "Nur Teamleitungen"
    i18n.set_language("en")


def test_reload_after_skills_change(page, qtbot, context):
    from changeplanner.store import repo

    with context.plan.transaction() as session:
        repo.ensure_skills(session=session, skills=["Pair working"])
    context.data_changed.emit("skills")
    qtbot.waitUntil(lambda: not page.loading and page.model.columnCount() == FIXED_COLUMNS + 6)
    # Other kinds of change do not reload the matrix.
    context.data_changed.emit("pilots")
    assert not page.loading


def test_archived_skills_are_hidden(page, qtbot, context):
    from changeplanner.services import catalog

    skill_id = page.proxy.headerData(column_of(page.proxy, "CRM"), Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.UserRole + 7)
    catalog.set_skill_archived(context.plan, skill_id, True)
    context.data_changed.emit("skills")
    qtbot.waitUntil(lambda: not page.loading and page.model.columnCount() == FIXED_COLUMNS + 4)
    with pytest.raises(AssertionError):
        column_of(page.model, "CRM")


def test_plan_without_skills_explains_what_to_do(qtbot, context, tmp_path):
    page = SkillsPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.empty_label.text() == "No plan is open."
    context.set_plan(create_plan(tmp_path / "empty.changeplan"))
    qtbot.waitUntil(lambda: not page.loading)
    assert "Import a skills file" in page.empty_label.text()
    assert page.model.rowCount() == 0


def test_models_pass_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_model_tester_on_a_fresh_model(qtmodeltester, tmp_path):
    plan = make_org_plan(tmp_path / "m.changeplan", people=12)
    try:
        from changeplanner.services.plans import snapshot

        model = SkillsMatrixModel()
        model.set_matrix(build_matrix(snapshot(plan)))
        proxy = SkillsFilterProxy()
        proxy.setSourceModel(model)
        proxy.set_department("IT")
        qtmodeltester.check(model)
        qtmodeltester.check(proxy)
        assert proxy.rowCount() == 2
    finally:
        plan.close()


def test_name_column_stays_visible_when_scrolling_sideways(page, qtbot):
    page.show()
    qtbot.waitExposed(page)
    table = page.table
    table.horizontalHeader().resizeSection(FIXED_COLUMNS, 2 * table.width())
    frozen = table.frozen
    assert frozen.isVisible()
    assert [c for c in range(page.proxy.columnCount()) if not frozen.isColumnHidden(c)] == [0]
    assert frozen.columnWidth(0) == table.columnWidth(0)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() > 0)
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    assert table.horizontalScrollBar().value() > 0
    assert frozen.indexAt(frozen.viewport().rect().topLeft()).data() == \
        page.proxy.index(0, 0).data()
    table.verticalScrollBar().setValue(5)
    assert frozen.verticalScrollBar().value() == 5
    # Sorting from the frozen header sorts the table.
    frozen.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    names = [page.proxy.index(r, 0).data().casefold() for r in range(page.proxy.rowCount())]
    assert names == sorted(names, reverse=True)


def test_panels_become_tabs_and_catalogue_button_asks(page, qtbot):
    from PySide6.QtWidgets import QLabel

    panel = QLabel("gaps")
    index = page.add_panel(panel, lambda: i18n._("Gaps"))
    assert page.tabs.count() == 2 and page.tabs.tabText(index) == "Gaps"
    with qtbot.waitSignal(page.catalogue_requested, timeout=1000):
        qtbot.mouseClick(page.catalogue_button, Qt.MouseButton.LeftButton)
