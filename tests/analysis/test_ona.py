"""Organisational network analysis: hand-computed values, networkx agreement, real data."""

import json
import math
import time

import networkx as nx
import pytest
from scipy.stats import spearmanr

from changeplanner.analysis import ona
from changeplanner.analysis.graph import build_graph
from changeplanner.analysis.metrics import analyze
from changeplanner.domain import Person, PlanSnapshot, Tie
from tests.analysis.realdata import load_email_eu_core, load_krackhardt, load_lazega


def graph_of(departments: dict[str, str], ties: list[tuple[str, str, float]]) -> nx.DiGraph:
    people = [Person(id=i, name=i, department=d) for i, d in departments.items()]
    return build_graph(people, [Tie(s, t, "advice", w) for s, t, w in ties])


@pytest.fixture
def small():
    """a, b, c in Sales; d, e in Service; f alone in IT, without ties.

    Ties: a->b, b->a, b->c, c->a (Sales inside: 4), c->d, e->a (across: 2),
    d->e (Service inside: 1).
    """
    return graph_of({"a": "Sales", "b": "Sales", "c": "Sales", "d": "Service",
                     "e": "Service", "f": "IT"},
                    [("a", "b", 1), ("b", "a", 2), ("b", "c", 1), ("c", "a", 1),
                     ("c", "d", 1), ("e", "a", 3), ("d", "e", 1)])


def test_ei_index_and_department_matrix_by_hand(small):
    matrix = ona.department_matrix(small)
    assert matrix.departments == ("IT", "Sales", "Service")
    assert matrix.counts == ((0, 0, 0), (0, 4, 1), (0, 1, 1))
    ei = ona.ei_index(matrix)
    assert ei["Sales"] == pytest.approx((2 - 4) / 6)
    assert ei["Service"] == pytest.approx((2 - 1) / 3)
    assert math.isnan(ei["IT"])
    assert matrix.to_json()["counts"][1] == [0, 4, 1]


def test_reach_2step_by_hand(small):
    reach = ona.reach_2step(small)
    # Contacts: a-b, a-c, b-c, c-d, a-e, d-e. Everyone but f reaches the four others
    # within two steps; f reaches nobody. n - 1 = 5.
    assert reach == pytest.approx({"a": 4 / 5, "b": 4 / 5, "c": 4 / 5, "d": 4 / 5,
                                   "e": 4 / 5, "f": 0.0})
    chain = graph_of({x: "D" for x in "pqrst"}, [("p", "q", 1), ("r", "q", 1),
                                                 ("r", "s", 1), ("s", "t", 1)])
    assert ona.reach_2step(chain) == pytest.approx(
        {"p": 2 / 4, "q": 3 / 4, "r": 4 / 4, "s": 3 / 4, "t": 2 / 4})


def reference_effective_size(graph):
    """networkx's per-node definition (Burt's formula with mutual weights).

    Asked for all nodes at once, networkx 3.6 takes a sparse shortcut that disagrees with its
    own definition on asymmetric weights (here a: 2.714 instead of 2.524), so the reference
    is the per-node path.
    """
    return nx.effective_size(graph, nodes=list(graph), weight="weight")


def test_structural_holes_match_networkx(small):
    constraint, effective = ona.structural_holes(small)
    expected_c = nx.constraint(small, weight="weight")
    expected_e = reference_effective_size(small)
    for person in "abcde":
        assert constraint[person] == pytest.approx(expected_c[person], abs=1e-9)
        assert effective[person] == pytest.approx(expected_e[person], abs=1e-9)
    assert math.isnan(constraint["f"]) and math.isnan(effective["f"])
    # d: contacts c (1) and e (1), not tied to each other: p = 1/2 each, constraint 1/2,
    # effective size 2 (nothing redundant).
    assert constraint["d"] == pytest.approx(0.5)
    assert effective["d"] == pytest.approx(2.0)


