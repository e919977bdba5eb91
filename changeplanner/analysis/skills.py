"""Skills analysis: targets, gaps, compliance, single points of failure, teachers, staffing.

Pure functions over a :class:`~changeplanner.domain.PlanSnapshot` (or its parts): plain data
in, plain data out, no Qt, no SQL. Everything is computed with dictionaries in one or two
passes over the ratings (O(ratings + people × requirement profile)), so 10,000 people × 300
skills (about 300,000 ratings) take well under a second per function.

The rules, in one place:

- **Effective target** of a person in a skill: their own rating target
  (:attr:`Rating.target <changeplanner.domain.Rating.target>`) when set; otherwise the
  higher of the requirement for their department and the requirement for their title
  (:class:`~changeplanner.domain.Requirement`). Departments and titles match ignoring case
  and surrounding spaces. A target of 0 means "nothing required" (a personal 0 switches a
  requirement off for that person). Archived skills have no targets.
- **Gap**: current level (0 when not rated) below the effective target.
- **Compliance**: targets met ÷ targets; a level below the target does not count, however
  close it is.
- **Risk** (single point of failure): a non-archived skill with fewer than
  :data:`~changeplanner.domain.MIN_EXPERTS` people at
  :data:`~changeplanner.domain.EXPERT_LEVEL` or above, in the whole plan or in a department.
  A department is checked for a skill only where it relies on the skill: somebody in the
  department works at the expert level in it (one expert alone is the classic single point
  of failure) or somebody there has a target in it (it is needed there). Holders at level
  1-2 alone do not make a department rely on a skill, so departments are not flagged for
  every skill somebody dabbles in. People without a department count for the whole plan
  only. A skill with no holder at all in the scope
  is of kind ``"nobody"``.
- **Teachers**: people at :data:`~changeplanner.domain.TEACHER_LEVEL` in the same department
  as the learner or directly tied to them in the influence network (either direction, any
  relation).
- **Staffing**: greedy set cover over the required skills (see :func:`staff_team`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from changeplanner.domain import (
    EXPERT_LEVEL,
    MIN_EXPERTS,
    RELATION_LABELS,
    RELATIONS,
    TEACHER_LEVEL,
    Person,
    PlanSnapshot,
    Rating,
    Requirement,
    Skill,
)
from changeplanner.i18n import N_, _, ngettext

#: Kinds of skill risk.
RISK_KINDS: tuple[str, ...] = ("nobody", "single_point_of_failure")
RISK_KIND_LABELS: dict[str, str] = {
    "nobody": N_("nobody has it"),
    "single_point_of_failure": N_("single point of failure"),
}
#: The lowest level that counts as "has the skill at all".
HOLDER_LEVEL = 1
#: Requirements at exactly this minimum level are learning opportunities when staffing.
LEARNING_SLOT_LEVEL = 2


# -- results ----------------------------------------------------------------------------

class Gap(NamedTuple):
    """A person below their effective target in one skill (a named tuple: a large plan has
    hundreds of thousands of gaps, and tuples are the cheapest immutable records).

    Attributes:
        person_id: The person.
        skill_id: The skill.
        level: Their current level (0 when not rated).
        target: Their effective target.
        shortfall: ``target - level`` (always >= 1).
        name: The person's name.
        department: The person's department.
        skill: The skill's name.
    """

    person_id: str
    skill_id: int
    level: int
    target: int
    shortfall: int
    name: str = ""
    department: str = ""
    skill: str = ""

    def to_json(self) -> dict:
        """``{"id", "name", "department", "skill", "level", "target", "shortfall"}``."""
        return {"id": self.person_id, "name": self.name, "department": self.department,
                "skill": self.skill, "level": self.level, "target": self.target,
                "shortfall": self.shortfall}


@dataclass(frozen=True, slots=True)
class Ratio:
    """Targets met out of targets set.

    Attributes:
        met: Targets reached (level >= target).
        required: Targets set.
    """

    met: int
    required: int

    @property
    def share(self) -> float | None:
        """``met / required`` (0..1), or ``None`` when nothing is required."""
        return self.met / self.required if self.required else None


@dataclass(frozen=True)
class Compliance:
    """Compliance with the targets: per person, per department and for the whole plan.

    Attributes:
        by_person: Person id -> ratio, for every person with at least one target.
        by_department: Department name -> ratio of its people's targets (people without a
            department under ``""``), for every department with at least one target.
        overall: All targets of the plan.
    """

    by_person: dict[str, Ratio]
    by_department: dict[str, Ratio]
    overall: Ratio


@dataclass(frozen=True, slots=True)
class GapCell:
    """One cell of the department × skill gap heatmap.

    Attributes:
        people_with_target: People of the department with a target in the skill.
        people_below: Those of them below their target.
        mean_shortfall: Mean of ``max(0, target - level)`` over ``people_with_target``
            (0 when everybody meets the target; up to 4).
    """

    people_with_target: int
    people_below: int
    mean_shortfall: float


@dataclass(frozen=True, slots=True)
class SkillRisk:
    """A skill with too few experts in a department or in the whole plan.

    Attributes:
        skill_id: The skill.
        skill: The skill's name.
        department: The department, or ``None`` for the whole plan.
        experts: People in the scope at the expert level or above.
        holders: People in the scope who have the skill at all (level >= 1).
        kind: ``"nobody"`` (no holder in the scope) or ``"single_point_of_failure"``.
    """

    skill_id: int
    skill: str
    department: str | None
    experts: int
    holders: int
    kind: str

    def describe(self) -> str:
        """The risk in plain (translated) words."""
        if self.experts == 0 and self.kind != "nobody":
            where = self.department or _("the whole plan")
            return ngettext("Nobody in {department} works independently in it; {n} person "
                            "knows the basics.",
                            "Nobody in {department} works independently in it; {n} people "
                            "know the basics.", self.holders).format(
                department=where, n=self.holders)
        if self.department is None:
            if self.kind == "nobody":
                return _("Nobody in the plan has this skill.")
            return ngettext("Only {n} person in the whole plan works independently in it.",
                            "Only {n} people in the whole plan work independently in it.",
                            self.experts).format(n=self.experts)
        if self.kind == "nobody":
            return _("Nobody in {department} has this skill, but it is needed there.").format(
                department=self.department)
        return ngettext("Only {n} person in {department} works independently in it.",
                        "Only {n} people in {department} work independently in it.",
                        self.experts).format(n=self.experts, department=self.department)

    def to_json(self) -> dict:
        """``{"skill", "department", "experts", "holders", "kind"}`` (department ``None``
        for the whole plan)."""
        return {"skill": self.skill, "department": self.department, "experts": self.experts,
                "holders": self.holders, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Teacher:
    """Somebody who could teach a person a skill.

    Attributes:
        person_id: The teacher.
        name: Their name.
        department: Their department.
        level: Their level in the skill (>= the teacher level).
        same_department: They work in the learner's department.
        tied: They are directly tied to the learner (either direction, any relation).
        tie_weight: Sum of the weights of all ties between the two (0 when not tied).
        reason: Why they are proposed, in plain (translated) words.
        load: Other people with a gap in this skill who could ask them too (same
            department or tied); fewer is better.
    """

    person_id: str
    name: str
    department: str
    level: int
    same_department: bool
    tied: bool
    tie_weight: float
    reason: str
    load: int = 0


@dataclass(frozen=True)
class StaffingPick:
    """One person of a proposed team.

    Attributes:
        person_id: The person.
        covers: ``(skill_id, their level)`` of every requirement this pick newly covered.
        reason: Why they were picked, in plain (translated) words.
        name: Their name.
        department: Their department.
    """

    person_id: str
    covers: list[tuple[int, int]]
    reason: str
    name: str = ""
    department: str = ""


@dataclass(frozen=True)
class StaffingResult:
    """A proposed team and what it cannot cover.

    Attributes:
        members: The picks, in the order they were made.
        uncovered: ``(skill_id, minimum level, best level any candidate has)`` for every
            requirement the team does not meet (best level 0 when nobody is rated).
    """

    members: list[StaffingPick]
    uncovered: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every requirement is covered."""
        return not self.uncovered


