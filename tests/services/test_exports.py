"""Exporting the skills matrix, the round trips through the import, and the export command."""

import openpyxl
import pytest

from changeplanner import cli, i18n
from changeplanner.errors import UserError
from changeplanner.services import catalog
from changeplanner.services.exports import export_skills
from changeplanner.services.imports import import_file
from changeplanner.store import repo
from changeplanner.store.db import create_plan

PEOPLE = ("id;name;department\n"
          "1;Anna Berg;IT\n2;Ben Kurz;IT\n3;Cleo Marx;Kundenservice\n4;Dana Roth;\n")
#: Levels, targets (own overrides) and wishes covering every combination.
RATINGS = ("id,skill,level,target,wants_to_learn\n"
           "1,Scrum,3,4,yes\n1,Kanban,0,,no\n1,Design Thinking,2,2,no\n"
           "2,Scrum,1,,yes\n2,Jira,4,,no\n"
           "3,Kanban,2,3,yes\n3,Jira,0,0,no\n"
           "4,Design Thinking,4,,no\n")


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def ratings_of(plan):
    """Every rating as (person, skill name, level, target, wants)."""
    with plan.reading() as session:
        names = {s.id: s.name for s in repo.list_skills(session=session)}
        return sorted((r.person_id, names[r.skill_id], r.level, r.target, r.wants_to_learn)
                      for r in repo.list_ratings(session=session))


def skill_ids(plan):
    with plan.reading() as session:
        return {s.name: s.id for s in repo.list_skills(session=session)}


@pytest.fixture
def rated(plan, tmp_path):
    """Four people with levels, targets and wishes in four skills (two categories)."""
    import_file(plan, "people", write(tmp_path / "people.csv", PEOPLE))
    import_file(plan, "skills", write(tmp_path / "ratings.csv", RATINGS))
    ids = skill_ids(plan)
    catalog.update_skill(plan, ids["Scrum"], category="Agile")
    catalog.update_skill(plan, ids["Kanban"], category="Agile")
    catalog.update_skill(plan, ids["Jira"], category="Tools")
    return plan


def fresh_plan(tmp_path, name):
    plan = create_plan(tmp_path / f"{name}.changeplan", name=name)
    import_file(plan, "people", tmp_path / "people.csv")
    return plan


EXPECTED = [
    ("1", "Design Thinking", 2, 2, False), ("1", "Kanban", 0, None, False),
    ("1", "Scrum", 3, 4, True), ("2", "Jira", 4, None, False), ("2", "Scrum", 1, None, True),
    ("3", "Jira", 0, 0, False), ("3", "Kanban", 2, 3, True),
    ("4", "Design Thinking", 4, None, False),
]


def test_fixture_holds_every_kind_of_value(rated):
    assert ratings_of(rated) == EXPECTED


def test_xlsx_round_trip_keeps_every_value(rated, tmp_path):
    first = export_skills(rated, tmp_path / "first.xlsx")
    other = fresh_plan(tmp_path, "other")
    try:
        result = import_file(other, "skills", first)
        assert (result.layout, result.added, result.updated) == ("wide", 8, 0)
        assert ratings_of(other) == EXPECTED
        second = export_skills(other, tmp_path / "second.xlsx")
    finally:
        other.close()
    # Categories (the column order) are the catalogue's, not the file's: compare by header.
    for title in ("Skills", "Targets"):
        rows = [list(openpyxl.load_workbook(p)[title].iter_rows(values_only=True))
                for p in (first, second)]
        cells = [{(row[0], header, value) for row in table[1:]
                  for header, value in zip(table[0], row, strict=True)} for table in rows]
        assert cells[0] == cells[1] and len(cells[0]) > 10


def test_xlsx_columns_are_grouped_by_category(rated, tmp_path):
    sheet = openpyxl.load_workbook(export_skills(rated, tmp_path / "s.xlsx"))["Skills"]
    header = [c.value for c in sheet[1]]
    assert header == ["id", "name", "department", "Kanban", "Scrum", "Jira", "Design Thinking"]
    assert [c.value for c in sheet[2]] == ["1", "Anna Berg", "IT", 0, 3, None, 2]


def test_reimporting_an_edited_export_updates_levels_targets_and_wishes(rated, tmp_path):
    path = export_skills(rated, tmp_path / "s.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Skills"]["E2"] = 4          # Anna: Scrum 3 -> 4
    targets = workbook["Targets"]
    for row in targets.iter_rows(min_row=2):
        if (row[0].value, row[1].value) == ("1", "Scrum"):
            targets.delete_rows(row[0].row)   # Anna's Scrum target and wish removed
            break
    targets.append(["2", "Jira", 3, "ja"])   # Ben gets a target and a wish in Jira
    workbook.save(path)
    result = import_file(rated, "skills", path)
    assert result.added == 0
    changed = set(ratings_of(rated)) ^ set(EXPECTED)
    assert changed == {("1", "Scrum", 3, 4, True), ("1", "Scrum", 4, None, False),
                       ("2", "Jira", 4, None, False), ("2", "Jira", 4, 3, True)}
    with rated.reading() as session:
        history = repo.list_rating_history(session=session, person_id="1")
    assert [h.level for h in history if h.skill_id == skill_ids(rated)["Scrum"]] == [3, 4]


