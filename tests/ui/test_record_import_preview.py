"""The import preview dialog with pilots, goals and ideas files: problems by row and column,
a column mapping that rescues an unrecognised column, and the import itself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from changeplanner.services import plans, records
from changeplanner.ui.import_preview import CHOICES_ROLE, ImportPreviewDialog


@pytest.fixture
def opened(context, small_plan):
    context.set_plan(plans.open_plan(small_plan))
    return context


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def open_dialog(qtbot, context, path, kind):
    dialog = ImportPreviewDialog(context, kind, path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewed, timeout=5000):
        dialog.show()
    return dialog


def rows_of(view):
    model = view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_goals_file_mapped_and_imported(qtmodeltester, qtbot, tmp_path, opened):
    path = write(tmp_path, "ziele.csv", "Ziel;Priorität;Vorhaben;Wirkung\n"
                                        "Erreichbarkeit;hoch;Rückrufservice;3\n"
                                        "Erstlösung;mittel;Rückrufservice;1\n")
    dialog = open_dialog(qtbot, opened, path, "goals")
    qtmodeltester.check(dialog.mapping_model)
    # "Vorhaben" is not recognised, so the impacts have no measure.
    assert [(r, c) for r, c, _m in rows_of(dialog.errors_table)] == [("2", "Wirkung"),
                                                                      ("3", "Wirkung")]
    assert not dialog.import_button.isEnabled()
    dialog.tabs.setCurrentIndex(1)
    assert rows_of(dialog.mapping_table)[2] == ("Vorhaben", "— ignore", "Rückrufservice")
    index = dialog.mapping_model.index(2, 1)
    assert "measure" in [value for value, _label in index.data(CHOICES_ROLE)]
    with qtbot.waitSignal(dialog.previewed):
        dialog.mapping_model.setData(index, "measure")
    assert dialog.preview.error_count == 0 and dialog.import_button.isEnabled()
    assert dialog.counts_label.text() == "2 rows without problems · 3 new, 0 updated"
    dialog.grab().save(str(tmp_path / "goals_preview.png"))
    changed = []
    opened.data_changed.connect(changed.append)
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert changed == ["goals"]
    assert [g.title for g in records.list_goals(opened.plan)] == ["Erreichbarkeit", "Erstlösung"]
    assert [(i.goal_id, i.score) for i in records.list_impacts(opened.plan)] == [(1, 3), (2, 1)]


def test_pilots_file_with_problems_writes_nothing(qtbot, tmp_path, opened):
    before = records.list_pilots(opened.plan)
    path = write(tmp_path, "piloten.csv", "Name;Status;Sponsor;Anteil A-Kunden\n"
                                          "Neu;läuft;Niemand;80 %\n"
                                          "Callback squad;fertig;;\n"
                                          "Noch einer;geplant;;150\n")
    dialog = open_dialog(qtbot, opened, path, "pilots")
    assert [(r, c) for r, c, _m in rows_of(dialog.errors_table)] == [
        ("2", "Sponsor"), ("3", "Status"), ("4", "Anteil A-Kunden")]
    assert dialog.tabs.tabText(0) == "Problems (3)"
    assert "Fix 3 problems" in dialog.status_label.text()
    dialog.start_import()  # refused while there are problems
    opened.runner.wait()
    assert dialog.result is None and records.list_pilots(opened.plan) == before


def test_ideas_file_imported(qtbot, tmp_path, opened):
    path = write(tmp_path, "ideen.csv", "Datum;Autor;Text;Status;Pilot\n"
                                        "01.03.2026;Frau K.;Rückruf bitte;neu;callback squad\n")
    dialog = open_dialog(qtbot, opened, path, "ideas")
    assert dialog.preview.ok and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    idea = records.list_ideas(opened.plan)[0]
    pilot = records.list_pilots(opened.plan)[0]
    assert (idea.text, idea.author, idea.date, idea.pilot_id) == (
        "Rückruf bitte", "Frau K.", "2026-03-01", pilot.id)
