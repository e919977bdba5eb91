"""The main window driven like a user: open, navigate, import, Save As, languages, settings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from changeplanner.services import plans
from changeplanner.ui import settings as cfg
from changeplanner.ui.app import build_main_window

PAGE_KEYS = ["dashboard", "people", "skills", "network", "board", "pilots", "goals", "ideas"]


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes the window showed, as (title, text); none of them blocks the test."""
    shown: list[tuple[str, str]] = []

    def fake_exec(box):
        shown.append((box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def choose_file(monkeypatch, path, *, save=False):
    """Make the next file dialog answer ``path`` (as if the user picked it)."""
    name = "getSaveFileName" if save else "getOpenFileName"
    monkeypatch.setattr(QFileDialog, name,
                        staticmethod(lambda *args, **kwargs: (str(path), "")))


def people_count(path) -> int:
    with plans.open_plan(path) as plan:
        return len(plans.snapshot(plan).people)


def wait_idle(qtbot, window, timeout=20000):
    qtbot.waitUntil(lambda: not window.busy, timeout=timeout)


def open_plan(qtbot, window, path):
    """Open ``path`` like File ▸ Open does and wait until the pages have read it."""
    assert window.open_plan_file(path)
    wait_idle(qtbot, window)


def show_people(qtbot, window):
    """Switch to the People page (a plan opens on the Overview) and wait until it has read
    the plan."""
    window.show_page("people")
    wait_idle(qtbot, window)
    return window.page("people")


# -- starting and navigating ----------------------------------------------------------------

def test_without_a_plan_the_window_offers_three_ways_to_start(window):
    assert window.windowTitle() == "Change Planner"
    assert window.content.currentWidget() is window.welcome
    assert window.welcome.demo_button.text() == "Open the demo organisation"
    assert not window.action_save_as.isEnabled()
    assert not window.import_actions["people"].isEnabled()
    assert not window.navigation.isEnabled()
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&Skills",
                                                              "&Network", "&View", "&Help"]


def test_open_plan_via_dialog_shows_name_and_file(window, small_plan, monkeypatch, qtbot):
    choose_file(monkeypatch, small_plan)
    window.action_open.trigger()
    wait_idle(qtbot, window)
    assert window.context.plan is not None
    assert window.windowTitle() == f"Small plan ({small_plan.name}) – Change Planner"
    assert window.content.currentWidget() is window.page_stack
    assert window.current_page().key == "dashboard"  # a plan opens on the Overview
    assert window.navigation.currentItem().text() == "Overview"
    assert show_people(qtbot, window).count_label.text() == "12 people"
    assert cfg.recent_files(window.settings) == [str(small_plan.resolve())]


def test_every_view_through_navigation_and_shortcuts(window, small_plan, qtbot):
    open_plan(qtbot, window, small_plan)
    nav = window.navigation
    for row, key in enumerate(PAGE_KEYS):
        rect = nav.visualItemRect(nav.item(row))
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_page().key == key
        assert window.page_stack.currentWidget().isVisible()
    assert [nav.item(r).text() for r in range(nav.count())] == [
        "Overview", "People", "Skills", "Network", "Change board", "Pilots", "Goals", "Ideas"]
    assert [a.shortcut().toString() for a in window.page_actions] == [
        f"Ctrl+{n}" for n in range(1, len(PAGE_KEYS) + 1)]
    assert [a.text() for a in window.view_menu.actions()] == [
        nav.item(r).text() for r in range(nav.count())]
    for number, key in reversed(list(enumerate(PAGE_KEYS, start=1))):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert window.current_page().key == key
        assert nav.currentRow() == number - 1
    wait_idle(qtbot, window)


def test_pilots_page_lists_pilots_and_explains_when_empty(window, small_plan, tmp_path,
                                                          qtbot, qtmodeltester):
    open_plan(qtbot, window, small_plan)
    window.show_page("pilots")
    page = window.page("pilots")
    assert page.model.rowCount() == 1
    assert [page.proxy.index(0, c).data() for c in range(3)] == [
        "Callback squad", "Kundenservice 1st Level", "running"]
    assert page.count_label.text() == "1 pilot"
    qtmodeltester.check(page.model)
    plans.create_plan(tmp_path / "empty.changeplan").close()
    open_plan(qtbot, window, tmp_path / "empty.changeplan")
    window.show_page("pilots")
    assert page.stack.currentWidget() is page.empty_label
    assert "Lighthouse pilots are small first agile pilots" in page.empty_label.text()
    wait_idle(qtbot, window)


def test_open_on_a_non_plan_file_keeps_the_current_plan(window, small_plan, tmp_path,
                                                        boxes, monkeypatch, qtbot):
    open_plan(qtbot, window, small_plan)
    stranger = tmp_path / "notes.changeplan"
    stranger.write_text("shopping list\n", encoding="utf-8")
    choose_file(monkeypatch, stranger)
    window.action_open.trigger()
    assert boxes == [("Cannot open the plan",
                      f"File {stranger}: This file is not a Change Planner plan.")]
    assert window.context.plan.path == small_plan
    assert show_people(qtbot, window).count_label.text() == "12 people"
    assert stranger.read_text(encoding="utf-8") == "shopping list\n"
    assert cfg.recent_files(window.settings) == [str(small_plan.resolve())]


def test_new_plan_creates_an_empty_plan_and_never_replaces_a_file(window, small_plan,
                                                                   tmp_path, boxes,
                                                                   monkeypatch, qtbot):
    choose_file(monkeypatch, tmp_path / "fresh", save=True)
    window.action_new.trigger()
    wait_idle(qtbot, window)
    created = tmp_path / "fresh.changeplan"
    assert window.context.plan.path == created
    assert people_count(created) == 0
    assert show_people(qtbot, window).empty_label.isVisible()

    choose_file(monkeypatch, small_plan, save=True)
    window.action_new.trigger()
    assert boxes and boxes[0][0] == "Cannot create the plan"
    assert "already exists" in boxes[0][1]
    assert people_count(small_plan) == 12
    assert window.context.plan.path == created


def test_save_as_writes_a_copy_and_continues_there(window, small_plan, tmp_path,
                                                   monkeypatch, qtbot):
    open_plan(qtbot, window, small_plan)
    window.show_page("network")
    target = tmp_path / "copy.changeplan"
    choose_file(monkeypatch, target, save=True)
    window.action_save_as.trigger()
    wait_idle(qtbot, window)
    assert target.exists()
    assert window.context.plan.path == target
    assert window.current_page().key == "network"  # the user continues where they were
    assert window.windowTitle() == "Small plan (copy.changeplan) – Change Planner"
    assert window.windowFilePath() == str(target)
    assert people_count(target) == 12
    # Edits now go to the copy, not to the original.
    plans.update_person(window.context.plan, "P01", "name", "Anna Copy")
    with plans.open_plan(small_plan) as original:
        assert plans.snapshot(original).people_by_id()["P01"].name == "Anna Schmidt"
    assert cfg.recent_files(window.settings)[:2] == [str(target.resolve()),
                                                     str(small_plan.resolve())]


# -- import ---------------------------------------------------------------------------------

def preview_from_menu(window, qtbot, kind):
    """Trigger File ▸ Import ▸ ``kind`` and return the preview dialog once it has read."""
    from changeplanner.ui.import_preview import ImportPreviewDialog

    window.import_actions[kind].trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportPreviewDialog) is not None, timeout=5000)
    dialog = window.findChild(ImportPreviewDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    return dialog


def test_import_of_a_good_people_file(window, small_plan, tmp_path, monkeypatch, qtbot,
                                      boxes):
    open_plan(qtbot, window, small_plan)
    source = tmp_path / "neu.csv"
    source.write_text("\ufeffid;Name;Abteilung;Führungskraft;Haltung\n"
                      "P13;Zoë Neumann;IT;nein;1\n"
                      "P02;Ben Weber-Neu;Kundenservice 1st Level;nein;-1\n",
                      encoding="utf-8")
    choose_file(monkeypatch, source)
    received = []
    window.context.data_changed.connect(received.append)
    dialog = preview_from_menu(window, qtbot, "people")
    assert people_count(small_plan) == 12  # the preview writes nothing
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: received == ["people"], timeout=10000)
    assert window.statusBar().currentMessage() == "Imported neu.csv: 1 added, 1 updated."
    page = show_people(qtbot, window)
    qtbot.waitUntil(lambda: page.count_label.text() == "13 people", timeout=10000)
    assert people_count(small_plan) == 13
    assert boxes == []


