"""Writing the demo organisation to a plan file; fresh demo copies never overwrite."""

from datetime import UTC, datetime

import pytest

from changeplanner import demo, paths
from changeplanner.errors import Cancelled, PlanFileError, UserError
from changeplanner.progress import Progress
from changeplanner.services.demo import create_demo, demo_copy_path
from changeplanner.services.plans import open_plan, snapshot


def read(path):
    with open_plan(path) as plan:
        return snapshot(plan)


def test_writes_the_whole_organisation(tmp_path):
    path = create_demo(tmp_path / "demo.changeplan", people=150, seed=4)
    assert path == tmp_path / "demo.changeplan"
    data = demo.generate(150, seed=4)
    snap = read(path)
    assert snap.name == data.name
    assert snap.transforming_department == "Kundenservice 1st Level"
    assert snap.people == tuple(sorted(data.people, key=lambda p: p.id))
    assert sorted(snap.ties, key=repr) == sorted(data.ties, key=repr)
    assert {d.name for d in snap.departments} == set(data.departments)
    assert [(s.name, s.category, s.description) for s in sorted(snap.skills, key=lambda s: s.id)
            ] == [(s.name, s.category, s.description) for s in data.skills]
    assert [(p.name, p.department, p.status) for p in snap.pilots] == [
        (p.name, p.department, p.status) for p in data.pilots]
    assert snap.boards == ()


def test_ratings_refer_to_the_right_skills(tmp_path):
    path = create_demo(tmp_path / "demo.changeplan")
    data = demo.generate()
    snap = read(path)
    names = {s.id: s.name for s in snap.skills}
    demo_names = {s.id: s.name for s in data.skills}
    written = {(r.person_id, names[r.skill_id], r.level, r.target, r.wants_to_learn)
               for r in snap.ratings}
    expected = {(r.person_id, demo_names[r.skill_id], r.level, r.target, r.wants_to_learn)
                for r in data.ratings}
    assert written == expected and len(snap.ratings) == len(data.ratings)


def test_same_seed_same_plan(tmp_path):
    a = read(create_demo(tmp_path / "a.changeplan", people=200, seed=9))
    b = read(create_demo(tmp_path / "b.changeplan", people=200, seed=9))
    c = read(create_demo(tmp_path / "c.changeplan", people=200, seed=10))
    assert a == b
    assert a.people != c.people


def test_never_overwrites_without_asking(tmp_path):
    path = tmp_path / "mine.changeplan"
    path.write_bytes(b"my precious work")
    with pytest.raises(PlanFileError) as raised:
        create_demo(path)
    assert "already exists" in str(raised.value)
    assert path.read_bytes() == b"my precious work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.changeplan"]


def test_overwrite_replaces(tmp_path):
    path = tmp_path / "demo.changeplan"
    create_demo(path, people=40, seed=1)
    create_demo(path, people=60, seed=2, overwrite=True)
    assert len(read(path).people) == 60


def test_out_of_range_is_a_user_error(tmp_path):
    with pytest.raises(UserError) as raised:
        create_demo(tmp_path / "x.changeplan", people=3)
    assert "between 20 and 100000" in str(raised.value)
    assert not (tmp_path / "x.changeplan").exists()


def test_cancel_leaves_nothing_behind(tmp_path):
    class CancelWhileWriting(Progress):
        def on_update(self, fraction, message):
            if fraction > 0.5:
                self.cancel()

    with pytest.raises(Cancelled):
        create_demo(tmp_path / "demo.changeplan", people=3000,
                    progress=CancelWhileWriting())
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_the_end(tmp_path):
    seen = []

    class Recorder(Progress):
        def on_update(self, fraction, message):
            seen.append(fraction)

    create_demo(tmp_path / "demo.changeplan", progress=Recorder())
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_demo_copy_path_is_fresh(tmp_path):
    now = datetime(2026, 11, 23, 17, 40)
    first = demo_copy_path(tmp_path, now=now)
    assert first == tmp_path / "Demo 2026-11-23 17-40.changeplan"
    assert not first.exists()
    first.write_bytes(b"taken")
    second = demo_copy_path(tmp_path, now=now)
    assert second.name == "Demo 2026-11-23 17-40 (2).changeplan"
    second.write_bytes(b"taken")
    assert demo_copy_path(tmp_path, now=now).name == "Demo 2026-11-23 17-40 (3).changeplan"


def test_demo_copy_path_defaults_to_the_user_data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(paths, "user_data_dir", lambda: folder)
    path = demo_copy_path()
    assert path.parent == folder
    assert path.name.startswith("Demo ") and path.suffix == ".changeplan"
    created = create_demo(path)
    assert created.exists() and demo_copy_path() != created


def test_requirement_profiles_and_earlier_levels(tmp_path):
    from changeplanner.services import catalog

    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    path = create_demo(tmp_path / "d.changeplan")
    plan = open_plan(path)
    try:
        snap = snapshot(plan)
        skills = {s.id: s.name for s in snap.skills}
        first_level = {(skills[r.skill_id], r.level) for r in snap.requirements
                       if r.scope == "department" and r.value == "Kundenservice 1st Level"}
        assert ("Telefonische Beratung", 3) in first_level
        lead_titles = {p.title for p in snap.people if p.team_lead}
        assert {r.value for r in snap.requirements if r.scope == "title"} <= lead_titles
        history = catalog.rating_history(plan)
        earlier = [h for h in history if h.changed < started]  # backdated, not the triggers'
        assert all(h.changed.startswith(f"{demo.HISTORY_YEAR}-") for h in earlier)
        assert len(earlier) > len(snap.ratings) // 4
        current = {(r.person_id, r.skill_id): r.level for r in snap.ratings}
        assert all(h.level < current[(h.person_id, h.skill_id)] for h in earlier)
    finally:
        plan.close()


def test_pilots_goals_and_ideas_are_written(tmp_path):
    from changeplanner.services import records

    path = create_demo(tmp_path / "d.changeplan", people=60, seed=2)
    data = demo.generate(60, seed=2)
    plan = open_plan(path)
    try:
        details = records.all_pilot_details(plan)
        skills = {s.id: s.name for s in snapshot(plan).skills}
        goals, measures = records.list_goals(plan), records.list_measures(plan)
        impacts, ideas = records.list_impacts(plan), records.list_ideas(plan)
        statements = records.list_statements(plan)
    finally:
        plan.close()
    # A fresh plan numbers every kind of record 1..n in the demo's order.
    assert [d.pilot for d in details] == list(data.pilots)
    demo_skills = {s.id: s.name for s in data.skills}
    for written, expected in zip(details, data.pilot_details, strict=True):
        assert written.members == expected.members
        assert [(skills[s.skill_id], s.level) for s in written.skills] == [
            (demo_skills[s.skill_id], s.level) for s in expected.skills]
        for name in ("kpis", "measurements", "milestones", "wins", "deviations",
                     "proven_processes"):
            assert sorted(getattr(written, name), key=lambda r: r.id) == sorted(
                getattr(expected, name), key=lambda r: r.id), name
    assert (goals, measures, statements, ideas) == (
        list(data.goals), list(data.measures), list(data.statements), list(data.ideas))
    assert sorted(impacts, key=repr) == sorted(data.impacts, key=repr)
