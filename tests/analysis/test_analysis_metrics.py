"""The influence graph, the per-person metrics and the archetype scores, on hand-computed
fixtures."""

import networkx as nx
import pytest

from changeplanner.analysis.archetypes import (
    ELIGIBILITY_THRESHOLD,
    archetype_scores,
    best_role,
    eligible_roles,
    percentile_ranks,
)
from changeplanner.analysis.graph import build_graph
from changeplanner.analysis.metrics import analyze, brokerage
from changeplanner.domain import ROLES, Person, PlanSnapshot, Tie
from changeplanner.errors import Cancelled
from changeplanner.progress import Progress

# Sales: a (team lead), b (-2); IT: c (+1), d; HR: e (-1), f.
PEOPLE = (
    Person(id="a", name="Anna", department="Sales", team_lead=True),
    Person(id="b", name="Bert", department="Sales", attitude=-2),
    Person(id="c", name="Cem", department="IT", attitude=1),
    Person(id="d", name="Dora", department="IT", attitude=0),
    Person(id="e", name="Emil", department="HR", attitude=-1),
    Person(id="f", name="Fatma", department="HR"),
)
TIES = (
    Tie("b", "a"),
    Tie("c", "a", "advice"),
    Tie("c", "a", "trust", 2.0),      # merged with the advice tie: weight 3
    Tie("d", "c"),
    Tie("e", "c", "information"),
    Tie("a", "e", "collaboration"),
    Tie("f", "e"),
    Tie("x", "a"),                    # unknown person: ignored
    Tie("a", "zz"),                   # unknown person: ignored
    Tie("a", "a"),                    # self tie: ignored
)


def snapshot(transforming=None):
    return PlanSnapshot(name="t", transforming_department=transforming, people=PEOPLE,
                        ties=TIES)


def test_graph_merges_relations_and_ignores_unknown_people():
    graph = build_graph(PEOPLE, TIES)
    assert set(graph.nodes) == {"a", "b", "c", "d", "e", "f"}
    assert graph.nodes["c"]["department"] == "IT"
    assert sorted(graph.edges) == [("a", "e"), ("b", "a"), ("c", "a"), ("d", "c"),
                                   ("e", "c"), ("f", "e")]
    assert graph["c"]["a"]["weight"] == 3.0
    assert graph["b"]["a"]["weight"] == 1.0


def test_graph_filters_relations():
    graph = build_graph(PEOPLE, TIES, relations=["trust", "collaboration"])
    assert sorted(graph.edges) == [("a", "e"), ("c", "a")]
    assert graph["c"]["a"]["weight"] == 2.0
    assert len(graph) == 6   # people without ties stay in the graph


def test_metrics_by_hand():
    result = {r.id: r for r in analyze(snapshot())}
    assert [r.id for r in analyze(snapshot())] == ["a", "b", "c", "d", "e", "f"]
    assert {k: r.in_degree for k, r in result.items()} == {
        "a": 2, "b": 0, "c": 2, "d": 0, "e": 2, "f": 0}
    # a: in from c (IT), out to e (HR); b->a stays in Sales.
    assert {k: r.cross_department_ties for k, r in result.items()} == {
        "a": 2, "b": 0, "c": 2, "d": 0, "e": 2, "f": 0}
    assert {k: r.departments_reached for k, r in result.items()} == {
        "a": 2, "b": 0, "c": 2, "d": 0, "e": 2, "f": 0}
    # a's closed neighbourhood: a, b (Sales), c (IT), e (HR) -> 1 - (4 + 1 + 1) / 16.
    assert result["a"].brokerage == pytest.approx(0.625)
    assert result["b"].brokerage == 0.0
    expected = nx.pagerank(build_graph(PEOPLE, TIES), weight="weight")
    for key, r in result.items():
        assert r.pagerank == pytest.approx(expected[key])
    assert sum(r.pagerank for r in result.values()) == pytest.approx(1.0)


def test_brokerage_formula():
    from collections import Counter

    assert brokerage("A", Counter()) == 0.0                      # isolated
    assert brokerage("A", Counter({"A": 5})) == 0.0              # silo
    assert brokerage("A", Counter({"B": 1})) == pytest.approx(0.5)
    assert brokerage("A", Counter({"A": 1, "B": 1, "C": 1})) == pytest.approx(1 - 6 / 16)
    # More departments, evenly spread, bridge more.
    assert brokerage("A", Counter({"B": 3, "C": 3, "D": 3})) > brokerage(
        "A", Counter({"B": 9}))


