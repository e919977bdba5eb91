"""The relationship-survey import, the response rate per department and its warning."""

from __future__ import annotations

import datetime

import pytest

from changeplanner import domain
from changeplanner.errors import ImportFileError
from changeplanner.services import imports, survey
from changeplanner.store import repo
from tests.services.survey_fixture import fill, ties_of

GOOD = (
    "Respondent;Advice 1;Advice 2;Advice 3\n"
    "Anna Berg;Łukasz Żółć;jose alvarez; Ben Ott\n"
    "LUKASZ ZOLC;anna berg;;\n"
    "p3;Anna Berg ; p6;\n"
    "Ben Ott;Carla Diaz;Carla Diaz;\n"
    "Dora Engel;<b>müller & söhne</b>;;\n"
)


@pytest.fixture
def org(plan):
    fill(plan)
    return plan


def write(tmp_path, text, name="survey.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_survey_becomes_ties_and_respondents(org, tmp_path):
    result = imports.import_file(org, "survey", write(tmp_path, GOOD))
    assert (result.kind, result.rows, result.added, result.updated) == ("survey", 5, 8, 0)
    # Ben named Carla twice: one tie.
    assert ties_of(org) == {
        ("p1", "p2", "advice", 1.0), ("p1", "p3", "advice", 1.0), ("p1", "p4", "advice", 1.0),
        ("p2", "p1", "advice", 1.0), ("p3", "p1", "advice", 1.0), ("p3", "p6", "advice", 1.0),
        ("p4", "p5", "advice", 1.0), ("p7", "p6", "advice", 1.0)}
    assert len(ties_of(org)) == 8
    record = survey.survey_record(org, "advice")
    assert record["respondents"] == ["p1", "p2", "p3", "p4", "p7"]
    assert record["date"] == datetime.date.today().isoformat()
    assert survey.survey_record(org, "trust") is None


def test_reimport_replaces_a_respondents_earlier_answer(org, tmp_path):
    first = write(tmp_path, "name,named 1,named 2\nAnna Berg,Dora Engel,Ben Ott\n"
                  "Emil Frank,Dora Engel,\n", "first.csv")
    imports.import_file(org, "survey", first, relation="advice")
    with org.transaction() as session:  # a tie of another kind from Anna stays
        repo.upsert_ties(session=session, ties=[domain.Tie("p1", "p7", "trust")])
    # Anna answers again and no longer names Ben; Emil is not in the new file.
    second = write(tmp_path, "name,named\nAnna Berg,Dora Engel\n", "second.csv")
    imports.import_file(org, "survey", second, relation="advice")
    assert ties_of(org) == {("p1", "p7", "advice", 1.0), ("p8", "p7", "advice", 1.0),
                            ("p1", "p7", "trust", 1.0)}


def test_relation_option_and_reimport_adds_respondents(org, tmp_path):
    first = write(tmp_path, "name,named\nAnna Berg,Dora Engel\n", "a.csv")
    second = write(tmp_path, "name,named\nEmil Frank,Dora Engel\nAnna Berg,Dora Engel\n",
                   "b.csv")
    imports.import_file(org, "survey", first, relation="trust")
    result = imports.import_file(org, "survey", second, relation="trust")
    assert (result.added, result.updated) == (1, 1)
    assert ties_of(org) == {("p1", "p7", "trust", 1.0), ("p8", "p7", "trust", 1.0)}
    assert survey.survey_record(org, "trust")["respondents"] == ["p1", "p8"]
    assert survey.survey_record(org, "advice") is None


@pytest.mark.parametrize(("text", "row", "column", "words"), [
    ("Respondent,Q1,Q2\nAnna Berg,Ben Ott,\nDora Engel,Emil Frank,Zorro\n", 3, "Q2",
     "Zorro"),
    ("Respondent,Q1\nAnna Berg,Jan Meyer\n", 2, "Q1", "ambiguous"),
    ("Respondent,Q1\nNobody Here,Ben Ott\n", 2, "Respondent", "Nobody Here"),
    ("Respondent,Q1\nAnna Berg,anna berg\n", 2, "Q1", "themselves"),
    ("Respondent,Q1\nAnna Berg,Ben Ott\np1,Carla Diaz\n", 3, "Respondent", "answered already"),
    ("Respondent,Q1\n,Ben Ott\n", 2, "Respondent", "respondent is empty"),
])
def test_bad_survey_names_row_and_column_and_changes_nothing(org, tmp_path, text, row,
                                                             column, words):
    path = write(tmp_path, text)
    with pytest.raises(ImportFileError) as caught:
        imports.import_file(org, "survey", path)
    error = caught.value
    assert (error.row, error.column) == (row, column)
    assert words in str(error)
    assert f"row {row}" in str(error)
    assert ties_of(org) == set()
    assert survey.survey_record(org) is None


def test_preview_lists_every_problem_and_writes_nothing(org, tmp_path):
    path = write(tmp_path, "Respondent,Q1,Q2\nAnna Berg,Zorro,Jan Meyer\nBen Ott,Anna Berg,\n")
    preview = imports.preview_import(org, "survey", path)
    assert preview.error_count == 2
    assert [(e.row, e.column) for e in preview.errors] == [(2, "Q1"), (2, "Q2")]
    assert dict(preview.columns) == {"Respondent": "respondent", "Q1": "named",
                                     "Q2": "named"}
    assert ties_of(org) == set()
    good = imports.preview_import(org, "survey", write(tmp_path, GOOD, "good.csv"))
    assert (good.ok, good.added, good.updated, good.data_rows) == (True, 8, 0, 5)
    assert ties_of(org) == set()


def test_response_rates_hand_computed(org, tmp_path):
    # Sales: 4 of 5 answer (80 %, not below); IT: 1 of 4 (25 %); HR: 0 of 1.
    imports.import_file(org, "survey", write(tmp_path, GOOD))
    rates = survey.response_rates(org)
    assert rates == [("HR", 0, 1, 0.0), ("IT", 1, 4, 0.25), ("Sales", 4, 5, 0.8)]
    assert survey.overall_rate(rates)[1:] == (5, 10, 0.5)
    warning = survey.rate_warning(rates)
    assert warning is not None
    assert "only directional" in warning
    assert "IT (25%)" in warning and "HR (0%)" in warning
    assert "Sales" not in warning
    assert survey.rate_warning([survey.ResponseRate("Sales", 4, 5, 0.8)]) is None


def test_respondents_who_left_the_plan_do_not_count(org, tmp_path):
    imports.import_file(org, "survey", write(tmp_path, GOOD))
    with org.transaction() as session:
        repo.delete_people(session=session, ids=["p7"])
    assert [r for r in survey.response_rates(org) if r.department == "IT"] == [
        ("IT", 0, 3, 0.0)]
