"""Importing files into a plan: what gets written, re-imports, and bad files changing nothing."""

import csv
import time

import openpyxl
import pytest

from changeplanner import domain, i18n
from changeplanner.errors import Cancelled, ImportFileError
from changeplanner.progress import Progress
from changeplanner.services.imports import IMPORT_KINDS, ImportResult, import_file
from changeplanner.store import repo

PEOPLE = ("id;name;department;title;team_lead;manager_id;attitude;daily_business\n"
          "1;Anna Berg;IT;Leitung IT;ja;;1;nein\n"
          "2;Ben Kurz;IT;Entwickler;nein;1;-1;ja\n"
          "3;Cleo Marx;Kundenservice;Agentin;nein;1;;x\n"
          "4;Dana Roth;Kundenservice;Teamleiterin;ja;;2;\n")


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def snapshot(plan):
    with plan.reading() as session:
        return repo.load_snapshot(session=session)


@pytest.fixture
def staffed(plan, tmp_path):
    """A plan with four people, two ties and a rating with a target."""
    import_file(plan, "people", write(tmp_path / "people.csv", PEOPLE))
    import_file(plan, "ties", write(tmp_path / "ties.csv", "source,target\n2,1\n3,4\n"))
    import_file(plan, "skills", write(tmp_path / "skills.csv", "id,Scrum\n2,1\n"))
    with plan.transaction() as session:
        scrum = repo.ensure_skills(session=session, skills=["Scrum"])["Scrum"]
        repo.upsert_ratings(session=session, ratings=[
            domain.Rating(person_id="2", skill_id=scrum, level=1, target=3,
                               wants_to_learn=True)])
    return plan


def test_import_kinds():
    assert IMPORT_KINDS == ("people", "ties", "skills", "survey", "pilots", "goals", "ideas")


def test_people_import_writes_every_field(plan, tmp_path):
    result = import_file(plan, "people", write(tmp_path / "people.csv", PEOPLE))
    assert result == ImportResult(kind="people", file=str(tmp_path / "people.csv"), rows=4,
                                  added=4, updated=0)
    people = snapshot(plan).people_by_id()
    assert people["1"] == domain.Person(
        id="1", name="Anna Berg", department="IT", title="Leitung IT", team_lead=True,
        manager_id=None, attitude=1, daily_business=False, availability=100, notes="")
    assert (people["2"].manager_id, people["2"].attitude, people["2"].daily_business) == (
        "1", -1, True)
    assert (people["3"].attitude, people["3"].daily_business) == (None, True)
    assert {d.name for d in snapshot(plan).departments} == {"IT", "Kundenservice"}


def test_german_headers_bom_and_semicolons(plan, tmp_path):
    path = write(tmp_path / "mitarbeiter.csv",
                 "\ufeffPersonalnummer;Name;Abteilung;Funktion;Führungskraft;Vorgesetzter;"
                 "Haltung;Tagesgeschäft;Kostenstelle\n"
                 "100;Jörg Weiß;Vertrieb;Leiter;wahr;;+2;falsch;4711\n"
                 "101;Ayşe Yılmaz;Vertrieb;Key Account;falsch;100;-2;wahr;4711\n")
    result = import_file(plan, "people", path)
    assert (result.added, result.ignored_columns) == (2, ("Kostenstelle",))
    ayse = snapshot(plan).people_by_id()["101"]
    assert (ayse.name, ayse.department, ayse.manager_id, ayse.attitude, ayse.daily_business) == (
        "Ayşe Yılmaz", "Vertrieb", "100", -2, True)


def test_windows_1252_and_tabs(plan, tmp_path):
    path = write(tmp_path / "people.txt", "id\tname\tAbteilung\n7\tMüller\tQualitätssicherung\n",
                 encoding="cp1252")
    import_file(plan, "people", path)
    person = snapshot(plan).people_by_id()["7"]
    assert (person.name, person.department) == ("Müller", "Qualitätssicherung")


