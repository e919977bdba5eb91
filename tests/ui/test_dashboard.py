"""The Overview page: the right figures on every tile, and every tile a click away from its
detail (driven through the real main window)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument

from changeplanner import domain
from changeplanner.analysis import goals as goals_analysis
from changeplanner.analysis import ideas as ideas_analysis
from changeplanner.analysis import pilots as pilots_analysis
from changeplanner.analysis import skills as skills_analysis
from changeplanner.errors import UserError
from changeplanner.services import plans, records
from changeplanner.store import repo
from changeplanner.ui import dashboard_page
from changeplanner.ui.dashboard_page import DashboardPage

#: The day the hand-made plan's idea ages are counted to.
TODAY = dt.date(2025, 6, 30)


def build_figures_plan(path) -> dict[str, int]:
    """Add pilots, KPIs, ideas, goals, measures and a board with known figures to the small
    plan at ``path``; return the ids the tests look for."""
    ids: dict[str, int] = {}
    with plans.open_plan(path) as plan:
        callback = records.list_pilots(plan)[0].id  # "Callback squad", running
        ids["callback"] = callback
        ids["chat"] = records.add(plan, domain.Pilot(0, "Chat pilot", status="planned"))
        records.add(plan, domain.Pilot(0, "Self-service portal", status="idea"))
        records.add(plan, domain.Pilot(0, "Old hotline", status="stopped"))
        rate = records.add(plan, domain.Kpi(0, callback, "Callback rate", "%", 50, 80))
        handling = records.add(plan, domain.Kpi(0, callback, "Handling time", "s", 300, 200))
        records.add(plan, domain.Kpi(0, callback, "NPS", "", 10, 30))
        records.add(plan, domain.Measurement(0, rate, "2025-06-01", 85))       # beyond target
        records.add(plan, domain.Measurement(0, handling, "2025-06-01", 310))  # got worse
        records.add(plan, domain.Win(0, callback, "2025-06-02", "First callback in 1 hour"))
        for what in ("Calls lost in the switch", "Queue overflowed"):
            records.add(plan, domain.Deviation(0, callback, "2025-06-03", what))

        ids["oldest_idea"] = records.add(plan, domain.Idea(
            0, "Let customers book a callback slot online", author="Ben Weber",
            date="2025-05-01"))                                                  # 60 days
        records.add(plan, domain.Idea(0, "Share the FAQ with 2nd level", author="Clara",
                                      date="2025-06-20", status="in_review"))   # 10 days
        records.add(plan, domain.Idea(0, "Shorter greeting", date="2025-05-01",
                                      status="adopted", decided="2025-05-11"))  # 10 days
        records.add(plan, domain.Idea(0, "Music on hold", date="2025-06-01",
                                      status="rejected", decided="2025-06-21"))  # 20 days

        first = records.add(plan, domain.Goal(0, "Resolve at first contact", priority=1))
        ids["proactive"] = records.add(plan, domain.Goal(0, "Inform proactively", priority=2))
        ids["friendly"] = records.add(plan, domain.Goal(0, "Friendly tone", priority=3))
        serving = records.add(plan, domain.Measure(0, "Knowledge base", status="in_progress"))
        dropped = records.add(plan, domain.Measure(0, "SMS updates", status="dropped"))
        hurting = records.add(plan, domain.Measure(0, "Call time limit", status="planned"))
        records.set_impact(plan, serving, first, 2)
        records.set_impact(plan, dropped, ids["proactive"], 3)  # dropped: serves nothing
        records.set_impact(plan, hurting, ids["friendly"], -1)

        with plan.transaction() as session:
            ids["board"] = repo.save_board(
                session=session, name="Pilot board", reach=0.75, params={},
                seats=[domain.BoardSeat("P06", "skeptic", "Doubts"),
                       domain.BoardSeat("P04", "networker", "Bridges"),
                       domain.BoardSeat("P05", "enthusiast", "Energy")],
                unfilled=[("lead", "No team lead of another department is willing.")])
    return ids


@pytest.fixture
def figures_plan(small_plan):
    """The small plan with pilots, KPIs, ideas, goals and a board of known figures."""
    return small_plan, build_figures_plan(small_plan)


@pytest.fixture
def page(qtbot, context):
    """The Overview page on its own, shown at a realistic size."""
    widget = DashboardPage(context)
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_on_page(qtbot, page, path):
    page.context.set_plan(plans.open_plan(path))
    qtbot.waitUntil(lambda: not page.loading, timeout=20000)


def tile_text(page, name: str) -> tuple[str, str, str]:
    tile = page.tiles[name]
    return tile.figure.text(), tile.caption.text(), tile.body.text()


def open_in_window(qtbot, window, path):
    window.dashboard.today = TODAY
    assert window.open_plan_file(path)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)


# -- figures --------------------------------------------------------------------------------

def test_tiles_show_the_figures_of_a_hand_made_plan(qtbot, page, figures_plan):
    path, _ids = figures_plan
    open_on_page(qtbot, page, path)
    assert page.subtitle.text() == ("Small plan: 12 people in 5 departments. Click a tile "
                                    "to see the details.")

    figure, caption, body = tile_text(page, "board")
    assert (figure, caption) == ("75 %", "of the organisation reached by 3 board members")
    assert "Pilot board" in body
    assert "Fundamental skeptic: Felix Becker" in body
    assert "Networker: Deniz Yılmaz" in body and "Enthusiastic doer: Emma Wagner" in body
    assert "1 seat could not be filled: Influential team lead" in body

    figure, caption, body = tile_text(page, "pilots")
    assert (figure, caption) == ("4", "pilots, 1 running")
    counts = body.split("</tr><tr>")[1].split("</tr>")[0]
    assert [c.split("<b>")[1].split("</b>")[0] for c in counts.split("</td>")[:-1]] == [
        "1", "1", "1", "0", "1"]  # idea, planned, running, succeeded, stopped
    assert "1 win to celebrate, 2 deviations to learn from" in body
    assert ">Chat pilot</a>" in body  # planned without a KPI: warned

    figure, caption, body = tile_text(page, "kpis")
    assert (figure, caption) == ("1/2", "measured KPIs on track")
    assert "1 on track" in body and "1 off track" in body and "1 not measured" in body
    assert ">Handling time (Callback squad)</a> (-10 % of the way)" in body

    figure, caption, body = tile_text(page, "ideas")
    assert (figure, caption) == ("2", "open ideas of 4 (new or in review)")
    assert body.index("<b>60 days</b>") < body.index("<b>10 days</b>")
    assert ">Let customers book a callback slot online</a>" in body
    assert "Decided in 15 days (median of 2 decisions)." in body
    assert "new <b>1</b> · in review <b>1</b> · adopted <b>1</b> · rejected <b>1</b>" in body

    figure, caption, body = tile_text(page, "goals")
    assert (figure, caption) == ("2", "goals without a measure that serves them")
    assert body.index(">Inform proactively</a>") < body.index(">Friendly tone</a>")
    assert "1 measure serves no goal." in body and "1 measure works against a goal." in body
    assert "3 goals, 3 measures" in body

    # One skill (Scrum), one expert (Anna Schmidt, 1st level): a risk for the whole plan,
    # for her department, and for the 2nd level, where Emma has only the basics.
    figure, caption, body = tile_text(page, "risks")
    assert (figure, caption) == ("3", "single points of failure (fewer than 2 experts)")
    assert ">Scrum</a>" in body and "whole plan" in body
    assert "1 skill at risk of 1" in body


def test_tiles_agree_with_the_services_on_the_demo_plan(qtbot, page, demo_plan, tmp_path):
    open_on_page(qtbot, page, demo_plan)
    page.grab().save(str(tmp_path / "overview.png"))
    plan = page.context.plan
    details = records.all_pilot_details(plan)
    summaries = [pilots_analysis.pilot_summary(d, TODAY) for d in details]
    assert details, "the demo plan has pilots"
    assert page.tiles["pilots"].figure.text() == str(len(details))
    on = sum(s.kpis_on_track for s in summaries)
    off = sum(s.kpis_off_track for s in summaries)
    assert page.tiles["kpis"].figure.text() == f"{on}/{on + off}"
    ideas = records.list_ideas(plan)
    assert page.tiles["ideas"].figure.text() == str(
        ideas_analysis.decision_times(ideas, today=TODAY).undecided)
    table = goals_analysis.impact_table(records.list_goals(plan), records.list_measures(plan),
                                        records.list_impacts(plan))
    assert page.tiles["goals"].figure.text() == str(len(table.unserved_goals))
    risks = skills_analysis.skill_risks(plans.snapshot(plan))
    assert page.tiles["risks"].figure.text() == str(
        sum(1 for r in risks if r.kind == "single_point_of_failure"))
    for name, tile in page.tiles.items():
        assert tile.caption.text() not in ("Reading the plan…", "Could not be computed."), name


def test_an_empty_plan_says_what_to_do_and_the_buttons_lead_there(qtbot, page, tmp_path):
    plans.create_plan(tmp_path / "empty.changeplan").close()
    open_on_page(qtbot, page, tmp_path / "empty.changeplan")
    wanted = []
    page.navigate.connect(lambda key, item: wanted.append((key, item)))
    expected = {"board": ("No change board yet.", "Go to the change board", "board"),
                "pilots": ("No lighthouse pilots yet.", "Plan a pilot", "pilots"),
                "kpis": ("No KPIs recorded yet.", "Open the pilots", "pilots"),
                "ideas": ("No ideas recorded yet.", "Record ideas", "ideas"),
                "goals": ("No goals defined yet.", "Define goals", "goals"),
                "risks": ("No skills rated yet.", "Open the skills matrix", "skills")}
    for name, (caption, button, key) in expected.items():
        tile = page.tiles[name]
        assert tile.caption.text() == caption
        assert tile.action.isVisible() and tile.action.text() == button
        wanted.clear()
        qtbot.mouseClick(tile.action, Qt.MouseButton.LeftButton)
        assert wanted and wanted[0][0] == key


# -- loading --------------------------------------------------------------------------------

def test_the_figures_are_computed_in_the_background(qtbot, page, figures_plan):
    path, _ids = figures_plan
    page.context.set_plan(plans.open_plan(path))
    # Nothing was read on the GUI thread: every tile waits for its task.
    assert page.loading
    assert all(tile.caption.text() == "Reading the plan…" for tile in page.tiles.values())
    with qtbot.waitSignal(page.loaded, timeout=20000):
        pass
    assert page.tiles["pilots"].figure.text() == "4"


def test_reloads_what_changed_now_or_when_shown_again(qtbot, page, figures_plan):
    path, _ids = figures_plan
    open_on_page(qtbot, page, path)
    plan = page.context.plan
    records.add(plan, domain.Idea(0, "Callback in the evening", date="2025-06-29"))
    page.context.data_changed.emit("ideas")
    assert page.loading
    qtbot.waitUntil(lambda: not page.loading, timeout=20000)
    assert page.tiles["ideas"].figure.text() == "3"

    page.context.data_changed.emit("ties")  # nothing on the overview depends on ties
    assert not page.loading

    page.hide()
    records.add(plan, domain.Goal(0, "Short waiting times", priority=1))
    page.context.data_changed.emit("goals")
    assert not page.loading  # hidden: nothing is computed for nobody
    assert page.tiles["goals"].figure.text() == "2"
    page.show()
    qtbot.waitUntil(lambda: not page.loading, timeout=20000)
    assert page.tiles["goals"].figure.text() == "3"


def test_results_for_a_plan_that_was_closed_are_dropped(qtbot, page, figures_plan, tmp_path):
    path, _ids = figures_plan
    plans.create_plan(tmp_path / "empty.changeplan").close()
    page.context.set_plan(plans.open_plan(path))
    page.context.set_plan(plans.open_plan(tmp_path / "empty.changeplan"))
    qtbot.waitUntil(lambda: not page.loading, timeout=20000)
    assert page.tiles["pilots"].figure.text() == "0"
    assert page.tiles["board"].caption.text() == "No change board yet."


def test_a_tile_that_cannot_be_computed_says_so(qtbot, page, figures_plan, monkeypatch):
    def broken(plan, *, progress):
        raise UserError("The goals table is damaged.")

    monkeypatch.setitem(dashboard_page.LOADERS, "goals", broken)
    messages = []
    page.context.status_message.connect(messages.append)
    open_on_page(qtbot, page, figures_plan[0])
    assert tile_text(page, "goals") == ("—", "Could not be computed.",
                                        "The goals table is damaged.")
    assert messages == ["The overview could not be computed: The goals table is damaged."]
    assert page.tiles["pilots"].figure.text() == "4"  # the other tiles are unaffected


def test_tiles_flow_into_fewer_columns_on_a_narrow_window(qtbot, page):
    def columns() -> int:
        return len({page.grid.getItemPosition(page.grid.indexOf(t))[1]
                    for t in page.tiles.values()})

    assert columns() == 3
    page.resize(720, 700)
    qtbot.waitUntil(lambda: columns() == 2)
    page.resize(1100, 760)
    qtbot.waitUntil(lambda: columns() == 3)


# -- navigation (the real main window) --------------------------------------------------

def click_tile(qtbot, tile):
    """Click the tile's title area, as a user aiming at the tile would."""
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton,
                     pos=tile.title.geometry().center() + QPoint(0, 0))


