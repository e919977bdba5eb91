"""Test data for the GUI tests: a small, realistic organisation written with repo functions."""

from __future__ import annotations

from pathlib import Path

from changeplanner import domain
from changeplanner.store import repo
from changeplanner.store.db import building_plan

SMALL_PEOPLE = (
    domain.Person("P01", "Anna Schmidt", "Kundenservice 1st Level", "Team lead", True, None,
                  1, True, 80),
    domain.Person("P02", "Ben Weber", "Kundenservice 1st Level", "Agent", False, "P01", -1),
    domain.Person("P03", "Clara Fischer", "Kundenservice 1st Level", "Agent", False, "P01",
                  None, True),
    domain.Person("P04", "Deniz Yılmaz", "Kundenservice 2nd Level", "Team lead", True, None,
                  0),
    domain.Person("P05", "Emma Wagner", "Kundenservice 2nd Level", "Specialist", False, "P04",
                  2),
    domain.Person("P06", "Felix Becker", "Kundenservice 2nd Level", "Specialist", False, "P04",
                  -2, False, 50),
    domain.Person("P07", "Greta Hoffmann", "IT", "Team lead", True, None, 1),
    domain.Person("P08", "Hamid Karimi", "IT", "Developer", False, "P07", None),
    domain.Person("P09", "Ida Schulz", "IT", "Administrator", False, "P07", 0, True),
    domain.Person("P10", "Jonas Koch", "HR", "HR partner", False, None, 1),
    domain.Person("P11", "Łukasz Żółć", "Vertrieb", "Key account manager", False, None, -1),
    domain.Person("P12", "Nguyễn Thị Minh", "Vertrieb", "Sales", False, "P11", 2),
)
SMALL_TIES = (
    ("P02", "P01"), ("P03", "P01"), ("P05", "P04"), ("P06", "P04"), ("P08", "P07"),
    ("P09", "P07"), ("P12", "P11"), ("P01", "P04"), ("P04", "P07"), ("P10", "P01"),
    ("P11", "P05"), ("P02", "P03"),
)



def build_small_plan(path: Path) -> Path:
    """A dozen people in five departments, ties, one skill with ratings, one pilot."""
    with building_plan(path, name="Small plan") as plan, plan.transaction() as session:
        repo.upsert_people(session=session, people=SMALL_PEOPLE)
        repo.upsert_ties(session=session, ties=[domain.Tie(s, t) for s, t in SMALL_TIES])
        skill_ids = repo.ensure_skills(session=session, skills=[
            domain.Skill(0, "Scrum", "agile methods")])
        repo.upsert_ratings(session=session, ratings=[
            domain.Rating("P01", skill_ids["Scrum"], 3, 4),
            domain.Rating("P05", skill_ids["Scrum"], 1, 3)])
        repo.set_transforming_department(session=session, name="Kundenservice 1st Level")
        repo.add_pilot(session=session, name="Callback squad",
                       department="Kundenservice 1st Level", status="running")
    return path
