"""Pilots, goals, measures and ideas in the store: tables, cascades, CHECKs, migration 0004."""

import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from changeplanner import domain
from changeplanner.store import db, repo
from changeplanner.store.tables import SQLModel

PEOPLE = [domain.Person(id="1", name="Anna", department="IT"),
          domain.Person(id="2", name="Ben", department="Service"),
          domain.Person(id="3", name="Clara")]


def _fill(session):
    """People, a skill, a goal, a measure and a pilot with one of everything."""
    repo.upsert_people(session=session, people=PEOPLE)
    skill = repo.add_skill(session=session, name="Kanban")
    goal = repo.insert_record(session=session, record=domain.Goal(0, "Answer within a day",
                                                                  "mail and phone", 1))
    measure = repo.insert_record(session=session, record=domain.Measure(
        0, "Shared inbox", "technical", "Anna", "2026-05-01", "in_progress"))
    pilot = repo.add_pilot(session=session, name="Kanban im 2nd Level", department="IT",
                           status="running", team="2nd Level", purpose="Faster answers",
                           customer_a_share=0.3, agreement=0.2, certainty=0.7, agile=False,
                           start="2026-01-05", end="2026-06-30", sponsor_id="1",
                           goal_ids=(goal,))
    kpi = repo.insert_record(session=session, record=domain.Kpi(
        0, pilot, "Handling time", "min", 12.0, 8.0))
    return {"skill": skill, "goal": goal, "measure": measure, "pilot": pilot, "kpi": kpi}


def _children(ids):
    p, k = ids["pilot"], ids["kpi"]
    return [domain.Measurement(0, k, "2026-02-01", 11.5),
            domain.Measurement(0, k, "2026-01-15", 12.5),
            domain.Milestone(0, p, "2026-03-01", "First retro", True),
            domain.Win(0, p, "2026-02-02", "Backlog emptied", "Ben"),
            domain.Deviation(0, p, "2026-02-10", "WIP limit ignored", "Make it visible"),
            domain.ProvenProcess(0, p, "Escalation hotline", "keep until June"),
            domain.GoalStatement(0, "Ben", "Kunden schnell helfen", "2026-01-20"),
            domain.Idea(0, "Rückruf-Button", "Ben", "2", "2026-01-10", ("Telefon", "Kunde"),
                        "employee", "adopted", "good", "2026-02-01", p, ids["measure"])]


def test_every_record_type_round_trips(plan):
    with plan.transaction() as session:
        ids = _fill(session)
        stored = [(type(r), repo.insert_record(session=session, record=r))
                  for r in _children(ids)]
    with plan.reading() as session:
        pilot = repo.get_record(session=session, cls=domain.Pilot, record_id=ids["pilot"])
        assert pilot == domain.Pilot(
            ids["pilot"], "Kanban im 2nd Level", "IT", "running", "2nd Level",
            "Faster answers", 0.3, 0.2, 0.7, False, "2026-01-05", "2026-06-30", "1",
            (ids["goal"],))
        assert repo.list_pilots(session=session) == [pilot]
        assert repo.load_snapshot(session=session).pilots == (pilot,)
        for (cls, new_id), record in zip(stored, _children(ids), strict=True):
            got = repo.get_record(session=session, cls=cls, record_id=new_id)
            assert got == type(record)(**{**_fields(record), "id": new_id})
        # Measurements come by date, whatever order they were entered in.
        assert [m.date for m in repo.list_records(session=session, cls=domain.Measurement,
                                                  pilot_id=ids["pilot"])] == [
            "2026-01-15", "2026-02-01"]
        idea = repo.list_records(session=session, cls=domain.Idea)[0]
        assert idea.tags == ("Telefon", "Kunde") and idea.person_id == "2"


def _fields(record):
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def test_update_record_writes_every_field_and_goal_links(plan):
    with plan.transaction() as session:
        ids = _fill(session)
        other = repo.insert_record(session=session, record=domain.Goal(0, "Friendly"))
        pilot = repo.get_record(session=session, cls=domain.Pilot, record_id=ids["pilot"])
        changed = domain.Pilot(pilot.id, "Renamed", "Vertrieb", "stopped", goal_ids=(other,))
        repo.update_record(session=session, record=changed)
    with plan.reading() as session:
        assert repo.get_record(session=session, cls=domain.Pilot,
                               record_id=ids["pilot"]) == changed
        assert "Vertrieb" in repo.department_ids(session=session)
        assert repo.pilot_goal_links(session=session, goal_id=ids["goal"]) == ()


