"""A blank, printable relationship survey: one questionnaire per department (PDF).

Plain data in (:class:`BlankSurveyData`), PDF bytes out; no Qt, no SQL. Each department
gets its own pages: the question, a line for the respondent's name, instructions, a
confidentiality note and a compact multi-column checklist of colleagues (the department's
own people first, then everyone else by department). Names are cleaned and escaped like in
the brief (``<b>Müller & Söhne</b>`` prints literally) and DejaVu Sans is embedded.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from changeplanner.i18n import N_, _
from changeplanner.reports.brief import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    body_frame,
    build_document,
    clean,
    format_date,
    markup,
    new_document,
)

#: The survey question per relation (see :data:`changeplanner.domain.RELATIONS`).
QUESTIONS: dict[str, str] = {
    "advice": N_("Who do you go to for advice about your work?"),
    "information": N_("From whom do you get information you need for your work?"),
    "trust": N_("Whom do you trust to speak openly about problems at work?"),
    "collaboration": N_("With whom do you work closely to get your work done?"),
    "reports_to": N_("To whom do you report?"),
}
#: Without a department name.
NO_DEPARTMENT = N_("(no department)")
#: Above this many colleagues, other departments are not listed (write-in lines instead).
MAX_LISTED = 1500
#: Blank lines for colleagues who are not on the list.
WRITE_IN_LINES = 3


@dataclass(frozen=True)
class BlankSurveyData:
    """What the blank survey prints.

    Attributes:
        plan_name: The plan's display name (printed in the header).
        relation: The relation asked about (a key of :data:`QUESTIONS`).
        date: Printed in the footer.
        people: Every colleague as ``(name, department)``.
        departments: The departments that get a questionnaire, in print order.
    """

    plan_name: str
    relation: str
    date: datetime.date
    people: tuple[tuple[str, str], ...]
    departments: tuple[str, ...]


def question(relation: str) -> str:
    """The translated survey question for ``relation``."""
    return _(QUESTIONS.get(relation, QUESTIONS["advice"]))


def department_label(department: str) -> str:
    """A department's name for print (a placeholder when empty)."""
    return clean(department) if department else _(NO_DEPARTMENT)


def _name_key(name: str) -> tuple[str, str]:
    return clean(name).casefold(), name


def render_blank_survey(data: BlankSurveyData) -> bytes:
    """Render the blank survey as PDF bytes (one questionnaire per department)."""
    return BlankSurveyRenderer(data).render()


