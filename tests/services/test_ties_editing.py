"""Adding, changing and deleting single ties, and reporting lines from managers."""

from __future__ import annotations

import pytest

from changeplanner.errors import UserError
from changeplanner.services import ties
from tests.services.survey_fixture import fill, ties_of


@pytest.fixture
def org(plan):
    fill(plan)
    return plan


def test_add_update_delete_and_undo(org):
    tie = ties.add_tie(org, "p2", "p1", "advice", 2.0)
    assert ties_of(org) == {("p2", "p1", "advice", 2.0)}
    assert tie.weight == 2.0

    before, after = ties.update_tie(org, tie, relation="trust", weight=3.5)
    assert (before.relation, before.weight) == ("advice", 2.0)
    assert (after.relation, after.weight) == ("trust", 3.5)
    assert ties_of(org) == {("p2", "p1", "trust", 3.5)}
    # undo the update
    ties.update_tie(org, after, relation=before.relation, weight=before.weight)
    assert ties_of(org) == {("p2", "p1", "advice", 2.0)}

    deleted = ties.delete_tie(org, tie)
    assert deleted == tie
    assert ties_of(org) == set()
    assert ties.delete_tie(org, tie) is None
    # undo the delete: the weight comes back too
    assert ties.restore_ties(org, [deleted]) == [deleted]
    assert ties_of(org) == {("p2", "p1", "advice", 2.0)}


def test_list_ties_of_one_person(org):
    ties.add_tie(org, "p2", "p1")
    ties.add_tie(org, "p3", "p4")
    ties.add_tie(org, "p1", "p3", "trust")
    assert [(t.source, t.target) for t in ties.list_ties(org, "p1")] == [("p1", "p3"),
                                                                          ("p2", "p1")]
    assert len(ties.list_ties(org)) == 3


@pytest.mark.parametrize(("args", "message"), [
    (("p1", "p1", "advice", 1.0), "themselves"),
    (("p1", "nobody", "advice", 1.0), "nobody"),
    (("p1", "p2", "gossip", 1.0), "gossip"),
    (("p1", "p2", "advice", 0.0), "greater than 0"),
])
def test_invalid_ties_are_refused(org, args, message):
    with pytest.raises(UserError, match=message):
        ties.add_tie(org, *args)
    assert ties_of(org) == set()


def test_duplicates_are_refused(org):
    tie = ties.add_tie(org, "p1", "p2", "advice")
    other = ties.add_tie(org, "p1", "p2", "trust")
    with pytest.raises(UserError, match="exists already"):
        ties.add_tie(org, "p1", "p2", "advice")
    with pytest.raises(UserError, match="exists already"):
        ties.update_tie(org, other, relation="advice")
    assert ties_of(org) == {("p1", "p2", "advice", 1.0), ("p1", "p2", "trust", 1.0)}
    ties.delete_tie(org, tie)
    with pytest.raises(UserError, match="no longer"):
        ties.update_tie(org, tie, weight=2)


def test_derive_reporting_lines_is_idempotent_and_undoable(org):
    ties.add_tie(org, "p2", "p1", "advice")
    ties.add_tie(org, "p3", "p1", "reports_to", 1.0)  # exists already: not added again
    added = ties.derive_reporting_lines(org)
    assert sorted((t.source, t.target) for t in added) == [
        ("p2", "p1"), ("p4", "p1"), ("p5", "p1"), ("p7", "p6"), ("p8", "p6"), ("p9", "p6")]
    assert all(t.relation == "reports_to" for t in added)
    assert len(ties_of(org)) == 8
    assert ties.derive_reporting_lines(org) == []
    # undo removes exactly the added ones
    assert len(ties.remove_ties(org, added)) == 6
    assert ties_of(org) == {("p2", "p1", "advice", 1.0), ("p3", "p1", "reports_to", 1.0)}
