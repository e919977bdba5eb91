"""The skills catalogue dialog: add, rename, archive, merge and level texts, each undone and
redone, with the plan file checked through services.plans.snapshot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from changeplanner import domain
from changeplanner.services import catalog, plans
from changeplanner.ui.catalogue_dialog import COLUMNS, CatalogueDialog


@pytest.fixture
def dialog(qtbot, context, small_plan):
    context.set_plan(plans.open_plan(small_plan))
    dlg = CatalogueDialog(context)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: not dlg.loading and dlg.model.rowCount() > 0)
    return dlg


def skills_of(plan):
    return {s.name: s for s in plans.snapshot(plan).skills}


def cell(dlg, skill_name, column):
    row = next(r for r in range(dlg.proxy.rowCount())
               if dlg.proxy.index(r, 0).data() == skill_name)
    return dlg.proxy.index(row, COLUMNS.index(column))


def test_models_pass_the_model_tester(qtmodeltester, dialog):
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)
    qtmodeltester.check(dialog.levels_model)


def test_shows_counts(dialog):
    assert cell(dialog, "Scrum", "rated").data() == "2"
    assert cell(dialog, "Scrum", "experts").data() == "1"
    assert cell(dialog, "Scrum", "category").data() == "agile methods"


def test_add_rename_archive_merge_with_undo_and_redo(qtbot, dialog, context):
    plan, stack = context.plan, context.undo_stack

    # add, through the real "Add skill…" dialog
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    qtbot.keyClicks(add.name_edit, "scrum")  # taken (names ignore case): OK disabled
    assert not add.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "already exists" in add.hint.text()
    add.name_edit.clear()
    qtbot.keyClicks(add.name_edit, "Kanban")
    add.category_combo.setCurrentText("agile methods")
    with qtbot.waitSignal(dialog.loaded):
        qtbot.mouseClick(add.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    assert skills_of(plan)["Kanban"].category == "agile methods"
    assert cell(dialog, "Kanban", "category").data() == "agile methods"
    with qtbot.waitSignal(dialog.loaded):
        stack.undo()
    assert "Kanban" not in skills_of(plan)
    with qtbot.waitSignal(dialog.loaded):
        stack.redo()
    assert "Kanban" in skills_of(plan)

    # rename in place with the table's editor
    index = cell(dialog, "Kanban", "name")
    dialog.table.setCurrentIndex(index)
    dialog.table.edit(index)
    editor = dialog.table.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Kanban flow")
    with qtbot.waitSignal(dialog.loaded):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "Kanban flow" in skills_of(plan) and "Kanban" not in skills_of(plan)
    with qtbot.waitSignal(dialog.loaded):
        stack.undo()
    assert "Kanban" in skills_of(plan)
    with qtbot.waitSignal(dialog.loaded):
        stack.redo()
    assert "Kanban flow" in skills_of(plan)

    # archive with the button
    dialog.select_skill(skills_of(plan)["Kanban flow"].id)
    assert dialog.archive_button.text() == "Archive"
    with qtbot.waitSignal(dialog.loaded):
        qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert skills_of(plan)["Kanban flow"].archived
    assert cell(dialog, "Kanban flow", "archived").data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    dialog.archived_check.setChecked(False)
    assert dialog.proxy.rowCount() == 1
    dialog.archived_check.setChecked(True)
    with qtbot.waitSignal(dialog.loaded):
        stack.undo()
    assert not skills_of(plan)["Kanban flow"].archived
    with qtbot.waitSignal(dialog.loaded):
        stack.redo()
    assert skills_of(plan)["Kanban flow"].archived

    # merge "Scrum" (2 ratings) into "Kanban flow" (none), confirming the counts
    skills = skills_of(plan)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    merge = dialog.merge_dialog
    merge.source_combo.setCurrentIndex(merge.source_combo.findData(skills["Scrum"].id))
    merge.target_combo.setCurrentIndex(merge.target_combo.findData(skills["Kanban flow"].id))
    assert "2 ratings of ‘Scrum’ move to ‘Kanban flow’." in merge.summary.text()
    with qtbot.waitSignal(dialog.loaded):
        qtbot.mouseClick(merge.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    snap = plans.snapshot(plan)
    assert [s.name for s in snap.skills] == ["Kanban flow"]
    target = skills["Kanban flow"].id
    assert {(r.person_id, r.level, r.target) for r in snap.ratings if r.skill_id == target} \
        == {("P01", 3, 4), ("P05", 1, 3)}
    assert cell(dialog, "Kanban flow", "rated").data() == "2"
    with qtbot.waitSignal(dialog.loaded):
        stack.undo()
    snap = plans.snapshot(plan)
    assert {s.name for s in snap.skills} == {"Scrum", "Kanban flow"}
    assert {r.person_id for r in snap.ratings if r.skill_id == skills["Scrum"].id} \
        == {"P01", "P05"}
    assert not [r for r in snap.ratings if r.skill_id == target]
    with qtbot.waitSignal(dialog.loaded):
        stack.redo()
    assert [s.name for s in plans.snapshot(plan).skills] == ["Kanban flow"]
    assert stack.count() == 4  # add, rename, archive, merge


def test_merge_dialog_refuses_the_same_skill(qtbot, dialog):
    dialog.add_skill("Kanban")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    merge = dialog.open_merge_dialog()
    merge.target_combo.setCurrentIndex(merge.source_combo.currentIndex())
    assert not merge.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    merge.reject()


def test_level_texts_plan_wide_and_per_skill(qtbot, dialog, context):
    plan, stack = context.plan, context.undo_stack
    model = dialog.levels_model
    assert model.index(3, 1).data() == domain.LEVEL_LABELS[3]
    with qtbot.waitSignal(dialog.loaded):
        assert model.setData(model.index(3, 2), "Runs a sprint review alone")
    texts = catalog.level_texts(plan)
    assert texts == [domain.LevelText(3, "works independently", "Runs a sprint review alone")]
    # a skill inherits the plan-wide text, then gets its own
    scrum = skills_of(plan)["Scrum"].id
    dialog.level_scope_combo.setCurrentIndex(dialog.level_scope_combo.findData(scrum))
    assert model.index(3, 2).data() == "Runs a sprint review alone"
    assert model.index(3, 2).data(Qt.ItemDataRole.FontRole).italic()
    with qtbot.waitSignal(dialog.loaded):
        model.setData(model.index(4, 1), "Scrum coach")
    assert domain.LevelText(4, "Scrum coach", "", scrum) in catalog.level_texts(plan)
    assert model.index(4, 1).data() == "Scrum coach"
    with qtbot.waitSignal(dialog.loaded):
        stack.undo()
    assert [t.skill_id for t in catalog.level_texts(plan)] == [None]
    with qtbot.waitSignal(dialog.loaded):
        stack.undo()
    assert catalog.level_texts(plan) == []
    assert dialog.level_scope_combo.currentData() == scrum


def test_filter(qtbot, dialog):
    with qtbot.waitSignal(dialog.loaded):
        dialog.add_skill("Excel", "tools")
    assert dialog.proxy.rowCount() == 2
    qtbot.keyClicks(dialog.filter_edit, "tool")
    assert dialog.proxy.rowCount() == 1
    assert "(1 shown)" in dialog.count_label.text()
