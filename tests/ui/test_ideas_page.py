"""The Ideas page: add ideas, change their status with a note, undo, clusters, the letter."""

from __future__ import annotations

import io
import shutil

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from changeplanner import domain
from changeplanner.services import records
from changeplanner.services.plans import open_or_create
from changeplanner.ui.ideas_page import IDEA_COLUMNS, IdeaDialog, IdeasPage, StatusDialog
from tests.ui.ui_plans import build_small_plan

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

IDEAS = (
    domain.Idea(0, "Callback within one hour for every hotline customer", author="Anna Schmidt",
                person_id="P01", date="2025-01-10", tags=("hotline",), status="adopted",
                decision_note="Part of the callback pilot.", decided="2025-02-09"),
    domain.Idea(0, "Hotline callback slots customers can book online", author="Ben Weber",
                person_id="P02", date="2025-02-01", source="customer", status="in_review"),
    domain.Idea(0, "A shared knowledge base for both levels", author="Anna Schmidt",
                person_id="P01", date="2025-03-01", tags=("knowledge",)),
    domain.Idea(0, "Knowledge base articles written by the agents", author="Temp Kim",
                date="2025-03-05", status="rejected", decision_note="Licence too expensive.",
                decided="2025-03-25"),
)


@pytest.fixture(scope="module")
def _ideas_template(tmp_path_factory):
    """The small plan with the ideas, written once per module (a plan costs a second)."""
    path = build_small_plan(tmp_path_factory.mktemp("ideas") / "ideas.changeplan")
    plan = open_or_create(path)
    for idea in IDEAS:
        records.add(plan, idea)
    plan.close()
    return path


@pytest.fixture
def page(qtbot, context, _ideas_template, tmp_path) -> IdeasPage:
    target = tmp_path / "ideas.changeplan"
    shutil.copyfile(_ideas_template, target)
    plan = open_or_create(target)
    page = IdeasPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    context.set_plan(plan)
    return page


def shown_texts(page: IdeasPage) -> list[str]:
    column = IDEA_COLUMNS.index("text")
    return sorted(page.proxy.index(r, column).data() for r in range(page.proxy.rowCount()))


def ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_shows_ideas_with_counts_and_decision_times(page, qtbot):
    assert page.model.rowCount() == 4
    assert page.count_label.text() == "4 ideas"
    assert page.nav_title() == "Ideas"
    counts = page.status_label.text()
    assert "in review" in counts and "rejected" in counts
    times = page.times_label.text()
    assert "Median time to decision: 25 days (2 decided ideas)" in times  # 30 and 20 days
    assert "2 ideas wait for a decision." in times and "open for" in times
    row = page.model.row_of(page.model.ideas[0].id)
    age = page.model.index(row, IDEA_COLUMNS.index("age")).data()
    assert age == "30 days to decision"
    link_column = IDEA_COLUMNS.index("source")
    sources = {page.model.index(r, link_column).data() for r in range(4)}
    assert sources == {"employee", "customer"}
    page.grab().save("/tmp/ideas_page.png")


def test_add_idea_through_the_dialog_and_undo(page, qtbot, context):
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, IdeaDialog)
    ok_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok_button.isEnabled()  # no text yet
    qtbot.keyClicks(dialog.text_edit, "Send a text message when the technician is on the way")
    assert ok_button.isEnabled()
    dialog.author_combo.setCurrentIndex(dialog.author_combo.findText("Clara Fischer"))
    dialog.date_edit.setDate(QDate(2025, 4, 1))
    dialog.tags_edit.setText("field service, sms, SMS")
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("customer"))
    dialog.pilot_combo.setCurrentIndex(dialog.pilot_combo.findText("Callback squad"))
    ok(dialog)
    assert page.dialog is None
    ideas = records.list_ideas(context.plan)
    added = next(i for i in ideas if i.text.startswith("Send a text"))
    assert (added.author, added.person_id, added.date, added.tags, added.source) == (
        "Clara Fischer", "P03", "2025-04-01", ("field service", "sms"), "customer")
    assert added.pilot_id == records.list_pilots(context.plan)[0].id
    assert page.model.rowCount() == 5 and page.selected_id() == added.id
    assert "Pilot: Callback squad" in page.model.link_text(added)
    assert "Clara Fischer (1 idea)" in [page.author_combo.itemText(i)
                                        for i in range(page.author_combo.count())]

    context.undo_stack.undo()
    assert len(records.list_ideas(context.plan)) == 4 and page.model.rowCount() == 4
    context.undo_stack.redo()
    assert len(records.list_ideas(context.plan)) == 5 and page.model.rowCount() == 5