def test_xlsx_people_ties_and_skills(plan, tmp_path):
    write_xlsx(tmp_path / "p.xlsx", [["ID", "Name", "Führungskraft", "Vorgesetzter"],
                                     [17.0, "Anna", True, None], [18.0, "Ben", "nein", 17.0]])
    write_xlsx(tmp_path / "t.xlsx", [["Quelle", "Ziel", "Beziehung", "Gewicht"],
                                     [18.0, 17.0, "Vertrauen", 2.5]])
    write_xlsx(tmp_path / "s.xlsx", [["Personalnummer", "Scrum", "Kanban"], [17.0, 3.0, None],
                                     [18, 0, 4]])
    assert import_file(plan, "people", tmp_path / "p.xlsx").added == 2
    assert import_file(plan, "ties", tmp_path / "t.xlsx").added == 1
    result = import_file(plan, "skills", tmp_path / "s.xlsx")
    assert (result.added, result.created_skills) == (3, ("Scrum", "Kanban"))
    snap = snapshot(plan)
    assert snap.people_by_id()["18"].manager_id == "17"
    assert snap.ties == (domain.Tie(source="18", target="17", relation="trust",
                                         weight=2.5),)
    names = {s.id: s.name for s in snap.skills}
    assert sorted((r.person_id, names[r.skill_id], r.level) for r in snap.ratings) == [
        ("17", "Scrum", 3), ("18", "Kanban", 4), ("18", "Scrum", 0)]


def test_reimport_updates_without_duplicates_and_keeps_unlisted_fields(staffed, tmp_path):
    before = snapshot(staffed)
    again = write(tmp_path / "again.csv", "id,name,department\n1,Anna Berg-Lahm,HR\n5,Eva,HR\n")
    result = import_file(staffed, "people", again)
    assert (result.added, result.updated) == (1, 1)
    after = snapshot(staffed)
    assert len(after.people) == 5
    anna = after.people_by_id()["1"]
    # Columns present are updated; columns absent keep what the plan knew.
    assert (anna.name, anna.department) == ("Anna Berg-Lahm", "HR")
    assert (anna.team_lead, anna.attitude, anna.title) == (True, 1, "Leitung IT")
    assert after.people_by_id()["2"] == before.people_by_id()["2"]
    # Same file twice: nothing new.
    assert import_file(staffed, "people", again).added == 0
    assert len(snapshot(staffed).people) == 5


def test_tie_reimport_updates_weight(staffed, tmp_path):
    result = import_file(staffed, "ties", write(tmp_path / "t.csv", "source;target;weight\n"
                                                                    "2;1;2,5\n1;2;\n1;2;4\n"))
    assert (result.rows, result.added, result.updated) == (3, 1, 1)
    ties = {(t.source, t.target): t.weight for t in snapshot(staffed).ties}
    assert ties == {("2", "1"): 2.5, ("3", "4"): 1.0, ("1", "2"): 4.0}


def test_relation_argument_and_german_relations(staffed, tmp_path):
    import_file(staffed, "ties", write(tmp_path / "t.csv", "source,target,relation\n"
                                                           "1,2,\n1,3,berichtet an\n"
                                                           "2,3,reports-to\n"),
                relation="Information")
    kinds = {(t.source, t.target, t.relation) for t in snapshot(staffed).ties}
    assert {("1", "2", "information"), ("1", "3", "reports_to"),
            ("2", "3", "reports_to")} <= kinds


def test_skills_reimport_keeps_target_and_wish(staffed, tmp_path):
    result = import_file(staffed, "skills", write(tmp_path / "s.csv", "id;scrum;Kanban\n"
                                                                      "2;3;\n4;;2\n"))
    assert (result.added, result.updated, result.created_skills) == (1, 1, ("Kanban",))
    snap = snapshot(staffed)
    names = {s.id: s.name for s in snap.skills}
    assert sorted(names.values()) == ["Kanban", "Scrum"]
    ratings = {(r.person_id, names[r.skill_id]): r for r in snap.ratings}
    assert (ratings["2", "Scrum"].level, ratings["2", "Scrum"].target,
            ratings["2", "Scrum"].wants_to_learn) == (3, 3, True)
    assert ratings["4", "Kanban"].level == 2 and len(ratings) == 2