def click_link(qtbot, tile, text):
    """Click the link ``text`` in the tile's details with the mouse."""
    label = tile.body
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()  # lays the text out
    cursor = doc.find(text)
    assert not cursor.isNull(), text
    block = cursor.block()
    layout = block.layout()
    offset = cursor.selectionStart() - block.position()
    line = layout.lineForTextPosition(offset)
    x, _trailing = line.cursorToX(offset)
    y = layout.position().y() + line.y() + line.height() / 2
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(int(x) + 3, int(y)))


def activate_first_link(qtbot, tile):
    """Tab to the first link of the tile's details and press Enter."""
    tile.body.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tile.body, Qt.Key.Key_Tab)
    qtbot.keyClick(tile.body, Qt.Key.Key_Return)


def test_a_plan_opens_on_the_overview_and_every_tile_leads_to_its_detail(
        qtbot, window, figures_plan):
    path, ids = figures_plan
    window.show_page("pilots")
    open_in_window(qtbot, window, path)
    assert window.current_page().key == "dashboard"
    page = window.dashboard
    assert page.tiles["pilots"].figure.text() == "4"

    expected = {"board": "board", "pilots": "pilots", "kpis": "pilots", "ideas": "ideas",
                "goals": "goals", "risks": "skills"}
    for name, key in expected.items():
        window.show_page("dashboard")
        click_tile(qtbot, page.tiles[name])
        assert window.current_page().key == key, name
    skills = window.page("skills")
    assert skills.tabs.currentWidget().objectName() == "risks_panel"

    window.show_page("dashboard")  # the keyboard works too
    page.tiles["goals"].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.tiles["goals"], Qt.Key.Key_Return)
    assert window.current_page().key == "goals"
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)


