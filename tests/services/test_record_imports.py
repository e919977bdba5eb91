"""Importing pilots, goals (with measures and impacts) and ideas into a plan, and previewing it."""

import datetime
import shutil

import openpyxl
import pytest

from changeplanner import domain, i18n
from changeplanner.errors import ImportFileError
from changeplanner.services import records
from changeplanner.services.imports import import_file, preview_import
from changeplanner.store.db import create_plan, open_plan

PEOPLE = "id;name;department\nP1;Anna Berg;Vorstand\nP2;Ben Kurz;IT\nP3;Cleo Marx;Service\n"
GOALS = ("Ziel;Beschreibung;Priorität;Maßnahme;Art;Verantwortlich;Fällig;Status;Wirkung\n"
         "Erreichbarkeit;80 % in 20 s;hoch;Rückrufservice;technisch;Ben Kurz;31.03.2026;"
         "in Arbeit;3\n"
         "Erreichbarkeit;;;Schichtplanung;Prozess;;;;\n"
         "Erstlösung;Beim ersten Kontakt;mittel;Schichtplanung;;;;geplant;-1\n"
         "Proaktiv informieren;;niedrig;;;;;;\n"
         ";;;Intranet-Layout;technisch;;;;\n")
PILOTS = ("Name;Abteilung;Status;Start;Ende;Anteil A-Kunden;Abstand zur Einigkeit;"
          "Abstand zur Gewissheit;Sponsor;agil;Ziele\n"
          'Agiles Team;Service;läuft;02.02.2026;26.03.2027;75 %;0,55;0,6;Anna Berg;ja;'
          '"Erreichbarkeit; erstlösung"\n'
          "Kanban;IT;geplant;;;40;0,2;0,1;P2;nein;\n")
IDEAS = ("Datum;Autor;Text;Schlagworte;Quelle;Status;Entscheidung;Entschieden am;Pilot;"
         "Maßnahme\n"
         "11.02.2026;Ben Kurz;Rückruf statt Warteschleife;Erreichbarkeit, Telefonie;;"
         "umgesetzt;Danke!;05.03.2026;Agiles Team;Rückrufservice\n"
         "19.02.2026;Frau S.;Dreimal schildern müssen;Übergaben;Kunde;neu;;;;\n"
         "20.02.2026;P3;Mehr Pausenräume;;;angenommen;;;;\n")


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def state(plan):
    """Everything the three imports can touch."""
    return (records.list_pilots(plan), records.list_goals(plan), records.list_measures(plan),
            records.list_impacts(plan), records.list_ideas(plan))


FILES = {"people.csv": PEOPLE, "goals.csv": GOALS, "pilots.csv": PILOTS, "ideas.csv": IDEAS}


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """Two plans built once: people only, and people with goals, pilots and ideas."""
    folder = tmp_path_factory.mktemp("record_imports")
    for name, text in FILES.items():
        write(folder / name, text)
    for stem, kinds in (("staffed", ("people",)), ("full", ("people", "goals", "pilots",
                                                            "ideas"))):
        plan = create_plan(folder / f"{stem}.changeplan")
        try:
            for kind in kinds:
                import_file(plan, kind, folder / f"{kind}.csv")
        finally:
            plan.close()
    return folder


def _copy(templates, tmp_path, stem):
    for name in FILES:
        shutil.copy(templates / name, tmp_path / name)
    shutil.copy(templates / f"{stem}.changeplan", tmp_path / f"{stem}.changeplan")
    return open_plan(tmp_path / f"{stem}.changeplan")


@pytest.fixture
def staffed(templates, tmp_path):
    """A plan with three people (a private copy)."""
    plan = _copy(templates, tmp_path, "staffed")
    yield plan
    plan.close()


@pytest.fixture
def full(templates, tmp_path):
    """People, goals with measures, pilots and ideas (a private copy; the files are in
    ``tmp_path`` too)."""
    plan = _copy(templates, tmp_path, "full")
    yield plan
    plan.close()


