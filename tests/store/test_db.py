"""Plan files: round trip, schema under Alembic, bad files refused and never modified."""

import hashlib
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError

from changeplanner import domain
from changeplanner.errors import PlanFileError
from changeplanner.store import repo
from changeplanner.store.db import (
    building_plan,
    create_plan,
    head_revision,
    open_plan,
    save_copy,
)
from changeplanner.store.tables import SQLModel

PEOPLE = [
    domain.Person(id="1", name="Łukasz Żółć", department="IT", title="Entwickler",
                  team_lead=True, attitude=-2, daily_business=True, availability=60,
                  notes="<b>Müller & Söhne</b>"),
    domain.Person(id="2", name="Ayşe Yılmaz", department="Kundenservice 1st Level",
                  manager_id="1", attitude=None),
    domain.Person(id="3", name="Nguyễn Thị Minh", department="HR", attitude=2),
]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(plan):
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=PEOPLE)
        skills = repo.ensure_skills(session=session, skills=[
            domain.Skill(id=0, name="Scrum", category="Agile methods", description="x")])
        repo.upsert_ratings(session=session, ratings=[
            domain.Rating(person_id="1", skill_id=skills["Scrum"], level=3, target=4,
                          wants_to_learn=True)])
        repo.upsert_ties(session=session, ties=[
            domain.Tie("2", "1", "advice", 2.0), domain.Tie("2", "1", "trust"),
            domain.Tie("3", "2", "collaboration", 0.5)])
        repo.add_pilot(session=session, name="Kanban im 2nd Level", department="IT",
                       status="running")
        repo.set_transforming_department(session=session, name="Kundenservice 1st Level")


def test_round_trip_keeps_every_value(tmp_path):
    path = tmp_path / "p.changeplan"
    plan = create_plan(path, name="Round trip")
    fill(plan)
    plan.close()
    with open_plan(path) as reopened, reopened.reading() as session:
        snap = repo.load_snapshot(session=session)
    assert snap.name == "Round trip"
    assert snap.transforming_department == "Kundenservice 1st Level"
    assert list(snap.people) == PEOPLE
    assert {(t.source, t.target, t.relation, t.weight) for t in snap.ties} == {
        ("2", "1", "advice", 2.0), ("2", "1", "trust", 1.0), ("3", "2", "collaboration", 0.5)}
    assert snap.ratings[0].level == 3 and snap.ratings[0].target == 4
    assert snap.ratings[0].wants_to_learn is True
    assert snap.pilots[0].name == "Kanban im 2nd Level" and snap.pilots[0].status == "running"
    assert [d.name for d in snap.departments] == ["HR", "IT", "Kundenservice 1st Level"]


def test_upsert_updates_by_id_never_duplicates(plan):
    fill(plan)
    with plan.transaction() as session:
        added, updated = repo.upsert_people(session=session, people=[
            domain.Person(id="1", name="Renamed", department="Vertrieb"),
            domain.Person(id="4", name="New")])
        repo.upsert_ties(session=session, ties=[domain.Tie("2", "1", "advice", 5.0)])
    assert (added, updated) == (1, 1)
    with plan.reading() as session:
        snap = repo.load_snapshot(session=session)
    assert len(snap.people) == 4
    assert snap.people_by_id()["1"].name == "Renamed"
    assert snap.people_by_id()["1"].department == "Vertrieb"
    advice = [t for t in snap.ties if t.relation == "advice"]
    assert len(advice) == 1 and advice[0].weight == 5.0


def test_an_error_inside_a_transaction_leaves_the_plan_as_it_was(plan):
    fill(plan)
    before = digest(plan.path)
    with pytest.raises(RuntimeError), plan.transaction() as session:
        repo.upsert_people(session=session, people=[domain.Person(id="9", name="Half")])
        repo.update_person(session=session, person_id="1", field="name", value="Changed")
        raise RuntimeError("crash in the middle")
    assert digest(plan.path) == before
    with plan.reading() as session:
        assert repo.get_person(session=session, person_id="9") is None
        assert repo.get_person(session=session, person_id="1").name == "Łukasz Żółć"


def test_a_constraint_violation_rolls_back_everything(plan):
    fill(plan)
    with pytest.raises(IntegrityError), plan.transaction() as session:
        repo.update_person(session=session, person_id="1", field="name", value="A")
        repo.update_person(session=session, person_id="2", field="attitude", value=7)
    with plan.reading() as session:
        assert repo.get_person(session=session, person_id="1").name == "Łukasz Żółć"