def test_free_text_author_and_no_date(page, qtbot, context):
    dialog = page.add_idea()
    dialog.text_edit.setPlainText("Quieter open-plan office")
    dialog.author_combo.setEditText("Visitor from Sales")
    dialog.date_edit.setDate(dialog.date_edit.minimumDate())
    assert dialog.date_edit.text() == "no date"
    ok(dialog)
    added = next(i for i in records.list_ideas(context.plan) if i.text.startswith("Quieter"))
    assert (added.author, added.person_id, added.date) == ("Visitor from Sales", None, "")


def test_change_status_with_note_from_the_context_menu_and_undo(page, qtbot, context):
    idea = next(i for i in page.model.ideas if i.text.startswith("A shared"))
    row = page.proxy.mapFromSource(page.model.index(page.model.row_of(idea.id), 0))
    menu = page.context_menu(row)
    action = next(a for a in menu.findChildren(QAction)
                  if a.objectName() == "ideaStatus_adopted")
    action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, StatusDialog)
    assert dialog.status_combo.currentData() == "adopted"
    qtbot.keyClicks(dialog.note_edit, "We build it in the knowledge pilot.")
    ok(dialog)
    changed = records.get(context.plan, domain.Idea, idea.id)
    assert changed.status == "adopted"
    assert changed.decision_note == "We build it in the knowledge pilot."
    assert changed.decided  # today
    status_cell = page.model.index(page.model.row_of(idea.id), IDEA_COLUMNS.index("status"))
    assert status_cell.data() == "adopted"
    assert status_cell.data(Qt.ItemDataRole.ToolTipRole) == (
        "Decision: We build it in the knowledge pilot.")
    assert context.undo_stack.undoText() == "Set status of idea to “adopted”"

    context.undo_stack.undo()
    restored = records.get(context.plan, domain.Idea, idea.id)
    assert (restored.status, restored.decision_note, restored.decided) == ("new", "", "")
    assert page.model.index(page.model.row_of(idea.id),
                            IDEA_COLUMNS.index("status")).data() == "new"


def test_edit_and_delete_with_keys(page, qtbot, context):
    idea = next(i for i in page.model.ideas if i.author == "Temp Kim")
    assert page.select_idea(idea.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, IdeaDialog) and dialog.author_combo.currentText() == "Temp Kim"
    dialog.tags_edit.setText("knowledge, tools")
    ok(dialog)
    assert records.get(context.plan, domain.Idea, idea.id).tags == ("knowledge", "tools")
    assert context.undo_stack.undoText() == "Edit idea"

    assert page.select_idea(idea.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert idea.id not in {i.id for i in records.list_ideas(context.plan)}
    context.undo_stack.undo()
    assert records.get(context.plan, domain.Idea, idea.id).tags == ("knowledge", "tools")


def test_filters_by_status_source_and_text(page, qtbot):
    page.status_filter.setCurrentIndex(page.status_filter.findData("open"))
    assert len(shown_texts(page)) == 2
    assert page.count_label.text() == "4 ideas (2 shown)"
    page.source_filter.setCurrentIndex(page.source_filter.findData("customer"))
    assert shown_texts(page) == ["Hotline callback slots customers can book online"]
    page.status_filter.setCurrentIndex(0)
    page.source_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.filter_edit, "knowledge")
    assert len(shown_texts(page)) == 2
    page.filter_edit.clear()
    page.status_label.linkActivated.emit("rejected")  # a click on a count
    assert shown_texts(page) == ["Knowledge base articles written by the agents"]


