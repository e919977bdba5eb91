"""``changeplanner import PLAN survey`` and ``changeplanner survey`` end to end."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from changeplanner import cli


@pytest.fixture
def plan_file(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("id,name,department\np1,Anna Berg,Sales\np2,Łukasz Żółć,Sales\n"
                      "p3,Dora Engel,IT\np4,Emil Frank,IT\np5,Eva Groß,IT\n", encoding="utf-8")
    path = tmp_path / "org.changeplan"
    assert cli.main(["import", str(path), "people", str(people)]) == 0
    return path


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_survey_and_rates(capsys, plan_file, tmp_path):
    capsys.readouterr()
    answers = tmp_path / "answers.csv"
    answers.write_text("Respondent,Advice 1,Advice 2\nanna berg,lukasz zolc,Dora Engel\n"
                       "Łukasz Żółć,Anna Berg,\nEmil Frank,eva gross,\n", encoding="utf-8")
    code, out, err = run(capsys, "import", plan_file, "survey", answers, "--relation",
                         "advice")
    assert code == 0, err
    assert "3 respondents" in out and "4 ties added" in out

    code, out, err = run(capsys, "survey", plan_file, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["departments"] == [
        {"department": "IT", "respondents": 1, "people": 3, "rate": 0.3333},
        {"department": "Sales", "respondents": 2, "people": 2, "rate": 1.0}]
    assert (data["respondents"], data["people"], data["rate"]) == (3, 5, 0.6)
    assert "IT (33%)" in data["warning"] and "Sales" not in data["warning"]

    code, out, err = run(capsys, "survey", plan_file)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Department", "Respondents", "People", "Rate"]
    assert lines[2].split() == ["IT", "1", "3", "33%"]
    assert lines[4].split() == ["All", "3", "5", "60%"]
    assert "only directional" in err

    code, out, err = run(capsys, "survey", plan_file, "--relation", "trust", "--json")
    assert json.loads(out)["rate"] == 0.0


def test_bad_survey_is_rejected_with_row_and_column(capsys, plan_file, tmp_path):
    capsys.readouterr()
    answers = tmp_path / "answers.csv"
    answers.write_text("Respondent,Advice 1\nAnna Berg,Nobody\n", encoding="utf-8")
    code, out, err = run(capsys, "import", plan_file, "survey", answers)
    assert code != 0
    assert "row 2" in err and "Advice 1" in err and "Nobody" in err
    code, out, err = run(capsys, "survey", plan_file, "--json")
    assert json.loads(out)["respondents"] == 0


def test_blank_survey(capsys, plan_file, tmp_path):
    capsys.readouterr()
    out_pdf = tmp_path / "blank.pdf"
    code, out, err = run(capsys, "survey", plan_file, "--blank", out_pdf, "--department", "IT")
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(out_pdf).pages)
    assert "Department: IT" in text and "Eva Groß" in text and "Łukasz Żółć" in text
    code, out, err = run(capsys, "survey", plan_file, "--blank", out_pdf, "--department", "X")
    assert code != 0 and "X" in err
    code, out, err = run(capsys, "survey", plan_file, "--department", "IT")
    assert code == 2
