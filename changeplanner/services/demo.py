"""Use case: write the built-in demo organisation into a new plan file: people, ties, skills,
requirement profiles, earlier levels, and the change work (pilots in detail, goals, measures
and their impacts, goal statements, ideas)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from changeplanner import demo, domain, paths
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.progress import Progress
from changeplanner.store import repo
from changeplanner.store.db import SUFFIX, building_plan

# Rows per bulk insert, so progress moves (and cancel is noticed) on large demos.
_CHUNK = 20_000


def create_demo(path: str | os.PathLike, *, people: int = 120, seed: int = 1,
                overwrite: bool = False, progress: Progress | None = None) -> Path:
    """Generate the demo organisation and write it to a new plan at ``path``.

    The plan is built in a temporary file and moved into place only when complete, so an
    error or a cancel leaves nothing behind; an existing file is replaced only with
    ``overwrite``.

    Args:
        path: the plan file to write.
        people: headcount, :data:`changeplanner.demo.MIN_PEOPLE` ..
            :data:`changeplanner.demo.MAX_PEOPLE`.
        seed: the same seed and headcount always give the same plan.
        overwrite: replace an existing file.
        progress: progress/cancel state.

    Returns:
        The path of the written plan.

    Raises:
        UserError: ``people`` is out of range.
        PlanFileError: the file exists (without ``overwrite``) or cannot be written.
        Cancelled: the user cancelled; no file was written.
    """
    progress = progress or Progress()
    if not demo.MIN_PEOPLE <= people <= demo.MAX_PEOPLE:
        raise UserError(_("The demo organisation needs between {min} and {max} people, not "
                          "{people}.").format(min=demo.MIN_PEOPLE, max=demo.MAX_PEOPLE,
                                              people=people))
    path = Path(path)
    progress.update(0.0, _("Generating the demo organisation …"))
    data = demo.generate(people=people, seed=seed)
    progress.update(0.25, _("Writing the plan …"))
    with building_plan(path, name=data.name, overwrite=overwrite) as plan:
        with plan.transaction() as session:
            repo.set_plan_name(session=session, name=data.name)
            repo.set_transforming_department(session=session,
                                             name=data.transforming_department)
            repo.upsert_people(session=session, people=data.people)
            skill_ids = repo.ensure_skills(session=session, skills=data.skills)
            by_demo_id = {s.id: skill_ids[s.name] for s in data.skills}
            ratings = data.ratings
            if any(k != v for k, v in by_demo_id.items()):  # a fresh plan numbers them alike
                ratings = tuple(domain.Rating(
                    person_id=r.person_id, skill_id=by_demo_id[r.skill_id], level=r.level,
                    target=r.target, wants_to_learn=r.wants_to_learn) for r in ratings)
            step = progress.child(0.3, 0.6)
            for start in range(0, len(ratings), _CHUNK):
                step.update(start / max(1, len(ratings)))
                repo.upsert_ratings(session=session, ratings=ratings[start:start + _CHUNK])
            step = progress.child(0.6, 0.95)
            for start in range(0, len(data.ties), _CHUNK):
                step.update(start / max(1, len(data.ties)))
                repo.upsert_ties(session=session, ties=data.ties[start:start + _CHUNK])
            for req in data.requirements:
                repo.set_requirement(session=session, scope=req.scope, value=req.value,
                                     skill_id=by_demo_id[req.skill_id], level=req.level)
            repo.add_rating_history(session=session, changes=[
                domain.RatingChange(c.person_id, by_demo_id[c.skill_id], c.level, c.changed)
                for c in data.history])
            _write_change_work(session, data, by_demo_id)
            progress.update(0.95, _("Saving …"))
    progress.update(1.0, _("Demo plan written."))
    return path


def _write_change_work(session, data: demo.DemoData, skill_ids: dict[int, int]) -> None:
    """Write the pilots (with everything recorded about them), goals, measures, impacts,
    goal statements and ideas, mapping the demo's ids to the plan's."""
    goal_ids = {g.id: repo.insert_record(session=session, record=replace(g, id=0))
                for g in data.goals}
    measure_ids = {m.id: repo.insert_record(session=session, record=replace(m, id=0))
                   for m in data.measures}
    repo.insert_impacts(session=session, impacts=[
        domain.Impact(measure_ids[i.measure_id], goal_ids[i.goal_id], i.score)
        for i in data.impacts])
    pilot_ids = {}
    for detail in data.pilot_details:
        pilot = detail.pilot
        pilot_id = repo.insert_record(session=session, record=replace(
            pilot, id=0, goal_ids=tuple(goal_ids[g] for g in pilot.goal_ids)))
        pilot_ids[pilot.id] = pilot_id
        repo.set_pilot_members(session=session, pilot_id=pilot_id, members=detail.members)
        repo.set_pilot_skills(session=session, pilot_id=pilot_id, skills=[
            domain.PilotSkill(pilot_id, skill_ids[s.skill_id], s.level) for s in detail.skills])
        kpi_ids = {k.id: repo.insert_record(session=session,
                                            record=replace(k, id=0, pilot_id=pilot_id))
                   for k in detail.kpis}
        for measurement in detail.measurements:
            repo.insert_record(session=session, record=replace(
                measurement, id=0, kpi_id=kpi_ids[measurement.kpi_id]))
        for record in (*detail.milestones, *detail.wins, *detail.deviations,
                       *detail.proven_processes):
            repo.insert_record(session=session, record=replace(record, id=0,
                                                               pilot_id=pilot_id))
    for statement in data.statements:
        repo.insert_record(session=session, record=replace(statement, id=0))
    for idea in data.ideas:
        repo.insert_record(session=session, record=replace(
            idea, id=0, pilot_id=pilot_ids.get(idea.pilot_id),
            measure_id=measure_ids.get(idea.measure_id)))


def demo_copy_path(folder: str | os.PathLike | None = None, *,
                   now: datetime | None = None) -> Path:
    """A new, not yet existing file name for a fresh demo copy.

    ``Demo 2026-11-23 17-40.changeplan`` in the user's data folder, with `` (2)``,
    `` (3)``, … added when that name is taken, so ``changeplanner --demo`` never
    overwrites anything.

    Args:
        folder: where to put it (default: :func:`changeplanner.paths.user_data_dir`).
        now: the time stamp to use (default: now).
    """
    folder = Path(folder) if folder is not None else paths.user_data_dir()
    stem = f"Demo {(now or datetime.now()):%Y-%m-%d %H-%M}"
    candidate = folder / f"{stem}{SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}){SUFFIX}"
        number += 1
    return candidate