def test_long_csv_round_trip_keeps_every_value(rated, tmp_path):
    path = export_skills(rated, tmp_path / "s.csv", long=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;skill;level;target;wants_to_learn\r\n")
    other = fresh_plan(tmp_path, "other")
    try:
        assert import_file(other, "skills", path).layout == "long"
        assert ratings_of(other) == EXPECTED
        again = export_skills(other, tmp_path / "again.csv", long=True).read_bytes()
        assert sorted(again.splitlines()) == sorted(raw.splitlines())
    finally:
        other.close()


def test_a_name_ending_in_long_csv_gets_the_long_format(rated, tmp_path):
    path = export_skills(rated, tmp_path / "matrix_long.csv")
    assert path.read_text(encoding="utf-8-sig").startswith("id;skill;level;target;")


def test_wide_csv_round_trip_keeps_the_levels(rated, tmp_path):
    path = export_skills(rated, tmp_path / "s.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[:2] == [
        "id;name;department;Kanban;Scrum;Jira;Design Thinking", "1;Anna Berg;IT;0;3;;2"]
    other = fresh_plan(tmp_path, "other")
    try:
        import_file(other, "skills", path)
        assert [r[:3] for r in ratings_of(other)] == [r[:3] for r in EXPECTED]
    finally:
        other.close()


def test_german_export_round_trips(rated, tmp_path):
    i18n.set_language("de")
    path = export_skills(rated, tmp_path / "s.xlsx")
    workbook = openpyxl.load_workbook(path)
    legend = workbook.worksheets[1]
    assert legend["B2"].value == "keine"
    assert {r[3] for r in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)} == {
        "ja", "nein"}
    other = fresh_plan(tmp_path, "other")
    try:
        import_file(other, "skills", path)
        assert ratings_of(other) == EXPECTED
    finally:
        other.close()


def test_archived_skills_are_left_out_unless_asked_for(rated, tmp_path):
    catalog.set_skill_archived(rated, skill_ids(rated)["Jira"], True)
    header = next(openpyxl.load_workbook(export_skills(rated, tmp_path / "a.xlsx"))
                  ["Skills"].iter_rows(values_only=True))
    assert "Jira" not in header and "Scrum" in header
    long_rows = export_skills(rated, tmp_path / "a.csv", long=True).read_text(
        encoding="utf-8-sig")
    assert "Jira" not in long_rows
    everything = export_skills(rated, tmp_path / "b.csv", include_archived=True)
    assert "Jira" in everything.read_text(encoding="utf-8-sig").splitlines()[0]


def test_legend_uses_the_plans_level_names(rated, tmp_path):
    catalog.set_level_text(rated, 4, "Coach", "teaches the others")
    legend = openpyxl.load_workbook(export_skills(rated, tmp_path / "s.xlsx"))["Legend"]
    rows = list(legend.iter_rows(min_row=2, values_only=True))
    assert rows[4] == (4, "Coach", "teaches the others")
    assert rows[0][:2] == (0, "none")


def test_empty_plan_exports_a_header(plan, tmp_path):
    path = export_skills(plan, tmp_path / "s.csv")
    assert path.read_bytes() == b"\xef\xbb\xbfid;name;department\r\n"
    assert openpyxl.load_workbook(export_skills(plan, tmp_path / "s.xlsx")).sheetnames == [
        "Skills", "Legend", "Targets"]


@pytest.mark.parametrize("name, long, message", [
    ("s.txt", False, "ending in .xlsx"), ("s.xlsx", True, "long format"),
])
def test_bad_requests(plan, tmp_path, name, long, message):
    with pytest.raises(UserError, match=message):
        export_skills(plan, tmp_path / name, long=long)
    assert list(tmp_path.iterdir()) == [tmp_path / "test.changeplan"]


# -- the command ------------------------------------------------------------------------

@pytest.fixture
def plan_file(rated):
    path = rated.path
    rated.close()
    return path


def test_cli_export_xlsx_csv_and_long(plan_file, tmp_path, capsys):
    assert cli.main(["export", str(plan_file), "skills", str(tmp_path / "o.xlsx")]) == 0
    assert "o.xlsx" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "o.xlsx")["Skills"].freeze_panes == "D2"
    assert cli.main(["export", str(plan_file), "skills", str(tmp_path / "o.csv")]) == 0
    assert cli.main(["export", str(plan_file), "skills", str(tmp_path / "l.csv"),
                     "--long"]) == 0
    assert (tmp_path / "l.csv").read_text(encoding="utf-8-sig").count("\n") == 9
    # ... and the long file imports into a new plan with the command line too.
    new_plan = tmp_path / "new.changeplan"
    assert cli.main(["import", str(new_plan), "people", str(tmp_path / "people.csv")]) == 0
    assert cli.main(["import", str(new_plan), "skills", str(tmp_path / "l.csv")]) == 0
    assert "Imported 8 skill ratings from l.csv: 8 added, 0 updated" in capsys.readouterr().out


@pytest.mark.parametrize("args, code, message", [
    (["skills", "OUT.txt"], 2, "must end in .xlsx or .csv"),
    (["skills", "OUT.xlsx", "--long"], 2, "--long writes CSV"),
    (["people", "OUT.xlsx"], 2, "invalid choice"),
    (["skills", "missing/OUT.xlsx"], 1, "could not be written"),
])
def test_cli_export_errors(plan_file, tmp_path, capsys, args, code, message):
    args = [args[0], str(tmp_path / args[1]), *args[2:]]
    assert cli.main(["export", str(plan_file), *args]) == code
    assert message in capsys.readouterr().err


def test_cli_export_of_a_missing_plan(tmp_path, capsys):
    assert cli.main(["export", str(tmp_path / "nope.changeplan"), "skills",
                     str(tmp_path / "o.xlsx")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "o.xlsx").exists()
