"""The skills panels on a hand-computed plan (tests/ui/skills_panels_plan.py): gaps with
teachers, the heatmap, compliance, progress, risks, staffing and requirement profiles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox

from changeplanner.services import catalog, plans
from tests.ui.skills_panels_plan import build_panels_plan


@pytest.fixture
def panels_plan(tmp_path):
    return build_panels_plan(tmp_path / "panels.changeplan")


@pytest.fixture
def opened(context, panels_plan):
    context.set_plan(plans.open_plan(panels_plan))
    return context


def skill_ids(plan):
    return {s.name: s.id for s in plans.snapshot(plan).skills}


def shown_rows(view):
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


# -- gaps -------------------------------------------------------------------------------

@pytest.fixture
def gaps(qtbot, opened):
    from changeplanner.ui.skills_gaps import GapsPanel

    panel = GapsPanel(opened)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    qtbot.waitUntil(lambda: not panel.loading and panel.people_model.rowCount() == 5)
    return panel


def test_gap_models_pass_the_model_tester(qtmodeltester, gaps):
    gaps.select_person("A2")
    for model in (gaps.people_model, gaps.people_proxy, gaps.gaps_model,
                  gaps.heatmap_model):
        qtmodeltester.check(model)


def test_gaps_of_a_person_with_ranked_teachers(qtbot, gaps):
    qtbot.keyClicks(gaps.search_edit, "ben")
    assert gaps.people_proxy.rowCount() == 1
    with qtbot.waitSignal(gaps.teachers_loaded):
        qtbot.mouseClick(gaps.people_table.viewport(), Qt.MouseButton.LeftButton,
                         pos=gaps.people_table.visualRect(gaps.people_proxy.index(0, 0)).center())
    assert gaps.selected_person_id() == "A2"
    assert shown_rows(gaps.gaps_table) == [["Scrum", "1", "3", "2"]]
    assert "1 of 2 targets met (50 %)" in gaps.person_label.text()
    teachers = shown_rows(gaps.teachers_table)
    assert [row[0] for row in teachers] == ["Ida Schulz", "Anna Schmidt"]
    assert teachers[0][3] == "Directly connected in the network (advice)."
    assert teachers[1][3].startswith("Same department.")
    assert "Who could teach Ben Weber Scrum" in gaps.teachers_label.text()


def test_person_without_teachers_says_so(qtbot, gaps):
    with qtbot.waitSignal(gaps.teachers_loaded):
        gaps.select_person("I2")
    assert shown_rows(gaps.gaps_table) == [["Mainframe", "0", "2", "2"]]
    assert gaps.teachers_model.rowCount() == 0
    assert "Nobody at level 4 in Mainframe" in gaps.teachers_label.text()


def test_heatmap_cells_and_compliance(gaps):
    model = gaps.heatmap_model
    ids = skill_ids(gaps.context.plan)
    service, it = model.department_row("Service"), model.department_row("IT")
    scrum, crm = model.skill_column(ids["Scrum"]), model.skill_column(ids["CRM"])
    assert model.index(service, scrum).data() == "67 %"
    assert model.index(service, crm).data() == "0 %"
    assert model.index(it, model.skill_column(ids["Mainframe"])).data() == "100 %"
    assert model.index(it, scrum).data() is None  # nobody in IT has a Scrum target
    tooltip = model.index(service, scrum).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Service, Scrum: 2 of 3 people below target")
    assert model.index(service, scrum).data(Qt.ItemDataRole.BackgroundRole).name() == "#e34a33"
    assert model.index(service, 0).data() == "67 %"  # compliance: 4 of 6 targets
    assert model.index(it, 0).data() == "0 %"
    assert "Overall compliance: 50 % (4 of 8 targets met)" in gaps.overall_label.text()
    assert model.headerData(service, Qt.Orientation.Vertical) == "Service"


def test_progress_chart_follows_the_rating_history(qtbot, gaps, opened):
    ids = skill_ids(opened.plan)
    catalog.set_rating(opened.plan, "A2", ids["Scrum"], level=3)
    with qtbot.waitSignal(gaps.loaded):
        opened.data_changed.emit("skills")
    gaps.select_person("A2")
    with qtbot.waitSignal(gaps.progress_loaded):
        gaps.tabs.setCurrentIndex(2)
    # Ben: Scrum 1 and CRM 2, then Scrum 3 on the same day: mean (3 + 2) / 2
    assert gaps.chart.series[-1][1:] == (2.5, 2)
    with qtbot.waitSignal(gaps.progress_loaded):
        gaps.show_progress_of("IT")
    assert gaps.chart.series[-1][1:] == (pytest.approx(10 / 3), 3)  # Ida 4 + 4, Jan 2
    assert gaps.chart.grab().width() > 0


# -- risks ------------------------------------------------------------------------------

@pytest.fixture
def risks(qtbot, opened):
    from changeplanner.ui.skills_risks import RisksPanel

    panel = RisksPanel(opened)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: not panel.loading and panel.model.rowCount() > 0)
    return panel


def test_risks_table_rows(qtmodeltester, qtbot, risks):
    qtmodeltester.check(risks.model)
    qtmodeltester.check(risks.proxy)
    rows = sorted(tuple(row[:5]) for row in shown_rows(risks.table))
    assert rows == sorted([
        ("Mainframe", "whole plan", "0", "0", "nobody has it"),
        ("Mainframe", "IT", "0", "0", "nobody has it"),
        ("Python", "whole plan", "1", "2", "single point of failure"),
        ("Python", "IT", "1", "2", "single point of failure"),
        ("Scrum", "IT", "1", "1", "single point of failure"),
        ("Scrum", "Service", "1", "3", "single point of failure"),
    ])
    learners = {(row[0], row[1]): row[5] for row in shown_rows(risks.table)}
    assert learners[("Scrum", "Service")] == "Ben Weber, Clara Fischer"
    assert learners[("Python", "IT")] == "Jan Koch"
    assert learners[("Scrum", "IT")] == "—"
    risks.kind_combo.setCurrentIndex(risks.kind_combo.findData("nobody"))
    assert risks.proxy.rowCount() == 2
    assert "6 risks (2 shown)" == risks.count_label.text()
    risks.kind_combo.setCurrentIndex(0)
    qtbot.keyClicks(risks.filter_edit, "python")
    assert risks.proxy.rowCount() == 2
    risks.table.setCurrentIndex(risks.proxy.index(0, 0))
    assert "Jan Koch (level 2, wants to learn)" in risks.detail.text()


# -- staffing ---------------------------------------------------------------------------

@pytest.fixture
def staffing(qtbot, opened):
    from changeplanner.ui.staffing_dialog import StaffingDialog

    dialog = StaffingDialog(opened)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading and dialog.snapshot is not None)
    return dialog


def test_staffing_proposes_a_team_and_reports_what_stays_uncovered(qtbot, staffing, opened):
    ids = skill_ids(opened.plan)
    qtmodeltester_rows = staffing.skills_model.rowCount()
    assert qtmodeltester_rows == 4
    staffing.set_required({ids["Scrum"]: 3, ids["CRM"]: 3, ids["Python"]: 3})
    # the fourth requirement is chosen in the table, as a user would
    model = staffing.skills_model
    model.setData(model.index(model.row_of(ids["Mainframe"]), 2), 1)
    assert staffing.required() == {ids["Scrum"]: 3, ids["CRM"]: 3, ids["Python"]: 3,
                                   ids["Mainframe"]: 1}
    with qtbot.waitSignal(staffing.team_changed):
        qtbot.mouseClick(staffing.propose_button, Qt.MouseButton.LeftButton)
    assert [(m.name, m.covers_text()) for m in staffing.team.members] == [
        ("Anna Schmidt", "CRM (3), Scrum (4)"), ("Ida Schulz", "Python (4)")]
    assert staffing.team.uncovered == (("Mainframe", 1, 0),)
    assert "Mainframe (level 1 needed; best available 0)" in staffing.uncovered_label.text()
    assert "A team of 2 people." == staffing.summary_label.text()

    # remove Ida by hand: Python is no longer covered
    staffing.members_table.selectRow(1)
    with qtbot.waitSignal(staffing.team_changed):
        qtbot.mouseClick(staffing.remove_button, Qt.MouseButton.LeftButton)
    assert staffing.member_ids() == ["A1"]
    assert ("Python", 3, 0) in staffing.team.uncovered
    # add Jan (Python 2): still short of level 3, but the best level is now 2
    staffing.person_combo.setCurrentIndex(staffing.person_combo.findData("I2"))
    with qtbot.waitSignal(staffing.team_changed):
        qtbot.mouseClick(staffing.add_button, Qt.MouseButton.LeftButton)
    assert staffing.member_ids() == ["A1", "I2"]
    assert ("Python", 3, 2) in staffing.team.uncovered
    assert staffing.team.members[1].reason == "Added by hand."

    qtbot.mouseClick(staffing.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Team (2)\n- Anna Schmidt (Service): CRM (3), Scrum (4)")
    assert "- Python (level 3 needed; best available 2)" in copied


def test_staffing_limited_to_a_department(qtbot, staffing, opened):
    ids = skill_ids(opened.plan)
    staffing.set_required({ids["Python"]: 2})
    staffing.set_department("Service")
    with qtbot.waitSignal(staffing.team_changed):
        staffing.propose()
    assert staffing.team.members == ()
    assert staffing.team.uncovered == (("Python", 2, 0),)


# -- requirements -----------------------------------------------------------------------

@pytest.fixture
def requirements(qtbot, opened):
    from changeplanner.ui.requirements_panel import RequirementsPanel

    panel = RequirementsPanel(opened)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: not panel.loading and panel.model.rowCount() == 4)
    return panel


def requirement_levels(plan):
    names = {s.id: s.name for s in plans.snapshot(plan).skills}
    return {(r.scope, r.value, names[r.skill_id]): r.level
            for r in plans.snapshot(plan).requirements}


def test_requirements_edit_and_undo(qtmodeltester, qtbot, requirements, opened):
    panel, plan = requirements, opened.plan
    qtmodeltester.check(panel.model)
    assert panel.value == "IT"  # departments sorted by name
    with qtbot.waitSignal(panel.loaded):
        panel.show_profile("department", "Service")
    assert panel.applies_label.text() == "applies to 3 people · 2 skills required"
    rows = {row[0]: row[2:] for row in shown_rows(panel.table)}
    assert rows["Scrum"] == ["3 – works independently", "1 of 3"]
    assert rows["CRM"] == ["2 – applies with support", "3 of 3"]
    assert rows["Python"] == ["—", None]

    # raise CRM to 3 with the table's combo box editor
    crm = next(r for r in range(panel.proxy.rowCount())
               if panel.proxy.index(r, 0).data() == "CRM")
    index = panel.proxy.index(crm, 2)
    panel.table.setCurrentIndex(index)
    panel.table.edit(index)
    editor = panel.table.viewport().findChild(QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())][:2] == [
        "— not required", "1 – basic knowledge"]
    editor.setCurrentIndex(editor.findData(3))
    with qtbot.waitSignal(panel.loaded):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert requirement_levels(plan)[("department", "Service", "CRM")] == 3
    assert {row[0]: row[3] for row in shown_rows(panel.table)}["CRM"] == "2 of 3"
    with qtbot.waitSignal(panel.loaded):
        opened.undo_stack.undo()
    assert requirement_levels(plan)[("department", "Service", "CRM")] == 2
    with qtbot.waitSignal(panel.loaded):
        opened.undo_stack.redo()
    assert requirement_levels(plan)[("department", "Service", "CRM")] == 3

    # a title profile; removing a requirement and undoing it
    ids = skill_ids(plan)
    with qtbot.waitSignal(panel.loaded):
        panel.show_profile("title", "Developer")
    assert panel.applies_label.text().startswith("applies to 2 people")
    with qtbot.waitSignal(panel.loaded):
        panel.set_requirement(ids["Python"], 3)
    assert requirement_levels(plan)[("title", "Developer", "Python")] == 3
    with qtbot.waitSignal(panel.loaded):
        panel.set_requirement(ids["Python"], None)
    assert ("title", "Developer", "Python") not in requirement_levels(plan)
    with qtbot.waitSignal(panel.loaded):
        opened.undo_stack.undo()
    assert requirement_levels(plan)[("title", "Developer", "Python")] == 3
    panel.required_only.setChecked(True)
    assert [row[0] for row in shown_rows(panel.table)] == ["Python"]


def test_a_hidden_panel_computes_only_when_shown(qtbot, opened):
    from changeplanner.ui.skills_risks import RisksPanel

    panel = RisksPanel(opened)
    qtbot.addWidget(panel)
    opened.data_changed.emit("skills")
    assert not panel.loading and panel.model.rowCount() == 0  # hidden: nothing computed
    panel.show()
    qtbot.waitUntil(lambda: not panel.loading and panel.model.rowCount() > 0,
                    timeout=10_000)
