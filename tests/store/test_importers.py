"""Reading and checking import files (no plan involved): formats, encodings, cell values."""

import openpyxl
import pytest

from changeplanner.errors import ImportFileError
from changeplanner.progress import Progress
from changeplanner.store import importers


def write_text(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows, title="Mitarbeiter"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# -- cell values ----------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("yes", True), ("No", False), ("JA", True), ("nein", False), ("true", True),
    ("False", False), ("wahr", True), ("falsch", False), ("1", True), ("0", False),
    ("x", True), ("X", True), ("", False), (None, False), (True, True), (1, True),
    (0.0, False), (" ja ", True),
])
def test_yes_no_values(value, expected):
    assert importers.parse_yes_no(value) is expected


@pytest.mark.parametrize("value", ["vielleicht", "2", "y", "-", "nope"])
def test_yes_no_rejects_other_values(value):
    with pytest.raises(ValueError, match=f"“{value}” is not a yes/no value"):
        importers.parse_yes_no(value)


@pytest.mark.parametrize("value, expected", [
    ("+1", 1), ("-2", -2), ("2", 2), ("0", 0), ("", None), (None, None), (1.0, 1),
    ("\u22121", -1), (-2, -2),
])
def test_attitude_values(value, expected):
    assert importers.parse_attitude(value) == expected


@pytest.mark.parametrize("value", ["3", "-3", "1.5", "gut", "1,0", 2.5])
def test_attitude_rejects(value):
    with pytest.raises(ValueError, match="is not an attitude; use a whole number from -2"):
        importers.parse_attitude(value)


@pytest.mark.parametrize("value, expected", [
    ("", 1.0), (None, 1.0), ("1,5", 1.5), ("2.25", 2.25), (3, 3.0), (0.5, 0.5), (" 4 ", 4.0),
])
def test_weight_values(value, expected):
    assert importers.parse_weight(value) == expected


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "inf", "1,000.5", 0, True])
def test_weight_rejects(value):
    with pytest.raises(ValueError, match="is not a weight; use a number greater than 0"):
        importers.parse_weight(value)


@pytest.mark.parametrize("value, expected", [
    ("0", 0), ("4", 4), (3, 3), (3.0, 3), (" 2 ", 2), ("", None), (None, None),
])
def test_level_values(value, expected):
    assert importers.parse_level(value) == expected


@pytest.mark.parametrize("value", ["5", "x", "2,5", "-1", 2.5, 5, True, "drei"])
def test_level_rejects(value):
    with pytest.raises(ValueError, match="is not a level; use a whole number from 0 to 4"):
        importers.parse_level(value)


@pytest.mark.parametrize("value, expected", [
    ("Rat", "advice"), ("Beratung", "advice"), ("information", "information"),
    ("Vertrauen", "trust"), ("Zusammenarbeit", "collaboration"),
    ("berichtet an", "reports_to"), ("Berichtslinie", "reports_to"),
    ("reports-to", "reports_to"), ("reports to", "reports_to"), ("reports_to", "reports_to"),
    ("REPORTS TO", "reports_to"), ("", "trust"),
])
def test_relation_values(value, expected):
    assert importers.parse_relation(value, "trust") == expected


def test_relation_rejects_unknown():
    with pytest.raises(ValueError, match="“friendship” is not a relation; use one of advice"):
        importers.parse_relation("friendship")


def test_header_normalisation():
    assert importers.normalize_header("\ufeff Team_Lead ") == "team lead"
    assert importers.normalize_header("manager-id") == "manager id"
    assert importers.normalize_header("Tagesgescha\u0308ft") == "tagesgeschäft"  # NFD umlaut
    assert importers.normalize_header("VERFÜGBARKEIT") == "verfügbarkeit"


def test_cell_text_turns_whole_excel_numbers_into_ids():
    assert importers.cell_text(17.0) == "17"
    assert importers.cell_text(17.5) == "17.5"
    assert importers.cell_text(" Anna ") == "Anna"
    assert importers.cell_text(None) == ""