def test_structural_holes_and_betweenness_match_networkx_on_krackhardt(shared_data):
    snapshot = load_krackhardt(shared_data)
    graph = build_graph(snapshot.people, snapshot.ties)
    constraint, effective = ona.structural_holes(graph)
    expected_c = nx.constraint(graph, weight="weight")
    expected_e = nx.effective_size(graph, weight="weight")  # unweighted: both paths agree
    expected_b = nx.betweenness_centrality(graph)
    between = ona.betweenness(graph)
    for person in graph:
        assert abs(constraint[person] - expected_c[person]) < 1e-9
        assert abs(effective[person] - expected_e[person]) < 1e-9
        assert abs(between[person] - expected_b[person]) < 1e-9
    assert max(between.values()) > 0.05


def test_weighted_structural_holes_match_networkx_on_lazega(shared_data):
    snapshot = load_lazega(shared_data)
    graph = build_graph(snapshot.people, snapshot.ties)
    constraint, effective = ona.structural_holes(graph)
    expected_c = nx.constraint(graph, weight="weight")
    expected_e = reference_effective_size(graph)
    checked = 0
    for person in graph:
        if math.isnan(expected_c[person]):
            assert math.isnan(constraint[person])
            continue
        if math.isnan(expected_e[person]):  # networkx: no *outgoing* tie (its own quirk)
            continue
        checked += 1
        assert abs(constraint[person] - expected_c[person]) < 1e-9
        assert abs(effective[person] - expected_e[person]) < 1e-9
    assert checked >= 60


def test_role_labels_on_star_and_bridge():
    """Two stars (hubs h1, h2) in departments A and B, joined through bridge x in C;
    leaves l1..l8 ask their hub; lone y has one tie."""
    departments = {"h1": "A", "h2": "B", "x": "C", "y": "C"}
    ties = []
    for k in range(8):
        departments[f"a{k}"] = "A"
        departments[f"b{k}"] = "B"
        ties += [(f"a{k}", "h1", 1), (f"b{k}", "h2", 1)]
    ties += [("h1", "x", 1), ("x", "h2", 1), ("h2", "x", 1), ("x", "h1", 1), ("y", "a0", 1)]
    ties += [("a1", "a2", 1), ("b1", "b2", 1)]
    graph = graph_of(departments, ties)
    metrics = ona.network_metrics(graph)
    assert metrics.role_label["h1"] == "central_connector"
    assert metrics.role_label["h2"] == "central_connector"
    assert "9 colleagues" in metrics.role_reason["h1"]
    assert metrics.role_label["x"] in ("boundary_spanner", "information_broker")
    assert metrics.role_label["x"] == "boundary_spanner"
    assert "2 other departments" in metrics.role_reason["x"]
    assert metrics.role_label["y"] == "peripheral"
    assert metrics.role_reason["y"] == "Tied to only 1 colleague."
    assert metrics.role_label["a5"] == "peripheral"
    assert metrics.betweenness["x"] > metrics.betweenness["a0"]
    assert metrics.community["a3"] == metrics.community["h1"] != metrics.community["b3"]
    assert set(ona.ROLE_LABELS) >= {v for v in metrics.role_label.values() if v}


def test_information_broker_by_low_constraint():
    """b ties three otherwise separate cliques together; she is the broker."""
    departments, ties = {"b": "D"}, []
    for clique in range(3):
        members = [f"c{clique}{k}" for k in range(6)]
        for m in members:
            departments[m] = "D"
        ties += [(s, t, 1) for s in members for t in members if s != t]
        ties += [("b", members[0], 1), (members[1], "b", 1)]
    metrics = ona.network_metrics(graph_of(departments, ties))
    assert metrics.role_label["b"] == "information_broker"
    assert metrics.constraint["b"] == min(metrics.constraint.values())


def test_approximate_betweenness_ranks_agree_on_email_eu_core(shared_data):
    snapshot = load_email_eu_core(shared_data)
    graph = build_graph(snapshot.people, snapshot.ties)
    start = time.perf_counter()
    exact = ona.betweenness(graph, pivots=len(graph))  # all sources: exact
    approximate = ona.betweenness(graph, pivots=ona.BETWEENNESS_PIVOTS)
    assert time.perf_counter() - start < 20
    assert approximate == ona.betweenness(graph, pivots=ona.BETWEENNESS_PIVOTS)  # seeded
    people = list(graph)
    rho = spearmanr([exact[p] for p in people], [approximate[p] for p in people]).statistic
    assert rho >= 0.95
    top = sorted(people, key=exact.get, reverse=True)[:100]
    top_approx = set(sorted(people, key=approximate.get, reverse=True)[:100])
    assert len(set(top) & top_approx) >= 75
    # Sanity against networkx on a sample of sources: same normalisation.
    assert sum(approximate.values()) == pytest.approx(sum(exact.values()), rel=0.25)