def test_goals_measures_and_impacts(staffed, tmp_path):
    result = import_file(staffed, "goals", write(tmp_path / "ziele.csv", GOALS))
    assert (result.kind, result.rows, result.added, result.updated) == ("goals", 5, 6, 0)
    assert result.details == (("goals", 3, 0), ("measures", 3, 0), ("impacts", 3, 0))
    assert records.list_goals(staffed) == [
        domain.Goal(1, "Erreichbarkeit", "80 % in 20 s", 1),
        domain.Goal(2, "Erstlösung", "Beim ersten Kontakt", 2),
        domain.Goal(3, "Proaktiv informieren", "", 3)]
    assert records.list_measures(staffed) == [
        domain.Measure(1, "Rückrufservice", "technical", "Ben Kurz", "2026-03-31", "in_progress"),
        domain.Measure(2, "Schichtplanung", "process", "", "", "planned"),
        domain.Measure(3, "Intranet-Layout", "technical", "", "", "planned")]
    # An empty impact cell means +1.
    assert records.list_impacts(staffed) == [domain.Impact(1, 1, 3), domain.Impact(2, 1, 1),
                                             domain.Impact(2, 2, -1)]


def test_pilots_with_sponsor_and_goals(staffed, tmp_path):
    import_file(staffed, "goals", write(tmp_path / "goals.csv", GOALS))
    result = import_file(staffed, "pilots", write(tmp_path / "piloten.csv", PILOTS))
    assert (result.rows, result.added, result.updated, result.details) == (2, 2, 0, ())
    assert records.list_pilots(staffed) == [
        domain.Pilot(1, "Agiles Team", "Service", "running", customer_a_share=0.75,
                     agreement=0.55, certainty=0.6, agile=True, start="2026-02-02",
                     end="2027-03-26", sponsor_id="P1", goal_ids=(1, 2)),
        domain.Pilot(2, "Kanban", "IT", "planned", customer_a_share=0.4, agreement=0.2,
                     certainty=0.1, agile=False, sponsor_id="P2")]


def test_ideas_with_people_pilots_and_measures(full):
    today = datetime.date.today().isoformat()
    assert records.list_ideas(full) == [
        domain.Idea(1, "Rückruf statt Warteschleife", "Ben Kurz", "P2", "2026-02-11",
                    ("Erreichbarkeit", "Telefonie"), "employee", "implemented", "Danke!",
                    "2026-03-05", pilot_id=1, measure_id=1),
        domain.Idea(2, "Dreimal schildern müssen", "Frau S.", None, "2026-02-19",
                    ("Übergaben",), "customer", "new"),
        # A decided idea without a decision date gets today's, as in the app.
        domain.Idea(3, "Mehr Pausenräume", "Cleo Marx", "P3", "2026-02-20", (), "employee",
                    "adopted", decided=today)]


def test_the_same_files_again_change_nothing(full, tmp_path):
    before = state(full)
    results = [import_file(full, kind, tmp_path / f"{kind}.csv")
               for kind in ("goals", "pilots", "ideas")]
    assert [(r.added, r.updated) for r in results] == [(0, 6), (0, 2), (0, 3)]
    assert results[0].details == (("goals", 0, 3), ("measures", 0, 3), ("impacts", 0, 3))
    assert state(full) == before


def test_reimport_updates_filled_cells_and_keeps_the_rest(full, tmp_path):
    records.set_impact(full, 2, 1, 3)  # set by hand: an empty impact cell keeps it
    goals = write(tmp_path / "g2.csv", "goal;priority;measure;status;impact\n"
                                       "ERREICHBARKEIT;niedrig;schichtplanung;erledigt;\n"
                                       "Erstlösung;;Schichtplanung;;0\n"
                                       "Neues Ziel;;Rückrufservice;;2\n")
    result = import_file(full, "goals", goals)
    assert result.details == (("goals", 1, 2), ("measures", 0, 2), ("impacts", 1, 2))
    assert records.list_goals(full)[0] == domain.Goal(1, "Erreichbarkeit", "80 % in 20 s", 3)
    assert records.list_measures(full)[1].status == "done"
    # Kept (empty cell), removed (0) and added.
    assert records.list_impacts(full) == [
        domain.Impact(1, 1, 3), domain.Impact(1, 4, 2), domain.Impact(2, 1, 3)]
    pilots = write(tmp_path / "p2.csv", "name;status;end;goals\nagiles team;erfolgreich;;\n")
    assert import_file(full, "pilots", pilots).updated == 1
    pilot = records.list_pilots(full)[0]
    assert (pilot.name, pilot.status, pilot.end, pilot.goal_ids, pilot.sponsor_id) == (
        "Agiles Team", "succeeded", "2027-03-26", (1, 2), "P1")
    ideas = write(tmp_path / "i2.csv", "date;person_id;text;status\n"
                                       "2026-02-11;P2;Rückruf statt  Warteschleife;in Prüfung\n")
    assert import_file(full, "ideas", ideas).updated == 1
    idea = records.list_ideas(full)[0]
    assert (idea.status, idea.decided, idea.decision_note, idea.pilot_id) == (
        "in_review", "", "Danke!", 1)


