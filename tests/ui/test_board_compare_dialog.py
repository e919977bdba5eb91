"""The "Compare a board of my own" dialog of the Change board page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from changeplanner.analysis.board import compare_boards, evaluate_board
from changeplanner.i18n import set_language
from changeplanner.services import board as board_service
from changeplanner.services.plans import snapshot
from changeplanner.ui import board_compare_dialog as dialog_module
from changeplanner.ui.board_compare_dialog import (
    DEPARTMENTS_ROW,
    MINE_COLUMN,
    PERSON_ID,
    REACH2_ROW,
    REACH_ROW,
    SEAT_ROWS,
    SHOWN_COLUMN,
)
from changeplanner.ui.board_page import BoardPage
from tests.ui.views_helpers import make_org_plan, person_id, save_board

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def org_plan(tmp_path):
    return make_org_plan(tmp_path / "org.changeplan", people=60)


def open_page(qtbot, context, plan) -> BoardPage:
    page = BoardPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    context.set_plan(plan)
    qtbot.waitUntil(lambda: bool(page.data.people) and page.compare_button.isEnabled(),
                    timeout=10_000)
    return page


def tick(dialog, ids):
    """Tick ``ids`` in this order, as a user would."""
    items = {dialog.people_list.item(row).data(PERSON_ID): dialog.people_list.item(row)
             for row in range(dialog.people_list.count())}
    for pid in ids:
        items[pid].setCheckState(Qt.CheckState.Checked)


def cell(dialog, row, column):
    return dialog.comparison_table.item(row, column).text()


def test_pick_three_people_compare_and_save(qtbot, context, org_plan):
    shown_ids = [person_id(i) for i in (1, 2, 3, 4)]
    shown_id = save_board(org_plan, shown_ids, name="Board A")
    page = open_page(qtbot, context, org_plan)
    assert page.shown_board_id == shown_id
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    dialog = page.compare_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.save_button.isEnabled()
    mine = [person_id(i) for i in (4, 10, 17)]
    tick(dialog, mine)
    assert dialog.picked == mine
    assert dialog.picks_table.rowCount() == 3
    assert dialog.picked_label.text() == "3 people picked"
    qtbot.waitUntil(lambda: dialog.up_to_date, timeout=5_000)

    snap = snapshot(org_plan)
    shown = snap.boards[0]
    expected_mine = evaluate_board(snap, mine)
    expected_shown = evaluate_board(snap, shown_ids,
                                    roles={s.person_id: s.role for s in shown.seats})
    expected = compare_boards(expected_shown, expected_mine)
    assert dialog.proposal.reach == expected_mine.reach > 0
    assert cell(dialog, REACH_ROW, MINE_COLUMN) == f"{round(100 * expected_mine.reach)} %"
    assert cell(dialog, REACH_ROW, SHOWN_COLUMN) == f"{round(100 * expected_shown.reach)} %"
    assert cell(dialog, REACH2_ROW, MINE_COLUMN) == \
        f"{round(100 * expected_mine.reach_2step)} %"
    for role, row in SEAT_ROWS.items():
        assert cell(dialog, row, SHOWN_COLUMN) == "1"  # save_board cycles the four roles
        assert cell(dialog, row, MINE_COLUMN) == str(expected.seats[1][role])
    assert sum(int(cell(dialog, row, MINE_COLUMN)) for row in SEAT_ROWS.values()) == 3
    assert cell(dialog, DEPARTMENTS_ROW, MINE_COLUMN) == str(expected.departments_covered[1])
    assert dialog.comparison_table.horizontalHeaderItem(SHOWN_COLUMN).text() == "Board shown"
    assert dialog.reference_label.text() == "Board shown: Board A"
    people = page.data.people
    assert dialog.only_mine_label.text() == "Only on your board: " + ", ".join(
        people[i].name for i in mine[1:])
    assert dialog.only_shown_label.text() == "Only on the board shown: " + ", ".join(
        people[i].name for i in shown_ids[:3])

    # A seat chosen by hand is used.
    dialog.set_role(person_id(10), "skeptic")
    qtbot.waitUntil(lambda: dialog.up_to_date, timeout=5_000)
    assert dict((m.id, m.role) for m in dialog.proposal.members)[person_id(10)] == "skeptic"

    with qtbot.waitSignal(context.data_changed, timeout=5_000) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["board"]
    boards = snapshot(org_plan).boards
    assert len(boards) == 2
    saved = next(b for b in boards if b.id == dialog.saved_board_id)
    assert saved.name == "My board (3 seats)"
    assert [s.person_id for s in saved.seats] == mine
    assert {s.person_id: s.role for s in saved.seats}[person_id(10)] == "skeptic"
    assert saved.reach == dialog.proposal.reach
    qtbot.waitUntil(lambda: page.shown_board_id == saved.id, timeout=10_000)


def test_filter_by_text_and_department(qtbot, context, org_plan):
    page = open_page(qtbot, context, org_plan)
    dialog = page.compare_own_board()
    visible = lambda: [dialog.people_list.item(r).data(PERSON_ID)  # noqa: E731
                       for r in range(dialog.people_list.count())
                       if not dialog.people_list.item(r).isHidden()]
    assert len(visible()) == 60
    people = page.data.people
    name = people[person_id(7)].name
    dialog.filter_edit.setText(name.lower())
    assert person_id(7) in visible() and len(visible()) < 60
    dialog.filter_edit.clear()
    department = people[person_id(2)].department
    dialog.department_combo.setCurrentIndex(dialog.department_combo.findData(department))
    assert set(visible()) == {pid for pid, p in people.items() if p.department == department}
    assert cell(dialog, REACH_ROW, MINE_COLUMN) == "–"
    assert dialog.status_label.text() == "Tick people on the left to build your board."


def test_large_plans_are_evaluated_in_the_background(qtbot, context, org_plan, monkeypatch):
    monkeypatch.setattr(dialog_module, "BACKGROUND_FROM", 10)
    started = []
    page = open_page(qtbot, context, org_plan)
    context.runner.task_started.connect(started.append)
    dialog = page.compare_own_board()
    dialog.set_picked([person_id(5), person_id(6)])
    dialog.evaluate()
    assert len(started) == 1 and not dialog.up_to_date
    assert dialog.status_label.text() == "Evaluating your board…"
    qtbot.waitUntil(lambda: dialog.up_to_date, timeout=10_000)
    assert dialog.comparison is None  # no board shown yet
    assert dialog.reference_label.text().startswith("No board is shown on the page yet")
    assert dialog.proposal.reach == board_service.evaluate(
        context.plan, [person_id(5), person_id(6)]).reach
    assert dialog.status_label.text() == ""


def test_screenshots_en_de(qtbot, context, demo_plan):
    """EN and DE screenshots at a realistic size on the demo plan (/tmp/compare4shots)."""
    from pathlib import Path

    from changeplanner.store.db import open_plan

    plan = open_plan(demo_plan)
    page = open_page(qtbot, context, plan)
    with qtbot.waitSignal(context.data_changed, timeout=30_000):
        qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.shown_board is not None and not page.busy, timeout=30_000)
    dialog = page.compare_own_board()
    people = snapshot(plan).people
    by_department = {}
    for person in people:
        by_department.setdefault(person.department, person.id)
    mine = list(by_department.values())[:5]
    dialog.set_picked(mine)
    dialog.set_role(mine[0], "lead")
    dialog.resize(1100, 700)
    qtbot.waitUntil(lambda: dialog.up_to_date, timeout=10_000)
    assert dialog.comparison is not None
    assert cell(dialog, REACH_ROW, SHOWN_COLUMN).endswith(" %")
    shots = Path("/tmp/compare4shots")
    shots.mkdir(exist_ok=True)
    qtbot.wait(100)
    dialog.grab().save(str(shots / "compare_en.png"))
    try:
        set_language("de")
        page.retranslate_ui()
        assert dialog.windowTitle() == "Ein eigenes Board vergleichen"
        assert dialog.save_button.text() == "Als Board-Version &speichern"
        assert dialog.picked_label.text() == "5 Personen ausgewählt"
        assert dialog.comparison_table.verticalHeaderItem(REACH2_ROW).text() == \
            "Reichweite in 2 Schritten"
        assert page.compare_button.text() == "Ein eigenes Board ver&gleichen…"
        qtbot.wait(100)
        dialog.grab().save(str(shots / "compare_de.png"))
    finally:
        set_language("en")
        page.retranslate_ui()
    assert dialog.save_button.text() == "&Save as a board version"
    dialog.close()
    plan.close()
