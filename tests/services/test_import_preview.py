"""The long skills format, the import preview and manual column mapping."""

import re

import openpyxl
import pytest

from changeplanner.errors import ImportFileError
from changeplanner.services.imports import ImportPreview, import_file, preview_import
from changeplanner.store import repo

PEOPLE = "id,name,department\n1,Anna,IT\n2,Ben,IT\n3,Cleo,HR\n"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def ratings_of(plan):
    with plan.reading() as session:
        names = {s.id: s.name for s in repo.list_skills(session=session)}
        return sorted((r.person_id, names[r.skill_id], r.level, r.target, r.wants_to_learn)
                      for r in repo.list_ratings(session=session))


def skill_names(plan):
    with plan.reading() as session:
        return sorted(s.name for s in repo.list_skills(session=session))


@pytest.fixture
def people(plan, tmp_path):
    import_file(plan, "people", write(tmp_path / "people.csv", PEOPLE))
    return plan


# -- long format ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom", [("utf-8", "\ufeff"), ("cp1252", "")])
def test_german_long_csv(people, tmp_path, encoding, bom):
    text = (bom + "Personalnummer;Fähigkeit;Stufe;Zielstufe;Lernwunsch;Bemerkung\n"
            "1;Führung;3;4;ja;gern\n1;Kanban;0;;nein;\n2;führung;1;;x;\n")
    result = import_file(people, "skills", write(tmp_path / "lang.csv", text, encoding))
    assert (result.layout, result.rows, result.added, result.updated) == ("long", 3, 3, 0)
    assert result.created_skills == ("Führung", "Kanban")
    assert result.ignored_columns == ("Bemerkung",)
    assert ratings_of(people) == [("1", "Führung", 3, 4, True), ("1", "Kanban", 0, None, False),
                                  ("2", "Führung", 1, None, True)]


@pytest.mark.parametrize("encoding, bom", [("utf-8", "\ufeff"), ("cp1252", "")])
def test_german_wide_csv(people, tmp_path, encoding, bom):
    text = (bom + "Personalnummer;Name;Abteilung;Führung;Prozessmanagement\n"
            "1;Anna;IT;2;\n3;Cleo;HR;;4\n")
    result = import_file(people, "skills", write(tmp_path / "breit.csv", text, encoding))
    assert (result.layout, result.added) == ("wide", 2)
    assert ratings_of(people) == [("1", "Führung", 2, None, False),
                                  ("3", "Prozessmanagement", 4, None, False)]


def test_long_xlsx_with_numbers(people, tmp_path):
    workbook = openpyxl.Workbook()
    for row in (["ID", "Skill", "Level", "Target", "wants to learn"], [1, "Scrum", 3.0, 4, True],
                [2, "Scrum", 2, None, None]):
        workbook.active.append(row)
    workbook.save(tmp_path / "l.xlsx")
    import_file(people, "skills", tmp_path / "l.xlsx")
    assert ratings_of(people) == [("1", "Scrum", 3, 4, True), ("2", "Scrum", 2, None, False)]


def test_long_reimport_updates_by_person_and_skill(people, tmp_path):
    import_file(people, "skills", write(tmp_path / "a.csv", "id,skill,level,target,wants_to_learn\n"
                                                             "1,Scrum,1,3,yes\n2,Scrum,2,4,no\n"))
    result = import_file(people, "skills", write(
        tmp_path / "b.csv", "id,skill,level,target,wants_to_learn\n1,scrum,2,,no\n3,Scrum,4,,\n"))
    assert (result.added, result.updated, result.created_skills) == (1, 1, ())
    assert ratings_of(people) == [("1", "Scrum", 2, None, False), ("2", "Scrum", 2, 4, False),
                                  ("3", "Scrum", 4, None, False)]
    # A file without level and wish columns sets targets only; an empty level keeps the level
    # of an existing rating and gives a new one level 0.
    import_file(people, "skills", write(tmp_path / "c.csv", "id,skill,target\n1,Scrum,4\n"
                                                             "2,Kanban,3\n"))
    assert ratings_of(people) == [("1", "Scrum", 2, 4, False), ("2", "Kanban", 0, 3, False),
                                  ("2", "Scrum", 2, 4, False), ("3", "Scrum", 4, None, False)]
    import_file(people, "skills", write(tmp_path / "d.csv", "id,skill,level,wants_to_learn\n"
                                                             "3,Scrum,,ja\n"))
    assert ("3", "Scrum", 4, None, True) in ratings_of(people)
    with people.reading() as session:
        history = repo.list_rating_history(session=session, person_id="1")
    assert [h.level for h in history] == [1, 2]


