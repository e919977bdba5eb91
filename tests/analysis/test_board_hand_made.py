"""A change board entered by hand: evaluate it and compare it with another board."""

import json

import pytest

from changeplanner.analysis.archetypes import eligible_roles
from changeplanner.analysis.board import (
    HAND_MADE,
    BoardMember,
    BoardProposal,
    compare_boards,
    evaluate_board,
)
from changeplanner.analysis.metrics import analyze
from changeplanner.domain import Person, PlanSnapshot, Tie
from changeplanner.errors import UserError


def small_org(transforming=None):
    """Six people; A (Sales, attitude -2) is sought out by E, B (Ops, +2) by C and D, and
    F (HR) goes to E. No team leads.

    Board [A, B]: A reaches {A, E} (2 of 6), B {B, C, D} (3 of 6): reach 5/6; F is two
    steps away (F -> E -> A), so 2-step reach is 6/6.
    """
    people = (
        Person(id="A", name="Anna", department="Sales", attitude=-2),
        Person(id="B", name="Ben", department="Ops", attitude=2),
        Person(id="C", name="Cem", department="Ops", attitude=0),
        Person(id="D", name="Dana", department="Ops", attitude=0),
        Person(id="E", name="Eva", department="Sales", attitude=0),
        Person(id="F", name="Finn", department="HR", attitude=0),
    )
    ties = (Tie("C", "B"), Tie("D", "B"), Tie("E", "A"), Tie("F", "E"))
    return PlanSnapshot(name="small", transforming_department=transforming, people=people,
                        ties=ties)


def test_reach_marginal_reach_and_roles_of_a_hand_made_board():
    board = evaluate_board(small_org(), ["A", "B"])
    assert [(m.id, m.role) for m in board.members] == [("A", "skeptic"), ("B", "enthusiast")]
    assert [m.marginal_reach for m in board.members] == [round(2 / 6, 6), round(3 / 6, 6)]
    assert board.reach == round(5 / 6, 6)
    assert board.reach_2step == 1.0
    assert board.size == 2
    assert board.params["algorithm"] == HAND_MADE
    assert board.params["members"] == ["A", "B"]
    assert board.members[0].reasons.startswith("Strongly sceptical of the change")


def test_order_decides_marginal_reach_and_duplicates_are_ignored():
    board = evaluate_board(small_org(), ["E", "A", "E"])
    # E reaches {E, A, F} = 3; A then adds nobody new (A's neighbourhood is {A, E}).
    assert [m.id for m in board.members] == ["E", "A"]
    assert [m.marginal_reach for m in board.members] == [0.5, 0.0]
    assert board.reach == 0.5


def test_unfilled_roles_are_explained():
    snapshot = small_org()
    board = evaluate_board(snapshot, ["A", "B"])
    unfilled = dict(board.unfilled)
    assert set(unfilled) == {"networker", "lead"}
    assert unfilled["lead"] == ("No team leads are recorded: mark team leads in People to "
                                "fill this seat")
    fitting = sum("networker" in eligible_roles(a.scores) for a in analyze(snapshot))
    assert fitting >= 1
    assert unfilled["networker"].startswith("No member sits in this seat; ")
    assert str(fitting) in unfilled["networker"]


def test_given_roles_are_kept_and_flagged_when_they_do_not_fit():
    board = evaluate_board(small_org(), ["A", "C"], roles={"C": "lead"})
    assert [(m.id, m.role) for m in board.members] == [("A", "skeptic"), ("C", "lead")]
    assert board.members[1].reasons.startswith(
        "Sits as Influential team lead by your choice, though they do not fit that seat well.")
    assert "lead" not in dict(board.unfilled)


