"""Analysis and board on the real organisational networks of ../shared/data.

Attitudes in these tests are SYNTHETIC (seeded, see realdata.py): the published data has
none. Figures are printed (run with ``-s``) so they can be quoted.
"""

import itertools
import random
import time

import pytest

from changeplanner.analysis.archetypes import eligible_roles
from changeplanner.analysis.board import MIN_AVAILABILITY, daily_business_limit, propose_board
from changeplanner.analysis.metrics import analyze, analyze_graph
from changeplanner.domain import ROLES
from tests.analysis.realdata import load_email_eu_core, load_krackhardt, load_lazega

SEED = 1


def reach_masks(graph):
    """Closed neighbourhood of every person as an int bitmask (fast exhaustive search)."""
    index = {node: i for i, node in enumerate(graph.nodes)}
    masks = {}
    for node in graph.nodes:
        bits = 1 << index[node]
        for other in list(graph.pred[node]) + list(graph.succ[node]):
            bits |= 1 << index[other]
        masks[node] = bits
    return masks


def reach(masks, ids, n):
    bits = 0
    for i in ids:
        bits |= masks[i]
    return bin(bits).count("1") / n


def baselines(snapshot, size):
    graph, analyses = analyze_graph(snapshot)
    masks, n = reach_masks(graph), len(snapshot.people)
    top = [a.id for a in sorted(analyses, key=lambda a: (-a.in_degree, a.id))[:size]]
    rng = random.Random(0)
    ids = [p.id for p in snapshot.people]
    random_mean = sum(reach(masks, rng.sample(ids, size), n) for _ in range(100)) / 100
    return reach(masks, top, n), random_mean


def exhaustive_optimum(snapshot, size, roles):
    """Best reach over every board of ``size`` under the optimiser's constraints: candidates
    eligible for a role and available, the daily-business limit, and ``roles`` held by
    distinct members. Written independently of the optimiser."""
    graph, analyses = analyze_graph(snapshot)
    masks, n = reach_masks(graph), len(snapshot.people)
    person = snapshot.people_by_id()
    eligible = {a.id: eligible_roles(a.scores) for a in analyses}
    candidates = [p.id for p in snapshot.people
                  if eligible[p.id] and p.availability >= MIN_AVAILABILITY]
    limit = daily_business_limit(size)
    best, best_board = 0.0, None
    for board in itertools.combinations(candidates, size):
        value = reach(masks, board, n)
        if value <= best:
            continue
        if sum(person[i].daily_business for i in board) > limit:
            continue
        if any(all(role in eligible[member] for role, member in zip(roles, seats, strict=True))
               for seats in itertools.permutations(board, len(roles))):
            best, best_board = value, board
    return best, best_board


CASES = {
    "krackhardt": (load_krackhardt, "Dept 2"),
    "lazega": (load_lazega, "Boston"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_board_on_real_network(case, shared_data):
    loader, transforming = CASES[case]
    snapshot = loader(shared_data, attitudes_seed=SEED, transforming_department=transforming)
    board = propose_board(snapshot)
    assert board.size == 4
    assert sorted(m.role for m in board.members) == sorted(ROLES)   # every archetype
    assert board.unfilled == ()
    lead = next(m for m in board.members if m.role == "lead")
    assert lead.department != transforming
    top_degree, random_mean = baselines(snapshot, board.size)
    print(f"\n{case}: board reach {board.reach:.3f}, top in-degree board {top_degree:.3f}, "
          f"mean of 100 random boards {random_mean:.3f}")
    assert board.reach >= top_degree
    assert board.reach > random_mean
    if case == "lazega":   # Krackhardt's dense advice net lets any 4 hubs reach everyone
        assert board.reach > top_degree
    for member in board.members:
        assert member.reasons.count(".") >= 2


@pytest.mark.parametrize("case", sorted(CASES))
def test_board_against_exhaustive_search(case, shared_data):
    loader, transforming = CASES[case]
    snapshot = loader(shared_data, attitudes_seed=SEED, transforming_department=transforming)
    board = propose_board(snapshot, size=4)
    optimum, best = exhaustive_optimum(snapshot, 4, sorted({m.role for m in board.members}))
    gap = optimum - board.reach
    print(f"\n{case}: greedy reach {board.reach:.4f}, exhaustive optimum {optimum:.4f} "
          f"({best}), gap {gap * 100:.1f} points")
    assert board.reach <= optimum + 1e-9      # the search is exhaustive
    assert gap <= 0.05
    if case == "krackhardt":
        assert gap == pytest.approx(0.0)


def test_without_attitudes_nothing_is_guessed(shared_data):
    for loader in (load_krackhardt, load_lazega):
        snapshot = loader(shared_data)
        assert all(p.attitude is None for p in snapshot.people)
        board = propose_board(snapshot)
        assert {m.role for m in board.members} <= {"networker", "lead"}
        unfilled = dict(board.unfilled)
        assert set(unfilled) == {"skeptic", "enthusiast"}
        for role in ("skeptic", "enthusiast"):
            assert "record attitudes in People" in unfilled[role]
            assert f"({len(snapshot.people)} people have no attitude recorded)" in unfilled[role]
        assert all(a.scores["skeptic"] == 0 == a.scores["enthusiast"]
                   for a in analyze(snapshot))


def test_krackhardt_loader(shared_data):
    snapshot = load_krackhardt(shared_data)
    assert len(snapshot.people) == 21 and len(snapshot.ties) == 190
    people = snapshot.people_by_id()
    assert people["7"].department == "CEO" and people["7"].team_lead
    assert sum(p.team_lead for p in snapshot.people) == 5
    assert people["1"].manager_id == "2" and people["7"].manager_id is None
    assert {p.department for p in snapshot.people} == {"CEO", "Dept 1", "Dept 2", "Dept 3",
                                                       "Dept 4"}
    with_attitudes = load_krackhardt(shared_data, attitudes_seed=SEED)
    again = load_krackhardt(shared_data, attitudes_seed=SEED)
    assert [p.attitude for p in with_attitudes.people] == [p.attitude for p in again.people]
    assert {p.attitude for p in with_attitudes.people} <= {-2, -1, 0, 1, 2}


def test_lazega_loader(shared_data):
    snapshot = load_lazega(shared_data)
    assert len(snapshot.people) == 71 and len(snapshot.ties) == 892
    assert {p.department for p in snapshot.people} == {"Boston", "Hartford", "Providence"}
    assert sum(p.team_lead for p in snapshot.people) == 36


def test_email_eu_core_is_fast(shared_data):
    snapshot = load_email_eu_core(shared_data, attitudes_seed=SEED)
    assert len(snapshot.people) == 1005
    assert len({p.department for p in snapshot.people}) == 42
    assert all(t.source != t.target for t in snapshot.ties)
    start = time.perf_counter()
    analyses = analyze(snapshot)
    board = propose_board(snapshot)
    elapsed = time.perf_counter() - start
    top_degree, random_mean = baselines(snapshot, board.size)
    print(f"\nemail-Eu-core: analyze + board {elapsed:.2f} s, board of {board.size} reach "
          f"{board.reach:.3f}, top in-degree {top_degree:.3f}, random {random_mean:.3f}")
    assert elapsed < 2.0
    assert len(analyses) == 1005 and board.size == 15
    assert {m.role for m in board.members} >= {"skeptic", "networker", "enthusiast"}
    assert dict(board.unfilled) == {
        "lead": "No team leads are recorded: mark team leads in People to fill this seat"}
    assert board.reach > top_degree and board.reach > random_mean
