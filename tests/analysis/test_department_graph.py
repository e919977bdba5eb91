"""The department-level network (analysis.aggregate.department_graph)."""

from __future__ import annotations

import time

from changeplanner.analysis.aggregate import department_graph
from changeplanner.domain import Person, Tie


def _people():
    return [Person(id="a", name="A", department="IT"), Person(id="b", name="B", department="IT"),
            Person(id="c", name="C", department="HR"), Person(id="d", name="D", department=""),
            Person(id="e", name="E", department="HR")]


def test_one_node_per_department_with_headcount_board_and_position():
    positions = {"a": (0.0, 0.0), "b": (0.2, 0.4), "c": (1.0, 1.0), "d": (0.5, 0.5),
                 "e": (0.8, 1.0)}
    graph = department_graph(_people(), [], board_ids=["a", "c", "zz"], positions=positions)
    assert [(d.name, d.headcount, d.board_members) for d in graph.departments] == [
        ("HR", 2, 1), ("IT", 2, 1), ("", 1, 0)]
    assert graph.departments[1].position == (0.1, 0.2)
    assert graph.edges == {}


def test_edges_count_distinct_pairs_across_departments():
    ties = [Tie("a", "c", "advice"), Tie("c", "a", "trust"),  # one pair, both ways
            Tie("b", "c", "advice"), Tie("a", "b", "advice"),  # inside IT: ignored
            Tie("a", "d", "information"), Tie("a", "a", "advice"), Tie("a", "zz", "advice")]
    graph = department_graph(_people(), ties)
    assert graph.edges == {("HR", "IT"): 2, ("", "IT"): 1}
    only_trust = department_graph(_people(), ties, relation="trust")
    assert only_trust.edges == {("HR", "IT"): 1}


def test_ten_thousand_people_are_quick():
    people = [Person(id=f"p{i}", name=str(i), department=f"D{i % 40}") for i in range(10_000)]
    ties = [Tie(f"p{i}", f"p{(i * 7 + k) % 10_000}", "advice")
            for i in range(10_000) for k in range(1, 11)]
    start = time.perf_counter()
    graph = department_graph(people, ties)
    elapsed = time.perf_counter() - start
    assert len(graph.departments) == 40
    assert sum(d.headcount for d in graph.departments) == 10_000
    assert elapsed < 1.0
