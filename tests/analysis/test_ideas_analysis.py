"""Feedback loop analysis: clustering by shared terms (German and English), counts per
status, time to decision and ideas per author.

The clustering case (terms after normalising)::

    1 "Rückrufservice bei langer Wartezeit" + tag Erreichbarkeit
                                        {rueckrufservic, lang, wait, time, reachability}
    2 "Wartezeiten in der Hotline anzeigen"      {wait, time, hotli, anzeig}
    3 "Shorter waiting times on the phone"       {fast, wait, time, phon}
    4 "FAQ im Kundenportal ausbauen"             {faq, kundenportal, ausbau}
    5 "Self-service FAQ for password resets"     {self, service, faq, password, reset}
    6 "Obstkorb in der Kaffeeküche"              {obstkorb, kaffeekuech}
    7 ""                                         {}

    min_shared=1: "time" and "wait" are both in 1, 2, 3 (the alphabetically first, "time",
    is the key); then "faq" in 4, 5; 6 and 7 are "other".
    min_shared=2: ("time", "wait") in 1, 2, 3; 4 and 5 share only one term: "other".
"""

import random

from changeplanner.analysis.ideas import (
    TOP_TERMS,
    cluster_ideas,
    decision_times,
    idea_terms,
    ideas_by_author,
    status_counts,
)
from changeplanner.domain import IDEA_STATUSES, Idea, Person

IDEAS = (
    Idea(1, "Rückrufservice bei langer Wartezeit", date="2024-01-05",
         tags=("Erreichbarkeit",)),
    Idea(2, "Wartezeiten in der Hotline anzeigen", date="2024-01-02"),
    Idea(3, "Shorter waiting times on the phone", date="2024-01-09"),
    Idea(4, "FAQ im Kundenportal ausbauen", date="2024-01-03"),
    Idea(5, "Self-service FAQ for password resets", date="2024-01-04"),
    Idea(6, "Obstkorb in der Kaffeeküche", date="2024-01-01"),
    Idea(7, "", date="2024-01-08"),
)


def test_idea_terms_include_tags():
    assert idea_terms(IDEAS[0]) == frozenset(
        {"rueckrufservic", "lang", "wait", "time", "reachability"})
    assert idea_terms(IDEAS[6]) == frozenset()


def test_clusters_by_one_shared_term():
    clusters = cluster_ideas(IDEAS)
    assert [c.key for c in clusters] == [("time",), ("faq",), ()]
    assert [c.idea_ids for c in clusters] == [(2, 1, 3), (4, 5), (6, 7)]  # oldest first
    waiting = clusters[0]
    assert waiting.terms == ("time", "wait")
    # English and German words meet; whole words win over compound parts for the label
    assert waiting.labels == ("times", "waiting")
    assert clusters[1].terms == ("faq",) and clusters[1].labels == ("FAQ",)
    assert [c.other for c in clusters] == [False, False, True]
    assert clusters[2].terms == () and clusters[2].size == 2


def test_clusters_by_two_shared_terms():
    clusters = cluster_ideas(IDEAS, min_shared=2)
    assert [c.key for c in clusters] == [("time", "wait"), ()]
    assert clusters[0].idea_ids == (2, 1, 3)
    assert clusters[1].idea_ids == (6, 4, 5, 7)
    assert cluster_ideas(IDEAS, min_shared=0)[0].key == ("time",)  # counts as 1


def test_clustering_is_deterministic_and_biggest_first():
    shuffled = list(IDEAS)
    random.Random(5).shuffle(shuffled)
    assert cluster_ideas(shuffled) == cluster_ideas(IDEAS)
    more = IDEAS + (Idea(8, "FAQ zum Rückruf", date="2024-01-10"),
                    Idea(9, "FAQ für Tarife", date="2024-01-11"))
    clusters = cluster_ideas(more)
    sizes = [c.size for c in clusters if not c.other]
    assert sizes == sorted(sizes, reverse=True)
    assert clusters[0].key == ("faq",) and clusters[0].idea_ids == (4, 5, 8, 9)
    assert clusters[1].key == ("time",)
    # every idea lands in exactly one cluster
    ids = [i for c in clusters for i in c.idea_ids]
    assert sorted(ids) == list(range(1, 10))


