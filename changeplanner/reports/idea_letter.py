"""The feedback letter: "what became of your ideas", one PDF per employee.

Closes the feedback loop (DOMAIN.md, part 8): every employee who passed on ideas or customer
voices learns what became of each of them: its status, the decision and why, and the pilot or
measure it went into. Plain data in (:class:`IdeaLetterData`), PDF bytes out; no Qt, no SQL.

It shares the brief's look and helpers (:mod:`changeplanner.reports.brief`): DejaVu Sans is
embedded, every user string is cleaned and escaped (``<b>Müller & Söhne</b>`` prints
literally), and texts are translated with ``_()`` while rendering, in the language active at
that moment.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from changeplanner.domain import IDEA_DECIDED, IDEA_STATUS_LABELS
from changeplanner.i18n import N_, _, ngettext
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

#: What each status means for the person who had the idea.
STATUS_EXPLANATIONS: dict[str, str] = {
    "new": N_("We have received it; it has not been reviewed yet."),
    "in_review": N_("It is being reviewed; we will tell you what we decide."),
    "adopted": N_("It has been adopted and will be put into practice."),
    "rejected": N_("We decided not to take it up for now."),
    "implemented": N_("It has been put into practice. Thank you!"),
}
#: The colour of each status' mark, in the spirit of a traffic light without the red.
STATUS_COLOURS: dict[str, colors.Color] = {
    "new": colors.HexColor("#8A96A3"),
    "in_review": colors.HexColor("#EDA72B"),
    "adopted": colors.HexColor("#4E79A7"),
    "rejected": colors.HexColor("#9C755F"),
    "implemented": colors.HexColor("#59A14F"),
}
#: An idea's text is printed up to this length (a cell must fit on one page).
MAX_TEXT_CHARS = 1500


@dataclass(frozen=True)
class LetterIdea:
    """One idea as the letter prints it.

    Attributes:
        text: The idea or customer voice as recorded.
        date: ISO date it was recorded ("" when unknown).
        status: A key of :data:`changeplanner.domain.IDEA_STATUS_LABELS`.
        decision_note: Why it was decided that way ("" when nothing was noted).
        decided: ISO date of the decision ("" while undecided).
        source: ``employee`` (the person's own idea) or ``customer`` (a customer voice they
            passed on).
        pilot: Name of the pilot it is linked to ("" for none).
        measure: Title of the measure it is linked to ("" for none).
    """

    text: str
    date: str = ""
    status: str = "new"
    decision_note: str = ""
    decided: str = ""
    source: str = "employee"
    pilot: str = ""
    measure: str = ""


@dataclass(frozen=True)
class IdeaLetterData:
    """Everything the letter shows, as plain values (no translated labels).

    Attributes:
        plan_name: The plan's display name (printed in the header).
        recipient: The name of the person the letter is for.
        date: The date printed on the letter.
        ideas: The person's ideas in the order they are printed.
    """

    plan_name: str
    recipient: str
    date: datetime.date
    ideas: tuple[LetterIdea, ...]


def render_idea_letter(data: IdeaLetterData) -> bytes:
    """Render the letter as PDF bytes in the current language.

    The same data, language and date give the same bytes.
    """
    return IdeaLetterRenderer(data).render()


def status_label(status: str) -> str:
    """The translated label of an idea status (unknown statuses print as they are)."""
    return _(IDEA_STATUS_LABELS[status]) if status in IDEA_STATUS_LABELS else clean(status)


def format_iso(value: str) -> str:
    """An ISO date string in the current language's form (other text prints as it is)."""
    try:
        return format_date(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return clean(value)


class IdeaLetterRenderer:
    """Builds the letter with reportlab platypus; override a hook to change one part.

    Attributes:
        pagesize: Page size in points (A4 portrait).
        margin: Page margin on every side.
    """

    pagesize = A4
    margin = 2.2 * cm

    def __init__(self, data: IdeaLetterData) -> None:
        self.data = data
        self.styles: dict[str, ParagraphStyle] = {}

    def render(self) -> bytes:
        """Build the document and return its bytes."""
        buffer = io.BytesIO()
        document = new_document(buffer, pagesize=self.pagesize, margin=self.margin,
                                title=_("What became of your ideas") + " — " + self.data.recipient,
                                subject=self.data.plan_name)
        self.styles = self.stylesheet()
        frame = body_frame(document)
        document.addPageTemplates([PageTemplate(id="letter", frames=[frame],
                                                onPage=self.decorate_page)])
        build_document(document, self.story())
        return buffer.getvalue()

    @property
    def frame_width(self) -> float:
        """Width of the text frame in points."""
        return self.pagesize[0] - 2 * self.margin

    # -- hooks -----------------------------------------------------------------------

    def stylesheet(self) -> dict[str, ParagraphStyle]:
        """Paragraph styles by name (all in the embedded font)."""
        base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=15, textColor=INK,
                              spaceAfter=8)
        return {
            "body": base,
            "meta": ParagraphStyle("meta", parent=base, fontSize=9, leading=12,
                                   textColor=MUTED, spaceAfter=18),
            "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=19,
                                    leading=24, spaceAfter=4, textColor=ACCENT),
            "summary": ParagraphStyle("summary", parent=base, fontName=FONT_BOLD,
                                      fontSize=10, leading=14, spaceBefore=2, spaceAfter=12),
            "idea_head": ParagraphStyle("idea_head", parent=base, fontSize=8.5, leading=11,
                                        textColor=MUTED, spaceAfter=2),
            "idea": ParagraphStyle("idea", parent=base, fontSize=10.5, leading=14.5,
                                   spaceAfter=4),
            "status": ParagraphStyle("status", parent=base, fontSize=9.5, leading=13,
                                     spaceAfter=2),
            "note": ParagraphStyle("note", parent=base, fontSize=9.5, leading=13,
                                   spaceAfter=0),
            "closing": ParagraphStyle("closing", parent=base, spaceBefore=10),
        }

    def story(self) -> list[Flowable]:
        """The flowables of the letter, in reading order."""
        return [*self.opening(), *self.ideas_section(), *self.closing()]

    def decorate_page(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        """Header (plan name) and footer (confidentiality note, date, page) of every page."""
        width, height = self.pagesize
        left, right = self.margin, width - self.margin
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        header_y = height - self.margin + 0.7 * cm
        canvas.setFont(FONT_BOLD, 8)
        canvas.drawString(left, header_y, clean(self.data.plan_name)[:90])
        canvas.setFont(FONT, 8)
        canvas.drawRightString(right, header_y, _("Feedback on your ideas"))
        canvas.line(left, header_y - 4, right, header_y - 4)
        footer_y = self.margin - 0.9 * cm
        canvas.line(left, footer_y + 10, right, footer_y + 10)
        canvas.drawString(left, footer_y, clean(_("Personal — for {name}").format(
            name=clean(self.data.recipient)[:60])))
        canvas.drawRightString(right, footer_y, _("{date} · page {page}").format(
            date=format_date(self.data.date), page=canvas.getPageNumber()))
        canvas.restoreState()

    # -- sections --------------------------------------------------------------------

    def opening(self) -> list[Flowable]:
        """Title, date, salutation, the thanks and a one-line summary."""
        data, s = self.data, self.styles
        count = len(data.ideas)
        flowables: list[Flowable] = [
            Paragraph(markup(_("What became of your ideas")), s["title"]),
            Paragraph(markup(_("For {name} · {date}").format(
                name=clean(data.recipient), date=format_date(data.date))), s["meta"]),
            Paragraph(markup(_("Dear {name},").format(name=clean(data.recipient))), s["body"]),
        ]
        if not count:
            flowables.append(Paragraph(markup(_(
                "Thank you for being part of the change. We have no ideas of yours on "
                "record yet; we look forward to your first one.")), s["body"]))
            return flowables
        flowables.append(Paragraph(markup(ngettext(
            "Thank you for the idea you shared with us. Ideas and customer voices from the "
            "people who serve our customers every day show us where the change has to go. "
            "Every one is read, and you should know what became of yours.",
            "Thank you for the {n} ideas you shared with us. Ideas and customer voices from "
            "the people who serve our customers every day show us where the change has to go. "
            "Every one is read, and you should know what became of yours.",
            count).format(n=count)), s["body"]))
        flowables.append(Paragraph(markup(self.summary()), s["summary"]))
        return flowables

    def summary(self) -> str:
        """One sentence with how many ideas are in which state."""
        counts = Counter(idea.status for idea in self.data.ideas)
        done = counts["adopted"] + counts["implemented"]
        parts = []
        if done:
            parts.append(ngettext("{n} adopted or put into practice",
                                  "{n} adopted or put into practice", done).format(n=done))
        open_ = sum(n for status, n in counts.items()
                    if status not in IDEA_DECIDED)
        if open_:
            parts.append(ngettext("{n} still under consideration",
                                  "{n} still under consideration", open_).format(n=open_))
        if counts["rejected"]:
            parts.append(ngettext("{n} not taken up for now", "{n} not taken up for now",
                                  counts["rejected"]).format(n=counts["rejected"]))
        return _("In short: {parts}.").format(parts=", ".join(parts))

    def ideas_section(self) -> list[Flowable]:
        """Each idea with its status, the decision note and where it went."""
        return [self.idea_block(idea) for idea in self.data.ideas]

    def idea_block(self, idea: LetterIdea) -> Flowable:
        """One idea: a coloured bar by status beside what was said and what became of it."""
        s = self.styles
        if idea.source == "customer":
            head = (_("Customer voice you passed on, {date}") if idea.date
                    else _("Customer voice you passed on"))
        else:
            head = _("Your idea of {date}") if idea.date else _("Your idea")
        status = markup(_("Status: {status}")).format(
            status=f"<b>{markup(status_label(idea.status))}</b>")
        if idea.decided and idea.status in IDEA_DECIDED:
            status += " " + markup(_("(decided on {date})").format(
                date=format_iso(idea.decided)))
        status += " — " + markup(_(STATUS_EXPLANATIONS.get(idea.status, "")) or "")
        content: list[Flowable] = [
            Paragraph(markup(head.format(date=format_iso(idea.date))), s["idea_head"]),
            Paragraph(_("“{text}”").format(text=markup(idea.text.strip(), MAX_TEXT_CHARS)),
                      s["idea"]),
            Paragraph(status, s["status"]),
        ]
        if idea.decision_note.strip():
            content.append(Paragraph(
                f"<b>{markup(_('Decision:'))}</b> " + markup(idea.decision_note,
                                                               MAX_TEXT_CHARS), s["note"]))
        links = []
        if idea.pilot:
            links.append(_("It is part of the pilot “{name}”.").format(name=clean(idea.pilot)))
        if idea.measure:
            links.append(_("It is part of the measure “{name}”.").format(
                name=clean(idea.measure)))
        if links:
            content.append(Paragraph(markup(" ".join(links)), s["note"]))
        colour = STATUS_COLOURS.get(idea.status, MUTED)
        table = Table([["", content]], colWidths=[5, self.frame_width - 5])
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (0, 0), colour),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 0),
            ("LEFTPADDING", (1, 0), (1, 0), 10),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        return KeepTogether([table, Spacer(1, 10)])

    def closing(self) -> list[Flowable]:
        """The invitation to keep contributing and the sign-off."""
        s = self.styles
        if not self.data.ideas:
            return [Paragraph(markup(_("Kind regards,")), s["closing"]),
                    Paragraph(markup(_("The change team")), s["body"])]
        return [
            Paragraph(markup(_(
                "Please keep your ideas and the voices of your customers coming: small steps "
                "like these make the change tangible. If you would like to talk about a "
                "decision, just get in touch.")), s["closing"]),
            Paragraph(markup(_("Kind regards,")), s["closing"]),
            Paragraph(markup(_("The change team")), s["body"]),
        ]


__all__ = ["IdeaLetterData", "IdeaLetterRenderer", "LetterIdea", "STATUS_EXPLANATIONS",
           "render_idea_letter", "status_label"]
