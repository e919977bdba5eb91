"""A saved board reads in the reader's language, whatever language it was proposed in."""

from __future__ import annotations

from changeplanner import i18n
from changeplanner.services import board, demo, plans
from changeplanner.store.db import open_plan


def test_reasons_unfilled_seats_and_name_follow_the_readers_language(tmp_path):
    plan = open_plan(demo.create_demo(tmp_path / "demo.changeplan", people=60))
    i18n.set_language("en")
    # Without the plan's skeptics the skeptic seat stays unfilled, with an explanation.
    skeptics = [p.id for p in plans.snapshot(plan).people
                if p.attitude is not None and p.attitude <= -1]
    proposal = board.propose(plan, size=6, exclude=skeptics)
    assert [role for role, _reason in proposal.unfilled] == ["skeptic"]
    board.save_proposal(plan, proposal)
    english = plans.snapshot(plan).boards[0]
    assert english.name == "Proposed board (6 seats)"
    assert english.seats[0].reasons == proposal.members[0].reasons
    try:
        i18n.set_language("de")
        german = plans.snapshot(plan).boards[0]
    finally:
        i18n.set_language("en")
    assert german.name == "Vorgeschlagenes Board (6 Sitze)"
    assert [s.person_id for s in german.seats] == [s.person_id for s in english.seats]
    for de, en in zip(german.seats, english.seats, strict=True):
        assert de.reasons and de.reasons != en.reasons
    assert len(german.unfilled) == len(english.unfilled) >= 1
    assert german.unfilled[0][1] != english.unfilled[0][1]
    # Proposing in German switched the language only for a moment.
    assert i18n.current_language() == "en"
    plan.close()
