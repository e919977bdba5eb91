"""A small, fully known organisation for the Skills, Network and Change board page tests."""

from __future__ import annotations

import random
from pathlib import Path

from changeplanner import domain
from changeplanner.store import repo
from changeplanner.store.db import Plan, create_plan

DEPARTMENTS = ("Kundenservice 1st Level", "Kundenservice 2nd Level", "IT", "Vertrieb", "HR")
SKILLS = (
    domain.Skill(id=0, name="Kanban", category="Agile methods",
                 description="Visualise work and limit work in progress"),
    domain.Skill(id=0, name="Scrum", category="Agile methods", description="Sprints, reviews"),
    domain.Skill(id=0, name="Complaint handling", category="Customer service"),
    domain.Skill(id=0, name="CRM", category="Tools", description="The ticket system"),
    domain.Skill(id=0, name="Moderation", category="Collaboration"),
)
FIRST = ("Anna", "Jonas", "Ayşe", "Łukasz", "Minh", "Sophie", "Lukas", "Fatma", "Paul", "Mia",
         "Ben", "Lea", "Noah", "Emma", "Elias", "Hannah", "Tim", "Laura", "Finn", "Sarah")
LAST = ("Müller", "Schmidt", "Yılmaz", "Żółć", "Nguyễn", "Weber", "Becker", "Kaya", "Wagner",
        "Hoffmann", "Schulz", "Koch")


def person_id(number: int) -> str:
    """The id of the ``number``-th person (1-based)."""
    return f"p{number:03d}"


def build_people(count: int, seed: int = 3) -> list[domain.Person]:
    """``count`` people spread over :data:`DEPARTMENTS`, with leads and mixed attitudes."""
    rng = random.Random(seed)
    people = []
    for i in range(1, count + 1):
        department = DEPARTMENTS[(i - 1) % len(DEPARTMENTS)]
        people.append(domain.Person(
            id=person_id(i), name=f"{FIRST[(i - 1) % len(FIRST)]} {LAST[(i - 1) % len(LAST)]}",
            department=department, title="Teamleitung" if i <= len(DEPARTMENTS) else "Agent",
            team_lead=i <= len(DEPARTMENTS), attitude=rng.choice((-2, -1, 0, 1, 2, None)),
            daily_business=i % 7 == 0))
    # Known attitudes for the first people, so every archetype can be filled.
    people[0] = domain.Person(**{**_fields(people[0]), "attitude": -2})
    people[1] = domain.Person(**{**_fields(people[1]), "attitude": 2})
    return people


def _fields(person: domain.Person) -> dict:
    return {name: getattr(person, name) for name in person.__slots__}


def build_ties(people: list[domain.Person], seed: int = 5,
               extra_random: int = 0) -> list[domain.Tie]:
    """Dense ties inside departments, a few bridges across, ``extra_random`` more at random."""
    rng = random.Random(seed)
    by_department: dict[str, list[str]] = {}
    for person in people:
        by_department.setdefault(person.department, []).append(person.id)
    ties = set()
    for members in by_department.values():
        for source in members:
            for target in rng.sample(members, min(4, len(members))):
                if source != target:
                    ties.add((source, target, "advice"))
    ids = [p.id for p in people]
    for _bridge in range(max(3, len(people) // 8)):
        ties.add((rng.choice(ids), person_id(1), "trust"))
        ties.add((person_id(2), rng.choice(ids), "information"))
    while extra_random > 0:
        source, target = rng.sample(ids, 2)
        relation = rng.choice(domain.RELATIONS)
        if (source, target, relation) not in ties:
            ties.add((source, target, relation))
            extra_random -= 1
    return [domain.Tie(source=s, target=t, relation=r) for s, t, r in sorted(ties)]


def make_org_plan(path: Path, *, people: int = 40, extra_ties: int = 0,
                  name: str = "Kundenservice 2025") -> Plan:
    """Create a plan at ``path`` with people, ties, skills and known ratings.

    Known cells: person 1 has Kanban 2 with target 3, person 2 has Kanban 4, person 3 has no
    Kanban rating; person 2 has Scrum 0.
    """
    plan = create_plan(path, name=name)
    everyone = build_people(people)
    rng = random.Random(11)
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=everyone)
        repo.set_transforming_department(session=session, name=DEPARTMENTS[0])
        skill_ids = repo.ensure_skills(session=session, skills=SKILLS)
        ratings = []
        for index, person in enumerate(everyone, start=1):
            for skill in SKILLS:
                if index <= 3:
                    continue
                if rng.random() < 0.8:
                    level = rng.randint(0, 4)
                    target = rng.choice((None, min(4, level + 1)))
                    ratings.append(domain.Rating(person_id=person.id,
                                                 skill_id=skill_ids[skill.name],
                                                 level=level, target=target))
        kanban, scrum = skill_ids["Kanban"], skill_ids["Scrum"]
        ratings += [
            domain.Rating(person_id=person_id(1), skill_id=kanban, level=2, target=3),
            domain.Rating(person_id=person_id(2), skill_id=kanban, level=4, target=3),
            domain.Rating(person_id=person_id(2), skill_id=scrum, level=0),
        ]
        repo.upsert_ratings(session=session, ratings=ratings)
        repo.upsert_ties(session=session, ties=build_ties(everyone, extra_random=extra_ties))
    return plan


def save_board(plan: Plan, member_ids: list[str], *, name: str = "Board A",
               reach: float = 0.5, unfilled: tuple[tuple[str, str], ...] = ()) -> int:
    """Save a board version with ``member_ids`` (roles cycle through the four types)."""
    seats = [domain.BoardSeat(person_id=pid, role=domain.ROLES[i % len(domain.ROLES)],
                              reasons=f"Reason for {pid}", marginal_reach=0.1)
             for i, pid in enumerate(member_ids)]
    with plan.transaction() as session:
        return repo.save_board(session=session, name=name, reach=reach, seats=seats,
                               params={"size": len(seats)}, unfilled=unfilled)
