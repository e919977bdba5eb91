"""A small organisation for the ties and survey tests (hand-countable)."""

from __future__ import annotations

from changeplanner import domain
from changeplanner.store import repo

#: id, name, department, manager
PEOPLE = [
    ("p1", "Anna Berg", "Sales", None),
    ("p2", "Łukasz Żółć", "Sales", "p1"),
    ("p3", "José Álvarez", "Sales", "p1"),
    ("p4", "Ben Ott", "Sales", "p1"),
    ("p5", "Carla Diaz", "Sales", "p1"),
    ("p6", "<b>Müller & Söhne</b>", "IT", None),
    ("p7", "Dora Engel", "IT", "p6"),
    ("p8", "Emil Frank", "IT", "p6"),
    ("p9", "Jan Meyer", "IT", "p6"),
    ("p10", "Jan Meyer", "HR", None),
]


def fill(plan) -> None:
    """Put :data:`PEOPLE` into ``plan`` (no ties)."""
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=[
            domain.Person(id=i, name=n, department=d, manager_id=m) for i, n, d, m in PEOPLE])


def ties_of(plan) -> set[tuple[str, str, str, float]]:
    """Every tie of the plan as plain tuples."""
    with plan.reading() as session:
        return {(t.source, t.target, t.relation, t.weight)
                for t in repo.list_ties(session=session)}