def test_import_of_a_bad_file_names_row_and_column_and_changes_nothing(
        window, small_plan, tmp_path, monkeypatch, qtbot, boxes):
    open_plan(qtbot, window, small_plan)
    source = tmp_path / "bad.csv"
    source.write_text("id,name,department,attitude\n"
                      "P20,Olga Berg,IT,1\n"
                      "P21,Paul Roth,IT,7\n", encoding="utf-8")
    choose_file(monkeypatch, source)
    dialog = preview_from_menu(window, qtbot, "people")
    problems = [tuple(dialog.errors_model.index(r, c).data() for c in range(3))
                for r in range(dialog.errors_model.rowCount())]
    assert len(problems) == 1 and problems[0][:2] == ("3", "attitude")
    assert not dialog.import_button.isEnabled()
    dialog.start_import()  # refused while there are problems
    wait_idle(qtbot, window)
    assert people_count(small_plan) == 12
    assert show_people(qtbot, window).count_label.text() == "12 people"


def test_import_menu_offers_pilots_goals_and_ideas(window, small_plan, tmp_path,
                                                   monkeypatch, qtbot, boxes):
    assert [a.text() for a in window.import_menu.actions()] == [
        "&People…", "&Ties…", "&Skills…", "Relationship s&urvey…", "P&ilots…",
        "&Goals and measures…", "I&deas…"]
    open_plan(qtbot, window, small_plan)
    assert window.dashboard.tiles["ideas"].figure.text() == "0"
    source = tmp_path / "ideen.csv"
    source.write_text("date;author;text;status\n"
                      "2025-05-02;Ben Weber;Rückruf-Termine online buchen;new\n"
                      "2025-05-03;Clara Fischer;FAQ mit dem 2nd Level teilen;in_review\n",
                      encoding="utf-8")
    choose_file(monkeypatch, source)
    dialog = preview_from_menu(window, qtbot, "ideas")
    assert dialog.windowTitle() == "Import ideas and customer voices"
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    wait_idle(qtbot, window)
    # The overview is shown and follows the import at once.
    qtbot.waitUntil(lambda: window.dashboard.tiles["ideas"].figure.text() == "2",
                    timeout=10000)
    assert boxes == []


