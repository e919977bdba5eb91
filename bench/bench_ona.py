"""Benchmark: the organisational network analysis of :mod:`changeplanner.analysis.ona`.

Generates the same seeded synthetic organisation as ``bench/bench_analysis.py`` (departments
of ~500 people, ~10 ties per person, 5 % across departments, Zipf-like hubs), then times each
ONA metric on its influence graph, the whole :func:`~changeplanner.analysis.metrics.analyze`
(PageRank, archetypes and every ONA metric), and reports peak memory.

Usage::

    python bench/bench_ona.py [--people 10000] [--ties 100000] [--seed 7]

Target (issue 4): all metrics for 10,000 people and 100,000 ties in about 3 s on a 2-core
machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import generate  # noqa: E402

from changeplanner.analysis import ona  # noqa: E402
from changeplanner.analysis.graph import build_graph  # noqa: E402
from changeplanner.analysis.metrics import analyze  # noqa: E402


def timed(label: str, function):
    start = time.perf_counter()
    result = function()
    print(f"  {label:<34} {time.perf_counter() - start:7.3f} s")
    return result


def run(people: int, ties: int, seed: int) -> None:
    snapshot = generate(people, ties, seed)
    graph = build_graph(snapshot.people, snapshot.ties)
    print(f"{people} people, {graph.number_of_edges()} merged ties "
          f"(pivots {ona.BETWEENNESS_PIVOTS} above {ona.EXACT_BETWEENNESS_LIMIT} people)")
    timed("betweenness", lambda: ona.betweenness(graph))
    timed("constraint + effective size", lambda: ona.structural_holes(graph))
    timed("communities (Louvain)", lambda: ona.communities(graph))
    timed("2-step reach", lambda: ona.reach_2step(graph))
    timed("department matrix + E-I index",
          lambda: ona.ei_index(ona.department_matrix(graph)))
    timed("network_metrics (all ONA)", lambda: ona.network_metrics(graph))
    start = time.perf_counter()
    analyze(snapshot)
    total = time.perf_counter() - start
    print(f"  {'analyze (everything, from snapshot)':<34} {total:7.3f} s")
    tracemalloc.start()
    analyze(snapshot)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak Python memory of analyze: {peak / 2**20:.0f} MiB; max RSS {rss:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--ties", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    run(args.people, args.ties, args.seed)


if __name__ == "__main__":
    main()
