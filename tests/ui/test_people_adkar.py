"""The ADKAR barrier on the People page: column, filter, the rating dialog with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from changeplanner import domain, i18n
from changeplanner.services import plans
from changeplanner.ui.people_model import (
    BARRIER_NONE,
    BARRIER_UNRATED,
    COLUMNS,
    PeopleFilterProxy,
    PeopleModel,
    barrier_text,
)
from tests.ui.ui_plans import SMALL_PEOPLE

RATINGS = (domain.Adkar("P02", 4, 2, 1, None, None),   # barrier Desire (2)
           domain.Adkar("P05", 5, 5, 4, 4, 4),         # no barrier
           domain.Adkar("P08", 1, 1, 1, 1, 1))         # barrier Awareness (1)


def adkar_in_file(path):
    with plans.open_plan(path) as plan:
        return {a.person_id: a for a in plans.snapshot(plan).adkar}


def barrier_cell(page, person_id):
    return page.model.index(page.model.row_of(person_id), COLUMNS.index("adkar")).data()


@pytest.fixture
def adkar_page(window, small_plan, qtbot):
    with plans.open_plan(small_plan) as plan:
        for adkar in RATINGS:
            plans.set_adkar(plan, adkar)
    assert window.open_plan_file(small_plan)
    window.show_page("people")  # a plan opens on the Overview
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    return window.page("people")


def test_barrier_column_and_filter_in_the_model(qtmodeltester):
    model = PeopleModel()
    model.set_people(SMALL_PEOPLE, RATINGS)
    qtmodeltester.check(model)
    assert model.headerData(COLUMNS.index("adkar"), Qt.Orientation.Horizontal) == \
        "Barrier (ADKAR)"
    column = COLUMNS.index("adkar")
    assert model.index(model.row_of("P02"), column).data() == "Desire (2)"
    assert model.index(model.row_of("P05"), column).data() == ""
    assert model.index(model.row_of("P01"), column).data() == ""
    assert "Desire 2" in model.index(model.row_of("P02"), column).data(
        Qt.ItemDataRole.ToolTipRole)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    ids = lambda: sorted(proxy.index(r, 0).data() for r in range(proxy.rowCount()))  # noqa: E731
    proxy.set_barrier("desire")
    assert ids() == ["P02"]
    proxy.set_barrier(BARRIER_NONE)
    assert ids() == ["P05"]
    proxy.set_barrier(BARRIER_UNRATED)
    assert len(ids()) == 9 and "P02" not in ids()
    # Sorting by the column: earliest barrier first, then no barrier, then unrated.
    model.sort(column)
    assert [model.person_at(r).id for r in range(3)] == ["P08", "P02", "P05"]


def test_barrier_text_in_german():
    i18n.set_language("de")
    assert barrier_text(domain.Adkar("x", 4, 4, 3)) == "Wissen (3)"
    assert barrier_text(None) == ""


def test_page_filters_by_barrier(adkar_page):
    page = adkar_page
    combo = page.barrier_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Any barrier", "Awareness", "Desire", "Knowledge", "Ability", "Reinforcement",
        "no barrier", "not rated"]
    assert barrier_cell(page, "P08") == "Awareness (1)"
    combo.setCurrentIndex(combo.findData("awareness"))
    assert page.proxy.rowCount() == 1
    assert page.count_label.text() == "12 people (1 shown)"
    combo.setCurrentIndex(combo.findData(BARRIER_UNRATED))
    assert page.proxy.rowCount() == 9
    combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == 12


def test_dialog_from_the_context_menu_edits_with_undo(adkar_page, window, small_plan, qtbot):
    page = adkar_page
    page.barrier_combo.setCurrentIndex(page.barrier_combo.findData("desire"))
    assert page.proxy.rowCount() == 1
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of("P02"), 0))
    menu = page.context_menu(index)
    actions = [a for a in menu.actions() if a.text() == "ADKAR rating…"]
    assert len(actions) == 1
    actions[0].trigger()
    dialog = page.adkar_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.spins["desire"].value() == 2
    assert dialog.spins["ability"].text() == "not rated"
    dialog.spins["desire"].setValue(5)
    dialog.spins["knowledge"].setValue(4)
    dialog.spins["ability"].setValue(3)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.adkar_dialog is None)

    assert adkar_in_file(small_plan)["P02"] == domain.Adkar("P02", 4, 5, 4, 3, None)
    assert barrier_cell(page, "P02") == "Ability (3)"
    assert page.proxy.rowCount() == 0  # no longer a Desire barrier
    assert window.context.undo_stack.count() == 1
    assert window.action_undo.text() == "&Undo Change ADKAR rating of Ben Weber"

    window.context.undo_stack.undo()
    assert adkar_in_file(small_plan)["P02"] == RATINGS[0]
    assert barrier_cell(page, "P02") == "Desire (2)"
    assert page.proxy.rowCount() == 1
    window.context.undo_stack.redo()
    assert barrier_cell(page, "P02") == "Ability (3)"


def test_rating_someone_new_and_undo_removes_the_rating(adkar_page, window, small_plan,
                                                         qtbot):
    page = adkar_page
    dialog = page.edit_adkar("P01")
    assert all(spin.value() == 0 for spin in dialog.spins.values())
    dialog.spins["awareness"].setValue(2)
    dialog.accept()
    assert adkar_in_file(small_plan)["P01"] == domain.Adkar("P01", awareness=2)
    assert barrier_cell(page, "P01") == "Awareness (2)"
    window.context.undo_stack.undo()
    assert "P01" not in adkar_in_file(small_plan)
    assert barrier_cell(page, "P01") == ""
    # Cancel writes nothing.
    dialog = page.edit_adkar("P01")
    dialog.spins["desire"].setValue(1)
    dialog.reject()
    assert "P01" not in adkar_in_file(small_plan)
    assert window.context.undo_stack.count() == 1
