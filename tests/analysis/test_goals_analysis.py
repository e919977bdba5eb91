"""Goals analysis: the impact matrix flags, German/English terms and the alignment check on
a small hand-made case whose answers are worked out below.

The alignment case (all key words distinct, so every key word weighs the same)::

    G1 "Kundenzufriedenheit steigern" (high, weight 3)  {customer, satisfaction, increase}
    G2 "Erreichbarkeit verbessern"    (medium, 2)       {reachability, improve}
    G3 "Bearbeitungszeit senken"      (low, 1)          {handling, time, reduce}
    G4 "Proaktiver Service"           (medium, 2)       {proactive, service}
    recall total = 3 + 2 + 1 + 2 = 8

    S1 "Zufriedene Kunden"                          {satisfaction, customer}
       G1 2/3 -> match; precision 1, recall 3/8            score 6/11
    S2 "satisfied customers and better availability" {satisfaction, customer, improve,
                                                      reachability}
       G2 1, G1 2/3 -> both; precision 1, recall 5/8        score 10/13
    S3 "Kürzere Bearbeitungszeit und weniger Kosten" {fast, handling, time, reduce, cost}
       G3 3/3 -> match; precision 3/5, recall 1/8           score 6/29
    S4 "Mehr Umsatz"                                {increase, umsatz}
       G1 1/3 -> no match; precision 1/2, recall 0          score 0
    S5 "   " (blank: left out)
    S6 "Kunden glücklich machen, Wartezeit reduzieren"
                                                     {customer, satisfaction, wait, time, reduce}
       G1 2/3, G3 2/3 -> both; precision 4/5, recall 4/8    score 8/13
    S7 "Reachability"                                {reachability}
       G2 1/2 -> match; precision 1, recall 2/8             score 2/5
"""

import math
from statistics import fmean

import pytest

from changeplanner.analysis.goals import (
    CONCEPTS,
    MIN_STATEMENTS,
    alignment,
    impact_table,
    jaccard,
    normalise,
    stem,
    term_labels,
    term_words,
    terms,
)
from changeplanner.domain import Goal, GoalStatement, Impact, Measure

# -- impact matrix ---------------------------------------------------------------------------

GOALS = (Goal(1, "Reachability"), Goal(2, "First contact resolution"),
         Goal(3, "Satisfaction"), Goal(4, "Lower costs"))
MEASURES = (Measure(10, "Call-back service", kind="technical"),
            Measure(11, "Skills training", kind="people", status="done"),
            Measure(12, "Chatbot", kind="technical", status="dropped"),
            Measure(13, "Stricter call scripts", kind="process", status="in_progress"),
            Measure(14, "New intranet", kind="technical"))
IMPACTS = (Impact(10, 1, 3), Impact(10, 3, 1), Impact(10, 4, -1),
           Impact(11, 2, 2), Impact(11, 3, 2),
           Impact(12, 4, 3),              # dropped: serves nothing
           Impact(13, 3, -2), Impact(13, 4, 1),
           Impact(14, 1, 0),              # zero: no impact
           Impact(10, 99, 3), Impact(98, 1, 3))  # unknown goal / measure


def test_impact_table_scores_and_totals():
    table = impact_table(GOALS, MEASURES, IMPACTS)
    assert table.score(10, 1) == 3 and table.score(14, 1) == 0 and table.score(10, 2) == 0
    assert (14, 1) not in table.scores and (10, 99) not in table.scores
    assert table.goal_totals == {1: 3, 2: 2, 3: 1, 4: 0}  # 4: -1 + 1, the dropped 3 not
    assert table.measure_totals == {10: 3, 11: 4, 12: 3, 13: -1, 14: 0}


def test_impact_table_flags():
    table = impact_table(GOALS, MEASURES, IMPACTS)
    # goal 4 is served only by the dropped chatbot... and by the scripts (+1)
    assert table.unserved_goals == ()
    assert table.idle_measures == (14,)
    assert table.harmful == ((13, 3, -2), (10, 4, -1))
    assert table.served_by(4) == [13]
    assert table.served_by(1) == [10]


def test_dropped_measures_serve_nothing_and_bad_scores_are_clamped():
    impacts = (Impact(12, 4, 3), Impact(10, 1, 7), Impact(10, 2, -9), Impact(10, 2, -1))
    table = impact_table(GOALS, MEASURES, impacts)
    assert table.unserved_goals == (2, 3, 4)
    assert table.score(10, 1) == 3  # clamped to +3
    assert table.score(10, 2) == -1  # the last of duplicate cells wins
    assert 12 not in table.idle_measures  # dropped: nothing to act on
    assert table.idle_measures == (11, 13, 14)
    assert table.measure_totals[12] == 3 and table.goal_totals[4] == 0


