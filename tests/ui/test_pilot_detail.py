"""The pilot dialog and the pilot detail, driven through their real widgets: every change
goes through an undoable command and shows at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from changeplanner import domain
from changeplanner.services import board, plans, records
from changeplanner.ui.record_commands import AddRecord, DeleteRecord

PROGRESS = 5  # column of the KPI table
STATUS = 6


@pytest.fixture
def opened(context, small_plan):
    context.set_plan(plans.open_or_create(small_plan))
    return context


@pytest.fixture
def pilot_id(opened):
    return records.list_pilots(opened.plan)[0].id


@pytest.fixture
def detail(qtbot, opened, pilot_id):
    from changeplanner.ui.pilot_detail import PilotDetailWidget

    widget = PilotDetailWidget(opened)
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.show()
    widget.show_pilot(pilot_id)
    qtbot.waitUntil(lambda: widget.snapshot is not None and not widget.loading)
    return widget


def cell(view, row, column, role=Qt.ItemDataRole.DisplayRole):
    return view.model().index(row, column).data(role)


def select(view, row):
    view.selectionModel().setCurrentIndex(
        view.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def test_create_a_pilot_with_the_dialog(qtbot, opened):
    from changeplanner.ui.pilot_detail import PilotDialog

    plan = opened.plan
    saved = board.save_proposal(plan, board.propose(plan, size=4))
    seats = plans.snapshot(plan).boards[0].seats
    assert saved and seats
    goal_id = records.add(plan, domain.Goal(0, "Resolve concerns at first contact"))

    dialog = PilotDialog(opened)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a pilot needs a name
    dialog.name_edit.setText("Claims squad")
    assert ok.isEnabled()
    assert dialog.department_combo.findText("IT") >= 0  # the plan's departments
    dialog.department_combo.setEditText("Kundenservice 2nd Level")
    dialog.team_edit.setText("Team Nord")
    dialog.purpose_edit.setPlainText("Settle claims in one call")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("planned"))
    dialog.start_field.set_iso("2025-02-01")
    assert dialog.end_field.iso() == ""  # "no date" until one is chosen
    dialog.end_field.set_iso("2025-07-31")

    # Customer fit: mostly type B is warned about, with the explanation of A and B.
    dialog.share_slider.setValue(30)
    assert dialog.share_spin.value() == 30
    assert "30 % type A" in dialog.share_label.text()
    assert not dialog.warnings_label.isHidden()
    assert "type-B" in dialog.warnings_label.text()
    dialog.share_spin.setValue(80)
    assert dialog.share_slider.value() == 80

    # Stacey: the zone and its recommendation follow the sliders; agile + simple warns.
    dialog.agreement_slider.setValue(10)
    dialog.certainty_slider.setValue(10)
    assert dialog.zone_label.text() == "Zone: simple"
    assert "overkill" in dialog.recommendation_label.text()
    assert "simple zone" in dialog.warnings_label.text()
    dialog.agile_check.setChecked(False)
    assert dialog.warnings_label.isHidden()
    dialog.agile_check.setChecked(True)
    dialog.agreement_slider.setValue(70)
    dialog.certainty_slider.setValue(50)
    assert dialog.zone_label.text() == "Zone: complex"
    assert "lighthouse" in dialog.recommendation_label.text()
    assert dialog.warnings_label.isHidden()

    # Sponsor from the latest board; goals to tick.
    assert dialog.sponsor_combo.itemData(0) is None
    assert dialog.sponsor_combo.count() == len(seats) + 1
    sponsor = seats[0].person_id
    dialog.sponsor_combo.setCurrentIndex(dialog.sponsor_combo.findData(sponsor))
    assert dialog.goals_list.count() == 1
    dialog.goals_list.item(0).setCheckState(Qt.CheckState.Checked)

    pilot = dialog.record()
    assert pilot == domain.Pilot(
        id=0, name="Claims squad", department="Kundenservice 2nd Level", status="planned",
        team="Team Nord", purpose="Settle claims in one call", customer_a_share=0.8,
        agreement=0.7, certainty=0.5, agile=True, start="2025-02-01", end="2025-07-31",
        sponsor_id=sponsor, goal_ids=(goal_id,))

    # An end before the start cannot be accepted.
    dialog.end_field.set_iso("2025-01-01")
    assert not ok.isEnabled()
    assert "before it starts" in dialog.warnings_label.text()
    dialog.end_field.set_iso("2025-07-31")
    assert ok.isEnabled()

    command = AddRecord(opened, pilot, "Add pilot")
    opened.undo_stack.push(command)
    stored = records.pilot_detail(opened.plan, command.record_id).pilot
    assert stored == domain.Pilot(**{**{f: getattr(pilot, f) for f in pilot.__slots__},
                                     "id": command.record_id})
    opened.undo_stack.undo()
    assert [p.name for p in records.list_pilots(plan)] == ["Callback squad"]
    opened.undo_stack.redo()
    assert records.pilot_detail(plan, command.record_id).pilot.sponsor_id == sponsor


def test_kpis_measurements_progress_and_chart(qtbot, opened, detail, pilot_id):
    tab = detail.kpi_tab
    detail.tabs.setCurrentWidget(tab)
    assert tab.stack.currentWidget() is tab.empty_label
    assert "lower is better" in tab.empty_label.text()
    assert not tab.measure_button.isEnabled()

    # A KPI that should go down: handling time from 14 to 9 minutes.
    dialog = tab.add_kpi()
    dialog.inputs["name"].setText("Handling time")
    dialog.inputs["unit"].setText("min")
    dialog.inputs["baseline"].setValue(14)
    dialog.inputs["target"].setValue(9)
    assert "lower is better" in dialog.live_label.text()
    dialog.accept()
    kpi = records.pilot_detail(opened.plan, pilot_id).kpis[0]
    assert (kpi.name, kpi.unit, kpi.baseline, kpi.target) == ("Handling time", "min", 14, 9)
    assert tab.stack.currentWidget() is tab.table
    assert cell(tab.table, 0, STATUS) == "no measurement yet"
    assert tab.current_kpi() == kpi  # the only KPI is selected
    assert tab.chart.kpi == kpi and tab.chart.points == []
    assert detail.tabs.tabText(1) == "KPIs (1)"

    dialog = tab.add_measurement()
    dialog.inputs["date"].set_iso("2025-03-01")
    dialog.inputs["value"].setValue(11.5)
    dialog.accept()
    assert cell(tab.table, 0, 4) == "11.5 on 2025-03-01"
    assert cell(tab.table, 0, PROGRESS) == "50"  # halfway from 14 down to 9
    assert cell(tab.table, 0, STATUS) == "on track"  # halfway, no time frame
    assert [v for _d, v in tab.chart.points] == [11.5]
    assert tab.measurements_model.rowCount() == 1
    assert "1 of 1 KPI on track" in detail.summary_label.text()
    tab.chart.grab()  # paints without error

    # Worse than the baseline: negative progress, off track.
    dialog = tab.add_measurement()
    dialog.inputs["date"].set_iso("2025-04-01")
    dialog.inputs["value"].setValue(15)
    dialog.accept()
    assert cell(tab.table, 0, PROGRESS) == "-20"
    assert cell(tab.table, 0, STATUS) == "off track"
    assert [v for _d, v in tab.chart.points] == [11.5, 15]

    # A KPI that should go up, beside it.
    dialog = tab.add_kpi()
    dialog.inputs["name"].setText("First contact resolution")
    dialog.inputs["baseline"].setValue(60)
    dialog.inputs["target"].setValue(80)
    assert "higher is better" in dialog.live_label.text()
    dialog.accept()
    assert tab.model.rowCount() == 2
    assert cell(tab.table, 0, 0) == "First contact resolution"  # sorted by name
    select(tab.table, 0)
    assert tab.current_kpi().name == "First contact resolution"
    assert tab.chart.points == []

    undo = opened.undo_stack
    undo.undo()  # the second KPI
    assert tab.model.rowCount() == 1
    undo.undo()  # the bad measurement
    assert cell(tab.table, 0, STATUS) == "on track"
    undo.undo()  # the first measurement
    assert cell(tab.table, 0, 4) == "—"
    assert tab.chart.points == []
    undo.undo()  # the KPI
    assert tab.stack.currentWidget() is tab.empty_label
    assert records.pilot_detail(opened.plan, pilot_id).kpis == ()


def test_delete_a_kpi_with_its_measurements_and_undo(qtbot, opened, detail, pilot_id):
    plan = opened.plan
    kpi_id = records.add(plan, domain.Kpi(0, pilot_id, "Waiting time", "s", 90, 30))
    records.add(plan, domain.Measurement(0, kpi_id, "2025-01-10", 60))
    opened.data_changed.emit("pilots")
    tab = detail.kpi_tab
    detail.tabs.setCurrentWidget(tab)
    assert cell(tab.table, 0, PROGRESS) == "50"

    # Delete a measurement with the Delete key, then the KPI itself.
    select(tab.measurements_table, 0)
    tab.measurements_table.setFocus()
    qtbot.keyClick(tab.measurements_table, Qt.Key.Key_Delete)
    assert records.pilot_detail(plan, pilot_id).measurements == ()
    opened.undo_stack.undo()
    assert len(records.pilot_detail(plan, pilot_id).measurements) == 1

    select(tab.table, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert records.pilot_detail(plan, pilot_id).kpis == ()
    assert tab.stack.currentWidget() is tab.empty_label
    opened.undo_stack.undo()
    restored = records.pilot_detail(plan, pilot_id)
    assert [k.id for k in restored.kpis] == [kpi_id]
    assert [m.value for m in restored.measurements] == [60]
    assert cell(tab.table, 0, PROGRESS) == "50"


def test_log_a_win_and_a_deviation(qtbot, opened, detail, pilot_id):
    plan = opened.plan
    wins = detail.wins_tab
    detail.tabs.setCurrentWidget(wins)
    assert wins.stack.currentWidget() is wins.empty_label
    assert "Celebrate small wins" in wins.empty_label.text()
    dialog = wins.add()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.inputs["date"].set_iso("2025-02-03")
    dialog.inputs["what"].setPlainText("First claim settled in one call")
    dialog.inputs["who"].setText("Anna and Ben")
    assert ok.isEnabled()
    dialog.accept()
    assert [(w.date, w.what, w.who) for w in records.pilot_detail(plan, pilot_id).wins] == [
        ("2025-02-03", "First claim settled in one call", "Anna and Ben")]
    assert [cell(wins.table, 0, c) for c in range(3)] == [
        "2025-02-03", "First claim settled in one call", "Anna and Ben"]
    assert detail.tabs.tabText(3) == "Wins (1)"
    assert "1 win to celebrate" in detail.summary_label.text()

    deviations = detail.deviations_tab
    detail.tabs.setCurrentWidget(deviations)
    assert "who is to blame" in deviations.empty_label.text()
    dialog = deviations.add()
    # Deliberately no field for a culprit.
    assert list(dialog.inputs) == ["date", "what", "learned"]
    dialog.inputs["what"].setPlainText("Stand-up overran to 40 minutes")
    dialog.inputs["learned"].setPlainText("Time-box it to 15 minutes")
    dialog.accept()
    logged = records.pilot_detail(plan, pilot_id).deviations
    assert [(d.what, d.learned) for d in logged] == [
        ("Stand-up overran to 40 minutes", "Time-box it to 15 minutes")]
    assert deviations.stack.currentWidget() is deviations.table

    # Double-click edits; Delete removes; each undoable.
    index = deviations.table.model().index(0, 2)
    deviations.table.doubleClicked.emit(index)
    dialog = deviations.dialog
    assert dialog is not None
    assert dialog.inputs["learned"].toPlainText() == "Time-box it to 15 minutes"
    dialog.inputs["learned"].setPlainText("Time-box it; park details")
    dialog.accept()
    assert records.pilot_detail(plan, pilot_id).deviations[0].learned == \
        "Time-box it; park details"
    select(deviations.table, 0)
    qtbot.keyClick(deviations.table, Qt.Key.Key_Delete)
    assert records.pilot_detail(plan, pilot_id).deviations == ()
    assert deviations.stack.currentWidget() is deviations.empty_label

    undo = opened.undo_stack
    undo.undo()
    assert records.pilot_detail(plan, pilot_id).deviations[0].learned == \
        "Time-box it; park details"
    undo.undo()
    assert records.pilot_detail(plan, pilot_id).deviations[0].learned == \
        "Time-box it to 15 minutes"
    undo.undo()
    assert records.pilot_detail(plan, pilot_id).deviations == ()
    undo.undo()
    assert records.pilot_detail(plan, pilot_id).wins == ()
    assert wins.stack.currentWidget() is wins.empty_label


def test_milestones_done_and_proven_processes(qtbot, opened, detail, pilot_id):
    plan = opened.plan
    tab = detail.milestones_tab
    detail.tabs.setCurrentWidget(tab)
    dialog = tab.add()
    dialog.inputs["date"].set_iso("2025-03-31")
    dialog.inputs["title"].setText("First sprint review with customers")
    dialog.accept()
    assert detail.tabs.tabText(2) == "Milestones (0/1)"
    assert cell(tab.table, 0, 2, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked

    # Ticking "done" in the table is one undoable edit.
    # (a click hands the model the check state as a plain number)
    assert tab.table.model().setData(tab.table.model().index(0, 2),
                                     Qt.CheckState.Checked.value,
                                     Qt.ItemDataRole.CheckStateRole)
    assert records.pilot_detail(plan, pilot_id).milestones[0].done
    assert cell(tab.table, 0, 2, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert detail.tabs.tabText(2) == "Milestones (1/1)"
    assert "1 of 1 milestone done" in detail.summary_label.text()
    assert opened.undo_stack.undoText() == "Mark milestone done"
    opened.undo_stack.undo()
    assert not records.pilot_detail(plan, pilot_id).milestones[0].done
    assert cell(tab.table, 0, 2, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked

    processes = detail.processes_tab
    detail.tabs.setCurrentWidget(processes)
    assert "avoid instability" in processes.empty_label.text()
    dialog = processes.add()
    dialog.inputs["name"].setText("Legal escalation to the 2nd level")
    dialog.inputs["note"].setPlainText("Regulatory")
    dialog.accept()
    assert [(p.name, p.note) for p in records.pilot_detail(plan, pilot_id).proven_processes] \
        == [("Legal escalation to the 2nd level", "Regulatory")]
    opened.undo_stack.undo()
    assert records.pilot_detail(plan, pilot_id).proven_processes == ()
    opened.undo_stack.undo()
    assert records.pilot_detail(plan, pilot_id).milestones == ()
    assert tab.stack.currentWidget() is tab.empty_label


def test_team_from_required_skills(qtbot, opened, detail, pilot_id):
    plan = opened.plan
    tab = detail.team_tab
    assert tab.members_stack.currentWidget() is tab.members_empty
    assert not tab.propose_button.isEnabled()  # no required skills yet
    assert tab.department_combo.currentData() == "Kundenservice 1st Level"  # the pilot's

    tab.skill_combo.setEditText("Scrum")
    tab.level_combo.setCurrentIndex(tab.level_combo.findData(3))
    qtbot.mouseClick(tab.set_skill_button, Qt.MouseButton.LeftButton)
    scrum = records.pilot_detail(plan, pilot_id).skills
    assert [s.level for s in scrum] == [3]
    assert cell(tab.skills_table, 0, 0) == "Scrum"
    assert tab.propose_button.isEnabled()

    with qtbot.waitSignal(tab.proposed, timeout=10_000):
        qtbot.mouseClick(tab.propose_button, Qt.MouseButton.LeftButton)
    assert [m.person_id for m in records.pilot_detail(plan, pilot_id).members] == ["P01"]
    assert cell(tab.members_table, 0, 0) == "Anna Schmidt"
    assert cell(tab.members_table, 0, 3) == "Scrum (3)"
    assert tab.coverage_label.text() == "A team of 1 person. Every required skill is covered."
    assert detail.tabs.tabText(0) == "Team (1)"

    # A higher level nobody has: shown as uncovered.
    tab.level_combo.setCurrentIndex(tab.level_combo.findData(4))
    qtbot.mouseClick(tab.set_skill_button, Qt.MouseButton.LeftButton)
    assert [s.level for s in records.pilot_detail(plan, pilot_id).skills] == [4]
    assert "Uncovered: Scrum (level 4 needed; best available 3)" in tab.coverage_label.text()
    opened.undo_stack.undo()
    assert "Every required skill is covered." in tab.coverage_label.text()

    # Add somebody by hand, give a role, remove with the Delete key.
    tab.person_combo.setEditText("Emma Wagner (Kundenservice 2nd Level)")
    qtbot.mouseClick(tab.add_member_button, Qt.MouseButton.LeftButton)
    assert [m.person_id for m in records.pilot_detail(plan, pilot_id).members] == [
        "P01", "P05"]
    row = next(r for r in range(2) if cell(tab.members_table, r, 0) == "Emma Wagner")
    model = tab.members_table.model()
    assert model.flags(model.index(row, 2)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(row, 2), "Scrum master")
    assert {m.person_id: m.role for m in records.pilot_detail(plan, pilot_id).members} == {
        "P01": "", "P05": "Scrum master"}
    row = next(r for r in range(2) if cell(tab.members_table, r, 0) == "Emma Wagner")
    select(tab.members_table, row)
    qtbot.keyClick(tab.members_table, Qt.Key.Key_Delete)
    assert [m.person_id for m in records.pilot_detail(plan, pilot_id).members] == ["P01"]

    undo = opened.undo_stack
    undo.undo()  # removal
    assert [m.role for m in records.pilot_detail(plan, pilot_id).members] == [
        "", "Scrum master"]
    undo.undo()  # role
    undo.undo()  # added by hand
    assert [m.person_id for m in records.pilot_detail(plan, pilot_id).members] == ["P01"]
    undo.undo()  # the proposal
    assert records.pilot_detail(plan, pilot_id).members == ()
    assert tab.members_stack.currentWidget() is tab.members_empty
    undo.undo()  # the requirement
    assert records.pilot_detail(plan, pilot_id).skills == ()


def test_edit_the_pilot_and_follow_deletion(qtbot, opened, detail, pilot_id):
    plan = opened.plan
    assert detail.name_label.text() == "Callback squad"
    assert detail.status_label.text() == "running"
    assert "complex" in detail.zone_label.text()
    # A running pilot without KPIs is warned about.
    assert "No KPI yet" in detail.warnings_label.text()

    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert dialog is not None and dialog.name_edit.text() == "Callback squad"
    dialog.name_edit.setText("Callback <squad> & co")
    dialog.agreement_slider.setValue(5)
    dialog.certainty_slider.setValue(5)
    dialog.accept()
    assert detail.name_label.text() == "Callback <squad> & co"  # printed literally
    assert "simple" in detail.zone_label.text()
    assert "simple zone" in detail.warnings_label.text()
    assert opened.undo_stack.count() == 1  # one step for all fields
    opened.undo_stack.undo()
    pilot = records.pilot_detail(plan, pilot_id).pilot
    assert (pilot.name, pilot.agreement, pilot.certainty) == ("Callback squad", 0.5, 0.5)
    assert detail.name_label.text() == "Callback squad"

    detail.retranslate_ui()  # a language switch keeps what is shown
    assert detail.tabs.tabText(0) == "Team (0)"
    assert detail.name_label.text() == "Callback squad"

    opened.undo_stack.push(DeleteRecord(opened, domain.Pilot, pilot_id, "Delete pilot"))
    assert detail.stack.currentWidget() is detail.empty_label
    assert "no longer exists" in detail.empty_label.text()
    opened.undo_stack.undo()
    assert detail.stack.currentWidget() is not detail.empty_label
    assert detail.name_label.text() == "Callback squad"


def test_hidden_detail_catches_up_when_shown(qtbot, opened, detail, pilot_id):
    detail.hide()
    records.add(opened.plan, domain.Win(0, pilot_id, "2025-05-05", "Praise from a customer"))
    opened.data_changed.emit("pilots")
    assert detail.wins_tab.model.rowCount() == 0  # hidden: nothing read yet
    detail.show()
    assert detail.wins_tab.model.rowCount() == 1


def test_no_pilot_and_plan_switch(qtbot, context, small_plan):
    from changeplanner.ui.pilot_detail import PilotDetailWidget

    widget = PilotDetailWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.stack.currentWidget() is widget.empty_label
    assert "No pilot chosen" in widget.empty_label.text()
    assert widget.edit_pilot() is None
    context.set_plan(plans.open_or_create(small_plan))
    widget.show_pilot(records.list_pilots(context.plan)[0].id)
    assert widget.stack.currentWidget() is not widget.empty_label
    context.set_plan(None)
    assert widget.pilot_id is None
    assert widget.stack.currentWidget() is widget.empty_label


def test_kpi_chart_scales(qtbot):
    from changeplanner.ui.kpi_chart import KpiChart, nice_ticks

    assert nice_ticks(8.4, 14.6) == [10.0, 12.0, 14.0]
    assert nice_ticks(-0.3, 0.3) == [-0.2, 0.0, 0.2]
    assert nice_ticks(0.05, 0.72) == [0.2, 0.4, 0.6]
    assert nice_ticks(0, 100) == [0.0, 25.0, 50.0, 75.0, 100.0]
    chart = KpiChart()
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    kpi = domain.Kpi(1, 1, "Handling time", "min", 14, 9)
    chart.set_kpi(kpi, [domain.Measurement(2, 1, "2025-02-01", 12),
                        domain.Measurement(1, 1, "2025-01-01", 13),
                        domain.Measurement(3, 2, "2025-01-05", 99)],  # another KPI
                  start="2024-12-01", end="2025-06-30")
    assert [v for _d, v in chart.points] == [13, 12]
    image = chart.grab().toImage()
    # The shaded "reached" side of a lower-is-better KPI lies below the target line.
    bottom = image.pixelColor(250, 300 - 60)
    top = image.pixelColor(250, 60)
    assert bottom.green() > bottom.red() and top.green() == top.red()


def test_records_model_passes_the_model_tester(qtmodeltester):
    from changeplanner.ui.pilot_detail import MILESTONES, RecordsModel

    toggled = []
    model = RecordsModel(MILESTONES.columns, check_column=2,
                         on_check=lambda row, on: toggled.append((row.id, on)))
    model.set_rows([domain.Milestone(1, 1, "2025-01-10", "Kick-off", True),
                    domain.Milestone(2, 1, "2025-03-31", "Review")])
    qtmodeltester.check(model)
    assert model.index(1, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.index(1, 2).data() is None  # the box, no "False"
    assert model.setData(model.index(1, 2), Qt.CheckState.Checked,
                         Qt.ItemDataRole.CheckStateRole)
    assert toggled == [(2, True)]
    assert not model.setData(model.index(1, 1), "x")  # titles are edited in the dialog
