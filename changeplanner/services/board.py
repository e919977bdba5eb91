"""Use cases around the change board: analyse the network, propose a board, save it."""

from __future__ import annotations

from changeplanner import domain
from changeplanner.analysis.board import BoardProposal, propose_board
from changeplanner.analysis.metrics import PersonAnalysis, analyze
from changeplanner.i18n import _
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.store import repo
from changeplanner.store.db import Plan

__all__ = ["analyze_plan", "propose", "save_proposal"]


def analyze_plan(plan: Plan, *, progress: Progress | None = None) -> list[PersonAnalysis]:
    """Network metrics and archetype scores for every person of ``plan``."""
    return analyze(plans.snapshot(plan, skills=False), progress=progress)


def propose(plan: Plan, *, size: int | None = None,
            progress: Progress | None = None) -> BoardProposal:
    """Propose a balanced change board for ``plan`` (nothing is saved).

    Args:
        plan: The open plan; it is read in one transaction, so the work may run in a worker.
        size: Number of seats; default from the number of people.
        progress: Progress and cancel state.
    """
    return propose_board(plans.snapshot(plan, skills=False), size=size, progress=progress)


def save_proposal(plan: Plan, proposal: BoardProposal, *, name: str | None = None) -> int:
    """Store ``proposal`` as a new board version with the inputs it was computed from.

    Unfilled roles are stored as ``(role, explanation)`` so a saved board explains itself
    without the proposal object.

    Returns:
        The id of the saved board.
    """
    seats = [domain.BoardSeat(person_id=m.id, role=m.role, reasons=m.reasons,
                              marginal_reach=m.marginal_reach) for m in proposal.members]
    name = name or _("Proposed board ({n} seats)").format(n=proposal.size)
    with plan.transaction() as session:
        return repo.save_board(session=session, name=name, reach=proposal.reach, seats=seats,
                               params=proposal.params, unfilled=proposal.unfilled)