def test_column_letters():
    assert [importers.column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


@pytest.mark.parametrize("line, expected", [
    ("id,name,department", ","), ("id;name;department", ";"), ("id\tname\tdepartment", "\t"),
    ('id;"name, full";department', ";"), ("id", ","),
])
def test_delimiter_detection(line, expected):
    assert importers.detect_delimiter(line) == expected


# -- people files ---------------------------------------------------------------------

def test_german_semicolon_file_with_bom(tmp_path):
    path = write_text(tmp_path / "leute.csv",
                      "\ufeffPersonalnummer;Name;Abteilung;Funktion;Führungskraft;Vorgesetzter;"
                      "Haltung;Tagesgeschäft;Verfügbarkeit;Notizen\n"
                      "17;Anna Schmidt;IT;Entwicklerin;nein;18;+1;x;80%;mag Kanban\n"
                      "18;Jörg Weiß;IT;Teamleiter;ja;;-2;;;\n")
    parsed = importers.parse_people(path)
    assert [p.id for p in parsed.people] == ["17", "18"]
    anna, jorg = parsed.people
    assert (anna.name, anna.department, anna.title, anna.team_lead, anna.manager_id,
            anna.attitude, anna.daily_business, anna.availability, anna.notes) == (
        "Anna Schmidt", "IT", "Entwicklerin", False, "18", 1, True, 80, "mag Kanban")
    assert (jorg.name, jorg.team_lead, jorg.manager_id, jorg.attitude, jorg.daily_business,
            jorg.availability) == ("Jörg Weiß", True, None, -2, False, 100)
    assert parsed.row_of == {"17": 2, "18": 3}
    assert parsed.ignored_columns == ()


def test_windows_1252_file_with_umlauts(tmp_path):
    path = write_text(tmp_path / "people.csv",
                      "id,name,department,daily_business\n1,Müller,Qualität,ja\n2,Weiß,Büro,\n",
                      encoding="cp1252")
    parsed = importers.parse_people(path)
    assert [(p.name, p.department, p.daily_business) for p in parsed.people] == [
        ("Müller", "Qualität", True), ("Weiß", "Büro", False)]


def test_utf16_unicode_text_export(tmp_path):
    path = write_text(tmp_path / "people.txt", "id\tname\n1\tŁukasz Żółć\n", encoding="utf-16")
    assert importers.parse_people(path).people[0].name == "Łukasz Żółć"


def test_tab_separated_file_with_quotes_and_extra_columns(tmp_path):
    path = write_text(tmp_path / "people.tsv",
                      'ID\tNAME\tCost Centre\tteam-lead\n"1"\t"Smith, Jane"\t4711\tTRUE\n')
    parsed = importers.parse_people(path)
    assert parsed.people[0].name == "Smith, Jane"
    assert parsed.people[0].team_lead is True
    assert parsed.ignored_columns == ("Cost Centre",)


def test_empty_rows_are_skipped_but_counted_for_row_numbers(tmp_path):
    path = write_text(tmp_path / "p.csv", "id,name\n1,A\n\n ,  \n2,B\n,\n3,\n")
    with pytest.raises(ImportFileError) as info:
        importers.parse_people(path)
    assert (info.value.row, info.value.column) == (7, "name")
    assert "name is empty" in info.value.problem


def test_absent_columns_are_reported_as_such(tmp_path):
    parsed = importers.parse_people(write_text(tmp_path / "p.csv", "id,name,attitude\n1,A,1\n"))
    assert parsed.fields == {"id", "name", "attitude"}


def test_xlsx_first_sheet_numbers_and_booleans(tmp_path):
    path = tmp_path / "hr.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["ID", "Name", "Führungskraft", "Vorgesetzter", "Haltung", "Verfügbarkeit"],
                [17.0, "Anna", True, None, 1.0, 50],
                [18, "Ben", "nein", 17.0, -2, None]):
        sheet.append(row)
    workbook.create_sheet("Other").append(["nothing", "here"])
    workbook.save(path)
    parsed = importers.parse_people(path)
    assert [(p.id, p.team_lead, p.manager_id, p.attitude, p.availability)
            for p in parsed.people] == [("17", True, None, 1, 50), ("18", False, "17", -2, 100)]