# -- targets ----------------------------------------------------------------------------

def _key(text: str) -> str:
    return text.strip().casefold()


def _active_skill_ids(skills: Iterable[Skill] | None) -> set[int] | None:
    return None if skills is None else {s.id for s in skills if not s.archived}


class _Targets:
    """Effective targets, person by person, without materialising them all.

    Requirement profiles are merged once per (department, title) pair and shared by everyone
    with that pair; personal targets are applied on top.
    """

    def __init__(self, people: Iterable[Person], ratings: Iterable[Rating],
                 requirements: Iterable[Requirement], active: set[int] | None, *,
                 only_skill: int | None = None,
                 order: Mapping[int, int] | None = None) -> None:
        self.people = list(people)
        self._order = order
        self._profiles: dict[tuple[str, str], dict[int, int]] = {}
        for req in requirements:
            if only_skill is not None and req.skill_id != only_skill:
                continue
            if active is not None and req.skill_id not in active:
                continue
            value = _key(req.value)
            if not value or req.level <= 0:
                continue
            row = self._profiles.setdefault((req.scope, value), {})
            if req.level > row.get(req.skill_id, 0):
                row[req.skill_id] = req.level
        self._merged: dict[tuple[str, str], list[tuple[int, int]]] = {}
        known = {p.id for p in self.people}
        self.overrides: dict[str, dict[int, int]] = {}
        for rating in ratings:
            if rating.target is None:
                continue
            if only_skill is not None and rating.skill_id != only_skill:
                continue
            if rating.person_id not in known or (active is not None
                                                 and rating.skill_id not in active):
                continue
            self.overrides.setdefault(rating.person_id, {})[rating.skill_id] = rating.target

    def _sort(self, items: list[tuple[int, int]]) -> None:
        if self._order is not None:
            order, last = self._order, len(self._order)
            items.sort(key=lambda item: (order.get(item[0], last), item[0]))

    def profile(self, department: str, title: str) -> list[tuple[int, int]]:
        """``(skill_id, level)`` required of everyone with this department and title."""
        pair = (department, title)
        profile = self._merged.get(pair)
        if profile is None:
            empty: dict[int, int] = {}
            combined = dict(self._profiles.get(("department", _key(department)), empty))
            for skill_id, level in self._profiles.get(("title", _key(title)), empty).items():
                if level > combined.get(skill_id, 0):
                    combined[skill_id] = level
            profile = list(combined.items())
            self._sort(profile)
            self._merged[pair] = profile
        return profile

    def of(self, person: Person) -> list[tuple[int, int]]:
        """``(skill_id, target)`` of ``person`` (targets >= 1; in skill order if given)."""
        profile = self.profile(person.department, person.title)
        own = self.overrides.get(person.id)
        if not own:
            return profile
        combined = dict(profile)
        combined.update(own)
        items = [(skill_id, target) for skill_id, target in combined.items() if target > 0]
        self._sort(items)
        return items