def test_sorting_by_status_follows_the_life_cycle(page):
    page.table.sortByColumn(IDEA_COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
    column = IDEA_COLUMNS.index("status")
    statuses = [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]
    assert statuses == ["new", "in review", "adopted", "rejected"]


def test_clicking_a_cluster_filters_the_table(page, qtbot):
    assert page.cluster_model.rowCount() >= 1
    terms = [page.cluster_model.item(r).text() for r in range(page.cluster_model.rowCount())]
    row = next(r for r, text in enumerate(terms) if "knowledge" in text.split("\n")[0])
    index = page.cluster_model.index(row, 0)
    rect = page.cluster_list.visualRect(index)
    qtbot.mouseClick(page.cluster_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert shown_texts(page) == ["A shared knowledge base for both levels",
                                 "Knowledge base articles written by the agents"]
    assert page.cluster_bar.isVisible()
    assert "knowledge" in page.cluster_label.text()
    page.grab().save("/tmp/ideas_cluster.png")
    qtbot.mouseClick(page.clear_cluster_button, Qt.MouseButton.LeftButton)
    assert len(shown_texts(page)) == 4 and not page.cluster_bar.isVisible()


def test_export_letter_for_an_author(page, qtbot, tmp_path, monkeypatch, context):
    page.author_combo.setCurrentIndex(page.author_combo.findData("P01"))
    assert page.author_combo.currentText() == "Anna Schmidt (2 ideas)"
    target = tmp_path / "letter"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF files (*.pdf)"))
    with qtbot.waitSignal(page.letter_exported, timeout=15_000) as written:
        qtbot.mouseClick(page.letter_button, Qt.MouseButton.LeftButton)
    assert written.args == [str(tmp_path / "letter.pdf")]
    assert page.last_message_box.windowTitle() == "Letter saved"
    text = "".join(p.extract_text() for p in
                   PdfReader(io.BytesIO((tmp_path / "letter.pdf").read_bytes())).pages)
    text = "".join(text.split())
    assert "Callbackwithinonehourforeveryhotlinecustomer" in text
    assert "Asharedknowledgebaseforbothlevels" in text
    assert "Hotlinecallbackslots" not in text  # Ben's
    assert page.letter_button.isEnabled()


def test_letter_failure_is_shown_in_a_message(page, qtbot, tmp_path):
    page.export_letter(str(tmp_path / "missing" / "folder" / "letter.pdf"), author_key="P01")
    qtbot.waitUntil(lambda: page.last_message_box is not None and not page.busy,
                    timeout=15_000)
    box = page.last_message_box
    assert box.windowTitle() == "The letter could not be saved"
    assert box.icon() == QMessageBox.Icon.Warning
    assert "letter.pdf" in box.text()
    box.close()


def test_empty_plan_explains_the_feedback_loop(qtbot, context, tmp_path):
    page = IdeasPage(context)
    qtbot.addWidget(page)
    page.show()
    context.set_plan(open_or_create(tmp_path / "empty.changeplan"))
    assert page.stack.currentWidget() is page.empty_label
    assert "No ideas yet" in page.empty_label.text()
    assert not page.letter_button.isEnabled()
    assert page.times_label.text() == "No ideas recorded yet."
    page.add_idea().text_edit.setPlainText("First idea")
    ok(page.dialog)
    assert page.stack.currentWidget() is page.table


def test_models_pass_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_switching_language_retranslates_the_page(page, monkeypatch):
    from changeplanner import i18n

    i18n.set_language("de")
    monkeypatch.setitem(i18n._catalog, "&Add idea…", "Idee &hinzufügen…")
    monkeypatch.setitem(i18n._catalog, "Duration", "Dauer")
    monkeypatch.setitem(i18n._catalog, "rejected", "abgelehnt")
    page.retranslate_ui()
    assert page.add_button.text() == "Idee &hinzufügen…"
    assert page.model.headerData(IDEA_COLUMNS.index("age"), Qt.Orientation.Horizontal) == (
        "Dauer")
    assert "abgelehnt" in page.status_label.text()
    assert page.status_filter.findText("abgelehnt") >= 0
    row = page.model.row_of(next(i.id for i in page.model.ideas if i.status == "rejected"))
    assert page.model.index(row, 0).data() == "05.03.2025"  # German date form


def test_selecting_a_hidden_idea_clears_the_filters(page, qtbot):
    page.status_filter.setCurrentIndex(page.status_filter.findData("rejected"))
    qtbot.keyClicks(page.filter_edit, "knowledge")
    hidden = next(i for i in page.model.ideas if i.status == "adopted")
    assert page.select_idea(hidden.id)
    assert page.proxy.rowCount() == 4 and page.filter_edit.text() == ""
    assert page.status_filter.currentData() == "all"
    assert page.selected_id() == hidden.id
