"""Import people, ties and skill levels from a CSV or Excel file into a plan.

The whole file is read and checked first; only then is everything written in one
transaction. A bad row therefore rejects the whole file and leaves the plan exactly as it
was. Importing the same file again updates by id and never duplicates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from changeplanner.errors import ImportFileError
from changeplanner.i18n import _
from changeplanner.progress import Progress
from changeplanner.store import importers, repo
from changeplanner.store.db import Plan

IMPORT_KINDS = ("people", "ties", "skills")

#: Share of the progress bar spent reading and checking the file (the rest is writing).
_READING = 0.6


@dataclass(frozen=True)
class ImportResult:
    """What an import changed.

    Attributes:
        kind: ``people``, ``ties`` or ``skills``.
        file: the imported file.
        rows: data rows read (empty rows not counted).
        added: people, ties or ratings (person x skill levels) that are new.
        updated: people, ties or ratings that existed and were updated.
        created_skills: skills the import added to the catalogue.
        ignored_columns: headers of columns that were not imported (the UI warns).
    """

    kind: str
    file: str
    rows: int
    added: int
    updated: int
    created_skills: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()


def import_file(plan: Plan, kind: str, path: str | os.PathLike, *, relation: str | None = None,
                create_skills: bool = True, progress: Progress | None = None) -> ImportResult:
    """Import a people, ties or skills file (CSV or XLSX) into ``plan``.

    Args:
        plan: the open plan.
        kind: one of :data:`IMPORT_KINDS`.
        path: the file.
        relation: for ties, the relation of rows without one (default ``advice``).
        create_skills: for skills, add unknown skills to the catalogue (else reject the file).
        progress: updated now and then; cancelling stops the import with nothing written.

    Returns:
        What was read and changed.

    Raises:
        ImportFileError: the file or one of its rows is bad (file, row and column are named);
            the plan is unchanged.
        PlanFileError: the plan could not be written; it is unchanged.
        Cancelled: the user cancelled; the plan is unchanged.
        ValueError: ``kind`` is not one of :data:`IMPORT_KINDS`.
    """
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {IMPORT_KINDS}")
    progress = progress or Progress()
    progress.update(0.0, _("Reading {file}…").format(file=os.fspath(path)))
    reading = progress.child(0.0, _READING)
    if kind == "people":
        return _import_people(plan, path, reading, progress)
    if kind == "ties":
        return _import_ties(plan, path, relation, reading, progress)
    return _import_skills(plan, path, create_skills, reading, progress)


def _saving(progress: Progress) -> None:
    progress.update(_READING, _("Saving to the plan…"))


def _done(progress: Progress, result: ImportResult) -> ImportResult:
    progress.update(1.0, _("Imported {rows} rows.").format(rows=result.rows))
    return result


def _import_people(plan: Plan, path: str | os.PathLike, reading: Progress,
                   progress: Progress) -> ImportResult:
    parsed = importers.parse_people(path, progress=reading)
    with plan.transaction() as session:
        importers.check_people(parsed, repo.person_ids(session=session))
        existing = {p.id: p for p in repo.list_people(session=session)
                    if p.id in parsed.row_of}
        _saving(progress)
        added, updated = repo.upsert_people(session=session,
                                            people=importers.merge_people(parsed, existing))
    return _done(progress, ImportResult(
        kind="people", file=parsed.file, rows=parsed.rows, added=added, updated=updated,
        ignored_columns=parsed.ignored_columns))


def _import_ties(plan: Plan, path: str | os.PathLike, relation: str | None,
                 reading: Progress, progress: Progress) -> ImportResult:
    parsed = importers.parse_ties(path, relation=relation, progress=reading)
    with plan.transaction() as session:
        importers.check_ties(parsed, repo.person_ids(session=session))
        _saving(progress)
        before = repo.count_ties(session=session)
        written = repo.upsert_ties(session=session, ties=parsed.unique_ties())
        added = repo.count_ties(session=session) - before
    return _done(progress, ImportResult(
        kind="ties", file=parsed.file, rows=parsed.rows, added=added, updated=written - added,
        ignored_columns=parsed.ignored_columns))


def _import_skills(plan: Plan, path: str | os.PathLike, create_skills: bool,
                   reading: Progress, progress: Progress) -> ImportResult:
    with plan.reading() as session:
        catalogue = [s.name for s in repo.list_skills(session=session)]
    parsed = importers.parse_skills(path, known_skills=catalogue, progress=reading)
    with plan.transaction() as session:
        catalogue = [s.name for s in repo.list_skills(session=session)]
        names, created = importers.check_skills(
            parsed, repo.person_ids(session=session), catalogue, create_skills=create_skills)
        _saving(progress)
        skill_ids = repo.ensure_skills(session=session, skills=created)
        added, updated = repo.upsert_rating_levels(
            session=session, levels=_with_progress(
                parsed.levels([skill_ids[n] for n in names]), parsed.cell_count(), progress))
    return _done(progress, ImportResult(
        kind="skills", file=parsed.file, rows=parsed.rows, added=added, updated=updated,
        created_skills=tuple(created), ignored_columns=parsed.ignored_columns))


def _with_progress(levels, total: int, progress: Progress):
    """Pass ``levels`` through, reporting the writing share of the progress bar."""
    step = max(total // 20, 10_000)
    for count, item in enumerate(levels, start=1):
        if count % step == 0:
            progress.update(_READING + (1 - _READING) * count / total)
        yield item


__all__ = ["IMPORT_KINDS", "ImportFileError", "ImportResult", "import_file"]
