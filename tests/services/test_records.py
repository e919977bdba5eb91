"""The records service: round trips, validation that writes nothing, exact undo values."""

import dataclasses
import hashlib
import shutil

import pytest

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.services import plans, records
from changeplanner.store import repo
from changeplanner.store.db import create_plan, open_plan

D = domain


def digest(plan):
    return hashlib.sha256(plan.path.read_bytes()).hexdigest()


def _build(plan):
    """People, a skill, two goals, a measure, a pilot with one of everything, two ideas."""
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=[
            D.Person("1", "Anna", "Vorstand"), D.Person("2", "Ben", "Service"),
            D.Person("3", "Clara", "Service")])
        skill = repo.add_skill(session=session, name="Kanban")
    ids = {"skill": skill}
    ids["goal"] = records.add(plan, D.Goal(0, "Antwort am selben Tag", "Mail", 1))
    ids["goal2"] = records.add(plan, D.Goal(0, "Freundlich bleiben"))
    ids["measure"] = records.add(plan, D.Measure(0, "Shared inbox", "technical", "Anna",
                                                 "2026-05-01", "in_progress"))
    pid = ids["pilot"] = records.add(plan, D.Pilot(
        0, "Kanban im 2nd Level", "Service", "running", "2nd Level", "Faster answers", 0.3,
        0.2, 0.7, True, "2026-01-05", "2026-06-30", "1", (ids["goal"], ids["goal2"])))
    ids["kpi"] = records.add(plan, D.Kpi(0, pid, "Handling time", "min", 12, 8))
    ids["kpi2"] = records.add(plan, D.Kpi(0, pid, "Satisfaction", "%", 70, 85))
    for record in (D.Measurement(0, ids["kpi"], "2026-02-01", 11),
                   D.Measurement(0, ids["kpi"], "2026-03-01", 9.5),
                   D.Measurement(0, ids["kpi2"], "2026-02-01", 72),
                   D.Milestone(0, pid, "2026-03-01", "First retro", True),
                   D.Win(0, pid, "2026-02-02", "Backlog emptied", "Ben"),
                   D.Deviation(0, pid, "2026-02-10", "WIP limit ignored", "Make it visible"),
                   D.ProvenProcess(0, pid, "Escalation hotline", "until June"),
                   D.GoalStatement(0, "Ben", "Kunden schnell helfen", "2026-01-20")):
        records.add(plan, record)
    records.set_members(plan, pid, [D.PilotMember(pid, "2", "lead"),
                                    D.PilotMember(pid, "3", "")])
    records.set_pilot_skills(plan, pid, [D.PilotSkill(pid, skill, 4)])
    records.set_impact(plan, ids["measure"], ids["goal"], 3)
    records.set_impact(plan, ids["measure"], ids["goal2"], -1)
    ids["idea"] = records.add(plan, D.Idea(
        0, "Rückruf-Button", "Ben", "2", "2026-01-10", ("Telefon", "Kunde"), "employee",
        "in_review", "", "", pid, ids["measure"]))
    ids["idea2"] = records.add(plan, D.Idea(0, "Mehr Chat", "Kundin X", None, "2026-01-11",
                                            source="customer", measure_id=ids["measure"]))
    return ids


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    path = tmp_path_factory.mktemp("records") / "template.changeplan"
    with create_plan(path) as plan:
        ids = _build(plan)
    return path, ids


@pytest.fixture
def filled(_template, tmp_path):
    """A fresh copy of the filled plan (built once per module) and its record ids."""
    template, ids = _template
    path = tmp_path / "filled.changeplan"
    shutil.copyfile(template, path)
    with open_plan(path) as plan:
        yield plan, dict(ids)


def everything(plan):
    """Every issue-5 record the plan holds, for before/after comparisons."""
    return (records.all_pilot_details(plan), records.list_goals(plan),
            records.list_measures(plan), records.list_impacts(plan),
            records.list_statements(plan), records.list_ideas(plan))


def test_kind_of_names_the_page_that_reloads():
    assert {cls: records.kind_of(cls) for cls in (
        D.Pilot, D.Kpi, D.Measurement, D.Milestone, D.Win, D.Deviation, D.ProvenProcess,
        D.PilotMember, D.PilotSkill)} == dict.fromkeys((
            D.Pilot, D.Kpi, D.Measurement, D.Milestone, D.Win, D.Deviation, D.ProvenProcess,
            D.PilotMember, D.PilotSkill), "pilots")
    assert {records.kind_of(c) for c in (D.Goal, D.Measure, D.Impact, D.GoalStatement)} == {
        "goals"}
    assert records.kind_of(D.Idea) == "ideas"


