"""Network metrics per person and the archetype scores built on them.

Pure functions over a :class:`~changeplanner.domain.PlanSnapshot`; every metric is O(edges)
except PageRank (sparse power iteration), so 10,000 people with 100,000 ties take well under
a second. :func:`analyze` adds the organisational network analysis of
:mod:`changeplanner.analysis.ona` (betweenness, Burt's constraint and effective size,
communities, 2-step reach, role labels); :func:`analyze_graph` skips it unless asked.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace

import networkx as nx

from changeplanner.analysis.archetypes import archetype_scores
from changeplanner.analysis.graph import build_graph
from changeplanner.analysis.ona import network_metrics
from changeplanner.domain import PlanSnapshot
from changeplanner.i18n import _
from changeplanner.progress import Progress


@dataclass(frozen=True)
class PersonAnalysis:
    """The network position of one person and how well they fit each board role.

    Attributes:
        id: Person id.
        name: Person's name.
        department: Their department.
        in_degree: Number of colleagues who come to this person (any relation).
        pagerank: PageRank on the directed, weighted influence graph (sums to 1).
        cross_department_ties: Ties, in either direction, with people of another department
            (a pair with ties both ways counts twice).
        departments_reached: Distinct other departments among the people they are tied to.
        brokerage: 0..1, how much this person bridges departments (see :func:`brokerage`).
        scores: Archetype scores 0..1 by role (see :mod:`changeplanner.analysis.archetypes`).
        betweenness: Betweenness centrality 0..1 (see :func:`~changeplanner.analysis.ona.
            betweenness`; estimated above 500 people).
        constraint: Burt's constraint (``None`` without any contact).
        effective_size: Burt's effective size (``None`` without any contact).
        community: Louvain community number (0 the largest; ``None`` when not computed).
        reach_2step: Share of the other people within two steps, ties either way.
        role_label: Role after Cross & Parker, an id of
            :data:`~changeplanner.analysis.ona.ROLE_LABELS`, or ``None``.
        role_reason: Why the role label was given, in translated plain words.
    """

    id: str
    name: str
    department: str
    in_degree: int
    pagerank: float
    cross_department_ties: int
    departments_reached: int
    brokerage: float
    scores: dict[str, float] = field(default_factory=dict)
    betweenness: float = 0.0
    constraint: float | None = None
    effective_size: float | None = None
    community: int | None = None
    reach_2step: float = 0.0
    role_label: str | None = None
    role_reason: str = ""

    def to_json(self) -> dict:
        """A JSON-ready dict of every field."""
        return {"id": self.id, "name": self.name, "department": self.department,
                "in_degree": self.in_degree, "pagerank": self.pagerank,
                "cross_department_ties": self.cross_department_ties,
                "departments_reached": self.departments_reached,
                "brokerage": self.brokerage, "scores": dict(self.scores),
                "betweenness": self.betweenness, "constraint": self.constraint,
                "effective_size": self.effective_size, "community": self.community,
                "reach_2step": self.reach_2step, "role_label": self.role_label,
                "role_reason": self.role_reason}


def brokerage(own_department: str, neighbour_departments: Counter) -> float:
    """How much a person bridges departments, 0..1.

    The Blau heterogeneity index of the departments in the person's closed neighbourhood
    (the person and every distinct colleague they are tied to, in either direction):
    ``1 - sum_d (n_d / n) ** 2``, where ``n_d`` people of the neighbourhood belong to
    department ``d`` and ``n`` is its size. In words: the chance that two people picked at
    random from this circle come from different departments. It is 0 when everyone around
    the person is in one department, grows with the number of departments and how evenly
    the ties spread over them, and stays below ``1 - 1/n``, so a person with one or two ties
    never looks like a major bridge. O(degree) per person, O(edges) in all.

    Args:
        own_department: The person's department.
        neighbour_departments: Count of distinct neighbours per department.
    """
    counts = Counter(neighbour_departments)
    counts[own_department] += 1
    total = sum(counts.values())
    return 1.0 - sum(c * c for c in counts.values()) / (total * total)


def analyze_graph(snapshot: PlanSnapshot, *, progress: Progress | None = None,
                  ona: bool = False) -> tuple[nx.DiGraph, list[PersonAnalysis]]:
    """Like :func:`analyze`, but also return the influence graph it was computed on.

    Args:
        snapshot: The plan's people and ties.
        progress: Progress and cancel state.
        ona: Also compute the network analysis fields (betweenness ... role labels); without
            it they keep their defaults and the call stays O(edges).
    """
    if progress:
        progress.update(0.0, _("Building the influence graph"))
    people = snapshot.people
    graph = build_graph(people, snapshot.ties)
    if progress:
        progress.update(0.1 if ona else 0.2, _("Computing influence (PageRank)"))
    pagerank = nx.pagerank(graph, weight="weight", max_iter=500) if len(graph) else {}
    if progress:
        progress.update(0.3 if ona else 0.6, _("Measuring ties across departments"))
    department = {p.id: p.department for p in people}
    pred, succ = graph.pred, graph.succ
    in_degree, cross, reached, broker = [], [], [], []
    for step, person in enumerate(people):
        own = person.department
        incoming, outgoing = pred[person.id], succ[person.id]
        in_degree.append(len(incoming))
        cross.append(sum(1 for other in incoming if department[other] != own)
                     + sum(1 for other in outgoing if department[other] != own))
        around = Counter(department[other] for other in incoming.keys() | outgoing.keys())
        reached.append(sum(1 for dept in around if dept != own))
        broker.append(brokerage(own, around))
        if progress and step % 2000 == 1999:
            progress.update((0.6 + 0.3 * step / len(people)) * (0.5 if ona else 1.0))
    ranks = [pagerank.get(p.id, 0.0) for p in people]
    scores = archetype_scores(people, in_degree=in_degree, pagerank=ranks, brokerage=broker,
                              cross_department_ties=cross,
                              transforming_department=snapshot.transforming_department)
    result = [PersonAnalysis(id=p.id, name=p.name, department=p.department,
                             in_degree=in_degree[i], pagerank=ranks[i],
                             cross_department_ties=cross[i], departments_reached=reached[i],
                             brokerage=round(broker[i], 6), scores=scores[i])
              for i, p in enumerate(people)]
    if ona:
        ids = [p.id for p in people]
        metrics = network_metrics(
            graph, in_degree=dict(zip(ids, in_degree, strict=True)),
            cross_department_ties=dict(zip(ids, cross, strict=True)),
            departments_reached=dict(zip(ids, reached, strict=True)),
            progress=progress.child(0.5, 1.0) if progress else None)

        def defined(value: float) -> float | None:
            return None if math.isnan(value) else round(value, 9)

        result = [replace(a, betweenness=round(metrics.betweenness[a.id], 9),
                          constraint=defined(metrics.constraint[a.id]),
                          effective_size=defined(metrics.effective_size[a.id]),
                          community=metrics.community[a.id],
                          reach_2step=round(metrics.reach_2step[a.id], 6),
                          role_label=metrics.role_label[a.id],
                          role_reason=metrics.role_reason[a.id]) for a in result]
    if progress:
        progress.update(1.0)
    return graph, result


def analyze(snapshot: PlanSnapshot, *, progress: Progress | None = None) -> list[PersonAnalysis]:
    """Network metrics and archetype scores for every person of the plan.

    Args:
        snapshot: The plan's people and ties (all relations count).
        progress: Reports progress; raises :class:`~changeplanner.errors.Cancelled` when the
            user cancels.

    Returns:
        One :class:`PersonAnalysis` per person, in the order of ``snapshot.people``.
    """
    return analyze_graph(snapshot, progress=progress, ona=True)[1]