# -- background tasks -----------------------------------------------------------------------

def test_status_bar_shows_a_running_task_and_cancel_stops_it(window, small_plan, qtbot):
    open_plan(qtbot, window, small_plan)
    wait_idle(qtbot, window)
    started = threading.Event()

    def slow(progress):
        progress.update(0.25, "Counting colleagues…")
        started.set()
        for _step in range(2000):
            progress.update(0.5)
            threading.Event().wait(0.005)
        return "done"

    results = []
    window.run_task(slow, title="Slow work…", on_finished=results.append)
    assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.progress_label.text() == "Counting colleagues…")
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert results == []
    assert not window.progress_bar.isVisible()
    assert window.statusBar().currentMessage() == "Cancelled."

    window.run_task(lambda progress: 42, title="Quick", on_finished=results.append)
    wait_idle(qtbot, window)
    assert results == [42]


# -- language, settings, state ----------------------------------------------------------------

def test_language_switch_in_settings_dialog_retranslates_at_once(window, small_plan, qtbot):
    open_plan(qtbot, window, small_plan)
    window.action_settings.trigger()
    dialog = window._settings_dialog
    assert dialog.isVisible()
    combo = dialog.language_combo
    combo.setCurrentIndex(combo.findData("de"))
    assert [a.text() for a in window.menuBar().actions()] == [
        "&Datei", "&Bearbeiten", "&Skills", "&Netzwerk", "&Ansicht", "&Hilfe"]
    assert window.action_open_demo.text() == "&Demo öffnen"
    assert window.navigation.item(1).text() == "Personen"
    assert show_people(qtbot, window).count_label.text() == "12 Personen"
    assert window.page("people").model.headerData(
        6, Qt.Orientation.Horizontal) == "Haltung"
    assert dialog.windowTitle() == "Einstellungen"
    assert cfg.get_value(window.settings, "ui/language") == "de"
    # Qt's own strings (standard buttons) follow.
    box = QMessageBox(QMessageBox.Icon.Information, "t", "x", QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text().replace("&", "") == "Abbrechen"

    combo.setCurrentIndex(combo.findData("en"))
    assert window.file_menu.title() == "&File"
    assert window.page("people").count_label.text() == "12 people"
    dialog.close()


def test_language_setting_is_used_at_start(settings, qtbot):
    cfg.set_value(settings, "ui/language", "de")
    window = build_main_window(settings)
    qtbot.addWidget(window)
    assert window.edit_menu.title() == "&Bearbeiten"
    assert window.welcome.demo_button.text() == "Demo-Organisation öffnen"
    window.set_language("en")
    assert window.edit_menu.title() == "&Edit"


def test_recent_files_and_geometry_are_remembered(settings, small_plan, tmp_path, qtbot):
    other = tmp_path / "other.changeplan"
    plans.create_plan(other).close()
    first = build_main_window(settings)
    qtbot.addWidget(first)
    first.resize(first.minimumSizeHint().width(), 540)
    first.show()
    open_plan(qtbot, first, small_plan)
    open_plan(qtbot, first, other)
    first.show_page("pilots")
    assert first.height() == 540  # not the default 800
    first.close()

    second = build_main_window(settings)
    qtbot.addWidget(second)
    # (The width may be clipped to the offscreen platform's 800-pixel screen.)
    assert second.height() == 540
    second._fill_recent_menu()
    entries = [a for a in second.recent_menu.actions() if a.data()]
    assert [a.data() for a in entries] == [str(other.resolve()), str(small_plan.resolve())]
    assert entries[0].text() == "&1 other.changeplan"
    entries[1].trigger()
    wait_idle(qtbot, second)
    assert second.context.plan.path == small_plan
    # A plan always opens on the Overview, whichever page the last session ended on.
    assert second.current_page().key == "dashboard"
    second.close()


def test_recent_files_keep_eight_newest(settings):
    for number in range(12):
        cfg.add_recent_file(settings, f"/plans/p{number}.changeplan")
    cfg.add_recent_file(settings, "/plans/p5.changeplan")
    files = cfg.recent_files(settings)
    assert len(files) == 8
    assert files[0] == str(Path("/plans/p5.changeplan").resolve())
    assert files.count(files[0]) == 1


def test_about_says_changes_are_saved_at_once(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about",
                        staticmethod(lambda _parent, title, text: shown.append((title, text))))
    window.action_about.trigger()
    title, text = shown[0]
    assert title == "About Change Planner"
    assert "0.1.0" in text and "no unsaved state" in text and "DejaVu" in text


def test_undo_and_redo_shortcuts_are_standard(window):
    assert window.action_undo.shortcut().toString() == "Ctrl+Z"
    redo_keys = {k.toString() for k in window.action_redo.shortcuts()}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= redo_keys
    assert window.action_new.shortcut().toString() == "Ctrl+N"
    assert window.action_quit.shortcut().toString() == "Ctrl+Q"


# -- the demo and the brief ---------------------------------------------------------------------

def test_open_demo_makes_a_fresh_copy_and_never_overwrites(window, tmp_path, monkeypatch,
                                                          qtbot):
    from changeplanner.services import demo

    existing = tmp_path / "mine.changeplan"
    existing.write_bytes(b"my own file")
    copies = iter([tmp_path / "demo-1.changeplan"])
    monkeypatch.setattr(demo, "demo_copy_path", lambda: next(copies))
    window.action_open_demo.trigger()
    qtbot.waitUntil(lambda: window.context.plan is not None, timeout=30000)
    wait_idle(qtbot, window)
    assert window.context.plan.path == tmp_path / "demo-1.changeplan"
    assert window.current_page().key == "dashboard"
    assert window.dashboard.subtitle.text().endswith(
        ": 120 people in 8 departments. Click a tile to see the details.")
    assert show_people(qtbot, window).model.rowCount() == 120
    name = plans.snapshot(window.context.plan).name
    assert name and window.windowTitle().startswith(name + " (")
    assert existing.read_bytes() == b"my own file"


def test_export_brief_from_the_file_menu(window, demo_plan, tmp_path, monkeypatch, qtbot):
    open_plan(qtbot, window, demo_plan)
    wait_idle(qtbot, window, timeout=30000)
    target = tmp_path / "brief.pdf"
    choose_file(monkeypatch, target, save=True)
    window.action_export_brief.trigger()
    assert window.current_page().key == "board"
    wait_idle(qtbot, window, timeout=60000)
    assert target.read_bytes().startswith(b"%PDF")
    page = window.page("board")
    if page.last_message_box is not None:
        page.last_message_box.close()


def test_window_and_navigation_fit_a_realistic_screen(window, demo_plan, qtbot):
    open_plan(qtbot, window, demo_plan)
    page = show_people(qtbot, window)
    table = page.table
    qtbot.waitUntil(lambda: table.isVisible())
    header = table.horizontalHeader()
    # Every column fits in the 1280-pixel window: nothing is cut off on the right.
    last = header.logicalIndexAt(QPoint(table.viewport().width() - 2, 2))
    assert last in (-1, header.count() - 1)
    assert header.sectionSize(1) >= table.fontMetrics().horizontalAdvance("Anna Schmidt")
    wait_idle(qtbot, window)


# -- closing and starting -------------------------------------------------------------------

def test_closing_cancels_and_waits_for_running_tasks(window, small_plan, qtbot):
    open_plan(qtbot, window, small_plan)
    started = threading.Event()
    seen = []

    def endless(progress):
        started.set()
        while True:
            progress.update(0.5)  # raises Cancelled once the window asks
            seen.append(1)
            threading.Event().wait(0.01)

    task = window.run_task(endless, title="Endless")
    assert started.wait(5)
    window.close()
    assert task.progress.cancelled
    assert window.context.runner.wait(0)  # the thread pool is already idle
    assert cfg.get_value(window.settings, "window/geometry").size() > 0


def test_exception_guard_logs_and_explains(tmp_path, monkeypatch, caplog):
    from changeplanner.ui.app import ExceptionGuard

    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda _parent, title, text: shown.append((title, text))))
    guard = ExceptionGuard(tmp_path / "changeplanner.log")
    try:
        raise ValueError("boom")
    except ValueError as exc:
        with caplog.at_level("ERROR", logger="changeplanner"):
            guard(type(exc), exc, exc.__traceback__)
    assert "Traceback" in caplog.text and "ValueError: boom" in caplog.text
    title, text = shown[0]
    assert title == "Unexpected error"
    assert "ValueError: boom" in text and str(tmp_path / "changeplanner.log") in text


