"""The department-level network: one node per department, ties across departments counted.

Pure Python over plain :mod:`changeplanner.domain` objects, O(people + ties): the Network
view draws this instead of thousands of people for large plans.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from changeplanner.domain import Person, Tie


@dataclass(frozen=True)
class DepartmentNode:
    """One department of the department-level network.

    Attributes:
        name: Department name ("" for people without a department).
        headcount: Number of people in it.
        board_members: Number of them on the change board.
        position: ``(x, y)`` in ``[0, 1]``: the mean position of its people (or a circle
            position when no people positions were given).
    """

    name: str
    headcount: int
    board_members: int = 0
    position: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class DepartmentGraph:
    """Departments and the number of distinct tied pairs between each two of them.

    Attributes:
        departments: One node per department, sorted by name ("" last).
        edges: ``(department a, department b)`` with ``a < b`` mapped to the number of
            distinct pairs of people tied across them (direction ignored).
    """

    departments: tuple[DepartmentNode, ...] = ()
    edges: dict[tuple[str, str], int] = field(default_factory=dict)


def department_graph(people: Sequence[Person], ties: Iterable[Tie], *,
                     relation: str | None = None, board_ids: Iterable[str] = (),
                     positions: Mapping[str, tuple[float, float]] | None = None
                     ) -> DepartmentGraph:
    """Aggregate the influence network to departments.

    Args:
        people: Everyone in the plan.
        ties: The ties; self-ties, ties to unknown people and ties inside one department are
            ignored, and a pair of people tied in both directions (or by several relations)
            counts once.
        relation: Count only ties of this relation (``None``: every relation).
        board_ids: Ids of the change board's members.
        positions: Person positions (as of :func:`~changeplanner.analysis.layout.
            layout_positions`); each department sits at the mean of its people.

    Returns:
        The :class:`DepartmentGraph`.
    """
    department_of = {p.id: p.department or "" for p in people}
    headcount = Counter(department_of.values())
    board = Counter(department_of[pid] for pid in set(board_ids) if pid in department_of)
    names = sorted(headcount, key=lambda d: (d == "", d))
    sums: dict[str, list[float]] = {name: [0.0, 0.0, 0] for name in names}
    if positions:
        for pid, department in department_of.items():
            if pid in positions:
                x, y = positions[pid]
                total = sums[department]
                total[0] += x
                total[1] += y
                total[2] += 1
    nodes = []
    for k, name in enumerate(names):
        sx, sy, count = sums[name]
        if count:
            position = (sx / count, sy / count)
        else:
            angle = 2 * math.pi * k / max(1, len(names))
            position = (0.5 + 0.45 * math.cos(angle), 0.5 + 0.45 * math.sin(angle))
        nodes.append(DepartmentNode(name=name, headcount=headcount[name],
                                    board_members=board.get(name, 0), position=position))
    pairs: set[tuple[str, str]] = set()
    for tie in ties:
        if relation is not None and tie.relation != relation:
            continue
        a, b = department_of.get(tie.source), department_of.get(tie.target)
        if a is None or b is None or a == b:
            continue
        pairs.add((tie.source, tie.target) if tie.source < tie.target
                  else (tie.target, tie.source))
    edges: Counter = Counter()
    for source, target in pairs:
        a, b = department_of[source], department_of[target]
        edges[(a, b) if a < b else (b, a)] += 1
    return DepartmentGraph(departments=tuple(nodes), edges=dict(edges))