@pytest.mark.parametrize("row, column, message", [
    ("1,Scrum,5,,", "level", "“5” is not a level"),
    ("1,Scrum,x,,", "level", "“x” is not a level"),
    ('1,Scrum,"2,5",,', "level", "“2,5” is not a level"),
    ("1,Scrum,2,7,", "target", "“7” is not a level"),
    ("1,Scrum,2,,vielleicht", "wants_to_learn", "is not a yes/no value"),
    (",Scrum,2,,", "id", "The id is empty"),
    ("1,,2,,", "skill", "The skill is empty"),
    ("1,Kanban,1,,\n1,kanban,2,,", "skill", "has the skill “kanban” again (first in row 3)"),
    ("9,Scrum,1,,", "id", "no person with the id “9”"),
])
def test_bad_long_rows_reject_the_file(people, tmp_path, row, column, message):
    path = write(tmp_path / "bad.csv", "id,skill,level,target,wants_to_learn\n2,Scrum,1,,\n"
                 + row + "\n")
    before = people.path.read_bytes()
    with pytest.raises(ImportFileError, match=re.escape(message)) as info:
        import_file(people, "skills", path)
    assert (info.value.file, info.value.column) == (str(path), column)
    assert info.value.row == (4 if "again" in message else 3)
    assert ratings_of(people) == [] and skill_names(people) == []
    assert people.path.read_bytes() == before


def test_unknown_skills_are_created_or_refused(people, tmp_path):
    import_file(people, "skills", write(tmp_path / "a.csv", "id,skill,level\n1,Scrum,1\n"))
    path = write(tmp_path / "b.csv", "id,skill,level\n1,scrum,2\n2,Lean,3\n")
    with pytest.raises(ImportFileError, match="There is no skill “Lean” in the plan") as info:
        import_file(people, "skills", path, create_skills=False)
    assert (info.value.row, info.value.column) == (3, "skill")
    assert ratings_of(people) == [("1", "Scrum", 1, None, False)]
    result = import_file(people, "skills", path)
    assert result.created_skills == ("Lean",)
    assert skill_names(people) == ["Lean", "Scrum"]


def test_a_wide_file_with_a_level_column_but_no_skill_column_stays_wide(people, tmp_path):
    result = import_file(people, "skills", write(tmp_path / "w.csv", "id,Level,Scrum\n1,2,3\n"))
    assert result.layout == "wide" and skill_names(people) == ["Level", "Scrum"]


# -- preview ----------------------------------------------------------------------------

def test_preview_lists_every_problem_and_writes_nothing(people, tmp_path):
    path = write(tmp_path / "s.csv", "\ufeffid;Scrum;Kanban\n1;5;2\n2;x;2,5\n9;1;1\n3;1;\n")
    file_before, plan_before = path.read_bytes(), people.path.read_bytes()
    preview = preview_import(people, "skills", path)
    assert isinstance(preview, ImportPreview) and not preview.ok
    assert [(e.row, e.column) for e in preview.errors] == [
        (2, "Scrum"), (3, "Scrum"), (3, "Kanban"), (4, "id")]
    assert preview.error_count == 4
    assert preview.errors[1].message == "“x” is not a level; use a whole number from 0 to 4"
    assert preview.errors[3].text.startswith(f"File {path}, row 4, column “id”: There is no")
    assert (preview.layout, preview.file_type, preview.delimiter, preview.encoding) == (
        "wide", "csv", ";", "utf-8-sig")
    assert preview.header == ("id", "Scrum", "Kanban")
    assert preview.mapping == {"id": "id", "Scrum": "Scrum", "Kanban": "Kanban"}
    assert preview.rows[0] == (2, ("1", "5", "2")) and len(preview.rows) == 4
    # Only the good row counts: Cleo's one rating, in a skill to be created.
    assert (preview.data_rows, preview.added, preview.updated) == (2, 1, 0)
    assert preview.created_skills == ("Scrum", "Kanban")
    assert path.read_bytes() == file_before and people.path.read_bytes() == plan_before
    assert ratings_of(people) == [] and skill_names(people) == []


def test_preview_of_a_good_long_file_counts_what_the_import_does(people, tmp_path):
    import_file(people, "skills", write(tmp_path / "a.csv", "id,skill,level\n1,Scrum,1\n"))
    path = write(tmp_path / "b.csv", "id,skill,level,target\n1,Scrum,2,3\n2,Scrum,1,\n"
                                     "2,Lean,0,\n", "cp1252")
    preview = preview_import(people, "skills", path, max_rows=2)
    assert preview.ok and preview.errors == () and preview.layout == "long"
    assert (preview.added, preview.updated, preview.created_skills) == (2, 1, ("Lean",))
    assert preview.encoding == "utf-8" and preview.delimiter == ","
    assert preview.columns == (("id", "id"), ("skill", "skill"), ("level", "level"),
                               ("target", "target"))
    assert "wants_to_learn" in preview.fields
    assert preview.rows == ((2, ("1", "Scrum", "2", "3")), (3, ("2", "Scrum", "1", "")))
    result = import_file(people, "skills", path)
    assert (result.added, result.updated) == (preview.added, preview.updated)


