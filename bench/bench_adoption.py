"""Benchmark: the adoption simulation on a large synthetic organisation.

Uses the seeded organisation of ``bench_analysis.py`` (N people in departments of ~500, about
10 ties per person, attitudes -2..+2 with 15 % unknown), takes the top-PageRank people as a
stand-in board (so the figure is the simulation alone), and times ``simulate_adoption``: the
board, random boards and the top-in-degree board, ``runs`` Monte-Carlo runs x ``rounds``
rounds each.

Usage::

    python bench/bench_adoption.py [--people 10000] [--ties 100000] [--runs 50] [--rounds 20]

Target (issue 4): 10,000 people / 100,000 ties, 50 runs x 20 rounds in a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import generate  # noqa: E402

from changeplanner.analysis.adoption import influence_matrix, simulate_adoption  # noqa: E402
from changeplanner.analysis.board import default_board_size  # noqa: E402


def run(people: int, ties: int, seed: int, runs: int, rounds: int, repeat: int) -> None:
    snapshot = generate(people, ties, seed)
    print(f"generated {len(snapshot.people):,} people, {len(snapshot.ties):,} ties")
    size = default_board_size(len(snapshot.people))
    start = time.perf_counter()
    matrix, in_degree = influence_matrix(snapshot)
    print(f"  influence_matrix     {time.perf_counter() - start:6.2f} s  "
          f"({matrix.nnz:,} non-zeros)")
    order = sorted(range(len(snapshot.people)), key=lambda i: -int(in_degree[i]))
    board = [snapshot.people[i].id for i in order[size:2 * size]]  # not the top-degree board
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = simulate_adoption(snapshot, board, runs=runs, rounds=rounds, seed=seed)
        best = min(best, time.perf_counter() - start)
    print(f"  simulate_adoption    {best:6.2f} s  (best of {repeat}; {runs} runs x {rounds} "
          f"rounds x 3 starting sets, board of {size})")
    for name in ("board", "random", "top_degree"):
        curve = getattr(result, name)
        print(f"    {name:<11} final {curve.mean[-1] * 100:5.1f} %  "
              f"critical mass round {curve.critical_mass_round}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=None, help="default: 10 per person")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    args = parser.parse_args(argv)
    run(args.people, args.ties or 10 * args.people, args.seed, args.runs, args.rounds,
        args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
