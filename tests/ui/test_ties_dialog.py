"""The ties dialog and the Network menu: every change undoable, survey rates shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from changeplanner.services import imports, plans
from changeplanner.store.db import create_plan
from tests.services.survey_fixture import fill, ties_of


@pytest.fixture
def plan_path(tmp_path):
    path = tmp_path / "org.changeplan"
    plan = create_plan(path, name="Org")
    fill(plan)
    plan.close()
    return path


@pytest.fixture
def opened(context, plan_path):
    context.set_plan(plans.open_or_create(plan_path))
    return context


def make_dialog(qtbot, context, person_id=None):
    from changeplanner.ui.ties_dialog import TiesDialog

    dialog = TiesDialog(context, person_id)
    qtbot.addWidget(dialog)
    return dialog


def test_add_edit_delete_with_undo(qtbot, opened):
    context = opened
    plan = context.plan
    dialog = make_dialog(qtbot, context)
    seen = []
    context.data_changed.connect(seen.append)

    dialog.source_combo.setEditText("anna")  # search by part of the name
    dialog.target_combo.setEditText("Dora Engel (p7)")
    dialog.relation_combo.setCurrentIndex(dialog.relation_combo.findData("trust"))
    dialog.weight_spin.setValue(2.5)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert ties_of(plan) == {("p1", "p7", "trust", 2.5)}
    assert seen == ["ties"]
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 0).data() == "Anna Berg (p1)"
    assert dialog.model.index(0, 2).data() == "trust"

    model = dialog.model
    assert model.setData(model.index(0, 2), "collaboration")
    assert ties_of(plan) == {("p1", "p7", "collaboration", 2.5)}
    assert model.setData(model.index(0, 3), 4.0)
    assert ties_of(plan) == {("p1", "p7", "collaboration", 4.0)}
    context.undo_stack.undo()
    assert ties_of(plan) == {("p1", "p7", "collaboration", 2.5)}
    context.undo_stack.undo()
    assert ties_of(plan) == {("p1", "p7", "trust", 2.5)}
    assert dialog.model.index(0, 2).data() == "trust"

    dialog.table.selectionModel().select(
        model.index(0, 0), QItemSelectionModel.SelectionFlag.Select
        | QItemSelectionModel.SelectionFlag.Rows)
    assert dialog.delete_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert ties_of(plan) == set()
    assert dialog.model.rowCount() == 0
    context.undo_stack.undo()
    assert ties_of(plan) == {("p1", "p7", "trust", 2.5)}
    context.undo_stack.undo()  # the addition
    assert ties_of(plan) == set()
    context.undo_stack.redo()
    assert ties_of(plan) == {("p1", "p7", "trust", 2.5)}
    assert context.undo_stack.count() == 2  # add, delete (the undone edits were dropped)


def test_refused_tie_shows_why_and_is_not_on_the_stack(qtbot, opened):
    dialog = make_dialog(qtbot, opened)
    dialog.source_combo.setEditText("Anna Berg (p1)")
    dialog.target_combo.setEditText("Anna Berg (p1)")
    dialog.add_tie()
    assert "themselves" in dialog.message_label.text()
    assert opened.undo_stack.count() == 0
    dialog.target_combo.setEditText("Jan Meyer")  # two people have this name
    dialog.add_tie()
    assert "Choose two people" in dialog.message_label.text()
    assert ties_of(opened.plan) == set()


def test_one_persons_ties_and_survey_header(qtbot, opened, tmp_path):
    from changeplanner.services import ties

    plan = opened.plan
    ties.add_tie(plan, "p2", "p1")
    ties.add_tie(plan, "p3", "p4")
    answers = tmp_path / "answers.csv"
    answers.write_text("Respondent,Q\nAnna Berg,Ben Ott\n", encoding="utf-8")
    imports.import_file(plan, "survey", answers)
    dialog = make_dialog(qtbot, opened, "p1")
    assert dialog.model.rowCount() == 2  # p2 -> p1 and the survey's p1 -> p4
    assert {(t.source, t.target) for t in dialog.model.ties} == {("p2", "p1"), ("p1", "p4")}
    text = dialog.survey_label.text()
    assert "1 of 10 answered (10%)" in text
    assert "Sales 20%" in text and "only directional" in text
    dialog.filter_combo.setCurrentIndex(0)  # all people
    assert dialog.model.rowCount() == 3


def test_network_menu_derives_reporting_lines_undoably(qtbot, window, plan_path):
    assert window.open_plan_file(plan_path)
    plan = window.context.plan
    assert window.action_derive_lines.isEnabled()
    assert window.derive_reporting_lines() == 7
    assert len(ties_of(plan)) == 7
    assert window.derive_reporting_lines() == 0  # idempotent
    window.action_undo.trigger()
    window.action_undo.trigger()
    assert ties_of(plan) == set()
    assert "No relationship survey" in window.survey_rates_text()
    dialog = window.open_ties("p6")
    assert dialog.model.rowCount() == 0
    window.action_redo.trigger()
    assert dialog.model.rowCount() == 3  # the dialog follows data_changed("ties")
    dialog.close()
    window.action_undo.trigger()  # undo after the dialog is gone still works
    assert ties_of(plan) == set()


def test_blank_survey_from_the_window(qtbot, window, plan_path, tmp_path):
    assert window.open_plan_file(plan_path)
    out = tmp_path / "blank.pdf"
    task = window.export_blank_survey(out, department="IT")
    qtbot.waitUntil(lambda: out.exists() and not window.busy, timeout=10_000)
    assert task is not None
    assert out.read_bytes().startswith(b"%PDF")
