"""Skills analysis checked against answers computed by hand from tests/analysis/skills_fixture.

Effective targets (own target > max(department, title) requirement; Fax archived)::

    Anna  S1 Service/Agent      Complaints 3, Excel 2, Scrum 1
    Ben   S2 Service/Agent      Complaints 3, Excel 2, Scrum 1
    Cara  S3 Service/Team Lead  Complaints 3, Excel 2, Coaching 3
    Dan   S4 Service/Agent      Complaints 3, Excel 4 (own target), Scrum 1
    Eva   V1 Sales/Agent        Excel 3, Complaints 2, Scrum 1
    Finn  V2 Sales/AM           Excel 3
    Gina  V3 Sales/AM           - (own target 0 removes Excel 3)
    Hugo  V4 Sales/-            Excel 3
"""

from dataclasses import replace

import pytest

from changeplanner import i18n
from changeplanner.analysis.skills import (
    Gap,
    GapCell,
    Ratio,
    SkillRisk,
    compliance,
    department_gap_matrix,
    effective_targets,
    gaps,
    skill_risks,
    staff_team,
    teachers_for,
)
from changeplanner.domain import Rating, Requirement
from tests.analysis.skills_fixture import (
    COACHING,
    COMPLAINTS,
    EXCEL,
    FAX,
    KANBAN,
    PEOPLE,
    RATINGS,
    REQUIREMENTS,
    SCRUM,
    SKILLS,
    snapshot,
)


@pytest.fixture
def snap():
    return snapshot()


# -- targets ------------------------------------------------------------------------------

def test_effective_targets_by_hand():
    targets = effective_targets(PEOPLE, RATINGS, REQUIREMENTS, SKILLS)
    assert targets == {
        ("S1", COMPLAINTS): 3, ("S1", EXCEL): 2, ("S1", SCRUM): 1,
        ("S2", COMPLAINTS): 3, ("S2", EXCEL): 2, ("S2", SCRUM): 1,
        ("S3", COMPLAINTS): 3, ("S3", EXCEL): 2, ("S3", COACHING): 3,
        ("S4", COMPLAINTS): 3, ("S4", EXCEL): 4, ("S4", SCRUM): 1,
        ("V1", EXCEL): 3, ("V1", COMPLAINTS): 2, ("V1", SCRUM): 1,
        ("V2", EXCEL): 3,
        ("V4", EXCEL): 3,
    }


def test_targets_without_catalogue_keep_archived_skills():
    targets = effective_targets(PEOPLE, RATINGS, REQUIREMENTS)
    # Sales requires Fax 2 and nobody overrides it: Gina's own 0 is for Excel only.
    assert {pid for (pid, skill), _t in targets.items() if skill == FAX} == {
        "V1", "V2", "V3", "V4"}
    assert ("V3", EXCEL) not in targets


def test_personal_target_can_lower_a_requirement():
    ratings = RATINGS + (Rating("S1", COMPLAINTS + 100, 0),)  # unknown skill: ignored
    ratings = tuple(replace(r, target=1) if (r.person_id, r.skill_id) == ("S1", COMPLAINTS)
                    else r for r in ratings)
    targets = effective_targets(PEOPLE, ratings, REQUIREMENTS, SKILLS)
    assert targets[("S1", COMPLAINTS)] == 1


# -- gaps, compliance, heatmap ------------------------------------------------------------

def test_gaps_by_hand(snap):
    # Sorted by department (Sales before Service), then name, then skill name.
    assert [(g.person_id, g.skill, g.level, g.target, g.shortfall) for g in gaps(snap)] == [
        ("V1", "Complaints", 1, 2, 1),
        ("S2", "Complaints", 2, 3, 1),
        ("S2", "Scrum", 0, 1, 1),   # not rated: level 0
        ("S3", "Excel", 1, 2, 1),
        ("S4", "Excel", 2, 4, 2),   # own target 4 beats the department's 2
    ]


