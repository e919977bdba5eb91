"""Editing the skills matrix: keys, mouse editor, context menu, undo/redo, summary, risks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QInputDialog

from changeplanner import domain
from changeplanner.services import plans
from changeplanner.store import repo
from changeplanner.store.db import create_plan
from changeplanner.ui.skills_model import (
    EXPERTS_COLUMN,
    MEAN_COLUMN,
    PERSON_ID_ROLE,
    RISK_MARKER,
    RISK_ROLE,
    SKILL_NAME_ROLE,
)
from changeplanner.ui.skills_page import SkillsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PEOPLE = (
    domain.Person("a1", "Anna Adler", "Alpha", team_lead=True),
    domain.Person("b2", "Ben Bauer", "Alpha"),
    domain.Person("c3", "Cem Celik", "Beta"),
    domain.Person("d4", "Dora Dietz", "Beta", team_lead=True),
)
SKILLS = (
    domain.Skill(0, "Kanban", "Agile"),
    domain.Skill(0, "Scrum", "Agile"),
    domain.Skill(0, "CRM", "Tools"),
)


def build_tiny_plan(path):
    """Four people, three skills in two categories, every level known.

    Kanban: Anna 4, Ben 3, Cem 1, Dora -  -> 2 experts, mean 8/3
    Scrum:  Anna 3 (target 4, wants to learn), Ben 1, Cem 0, Dora 2 -> 1 expert, mean 1.5
    CRM:    Cem 2 -> nobody at level 3, mean 2.0
    """
    plan = create_plan(path, name="Tiny")
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=PEOPLE)
        ids = repo.ensure_skills(session=session, skills=SKILLS)
        k, s, c = ids["Kanban"], ids["Scrum"], ids["CRM"]
        repo.upsert_ratings(session=session, ratings=[
            domain.Rating("a1", k, 4), domain.Rating("b2", k, 3), domain.Rating("c3", k, 1),
            domain.Rating("a1", s, 3, 4, True), domain.Rating("b2", s, 1),
            domain.Rating("c3", s, 0), domain.Rating("d4", s, 2),
            domain.Rating("c3", c, 2)])
    return plan


@pytest.fixture
def page(qtbot, context, tmp_path):
    page = SkillsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    context.set_plan(build_tiny_plan(tmp_path / "tiny.changeplan"))
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 4, timeout=10_000)
    return page


def col(page: SkillsPage, skill: str) -> int:
    model = page.proxy
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal, SKILL_NAME_ROLE) == skill:
            return column
    raise AssertionError(skill)


def row(page: SkillsPage, pid: str) -> int:
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data(PERSON_ID_ROLE) == pid:
            return r
    raise AssertionError(pid)


def index(page: SkillsPage, pid: str, skill: str):
    return page.proxy.index(row(page, pid), col(page, skill))


def stored(page: SkillsPage) -> dict[tuple[str, str], domain.Rating]:
    """Every rating in the plan file, by (person id, skill name)."""
    snap = plans.snapshot(page.context.plan)
    names = {s.id: s.name for s in snap.skills}
    return {(r.person_id, names[r.skill_id]): r for r in snap.ratings}


def level(page, pid, skill):
    rating = stored(page).get((pid, skill))
    return None if rating is None else rating.level


def click_cell(qtbot, page, pid, skill):
    table = page.table
    idx = index(page, pid, skill)
    table.scrollTo(idx)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(idx).center())
    assert table.currentIndex() == idx


def select_block(page, pids, skills):
    """Select the rectangle spanning these people's rows and these skills' columns."""
    rows = [row(page, p) for p in pids]
    cols = [col(page, s) for s in skills]
    top_left = page.proxy.index(min(rows), min(cols))
    bottom_right = page.proxy.index(max(rows), max(cols))
    page.table.selectionModel().select(QItemSelection(top_left, bottom_right),
                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.table.selectionModel().setCurrentIndex(top_left,
                                                QItemSelectionModel.SelectionFlag.NoUpdate)


def test_typing_a_digit_sets_the_level_and_moves_down(page, qtbot):
    click_cell(qtbot, page, "c3", "Kanban")
    resets = []
    page.model.modelReset.connect(lambda: resets.append(1))
    changed = []
    page.model.dataChanged.connect(lambda tl, br, roles=(): changed.append((tl.row(),
                                                                            tl.column())))
    qtbot.keyClick(page.table, Qt.Key.Key_3)
    assert level(page, "c3", "Kanban") == 3
    assert index(page, "c3", "Kanban").data() == "3"
    # Like a spreadsheet: the cursor moves down one row.
    assert page.table.currentIndex() == page.proxy.index(row(page, "c3") + 1, col(page, "Kanban"))
    # Only the cell and the person's summary were refreshed; no reset.
    assert not resets
    source_row = page.model.row_of("c3")
    assert (source_row, col(page, "Kanban")) in changed
    assert page.proxy.index(row(page, "c3"), EXPERTS_COLUMN).data() == 1
    # The summary row follows: Kanban now has three people at level >= 3.
    assert page.footer.cell_text(0, col(page, "Kanban")) == "3"
    assert page.context.undo_stack.count() == 1
    page.context.undo_stack.undo()
    assert level(page, "c3", "Kanban") == 1
    assert index(page, "c3", "Kanban").data() == "1"


def test_digits_above_four_are_ignored(page, qtbot):
    click_cell(qtbot, page, "c3", "Kanban")
    qtbot.keyClick(page.table, Qt.Key.Key_7)
    assert level(page, "c3", "Kanban") == 1
    assert page.context.undo_stack.count() == 0


def test_delete_clears_and_undo_restores_target_and_wish(page, qtbot):
    click_cell(qtbot, page, "a1", "Scrum")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert ("a1", "Scrum") not in stored(page)
    assert index(page, "a1", "Scrum").data() is None
    page.context.undo_stack.undo()
    rating = stored(page)[("a1", "Scrum")]
    assert (rating.level, rating.target, rating.wants_to_learn) == (3, 4, True)
    assert index(page, "a1", "Scrum").data() == "3\u2009→\u20094 ★"
    page.context.undo_stack.redo()
    assert ("a1", "Scrum") not in stored(page)
    qtbot.keyClick(page.table, Qt.Key.Key_Backspace)  # on an empty cell: nothing to undo
    assert page.context.undo_stack.count() == 1


def test_fill_selection_is_one_undo_step(page, qtbot, monkeypatch):
    before = {key: r.level for key, r in stored(page).items()}
    select_block(page, ["a1", "b2", "c3", "d4"], ["Kanban", "Scrum"])
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *args, **kwargs: (args[3][3], True))
    page.update_cell_menu()
    page.fill_action.trigger()
    after = stored(page)
    for pid in ("a1", "b2", "c3", "d4"):
        for skill in ("Kanban", "Scrum"):
            assert after[(pid, skill)].level == 3
            assert index(page, pid, skill).data(Qt.ItemDataRole.UserRole + 1) == 3
    assert after[("a1", "Scrum")].target == 4  # filling keeps targets
    stack = page.context.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Set 6 ratings to level 3"
    stack.undo()
    assert {key: r.level for key, r in stored(page).items()} == before
    assert index(page, "d4", "Kanban").data() is None
    assert page.footer.cell_text(1, col(page, "Scrum")) == "1.5"
    stack.redo()
    assert all(stored(page)[(p, "Kanban")].level == 3 for p in ("a1", "b2", "c3", "d4"))
    assert page.footer.cell_text(0, col(page, "Kanban")) == "4"


def test_arrows_move_and_enter_opens_the_editor(page, qtbot):
    click_cell(qtbot, page, "a1", "Kanban")
    qtbot.keyClick(page.table, Qt.Key.Key_Right)
    assert page.table.currentIndex() == index(page, "a1", "Scrum")
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex() == index(page, "b2", "Scrum")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.table.state() == QAbstractItemView.State.EditingState
    editor = page.table.findChild(QComboBox, "levelEditor")
    assert editor is not None and editor.currentData() == 1
    assert editor.itemText(0) == "not rated"
    editor.setCurrentIndex(editor.findData(4))
    editor.activated.emit(editor.currentIndex())
    assert page.table.state() != QAbstractItemView.State.EditingState
    assert level(page, "b2", "Scrum") == 4


def test_double_click_opens_the_editor_and_not_rated_clears(page, qtbot):
    idx = index(page, "c3", "CRM")
    rect = page.table.visualRect(idx)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = page.table.findChild(QComboBox, "levelEditor")
    assert editor is not None and editor.currentData() == 2
    editor.setCurrentIndex(editor.findData(None))
    editor.activated.emit(editor.currentIndex())
    assert ("c3", "CRM") not in stored(page)
    assert page.footer.cell_text(1, col(page, "CRM")) == "–"


def test_summary_row_and_column_for_the_known_plan(page):
    footer = page.footer
    assert footer.labels() == ("At level ≥ 3", "Mean level")
    assert [footer.cell_text(0, col(page, s)) for s in ("Kanban", "Scrum", "CRM")] == \
        ["2", "1", "0"]
    assert [footer.cell_text(1, col(page, s)) for s in ("Kanban", "Scrum", "CRM")] == \
        ["2.7", "1.5", "2.0"]
    assert "2 of 4 people shown work independently" in footer.tooltip_at(
        0, col(page, "Kanban"))
    per_person = {pid: (page.proxy.index(row(page, pid), EXPERTS_COLUMN).data(),
                        page.proxy.index(row(page, pid), MEAN_COLUMN).data())
                  for pid in ("a1", "b2", "c3", "d4")}
    assert per_person == {"a1": (2, "3.5"), "b2": (1, "2.0"), "c3": (0, "1.0"),
                          "d4": (0, "2.0")}
    # Over the filtered rows only.
    page.department_combo.setCurrentIndex(page.department_combo.findData("Beta"))
    assert footer.cell_text(0, col(page, "Kanban")) == "0"
    assert footer.cell_text(1, col(page, "Scrum")) == "1.0"
    page.leads_check.setChecked(True)
    assert page.proxy.rowCount() == 1
    assert footer.cell_text(1, col(page, "Scrum")) == "2.0"


def test_sort_by_summary_column_and_department(page):
    page.table.sortByColumn(EXPERTS_COLUMN, Qt.SortOrder.DescendingOrder)
    ids = [page.proxy.index(r, 0).data(PERSON_ID_ROLE) for r in range(4)]
    assert ids[:2] == ["a1", "b2"]
    page.table.sortByColumn(MEAN_COLUMN, Qt.SortOrder.AscendingOrder)
    assert page.proxy.index(0, 0).data(PERSON_ID_ROLE) == "c3"
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [page.proxy.index(r, 1).data() for r in range(4)] == ["Beta", "Beta", "Alpha",
                                                                  "Alpha"]


def test_risk_marker_on_single_points_of_failure(page, qtbot):
    header = page.proxy.headerData
    horizontal = Qt.Orientation.Horizontal
    scrum, crm, kanban = col(page, "Scrum"), col(page, "CRM"), col(page, "Kanban")
    assert header(scrum, horizontal).startswith(RISK_MARKER)
    assert header(scrum, horizontal, RISK_ROLE) == 1
    assert "Single point of failure: only 1 person works independently" in header(
        scrum, horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "nobody works independently" in header(crm, horizontal,
                                                  Qt.ItemDataRole.ToolTipRole)
    assert header(kanban, horizontal) == "Kanban"
    # A second expert in Scrum removes the marker at once.
    click_cell(qtbot, page, "d4", "Scrum")
    qtbot.keyClick(page.table, Qt.Key.Key_4)
    assert header(scrum, horizontal) == "Scrum"
    assert header(scrum, horizontal, RISK_ROLE) is None


def test_context_menu_actions(page, qtbot):
    click_cell(qtbot, page, "d4", "CRM")
    page.update_cell_menu()
    assert not page.wants_action.isChecked()
    page.level_actions[4].trigger()
    assert level(page, "d4", "CRM") == 4
    page.wants_action.trigger()
    assert stored(page)[("d4", "CRM")].wants_to_learn
    assert index(page, "d4", "CRM").data() == "4 ★"
    page.target_actions[3].trigger()  # below the level: stored, no arrow shown
    assert stored(page)[("d4", "CRM")].target == 3
    page.update_cell_menu()
    assert page.wants_action.isChecked() and page.target_actions[3].isChecked()
    tooltip = index(page, "d4", "CRM").data(Qt.ItemDataRole.ToolTipRole)
    assert "Target: level 3" in tooltip and "Wants to learn" in tooltip
    page.wants_action.trigger()
    assert not stored(page)[("d4", "CRM")].wants_to_learn
    page.clear_action.trigger()
    assert ("d4", "CRM") not in stored(page)
    stack = page.context.undo_stack
    assert stack.count() == 5
    for _step in range(5):
        stack.undo()
    assert ("d4", "CRM") not in stored(page)
    assert index(page, "d4", "CRM").data() is None


def test_target_and_wish_on_an_unrated_cell_and_undo(page, qtbot):
    click_cell(qtbot, page, "d4", "Kanban")
    page.target_actions[2].trigger()
    rating = stored(page)[("d4", "Kanban")]
    assert (rating.level, rating.target) == (0, 2)
    assert index(page, "d4", "Kanban").data() == "0\u2009→\u20092"
    page.context.undo_stack.undo()
    assert ("d4", "Kanban") not in stored(page)
    assert index(page, "d4", "Kanban").data() is None


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_context_menu_opens_on_a_cell(page, qtbot):
    idx = index(page, "b2", "CRM")
    page.table.customContextMenuRequested.emit(page.table.visualRect(idx).center())
    assert page.cell_menu.isVisible()
    assert page.table.currentIndex() == idx
    page.cell_menu.close()


def test_collapse_a_category(page, qtbot):
    kanban, scrum, crm = col(page, "Kanban"), col(page, "Scrum"), col(page, "CRM")
    header = page.header
    x = header.sectionViewportPosition(kanban) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.band_height() // 2))
    assert page.collapsed_categories() == {"Agile"}
    assert page.table.isColumnHidden(kanban) and page.table.isColumnHidden(scrum)
    assert not page.table.isColumnHidden(crm)
    assert page.categories_button.text() == "Categories (1 collapsed)"
    # Typing on a selection that spans a collapsed column leaves that column alone.
    select_block(page, ["a1"], ["Kanban", "CRM"])
    page.set_level(1)
    assert level(page, "a1", "Kanban") == 4 and level(page, "a1", "CRM") == 1
    # The Categories menu shows it again; a reload keeps collapsed categories collapsed.
    page._fill_categories_menu()
    page.category_actions["Agile"].setChecked(True)
    assert not page.table.isColumnHidden(kanban)
    page.collapse_all()
    assert page.collapsed_categories() == {"Agile", "Tools"}
    page.reload("skills")
    qtbot.waitUntil(lambda: not page.loading)
    assert page.table.isColumnHidden(crm)
    page.expand_all()
    assert not any(page.table.isColumnHidden(c) for c in (kanban, scrum, crm))


def test_other_pages_hear_about_edits_but_the_matrix_does_not_reload(page, qtbot):
    heard = []
    page.context.data_changed.connect(heard.append)
    click_cell(qtbot, page, "b2", "CRM")
    qtbot.keyClick(page.table, Qt.Key.Key_2)
    assert heard == ["skills"]
    assert not page.loading


def test_edit_refused_by_a_read_only_plan_changes_nothing(page, qtbot, monkeypatch):
    from changeplanner.errors import UserError
    from changeplanner.services import catalog

    def refuse(*_args, **_kwargs):
        raise UserError("The plan file is read-only.")

    monkeypatch.setattr(catalog, "set_levels", refuse)
    messages = []
    monkeypatch.setattr(page, "_show_failure", messages.append)
    click_cell(qtbot, page, "b2", "CRM")
    qtbot.keyClick(page.table, Qt.Key.Key_2)
    assert index(page, "b2", "CRM").data() is None
    assert page.context.undo_stack.count() == 0


def test_model_tester_after_edits(page, qtbot, qtmodeltester):
    select_block(page, ["a1", "b2"], ["Kanban", "CRM"])
    page.set_level(2)
    page.department_combo.setCurrentIndex(page.department_combo.findData("Alpha"))
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_risk_markers_agree_with_the_skills_analysis(page, qtbot):
    from changeplanner.analysis.skills import skill_risks

    def marked():
        return {page.proxy.headerData(c, Qt.Orientation.Horizontal, SKILL_NAME_ROLE)
                for c in range(page.proxy.columnCount())
                if page.proxy.headerData(c, Qt.Orientation.Horizontal, RISK_ROLE) is not None}

    def analysed():
        return {r.skill for r in skill_risks(plans.snapshot(page.context.plan))
                if r.department is None}

    assert marked() == analysed() == {"Scrum", "CRM"}
    click_cell(qtbot, page, "c3", "CRM")
    qtbot.keyClick(page.table, Qt.Key.Key_3)
    click_cell(qtbot, page, "d4", "CRM")
    qtbot.keyClick(page.table, Qt.Key.Key_4)
    assert marked() == analysed() == {"Scrum"}
    # Departments that hang on one person are named in the header's tooltip.
    tooltip = page.proxy.headerData(col(page, "CRM"), Qt.Orientation.Horizontal,
                                    Qt.ItemDataRole.ToolTipRole)
    assert "Only one person works independently in: Beta" not in tooltip
    tooltip = page.proxy.headerData(col(page, "Scrum"), Qt.Orientation.Horizontal,
                                    Qt.ItemDataRole.ToolTipRole)
    assert "Only one person works independently in: Alpha" in tooltip


def test_targets_from_requirement_profiles_show_in_cells(qtbot, context, tmp_path):
    plan = build_tiny_plan(tmp_path / "profiles.changeplan")
    with plan.transaction() as session:
        skill_id = {s.name: s.id for s in repo.list_skills(session=session)}["CRM"]
        repo.set_requirement(session=session, scope="department", value="Beta",
                             skill_id=skill_id, level=3)
    page = SkillsPage(context)
    qtbot.addWidget(page)
    page.show()
    context.set_plan(plan)
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 4, timeout=10_000)
    cem, dora, anna = row(page, "c3"), row(page, "d4"), row(page, "a1")
    crm = col(page, "CRM")
    assert page.proxy.index(cem, crm).data() == "2\u2009→\u20093"
    assert page.proxy.index(dora, crm).data() == "–\u2009→\u20093"   # not rated, required
    assert page.proxy.index(anna, crm).data() is None                # Alpha: no profile
    assert "profile" in page.proxy.index(dora, crm).data(Qt.ItemDataRole.ToolTipRole)