def test_the_board_tile_shows_the_latest_board_and_selects_it(qtbot, window, figures_plan):
    path, ids = figures_plan
    with plans.open_plan(path) as plan, plan.transaction() as session:
        latest = repo.save_board(session=session, name="Second board", reach=0.5, params={},
                                 seats=[domain.BoardSeat("P01", "lead", "Leads")])
    open_in_window(qtbot, window, path)
    page = window.dashboard
    assert page.tiles["board"].figure.text() == "50 %"
    assert "Second board" in page.tiles["board"].body.text()
    window.show_page("board")
    board = window.page("board")
    qtbot.waitUntil(lambda: board.version_combo.count() == 2, timeout=20000)
    board.version_combo.setCurrentIndex(board.version_combo.findData(ids["board"]))
    window.show_page("dashboard")
    click_tile(qtbot, page.tiles["board"])
    assert window.current_page() is board
    assert board.shown_board_id == latest
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)


def test_links_in_the_tiles_select_the_item(qtbot, window, figures_plan):
    path, ids = figures_plan
    open_in_window(qtbot, window, path)
    page = window.dashboard
    wanted = []
    page.navigate.connect(lambda key, item: wanted.append((key, item)))

    click_link(qtbot, page.tiles["goals"], "Friendly tone")  # a goal nothing serves
    goals = window.page("goals")
    assert window.current_page() is goals
    assert goals.goals_section.selected_ids() == [ids["friendly"]]
    assert wanted == [("goals", ids["friendly"])]  # the link only, not the tile as well

    window.show_page("dashboard")
    wanted.clear()
    qtbot.mouseClick(page.tiles["goals"].body, Qt.MouseButton.LeftButton,
                     pos=QPoint(page.tiles["goals"].body.width() - 4, 4))  # beside a link
    assert wanted == [("goals", None)]

    window.show_page("dashboard")
    activate_first_link(qtbot, page.tiles["goals"])  # from the keyboard
    assert goals.goals_section.selected_ids() == [ids["proactive"]]

    window.show_page("dashboard")
    activate_first_link(qtbot, page.tiles["ideas"])  # the idea waiting longest
    ideas = window.page("ideas")
    assert window.current_page() is ideas
    assert ideas.selected_id() == ids["oldest_idea"]

    window.show_page("dashboard")
    activate_first_link(qtbot, page.tiles["pilots"])  # a pilot with a warning: its detail
    pilots = window.page("pilots")
    assert window.current_page() is pilots
    assert pilots.pages.currentIndex() == 1 and pilots.selected_pilot_id == ids["chat"]

    window.show_page("dashboard")
    pilots.show_overview()
    click_link(qtbot, page.tiles["kpis"], "Handling time")  # the KPI off track: its pilot
    assert window.current_page() is pilots
    assert pilots.pages.currentIndex() == 1 and pilots.selected_pilot_id == ids["callback"]

    window.show_page("dashboard")
    activate_first_link(qtbot, page.tiles["risks"])  # the risks tab, filtered to the skill
    skills = window.page("skills")
    assert window.current_page() is skills
    panel = skills.tabs.currentWidget()
    assert panel.objectName() == "risks_panel"
    assert panel.filter_edit.text() == "Scrum"
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
