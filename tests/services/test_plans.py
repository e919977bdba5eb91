"""Editing people through the service: values are checked before anything is written."""

import pytest

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.services import plans
from changeplanner.store import repo


def test_validation_normalises_and_refuses_bad_values():
    assert plans.validate_person_field("name", "  Zoë  ") == "Zoë"
    assert plans.validate_person_field("attitude", None) is None
    assert plans.validate_person_field("attitude", "-2") == -2
    assert plans.validate_person_field("availability", "40") == 40
    assert plans.validate_person_field("team_lead", 1) is True
    with pytest.raises(UserError, match="needs a name"):
        plans.validate_person_field("name", "   ")
    with pytest.raises(UserError, match="0 to 100"):
        plans.validate_person_field("availability", 140)
    with pytest.raises(UserError, match="-2 to 2"):
        plans.validate_person_field("attitude", 3)
    with pytest.raises(UserError, match="cannot be edited"):
        plans.validate_person_field("id", "x")


def test_update_person_refuses_a_bad_value_and_changes_nothing(plan):
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=[domain.Person(id="1", name="Ana")])
    with pytest.raises(UserError):
        plans.update_person(plan, "1", "availability", 500)
    assert plans.snapshot(plan).people[0].availability == 100
    assert plans.update_person(plan, "1", "name", " Ana Ferreira ") == "Ana"
    assert plans.snapshot(plan).people[0].name == "Ana Ferreira"
