"""The change-board brief: a PDF for management and the works council.

Plain data in (:class:`BriefData`), PDF bytes out; no Qt, no SQL. The renderer is a class
with hooks (:meth:`BriefRenderer.stylesheet`, :meth:`BriefRenderer.story`,
:meth:`BriefRenderer.page_template`) so later briefs can change one part and keep the rest.

Every user string is normalised to NFC (reportlab does not shape combining characters) and
escaped before it becomes a ``Paragraph``, so names such as ``<b>Müller & Söhne</b>`` print
literally. DejaVu Sans is embedded so that any European or Vietnamese name prints. Labels are
translated with ``_()`` while rendering, in the language active at that moment.
"""

from __future__ import annotations

import datetime
import heapq
import io
import math
import unicodedata
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.shapes import Circle, Drawing, Line, Path, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from changeplanner.domain import ROLE_LABELS
from changeplanner.i18n import N_, _, current_language, ngettext
from changeplanner.paths import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

#: What a planner can do when a seat type could not be filled, by role.
UNFILLED_ADVICE: dict[str, str] = {
    "skeptic": N_("Record the attitude to the change (from −2 to +2) of more people and "
                  "propose the board again: only people assessed as against the change can "
                  "take this seat."),
    "networker": N_("Import more ties, especially across departments (who asks whom for advice "
                    "or information): only people with ties into other departments can take "
                    "this seat."),
    "enthusiast": N_("Record who is for the change (attitude +1 or +2) and propose the board "
                     "again: only people assessed as for the change can take this seat."),
    "lead": N_("Mark the team leads and record which department is being transformed: only "
               "team leads of the other departments can take this seat."),
}
GENERIC_ADVICE = N_("Complete the people's data in the plan and propose the board again.")

#: Department colours (Tableau 10, its grey replaced because grey means "other" here).
PALETTE = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#B07AA1", "#76B7B2", "#EDC948",
           "#9C755F", "#FF9DA7", "#2F4B7C")
OTHER_COLOUR = "#BFBFBF"
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
ACCENT = colors.HexColor("#2F4B7C")
ZEBRA = colors.HexColor("#F2F4F7")
RULE = colors.HexColor("#C9D1DB")

MAX_CELL_CHARS = 1500  # a cell must fit on one page; reasons are a few sentences


@dataclass(frozen=True)
class BriefMember:
    """One board member as the brief prints them.

    ``role`` is a key of :data:`changeplanner.domain.ROLES` (printed as its translated
    label); ``reasons`` is already-translated plain text.
    """

    id: str
    name: str
    department: str
    role: str
    reasons: str


@dataclass(frozen=True)
class BriefData:
    """Everything the brief shows, as plain values (no translated labels).

    Attributes:
        plan_name: The plan's display name.
        date: The date printed on the brief.
        people: Number of people in the plan.
        ties: Number of ties in the plan.
        reach: Share (0..1) of people on the board or with a direct tie to a member.
        members: The board, in the order it is printed.
        unfilled: ``(role, explanation)`` of each seat type that could not be filled; the
            role may be "" when unknown.
        positions: Person id -> ``(x, y)`` in ``[0, 1]`` (see ``analysis.layout``).
        edges: Tied pairs of person ids (each pair once) for the network figure.
        departments: Person id -> department name, for the colours of the figure.
        board_name: The saved board's name, printed under the title when given.
        transforming_department: The department being transformed, when recorded.
    """

    plan_name: str
    date: datetime.date
    people: int
    ties: int
    reach: float
    members: tuple[BriefMember, ...]
    unfilled: tuple[tuple[str, str], ...] = ()
    positions: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    edges: tuple[tuple[str, str], ...] = ()
    departments: Mapping[str, str] = field(default_factory=dict)
    board_name: str = ""
    transforming_department: str | None = None

    @property
    def board_ids(self) -> tuple[str, ...]:
        """Ids of the board members."""
        return tuple(m.id for m in self.members)


def render_brief(data: BriefData) -> bytes:
    """Render the change-board brief as PDF bytes in the current language.

    The same data, language and date give the same bytes.
    """
    return BriefRenderer(data).render()


def new_document(buffer, *, pagesize, margin: float, title: str,
                 subject: str) -> BaseDocTemplate:
    """A document of this app: the given page size and margins, the embedded font, and
    title and subject in the PDF's metadata (in the current language)."""
    register_fonts()
    return BaseDocTemplate(
        buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, invariant=1, initialFontName=FONT, initialFontSize=10,
        initialLeading=12, title=clean(title), author="Change Planner",
        creator="Change Planner", producer="Change Planner", subject=clean(subject),
        lang=current_language())


