"""The feedback loop: clusters of ideas, counts per status, time to decision, ideas per author.

Pure functions over :class:`~changeplanner.domain.Idea` records: no Qt, no SQL.

The rules, in one place:

- **Terms of an idea**: :func:`changeplanner.analysis.goals.terms` of its text and of its
  tags (German and English normalised alike, so "Wartezeit" and "waiting time" meet).
- **Clusters** (:func:`cluster_ideas`), greedy and deterministic: find the set of
  ``min_shared`` terms that the most ideas not yet clustered contain together (ties: the
  alphabetically first set); if at least two ideas share it, they form a cluster and leave
  the pool; repeat. Clusters therefore come biggest first and do not overlap; an idea
  joins the cluster of the most widely shared topic it has. What is left — ideas sharing
  no ``min_shared`` terms with any other remaining idea, and ideas without terms — goes
  into one last cluster with an empty key, the "other" ideas (:attr:`IdeaCluster.other`),
  whatever its size. A cluster's top terms are its key terms, then the other terms at least
  two of its ideas use, most used first, up to :data:`TOP_TERMS`. The work grows with the
  number of ``min_shared``-term combinations per idea, so keep ``min_shared`` at 1 to 3.
- **Decided**: status adopted, rejected or implemented
  (:data:`~changeplanner.domain.IDEA_DECIDED`); anything else is open.
- **Time to decision**: days from the idea's date to its decision date; decided ideas with
  a missing or invalid date, or decided before they were submitted, are counted as
  ``undated`` and left out of the median and mean. The age of an open idea is the days
  from its date to ``today`` (ideas without a valid date have no age; future dates count
  as 0).
- **Authors** (:func:`ideas_by_author`): an idea belongs to its ``person_id`` when linked;
  otherwise to its author name (stripped; names differing only in case are one author),
  which is resolved to a person of the plan when exactly one person has that name;
  anonymous ideas are under ``""``.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from changeplanner.analysis.goals import term_labels, terms
from changeplanner.analysis.pilots import parse_date
from changeplanner.domain import IDEA_DECIDED, IDEA_STATUSES, Idea, Person

#: At most this many top terms per cluster.
TOP_TERMS = 5


# -- clusters ------------------------------------------------------------------------------

@dataclass(frozen=True)
class IdeaCluster:
    """Ideas that share a topic.

    Attributes:
        key: The ``min_shared`` terms every idea of the cluster contains (empty for the
            "other" ideas).
        terms: Top terms: the key terms, then the terms most of its ideas use (up to
            :data:`TOP_TERMS`).
        labels: A readable word for each of ``terms`` (as written in the ideas).
        idea_ids: Its ideas, oldest first (by date, then id).
    """

    key: tuple[str, ...]
    terms: tuple[str, ...]
    labels: tuple[str, ...]
    idea_ids: tuple[int, ...]

    @property
    def size(self) -> int:
        """Number of ideas."""
        return len(self.idea_ids)

    @property
    def other(self) -> bool:
        """The cluster of ideas that share no topic with others."""
        return not self.key


def idea_terms(idea: Idea) -> frozenset[str]:
    """The terms of an idea's text and tags."""
    return terms(idea.text) | terms(" ".join(idea.tags))


def _idea_order(idea: Idea) -> tuple[str, int]:
    return (idea.date or "", idea.id)


def cluster_ideas(ideas: Iterable[Idea], *, min_shared: int = 1) -> list[IdeaCluster]:
    """Group ideas by the terms they share (see the module docstring).

    Args:
        ideas: The ideas to group (filter first to cluster, say, only open ones).
        min_shared: How many terms the ideas of a cluster share at least (values below 1
            count as 1).

    Returns:
        The clusters, biggest first, then the "other" cluster (if any idea is left).
    """
    k = max(1, int(min_shared))
    ordered = sorted(ideas, key=_idea_order)
    by_id = {idea.id: idea for idea in ordered}
    found = {idea.id: idea_terms(idea) for idea in ordered}
    combos = {iid: list(itertools.combinations(sorted(t), k)) for iid, t in found.items()}
    holders: dict[tuple[str, ...], set[int]] = {}
    for iid, own in combos.items():
        for combo in own:
            holders.setdefault(combo, set()).add(iid)
    # Max-heap of (count, combo) with lazy updates: counts only ever go down.
    heap = [(-len(ids), combo) for combo, ids in holders.items() if len(ids) >= 2]
    heapq.heapify(heap)
    remaining = set(found)
    clusters = []
    while heap:
        negative, combo = heapq.heappop(heap)
        count = len(holders[combo])
        if count != -negative:
            if count >= 2:
                heapq.heappush(heap, (-count, combo))
            continue
        members = sorted(holders[combo], key=lambda iid: _idea_order(by_id[iid]))
        for iid in members:
            remaining.discard(iid)
            for other in combos[iid]:
                holders[other].discard(iid)
        clusters.append(_make_cluster(combo, [by_id[iid] for iid in members], found))
    if remaining:
        left = [idea for idea in ordered if idea.id in remaining]
        clusters.append(_make_cluster((), left, found))
    return clusters


