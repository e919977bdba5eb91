"""The demo organisation generator: deterministic, realistic, and fast at 10,000 people."""

import statistics
import time
from collections import Counter, defaultdict

import pytest

from changeplanner import demo, domain

SMALL_DEPARTMENTS = {"Kundenservice 1st Level", "Kundenservice 2nd Level",
                     "Key Account Management", "Vertrieb", "Produktmanagement", "IT", "HR"}


@pytest.fixture(scope="module")
def org():
    return demo.generate(people=120, seed=1)


@pytest.fixture(scope="module")
def big():
    return demo.generate(people=2500, seed=3)


def test_same_seed_same_organisation():
    assert demo.generate(120, seed=7) == demo.generate(120, seed=7)


def test_other_seed_other_organisation():
    a, b = demo.generate(120, seed=1), demo.generate(120, seed=2)
    assert [p.name for p in a.people] != [p.name for p in b.people]
    assert set(a.ties) != set(b.ties)


def test_does_not_touch_the_global_random_generator():
    import random

    random.seed(99)
    expected = random.random()
    random.seed(99)
    demo.generate(60, seed=5)
    assert random.random() == expected


@pytest.mark.parametrize("n", [20, 57, 120, 333, 1999, 2000])
def test_exact_headcount_and_unique_ids(n):
    data = demo.generate(n)
    assert len(data.people) == n
    assert len({p.id for p in data.people}) == n


def test_headcount_out_of_range():
    with pytest.raises(ValueError):
        demo.generate(demo.MIN_PEOPLE - 1)
    with pytest.raises(ValueError):
        demo.generate(demo.MAX_PEOPLE + 1)


def test_departments_and_their_sizes(org):
    sizes = Counter(p.department for p in org.people)
    assert set(sizes) == SMALL_DEPARTMENTS | {demo.TOP_DEPARTMENT}
    assert sizes.most_common(1)[0][0] == "Kundenservice 1st Level"
    assert 35 <= sizes["Kundenservice 1st Level"] <= 50
    assert sizes[demo.TOP_DEPARTMENT] == 1
    assert org.transforming_department == "Kundenservice 1st Level"


def test_department_sizes_scale_proportionally():
    small, large = demo.generate(150), demo.generate(600)
    for name in SMALL_DEPARTMENTS:
        a = sum(p.department == name for p in small.people)
        b = sum(p.department == name for p in large.people)
        assert 3.2 <= b / a <= 4.8, name


def test_large_organisations_get_regional_centres(big):
    sizes = Counter(p.department for p in big.people)
    assert len(sizes) >= 12
    assert {"Servicecenter Nord", "Servicecenter Süd"} <= set(sizes)
    assert sizes.most_common(1)[0][0] == "Kundenservice 1st Level"
    assert SMALL_DEPARTMENTS <= set(sizes)


def test_reporting_lines_form_one_tree(big):
    people = {p.id: p for p in big.people}
    roots = [p for p in big.people if p.manager_id is None]
    assert len(roots) == 1 and roots[0].department == demo.TOP_DEPARTMENT
    assert roots[0].title.startswith("Bereichsleiter")
    for person in big.people:
        seen, current = set(), person
        while current.manager_id is not None:
            assert current.id not in seen  # no cycle
            seen.add(current.id)
            current = people[current.manager_id]
            assert current.team_lead  # every manager leads
        assert current is roots[0]
        assert len(seen) <= 5  # agent -> team lead -> (group lead) -> head -> Bereichsleitung


def test_teams_of_about_eight_to_twelve(big):
    reports = Counter(p.manager_id for p in big.people if p.manager_id)
    leads = [p for p in big.people if p.title.startswith("Teamleiter")]
    assert len(leads) > 150
    team_sizes = [reports[p.id] + 1 for p in leads]  # members plus the lead
    assert min(team_sizes) >= 7 and max(team_sizes) <= 13
    assert 9 <= statistics.mean(team_sizes) <= 12


def test_heads_report_to_the_bereichsleitung(org):
    top = next(p for p in org.people if p.manager_id is None)
    heads = [p for p in org.people if p.manager_id == top.id]
    assert {p.department for p in heads} == SMALL_DEPARTMENTS
    assert all(p.title.startswith("Abteilungsleiter") for p in heads)


