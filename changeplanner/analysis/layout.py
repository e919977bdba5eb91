"""Where to draw each person of the influence network: departments as visible groups.

The layout works in two levels, which keeps it fast at 10,000 people and 100,000 ties and
makes silos visible at a glance:

1. The department graph (departments as nodes, ties across departments as weighted edges) is
   laid out with a force model in which every department is a disc of radius proportional to
   the square root of its head count; a final pass pushes overlapping discs apart.
2. Each department's people are placed inside its disc: a small spring layout of the
   department's own ties for small departments, a sunflower (phyllotaxis) spiral for large
   ones, with the best-connected people in the middle.

Pure numpy over plain :mod:`changeplanner.domain` objects: the PDF brief and the desktop
Network view use the same function.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from changeplanner.domain import Person, Tie
from changeplanner.i18n import _
from changeplanner.progress import Progress

#: Departments up to this size get a spring layout of their own ties; larger ones a spiral.
SPRING_MAX = 60
#: Upper bound of sum(size**2) over spring-laid departments, which bounds the work.
SPRING_BUDGET = 120_000
#: Above this many departments their centres are placed on a spiral without forces.
FORCE_MAX_DEPARTMENTS = 300
MARGIN = 0.02
GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def layout_positions(people: Sequence[Person], ties: Sequence[Tie], *, seed: int = 7,
                     progress: Progress | None = None) -> dict[str, tuple[float, float]]:
    """Compute a department-clustered drawing position for every person.

    Args:
        people: Everyone to place; ``department`` decides the group ("" is a group too).
        ties: Influence ties; ties naming unknown people and self-ties are ignored.
        seed: The same seed and input give the same positions.
        progress: Reports progress and lets the caller cancel.

    Returns:
        Every person id mapped to ``(x, y)``, both in ``[0, 1]``, in screen orientation
        (y grows downwards). The aspect ratio is kept: the long axis is horizontal and spans
        the square, the shorter side is centred.

    Raises:
        Cancelled: ``progress`` was cancelled.
    """
    if progress is not None:
        progress.update(0.0, _("Laying out the network"))
    department_of = {p.id: p.department or "" for p in people}
    if not department_of:
        return {}
    rng = np.random.default_rng(seed)
    # Sorted orders make the result independent of the input order.
    ids = sorted(department_of)
    index = {pid: i for i, pid in enumerate(ids)}
    departments = sorted(set(department_of.values()))
    department_index = {name: k for k, name in enumerate(departments)}
    group = np.fromiter((department_index[department_of[pid]] for pid in ids), dtype=np.int64,
                        count=len(ids))
    src, dst = _tie_indices(ties, index)
    n = len(ids)
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    sizes = np.bincount(group, minlength=len(departments)).astype(float)
    radii = np.sqrt(sizes)

    centres = _department_centres(sizes, radii, group[src], group[dst], rng)
    if progress is not None:
        progress.update(0.3)

    members = _members_by_department(group, len(departments))
    positions = np.zeros((n, 2))
    small = _spring_departments(members)
    intra = group[src] == group[dst]
    local = _spring_positions([members[k] for k in small], src[intra], dst[intra], n, rng,
                              progress)
    for k, offsets in zip(small, local, strict=True):
        positions[members[k]] = centres[k] + 0.9 * radii[k] * offsets
    small_set = set(small)
    for k, people_k in enumerate(members):
        if k in small_set:
            continue
        positions[people_k] = centres[k] + _sunflower(people_k, degree, radii[k], rng)
    if progress is not None:
        progress.update(0.9)

    unit = _normalise(_landscape(positions, group, sizes))
    if progress is not None:
        progress.update(1.0)
    return {pid: (float(x), float(y)) for pid, (x, y) in zip(ids, unit, strict=True)}


def _tie_indices(ties: Sequence[Tie], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Person indices of both ends of every usable tie."""
    pairs = [(index.get(t.source), index.get(t.target)) for t in ties]
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None and a != b]
    if not pairs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    array = np.array(pairs, dtype=np.int64)
    return array[:, 0], array[:, 1]


def _members_by_department(group: np.ndarray, count: int) -> list[np.ndarray]:
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(count + 1))
    return [order[bounds[k]:bounds[k + 1]] for k in range(count)]


def _spiral(count: int, scale: float) -> np.ndarray:
    """``count`` sunflower points, evenly spread, ``scale`` apart on average."""
    k = np.arange(count, dtype=float)
    radius = scale * np.sqrt(k + 0.5)
    angle = k * GOLDEN_ANGLE
    return np.column_stack((radius * np.cos(angle), radius * np.sin(angle)))


