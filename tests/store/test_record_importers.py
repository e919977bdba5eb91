"""Reading pilots, goals and ideas files and resolving them against plain plan data."""

import datetime

import openpyxl
import pytest

from changeplanner import domain
from changeplanner.errors import ImportFileError
from changeplanner.store import importers
from changeplanner.store.importers import ParseRun


def write_text(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


PEOPLE = (domain.Person("P1", "Anna Berg"), domain.Person("P2", "Ben Kurz"),
          domain.Person("P3", "Jörg Weiß"), domain.Person("P4", "Jörg Weiß"))
GOALS = (domain.Goal(1, "Erreichbarkeit verbessern"),
         domain.Goal(2, "Schäden schneller regulieren"))


# -- cell values ----------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2026-03-31", "2026-03-31"), ("31.03.2026", "2026-03-31"), ("1.4.2026", "2026-04-01"),
    ("31.3.26", "2026-03-31"), ("2026-3-5", "2026-03-05"), ("2026-03-31 00:00:00", "2026-03-31"),
    (datetime.datetime(2026, 3, 31, 0, 0), "2026-03-31"), (datetime.date(2026, 1, 2), "2026-01-02"),
    ("", ""), (None, ""), (" 2026-12-01 ", "2026-12-01"),
])
def test_dates(value, expected):
    assert importers.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/03/2026", "2026-02-30", "März 2026", "45000", "32.1.2026",
                                   "2026-13-01"])
def test_bad_dates(value):
    with pytest.raises(ValueError, match=f"“{value}” is not a date; use YYYY-MM-DD"):
        importers.parse_date(value)


@pytest.mark.parametrize("value, expected", [
    ("80 %", 0.8), ("80%", 0.8), ("80", 0.8), ("0,8", 0.8), ("0.25", 0.25), (0.75, 0.75),
    ("100", 1.0), ("0", 0.0), ("1", 1.0), ("12,5 %", 0.125), (30, 0.3),
])
def test_customer_shares(value, expected):
    assert importers.parse_share(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["120", "-5 %", "viel", "101 %", True])
def test_bad_customer_shares(value):
    with pytest.raises(ValueError, match="is not a share; use per cent from 0 to 100"):
        importers.parse_share(value)


@pytest.mark.parametrize("value, expected", [
    ("0,7", 0.7), ("0.25", 0.25), (1, 1.0), ("0", 0.0), ("70 %", 0.7), (0.333, 0.333),
])
def test_stacey_scales(value, expected):
    assert importers.parse_scale(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["7", "1,5", "-0,1", "hoch", "110 %"])
def test_bad_stacey_scales(value):
    with pytest.raises(ValueError, match=r"is not on the scale; use a number from 0 \(close"):
        importers.parse_scale(value)


@pytest.mark.parametrize("parse, value, expected", [
    (importers.parse_pilot_status, "läuft", "running"),
    (importers.parse_pilot_status, "Geplant", "planned"),
    (importers.parse_pilot_status, "succeeded", "succeeded"),
    (importers.parse_pilot_status, "abgebrochen", "stopped"),
    (importers.parse_pilot_status, "Idee", "idea"),
    (importers.parse_priority, "hoch", 1), (importers.parse_priority, "Medium", 2),
    (importers.parse_priority, "3", 3), (importers.parse_priority, 1.0, 1),
    (importers.parse_priority, "niedrig", 3),
    (importers.parse_measure_kind, "technisch", "technical"),
    (importers.parse_measure_kind, "organizational", "organisational"),
    (importers.parse_measure_kind, "Prozess", "process"),
    (importers.parse_measure_kind, "Menschen", "people"),
    (importers.parse_measure_status, "in Arbeit", "in_progress"),
    (importers.parse_measure_status, "in_progress", "in_progress"),
    (importers.parse_measure_status, "erledigt", "done"),
    (importers.parse_measure_status, "verworfen", "dropped"),
    (importers.parse_idea_status, "in Prüfung", "in_review"),
    (importers.parse_idea_status, "in review", "in_review"),
    (importers.parse_idea_status, "angenommen", "adopted"),
    (importers.parse_idea_status, "abgelehnt", "rejected"),
    (importers.parse_idea_status, "umgesetzt", "implemented"),
    (importers.parse_idea_source, "Kunde", "customer"),
    (importers.parse_idea_source, "Mitarbeiterin", "employee"),
    (importers.parse_idea_source, "customer voice", "customer"),
    (importers.parse_impact, "+3", 3), (importers.parse_impact, "-2", -2),
    (importers.parse_impact, 0, 0), (importers.parse_impact, 2.0, 2),
])
def test_choices(parse, value, expected):
    assert parse(value) == expected


