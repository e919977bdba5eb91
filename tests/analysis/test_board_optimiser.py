"""Evidence for the board optimiser (issue 4): lazy greedy plus swap local search against
exhaustive search under the same constraints, on random organisations and on the real
networks of ../shared/data (attitudes there are SYNTHETIC, seeded), and every constraint
option honoured. Figures are printed (run with ``-s``)."""

import itertools
import random

import pytest

from changeplanner.analysis.archetypes import eligible_roles
from changeplanner.analysis.board import daily_business_limit, propose_board
from changeplanner.analysis.graph import build_graph
from changeplanner.analysis.metrics import analyze, analyze_graph
from changeplanner.domain import ROLES, Person, PlanSnapshot, Tie
from changeplanner.errors import UserError
from tests.analysis.realdata import load_krackhardt, load_lazega

SEED = 1


def masks_of(snapshot):
    graph = build_graph(snapshot.people, snapshot.ties)
    index = {node: i for i, node in enumerate(graph.nodes)}
    masks = {}
    for node in graph.nodes:
        bits = 1 << index[node]
        for other in list(graph.pred[node]) + list(graph.succ[node]):
            bits |= 1 << index[other]
        masks[node] = bits
    return graph, masks


def reach(masks, ids, n):
    bits = 0
    for i in ids:
        bits |= masks[i]
    return bin(bits).count("1") / n


def roles_can_be_held(board, eligible, minimum, maximum=None):
    """Can every member of ``board`` get a role they are eligible for with
    ``minimum[r] <= count[r] (<= maximum[r])``? Written independently of the optimiser."""
    for assignment in itertools.product(*(eligible[m] for m in board)):
        counts = {r: assignment.count(r) for r in ROLES}
        if all(counts[r] >= minimum.get(r, 0) for r in ROLES) and (
                maximum is None or all(counts[r] <= maximum[r] for r in ROLES)):
            return True
    return False


def exhaustive(snapshot, size, minimum, *, maximum=None, max_per_department=None,
               include=(), exclude=(), min_availability=20):
    """The best reach over every board of ``size`` under the given constraints."""
    graph, masks = masks_of(snapshot)
    analyses = analyze(snapshot)
    n = len(snapshot.people)
    person = snapshot.people_by_id()
    eligible = {a.id: eligible_roles(a.scores) for a in analyses}
    candidates = [p.id for p in snapshot.people if eligible[p.id]
                  and p.availability >= min_availability and p.id not in exclude
                  and p.id not in include]
    limit = daily_business_limit(size)
    best, best_board = 0.0, None
    for rest in itertools.combinations(candidates, size - len(include)):
        board = tuple(include) + rest
        value = reach(masks, board, n)
        if value <= best:
            continue
        if sum(person[i].daily_business for i in board) > limit:
            continue
        if max_per_department is not None and max(
                sum(person[i].department == d for i in board)
                for d in {person[i].department for i in board}) > max_per_department:
            continue
        if roles_can_be_held(board, eligible, minimum, maximum):
            best, best_board = value, board
    return best, best_board


def small_org(seed, n=26, ties=45, departments=3):
    """A random organisation with about 14-18 candidates."""
    rng = random.Random(seed)
    people = [Person(id=f"p{i:02d}", name=f"P{i}", department=f"D{i % departments}",
                     team_lead=i % 6 == 0,
                     attitude=rng.choice([-2, -1, 0, 0, 0, 1, 2, None]),
                     daily_business=i % 5 == 0,
                     availability=rng.choice([10, 50, 100, 100])) for i in range(n)]
    edges = [Tie(rng.choice(people).id, rng.choice(people).id) for _ in range(ties)]
    return PlanSnapshot(name="s", transforming_department="D1", people=tuple(people),
                        ties=tuple(edges))


def n_candidates(org):
    person = org.people_by_id()
    return sum(1 for a in analyze(org)
               if eligible_roles(a.scores) and person[a.id].availability >= 20)


