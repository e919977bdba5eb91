"""The change-board proposal: a balanced board that reaches as much of the organisation as
possible.

Reach is the share of all people who are on the board or have a direct tie (either
direction, any relation) with a member. Reach is a coverage function, so greedy selection
is within 1 - 1/e of the best board (Kempe, Kleinberg, Tardos 2003); lazy evaluation (CELF,
Leskovec et al. 2007) re-computes a candidate's marginal reach only when it might still be
the best one, which keeps 10,000 people fast.

Constraints (issue 4 generalises them to quotas per archetype, a partition matroid):

- every archetype of :data:`~changeplanner.domain.ROLES` gets at least one seat whenever
  the data allows; a pick is only accepted when the seats left can still cover the roles
  not yet represented (a small matching check);
- only people eligible for at least one role are candidates, and nobody with less than
  :data:`MIN_AVAILABILITY` % availability;
- balanced: no role takes more than ``ceil(size / roles the data can fill)`` seats while
  other roles still have candidates; the cap is lifted only when seats would stay empty;
- people who keep daily business running take at most ``max(1, size // 4)`` seats;
- deterministic: ties are broken by archetype score, then by id.

Where a role cannot be filled, the proposal says which and why, in plain words: the app
asks for missing data (attitudes, team leads) instead of guessing.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from changeplanner.analysis.archetypes import ELIGIBILITY_THRESHOLD, eligible_roles
from changeplanner.analysis.metrics import PersonAnalysis, analyze_graph
from changeplanner.domain import ATTITUDE_LABELS, ROLES, Person, PlanSnapshot
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress

#: People with less availability (percent) than this are not proposed.
MIN_AVAILABILITY = 20

#: Bump when the algorithm changes so saved boards say how they were computed.
ALGORITHM = "celf-direct-reach-balanced-v2"


@dataclass(frozen=True)
class BoardMember:
    """One proposed member of the change board.

    Attributes:
        id: Person id.
        name: Person's name.
        department: Their department.
        role: Their seat, one of :data:`~changeplanner.domain.ROLES`.
        reasons: Why they were chosen, in plain (translated) words.
        marginal_reach: Share of all people this pick added to the board's reach.
        scores: Archetype scores 0..1 by role.
    """

    id: str
    name: str
    department: str
    role: str
    reasons: str
    marginal_reach: float
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BoardProposal:
    """A proposed change board.

    Attributes:
        members: The members, in the order they were picked.
        reach: Share (0..1) of all people on the board or directly tied to a member.
        size: The number of seats asked for (``members`` may be fewer when there are not
            enough candidates).
        unfilled: ``(role, explanation)`` for every role the board could not fill.
        params: The inputs the proposal was computed from (JSON-ready), so it can be
            reproduced.
    """

    members: tuple[BoardMember, ...]
    reach: float
    size: int
    unfilled: tuple[tuple[str, str], ...] = ()
    params: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The proposal as a JSON-ready dict (the CLI's ``board --json`` contract)."""
        return {
            "members": [{"id": m.id, "name": m.name, "department": m.department,
                         "role": m.role, "reasons": m.reasons,
                         "marginal_reach": m.marginal_reach} for m in self.members],
            "reach": self.reach,
            "size": self.size,
            "unfilled": [{"role": role, "reason": reason} for role, reason in self.unfilled],
        }