@pytest.mark.parametrize("parse, value, message", [
    (importers.parse_pilot_status, "halb fertig", "is not a pilot status; use one of idea"),
    (importers.parse_priority, "dringend", "is not a priority; use high, medium or low"),
    (importers.parse_priority, "4", "is not a priority"),
    (importers.parse_measure_kind, "finanziell", "is not a kind of measure; use one of"),
    (importers.parse_measure_status, "vielleicht", "is not a measure status"),
    (importers.parse_idea_status, "vertagt", "is not an idea status"),
    (importers.parse_idea_source, "Lieferant", "is not a source; use employee or customer"),
    (importers.parse_impact, "4", "is not an impact; use a whole number from -2"),
    (importers.parse_impact, "-3", "is not an impact"),
    (importers.parse_impact, "1,5", "is not an impact"),
    (importers.parse_impact, 1.5, "is not an impact"),
    (importers.parse_impact, True, "is not an impact"),
])
def test_bad_choices(parse, value, message):
    with pytest.raises(ValueError, match=message):
        parse(value)


def test_lists():
    assert importers.split_list(" Erreichbarkeit;  Schäden schneller  regulieren |x\n;; ") == (
        "Erreichbarkeit", "Schäden schneller regulieren", "x")
    assert importers.split_list("a, b; a", tags=True) == ("a", "b")
    assert importers.split_list("a, b") == ("a, b",)
    assert importers.split_list(None) == ()


# -- pilots ----------------------------------------------------------------------------

PILOTS_DE = ("\ufeffName;Abteilung;Team;Zweck;Status;Start;Ende;Anteil A-Kunden;"
             "Abstand zur Einigkeit;Abstand zur Gewissheit;Sponsor;agil;Ziele;Kostenstelle\n"
             "Agiles Team Schaden;Kundenservice;Team Süd;Schäden ohne Übergaben;läuft;"
             "02.02.2026;26.03.2027;75 %;0,55;0,6;Anna Berg;ja;"
             "\"Erreichbarkeit verbessern; schäden schneller regulieren\";4711\n"
             "Kanban 2nd Level;;;;geplant;;;;0,2;0,1;P2;nein;;\n")


def test_german_pilots_file(tmp_path):
    run = ParseRun()
    parsed = importers.parse_pilots(write_text(tmp_path / "piloten.csv", PILOTS_DE), run=run)
    assert (parsed.kind, parsed.rows, parsed.ignored_columns) == ("pilots", 2, ("Kostenstelle",))
    row, values = parsed.records[0]
    assert row == 2
    assert values == {
        "name": "Agiles Team Schaden", "department": "Kundenservice", "team": "Team Süd",
        "purpose": "Schäden ohne Übergaben", "status": "running", "start": "2026-02-02",
        "end": "2027-03-26", "customer_a_share": 0.75, "agreement": 0.55, "certainty": 0.6,
        "sponsor": "Anna Berg", "agile": True,
        "goals": ("Erreichbarkeit verbessern", "schäden schneller regulieren")}
    # Empty cells are absent: they keep what the plan has (or the default).
    assert parsed.records[1][1] == {"name": "Kanban 2nd Level", "status": "planned",
                                    "agreement": 0.2, "certainty": 0.1, "sponsor": "P2",
                                    "agile": False}
    assert dict(run.columns)["Abstand zur Einigkeit"] == "agreement"
    assert dict(run.columns)["Kostenstelle"] == "ignore"


