"""The Change board page: propose in the background, show members and reach, export a brief."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from changeplanner import domain
from changeplanner.services.plans import snapshot
from changeplanner.ui import board_page as board_page_module
from changeplanner.ui.board_model import (
    REASONS_COLUMN,
    ROLE_COLUMN,
    ROLE_KEY_ROLE,
    BoardMembersModel,
    MemberRow,
)
from changeplanner.ui.board_page import BoardPage, brief_file_name
from tests.ui import slow_tasks
from tests.ui.views_helpers import make_org_plan, person_id, save_board

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def org_plan(tmp_path):
    return make_org_plan(tmp_path / "org.changeplan", people=60)


def open_page(qtbot, context, plan) -> BoardPage:
    page = BoardPage(context)
    qtbot.addWidget(page)
    page.show()
    page.resize(1280, 800)
    context.set_plan(plan)
    qtbot.waitUntil(lambda: bool(page.data.people), timeout=10_000)
    return page


def test_propose_board_runs_in_background_and_is_saved(qtbot, context, org_plan):
    page = open_page(qtbot, context, org_plan)
    assert page.model.rowCount() == 0
    assert page.reach_label.text() == "No board yet"
    assert page.size_spin.value() == 4  # default_board_size(60)
    page.size_spin.setValue(6)
    messages = []
    context.status_message.connect(messages.append)
    with qtbot.waitSignal(context.data_changed, timeout=20_000) as changed:
        qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
        assert page.busy and not page.propose_button.isEnabled()
        assert not page.progress_bar.isHidden() and not page.cancel_button.isHidden()
    assert changed.args == ["board"]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    assert not page.busy and page.progress_bar.isHidden() and page.cancel_button.isHidden()

    boards = snapshot(org_plan).boards
    assert len(boards) == 1
    board = boards[0]
    assert page.shown_board_id == board.id
    assert [m.person_id for m in page.model.members] == [s.person_id for s in board.seats]
    assert page.model.rowCount() == len(board.seats) <= 6
    roles = {page.model.index(r, 0).data(ROLE_KEY_ROLE) for r in range(page.model.rowCount())}
    assert roles <= set(domain.ROLES) and len(roles) >= 2
    shown_roles = {page.model.index(r, ROLE_COLUMN).data()
                   for r in range(page.model.rowCount())}
    assert shown_roles <= set(domain.ROLE_LABELS.values())
    reasons = page.model.index(0, REASONS_COLUMN).data()
    assert reasons == board.seats[0].reasons and len(reasons) > 10
    assert page.reach_label.text() == f"Reach: {round(100 * board.reach)} %"
    assert "%" in page.reach_label.text()
    assert page.reach_detail.text().startswith("of 60 people are on the board")
    assert page.version_combo.count() == 1
    assert "New board proposed and saved as a version." in messages


def test_cancel_a_running_proposal(qtbot, context, org_plan, monkeypatch):
    # The proposal runs in a worker process: the stand-in must be importable there.
    monkeypatch.setattr(board_page_module.board_service, "propose_and_save",
                        slow_tasks.slow_propose_and_save)
    page = open_page(qtbot, context, org_plan)
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.progress_bar.value() > 0, timeout=5_000)
    with qtbot.waitSignal(context.status_message, timeout=5_000) as message:
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert message.args == ["Proposal cancelled."]
    assert not page.busy and page.propose_button.isEnabled()
    assert snapshot(org_plan).boards == ()


def test_shows_latest_saved_board_and_switches_versions(qtbot, context, org_plan):
    save_board(org_plan, [person_id(1), person_id(2)], name="First", reach=0.25)
    save_board(org_plan, [person_id(3), person_id(4), person_id(5)], name="Second", reach=0.5,
               unfilled=(("lead", "mark the team leads"),))
    page = open_page(qtbot, context, org_plan)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.version_combo.count() == 2
    assert page.version_combo.currentText().startswith("Second")
    assert page.reach_label.text() == "Reach: 50 %"
    assert not page.unfilled_frame.isHidden()
    assert "Influential team lead: mark the team leads" in page.unfilled_label.text()
    page.version_combo.setCurrentIndex(1)
    assert page.model.rowCount() == 2
    assert page.reach_label.text() == "Reach: 25 %"
    assert page.unfilled_frame.isHidden()
    names = [page.model.index(r, 0).data() for r in range(2)]
    people = snapshot(org_plan).people_by_id()
    assert names == [people[person_id(1)].name, people[person_id(2)].name]
    # A reload (another page changed people) keeps the chosen version.
    context.data_changed.emit("people")
    qtbot.waitUntil(lambda: page.version_combo.currentText().startswith("First"))
    qtbot.wait(50)
    assert page.model.rowCount() == 2


def test_reasons_wrap_and_rows_grow(qtbot, context, org_plan):
    long_reason = " ".join(["Trusted by 14 colleagues in 3 departments."] * 6)
    with org_plan.transaction() as session:
        from changeplanner.store import repo

        repo.save_board(session=session, name="Wordy", reach=0.4, params={},
                        seats=[domain.BoardSeat(person_id(1), "skeptic", long_reason),
                               domain.BoardSeat(person_id(2), "enthusiast", "Short.")])
    page = open_page(qtbot, context, org_plan)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    table = page.table
    assert table.wordWrap()
    assert table.rowHeight(0) > 2 * table.rowHeight(1) - 2


def test_export_brief_writes_pdf_of_shown_board(qtbot, context, org_plan, tmp_path,
                                                monkeypatch):
    save_board(org_plan, [person_id(1), person_id(2)], name="First")
    save_board(org_plan, [person_id(3), person_id(4)], name="Second")
    page = open_page(qtbot, context, org_plan)
    qtbot.waitUntil(lambda: page.version_combo.count() == 2)
    page.version_combo.setCurrentIndex(1)  # the older board "First"
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    asked = {}

    def fake_dialog(parent, caption, directory, filters):
        asked.update(caption=caption, directory=directory, filters=filters)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    with qtbot.waitSignal(context.status_message, timeout=30_000) as message:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        assert page.busy
    assert message.args == [f"Brief saved: {target}"]
    assert asked["directory"].endswith("Kundenservice 2025 – Change board brief.pdf")
    assert "*.pdf" in asked["filters"]
    assert target.read_bytes().startswith(b"%PDF")
    assert page.last_brief_path == target
    box = page.last_message_box
    assert isinstance(box, QMessageBox) and str(target) in box.text()
    assert any(b.text() == "&Open" for b in box.buttons())
    box.reject()
    # The brief is about the board shown, not the latest one.
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(target)).pages)
    people = snapshot(org_plan).people_by_id()
    assert people[person_id(1)].name.split()[0] in text
    # The next dialog starts in the folder used.
    page.export_brief(str(tmp_path / "out" / "second"))
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert (tmp_path / "out" / "second.pdf").read_bytes().startswith(b"%PDF")
    from changeplanner.ui.settings import last_folder

    assert last_folder(context.settings) == str(target.parent.resolve())


def test_export_cancelled_in_dialog_does_nothing(qtbot, context, org_plan, monkeypatch):
    page = open_page(qtbot, context, org_plan)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: ("", "")))
    page.export_brief()
    assert not page.busy


def test_export_error_is_shown_in_a_message(qtbot, context, org_plan, tmp_path):
    save_board(org_plan, [person_id(1)])
    page = open_page(qtbot, context, org_plan)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    folder = tmp_path / "brief.pdf"
    folder.mkdir()  # a folder where the file should go: the user can fix that
    page.export_brief(str(folder))
    qtbot.waitUntil(lambda: page.last_message_box is not None, timeout=30_000)
    box = page.last_message_box
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "The brief could not be saved"
    assert "folder" in box.text()
    assert not page.busy
    box.reject()


def test_without_plan_nothing_can_be_proposed(qtbot, context):
    page = BoardPage(context)
    qtbot.addWidget(page)
    page.show()
    assert not page.propose_button.isEnabled()
    assert not page.export_button.isEnabled()
    assert page.reach_detail.text() == "No plan is open."
    page.propose()
    page.export_brief()
    assert not page.busy


def test_brief_file_name_is_safe():
    assert brief_file_name("Kundenservice 2025") == "Kundenservice 2025 – Change board brief.pdf"
    assert "/" not in brief_file_name("A/B: C?")


def test_members_model_passes_model_tester(qtmodeltester):
    model = BoardMembersModel()
    model.set_members([
        MemberRow("p1", "Ayşe Yılmaz", "IT", "networker", "Bridges 3 departments", 0.2),
        MemberRow("p2", "<b>Müller & Söhne</b>", "HR", "skeptic", "Sceptical", 0.05),
    ])
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "<b>Müller & Söhne</b>"
    assert model.index(0, 2).data() == "Networker"
    assert model.index(0, 3).data() == "+20 %"
    assert "bridge" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)


def test_nothing_can_be_proposed_until_the_plan_is_read(qtbot, context, org_plan):
    page = BoardPage(context)
    qtbot.addWidget(page)
    page.show()
    context.set_plan(org_plan)
    assert not page.propose_button.isEnabled()  # reading in the background
    page.propose()
    assert not page.busy
    qtbot.waitUntil(page.propose_button.isEnabled, timeout=10_000)


def test_undo_takes_a_proposal_back_and_redo_restores_it(qtbot, context, org_plan):
    page = open_page(qtbot, context, org_plan)
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)
    proposed = snapshot(org_plan).boards
    assert len(proposed) == 1 and context.undo_stack.undoText() == "Propose board"
    context.undo_stack.undo()
    assert snapshot(org_plan).boards == ()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert page.reach_label.text() == "No board yet" and not page.delete_button.isEnabled()
    context.undo_stack.redo()
    assert snapshot(org_plan).boards == proposed  # same id, seats, reasons and inputs
    qtbot.waitUntil(lambda: page.shown_board_id == proposed[0].id, timeout=10_000)


def test_delete_version_removes_the_shown_board_and_undo_brings_it_back(qtbot, context,
                                                                         org_plan):
    save_board(org_plan, [person_id(1), person_id(2)], name="First")
    save_board(org_plan, [person_id(3), person_id(4)], name="Second")
    before = snapshot(org_plan).boards
    page = open_page(qtbot, context, org_plan)
    qtbot.waitUntil(lambda: page.shown_board is not None, timeout=10_000)
    assert page.shown_board.name == "Second" and page.delete_button.isEnabled()
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert [b.name for b in snapshot(org_plan).boards] == ["First"]
    qtbot.waitUntil(lambda: page.shown_board is not None
                    and page.shown_board.name == "First", timeout=10_000)
    assert context.undo_stack.undoText() == "Delete board version Second"
    context.undo_stack.undo()
    assert snapshot(org_plan).boards == before
