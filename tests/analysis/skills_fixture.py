"""A small hand-made skills fixture (8 people, 2 departments, 5 active skills + 1 archived).

Every expected answer of tests/analysis/test_skills_analysis.py and tests/test_cli_skills.py
is computed by hand from the tables below (see the comments there).

People (id, name, department, title, availability, daily business)::

    S1 Anna  Service  Agent            100
    S2 Ben   Service  Agent            100
    S3 Cara  Service  Team Lead         80
    S4 Dan   Service  Agent            100  keeps daily business running
    V1 Eva   Sales    Agent            100
    V2 Finn  Sales    Account Manager   50
    V3 Gina  Sales    Account Manager  100
    V4 Hugo  Sales    (no title)       100

Levels (``*`` wants to learn, ``t=`` personal target)::

             Complaints Excel  Scrum  Coaching Kanban  Fax(archived)
    Anna         4        2      1       1
    Ben          2        3      -
    Cara         3        1              4
    Dan          4      2 t=4    2       4        0
    Eva          1        3      2
    Finn                  4              2
    Gina                2 t=0    3                        4
    Hugo        2*        4              4

Requirements: department Service: Complaints 3, Excel 2; department Sales: Excel 3, Fax 2
(archived, ignored); title Agent: Complaints 2, Scrum 1; title "team lead" (matched ignoring
case): Coaching 3.
Ties: Ben -> Hugo advice 2.0; Cara -> Ben trust; Eva -> Anna information; Eva -> Hugo advice;
Hugo -> Eva collaboration.
"""

from __future__ import annotations

from changeplanner.domain import Person, PlanSnapshot, Rating, Requirement, Skill, Tie

COMPLAINTS, EXCEL, SCRUM, COACHING, KANBAN, FAX = 1, 2, 3, 4, 5, 6

SKILLS = (
    Skill(COMPLAINTS, "Complaints", "Service"),
    Skill(EXCEL, "Excel", "Tools"),
    Skill(SCRUM, "Scrum", "Agile"),
    Skill(COACHING, "Coaching", "Agile"),
    Skill(KANBAN, "Kanban", "Agile"),
    Skill(FAX, "Fax", "Tools", archived=True),
)

PEOPLE = (
    Person("S1", "Anna", "Service", "Agent"),
    Person("S2", "Ben", "Service", "Agent"),
    Person("S3", "Cara", "Service", "Team Lead", availability=80),
    Person("S4", "Dan", "Service", "Agent", daily_business=True),
    Person("V1", "Eva", "Sales", "Agent"),
    Person("V2", "Finn", "Sales", "Account Manager", availability=50),
    Person("V3", "Gina", "Sales", "Account Manager"),
    Person("V4", "Hugo", "Sales", ""),
)

RATINGS = (
    Rating("S1", COMPLAINTS, 4), Rating("S1", EXCEL, 2), Rating("S1", SCRUM, 1),
    Rating("S1", COACHING, 1),
    Rating("S2", COMPLAINTS, 2), Rating("S2", EXCEL, 3),
    Rating("S3", COMPLAINTS, 3), Rating("S3", EXCEL, 1), Rating("S3", COACHING, 4),
    Rating("S4", COMPLAINTS, 4), Rating("S4", EXCEL, 2, target=4), Rating("S4", SCRUM, 2),
    Rating("S4", COACHING, 4), Rating("S4", KANBAN, 0),
    Rating("V1", COMPLAINTS, 1), Rating("V1", EXCEL, 3), Rating("V1", SCRUM, 2),
    Rating("V2", EXCEL, 4), Rating("V2", COACHING, 2),
    Rating("V3", EXCEL, 2, target=0), Rating("V3", SCRUM, 3), Rating("V3", FAX, 4),
    Rating("V4", COMPLAINTS, 2, wants_to_learn=True), Rating("V4", EXCEL, 4),
    Rating("V4", COACHING, 4),
)

REQUIREMENTS = (
    Requirement("department", "Service", COMPLAINTS, 3),
    Requirement("department", "Service", EXCEL, 2),
    Requirement("department", "Sales", EXCEL, 3),
    Requirement("department", "Sales", FAX, 2),
    Requirement("title", "Agent", COMPLAINTS, 2),
    Requirement("title", "Agent", SCRUM, 1),
    Requirement("title", "team lead", COACHING, 3),
)

TIES = (
    Tie("S2", "V4", "advice", 2.0),
    Tie("S3", "S2", "trust"),
    Tie("V1", "S1", "information"),
    Tie("V1", "V4", "advice"),
    Tie("V4", "V1", "collaboration"),
)


def snapshot() -> PlanSnapshot:
    """The fixture as a snapshot (skill ids 1..6 as above)."""
    return PlanSnapshot(name="Skills fixture", transforming_department="Service",
                        people=PEOPLE, ties=TIES, skills=SKILLS, ratings=RATINGS,
                        requirements=REQUIREMENTS)


def write_plan(plan) -> dict[str, int]:
    """Write the fixture into an open, empty plan; return skill name -> id in the plan."""
    from changeplanner.store import repo

    with plan.transaction() as session:
        repo.upsert_people(session=session, people=PEOPLE)
        ids = {s.name: repo.add_skill(session=session, name=s.name, category=s.category)
               for s in SKILLS}
        by_fixture_id = {s.id: ids[s.name] for s in SKILLS}
        repo.upsert_ratings(session=session, ratings=[
            Rating(r.person_id, by_fixture_id[r.skill_id], r.level, r.target, r.wants_to_learn)
            for r in RATINGS])
        for req in REQUIREMENTS:
            repo.set_requirement(session=session, scope=req.scope, value=req.value,
                                 skill_id=by_fixture_id[req.skill_id], level=req.level)
        repo.set_skill_archived(session=session, skill_id=ids["Fax"], archived=True)
        repo.upsert_ties(session=session, ties=TIES)
    return ids