def test_skills_without_creating(staffed, tmp_path):
    path = write(tmp_path / "s.csv", "id,Scrum\n1,4\n")
    result = import_file(staffed, "skills", path, create_skills=False)
    assert (result.added, result.created_skills) == (1, ())


# -- rejected files leave the plan exactly as it was ---------------------------------

BAD_FILES = [
    ("people", "p.csv", "id,name,team_lead\n9,Ida,ja\n10,Jo,vielleicht\n", 3, "team_lead",
     "“vielleicht” is not a yes/no value"),
    ("people", "p.csv", "id;name;Haltung\n9;Ida;3\n", 2, "Haltung", "“3” is not an attitude"),
    ("people", "p.csv", "id,name,manager_id\n9,Ida,1\n10,Jo,77\n", 3, "manager_id",
     "no person with the id “77” in this file or in the plan"),
    ("people", "p.csv", "id,name,manager_id\n9,Ida,9\n", 2, "manager_id", "own manager"),
    ("people", "p.csv", "id,name\n1,Anna\n2,Ben\n1,Anne\n", 4, "id", "appears again"),
    ("people", "p.csv", "Vorname,Nachname\nA,B\n", 1, None, "lacks the required columns"),
    ("people", "p.csv", "", None, None, "The file is empty"),
    ("ties", "t.csv", "source,target\n1,2\n2,99\n", 3, "target",
     "no person with the id “99” in the plan"),
    ("ties", "t.csv", "Quelle;Ziel\n42;1\n", 2, "Quelle", "no person with the id “42”"),
    ("ties", "t.csv", "source,target,relation\n1,2,friendship\n", 2, "relation",
     "“friendship” is not a relation"),
    ("ties", "t.csv", "source,target,weight\n1,2,1\n2,3,abc\n", 3, "weight",
     "“abc” is not a weight"),
    ("ties", "t.csv", "source,target\n2,2\n", 2, "target", "to themselves"),
    ("skills", "s.csv", "id,Scrum,Kanban\n1,2,3\n2,1,5\n", 3, "Kanban",
     "“5” is not a level; use a whole number from 0 to 4"),
    ("skills", "s.csv", "id,Scrum\n1,x\n", 2, "Scrum", "“x” is not a level"),
    ("skills", "s.csv", "id;Scrum\n1;2,5\n", 2, "Scrum", "“2,5” is not a level"),
    ("skills", "s.csv", "id,Scrum\n1,-1\n", 2, "Scrum", "“-1” is not a level"),
    ("skills", "s.csv", "id,Scrum\n1,2\n1,3\n", 3, "id", "appears again"),
    ("skills", "s.csv", "id,Scrum\n1,2\n66,3\n", 3, "id", "no person with the id “66”"),
    ("skills", "s.csv", "Scrum,Kanban\n1,2\n", 1, None, "lacks the required column “id”"),
    ("people", "p.xls", "id,name\n1,A\n", None, None, "save it as “Excel workbook (.xlsx)”"),
    ("people", "p.xlsx", "PK\x03\x04 this is no workbook", None, None, "damaged"),
]


@pytest.mark.parametrize("kind, name, content, row, column, message", BAD_FILES)
def test_bad_file_is_rejected_and_plan_unchanged(staffed, tmp_path, kind, name, content, row,
                                                 column, message):
    path = write(tmp_path / name, content)
    content_before = path.read_bytes()
    plan_before = snapshot(staffed)
    plan_bytes = staffed.path.read_bytes()
    with pytest.raises(ImportFileError) as info:
        import_file(staffed, kind, path)
    error = info.value
    assert (error.file, error.row, error.column) == (str(path), row, column)
    assert message in error.problem
    assert str(error).startswith(f"File {path}")
    assert snapshot(staffed) == plan_before
    assert staffed.path.read_bytes() == plan_bytes
    assert path.read_bytes() == content_before


