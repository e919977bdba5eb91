"""The blank printable survey: one questionnaire per department, names printed literally."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from changeplanner.errors import UserError
from changeplanner.services import survey
from tests.services.survey_fixture import fill


@pytest.fixture
def org(plan):
    fill(plan)
    return plan


def pages_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_one_questionnaire_per_department(org, tmp_path):
    out = survey.export_blank_survey(org, tmp_path / "survey.pdf")
    pages = pages_text(out)
    assert len(pages) == 3  # HR, IT, Sales: each fits on one page
    hr, it, sales = pages
    for text in pages:
        assert "Who do you go to for advice about your work?" in text
        assert "Your name:" in text
        assert "Confidential" in text
        assert "Łukasz Żółć" in text
        assert "<b>Müller & Söhne</b>" in text
    assert "Department: HR" in hr and "Department: Sales" in sales
    # the department's own people come first, then the other departments
    assert it.index("Dora Engel") < it.index("Other departments") < it.index("Anna Berg")
    assert sales.index("Łukasz Żółć") < sales.index("Other departments") < sales.index(
        "Dora Engel")
    # nothing leaked as markup: the bold name is not printed bold-without-tags
    assert "Müller & Söhne" not in it.replace("<b>Müller & Söhne</b>", "")
    assert not (tmp_path / "survey.pdf.part").exists()


def test_one_department_and_another_question(org, tmp_path):
    out = survey.export_blank_survey(org, tmp_path / "it.pdf", department="IT",
                                     relation="trust")
    pages = pages_text(out)
    assert len(pages) == 1
    assert "Whom do you trust" in pages[0]
    assert "Department: IT" in pages[0]


def test_unknown_department_is_refused(org, tmp_path):
    with pytest.raises(UserError, match="Marketing"):
        survey.export_blank_survey(org, tmp_path / "x.pdf", department="Marketing")
    assert not (tmp_path / "x.pdf").exists()


def test_empty_plan_is_refused(plan, tmp_path):
    with pytest.raises(UserError, match="no people"):
        survey.export_blank_survey(plan, tmp_path / "x.pdf")
