"""Benchmark of the skills import and export (issue 3): 10,000 people x 300 skills.

Generates an HR-style wide XLSX (write-only; by default about 10 % of the cells filled,
i.e. about 300,000 ratings), then times on a plan that holds the people:

* the import preview (reads and checks everything, writes nothing),
* the first import (every rating new; the rating-history triggers fire for each),
* a second import of the same file (every rating updated, no level changed),
* the XLSX export (heat colours, legend, targets sheet), the wide CSV and the long CSV
  export, and importing the exported XLSX into a fresh plan (the round trip),

and reports the peak resident memory after each step (``ru_maxrss``). Target of the issue:
import XLSX <= 15 s.

Usage::

    python bench/bench_skills_io.py [--people N] [--skills K] [--fill F] [--keep DIR]
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from changeplanner import __version__  # noqa: E402
from changeplanner.services.exports import export_skills  # noqa: E402
from changeplanner.services.imports import import_file, preview_import  # noqa: E402
from changeplanner.store import repo  # noqa: E402
from changeplanner.store.db import create_plan  # noqa: E402


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def measure(rows: list, label: str, step: Callable):
    """Run ``step``; record (label, seconds, peak RSS MB); return its result."""
    start = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - start
    rows.append((label, elapsed, peak_rss_mb()))
    print(f"  {label}: {elapsed:.2f} s", file=sys.stderr, flush=True)
    return result


def write_people(path: Path, people: int) -> None:
    """A people CSV: id, name, department."""
    lines = ["id,name,department"]
    lines += [f"P{i:05d},Person {i},Department {i % 40}" for i in range(people)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_skills_xlsx(path: Path, people: int, skills: int, fill: float, seed: int) -> int:
    """The wide HR file: id, name, department, then one column per skill; returns the
    number of filled cells."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Skills")
    # As Excel does, declare the size (<dimension>); else readers scan the sheet to size it.
    last = get_column_letter(3 + skills)
    sheet.calculate_dimension = lambda: f"A1:{last}{people + 1}"
    sheet.append(["Personalnummer", "Name", "Abteilung"]
                 + [f"Skill {k:03d}" for k in range(skills)])
    filled = 0
    for i in range(people):
        row: list = [f"P{i:05d}", f"Person {i}", f"Department {i % 40}"]
        for _k in range(skills):
            if rng.random() < fill:
                row.append(rng.randint(0, 4))
                filled += 1
            else:
                row.append(None)
        sheet.append(row)
    workbook.save(path)
    return filled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--skills", type=int, default=300)
    parser.add_argument("--fill", type=float, default=0.1,
                        help="share of cells with a level (default 0.1)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_skills_io_"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("bench.changeplan", "roundtrip.changeplan"):
        (folder / name).unlink(missing_ok=True)
    print(f"changeplanner {__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}; files in {folder}", file=sys.stderr)
    rows: list = []
    people_csv, skills_xlsx = folder / "people.csv", folder / "skills.xlsx"
    write_people(people_csv, args.people)
    filled = measure(rows, "generate XLSX (write-only)",
                     lambda: write_skills_xlsx(skills_xlsx, args.people, args.skills,
                                               args.fill, args.seed))
    size = skills_xlsx.stat().st_size / 1024 / 1024
    plan = create_plan(folder / "bench.changeplan", name="Bench")
    import_file(plan, "people", people_csv)

    preview = measure(rows, "preview (read + check, no writing)",
                      lambda: preview_import(plan, "skills", skills_xlsx))
    assert preview.ok and preview.added == filled, preview.errors[:3]
    first = measure(rows, "import XLSX, all ratings new",
                    lambda: import_file(plan, "skills", skills_xlsx))
    assert first.added == filled
    second = measure(rows, "import XLSX again, all updated",
                     lambda: import_file(plan, "skills", skills_xlsx))
    assert second.updated == filled
    with plan.reading() as session:
        history = session.connection().exec_driver_sql(
            "SELECT count(*) FROM rating_history").scalar_one()
    out_xlsx = folder / "export.xlsx"
    measure(rows, "export XLSX", lambda: export_skills(plan, out_xlsx))
    measure(rows, "export CSV (wide)", lambda: export_skills(plan, folder / "export.csv"))
    measure(rows, "export CSV (long)",
            lambda: export_skills(plan, folder / "export_long.csv", long=True))
    plan.close()

    fresh = create_plan(folder / "roundtrip.changeplan", name="Round trip")
    import_file(fresh, "people", people_csv)
    back = measure(rows, "import the exported XLSX (fresh plan)",
                   lambda: import_file(fresh, "skills", out_xlsx))
    assert back.added == filled
    with fresh.reading() as session:
        assert len(repo.list_ratings(session=session)) == filled
    fresh.close()

    print(f"\n{args.people:,} people x {args.skills} skills, {filled:,} ratings "
          f"(fill {args.fill:.0%}); input XLSX {size:.1f} MB, exported XLSX "
          f"{out_xlsx.stat().st_size / 1024 / 1024:.1f} MB; rating history rows after two "
          f"imports: {history:,}")
    print(f"{'step':<40} {'seconds':>8} {'peak RSS MB':>12}")
    for label, seconds, rss in rows:
        print(f"{label:<40} {seconds:>8.2f} {rss:>12.0f}")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