def test_preview_keeps_counting_beyond_the_error_limit(people, tmp_path):
    rows = "".join(f"1,Skill {i},9\n" for i in range(150))
    preview = preview_import(people, "skills", write(tmp_path / "s.csv",
                                                     "id,skill,level\n" + rows))
    assert len(preview.errors) == 100 and preview.error_count == 150
    assert [e.row for e in preview.errors[:3]] == [2, 3, 4]


def test_preview_with_create_skills_false_names_unknown_skills(people, tmp_path):
    preview = preview_import(people, "skills", write(tmp_path / "s.csv", "id,Lean\n1,2\n"),
                             create_skills=False)
    assert [(e.row, e.column) for e in preview.errors] == [(1, "Lean")]
    assert preview.created_skills == ()


def test_preview_of_unreadable_files(people, tmp_path):
    missing = preview_import(people, "people", tmp_path / "nope.csv")
    assert missing.error_count == 1 and missing.errors[0].message == "The file does not exist."
    assert missing.header == () and missing.fields == ()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    assert "damaged" in preview_import(people, "skills", bad).errors[0].message


def test_preview_of_people_and_ties(people, tmp_path):
    people_file = write(tmp_path / "p.csv", "id;name;team_lead\n1;Anna B.;ja\n4;Dora;vielleicht\n"
                                            "5;;nein\n6;Emil;nein\n")
    preview = preview_import(people, "people", people_file)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "team_lead"), (4, "name")]
    assert (preview.added, preview.updated, preview.layout) == (1, 1, "people")
    ties = write(tmp_path / "t.csv", "source,target,weight\n1,2,1\n2,2,1\n1,9,0\n3,8,2\n")
    preview = preview_import(people, "ties", ties)
    # A row with a bad cell is not checked against the plan any further.
    assert [(e.row, e.column) for e in preview.errors] == [(3, "target"), (4, "weight"),
                                                            (5, "target")]
    assert (preview.added, preview.updated) == (1, 0)


# -- manual column mapping --------------------------------------------------------------

def test_a_missing_id_column_can_be_mapped_by_hand(people, tmp_path):
    path = write(tmp_path / "s.csv", "Mitarbeiter-Nr.;Bereich;Scrum;Kanban\n1;IT;2;3\n")
    preview = preview_import(people, "skills", path)
    assert not preview.ok and "lacks the required column “id”" in preview.errors[0].message
    assert preview.header == ("Mitarbeiter-Nr.", "Bereich", "Scrum", "Kanban")
    assert preview.fields == ("id",)
    mapping = {"Mitarbeiter-Nr.": "id", "Bereich": "ignore", "kanban": "Kanban-Methode"}
    preview = preview_import(people, "skills", path, mapping=mapping)
    assert preview.ok, preview.errors
    assert preview.columns == (("Mitarbeiter-Nr.", "id"), ("Bereich", "ignore"),
                               ("Scrum", "Scrum"), ("Kanban", "Kanban-Methode"))
    assert preview.created_skills == ("Scrum", "Kanban-Methode")
    with pytest.raises(ImportFileError, match="lacks the required column"):
        import_file(people, "skills", path)
    result = import_file(people, "skills", path, mapping=mapping)
    assert result.added == 2
    assert ratings_of(people) == [("1", "Kanban-Methode", 3, None, False),
                                  ("1", "Scrum", 2, None, False)]


def test_mapping_people_columns_and_detecting_long_by_mapping(people, tmp_path):
    path = write(tmp_path / "p.csv", "Nr;Vollständiger Name;Team\n7;Gustav;IT\n")
    result = import_file(people, "people", path, mapping={"Nr": "id",
                                                          "Vollständiger Name": "Name",
                                                          "Team": "department"})
    assert result.added == 1
    with people.reading() as session:
        person = repo.get_person(session=session, person_id="7")
    assert (person.name, person.department) == ("Gustav", "IT")
    long = write(tmp_path / "l.csv", "Nr,Thema,Wert\n7,Scrum,2\n")
    mapping = {"Nr": "id", "Thema": "skill", "Wert": "level"}
    assert preview_import(people, "skills", long, mapping=mapping).layout == "long"
    import_file(people, "skills", long, mapping=mapping)
    assert ratings_of(people) == [("7", "Scrum", 2, None, False)]


def test_mapping_to_a_field_the_kind_lacks_is_a_problem(people, tmp_path):
    path = write(tmp_path / "p.csv", "id,name,x\n1,Anna,2\n")
    preview = preview_import(people, "people", path, mapping={"x": "salary"})
    assert preview.errors[0].column == "x"
    assert "cannot be read as “salary”" in preview.errors[0].message
    with pytest.raises(ImportFileError, match="choose one of: id, name"):
        import_file(people, "people", path, mapping={"x": "salary"})