def _targets(people: Iterable[Person], ratings: Iterable[Rating],
             requirements: Iterable[Requirement], active: set[int] | None,
             only_skill: int | None = None) -> dict[tuple[str, int], int]:
    """Effective targets as one dictionary; ``only_skill`` restricts the work to one skill."""
    model = _Targets(people, ratings, requirements, active, only_skill=only_skill)
    return {(person.id, skill_id): target for person in model.people
            for skill_id, target in model.of(person)}


def effective_targets(people: Iterable[Person], ratings: Iterable[Rating],
                      requirements: Iterable[Requirement],
                      skills: Iterable[Skill] | None = None) -> dict[tuple[str, int], int]:
    """The target level of every person in every skill where they have one.

    A person's own rating target overrides the requirement profiles; otherwise the target is
    the higher of the requirement for their department and for their title (matched
    ignoring case and surrounding spaces). Targets of 0 are left out (nothing to reach), so
    a personal target of 0 removes a requirement for that person.

    Args:
        people: The people; ratings of anybody else are ignored.
        ratings: Their ratings (only ``target`` is read).
        requirements: The requirement profiles by department and by title.
        skills: The catalogue; when given, archived skills and skills not in it get no
            targets.

    Returns:
        ``(person_id, skill_id) -> target`` (1..4).
    """
    return _targets(people, ratings, requirements, _active_skill_ids(skills))