def test_gap_json_shape(snap):
    first = gaps(snap)[0]
    assert isinstance(first, Gap)
    assert first.to_json() == {"id": "V1", "name": "Eva", "department": "Sales",
                               "skill": "Complaints", "level": 1, "target": 2,
                               "shortfall": 1}


def test_compliance_by_hand(snap):
    result = compliance(snap)
    assert result.by_person == {
        "S1": Ratio(3, 3), "S2": Ratio(1, 3), "S3": Ratio(2, 3), "S4": Ratio(2, 3),
        "V1": Ratio(2, 3), "V2": Ratio(1, 1), "V4": Ratio(1, 1)}
    assert "V3" not in result.by_person  # Gina has no target at all
    assert result.by_department == {"Service": Ratio(8, 12), "Sales": Ratio(4, 5)}
    assert result.overall == Ratio(12, 17)
    assert result.overall.share == pytest.approx(12 / 17)
    assert Ratio(0, 0).share is None


def test_partial_levels_do_not_count(snap):
    # Dan at 3 of 4 in Excel is still not compliant there.
    ratings = tuple(replace(r, level=3) if (r.person_id, r.skill_id) == ("S4", EXCEL) else r
                    for r in snap.ratings)
    result = compliance(replace(snap, ratings=ratings))
    assert result.by_person["S4"] == Ratio(2, 3)


def test_department_gap_matrix_by_hand(snap):
    assert department_gap_matrix(snap) == {
        ("Service", COMPLAINTS): GapCell(4, 1, 0.25),      # Ben 2 < 3
        ("Service", EXCEL): GapCell(4, 2, 0.75),           # Cara 1 < 2, Dan 2 < 4
        ("Service", SCRUM): GapCell(3, 1, pytest.approx(1 / 3)),  # Ben unrated
        ("Service", COACHING): GapCell(1, 0, 0.0),         # Cara
        ("Sales", EXCEL): GapCell(3, 0, 0.0),              # Eva, Finn, Hugo (not Gina)
        ("Sales", COMPLAINTS): GapCell(1, 1, 1.0),         # Eva 1 < 2
        ("Sales", SCRUM): GapCell(1, 0, 0.0),              # Eva
    }


# -- risks --------------------------------------------------------------------------------

def test_skill_risks_by_hand(snap):
    spof = "single_point_of_failure"
    assert skill_risks(snap) == [
        # Coaching: plan has Cara, Dan, Hugo; Service has Cara and Dan; Sales only Hugo.
        SkillRisk(COACHING, "Coaching", "Sales", 1, 2, spof),
        # Complaints: Sales needs it (Eva's target) but holds it only at 1-2.
        SkillRisk(COMPLAINTS, "Complaints", "Sales", 0, 2, spof),
        # Excel: Service has one expert (Ben); Sales three.
        SkillRisk(EXCEL, "Excel", "Service", 1, 4, spof),
        # Kanban: only Dan's explicit level 0: nobody has it.
        SkillRisk(KANBAN, "Kanban", None, 0, 0, "nobody"),
        # Scrum: Gina alone in the plan; Sales has her; Service needs it and has none.
        SkillRisk(SCRUM, "Scrum", None, 1, 4, spof),
        SkillRisk(SCRUM, "Scrum", "Sales", 1, 2, spof),
        SkillRisk(SCRUM, "Scrum", "Service", 0, 2, spof),
        # Fax is archived: never reported although only Gina has it.
    ]


def test_risk_json_and_words(snap):
    risks = skill_risks(snap)
    assert risks[3].to_json() == {"skill": "Kanban", "department": None, "experts": 0,
                                  "holders": 0, "kind": "nobody"}
    assert risks[2].describe() == "Only 1 person in Service works independently in it."
    assert risks[3].describe() == "Nobody in the plan has this skill."


def test_department_without_any_holder_is_nobody(snap):
    requirements = snap.requirements + (Requirement("title", "Account Manager", KANBAN, 1),)
    risks = skill_risks(replace(snap, requirements=requirements))
    assert SkillRisk(KANBAN, "Kanban", "Sales", 0, 0, "nobody") in risks