def test_empty_impact_table():
    table = impact_table((), (), ())
    assert table.unserved_goals == () and table.idle_measures == () and table.harmful == ()
    table = impact_table(GOALS[:1], (), ())
    assert table.unserved_goals == (1,) and table.goal_totals == {1: 0}


# -- terms -----------------------------------------------------------------------------------

def test_umlauts_and_sharp_s_meet_their_spelt_out_forms():
    assert normalise("Lösung ÄRGER Straße") == "loesung aerger strasse"
    assert terms("Lösung") == terms("Loesung") == terms("LÖSUNG")
    assert terms("Straße") == terms("Strasse")
    assert terms("Café") == terms("cafe")
    assert terms("Bearbeitungszeit") == terms("Bearbeitungszeit".upper())


def test_stopwords_punctuation_and_numbers_go():
    assert terms("Unsere Ziele? Das sind die, die wir haben!") == frozenset()
    assert terms("What are our goals?") == frozenset()
    assert terms("bis 2025, 24/7 x") == frozenset()
    assert terms("") == frozenset()


def test_light_stemmer():
    assert stem("kunden") == stem("kunde")
    assert stem("customers") == stem("customer")
    assert stem("processes") == stem("process") == "process"
    assert stem("hotlines") == stem("hotline")
    assert stem("inquiries") == "inquiry"
    assert stem("handling") == stem("handled") == stem("handle")
    assert stem("zufriedene") == stem("zufrieden")
    assert stem("status") == "status" and stem("resolutions") == "resolution"
    assert stem("zeit") == "zeit"  # short words stay


def test_german_and_english_core_words_meet():
    customer = frozenset({"customer"})
    for word in ("Kunde", "Kunden", "Kundin", "customer", "customers", "Clients"):
        assert terms(word) == customer
    assert terms("Kundenzufriedenheit") == terms("customer satisfaction") == frozenset(
        {"customer", "satisfaction"})
    assert terms("Bearbeitungszeit") == terms("handling time")
    assert terms("Erreichbarkeit") == terms("availability") == terms("reachability")
    assert terms("Erstlösungsquote") == frozenset({"first", "resolution", "rate"})
    assert {"first", "resolution"} <= terms("first contact resolution")
    assert terms("Wartezeiten verkürzen") == frozenset({"wait", "time", "reduce"})


def test_compounds_split_only_into_known_words():
    assert terms("Kundenportal") == frozenset({"kundenportal"})
    assert terms("Erstattung") == frozenset({"erstattung"})  # not "first" + "attung"
    assert "first" not in terms("Angebote erstellen")
    assert terms("Mitarbeiterzufriedenheit") == frozenset({"employee", "satisfaction"})
    assert terms("Erst-Lösung") == frozenset({"first", "resolution"})


def test_vocabulary_has_no_colliding_stems():
    owner = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            assert word == normalise(word), word
            assert owner.setdefault(stem(word), concept) == concept, word


def test_term_words_and_labels_keep_the_written_word():
    assert term_words("Zufriedene Kunden") == [("satisfaction", "Zufriedene", False),
                                               ("customer", "Kunden", False)]
    assert term_words("Kundenzufriedenheit") == [
        ("customer", "Kundenzufriedenheit", True),
        ("satisfaction", "Kundenzufriedenheit", True)]
    labels = term_labels(["Kundenzufriedenheit", "Kunden", "kunden", "Kunde"])
    assert labels["customer"] == "Kunden"  # whole words beat compound parts
    assert labels["satisfaction"] == "Kundenzufriedenheit"


def test_jaccard():
    assert jaccard(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)
    assert jaccard(frozenset(), frozenset()) == 0.0


# -- alignment -------------------------------------------------------------------------------

GERMAN_GOALS = (Goal(1, "Kundenzufriedenheit steigern", priority=1),
                Goal(2, "Erreichbarkeit verbessern", priority=2),
                Goal(3, "Bearbeitungszeit senken", priority=3),
                Goal(4, "Proaktiver Service", priority=2))
ENGLISH_GOALS = (Goal(1, "Increase customer satisfaction", priority=1),
                 Goal(2, "Improve reachability", priority=2),
                 Goal(3, "Reduce handling time", priority=3),
                 Goal(4, "Proactive service", priority=2))
STATEMENTS = (
    GoalStatement(1, "Anna", "Zufriedene Kunden"),
    GoalStatement(2, "Ben", "satisfied customers and better availability"),
    GoalStatement(3, "Cara", "Kürzere Bearbeitungszeit und weniger Kosten"),
    GoalStatement(4, "Dan", "Mehr Umsatz"),
    GoalStatement(5, "Eva", "   "),
    GoalStatement(6, "Finn", "Kunden glücklich machen, Wartezeit reduzieren"),
    GoalStatement(7, "Gina", "Reachability"),
)
SCORES = {1: 6 / 11, 2: 10 / 13, 3: 6 / 29, 4: 0.0, 6: 8 / 13, 7: 2 / 5}
MATCHES = {1: (1,), 2: (2, 1), 3: (3,), 4: (), 6: (1, 3), 7: (2,)}


