"""The adoption simulation: hand-checked tiny graphs, attitudes, baselines, real data."""

import numpy as np
import pytest

from changeplanner.analysis.adoption import (
    CRITICAL_MASS,
    ThresholdModel,
    draw_thresholds,
    influence_matrix,
    simulate_adoption,
)
from changeplanner.analysis.board import propose_board
from changeplanner.domain import Person, PlanSnapshot, Tie
from changeplanner.errors import Cancelled
from changeplanner.progress import Progress

from .realdata import load_lazega


def snap(ids, edges, attitudes=None):
    """A snapshot with people ``ids`` and ties ``(source, target[, weight])``."""
    attitudes = attitudes or {}
    people = tuple(Person(id=i, name=i, department="D", attitude=attitudes.get(i))
                   for i in ids)
    ties = tuple(Tie(e[0], e[1], "advice", *(e[2:])) for e in edges)
    return PlanSnapshot(name="toy", transforming_department=None, people=people, ties=ties)


def fixed(ids, value):
    return {i: value for i in ids}


# -- hand-checkable graphs -----------------------------------------------------------------

def test_path_adopts_one_step_per_round():
    ids = ["a", "b", "c", "d", "e"]
    toy = snap(ids, [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    result = simulate_adoption(toy, ["a"], runs=3, rounds=6, thresholds=fixed(ids, 0.5))
    # b sees a and c: 1/2 >= 0.5 in round 1; then c, d; e (one neighbour) in round 4.
    assert result.board.mean == (0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 1.0)
    assert result.board.low == result.board.mean == result.board.high
    assert result.board.critical_mass_round == 1
    assert result.rounds == tuple(range(7))
    assert result.board_members == ("a",)


def test_threshold_above_share_blocks_the_path():
    ids = ["a", "b", "c", "d", "e"]
    toy = snap(ids, [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    result = simulate_adoption(toy, ["a"], runs=2, rounds=4, thresholds=fixed(ids, 0.51))
    assert result.board.mean == (0.2,) * 5
    assert result.board.critical_mass_round is None


def test_star_from_a_leaf_and_from_the_hub():
    ids = ["hub", "l1", "l2", "l3", "l4"]
    edges = [(leaf, "hub") for leaf in ids[1:]]  # every leaf goes to the hub for advice
    toy = snap(ids, edges)
    thresholds = {"hub": 0.25, "l1": 0.9, "l2": 0.9, "l3": 0.9, "l4": 0.9}
    from_leaf = simulate_adoption(toy, ["l1"], runs=2, rounds=3, thresholds=thresholds)
    assert from_leaf.board.mean == (0.2, 0.4, 1.0, 1.0)  # hub in round 1, the leaves in 2
    # Directed: influence flows from the hub to those who go to it, never back.
    directed = simulate_adoption(toy, ["l1"], runs=2, rounds=3, directed=True,
                                 thresholds=thresholds)
    assert directed.board.mean == (0.2, 0.2, 0.2, 0.2)
    from_hub = simulate_adoption(toy, ["hub"], runs=2, rounds=3, directed=True,
                                 thresholds=thresholds)
    assert from_hub.board.mean == (0.2, 1.0, 1.0, 1.0)


def test_tie_weights_decide_the_share():
    toy = snap(["x", "a", "b"], [("x", "a", 3.0), ("x", "b", 1.0)])
    thresholds = {"x": 0.7, "a": 0.99, "b": 0.99}
    strong = simulate_adoption(toy, ["a"], runs=1, rounds=2, thresholds=thresholds)
    weak = simulate_adoption(toy, ["b"], runs=1, rounds=2, thresholds=thresholds)
    assert strong.board.mean[1] == pytest.approx(2 / 3)  # x sees 3/4 >= 0.7
    assert weak.board.mean[1] == pytest.approx(1 / 3)    # x sees 1/4 < 0.7


def test_influence_matrix_merges_relations_and_normalises_rows():
    toy = PlanSnapshot(name="t", transforming_department=None,
                       people=tuple(Person(id=i, name=i, department="D") for i in "abc"),
                       ties=(Tie("a", "b", "advice", 1.0), Tie("a", "b", "trust", 2.0),
                             Tie("c", "a", "advice", 1.0), Tie("a", "a", "advice"),
                             Tie("a", "ghost", "advice")))
    matrix, in_degree = influence_matrix(toy)
    dense = matrix.toarray()
    assert dense[0].tolist() == pytest.approx([0.0, 0.75, 0.25])
    assert dense[1].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert in_degree.tolist() == [1, 1, 0]
    directed, _deg = influence_matrix(toy, directed=True)
    assert directed.toarray()[2].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert directed.toarray()[1].sum() == 0.0  # b goes to nobody: listens to nobody


# -- attitudes -----------------------------------------------------------------------------

def attitude_toy(attitude):
    """A symmetric graph: a hub (the board) and 8 followers, each with two private
    colleagues of their own, so every follower sees exactly 1/3 adopted after round 0."""
    ids, edges, attitudes = ["hub"], [], {}
    for f in range(8):
        follower = f"f{f}"
        ids.append(follower)
        attitudes[follower] = attitude
        edges.append((follower, "hub"))
        for k in range(2):
            ids.append(f"p{f}{k}")
            edges.append((f"p{f}{k}", follower))
    return snap(ids, edges, attitudes)


def test_skeptics_adopt_later_than_enthusiasts():
    curves = {a: simulate_adoption(attitude_toy(a), ["hub"], runs=200, rounds=4, seed=5).board
              for a in (-2, None, 2)}
    # Enthusiasts' thresholds (<= 0.29) are all below 1/3: every follower adopts in round 1.
    assert curves[2].mean[1] == pytest.approx(9 / 25)
    for r in range(5):
        assert curves[-2].mean[r] <= curves[None].mean[r] <= curves[2].mean[r]
    assert curves[-2].mean[1] < curves[None].mean[1] < curves[2].mean[1]
    assert curves[-2].mean[-1] < curves[2].mean[-1]


def test_thresholds_shift_with_attitude():
    rng = np.random.default_rng(3)
    theta = draw_thresholds([-2, 0, None, 2], 2000, rng, ThresholdModel())
    means = theta.mean(axis=1)
    assert means[0] > means[1] > means[3]
    assert means[1] == pytest.approx(0.25, abs=0.01)
    assert means[2] == pytest.approx(0.25, abs=0.01)  # unknown counts as neutral
    assert theta.min() >= 0.01 and theta.max() <= 1.0


# -- general properties ----------------------------------------------------------------------

@pytest.fixture
def lazega(shared_data):
    return load_lazega(shared_data, attitudes_seed=11)


def test_curves_are_monotone_and_start_with_the_board(lazega):
    board = [p.id for p in lazega.people[:5]]
    result = simulate_adoption(lazega, board, runs=30, rounds=10, seed=2)
    n = len(lazega.people)
    for curve in (result.board, result.random, result.top_degree):
        assert curve.mean[0] == pytest.approx(5 / n, abs=1e-6)
        assert curve.low[0] == curve.high[0] == pytest.approx(5 / n, abs=1e-6)
        for values in (curve.mean, curve.low, curve.high):  # every run only grows
            assert all(b >= a for a, b in zip(values, values[1:], strict=False))
        assert all(lo <= hi for lo, hi in zip(curve.low, curve.high, strict=True))
        assert min(curve.low) >= 0.0 and max(curve.high) <= 1.0
        assert len(curve.mean) == 11
        if curve.critical_mass_round is not None:
            r = curve.critical_mass_round
            assert curve.mean[r] >= CRITICAL_MASS and (r == 0 or curve.mean[r - 1] < CRITICAL_MASS)
    assert len(result.top_degree_members) == 5


def test_deterministic_given_a_seed(lazega):
    board = [p.id for p in lazega.people[:4]]
    first = simulate_adoption(lazega, board, runs=20, rounds=8, seed=9)
    again = simulate_adoption(lazega, board, runs=20, rounds=8, seed=9)
    other = simulate_adoption(lazega, board, runs=20, rounds=8, seed=10)
    assert first == again
    assert first.to_json() == again.to_json()
    assert other.random.mean != first.random.mean


def test_top_degree_board_takes_the_most_sought_out(lazega):
    result = simulate_adoption(lazega, [p.id for p in lazega.people[:3]], runs=1, rounds=1)
    sought = {}
    for tie in lazega.ties:
        sought.setdefault(tie.target, set()).add(tie.source)
    best = sorted(sought, key=lambda i: (-len(sought[i]), i))[:3]
    assert result.top_degree_members == tuple(best)


def test_unknown_and_duplicate_members_are_dropped_and_empty_board_stays_zero():
    toy = snap(["a", "b"], [("a", "b")])
    result = simulate_adoption(toy, ["a", "a", "ghost"], runs=2, rounds=2,
                               thresholds=fixed("ab", 0.5))
    assert result.board_members == ("a",)
    assert result.board.mean == (0.5, 1.0, 1.0)
    empty = simulate_adoption(toy, [], runs=2, rounds=2)
    assert empty.board.mean == empty.random.mean == (0.0, 0.0, 0.0)
    assert empty.board.critical_mass_round is None
    with pytest.raises(ValueError):
        simulate_adoption(toy, ["a"], runs=0)


def test_cancel_stops_the_simulation():
    ids = [f"n{i:02d}" for i in range(40)]
    path = snap(ids, list(zip(ids, ids[1:], strict=False)))  # one more person a round
    seen = []

    class CancelHalfway(Progress):
        def on_update(self, fraction, message):
            seen.append(fraction)
            if fraction > 0.5:
                self.cancel()

    with pytest.raises(Cancelled):
        simulate_adoption(path, ["n00"], runs=3, rounds=30, thresholds=fixed(ids, 0.5),
                          progress=CancelHalfway())
    assert seen and 0.5 < max(seen) < 0.7


def test_board_beats_random_boards_on_lazega(lazega):
    proposal = propose_board(lazega)
    result = simulate_adoption(lazega, [m.id for m in proposal.members], runs=50, rounds=20,
                               seed=1)
    assert result.board_members == tuple(m.id for m in proposal.members)
    assert sum(result.board.mean) > sum(result.random.mean)
    assert result.board.mean[2] > result.random.mean[2]
    assert result.board.critical_mass_round is not None
    assert (result.random.critical_mass_round is None
            or result.board.critical_mass_round <= result.random.critical_mass_round)


def test_to_json_contract():
    toy = snap(["a", "b"], [("a", "b")])
    data = simulate_adoption(toy, ["a"], runs=2, rounds=2, board_name="B").to_json()
    assert {"rounds", "board", "random", "top_degree", "board_members"} <= data.keys()
    assert data["rounds"] == [0, 1, 2]
    assert set(data["board"]) == {"mean", "low", "high", "critical_mass_round"}
    assert data["board_members"] == ["a"] and data["board_name"] == "B"