def test_risk_thresholds_are_parameters(snap):
    # With a single expert enough, only skills without any expert remain.
    risks = skill_risks(snap, min_experts=1)
    assert [(r.skill, r.department) for r in risks] == [
        ("Complaints", "Sales"), ("Kanban", None), ("Scrum", "Service")]


# -- teachers -----------------------------------------------------------------------------

def test_teachers_ranked_tied_and_same_department_first(snap):
    teachers = teachers_for(snap, "S2", COACHING)
    # Cara: same department and tied (trust); Hugo: tied only (advice, weight 2);
    # Dan: same department only.
    assert [(t.person_id, t.same_department, t.tied, t.tie_weight) for t in teachers] == [
        ("S3", True, True, 1.0), ("V4", False, True, 2.0), ("S4", True, False, 0.0)]
    assert teachers[0].reason == ("Same department, and directly connected in the network "
                                  "(trust).")
    assert [t.person_id for t in teachers_for(snap, "S2", COACHING, limit=2)] == ["S3", "V4"]


def test_teachers_fewer_loads_first(snap):
    # Anna and Dan (level 4) both in Ben's department, neither tied to him. Eva also lacks
    # Complaints and is tied to Anna, so Anna's load is 1 and Dan comes first.
    teachers = teachers_for(snap, "S2", COMPLAINTS)
    assert [(t.person_id, t.load) for t in teachers] == [("S4", 0), ("S1", 1)]


def test_teachers_across_departments_through_ties(snap):
    teachers = teachers_for(snap, "V1", COMPLAINTS)
    assert [(t.person_id, t.level, t.tied, t.same_department) for t in teachers] == [
        ("S1", 4, True, False)]
    assert teachers[0].reason == ("Directly connected in the network (information). "
                                  "1 other colleague with the same gap could ask them too.")
    assert teachers_for(snap, "S3", EXCEL) == []  # experts Finn, Hugo: other dept, no tie


def test_teachers_unknown_person(snap):
    with pytest.raises(KeyError):
        teachers_for(snap, "nobody", EXCEL)


def test_teacher_reason_is_translated(snap):
    i18n.set_language("de")
    reason = teachers_for(snap, "V1", COMPLAINTS)[0].reason
    assert "Netzwerk" in reason and "Information" in reason


# -- staffing -----------------------------------------------------------------------------

def test_staffing_smallest_team(snap):
    result = staff_team(snap, {COMPLAINTS: 3, SCRUM: 3, COACHING: 4, EXCEL: 4})
    # Round 1: Cara, Dan, Hugo cover two each; Dan and Hugo have more availability than
    # Cara, and Hugo does not keep daily business running. Round 2: Anna and Gina cover one
    # each at the same availability: the smaller id. Round 3: Gina (the only Scrum 3).
    assert [(m.person_id, m.covers) for m in result.members] == [
        ("V4", [(COACHING, 4), (EXCEL, 4)]), ("S1", [(COMPLAINTS, 4)]), ("V3", [(SCRUM, 3)])]
    assert result.uncovered == [] and result.complete
    assert result.members[0].reason == ("Covers 2 requirements: Coaching (level 4), "
                                        "Excel (level 4). Available 100 %.")


def test_staffing_prefers_availability_then_no_daily_business(snap):
    result = staff_team(snap, {COMPLAINTS: 3, SCRUM: 3, COACHING: 4, EXCEL: 4},
                        exclude=["V4"])
    # Dan (100 %, daily business) beats Cara (80 %); Gina (100 %) before Finn (50 %).
    assert [m.person_id for m in result.members] == ["S4", "V3", "V2"]
    assert "daily business" in result.members[0].reason