def test_every_record_type_round_trips(filled):
    plan, ids = filled
    detail = records.pilot_detail(plan, ids["pilot"])
    assert detail.pilot == D.Pilot(
        ids["pilot"], "Kanban im 2nd Level", "Service", "running", "2nd Level",
        "Faster answers", 0.3, 0.2, 0.7, True, "2026-01-05", "2026-06-30", "1",
        (ids["goal"], ids["goal2"]))
    assert records.list_pilots(plan) == [detail.pilot]
    assert plans.snapshot(plan).pilots == (detail.pilot,)
    assert [k.name for k in detail.kpis] == ["Handling time", "Satisfaction"]
    assert [(m.kpi_id, m.date, m.value) for m in detail.measurements] == [
        (ids["kpi"], "2026-02-01", 11.0), (ids["kpi2"], "2026-02-01", 72.0),
        (ids["kpi"], "2026-03-01", 9.5)]
    assert detail.milestones[0].done is True and detail.milestones[0].title == "First retro"
    assert (detail.wins[0].what, detail.wins[0].who) == ("Backlog emptied", "Ben")
    assert detail.deviations[0].learned == "Make it visible"
    assert detail.proven_processes[0].note == "until June"
    assert detail.members == (D.PilotMember(ids["pilot"], "2", "lead"),
                              D.PilotMember(ids["pilot"], "3", ""))
    assert detail.skills == (D.PilotSkill(ids["pilot"], ids["skill"], 4),)
    assert records.all_pilot_details(plan) == [detail]
    assert records.list_goals(plan) == [D.Goal(ids["goal"], "Antwort am selben Tag", "Mail", 1),
                                        D.Goal(ids["goal2"], "Freundlich bleiben", "", 2)]
    assert records.list_measures(plan) == [D.Measure(
        ids["measure"], "Shared inbox", "technical", "Anna", "2026-05-01", "in_progress")]
    assert records.list_impacts(plan) == [D.Impact(ids["measure"], ids["goal"], 3),
                                          D.Impact(ids["measure"], ids["goal2"], -1)]
    assert [s.text for s in records.list_statements(plan)] == ["Kunden schnell helfen"]
    idea, voice = records.list_ideas(plan)
    assert idea == D.Idea(ids["idea"], "Rückruf-Button", "Ben", "2", "2026-01-10",
                          ("Telefon", "Kunde"), "employee", "in_review", "", "",
                          ids["pilot"], ids["measure"])
    assert voice.source == "customer" and voice.person_id is None
    assert records.get(plan, D.Idea, ids["idea"]) == idea
    with pytest.raises(KeyError):
        records.get(plan, D.Idea, 999)


def test_text_is_trimmed_and_tags_cleaned(plan):
    new = records.add(plan, D.Idea(0, "  Kaffee  ", tags=(" Küche ", "", "Küche", "Pause")))
    idea = records.get(plan, D.Idea, new)
    assert (idea.text, idea.tags) == ("Kaffee", ("Küche", "Pause"))
    records.update(plan, D.Idea, new, tags="a, b ,,a")
    assert records.get(plan, D.Idea, new).tags == ("a", "b")


def test_add_with_an_id_keeps_it_for_redo_and_refuses_a_taken_one(filled):
    plan, ids = filled
    untouched = digest(plan)
    assert records.add(plan, D.Goal(42, "Kept id")) == 42
    assert digest(plan) != untouched  # (so an unchanged digest means nothing was written)
    assert records.get(plan, D.Goal, 42).title == "Kept id"
    before = digest(plan)
    with pytest.raises(UserError, match="conflicts with other data"):
        records.add(plan, D.Goal(42, "Twice"))
    assert digest(plan) == before


def test_update_returns_old_values_and_they_undo_it(filled):
    plan, ids = filled
    cases = [
        (D.Pilot, ids["pilot"], {"name": "Kanban 2", "agreement": 0.9, "certainty": 0.1,
                                 "department": "Neu", "goal_ids": (ids["goal2"],),
                                 "sponsor_id": None, "agile": False, "status": "stopped"}),
        (D.Kpi, ids["kpi"], {"baseline": 10, "target": 5, "unit": "s"}),
        (D.Goal, ids["goal"], {"priority": 3, "description": "neu"}),
        (D.Measure, ids["measure"], {"kind": "people", "status": "done", "due": ""}),
        (D.Idea, ids["idea"], {"pilot_id": None, "tags": ("x",), "text": "Anders"}),
    ]
    for cls, record_id, fields in cases:
        start = everything(plan)
        old = records.update(plan, cls, record_id, **fields)
        assert set(old) == set(fields), cls
        changed = records.get(plan, cls, record_id)
        for name, value in fields.items():
            assert getattr(changed, name) == value, name
        assert everything(plan) != start
        assert records.update(plan, cls, record_id, **old) == {
            k: getattr(changed, k) for k in fields}
        assert everything(plan) == start, cls


