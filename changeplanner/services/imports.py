"""Import people, ties, skill levels, pilots, goals and ideas from a CSV or Excel file into a
plan, or preview it.

The whole file is read and checked first; only then is everything written in one
transaction. A bad row therefore rejects the whole file and leaves the plan exactly as it
was. Importing the same file again updates and never duplicates: people by id, ties by
source, target and relation, pilots by name, goals and measures by title, ideas by date,
author and text (filled cells overwrite, empty cells keep what the plan has).

:func:`preview_import` runs the very same reading and checking (one code path, see
:class:`changeplanner.store.importers.ParseRun`) but collects every problem instead of
stopping at the first, and writes nothing: the GUI shows it before the user imports.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from changeplanner import domain
from changeplanner.errors import ImportFileError
from changeplanner.i18n import _
from changeplanner.progress import Progress
from changeplanner.store import bulk, importers, repo
from changeplanner.store.db import Plan

IMPORT_KINDS = ("people", "ties", "skills", "survey", "pilots", "goals", "ideas")
#: The kinds of file that hold pilots, goals and measures, or ideas (one record per row).
RECORD_KINDS = ("pilots", "goals", "ideas")

#: Share of the progress bar spent reading and checking the file (the rest is writing).
_READING = 0.6


@dataclass(frozen=True)
class ImportResult:
    """What an import changed.

    Attributes:
        kind: one of :data:`IMPORT_KINDS`.
        file: the imported file.
        rows: data rows read (empty rows not counted).
        added: people, ties, ratings (person x skill levels), pilots, goals and measures, or
            ideas that are new.
        updated: those that existed and were updated.
        created_skills: skills the import added to the catalogue.
        ignored_columns: headers of columns that were not imported (the UI warns).
        layout: skills files: ``wide`` or ``long``; else empty.
        details: goals files: ``(what, added, updated)`` for ``goals``, ``measures`` and
            ``impacts`` (impacts set to 0 count as updated); else empty.
    """

    kind: str
    file: str
    rows: int
    added: int
    updated: int
    created_skills: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    layout: str = ""
    details: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an import file.

    Attributes:
        file: the file (with the sheet, for a further sheet of an Excel file).
        row: the row as Excel shows it (header = 1), or ``None`` for the file as a whole.
        column: the column's header (or letter), or ``None``.
        message: the translated problem, without the place.
        text: the complete message with file, row and column.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    text: str

    @classmethod
    def from_error(cls, error: ImportFileError) -> ImportProblem:
        """The problem an :class:`ImportFileError` describes."""
        return cls(file=error.file or "", row=error.row, column=error.column,
                   message=error.problem, text=str(error))


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do, found without writing anything.

    Attributes:
        kind: one of :data:`IMPORT_KINDS`.
        file: the file.
        file_type: ``csv`` or ``xlsx`` (empty when the file could not be opened).
        layout: skills files: ``wide`` or ``long``; else the kind.
        delimiter: CSV: ``,``, ``;`` or a tab.
        encoding: CSV: ``utf-8-sig`` (UTF-8 with BOM), ``utf-8``, ``cp1252`` or ``utf-16``.
        sheet: XLSX: the worksheet read.
        extra_sheets: XLSX: further sheets read (the “Targets” sheet of a skills export).
        header: the header row's cells.
        columns: per header column ``(header, read as)``: a field name (``id``, ``name``,
            ``skill``, ...), a skill name (wide skills files) or ``"ignore"``.
        fields: the field names a column can be mapped to (besides ``"ignore"``; a column
            of a wide skills file can also be given any skill name).
        rows: the first data rows as ``(row number, cell texts aligned with header)``.
        data_rows: data rows read without problems.
        errors: the problems found, by row (at most the limit given).
        error_count: how many problems were found in all.
        added: people, ties, ratings, pilots, goals and measures, or ideas the import would
            add.
        updated: those it would update.
        created_skills: skills it would add to the catalogue.
        ignored_columns: columns that would not be imported because they are unknown.
    """

    kind: str
    file: str
    file_type: str
    layout: str
    delimiter: str
    encoding: str
    sheet: str
    extra_sheets: tuple[str, ...]
    header: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    fields: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    data_rows: int
    errors: tuple[ImportProblem, ...]
    error_count: int
    added: int = 0
    updated: int = 0
    created_skills: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file can be imported as it is."""
        return self.error_count == 0

    @property
    def mapping(self) -> dict[str, str]:
        """File column header -> what it is read as (see :attr:`columns`)."""
        return {header: target for header, target in self.columns if header}


@dataclass
class _Checked:
    """A parsed file checked against the plan: what the import would write."""

    kind: str
    parsed: Any
    people: list | None = None
    ties: list | None = None
    respondents: list[str] | None = None
    skill_names: list[str] | None = None
    created: tuple[str, ...] = ()
    #: pilots and ideas: one change per record; goals: the goals, measures and impacts.
    changes: Any = None


def _check_kind(kind: str) -> None:
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {IMPORT_KINDS}")


def import_file(plan: Plan, kind: str, path: str | os.PathLike, *, relation: str | None = None,
                create_skills: bool = True, mapping: Mapping[str, str] | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Import a people, ties, skills, survey, pilots, goals or ideas file (CSV or XLSX) into
    ``plan``.

    Skills files may be wide (``id`` then one column per skill) or long (``id, skill,
    level, target, wants_to_learn``); the layout is detected from the header. Pilots are
    matched by name, goals and measures by title and ideas by date, author and text: a
    match is updated (its filled cells overwrite), anything else is added.

    Args:
        plan: the open plan.
        kind: one of :data:`IMPORT_KINDS`.
        path: the file.
        relation: for ties, the relation of rows without one (default ``advice``).
        create_skills: for skills, add unknown skills to the catalogue (else reject the file).
        mapping: a manual column mapping, file column header -> field name, skill name or
            ``"ignore"`` (as the preview offers it); other columns are mapped automatically.
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
    _check_kind(kind)
    progress = progress or Progress()
    progress.update(0.0, _("Reading {file}…").format(file=os.fspath(path)))
    run = importers.ParseRun(mapping=mapping)
    parsed = _parse(plan, kind, path, run, relation, progress.child(0.0, _READING))
    with plan.transaction() as session:
        checked = _check(session, kind, parsed, run.problems, create_skills)
        progress.update(_READING, _("Saving to the plan…"))
        details: tuple[tuple[str, int, int], ...] = ()
        if kind in RECORD_KINDS:
            details = _write_records(session, checked)
            # Records count (goals files: goals and measures); impacts only in the details.
            added, updated = sum(d[1] for d in details[:2]), sum(d[2] for d in details[:2])
            if kind != "goals":
                details = ()
        else:
            added, updated = _write(session, checked, progress)
    result = ImportResult(kind=kind, file=parsed.file, rows=parsed.rows, added=added,
                          updated=updated, created_skills=checked.created,
                          ignored_columns=parsed.ignored_columns,
                          layout=run.layout if kind == "skills" else "", details=details)
    progress.update(1.0, _("Imported {rows} rows.").format(rows=result.rows))
    return result


def preview_import(plan: Plan, kind: str, path: str | os.PathLike, *,
                   mapping: Mapping[str, str] | None = None, max_rows: int = 50,
                   max_errors: int = 100, relation: str | None = None,
                   create_skills: bool = True, progress: Progress | None = None
                   ) -> ImportPreview:
    """Read and check a whole file as :func:`import_file` would, without writing anything.

    Args:
        plan: the open plan (only read).
        kind: one of :data:`IMPORT_KINDS`.
        path: the file.
        mapping: a manual column mapping, as for :func:`import_file`.
        max_rows: how many data rows to return for display.
        max_errors: how many problems to return (all are counted).
        relation: for ties, as for :func:`import_file`.
        create_skills: for skills, as for :func:`import_file` (when false, unknown skills
            are problems).
        progress: updated while reading; cancelling raises Cancelled.

    Returns:
        The preview; a file that cannot be read at all gives a preview with that one
        problem (and the header, when it was read).

    Raises:
        Cancelled: the user cancelled.
        ValueError: ``kind`` is not one of :data:`IMPORT_KINDS`.
    """
    _check_kind(kind)
    progress = progress or Progress()
    run = importers.ParseRun.collecting(mapping=mapping, limit=max_errors,
                                        sample_rows=max_rows)
    problems = run.problems
    fatal: list[ImportFileError] = []
    checked = None
    added = updated = 0
    try:
        parsed = _parse(plan, kind, path, run, relation, progress.child(0.0, 0.9))
    except ImportFileError as exc:
        fatal.append(exc)
    else:
        with plan.reading() as session:
            checked = _check(session, kind, parsed, problems, create_skills)
            added, updated = _count(session, checked)
    progress.update(1.0)
    main_file = os.fspath(path)
    errors = sorted((ImportProblem.from_error(e) for e in fatal + problems.errors),
                    key=lambda p: (p.file != main_file and p.row is not None, p.row or 0))
    header = tuple(run.header)
    long = run.layout == "long"
    fields = importers.FIELDS["skills_long" if long else kind] if run.header else ()
    parsed = checked.parsed if checked else None
    return ImportPreview(
        kind=kind, file=main_file, file_type=run.file_type, layout=run.layout or kind,
        delimiter=run.delimiter, encoding=run.encoding, sheet=run.sheet,
        extra_sheets=tuple(run.extra_sheets), header=header, columns=tuple(run.columns),
        fields=fields, rows=tuple(_display_rows(run.sample, len(header))),
        data_rows=parsed.rows if parsed else 0, errors=tuple(errors[:max_errors]),
        error_count=problems.count + len(fatal), added=added, updated=updated,
        created_skills=checked.created if checked else (),
        ignored_columns=tuple(parsed.ignored_columns) if parsed else ())


def _display_rows(sample: Iterable[tuple[int, list[Any]]], width: int
                  ) -> Iterator[tuple[int, tuple[str, ...]]]:
    for number, cells in sample:
        yield number, tuple(importers.cell_text(cells[i]) if i < len(cells) else ""
                            for i in range(width))


# -- the one code path of import and preview ----------------------------------------------

def _parse(plan: Plan, kind: str, path: str | os.PathLike, run: importers.ParseRun,
           relation: str | None, progress: Progress) -> Any:
    """Read and check the file on its own (no plan data except the skill names)."""
    if kind == "people":
        return importers.parse_people(path, progress=progress, run=run)
    if kind == "ties":
        return importers.parse_ties(path, relation=relation, progress=progress, run=run)
    if kind == "survey":
        return importers.parse_survey(path, relation=relation, progress=progress, run=run)
    if kind in RECORD_KINDS:
        parse = {"pilots": importers.parse_pilots, "goals": importers.parse_goals,
                 "ideas": importers.parse_ideas}[kind]
        return parse(path, progress=progress, run=run)
    with plan.reading() as session:
        catalogue = [s.name for s in repo.list_skills(session=session)]
    return importers.parse_skills(path, known_skills=catalogue, progress=progress, run=run)


def _check(session, kind: str, parsed: Any, problems: importers.Problems,
           create_skills: bool) -> _Checked:
    """Check the parsed file against the plan; work out what to write."""
    if kind in RECORD_KINDS:
        return _check_records(session, kind, parsed, problems)
    plan_ids = repo.person_ids(session=session)
    if kind == "people":
        importers.check_people(parsed, plan_ids, problems=problems)
        existing = {p.id: p for p in repo.list_people(session=session)
                    if p.id in parsed.row_of}
        return _Checked(kind, parsed, people=importers.merge_people(parsed, existing))
    if kind == "ties":
        importers.check_ties(parsed, plan_ids, problems=problems)
        return _Checked(kind, parsed, ties=parsed.unique_ties())
    if kind == "survey":
        respondents, ties = importers.check_survey(parsed, repo.list_people(session=session),
                                                   problems=problems)
        return _Checked(kind, parsed, ties=ties, respondents=respondents)
    catalogue = [s.name for s in repo.list_skills(session=session)]
    names, created = importers.check_skills(parsed, plan_ids, catalogue,
                                            create_skills=create_skills, problems=problems)
    return _Checked(kind, parsed, skill_names=names, created=tuple(created))


def _write(session, checked: _Checked, progress: Progress) -> tuple[int, int]:
    """Write what :func:`_check` worked out; return ``(added, updated)``."""
    if checked.kind == "people":
        return repo.upsert_people(session=session, people=checked.people)
    if checked.kind == "survey":
        _record_survey(session, checked)
        _drop_earlier_answers(session, checked)
    if checked.kind in ("ties", "survey"):
        before = repo.count_ties(session=session)
        written = repo.upsert_ties(session=session, ties=checked.ties)
        added = repo.count_ties(session=session) - before
        return added, written - added
    parsed = checked.parsed
    skill_ids = repo.ensure_skills(session=session, skills=checked.created)
    ratings = parsed.ratings([skill_ids[name] for name in checked.skill_names])
    return bulk.upsert_rating_values(
        session=session, ratings=_with_progress(ratings, parsed.rating_count(), progress),
        fields=parsed.fields)


def _record_survey(session, checked: _Checked) -> None:
    """Add the respondents to those the plan records for the survey's relation."""
    relation = checked.parsed.relation
    before = repo.get_survey(session=session, relation=relation) or {}
    respondents = list(before.get("respondents", []))
    respondents += [r for r in checked.respondents if r not in set(respondents)]
    repo.set_survey(session=session, relation=relation, survey={
        "respondents": respondents, "date": datetime.date.today().isoformat(),
        "file": os.path.basename(checked.parsed.file)})


