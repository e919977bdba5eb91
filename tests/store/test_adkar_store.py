"""ADKAR ratings: the barrier point, the table under Alembic, undo values, old plans upgraded."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError

from changeplanner import domain, i18n
from changeplanner.errors import UserError
from changeplanner.services import plans
from changeplanner.store import db, repo
from changeplanner.store.db import create_plan, head_revision, open_plan
from changeplanner.store.tables import SQLModel

PEOPLE = [domain.Person(id="1", name="Anna"), domain.Person(id="2", name="Ben"),
          domain.Person(id="3", name="Clara")]


@pytest.mark.parametrize(("scores", "barrier"), [
    ((5, 4, 2, 1, 1), "knowledge"),          # first <= 3 wins, not the lowest
    ((3, 1, 1, 1, 1), "awareness"),          # 3 counts as a barrier
    ((4, 4, 4, 4, 4), None),                 # everything above 3
    ((5, 5, 5, 5, 3), "reinforcement"),
    ((None, None, None, None, None), None),  # nothing rated
    ((None, 2, None, 1, None), "desire"),    # unrated elements are skipped
    ((4, None, 5, None, 1), "reinforcement"),
])
def test_barrier_is_the_first_element_scored_three_or_lower(scores, barrier):
    adkar = domain.Adkar("1", *scores)
    assert adkar.barrier == barrier
    assert adkar.rated == any(s is not None for s in scores)


def test_adkar_labels_are_translated_to_german():
    i18n.set_language("de")
    assert [i18n._(domain.ADKAR_LABELS[k]) for k in domain.ADKAR_ELEMENTS] == [
        "Bewusstsein", "Wunsch", "Wissen", "Fähigkeit", "Verstärkung"]
    i18n.set_language("en")
    assert i18n._(domain.ADKAR_LABELS["desire"]) == "Desire"


def test_adkar_round_trip_and_previous_values_for_undo(tmp_path):
    path = tmp_path / "a.changeplan"
    plan = create_plan(path)
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=PEOPLE)
    first = domain.Adkar("1", 4, 2, None, 5, 1)
    assert plans.set_adkar(plan, first) is None
    second = domain.Adkar("1", 5, 5, 5, 5, 5)
    assert plans.set_adkar(plan, second) == first
    assert plans.set_adkar(plan, domain.Adkar("2", ability=3)) is None
    plan.close()
    with open_plan(path) as reopened:
        snap = plans.snapshot(reopened)
        assert snap.adkar == (second, domain.Adkar("2", ability=3))
        # ADKAR ratings come with every snapshot (the people table reads no skills).
        assert plans.snapshot(reopened, skills=False, network=False).adkar == snap.adkar
        # Clearing every score removes the rating and hands back the old one.
        assert plans.set_adkar(reopened, domain.Adkar("1")) == second
        assert [a.person_id for a in plans.snapshot(reopened).adkar] == ["2"]


def test_constraint_rejects_a_six_and_the_service_says_why(plan):
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=PEOPLE)
    with pytest.raises(IntegrityError), plan.transaction() as session:
        repo.set_adkar(session=session, adkar=domain.Adkar("1", awareness=6))
    with pytest.raises(UserError, match="from 1 to 5"):
        plans.set_adkar(plan, domain.Adkar("1", desire=6))
    with pytest.raises(UserError, match="from 1 to 5"):
        plans.set_adkar(plan, domain.Adkar("1", desire=0))
    with pytest.raises(UserError, match="no longer in the plan"):
        plans.set_adkar(plan, domain.Adkar("missing", desire=2))
    assert plans.snapshot(plan).adkar == ()


def test_deleting_a_person_deletes_their_adkar_rating(plan):
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=PEOPLE)
    plans.set_adkar(plan, domain.Adkar("3", 1, 1, 1, 1, 1))
    with plan.transaction() as session:
        repo.delete_people(session=session, ids=["3"])
    assert plans.snapshot(plan).adkar == ()


def test_a_plan_from_version_0002_is_upgraded_and_takes_adkar_ratings(tmp_path):
    path = tmp_path / "old.changeplan"
    engine = db._make_engine(path)
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.exec_driver_sql(
            "INSERT INTO meta VALUES ('app', 'changeplanner'), ('name', 'Old')")
        for person in PEOPLE:
            connection.exec_driver_sql(
                "INSERT INTO person (id, name, title, team_lead, daily_business, "
                "availability, notes) VALUES (?, ?, '', 0, 0, 100, '')",
                (person.id, person.name))
    engine.dispose()

    with open_plan(path) as upgraded:
        assert len(plans.snapshot(upgraded).people) == 3
        assert plans.set_adkar(upgraded, domain.Adkar("2", 4, 3, 2, 1, 5)) is None
        assert plans.snapshot(upgraded).adkar[0].barrier == "desire"
        with pytest.raises(UserError):
            plans.set_adkar(upgraded, domain.Adkar("2", knowledge=7))
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, SQLModel.metadata) == []
        # The upgraded table keeps its CHECK constraint too.
        with pytest.raises(IntegrityError):
            connection.exec_driver_sql("INSERT INTO adkar (person_id, awareness) VALUES ('1', 6)")
    engine.dispose()