def test_english_pilots_xlsx_with_dates_and_fractions(tmp_path):
    path = write_xlsx(tmp_path / "pilots.xlsx", [
        ["Pilot", "Status", "Start date", "End date", "Customer A share", "Requirements agreement",
         "Approach certainty", "Sponsor ID", "Agile", "Goals"],
        ["Lighthouse", "running", datetime.datetime(2026, 2, 1), datetime.date(2026, 6, 30),
         0.8, 0.5, 1, "P1", True, "Erreichbarkeit verbessern"]])
    values = importers.parse_pilots(path).records[0][1]
    assert values == {"name": "Lighthouse", "status": "running", "start": "2026-02-01",
                      "end": "2026-06-30", "customer_a_share": 0.8, "agreement": 0.5,
                      "certainty": 1.0, "sponsor": "P1", "agile": True,
                      "goals": ("Erreichbarkeit verbessern",)}


@pytest.mark.parametrize("content, row, column, message", [
    ("name,status\nA,running\nB,fertig\n", 3, "status", "“fertig” is not a pilot status"),
    ("name,start\nA,31/01/2026\n", 2, "start", "“31/01/2026” is not a date"),
    ("name,customer_a_share\nA,150\n", 2, "customer_a_share", "“150” is not a share"),
    ("name;agreement\nA;2\n", 2, "agreement", "“2” is not on the scale"),
    ("name,agile\nA,vielleicht\n", 2, "agile", "“vielleicht” is not a yes/no value"),
    ("name,status\n,running\n", 2, "name", "The name is empty; every pilot needs a name."),
    ("name\nPilot A\npilot a\n", 3, "name", "The pilot “pilot a” appears again (first in row 2)"),
    ("name,start,end\nA,2026-05-01,2026-04-01\n", 2, "end",
     "The end (2026-04-01) is before the start (2026-05-01)."),
    ("Abteilung,Status\nIT,läuft\n", 1, None, "The header row lacks the required column “name”"),
])
def test_bad_pilot_rows(tmp_path, content, row, column, message):
    path = write_text(tmp_path / "p.csv", content)
    with pytest.raises(ImportFileError) as info:
        importers.parse_pilots(path)
    assert (info.value.file, info.value.row, info.value.column) == (str(path), row, column)
    assert message in info.value.problem


def test_missing_name_column_lists_the_accepted_headers(tmp_path):
    with pytest.raises(ImportFileError) as info:
        importers.parse_pilots(write_text(tmp_path / "p.csv", "Titelzeile;Status\nA;x\n"))
    assert "name / Name" in info.value.problem and "Abstand zur Gewissheit" in info.value.problem


def test_collecting_keeps_every_problem_and_the_good_rows(tmp_path):
    path = write_text(tmp_path / "p.csv", "name,status,start\nA,running,2026-01-01\n"
                                          "B,fertig,gestern\nA,idea,\nC,,\n")
    run = ParseRun.collecting()
    parsed = importers.parse_pilots(path, run=run)
    assert [(e.row, e.column) for e in run.problems.errors] == [
        (3, "status"), (3, "start"), (4, "name")]
    assert [values["name"] for _row, values in parsed.records] == ["A", "C"]
    assert parsed.rows == 2


def test_check_pilots_resolves_sponsor_goals_and_existing(tmp_path):
    parsed = importers.parse_pilots(write_text(tmp_path / "piloten.csv", PILOTS_DE))
    existing = domain.Pilot(7, "KANBAN 2nd level", start="2026-01-01")
    changes = importers.check_pilots(parsed, people=PEOPLE, goals=GOALS, pilots=[existing])
    new, update = changes
    assert (new.row, new.record_id) == (2, None)
    assert new.values["name"] == "Agiles Team Schaden"
    assert (new.values["sponsor_id"], new.values["goal_ids"]) == ("P1", (1, 2))
    assert update.record_id == 7 and "name" not in update.values  # the plan keeps its spelling
    assert update.values == {"status": "planned", "agreement": 0.2, "certainty": 0.1,
                             "agile": False, "sponsor_id": "P2"}