def _drop_earlier_answers(session, checked: _Checked) -> None:
    """A respondent's new answer replaces the earlier one: ties of the survey's relation
    from a respondent of this file to colleagues they no longer name are removed."""
    relation = checked.parsed.relation
    respondents = set(checked.respondents)
    named = {(t.source, t.target) for t in checked.ties}
    repo.delete_ties(session=session, ties=[
        t for t in repo.list_ties(session=session)
        if t.relation == relation and t.source in respondents
        and (t.source, t.target) not in named])


def _count(session, checked: _Checked) -> tuple[int, int]:
    """What :func:`_write` would return, without writing (rows naming people who are not
    in the plan are left out: they are problems)."""
    if checked.kind in RECORD_KINDS:
        return _count_records(session, checked)
    plan_ids = repo.person_ids(session=session)
    if checked.kind == "people":
        new = sum(1 for p in checked.people if p.id not in plan_ids)
        return new, len(checked.people) - new
    if checked.kind in ("ties", "survey"):
        existing = {(t.source, t.target, t.relation) for t in repo.list_ties(session=session)}
        ties = [t for t in checked.ties if t.source in plan_ids and t.target in plan_ids]
        new = sum(1 for t in ties if (t.source, t.target, t.relation) not in existing)
        return new, len(ties) - new
    plan_skills = {s.name: s.id for s in repo.list_skills(session=session)}
    # Skills still to be created (or unknown) get ids no rating has.
    ids = [plan_skills.get(name, -1 - k) for k, name in enumerate(checked.skill_names)]
    keys = bulk.rating_keys(session=session)
    added = updated = 0
    for person_id, skill_id, *_values in checked.parsed.ratings(ids):
        if (person_id, skill_id) in keys:
            updated += 1
        elif person_id in plan_ids:
            added += 1
    return added, updated


