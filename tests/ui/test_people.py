"""The People page: the model, the filters, and editing in place with undo/redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from changeplanner.services import plans
from changeplanner.ui.people_model import (
    COLUMNS,
    PeopleFilterProxy,
    PeopleModel,
    attitude_text,
)
from tests.ui.ui_plans import SMALL_PEOPLE


def people_in_file(path):
    """Read the people back from the plan file through a fresh connection."""
    with plans.open_plan(path) as plan:
        return plans.snapshot(plan).people_by_id()


def cell(page, person_id, field):
    """The proxy index of ``field`` for ``person_id`` on the People page."""
    source = page.model.index(page.model.row_of(person_id), COLUMNS.index(field))
    return page.proxy.mapFromSource(source)


def open_editor(table, index):
    """Start editing ``index`` and return the editor widget the delegate made."""
    table.setCurrentIndex(index)
    table.edit(index)
    widget = QApplication.focusWidget()
    while widget is not None and widget.parent() is not table.viewport():
        widget = widget.parent()
    assert widget is not None, "no editor opened"
    return widget


def press_return(qtbot, table, editor):
    """Commit an editor as the user does (the delegate closes it on the next event loop turn)."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


@pytest.fixture
def people_page(window, small_plan, qtbot):
    assert window.open_plan_file(small_plan)
    window.show_page("people")  # a plan opens on the Overview
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    return window.page("people")


# -- the model on its own ---------------------------------------------------------------

def test_model_passes_qt_model_tester(qtmodeltester):
    model = PeopleModel()
    model.set_people(SMALL_PEOPLE)
    qtmodeltester.check(model)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("a")
    qtmodeltester.check(proxy)


def test_model_shows_people_as_the_user_reads_them():
    model = PeopleModel()
    model.set_people(SMALL_PEOPLE)
    assert model.rowCount() == 12
    assert model.columnCount() == len(COLUMNS)
    row = model.row_of("P02")
    text = [model.index(row, c).data() for c in range(len(COLUMNS))]
    assert text[COLUMNS.index("name")] == "Ben Weber"
    assert text[COLUMNS.index("manager_id")] == "Anna Schmidt"
    assert text[COLUMNS.index("attitude")] == "−1 against"
    assert text[COLUMNS.index("availability")] == "100 %"
    lead = model.index(model.row_of("P01"), COLUMNS.index("team_lead"))
    assert lead.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.headerData(COLUMNS.index("attitude"), Qt.Orientation.Horizontal) == "Attitude"


def test_attitude_texts():
    assert attitude_text(None) == "unknown"
    assert attitude_text(-2) == "−2 strongly against"
    assert attitude_text(0) == "0 neutral"
    assert attitude_text(2) == "+2 strongly for"


def test_model_is_read_only_without_an_edit_handler():
    model = PeopleModel()
    model.set_people(SMALL_PEOPLE)
    index = model.index(0, COLUMNS.index("name"))
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "X")
    assert model.index(0, COLUMNS.index("name")).data() == SMALL_PEOPLE[0].name


def test_apply_change_repaints_one_row_and_the_manager_cells(qtbot):
    model = PeopleModel()
    model.set_people(SMALL_PEOPLE)
    changed = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    model.apply_change("P01", "name", "Anna Schmidt-Lang")
    # Anna's row, plus the manager cells of Ben and Clara who report to her.
    assert changed[0] == (model.row_of("P01"),) * 2
    assert {a for a, _b in changed[1:]} == {model.row_of("P02"), model.row_of("P03")}
    assert model.index(model.row_of("P02"), COLUMNS.index("manager_id")).data() == \
        "Anna Schmidt-Lang"


# -- the page -----------------------------------------------------------------------------

def test_page_lists_the_plan_sorted_by_name(people_page):
    page = people_page
    assert page.count_label.text() == "12 people"
    names = [page.proxy.index(r, COLUMNS.index("name")).data()
             for r in range(page.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)
    assert not page.empty_label.isVisible()


def test_filters_text_department_and_team_leads(people_page, qtbot):
    page = people_page
    qtbot.keyClicks(page.filter_edit, "schmidt")
    assert page.proxy.rowCount() == 1
    assert page.count_label.text() == "12 people (1 shown)"
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "p1")  # ids P10, P11, P12
    assert page.proxy.rowCount() == 3
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "agent")  # title
    assert page.proxy.rowCount() == 2
    page.filter_edit.clear()

    page.department_combo.setCurrentIndex(page.department_combo.findText("IT"))
    assert page.proxy.rowCount() == 3
    qtbot.mouseClick(page.leads_check, Qt.MouseButton.LeftButton)
    assert page.leads_check.isChecked()
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, COLUMNS.index("name")).data() == "Greta Hoffmann"
    page.department_combo.setCurrentIndex(0)  # all departments
    assert page.proxy.rowCount() == 3
    assert page.count_label.text() == "12 people (3 shown)"