def test_idea_decision_date_follows_the_status(plan, monkeypatch):
    monkeypatch.setattr(records, "_today", lambda: "2026-04-01")
    new = records.add(plan, D.Idea(0, "Self-service portal"))
    assert records.update(plan, D.Idea, new, status="adopted") == {"status": "new",
                                                                  "decided": ""}
    assert records.get(plan, D.Idea, new).decided == "2026-04-01"
    # Another decided status keeps the date of the first decision.
    monkeypatch.setattr(records, "_today", lambda: "2026-05-01")
    assert records.update(plan, D.Idea, new, status="implemented") == {"status": "adopted"}
    assert records.get(plan, D.Idea, new).decided == "2026-04-01"
    # A date given wins.
    records.update(plan, D.Idea, new, status="rejected", decided="2026-03-03")
    assert records.get(plan, D.Idea, new).decided == "2026-03-03"
    # Back to undecided clears it; undo of that brings the date back.
    old = records.update(plan, D.Idea, new, status="in_review")
    assert old == {"status": "rejected", "decided": "2026-03-03"}
    assert records.get(plan, D.Idea, new).decided == ""
    records.update(plan, D.Idea, new, **old)
    assert records.get(plan, D.Idea, new).decided == "2026-03-03"
    # Added straight as decided: today unless given; undecided never keeps a date.
    assert records.get(plan, D.Idea, records.add(
        plan, D.Idea(0, "a", status="adopted"))).decided == "2026-05-01"
    assert records.get(plan, D.Idea, records.add(
        plan, D.Idea(0, "b", status="rejected", decided="2026-01-02"))).decided == "2026-01-02"
    assert records.get(plan, D.Idea, records.add(
        plan, D.Idea(0, "c", status="new", decided="2026-01-02"))).decided == ""


BAD_RECORDS = [
    (lambda i: D.Pilot(0, "  "), "pilot needs a name"),
    (lambda i: D.Pilot(0, "P", status="paused"), "Unknown pilot status “paused”"),
    (lambda i: D.Pilot(0, "P", agreement=1.2), "Distance from agreement must be a number "
                                               "from 0 to 1"),
    (lambda i: D.Pilot(0, "P", certainty=-0.1), "Distance from certainty"),
    (lambda i: D.Pilot(0, "P", customer_a_share="viel"), "Share of type-A customers must be "
                                                         "a number"),
    (lambda i: D.Pilot(0, "P", start="2026-02-30"), "Start date: “2026-02-30” is not a valid date"),
    (lambda i: D.Pilot(0, "P", end="1.3.2026"), "End date: “1.3.2026” is not a valid date"),
    (lambda i: D.Pilot(0, "P", start="2026-03-01", end="2026-02-01"), "end date lies before"),
    (lambda i: D.Pilot(0, "P", sponsor_id="99"), "person is no longer"),
    (lambda i: D.Pilot(0, "P", goal_ids=(999,)), "goal is no longer"),
    (lambda i: D.Kpi(0, i["pilot"], ""), "KPI needs a name"),
    (lambda i: D.Kpi(0, 999, "K"), "pilot is no longer"),
    (lambda i: D.Kpi(0, i["pilot"], "K", baseline=float("nan")), "Baseline must be a number"),
    (lambda i: D.Measurement(0, i["kpi"], "", 3), "measurement needs a date"),
    (lambda i: D.Measurement(0, 999, "2026-01-01", 3), "KPI is no longer"),
    (lambda i: D.Measurement(0, i["kpi"], "2026-01-01", "n/a"), "Value must be a number"),
    (lambda i: D.Milestone(0, i["pilot"], "2026-01-01", ""), "milestone needs a title"),
    (lambda i: D.Win(0, i["pilot"], "", " "), "Describe the win"),
    (lambda i: D.Deviation(0, i["pilot"], "", ""), "Describe the deviation"),
    (lambda i: D.ProvenProcess(0, i["pilot"], ""), "proven process needs a name"),
    (lambda i: D.Goal(0, ""), "goal needs a title"),
    (lambda i: D.Goal(0, "G", priority=4), "priority must be 1"),
    (lambda i: D.Measure(0, ""), "measure needs a title"),
    (lambda i: D.Measure(0, "M", kind="magic"), "Unknown kind of measure “magic”"),
    (lambda i: D.Measure(0, "M", status="open"), "Unknown measure status"),
    (lambda i: D.Measure(0, "M", due="tomorrow"), "Due date: “tomorrow”"),
    (lambda i: D.GoalStatement(0, "Ben", ""), "statement is empty"),
    (lambda i: D.Idea(0, ""), "idea is empty"),
    (lambda i: D.Idea(0, "x", status="done"), "Unknown idea status"),
    (lambda i: D.Idea(0, "x", source="partner"), "Unknown source “partner”"),
    (lambda i: D.Idea(0, "x", person_id="99"), "person is no longer"),
    (lambda i: D.Idea(0, "x", pilot_id=999), "pilot is no longer"),
    (lambda i: D.Idea(0, "x", measure_id=999), "measure is no longer"),
    (lambda i: D.Idea(0, "x", status="adopted", decided="soon"), "Decision date"),
]


