"""Use case: export the skills matrix of a plan to Excel (XLSX) or CSV.

The file type follows the suffix: ``.xlsx`` writes the workbook with heat colours, a legend
and the targets; ``.csv`` the wide table (one row per person, one column per skill) or, with
``long=True`` or a name ending in ``_long.csv``, one row per rating
(``id;skill;level;target;wants_to_learn``). CSV files are UTF-8 with BOM and
``;``-separated, so German Excel opens them directly. Importing an XLSX or long CSV export
again restores every level, target and learning wish.
"""

from __future__ import annotations

import os
from pathlib import Path

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.progress import Progress
from changeplanner.store import exporters, repo
from changeplanner.store.db import Plan

__all__ = ["EXPORT_SUFFIXES", "export_skills", "skills_export_data"]

#: The file types :func:`export_skills` writes.
EXPORT_SUFFIXES = (".xlsx", ".csv")


def skill_order(skill: domain.Skill) -> tuple:
    """Column order of the export, as in the matrix: categories alphabetically, skills
    without a category last, then by name."""
    return (not skill.category, skill.category.casefold(), skill.name.casefold(), skill.id)


def export_skills(plan: Plan, path: str | os.PathLike, *, long: bool = False,
                  include_archived: bool = False, progress: Progress | None = None) -> Path:
    """Write the skills matrix of ``plan`` to ``path`` (``.xlsx`` or ``.csv``).

    Args:
        plan: the open plan (only read).
        path: the file to write; an existing file is replaced. ``.xlsx`` gives the
            workbook (sheets Skills, Legend, Targets), ``.csv`` a CSV file.
        long: for CSV, one row per rating (``id;skill;level;target;wants_to_learn``)
            instead of one row per person; it keeps targets and learning wishes. A file
            name ending in ``_long.csv`` asks for it too.
        include_archived: also export archived skills.
        progress: updated now and then; cancelling stops before anything is written.

    Returns:
        The path written.

    Raises:
        UserError: the suffix is not ``.xlsx`` or ``.csv``, ``long`` is asked for an XLSX
            file, or the file cannot be written (the message names it).
        Cancelled: the user cancelled; nothing was written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise UserError(_("Choose a file name ending in .xlsx (Excel) or .csv."),
                        file=str(path))
    if long and suffix != ".csv":
        raise UserError(_("The long format (one row per rating) is written as CSV; choose a "
                          "file name ending in .csv."), file=str(path))
    long = long or path.name.lower().endswith("_long.csv")
    progress = progress or Progress()
    progress.update(0.0, _("Reading the plan"))
    data = skills_export_data(plan, include_archived=include_archived)
    progress.update(0.3, _("Writing {file}…").format(file=path.name))
    if suffix == ".xlsx":
        exporters.write_skills_xlsx(path, data)
    elif long:
        exporters.write_skills_long_csv(path, data)
    else:
        exporters.write_skills_csv(path, data)
    progress.update(1.0)
    return path


def skills_export_data(plan: Plan, *, include_archived: bool = False
                       ) -> exporters.SkillsExport:
    """Read what a skills export writes: people, skills, levels, targets, level names."""
    with plan.reading() as session:
        skills = sorted(repo.list_skills(session=session, include_archived=include_archived),
                        key=skill_order)
        people = repo.list_people(session=session)
        ratings = repo.list_ratings(session=session)
        level_texts = repo.list_level_texts(session=session)
    column = {s.id: k for k, s in enumerate(skills)}
    row = {p.id: i for i, p in enumerate(people)}
    levels = [bytearray([exporters.NO_LEVEL]) * len(skills) for _p in people]
    targets = []
    for rating in ratings:
        k = column.get(rating.skill_id)
        if k is None:
            continue  # an archived skill
        levels[row[rating.person_id]][k] = rating.level
        if rating.target is not None or rating.wants_to_learn:
            targets.append((rating.person_id, k, rating.target, rating.wants_to_learn))
    targets.sort(key=lambda t: (row[t[0]], t[1]))
    return exporters.SkillsExport(
        skills=[s.name for s in skills],
        people=[(p.id, p.name, p.department) for p in people],
        levels=[bytes(b) for b in levels],
        targets=targets,
        legend=level_legend(level_texts),
        yes=_("yes"), no=_("no"))


def level_legend(level_texts: list[domain.LevelText]) -> list[tuple[int, str, str]]:
    """``(level, name, description)`` for 0-4: the plan's own texts where it has them,
    else the default names (translated)."""
    plan_wide = {t.level: t for t in level_texts if t.skill_id is None}
    legend = []
    for level in range(domain.LEVEL_MIN, domain.LEVEL_MAX + 1):
        text = plan_wide.get(level)
        if text is not None and text.name:
            legend.append((level, text.name, text.description))
        else:
            legend.append((level, _(domain.LEVEL_LABELS[level]),
                           text.description if text is not None else ""))
    return legend
