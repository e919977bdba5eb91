"""The ``eligibility_threshold`` option of the board proposal."""

from __future__ import annotations

import pytest

from changeplanner.analysis.archetypes import ELIGIBILITY_THRESHOLD, eligible_roles
from changeplanner.analysis.board import propose_board
from changeplanner.analysis.metrics import analyze
from changeplanner.errors import UserError
from tests.analysis.test_board_optimiser import small_org


def test_default_threshold_is_recorded_and_unchanged():
    org = small_org(3)
    default = propose_board(org, size=5)
    explicit = propose_board(org, size=5, eligibility_threshold=ELIGIBILITY_THRESHOLD)
    assert default.params["eligibility_threshold"] == ELIGIBILITY_THRESHOLD
    assert [m.id for m in default.members] == [m.id for m in explicit.members]


@pytest.mark.parametrize("threshold", [0.3, 0.8])
def test_members_fit_their_seat_at_the_chosen_threshold(threshold):
    org = small_org(5, n=40, ties=90)
    proposal = propose_board(org, size=5, eligibility_threshold=threshold)
    assert proposal.params["eligibility_threshold"] == threshold
    for member in proposal.members:
        assert member.scores[member.role] >= threshold
        assert member.role in eligible_roles(member.scores, threshold)


def test_a_high_threshold_leaves_seats_a_low_one_fills():
    org = small_org(5, n=40, ties=90)
    scores = [a.scores for a in analyze(org)]
    fit = {t: sum(bool(eligible_roles(s, t)) for s in scores) for t in (0.3, 0.8)}
    assert fit[0.3] > fit[0.8]
    low = propose_board(org, size=6, eligibility_threshold=0.3)
    high = propose_board(org, size=6, eligibility_threshold=0.8)
    assert len(low.members) >= len(high.members)
    assert len(low.unfilled) <= len(high.unfilled)
    assert low.reach >= high.reach


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_invalid_thresholds_are_refused(threshold):
    with pytest.raises(UserError):
        propose_board(small_org(3), size=5, eligibility_threshold=threshold)