def test_names_are_international_with_diacritics(big):
    names = [p.name for p in big.people]
    assert {"Ayşe Yılmaz", "Nguyễn Thị Minh", "Łukasz Żółć"} <= set(names)
    non_ascii = [n for n in names if not n.isascii()]
    assert 0.15 < len(non_ascii) / len(names) < 0.6
    families = {n.split()[-1] for n in names}
    assert {"Müller", "Kaya"} & families and len(families) > 200


def test_fixed_names_in_the_small_organisation(org):
    by_name = {p.name: p for p in org.people}
    assert by_name["Ayşe Yılmaz"].department == "Kundenservice 1st Level"
    assert by_name["Ayşe Yılmaz"].title == "Teamleiterin Kundenservice"
    assert by_name["Nguyễn Thị Minh"].department == "Kundenservice 2nd Level"
    assert by_name["Łukasz Żółć"].department == "IT"


def test_attitudes_spread_with_some_unknown(big):
    attitudes = Counter(p.attitude for p in big.people)
    n = len(big.people)
    assert 0.10 <= attitudes[None] / n <= 0.20
    assert set(attitudes) == {-2, -1, 0, 1, 2, None}
    skeptics = (attitudes[-2] + attitudes[-1]) / n
    enthusiasts = (attitudes[1] + attitudes[2]) / n
    assert 0.15 <= skeptics <= 0.40 and 0.25 <= enthusiasts <= 0.50
    assert attitudes[0] / n >= 0.2


def test_it_is_keener_than_first_level(big):
    def mean_attitude(department):
        known = [p.attitude for p in big.people
                 if p.department == department and p.attitude is not None]
        return statistics.mean(known)

    assert mean_attitude("IT") > mean_attitude("Kundenservice 1st Level") + 0.3


def test_daily_business_is_experienced_service_staff(big):
    daily = [p for p in big.people if p.daily_business]
    assert 0.17 <= len(daily) / len(big.people) <= 0.23
    service = sum(p.department.startswith(("Kundenservice", "Servicecenter", "Schaden"))
                  for p in daily)
    assert service / len(daily) > 0.9
    assert not any(p.team_lead for p in daily)


def test_availability_and_titles(org):
    assert all(50 <= p.availability <= 100 for p in org.people)
    assert 0.2 < sum(p.availability < 100 for p in org.people) / len(org.people) < 0.5
    assert all(p.title for p in org.people)
    titles = {p.title for p in org.people}
    assert "Service Agent" in titles
    assert any(t.startswith("Key Account Manager") for t in titles)


def test_skills_catalogue(org):
    assert 24 <= len(org.skills) <= 28
    categories = Counter(s.category for s in org.skills)
    assert set(categories) == {"Agile methods", "Customer service", "Tools", "Collaboration"}
    assert min(categories.values()) >= 5
    assert all(s.description for s in org.skills)
    assert [s.id for s in org.skills] == list(range(1, len(org.skills) + 1))
    names = {s.name for s in org.skills}
    assert {"Scrum", "Kanban", "Beschwerdemanagement", "CRM Salesforce", "Moderation"} <= names


def test_ratings_are_plausible(big):
    skill_ids = {s.name: s.id for s in big.skills}
    people = {p.id: p for p in big.people}
    assert {r.skill_id for r in big.ratings} <= set(skill_ids.values())
    assert all(domain.LEVEL_MIN <= r.level <= domain.LEVEL_MAX for r in big.ratings)
    assert all(r.target is None or r.level < r.target <= 4 for r in big.ratings)
    assert len({(r.person_id, r.skill_id) for r in big.ratings}) == len(big.ratings)

    levels = defaultdict(list)
    for r in big.ratings:
        levels[(people[r.person_id].department, r.skill_id)].append(r.level)

    def mean(department, skill):
        # Unrated counts as level 0: nobody rates a skill a department does not use.
        return statistics.mean(levels[(department, skill_ids[skill])] or [0])

    agents = "Kundenservice 1st Level"
    assert mean(agents, "Deeskalation") > mean("IT", "Deeskalation") + 0.8
    assert mean(agents, "Telefonische Beratung") >= 2.5
    assert mean("IT", "Jira") > mean(agents, "Jira") + 1
    assert mean("IT", "Scrum") > mean(agents, "Scrum") + 1
    scrum = [r.level for r in big.ratings if r.skill_id == skill_ids["Scrum"]]
    assert 0 < scrum.count(4) / len(scrum) < 0.05  # few agile experts
    assert sum(r.target is not None for r in big.ratings) > 0.01 * len(big.ratings)
    assert 0.02 < sum(r.wants_to_learn for r in big.ratings) / len(big.ratings) < 0.2


