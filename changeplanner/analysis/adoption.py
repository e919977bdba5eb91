"""Adoption simulation: how a change spreads from the board through the influence network.

A linear-threshold model (Granovetter 1978; Kempe, Kleinberg, Tardos 2003) on the influence
graph, run as a Monte-Carlo simulation:

- **Who influences whom.** By default the neighbourhood is *undirected*: two colleagues with
  a tie in either direction influence each other, weighted by the sum of their tie weights
  (a tie each way counts twice). Conversations go both ways, and a survey usually records
  only one side of a relationship (who names whom), so the undirected reading is the more
  robust one on survey data. With ``directed=True`` influence follows the advice instead: a
  tie ``source -> target`` ("source goes to target for advice") lets the *target* influence
  the *source*, so a person only looks at the colleagues they go to.
- **When a person adopts.** Each person has a threshold between 0 and 1; they adopt in
  round ``t`` when the weighted share of their neighbours who had adopted by round ``t - 1``
  reaches it. People without ties never adopt (unless they sit on the board). Adoption is
  never undone, so every curve is non-decreasing.
- **Thresholds.** Drawn afresh for every run (seeded, so the result is reproducible) from a
  uniform distribution, shifted by the person's attitude: each attitude point towards
  skepticism raises the threshold (skeptics are slower), each point towards enthusiasm
  lowers it (enthusiasts are faster); an unknown attitude counts as neutral. See
  :class:`ThresholdModel` for the figures.
- **Start.** The board members adopt in round 0.

Every run draws its thresholds once and uses them for all three starting sets (the board, a
random board and the top-in-degree board of the same size; common random numbers), so the
comparison is not blurred by luck of the draw. The random baseline draws a fresh random board
for every run, so its curve is the mean over ``runs`` random boards. The critical mass is the
first round in which the *mean* curve reaches 25 % of all people (Centola et al. 2018 found
tipping points around a quarter of a group).

All runs and all three starting sets are simulated at once: one sparse matrix times dense
matrix product per round (people x 3 * runs), so 10,000 people with 100,000 ties, 50 runs
and 20 rounds take well under a second (``bench/bench_adoption.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import scipy.sparse as sp

from changeplanner.domain import PlanSnapshot
from changeplanner.i18n import _
from changeplanner.progress import Progress

#: Share of all people at which the change tips (Centola et al. 2018).
CRITICAL_MASS = 0.25

#: Lowest possible threshold: nobody adopts without at least some adopted neighbour.
MIN_THRESHOLD = 0.01

#: Guards ``share >= threshold`` against rounding (1/3 + 1/3 + 1/3 may be 0.999...).
_EPSILON = 1e-9


@dataclass(frozen=True)
class ThresholdModel:
    """How adoption thresholds are drawn.

    A person's threshold is ``uniform(low, high) - attitude_shift * attitude``, clipped to
    ``MIN_THRESHOLD .. 1``. With the defaults a neutral (or unknown) person needs a
    quarter of their neighbours on average (5 % .. 45 %), a strong skeptic (attitude -2)
    21 % .. 61 %, a strong enthusiast (+2) at most 29 %.

    Attributes:
        low: Lower end of a neutral person's threshold.
        high: Upper end of a neutral person's threshold.
        attitude_shift: How much one attitude point (-2 .. +2) moves the threshold.
    """

    low: float = 0.05
    high: float = 0.45
    attitude_shift: float = 0.08


@dataclass(frozen=True)
class AdoptionCurve:
    """Expected adoption per round from one starting set.

    Attributes:
        mean: Mean share (0..1) of all people adopted after each round (round 0 first).
        low: 10th percentile over the runs, per round.
        high: 90th percentile over the runs, per round.
        critical_mass_round: First round whose mean reaches :data:`CRITICAL_MASS`, or
            ``None`` when it is not reached within the simulated rounds.
    """

    mean: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    critical_mass_round: int | None

    def to_json(self) -> dict:
        """A JSON-ready dict ``{"mean", "low", "high", "critical_mass_round"}``."""
        return {"mean": list(self.mean), "low": list(self.low), "high": list(self.high),
                "critical_mass_round": self.critical_mass_round}


@dataclass(frozen=True)
class AdoptionResult:
    """The outcome of an adoption simulation.

    Attributes:
        rounds: The round numbers ``0 .. rounds``.
        board: Adoption starting from the board.
        random: Adoption starting from random boards of the same size (a new one per run).
        top_degree: Adoption starting from the people most colleagues go to.
        board_members: Ids of the board members the simulation started from.
        top_degree_members: Ids of the top-in-degree board.
        people: Number of people in the plan.
        board_name: Which board was simulated (filled in by the service), or ``""``.
        params: The inputs (runs, rounds, seed, model) so the result can be reproduced.
    """

    rounds: tuple[int, ...]
    board: AdoptionCurve
    random: AdoptionCurve
    top_degree: AdoptionCurve
    board_members: tuple[str, ...]
    top_degree_members: tuple[str, ...]
    people: int
    board_name: str = ""
    params: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The result as a JSON-ready dict (the CLI's ``simulate --json`` contract)."""
        return {"rounds": list(self.rounds), "board": self.board.to_json(),
                "random": self.random.to_json(), "top_degree": self.top_degree.to_json(),
                "board_members": list(self.board_members),
                "top_degree_members": list(self.top_degree_members),
                "people": self.people, "board_name": self.board_name,
                "critical_mass": CRITICAL_MASS, "params": dict(self.params)}


