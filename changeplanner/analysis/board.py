"""The change-board proposal: a balanced board that reaches as much of the organisation as
possible.

Reach is the share of all people who are on the board or have a direct tie (either
direction, any relation) with a member; the proposal also reports *2-step reach*, the share
within two steps of a member. Reach is a coverage function, so greedy selection is within
1 - 1/e of the best board (Kempe, Kleinberg, Tardos 2003); lazy evaluation (CELF, Leskovec
et al. 2007) re-computes a candidate's marginal reach only when it might still be the best
one, which keeps 10,000 people fast. A swap local search then replaces one member by one
non-member while that raises reach and keeps every constraint (quotas per archetype are a
partition matroid, where greedy alone only guarantees 1/2 and local search does better).

Constraints (keyword options of :func:`propose_board`, all recorded in ``params``):

- **quotas**: a minimum number of seats per archetype. Default (``None``), *balanced*: every
  archetype of :data:`~changeplanner.domain.ROLES` gets at least one seat whenever the data
  allows, and no role takes more than ``ceil(size / roles the data can fill)`` seats while
  other roles still have candidates (the cap is lifted only when seats would stay empty).
  With explicit quotas, roles not named keep a minimum of one; ``0`` drops a role; there is
  no cap. A pick is only accepted when the seats left can still meet the minimums (a small
  matching check);
- only people eligible for at least one role are candidates, and nobody with less than
  ``min_availability`` % availability (default :data:`MIN_AVAILABILITY`);
- ``max_per_department``: at most that many members from one department;
- people who keep daily business running take at most ``max_daily_business`` seats
  (default :func:`daily_business_limit`);
- ``include``: seated first, in their best eligible role (or their best role, without
  filling its quota, when they fit none); ``exclude``: never proposed;
- ``transforming_department`` overrides the plan's: its team leads do not count as leads;
- deterministic: ties are broken by archetype score, then by id.

Where a role cannot be filled, the proposal says which and why, in plain words: the app
asks for missing data (attitudes, team leads) instead of guessing. Options that contradict
each other or name unknown people raise :class:`~changeplanner.errors.UserError`.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from changeplanner.analysis.archetypes import ELIGIBILITY_THRESHOLD, best_role, eligible_roles
from changeplanner.analysis.metrics import PersonAnalysis, analyze_graph
from changeplanner.domain import ATTITUDE_LABELS, ROLE_LABELS, ROLES, Person, PlanSnapshot
from changeplanner.errors import UserError
from changeplanner.i18n import _, current_language, in_every_language, ngettext
from changeplanner.progress import Progress

#: People with less availability (percent) than this are not proposed (the default).
MIN_AVAILABILITY = 20

#: The swap search considers this many non-members, those with the largest neighbourhoods
#: (an upper bound of what a swap can add).
SWAP_CANDIDATES = 200

#: At most this many improving swaps are made.
MAX_SWAPS = 50

#: The swap search also tries exchanging two members at once when there are at most this
#: many (pair of members, pair of non-members) combinations (small organisations).
DOUBLE_SWAP_WORK = 60_000

#: Bump when the algorithm changes so saved boards say how they were computed.
ALGORITHM = "celf-direct-reach-swap-v3"


@dataclass(frozen=True)
class Alternative:
    """A candidate who could take a member's seat instead.

    Attributes:
        id: Person id.
        name: Person's name.
        department: Their department.
        reach_change: Change of the board's reach (share of all people, usually negative)
            if they replaced the member.
    """

    id: str
    name: str
    department: str
    reach_change: float

    def to_json(self) -> dict:
        """A JSON-ready dict of every field."""
        return {"id": self.id, "name": self.name, "department": self.department,
                "reach_change": self.reach_change}


@dataclass(frozen=True)
class BoardMember:
    """One proposed member of the change board.

    Attributes:
        id: Person id.
        name: Person's name.
        department: Their department.
        role: Their seat, one of :data:`~changeplanner.domain.ROLES`.
        reasons: Why they were chosen, in plain (translated) words.
        marginal_reach: Share of all people this member adds to the reach of the members
            listed before them (marginal in board order, so the values sum to the reach).
        scores: Archetype scores 0..1 by role.
        alternatives: Up to three candidates who could take this seat (same role, every
            constraint kept), best first, with the reach change of the swap.
    """

    id: str
    name: str
    department: str
    role: str
    reasons: str
    marginal_reach: float
    scores: dict[str, float] = field(default_factory=dict)
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True)
class BoardProposal:
    """A proposed change board.

    Attributes:
        members: The members in pick order (a member brought in by a swap takes the place
            of the one they replaced).
        reach: Share (0..1) of all people on the board or directly tied to a member.
        size: The number of seats asked for (``members`` may be fewer when there are not
            enough candidates).
        unfilled: ``(role, explanation)`` for every role the board could not fill.
        params: The inputs the proposal was computed from (JSON-ready), so it can be
            reproduced.
        reach_2step: Share (0..1) of all people within two steps of a member.
    """

    members: tuple[BoardMember, ...]
    reach: float
    size: int
    unfilled: tuple[tuple[str, str], ...] = ()
    params: dict = field(default_factory=dict)
    reach_2step: float = 0.0
    #: The reasons and unfilled explanations in every language, for storing the board:
    #: ``{"reasons": [{language: text} per member], "unfilled": [{language: text}]}``.
    translations: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The proposal as a JSON-ready dict (the CLI's ``board --json`` contract)."""
        return {
            "members": [{"id": m.id, "name": m.name, "department": m.department,
                         "role": m.role, "reasons": m.reasons,
                         "marginal_reach": m.marginal_reach,
                         "alternatives": [a.to_json() for a in m.alternatives]}
                        for m in self.members],
            "reach": self.reach,
            "reach_2step": self.reach_2step,
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

class _BudgetError(Exception):
    """The matching search took too long: treated as feasible (the board then reports the
    seat it could not fill instead of failing)."""


class _Cover:
    """Can the roles still required be given to distinct, not yet chosen candidates, within
    the daily-business and per-department limits?

    A small backtracking matching (``roles`` may repeat a role). For each role it is enough
    to try the first ``r`` candidates of every (department, daily business) class, ``r``
    being the roles still to place: the other roles use at most ``r - 1`` of them, and any
    candidate of a class can stand in for another of the same class.
    """

    BUDGET = 20_000

    def __init__(self, pools: Mapping[str, list[str]], daily: set[str],
                 department: Mapping[str, str], max_per_department: int | None) -> None:
        self.pools = pools
        self.daily = daily
        self.department = department
        self.cap = max_per_department

    def feasible(self, roles: Sequence[str], seats: int, daily_left: int, taken: set[str],
                 dept_used: Mapping[str, int] | None = None) -> bool:
        if len(roles) > seats:
            return False
        if not roles:
            return True
        roles = sorted(roles, key=lambda r: (len(self.pools[r]), ROLES.index(r)))
        k = len(roles)
        used: set[str] = set()
        extra: Counter = Counter()
        cap = self.cap
        dept_used = dept_used or {}
        nodes = [0]

        def assign(i: int, daily_used: int, start: int) -> bool:
            if i == k:
                return True
            nodes[0] += 1
            if nodes[0] > self.BUDGET:
                raise _BudgetError
            pool = self.pools[roles[i]]
            tries = k - i
            seen: Counter = Counter()
            for index in range(start, len(pool)):
                cand = pool[index]
                if cand in taken or cand in used:
                    continue
                is_daily = cand in self.daily
                if is_daily and daily_used >= daily_left:
                    continue
                dept = self.department[cand] if cap is not None else None
                if cap is not None and dept_used.get(dept, 0) + extra[dept] >= cap:
                    continue
                if seen[dept, is_daily] >= tries:
                    if (cap is None and seen[None, False] >= tries
                            and (seen[None, True] >= tries or daily_used >= daily_left)):
                        break
                    continue
                seen[dept, is_daily] += 1
                used.add(cand)
                extra[dept] += 1
                nxt = index + 1 if i + 1 < k and roles[i + 1] == roles[i] else 0
                if assign(i + 1, daily_used + is_daily, nxt):
                    return True
                used.discard(cand)
                extra[dept] -= 1
            return False

        try:
            return assign(0, 0, 0)
        except _BudgetError:
            return True

    def most(self, roles: Sequence[str], seats: int, daily_left: int, taken: set[str],
             dept_used: Mapping[str, int] | None = None) -> int:
        """The largest number of ``roles`` that distinct candidates can still cover."""
        for k in range(min(len(roles), seats), 0, -1):
            if any(self.feasible(list(subset), seats, daily_left, taken, dept_used)
                   for subset in combinations(roles, k)):
                return k
        return 0


def _check_options(snapshot: PlanSnapshot, size: int, quotas, max_per_department,
                   max_daily_business, min_availability, include, exclude,
                   transforming_department) -> None:
    """Raise :class:`UserError` for options that are invalid or contradict each other."""
    if quotas is not None:
        unknown = [role for role in quotas if role not in ROLES]
        if unknown:
            raise UserError(_("Unknown seat {roles}: use {known}").format(
                roles=", ".join(sorted(map(str, unknown))), known=", ".join(ROLES)))
        if any(not isinstance(v, int) or v < 0 for v in quotas.values()):
            raise UserError(_("Seat quotas must be whole numbers of 0 or more"))
        total = sum(quotas.get(role, 1) for role in ROLES)
        if total > size:
            raise UserError(ngettext(
                "The quotas ask for {n} seats, but the board has only {size} seat",
                "The quotas ask for {n} seats, but the board has only {size} seats",
                size).format(n=total, size=size))
    if max_per_department is not None and max_per_department < 1:
        raise UserError(_("The limit per department must be at least 1"))
    if max_daily_business is not None and max_daily_business < 0:
        raise UserError(_("The limit for people in daily business must not be negative"))
    if not 0 <= min_availability <= 100:
        raise UserError(_("The minimum availability must be between 0 and 100 %"))
    person = snapshot.people_by_id()
    unknown = [i for i in list(include) + list(exclude) if i not in person]
    if unknown:
        raise UserError(ngettext("Unknown person id: {ids}", "Unknown person ids: {ids}",
                                 len(unknown)).format(ids=", ".join(dict.fromkeys(unknown))))
    both = [i for i in dict.fromkeys(include) if i in set(exclude)]
    if both:
        raise UserError(_("Cannot both include and exclude: {ids}").format(ids=", ".join(both)))
    wanted = list(dict.fromkeys(include))
    if len(wanted) > size:
        raise UserError(ngettext(
            "{n} people are to be included, but the board has only {size} seat",
            "{n} people are to be included, but the board has only {size} seats",
            size).format(n=len(wanted), size=size))
    if max_per_department is not None:
        per_dept = Counter(person[i].department for i in wanted)
        over = sorted(d for d, c in per_dept.items() if c > max_per_department)
        if over:
            raise UserError(_("More people to include from {departments} than the limit of "
                              "{limit} per department").format(
                departments=", ".join(over), limit=max_per_department))
    limit = daily_business_limit(size) if max_daily_business is None else max_daily_business
    busy = sum(person[i].daily_business for i in wanted)
    if busy > limit:
        raise UserError(_("{n} of the people to include keep daily business running, but "
                          "the limit is {limit}").format(n=busy, limit=limit))
    if transforming_department:
        known = {p.department for p in snapshot.people} | {d.name for d in snapshot.departments}
        if transforming_department not in known:
            raise UserError(_("The plan has no department {department}").format(
                department=transforming_department))


def propose_board(snapshot: PlanSnapshot, *, size: int | None = None,
                  progress: Progress | None = None,
                  quotas: Mapping[str, int] | None = None,
                  max_per_department: int | None = None,
                  max_daily_business: int | None = None,
                  min_availability: int = MIN_AVAILABILITY,
                  include: Sequence[str] = (), exclude: Sequence[str] = (),
                  transforming_department: str | None = None,
                  eligibility_threshold: float = ELIGIBILITY_THRESHOLD,
                  local_search: bool = True) -> BoardProposal:
    """Propose a balanced change board of ``size`` seats that maximises reach.

    Args:
        snapshot: The plan (people, ties, the department being transformed).
        size: Number of seats; default :func:`default_board_size` of the number of people.
        progress: Reports progress; raises :class:`~changeplanner.errors.Cancelled` when the
            user cancels.
        quotas: Minimum seats per role; roles not named keep a minimum of 1. ``None``: the
            balanced default (see the module docstring).
        max_per_department: At most this many members per department (``None``: no limit).
        max_daily_business: At most this many people who keep daily business running;
            default :func:`daily_business_limit` of ``size``.
        min_availability: People with less availability (percent) are not proposed.
        include: Ids that must sit on the board.
        exclude: Ids that must not.
        transforming_department: Overrides the plan's department being transformed (its
            team leads do not count as leads).
        eligibility_threshold: A person is a candidate for a seat when their archetype
            score for it reaches this (0..1; default
            :data:`~changeplanner.analysis.archetypes.ELIGIBILITY_THRESHOLD`).
        local_search: Improve the greedy board by swaps (on by default).

    Returns:
        The proposal, with reasons and alternatives for every member and an explanation
        for every role it could not fill.

    Raises:
        UserError: Unknown ids, or options that contradict each other or the board size.
    """
    people = snapshot.people
    n = len(people)
    size = default_board_size(n) if size is None else max(1, int(size))
    include = list(dict.fromkeys(include))
    exclude = sorted(set(exclude))
    _check_options(snapshot, size, quotas, max_per_department, max_daily_business,
                   min_availability, include, exclude, transforming_department)
    if not 0.0 < eligibility_threshold <= 1.0:
        raise UserError(_("The eligibility threshold must be above 0 and at most 1"))
    eligibility_threshold = float(eligibility_threshold)
    daily_limit = (daily_business_limit(size) if max_daily_business is None
                   else int(max_daily_business))
    transforming = (snapshot.transforming_department if transforming_department is None
                    else transforming_department or None)
    params = {"size": size, "people": n, "ties": len(snapshot.ties),
              "transforming_department": transforming,
              "eligibility_threshold": eligibility_threshold,
              "min_availability": min_availability, "daily_business_limit": daily_limit,
              "max_per_department": max_per_department,
              "quotas": None if quotas is None else {r: int(quotas.get(r, 1)) for r in ROLES},
              "include": include, "exclude": exclude, "local_search": local_search,
              "algorithm": ALGORITHM}
    if n == 0:
        reason = _("The plan has no people yet: import or add people first")
        return BoardProposal(members=(), reach=0.0, size=size,
                             unfilled=tuple((role, reason) for role in ROLES), params=params)
    if transforming != snapshot.transforming_department:
        snapshot = dataclasses.replace(snapshot, transforming_department=transforming)
    graph, analyses = analyze_graph(snapshot, progress=progress.child(0.0, 0.5)
                                    if progress else None)
    optimiser = _Optimiser(snapshot, graph, analyses, size=size, quotas=params["quotas"],
                           max_per_department=max_per_department, daily_limit=daily_limit,
                           min_availability=min_availability, include=include,
                           exclude=set(exclude), progress=progress,
                           threshold=eligibility_threshold)
    optimiser.greedy()
    params["role_cap"] = optimiser.role_cap
    if local_search:
        params["swaps"] = optimiser.swap_search()
    proposal = optimiser.proposal(params)
    if progress:
        progress.update(1.0)
    return proposal


class _Optimiser:
    """The state of one board search: candidates, constraints and the board so far."""

    def __init__(self, snapshot, graph, analyses, *, size, quotas, max_per_department,
                 daily_limit, min_availability, include, exclude, progress,
                 threshold=ELIGIBILITY_THRESHOLD) -> None:
        self.snapshot = snapshot
        self.graph = graph
        self.analyses = analyses
        self.by_id = {a.id: a for a in analyses}
        self.person = snapshot.people_by_id()
        self.n = len(snapshot.people)
        self.size = size
        self.quotas = quotas
        self.dept_cap = max_per_department
        self.daily_limit = daily_limit
        self.min_availability = min_availability
        self.include = include
        self.progress = progress
        self.threshold = threshold
        self.eligible = {a.id: eligible_roles(a.scores, threshold) for a in analyses}
        self.department = {p.id: p.department for p in snapshot.people}
        self.candidates = [p.id for p in snapshot.people
                           if self.eligible[p.id] and p.availability >= min_availability
                           and p.id not in exclude and p.id not in include]
        self.daily = {p.id for p in snapshot.people if p.daily_business}
        self.top_score = {c: max(self.by_id[c].scores.values()) for c in self.person}
        self.pools: dict[str, list[str]] = {role: [] for role in ROLES}
        for cand in sorted(self.candidates, key=lambda c: (-self.top_score[c], c)):
            for role in self.eligible[cand]:
                self.pools[role].append(cand)
        self.cover = _Cover(self.pools, self.daily, self.department, max_per_department)
        self.hoods: dict[str, set[str]] = {}
        # The board: [id, role, counted] in pick order; counted is False for an included
        # person who fits no seat (they sit without filling a quota).
        self.chosen: list[list] = []
        self.gains: list[int] = []
        self.taken: set[str] = set()
        self.counts = dict.fromkeys(ROLES, 0)
        self.dept_used: Counter = Counter()
        self.daily_used = 0
        self.covered: set[str] = set()
        self.role_cap: int | None = None
        self.wanted: dict[str, int] = {}     # quota mode: the minimum actually sought
        self.missing: list[str] = []          # balanced mode: roles not yet represented
        self.need = 0                         # balanced mode: how many of them to cover

    # -- helpers --
    def hood(self, node: str) -> set[str]:
        hood = self.hoods.get(node)
        if hood is None:
            graph = self.graph
            hood = self.hoods[node] = graph.pred[node].keys() | graph.succ[node].keys() | {node}
        return hood

    def _add(self, cand: str, role: str, counted: bool) -> None:
        hood = self.hood(cand)
        self.gains.append(len(hood) - len(hood & self.covered))
        self.chosen.append([cand, role, counted])
        self.taken.add(cand)
        if counted:
            self.counts[role] += 1
        self.dept_used[self.department[cand]] += 1
        self.daily_used += cand in self.daily
        self.covered |= hood
        if self.quotas is None and counted and role in self.missing:
            self.missing.remove(role)
            self.need = max(0, self.need - 1)

    def _required(self) -> list[str]:
        return [role for role in ROLES
                for _k in range(max(0, self.wanted.get(role, 0) - self.counts[role]))]

    def _score_order(self, cand: str, roles) -> list[str]:
        scores = self.by_id[cand].scores
        return sorted(roles, key=lambda r: (-scores[r], ROLES.index(r)))

    def _role_for(self, cand: str, allowed: Sequence[str]) -> str | None:
        """The seat ``cand`` takes, or ``None`` when taking them would leave required seats
        impossible to fill."""
        seats_left = self.size - len(self.chosen) - 1
        is_daily = cand in self.daily
        daily_left = self.daily_limit - self.daily_used - is_daily
        taken = self.taken | {cand}
        dept_used = self.dept_used.copy()
        dept_used[self.department[cand]] += 1
        cover = self.cover
        if self.quotas is not None:
            required = self._required()
            for role in self._score_order(cand, [r for r in allowed if r in required]):
                rest = list(required)
                rest.remove(role)
                if cover.feasible(rest, seats_left, daily_left, taken, dept_used):
                    return role
            if allowed and cover.feasible(required, seats_left, daily_left, taken, dept_used):
                return self._score_order(cand, allowed)[0]
            return None
        missing, need = self.missing, self.need
        for role in self._score_order(cand, [r for r in missing if r in allowed]):
            rest = [r for r in missing if r != role]
            if need <= 1 or cover.most(rest, seats_left, daily_left, taken,
                                       dept_used) >= need - 1:
                return role
        if allowed and (need == 0 or cover.most(missing, seats_left, daily_left, taken,
                                                dept_used) >= need):
            return self._score_order(cand, allowed)[0]
        return None

    # -- the lazy greedy --
    def greedy(self) -> None:
        """Seat the people to include, then CELF on marginal reach under the constraints.

        A pick is accepted only if the required seats can still be filled with the seats
        left and (balanced) their role is below the cap; otherwise it is set aside until
        the next pick changes the situation. When candidates run out with seats left, the
        cap is lifted and the search goes on.
        """
        cover = self.cover
        fillable = [role for role in ROLES if self.pools[role]]
        if self.quotas is None:
            self.missing = list(ROLES)
        for pid in self.include:
            roles = self.eligible[pid]
            if roles:
                open_roles = ([r for r in roles if r in self.missing] if self.quotas is None
                              else [r for r in roles if self.counts[r] < self.quotas[r]])
                self._add(pid, self._score_order(pid, open_roles or roles)[0], True)
            else:
                self._add(pid, best_role(self.by_id[pid].scores), False)
        seats = self.size - len(self.chosen)
        daily_left = self.daily_limit - self.daily_used
        if self.quotas is None:
            self.missing = [r for r in fillable if not self.counts[r]]
            self.need = cover.most(self.missing, seats, daily_left, self.taken, self.dept_used)
            self.role_cap = math.ceil(self.size / max(1, len(fillable)))
        else:
            # The minimums the data allows, role by role (in ROLES order).
            required: list[str] = []
            for role in ROLES:
                want = max(0, self.quotas[role] - self.counts[role])
                while want and not cover.feasible(required + [role] * want, seats,
                                                  daily_left, self.taken, self.dept_used):
                    want -= 1
                required += [role] * want
                self.wanted[role] = self.counts[role] + want
        self._celf()

    def _celf(self) -> None:
        pred, succ = self.graph.pred, self.graph.succ
        progress = self.progress
        # Heap entries: (-gain, -score, id, picks when the gain was computed). The first
        # bound, in- plus out-degree plus one, is cheap and never too low; -1 marks it stale.
        heap = [(-(len(pred[c]) + len(succ[c]) + 1), -self.top_score[c], c, -1)
                for c in self.candidates]
        heapq.heapify(heap)
        set_aside: list[tuple[float, float, str, int]] = []
        role_cap = self.role_cap
        while len(self.chosen) < self.size:
            if not heap:
                if role_cap is None or not set_aside:
                    break
                role_cap = None  # seats would stay empty: balance gives way to a full board
                for entry in set_aside:
                    heapq.heappush(heap, entry)
                set_aside.clear()
                continue
            neg_gain, neg_score, cand, stamp = heapq.heappop(heap)
            if stamp != len(self.chosen):
                hood = self.hood(cand)
                gain = len(hood) - len(hood & self.covered)
                heapq.heappush(heap, (-gain, neg_score, cand, len(self.chosen)))
                continue
            if cand in self.daily and self.daily_used >= self.daily_limit:
                continue  # never acceptable again: the limit only fills up
            if (self.dept_cap is not None
                    and self.dept_used[self.department[cand]] >= self.dept_cap):
                continue  # the same
            allowed = [r for r in self.eligible[cand]
                       if role_cap is None or self.counts[r] < role_cap]
            role = self._role_for(cand, allowed) if allowed else None
            if role is None:
                set_aside.append((neg_gain, neg_score, cand, stamp))
                continue
            self._add(cand, role, True)
            for entry in set_aside:  # their old gain is still an upper bound
                heapq.heappush(heap, entry)
            set_aside.clear()
            if progress:
                progress.update(0.5 + 0.4 * len(self.chosen) / self.size,
                                _("Choosing board members"))

    # -- the swap local search --
    def _role_bounds(self) -> tuple[dict[str, int], dict[str, int | None]]:
        """Per role, the minimum and maximum count a swap must keep."""
        if self.quotas is not None:
            return ({r: min(self.wanted.get(r, 0), self.counts[r]) for r in ROLES},
                    dict.fromkeys(ROLES))
        cap = self.role_cap or self.size
        return ({r: min(1, self.counts[r]) for r in ROLES},
                {r: max(cap, self.counts[r]) for r in ROLES})

    def _assign(self, board: list[list], low, high) -> list[str] | None:
        """Roles for ``board`` (``[id, role, counted]``) that keep every count within
        ``low``..``high``, each member in a role they are eligible for; members keep their
        current role where they can. ``None`` if there is none."""
        counted = [i for i, entry in enumerate(board) if entry[2]]
        options = []
        for i in counted:
            pid, role = board[i][0], board[i][1]
            roles = self._score_order(pid, self.eligible[pid])
            if role in roles:
                roles.remove(role)
                roles.insert(0, role)
            options.append(roles)
        counts = dict.fromkeys(ROLES, 0)
        result = [entry[1] for entry in board]

        def deficit() -> int:
            return sum(max(0, low[r] - counts[r]) for r in ROLES)

        def place(j: int) -> bool:
            if deficit() > len(counted) - j:
                return False
            if j == len(counted):
                return True
            for role in options[j]:
                if high[role] is not None and counts[role] >= high[role]:
                    continue
                counts[role] += 1
                result[counted[j]] = role
                if place(j + 1):
                    return True
                counts[role] -= 1
            return False

        return result if place(0) else None

    def _swap_gain(self, cand: str, count: Mapping[str, int],
                   owner: Mapping[str, str]) -> tuple[int, Counter]:
        """What ``cand`` would add: people nobody on the board reaches yet (``base``), and per
        member the people only that member reaches (``tally``: kept if the member is swapped
        out for ``cand``)."""
        base, tally = 0, Counter()
        for v in self.hood(cand):
            k = count[v]
            if k == 0:
                base += 1
            elif k == 1:
                tally[owner[v]] += 1
        return base, tally

    def swap_search(self) -> int:
        """Replace one member by one non-member while that raises reach and keeps every
        constraint; the best improving swap first (ties: higher score, then id, then the
        earlier seat). Returns the number of swaps made."""
        if not self.chosen:
            return 0
        low, high = self._role_bounds()
        pool = sorted((c for c in self.candidates if c not in self.taken),
                      key=lambda c: (-len(self.hood(c)), -self.top_score[c], c))
        pool = pool[:SWAP_CANDIDATES]
        included = set(self.include)
        swaps = 0
        while swaps < MAX_SWAPS:
            count: Counter = Counter()
            for entry in self.chosen:
                count.update(self.hood(entry[0]))
            owner = {}
            for entry in self.chosen:
                for v in self.hood(entry[0]):
                    if count[v] == 1:
                        owner[v] = entry[0]
            loss = Counter(owner.values())
            moves = []
            members = [(pos, entry[0]) for pos, entry in enumerate(self.chosen)
                       if entry[0] not in included]
            for cand in pool:
                if cand in self.taken:
                    continue
                base, tally = self._swap_gain(cand, count, owner)
                for pos, mid in members:
                    delta = base + tally[mid] - loss[mid]
                    if delta > 0:
                        moves.append((-delta, -self.top_score[cand], cand, pos))
            moves.sort()
            for _delta, _score, cand, pos in moves:
                board = self._swapped(pos, cand, low, high)
                if board is not None:
                    self._rebuild(board)
                    swaps += 1
                    break
            else:
                if not self._double_swap(pool, included, low, high):
                    break
                swaps += 1
        return swaps

    def _double_swap(self, pool: list[str], included: set[str], low, high) -> bool:
        """On small organisations, where one swap no longer helps: the best exchange of two
        members for two non-members that raises reach and keeps every constraint (done only
        when there are at most :data:`DOUBLE_SWAP_WORK` pairs of pairs to try)."""
        members = [pos for pos, entry in enumerate(self.chosen) if entry[0] not in included]
        outside = [c for c in pool if c not in self.taken]
        member_pairs = list(combinations(members, 2))
        cand_pairs = list(combinations(outside, 2))
        if not member_pairs or len(member_pairs) * len(cand_pairs) > DOUBLE_SWAP_WORK:
            return False
        index = {node: i for i, node in enumerate(self.graph.nodes)}
        mask = {}
        for node in [e[0] for e in self.chosen] + outside:
            bits = 0
            for v in self.hood(node):
                bits |= 1 << index[v]
            mask[node] = bits
        current = len(self.covered)
        moves = []
        cand_masks = [(a, b, mask[a] | mask[b]) for a, b in cand_pairs]
        for p1, p2 in member_pairs:
            rest = 0
            for pos, entry in enumerate(self.chosen):
                if pos not in (p1, p2):
                    rest |= mask[entry[0]]
            for a, b, bits in cand_masks:
                gain = (rest | bits).bit_count() - current
                if gain > 0:
                    moves.append((-gain, a, b, p1, p2))
        moves.sort()
        for _gain, a, b, p1, p2 in moves:
            board = self._swapped_pair(p1, p2, a, b, low, high)
            if board is not None:
                self._rebuild(board)
                return True
        return False

    def _swapped_pair(self, p1: int, p2: int, a: str, b: str, low, high) -> list[list] | None:
        """The board with ``a`` and ``b`` in seats ``p1`` and ``p2`` if that keeps every
        constraint."""
        board = [list(entry) for entry in self.chosen]
        board[p1] = [a, board[p1][1], True]
        board[p2] = [b, board[p2][1], True]
        ids = [entry[0] for entry in board]
        if sum(i in self.daily for i in ids) > self.daily_limit:
            return None
        if self.dept_cap is not None and max(
                Counter(self.department[i] for i in ids).values()) > self.dept_cap:
            return None
        roles = self._assign(board, low, high)
        if roles is None:
            return None
        for entry, role in zip(board, roles, strict=True):
            entry[1] = role
        return board

    def _swapped(self, pos: int, cand: str, low, high) -> list[list] | None:
        """The board with ``cand`` in seat ``pos`` if that keeps every constraint."""
        out = self.chosen[pos][0]
        dept_in, dept_out = self.department[cand], self.department[out]
        if (self.dept_cap is not None and dept_in != dept_out
                and self.dept_used[dept_in] >= self.dept_cap):
            return None
        if (cand in self.daily and out not in self.daily
                and self.daily_used >= self.daily_limit):
            return None
        board = [list(entry) for entry in self.chosen]
        board[pos] = [cand, self.chosen[pos][1], True]
        roles = self._assign(board, low, high)
        if roles is None:
            return None
        for entry, role in zip(board, roles, strict=True):
            entry[1] = role
        return board

    def _rebuild(self, board: list[list]) -> None:
        self.chosen, self.gains, self.taken, self.covered = [], [], set(), set()
        self.counts = dict.fromkeys(ROLES, 0)
        self.dept_used, self.daily_used = Counter(), 0
        for pid, role, counted in board:
            self._add(pid, role, counted)

    # -- the result --
    def _alternatives(self) -> dict[str, tuple[Alternative, ...]]:
        """The three best replacements per seat (same role, constraints kept), exactly:
        candidates are visited by neighbourhood size and the visit stops once no later one
        can beat the third best found for any seat."""
        count: Counter = Counter()
        for entry in self.chosen:
            count.update(self.hood(entry[0]))
        owner = {v: entry[0] for entry in self.chosen for v in self.hood(entry[0])
                 if count[v] == 1}
        loss = Counter(owner.values())
        seats = [(entry[0], entry[1]) for entry in self.chosen if entry[2]]
        found: dict[str, list] = {mid: [] for mid, _role in seats}
        order = sorted((c for c in self.candidates if c not in self.taken),
                       key=lambda c: (-len(self.hood(c)), -self.top_score[c], c))
        for cand in order:
            bound = len(self.hood(cand))
            if all(len(found[mid]) >= 3 and -found[mid][2][0] > bound - loss[mid]
                   for mid, _role in seats):
                break
            base, tally = self._swap_gain(cand, count, owner)
            for mid, role in seats:
                if role not in self.eligible[cand]:
                    continue
                d_in, d_out = self.department[cand], self.department[mid]
                if (self.dept_cap is not None and d_in != d_out
                        and self.dept_used[d_in] >= self.dept_cap):
                    continue
                if (cand in self.daily and mid not in self.daily
                        and self.daily_used >= self.daily_limit):
                    continue
                delta = base + tally[mid] - loss[mid]
                found[mid].append((-delta, -self.by_id[cand].scores[role], cand))
                found[mid].sort()
                del found[mid][3:]
        result = {}
        for mid, best in found.items():
            result[mid] = tuple(
                Alternative(id=c, name=self.person[c].name, department=self.department[c],
                            reach_change=round(-neg / self.n, 6))
                for neg, _s, c in best)
        return result

    def proposal(self, params: dict) -> BoardProposal:
        """The board as a :class:`BoardProposal` with reasons, alternatives and unfilled
        seats explained."""
        n, person, by_id = self.n, self.person, self.by_id
        represented = [role for role in ROLES
                       if any(r == role and c for _m, r, c in self.chosen)]
        graph = self.graph
        included = set(self.include)

        def texts() -> tuple[list[tuple[str, str]], list[str]]:
            unfilled = []
            for role in ROLES:
                if self.quotas is None:
                    if role not in represented:
                        unfilled.append((role, self._unfilled_reason(role, represented)))
                    continue
                asked = self.quotas[role]
                if self.counts[role] >= asked:
                    continue
                if self.counts[role] == 0:
                    unfilled.append((role, self._unfilled_reason(role, represented)))
                else:
                    unfilled.append((role, ngettext(
                        "Only {filled} of the {n} seat asked for could be filled: there are "
                        "not enough people who fit it within the board's limits",
                        "Only {filled} of the {n} seats asked for could be filled: there are "
                        "not enough people who fit it within the board's limits",
                        asked).format(filled=self.counts[role], n=asked)))
            reasons = []
            for mid, role, counted in self.chosen:
                text = member_reasons(person[mid], by_id[mid], role, graph)
                if mid in included:
                    if counted:
                        text = _("On the board at your request.") + " " + text
                    else:
                        text = _("On the board at your request; they fit no seat well, so "
                                 "they sit as {role} without filling its quota.").format(
                            role=_(ROLE_LABELS[role])) + " " + text
                reasons.append(text)
            return unfilled, reasons

        translations = in_every_language(texts)
        unfilled, reasons = translations[current_language()]
        alternatives = self._alternatives()
        members = []
        for (mid, role, _counted), gain, text in zip(self.chosen, self.gains, reasons,
                                                     strict=True):
            members.append(BoardMember(
                id=mid, name=person[mid].name, department=person[mid].department, role=role,
                reasons=text, marginal_reach=round(gain / n, 6),
                scores=dict(by_id[mid].scores), alternatives=alternatives.get(mid, ())))
        two = set(self.covered)
        pred, succ = graph.pred, graph.succ
        for v in self.covered:
            two.update(pred[v])
            two.update(succ[v])
        return BoardProposal(members=tuple(members), reach=round(len(self.covered) / n, 6),
                             size=self.size, unfilled=tuple(unfilled), params=params,
                             translations=_translations(translations),
                             reach_2step=round(len(two) / n, 6))

    def _unfilled_reason(self, role: str, represented: Sequence[str]) -> str:
        return _unfilled_reason(role, self.snapshot, self.analyses, self.pools, represented,
                                self.cover, self.size, self.daily_limit,
                                self.min_availability, self.threshold)


# -- explanations ---------------------------------------------------------------------

def _unfilled_reason(role: str, snapshot: PlanSnapshot, analyses: Sequence[PersonAnalysis],
                     pools: Mapping[str, list[str]], represented: Sequence[str], cover: _Cover,
                     size: int, daily_limit: int,
                     min_availability: int = MIN_AVAILABILITY,
                     threshold: float = ELIGIBILITY_THRESHOLD) -> str:
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
            if cover.cap is not None:
                return _("The people who fit this seat are needed for other seats or come "
                         "from departments that already have {limit} members").format(
                    limit=cover.cap)
            return _("The only people who fit this seat are needed for other seats")
        return ngettext("The board has only {size} seat: make it larger to fill this one too",
                        "The board has only {size} seats: make it larger to fill this one too",
                        size).format(size=size)
    scores_ok = [a for a in analyses if a.scores[role] >= threshold]
    if scores_ok:
        person = snapshot.people_by_id()
        if any(person[a.id].availability >= min_availability for a in scores_ok):
            return _("Everyone who fits this seat is excluded from the board or already "
                     "sits in another seat")
        return _("Everyone who fits this seat has less than {percent} % of their time "
                 "available").format(percent=min_availability)
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


def _translations(by_language: Mapping[str, tuple[Sequence[tuple[str, str]],
                                                   Sequence[str]]]) -> dict:
    """Turn ``{language: (unfilled, reasons)}`` into per-item ``{language: text}`` lists."""
    languages = list(by_language)
    first = by_language[languages[0]]
    return {
        "unfilled": [{lang: by_language[lang][0][i][1] for lang in languages}
                     for i in range(len(first[0]))],
        "reasons": [{lang: by_language[lang][1][i] for lang in languages}
                    for i in range(len(first[1]))],
    }


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


# -- a board entered by hand ------------------------------------------------------------

#: Recorded in ``params["algorithm"]`` of a board entered by hand.
HAND_MADE = "hand-made-v1"


def _hand_roles(ids: Sequence[str], given: Mapping[str, str],
                eligible: Mapping[str, tuple[str, ...]],
                scores: Mapping[str, Mapping[str, float]]) -> dict[str, str]:
    """A role for every member: the given one, else one they are eligible for (a role not
    yet on the board first, then the least taken, then the higher score), else their best
    scoring role. Members with a given role are counted first."""
    counts = dict.fromkeys(ROLES, 0)
    result = {}
    for pid in ids:
        if pid in given:
            result[pid] = given[pid]
            counts[given[pid]] += 1
    for pid in ids:
        if pid in result:
            continue
        options = eligible[pid]
        if options:
            role = min(options, key=lambda r: (counts[r] > 0, counts[r], -scores[pid][r],
                                               ROLES.index(r)))
        else:
            role = best_role(scores[pid])
        result[pid] = role
        counts[role] += 1
    return result


def evaluate_board(snapshot: PlanSnapshot, member_ids: Sequence[str], *,
                   roles: Mapping[str, str] | None = None,
                   transforming_department: str | None = None,
                   eligibility_threshold: float = ELIGIBILITY_THRESHOLD) -> BoardProposal:
    """Evaluate a board entered by hand as if it had been proposed.

    Args:
        snapshot: The plan's people and ties.
        member_ids: The members, in the order their marginal reach is counted (duplicates
            are ignored).
        roles: A seat per member id where the user chose one; the others get a role they
            are eligible for, balanced like the optimiser does (a role not yet on the board
            first), else their best-scoring role.
        transforming_department: Overrides the plan's (its team leads do not count as
            leads).
        eligibility_threshold: The score from which a person fits a seat.

    Returns:
        A :class:`BoardProposal` (``size`` is the number of members; ``unfilled`` names
        every archetype the board does not represent; no alternatives).

    Raises:
        UserError: Unknown ids or seats, or a role given for someone not on the board.
    """
    ids = list(dict.fromkeys(member_ids))
    given = dict(roles or {})
    person = snapshot.people_by_id()
    unknown = [i for i in ids + [k for k in given if k not in ids] if i not in person]
    if unknown:
        raise UserError(ngettext("Unknown person id: {ids}", "Unknown person ids: {ids}",
                                 len(unknown)).format(ids=", ".join(dict.fromkeys(unknown))))
    bad = sorted({str(r) for r in given.values() if r not in ROLES})
    if bad:
        raise UserError(_("Unknown seat {roles}: use {known}").format(
            roles=", ".join(bad), known=", ".join(ROLES)))
    given = {k: v for k, v in given.items() if k in ids}
    if not 0.0 < eligibility_threshold <= 1.0:
        raise UserError(_("The eligibility threshold must be above 0 and at most 1"))
    transforming = (snapshot.transforming_department if transforming_department is None
                    else transforming_department or None)
    if transforming != snapshot.transforming_department:
        snapshot = dataclasses.replace(snapshot, transforming_department=transforming)
    n = len(snapshot.people)
    params = {"size": len(ids), "people": n, "ties": len(snapshot.ties),
              "transforming_department": transforming,
              "eligibility_threshold": float(eligibility_threshold),
              "members": ids, "roles": {k: given[k] for k in ids if k in given},
              "algorithm": HAND_MADE}
    if n == 0:
        reason = _("The plan has no people yet: import or add people first")
        return BoardProposal(members=(), reach=0.0, size=0,
                             unfilled=tuple((role, reason) for role in ROLES), params=params)
    graph, analyses = analyze_graph(snapshot)
    by_id = {a.id: a for a in analyses}
    eligible = {a.id: eligible_roles(a.scores, eligibility_threshold) for a in analyses}
    scores = {pid: by_id[pid].scores for pid in ids}
    seat = _hand_roles(ids, given, eligible, scores)
    pred, succ = graph.pred, graph.succ
    covered: set[str] = set()
    gains = []
    for pid in ids:
        hood = pred[pid].keys() | succ[pid].keys() | {pid}
        gains.append(len(hood - covered))
        covered |= hood
    two = set(covered)
    for v in covered:
        two.update(pred[v])
        two.update(succ[v])
    represented = {seat[pid] for pid in ids}
    no_pools: dict[str, list[str]] = {role: [] for role in ROLES}

    def texts() -> tuple[list[tuple[str, str]], list[str]]:
        reasons = []
        for pid in ids:
            role = seat[pid]
            text = member_reasons(person[pid], by_id[pid], role, graph)
            if role not in eligible[pid]:
                text = _("Sits as {role} by your choice, though they do not fit that seat "
                         "well.").format(role=_(ROLE_LABELS[role])) + " " + text
            reasons.append(text)
        unfilled = []
        for role in ROLES:
            if role in represented:
                continue
            fitting = sum(1 for a in analyses if role in eligible[a.id])
            if fitting:
                unfilled.append((role, ngettext(
                    "No member sits in this seat; {n} person in the plan fits it",
                    "No member sits in this seat; {n} people in the plan fit it",
                    fitting).format(n=fitting)))
            else:
                unfilled.append((role, _unfilled_reason(
                    role, snapshot, analyses, no_pools, sorted(represented), None, len(ids),
                    0, 0, eligibility_threshold)))
        return unfilled, reasons

    translations = in_every_language(texts)
    unfilled, reasons = translations[current_language()]
    members = [BoardMember(id=pid, name=person[pid].name, department=person[pid].department,
                           role=seat[pid], reasons=text, marginal_reach=round(gain / n, 6),
                           scores=dict(by_id[pid].scores))
               for pid, gain, text in zip(ids, gains, reasons, strict=True)]
    return BoardProposal(members=tuple(members), reach=round(len(covered) / n, 6),
                         size=len(ids), unfilled=tuple(unfilled), params=params,
                         reach_2step=round(len(two) / n, 6),
                         translations=_translations(translations))


@dataclass(frozen=True)
class BoardComparison:
    """Two boards side by side; every pair is ``(board a, board b)``.

    Attributes:
        reach: Share of all people on the board or directly tied to a member.
        reach_2step: Share of all people within two steps of a member.
        seats: Members per role (every role of :data:`~changeplanner.domain.ROLES`).
        departments: Members per department (departments with members only).
        only_in_a: Ids of members of board a who are not on board b (a's order).
        only_in_b: Ids of members of board b who are not on board a (b's order).
        in_both: Ids on both boards (a's order).
    """

    reach: tuple[float, float]
    reach_2step: tuple[float, float]
    seats: tuple[dict[str, int], dict[str, int]]
    departments: tuple[dict[str, int], dict[str, int]]
    only_in_a: tuple[str, ...]
    only_in_b: tuple[str, ...]
    in_both: tuple[str, ...]

    @property
    def departments_covered(self) -> tuple[int, int]:
        """How many departments have at least one member, per board."""
        return len(self.departments[0]), len(self.departments[1])

    def to_json(self) -> dict:
        """A JSON-ready dict; each pair becomes ``{"a": ..., "b": ...}``."""
        def pair(values):
            return {"a": values[0], "b": values[1]}
        return {"reach": pair(self.reach), "reach_2step": pair(self.reach_2step),
                "seats": pair(self.seats), "departments": pair(self.departments),
                "departments_covered": pair(self.departments_covered),
                "only_in_a": list(self.only_in_a), "only_in_b": list(self.only_in_b),
                "in_both": list(self.in_both)}


def compare_boards(a: BoardProposal, b: BoardProposal) -> BoardComparison:
    """Compare two boards: reach, 2-step reach, seats per role, departments and members."""
    ids_a = [m.id for m in a.members]
    ids_b = [m.id for m in b.members]

    def seats(board: BoardProposal) -> dict[str, int]:
        counts = Counter(m.role for m in board.members)
        return {role: counts.get(role, 0) for role in ROLES}

    def departments(board: BoardProposal) -> dict[str, int]:
        return dict(sorted(Counter(m.department for m in board.members).items()))

    return BoardComparison(
        reach=(a.reach, b.reach), reach_2step=(a.reach_2step, b.reach_2step),
        seats=(seats(a), seats(b)), departments=(departments(a), departments(b)),
        only_in_a=tuple(i for i in ids_a if i not in set(ids_b)),
        only_in_b=tuple(i for i in ids_b if i not in set(ids_a)),
        in_both=tuple(i for i in ids_a if i in set(ids_b)))