def test_top_terms_are_limited_and_shared():
    ideas = [Idea(i, "Kunden Wartezeit Hotline Rückruf Chat Termin Extra" + str(i))
             for i in range(1, 4)]
    clusters = cluster_ideas(ideas)
    assert len(clusters) == 1 and clusters[0].size == 3
    assert len(clusters[0].terms) == TOP_TERMS
    assert clusters[0].key == (clusters[0].terms[0],)


def test_no_ideas_no_clusters():
    assert cluster_ideas([]) == []
    alone = cluster_ideas([IDEAS[0]])
    assert len(alone) == 1 and alone[0].other and alone[0].idea_ids == (1,)


def test_status_counts():
    ideas = [Idea(1, "a", status="new"), Idea(2, "b", status="new"),
             Idea(3, "c", status="implemented"), Idea(4, "d", status="parked")]
    counts = status_counts(ideas)
    assert list(counts) == list(IDEA_STATUSES) + ["parked"]
    assert counts == {"new": 2, "in_review": 0, "adopted": 0, "rejected": 0,
                      "implemented": 1, "parked": 1}


def test_decision_times():
    ideas = [
        Idea(1, "a", date="2024-01-01", status="adopted", decided="2024-01-11"),     # 10
        Idea(2, "b", date="2024-01-01", status="rejected", decided="2024-01-05"),    # 4
        Idea(3, "c", date="2024-01-01", status="implemented", decided="2024-02-01"),  # 31
        Idea(4, "d", date="", status="adopted", decided="2024-02-01"),               # undated
        Idea(5, "e", date="2024-03-01", status="adopted", decided="2024-02-01"),     # before
        Idea(6, "f", date="2024-01-20", status="new"),
        Idea(7, "g", date="2024-01-10", status="in_review"),
        Idea(8, "h", date="", status="new"),
        Idea(9, "i", date="2024-04-01", status="new"),                                # future
    ]
    times = decision_times(ideas, today="2024-03-10")
    assert (times.decided, times.undated, times.undecided) == (3, 2, 4)
    assert times.median_days == 10.0
    assert times.mean_days == 15.0
    assert times.open_ages == ((7, 60), (6, 50), (9, 0))
    assert times.oldest_open_id == 7 and times.oldest_open_days == 60


def test_decision_times_without_data():
    times = decision_times([])
    assert times.median_days is None and times.mean_days is None
    assert times.oldest_open_days is None and times.oldest_open_id is None
    even = decision_times([
        Idea(1, "a", date="2024-01-01", status="adopted", decided="2024-01-03"),
        Idea(2, "b", date="2024-01-01", status="adopted", decided="2024-01-06")])
    assert even.median_days == 3.5


def test_ideas_by_author():
    people = [Person("p1", "Anna Berg"), Person("p2", "Ben Roth"), Person("p3", "Ben Roth"),
              Person("p4", "Cara Lenz")]
    ideas = [
        Idea(1, "a", author="Anna Berg", person_id="p1", date="2024-01-03"),
        Idea(2, "b", author=" anna berg ", date="2024-01-01"),   # resolved by name
        Idea(3, "c", author="Ben Roth", date="2024-01-02"),      # two Ben Roths: by name
        Idea(4, "d", author="ben roth", date="2024-01-04"),
        Idea(5, "e", author="", date="2024-01-05"),
        Idea(6, "f", author="Dora", date="2024-01-06"),
    ]
    groups = ideas_by_author(ideas, people)
    assert list(groups) == ["p1", "Ben Roth", "", "Dora"]
    assert [i.id for i in groups["p1"]] == [2, 1]
    assert [i.id for i in groups["Ben Roth"]] == [3, 4]
    assert [i.id for i in groups[""]] == [5]
    # without the people list names stay names
    assert list(ideas_by_author(ideas)) == ["anna berg", "Ben Roth", "p1", "", "Dora"]
