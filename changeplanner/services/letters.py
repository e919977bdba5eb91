"""Use case: tell an employee what became of their ideas, as a PDF letter.

The letter closes the feedback loop (DOMAIN.md, part 8). Ideas are grouped by author with
:func:`changeplanner.analysis.ideas.ideas_by_author`: the key is the person's id when the idea
is linked to a person of the plan (or its author's name is exactly one person's name), else
the author's name as first written.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from changeplanner.analysis.ideas import ideas_by_author
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.progress import Progress
from changeplanner.reports.idea_letter import IdeaLetterData, LetterIdea, render_idea_letter
from changeplanner.services import records
from changeplanner.store import repo
from changeplanner.store.db import Plan
from changeplanner.store.exporters import atomic_path

__all__ = ["export_idea_letter", "idea_letter_data"]


def idea_letter_data(plan: Plan, author_key: str, *,
                     date: datetime.date | None = None) -> IdeaLetterData:
    """The plain data of the letter for the author ``author_key`` (oldest idea first).

    The letter is addressed to the person's current name in the plan when ``author_key``
    is a person's id, else to the author's name as recorded.

    Raises:
        UserError: the plan has no ideas by ``author_key``.
    """
    with plan.reading() as session:
        people = repo.list_people(session=session)
        plan_name = repo.plan_name(session=session)
    ideas = ideas_by_author(records.list_ideas(plan), people).get(author_key) \
        if author_key.strip() else None
    if not ideas:
        raise UserError(_("There are no ideas by “{author}” in the plan.").format(
            author=author_key))
    pilots = {p.id: p.name for p in records.list_pilots(plan)}
    measures = {m.id: m.title for m in records.list_measures(plan)}
    person = next((p for p in people if p.id == author_key and p.name.strip()), None)
    recipient = person.name if person is not None else next(
        (i.author.strip() for i in ideas if i.author.strip()), author_key)
    return IdeaLetterData(
        plan_name=plan_name, recipient=recipient, date=date or datetime.date.today(),
        ideas=tuple(LetterIdea(
            text=idea.text, date=idea.date, status=idea.status,
            decision_note=idea.decision_note, decided=idea.decided, source=idea.source,
            pilot=pilots.get(idea.pilot_id, "") if idea.pilot_id is not None else "",
            measure=measures.get(idea.measure_id, "") if idea.measure_id is not None else "")
            for idea in ideas))


def export_idea_letter(plan: Plan, author_key: str, path: str | os.PathLike, *,
                       progress: Progress | None = None) -> Path:
    """Write the letter "what became of your ideas" for ``author_key`` to ``path`` (PDF).

    The letter is in the current language. The file is written beside ``path`` first and
    moved into place, so a failure never leaves a half-written PDF.

    Args:
        plan: The open plan.
        author_key: A person's id, or an author's name for ideas not linked to a person
            (the keys of :func:`changeplanner.analysis.ideas.ideas_by_author`).
        path: Where the PDF goes; an existing file is replaced.
        progress: Progress and cancel state.

    Returns:
        The path written.

    Raises:
        UserError: no ideas by ``author_key``, or the file cannot be written.
        Cancelled: ``progress`` was cancelled (nothing is written).
    """
    progress = progress or Progress()
    progress.update(0.0, _("Writing the letter…"))
    data = idea_letter_data(plan, author_key)
    pdf = render_idea_letter(data)
    progress.update(0.9)
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_bytes(pdf)
    progress.update(1.0)
    return target