def body_frame(document: BaseDocTemplate) -> Frame:
    """One frame filling the page inside the margins, without padding."""
    return Frame(document.leftMargin, document.bottomMargin, document.width,
                 document.height, id="body", leftPadding=0, rightPadding=0, topPadding=0,
                 bottomPadding=0)


def build_document(document, story, **kwargs) -> None:
    """Build ``story`` into ``document`` with plain binary streams: ASCII85 would make the file
    larger and, without reportlab's C accelerator, cost half a second on a 10,000-person
    network figure."""
    previous, rl_config.useA85 = rl_config.useA85, 0
    try:
        document.build(story, **kwargs)
    finally:
        rl_config.useA85 = previous


def register_fonts() -> None:
    """Register (once) the embedded DejaVu Sans fonts and their bold/regular family."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


def clean(text: object) -> str:
    """A user string made printable: NFC, without control characters."""
    text = unicodedata.normalize("NFC", "" if text is None else str(text))
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def markup(text: object, limit: int | None = None) -> str:
    """A user string as safe ``Paragraph`` markup: cleaned, escaped, line breaks kept."""
    text = clean(text)
    if limit is not None and len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return escape(text).replace("\t", " ").replace("\n", "<br/>")


def format_number(value: int) -> str:
    """``10000`` as ``10,000`` (English) or ``10.000`` (German)."""
    text = f"{value:,}"
    return text.replace(",", ".") if current_language() == "de" else text


def format_percent(share: float) -> str:
    """A share 0..1 as a whole percentage in the current language."""
    return _("{value}%").format(value=round(share * 100))


def format_date(day: datetime.date) -> str:
    """A date in the current language's numeric form."""
    return _("{year}-{month:02d}-{day:02d}").format(year=day.year, month=day.month,
                                                    day=day.day)