class BlankSurveyRenderer:
    """Builds the blank survey with reportlab platypus.

    Attributes:
        columns: Names per row of the checklist.
    """

    pagesize = A4
    margin = 1.6 * cm
    columns = 3

    def __init__(self, data: BlankSurveyData) -> None:
        self.data = data
        self.styles: dict[str, ParagraphStyle] = {}
        self._department = ""

    def render(self) -> bytes:
        """Build the document and return its bytes."""
        buffer = io.BytesIO()
        document = new_document(buffer, pagesize=self.pagesize, margin=self.margin,
                                title=_("Relationship survey") + " — " + self.data.plan_name,
                                subject=question(self.data.relation))
        self.styles = self.stylesheet()
        frame = body_frame(document)
        document.addPageTemplates([PageTemplate(id="survey", frames=[frame],
                                                onPageEnd=self.decorate_page)])
        build_document(document, self.story())
        return buffer.getvalue()

    @property
    def frame_width(self) -> float:
        """Width of the text frame in points."""
        return self.pagesize[0] - 2 * self.margin

    def stylesheet(self) -> dict[str, ParagraphStyle]:
        """Paragraph styles by name (all in the embedded font)."""
        base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK,
                              spaceAfter=4)
        return {
            "body": base,
            "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=17,
                                    leading=21, spaceAfter=2, textColor=ACCENT),
            "question": ParagraphStyle("question", parent=base, fontName=FONT_BOLD,
                                       fontSize=13, leading=17, spaceBefore=6, spaceAfter=6),
            "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11,
                                   textColor=MUTED),
            "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=10,
                                      leading=13, spaceBefore=8, spaceAfter=3,
                                      textColor=ACCENT),
            "name": ParagraphStyle("name", parent=base, fontSize=8.5, leading=10.5,
                                   spaceAfter=0),
        }

    # -- content ---------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        """One questionnaire per department, each starting on a new page."""
        story: list[Flowable] = []
        for number, department in enumerate(self.data.departments):
            if number:
                story.append(PageBreak())
            story += self.questionnaire(department)
        if not story:
            story.append(Paragraph(markup(_("The plan has no people yet.")),
                                   self.styles["body"]))
        return story

    def questionnaire(self, department: str) -> list[Flowable]:
        """The pages of one department."""
        s = self.styles
        own = sorted((n for n, d in self.data.people if d == department), key=_name_key)
        others: dict[str, list[str]] = {}
        for name, other in self.data.people:
            if other != department:
                others.setdefault(other, []).append(name)
        flowables: list[Flowable] = [_DepartmentMark(self, department)]
        flowables += [
            Paragraph(markup(_("Relationship survey")), s["title"]),
            Paragraph(markup(_("Department: {department}").format(
                department=department_label(department))), s["body"]),
            Paragraph(markup(question(self.data.relation)), s["question"]),
            self.name_line(),
            Spacer(1, 4),
            Paragraph(markup(_(
                "Tick every colleague you would name. There is no right or wrong number: "
                "name as many or as few as apply to the last three months. If someone is "
                "missing, write their name on the lines at the end.")), s["body"]),
            Paragraph(markup(_(
                "Confidential: your answers are used only to understand how the organisation "
                "works together. Only the project team sees individual answers; results are "
                "shown to others only in summary.")), s["note"]),
            Paragraph(markup(_("Your department: {department}").format(
                department=department_label(department))), s["heading"]),
            self.checklist(own),
        ]
        listed = sum(len(v) for v in others.values())
        if others and listed <= MAX_LISTED:
            flowables.append(CondPageBreak(3 * cm))
            flowables.append(Paragraph(markup(_("Other departments")), s["heading"]))
            for other in sorted(others, key=lambda d: (d == "", clean(d).casefold())):
                names = sorted(others[other], key=_name_key)
                flowables.append(CondPageBreak(1.5 * cm))
                flowables.append(self.checklist(names, title=department_label(other)))
        elif others:
            flowables.append(Paragraph(markup(_(
                "Colleagues of other departments ({n}) are too many to list; write their "
                "names below.").format(n=listed)), s["note"]))
        flowables.append(CondPageBreak(3 * cm))
        flowables.append(Paragraph(markup(_("Colleagues not on the list")), s["heading"]))
        flowables += [self.blank_line() for _line in range(WRITE_IN_LINES)]
        return flowables

    def name_line(self) -> Flowable:
        """"Your name: ____" with room to write."""
        label = Paragraph(markup(_("Your name:")), self.styles["body"])
        table = Table([[label, ""]], colWidths=[3 * cm, self.frame_width - 3 * cm],
                      rowHeights=[0.9 * cm])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (1, 0), (1, 0), 0.7, INK),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def blank_line(self) -> Flowable:
        """An empty line to write a name on."""
        table = Table([[""]], colWidths=[self.frame_width], rowHeights=[0.8 * cm])
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, MUTED)]))
        return table

    def checklist(self, names: list[str], title: str | None = None) -> Flowable:
        """The names with a box to tick, in :attr:`columns` columns; ``title`` (a department)
        heads the list and is repeated when the list continues on the next page."""
        style = self.styles["name"]
        if not names:
            return Paragraph(markup(_("Nobody else in this department.")), self.styles["note"])
        cells = [Paragraph("\u2610 " + markup(name, limit=80), style) for name in names]
        rows: list[list] = [cells[i:i + self.columns]
                            for i in range(0, len(cells), self.columns)]
        rows[-1] += [""] * (self.columns - len(rows[-1]))
        head = []
        if title is not None:
            rows.insert(0, [Paragraph(markup(title), self.styles["note"])]
                        + [""] * (self.columns - 1))
            head = [("SPAN", (0, 0), (-1, 0))]
        width = self.frame_width / self.columns
        table = Table(rows, colWidths=[width] * self.columns, repeatRows=1 if head else 0)
        table.setStyle(TableStyle(head + [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ]))
        return table

    def decorate_page(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        """Header (plan, department) and footer (confidentiality note, date, page)."""
        width, height = self.pagesize
        left, right = self.margin, width - self.margin
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        header_y = height - self.margin + 0.55 * cm
        canvas.setFont(FONT_BOLD, 8)
        canvas.drawString(left, header_y, clean(self.data.plan_name)[:80])
        canvas.setFont(FONT, 8)
        canvas.drawRightString(right, header_y, department_label(self._department)[:60])
        canvas.line(left, header_y - 4, right, header_y - 4)
        footer_y = self.margin - 0.8 * cm
        canvas.line(left, footer_y + 10, right, footer_y + 10)
        canvas.drawString(left, footer_y, clean(_("Confidential — personal data")))
        canvas.drawRightString(right, footer_y, _("{date} · page {page}").format(
            date=format_date(self.data.date), page=canvas.getPageNumber()))
        canvas.restoreState()


class _DepartmentMark(Flowable):
    """Invisible: tells the page decoration which department the following pages are for."""

    def __init__(self, renderer: BlankSurveyRenderer, department: str) -> None:
        super().__init__()
        self.renderer = renderer
        self.department = department
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Takes no room."""
        self.renderer._department = self.department
        return 0, 0

    def draw(self) -> None:
        """Draws nothing."""


__all__ = ["BlankSurveyData", "QUESTIONS", "question", "render_blank_survey"]