# -- pilots, goals and ideas -----------------------------------------------------------

def _check_records(session, kind: str, parsed: importers.ParsedRecords,
                   problems: importers.Problems) -> _Checked:
    """Resolve a pilots, goals or ideas file against the plan's records."""
    goals = repo.list_records(session=session, cls=domain.Goal)
    measures = repo.list_records(session=session, cls=domain.Measure)
    if kind == "goals":
        changes = importers.check_goals(parsed, goals=goals, measures=measures,
                                        problems=problems)
    elif kind == "pilots":
        changes = importers.check_pilots(parsed, people=repo.list_people(session=session),
                                         goals=goals, pilots=repo.list_pilots(session=session),
                                         problems=problems)
    else:
        changes = importers.check_ideas(
            parsed, people=repo.list_people(session=session),
            pilots=repo.list_pilots(session=session), measures=measures,
            ideas=repo.list_records(session=session, cls=domain.Idea), problems=problems)
    return _Checked(kind, parsed, changes=changes)


def _split(changes: Iterable[importers.RecordChange]) -> tuple[int, int]:
    """``(added, updated)`` of some changes."""
    changes = list(changes)
    added = sum(1 for c in changes if c.record_id is None)
    return added, len(changes) - added


def _count_records(session, checked: _Checked) -> tuple[int, int]:
    """``(added, updated)`` records (goals files: goals and measures) an import would write."""
    if checked.kind != "goals":
        return _split(checked.changes)
    goals, measures = _split(checked.changes.goals), _split(checked.changes.measures)
    return goals[0] + measures[0], goals[1] + measures[1]


