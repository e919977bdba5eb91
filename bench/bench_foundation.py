"""Benchmark of the foundation (issue 2): a large demo plan end to end.

Times creating a demo plan (default 10,000 people, about 93,000 ties, 160,000 skill
ratings), opening it (open_plan + a full snapshot), analysing the network, proposing the
change board, and writing the PDF brief; reports the peak resident memory after each step
(``ru_maxrss``) and, with ``--tracemalloc``, the peak Python allocation per step (slower).

Usage::

    python bench/bench_foundation.py [--people N] [--seed S] [--keep DIR] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from changeplanner import __version__  # noqa: E402
from changeplanner.services import board, brief, plans  # noqa: E402
from changeplanner.services.demo import create_demo  # noqa: E402


def cores() -> int:
    """CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def measure(rows: list, label: str, step: Callable, *, trace: bool):
    """Run ``step``, record (label, seconds, peak RSS, peak traced MB), return its result."""
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - start
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    rows.append((label, elapsed, peak_rss_mb(), traced))
    print(f"  {label}: {elapsed:.2f} s", file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="headcount (10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the plan and PDF here and keep them")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also measure peak Python allocations per step (slower)")
    args = parser.parse_args(argv)

    folder_context = tempfile.TemporaryDirectory(prefix="cp-bench-")
    folder = args.keep or Path(folder_context.name)
    folder.mkdir(parents=True, exist_ok=True)
    plan_path = folder / f"bench-{args.people}.changeplan"
    pdf_path = folder / f"bench-{args.people}.pdf"
    plan_path.unlink(missing_ok=True)
    trace = args.tracemalloc
    rows: list = []
    print(f"Benchmark: {args.people} people, seed {args.seed}", file=sys.stderr)

    measure(rows, "create demo plan", lambda: create_demo(
        plan_path, people=args.people, seed=args.seed), trace=trace)

    def open_and_read():
        plan = plans.open_plan(plan_path)
        return plan, plans.snapshot(plan)

    plan, snap = measure(rows, "open (open_plan + snapshot)", open_and_read, trace=trace)
    try:
        analyses = measure(rows, "analyze", lambda: board.analyze_plan(plan), trace=trace)
        proposal = measure(rows, "propose board", lambda: board.propose(plan), trace=trace)
        board.save_proposal(plan, proposal)
        measure(rows, "write brief (PDF)", lambda: brief.export_brief(plan, pdf_path),
                trace=trace)
    finally:
        plan.close()

    total = sum(r[1] for r in rows)
    print()
    print(f"Change Planner {__version__} foundation benchmark — Python "
          f"{platform.python_version()}, {platform.machine()}, "
          f"{cores()} cores")
    print(f"Plan: {len(snap.people):,} people, {len(snap.ties):,} ties, "
          f"{len(snap.ratings):,} ratings, {len(snap.departments)} departments; "
          f"file {plan_path.stat().st_size / 1024 / 1024:.1f} MB; "
          f"board {len(proposal.members)} members, reach {proposal.reach:.0%}; "
          f"{len(analyses):,} people analysed; PDF {pdf_path.stat().st_size / 1024:.0f} KB")
    header = f"{'step':<30} {'seconds':>8} {'peak RSS MB':>12}"
    if trace:
        header += f" {'traced MB':>10}"
    print(header)
    print("-" * len(header))
    for label, seconds, rss, traced in rows:
        line = f"{label:<30} {seconds:>8.2f} {rss:>12.0f}"
        if trace:
            line += f" {traced:>10.0f}"
        print(line)
    print(f"{'total':<30} {total:>8.2f} {peak_rss_mb():>12.0f}")
    if args.keep is None:
        folder_context.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