def test_staffing_reports_what_stays_uncovered(snap):
    result = staff_team(snap, {SCRUM: 4, KANBAN: 2, EXCEL: 3})
    # Excel 3: Ben, Eva, Finn, Hugo; Ben has the smallest id among the 100 % ones.
    assert [(m.person_id, m.covers) for m in result.members] == [("S2", [(EXCEL, 3)])]
    # Kanban: best level 0 (Dan's rating); Scrum: best 3 (Gina).
    assert result.uncovered == [(KANBAN, 2, 0), (SCRUM, 4, 3)]
    assert not result.complete


def test_staffing_max_size_and_candidates(snap):
    result = staff_team(snap, {COMPLAINTS: 3, SCRUM: 3, COACHING: 4, EXCEL: 4}, max_size=1)
    assert [m.person_id for m in result.members] == ["V4"]
    assert result.uncovered == [(COMPLAINTS, 3, 4), (SCRUM, 3, 3)]
    only_service = staff_team(snap, {COMPLAINTS: 3, EXCEL: 3},
                              candidates=["S1", "S2", "S3", "S4"])
    # Nobody covers both: Anna (Complaints, 100 %, smaller id than Dan), then Ben (Excel).
    assert [m.person_id for m in only_service.members] == ["S1", "S2"]


def test_staffing_prefers_learners_for_level_two_slots(snap):
    # Complaints >= 2: Anna (4), Ben (2), Cara (3), Dan (4), Hugo (2, wants to learn).
    # Anna, Ben and Hugo tie on availability and daily business; Hugo wants to learn.
    result = staff_team(snap, {COMPLAINTS: 2})
    assert [(m.person_id, m.covers) for m in result.members] == [("V4", [(COMPLAINTS, 2)])]
    assert "learning opportunity" in result.members[0].reason
    # A level-3 slot is no learning slot: Anna, the smallest id, again.
    assert [m.person_id for m in staff_team(snap, {COMPLAINTS: 3}).members] == ["S1"]


def test_staffing_ignores_unavailable_people(snap):
    people = tuple(replace(p, availability=0) if p.id == "V3" else p for p in snap.people)
    result = staff_team(replace(snap, people=people), {SCRUM: 3})
    # Gina (the only Scrum 3) is not available; Dan and Eva are at 2.
    assert result.members == [] and result.uncovered == [(SCRUM, 3, 2)]


def test_staffing_is_deterministic(snap):
    required = {COMPLAINTS: 2, EXCEL: 2, SCRUM: 2, COACHING: 2}
    first = staff_team(snap, required)
    reordered = replace(snap, people=tuple(reversed(snap.people)),
                        ratings=tuple(reversed(snap.ratings)))
    assert staff_team(reordered, dict(reversed(list(required.items())))) == first


def test_requirement_switched_off_by_everyone_does_not_flag_a_department(snap):
    requirements = snap.requirements + (Requirement("title", "Account Manager", KANBAN, 1),)
    ratings = snap.ratings + (Rating("V2", KANBAN, 0, target=0), Rating("V3", KANBAN, 0,
                                                                         target=0))
    risks = skill_risks(replace(snap, requirements=requirements, ratings=ratings))
    assert [(r.skill, r.department) for r in risks if r.skill == "Kanban"] == [
        ("Kanban", None)]
    # With only Finn switching it off, Gina still needs Kanban in Sales.
    ratings = snap.ratings + (Rating("V2", KANBAN, 0, target=0),)
    risks = skill_risks(replace(snap, requirements=requirements, ratings=ratings))
    assert [(r.skill, r.department) for r in risks if r.skill == "Kanban"] == [
        ("Kanban", None), ("Kanban", "Sales")]


def test_risk_words_when_nobody_is_an_expert_but_some_know_the_basics():
    risk = SkillRisk(skill_id=1, skill="CRM", department="IT", experts=0, holders=2,
                     kind="single_point_of_failure")
    assert risk.describe() == ("Nobody in IT works independently in it; 2 people know the "
                               "basics.")
    one = SkillRisk(skill_id=1, skill="CRM", department="IT", experts=1, holders=3,
                    kind="single_point_of_failure")
    assert one.describe() == "Only 1 person in IT works independently in it."
