"""Board page options (quotas, lock, exclude), alternatives per seat and adoption chart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from changeplanner.i18n import set_language
from changeplanner.services.plans import snapshot
from changeplanner.store.db import open_plan
from changeplanner.ui.board_model import ALTERNATIVES_COLUMN, ROLE_KEY_ROLE
from changeplanner.ui.board_page import BoardPage
from tests.ui import slow_tasks
from tests.ui.views_helpers import save_board

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def demo(demo_plan):
    plan = open_plan(demo_plan)
    yield plan


def two_people(plan) -> list[str]:
    return [p.id for p in snapshot(plan).people[:2]]


def open_board_page(qtbot, context, plan) -> BoardPage:
    page = BoardPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    context.set_plan(plan)
    qtbot.waitUntil(lambda: bool(page.data.people), timeout=10_000)
    return page


def propose(qtbot, page) -> None:
    before = page.shown_board_id
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert page.busy
    qtbot.waitUntil(lambda: not page.busy and page.shown_board_id not in (None, before)
                    and page.model.rowCount() > 0, timeout=30_000)


def roles(page) -> list[str]:
    return [page.model.index(r, 0).data(ROLE_KEY_ROLE) for r in range(page.model.rowCount())]


def ids(page) -> list[str]:
    return [m.person_id for m in page.model.members]


def test_quota_of_two_skeptics_gives_two_skeptics(qtbot, context, demo):
    page = open_board_page(qtbot, context, demo)
    qtbot.mouseClick(page.options_button, Qt.MouseButton.LeftButton)
    assert page.options_box.isVisible()
    propose(qtbot, page)
    assert roles(page).count("skeptic") == 1  # balanced default
    page.options_box.quota_spins["skeptic"].setValue(2)
    assert page.options_box.options() == {"quotas": {"skeptic": 2}}
    propose(qtbot, page)
    assert roles(page).count("skeptic") == 2
    board = next(b for b in snapshot(demo).boards if b.id == page.shown_board_id)
    assert sum(seat.role == "skeptic" for seat in board.seats) == 2
    assert page.last_proposal.params["quotas"]["skeptic"] == 2


def test_lock_and_exclude_from_the_context_menu(qtbot, context, demo):
    page = open_board_page(qtbot, context, demo)
    propose(qtbot, page)
    first = ids(page)
    locked, dropped = first[-1], first[0]
    menu = page.member_menu(page.model.rowCount() - 1)
    menu.findChild(type(menu.actions()[0]), "lockMember").trigger()
    assert page.options_box.include == [locked]
    assert page.options_box.include_list.count() == 1
    assert page.options_box.isVisible()
    exclude = page.member_menu(0).findChild(type(menu.actions()[0]), "excludeMember")
    assert "re-propose" in exclude.text()
    exclude.trigger()  # excludes and proposes again at once
    assert page.busy
    qtbot.waitUntil(lambda: not page.busy and dropped not in ids(page), timeout=30_000)
    assert locked in ids(page)
    assert page.options_box.exclude == [dropped]
    params = page.last_proposal.params
    assert params["include"] == [locked] and params["exclude"] == [dropped]
    # Removing the exclusion from the list gives the option back.
    page.options_box.exclude_list.setCurrentRow(0)
    qtbot.mouseClick(page.options_box.remove_exclude, Qt.MouseButton.LeftButton)
    assert page.options_box.exclude == [] and "exclude" not in page.options_box.options()


def test_threshold_department_and_limits_reach_the_proposal(qtbot, context, demo):
    page = open_board_page(qtbot, context, demo)
    box = page.options_box
    box.threshold_slider.setValue(70)
    assert box.threshold_spin.value() == pytest.approx(0.70)
    box.department_cap.setValue(1)
    box.availability_spin.setValue(30)
    departments = [box.department_combo.itemData(i) for i in range(box.department_combo.count())]
    assert departments[0] is None and "" in departments
    other = next(d for d in departments[2:] if d != page.data.transforming_department)
    box.department_combo.setCurrentIndex(box.department_combo.findData(other))
    propose(qtbot, page)
    params = page.last_proposal.params
    assert params["eligibility_threshold"] == pytest.approx(0.70)
    assert params["max_per_department"] == 1 and params["min_availability"] == 30
    assert params["transforming_department"] == other
    departments_on_board = [m.department for m in page.model.members]
    assert len(departments_on_board) == len(set(departments_on_board))
    box.reset()
    assert box.options() == {}


def test_alternatives_for_a_fresh_proposal_only(qtbot, context, demo):
    save_board(demo, two_people(demo), name="Old")
    page = open_board_page(qtbot, context, demo)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.model.index(0, ALTERNATIVES_COLUMN).data() == "—"
    assert "Propose again to see alternatives" in page.reach_detail.text()
    assert page.reach2_label.text().startswith("2-step reach: ")
    propose(qtbot, page)
    proposal = page.last_proposal
    member = proposal.members[0]
    assert member.alternatives
    text = page.model.index(0, ALTERNATIVES_COLUMN).data()
    lines = text.split("\n")
    assert len(lines) == len(member.alternatives) <= 3
    first = member.alternatives[0]
    assert lines[0].startswith(first.name + ", ")
    assert lines[0].endswith(" %")
    if round(100 * first.reach_change) < 0:
        assert "−" in lines[0]
    assert "Propose again" not in page.reach_detail.text()
    assert page.reach2_label.text() == f"2-step reach: {round(100 * proposal.reach_2step)} %"
    # The older saved board has no alternatives again.
    old = next(b for b in snapshot(demo).boards if b.name == "Old")
    page.version_combo.setCurrentIndex(page.version_combo.findData(old.id))
    assert page.model.index(0, ALTERNATIVES_COLUMN).data() == "—"


def test_simulation_draws_three_curves(qtbot, context, demo):
    page = open_board_page(qtbot, context, demo)
    assert not page.simulate_button.isEnabled()  # no board yet
    assert page.chart.curves == []
    propose(qtbot, page)
    assert page.simulate_button.isEnabled()
    qtbot.mouseClick(page.simulate_button, Qt.MouseButton.LeftButton)
    assert page.busy and not page.cancel_button.isHidden()
    qtbot.waitUntil(lambda: not page.busy and page.chart.result is not None, timeout=30_000)
    curves = page.chart.curves
    assert [c.key for c in curves] == ["board", "top_degree", "random"]
    assert [c.label for c in curves] == ["This board", "Top-degree board", "Random boards"]
    result = page.chart.result
    assert set(result.board_members) == set(ids(page))
    for curve in curves:
        assert len(curve.values) == len(result.rounds) == 21
        assert list(curve.values) == sorted(curve.values)  # adoption never goes back
    low, high = page.chart.band
    assert all(lo <= m <= hi + 1e-9 for lo, m, hi in zip(low, curves[0].values, high,
                                                              strict=True))
    board_round = result.board.critical_mass_round
    sentence = page.simulation_sentence.text()
    assert sentence.startswith("Critical mass (25 %) in round "
                               f"{board_round} with this board" if board_round is not None
                               else "Critical mass (25 %) is not reached")
    assert "random boards" in sentence
    image = page.chart.grab().toImage()
    assert image.width() > 300
    # Switching to another version hides the curves of this one.
    save_board(demo, two_people(demo), name="Other")
    context.data_changed.emit("board")
    qtbot.waitUntil(lambda: page.version_combo.count() == 2)
    page.version_combo.setCurrentIndex(
        page.version_combo.findText("Other", Qt.MatchFlag.MatchStartsWith))
    assert page.chart.result is None
    assert page.simulation_sentence.text() == "Not simulated yet for this board."


def test_cancel_a_simulation(qtbot, context, demo, monkeypatch):

    from changeplanner.ui import board_page as module


    save_board(demo, two_people(demo))
    monkeypatch.setattr(module.board_service, "simulate", slow_tasks.slow_simulate)
    page = open_board_page(qtbot, context, demo)
    qtbot.waitUntil(page.simulate_button.isEnabled, timeout=10_000)
    qtbot.mouseClick(page.simulate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.progress_bar.value() > 0, timeout=5_000)
    with qtbot.waitSignal(context.status_message, timeout=5_000) as message:
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert message.args == ["Simulation cancelled."]
    assert page.chart.result is None and not page.busy


def test_german_texts_and_screenshots(qtbot, context, demo, tmp_path):
    from pathlib import Path

    page = open_board_page(qtbot, context, demo)
    page.options_button.setChecked(True)
    propose(qtbot, page)
    qtbot.mouseClick(page.simulate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy and page.chart.result is not None, timeout=30_000)
    shots = Path("/tmp/board4shots")
    shots.mkdir(exist_ok=True)
    qtbot.wait(100)
    page.grab().save(str(shots / "board_en.png"))
    try:
        set_language("de")
        page.retranslate_ui()
        assert page.simulate_button.text() == "Adoption &simulieren"
        assert page.options_box.quota_spins["skeptic"].specialValueText() == "ausgewogen"
        assert page.chart.curves[0].label == "Dieses Board"
        assert page.simulation_sentence.text().startswith("Kritische Masse (25 %)")
        assert page.model.headerData(ALTERNATIVES_COLUMN, Qt.Orientation.Horizontal) == \
            "Nächste Kandidaten"
        assert page.reach2_label.text().startswith("Reichweite über 2 Schritte: ")
        qtbot.wait(100)  # let the layouts take the longer German texts
        for label in (page.reach_label, page.reach2_label, page.propose_button,
                      page.options_box.quota_labels["skeptic"], page.options_box.reset_button):
            assert label.width() >= label.minimumSizeHint().width(), label.text()
        page.grab().save(str(shots / "board_de.png"))
    finally:
        set_language("en")
        page.retranslate_ui()
    assert page.simulate_button.text() == "&Simulate adoption"