def _department_centres(sizes: np.ndarray, radii: np.ndarray, from_group: np.ndarray,
                        to_group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Centres of the department discs: close when many ties cross, never overlapping."""
    count = len(sizes)
    centres = np.zeros((count, 2))
    if count == 1:
        return centres
    # Start on a spiral, the largest department in the middle.
    order = np.argsort(-sizes, kind="stable")
    centres[order] = _spiral(count, 2.0 * radii.mean() + 1.0)
    centres += rng.normal(scale=0.05 * radii.mean(), size=centres.shape)
    gap = 0.35 * radii.mean() + 1.0
    desired = radii[:, None] + radii[None, :] + gap
    if count <= FORCE_MAX_DEPARTMENTS:
        cross = from_group != to_group
        weights = np.zeros((count, count))
        np.add.at(weights, (from_group[cross], to_group[cross]), 1.0)
        weights = weights + weights.T
        # Tie density between two departments, so big departments do not dominate.
        weights /= np.sqrt(np.outer(sizes, sizes))
        if weights.max() > 0:
            weights /= weights.max()
        centres = _force_layout(centres, desired, weights)
    return _remove_overlaps(centres, desired, radii)


def _force_layout(centres: np.ndarray, desired: np.ndarray, weights: np.ndarray,
                  iterations: int = 120) -> np.ndarray:
    """Fruchterman-Reingold with a preferred distance per pair of discs."""
    count = len(centres)
    x, y = centres[:, 0].copy(), centres[:, 1].copy()
    eye = np.eye(count, dtype=bool)
    temperature = desired.mean()
    cooling = 0.01 ** (1.0 / iterations)
    gravity = 0.05
    desired_squared = desired ** 2
    pull = (0.2 + 3.0 * weights) / desired
    for _step in range(iterations):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        distance = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-3)
        force = desired_squared / (distance * distance) - pull * distance
        force[eye] = 0.0
        move_x = (dx * force).sum(1) / count - gravity * (x - x.mean())
        move_y = (dy * force).sum(1) / count - gravity * (y - y.mean())
        length = np.maximum(np.sqrt(move_x * move_x + move_y * move_y), 1e-9)
        factor = np.minimum(length, temperature) / length
        x, y = x + move_x * factor, y + move_y * factor
        temperature *= cooling
    return np.column_stack((x, y))


def _remove_overlaps(centres: np.ndarray, desired: np.ndarray, radii: np.ndarray,
                     rounds: int = 150) -> np.ndarray:
    """Push overlapping discs apart; the smaller disc moves more."""
    count = len(centres)
    if count > FORCE_MAX_DEPARTMENTS:
        return centres  # the starting spiral is spaced widely enough
    x, y = centres[:, 0].copy(), centres[:, 1].copy()
    eye = np.eye(count, dtype=bool)
    area = radii ** 2 + 1e-9
    share = area[None, :] / (area[:, None] + area[None, :])
    tolerance = 0.02 * radii.mean()
    for _round in range(rounds):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        distance = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-6)
        overlap = np.clip(desired - distance, 0.0, None)
        overlap[eye] = 0.0
        if overlap.max() <= tolerance:
            break
        push = overlap / distance * share * 0.55
        x, y = x + (dx * push).sum(1), y + (dy * push).sum(1)
    return np.column_stack((x, y))


def _spring_departments(members: list[np.ndarray]) -> list[int]:
    """Departments small enough for a spring layout, smallest first, within the budget."""
    candidates = sorted((len(m), k) for k, m in enumerate(members) if 1 < len(m) <= SPRING_MAX)
    chosen, spent = [], 0
    for size, k in candidates:
        if spent + size * size > SPRING_BUDGET:
            break
        chosen.append(k)
        spent += size * size
    chosen += [k for k, m in enumerate(members) if len(m) == 1]
    return sorted(chosen)


def _spring_positions(groups: list[np.ndarray], src: np.ndarray, dst: np.ndarray, n: int,
                      rng: np.random.Generator, progress: Progress | None,
                      iterations: int = 60) -> list[np.ndarray]:
    """Spring layouts of many small groups at once, each fitted into the unit disc.

    Groups are padded to a common size per size bucket, so one numpy step moves every
    group of the bucket.
    """
    results: list[np.ndarray | None] = [None] * len(groups)
    local = np.full(n, -1, dtype=np.int64)
    owner = np.full(n, -1, dtype=np.int64)
    for g, people in enumerate(groups):
        local[people] = np.arange(len(people))
        owner[people] = g
    buckets: dict[int, list[int]] = {}
    for g, people in enumerate(groups):
        size = len(people)
        bucket = next(b for b in (4, 12, 30, SPRING_MAX) if size <= b)
        buckets.setdefault(bucket, []).append(g)
    for bucket_number, (width, members) in enumerate(sorted(buckets.items())):
        if progress is not None:
            progress.update(0.3 + 0.5 * bucket_number / len(buckets))
        slot = np.full(len(groups), -1, dtype=np.int64)
        slot[members] = np.arange(len(members))
        count = len(members)
        valid = np.zeros((count, width), dtype=bool)
        for s, g in enumerate(members):
            valid[s, :len(groups[g])] = True
        adjacency = np.zeros((count, width, width))
        tie_group = owner[src]
        in_bucket = (tie_group >= 0) & (slot[np.maximum(tie_group, 0)] >= 0)
        s = slot[tie_group[in_bucket]]
        a, b = local[src[in_bucket]], local[dst[in_bucket]]
        adjacency[s, a, b] = 1.0
        adjacency[s, b, a] = 1.0
        points = _spring_bucket(valid, adjacency, rng, iterations)
        for s, g in enumerate(members):
            results[g] = points[s, :len(groups[g])]
    return [r if r is not None else np.zeros((len(g), 2)) for r, g in zip(results, groups,
                                                                           strict=True)]


def _spring_bucket(valid: np.ndarray, adjacency: np.ndarray, rng: np.random.Generator,
                   iterations: int) -> np.ndarray:
    count, width = valid.shape
    sizes = valid.sum(1).astype(float)
    pair = valid[:, :, None] & valid[:, None, :] & ~np.eye(width, dtype=bool)[None]
    # Start on a jittered spiral (a plain spiral would be a saddle point of the forces).
    start = _spiral(width, 1.0 / math.sqrt(max(width, 1)))
    x = start[:, 0] + rng.normal(scale=0.05, size=(count, width))
    y = start[:, 1] + rng.normal(scale=0.05, size=(count, width))
    k = np.sqrt(math.pi / np.maximum(sizes, 1.0))[:, None, None]
    k_squared, pull = k * k, adjacency / k
    temperature = 0.2
    cooling = 0.02 ** (1.0 / iterations)
    for _step in range(iterations):
        dx, dy = x[:, :, None] - x[:, None, :], y[:, :, None] - y[:, None, :]
        distance = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-3)
        force = np.where(pair, k_squared / (distance * distance) - pull * distance, 0.0)
        # Gravity keeps loosely tied people near their group.
        move_x, move_y = (dx * force).sum(2) - 0.3 * x, (dy * force).sum(2) - 0.3 * y
        length = np.maximum(np.sqrt(move_x * move_x + move_y * move_y), 1e-9)
        factor = np.minimum(length, temperature) / length
        x, y = x + move_x * factor, y + move_y * factor
        temperature *= cooling
    # Fit each group into the unit disc around its own centre.
    x = x - np.where(valid, x, 0.0).sum(1, keepdims=True) / np.maximum(sizes, 1.0)[:, None]
    y = y - np.where(valid, y, 0.0).sum(1, keepdims=True) / np.maximum(sizes, 1.0)[:, None]
    reach = np.where(valid, np.sqrt(x * x + y * y), 0.0).max(1, keepdims=True)
    reach = np.maximum(reach, 1e-9)
    points = np.stack((x / reach, y / reach), axis=-1)
    return np.where(valid[..., None], points, 0.0)


def _sunflower(people: np.ndarray, degree: np.ndarray, radius: float,
               rng: np.random.Generator) -> np.ndarray:
    """Offsets of a large department's people on a spiral; hubs in the middle."""
    count = len(people)
    if count == 1:
        return np.zeros((1, 2))
    rank = np.argsort(-degree[people], kind="stable")
    spiral = _spiral(count, 1.0) * (radius / math.sqrt(count + 0.5))
    turn = rng.uniform(0.0, 2.0 * math.pi)
    rotation = np.array([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
    offsets = np.zeros((count, 2))
    offsets[rank] = spiral @ rotation.T
    return offsets


def _landscape(positions: np.ndarray, group: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Turn the layout so its long axis is horizontal (pages and screens are wider than
    tall), with the largest department on the left."""
    centred = positions - positions.mean(0)
    if len(centred) < 2:
        return centred
    _values, vectors = np.linalg.eigh(centred.T @ centred)
    major = vectors[:, -1]
    turned = centred @ np.array([[major[0], -major[1]], [major[1], major[0]]])
    largest = int(np.argmax(sizes))
    if turned[group == largest, 0].mean() > 0:
        turned[:, 0] = -turned[:, 0]
    return turned


def _normalise(positions: np.ndarray) -> np.ndarray:
    """Scale into ``[MARGIN, 1 - MARGIN]`` keeping the aspect ratio, centred."""
    low, high = positions.min(0), positions.max(0)
    span = float((high - low).max())
    if span <= 0.0:
        return np.full_like(positions, 0.5)
    scale = (1.0 - 2.0 * MARGIN) / span
    unit = (positions - low) * scale
    unit += (1.0 - (high - low) * scale) / 2.0
    return np.clip(unit, 0.0, 1.0)
