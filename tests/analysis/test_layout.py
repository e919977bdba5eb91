"""The department-clustered network layout."""

import csv
import random
import time

import numpy as np
import pytest

from changeplanner.analysis.layout import layout_positions
from changeplanner.domain import Person, Tie
from changeplanner.errors import Cancelled
from changeplanner.progress import Progress

DEPARTMENTS = ("Kundenservice 1st Level", "2nd Level", "Key Account Management", "Vertrieb",
               "Produktmanagement", "IT", "HR")


def organisation(people: int, ties: int, departments=DEPARTMENTS, seed: int = 3):
    """Departments of uneven size, 90 % of ties inside a department."""
    rng = random.Random(seed)
    weights = [5, 3, 2, 2, 1.5, 1.5, 1] + [1] * max(0, len(departments) - 7)
    staff = [Person(id=f"p{i:05d}", name=f"Person {i}",
                    department=rng.choices(departments, weights[:len(departments)])[0])
             for i in range(people)]
    members: dict[str, list[str]] = {}
    for person in staff:
        members.setdefault(person.department, []).append(person.id)
    pairs = set()
    while len(pairs) < ties:
        a = rng.choice(staff)
        b = rng.choice(members[a.department]) if rng.random() < 0.9 else rng.choice(staff).id
        if b != a.id:
            pairs.add((a.id, b))
    return staff, [Tie(a, b) for a, b in sorted(pairs)]


def distances_by_kind(positions, department_of):
    """Mean distance of pairs in the same department and of pairs in different ones."""
    ids = sorted(positions)
    xy = np.array([positions[i] for i in ids])
    groups = np.array([department_of[i] for i in ids])
    distance = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    same = groups[:, None] == groups[None, :]
    off_diagonal = ~np.eye(len(ids), dtype=bool)
    return distance[same & off_diagonal].mean(), distance[~same].mean()


def assert_in_unit_square(positions):
    xy = np.array(list(positions.values()))
    assert xy.min() >= 0.0 and xy.max() <= 1.0
    assert np.isfinite(xy).all()


def test_every_person_gets_a_position_in_the_unit_square():
    people, ties = organisation(120, 700)
    positions = layout_positions(people, ties)
    assert set(positions) == {p.id for p in people}
    assert_in_unit_square(positions)
    assert all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], float)
               for v in positions.values())
    # The layout uses the square: one axis spans (almost) all of it.
    xy = np.array(list(positions.values()))
    assert (xy.max(0) - xy.min(0)).max() > 0.9
    # Nobody sits on top of somebody else.
    assert len({(round(x, 6), round(y, 6)) for x, y in xy}) == len(people)


def test_same_seed_same_layout_whatever_the_input_order():
    people, ties = organisation(120, 700)
    first = layout_positions(people, ties, seed=7)
    again = layout_positions(list(reversed(people)), list(reversed(ties)), seed=7)
    assert first == again
    other = layout_positions(people, ties, seed=8)
    assert other != first


def test_departments_are_spatially_grouped():
    people, ties = organisation(300, 2000)
    positions = layout_positions(people, ties)
    intra, inter = distances_by_kind(positions, {p.id: p.department for p in people})
    assert intra < 0.5 * inter


def test_departments_do_not_overlap():
    people, ties = organisation(400, 2500)
    positions = layout_positions(people, ties)
    department_of = {p.id: p.department for p in people}
    centre, radius = {}, {}
    for name in DEPARTMENTS:
        xy = np.array([positions[i] for i in positions if department_of[i] == name])
        centre[name] = xy.mean(0)
        radius[name] = np.sqrt(((xy - centre[name]) ** 2).sum(1)).max()
    for a in DEPARTMENTS:
        for b in DEPARTMENTS:
            if a < b:
                gap = np.sqrt(((centre[a] - centre[b]) ** 2).sum())
                assert gap > 0.9 * (radius[a] + radius[b]), (a, b)


def test_edge_cases():
    assert layout_positions([], []) == {}
    alone = layout_positions([Person(id="a", name="A")], [])
    assert alone == {"a": (0.5, 0.5)}
    people = [Person(id="a", name="A", department="X"), Person(id="b", name="B"),
              Person(id="c", name="C", department="X")]
    ties = [Tie("a", "a"), Tie("a", "nobody"), Tie("a", "c"), Tie("b", "c")]
    positions = layout_positions(people, ties)
    assert set(positions) == {"a", "b", "c"}
    assert_in_unit_square(positions)


def test_many_small_departments_and_one_per_person():
    people, ties = organisation(600, 3000, departments=[f"Team {i}" for i in range(60)])
    positions = layout_positions(people, ties)
    assert_in_unit_square(positions)
    intra, inter = distances_by_kind(positions, {p.id: p.department for p in people})
    assert intra < 0.5 * inter
    singles = [Person(id=str(i), name=str(i), department=f"D{i}") for i in range(400)]
    assert_in_unit_square(layout_positions(singles, [Tie("1", "2")]))


def test_cancel_stops_the_layout():
    people, ties = organisation(50, 100)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        layout_positions(people, ties, progress=progress)


def test_reports_progress():
    people, ties = organisation(50, 100)
    seen = []

    class Recorder(Progress):
        def on_update(self, fraction, message):
            seen.append(fraction)

    layout_positions(people, ties, progress=Recorder())
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_ten_thousand_people_are_laid_out_quickly():
    people, ties = organisation(10_000, 100_000)
    start = time.perf_counter()
    positions = layout_positions(people, ties)
    elapsed = time.perf_counter() - start
    assert len(positions) == 10_000
    assert_in_unit_square(positions)
    # Measured about 0.1-0.3 s; the bound only catches an accidental quadratic step.
    assert elapsed < 5.0
    sample = {pid: positions[pid] for pid in sorted(positions)[::10]}
    intra, inter = distances_by_kind(sample, {p.id: p.department for p in people})
    assert intra < 0.5 * inter


def load_lazega(folder):
    with open(folder / "lazega_nodes.csv", newline="", encoding="utf-8") as handle:
        offices = {"1": "Boston", "2": "Hartford", "3": "Providence"}
        people = [Person(id=row["id"], name=f"Lawyer {row['id']}",
                         department=offices[row["office"]]) for row in csv.DictReader(handle)]
    with open(folder / "lazega_edges.csv", newline="", encoding="utf-8") as handle:
        ties = [Tie(row["source"], row["target"], relation=row["relation"])
                for row in csv.DictReader(handle)]
    return people, ties


def test_lazega_offices_are_grouped(shared_data):
    people, ties = load_lazega(shared_data / "lazega_lawfirm")
    assert len(people) == 71 and len(ties) > 2500
    positions = layout_positions(people, ties)
    assert set(positions) == {p.id for p in people}
    assert_in_unit_square(positions)
    intra, inter = distances_by_kind(positions, {p.id: p.department for p in people})
    assert intra < inter
    assert positions == layout_positions(people, ties)
