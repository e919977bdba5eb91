"""Benchmark: network analysis and change-board proposal on a large synthetic organisation.

Generates (seeded) N people in departments of ~500 with about 10 ties per person: dense
inside departments, few bridges across (5 %), a few hubs (popularity follows a Zipf-like
law), 1 in 12 a team lead, attitudes spread over -2..+2 with 15 % unknown, 20 % keeping
daily business running. Then times ``analyze`` and ``propose_board`` and reports peak
memory.

Usage::

    python bench/bench_analysis.py [--people 10000] [--ties 100000] [--seed 7] [--repeat 3]

Target (issue 4): metrics, archetypes and the board for 10,000 people and 100,000 ties in
<= 5 s on a 2-core machine; 1,000 people in <= 0.5 s.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from changeplanner.analysis.board import propose_board  # noqa: E402
from changeplanner.analysis.graph import build_graph  # noqa: E402
from changeplanner.analysis.metrics import analyze  # noqa: E402
from changeplanner.domain import RELATIONS, Person, PlanSnapshot, Tie  # noqa: E402


def generate(people: int, ties: int, seed: int) -> PlanSnapshot:
    """A seeded synthetic organisation as domain objects."""
    rng = random.Random(seed)
    n_departments = max(2, round(people / 500))
    names = [f"Department {d + 1}" for d in range(n_departments)]
    persons = []
    members: list[list[str]] = [[] for _ in names]
    for i in range(people):
        d = i % n_departments
        pid = f"P{i:06d}"
        members[d].append(pid)
        attitude = rng.choices([None, -2, -1, 0, 1, 2], [15, 8, 17, 30, 20, 10])[0]
        persons.append(Person(id=pid, name=f"Person {i}", department=names[d],
                              team_lead=rng.random() < 1 / 12, attitude=attitude,
                              daily_business=rng.random() < 0.2,
                              availability=rng.choice([10, 50, 80, 100, 100, 100])))
    # Popularity: a few hubs per department are sought out far more often than others.
    cumulative = []
    for group in members:
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(group))]
        rng.shuffle(weights)
        cumulative.append(list(itertools.accumulate(weights)))
    edges = []
    per_person = ties / people
    for d, group in enumerate(members):
        for source in group:
            for _k in range(int(per_person) + (rng.random() < per_person % 1)):
                target_d = d if rng.random() > 0.05 else rng.randrange(n_departments)
                target = rng.choices(members[target_d], cum_weights=cumulative[target_d])[0]
                if target != source:
                    edges.append(Tie(source, target, rng.choice(RELATIONS[:4])))
    return PlanSnapshot(name="bench", transforming_department=names[0],
                        people=tuple(persons), ties=tuple(edges))


def timed(function, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(people: int, ties: int, seed: int, repeat: int) -> None:
    start = time.perf_counter()
    snapshot = generate(people, ties, seed)
    print(f"generated {len(snapshot.people):,} people, {len(snapshot.ties):,} ties, "
          f"{len({p.department for p in snapshot.people})} departments "
          f"in {time.perf_counter() - start:.2f} s")
    t_graph, graph = timed(lambda: build_graph(snapshot.people, snapshot.ties), repeat)
    print(f"  build_graph          {t_graph:6.2f} s  ({graph.number_of_edges():,} merged "
          f"edges)")
    t_analyze, analyses = timed(lambda: analyze(snapshot), repeat)
    print(f"  analyze              {t_analyze:6.2f} s  (metrics + archetypes)")
    t_board, board = timed(lambda: propose_board(snapshot), repeat)
    print(f"  propose_board        {t_board:6.2f} s  (includes its own analyze; "
          f"{len(board.members)} seats, reach {board.reach:.3f})")
    print(f"  analyze + board      {t_analyze + t_board:6.2f} s  (as the CLI/GUI call them)")
    print(f"  roles: {sorted(m.role for m in board.members)}; unfilled: "
          f"{[role for role, _why in board.unfilled]}")

    tracemalloc.start()
    analyze(snapshot)
    propose_board(snapshot)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak Python allocations during analyze + board: {peak / 2**20:.0f} MiB "
          f"(tracemalloc); process peak RSS {rss:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=None,
                        help="default: 10 per person")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    run(args.people, args.ties or 10 * args.people, args.seed, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