def test_every_person_has_ratings(org):
    rated = Counter(r.person_id for r in org.ratings)
    assert set(rated) == {p.id for p in org.people}
    assert min(rated.values()) >= 5


def test_ties_are_valid(big):
    ids = {p.id for p in big.people}
    assert all(t.source in ids and t.target in ids and t.source != t.target for t in big.ties)
    assert len({(t.source, t.target, t.relation) for t in big.ties}) == len(big.ties)
    assert {t.relation for t in big.ties} == set(domain.RELATIONS)
    assert all(1.0 <= t.weight <= 3.0 for t in big.ties)


def test_reports_to_ties_follow_the_reporting_lines(org):
    reports = {(t.source, t.target) for t in org.ties if t.relation == "reports_to"}
    assert reports == {(p.id, p.manager_id) for p in org.people if p.manager_id}


@pytest.mark.parametrize("n", [120, 2500])
def test_about_nine_ties_per_person(n):
    data = demo.generate(n, seed=1)
    assert 8.0 <= len(data.ties) / n <= 10.5


def test_departments_are_dense_and_bridged_by_few(big):
    department = {p.id: p.department for p in big.people}
    sizes = Counter(department.values())
    within = sum(department[t.source] == department[t.target] for t in big.ties)
    across = len(big.ties) - within
    n = len(big.people)
    pairs_within = sum(s * (s - 1) for s in sizes.values())
    pairs_across = n * (n - 1) - pairs_within
    assert within / pairs_within > 10 * across / pairs_across
    assert 0.80 <= within / len(big.ties) <= 0.97  # silos, but bridged
    # Every department is tied to at least two others.
    reached = defaultdict(set)
    for t in big.ties:
        if department[t.source] != department[t.target]:
            reached[department[t.source]].add(department[t.target])
    assert all(len(reached[d]) >= 2 for d in sizes)


