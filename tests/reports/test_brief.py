"""The change-board brief PDF, read back with pypdf."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from changeplanner import i18n
from changeplanner.reports.brief import (
    BriefData,
    BriefMember,
    BriefRenderer,
    markup,
    render_brief,
)

NAMES = ("Łukasz Żółć", "Ayşe Yılmaz", "Nguyễn Thị Minh", "<b>Müller & Söhne</b>",
         "Jürgen Weiß", "Ola Nordmann", "Zoë O'Brien", "Søren Kierkegaard")
ROLES = ("skeptic", "networker", "enthusiast", "lead")


def brief_data(members: int = 8, people: int = 120, edges_per_person: int = 5,
               **changes) -> BriefData:
    departments = ("Kundenservice", "Vertrieb", "IT & Co", "HR")
    ids = [f"p{i:04d}" for i in range(people)]
    positions = {pid: ((i % 11) / 10, (i // 11 % 11) / 10) for i, pid in enumerate(ids)}
    edges = tuple(sorted({tuple(sorted((ids[i], ids[(i * 7 + k * 13 + 1) % people])))
                          for i in range(people) for k in range(edges_per_person)
                          if i != (i * 7 + k * 13 + 1) % people}))
    board = tuple(BriefMember(id=ids[i * 3], name=NAMES[i % len(NAMES)],
                              department=departments[i % 4], role=ROLES[i % 4],
                              reasons=f"Trusted by {10 + i} colleagues in 3 departments; "
                                      "sceptical of the change.")
                  for i in range(members))
    values = dict(
        plan_name="Agiler Kundenservice <i>2025</i> & mehr", date=datetime.date(2025, 5, 3),
        people=people, ties=len(edges) + 17, reach=0.6251, members=board,
        unfilled=(("lead", "No team lead outside the transforming department."),
                  ("", "Something else is missing.")),
        positions=positions, edges=edges,
        departments={pid: departments[i % 4] for i, pid in enumerate(ids)},
        board_name="Proposal 1", transforming_department="Kundenservice")
    values.update(changes)
    return BriefData(**values)


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Text without any whitespace (table cells wrap names over lines)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    i18n.set_language("en")
    return render_brief(brief_data())


def test_the_brief_shows_title_plan_board_and_reach(english_pdf):
    pages = pdf_text(english_pdf)
    text = "\n".join(pages)
    # Header, title and intro.
    assert squeeze(pages[0]).count(squeeze("Agiler Kundenservice <i>2025</i> & mehr")) == 3
    assert "Change-board brief" in text
    assert "Agiler Kundenservice <i>2025</i> & mehr" in text
    assert "Date: 2025-05-03" in text
    assert "63%" in text  # reach 0.6251
    assert "board reaches 63% of the 120 people" in squeeze_spaces(text)
    for label in ("Name", "Department", "Role", "Why this person", "people", "ties",
                  "board members", "reach", "Influence network", "Board member"):
        assert label in text
    flat = squeeze(text)
    for name in NAMES:
        assert squeeze(name) in flat, name
    assert "<b>Müller & Söhne</b>" in text  # literally, not bold markup (the figure label)
    assert "Trusted by 17 colleagues in 3 departments" in squeeze_spaces(text)
    assert "Fundamental skeptic" in squeeze_spaces(text)
    assert "Influential team lead" in squeeze_spaces(text)
    assert "IT & Co" in text


def squeeze_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_open_seats_say_what_to_do(english_pdf):
    text = squeeze_spaces(" ".join(pdf_text(english_pdf)))
    assert "Open seats" in text
    assert "No team lead outside the transforming department." in text
    assert "only team leads of the other departments can take this seat" in text
    assert "Something else is missing." in text
    assert "Complete the people's data in the plan" in text


def test_every_page_has_header_and_footer(english_pdf):
    pages = pdf_text(english_pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Confidential — personal data" in page
        assert "Change-board brief" in page


def fonts_of(pdf: bytes) -> dict[str, dict]:
    """Every font used on any page, by base font name, with its descriptor."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor.get_object() if descriptor else {}
        for xobject in resources.get("/XObject", {}).values():
            inner = xobject.get_object().get("/Resources", {})
            for font in inner.get("/Font", {}).values() if inner else ():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                fonts[str(font["/BaseFont"])] = descriptor.get_object() if descriptor else {}
    return fonts