def _snapshot_model(snapshot: PlanSnapshot) -> _Targets:
    return _Targets(snapshot.people, snapshot.ratings, snapshot.requirements,
                    _active_skill_ids(snapshot.skills))


def _levels(ratings: Iterable[Rating]) -> dict[tuple[str, int], int]:
    return {(r.person_id, r.skill_id): r.level for r in ratings}


# -- gaps and compliance ----------------------------------------------------------------

def gaps(snapshot: PlanSnapshot) -> list[Gap]:
    """Every person below their effective target, skill by skill.

    Args:
        snapshot: The plan (people, skills, ratings, requirements).

    Returns:
        The gaps, sorted by department, person name, person id, then skill name.
    """
    skill_rank = {s.id: i for i, s in enumerate(sorted(
        snapshot.skills, key=lambda s: (s.name.casefold(), s.id)))}
    model = _Targets(snapshot.people, snapshot.ratings, snapshot.requirements,
                     _active_skill_ids(snapshot.skills), order=skill_rank)
    levels = _levels(snapshot.ratings)
    skill_names = {s.id: s.name for s in snapshot.skills}
    result = []
    append = result.append
    for person in sorted(snapshot.people,
                         key=lambda p: (p.department.casefold(), p.name.casefold(), p.id)):
        pid = person.id
        for skill_id, target in model.of(person):
            level = levels.get((pid, skill_id), 0)
            if level < target:
                append(Gap(pid, skill_id, level, target, target - level, person.name,
                           person.department, skill_names.get(skill_id, str(skill_id))))
    return result


def compliance(snapshot: PlanSnapshot) -> Compliance:
    """Share of targets met, per person, per department and for the whole plan.

    A target counts as met only when the level reaches it: level 2 of a target 3 is not
    met, not "two thirds" met.

    Args:
        snapshot: The plan (people, skills, ratings, requirements).

    Returns:
        The :class:`Compliance`; people and departments without targets are left out.
    """
    model = _snapshot_model(snapshot)
    levels = _levels(snapshot.ratings)
    by_person: dict[str, Ratio] = {}
    dept_met: Counter[str] = Counter()
    dept_required: Counter[str] = Counter()
    for person in model.people:
        pid = person.id
        targets = model.of(person)
        if not targets:
            continue
        met = 0
        for skill_id, target in targets:
            if levels.get((pid, skill_id), 0) >= target:
                met += 1
        by_person[pid] = Ratio(met, len(targets))
        dept_met[person.department] += met
        dept_required[person.department] += len(targets)
    by_department = {d: Ratio(dept_met[d], n) for d, n in dept_required.items()}
    overall = Ratio(sum(dept_met.values()), sum(dept_required.values()))
    return Compliance(by_person=by_person, by_department=by_department, overall=overall)


def department_gap_matrix(snapshot: PlanSnapshot) -> dict[tuple[str, int], GapCell]:
    """The department × skill gap heatmap.

    Args:
        snapshot: The plan (people, skills, ratings, requirements).

    Returns:
        ``(department, skill_id) -> GapCell`` for every department and skill where at least
        one person has a target (people without a department under ``""``).
    """
    model = _snapshot_model(snapshot)
    levels = _levels(snapshot.ratings)
    # department -> skill -> [people with a target, people below, sum of shortfalls]
    sums: dict[str, dict[int, list[int]]] = {}
    for person in model.people:
        pid = person.id
        row = sums.get(person.department)
        if row is None:
            row = sums[person.department] = {}
        for skill_id, target in model.of(person):
            cell = row.get(skill_id)
            if cell is None:
                cell = row[skill_id] = [0, 0, 0]
            cell[0] += 1
            level = levels.get((pid, skill_id), 0)
            if level < target:
                cell[1] += 1
                cell[2] += target - level
    return {(department, skill_id): GapCell(n, below, shortfall / n)
            for department, row in sums.items()
            for skill_id, (n, below, shortfall) in row.items()}


# -- risks ------------------------------------------------------------------------------