def test_some_hubs(big):
    indegree = Counter(t.target for t in big.ties if t.relation != "reports_to")
    values = sorted(indegree.values())
    median = values[len(values) // 2]
    assert values[-1] >= 5 * median
    top = [pid for pid, _count in indegree.most_common(20)]
    people = {p.id: p for p in big.people}
    assert sum(people[pid].team_lead for pid in top) >= 5


def test_a_few_natural_networkers(org):
    department = {p.id: p.department for p in org.people}
    cross = Counter(t.source for t in org.ties if department[t.source] != department[t.target])
    assert max(cross.values()) >= 3
    assert sum(1 for c in cross.values() if c >= 3) < len(org.people) * 0.3


def test_lighthouse_pilots(org):
    assert [p.name for p in org.pilots] == ["Agiles Team Schadenmeldung", "Kanban im 2nd Level",
                                            "Kundenteam Key Account Nord"]
    departments = {p.department for p in org.people}
    assert all(p.department in departments for p in org.pilots)
    assert all(p.status in domain.PILOT_STATUSES for p in org.pilots)
    assert "running" in {p.status for p in org.pilots}


@pytest.mark.slow
def test_ten_thousand_people_quickly():
    start = time.perf_counter()
    data = demo.generate(10_000, seed=1)
    elapsed = time.perf_counter() - start
    assert len(data.people) == 10_000
    assert 85_000 <= len(data.ties) <= 105_000
    assert elapsed < 10, f"generating 10,000 people took {elapsed:.1f} s"


# -- pilots, goals and ideas ---------------------------------------------------------------

def test_three_pilots_in_three_stacey_zones(org):
    from changeplanner.analysis.pilots import stacey_zone

    assert [d.pilot for d in org.pilot_details] == list(org.pilots)
    zones = [stacey_zone(p.agreement, p.certainty) for p in org.pilots]
    assert sorted(zones) == ["complex", "complicated", "simple"]
    shares = [p.customer_a_share for p in org.pilots]
    assert max(shares) >= 0.7 and min(shares) < 0.5  # one mostly A, one mostly B
    assert {p.status for p in org.pilots} == {"running", "succeeded", "planned"}
    for pilot in org.pilots:
        assert pilot.team and pilot.purpose and pilot.start < pilot.end
        assert pilot.goal_ids and set(pilot.goal_ids) <= {g.id for g in org.goals}


@pytest.mark.parametrize("n", [20, 120, 2500])
def test_pilot_teams_and_sponsors(n):
    data = demo.generate(n, seed=2)
    people = {p.id: p for p in data.people}
    members = [m for d in data.pilot_details for m in d.members]
    assert len({m.person_id for m in members}) == len(members)  # nobody on two teams
    for detail in data.pilot_details:
        team = [people[m.person_id] for m in detail.members]
        assert team and all(m.pilot_id == detail.pilot.id for m in detail.members)
        assert team[0].team_lead and team[0].department == detail.pilot.department
        assert not any(p.daily_business for p in team)  # the daily business stays covered
        sponsor = people[detail.pilot.sponsor_id]
        assert sponsor.team_lead and sponsor.department != demo.TRANSFORMING_DEPARTMENT
        assert sponsor.id not in {m.person_id for m in members}
        assert {s.skill_id for s in detail.skills} <= {s.id for s in data.skills}
    assert len({p.sponsor_id for p in data.pilots}) == len(data.pilots)


def test_kpis_measurements_and_logs(org):
    kpis = [k for d in org.pilot_details for k in d.kpis]
    assert len({k.id for k in kpis}) == len(kpis)
    assert any(k.target < k.baseline for k in kpis)  # lower is better (handling time)
    assert any(k.target > k.baseline for k in kpis)
    for detail in org.pilot_details:
        own = {k.id for k in detail.kpis}
        assert len(own) >= 2
        assert all(m.kpi_id in own for m in detail.measurements)
        for kpi in detail.kpis:
            dates = [m.date for m in detail.measurements if m.kpi_id == kpi.id]
            assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert detail.milestones and detail.proven_processes
        assert all(x.pilot_id == detail.pilot.id for x in (
            *detail.kpis, *detail.milestones, *detail.wins, *detail.deviations,
            *detail.proven_processes))
    running = org.pilot_details[0]
    assert running.pilot.status == "running"
    assert len(running.measurements) >= 20 and len(running.wins) >= 2
    assert len(running.deviations) >= 2 and all(d.learned for d in running.deviations)
    assert any(m.done for m in running.milestones) and not all(m.done for m in running.milestones)


def test_goals_measures_and_impact_flags(org):
    from changeplanner.analysis.goals import impact_table

    assert 4 <= len(org.goals) <= 5 and 6 <= len(org.measures) <= 8
    assert {g.priority for g in org.goals} == set(domain.GOAL_PRIORITIES)
    assert {m.kind for m in org.measures} == set(domain.MEASURE_KINDS)
    assert all(m.owner for m in org.measures)
    assert all(domain.IMPACT_MIN <= i.score <= domain.IMPACT_MAX and i.score for i in org.impacts)
    table = impact_table(org.goals, org.measures, org.impacts)
    assert [org.goals[g - 1].title for g in table.unserved_goals] == ["Proaktiv informieren"]
    assert [org.measures[m - 1].title for m in table.idle_measures] == [
        "Neues Layout für das Intranet"]
    assert len(table.harmful) == 1


def test_goal_statements_and_ideas(org):
    from changeplanner.analysis.goals import alignment

    names = {p.name for p in org.people}
    assert len(org.statements) == 6 and all(s.respondent in names for s in org.statements)
    check = alignment(org.goals, org.statements)
    assert check.enough and 0 < check.overall < 0.6  # five answers, some off the mark
    assert 12 <= len(org.ideas) <= 13
    assert {i.status for i in org.ideas} == set(domain.IDEA_STATUSES)
    assert {i.source for i in org.ideas} == set(domain.IDEA_SOURCES)
    people = {p.id: p for p in org.people}
    for idea in org.ideas:
        assert bool(idea.decided) == (idea.status in domain.IDEA_DECIDED)
        assert not idea.decided or idea.decided >= idea.date
        if idea.status in domain.IDEA_DECIDED:
            assert idea.decision_note
        if idea.source == "employee":
            assert people[idea.person_id].name == idea.author
        else:
            assert idea.person_id is None and idea.author
        assert idea.pilot_id in (None, *(p.id for p in org.pilots))
        assert idea.measure_id in (None, *(m.id for m in org.measures))
        assert idea.tags
    authors = Counter(i.person_id for i in org.ideas if i.person_id)
    assert max(authors.values()) >= 3  # someone to write "what became of your ideas" to
    assert sum(i.pilot_id is not None for i in org.ideas) >= 2
    assert sum(i.measure_id is not None for i in org.ideas) >= 3