def _decided(idea: domain.Idea) -> domain.Idea:
    """The app's rule for the decision date: a decided idea without one gets today's, an
    undecided idea has none."""
    if idea.status not in domain.IDEA_DECIDED:
        return dataclasses.replace(idea, decided="")
    if not idea.decided:
        return dataclasses.replace(idea, decided=datetime.date.today().isoformat())
    return idea


def _save(session, cls: type, change: importers.RecordChange) -> int:
    """Add or update one record; return its id."""
    if change.record_id is None:
        record = cls(id=0, **change.values)
    else:
        before = repo.get_record(session=session, cls=cls, record_id=change.record_id)
        record = dataclasses.replace(before, **change.values)
    if cls is domain.Idea:
        record = _decided(record)
    if change.record_id is None:
        return repo.insert_record(session=session, record=record)
    repo.update_record(session=session, record=record)
    return change.record_id


def _write_records(session, checked: _Checked) -> tuple[tuple[str, int, int], ...]:
    """Write pilots, goals (with measures and impacts) or ideas.

    Returns:
        ``(what, added, updated)`` per kind of record written.
    """
    if checked.kind != "goals":
        cls = domain.Pilot if checked.kind == "pilots" else domain.Idea
        for change in checked.changes:
            _save(session, cls, change)
        return ((checked.kind, *_split(checked.changes)),)
    changes = checked.changes
    goal_ids = {c.key: _save(session, domain.Goal, c) for c in changes.goals}
    measure_ids = {c.key: _save(session, domain.Measure, c) for c in changes.measures}
    current = {(i.measure_id, i.goal_id): i.score for i in repo.list_impacts(session=session)}
    added = updated = 0
    for _row, measure, goal, score in changes.impacts:
        pair = (measure_ids[measure], goal_ids[goal])
        before = current.get(pair, 0)
        if score is None:  # an empty cell: keep the plan's score, else +1
            score = before or 1
        if score != before:
            repo.set_impact(session=session, measure_id=pair[0], goal_id=pair[1], score=score)
        if before:
            updated += 1
        elif score:
            added += 1
    return (("goals", *_split(changes.goals)), ("measures", *_split(changes.measures)),
            ("impacts", added, updated))


def _with_progress(items: Iterable, total: int, progress: Progress) -> Iterator:
    """Pass ``items`` through, reporting the writing share of the progress bar."""
    step = max(total // 20, 10_000)
    for count, item in enumerate(items, start=1):
        if count % step == 0 and total:
            progress.update(min(1.0, _READING + (1 - _READING) * count / total))
        yield item


__all__ = ["IMPORT_KINDS", "RECORD_KINDS", "ImportFileError", "ImportPreview", "ImportProblem",
           "ImportResult", "import_file", "preview_import"]