def test_ctrl_f_focuses_the_filter(people_page, window, qtbot):
    page = people_page
    page.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter_edit.hasFocus()


def test_edit_name_by_typing_then_undo_and_redo(people_page, window, small_plan, qtbot):
    page = people_page
    table = page.table
    index = cell(page, "P02", "name")
    table.setCurrentIndex(index)
    table.setFocus()
    table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Bernd Weber")
    press_return(qtbot, table, editor)

    assert cell(page, "P02", "name").data() == "Bernd Weber"
    assert people_in_file(small_plan)["P02"].name == "Bernd Weber"
    assert window.action_undo.isEnabled()
    assert window.action_undo.text() == "&Undo Change name of Ben Weber"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cell(page, "P02", "name").data() == "Ben Weber"
    assert people_in_file(small_plan)["P02"].name == "Ben Weber"

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert cell(page, "P02", "name").data() == "Bernd Weber"
    assert people_in_file(small_plan)["P02"].name == "Bernd Weber"
    window.action_undo.trigger()
    assert people_in_file(small_plan)["P02"].name == "Ben Weber"
    qtbot.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert people_in_file(small_plan)["P02"].name == "Bernd Weber"
    # The manager column of nobody changed; Ben manages nobody. Anna is still manager of Ben.
    assert cell(page, "P02", "manager_id").data() == "Anna Schmidt"


def test_edit_attitude_department_availability_with_their_editors(people_page, small_plan,
                                                                   window, qtbot):
    page = people_page
    table = page.table

    index = cell(page, "P08", "attitude")
    assert index.data() == "unknown"
    combo = open_editor(table, index)
    assert isinstance(combo, QComboBox)
    assert combo.itemText(0) == "unknown"
    combo.setCurrentIndex(combo.findData(-1))
    press_return(qtbot, table, combo)
    assert cell(page, "P08", "attitude").data() == "−1 against"
    assert people_in_file(small_plan)["P08"].attitude == -1

    index = cell(page, "P08", "department")
    combo = open_editor(table, index)
    assert isinstance(combo, QComboBox) and combo.isEditable()
    assert "Vertrieb" in [combo.itemText(i) for i in range(combo.count())]
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Produktmanagement")
    press_return(qtbot, table, combo.lineEdit())
    assert people_in_file(small_plan)["P08"].department == "Produktmanagement"
    assert page.department_combo.findText("Produktmanagement") > 0

    index = cell(page, "P08", "availability")
    spin = open_editor(table, index)
    assert isinstance(spin, QSpinBox) and spin.maximum() == 100
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "60")
    press_return(qtbot, table, spin.lineEdit())
    assert people_in_file(small_plan)["P08"].availability == 60

    # Team lead is a check box: the view sets CheckStateRole on the model.
    lead = cell(page, "P08", "team_lead")
    assert page.proxy.setData(lead, Qt.CheckState.Checked.value,
                              Qt.ItemDataRole.CheckStateRole)
    assert people_in_file(small_plan)["P08"].team_lead is True

    assert window.context.undo_stack.count() == 4
    for _step in range(4):
        window.context.undo_stack.undo()
    person = people_in_file(small_plan)["P08"]
    assert (person.attitude, person.department, person.availability, person.team_lead) == \
        (None, "IT", 100, False)
    assert cell(page, "P08", "department").data() == "IT"


def test_an_invalid_value_is_refused_with_a_message(people_page, small_plan, window,
                                                   qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, title, text, *a, **k: shown.append((title, text)))
    page = people_page
    index = cell(page, "P05", "name")
    page.table.edit(index)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    press_return(qtbot, page.table, editor)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] == "Value not accepted"
    assert "A person needs a name." in shown[0][1]
    assert cell(page, "P05", "name").data() == "Emma Wagner"
    assert people_in_file(small_plan)["P05"].name == "Emma Wagner"
    assert window.context.undo_stack.count() == 0


def test_page_without_people_explains_how_to_fill_it(window, tmp_path, qtbot):
    plan = plans.create_plan(tmp_path / "empty.changeplan")
    plan.close()
    assert window.open_plan_file(tmp_path / "empty.changeplan")
    window.show_page("people")  # a plan opens on the Overview
    assert not window.page("people").empty_label.isVisible()  # still reading
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    page = window.page("people")
    assert page.count_label.text() == "0 people"
    assert page.empty_label.isVisible()
    assert "Import" in page.empty_label.text()