def role_label(role: str) -> str:
    """The translated label of a board role (unknown roles print as they are)."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else clean(role)


class BriefRenderer:
    """Builds the brief with reportlab platypus; override a hook to change one part.

    Attributes:
        pagesize: Page size in points (A4 portrait).
        margin: Page margin on every side.
        max_edges: At most this many ties are drawn in the network figure (a deterministic
            sample), so the figure stays readable and the file small.
    """

    pagesize = A4
    margin = 2 * cm
    max_edges = 3000
    legend_departments = 10

    def __init__(self, data: BriefData) -> None:
        self.data = data
        self.styles: dict[str, ParagraphStyle] = {}

    # -- the whole document ----------------------------------------------------------

    def render(self) -> bytes:
        """Build the document and return its bytes."""
        buffer = io.BytesIO()
        document = new_document(
            buffer, pagesize=self.pagesize, margin=self.margin,
            title=_("Change-board brief") + " — " + self.data.plan_name,
            subject=_("Confidential — personal data"))
        self.styles = self.stylesheet()
        document.addPageTemplates([self.page_template(document)])
        build_document(document, self.story(), canvasmaker=self._canvas_class())
        return buffer.getvalue()

    @property
    def frame_width(self) -> float:
        """Width of the text frame in points."""
        return self.pagesize[0] - 2 * self.margin

    # -- hooks -----------------------------------------------------------------------

    def stylesheet(self) -> dict[str, ParagraphStyle]:
        """Paragraph styles by name (all in the embedded font)."""
        base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK,
                              alignment=TA_LEFT, spaceAfter=6)
        return {
            "body": base,
            "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=22,
                                    leading=27, spaceAfter=4, textColor=ACCENT),
            "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=18,
                                       spaceAfter=2),
            "meta": ParagraphStyle("meta", parent=base, fontSize=9, leading=12,
                                   textColor=MUTED, spaceAfter=12),
            "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=13,
                                      leading=17, spaceBefore=12, spaceAfter=6,
                                      textColor=ACCENT),
            "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5, spaceAfter=0),
            "cell_head": ParagraphStyle("cell_head", parent=base, fontName=FONT_BOLD,
                                        fontSize=9, leading=11.5, spaceAfter=0,
                                        textColor=colors.white),
            "figure_value": ParagraphStyle("figure_value", parent=base, fontName=FONT_BOLD,
                                           fontSize=18, leading=22, spaceAfter=0,
                                           textColor=ACCENT),
            "figure_label": ParagraphStyle("figure_label", parent=base, fontSize=8.5,
                                           leading=10.5, spaceAfter=0, textColor=MUTED),
            "caption": ParagraphStyle("caption", parent=base, fontSize=8.5, leading=11,
                                      textColor=MUTED, spaceAfter=4),
            "legend": ParagraphStyle("legend", parent=base, fontSize=8, leading=10,
                                     spaceAfter=0),
        }

    def story(self) -> list[Flowable]:
        """The flowables of the brief, in reading order."""
        return [*self.title_block(), *self.key_figures(), *self.board_section(),
                *self.unfilled_section(), *self.network_section()]

    def page_template(self, document: BaseDocTemplate) -> PageTemplate:
        """One frame inside the margins; header and footer drawn by :meth:`decorate_page`."""
        return PageTemplate(id="brief", frames=[body_frame(document)],
                            onPage=self.decorate_page)

    def decorate_page(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        """Header (plan name, title) and footer (confidentiality note) of every page."""
        width, height = self.pagesize
        left, right = self.margin, width - self.margin
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        header_y = height - self.margin + 0.6 * cm
        title = clean(_("Change-board brief"))
        canvas.setFont(FONT, 8)
        title_width = pdfmetrics.stringWidth(title, FONT, 8)
        canvas.drawRightString(right, header_y, title)
        canvas.setFont(FONT_BOLD, 8)
        canvas.drawString(left, header_y, _fit(clean(self.data.plan_name), FONT_BOLD, 8,
                                               right - left - title_width - 12))
        canvas.line(left, header_y - 4, right, header_y - 4)
        footer_y = self.margin - 0.9 * cm
        canvas.line(left, footer_y + 10, right, footer_y + 10)
        canvas.setFont(FONT, 8)
        canvas.drawString(left, footer_y, clean(_("Confidential — personal data")))
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        """"Page x of y" at the right of the footer (called once the page count is known)."""
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(self.pagesize[0] - self.margin, self.margin - 0.9 * cm,
                               _("Page {page} of {pages}").format(page=page, pages=pages))
        canvas.restoreState()

    # -- sections --------------------------------------------------------------------

    def title_block(self) -> list[Flowable]:
        """Title, plan name, date and a one-paragraph introduction."""
        data, s = self.data, self.styles
        meta = [_("Date: {date}").format(date=format_date(data.date))]
        if data.board_name:
            meta.append(_("Board: {name}").format(name=clean(data.board_name)))
        if data.transforming_department:
            meta.append(_("Department in transformation: {name}").format(
                name=clean(data.transforming_department)))
        size = len(data.members)
        intro = ngettext(
            "This brief proposes a change board of {size} person for the plan “{plan}”. "
            "The board reaches {reach} of the {people} people in the plan: they sit on the "
            "board or have a direct tie with a member.",
            "This brief proposes a change board of {size} people for the plan “{plan}”. "
            "The board reaches {reach} of the {people} people in the plan: they sit on the "
            "board or have a direct tie with a member.", size)
        intro = escape(intro).format(size=size, plan=markup(data.plan_name),
                                     reach=format_percent(data.reach),
                                     people=format_number(data.people))
        return [
            Paragraph(escape(_("Change-board brief")), s["title"]),
            Paragraph(markup(data.plan_name), s["subtitle"]),
            Paragraph(" · ".join(markup(m) for m in meta), s["meta"]),
            Paragraph(intro, s["body"]),
            Paragraph(escape(_("The board is made of four types of employee: fundamental "
                               "skeptics, networkers, enthusiastic doers and influential team "
                               "leads of other departments. Protect the people who keep the "
                               "daily business running.")), s["body"]),
        ]

    def key_figures(self) -> list[Flowable]:
        """Four boxes: people, ties, board size, reach."""
        data, s = self.data, self.styles
        figures = [
            (format_number(data.people), _("people")),
            (format_number(data.ties), _("ties")),
            (format_number(len(data.members)), _("board members")),
            (format_percent(data.reach), _("reach")),
        ]
        cells = [[Paragraph(escape(value), s["figure_value"]),
                  Paragraph(escape(label), s["figure_label"])] for value, label in figures]
        width = self.frame_width / len(cells)
        table = Table([cells], colWidths=[width] * len(cells))
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("BACKGROUND", (0, 0), (-1, -1), ZEBRA),
            ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ]))
        return [Spacer(1, 4), table, Spacer(1, 6)]

    def board_section(self) -> list[Flowable]:
        """The board table: name, department, role, reasons (header repeats on new pages)."""
        data, s = self.data, self.styles
        flowables: list[Flowable] = [CondPageBreak(5 * cm),
                                     Paragraph(escape(_("The proposed change board")),
                                               s["heading"])]
        if not data.members:
            flowables.append(Paragraph(escape(_("The board has no members yet.")), s["body"]))
            return flowables
        head = [Paragraph(escape(text), s["cell_head"]) for text in
                (_("Name"), _("Department"), _("Role"), _("Why this person"))]
        rows = [head]
        for member in data.members:
            rows.append([
                Paragraph(markup(member.name, 200), s["cell"]),
                Paragraph(markup(member.department, 200), s["cell"]),
                Paragraph(escape(role_label(member.role)), s["cell"]),
                Paragraph(markup(member.reasons, MAX_CELL_CHARS), s["cell"]),
            ])
        widths = _column_widths(self.frame_width, (0.19, 0.22, 0.17, 0.42))
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(self._table_style(len(rows)))
        flowables.append(table)
        return flowables

    def unfilled_section(self) -> list[Flowable]:
        """The seat types that stayed empty, why, and what to do about it."""
        data, s = self.data, self.styles
        flowables: list[Flowable] = [CondPageBreak(4 * cm),
                                     Paragraph(escape(_("Open seats")), s["heading"])]
        if not data.unfilled:
            flowables.append(Paragraph(escape(_("Every type of seat is filled.")), s["body"]))
            return flowables
        head = [Paragraph(escape(text), s["cell_head"]) for text in
                (_("Seat"), _("Why it is open"), _("What to do"))]
        rows = [head]
        for role, explanation in data.unfilled:
            advice = _(UNFILLED_ADVICE[role]) if role in UNFILLED_ADVICE else _(GENERIC_ADVICE)
            rows.append([
                Paragraph(escape(role_label(role)) if role else "–", s["cell"]),
                Paragraph(markup(explanation, MAX_CELL_CHARS) or "–", s["cell"]),
                Paragraph(escape(advice), s["cell"]),
            ])
        table = Table(rows, colWidths=_column_widths(self.frame_width, (0.22, 0.36, 0.42)),
                      repeatRows=1)
        table.setStyle(self._table_style(len(rows)))
        flowables.append(table)
        return flowables

    def network_section(self) -> list[Flowable]:
        """Heading, caption, the network drawing and the department legend."""
        data, s = self.data, self.styles
        if not data.positions:
            return []
        colours, legend = self.department_colours()
        edges, board_edges = self.sample_edges()
        shown = len(edges) + len(board_edges)
        caption = _("Each dot is a person, coloured by department; board members are the "
                    "large dots with a dark ring and their name. Lines are ties; the ties of "
                    "board members are darker.")
        if shown < len(data.edges):
            caption += " " + _("For readability {shown} of {total} tied pairs are drawn, "
                               "chosen evenly.").format(shown=format_number(shown),
                                                        total=format_number(len(data.edges)))
        drawing = self.network_drawing(colours, edges, board_edges)
        return [
            CondPageBreak(drawing.height + 4 * cm),
            Paragraph(escape(_("Influence network")), s["heading"]),
            KeepTogether([Paragraph(escape(caption), s["caption"]), drawing,
                          Spacer(1, 6), self.legend_table(legend)]),
        ]

    # -- the network figure ----------------------------------------------------------

    def department_colours(self) -> tuple[dict[str, str], list[tuple[str, str, int]]]:
        """Colour per department and the legend rows ``(label, colour, people)``.

        The largest departments get their own colour, the rest share "other".
        """
        counts = Counter(self.data.departments.get(pid, "") for pid in self.data.positions)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        colours: dict[str, str] = {}
        legend: list[tuple[str, str, int]] = []
        for rank, (name, count) in enumerate(ranked):
            if rank < self.legend_departments:
                colours[name] = PALETTE[rank % len(PALETTE)]
                legend.append((clean(name) or _("(no department)"), colours[name], count))
            else:
                colours[name] = OTHER_COLOUR
        rest = ranked[self.legend_departments:]
        if rest:
            legend.append((ngettext("Other ({n} department)", "Other ({n} departments)",
                                    len(rest)).format(n=len(rest)), OTHER_COLOUR,
                           sum(count for _name, count in rest)))
        return colours, legend

    def sample_edges(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The ties to draw: ``(other ties, ties of board members)``, at most ``max_edges``.

        Ties of board members come first (they show the board's reach); the rest is an even
        sample ranked by a hash of the pair, so the same input draws the same lines.
        """
        board = set(self.data.board_ids)
        positions = self.data.positions
        usable = [(a, b) for a, b in self.data.edges if a in positions and b in positions]
        board_edges = [e for e in usable if e[0] in board or e[1] in board]
        other = [e for e in usable if not (e[0] in board or e[1] in board)]
        board_edges = _even_sample(board_edges, self.max_edges // 4)
        other = _even_sample(other, self.max_edges - len(board_edges))
        return other, board_edges

    def network_drawing(self, colours: Mapping[str, str], edges: list[tuple[str, str]],
                        board_edges: list[tuple[str, str]]) -> Drawing:
        """The network as vector graphics: grey ties, coloured dots, ringed board members."""
        data = self.data
        width = self.frame_width
        pad = 14.0
        xs = [p[0] for p in data.positions.values()]
        ys = [p[1] for p in data.positions.values()]
        span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
        # As tall as the layout needs, within limits that keep it on one page with its legend.
        aspect = span_y / span_x if span_x > 0 else 1.0
        height = min(max((width - 2 * pad) * aspect + 2 * pad, 7 * cm), 15 * cm)
        drawing = Drawing(width, height, initialFontName=FONT, initialFontSize=7)
        drawing.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#FAFBFC"),
                         strokeColor=RULE, strokeWidth=0.5))
        scale = min((width - 2 * pad) / span_x if span_x > 0 else math.inf,
                    (height - 2 * pad) / span_y if span_y > 0 else math.inf)
        scale = 0.0 if scale == math.inf else scale
        offset_x = (width - span_x * scale) / 2 - min(xs) * scale
        # The layout's y grows downwards like a screen; PDF's grows upwards.
        offset_y = (height - span_y * scale) / 2 + max(ys) * scale

        def place(pid: str) -> tuple[float, float]:
            x, y = data.positions[pid]
            return offset_x + x * scale, offset_y - y * scale

        count = len(data.positions)
        big = count > 500
        dot = max(1.5, min(6.0, 60.0 / math.sqrt(max(count, 1))))
        drawing.add(_lines(edges, place, colors.Color(0.55, 0.58, 0.62,
                                                      alpha=0.25 if big else 0.35),
                           0.25 if big else 0.5))
        drawing.add(_lines(board_edges, place, colors.Color(0.18, 0.22, 0.28,
                                                            alpha=0.25 if big else 0.45),
                           0.3 if big else 0.6))
        by_colour: dict[str, list[tuple[float, float]]] = {}
        board = set(data.board_ids)
        for pid in sorted(data.positions):
            if pid not in board:
                colour = colours.get(data.departments.get(pid, ""), OTHER_COLOUR)
                by_colour.setdefault(colour, []).append(place(pid))
        for colour in sorted(by_colour):
            drawing.add(_dots(by_colour[colour], colors.HexColor(colour), dot))
        ring = max(3.2, dot * 1.1)
        placed: list[tuple[float, float, float, float]] = []
        obstacles = []
        for member in data.members:
            if member.id not in data.positions:
                continue
            x, y = place(member.id)
            colour = colours.get(data.departments.get(member.id, ""), OTHER_COLOUR)
            drawing.add(Circle(x, y, ring, fillColor=colors.HexColor(colour), strokeColor=INK,
                               strokeWidth=1.2))
            obstacles.append((x - ring, y - ring, x + ring, y + ring))
        for member in data.members:
            if member.id in data.positions:
                self._label(drawing, member.name, place(member.id), ring, placed, obstacles)
        return drawing

    def _label(self, drawing: Drawing, name: str, at: tuple[float, float], ring: float,
               placed: list[tuple[float, float, float, float]],
               obstacles: list[tuple[float, float, float, float]]) -> None:
        """Put a name next to its dot where it overlaps no other label or board dot."""
        text = _fit(clean(name).replace("\n", " "), FONT, 7, 120)
        size = 7.0
        w, h = pdfmetrics.stringWidth(text, FONT, size) + 4, size + 3
        x, y = at
        width, height = drawing.width, drawing.height
        best, best_cost = None, math.inf
        for distance in (ring + 1.5, ring + 9, ring + 18, ring + 30):
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1),
                           (-1, -1)):
                left = x + distance if dx > 0 else x - distance - w if dx < 0 else x - w / 2
                bottom = (y + distance - 2 if dy > 0 else y - distance - h + 2 if dy < 0
                          else y - h / 2)
                box = (left, bottom, left + w, bottom + h)
                if box[0] < 1 or box[1] < 1 or box[2] > width - 1 or box[3] > height - 1:
                    continue
                cost = sum(_overlap(box, other) for other in placed) * 10
                cost += sum(_overlap(box, other) for other in obstacles)
                cost += distance * 0.01
                if cost < best_cost:
                    best, best_cost = box, cost
            if best is not None and best_cost < 1.0:
                break
        if best is None:  # nowhere inside: clamp to the drawing
            left = min(max(1, x + ring), width - w - 1)
            best = (left, min(max(1, y), height - h - 1), left + w, min(max(1, y),
                                                                         height - h - 1) + h)
        left, bottom, right, top = best
        near_x, near_y = min(max(x, left), right), min(max(y, bottom), top)
        if math.hypot(near_x - x, near_y - y) > ring + 4:
            drawing.add(Line(x, y, near_x, near_y, strokeColor=INK, strokeWidth=0.4))
        drawing.add(Rect(left, bottom, w, h, fillColor=colors.white, fillOpacity=0.85,
                         strokeColor=None, strokeWidth=0))
        drawing.add(String(left + 2, bottom + 2.6, text, fontName=FONT, fontSize=size,
                           fillColor=INK))
        placed.append(best)

    def legend_table(self, legend: list[tuple[str, str, int]]) -> Table:
        """Department colours with their head counts, plus the board-member symbol."""
        s = self.styles
        entries = [(_swatch(colors.HexColor(colour)),
                    Paragraph(f"{markup(label, 80)} ({format_number(count)})", s["legend"]))
                   for label, colour, count in legend]
        entries.append((_swatch(colors.white, ring=True),
                        Paragraph(escape(_("Board member")), s["legend"])))
        columns = 3
        rows = []
        for start in range(0, len(entries), columns):
            row: list = []
            for swatch, label in entries[start:start + columns]:
                row += [swatch, label]
            row += [""] * (2 * columns - len(row))
            rows.append(row)
        part = self.frame_width / columns
        table = Table(rows, colWidths=[14, part - 14] * columns)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]))
        return table

    # -- helpers ---------------------------------------------------------------------

    def _table_style(self, rows: int) -> TableStyle:
        commands = [
            ("FONT", (0, 0), (-1, -1), FONT, 9),  # the table's own default is Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ]
        commands += [("BACKGROUND", (0, row), (-1, row), ZEBRA) for row in range(2, rows, 2)]
        return TableStyle(commands)

    def _canvas_class(self) -> type[Canvas]:
        """A canvas that holds pages back until the end, to print "page x of y"."""
        renderer = self

        class NumberedCanvas(Canvas):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict] = []

            def showPage(self) -> None:  # noqa: N802 - reportlab API
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    renderer.draw_page_number(self, number, total)
                    super().showPage()
                super().save()

        return NumberedCanvas