def _make_cluster(key: tuple[str, ...], members: list[Idea],
                  found: dict[int, frozenset[str]]) -> IdeaCluster:
    usage = Counter(t for idea in members for t in found[idea.id] if t not in key)
    extra = [t for t, n in sorted(usage.items(), key=lambda item: (-item[1], item[0]))
             if n >= 2]
    top = (list(key) + extra)[:max(TOP_TERMS, len(key))]
    labels = term_labels([idea.text for idea in members]
                         + [" ".join(idea.tags) for idea in members])
    return IdeaCluster(key=key, terms=tuple(top),
                       labels=tuple(labels.get(t, t) for t in top),
                       idea_ids=tuple(idea.id for idea in members))


# -- counts and times ------------------------------------------------------------------------

def status_counts(ideas: Iterable[Idea]) -> dict[str, int]:
    """Ideas per status: every status of :data:`~changeplanner.domain.IDEA_STATUSES` in that
    order (0 included), then any unknown status under its own name."""
    counts = Counter(idea.status for idea in ideas)
    result = {status: counts.pop(status, 0) for status in IDEA_STATUSES}
    result.update(sorted(counts.items()))
    return result


@dataclass(frozen=True)
class DecisionTimes:
    """How long ideas wait for a decision.

    Attributes:
        decided: Decided ideas with a usable time to decision.
        undated: Decided ideas without one (date missing or invalid, or decided before
            they were submitted).
        undecided: Open ideas (status new or in review, or unknown).
        median_days: Median days from idea to decision, ``None`` without decided ideas.
        mean_days: Mean days from idea to decision, ``None`` without decided ideas.
        open_ages: ``(idea_id, days open)`` of every open idea with a valid date, oldest
            first (then by id).
    """

    decided: int
    undated: int
    undecided: int
    median_days: float | None
    mean_days: float | None
    open_ages: tuple[tuple[int, int], ...] = ()

    @property
    def oldest_open_days(self) -> int | None:
        """Age in days of the oldest open idea (``None`` when there is none with a date)."""
        return self.open_ages[0][1] if self.open_ages else None

    @property
    def oldest_open_id(self) -> int | None:
        """Id of the oldest open idea (``None`` when there is none with a date)."""
        return self.open_ages[0][0] if self.open_ages else None


def decision_times(ideas: Iterable[Idea], *,
                   today: str | dt.date | None = None) -> DecisionTimes:
    """Median and mean time to decision, open ideas and their age.

    Args:
        ideas: The ideas.
        today: The reference date for the age of open ideas (default: the current date).
    """
    day = parse_date(today) or dt.date.today()
    durations: list[int] = []
    undated = 0
    ages: list[tuple[int, int]] = []
    undecided = 0
    for idea in ideas:
        submitted = parse_date(idea.date)
        if idea.status in IDEA_DECIDED:
            decided = parse_date(idea.decided)
            if submitted is None or decided is None or decided < submitted:
                undated += 1
            else:
                durations.append((decided - submitted).days)
            continue
        undecided += 1
        if submitted is not None:
            ages.append((idea.id, max(0, (day - submitted).days)))
    ages.sort(key=lambda item: (-item[1], item[0]))
    return DecisionTimes(
        decided=len(durations), undated=undated, undecided=undecided,
        median_days=float(statistics.median(durations)) if durations else None,
        mean_days=statistics.fmean(durations) if durations else None,
        open_ages=tuple(ages))


# -- authors ---------------------------------------------------------------------------------

def ideas_by_author(ideas: Iterable[Idea],
                    people: Iterable[Person] | None = None) -> dict[str, list[Idea]]:
    """Ideas grouped by who gave them ("what became of your ideas").

    Args:
        ideas: The ideas.
        people: The people of the plan; when given, an idea with only an author name goes
            to the person of that name (ignoring case and surrounding spaces) if exactly one
            person has it.

    Returns:
        Key (person id, else the author name as first written, else ``""``) -> the ideas,
        oldest first; keys in the order of their oldest idea.
    """
    by_name: dict[str, list[str]] = {}
    for person in people or ():
        by_name.setdefault(person.name.strip().casefold(), []).append(person.id)
    groups: dict[str, list[Idea]] = {}
    spelling: dict[str, str] = {}
    for idea in sorted(ideas, key=_idea_order):
        if idea.person_id:
            key = idea.person_id
        else:
            name = (idea.author or "").strip()
            folded = name.casefold()
            matches = by_name.get(folded, [])
            if name and len(matches) == 1:
                key = matches[0]
            else:
                key = spelling.setdefault(folded, name)
        groups.setdefault(key, []).append(idea)
    return groups