def test_percentile_ranks():
    # Equal values count half: (3 lower + 2 equal / 2) / 5 others.
    assert list(percentile_ranks([2, 0, 2, 0, 2, 0])) == pytest.approx([0.8, 0.2] * 3)
    assert list(percentile_ranks([3, 1, 2])) == [1.0, 0.0, 0.5]
    assert list(percentile_ranks([4, 4, 4])) == [0.5, 0.5, 0.5]
    assert list(percentile_ranks([7])) == [0.5]
    assert list(percentile_ranks([])) == []


def scores_by_hand(transforming=None):
    # in-degree percentiles: a, c, e 0.8, b, d, f 0.2; pagerank percentiles a 1.0, b 0.3,
    # c 0.6, d 0.3, e 0.8, f 0 -> influence a 0.9, b 0.25, c 0.7, d 0.25, e 0.8, f 0.1.
    return archetype_scores(PEOPLE, in_degree=[2, 0, 2, 0, 2, 0],
                            pagerank=[0.3, 0.1, 0.2, 0.1, 0.25, 0.05],
                            brokerage=[0.625, 0, 0.625, 0, 0.625, 0],
                            cross_department_ties=[2, 0, 2, 0, 2, 0],
                            transforming_department=transforming)


def test_archetype_scores_by_hand():
    a, b, c, d, e, f = scores_by_hand()
    assert b["skeptic"] == pytest.approx(0.8 + 0.2 * 0.25)    # attitude -2
    assert e["skeptic"] == pytest.approx(0.5 + 0.2 * 0.8)     # attitude -1
    assert c["enthusiast"] == pytest.approx(0.5 + 0.2 * 0.7)  # attitude +1
    assert a["lead"] == pytest.approx(0.9)
    for person in (a, c, e):
        assert person["networker"] == pytest.approx(0.8)
    assert d == {"skeptic": 0.0, "networker": 0.0, "enthusiast": 0.0, "lead": 0.0}
    assert f == d
    assert eligible_roles(a) == ("networker", "lead")
    assert eligible_roles(e) == ("skeptic", "networker")
    assert best_role(a) == "lead"
    assert all(0.0 <= s <= 1.0 for p in (a, b, c, d, e, f) for s in p.values())


def test_strong_attitudes_always_score_higher():
    people = [Person(id=str(i), name=str(i), attitude=att) for i, att in
              enumerate([-2, -1, -1, 2, 1, None, 0])]
    # The -1 and +1 people are the most influential, the -2 and +2 ones the least.
    scores = archetype_scores(people, in_degree=[0, 9, 9, 0, 9, 5, 5],
                              pagerank=[0.0, 0.3, 0.3, 0.0, 0.3, 0.05, 0.05],
                              brokerage=[0] * 7, cross_department_ties=[0] * 7,
                              transforming_department=None)
    assert scores[0]["skeptic"] > scores[1]["skeptic"] >= ELIGIBILITY_THRESHOLD
    assert scores[3]["enthusiast"] > scores[4]["enthusiast"] >= ELIGIBILITY_THRESHOLD
    assert scores[0]["enthusiast"] == 0.0 and scores[3]["skeptic"] == 0.0
    # Unknown and neutral attitudes never count: the app does not guess.
    for unknown in (scores[5], scores[6]):
        assert unknown["skeptic"] == 0.0 and unknown["enthusiast"] == 0.0


def test_leads_of_the_transforming_department_do_not_count():
    assert scores_by_hand(transforming="Sales")[0]["lead"] == 0.0
    assert scores_by_hand(transforming="IT")[0]["lead"] == pytest.approx(0.9)
    result = {r.id: r for r in analyze(snapshot(transforming="Sales"))}
    assert result["a"].scores["lead"] == 0.0
    assert set(result["a"].scores) == set(ROLES)


def test_to_json_and_progress():
    seen = []

    class Recorder(Progress):
        def on_update(self, fraction, message):
            seen.append(fraction)

    row = analyze(snapshot(), progress=Recorder())[0].to_json()
    assert row["id"] == "a" and row["in_degree"] == 2 and row["departments_reached"] == 2
    assert set(row["scores"]) == set(ROLES)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_cancel_stops_analysis():
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        analyze(snapshot(), progress=progress)


def test_empty_plan():
    assert analyze(PlanSnapshot(name="", transforming_department=None, people=(),
                                ties=())) == []