@pytest.mark.parametrize(("make", "message"), BAD_RECORDS)
def test_bad_records_are_refused_and_nothing_is_written(filled, make, message):
    plan, ids = filled
    before = digest(plan)
    with pytest.raises(UserError, match=message):
        records.add(plan, make(ids))
    assert digest(plan) == before


@pytest.mark.parametrize(("cls", "key", "fields", "message"), [
    (D.Pilot, "pilot", {"name": ""}, "pilot needs a name"),
    (D.Pilot, "pilot", {"end": "2025-12-31"}, "end date lies before"),
    (D.Pilot, "pilot", {"goal_ids": (999,)}, "goal is no longer"),
    (D.Pilot, "pilot", {"owner": "x"}, "cannot be edited: owner"),
    (D.Pilot, "pilot", {"id": 5}, "cannot be edited: id"),
    (D.Kpi, "kpi", {"pilot_id": 999}, "pilot is no longer"),
    (D.Idea, "idea", {"status": "maybe"}, "Unknown idea status"),
    (D.Goal, "goal", {"priority": "high"}, "priority must be"),
    (D.Goal, "missing", {"title": "x"}, "no longer in the plan"),
])
def test_bad_updates_are_refused_and_nothing_is_written(filled, cls, key, fields, message):
    plan, ids = filled
    before = digest(plan)
    with pytest.raises(UserError, match=message):
        records.update(plan, cls, ids.get(key, 999), **fields)
    assert digest(plan) == before


def test_numbers_given_as_text_are_accepted(filled):
    plan, ids = filled
    records.update(plan, D.Pilot, ids["pilot"], agreement="0,25", certainty=" 1 ")
    pilot = records.get(plan, D.Pilot, ids["pilot"])
    assert (pilot.agreement, pilot.certainty) == (0.25, 1.0)


@pytest.mark.parametrize("cls_key", [
    (D.Pilot, "pilot"), (D.Kpi, "kpi"), (D.Goal, "goal"), (D.Measure, "measure"),
    (D.Idea, "idea"), (D.Goal, "goal2")])
def test_delete_and_restore_is_exact(filled, cls_key):
    plan, ids = filled
    cls, key = cls_key
    start = everything(plan)
    removed = records.delete(plan, cls, ids[key])
    assert everything(plan) != start
    with pytest.raises((KeyError, UserError)):
        records.get(plan, cls, ids[key])
    records.restore(plan, removed)
    assert everything(plan) == start


def test_delete_removes_dependents_and_unlinks_ideas(filled):
    plan, ids = filled
    records.delete(plan, D.Pilot, ids["pilot"])
    assert records.all_pilot_details(plan) == []
    with pytest.raises(KeyError):
        records.pilot_detail(plan, ids["pilot"])
    idea = records.get(plan, D.Idea, ids["idea"])
    assert idea.pilot_id is None and idea.measure_id == ids["measure"]
    records.delete(plan, D.Measure, ids["measure"])
    assert records.list_impacts(plan) == []
    assert all(i.measure_id is None for i in records.list_ideas(plan))
    with pytest.raises(UserError, match="no longer in the plan"):
        records.delete(plan, D.Measure, ids["measure"])


