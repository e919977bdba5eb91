"""The import preview dialog: every problem listed before anything is written, a column
mapping that fixes an unrecognised id column, and new skills only after the user agrees."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

from changeplanner.services import plans
from changeplanner.ui.import_preview import ImportPreviewDialog


@pytest.fixture
def opened(context, small_plan):
    context.set_plan(plans.open_plan(small_plan))
    return context


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def ratings(plan):
    snap = plans.snapshot(plan)
    names = {s.id: s.name for s in snap.skills}
    return {(r.person_id, names[r.skill_id]): r.level for r in snap.ratings}


def open_dialog(qtbot, context, path, kind="skills"):
    dialog = ImportPreviewDialog(context, kind, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewed, timeout=5000):
        dialog.show()
    return dialog


def rows_of(view):
    model = view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_every_problem_is_listed_and_nothing_is_written(qtmodeltester, qtbot, tmp_path,
                                                        opened):
    before = ratings(opened.plan)
    path = write(tmp_path, "levels.csv", "\ufeffid;Scrum\nP01;3\nP02;x\nP05;5\nP06;2,5\n")
    dialog = open_dialog(qtbot, opened, path)
    for model in (dialog.errors_model, dialog.mapping_model, dialog.sample_model):
        qtmodeltester.check(model)
    assert rows_of(dialog.errors_table) == [
        ("3", "Scrum", "“x” is not a level; use a whole number from 0 to 4"),
        ("4", "Scrum", "“5” is not a level; use a whole number from 0 to 4"),
        ("5", "Scrum", "“2,5” is not a level; use a whole number from 0 to 4"),
    ]
    assert dialog.tabs.tabText(0) == "Problems (3)"
    assert dialog.tabs.currentIndex() == 0
    assert not dialog.import_button.isEnabled()
    assert "Fix 3 problems" in dialog.status_label.text()
    assert dialog.format_label.text() == ("CSV file, semicolon-separated, UTF-8 with BOM · "
                                          "wide format (one column per skill)")
    assert rows_of(dialog.sample_table)[0] == ("2", "P01", "3")
    dialog.start_import()  # refused while there are problems
    opened.runner.wait()
    qtbot.wait(10)
    assert dialog.result is None
    assert ratings(opened.plan) == before


def test_mapping_change_fixes_an_unrecognised_id_column(qtbot, tmp_path, opened):
    path = write(tmp_path, "levels.csv", "Kennung;Scrum\nP02;2\nP03;1\n")
    dialog = open_dialog(qtbot, opened, path)
    assert dialog.preview.error_count == 1
    assert "lacks the required column “id”" in dialog.errors_model.row_at(0).message
    # a file without its id column is rejected as a whole: nothing is read as anything yet
    assert rows_of(dialog.mapping_table)[0] == ("Kennung", "— not recognised", "")
    assert not dialog.import_button.isEnabled()

    dialog.tabs.setCurrentIndex(1)
    index = dialog.mapping_model.index(0, 1)
    dialog.mapping_table.edit(index)
    editor = dialog.mapping_table.indexWidget(index)
    assert isinstance(editor, QComboBox)
    assert editor.itemText(editor.findData("ignore")) == "— ignore"
    editor.setCurrentIndex(editor.findData("id"))
    with qtbot.waitSignal(dialog.previewed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert dialog.mapping == {"Kennung": "id"}
    assert dialog.preview.error_count == 0
    assert dialog.counts_label.text().startswith("2 rows without problems · 2 new, 0 updated")
    assert dialog.import_button.isEnabled()
    changed = []
    opened.data_changed.connect(changed.append)
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert changed == ["skills"]
    assert ratings(opened.plan)[("P02", "Scrum")] == 2
    assert ratings(opened.plan)[("P03", "Scrum")] == 1


def test_new_skills_need_the_check_box(qtbot, tmp_path, opened):
    path = write(tmp_path, "levels.csv", "id,Scrum,Kanban,Moderation\nP01,4,3,\nP02,2,,1\n")
    dialog = open_dialog(qtbot, opened, path)
    assert dialog.preview.error_count == 0
    assert dialog.create_check.isVisible()
    assert dialog.create_check.text() == "Create 2 new skills: Kanban, Moderation"
    assert not dialog.import_button.isEnabled()
    assert "Tick “Create new skills”" in dialog.status_label.text()
    assert "Kanban" not in {s.name for s in plans.snapshot(opened.plan).skills}
    box = dialog.create_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].created_skills == ("Kanban", "Moderation")
    assert ratings(opened.plan)[("P01", "Kanban")] == 3
    assert ratings(opened.plan)[("P02", "Moderation")] == 1


def test_ignoring_a_new_skill_column_needs_no_check_box(qtbot, tmp_path, opened):
    path = write(tmp_path, "levels.csv", "id,Scrum,Kanban\nP01,4,3\n")
    dialog = open_dialog(qtbot, opened, path)
    assert dialog.create_check.isVisible()
    with qtbot.waitSignal(dialog.previewed):
        dialog.mapping_model.setData(dialog.mapping_model.index(2, 1), "ignore")
    assert not dialog.create_check.isVisible()
    assert dialog.import_button.isEnabled()