def test_members_and_skills_keep_their_order_and_return_the_old_list(plan):
    with plan.transaction() as session:
        ids = _fill(session)
        pid = ids["pilot"]
        team = [domain.PilotMember(pid, "3", "coach"), domain.PilotMember(pid, "1", "")]
        assert repo.set_pilot_members(session=session, pilot_id=pid, members=team) == ()
        assert repo.set_pilot_members(session=session, pilot_id=pid,
                                      members=team[1:]) == tuple(team)
        assert repo.set_pilot_skills(session=session, pilot_id=pid, skills=[
            domain.PilotSkill(pid, ids["skill"], 4)]) == ()
    with plan.reading() as session:
        detail = repo.pilot_details(session=session, pilot_id=pid)[0]
    assert detail.members == (domain.PilotMember(pid, "1", ""),)
    assert detail.skills == (domain.PilotSkill(pid, ids["skill"], 4),)


def test_deleting_a_pilot_cascades_and_unlinks_ideas(plan):
    with plan.transaction() as session:
        ids = _fill(session)
        for record in _children(ids):
            repo.insert_record(session=session, record=record)
        repo.set_pilot_members(session=session, pilot_id=ids["pilot"],
                               members=[domain.PilotMember(ids["pilot"], "2")])
        assert repo.delete_record(session=session, cls=domain.Pilot, record_id=ids["pilot"])
    with plan.reading() as session:
        for cls in (domain.Kpi, domain.Measurement, domain.Milestone, domain.Win,
                    domain.Deviation, domain.ProvenProcess):
            assert repo.list_records(session=session, cls=cls) == [], cls
        assert repo.list_pilot_members(session=session) == []
        assert repo.pilot_goal_links(session=session, goal_id=ids["goal"]) == ()
        idea = repo.list_records(session=session, cls=domain.Idea)[0]
        assert idea.pilot_id is None and idea.measure_id == ids["measure"]
        assert len(repo.list_records(session=session, cls=domain.Goal)) == 1


def test_deleting_people_skills_goals_and_measures_cascades(plan):
    with plan.transaction() as session:
        ids = _fill(session)
        for record in _children(ids):
            repo.insert_record(session=session, record=record)
        pid = ids["pilot"]
        repo.set_pilot_members(session=session, pilot_id=pid,
                               members=[domain.PilotMember(pid, "1"), domain.PilotMember(pid, "2")])
        repo.set_pilot_skills(session=session, pilot_id=pid,
                              skills=[domain.PilotSkill(pid, ids["skill"])])
        assert repo.set_impact(session=session, measure_id=ids["measure"],
                               goal_id=ids["goal"], score=3) == 0
        repo.delete_people(session=session, ids=["1", "2"])
        repo.remove_skill(session=session, skill_id=ids["skill"])
        repo.delete_record(session=session, cls=domain.Goal, record_id=ids["goal"])
    with plan.reading() as session:
        detail = repo.pilot_details(session=session)[0]
        assert detail.members == () and detail.skills == ()
        assert detail.pilot.sponsor_id is None and detail.pilot.goal_ids == ()
        assert repo.list_impacts(session=session) == []
        idea = repo.list_records(session=session, cls=domain.Idea)[0]
        assert idea.person_id is None and idea.author == "Ben"
    with plan.transaction() as session:
        repo.delete_record(session=session, cls=domain.Measure, record_id=ids["measure"])
    with plan.reading() as session:
        assert repo.list_records(session=session, cls=domain.Idea)[0].measure_id is None


def test_set_impact_returns_the_old_score_and_zero_removes(plan):
    with plan.transaction() as session:
        ids = _fill(session)
        key = {"measure_id": ids["measure"], "goal_id": ids["goal"]}
        assert repo.set_impact(session=session, score=-2, **key) == 0
        assert repo.set_impact(session=session, score=3, **key) == -2
        assert repo.list_impacts(session=session) == [domain.Impact(**key, score=3)]
        assert repo.set_impact(session=session, score=0, **key) == 3
        assert repo.list_impacts(session=session) == []


@pytest.mark.parametrize("sql", [
    "UPDATE pilot SET agreement = 1.5",
    "UPDATE pilot SET customer_a_share = -0.1",
    "UPDATE pilot SET status = 'paused'",
    "INSERT INTO impact VALUES (1, 1, 4)",
    "INSERT INTO impact VALUES (1, 1, 0)",
    "INSERT INTO measure (title, kind, owner, due, status) VALUES ('x', 'magic', '', '', "
    "'planned')",
    "INSERT INTO goal (title, description, priority) VALUES ('x', '', 4)",
    "INSERT INTO idea (text, author, date, tags, source, status, decision_note, decided) "
    "VALUES ('x', '', '', '[]', 'employee', 'maybe', '', '')",
    "INSERT INTO pilot_skill VALUES (1, 1, 5, 0)",
    "INSERT INTO kpi (pilot_id, name, unit, baseline, target) VALUES (99, 'x', '', 0, 0)",
])
def test_the_schema_refuses_values_out_of_range(plan, sql):
    with plan.transaction() as session:
        _fill(session)
    with pytest.raises(IntegrityError), plan.transaction() as session:
        session.execute(text(sql))


