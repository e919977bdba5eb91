"""The Pilots page: create a pilot, board and table, the Stacey chart (drag, keys, undo),
the timeline, the filter, the detail page and reloading while hidden."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from changeplanner import domain
from changeplanner.analysis.pilots import stacey_zone
from changeplanner.services import plans, records
from changeplanner.ui.pilot_timeline import PilotTimeline
from changeplanner.ui.pilots_page import PILOT_COLUMNS, PILOT_ID_ROLE, VIEWS, PilotsPage
from changeplanner.ui.record_commands import UpdateRecord
from changeplanner.ui.stacey_chart import (
    GRID,
    STATUS_COLOURS,
    StaceyChart,
    zone_grid,
)


@pytest.fixture
def page(qtbot, context, small_plan):
    """The Pilots page on the small plan (one running pilot, "Callback squad"), shown."""
    context.set_plan(plans.open_plan(small_plan))
    page = PilotsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def pilot_id(page, name: str) -> int:
    """The id of the pilot called ``name`` on the page."""
    return next(row.pilot.id for row in page.model.rows() if row.pilot.name == name)


def stored(context, pid: int) -> domain.Pilot:
    """The pilot as the plan file has it now."""
    return records.pilot_detail(context.plan, pid).pilot


def table_names(page) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def show_view(page, qtbot, view: str):
    page.tabs.setCurrentIndex(VIEWS.index(view))
    widget = {"board": page.board, "table": page.table, "stacey": page.chart,
              "timeline": page.timeline}[view]
    qtbot.waitUntil(widget.isVisible)
    return widget


def fill_new_pilot(qtbot, dialog, name: str, status: str) -> None:
    qtbot.keyClicks(dialog.name_edit, name)
    dialog.department_combo.setEditText("IT")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(status))
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


# -- creating and listing ------------------------------------------------------------------

def test_a_pilot_created_with_ctrl_n_appears_on_the_board_and_in_the_table(page, context,
                                                                           qtbot):
    assert page.count_label.text() == "1 pilot"
    assert page.board.column_ids("running") == [pilot_id(page, "Callback squad")]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.new_dialog
    assert dialog is not None and dialog.isVisible()
    fill_new_pilot(qtbot, dialog, "Chatbot FAQ", "planned")
    qtbot.waitUntil(lambda: page.new_dialog is None)

    new_id = pilot_id(page, "Chatbot FAQ")
    assert stored(context, new_id).department == "IT"
    assert page.count_label.text() == "2 pilots"
    assert table_names(page) == ["Callback squad", "Chatbot FAQ"]
    assert page.board.column_ids("planned") == [new_id]
    assert page.board.headers["planned"].text() == "Planned (1)"
    # the new pilot is selected everywhere
    assert page.selected_pilot_id == new_id
    assert page.chart.selected_pilot_id == new_id
    assert page.table.currentIndex().data(PILOT_ID_ROLE) == new_id
    assert page.board.lists["planned"].currentIndex().data(PILOT_ID_ROLE) == new_id
    # the table row tells zone, KPIs and logs
    row = page.model.row_of(new_id)
    values = {field: page.model.index(row, column).data()
              for column, field in enumerate(PILOT_COLUMNS)}
    assert values["status"] == "planned" and values["zone"] == "complex"
    assert (values["kpis_on_track"], values["wins"], values["milestones"]) == (0, 0, "0 of 0")

    context.undo_stack.undo()
    assert table_names(page) == ["Callback squad"]
    assert page.board.column_ids("planned") == []


def test_cancelling_the_new_pilot_dialog_adds_nothing(page, context, qtbot):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.new_dialog
    qtbot.keyClicks(dialog.name_edit, "Never mind")
    dialog.reject()
    qtbot.waitUntil(lambda: page.new_dialog is None)
    assert page.model.rowCount() == 1
    assert context.undo_stack.count() == 0


def test_the_table_sorts_and_the_filter_narrows_every_view(page, context, qtbot,
                                                           qtmodeltester):
    plan = context.plan
    records.add(plan, domain.Pilot(0, "Zebra desk", department="Vertrieb", status="idea",
                                   agreement=0.9, certainty=0.9))
    records.add(plan, domain.Pilot(0, "Apple team", department="IT", status="stopped"))
    context.data_changed.emit("pilots")
    qtmodeltester.check(page.model)
    show_view(page, qtbot, "table")
    assert table_names(page) == ["Apple team", "Callback squad", "Zebra desk"]
    page.table.sortByColumn(PILOT_COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
    assert table_names(page) == ["Zebra desk", "Callback squad", "Apple team"]  # life cycle
    page.table.sortByColumn(PILOT_COLUMNS.index("zone"), Qt.SortOrder.DescendingOrder)
    assert table_names(page)[0] == "Zebra desk"  # chaotic

    qtbot.keyClicks(page.filter_edit, "vertrieb")
    assert table_names(page) == ["Zebra desk"]
    assert page.count_label.text() == "3 pilots (1 shown)"
    assert page.board.column_ids("running") == []
    assert [p.name for p in page.chart.pilots()] == ["Zebra desk"]
    assert [b.name for b in page.timeline.bars()] == ["Zebra desk"]
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "chaotic")  # the zone is searchable too
    assert table_names(page) == ["Zebra desk"]
    page.filter_edit.clear()
    assert page.proxy.rowCount() == 3


def test_an_empty_plan_explains_pilots_and_offers_new_pilot(qtbot, context, tmp_path):
    context.set_plan(plans.create_plan(tmp_path / "empty.changeplan"))
    page = PilotsPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.stack.currentWidget() is page.empty_label
    assert "Create the first one with" in page.empty_label.text()
    assert page.new_button.isVisible() and page.new_button.isEnabled()
    assert not page.delete_button.isEnabled()


# -- the Stacey chart ------------------------------------------------------------------------

def test_dragging_a_pilot_into_the_simple_zone_warns_and_undo_puts_it_back(page, context,
                                                                            qtbot):
    chart = show_view(page, qtbot, "stacey")
    pid = pilot_id(page, "Callback squad")
    assert (stored(context, pid).agreement, stored(context, pid).certainty) == (0.5, 0.5)
    start = chart.point_of(pid).centre.toPoint()
    target = chart.position_of(0.1, 0.15).toPoint()
    qtbot.mousePress(chart, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(chart, (start + target) / 2)
    qtbot.mouseMove(chart, target)
    qtbot.mouseRelease(chart, Qt.MouseButton.LeftButton, pos=target)

    pilot = stored(context, pid)
    assert (pilot.agreement, pilot.certainty) == pytest.approx((0.1, 0.15), abs=0.011)
    assert context.undo_stack.count() == 1
    assert context.undo_stack.undoText() == "Move Callback squad on the Stacey matrix"
    point = chart.point_of(pid)
    assert point.zone == "simple"
    assert any("simple zone is a warning sign" in text for text in point.warnings)
    assert "simple zone is a warning sign" in page.stacey_panel.text()
    assert "simple" in chart.tooltip_at(point.centre)
    row = page.model.row_of(pid)
    assert page.model.index(row, PILOT_COLUMNS.index("zone")).data() == "simple"

    context.undo_stack.undo()
    assert (stored(context, pid).agreement, stored(context, pid).certainty) == (0.5, 0.5)
    assert chart.point_of(pid).zone == "complex"
    assert chart.point_of(pid).centre.toPoint() == start
    context.undo_stack.redo()
    assert stored(context, pid).agreement == pytest.approx(0.1, abs=0.011)


def test_a_click_without_moving_selects_but_does_not_edit(page, context, qtbot):
    chart = show_view(page, qtbot, "stacey")
    pid = pilot_id(page, "Callback squad")
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                     pos=chart.point_of(pid).centre.toPoint())
    assert chart.selected_pilot_id == pid == page.selected_pilot_id
    assert context.undo_stack.count() == 0
    assert "Callback squad" in page.stacey_panel.text()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(chart.width() - 20, 80))
    assert page.selected_pilot_id == 0


def test_arrow_keys_move_the_selected_pilot_one_undo_step_each(page, context, qtbot):
    chart = show_view(page, qtbot, "stacey")
    pid = pilot_id(page, "Callback squad")
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_PageDown)  # select the (only) pilot
    assert page.selected_pilot_id == pid
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    qtbot.keyClick(chart, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    pilot = stored(context, pid)
    assert (pilot.agreement, pilot.certainty) == pytest.approx((0.55, 0.59))
    assert context.undo_stack.count() == 4
    for _ in range(4):
        context.undo_stack.undo()
    assert (stored(context, pid).agreement, stored(context, pid).certainty) == (0.5, 0.5)
    # the keys stop at the edge of the matrix
    for _ in range(12):
        qtbot.keyClick(chart, Qt.Key.Key_Down)
    assert stored(context, pid).agreement == 0.0
    assert chart.point_of(pid).centre.y() == pytest.approx(chart.plot_rect().bottom())


def test_the_zone_backgrounds_and_labels_follow_the_classification(qtbot):
    chart = StaceyChart()
    qtbot.addWidget(chart)
    chart.resize(700, 560)
    plot = chart.plot_rect()
    grid = zone_grid(GRID)
    for row in range(0, GRID, 7):
        for col in range(0, GRID, 7):
            pos = QPointF(plot.left() + (col + 0.5) * plot.width() / GRID,
                          plot.top() + (row + 0.5) * plot.height() / GRID)
            agreement, certainty = chart.placement_at(pos)
            assert chart.zone_at(pos) == grid[row][col] == stacey_zone(agreement, certainty)
    labels = chart.zone_label_positions()
    assert set(labels) == set(domain.STACEY_ZONES)
    for zone, pos in labels.items():
        assert chart.zone_at(pos) == zone
        assert stacey_zone(*chart.placement_at(pos)) == zone
    # what is painted: the simple corner is tinted green, the chaotic corner red
    image = chart.grab().toImage()
    simple = image.pixelColor(chart.position_of(0.05, 0.05).toPoint())
    chaotic = image.pixelColor(chart.position_of(0.95, 0.95).toPoint())
    assert simple.green() > simple.red() and chaotic.red() > chaotic.green()


def test_points_take_the_status_colour_and_labels_do_not_overlap(qtbot):
    chart = StaceyChart()
    qtbot.addWidget(chart)
    chart.resize(700, 560)
    chart.set_pilots([domain.Pilot(n, f"Pilot number {n}", status=status)
                      for n, status in enumerate(domain.PILOT_STATUSES, start=1)])
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    points = chart.points()
    assert len(points) == 5
    centre = points[0].centre.toPoint()  # all at 0.5/0.5: the last one painted is on top
    top = points[-1]
    assert image.pixelColor(centre) == QColor(STATUS_COLOURS[top.status])
    rects = [p.label_rect for p in points]
    for i, rect in enumerate(rects):
        assert chart.plot_rect().contains(rect)
        assert not any(rect.intersects(other) for other in rects[i + 1:])


def test_a_refused_move_puts_the_point_back(page, context, qtbot, monkeypatch):
    chart = show_view(page, qtbot, "stacey")
    pid = pilot_id(page, "Callback squad")
    messages = []
    context.status_message.connect(messages.append)

    def refuse(*_args, **_kwargs):
        from changeplanner.errors import UserError
        raise UserError("The plan file is read-only.")

    monkeypatch.setattr(records, "update", refuse)
    start = chart.point_of(pid).centre.toPoint()
    target = chart.position_of(0.9, 0.1).toPoint()
    qtbot.mousePress(chart, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(chart, target)
    qtbot.mouseRelease(chart, Qt.MouseButton.LeftButton, pos=target)
    assert messages == ["The plan file is read-only."]
    assert chart.point_of(pid).centre.toPoint() == start
    assert context.undo_stack.count() == 0


# -- the timeline ---------------------------------------------------------------------------

def test_the_timeline_shows_bars_milestones_and_today(page, context, qtbot):
    plan = context.plan
    pid = pilot_id(page, "Callback squad")
    today = dt.date.today()
    start = (today - dt.timedelta(days=60)).isoformat()
    end = (today + dt.timedelta(days=120)).isoformat()
    context.undo_stack.push(UpdateRecord(context, domain.Pilot, pid,
                                         {"start": start, "end": end}, "dates"))
    records.add(plan, domain.Milestone(0, pid, start, "Kick-off", True))
    records.add(plan, domain.Milestone(0, pid, end, "Review", False))
    idea = records.add(plan, domain.Pilot(0, "Later maybe", status="idea"))
    context.data_changed.emit("pilots")
    timeline = show_view(page, qtbot, "timeline")

    bars = {bar.pilot_id: bar for bar in timeline.bars()}
    bar = bars[pid].bar
    assert bar is not None
    assert bar.left() == pytest.approx(timeline.x_of(dt.date.fromisoformat(start)))
    assert bar.right() == pytest.approx(timeline.x_of(dt.date.fromisoformat(end)
                                                      + dt.timedelta(days=1)))
    assert bars[idea].bar is None  # no dates: said in words, no bar
    assert bar.left() < timeline.today_x() < bar.right()
    diamonds = [(d.milestone.title, d.filled) for d in timeline.diamonds()]
    assert diamonds == [("Kick-off", True), ("Review", False)]
    assert "Milestone: Review" in timeline.tooltip_at(timeline.diamonds()[1].centre)

    image = timeline.grab().toImage()
    probe = QPoint(round(bar.left() + bar.width() * 0.3), round(bar.top() + 3))
    assert image.pixelColor(probe) == QColor(STATUS_COLOURS["running"])
    done = timeline.diamonds()[0].centre.toPoint()
    open_ = timeline.diamonds()[1].centre.toPoint()
    assert image.pixelColor(done).lightness() < 100  # filled
    assert image.pixelColor(open_).lightness() > 200  # hollow

    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=bars[idea].row_rect.center()
                     .toPoint())
    assert page.selected_pilot_id == idea
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Up)
    assert page.selected_pilot_id == pid
    assert page.table.currentIndex().data(PILOT_ID_ROLE) == pid


def test_the_timeline_labels_months_in_the_current_language(qtbot):
    from changeplanner import i18n

    timeline = PilotTimeline()
    qtbot.addWidget(timeline)
    timeline.resize(900, 200)
    timeline.set_pilots([(domain.Pilot(1, "A", start="2025-03-01", end="2025-05-31"), ())],
                        today=dt.date(2025, 4, 15))
    months = [day for day, _x in timeline.months()]
    assert months[0] == dt.date(2025, 2, 1)  # a month of air before the first date
    assert len(months) >= 12
    xs = [x for _day, x in timeline.months()]
    assert xs == sorted(xs)
    assert timeline.month_label(3) == "Mar"
    i18n.set_language("de")
    assert timeline.month_label(3) == "Mär"
    assert timeline.month_label(10) == "Okt"
    timeline.grab()  # paints the German month names


# -- opening, deleting, reloading --------------------------------------------------------

def test_double_click_opens_the_detail_and_back_returns(page, context, qtbot):
    show_view(page, qtbot, "table")
    pid = pilot_id(page, "Callback squad")
    index = page.proxy.index(0, 0)
    rect = page.table.visualRect(index)
    # a double click as the window system sends it: press, release, double-click
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.pages.currentWidget() is page.detail_box
    assert page.detail.pilot_id == pid
    assert page.detail.name_label.text() == "Callback squad"
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert page.pages.currentWidget() is page.overview
    # Enter on a card opens it too; Alt+Left goes back
    board = show_view(page, qtbot, "board")
    view = board.lists["running"]
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert page.pages.currentWidget() is page.detail_box
    page.back_button.setFocus()
    qtbot.keyClick(page.back_button, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.pages.currentWidget() is page.overview


def test_delete_removes_the_pilot_and_undo_brings_it_back(page, context, qtbot):
    show_view(page, qtbot, "table")
    pid = pilot_id(page, "Callback squad")
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    assert page.delete_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty_label
    context.undo_stack.undo()
    assert [row.pilot.id for row in page.model.rows()] == [pid]


def test_a_deleted_pilot_closes_its_detail(page, context, qtbot):
    pid = pilot_id(page, "Callback squad")
    page.open_pilot(pid)
    assert page.pages.currentWidget() is page.detail_box
    page.delete_selected()
    assert page.pages.currentWidget() is page.overview


def test_changes_while_hidden_are_read_when_shown(page, context, qtbot):
    page.hide()
    records.add(context.plan, domain.Pilot(0, "Quiet change", status="running"))
    context.data_changed.emit("pilots")
    assert page.model.rowCount() == 1  # not read while hidden
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    goal = records.add(context.plan, domain.Goal(0, "First contact resolution"))
    records.update(context.plan, domain.Pilot, pilot_id(page, "Quiet change"),
                   goal_ids=(goal,))
    context.data_changed.emit("goals")
    row = page.model.row_of(pilot_id(page, "Quiet change"))
    assert page.model.index(row, PILOT_COLUMNS.index("goals")).data() == \
        "First contact resolution"


def test_the_page_retranslates_and_paints_in_german(page, context, qtbot):
    from changeplanner import i18n

    i18n.set_language("de")
    page.retranslate_ui()
    assert page.nav_title() == "Piloten"
    assert page.count_label.text() == "1 Pilot"
    assert page.model.index(0, PILOT_COLUMNS.index("status")).data() == "läuft"
    for view in VIEWS:
        show_view(page, qtbot, view)
        page.grab()


# -- in the main window ------------------------------------------------------------------

def test_ctrl_n_on_the_pilots_page_creates_a_pilot_not_a_plan(window, small_plan, qtbot,
                                                              monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (asked.append(1), ("", ""))[1]))
    assert window.open_plan_file(small_plan)
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    window.show_page("pilots")
    page = window.page("pilots")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == []
    dialog = page.new_dialog
    assert dialog is not None
    fill_new_pilot(qtbot, dialog, "Callback squad 2", "idea")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 1
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