def skill_risks(snapshot: PlanSnapshot, *, min_experts: int = MIN_EXPERTS,
                expert_level: int = EXPERT_LEVEL) -> list[SkillRisk]:
    """Skills with too few experts, for the whole plan and per department.

    For every non-archived skill: the whole plan is a risk when fewer than ``min_experts``
    people are at ``expert_level`` or above. A department is checked for a skill only where
    it relies on the skill — somebody in the department is at ``expert_level`` or above, or
    somebody there has a target in it — so a department is not flagged for skills it does
    not use. People without a department count for the whole plan only. The kind is
    ``"nobody"`` when nobody in the scope holds the skill at all, else
    ``"single_point_of_failure"``.

    Args:
        snapshot: The plan (people, skills, ratings, requirements).
        min_experts: Fewer experts than this make a risk.
        expert_level: The level from which somebody counts as an expert.

    Returns:
        The risks, sorted by skill name, skill id, then the whole plan before the
        departments (by name).
    """
    active = {s.id: s for s in snapshot.skills if not s.archived}
    department_of = {p.id: p.department for p in snapshot.people}
    # (department, skill, is expert) -> people; counted in C by Counter.
    cells = Counter([(department_of[r.person_id], r.skill_id, r.level >= expert_level)
                     for r in snapshot.ratings
                     if r.level >= HOLDER_LEVEL and r.skill_id in active
                     and r.person_id in department_of])
    experts: Counter[tuple[str | None, int]] = Counter()
    holders: Counter[tuple[str | None, int]] = Counter()
    relevant: set[tuple[str, int]] = set()
    for (department, skill_id, expert), n in cells.items():
        holders[(None, skill_id)] += n
        if expert:
            experts[(None, skill_id)] += n
        if department:
            holders[(department, skill_id)] += n
            if expert:
                experts[(department, skill_id)] += n
                relevant.add((department, skill_id))
    # Departments with a target in the skill: the shared profiles, then personal targets.
    model = _Targets(snapshot.people, snapshot.ratings, snapshot.requirements, set(active))
    people = snapshot.people_by_id()
    members = Counter((p.department, p.title) for p in snapshot.people if p.department)
    switched_off: Counter[tuple[tuple[str, str], int]] = Counter()
    for pid, own in model.overrides.items():
        person = people[pid]
        if not person.department:
            continue
        for skill_id, target in own.items():
            if target > 0:
                relevant.add((person.department, skill_id))
            else:
                switched_off[((person.department, person.title), skill_id)] += 1
    for pair, n in members.items():
        for skill_id, _level in model.profile(*pair):
            # Unless every person of the pair switched the requirement off personally.
            if switched_off[(pair, skill_id)] < n:
                relevant.add((pair[0], skill_id))
    by_skill: defaultdict[int, list[str]] = defaultdict(list)
    for department, skill_id in relevant:
        by_skill[skill_id].append(department)
    risks = []
    for skill in sorted(active.values(), key=lambda s: (s.name.casefold(), s.id)):
        scopes: list[str | None] = [None]
        scopes += sorted(by_skill.get(skill.id, ()), key=lambda d: (d.casefold(), d))
        for scope in scopes:
            n_experts = experts[(scope, skill.id)]
            if n_experts >= min_experts:
                continue
            n_holders = holders[(scope, skill.id)]
            kind = "nobody" if n_holders == 0 else "single_point_of_failure"
            risks.append(SkillRisk(skill.id, skill.name, scope, n_experts, n_holders, kind))
    return risks


# -- teachers ---------------------------------------------------------------------------

