"""Use cases of the skills analysis: risks, gaps, compliance, teachers, staffing.

Each function reads the plan in one transaction (:func:`changeplanner.services.plans.snapshot`)
and hands the snapshot to :mod:`changeplanner.analysis.skills`, so it may run in a worker.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from changeplanner import domain
from changeplanner.analysis import skills as analysis
from changeplanner.analysis.skills import (
    Compliance,
    Gap,
    GapCell,
    SkillRisk,
    StaffingResult,
    Teacher,
)
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.services import plans
from changeplanner.store.db import Plan

__all__ = ["risks", "gaps", "compliance", "gap_matrix", "teachers", "staff"]


def risks(plan: Plan) -> list[SkillRisk]:
    """Skills with fewer than two experts in a department or in the whole plan, and skills
    nobody has (see :func:`changeplanner.analysis.skills.skill_risks`)."""
    return analysis.skill_risks(plans.snapshot(plan, skills=True))


def gaps(plan: Plan) -> list[Gap]:
    """Every person below their effective target, with names filled in."""
    return analysis.gaps(plans.snapshot(plan, skills=True))


def compliance(plan: Plan) -> Compliance:
    """Targets met ÷ targets, per person, per department and for the whole plan."""
    return analysis.compliance(plans.snapshot(plan, skills=True))


def gap_matrix(plan: Plan) -> dict[tuple[str, int], GapCell]:
    """The department × skill gap heatmap."""
    return analysis.department_gap_matrix(plans.snapshot(plan, skills=True))


def teachers(plan: Plan, person_id: str, skill_id: int, *, limit: int = 5) -> list[Teacher]:
    """Who could teach ``person_id`` the skill ``skill_id``, best first.

    Raises:
        UserError: no such person or skill in the plan.
    """
    snapshot = plans.snapshot(plan, skills=True)
    _check(snapshot, person_ids=[person_id], skill_ids=[skill_id])
    return analysis.teachers_for(snapshot, person_id, skill_id, limit=limit)


def staff(plan: Plan, required: Mapping[int, int], *, candidates: Iterable[str] | None = None,
          exclude: Collection[str] = (), max_size: int | None = None,
          min_availability: int = 1) -> StaffingResult:
    """Propose the smallest team covering ``required`` (``skill_id -> minimum level``).

    See :func:`changeplanner.analysis.skills.staff_team` for the rules.

    Raises:
        UserError: an unknown skill, or a minimum level outside 1..4.
    """
    for level in required.values():
        if not domain.LEVEL_MIN < level <= domain.LEVEL_MAX:
            raise UserError(_("A minimum level must be a whole number from {low} to "
                              "{high}.").format(low=domain.LEVEL_MIN + 1,
                                                high=domain.LEVEL_MAX))
    snapshot = plans.snapshot(plan, skills=True)
    _check(snapshot, person_ids=(), skill_ids=required)
    return analysis.staff_team(snapshot, required, candidates=candidates, exclude=exclude,
                               max_size=max_size, min_availability=min_availability)


def _check(snapshot: domain.PlanSnapshot, *, person_ids: Iterable[str],
           skill_ids: Iterable[int]) -> None:
    people = {p.id for p in snapshot.people}
    for person_id in person_ids:
        if person_id not in people:
            raise UserError(_("There is no person with the id {id} in this plan.").format(
                id=person_id))
    skills = {s.id for s in snapshot.skills}
    for skill_id in skill_ids:
        if skill_id not in skills:
            raise UserError(_("There is no skill with the id {id} in this plan.").format(
                id=skill_id))