def _column_widths(total: float, shares: tuple[float, ...]) -> list[float]:
    return [total * share for share in shares]


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _even_sample(edges: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """At most ``limit`` edges, chosen by a stable hash so the choice never changes."""
    if len(edges) <= limit:
        return sorted(edges)
    keyed = ((zlib.crc32(f"{a}\x1f{b}".encode()), a, b) for a, b in edges)
    return sorted((a, b) for _key, a, b in heapq.nsmallest(limit, keyed))


def _lines(edges, place, colour: colors.Color, width: float) -> Path:
    """All ``edges`` as one path (much smaller and faster than one shape per line)."""
    path = Path(strokeColor=colour, strokeWidth=width, fillColor=None)
    for a, b in edges:
        path.moveTo(*place(a))
        path.lineTo(*place(b))
    return path


def _dots(points: list[tuple[float, float]], colour: colors.Color, size: float) -> Path:
    """Dots as zero-length strokes with round caps: one path per colour."""
    path = Path(strokeColor=colour, strokeWidth=size, strokeLineCap=1, fillColor=None)
    for x, y in points:
        path.moveTo(x, y)
        path.lineTo(x, y)
    return path


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _swatch(colour: colors.Color, ring: bool = False) -> Drawing:
    drawing = Drawing(10, 10, initialFontName=FONT, initialFontSize=7)
    drawing.add(Circle(5, 5, 3.6 if ring else 3.2, fillColor=colour,
                       strokeColor=INK if ring else None, strokeWidth=1.1 if ring else 0))
    return drawing