@pytest.mark.parametrize("content, column, message", [
    ("name;sponsor\nA;Nobody\n", "sponsor",
     "Nobody in the plan is called “Nobody” or has this id"),
    ("name;sponsor\nA;Jörg Weiß\n", "sponsor",
     "“Jörg Weiß” is ambiguous: Jörg Weiß (P3), Jörg Weiß (P4); write the id instead."),
    ('name;goals\nA;"Erreichbarkeit verbessern; Umsatz"\n', "goals",
     "There is no goal “Umsatz” in the plan"),
])
def test_check_pilots_problems(tmp_path, content, column, message):
    parsed = importers.parse_pilots(write_text(tmp_path / "p.csv", content))
    with pytest.raises(ImportFileError) as info:
        importers.check_pilots(parsed, people=PEOPLE, goals=GOALS, pilots=[])
    assert (info.value.row, info.value.column) == (2, column)
    assert message in info.value.problem


def test_check_pilots_end_before_the_start_the_plan_has(tmp_path):
    parsed = importers.parse_pilots(write_text(tmp_path / "p.csv", "name,end\nA,2026-01-31\n"))
    plan = [domain.Pilot(3, "A", start="2026-02-01")]
    with pytest.raises(ImportFileError, match="would end .2026-01-31. before it starts") as info:
        importers.check_pilots(parsed, people=PEOPLE, goals=GOALS, pilots=plan)
    assert (info.value.row, info.value.column) == (2, "end")


def test_check_pilots_ambiguous_plan_pilot(tmp_path):
    parsed = importers.parse_pilots(write_text(tmp_path / "p.csv", "name\nA\n"))
    problems = importers.Problems(collect=True)
    twins = [domain.Pilot(1, "A"), domain.Pilot(2, "a")]
    assert importers.check_pilots(parsed, people=PEOPLE, goals=GOALS, pilots=twins,
                                  problems=problems) == []
    assert "The plan has 2 pilots called “A”" in problems.errors[0].problem


# -- goals -----------------------------------------------------------------------------

GOALS_DE = ("Ziel;Beschreibung;Priorität;Maßnahme;Art;Verantwortlich;Fällig;Status;Wirkung\n"
            "Erreichbarkeit verbessern;80/20;hoch;Rückrufservice;technisch;Ben Kurz;31.03.2026;"
            "in Arbeit;+3\n"
            "Erreichbarkeit verbessern;;;Schichtplanung;Prozess;;;;\n"
            "Erstlösung;;mittel;Schichtplanung;;;;geplant;-1\n"
            "Proaktiv informieren;;niedrig;;;;;;\n"
            ";;;Intranet;technisch;;;;\n")


def test_german_goals_file_with_measures(tmp_path):
    parsed = importers.parse_goals(write_text(tmp_path / "ziele.csv", GOALS_DE))
    assert parsed.rows == 5
    assert parsed.records[0][1] == {
        "goal": "Erreichbarkeit verbessern", "description": "80/20", "priority": 1,
        "measure": "Rückrufservice", "kind": "technical", "owner": "Ben Kurz",
        "due": "2026-03-31", "status": "in_progress", "impact": 3}
    changes = importers.check_goals(parsed, goals=[domain.Goal(4, "erreichbarkeit verbessern")],
                                    measures=[])
    assert [(c.key, c.record_id, c.values) for c in changes.goals] == [
        ("erreichbarkeit verbessern", 4, {"description": "80/20", "priority": 1}),
        ("erstlosung", None, {"title": "Erstlösung", "priority": 2}),
        ("proaktiv informieren", None, {"title": "Proaktiv informieren", "priority": 3})]
    assert [(c.record_id, c.values) for c in changes.measures] == [
        (None, {"title": "Rückrufservice", "kind": "technical", "owner": "Ben Kurz",
                "due": "2026-03-31", "status": "in_progress"}),
        (None, {"title": "Schichtplanung", "kind": "process", "status": "planned"}),
        (None, {"title": "Intranet", "kind": "technical"})]
    assert changes.impacts == [(2, "ruckrufservice", "erreichbarkeit verbessern", 3),
                               (3, "schichtplanung", "erreichbarkeit verbessern", None),
                               (4, "schichtplanung", "erstlosung", -1)]


