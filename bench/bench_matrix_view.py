"""Benchmark of the skills matrix view (issue 3): 10,000 people × 300 skills.

Builds a plan (the demo organisation with 10,000 people and its 27 skills, plus synthetic
skills and ratings up to 300 skills and about 300,000 ratings) in a child process, then in
this process opens the Skills page on it at 1280 × 800 and measures:

* the background read (snapshot + dense matrix) and the time from the data arriving on the
  GUI thread to the matrix being painted ("view open"; target <= 1 s);
* scrolling through the whole matrix vertically, sideways and diagonally in steps driven by
  the event loop, with a 1 ms heartbeat timer recording the longest stall (target <= 100 ms);
* a typed level, a filled selection of 1,000 cells (one undo step) and its undo, a
  department filter, sorting by a skill column;
* the peak resident memory of this process (target <= 500 MB).

Usage::

    QT_QPA_PLATFORM=offscreen python bench/bench_matrix_view.py [--people N] [--skills N]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_RATINGS_PER_PERSON = 30


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def make_plan(path: Path, people: int, skills: int) -> None:
    """The demo organisation plus synthetic skills and ratings (runs in a child process)."""
    from changeplanner import domain
    from changeplanner.services import plans
    from changeplanner.services.demo import create_demo
    from changeplanner.store import repo

    start = time.perf_counter()
    create_demo(path, people=people, overwrite=True)
    plan = plans.open_plan(path)
    try:
        snap = plans.snapshot(plan)
        extra = max(0, skills - len(snap.skills))
        per_person = max(0, TARGET_RATINGS_PER_PERSON - len(snap.ratings) // max(1, people))
        rng = random.Random(7)
        areas = ("Cloud", "Data", "Finance", "Law", "Logistics", "Marketing", "Product",
                 "Quality", "Security", "Languages")
        with plan.transaction() as session:
            ids = repo.ensure_skills(session=session, skills=[
                domain.Skill(0, f"Synthetic skill {i:03d}", areas[i % len(areas)])
                for i in range(extra)])
            skill_ids = list(ids.values())
            ratings = []
            for person in snap.people:
                for skill_id in rng.sample(skill_ids, min(per_person, len(skill_ids))):
                    level = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))
                    target = rng.choice((None, None, None, min(4, level + 1)))
                    ratings.append(domain.Rating(person.id, skill_id, level, target,
                                                 rng.random() < 0.05))
            repo.upsert_ratings(session=session, ratings=ratings)
        with plan.reading() as session:
            total = repo.count_ratings(session=session)
            skills_now = len(repo.list_skills(session=session))
    finally:
        plan.close()
    print(f"  plan built in {time.perf_counter() - start:.1f} s: {people} people, "
          f"{skills_now} skills, {total} ratings", file=sys.stderr, flush=True)


def scroll_steps(bar, steps: int) -> list[int]:
    """``steps`` values spread over the scroll bar's whole range."""
    top = bar.maximum()
    return [round(top * i / steps) for i in range(steps + 1)]


