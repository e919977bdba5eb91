"""services.board on a real plan file: analyse, propose, save and read back."""

from changeplanner.domain import Person, Tie
from changeplanner.services import board as board_service
from changeplanner.services import plans
from changeplanner.store import repo


def fill(plan):
    people = [Person(id="L", name="Lea", department="IT", team_lead=True),
              Person(id="M", name="Mo", department="Ops", attitude=-2),
              Person(id="E", name="Eva", department="Ops", attitude=2, daily_business=True),
              Person(id="N", name="Nils", department="IT")]
    people += [Person(id=f"p{i}", name=f"P{i}", department=("IT", "Ops", "HR")[i % 3])
               for i in range(6)]
    ties = [Tie(f"p{i}", "L") for i in range(5)] + [Tie("p5", "M"), Tie("p1", "M"),
                                                    Tie("p3", "E"), Tie("N", "p1"),
                                                    Tie("N", "p2"), Tie("p4", "N")]
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=people)
        repo.upsert_ties(session=session, ties=ties)
    plans.set_transforming_department(plan, "Ops")


def test_analyze_propose_save(plan):
    fill(plan)
    analyses = {a.id: a for a in board_service.analyze_plan(plan)}
    assert analyses["L"].in_degree == 5
    assert analyses["M"].scores["skeptic"] >= 0.8

    proposal = board_service.propose(plan, size=4)
    assert sorted(m.role for m in proposal.members) == sorted(
        ["lead", "skeptic", "enthusiast", "networker"])
    assert proposal.params["transforming_department"] == "Ops"

    board_id = board_service.save_proposal(plan, proposal, name="First proposal")
    saved = plans.snapshot(plan).boards[0]
    assert saved.id == board_id and saved.name == "First proposal"
    assert saved.reach == proposal.reach
    assert [(s.person_id, s.role, s.reasons) for s in saved.seats] == [
        (m.id, m.role, m.reasons) for m in proposal.members]
    assert [s.marginal_reach for s in saved.seats] == [m.marginal_reach
                                                       for m in proposal.members]
    assert saved.unfilled == ()


def test_unfilled_roles_are_saved_with_their_reasons(plan):
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=[
            Person(id="a", name="A", department="X"), Person(id="b", name="B", department="Y",
                                                           team_lead=True)])
        repo.upsert_ties(session=session, ties=[Tie("a", "b")])
    proposal = board_service.propose(plan)
    board_service.save_proposal(plan, proposal)
    saved = plans.snapshot(plan).boards[0]
    assert saved.name == "Proposed board (4 seats)"
    assert len(saved.unfilled) == len(proposal.unfilled) == 2
    assert saved.unfilled == proposal.unfilled
    assert saved.unfilled[0][0] == "skeptic"
    assert saved.unfilled[0][1].startswith("No one with a recorded attitude")
