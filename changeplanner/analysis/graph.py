"""The influence graph: who goes to whom, as a weighted networkx digraph.

Pure function over domain objects; no Qt, no SQL. Every later metric (in-degree, PageRank,
ties across departments, reach of a board) reads this one graph.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import networkx as nx

from changeplanner.domain import Person, Tie


def build_graph(people: Iterable[Person], ties: Iterable[Tie],
                relations: Collection[str] | None = None) -> nx.DiGraph:
    """Build the directed influence graph of a plan.

    Every person becomes a node (also people without ties) with the attribute
    ``department``. A tie ``source -> target`` means *source goes to target* (for advice,
    information, ...). Ties of different relations between the same two people are merged
    into one edge whose ``weight`` is the sum of their weights, so each pair of people counts
    once per direction. Ties that name an unknown person and ties of a person to themselves
    are ignored: they carry no influence between colleagues.

    Args:
        people: The people of the plan.
        ties: Their ties.
        relations: Only use ties of these relations (``None``: all relations).

    Returns:
        A :class:`networkx.DiGraph` with node attribute ``department`` and edge attribute
        ``weight``.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from((p.id, {"department": p.department}) for p in people)
    known = graph.nodes
    wanted = None if relations is None else set(relations)
    weights: dict[tuple[str, str], float] = {}
    for tie in ties:
        if wanted is not None and tie.relation not in wanted:
            continue
        source, target = tie.source, tie.target
        if source == target or source not in known or target not in known:
            continue
        key = (source, target)
        weights[key] = weights.get(key, 0.0) + float(tie.weight)
    graph.add_weighted_edges_from((s, t, w) for (s, t), w in weights.items())
    return graph