def run_view(path: Path, args) -> dict:
    """Open the page on ``path`` and measure (in this process)."""
    from PySide6.QtCore import QElapsedTimer, QItemSelection, QItemSelectionModel, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from changeplanner.services import plans
    from changeplanner.ui.context import AppContext
    from changeplanner.ui.settings import make_settings
    from changeplanner.ui.skills_model import FIXED_COLUMNS
    from changeplanner.ui.skills_page import SkillsPage

    figures: dict[str, float] = {}
    folder = tempfile.mkdtemp(prefix="cp-bench-view-")
    context = AppContext(make_settings(Path(folder) / "settings.ini"))
    page = SkillsPage(context)
    page.resize(1280, 800)
    page.show()
    app.processEvents()

    arrived: dict[str, float] = {}
    original_loaded = page._loaded

    def loaded(generation, matrix):
        arrived["data"] = time.perf_counter()
        original_loaded(generation, matrix)
        app.processEvents()       # layout, header geometry, posted events
        page.repaint()            # the first complete paint of the page, synchronously
        arrived["painted"] = time.perf_counter()

    page._loaded = loaded
    start = time.perf_counter()
    context.set_plan(plans.open_plan(path))
    while "painted" not in arrived:
        app.processEvents()
        time.sleep(0.002)
    figures["background read (s)"] = arrived["data"] - start
    figures["view open: data arrived -> painted (s)"] = arrived["painted"] - arrived["data"]
    model = page.model
    figures["rows"] = model.rowCount()
    figures["skill columns"] = model.columnCount() - FIXED_COLUMNS
    figures["ratings shown"] = int((model.matrix.levels >= 0).sum())

    table = page.table

    def stall_while(plan_steps) -> tuple[float, float]:
        """Run ``plan_steps`` (callables) one per event-loop turn; longest heartbeat gap."""
        gaps = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def beat():
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        heart = QTimer()
        heart.setInterval(1)
        heart.timeout.connect(beat)
        pending = list(plan_steps)
        done = []
        began = time.perf_counter()

        def step():
            if not pending:
                done.append(True)
                return
            pending.pop(0)()
            QTimer.singleShot(0, step)

        heart.start()
        QTimer.singleShot(0, step)
        while not done:
            app.processEvents()
        app.processEvents()
        heart.stop()
        return max(gaps or [0]), time.perf_counter() - began

    vbar, hbar = table.verticalScrollBar(), table.horizontalScrollBar()
    steps = args.steps
    vertical = [lambda v=v: vbar.setValue(v) for v in scroll_steps(vbar, steps)]
    stall, took = stall_while(vertical)
    figures["scroll down, longest stall (ms)"] = stall
    figures["scroll down, steps"] = steps
    figures["scroll down, total (s)"] = took
    horizontal = [lambda v=v: hbar.setValue(v) for v in scroll_steps(hbar, steps)]
    stall, took = stall_while(horizontal)
    figures["scroll sideways, longest stall (ms)"] = stall
    diagonal = [lambda v=v, h=h: (vbar.setValue(v), hbar.setValue(h)) for v, h in zip(
        reversed(scroll_steps(vbar, steps)), reversed(scroll_steps(hbar, steps)), strict=True)]
    stall, took = stall_while(diagonal)
    figures["scroll diagonally, longest stall (ms)"] = stall

    # Editing: a typed level, a filled block of 100 × 10 cells, its undo.
    proxy = page.proxy
    first = FIXED_COLUMNS + 5
    table.setCurrentIndex(proxy.index(50, first))
    began = time.perf_counter()
    table.level_typed.emit(3)
    app.processEvents()
    figures["type one level, write + refresh (ms)"] = (time.perf_counter() - began) * 1000
    selection = QItemSelection(proxy.index(100, first), proxy.index(199, first + 9))
    table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    began = time.perf_counter()
    page.set_level(2)
    app.processEvents()
    figures["fill 1,000 cells, write + refresh (ms)"] = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    context.undo_stack.undo()
    app.processEvents()
    figures["undo the fill (ms)"] = (time.perf_counter() - began) * 1000
    context.undo_stack.undo()  # and the typed level: a kept plan stays as it was built

    combo = page.department_combo
    began = time.perf_counter()
    combo.setCurrentIndex(1)
    app.processEvents()
    figures["department filter + summary (ms)"] = (time.perf_counter() - began) * 1000
    combo.setCurrentIndex(0)
    app.processEvents()
    began = time.perf_counter()
    table.sortByColumn(first, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    figures["sort 10,000 rows by a skill (ms)"] = (time.perf_counter() - began) * 1000
    stall, _took = stall_while([lambda v=v: vbar.setValue(v) for v in scroll_steps(vbar, 50)])
    figures["scroll after sort, longest stall (ms)"] = stall

    figures["peak memory (MB)"] = peak_rss_mb()
    context.runner.wait()
    context.plan.close()
    page.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--skills", type=int, default=300)
    parser.add_argument("--steps", type=int, default=200, help="scroll steps per pass")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the plan in this folder")
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make:
        make_plan(args.make, args.people, args.skills)
        return 0
    folder_context = tempfile.TemporaryDirectory(prefix="cp-bench-matrix-")
    folder = args.keep or Path(folder_context.name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"matrix-{args.people}x{args.skills}.changeplan"
    if not path.exists():
        print("Building the plan (child process, not counted in memory)…", file=sys.stderr)
        subprocess.run([sys.executable, __file__, "--make", str(path), "--people",
                        str(args.people), "--skills", str(args.skills)], check=True)
    figures = run_view(path, args)
    print(f"Skills matrix view, {args.people} people × {args.skills} skills")
    for label, value in figures.items():
        shown = f"{value:.0f}" if isinstance(value, int) or value >= 100 else f"{value:.3f}"
        print(f"  {label:45s} {shown}")
    checks = [("view open <= 1 s", figures["view open: data arrived -> painted (s)"] <= 1.0),
              ("no stall > 100 ms", max(v for k, v in figures.items()
                                        if "stall" in k) <= 100),
              ("memory <= 500 MB", figures["peak memory (MB)"] <= 500)]
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
