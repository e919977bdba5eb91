"""A tiny, hand-computed plan for the skills panel tests (gaps, teachers, risks, staffing).

Service (Anna, Ben, Clara) must reach Scrum 3 and CRM 2; IT (Ida, Jan) must reach
Mainframe 2, which nobody has. Ben is tied to Ida (advice). Hand-computed answers:

- gaps: Ben Scrum 1 → 3, Clara Scrum 2 → 3, Ida and Jan Mainframe 0 → 2;
- teachers of Ben in Scrum: Ida (tied) before Anna (same department);
- compliance: Service 4 of 6, IT 0 of 2, overall 4 of 8;
- risks: Mainframe (whole plan and IT: nobody), Python (whole plan and IT: one expert),
  Scrum in IT and in Service (one expert each).
"""

from __future__ import annotations

from pathlib import Path

from changeplanner import domain
from changeplanner.store import repo
from changeplanner.store.db import building_plan

PEOPLE = (
    domain.Person("A1", "Anna Schmidt", "Service", "Agent"),
    domain.Person("A2", "Ben Weber", "Service", "Agent"),
    domain.Person("A3", "Clara Fischer", "Service", "Agent"),
    domain.Person("I1", "Ida Schulz", "IT", "Developer"),
    domain.Person("I2", "Jan Koch", "IT", "Developer"),
)
SKILLS = ("Scrum", "CRM", "Python", "Mainframe")
RATINGS = (  # person, skill, level, wants to learn
    ("A1", "Scrum", 4, False), ("A1", "CRM", 3, False),
    ("A2", "Scrum", 1, True), ("A2", "CRM", 2, False),
    ("A3", "Scrum", 2, False), ("A3", "CRM", 3, False),
    ("I1", "Python", 4, False), ("I1", "Scrum", 4, False),
    ("I2", "Python", 2, True),
)
REQUIREMENTS = (("department", "Service", "Scrum", 3), ("department", "Service", "CRM", 2),
                ("department", "IT", "Mainframe", 2))


def build_panels_plan(path: Path) -> Path:
    """Write the plan described above to ``path``."""
    with building_plan(path, name="Panels plan") as plan, plan.transaction() as session:
        repo.upsert_people(session=session, people=PEOPLE)
        repo.upsert_ties(session=session, ties=[domain.Tie("A2", "I1", "advice")])
        ids = repo.ensure_skills(session=session, skills=[
            domain.Skill(0, name, "Tools" if name != "Scrum" else "Agile") for name in SKILLS])
        repo.upsert_ratings(session=session, ratings=[
            domain.Rating(p, ids[s], level, None, wants) for p, s, level, wants in RATINGS])
        for scope, value, skill, level in REQUIREMENTS:
            repo.set_requirement(session=session, scope=scope, value=value,
                                 skill_id=ids[skill], level=level)
    return path
