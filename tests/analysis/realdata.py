"""Loaders that turn the real networks of ../shared/data into domain objects.

The published data has no attitudes towards any change. For board tests the loaders can
add a *synthetic*, seeded attitude per person (``attitudes_seed``); that is test scaffolding
only, never real data, and without a seed every attitude stays ``None`` (unknown).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from changeplanner.domain import Department, Person, PlanSnapshot, Tie

#: Share of people per synthetic attitude (-2 .. +2): a plausible mix of skeptics, neutrals
#: and enthusiasts.
SYNTHETIC_ATTITUDES = ((-2, 0.10), (-1, 0.20), (0, 0.35), (1, 0.25), (2, 0.10))


def synthetic_attitudes(ids: list[str], seed: int) -> dict[str, int]:
    """A seeded, SYNTHETIC attitude per id, drawn from :data:`SYNTHETIC_ATTITUDES`."""
    rng = random.Random(seed)
    values = [a for a, _share in SYNTHETIC_ATTITUDES]
    weights = [share for _a, share in SYNTHETIC_ATTITUDES]
    return {i: rng.choices(values, weights)[0] for i in ids}


def _rows(path: Path, delimiter: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k.strip(): (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(handle, delimiter=delimiter)]


def _snapshot(name: str, people: list[Person], ties: list[Tie], attitudes_seed: int | None,
              transforming_department: str | None) -> PlanSnapshot:
    if attitudes_seed is not None:
        attitude = synthetic_attitudes([p.id for p in people], attitudes_seed)
        people = [Person(id=p.id, name=p.name, department=p.department, title=p.title,
                         team_lead=p.team_lead, manager_id=p.manager_id,
                         attitude=attitude[p.id]) for p in people]
    departments = sorted({p.department for p in people})
    return PlanSnapshot(name=name, transforming_department=transforming_department,
                        people=tuple(people), ties=tuple(ties),
                        departments=tuple(Department(id=i + 1, name=d)
                                          for i, d in enumerate(departments)))


def load_krackhardt(data: Path, *, attitudes_seed: int | None = None,
                    transforming_department: str | None = None) -> PlanSnapshot:
    """Krackhardt's 21 managers: advice ties, departments, levels and reporting lines.

    DEPT 0..4 become departments "CEO", "Dept 1" .. "Dept 4"; LEVEL 1 (CEO) and 2 (VP) are
    team leads; Reports_To.csv gives each manager's ``manager_id``; ties are the advice
    relation (``edge == 1``).
    """
    folder = data / "krackhardt_hightech"
    managers = {r["ego"]: r["alter"] for r in _rows(folder / "Reports_To.csv", ";")
                if r["edge"] == "1" and r["ego"] != r["alter"]}
    people = []
    for row in _rows(folder / "Krack-High-Tec-Attributes.csv", ";"):
        dept = int(row["DEPT"])
        people.append(Person(id=row["ID"], name=f"Manager {row['ID']}",
                             department="CEO" if dept == 0 else f"Dept {dept}",
                             title={"1": "CEO", "2": "VP"}.get(row["LEVEL"], "Manager"),
                             team_lead=row["LEVEL"] in ("1", "2"),
                             manager_id=managers.get(row["ID"])))
    ties = [Tie(source=r["ego"], target=r["alter"], relation="advice")
            for r in _rows(folder / "Advice.csv", ";") if r["edge"] == "1"]
    return _snapshot("Krackhardt high-tech managers", people, ties, attitudes_seed,
                     transforming_department)


LAZEGA_OFFICES = {"1": "Boston", "2": "Hartford", "3": "Providence"}


def load_lazega(data: Path, *, attitudes_seed: int | None = None,
                transforming_department: str | None = None) -> PlanSnapshot:
    """Lazega's 71 lawyers: advice ties, offices as departments, partners as team leads."""
    folder = data / "lazega_lawfirm"
    people = [Person(id=r["id"], name=f"Lawyer {r['id']}",
                     department=LAZEGA_OFFICES[r["office"]],
                     title="Partner" if r["status"] == "1" else "Associate",
                     team_lead=r["status"] == "1")
              for r in _rows(folder / "lazega_nodes.csv", ",")]
    ties = [Tie(source=r["source"], target=r["target"], relation="advice",
                weight=float(r["weight"]))
            for r in _rows(folder / "lazega_edges.csv", ",") if r["relation"] == "advice"]
    return _snapshot("Lazega law firm", people, ties, attitudes_seed, transforming_department)


def load_email_eu_core(data: Path, *, attitudes_seed: int | None = None,
                       transforming_department: str | None = None) -> PlanSnapshot:
    """SNAP email-Eu-core: 1005 people in 42 departments, e-mail ties without self-loops.

    The data has no team leads, so the "lead" seat cannot be filled from it.
    """
    folder = data / "email_eu_core"
    people = []
    for line in (folder / "email-Eu-core-department-labels.txt").read_text().split("\n"):
        if line.strip():
            node, dept = line.split()
            people.append(Person(id=node, name=f"Person {node}", department=f"Dept {dept}"))
    ties = []
    for line in (folder / "email-Eu-core.txt").read_text().split("\n"):
        if line.strip():
            source, target = line.split()
            if source != target:
                ties.append(Tie(source=source, target=target, relation="information"))
    return _snapshot("email-Eu-core", people, ties, attitudes_seed, transforming_department)