def test_update_person_returns_previous_value_for_undo(plan):
    fill(plan)
    with plan.transaction() as session:
        assert repo.update_person(session=session, person_id="2", field="department",
                                  value="Vertrieb") == "Kundenservice 1st Level"
        assert repo.update_person(session=session, person_id="2", field="attitude",
                                  value=1) is None
    with plan.reading() as session:
        person = repo.get_person(session=session, person_id="2")
    assert (person.department, person.attitude) == ("Vertrieb", 1)


def test_deleting_a_person_removes_their_ties_and_ratings(plan):
    fill(plan)
    with plan.transaction() as session:
        assert repo.delete_people(session=session, ids=["1"]) == 1
    with plan.reading() as session:
        snap = repo.load_snapshot(session=session)
    assert all("1" not in (t.source, t.target) for t in snap.ties)
    assert snap.ratings == ()


def test_boards_are_saved_as_versions(plan):
    fill(plan)
    with plan.transaction() as session:
        first = repo.save_board(session=session, name="v1", reach=0.5, params={"size": 2},
                                seats=[domain.BoardSeat("1", "skeptic", "why", 0.3)],
                                unfilled=[("lead", "Keine Teamleitung außerhalb")])
        second = repo.save_board(session=session, name="v2", reach=0.7, params={"size": 1},
                                 seats=[domain.BoardSeat("3", "enthusiast", "why", 0.7)])
    with plan.reading() as session:
        boards = repo.list_boards(session=session)
    assert [b.id for b in boards] == [second, first]
    assert boards[1].seats[0] == domain.BoardSeat("1", "skeptic", "why", 0.3)
    assert boards[1].unfilled == (("lead", "Keine Teamleitung außerhalb"),)


def test_migrated_schema_matches_the_table_classes(plan):
    engine = create_engine(f"sqlite:///{plan.path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head_revision()
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_a_file_that_is_not_a_plan_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.changeplan"
    path.write_text("Dear works council,\n")
    before = digest(path)
    with pytest.raises(PlanFileError, match="not a Change Planner plan"):
        open_plan(path)
    assert digest(path) == before


def test_a_foreign_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.changeplan"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(PlanFileError, match="not a Change Planner plan"):
        open_plan(path)
    assert digest(path) == before


def test_a_plan_from_a_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.changeplan"
    create_plan(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num='9999'")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(PlanFileError, match="newer version") as info:
        open_plan(path)
    assert info.value.file == str(path)
    assert digest(path) == before


def test_a_damaged_plan_is_refused_and_untouched(tmp_path):
    path = tmp_path / "damaged.changeplan"
    plan = create_plan(path)
    fill(plan)
    plan.close()
    data = bytearray(path.read_bytes())
    # Keep the header, wreck every page after the first two.
    for i in range(8192, len(data)):
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(PlanFileError):
        open_plan(path)
    assert digest(path) == before


def test_a_missing_file_gives_a_clear_message(tmp_path):
    with pytest.raises(PlanFileError, match="does not exist"):
        open_plan(tmp_path / "nope.changeplan")


def test_create_never_overwrites_an_existing_file(tmp_path):
    path = tmp_path / "mine.changeplan"
    path.write_text("precious")
    with pytest.raises(PlanFileError, match="already exists"):
        create_plan(path)
    assert path.read_text() == "precious"


def test_a_crash_while_building_leaves_no_file(tmp_path):
    path = tmp_path / "built.changeplan"
    with pytest.raises(RuntimeError), building_plan(path) as plan:
        with plan.transaction() as session:
            repo.upsert_people(session=session, people=PEOPLE)
        raise RuntimeError("power cut")
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_save_copy_writes_an_openable_copy(plan, tmp_path):
    fill(plan)
    target = tmp_path / "copy.changeplan"
    save_copy(plan, target)
    with open_plan(target) as copy, copy.reading() as session:
        assert len(repo.list_people(session=session)) == 3


def test_save_copy_to_a_missing_folder_is_a_user_error(plan, tmp_path):
    with pytest.raises(PlanFileError, match="could not be written"):
        save_copy(plan, tmp_path / "missing" / "copy.changeplan")