# -- the network ----------------------------------------------------------------------

def influence_matrix(snapshot: PlanSnapshot, *, directed: bool = False
                     ) -> tuple[sp.csr_matrix, np.ndarray]:
    """The row-normalised influence matrix and everybody's in-degree.

    Row ``i`` of the matrix holds the weights with which person ``i`` (in the order of
    ``snapshot.people``) listens to each colleague, summing to 1 (or 0 for a person
    without ties), so ``matrix @ adopted`` is each person's weighted share of adopted
    neighbours. Ties follow :func:`~changeplanner.analysis.graph.build_graph`: ties of
    several relations between two people add up, self-ties and unknown people are ignored.

    Args:
        snapshot: The plan's people and ties.
        directed: ``False``: undirected neighbourhoods; ``True``: a person listens only to
            the colleagues they go to (the targets of their ties).

    Returns:
        ``(matrix, in_degree)``: the CSR matrix and, per person, how many distinct
        colleagues go to them.
    """
    index = {p.id: i for i, p in enumerate(snapshot.people)}
    n = len(index)
    sources, targets, weights = [], [], []
    for tie in snapshot.ties:
        s, t = index.get(tie.source), index.get(tie.target)
        if s is None or t is None or s == t:
            continue
        sources.append(s)
        targets.append(t)
        weights.append(float(tie.weight))
    src = np.asarray(sources, dtype=np.int64)
    dst = np.asarray(targets, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    # Ties of several relations merge into one edge per direction (coo -> csr sums them).
    edges = sp.coo_matrix((w, (src, dst)), shape=(n, n)).tocsr()
    edges.sum_duplicates()
    in_degree = np.diff(edges.tocsc().indptr) if n else np.zeros(0, dtype=np.int64)
    listen = edges if directed else edges + edges.T
    listen = listen.tocsr()
    listen.data = np.clip(listen.data, 0.0, None)
    totals = np.asarray(listen.sum(axis=1)).ravel()
    scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
    matrix = sp.diags(scale) @ listen
    return sp.csr_matrix(matrix), np.asarray(in_degree, dtype=np.int64)


def top_degree_board(snapshot: PlanSnapshot, size: int, in_degree: np.ndarray | None = None
                     ) -> tuple[str, ...]:
    """The ``size`` people most colleagues go to (ties broken by id)."""
    if in_degree is None:
        in_degree = influence_matrix(snapshot)[1]
    order = sorted(range(len(snapshot.people)),
                   key=lambda i: (-int(in_degree[i]), snapshot.people[i].id))
    return tuple(snapshot.people[i].id for i in order[:max(size, 0)])


def draw_thresholds(attitudes: Sequence[int | None], runs: int, rng: np.random.Generator,
                    model: ThresholdModel = ThresholdModel()) -> np.ndarray:
    """Thresholds of every person for every run, shape ``(people, runs)``.

    Args:
        attitudes: Each person's attitude -2 .. +2, or ``None`` (counted as 0).
        runs: Number of runs.
        rng: The seeded random generator.
        model: The threshold distribution.
    """
    shift = np.array([0.0 if a is None else float(a) for a in attitudes]) * model.attitude_shift
    base = rng.uniform(model.low, model.high, size=(len(attitudes), runs))
    return np.clip(base - shift[:, None], MIN_THRESHOLD, 1.0)


# -- the simulation -------------------------------------------------------------------

def _curve(shares: np.ndarray) -> AdoptionCurve:
    """Summarise ``shares`` of shape ``(rounds + 1, runs)``."""
    mean = shares.mean(axis=1)
    low = np.percentile(shares, 10, axis=1)
    high = np.percentile(shares, 90, axis=1)
    reached = np.nonzero(mean >= CRITICAL_MASS - _EPSILON)[0]
    return AdoptionCurve(mean=tuple(round(float(v), 6) for v in mean),
                         low=tuple(round(float(v), 6) for v in low),
                         high=tuple(round(float(v), 6) for v in high),
                         critical_mass_round=int(reached[0]) if len(reached) else None)


def spread(matrix: sp.csr_matrix, start: np.ndarray, thresholds: np.ndarray, rounds: int, *,
           progress: Progress | None = None) -> np.ndarray:
    """Run the threshold model for many runs at once.

    Args:
        matrix: Row-normalised influence matrix (see :func:`influence_matrix`).
        start: Boolean ``(people, runs)``: who adopts in round 0 in each run.
        thresholds: ``(people, runs)`` thresholds.
        rounds: Number of rounds after round 0.
        progress: Reports progress per round; raises
            :class:`~changeplanner.errors.Cancelled` when the user cancels.

    Returns:
        ``(rounds + 1, runs)``: the share of all people adopted after each round.
    """
    n, runs = start.shape
    shares = np.zeros((rounds + 1, runs))
    if n == 0:
        return shares
    adopted = start.copy()
    shares[0] = adopted.mean(axis=0)
    for r in range(1, rounds + 1):
        if progress:
            progress.update((r - 1) / rounds,
                            _("Simulating adoption: round {round} of {rounds}").format(
                                round=r, rounds=rounds))
        influence = matrix @ adopted.astype(np.float64)
        now = adopted | (influence + _EPSILON >= thresholds)
        if np.array_equal(now, adopted):  # nobody new: the rest of the curve is flat
            shares[r:] = shares[r - 1]
            break
        adopted = now
        shares[r] = adopted.mean(axis=0)
    if progress:
        progress.update(1.0)
    return shares


def simulate_adoption(snapshot: PlanSnapshot, board: Sequence[str], *, runs: int = 50,
                      rounds: int = 20, seed: int = 1, directed: bool = False,
                      model: ThresholdModel = ThresholdModel(),
                      thresholds: Mapping[str, float] | None = None, board_name: str = "",
                      progress: Progress | None = None) -> AdoptionResult:
    """Simulate how the change spreads from ``board``, against two baselines.

    Deterministic for a given ``seed``. Board ids that are not people of the plan (for
    example people deleted since the board was saved) are left out.

    Args:
        snapshot: The plan's people (with attitudes) and ties.
        board: Ids of the board members; they adopt in round 0.
        runs: Monte-Carlo runs (at least 1).
        rounds: Rounds after round 0 (at least 1).
        seed: Seed of the random generator (thresholds and random boards).
        directed: Influence along the advice direction only (see the module docstring).
        model: The threshold distribution.
        thresholds: Fixed thresholds by person id, used in every run instead of drawn ones
            (people not named get drawn thresholds); for what-if analyses and tests.
        board_name: Which board this is, for display (copied into the result).
        progress: Reports progress; raises :class:`~changeplanner.errors.Cancelled` when
            the user cancels.

    Returns:
        The :class:`AdoptionResult`.

    Raises:
        ValueError: ``runs`` or ``rounds`` is below 1.
    """
    if runs < 1 or rounds < 1:
        raise ValueError("runs and rounds must be at least 1")
    if progress:
        progress.update(0.0, _("Preparing the adoption simulation"))
    people = snapshot.people
    n = len(people)
    index = {p.id: i for i, p in enumerate(people)}
    members = tuple(dict.fromkeys(pid for pid in board if pid in index))
    size = len(members)
    matrix, in_degree = influence_matrix(snapshot, directed=directed)
    top = top_degree_board(snapshot, size, in_degree)
    rng = np.random.default_rng(seed)
    theta = draw_thresholds([p.attitude for p in people], runs, rng, model)
    if thresholds:
        for pid, value in thresholds.items():
            if pid in index:
                theta[index[pid], :] = value

    start = np.zeros((n, 3 * runs), dtype=bool)
    start[[index[pid] for pid in members], :runs] = True
    for run in range(runs):
        if size:
            start[rng.choice(n, size=size, replace=False), runs + run] = True
    start[[index[pid] for pid in top], 2 * runs:] = True
    shares = spread(matrix, start, np.tile(theta, (1, 3)), rounds,
                    progress=progress.child(0.05, 1.0) if progress else None)
    return AdoptionResult(
        rounds=tuple(range(rounds + 1)),
        board=_curve(shares[:, :runs]),
        random=_curve(shares[:, runs:2 * runs]),
        top_degree=_curve(shares[:, 2 * runs:]),
        board_members=members, top_degree_members=top, people=n, board_name=board_name,
        params={"runs": runs, "rounds": rounds, "seed": seed, "directed": directed,
                "model": asdict(model), "fixed_thresholds": len(thresholds or {})})
