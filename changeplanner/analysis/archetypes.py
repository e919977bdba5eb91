"""Archetype scores: how well a person fits each of the four kinds of change-board member.

Each score is 0..1; a person is *eligible* for a role when the score reaches
:data:`ELIGIBILITY_THRESHOLD`. Influence is always measured relative to the organisation
(percentile ranks), so the same rules work for 20 people and for 20,000.

- **skeptic**: attitude -2 or -1 (recorded by the user). -2 always scores higher than -1;
  among equally sceptical people the more influential one scores higher, because their
  conversion convinces others. A missing attitude never counts: the app does not guess.
- **enthusiast**: attitude +1 or +2, the same way round.
- **networker**: bridges departments: the mean of the percentile ranks of brokerage and of
  ties across departments; 0 for anyone without a tie to another department.
- **lead**: a team lead whose influence (mean percentile of in-degree and PageRank) is
  high, from a department other than the one being transformed (any department when the
  plan records none); 0 for everyone else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from changeplanner.domain import ROLES, Person

#: A person is eligible for a role when their score for it is at least this.
ELIGIBILITY_THRESHOLD = 0.5

#: Score bands for attitudes: (lowest, highest) score; influence moves a person inside it.
STRONG_ATTITUDE_BAND = (0.8, 1.0)   # attitude -2 (skeptic) or +2 (enthusiast)
MILD_ATTITUDE_BAND = (0.5, 0.7)     # attitude -1 (skeptic) or +1 (enthusiast)


def percentile_ranks(values: Sequence[float]) -> np.ndarray:
    """Percentile rank of each value: the share of the *other* people with a lower value,
    people with an equal value counting half.

    A unique lowest value gets 0, a unique highest value 1, the median 0.5; equal values
    get equal ranks (everyone equal: 0.5). O(n log n).
    """
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return data
    if data.size == 1:
        return np.full(1, 0.5)
    ordered = np.sort(data)
    below = np.searchsorted(ordered, data, side="left")
    equal = np.searchsorted(ordered, data, side="right") - below
    return (below + (equal - 1) / 2.0) / (data.size - 1)


def influence_ranks(in_degree: Sequence[float], pagerank: Sequence[float]) -> np.ndarray:
    """Influence relative to the organisation: mean percentile of in-degree and PageRank."""
    # Rounding keeps people in the same position equal despite floating-point noise.
    rounded = np.round(np.asarray(pagerank, dtype=float), 12)
    return (percentile_ranks(in_degree) + percentile_ranks(rounded)) / 2.0


def _attitude_score(attitude: int | None, sign: int, influence: float) -> float:
    if attitude is None or attitude * sign < 1:
        return 0.0
    low, high = STRONG_ATTITUDE_BAND if attitude * sign >= 2 else MILD_ATTITUDE_BAND
    return low + (high - low) * influence


def archetype_scores(people: Sequence[Person], *, in_degree: Sequence[float],
                     pagerank: Sequence[float], brokerage: Sequence[float],
                     cross_department_ties: Sequence[float],
                     transforming_department: str | None) -> list[dict[str, float]]:
    """Score every person for every role in :data:`changeplanner.domain.ROLES`.

    Args:
        people: The people, in the order of the metric sequences.
        in_degree: Number of colleagues who come to each person.
        pagerank: PageRank of each person.
        brokerage: Brokerage score (0..1) of each person.
        cross_department_ties: Ties across department lines of each person.
        transforming_department: The department being transformed; its team leads do not
            count as "lead". ``None``: every team lead counts.

    Returns:
        One ``{role: score}`` dict per person, scores rounded to 4 decimals.
    """
    influence = influence_ranks(in_degree, pagerank)
    bridging = (percentile_ranks(brokerage) + percentile_ranks(cross_department_ties)) / 2.0
    scores = []
    for i, person in enumerate(people):
        infl = float(influence[i])
        is_lead = person.team_lead and (not transforming_department
                                        or person.department != transforming_department)
        scores.append({
            "skeptic": round(_attitude_score(person.attitude, -1, infl), 4),
            "networker": round(float(bridging[i]) if cross_department_ties[i] > 0 else 0.0, 4),
            "enthusiast": round(_attitude_score(person.attitude, +1, infl), 4),
            "lead": round(infl if is_lead else 0.0, 4),
        })
    return scores


def eligible_roles(scores: Mapping[str, float],
                   threshold: float = ELIGIBILITY_THRESHOLD) -> tuple[str, ...]:
    """The roles a person with ``scores`` is eligible for, in the order of ``ROLES``."""
    return tuple(role for role in ROLES if scores.get(role, 0.0) >= threshold)


def best_role(scores: Mapping[str, float]) -> str:
    """The role with the highest score (the first in ``ROLES`` order on a tie)."""
    return max(ROLES, key=lambda role: (scores.get(role, 0.0), -ROLES.index(role)))
