"""Skills catalogue in the store: add/rename/archive/merge with undo, level texts,
requirement profiles, bulk level edits and the rating history written by triggers."""

import pytest

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.services import catalog, plans
from changeplanner.store import repo


@pytest.fixture
def skills_plan(plan):
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=[
            domain.Person(id=str(i), name=f"P{i}", department="IT" if i < 3 else "HR")
            for i in range(1, 5)])
        ids = repo.ensure_skills(session=session, skills=[
            domain.Skill(0, "Scrum", "Agile methods"), domain.Skill(0, "Kanban", "Agile methods"),
            domain.Skill(0, "SCRUM Master", "Agile methods")])
        repo.upsert_ratings(session=session, ratings=[
            domain.Rating("1", ids["Scrum"], 2, target=3),
            domain.Rating("2", ids["Scrum"], 4),
            domain.Rating("1", ids["SCRUM Master"], 3, target=4, wants_to_learn=True),
            domain.Rating("3", ids["SCRUM Master"], 1)])
    plan.ids = ids
    return plan


def ratings_by(plan):
    return {(r.person_id, r.skill_id): r for r in plans.snapshot(plan).ratings}


def test_add_rename_archive(skills_plan):
    plan = skills_plan
    new = catalog.add_skill(plan, " Moderation ", "Collaboration", "Workshops leiten")
    with pytest.raises(UserError, match="already exists"):
        catalog.add_skill(plan, "moderation")
    with pytest.raises(UserError, match="needs a name"):
        catalog.update_skill(plan, new, name="  ")
    assert catalog.update_skill(plan, new, name="Moderation & Facilitation") == {
        "name": "Moderation"}
    assert catalog.set_skill_archived(plan, plan.ids["Kanban"], True) is False
    with plan.reading() as session:
        visible = [s.name for s in repo.list_skills(session=session, include_archived=False)]
        every = {s.name: s for s in repo.list_skills(session=session)}
    assert "Kanban" not in visible and every["Kanban"].archived
    assert "Moderation & Facilitation" in visible
    catalog.delete_skill(plan, new)
    assert "Moderation & Facilitation" not in {s.name for s in plans.snapshot(plan).skills}


def test_merge_keeps_every_rating_and_undo_restores_exactly(skills_plan):
    plan = skills_plan
    scrum, master = plan.ids["Scrum"], plan.ids["SCRUM Master"]
    catalog.set_requirement(plan, "department", "IT", master, 3)
    catalog.set_requirement(plan, "department", "IT", scrum, 2)
    before = plans.snapshot(plan)
    undo = catalog.merge_skills(plan, master, scrum)
    after = ratings_by(plan)
    assert (after[("1", scrum)].level, after[("1", scrum)].target) == (3, 4)
    assert after[("1", scrum)].wants_to_learn is True
    assert after[("2", scrum)].level == 4 and after[("3", scrum)].level == 1
    assert all(sid != master for _pid, sid in after)
    assert [r.level for r in plans.snapshot(plan).requirements] == [3]
    catalog.undo_merge(plan, undo)
    restored = plans.snapshot(plan)
    assert set(restored.ratings) == set(before.ratings)
    assert set(restored.requirements) == set(before.requirements)
    assert set(restored.skills) == set(before.skills)


def test_merge_of_a_skill_with_itself_is_refused(skills_plan):
    with pytest.raises(UserError, match="two different skills"):
        catalog.merge_skills(skills_plan, skills_plan.ids["Scrum"], skills_plan.ids["Scrum"])


def test_bulk_levels_return_what_undo_needs(skills_plan):
    plan = skills_plan
    scrum, kanban = plan.ids["Scrum"], plan.ids["Kanban"]
    cells = [("1", scrum, 3), ("2", scrum, None), ("3", kanban, 2)]
    previous = catalog.set_levels(plan, cells)
    assert previous == [("1", scrum, 2), ("2", scrum, 4), ("3", kanban, None)]
    now = ratings_by(plan)
    assert now[("1", scrum)].level == 3 and now[("1", scrum)].target == 3  # target kept
    assert ("2", scrum) not in now and now[("3", kanban)].level == 2
    catalog.set_levels(plan, previous)
    again = ratings_by(plan)
    assert again[("2", scrum)].level == 4 and ("3", kanban) not in again


def test_set_rating_and_restore(skills_plan):
    plan = skills_plan
    kanban = plan.ids["Kanban"]
    assert catalog.set_rating(plan, "4", kanban, wants_to_learn=True) is None
    assert ratings_by(plan)[("4", kanban)] == domain.Rating("4", kanban, 0, None, True)
    previous = catalog.set_rating(plan, "4", kanban, level=2, target=3)
    catalog.restore_rating(plan, "4", kanban, previous)
    assert ratings_by(plan)[("4", kanban)] == domain.Rating("4", kanban, 0, None, True)
    catalog.restore_rating(plan, "4", kanban, None)
    assert ("4", kanban) not in ratings_by(plan)


def test_every_level_change_is_in_the_history(skills_plan):
    plan = skills_plan
    scrum = plan.ids["Scrum"]
    catalog.set_rating(plan, "1", scrum, level=3)
    catalog.set_rating(plan, "1", scrum, target=4)        # not a level change
    catalog.set_levels(plan, [("1", scrum, 4)])
    catalog.set_rating(plan, "1", scrum, level=None)
    history = catalog.rating_history(plan, person_id="1", skill_id=scrum)
    assert [h.level for h in history] == [2, 3, 4, None]
    assert all(len(h.changed) == 19 for h in history)


def test_level_texts_and_requirements(skills_plan):
    plan = skills_plan
    assert catalog.set_level_text(plan, 4, "Expertin/Experte", "kann schulen") is None
    previous = catalog.set_level_text(plan, 4, "Expert", "teaches")
    assert previous == domain.LevelText(4, "Expertin/Experte", "kann schulen")
    catalog.set_level_text(plan, 2, "Scrum: runs a sprint review", skill_id=plan.ids["Scrum"])
    texts = catalog.level_texts(plan)
    assert domain.LevelText(4, "Expert", "teaches") in texts
    assert any(t.skill_id == plan.ids["Scrum"] for t in texts)
    catalog.set_level_text(plan, 4, "", "")
    assert all(t.level != 4 for t in catalog.level_texts(plan))
    assert catalog.set_requirement(plan, "title", "Agent", plan.ids["Scrum"], 2) is None
    assert catalog.set_requirement(plan, "title", "Agent", plan.ids["Scrum"], 3) == 2
    assert plans.snapshot(plan).requirements == (
        domain.Requirement("title", "Agent", plan.ids["Scrum"], 3),)
    with pytest.raises(ValueError):
        catalog.set_requirement(plan, "team", "x", plan.ids["Scrum"], 1)