def test_launch_opens_the_plan_and_logging_goes_to_the_data_folder(
        small_plan, settings, tmp_path, monkeypatch, qapp, qtbot):
    import logging

    from changeplanner.ui import app as app_module

    monkeypatch.setattr(app_module, "user_data_dir", lambda: tmp_path)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        log_file = app_module.setup_logging()
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    assert log_file == tmp_path / "changeplanner.log"
    assert "Change Planner 0.1.0 starting" in log_file.read_text(encoding="utf-8")

    window = app_module.launch(small_plan, settings=settings)
    qtbot.addWidget(window)
    assert qapp.applicationName() == "Change Planner"
    assert window.isVisible()
    qtbot.waitUntil(lambda: window.context.plan is not None)
    wait_idle(qtbot, window)
    assert window.windowTitle() == f"Small plan ({small_plan.name}) – Change Planner"
    window.close()
    window.context.plan.close()


def test_no_display_is_a_clear_error_not_an_abort():
    from changeplanner.errors import UserError
    from changeplanner.ui.app import check_display

    with pytest.raises(UserError, match="No display found"):
        check_display({}, "linux")
    check_display({"DISPLAY": ":0"}, "linux")
    check_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    check_display({}, "win32")


def test_cli_without_display_exits_1_with_the_message(monkeypatch, capsys, tmp_path):
    from changeplanner import cli

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert cli.main(["--demo"]) == 1
    assert "No display found" in capsys.readouterr().err


def test_skills_menu_opens_catalogue_and_staffing_and_exports_the_matrix(
        window, demo_plan, tmp_path, monkeypatch, qtbot):
    from openpyxl import load_workbook

    from changeplanner.ui.catalogue_dialog import CatalogueDialog
    from changeplanner.ui.staffing_dialog import StaffingDialog

    open_plan(qtbot, window, demo_plan)
    window.action_catalogue.trigger()
    catalogue = window.findChild(CatalogueDialog)
    assert catalogue is not None and catalogue.isVisible()
    catalogue.close()
    window.action_staffing.trigger()
    staffing = window.findChild(StaffingDialog)
    assert staffing is not None and staffing.isVisible()
    staffing.close()
    tabs = window.page("skills").tabs
    assert [tabs.tabText(i) for i in range(tabs.count())][0] == "Matrix"
    assert tabs.count() == 4
    target = tmp_path / "matrix.xlsx"
    choose_file(monkeypatch, target, save=True)
    window.action_export_skills.trigger()
    wait_idle(qtbot, window, timeout=30000)
    sheet = load_workbook(target, read_only=True).worksheets[0]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("id", "name", "department") and "Scrum" in header
