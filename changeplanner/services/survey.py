"""Relationship surveys: response rates per department and a blank printable survey.

Who answered is recorded by the survey import (``services.imports``, kind ``survey``) in
the plan: per relation, the respondents' ids and the date.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import NamedTuple

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.reports.survey import BlankSurveyData, render_blank_survey
from changeplanner.store import repo
from changeplanner.store.db import Plan

#: Below this response rate survey results are only directional.
MIN_RESPONSE_RATE = 0.8


class ResponseRate(NamedTuple):
    """The survey response of one department (``department`` "" for people without one)."""

    department: str
    respondents: int
    people: int
    rate: float


def _check_relation(relation: str) -> None:
    if relation not in domain.RELATIONS:
        raise UserError(_("“{relation}” is not a relation; use one of {relations}.").format(
            relation=relation, relations=", ".join(domain.RELATIONS)))


def survey_record(plan: Plan, relation: str = "advice") -> dict | None:
    """What the plan records of the survey of ``relation`` (respondents, date, file)."""
    _check_relation(relation)
    with plan.reading() as session:
        return repo.get_survey(session=session, relation=relation)


def compute_rates(people: list[domain.Person], respondents: set[str]) -> list[ResponseRate]:
    """Response rate per department, sorted by department name (pure)."""
    counts: dict[str, list[int]] = {}
    for person in people:
        entry = counts.setdefault(person.department, [0, 0])
        entry[1] += 1
        if person.id in respondents:
            entry[0] += 1
    return [ResponseRate(d, answered, total, answered / total if total else 0.0)
            for d, (answered, total) in sorted(counts.items(),
                                               key=lambda kv: (kv[0] == "", kv[0].casefold()))]


def response_rates(plan: Plan, relation: str = "advice") -> list[ResponseRate]:
    """Survey response rate per department: ``(department, respondents, people, rate)``.

    Respondents who are no longer in the plan are not counted.
    """
    _check_relation(relation)
    with plan.reading() as session:
        people = repo.list_people(session=session)
        record = repo.get_survey(session=session, relation=relation) or {}
    return compute_rates(people, set(record.get("respondents", ())))


def overall_rate(rates: list[ResponseRate]) -> ResponseRate:
    """The whole plan's response as one :class:`ResponseRate` (department "")."""
    answered = sum(r.respondents for r in rates)
    total = sum(r.people for r in rates)
    return ResponseRate("", answered, total, answered / total if total else 0.0)


def low_rates(rates: list[ResponseRate]) -> list[ResponseRate]:
    """The departments below :data:`MIN_RESPONSE_RATE`."""
    return [r for r in rates if r.people and r.rate < MIN_RESPONSE_RATE]


def rate_warning(rates: list[ResponseRate]) -> str | None:
    """A translated warning naming the departments below 80 %, or ``None``."""
    low = low_rates(rates)
    if not low:
        return None
    return _("Response rate below {min}% in {departments}: results are only directional "
             "there.").format(min=round(MIN_RESPONSE_RATE * 100), departments=", ".join(
                 f"{r.department or _('(no department)')} ({round(r.rate * 100)}%)"
                 for r in low))


def blank_survey_data(plan: Plan, *, department: str | None = None,
                      relation: str = "advice") -> BlankSurveyData:
    """What :func:`export_blank_survey` prints (for tests and previews).

    Raises:
        UserError: unknown relation or department, or the plan has no people.
    """
    _check_relation(relation)
    with plan.reading() as session:
        people = repo.list_people(session=session)
        name = repo.plan_name(session=session)
    if not people:
        raise UserError(_("The plan has no people yet; import people first."))
    departments = sorted({p.department for p in people},
                         key=lambda d: (d == "", d.casefold()))
    if department is not None:
        if department not in departments:
            raise UserError(_("There is no department “{department}” in the plan; "
                              "departments: {departments}").format(
                department=department, departments=", ".join(d for d in departments if d)))
        departments = [department]
    return BlankSurveyData(plan_name=name, relation=relation, date=datetime.date.today(),
                           people=tuple((p.name, p.department) for p in people),
                           departments=tuple(departments))


def export_blank_survey(plan: Plan, path: str | os.PathLike, *, department: str | None = None,
                        relation: str = "advice", progress=None) -> Path:
    """Write a blank printable survey (one questionnaire per department) as PDF.

    Args:
        plan: the open plan.
        path: the PDF to write (written atomically).
        department: only this department's questionnaire (default: every department).
        relation: the question asked (``advice``: "Who do you go to for advice ...").
        progress: updated at the start and the end.

    Returns:
        The written file.

    Raises:
        UserError: unknown relation or department, no people, or the file cannot be written.
    """
    if progress is not None:
        progress.update(0.0, _("Writing the survey…"))
    data = blank_survey_data(plan, department=department, relation=relation)
    pdf = render_blank_survey(data)
    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.write_bytes(pdf)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("The survey could not be written to {path}: {reason}").format(
            path=target, reason=exc.strerror or exc)) from exc
    if progress is not None:
        progress.update(1.0)
    return target