@pytest.mark.parametrize("content, row, column, message", [
    ("goal,priority\nA,dringend\n", 2, "priority", "“dringend” is not a priority"),
    ("goal,measure,impact\nA,M,5\n", 2, "impact", "“5” is not an impact"),
    ("goal,measure,kind\nA,M,finanziell\n", 2, "kind", "“finanziell” is not a kind of measure"),
    ("goal,measure,due\nA,M,morgen\n", 2, "due", "“morgen” is not a date"),
    ("goal,measure,description\n,M,Nur Text\n", 2, "description",
     "This row has no goal for this value; fill in the goal."),
    ("goal,measure,owner\nA,,Ben\n", 2, "owner",
     "This row has no measure for this value; fill in the measure."),
    ("goal,measure,kind\n,,technisch\n", 2, "goal",
     "The goal is empty; every row needs a goal"),
    ("goal,measure,impact\nA,M,1\na,m,2\n", 3, "measure",
     "The measure “m” appears again for the goal “a” (first in row 2)"),
    ("goal,priority\nA,hoch\nA,niedrig\n", 3, "priority",
     "This contradicts row 2, which says “1”"),
    ("goal,measure,owner\nA,M,Ben\nB,M,Eva\n", 3, "owner",
     "This contradicts row 2, which says “Ben”"),
    ("Titel;Wirkung\nA;1\n", 2, "Wirkung", "This row has no measure for this value"),
    ("Maßnahme,Art\nM,technisch\n", 1, None, "lacks the required column “goal”"),
])
def test_bad_goal_rows(tmp_path, content, row, column, message):
    path = write_text(tmp_path / "g.csv", content)
    with pytest.raises(ImportFileError) as info:
        importers.parse_goals(path)
    assert (info.value.row, info.value.column) == (row, column)
    assert message in info.value.problem


def test_check_goals_ambiguous_titles_in_the_plan(tmp_path):
    parsed = importers.parse_goals(write_text(tmp_path / "g.csv", "goal,measure\nA,M\nA,N\n"))
    problems = importers.Problems(collect=True)
    changes = importers.check_goals(parsed, goals=[domain.Goal(1, "A"), domain.Goal(2, "a ")],
                                    measures=[], problems=problems)
    assert [e.problem for e in problems.errors] == [
        "The plan has 2 goals called “A”; rename one of them first."]
    assert (changes.goals, changes.impacts) == ([], [])


# -- ideas -----------------------------------------------------------------------------

IDEAS_DE = ("Datum;Autor;Text;Schlagworte;Quelle;Status;Entscheidung;Entschieden am;Pilot;"
            "Maßnahme\n"
            "11.02.2026;Ben Kurz;Rückruf statt Warteschleife;Erreichbarkeit, Telefonie;"
            "Mitarbeiter;angenommen;Passt gut;05.03.2026;Pilot A;Rückrufservice\n"
            "19.02.2026;Frau S.;Dreimal schildern müssen;;Kunde;neu;;;;\n"
            "20.02.2026;Walter Unbekannt;Mehr Pausenräume;;;;;;;\n")


def test_german_ideas_file(tmp_path):
    parsed = importers.parse_ideas(write_text(tmp_path / "ideen.csv", IDEAS_DE))
    assert parsed.records[0][1] == {
        "date": "2026-02-11", "author": "Ben Kurz", "text": "Rückruf statt Warteschleife",
        "tags": ("Erreichbarkeit", "Telefonie"), "source": "employee", "status": "adopted",
        "decision_note": "Passt gut", "decided": "2026-03-05", "pilot": "Pilot A",
        "measure": "Rückrufservice"}
    changes = importers.check_ideas(
        parsed, people=PEOPLE, pilots=[domain.Pilot(5, "pilot a")],
        measures=[domain.Measure(6, "Rückrufservice")], ideas=[])
    first, customer, stranger = changes
    assert first.values["person_id"] == "P2" and first.values["author"] == "Ben Kurz"
    assert (first.values["pilot_id"], first.values["measure_id"]) == (5, 6)
    # A customer is never linked to a person; an author who is nobody of the plan stays a name.
    assert (customer.values["person_id"], customer.values["author"]) == (None, "Frau S.")
    assert (stranger.values["person_id"], stranger.values["author"]) == (
        None, "Walter Unbekannt")
    assert all(c.record_id is None for c in changes)