def test_header_need_not_be_in_the_first_row(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [[None], ["id", "name"], [1, "A"], [2, 7]])
    parsed = importers.parse_people(path)
    assert parsed.row_of == {"1": 3, "2": 4}
    assert parsed.people[1].name == "7"


@pytest.mark.parametrize("content, row, column, message", [
    ("id,name,team_lead\n1,A,ja\n2,B,vielleicht\n", 3, "team_lead",
     "“vielleicht” is not a yes/no value"),
    ("id,name,attitude\n1,A,3\n", 2, "attitude", "“3” is not an attitude"),
    ("id,name,availability\n1,A,120\n", 2, "availability", "“120” is not an availability"),
    ("id,name\n1,A\n2,B\n1,C\n", 4, "id", "The id “1” appears again (first in row 2)"),
    ("id,name\n,A\n", 2, "id", "The id is empty"),
    ("id,name\n1,A,surprise\n", 2, "C", "beyond the last column"),
])
def test_bad_people_rows(tmp_path, content, row, column, message):
    with pytest.raises(ImportFileError) as info:
        importers.parse_people(write_text(tmp_path / "p.csv", content))
    error = info.value
    assert (error.file, error.row, error.column) == (str(tmp_path / "p.csv"), row, column)
    assert message in error.problem
    assert f"row {row}, column “{column}”: " in str(error)


def test_missing_required_columns_name_file_columns_and_accepted_headers(tmp_path):
    path = write_text(tmp_path / "p.csv", "Nummer;Vorname\n1;A\n")
    with pytest.raises(ImportFileError) as info:
        importers.parse_people(path)
    message = str(info.value)
    assert message.startswith(f"File {path}, row 1: The header row lacks the required columns "
                              "“id”, “name”")
    assert "found: “Nummer”, “Vorname”" in message
    assert "id / ID / Personalnummer" in message and "Führungskraft" in message


def test_duplicate_column(tmp_path):
    with pytest.raises(ImportFileError) as info:
        importers.parse_people(write_text(tmp_path / "p.csv", "id,Name,name\n1,A,B\n"))
    assert (info.value.row, info.value.column) == (1, "name")


@pytest.mark.parametrize("content", ["", "\ufeff", "\n\n  \n", ";;;\n"])
def test_empty_file(tmp_path, content):
    path = write_text(tmp_path / "p.csv", content)
    with pytest.raises(ImportFileError) as info:
        importers.parse_people(path)
    assert info.value.file == str(path)
    assert "The file is empty" in info.value.problem
    assert "id / ID / Personalnummer" in info.value.problem


def test_check_people_managers(tmp_path):
    parsed = importers.parse_people(write_text(
        tmp_path / "p.csv", "id,name,manager_id\n1,A,\n2,B,1\n3,C,99\n"))
    importers.check_people(parsed, {"99"})
    with pytest.raises(ImportFileError) as info:
        importers.check_people(parsed, set())
    assert (info.value.row, info.value.column) == (4, "manager_id")
    assert "no person with the id “99”" in info.value.problem
    own = importers.parse_people(write_text(tmp_path / "o.csv", "id,name,manager_id\n5,E,5\n"))
    with pytest.raises(ImportFileError, match="cannot be their own manager") as info:
        importers.check_people(own, {"5"})
    assert info.value.row == 2


# -- file-level problems --------------------------------------------------------------

def test_old_excel_file_asks_to_save_as_xlsx(tmp_path):
    path = tmp_path / "hr.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ImportFileError, match=r"save it as “Excel workbook \(.xlsx\)”"):
        importers.parse_people(path)