@pytest.mark.parametrize("loader", [load_krackhardt, load_lazega, load_email_eu_core])
def test_real_networks_give_sane_values(shared_data, loader):
    snapshot = loader(shared_data)
    rows = analyze(snapshot)
    n = len(rows)
    assert n == len(snapshot.people)
    assert all(0 <= r.betweenness <= 1 for r in rows)
    assert all(0 <= r.reach_2step <= 1 for r in rows)
    assert max(r.betweenness for r in rows) > 0
    tied = [r for r in rows if r.constraint is not None]
    assert len(tied) >= 0.9 * n
    assert all(0 < r.constraint <= 1.5 and r.effective_size >= 0.99 for r in tied)
    assert all(r.community is not None for r in rows)
    assert 2 <= len({r.community for r in rows}) <= n / 2
    labels = [r.role_label for r in rows]
    assert {"central_connector", "peripheral"} <= set(labels)
    assert sum(label is not None for label in labels) <= 0.6 * n
    assert all((r.role_label is None) == (r.role_reason == "") for r in rows)
    graph = build_graph(snapshot.people, snapshot.ties)
    ei = ona.ei_index(ona.department_matrix(graph))
    assert set(ei) == {p.department for p in snapshot.people}
    assert all(math.isnan(v) or -1 <= v <= 1 for v in ei.values())


def test_email_eu_core_departments_are_silos(shared_data):
    snapshot = load_email_eu_core(shared_data)
    graph = build_graph(snapshot.people, snapshot.ties)
    matrix = ona.department_matrix(graph)
    assert sum(map(sum, matrix.counts)) == graph.number_of_edges()
    # In e-mail data most departments write more inside than the ties to any one outside.
    diagonal_wins = sum(row[i] == max(row) for i, row in enumerate(matrix.counts) if any(row))
    assert diagonal_wins >= 0.5 * len(matrix.departments)


def test_metric_explanations_are_plain_sentences():
    for key in ("in_degree", "pagerank", "betweenness", "constraint", "effective_size",
                "community", "reach_2step", "ei_index", "department_matrix", "role_label"):
        text = ona.METRIC_EXPLANATIONS[key]
        assert text.endswith(".") and len(text.split()) >= 6


def test_empty_graph():
    metrics = ona.network_metrics(nx.DiGraph())
    assert metrics.betweenness == {} and metrics.ei_index == {}
    assert metrics.department_matrix.counts == ()


def test_analyze_defaults_keep_old_callers_working():
    snapshot = PlanSnapshot(name="x", transforming_department=None,
                            people=(Person(id="1", name="One", department="A"),),
                            ties=())
    row = analyze(snapshot)[0]
    assert row.constraint is None and row.effective_size is None
    assert row.reach_2step == 0.0 and row.betweenness == 0.0
    assert json.loads(json.dumps(row.to_json()))["constraint"] is None


def test_cli_analyze_json_has_the_ona_keys(tmp_path, capsys, monkeypatch):
    from changeplanner import cli, paths

    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path)
    plan = tmp_path / "demo.changeplan"
    assert cli.main(["demo", str(plan), "--people", "60"]) == 0
    capsys.readouterr()
    assert cli.main(["analyze", str(plan), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 60
    keys = {"betweenness", "constraint", "effective_size", "community", "reach_2step",
            "role_label", "role_reason", "id", "pagerank", "in_degree", "scores",
            "brokerage", "cross_department_ties", "departments_reached"}
    assert keys <= set(rows[0])
    assert any(r["role_label"] for r in rows)
    assert all(isinstance(r["community"], int) for r in rows)
    assert max(r["betweenness"] for r in rows) > 0
