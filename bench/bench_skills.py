"""Benchmark: the skills analysis on a large synthetic organisation.

Generates (seeded, in memory, as domain objects) N people in departments of ~500 with eight
job titles, a catalogue of S skills in 10 categories (a few archived), about 30 ratings per
person (mostly from the skills their department uses; 5 % with a personal target, 10 %
wanting to learn), requirement profiles per department (15 skills) and per title (5 skills),
and about 10 influence ties per person. Then times gaps, risks, compliance, the department
gap heatmap, a staffing run and a teacher search, and reports peak memory.

Usage::

    python bench/bench_skills.py [--people 10000] [--skills 300] [--ratings 30] [--seed 7]

Target (issue 3): gaps and risks of 10,000 people × 300 skills (about 300,000 ratings) well
under a second or two each; memory within the 500 MB of the whole app.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from changeplanner.analysis.skills import (  # noqa: E402
    compliance,
    department_gap_matrix,
    gaps,
    skill_risks,
    staff_team,
    teachers_for,
)
from changeplanner.domain import (  # noqa: E402
    RELATIONS,
    Person,
    PlanSnapshot,
    Rating,
    Requirement,
    Skill,
    Tie,
)

TITLES = ("Agent", "Senior Agent", "Team Lead", "Specialist", "Key Account Manager",
          "Analyst", "Coordinator", "Trainee")


def generate(people: int, skills: int, per_person: int, seed: int) -> PlanSnapshot:
    """A seeded synthetic organisation with skills, ratings and requirements."""
    rng = random.Random(seed)
    n_departments = max(2, round(people / 500))
    departments = [f"Department {d + 1}" for d in range(n_departments)]
    catalogue = tuple(Skill(id=i + 1, name=f"Skill {i + 1:03d}", category=f"Category {i % 10}",
                            archived=(i % 97 == 96)) for i in range(skills))
    skill_ids = [s.id for s in catalogue]
    # Each department uses about a fifth of the catalogue.
    uses = {d: rng.sample(skill_ids, min(len(skill_ids), max(per_person * 2, skills // 5)))
            for d in departments}
    persons, ratings = [], []
    for i in range(people):
        department = departments[i % n_departments]
        pid = f"P{i:06d}"
        persons.append(Person(id=pid, name=f"Person {i}", department=department,
                              title=rng.choice(TITLES), team_lead=rng.random() < 1 / 12,
                              daily_business=rng.random() < 0.2,
                              availability=rng.choice([10, 50, 80, 100, 100, 100])))
        own = set(rng.sample(uses[department], min(len(uses[department]),
                                                   per_person * 5 // 6)))
        while len(own) < per_person:
            own.add(rng.choice(skill_ids))
        for skill_id in own:
            level = rng.choices((0, 1, 2, 3, 4), (10, 25, 30, 25, 10))[0]
            target = min(4, level + 1) if rng.random() < 0.05 else None
            ratings.append(Rating(pid, skill_id, level, target, rng.random() < 0.1))
    requirements = []
    for department in departments:
        for skill_id in rng.sample(uses[department], 15):
            requirements.append(Requirement("department", department, skill_id,
                                            rng.choice((2, 2, 3, 3, 4))))
    for title in TITLES:
        for skill_id in rng.sample(skill_ids, 5):
            requirements.append(Requirement("title", title, skill_id, rng.choice((1, 2, 3))))
    ids = [p.id for p in persons]
    ties = []
    for i, pid in enumerate(ids):
        for _k in range(10):
            if rng.random() < 0.9:  # mostly inside the department
                j = (i + n_departments * rng.randrange(1, people // n_departments)) % people
            else:
                j = rng.randrange(people)
            if j != i:
                ties.append(Tie(pid, ids[j], rng.choice(RELATIONS[:4])))
    return PlanSnapshot(name="bench", transforming_department=departments[0],
                        people=tuple(persons), ties=tuple(ties), skills=catalogue,
                        ratings=tuple(ratings), requirements=tuple(requirements))


def timed(function, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(people: int, skills: int, per_person: int, seed: int, repeat: int) -> None:
    start = time.perf_counter()
    snapshot = generate(people, skills, per_person, seed)
    print(f"generated {len(snapshot.people):,} people, {len(snapshot.skills)} skills, "
          f"{len(snapshot.ratings):,} ratings, {len(snapshot.requirements)} requirements, "
          f"{len(snapshot.ties):,} ties in {time.perf_counter() - start:.2f} s")
    t_gaps, found = timed(lambda: gaps(snapshot), repeat)
    print(f"  gaps                   {t_gaps:6.3f} s  ({len(found):,} gaps)")
    t_risks, risks = timed(lambda: skill_risks(snapshot), repeat)
    print(f"  skill_risks            {t_risks:6.3f} s  ({len(risks):,} risks, "
          f"{sum(r.department is None for r in risks)} plan-wide)")
    t_comp, comp = timed(lambda: compliance(snapshot), repeat)
    share = comp.overall.share or 0.0
    print(f"  compliance             {t_comp:6.3f} s  ({comp.overall.met:,} of "
          f"{comp.overall.required:,} targets met, {share:.1%})")
    t_matrix, matrix = timed(lambda: department_gap_matrix(snapshot), repeat)
    print(f"  department_gap_matrix  {t_matrix:6.3f} s  ({len(matrix):,} cells)")
    total = t_gaps + t_risks + t_comp + t_matrix
    print(f"  gaps+risks+compl.+heat {total:6.3f} s")
    rng = random.Random(seed)
    active = [s.id for s in snapshot.skills if not s.archived]
    required = {skill_id: rng.choice((2, 3, 4)) for skill_id in rng.sample(active, 12)}
    t_staff, team = timed(lambda: staff_team(snapshot, required), repeat)
    print(f"  staff_team (12 skills) {t_staff:6.3f} s  ({len(team.members)} people, "
          f"{len(team.uncovered)} uncovered)")
    learner = found[len(found) // 2]
    t_teach, teachers = timed(
        lambda: teachers_for(snapshot, learner.person_id, learner.skill_id), repeat)
    print(f"  teachers_for (1 gap)   {t_teach:6.3f} s  ({len(teachers)} teachers)")

    tracemalloc.start()
    gaps(snapshot)
    skill_risks(snapshot)
    compliance(snapshot)
    department_gap_matrix(snapshot)
    staff_team(snapshot, required)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak Python allocations during the analysis: {peak / 2**20:.0f} MiB "
          f"(tracemalloc); process peak RSS {rss:.0f} MiB (includes the generated data)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--skills", type=int, default=300)
    parser.add_argument("--ratings", type=int, default=30, help="ratings per person")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    run(args.people, args.skills, args.ratings, args.seed, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