def test_fonts_are_embedded_truetype(english_pdf):
    fonts = fonts_of(english_pdf)
    assert fonts
    assert any("DejaVuSans" in name for name in fonts)
    assert any("DejaVuSans-Bold" in name for name in fonts)
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
    assert not any("Helvetica" in name or "Times" in name for name in fonts)


def test_same_input_same_bytes():
    data = brief_data()
    assert render_brief(data) == render_brief(data)


def test_german_labels():
    i18n.set_language("de")
    text = squeeze_spaces(" ".join(pdf_text(render_brief(brief_data()))))
    assert "Change-Board-Briefing" in text
    assert "Datum: 03.05.2025" in text
    assert "63 %" in text.replace("\xa0", " ")
    assert "Warum diese Person" in text
    assert "Grundsätzlicher Skeptiker" in text
    assert "Vertraulich — personenbezogene Daten" in text
    assert "Seite 1 von" in text
    assert "Łukasz Żółć" in text
    assert "Change-board brief" not in text


def test_long_board_repeats_the_header_row():
    long_reason = "Bridges Kundenservice and Vertrieb; asked for advice by many. " * 8
    data = brief_data(members=40)
    data = BriefData(**{**data.__dict__, "members": tuple(
        BriefMember(m.id, m.name, m.department, m.role, long_reason) for m in data.members)})
    pages = pdf_text(render_brief(data))
    with_table = [p for p in pages if "Bridges Kundenservice" in p]
    assert len(with_table) >= 2
    assert all("Why this person" in page for page in with_table)


def test_big_network_draws_a_sample_of_the_ties():
    data = brief_data(members=15, people=10_000, edges_per_person=10)
    assert len(data.edges) > 90_000
    renderer = BriefRenderer(data)
    other, board = renderer.sample_edges()
    assert len(other) + len(board) == renderer.max_edges
    assert (other, board) == BriefRenderer(data).sample_edges()
    assert board and all(a in data.board_ids or b in data.board_ids for a, b in board)
    text = squeeze_spaces(" ".join(pdf_text(render_brief(data))))
    assert "3,000 of" in text and "10,000" in text


def test_small_network_draws_every_tie():
    data = brief_data()
    other, board = BriefRenderer(data).sample_edges()
    assert len(other) + len(board) == len(data.edges)


def test_legend_lists_ten_departments_and_other():
    departments = {f"p{i:04d}": f"Dept {i % 14:02d}" for i in range(300)}
    data = brief_data(people=300, departments=departments)
    colours, legend = BriefRenderer(data).department_colours()
    assert len(legend) == 11
    assert legend[-1][0] == "Other (4 departments)"
    assert len(set(colours.values())) == 11


def test_no_board_and_no_network_still_renders():
    data = brief_data(members=0, unfilled=(), positions={}, edges=(), departments={},
                      reach=0.0)
    text = squeeze_spaces(" ".join(pdf_text(render_brief(data))))
    assert "The board has no members yet." in text
    assert "Every type of seat is filled." in text
    assert "Influence network" not in text


def test_markup_escapes_and_normalises():
    assert markup("<b>Müller & Söhne</b>") == "&lt;b&gt;Müller &amp; Söhne&lt;/b&gt;"
    decomposed = "Nguye\u0302\u0303n"
    assert markup(decomposed) == "Nguyễn"
    assert markup("a\nb\x00c") == "a<br/>bc"
    assert markup("x" * 50, limit=10) == "x" * 9 + "…"