def default_board_size(n_people: int) -> int:
    """About one seat per 20 people, at least 4 (one per archetype) and at most 15."""
    return max(4, min(15, (max(n_people, 0) + 10) // 20))


def daily_business_limit(size: int) -> int:
    """How many seats people who keep daily business running may take on a board of ``size``."""
    return max(1, size // 4)


# -- the optimiser --------------------------------------------------------------------

class _Cover:
    """Can the roles still missing be given to distinct, not yet chosen candidates?

    A tiny bipartite matching (at most four roles). For each role it is enough to try the
    first ``k`` ordinary and the first ``k`` daily-business candidates (``k`` = roles to
    cover): the other roles use at most ``k - 1`` of them.
    """

    def __init__(self, pools: Mapping[str, list[str]], daily: set[str]) -> None:
        self.pools = pools
        self.daily = daily

    def feasible(self, roles: Sequence[str], seats: int, daily_left: int,
                 taken: set[str]) -> bool:
        if len(roles) > seats:
            return False
        k = len(roles)
        used: set[str] = set()

        def assign(i: int, daily_used: int) -> bool:
            if i == k:
                return True
            ordinary = busy = 0
            for cand in self.pools[roles[i]]:
                if cand in taken or cand in used:
                    continue
                is_daily = cand in self.daily
                if is_daily:
                    if daily_used >= daily_left or busy >= k:
                        continue
                    busy += 1
                else:
                    if ordinary >= k:
                        continue
                    ordinary += 1
                used.add(cand)
                if assign(i + 1, daily_used + is_daily):
                    return True
                used.discard(cand)
                if ordinary >= k and (busy >= k or daily_used >= daily_left):
                    break
            return False

        return assign(0, 0)

    def most(self, roles: Sequence[str], seats: int, daily_left: int, taken: set[str]) -> int:
        """The largest number of ``roles`` that distinct candidates can still cover."""
        for k in range(min(len(roles), seats), 0, -1):
            if any(self.feasible(list(subset), seats, daily_left, taken)
                   for subset in combinations(roles, k)):
                return k
        return 0


def propose_board(snapshot: PlanSnapshot, *, size: int | None = None,
                  progress: Progress | None = None) -> BoardProposal:
    """Propose a balanced change board of ``size`` seats that maximises reach.

    Args:
        snapshot: The plan (people, ties, the department being transformed).
        size: Number of seats; default :func:`default_board_size` of the number of people.
        progress: Reports progress; raises :class:`~changeplanner.errors.Cancelled` when the
            user cancels.

    Returns:
        The proposal, with reasons for every member and an explanation for every role it
        could not fill.
    """
    people = snapshot.people
    n = len(people)
    size = default_board_size(n) if size is None else max(1, int(size))
    daily_limit = daily_business_limit(size)
    params = {"size": size, "people": n, "ties": len(snapshot.ties),
              "transforming_department": snapshot.transforming_department,
              "eligibility_threshold": ELIGIBILITY_THRESHOLD,
              "min_availability": MIN_AVAILABILITY, "daily_business_limit": daily_limit,
              "algorithm": ALGORITHM}
    if n == 0:
        reason = _("The plan has no people yet: import or add people first")
        return BoardProposal(members=(), reach=0.0, size=size,
                             unfilled=tuple((role, reason) for role in ROLES), params=params)

    graph, analyses = analyze_graph(snapshot, progress=progress.child(0.0, 0.5)
                                    if progress else None)
    by_id = {a.id: a for a in analyses}
    person = snapshot.people_by_id()

    # Candidates: eligible for a role and available enough.
    eligible = {a.id: eligible_roles(a.scores) for a in analyses}
    candidates = [p.id for p in people
                  if eligible[p.id] and p.availability >= MIN_AVAILABILITY]
    daily = {c for c in candidates if person[c].daily_business}
    top_score = {c: max(by_id[c].scores.values()) for c in candidates}
    pools: dict[str, list[str]] = {role: [] for role in ROLES}
    for cand in sorted(candidates, key=lambda c: (-top_score[c], c)):
        for role in eligible[cand]:
            pools[role].append(cand)
    cover = _Cover(pools, daily)

    # How many roles the data allows to represent together, given seats and daily limit;
    # which ones is left to the greedy when the board is too small for all of them.
    fillable = [role for role in ROLES if pools[role]]
    target = cover.most(fillable, size, daily_limit, set())
    role_cap = math.ceil(size / max(1, len(fillable)))
    params["role_cap"] = role_cap
    members = _lazy_greedy(candidates, graph, by_id, eligible, daily, top_score, cover,
                           fillable, target, size, daily_limit, progress, role_cap)
    represented = [role for role in ROLES if any(r == role for _m, r, _g in members)]
    unfilled = tuple((role, _unfilled_reason(role, snapshot, analyses, pools, represented,
                                             cover, size, daily_limit))
                     for role in ROLES if role not in represented)
    covered: set[str] = set()
    for member_id, _role, _gain in members:
        covered |= graph.pred[member_id].keys() | graph.succ[member_id].keys() | {member_id}
    board = tuple(
        BoardMember(id=mid, name=person[mid].name, department=person[mid].department,
                    role=role, reasons=member_reasons(person[mid], by_id[mid], role, graph),
                    marginal_reach=round(gain / n, 6), scores=dict(by_id[mid].scores))
        for mid, role, gain in members)
    if progress:
        progress.update(1.0)
    return BoardProposal(members=board, reach=round(len(covered) / n, 6), size=size,
                         unfilled=unfilled, params=params)


def _lazy_greedy(candidates, graph, by_id, eligible, daily, top_score, cover, fillable,
                 target, size, daily_limit, progress,
                 role_cap: int | None = None) -> list[tuple[str, str, int]]:
    """CELF on marginal reach; returns ``(id, role, gain)`` per pick, in pick order.

    A pick is accepted only if ``target`` distinct roles can still be represented with the
    seats left and their role is below ``role_cap``; otherwise it is set aside until the
    next pick changes the situation. When candidates run out with seats left, the cap is
    lifted and the search goes on.
    """
    pred, succ = graph.pred, graph.succ
    hoods: dict[str, set[str]] = {}   # closed neighbourhoods, built when first needed
    covered: set[str] = set()
    missing = list(fillable)
    need = target
    chosen: list[tuple[str, str, int]] = []
    taken: set[str] = set()
    daily_used = 0
    # Heap entries: (-gain, -score, id, picks when the gain was computed). The first bound,
    # in- plus out-degree plus one, is cheap and never too low; stamp -1 marks it stale.
    heap = [(-(len(pred[c]) + len(succ[c]) + 1), -top_score[c], c, -1) for c in candidates]
    heapq.heapify(heap)
    set_aside: list[tuple[float, float, str, int]] = []
    counts = dict.fromkeys(ROLES, 0)
    while len(chosen) < size:
        if not heap:
            if role_cap is None or not set_aside:
                break
            role_cap = None  # seats would stay empty: balance gives way to a full board
            for entry in set_aside:
                heapq.heappush(heap, entry)
            set_aside.clear()
            continue
        neg_gain, neg_score, cand, stamp = heapq.heappop(heap)
        if stamp != len(chosen):
            hood = hoods.get(cand)
            if hood is None:
                hood = hoods[cand] = pred[cand].keys() | succ[cand].keys() | {cand}
            gain = len(hood) - len(hood & covered)
            heapq.heappush(heap, (-gain, neg_score, cand, len(chosen)))
            continue
        is_daily = cand in daily
        if is_daily and daily_used >= daily_limit:
            continue  # never acceptable again: the limit only fills up
        allowed = [r for r in eligible[cand] if role_cap is None or counts[r] < role_cap]
        role = _role_for(cand, by_id[cand].scores, allowed, missing, need, cover,
                         size - len(chosen) - 1, daily_limit - daily_used - is_daily,
                         taken | {cand}) if allowed else None
        if role is None:
            set_aside.append((neg_gain, neg_score, cand, stamp))
            continue
        chosen.append((cand, role, -neg_gain))
        counts[role] += 1
        taken.add(cand)
        covered |= hoods[cand]
        daily_used += is_daily
        if role in missing:
            missing.remove(role)
            need = max(0, need - 1)
        for entry in set_aside:  # their old gain is still an upper bound
            heapq.heappush(heap, entry)
        set_aside.clear()
        if progress:
            progress.update(0.5 + 0.5 * len(chosen) / size, _("Choosing board members"))
    return chosen


def _role_for(cand: str, scores: Mapping[str, float], eligible: Sequence[str],
              missing: list[str], need: int, cover: _Cover, seats_left: int,
              daily_left: int, taken: set[str]) -> str | None:
    """The seat ``cand`` takes, or ``None`` when taking them would leave fewer than ``need``
    of the ``missing`` roles coverable.

    A missing role they are eligible for (highest score first) if enough of the rest stays
    coverable, else their best role if enough missing roles can be covered without them.
    """
    options = sorted((r for r in missing if r in eligible),
                     key=lambda r: (-scores[r], ROLES.index(r)))
    for role in options:
        rest = [r for r in missing if r != role]
        if need <= 1 or cover.most(rest, seats_left, daily_left, taken) >= need - 1:
            return role
    if need == 0 or cover.most(missing, seats_left, daily_left, taken) >= need:
        return max(eligible, key=lambda r: (scores[r], -ROLES.index(r)))
    return None


# -- explanations ---------------------------------------------------------------------

def _unfilled_reason(role: str, snapshot: PlanSnapshot, analyses: Sequence[PersonAnalysis],
                     pools: Mapping[str, list[str]], represented: Sequence[str], cover: _Cover,
                     size: int, daily_limit: int) -> str:
    """Why ``role`` has no seat, in plain words that say what the user can do about it."""
    people = snapshot.people
    if pools[role]:
        # Candidates exist, but not enough seats or daily-business room for them too.
        wanted = list(represented) + [role]
        if not cover.feasible(wanted, len(ROLES), daily_limit, set()):
            if cover.feasible(wanted, len(ROLES), len(ROLES), set()):
                return _("Everyone who fits this seat keeps daily business running, and the "
                         "board already has as many of them as it should ({limit})"
                         ).format(limit=daily_limit)
            return _("The only people who fit this seat are needed for other seats")
        return ngettext("The board has only {size} seat: make it larger to fill this one too",
                        "The board has only {size} seats: make it larger to fill this one too",
                        size).format(size=size)
    scores_ok = [a for a in analyses if a.scores[role] >= ELIGIBILITY_THRESHOLD]
    if scores_ok:
        return _("Everyone who fits this seat has less than {percent} % of their time "
                 "available").format(percent=MIN_AVAILABILITY)
    if role in ("skeptic", "enthusiast"):
        unknown = sum(1 for p in people if p.attitude is None)
        if unknown:
            text = (ngettext("No one with a recorded attitude of −1 or below ({n} person has "
                             "no attitude recorded): record attitudes in People to fill this "
                             "seat",
                             "No one with a recorded attitude of −1 or below ({n} people have "
                             "no attitude recorded): record attitudes in People to fill this "
                             "seat", unknown)
                    if role == "skeptic" else
                    ngettext("No one with a recorded attitude of +1 or above ({n} person has "
                             "no attitude recorded): record attitudes in People to fill this "
                             "seat",
                             "No one with a recorded attitude of +1 or above ({n} people have "
                             "no attitude recorded): record attitudes in People to fill this "
                             "seat", unknown))
            return text.format(n=unknown)
        if role == "skeptic":
            return _("No one in the plan is sceptical of the change (attitude −1 or below)")
        return _("No one in the plan is in favour of the change (attitude +1 or above)")
    if role == "networker":
        if any(a.cross_department_ties for a in analyses):
            return _("No one bridges departments clearly more than their colleagues do")
        return _("No one has ties to another department: record ties across departments "
                 "to find networkers")
    leads = [p for p in people if p.team_lead]
    transforming = snapshot.transforming_department
    if not leads:
        return _("No team leads are recorded: mark team leads in People to fill this seat")
    if transforming and all(p.department == transforming for p in leads):
        return _("All team leads belong to {department}, the department being transformed: "
                 "mark team leads of other departments").format(department=transforming)
    if transforming:
        return _("No team lead outside {department} is sought out by enough colleagues"
                 ).format(department=transforming)
    return _("No team lead is sought out by enough colleagues")


def _role_fact(person: Person, analysis: PersonAnalysis, role: str) -> str | None:
    if role == "skeptic" and person.attitude is not None and person.attitude <= -1:
        if person.attitude <= -2:
            return _("Strongly sceptical of the change (attitude −2)")
        return _("Sceptical of the change (attitude −1)")
    if role == "enthusiast" and person.attitude is not None and person.attitude >= 1:
        if person.attitude >= 2:
            return _("Strongly in favour of the change (attitude +2)")
        return _("In favour of the change (attitude +1)")
    if role == "networker" and analysis.departments_reached:
        return ngettext("Bridges {n} departments with {ties} tie across department lines",
                        "Bridges {n} departments with {ties} ties across department lines",
                        analysis.cross_department_ties).format(
            n=analysis.departments_reached + 1, ties=analysis.cross_department_ties)
    if role == "lead" and person.team_lead:
        return ngettext("Team lead in {department}, sought out by {n} colleague",
                        "Team lead in {department}, sought out by {n} colleagues",
                        analysis.in_degree).format(
            department=person.department or _("no department"), n=analysis.in_degree)
    return None


def _influence_fact(analysis: PersonAnalysis, graph: nx.DiGraph) -> str:
    n = analysis.in_degree
    if n == 0:
        out = len(graph.succ[analysis.id])
        return ngettext("Turns to {n} colleague", "Turns to {n} colleagues", out).format(n=out)
    nodes = graph.nodes
    departments = len({nodes[other]["department"] for other in graph.pred[analysis.id]})
    if departments >= 2:
        return _("Sought out by {n} colleagues in {departments} departments").format(
            n=n, departments=departments)
    return ngettext("Sought out by {n} colleague", "Sought out by {n} colleagues", n).format(n=n)


def member_reasons(person: Person, analysis: PersonAnalysis, role: str,
                   graph: nx.DiGraph) -> str:
    """Two or three facts on why ``person`` sits on the board for ``role``, in plain words.

    Args:
        person: The member.
        analysis: Their metrics and archetype scores.
        role: The seat they take.
        graph: The influence graph (for the departments of the people who come to them).

    Returns:
        Sentences joined into one translated paragraph, e.g. "Strongly sceptical of the
        change (attitude −2). Sought out by 14 colleagues in 3 departments."
    """
    facts = []
    role_fact = _role_fact(person, analysis, role)
    if role_fact:
        facts.append(role_fact)
    if role != "lead" or not role_fact:
        facts.append(_influence_fact(analysis, graph))
    # A third fact: that they keep daily business running, or another role they also fit.
    if person.daily_business:
        facts.append(_("Keeps daily business running: plan their time"))
    else:
        for other in eligible_roles(analysis.scores):
            if other == role:
                continue
            if other == "lead":  # the influence fact already says who comes to them
                extra = _("Team lead in {department}").format(
                    department=person.department or _("no department"))
            else:
                extra = _role_fact(person, analysis, other)
            if extra:
                facts.append(extra)
                break
    if (len(facts) < 3 and person.attitude is not None
            and role not in ("skeptic", "enthusiast") and not any(
                f == _role_fact(person, analysis, r) for f in facts
                for r in ("skeptic", "enthusiast"))):
        facts.append(_("Attitude to the change: {attitude}").format(
            attitude=_(ATTITUDE_LABELS[person.attitude])))
    if len(facts) < 3 and person.availability < 100:
        facts.append(_("Available {percent} % of their time").format(
            percent=person.availability))
    return ". ".join(facts[:3]) + "."