def test_unknown_suffix(tmp_path):
    path = write_text(tmp_path / "people.pdf", "%PDF-1.4")
    with pytest.raises(ImportFileError, match="not a CSV or Excel file; use a file ending in "
                                              ".csv, .txt, .tsv, .xlsx, .xlsm"):
        importers.parse_people(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFileError, match="The file does not exist"):
        importers.parse_people(tmp_path / "nope.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ImportFileError, match="folder"):
        importers.parse_people(tmp_path / "dir.csv")


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"not a zip at all", b""])
def test_corrupt_xlsx(tmp_path, content):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match="damaged or not an Excel workbook") as info:
        importers.parse_people(path)
    assert info.value.file == str(path)


def test_truncated_xlsx(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [["id", "name"]] + [[i, f"P{i}"] for i in range(500)])
    data = good.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError, match="damaged"):
        importers.parse_people(path)


def test_binary_file_with_csv_name(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"id,name\n\x00\x01\x02\x00")
    with pytest.raises(ImportFileError, match="not a text"):
        importers.parse_people(path)


# -- ties -----------------------------------------------------------------------------

def test_ties_with_german_headers_and_defaults(tmp_path):
    path = write_text(tmp_path / "t.csv",
                      "Quelle;Ziel;Beziehung;Gewicht\n1;2;Vertrauen;1,5\n2;1;;\n1;2;trust;3\n")
    parsed = importers.parse_ties(path, relation="information")
    assert [(row, t.source, t.target, t.relation, t.weight) for row, t in parsed.ties] == [
        (2, "1", "2", "trust", 1.5), (3, "2", "1", "information", 1.0),
        (4, "1", "2", "trust", 3.0)]
    # Duplicates: the last one wins.
    assert [(t.source, t.target, t.weight) for t in parsed.unique_ties()] == [
        ("1", "2", 3.0), ("2", "1", 1.0)]


def test_ties_without_relation_column_default_to_advice(tmp_path):
    parsed = importers.parse_ties(write_text(tmp_path / "t.csv", "source,target\n1,2\n"))
    assert parsed.ties[0][1].relation == "advice"


@pytest.mark.parametrize("content, row, column, message", [
    ("source,target,relation\n1,2,advice\n2,3,friends\n", 3, "relation",
     "“friends” is not a relation"),
    ("source,target,weight\n1,2,abc\n", 2, "weight", "“abc” is not a weight"),
    ("source,target\n1,1\n", 2, "target", "to themselves"),
    ("source,target\n1,\n", 2, "target", "The person id is empty"),
])
def test_bad_tie_rows(tmp_path, content, row, column, message):
    with pytest.raises(ImportFileError) as info:
        importers.parse_ties(write_text(tmp_path / "t.csv", content))
    assert (info.value.row, info.value.column) == (row, column)
    assert message in info.value.problem


def test_bad_relation_argument(tmp_path):
    with pytest.raises(ImportFileError, match="“likes” is not a relation"):
        importers.parse_ties(write_text(tmp_path / "t.csv", "source,target\n1,2\n"),
                             relation="likes")


def test_check_ties_names_unknown_endpoint(tmp_path):
    parsed = importers.parse_ties(write_text(tmp_path / "t.csv", "from,to\n1,2\n2,3\n"))
    importers.check_ties(parsed, {"1", "2", "3"})
    with pytest.raises(ImportFileError) as info:
        importers.check_ties(parsed, {"1", "2"})
    assert (info.value.row, info.value.column) == (3, "to")


# -- skills ---------------------------------------------------------------------------

def test_wide_skills_file(tmp_path):
    path = write_text(tmp_path / "s.csv",
                      "Personalnummer;Name;Scrum;Kanban;Jira\n1;Anna;3;;4\n2;Ben;0;1;\n")
    parsed = importers.parse_skills(path)
    assert parsed.skills == ["Scrum", "Kanban", "Jira"]
    assert parsed.ignored_columns == ("Name",)
    assert parsed.id_header == "Personalnummer"
    assert sorted(parsed.levels([10, 11, 12])) == [
        ("1", 10, 3), ("1", 12, 4), ("2", 10, 0), ("2", 11, 1)]
    assert parsed.cell_count() == 4