def test_unknown_skill_rejected_when_not_creating(staffed, tmp_path):
    before = snapshot(staffed)
    path = write(tmp_path / "s.csv", "id,Scrum,Design Thinking\n1,2,3\n")
    with pytest.raises(ImportFileError) as info:
        import_file(staffed, "skills", path, create_skills=False)
    assert (info.value.row, info.value.column) == (1, "Design Thinking")
    assert snapshot(staffed) == before


def test_error_late_in_a_big_file_writes_nothing(staffed, tmp_path):
    rows = "".join(f"{i},Person {i},,{'' if i < 2999 else 'kaputt'}\n" for i in range(10, 3000))
    path = write(tmp_path / "big.csv", "id,name,department,team_lead\n" + rows)
    before = snapshot(staffed)
    with pytest.raises(ImportFileError) as info:
        import_file(staffed, "people", path)
    assert (info.value.row, info.value.column) == (2991, "team_lead")
    assert snapshot(staffed) == before


def test_missing_file(plan, tmp_path):
    with pytest.raises(ImportFileError, match="does not exist") as info:
        import_file(plan, "people", tmp_path / "nothing.csv")
    assert info.value.file == str(tmp_path / "nothing.csv")


def test_unknown_kind_is_a_programming_error(plan, tmp_path):
    with pytest.raises(ValueError):
        import_file(plan, "planets", write(tmp_path / "p.csv", "id,name\n"))


def test_message_in_german(staffed, tmp_path):
    i18n.set_language("de")
    path = write(tmp_path / "s.csv", "id,Scrum\n1,5\n")
    with pytest.raises(ImportFileError) as info:
        import_file(staffed, "skills", path)
    assert str(info.value) == (f"Datei {path}, Zeile 2, Spalte „Scrum“: „5“ ist keine Stufe; "
                               "bitte eine ganze Zahl von 0 bis 4 angeben")


# -- progress and cancel --------------------------------------------------------------

class Recorder(Progress):
    def __init__(self, cancel_at=None):
        super().__init__()
        self.seen = []
        self.cancel_at = cancel_at

    def on_update(self, fraction, message):
        self.seen.append((fraction, message))
        if self.cancel_at is not None and fraction >= self.cancel_at:
            self.cancel()