def test_roles_are_balanced_like_the_optimiser():
    people = [Person(id="S1", name="S1", department="Sales", attitude=-2),
              Person(id="S2", name="S2", department="Sales", attitude=-2)]
    ties = []
    for k in range(6):  # S2 is the only one with ties to other departments
        people.append(Person(id=f"X{k}", name=f"X{k}", department=f"D{k}"))
        ties.append(Tie(f"X{k}", "S2"))
    people.append(Person(id="Y", name="Y", department="Sales"))
    ties.append(Tie("Y", "S1"))
    snapshot = PlanSnapshot(name="b", transforming_department=None, people=tuple(people),
                            ties=tuple(ties))
    scores = {a.id: a.scores for a in analyze(snapshot)}
    assert set(eligible_roles(scores["S2"])) == {"skeptic", "networker"}
    assert eligible_roles(scores["S1"]) == ("skeptic",)
    board = evaluate_board(snapshot, ["S1", "S2"])
    # S1 takes the skeptic seat, so S2 fills the networker seat that is still open.
    assert [(m.id, m.role) for m in board.members] == [("S1", "skeptic"), ("S2", "networker")]
    # Alone, S2 sits where they score best among the open seats.
    alone = evaluate_board(snapshot, ["S2"])
    best = max(("skeptic", "networker"), key=lambda r: scores["S2"][r])
    assert alone.members[0].role == best
    # Someone who fits no seat takes their best-scoring role.
    nobody = evaluate_board(snapshot, ["X0"])
    assert nobody.members[0].role == max(scores["X0"], key=lambda r: scores["X0"][r])


def test_the_transforming_department_override_applies():
    people = (Person(id="L", name="Lea", department="Ops", team_lead=True),
              Person(id="P", name="Paul", department="Ops"))
    snapshot = PlanSnapshot(name="t", transforming_department=None, people=people,
                            ties=(Tie("P", "L"),))
    assert evaluate_board(snapshot, ["L"]).members[0].role == "lead"
    board = evaluate_board(snapshot, ["L"], transforming_department="Ops")
    assert "lead" in dict(board.unfilled)
    assert board.params["transforming_department"] == "Ops"


def test_invalid_input_raises_user_error():
    with pytest.raises(UserError, match="Unknown person id: Z"):
        evaluate_board(small_org(), ["A", "Z"])
    with pytest.raises(UserError, match="Unknown seat boss"):
        evaluate_board(small_org(), ["A"], roles={"A": "boss"})
    empty = PlanSnapshot(name="e", transforming_department=None, people=(), ties=())
    assert evaluate_board(empty, []).reach == 0.0


def member(pid, role, department):
    return BoardMember(id=pid, name=pid, department=department, role=role, reasons="",
                       marginal_reach=0.0)


def test_compare_boards_fields():
    a = BoardProposal(members=(member("A", "skeptic", "Sales"), member("B", "lead", "Ops"),
                               member("C", "lead", "Ops")),
                      reach=0.5, size=3, reach_2step=0.75)
    b = BoardProposal(members=(member("C", "networker", "Ops"), member("D", "enthusiast", "HR"),
                               member("E", "skeptic", "IT"), member("F", "lead", "HR")),
                      reach=0.625, size=4, reach_2step=0.9)
    result = compare_boards(a, b)
    assert result.reach == (0.5, 0.625)
    assert result.reach_2step == (0.75, 0.9)
    assert result.seats == ({"skeptic": 1, "networker": 0, "enthusiast": 0, "lead": 2},
                            {"skeptic": 1, "networker": 1, "enthusiast": 1, "lead": 1})
    assert result.departments == ({"Ops": 2, "Sales": 1}, {"HR": 2, "IT": 1, "Ops": 1})
    assert result.departments_covered == (2, 3)
    assert result.only_in_a == ("A", "B")
    assert result.only_in_b == ("D", "E", "F")
    assert result.in_both == ("C",)
    data = json.loads(json.dumps(result.to_json()))
    assert data["reach"] == {"a": 0.5, "b": 0.625}
    assert data["seats"]["b"]["networker"] == 1
    assert data["departments_covered"] == {"a": 2, "b": 3}
    assert data["only_in_b"] == ["D", "E", "F"]


def test_compare_evaluated_boards():
    snapshot = small_org()
    mine = evaluate_board(snapshot, ["A", "B"])
    other = evaluate_board(snapshot, ["E"])
    result = compare_boards(mine, other)
    assert result.reach == (round(5 / 6, 6), 0.5)
    assert result.departments == ({"Ops": 1, "Sales": 1}, {"Sales": 1})
    assert result.only_in_a == ("A", "B") and result.only_in_b == ("E",)