def test_a_skill_called_like_a_person_field_is_a_skill_when_the_plan_knows_it(tmp_path):
    path = write_text(tmp_path / "s.csv", "id,Notes\n1,2\n")
    assert importers.parse_skills(path, known_skills=["notes"]).skills == ["Notes"]


def test_skills_xlsx_with_float_levels(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [["ID", "Scrum", "Kanban"], [7.0, 3.0, None],
                                            [8, 4, 0]])
    parsed = importers.parse_skills(path)
    assert sorted(parsed.levels([1, 2])) == [("7", 1, 3), ("8", 1, 4), ("8", 2, 0)]


@pytest.mark.parametrize("cell", ["5", "x", '"2,5"', "-1", "2.5"])
def test_bad_level_names_row_and_skill(tmp_path, cell):
    path = write_text(tmp_path / "s.csv", f"id,Scrum,Kanban\n1,1,2\n2,3,{cell}\n")
    with pytest.raises(ImportFileError) as info:
        importers.parse_skills(path)
    assert (info.value.row, info.value.column) == (3, "Kanban")
    assert info.value.problem == "“{v}” is not a level; use a whole number from 0 to 4".format(
        v=cell.strip('"'))


def test_bad_level_in_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [["id", "Scrum"], [1, 2.5]])
    with pytest.raises(ImportFileError) as info:
        importers.parse_skills(path)
    assert (info.value.row, info.value.column) == (2, "Scrum")


def test_skills_duplicate_person_and_duplicate_skill(tmp_path):
    with pytest.raises(ImportFileError) as info:
        importers.parse_skills(write_text(tmp_path / "s.csv", "id,Scrum\n1,1\n2,2\n1,3\n"))
    assert (info.value.row, info.value.column) == (4, "id")
    with pytest.raises(ImportFileError, match="two columns") as info:
        importers.parse_skills(write_text(tmp_path / "d.csv", "id,Scrum,scrum \n1,1,2\n"))
    assert info.value.row == 1


def test_skills_file_without_skill_columns(tmp_path):
    with pytest.raises(ImportFileError, match="no skill columns"):
        importers.parse_skills(write_text(tmp_path / "s.csv", "id,name\n1,A\n"))


def test_level_under_a_column_without_header(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [["id", "Scrum", None, "Kanban"], [1, 1, None, 2],
                                            [2, 1, 3, 2]])
    with pytest.raises(ImportFileError, match="no header") as info:
        importers.parse_skills(path)
    assert (info.value.row, info.value.column) == (3, "C")


def test_check_skills_matches_catalogue_case_insensitively(tmp_path):
    parsed = importers.parse_skills(write_text(tmp_path / "s.csv", "id,scrum,Design Thinking\n"
                                                                   "1,1,2\n"))
    names, created = importers.check_skills(parsed, {"1"}, ["Scrum"], create_skills=True)
    assert (names, created) == (["Scrum", "Design Thinking"], ["Design Thinking"])
    with pytest.raises(ImportFileError) as info:
        importers.check_skills(parsed, {"1"}, ["Scrum"], create_skills=False)
    assert (info.value.row, info.value.column) == (1, "Design Thinking")
    with pytest.raises(ImportFileError, match="no person with the id “1”") as info:
        importers.check_skills(parsed, {"2"}, ["Scrum"], create_skills=True)
    assert (info.value.row, info.value.column) == (2, "id")


def test_progress_is_reported_while_reading(tmp_path):
    rows = "".join(f"{i},P{i}\n" for i in range(5000))
    path = write_text(tmp_path / "p.csv", "id,name\n" + rows)
    seen = []

    class Recorder(Progress):
        def on_update(self, fraction, message):
            seen.append(fraction)

    assert importers.parse_people(path, progress=Recorder()).rows == 5000
    assert len(seen) >= 5 and seen == sorted(seen) and seen[-1] == 1.0