def test_ideas_match_by_date_author_and_text(tmp_path):
    parsed = importers.parse_ideas(write_text(
        tmp_path / "i.csv", "date,person_id,author,text,status\n"
                            "2026-02-11,P2,,rückruf  STATT warteschleife,in review\n"
                            "2026-02-12,,Anna Berg,Neue Idee,\n"))
    plan_ideas = [domain.Idea(9, "Rückruf statt Warteschleife", author="Ben Kurz",
                              person_id="P2", date="2026-02-11", status="adopted",
                              decided="2026-03-01"),
                  domain.Idea(10, "Neue Idee", author="Anna Berg", date="2026-02-11")]
    changes = importers.check_ideas(parsed, people=PEOPLE, pilots=[], measures=[],
                                    ideas=plan_ideas)
    assert (changes[0].record_id, changes[0].values) == (
        9, {"status": "in_review", "decided": ""})  # undecided again: the date goes
    assert changes[1].record_id is None  # another date: another idea
    # The name of an author matches an idea recorded under the person's id, too.
    by_name = importers.parse_ideas(write_text(
        tmp_path / "j.csv", "date,author,text\n2026-02-11,ben kurz,Rückruf statt Warteschleife\n"))
    assert importers.check_ideas(by_name, people=PEOPLE, pilots=[], measures=[],
                                 ideas=plan_ideas)[0].record_id == 9


@pytest.mark.parametrize("content, row, column, message", [
    ("date,text\n2026-01-01,\n", 2, "text", "The text is empty; every idea needs a text."),
    ("text,status,decided\nX,new,2026-02-01\n", 2, "decided",
     "An idea that is “new” has no decision date"),
    ("date,text,status,decided\n2026-03-01,X,adopted,2026-02-01\n", 2, "decided",
     "The decision (2026-02-01) is before the idea came in (2026-03-01)."),
    ("text,source\nX,Lieferant\n", 2, "source", "“Lieferant” is not a source"),
    ("Datum,Text\n30.02.2026,X\n", 2, "Datum", "“30.02.2026” is not a date"),
    ("Autor;Datum\nBen;2026-01-01\n", 1, None, "lacks the required column “text”"),
])
def test_bad_idea_rows(tmp_path, content, row, column, message):
    with pytest.raises(ImportFileError) as info:
        importers.parse_ideas(write_text(tmp_path / "i.csv", content))
    assert (info.value.row, info.value.column) == (row, column)
    assert message in info.value.problem


@pytest.mark.parametrize("content, column, message", [
    ("text,person_id\nX,P99\n", "person_id", "There is no person with the id “P99” in the plan"),
    ("text,author\nX,Jörg Weiß\n", "author", "“Jörg Weiß” is ambiguous"),
    ("text,pilot\nX,Pilot Z\n", "pilot", "There is no pilot “Pilot Z” in the plan"),
    ("text,measure\nX,Intranet\n", "measure", "There is no measure “Intranet” in the plan"),
    ("text,author\nX,Ben Kurz\nx ,P2\n", "text",
     "This idea appears again (first in row 2): same date, author and text."),
])
def test_check_ideas_problems(tmp_path, content, column, message):
    parsed = importers.parse_ideas(write_text(tmp_path / "i.csv", content))
    with pytest.raises(ImportFileError) as info:
        importers.check_ideas(parsed, people=PEOPLE, pilots=[], measures=[], ideas=[])
    assert info.value.column == column and message in info.value.problem
    assert info.value.row == (3 if column == "text" else 2)


def test_decision_date_for_an_idea_the_plan_has_as_undecided(tmp_path):
    parsed = importers.parse_ideas(write_text(tmp_path / "i.csv",
                                              "text,decided\nX,2026-05-01\n"))
    with pytest.raises(ImportFileError, match="An idea that is “in review” has no decision"):
        importers.check_ideas(parsed, people=PEOPLE, pilots=[], measures=[],
                              ideas=[domain.Idea(1, "X", status="in_review")])
