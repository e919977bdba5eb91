"""Use case: export the change-board brief of a plan as a PDF file."""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

from changeplanner import domain
from changeplanner.analysis.layout import layout_positions
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.progress import Progress
from changeplanner.reports.brief import BriefData, BriefMember, render_brief
from changeplanner.services import plans
from changeplanner.store import repo
from changeplanner.store.db import Plan

__all__ = ["export_brief", "brief_data"]


def export_brief(plan: Plan, out_path: str | os.PathLike, *, board_id: int | None = None,
                 progress: Progress | None = None) -> Path:
    """Write the change-board brief of ``plan`` to ``out_path`` (PDF).

    Uses the saved board ``board_id``, else the latest saved board; a plan without a saved
    board gets one proposed and saved first, so every brief can be reproduced later. The file
    is written to a temporary file beside ``out_path`` and moved into place, so a failure
    never leaves a half-written PDF.

    Args:
        plan: The open plan.
        out_path: Where the PDF goes; an existing file is replaced.
        board_id: A saved board's id, or ``None`` for the latest.
        progress: Progress and cancel state.

    Returns:
        The path written.

    Raises:
        UserError: ``board_id`` is not a saved board, or the file cannot be written.
        Cancelled: ``progress`` was cancelled (nothing is written).
    """
    out_path = Path(out_path)
    progress = progress or Progress()
    progress.update(0.0, _("Reading the plan"))
    snapshot = plans.snapshot(plan, skills=False)
    board = _choose_board(plan, snapshot, board_id, progress.child(0.05, 0.5))
    data = brief_data(snapshot, board, progress=progress.child(0.5, 0.7))
    progress.update(0.7, _("Writing the brief"))
    pdf = render_brief(data)
    progress.update(0.95)
    _write_atomically(out_path, pdf)
    progress.update(1.0)
    return out_path


def brief_data(snapshot: domain.PlanSnapshot, board: domain.ChangeBoard, *,
               date: datetime.date | None = None,
               progress: Progress | None = None) -> BriefData:
    """The plain data of the brief for a saved ``board`` of ``snapshot``."""
    people = snapshot.people_by_id()
    members = []
    for seat in board.seats:
        person = people.get(seat.person_id)
        members.append(BriefMember(
            id=seat.person_id, name=person.name if person else seat.person_id,
            department=person.department if person else "", role=seat.role,
            reasons=seat.reasons))
    positions = layout_positions(snapshot.people, snapshot.ties, progress=progress)
    edges = {(t.source, t.target) if t.source <= t.target else (t.target, t.source)
             for t in snapshot.ties if t.source != t.target}
    return BriefData(
        plan_name=snapshot.name, date=date or datetime.date.today(),
        people=len(snapshot.people), ties=len(snapshot.ties), reach=board.reach,
        members=tuple(members), unfilled=board.unfilled,
        positions=positions, edges=tuple(sorted(edges)),
        departments={p.id: p.department for p in snapshot.people}, board_name=board.name,
        transforming_department=snapshot.transforming_department)


def _choose_board(plan: Plan, snapshot: domain.PlanSnapshot, board_id: int | None,
                  progress: Progress) -> domain.ChangeBoard:
    if board_id is not None:
        for board in snapshot.boards:
            if board.id == board_id:
                return board
        raise UserError(_("The plan has no saved change board number {id}.").format(id=board_id))
    if snapshot.boards:
        return max(snapshot.boards, key=lambda b: b.id)
    # No board yet: propose one and save it, so the brief can be reproduced.
    from changeplanner.services import board as board_service

    proposal = board_service.propose(plan, progress=progress)
    new_id = board_service.save_proposal(plan, proposal)
    with plan.reading() as session:
        return next(b for b in repo.list_boards(session=session) if b.id == new_id)


def _write_atomically(out_path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``out_path``, then move it into place."""
    if out_path.is_dir():
        raise UserError(_("This is a folder; choose a file name for the brief."),
                        file=str(out_path))
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp",
                                        dir=out_path.parent)
        # mkstemp makes the file private; give it the mode a normal save would.
        os.chmod(tmp_name, out_path.stat().st_mode & 0o777 if out_path.exists() else 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, out_path)
        tmp_name = None
    except OSError as exc:
        raise UserError(_("The brief could not be written: {reason}").format(
            reason=exc.strerror or exc), file=str(out_path)) from exc
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