def test_progress_reaches_the_end(staffed, tmp_path):
    progress = Recorder()
    import_file(staffed, "people", write(tmp_path / "p.csv", PEOPLE), progress=progress)
    fractions = [f for f, _m in progress.seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert progress.seen[-1][1] == "Imported 4 rows."


def test_cancel_while_saving_writes_nothing(staffed, tmp_path):
    header = "id," + ",".join(f"Skill {k}" for k in range(30)) + "\n"
    people = "id,name\n" + "".join(f"p{i},P {i}\n" for i in range(1000))
    import_file(staffed, "people", write(tmp_path / "p.csv", people))
    before = snapshot(staffed)
    skills = header + "".join(f"p{i}," + ",".join(str((i + k) % 5) for k in range(30)) + "\n"
                              for i in range(1000))
    with pytest.raises(Cancelled):
        import_file(staffed, "skills", write(tmp_path / "s.csv", skills),
                    progress=Recorder(cancel_at=0.7))
    assert snapshot(staffed) == before


# -- scale ----------------------------------------------------------------------------

@pytest.mark.slow
def test_hr_export_of_5000_people_and_30_skills_is_quick(plan, tmp_path):
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Personalnummer", "Name", "Abteilung", "Führungskraft", "Vorgesetzter"])
        for i in range(5000):
            out.writerow([i, f"Person {i}", f"Abteilung {i % 12}", "ja" if i % 10 == 0 else "",
                          i - i % 10 if i % 10 else ""])
    skills = tmp_path / "skills.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["ID"] + [f"Skill {k}" for k in range(30)])
    for i in range(5000):
        sheet.append([i] + [None if (i + k) % 7 == 0 else (i * k) % 5 for k in range(30)])
    workbook.save(skills)
    start = time.perf_counter()
    assert import_file(plan, "people", people).added == 5000
    result = import_file(plan, "skills", skills)
    elapsed = time.perf_counter() - start
    expected = sum(1 for i in range(5000) for k in range(30) if (i + k) % 7)
    assert (result.rows, result.added, len(result.created_skills)) == (5000, expected, 30)
    assert elapsed < 10, f"import took {elapsed:.1f} s"
    again = import_file(plan, "skills", skills)
    assert (again.added, again.updated) == (0, expected)
    with plan.reading() as session:
        assert repo.count_ratings(session=session) == expected


# -- real data ------------------------------------------------------------------------

def test_krackhardt_high_tech_managers(plan, tmp_path, shared_data):
    """Krackhardt (1987): 21 managers, 190 advice ties, 20 reporting lines."""
    folder = shared_data / "krackhardt_hightech"

    def read(name):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter=";"))

    reports_to = {row["ego"]: row["alter"] for row in read("Reports_To.csv")
                  if row["edge"] == "1"}
    level_titles = {"1": "CEO", "2": "Vice President", "3": "Manager"}
    people = tmp_path / "krackhardt_people.csv"
    with people.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["ID", "Name", "Abteilung", "Funktion", "Führungskraft", "Vorgesetzter",
                      "Tenure", "Age"])
        for row in read("Krack-High-Tec-Attributes.csv"):
            out.writerow([row["ID"], f"Manager {row['ID']}", f"Department {row['DEPT']}",
                          level_titles[row["LEVEL"]], "ja" if row["LEVEL"] in "12" else "nein",
                          reports_to.get(row["ID"], ""), row["TENURE"], row["AGE"]])
    advice = tmp_path / "krackhardt_advice.csv"
    with advice.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Quelle", "Ziel", "Gewicht"])
        for row in read("Advice.csv"):
            if row["edge"] == "1":
                out.writerow([row["ego"], row["alter"], "1,0"])

    result = import_file(plan, "people", people)
    assert (result.rows, result.added, result.ignored_columns) == (21, 21, ("Tenure", "Age"))
    ties = import_file(plan, "ties", advice)
    assert (ties.rows, ties.added, ties.updated) == (190, 190, 0)
    lines = import_file(plan, "ties", write(tmp_path / "reports.csv", "source,target\n" + "".join(
        f"{ego},{alter}\n" for ego, alter in reports_to.items())), relation="reports_to")
    assert lines.added == 20

    snap = snapshot(plan)
    people_by_id = snap.people_by_id()
    assert len(people_by_id) == 21
    assert people_by_id["7"].title == "CEO" and people_by_id["7"].manager_id is None
    assert sum(p.manager_id is not None for p in snap.people) == 20
    vice_presidents = {p.id for p in snap.people if p.title == "Vice President"}
    assert vice_presidents == {"2", "14", "18", "21"}
    assert all(people_by_id[v].team_lead and people_by_id[v].manager_id == "7"
               for v in vice_presidents)
    advice_ties = [t for t in snap.ties if t.relation == "advice"]
    assert len(advice_ties) == 190 and {t.weight for t in advice_ties} == {1.0}
    in_degree = {}
    for tie in advice_ties:
        in_degree[tie.target] = in_degree.get(tie.target, 0) + 1
    # Manager 2 is the one most colleagues ask for advice (18 of 20).
    assert max(in_degree, key=in_degree.get) == "2" and in_degree["2"] == 18
    # Importing the same files again changes nothing.
    assert import_file(plan, "ties", advice).added == 0
    assert import_file(plan, "people", people).updated == 21
    assert snapshot(plan) == snap