def _old_plan(path):
    """A plan file at schema 0003 with a pilot, built by Alembic like version 0.3 did."""
    engine = db._make_engine(path)
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        for sql in (
                "INSERT INTO meta VALUES ('app', 'changeplanner'), ('name', 'Old')",
                "INSERT INTO department (id, name) VALUES (1, 'IT')",
                "INSERT INTO person (id, name, title, team_lead, daily_business, "
                "availability, notes) VALUES ('7', 'Dana', '', 0, 0, 100, '')",
                "INSERT INTO pilot (id, name, department_id, status) "
                "VALUES (4, 'Kanban', 1, 'running')"):
            connection.exec_driver_sql(sql)
    engine.dispose()


def test_a_plan_from_version_0003_is_upgraded_to_the_new_schema(tmp_path):
    path = tmp_path / "old.changeplan"
    _old_plan(path)
    with db.open_plan(path) as plan:
        with plan.reading() as session:
            assert repo.list_pilots(session=session) == [
                domain.Pilot(4, "Kanban", "IT", "running")]
        with plan.transaction() as session:
            goal = repo.insert_record(session=session, record=domain.Goal(0, "Quick"))
            repo.update_record(session=session, record=domain.Pilot(
                4, "Kanban", "IT", "running", agreement=0.9, sponsor_id="7",
                goal_ids=(goal,)))
            repo.set_pilot_members(session=session, pilot_id=4,
                                   members=[domain.PilotMember(4, "7", "lead")])
        with plan.reading() as session:
            detail = repo.pilot_details(session=session)[0]
        assert detail.pilot.agreement == 0.9 and detail.pilot.goal_ids == (goal,)
        assert detail.members == (domain.PilotMember(4, "7", "lead"),)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == db.head_revision() == "0004"
        assert compare_metadata(context, SQLModel.metadata) == []
        # The rebuilt pilot table keeps its CHECKs and foreign keys.
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        with pytest.raises(IntegrityError):
            connection.exec_driver_sql("UPDATE pilot SET certainty = 2")
        with pytest.raises(IntegrityError):
            connection.exec_driver_sql("UPDATE pilot SET sponsor_id = 'nobody'")
    engine.dispose()


def test_migration_0004_can_be_taken_back(tmp_path):
    path = tmp_path / "old.changeplan"
    _old_plan(path)
    db.open_plan(path).close()
    engine = db._make_engine(path)
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    engine.dispose()
    connection = sqlite3.connect(path)
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(pilot)")]
        assert columns == ["id", "name", "department_id", "status"]
        assert connection.execute("SELECT id, name, status FROM pilot").fetchall() == [
            (4, "Kanban", "running")]
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        assert not tables & {"kpi", "idea", "goal", "impact", "pilot_member"}
    finally:
        connection.close()


def test_merging_skills_moves_pilot_requirements_and_undo_puts_them_back(plan):
    with plan.transaction() as session:
        ids = _fill(session)
        pid, kanban = ids["pilot"], ids["skill"]
        scrum = repo.add_skill(session=session, name="Scrum")
        lean = repo.add_skill(session=session, name="Lean")
        other = repo.add_pilot(session=session, name="Chat")
        repo.set_pilot_skills(session=session, pilot_id=pid, skills=[
            domain.PilotSkill(pid, scrum, 4), domain.PilotSkill(pid, lean, 1),
            domain.PilotSkill(pid, kanban, 2)])
        repo.set_pilot_skills(session=session, pilot_id=other, skills=[
            domain.PilotSkill(other, scrum, 2)])
        before = repo.list_pilot_skills(session=session)
        undo = repo.merge_skills(session=session, source_id=scrum, target_id=kanban)
    with plan.reading() as session:
        assert repo.list_pilot_skills(session=session) == [
            domain.PilotSkill(pid, kanban, 4), domain.PilotSkill(pid, lean, 1),
            domain.PilotSkill(other, kanban, 2)]
    with plan.transaction() as session:
        repo.undo_merge(session=session, undo=undo)
    with plan.reading() as session:
        assert repo.list_pilot_skills(session=session) == before