def test_xlsx_files(staffed, tmp_path):
    workbook = openpyxl.Workbook()
    for row in (["Title", "Priority", "Measure", "Type", "Due date", "Score"],
                ["Erreichbarkeit", 1, "Rückruf", "technical", datetime.datetime(2026, 5, 1), 2.0]):
        workbook.active.append(row)
    workbook.save(tmp_path / "g.xlsx")
    import_file(staffed, "goals", tmp_path / "g.xlsx")
    workbook = openpyxl.Workbook()
    for row in (["Pilot", "Start", "Customer A share", "Goals"],
                ["X", datetime.date(2026, 1, 5), 0.9, "erreichbarkeit"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "p.xlsx")
    import_file(staffed, "pilots", tmp_path / "p.xlsx")
    workbook = openpyxl.Workbook()
    for row in (["Date", "Person ID", "Idea", "Tags"],
                [datetime.datetime(2026, 2, 1), "P1", "Mehr Rückrufe", "a; b"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "i.xlsx")
    import_file(staffed, "ideas", tmp_path / "i.xlsx")
    assert records.list_measures(staffed) == [domain.Measure(1, "Rückruf", "technical", "",
                                                             "2026-05-01", "planned")]
    assert records.list_impacts(staffed) == [domain.Impact(1, 1, 2)]
    pilot = records.list_pilots(staffed)[0]
    assert (pilot.start, pilot.customer_a_share, pilot.goal_ids) == ("2026-01-05", 0.9, (1,))
    idea = records.list_ideas(staffed)[0]
    assert (idea.date, idea.person_id, idea.author, idea.tags) == (
        "2026-02-01", "P1", "Anna Berg", ("a", "b"))


# -- rejected files leave the plan exactly as it was ---------------------------------

BAD_FILES = [
    ("pilots", "p.csv", "name,status\nNeu,running\nNeu 2,fertig\n", 3, "status",
     "“fertig” is not a pilot status"),
    ("pilots", "p.csv", "name;Anteil A-Kunden\nNeu;120\n", 2, "Anteil A-Kunden",
     "“120” is not a share"),
    ("pilots", "p.csv", "name;sponsor\nNeu;Niemand\n", 2, "sponsor",
     "Nobody in the plan is called “Niemand”"),
    ("pilots", "p.csv", "name;Ziele\nNeu;Umsatz\n", 2, "Ziele",
     "There is no goal “Umsatz” in the plan"),
    ("pilots", "p.csv", "name;start\nAgiles Team;2027-04-01\n", 2, "start",
     "would end (2027-03-26) before it starts (2027-04-01)"),
    ("pilots", "p.csv", "Abteilung\nIT\n", 1, None, "lacks the required column “name”"),
    ("goals", "g.csv", "goal;measure;impact\nNeu;Neue Maßnahme;1\nNeu 2;M;4\n", 3, "impact",
     "“4” is not an impact"),
    ("goals", "g.csv", "goal;priority\nNeu;hoch\nneu;niedrig\n", 3, "priority",
     "This contradicts row 2"),
    ("goals", "g.csv", "goal;owner\nNeu;Ben\n", 2, "owner", "This row has no measure"),
    ("goals", "g.csv", "Ziel;Fällig\nNeu;nächste Woche\n", 2, "Fällig",
     "“nächste Woche” is not a date"),
    ("ideas", "i.csv", "text;person_id\nNeu;P9\n", 2, "person_id",
     "There is no person with the id “P9”"),
    ("ideas", "i.csv", "text;pilot\nNeu;Pilot Z\n", 2, "pilot", "There is no pilot “Pilot Z”"),
    ("ideas", "i.csv", "text;measure\nNeu;Gibt es nicht\n", 2, "measure",
     "There is no measure “Gibt es nicht”"),
    ("ideas", "i.csv", "text;status;decided\nNeu;neu;01.02.2026\n", 2, "decided",
     "has no decision date"),
    ("ideas", "i.csv", "date;author;text\n2026-01-01;Ben Kurz;A\n2026-01-01;P2;a\n", 3, "text",
     "This idea appears again (first in row 2)"),
    ("ideas", "i.csv", "text;date\nNeu;gestern\n", 2, "date", "“gestern” is not a date"),
    ("ideas", "i.xls", "text\nNeu\n", None, None, "save it as “Excel workbook (.xlsx)”"),
]


@pytest.mark.parametrize("kind, name, content, row, column, message", BAD_FILES)
def test_bad_file_is_rejected_and_plan_unchanged(full, tmp_path, kind, name, content, row,
                                                 column, message):
    path = write(tmp_path / name, content)
    before = state(full)
    plan_bytes = full.path.read_bytes()
    with pytest.raises(ImportFileError) as info:
        import_file(full, kind, path)
    error = info.value
    assert (error.file, error.row, error.column) == (str(path), row, column)
    assert message in error.problem
    assert str(error).startswith(f"File {path}")
    assert state(full) == before
    assert full.path.read_bytes() == plan_bytes


def test_error_in_the_last_row_writes_nothing(full, tmp_path):
    rows = "".join(f"Ziel {i};;Maßnahme {i};1\n" for i in range(300))
    path = write(tmp_path / "g.csv", "goal;description;measure;impact\n" + rows
                 + "Ziel X;;Maßnahme X;9\n")
    before = state(full)
    with pytest.raises(ImportFileError) as info:
        import_file(full, "goals", path)
    assert (info.value.row, info.value.column) == (302, "impact")
    assert state(full) == before


def test_german_message(full, tmp_path):
    i18n.set_language("de")
    path = write(tmp_path / "p.csv", "Name;Status\nNeu;gestern\n")
    with pytest.raises(ImportFileError) as info:
        import_file(full, "pilots", path)
    assert str(info.value).startswith(f"Datei {path}, Zeile 2, Spalte „Status“: ")


# -- preview ---------------------------------------------------------------------------

def test_preview_shows_mapping_counts_and_every_problem(full, tmp_path):
    path = write(tmp_path / "i.csv", "Datum;Wer;Text;Status;Pilot;Bemerkung\n"
                                     "11.02.2026;Ben Kurz;Rückruf statt Warteschleife;;;x\n"
                                     "12.02.2026;Anna Berg;Neu;fertig;;\n"
                                     "13.02.2026;Anna Berg;Neu 2;;Pilot Z;\n"
                                     "14.02.2026;Anna Berg;Neu 3;;;\n")
    before = state(full)
    preview = preview_import(full, "ideas", path)
    assert preview.kind == "ideas" and preview.file_type == "csv"
    assert preview.columns == (("Datum", "date"), ("Wer", "author"), ("Text", "text"),
                               ("Status", "status"), ("Pilot", "pilot"),
                               ("Bemerkung", "ignore"))
    assert preview.fields == ("date", "author", "person_id", "text", "tags", "source",
                              "status", "decision_note", "decided", "pilot", "measure")
    assert [(p.row, p.column) for p in preview.errors] == [(3, "Status"), (4, "Pilot")]
    assert preview.error_count == 2 and not preview.ok
    assert (preview.added, preview.updated) == (1, 1)
    assert preview.ignored_columns == ("Bemerkung",)
    assert [number for number, _cells in preview.rows] == [2, 3, 4, 5]
    assert state(full) == before


def test_preview_with_a_manual_mapping_then_import(full, tmp_path):
    path = write(tmp_path / "g.csv", "Vorhaben;Kümmerer;Ziel\nChatbot;Ben Kurz;Erreichbarkeit\n")
    preview = preview_import(full, "goals", path)
    assert dict(preview.columns) == {"Vorhaben": "ignore", "Kümmerer": "ignore",
                                     "Ziel": "goal"}
    mapping = {"Vorhaben": "measure", "Kümmerer": "owner"}
    preview = preview_import(full, "goals", path, mapping=mapping)
    assert preview.ok and (preview.added, preview.updated) == (1, 1)
    result = import_file(full, "goals", path, mapping=mapping)
    assert result.details == (("goals", 0, 1), ("measures", 1, 0), ("impacts", 1, 0))
    measure = records.list_measures(full)[-1]
    assert (measure.title, measure.owner) == ("Chatbot", "Ben Kurz")


def test_preview_of_a_mapping_to_an_unknown_field(full, tmp_path):
    path = write(tmp_path / "p.csv", "name;Farbe\nA;rot\n")
    preview = preview_import(full, "pilots", path, mapping={"Farbe": "colour"})
    assert preview.error_count == 1
    assert "cannot be read as “colour”" in preview.errors[0].message
