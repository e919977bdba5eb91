"""The letter "what became of your ideas", read back with pypdf; and its export service."""

import datetime
import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from changeplanner import domain, i18n
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.reports.idea_letter import (
    STATUS_EXPLANATIONS,
    IdeaLetterData,
    LetterIdea,
    render_idea_letter,
    status_label,
)
from changeplanner.services import records
from changeplanner.services.letters import export_idea_letter, idea_letter_data
from changeplanner.services.plans import create_plan, open_or_create
from changeplanner.store import repo

IDEAS = (
    LetterIdea("Rückrufe bündeln, damit <b>Müller & Söhne</b> einen festen Ansprechpartner "
               "haben.", "2025-01-10", "implemented", "Im Pilot umgesetzt – danke!",
               "2025-02-01", pilot="Rückruf-Team"),
    LetterIdea("Customers say the hotline menu is far too long.", "2025-02-11", "in_review",
               source="customer"),
    LetterIdea("Offer chat support on weekends.", "2025-03-01", "rejected",
               "Not enough staff on weekends yet; we will look again in autumn.",
               "2025-03-20", measure="Weekend staffing"),
    LetterIdea("A shared knowledge base for first and second level.", "", "new"),
)


def letter(**changes) -> IdeaLetterData:
    values = dict(plan_name="Hanse Direkt <i>Versicherung</i>", recipient="Jürgen Weiß",
                  date=datetime.date(2025, 5, 3), ideas=IDEAS)
    values.update(changes)
    return IdeaLetterData(**values)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text: str) -> str:
    """Text without any whitespace (paragraphs wrap over lines)."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", ["en", "de"])
def test_letter_has_every_idea_with_status_and_note(language):
    i18n.set_language(language)
    pdf = render_idea_letter(letter())
    text = squeeze(pdf_text(pdf))
    assert pdf.startswith(b"%PDF")
    for idea in IDEAS:
        assert squeeze(idea.text) in text  # markup prints literally
        assert squeeze(status_label(idea.status)) in text
        assert squeeze(_(STATUS_EXPLANATIONS[idea.status])) in text
        if idea.decision_note:
            assert squeeze(idea.decision_note) in text
    for name in ("Jürgen Weiß", "Rückruf-Team", "Weekend staffing",
                 "Hanse Direkt <i>Versicherung</i>"):
        assert squeeze(name) in text
    assert squeeze(_("What became of your ideas")) in text
    # Dates in the language's form: 3 May 2025 and the decision dates.
    if language == "de":
        assert "03.05.2025" in text and "01.02.2025" in text
    else:
        assert "2025-05-03" in text and "2025-02-01" in text
        assert "Thank you for the 4 ideas" in pdf_text(pdf).replace("\n", " ")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title.endswith("Jürgen Weiß")
    fonts = {str(font.get("/BaseFont")) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in font for font in fonts)


def test_german_letter_is_translated_at_render_time(monkeypatch):
    """The letter uses the catalogue active while rendering (here a stand-in translation)."""
    i18n.set_language("de")
    monkeypatch.setitem(i18n._catalog, "What became of your ideas", "Was aus Ihren Ideen wurde")
    monkeypatch.setitem(i18n._catalog, "Dear {name},", "Guten Tag {name},")
    text = pdf_text(render_idea_letter(letter()))
    assert "Was aus Ihren Ideen wurde" in text
    assert "Guten Tag Jürgen Weiß," in text
    assert "What became of your ideas" not in text


def test_same_data_gives_same_bytes_and_summary_counts():
    first = render_idea_letter(letter())
    assert first == render_idea_letter(letter())
    text = pdf_text(first).replace("\n", " ")
    assert ("In short: 1 adopted or put into practice, 2 still under consideration, "
            "1 not taken up for now.") in text


def test_many_long_ideas_flow_over_pages():
    ideas = tuple(LetterIdea(f"Idea {n}: " + "make the hand-over smoother " * 60,
                             "2025-01-01", "adopted", "Good point. " * 120, "2025-02-01")
                  for n in range(12))
    pdf = render_idea_letter(letter(ideas=ideas))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    text = squeeze(pdf_text(pdf))
    for n in range(12):
        assert f"Idea{n}:" in text


def test_letter_without_ideas_still_reads_well():
    text = pdf_text(render_idea_letter(letter(ideas=())))
    assert "We have no ideas of yours on record yet" in text.replace("\n", " ")


# -- the service -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def _idea_plan_file(tmp_path_factory):
    """A plan with people, a pilot, a measure and ideas, written once per module."""
    plan = create_plan(tmp_path_factory.mktemp("letters") / "ideas.changeplan",
                       name="Test plan")
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=[
            domain.Person("P01", "Anna Schmidt", "Kundenservice"),
            domain.Person("P02", "Ben Weber", "Kundenservice")])
        repo.add_pilot(session=session, name="Callback squad", department="Kundenservice")
    pilot_id = records.list_pilots(plan)[0].id
    measure_id = records.add(plan, domain.Measure(0, "Shorter hotline menu"))
    records.add(plan, domain.Idea(0, "Call customers back within an hour.", author="Anna S.",
                                  person_id="P01", date="2025-03-01", status="adopted",
                                  decision_note="Part of the callback pilot.",
                                  pilot_id=pilot_id))
    records.add(plan, domain.Idea(0, "The hotline menu has too many levels.", author="Anna S.",
                                  person_id="P01", date="2025-01-15", source="customer",
                                  measure_id=measure_id))
    records.add(plan, domain.Idea(0, "Weekend chat.", author="Ben Weber", person_id="P02"))
    records.add(plan, domain.Idea(0, "Knowledge base for everyone.", author="Temp worker Kim",
                                  date="2025-04-02", status="rejected",
                                  decision_note="A bought tool comes next year."))
    plan.close()
    return plan.path


@pytest.fixture
def idea_plan(_idea_plan_file, tmp_path):
    target = tmp_path / "ideas.changeplan"
    shutil.copyfile(_idea_plan_file, target)
    plan = open_or_create(target)
    yield plan
    plan.close()


def test_letter_data_collects_one_authors_ideas(idea_plan):
    data = idea_letter_data(idea_plan, "P01", date=datetime.date(2025, 5, 1))
    assert data.recipient == "Anna Schmidt"  # the person's name in the plan
    assert data.plan_name == "Test plan"
    assert [i.text for i in data.ideas] == ["The hotline menu has too many levels.",
                                            "Call customers back within an hour."]
    assert data.ideas[0].measure == "Shorter hotline menu"
    assert data.ideas[0].source == "customer"
    assert data.ideas[1].pilot == "Callback squad"
    assert data.ideas[1].decided  # set by the service when adopted
    free = idea_letter_data(idea_plan, "Temp worker Kim")
    assert free.recipient == "Temp worker Kim"
    assert [i.status for i in free.ideas] == ["rejected"]


def test_export_writes_the_letter(idea_plan, tmp_path):
    path = export_idea_letter(idea_plan, "P01", tmp_path / "anna.pdf")
    assert path == tmp_path / "anna.pdf"
    text = squeeze(pdf_text(path.read_bytes()))
    assert squeeze("Call customers back within an hour.") in text
    assert squeeze("The hotline menu has too many levels.") in text
    assert "Weekendchat." not in text  # Ben's idea is not in Anna's letter
    assert squeeze("Dear Anna Schmidt,") in text


def test_export_in_german(idea_plan, tmp_path):
    i18n.set_language("de")
    path = export_idea_letter(idea_plan, "Temp worker Kim", tmp_path / "kim.pdf")
    text = squeeze(pdf_text(path.read_bytes()))
    assert squeeze("Knowledge base for everyone.") in text
    assert squeeze("A bought tool comes next year.") in text
    assert "02.04.2025" in text
    assert squeeze(_("rejected")) in text


def test_unknown_author_is_a_user_error(idea_plan, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="no ideas by “Nobody”"):
        export_idea_letter(idea_plan, "Nobody", out / "x.pdf")
    with pytest.raises(UserError):
        export_idea_letter(idea_plan, "", out / "x.pdf")  # anonymous ideas get no letter
    assert list(out.iterdir()) == []


def test_unwritable_path_is_a_user_error_and_leaves_nothing(idea_plan, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError) as error:
        export_idea_letter(idea_plan, "P01", out / "missing" / "anna.pdf")
    assert "anna.pdf" in str(error.value)
    with pytest.raises(UserError, match="folder"):
        export_idea_letter(idea_plan, "P01", out)
    assert list(out.iterdir()) == []


def test_export_replaces_an_existing_file(idea_plan, tmp_path):
    target = tmp_path / "anna.pdf"
    target.write_bytes(b"old")
    export_idea_letter(idea_plan, "P01", target)
    assert Path(target).read_bytes().startswith(b"%PDF")