def teachers_for(snapshot: PlanSnapshot, person_id: str, skill_id: int, *,
                 limit: int = 5) -> list[Teacher]:
    """Who could teach ``person_id`` the skill ``skill_id``.

    Candidates are people at :data:`~changeplanner.domain.TEACHER_LEVEL` or above in the
    skill who work in the learner's department or are directly tied to the learner (either
    direction, any relation). Ranked: tied and in the same department first, then tied,
    then same department; within a group by the weight of the ties between the two
    (stronger first), then by load (fewer other colleagues with the same gap who could ask
    them), then by name and id.

    Args:
        snapshot: The plan (people, ties, skills, ratings, requirements).
        person_id: The learner.
        skill_id: The skill to learn.
        limit: At most this many teachers (``None`` or 0: all).

    Returns:
        The teachers, best first.

    Raises:
        KeyError: ``person_id`` is not a person of the plan, or ``skill_id`` is not in the
            catalogue.
    """
    people = snapshot.people_by_id()
    learner = people[person_id]
    skill_names = {s.id: s for s in snapshot.skills}
    if skill_id not in skill_names:
        raise KeyError(skill_id)
    level_of = {r.person_id: r.level for r in snapshot.ratings
                if r.skill_id == skill_id and r.person_id in people}
    experts = {pid for pid, level in level_of.items()
               if level >= TEACHER_LEVEL and pid != person_id}
    weight: defaultdict[str, float] = defaultdict(float)
    relations: defaultdict[str, set[str]] = defaultdict(set)
    for tie in snapshot.ties:
        if tie.source == person_id:
            other = tie.target
        elif tie.target == person_id:
            other = tie.source
        else:
            continue
        if other in experts:
            weight[other] += float(tie.weight)
            relations[other].add(tie.relation)
    department = learner.department
    candidates = [pid for pid in experts
                  if pid in weight or (department and people[pid].department == department)]
    if not candidates:
        return []
    loads = _teaching_loads(snapshot, people, skill_id, level_of, set(candidates), person_id)
    teachers = []
    for pid in candidates:
        person = people[pid]
        same = bool(department) and person.department == department
        tied = pid in weight
        labels = ", ".join(_(RELATION_LABELS[r]) if r in RELATION_LABELS else r
                           for r in sorted(relations[pid], key=_relation_order))
        if same and tied:
            reason = _("Same department, and directly connected in the network "
                       "({relations}).").format(relations=labels)
        elif tied:
            reason = _("Directly connected in the network ({relations}).").format(
                relations=labels)
        else:
            reason = _("Same department.")
        load = loads.get(pid, 0)
        if load:
            reason += " " + ngettext(
                "{n} other colleague with the same gap could ask them too.",
                "{n} other colleagues with the same gap could ask them too.",
                load).format(n=load)
        teachers.append(Teacher(pid, person.name, person.department, level_of[pid], same,
                                tied, weight.get(pid, 0.0), reason, load))
    teachers.sort(key=lambda t: (not (t.tied and t.same_department), not t.tied,
                                 -t.tie_weight, t.load, t.name.casefold(), t.person_id))
    return teachers[:limit] if limit else teachers


def _relation_order(relation: str) -> tuple[int, str]:
    return (RELATIONS.index(relation) if relation in RELATIONS else len(RELATIONS), relation)


def _teaching_loads(snapshot: PlanSnapshot, people: Mapping[str, Person], skill_id: int,
                    level_of: Mapping[str, int], teachers: set[str],
                    learner_id: str) -> dict[str, int]:
    """For each teacher: other people with a gap in the skill who are in the teacher's
    department or tied to the teacher."""
    active = _active_skill_ids(snapshot.skills)
    targets = _targets(snapshot.people, snapshot.ratings, snapshot.requirements, active,
                       only_skill=skill_id)
    learners = {pid for (pid, _skill), target in targets.items()
                if level_of.get(pid, 0) < target and pid != learner_id}
    if not learners:
        return {}
    per_department = Counter(people[pid].department for pid in learners)
    tied_outside: defaultdict[str, set[str]] = defaultdict(set)
    for tie in snapshot.ties:
        for teacher, other in ((tie.source, tie.target), (tie.target, tie.source)):
            if teacher in teachers and other in learners:
                department = people[teacher].department
                if not department or people[other].department != department:
                    tied_outside[teacher].add(other)
    loads = {}
    for pid in teachers:
        department = people[pid].department
        loads[pid] = (per_department[department] if department else 0) + len(
            tied_outside.get(pid, ()))
    return loads


# -- staffing ---------------------------------------------------------------------------