def balanced_bounds(board, size):
    """The balanced default's constraints for a 4-seat board: the roles it holds, one each
    (cap = ceil(4 / fillable roles))."""
    held = {m.role for m in board.members}
    return {r: 1 for r in held}


@pytest.mark.parametrize("seed", range(8))
def test_small_organisations_reach_the_exhaustive_optimum(seed):
    org = small_org(seed)
    assert 10 <= n_candidates(org) <= 22
    board = propose_board(org, size=4)
    fillable = sum(1 for r in ROLES if r not in dict(board.unfilled))
    cap = -(-4 // max(1, fillable))
    minimum = {r: 1 for r in {m.role for m in board.members}}
    optimum, best = exhaustive(org, 4, minimum, maximum=dict.fromkeys(ROLES, cap))
    greedy = propose_board(org, size=4, local_search=False)
    print(f"\nseed {seed}: greedy {greedy.reach:.4f}, with swaps {board.reach:.4f}, "
          f"optimum {optimum:.4f} {best}")
    assert board.reach <= optimum + 1e-6
    assert board.reach >= optimum * 0.98
    assert board.reach >= greedy.reach


@pytest.mark.parametrize("seed", range(4))
def test_small_organisations_with_quotas_and_department_limit(seed):
    org = small_org(seed + 20, n=24, departments=4)
    quotas = {"skeptic": 1, "networker": 1, "enthusiast": 2, "lead": 0}
    board = propose_board(org, size=4, quotas=quotas, max_per_department=1)
    person = org.people_by_id()
    departments = [person[m.id].department for m in board.members]
    assert len(departments) == len(set(departments))
    minimum = {r: min(q, sum(m.role == r for m in board.members)) for r, q in quotas.items()}
    optimum, best = exhaustive(org, len(board.members), minimum, max_per_department=1)
    print(f"\nseed {seed}: quotas+dept board {board.reach:.4f}, optimum {optimum:.4f} {best}")
    assert board.reach <= optimum + 1e-6
    assert board.reach >= optimum * 0.98


CASES = {"krackhardt": (load_krackhardt, "Dept 2"), "lazega": (load_lazega, "Boston")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_real_networks_within_two_percent_of_the_optimum(case, shared_data):
    loader, transforming = CASES[case]
    snapshot = loader(shared_data, attitudes_seed=SEED, transforming_department=transforming)
    board = propose_board(snapshot, size=4)
    greedy = propose_board(snapshot, size=4, local_search=False)
    assert sorted(m.role for m in board.members) == sorted(ROLES)
    assert board.unfilled == ()
    optimum, best = exhaustive(snapshot, 4, dict.fromkeys(ROLES, 1))
    graph, analyses = analyze_graph(snapshot)
    _g, masks = masks_of(snapshot)
    n = len(snapshot.people)
    top = [a.id for a in sorted(analyses, key=lambda a: (-a.in_degree, a.id))[:4]]
    rng = random.Random(0)
    ids = [p.id for p in snapshot.people]
    random_mean = sum(reach(masks, rng.sample(ids, 4), n) for _ in range(100)) / 100
    gap = (optimum - board.reach) / optimum
    print(f"\n{case}: greedy {greedy.reach:.4f}, greedy + swaps {board.reach:.4f} "
          f"({board.params['swaps']} swaps), exhaustive optimum {optimum:.4f} {best}, "
          f"gap {gap * 100:.2f} %; 2-step reach {board.reach_2step:.4f}; top in-degree "
          f"{reach(masks, top, n):.4f}; mean of 100 random {random_mean:.4f}")
    assert board.reach <= optimum + 1e-6
    assert gap <= 0.02
    assert board.reach >= greedy.reach
    assert board.reach >= reach(masks, top, n) and board.reach > random_mean
    assert 1.0 >= board.reach_2step >= board.reach
    assert sum(m.marginal_reach for m in board.members) == pytest.approx(board.reach,
                                                                        abs=1e-5)
    lead = next(m for m in board.members if m.role == "lead")
    assert lead.department != transforming


def test_lazega_constraints_are_honoured(shared_data):
    snapshot = load_lazega(shared_data, attitudes_seed=SEED, transforming_department="Boston")
    person = snapshot.people_by_id()
    board = propose_board(snapshot, size=8, max_per_department=3)
    departments = [m.department for m in board.members]
    assert len(board.members) == 8
    assert max(departments.count(d) for d in set(departments)) <= 3
    assert board.params["max_per_department"] == 3
    # Quotas: two skeptics and two networkers at least.
    board = propose_board(snapshot, size=8, quotas={"skeptic": 2, "networker": 2})
    counts = {r: sum(m.role == r for m in board.members) for r in ROLES}
    assert counts["skeptic"] >= 2 and counts["networker"] >= 2
    assert counts["enthusiast"] >= 1 and counts["lead"] >= 1
    assert board.params["quotas"] == {"skeptic": 2, "networker": 2, "enthusiast": 1,
                                      "lead": 1}
    # Include and exclude.
    plain = propose_board(snapshot, size=4)
    dropped = plain.members[0].id
    outsider = next(p.id for p in snapshot.people
                    if p.id not in {m.id for m in plain.members})
    board = propose_board(snapshot, size=4, include=[outsider], exclude=[dropped])
    ids = [m.id for m in board.members]
    assert ids[0] == outsider and dropped not in ids
    assert board.members[0].reasons.startswith("On the board at your request")
    assert board.params["include"] == [outsider] and board.params["exclude"] == [dropped]
    # The transforming department override: no lead from Hartford now.
    board = propose_board(snapshot, size=4, transforming_department="Hartford")
    lead = [m for m in board.members if m.role == "lead"]
    assert lead and all(m.department != "Hartford" for m in lead)
    assert board.params["transforming_department"] == "Hartford"
    assert all(person[m.id].availability >= 20 for m in board.members)


def test_the_swap_search_closes_the_greedy_gap_on_lazega(shared_data):
    snapshot = load_lazega(shared_data, attitudes_seed=SEED, transforming_department="Boston")
    greedy = propose_board(snapshot, size=4, local_search=False)
    board = propose_board(snapshot, size=4)
    assert board.params["swaps"] >= 1
    assert board.reach > greedy.reach


def hubs():
    """Hubs H1..H4 (enthusiasts, Ops) with 6, 5, 4, 3 followers; S a skeptic in Sales with
    2 followers; H1 and H2 are in Ops, H3 and H4 in IT, followers in their hub's department
    (no ties across departments, so no networkers); H4 keeps daily business running."""
    people, ties = [], []
    for h, count in zip(range(1, 5), (6, 5, 4, 3), strict=True):
        people.append(Person(id=f"H{h}", name=f"Hub {h}", department="Ops" if h < 3 else "IT",
                             attitude=2, daily_business=h == 4))
        for k in range(count):
            people.append(Person(id=f"H{h}f{k}", name="f", department="Ops" if h < 3 else "IT",
                                 attitude=0))
            ties.append(Tie(f"H{h}f{k}", f"H{h}"))
    people.append(Person(id="S", name="Skeptic", department="Sales", attitude=-1))
    for k in range(2):
        people.append(Person(id=f"Sf{k}", name="f", department="Sales", attitude=0))
        ties.append(Tie(f"Sf{k}", "S"))
    return PlanSnapshot(name="h", transforming_department=None, people=tuple(people),
                        ties=tuple(ties))


def test_alternatives_name_the_next_three_and_the_cost():
    org = hubs()
    n = len(org.people)
    board = propose_board(org, size=2)
    assert [(m.id, m.role) for m in board.members] == [("H1", "enthusiast"), ("S", "skeptic")]
    alternatives = board.members[0].alternatives
    # H2 reaches 6 instead of 7, H3 5, H4 4; the skeptic seat has no one else.
    assert [a.id for a in alternatives] == ["H2", "H3", "H4"]
    assert [a.reach_change for a in alternatives] == pytest.approx([-1 / n, -2 / n, -3 / n])
    assert board.members[1].alternatives == ()
    data = board.to_json()
    assert data["members"][0]["alternatives"][0] == {
        "id": "H2", "name": "Hub 2", "department": "Ops",
        "reach_change": round(-1 / n, 6)}
    assert data["reach_2step"] == board.reach_2step


def test_alternatives_keep_the_constraints():
    board = propose_board(hubs(), size=3, max_per_department=1)
    ids = [m.id for m in board.members]
    assert ids == ["H1", "H3", "S"]   # H2 is in Ops like H1
    h1 = board.members[0]
    # Swapping H1 may bring in H2 (Ops stays at one); H4 (IT) would put two in IT.
    assert [a.id for a in h1.alternatives] == ["H2"]
    assert [a.id for a in board.members[1].alternatives] == ["H4"]
    assert board.members[2].alternatives == ()


def test_two_step_reach():
    # A chain a - b - c - d - e; a board of {a} reaches a, b directly and c in two steps.
    people = tuple(Person(id=x, name=x, department="D", attitude=2) for x in "abcde")
    ties = tuple(Tie(s, t) for s, t in ("ab", "bc", "cd", "de"))
    org = PlanSnapshot(name="c", transforming_department=None, people=people, ties=ties)
    board = propose_board(org, size=1, include=["a"])
    assert board.reach == pytest.approx(2 / 5) and board.reach_2step == pytest.approx(3 / 5)
    board = propose_board(org, size=1)
    assert board.members[0].id in "bcd" and board.reach == pytest.approx(3 / 5)
    assert board.reach_2step == pytest.approx(1.0 if board.members[0].id == "c" else 4 / 5)


def test_include_someone_who_fits_no_seat():
    org = hubs()
    board = propose_board(org, size=2, include=["H1f0"])
    assert board.members[0].id == "H1f0"
    assert board.members[0].reasons.startswith("On the board at your request; they fit no "
                                               "seat well")
    # Their seat does not fill a quota: the other seat still goes to a required role.
    assert (board.members[1].id, board.members[1].role) == ("H2", "enthusiast")
    assert set(dict(board.unfilled)) == {"skeptic", "networker", "lead"}


def test_quotas_beyond_the_data_are_explained():
    board = propose_board(hubs(), size=4, quotas={"skeptic": 2, "networker": 0,
                                                  "enthusiast": 1, "lead": 0})
    assert sum(m.role == "skeptic" for m in board.members) == 1
    assert dict(board.unfilled) == {"skeptic": "Only 1 of the 2 seats asked for could be "
                                               "filled: there are not enough people who fit "
                                               "it within the board's limits"}
    assert len(board.members) == 4


def test_daily_business_option():
    board = propose_board(hubs(), size=5, max_daily_business=0)
    assert "H4" not in [m.id for m in board.members]
    assert board.params["daily_business_limit"] == 0
    board = propose_board(hubs(), size=5)
    assert "H4" in [m.id for m in board.members]


def test_min_availability_option():
    org = hubs()
    people = tuple(Person(id=p.id, name=p.name, department=p.department, attitude=p.attitude,
                          availability=40 if p.id == "H1" else 100) for p in org.people)
    org = PlanSnapshot(name="h", transforming_department=None, people=people, ties=org.ties)
    assert propose_board(org, size=2).members[0].id == "H1"
    board = propose_board(org, size=2, min_availability=50)
    assert "H1" not in [m.id for m in board.members]
    assert board.params["min_availability"] == 50


@pytest.mark.parametrize("options, message", [
    ({"include": ["nobody", "H1"], "exclude": ["ghost"]}, "Unknown person ids: nobody, ghost"),
    ({"include": ["H1"], "exclude": ["H1"]}, "Cannot both include and exclude: H1"),
    ({"quotas": {"skeptic": 3}}, "The quotas ask for 6 seats, but the board has only 4 seats"),
    ({"quotas": {"boss": 1}}, "Unknown seat boss"),
    ({"include": ["H1", "H2"], "max_per_department": 1}, "More people to include from Ops"),
    ({"include": ["H4", "H3f0"], "max_daily_business": 0}, "keep daily business running"),
    ({"transforming_department": "Nowhere"}, "The plan has no department Nowhere"),
    ({"max_per_department": 0}, "at least 1"),
])
def test_contradicting_options_raise_user_errors(options, message):
    with pytest.raises(UserError) as info:
        propose_board(hubs(), size=4, **options)
    assert message in str(info.value)


def test_exclude_every_skeptic_is_explained():
    board = propose_board(hubs(), size=4, exclude=["S"])
    assert dict(board.unfilled)["skeptic"] == (
        "Everyone who fits this seat is excluded from the board or already sits in another "
        "seat")


@pytest.mark.parametrize("seed", range(3))
def test_constraints_on_random_organisations(seed):
    rng = random.Random(seed)
    people = [Person(id=f"p{i:03d}", name=f"P{i}", department=f"D{i % 5}",
                     team_lead=i % 8 == 0, attitude=rng.choice([-2, -1, 0, 1, 2, None]),
                     daily_business=i % 4 == 0) for i in range(150)]
    edges = [Tie(rng.choice(people).id, rng.choice(people).id) for _ in range(600)]
    org = PlanSnapshot(name="r", transforming_department="D1", people=tuple(people),
                       ties=tuple(edges))
    person = org.people_by_id()
    include, exclude = ["p007", "p013"], ["p000", "p001", "p002"]
    quotas = {"skeptic": 2, "networker": 2, "enthusiast": 2, "lead": 1}
    board = propose_board(org, size=9, quotas=quotas, max_per_department=2, include=include,
                          exclude=exclude)
    ids = [m.id for m in board.members]
    assert len(ids) == len(set(ids)) == 9
    assert ids[:2] == include and not set(ids) & set(exclude)
    assert max(sum(person[i].department == d for i in ids) for d in set(
        person[i].department for i in ids)) <= 2
    assert sum(person[i].daily_business for i in ids) <= daily_business_limit(9)
    analyses = {a.id: a for a in analyze(org)}
    seated = [m for m in board.members if eligible_roles(analyses[m.id].scores)]
    assert all(m.id in include for m in board.members if m not in seated)
    counts = {r: sum(m.role == r for m in seated) for r in ROLES}
    assert all(counts[r] >= q for r, q in quotas.items()), counts
    for m in seated:
        assert m.role in eligible_roles(analyses[m.id].scores)
        if m.role == "lead":
            assert m.department != "D1"
        for alt in m.alternatives:
            assert alt.id not in ids and m.role in eligible_roles(analyses[alt.id].scores)
            assert alt.id not in exclude
        changes = [a.reach_change for a in m.alternatives]
        assert changes == sorted(changes, reverse=True)
    again = propose_board(org, size=9, quotas=quotas, max_per_department=2, include=include,
                          exclude=exclude)
    assert again == board   # deterministic


def test_determinism_whatever_the_order(shared_data):
    snapshot = load_lazega(shared_data, attitudes_seed=SEED, transforming_department="Boston")
    board = propose_board(snapshot, size=6)
    rng = random.Random(5)
    people, ties = list(snapshot.people), list(snapshot.ties)
    rng.shuffle(people)
    rng.shuffle(ties)
    shuffled = PlanSnapshot(name=snapshot.name, transforming_department="Boston",
                            people=tuple(people), ties=tuple(ties))
    again = propose_board(shuffled, size=6)
    assert [(m.id, m.role, m.alternatives) for m in again.members] == [
        (m.id, m.role, m.alternatives) for m in board.members]
    assert again.reach == board.reach and again.reach_2step == board.reach_2step
