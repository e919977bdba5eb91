"""Use cases around the change board: analyse the network, propose a board, save it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from changeplanner import domain
from changeplanner.analysis.adoption import AdoptionResult, simulate_adoption
from changeplanner.analysis.board import (
    BoardProposal,
    default_board_size,
    evaluate_board,
    propose_board,
)
from changeplanner.analysis.metrics import PersonAnalysis, analyze
from changeplanner.errors import UserError
from changeplanner.i18n import _, in_every_language
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.store import repo
from changeplanner.store.db import Plan

__all__ = ["BoardsData", "analyze_plan", "delete_board", "evaluate", "latest_board",
           "load_boards", "propose", "restore_board",
           "propose_and_save", "save_proposal", "simulate", "two_step_reach"]


def analyze_plan(plan: Plan, *, progress: Progress | None = None) -> list[PersonAnalysis]:
    """Network metrics and archetype scores for every person of ``plan``."""
    return analyze(plans.snapshot(plan, skills=False), progress=progress)


def propose(plan: Plan, *, size: int | None = None, progress: Progress | None = None,
            **options) -> BoardProposal:
    """Propose a balanced change board for ``plan`` (nothing is saved).

    Args:
        plan: The open plan; it is read in one transaction, so the work may run in a worker.
        size: Number of seats; default from the number of people.
        progress: Progress and cancel state.
        **options: The constraints of :func:`~changeplanner.analysis.board.propose_board`
            (``quotas``, ``max_per_department``, ``max_daily_business``,
            ``min_availability``, ``include``, ``exclude``, ``transforming_department``,
            ``eligibility_threshold``).

    Raises:
        UserError: Unknown person ids, or constraints that contradict each other.
    """
    return propose_board(plans.snapshot(plan, skills=False), size=size, progress=progress,
                         **options)


def evaluate(plan: Plan, member_ids: Sequence[str], roles: Mapping[str, str] | None = None,
             **options) -> BoardProposal:
    """Evaluate a board entered by hand: roles, reasons, reach and the seats it leaves open.

    Args:
        plan: The open plan; it is read in one transaction, so the work may run in a worker.
        member_ids: The members in the order their marginal reach is counted.
        roles: The seat per member where the user chose one.
        **options: ``transforming_department``, ``eligibility_threshold`` of
            :func:`~changeplanner.analysis.board.evaluate_board`.

    Raises:
        UserError: Unknown person ids or seats.
    """
    return evaluate_board(plans.snapshot(plan, skills=False), member_ids, roles=roles,
                          **options)


def save_proposal(plan: Plan, proposal: BoardProposal, *, name: str | None = None) -> int:
    """Store ``proposal`` as a new board version with the inputs it was computed from.

    Unfilled roles are stored as ``(role, explanation)`` so a saved board explains itself
    without the proposal object.

    Returns:
        The id of the saved board.
    """
    seats = [domain.BoardSeat(person_id=m.id, role=m.role, reasons=m.reasons,
                              marginal_reach=m.marginal_reach) for m in proposal.members]
    texts = proposal.translations
    unfilled = proposal.unfilled
    if texts.get("unfilled") and len(texts["unfilled"]) == len(unfilled):
        unfilled = tuple((role, text) for (role, _reason), text
                         in zip(unfilled, texts["unfilled"], strict=True))
    with plan.transaction() as session:
        return repo.save_board(
            session=session, name=name or in_every_language(
                lambda: _("Proposed board ({n} seats)").format(n=proposal.size)),
            reach=proposal.reach, seats=seats, params=proposal.params, unfilled=unfilled,
            reasons=texts.get("reasons", ()))


def simulate(plan: Plan, *, board_id: int | None = None, runs: int = 50, rounds: int = 20,
             seed: int = 1, progress: Progress | None = None) -> AdoptionResult:
    """Simulate how the change spreads from a change board through the influence network.

    Starts from the saved board ``board_id``, else the latest saved board, else a board
    proposed with :func:`propose` (not saved). Compares it with random boards and the
    top-in-degree board of the same size (see :mod:`changeplanner.analysis.adoption`).

    Args:
        plan: The open plan; it is read in one transaction, so the work may run in a worker.
        board_id: A saved board's id, or ``None`` for the latest (or a fresh proposal).
        runs: Monte-Carlo runs.
        rounds: Rounds after round 0.
        seed: Random seed; the same seed gives the same result.
        progress: Progress and cancel state.

    Raises:
        UserError: ``board_id`` is not a saved board, or the plan has no people.
    """
    progress = progress or Progress()
    snapshot = plans.snapshot(plan, skills=False)
    if not snapshot.people:
        raise UserError(_("The plan has no people yet, so there is nothing to simulate."))
    if board_id is not None:
        chosen = next((b for b in snapshot.boards if b.id == board_id), None)
        if chosen is None:
            raise UserError(_("The plan has no saved change board number {id}.").format(
                id=board_id))
    else:
        chosen = max(snapshot.boards, key=lambda b: b.id, default=None)
    if chosen is not None:
        members = [seat.person_id for seat in chosen.seats]
        name = _("{name} (version {id})").format(name=chosen.name, id=chosen.id)
        rest = progress
    else:
        proposal = propose(plan, progress=progress.child(0.0, 0.5))
        members = [m.id for m in proposal.members]
        name = _("Proposed board (not saved)")
        rest = progress.child(0.5, 1.0)
    return simulate_adoption(snapshot, members, runs=runs, rounds=rounds, seed=seed,
                             board_name=name, progress=rest)


def delete_board(plan: Plan, board_id: int) -> repo.RemovedBoard:
    """Delete a saved board version; return what :func:`restore_board` needs (undo).

    Raises:
        UserError: the version is no longer in the plan.
    """
    try:
        with plan.transaction() as session:
            return repo.delete_board(session=session, board_id=board_id)
    except KeyError:
        raise UserError(_("This board version is no longer in the plan.")) from None


def restore_board(plan: Plan, removed: repo.RemovedBoard) -> int:
    """Put back a deleted board version exactly as it was; return its id."""
    with plan.transaction() as session:
        return repo.restore_board(session=session, removed=removed)


def latest_board(plan: Plan) -> domain.ChangeBoard | None:
    """The most recently saved board version, or ``None`` (without reading the network)."""
    with plan.reading() as session:
        return repo.latest_board(session=session)


def propose_and_save(plan: Plan, size: int, options: Mapping[str, object] | None = None, *,
                     progress: Progress) -> tuple[int, BoardProposal]:
    """Propose a board of ``size`` seats and save it as a new version (the GUI's action).

    ``options`` are the keyword options of :func:`propose` (only those that differ from the
    defaults). Returns ``(board id, proposal)``; the proposal keeps the alternatives per
    seat, which a saved board does not.
    """
    proposal = propose(plan, size=size, progress=progress.child(0.0, 0.95),
                       **dict(options or {}))
    progress.update(0.97, _("Saving the proposal…"))
    return save_proposal(plan, proposal), proposal


@dataclass
class BoardsData:
    """The saved boards of a plan and what is needed to show them (plain data)."""

    plan_name: str = ""
    people: dict[str, domain.Person] = field(default_factory=dict)
    boards: tuple[domain.ChangeBoard, ...] = ()
    #: The share of all people within two steps of each board's members, by board id.
    reach_2step: dict[int, float] = field(default_factory=dict)
    #: The department the plan transforms, if recorded.
    transforming_department: str | None = None

    @property
    def default_size(self) -> int:
        """The board size the analysis suggests for this many people."""
        return default_board_size(len(self.people))


def load_boards(plan: Plan, *, progress: Progress) -> BoardsData:
    """Read the saved boards of ``plan`` and what the board page shows with them."""
    progress.update(0.0, _("Reading the change boards…"))
    snapshot = plans.snapshot(plan)
    neighbours: dict[str, set[str]] = {}
    for tie in snapshot.ties:
        if tie.source != tie.target:
            neighbours.setdefault(tie.source, set()).add(tie.target)
            neighbours.setdefault(tie.target, set()).add(tie.source)
    people = snapshot.people_by_id()
    return BoardsData(plan_name=snapshot.name or plan.path.stem, people=people,
                      boards=snapshot.boards,
                      reach_2step={board.id: two_step_reach(
                          [seat.person_id for seat in board.seats], neighbours, people)
                          for board in snapshot.boards},
                      transforming_department=snapshot.transforming_department)


def two_step_reach(members: list[str], neighbours: dict[str, set[str]],
                   people: dict[str, domain.Person]) -> float:
    """Share of ``people`` on the board, tied to a member or tied to someone who is."""
    if not people:
        return 0.0
    one = {m for m in members if m in people}
    for member in list(one):
        one |= neighbours.get(member, set())
    two = set(one)
    for person in one:
        two |= neighbours.get(person, set())
    return len(two & people.keys()) / len(people)