def test_deleting_a_goal_and_restoring_it_brings_back_pilot_links(filled):
    plan, ids = filled
    removed = records.delete(plan, D.Goal, ids["goal"])
    assert records.pilot_detail(plan, ids["pilot"]).pilot.goal_ids == (ids["goal2"],)
    assert records.list_impacts(plan) == [D.Impact(ids["measure"], ids["goal2"], -1)]
    records.restore(plan, removed)
    assert records.pilot_detail(plan, ids["pilot"]).pilot.goal_ids == (ids["goal"],
                                                                       ids["goal2"])


def test_delete_kpi_takes_its_measurements_and_restore_brings_them(filled):
    plan, ids = filled
    before = records.pilot_detail(plan, ids["pilot"])
    removed = records.delete(plan, D.Kpi, ids["kpi"])
    after = records.pilot_detail(plan, ids["pilot"])
    assert [m.kpi_id for m in after.measurements] == [ids["kpi2"]]
    records.restore(plan, removed)
    assert records.pilot_detail(plan, ids["pilot"]) == before


def test_add_then_delete_then_add_again_is_undo_redo(filled):
    plan, ids = filled
    start = everything(plan)
    win = D.Win(0, ids["pilot"], "2026-04-01", "Kudos from a customer")
    new = records.add(plan, win)
    records.delete(plan, D.Win, new)
    assert everything(plan) == start
    assert records.add(plan, dataclasses.replace(win, id=new)) == new
    assert records.pilot_detail(plan, ids["pilot"]).wins[-1].id == new


def test_set_impact_returns_the_old_score(filled):
    plan, ids = filled
    m, g = ids["measure"], ids["goal"]
    assert records.set_impact(plan, m, g, -2) == 3
    assert records.set_impact(plan, m, g, 0) == -2
    assert D.Impact(m, g, 0) not in records.list_impacts(plan)
    assert records.set_impact(plan, m, g, 0) == 0
    before = digest(plan)
    for score, message in ((4, "from -2 to 3"), (-3, "from -2 to 3"), (1.5, "whole number"),
                           ("x", "whole number")):
        with pytest.raises(UserError, match=message):
            records.set_impact(plan, m, g, score)
    with pytest.raises(UserError, match="measure is no longer"):
        records.set_impact(plan, 999, g, 1)
    with pytest.raises(UserError, match="goal is no longer"):
        records.set_impact(plan, m, 999, 1)
    assert digest(plan) == before


def test_set_members_and_skills_return_the_old_lists(filled):
    plan, ids = filled
    pid = ids["pilot"]
    old_team = records.pilot_detail(plan, pid).members
    team = [D.PilotMember(0, "1", " sponsor "), D.PilotMember(pid, "3", "dev")]
    assert records.set_members(plan, pid, team) == old_team
    assert records.pilot_detail(plan, pid).members == (D.PilotMember(pid, "1", "sponsor"),
                                                       D.PilotMember(pid, "3", "dev"))
    assert records.set_members(plan, pid, old_team) == (D.PilotMember(pid, "1", "sponsor"),
                                                        D.PilotMember(pid, "3", "dev"))
    assert records.pilot_detail(plan, pid).members == old_team
    old_skills = records.set_pilot_skills(plan, pid, [])
    assert old_skills == (D.PilotSkill(pid, ids["skill"], 4),)
    assert records.set_pilot_skills(plan, pid, old_skills) == ()
    before = digest(plan)
    with pytest.raises(UserError, match="person is no longer"):
        records.set_members(plan, pid, [D.PilotMember(pid, "1"), D.PilotMember(pid, "99")])
    with pytest.raises(UserError, match="pilot is no longer"):
        records.set_members(plan, 999, [])
    with pytest.raises(UserError, match="skill is no longer"):
        records.set_pilot_skills(plan, pid, [D.PilotSkill(pid, 999)])
    with pytest.raises(UserError, match="level must be a whole number from 0 to 4"):
        records.set_pilot_skills(plan, pid, [D.PilotSkill(pid, ids["skill"], 5)])
    assert digest(plan) == before


def test_restore_after_the_pilot_came_back_otherwise_is_refused_cleanly(filled):
    plan, ids = filled
    removed = records.delete(plan, D.Win, records.pilot_detail(plan, ids["pilot"]).wins[0].id)
    records.delete(plan, D.Pilot, ids["pilot"])
    before = digest(plan)
    with pytest.raises(UserError, match="conflicts with other data"):
        records.restore(plan, removed)
    assert digest(plan) == before