@pytest.mark.parametrize("goals", [GERMAN_GOALS, ENGLISH_GOALS], ids=["de", "en"])
def test_alignment_hand_made_case(goals):
    result = alignment(goals, STATEMENTS)
    assert [m.statement.id for m in result.statements] == [1, 2, 3, 4, 6, 7]  # blank out
    assert result.count == 6 and result.enough
    for match in result.statements:
        sid = match.statement.id
        assert match.goal_ids == MATCHES[sid], sid
        assert match.score == pytest.approx(SCORES[sid]), sid
    s3 = result.statements[2]
    assert s3.precision == pytest.approx(3 / 5) and s3.recall == pytest.approx(1 / 8)
    assert result.statements[3].coverage == {1: pytest.approx(1 / 3)}
    assert result.overall == pytest.approx(fmean(SCORES.values()))
    assert result.mentions == {1: 3, 2: 2, 3: 2, 4: 0}
    assert result.unmentioned_goals == (4,)
    assert result.common_terms == ("customer", "satisfaction")  # 3 of 6 statements


def test_alignment_labels_show_the_words_people_wrote():
    result = alignment(GERMAN_GOALS, STATEMENTS)
    assert result.labels["customer"] == "Kunden"
    # written once each as "Erreichbarkeit", "availability", "Reachability": the
    # alphabetically first wins the tie
    assert result.labels["reachability"] == "availability"
    assert result.labels["satisfaction"] == "glücklich"  # before "satisfied", "Zufriedene"


def test_agreement_is_mean_pairwise_jaccard():
    statements = [STATEMENTS[0], STATEMENTS[1], STATEMENTS[6]]
    # {sat, cust} vs {sat, cust, improve, reach}: 2/4; vs {reach}: 0; S2 vs S7: 1/4
    result = alignment(GERMAN_GOALS, statements)
    assert result.agreement == pytest.approx((0.5 + 0.0 + 0.25) / 3)
    assert [m.agreement for m in result.statements] == [
        pytest.approx(0.25), pytest.approx(0.375), pytest.approx(0.125)]
    assert not result.enough and MIN_STATEMENTS == 5
    same = alignment(GERMAN_GOALS, [GoalStatement(1, "a", "Zufriedene Kunden"),
                                    GoalStatement(2, "b", "satisfied customers")])
    assert same.agreement == 1.0


def test_shared_key_words_weigh_less():
    goals = (Goal(1, "Customer satisfaction"), Goal(2, "Customer reachability"))
    result = alignment(goals, [GoalStatement(1, "a", "Kunden zufrieden stellen")])
    match = result.statements[0]
    assert match.goal_ids == (1,)
    # "customer" is in both goals: ln(1 + 2/2) against ln(1 + 2/1) for "reachability"
    assert match.coverage[2] == pytest.approx(math.log(2) / (math.log(2) + math.log(3)))
    assert result.unmentioned_goals == (2,)


def test_two_distinctive_words_match_a_long_goal():
    goals = (Goal(1, "Reduce the average handling time of customer requests"),
             Goal(2, "Customer satisfaction"))
    match = alignment(goals, [GoalStatement(1, "a", "Kürzere Bearbeitungszeit")]).statements[0]
    assert match.coverage[1] < 0.5
    assert match.goal_ids == (1,)


def test_goal_without_title_terms_uses_its_description():
    goals = (Goal(1, "Unsere Ziele", description="Zufriedene Kunden"),)
    result = alignment(goals, [GoalStatement(1, "a", "customer satisfaction")])
    assert result.goal_terms[1] == frozenset({"customer", "satisfaction"})
    assert result.statements[0].goal_ids == (1,) and result.statements[0].score == 1.0


def test_description_counts_for_precision_only():
    goals = (Goal(1, "Erreichbarkeit", description="Rückruf statt Warteschleife"),)
    match = alignment(goals, [GoalStatement(1, "a", "erreichbar, Rückruf")]).statements[0]
    assert match.precision == 1.0 and match.goal_ids == (1,)


def test_alignment_without_goals_or_statements():
    empty = alignment(GERMAN_GOALS, [])
    assert empty.overall is None and empty.agreement is None and not empty.enough
    assert empty.unmentioned_goals == (1, 2, 3, 4)
    no_goals = alignment((), STATEMENTS[:2])
    assert [m.score for m in no_goals.statements] == [0.0, 0.0]
    assert no_goals.overall == 0.0 and no_goals.unmentioned_goals == ()
    only_stopwords = alignment(GERMAN_GOALS, [GoalStatement(1, "a", "Das ist so.")])
    assert only_stopwords.statements[0].score == 0.0
    assert only_stopwords.statements[0].agreement is None and only_stopwords.agreement is None