def staff_team(snapshot: PlanSnapshot, required: Mapping[int, int], *,
               candidates: Iterable[str] | None = None, exclude: Collection[str] = (),
               max_size: int | None = None, min_availability: int = 1) -> StaffingResult:
    """Propose the smallest team that covers every required skill at its minimum level.

    Greedy set cover (within a factor ln(n) of the smallest team): each pick is the person
    who covers the most requirements not yet covered; among equals the pick prefers, in
    this order, higher availability, people who do not keep daily business running, people
    who want to learn the skills of newly covered level-2 requirements (a level-2 slot is a
    learning opportunity: somebody at level 2 who wants to learn beats an expert there),
    then the smaller id. The result is deterministic.

    Args:
        snapshot: The plan (people, skills, ratings).
        required: ``skill_id -> minimum level``; levels of 0 or below are ignored.
        candidates: Person ids to choose from (default: everybody).
        exclude: Person ids not to choose (for example people already busy).
        max_size: At most this many people (``None``: as many as needed).
        min_availability: People with less availability (percent) are not chosen.

    Returns:
        The :class:`StaffingResult`: the picks and what stays uncovered, with the best
        level any candidate has in it.
    """
    people = snapshot.people_by_id()
    excluded = set(exclude)
    pool_ids = people.keys() if candidates is None else candidates
    pool = {pid: people[pid] for pid in pool_ids
            if pid in people and pid not in excluded
            and people[pid].availability >= min_availability}
    needs = {skill_id: level for skill_id, level in required.items() if level > 0}
    skill_names = {s.id: s.name for s in snapshot.skills}
    covers: defaultdict[str, dict[int, int]] = defaultdict(dict)
    learns: defaultdict[str, set[int]] = defaultdict(set)
    best: Counter[int] = Counter()
    for rating in snapshot.ratings:
        skill_id = rating.skill_id
        need = needs.get(skill_id)
        if need is None or rating.person_id not in pool:
            continue
        if rating.level > best[skill_id]:
            best[skill_id] = rating.level
        if rating.level >= need:
            covers[rating.person_id][skill_id] = rating.level
            if (need == LEARNING_SLOT_LEVEL and rating.wants_to_learn
                    and rating.level < EXPERT_LEVEL):
                learns[rating.person_id].add(skill_id)
    open_needs = {skill_id for skill_id in needs
                  if any(skill_id in c for c in covers.values())}
    members: list[StaffingPick] = []
    while open_needs and (max_size is None or len(members) < max_size):
        best_key = None
        chosen = None
        for pid, covered in covers.items():
            new = open_needs.intersection(covered)
            if not new:
                continue
            person = pool[pid]
            key = (-len(new), -person.availability, person.daily_business,
                   -len(learns[pid] & new), pid)
            if best_key is None or key < best_key:
                best_key, chosen = key, pid
        if chosen is None:  # pragma: no cover - open_needs only holds coverable skills
            break
        new = open_needs.intersection(covers[chosen])
        open_needs -= new
        person = pool[chosen]
        picked = sorted(((s, covers[chosen][s]) for s in new),
                        key=lambda item: (skill_names.get(item[0], "").casefold(), item[0]))
        members.append(StaffingPick(chosen, picked, _pick_reason(person, picked,
                                                                 learns[chosen] & new,
                                                                 skill_names),
                                    person.name, person.department))
    covered_skills = {s for m in members for s, _level in m.covers}
    uncovered = [(skill_id, level, best[skill_id]) for skill_id, level in needs.items()
                 if skill_id not in covered_skills]
    uncovered.sort(key=lambda item: (skill_names.get(item[0], "").casefold(), item[0]))
    return StaffingResult(members=members, uncovered=uncovered)


def _pick_reason(person: Person, picked: list[tuple[int, int]], learning: set[int],
                 skill_names: Mapping[int, str]) -> str:
    skills = ", ".join(_("{skill} (level {level})").format(
        skill=skill_names.get(skill_id, str(skill_id)), level=level)
        for skill_id, level in picked)
    parts = [ngettext("Covers {n} requirement: {skills}.",
                      "Covers {n} requirements: {skills}.", len(picked)).format(
        n=len(picked), skills=skills)]
    if learning:
        names = ", ".join(sorted(skill_names.get(s, str(s)) for s in learning))
        parts.append(_("Wants to learn {skills}: a learning opportunity.").format(
            skills=names))
    parts.append(_("Available {percent} %.").format(percent=person.availability))
    if person.daily_business:
        parts.append(_("Keeps daily business running: plan a stand-in."))
    return " ".join(parts)
