"""The Goals page: goals and measures with dialogs and keys, the impact matrix with its flags
and undo, and the goal-alignment check (German and English statements)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow

from changeplanner import domain
from changeplanner.analysis import goals as goal_analysis
from changeplanner.services import plans, records
from changeplanner.ui.goals_page import parse_statements
from changeplanner.ui.impact_matrix import FLAG_TINT, SCORE_ROLE


@pytest.fixture
def page(qtbot, context, tmp_path):
    from changeplanner.ui.goals_page import GoalsPage

    context.set_plan(plans.open_or_create(tmp_path / "goals.changeplan"))
    page = GoalsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def cell_texts(section, column):
    proxy = section.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def add_goal(qtbot, page, title, priority=2, description=""):
    table = page.goals_section.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    dialog = page.dialog
    assert dialog is not None and dialog.objectName() == "goal_dialog"
    assert not dialog.ok_button.isEnabled()  # a goal needs a title
    dialog.title_edit.setText(title)
    dialog.priority_combo.setCurrentIndex(dialog.priority_combo.findData(priority))
    dialog.description_edit.setPlainText(description)
    dialog.accept()
    return next(g for g in records.list_goals(page.context.plan) if g.title == title)


def add_measure(qtbot, page, title, kind="process", status="planned", owner=""):
    table = page.measures_section.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None and dialog.objectName() == "measure_dialog"
    dialog.title_edit.setText(title)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(status))
    dialog.owner_edit.setText(owner)
    dialog.accept()
    return next(m for m in records.list_measures(page.context.plan) if m.title == title)


def impacts(page):
    return {(i.measure_id, i.goal_id): i.score for i in records.list_impacts(page.context.plan)}


def test_goals_measures_matrix_flags_and_undo(qtbot, page):
    context = page.context
    assert page.nav_title() == "Goals" and page.key == "goals"
    assert page.goals_section.model.rowCount() == 0
    assert page.matrix_stack.currentWidget() is page.matrix_empty

    goal = add_goal(qtbot, page, "Resolve the concern at first contact", 1, "80 % or more")
    other = add_goal(qtbot, page, "Shorter waiting times", 2)
    measure = add_measure(qtbot, page, "One shared ticket queue", "process", owner="Anna")
    assert (goal.priority, goal.description) == (1, "80 % or more")
    assert (measure.kind, measure.owner) == ("process", "Anna")
    assert cell_texts(page.goals_section, 0) == ["Resolve the concern at first contact",
                                                 "Shorter waiting times"]
    assert cell_texts(page.goals_section, 1) == ["high", "medium"]
    assert page.goals_section.count_label.text() == "2 goals"
    assert page.measures_section.current_id() == measure.id  # the new row is selected

    # Nothing is scored yet: both goals unserved, the measure idle.
    page.tabs.setCurrentIndex(1)
    model, view = page.matrix_model, page.matrix_view
    assert page.matrix_stack.currentWidget() is view
    assert (model.rowCount(), model.columnCount()) == (2, 4)  # + totals row and column
    flags = page.flags_label.text()
    assert "2 goals no measure serves" in flags and "1 measure serves no goal" in flags
    assert page.goals_section.proxy.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) \
        .name() == FLAG_TINT

    # Type a score into the cell: undoable, totals and flags follow.
    cell = model.cell(measure.id, goal.id)
    view.setFocus()
    view.setCurrentIndex(cell)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert impacts(page) == {(measure.id, goal.id): 3}
    assert model.cell(measure.id, goal.id).data() == "+3"
    assert view.currentIndex() == model.cell(measure.id, other.id)  # moved on to the right
    assert model.index(model.total_row, cell.column()).data() == "+3"
    assert model.index(cell.row(), model.total_column).data() == "+3"
    flags = page.flags_label.text()
    assert "1 goal no measure serves" in flags and "Shorter waiting times" in flags
    assert "serves no goal" not in flags

    # "-" then "2": the measure hurts the other goal.
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert impacts(page) == {(measure.id, goal.id): 3, (measure.id, other.id): -2}
    assert model.cell(measure.id, other.id).data() == "\u22122"
    assert "1 harmful impact" in page.flags_label.text()
    assert model.index(cell.row(), model.total_column).data() == "+1"

    context.undo_stack.undo()
    assert impacts(page) == {(measure.id, goal.id): 3}
    assert "harmful" not in page.flags_label.text()
    context.undo_stack.undo()
    assert impacts(page) == {}
    assert "2 goals no measure serves" in page.flags_label.text()
    context.undo_stack.redo()
    assert impacts(page) == {(measure.id, goal.id): 3}

    # Clicking a flag selects the goal's column.
    page.show_flag(f"goal:{other.id}")
    assert model.cell(measure.id, other.id) in view.selectionModel().selectedIndexes()

    # Delete a goal with the Delete key; undo brings it back with its impact.
    page.tabs.setCurrentIndex(0)
    page.goals_section.select_ids([goal.id])
    page.goals_section.table.setFocus()
    qtbot.keyClick(page.goals_section.table, Qt.Key.Key_Delete)
    assert [g.id for g in records.list_goals(context.plan)] == [other.id]
    assert impacts(page) == {}
    context.undo_stack.undo()
    assert [g.id for g in records.list_goals(context.plan)] == [goal.id, other.id]
    assert impacts(page) == {(measure.id, goal.id): 3}
    assert page.goals_section.model.rowCount() == 2


def test_edit_with_f2_and_double_click(qtbot, page):
    context = page.context
    goal = add_goal(qtbot, page, "Happy customers")
    page.goals_section.select_ids([goal.id])
    qtbot.keyClick(page.goals_section.table, Qt.Key.Key_F2)
    dialog = page.dialog
    assert dialog.title_edit.text() == "Happy customers"
    dialog.title_edit.setText("Delighted customers")
    dialog.priority_combo.setCurrentIndex(dialog.priority_combo.findData(1))
    dialog.accept()
    assert records.list_goals(context.plan)[0] == domain.Goal(goal.id, "Delighted customers",
                                                              "", 1)
    assert context.undo_stack.undoText() == "Edit goal “Happy customers”"
    context.undo_stack.undo()
    assert records.list_goals(context.plan)[0].title == "Happy customers"

    measure = add_measure(qtbot, page, "Coaching", "people")
    table = page.measures_section.table
    index = table.model().index(0, 0)
    centre = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = page.dialog
    assert dialog.objectName() == "measure_dialog"
    dialog.due_check.setChecked(True)
    dialog.due_edit.setDate(dialog.due_edit.date().fromString("2027-01-15", "yyyy-MM-dd"))
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("in_progress"))
    dialog.accept()
    assert records.list_measures(context.plan) == [
        domain.Measure(measure.id, "Coaching", "people", "", "2027-01-15", "in_progress")]
    # Cancel changes nothing.
    qtbot.keyClick(table, Qt.Key.Key_F2)
    page.dialog.title_edit.setText("Something else")
    page.dialog.reject()
    assert records.list_measures(context.plan)[0].title == "Coaching"


def test_ctrl_n_in_a_table_beats_the_window_shortcut(qtbot, context, tmp_path):
    from changeplanner.ui.goals_page import GoalsPage

    context.set_plan(plans.open_or_create(tmp_path / "goals.changeplan"))
    window = QMainWindow()
    qtbot.addWidget(window)
    new_plan = QAction(window)
    new_plan.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    fired = []
    new_plan.triggered.connect(lambda: fired.append(True))
    window.addAction(new_plan)
    page = GoalsPage(context)
    window.setCentralWidget(page)
    window.show()
    qtbot.waitExposed(window)
    page.goals_section.table.setFocus()
    qtbot.keyClick(page.goals_section.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is not None and page.dialog.objectName() == "goal_dialog"
    assert not fired
    page.dialog.reject()


def test_matrix_menu_editor_and_multi_cell_edit(qtbot, page):
    context = page.context
    plan = context.plan
    goals = [records.add(plan, domain.Goal(0, title)) for title in ("A", "B", "C")]
    measure = records.add(plan, domain.Measure(0, "M"))
    dropped = records.add(plan, domain.Measure(0, "Old idea", status="dropped"))
    context.data_changed.emit("goals")
    page.tabs.setCurrentIndex(1)
    model, view = page.matrix_model, page.matrix_view

    # Select a whole row of goal cells and type 2: one undo step sets all three.
    for goal_id in goals:
        view.selectionModel().select(model.cell(measure, goal_id),
                                     view.selectionModel().SelectionFlag.Select)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert impacts(page) == {(measure, g): 2 for g in goals}
    assert context.undo_stack.undoText() == "Set 3 impacts to +2"
    context.undo_stack.undo()
    assert impacts(page) == {}

    # The right-click menu offers every score (for the clicked cell when it is not selected).
    view.clearSelection()
    cell = model.cell(measure, goals[1])
    menu = view.score_menu(view.visualRect(cell).center())
    assert [a.text().split()[0] for a in menu.actions()] == ["+3", "+2", "+1", "0",
                                                             "\u22121", "\u22122"]
    next(a for a in menu.actions() if a.text().startswith("\u22121")).trigger()
    assert impacts(page) == {(measure, goals[1]): -1}

    # The editor (Enter) writes through the model.
    view.setCurrentIndex(model.cell(measure, goals[2]))
    assert model.setData(model.cell(measure, goals[2]), 3)
    assert model.cell(measure, goals[2]).data(SCORE_ROLE) == 3
    assert not model.setData(model.cell(measure, goals[2]), 7)  # out of range
    assert not model.setData(model.index(model.total_row, 1), 1)  # totals are not editable

    # Delete clears; a dropped measure serves nothing and is no flag.
    view.setCurrentIndex(model.cell(measure, goals[1]))
    view.selectionModel().clearSelection()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert impacts(page) == {(measure, goals[2]): 3}
    assert model.setData(model.cell(dropped, goals[0]), 3)
    flags = page.flags_label.text()
    assert "2 goals no measure serves" in flags
    assert "Old idea" not in flags


def test_measure_filters(qtbot, page):
    plan = page.context.plan
    records.add(plan, domain.Measure(0, "Callback", "technical", status="planned"))
    records.add(plan, domain.Measure(0, "Squads", "organisational", status="in_progress"))
    records.add(plan, domain.Measure(0, "Dashboard", "technical", status="done"))
    page.context.data_changed.emit("goals")
    section = page.measures_section
    assert section.proxy.rowCount() == 3
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("technical"))
    assert sorted(cell_texts(section, 0)) == ["Callback", "Dashboard"]
    page.status_filter.setCurrentIndex(page.status_filter.findData("done"))
    assert cell_texts(section, 0) == ["Dashboard"]
    assert section.count_label.text() == "3 measures (1 shown)"
    page.kind_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(0)
    assert section.proxy.rowCount() == 3


def test_alignment_with_five_statements(qtbot, page):
    context = page.context
    plan = context.plan
    satisfaction = records.add(plan, domain.Goal(0, "Kundenzufriedenheit steigern", "", 1))
    waiting = records.add(plan, domain.Goal(0, "Shorter waiting times", "", 2))
    first = records.add(plan, domain.Goal(0, "Resolve concerns at first contact", "", 2))
    staff = records.add(plan, domain.Goal(0, "Motivierte Mitarbeiter", "", 3))
    statements = [
        ("Agent 1", "Zufriedene Kunden!"),
        ("Agent 2", "Customer satisfaction and short waiting times"),
        ("Agent 3", "Wartezeiten verkürzen"),
        ("Agent 4", "Keine Ahnung, Tickets abarbeiten"),
    ]
    for respondent, text in statements:
        records.add(plan, domain.GoalStatement(0, respondent, text, "2026-03-02"))
    context.data_changed.emit("goals")
    page.tabs.setCurrentIndex(2)
    summary = page.summary_label.text()
    assert "Only 4 statements recorded" in summary

    # Paste the fifth (and a line without a name) through the paste dialog.
    page.statements_section.table.setFocus()
    QGuiApplication.clipboard().setText("Agent 5: Anliegen beim ersten Kontakt lösen\n")
    qtbot.keyClick(page.statements_section.table, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog.objectName() == "paste_statements_dialog"
    assert dialog.preview_label.text().startswith("1 statement will be added.<br>")
    assert "<b>Agent 5</b>: Anliegen beim ersten Kontakt lösen" in dialog.preview_label.text()
    dialog.text_edit.appendPlainText("- Resolve the concern at the first contact")
    assert dialog.preview_label.text().startswith("2 statements will be added.")
    assert dialog.preview_count() == 2
    dialog.accept()
    recorded = records.list_statements(plan)
    assert [(s.respondent, s.text) for s in recorded[-2:]] == [
        ("Agent 5", "Anliegen beim ersten Kontakt lösen"),
        ("Employee 6", "Resolve the concern at the first contact")]
    assert context.undo_stack.undoText() == "Add 2 statements"

    result = goal_analysis.alignment(records.list_goals(plan), recorded)
    by_respondent = {r.statement.respondent: r for r in page.statements_section.rows()}
    assert by_respondent["Agent 1"].goals == ("Kundenzufriedenheit steigern",)
    assert "Shorter waiting times" in by_respondent["Agent 2"].goals
    assert by_respondent["Agent 3"].goals == ("Shorter waiting times",)
    assert by_respondent["Agent 4"].goals == ()
    assert by_respondent["Agent 5"].goals == ("Resolve concerns at first contact",)
    assert by_respondent["Agent 4"].score == 0
    assert by_respondent["Agent 1"].score > 0
    section = page.statements_section
    row = next(r for r in range(section.proxy.rowCount())
               if section.proxy.index(r, 0).data() == "Agent 4")
    assert section.proxy.index(row, 3).data() == "—"
    assert section.proxy.index(row, 4).data() == "0 %"

    summary = page.summary_label.text()
    assert "Only" not in summary
    assert f"{round(result.overall * 100)} %" in summary
    assert f"{round(result.agreement * 100)} %" in summary
    assert "Motivierte Mitarbeiter: 0 of 6 — nobody mentioned it" in summary
    assert result.unmentioned_goals == (staff,)
    assert {satisfaction, waiting, first} <= {g for m in result.statements for g in m.goal_ids}

    # Undo takes both pasted statements away at once; the note comes back.
    context.undo_stack.undo()
    assert len(records.list_statements(plan)) == 4
    assert "Only 4 statements recorded" in page.summary_label.text()


def test_statement_dialog_and_delete(qtbot, page):
    context = page.context
    dialog = page.add_statement()
    assert not dialog.ok_button.isEnabled()
    dialog.respondent_edit.setText("Ben")
    dialog.text_edit.setPlainText("Kunden schnell helfen")
    dialog.date_check.setChecked(False)
    dialog.accept()
    statement = records.list_statements(context.plan)[0]
    assert (statement.respondent, statement.text, statement.date) == (
        "Ben", "Kunden schnell helfen", "")
    assert "Only 1 statement recorded" in page.summary_label.text()
    page.statements_section.select_ids([statement.id])
    qtbot.keyClick(page.statements_section.table, Qt.Key.Key_Delete)
    assert records.list_statements(context.plan) == []
    assert page.statements_section.model.rowCount() == 0
    context.undo_stack.undo()
    assert records.list_statements(context.plan) == [statement]


def test_reload_waits_until_shown(qtbot, page):
    plan = page.context.plan
    page.hide()
    records.add(plan, domain.Goal(0, "Added elsewhere"))
    page.context.data_changed.emit("goals")
    assert page.goals_section.model.rowCount() == 0
    page.show()
    qtbot.waitExposed(page)
    assert cell_texts(page.goals_section, 0) == ["Added elsewhere"]
    page.context.data_changed.emit("people")  # not ours: nothing to do
    page.context.set_plan(None)
    assert page.goals_section.model.rowCount() == 0
    assert page.add_goal() is None  # no plan, no dialog


def test_parse_statements():
    text = ("Respondent\tDate\tStatement\n"
            "Anna\t2.3.2026\tSchnelle Hilfe\n"
            "Ben\tFreundlich sein\n"
            "\n"
            "Clara: customers first\n"
            "• What we really want here: happy customers\n"
            "3. Kosten senken\n")
    assert parse_statements(text) == [
        ("Anna", "2026-03-02", "Schnelle Hilfe"),
        ("Ben", "", "Freundlich sein"),
        ("Clara", "", "customers first"),
        ("", "", "What we really want here: happy customers"),
        ("", "", "Kosten senken"),
    ]


def test_impact_model_passes_the_model_tester(qtmodeltester, page):
    plan = page.context.plan
    goal = records.add(plan, domain.Goal(0, "G"))
    measure = records.add(plan, domain.Measure(0, "M"))
    records.set_impact(plan, measure, goal, -1)
    page.context.data_changed.emit("goals")
    qtmodeltester.check(page.matrix_model)
    qtmodeltester.check(page.goals_section.model)
