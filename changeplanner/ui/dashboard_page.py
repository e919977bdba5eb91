"""The Overview page (dashboard): the first page when a plan opens.

Six tiles sum up the plan — the current change board, pilots by status, KPIs on and off
track, open ideas and their age, goals no measure serves, and skills at risk — and each is
a click away from its detail: clicking a tile (or pressing Enter on it) or a link inside it
emits :attr:`DashboardPage.navigate`, which the main window turns into showing that page
and selecting the item.

The figures are read and computed in the background (reading a 10,000-person plan takes
far longer than a window may stall): one task per source of figures, the quick ones
(pilots, ideas, goals) at once, the two that read most of a large plan (the board with
the people, the skill risks with every rating) one after the other. The quick tiles appear
at once, the page never blocks, and a change reloads only the tiles it affects.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import quote, unquote

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from changeplanner import domain
from changeplanner.analysis import goals as goals_analysis
from changeplanner.analysis import ideas as ideas_analysis
from changeplanner.analysis import pilots as pilots_analysis
from changeplanner.analysis import skills as skills_analysis
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import board as board_service
from changeplanner.services import plans, records
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page

#: The tiles, in reading order (left to right, top to bottom).
SECTIONS: tuple[str, ...] = ("board", "pilots", "kpis", "ideas", "goals", "risks")
#: The background task that fills each tile (pilots and KPIs come from one read).
TASK_OF: dict[str, str] = {"board": "board", "pilots": "pilots", "kpis": "pilots",
                           "ideas": "ideas", "goals": "goals", "risks": "risks"}
#: The background tasks, the quick ones first.
TASKS: tuple[str, ...] = ("pilots", "ideas", "goals", "board", "risks")
#: Tasks that read most of a large plan (people with ties, or with skill ratings).
HEAVY_TASKS: frozenset[str] = frozenset({"board", "risks"})
#: The tasks a ``data_changed`` kind makes stale. Nothing on the overview depends on ties;
#: kinds not listed here (and "all") reload every tile.
KIND_TASKS: dict[str, tuple[str, ...]] = {
    "board": ("board",),
    "people": ("board", "risks"),
    "skills": ("risks",),
    "pilots": ("pilots",),
    "goals": ("goals",),
    "ideas": ("ideas",),
    "ties": (),
}
#: The page each tile opens.
TILE_PAGES: dict[str, str] = {"board": "board", "pilots": "pilots", "kpis": "pilots",
                              "ideas": "ideas", "goals": "goals", "risks": "skills"}
#: The item the skills page is opened with: its risks tab, filtered to a skill ("": all).
RISKS_TAB = "risks"
#: How many names, ideas, goals or risks a tile lists before "+ n more".
SHOWN = 4
#: Tile widths: one column below the first, two below the second, else three.
TWO_COLUMNS_FROM, THREE_COLUMNS_FROM = 560, 900

#: Tones of the big figure.
TONE_COLORS = {"good": "#1a7f37", "warning": "#9a6700", "bad": "#b42318", "": ""}
ON_TRACK_COLOR, OFF_TRACK_COLOR, MUTED_COLOR = "#1a7f37", "#b42318", "#6e7781"


# -- the figures (computed on a worker thread; plain data, no Qt) -------------------------

@dataclass(frozen=True)
class BoardFigures:
    """The organisation and its latest saved change board.

    Attributes:
        plan_name: The plan's name.
        people: People in the plan.
        departments: Departments with people.
        board_id: The latest saved board, or ``None`` when there is none.
        name: Its name; ``created``: when it was saved (``"YYYY-MM-DD HH:MM"``).
        reach: Share of the organisation the board reaches (0..1).
        members: ``(role, names)`` in the order of :data:`domain.ROLES`, roles with members.
        unfilled: Roles the board could not fill.
    """

    plan_name: str = ""
    people: int = 0
    departments: int = 0
    board_id: int | None = None
    name: str = ""
    created: str = ""
    reach: float = 0.0
    members: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unfilled: tuple[str, ...] = ()


@dataclass(frozen=True)
class PilotLine:
    """One pilot as the overview lists it."""

    id: int
    name: str
    status: str
    kpis_on_track: int = 0
    kpis_off_track: int = 0
    kpis_unmeasured: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class OffTrackKpi:
    """A KPI whose latest measurement is off track."""

    pilot_id: int
    pilot: str
    kpi: str
    progress: float | None


@dataclass(frozen=True)
class PilotFigures:
    """Pilots by status and their KPIs."""

    by_status: dict[str, int] = field(default_factory=dict)
    pilots: tuple[PilotLine, ...] = ()
    kpis_on_track: int = 0
    kpis_off_track: int = 0
    kpis_unmeasured: int = 0
    off_track: tuple[OffTrackKpi, ...] = ()
    wins: int = 0
    deviations: int = 0
    milestones_overdue: int = 0

    @property
    def total(self) -> int:
        """Number of pilots."""
        return len(self.pilots)

    @property
    def kpis(self) -> int:
        """Number of KPIs of all pilots."""
        return self.kpis_on_track + self.kpis_off_track + self.kpis_unmeasured


@dataclass(frozen=True)
class OpenIdea:
    """An undecided idea and for how many days it has waited."""

    id: int
    text: str
    author: str
    age_days: int


@dataclass(frozen=True)
class IdeaFigures:
    """Ideas by status, the open ones by age, and the time to a decision."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    open: int = 0
    oldest_open: tuple[OpenIdea, ...] = ()  # oldest first, those with a date only
    median_days_to_decision: float | None = None
    decided: int = 0  # decided ideas with a usable time to decision


@dataclass(frozen=True)
class GoalFigures:
    """Goals no measure serves, measures that serve no goal."""

    goals: int = 0
    measures: int = 0
    unserved: tuple[tuple[int, str, int], ...] = ()  # (id, title, priority)
    idle_measures: int = 0
    harmful: int = 0


@dataclass(frozen=True)
class SkillAtRisk:
    """A skill and where it is at risk."""

    skill: str
    whole_plan: bool          # too few experts in the whole plan
    departments: tuple[str, ...]
    nobody: bool              # somewhere nobody has it at all


@dataclass(frozen=True)
class RiskFigures:
    """Skills at risk (see :func:`changeplanner.analysis.skills.skill_risks`).

    Attributes:
        skills: Skills in the catalogue (not archived); ``ratings``: ratings recorded.
        single_points: Risks (skill × whole plan or department) with too few experts.
        nobody: Risks where nobody in the scope has the skill at all.
        skills_at_risk: Distinct skills with a risk.
        top: The skills at risk, those at risk in the whole plan first, then by the number
            of departments (the first few).
    """

    skills: int = 0
    ratings: int = 0
    single_points: int = 0
    nobody: int = 0
    skills_at_risk: int = 0
    top: tuple[SkillAtRisk, ...] = ()


def load_board(plan: Plan, *, progress: Progress) -> BoardFigures:
    """The organisation and its latest saved board (runs on a worker thread)."""
    progress.update(0.0, _("Reading the change board…"))
    snapshot = plans.snapshot(plan, skills=False, network=False)
    people = snapshot.people_by_id()
    departments = len({p.department for p in snapshot.people if p.department})
    base = BoardFigures(plan_name=snapshot.name or plan.path.stem, people=len(people),
                        departments=departments)
    board = board_service.latest_board(plan)
    if board is None:
        return base
    by_role: dict[str, list[str]] = {}
    for seat in board.seats:
        person = people.get(seat.person_id)
        by_role.setdefault(seat.role, []).append(person.name if person else seat.person_id)
    order = list(domain.ROLES) + sorted(set(by_role) - set(domain.ROLES))
    return BoardFigures(
        plan_name=base.plan_name, people=base.people, departments=departments,
        board_id=board.id, name=board.name, created=board.created[:16], reach=board.reach,
        members=tuple((role, tuple(by_role[role])) for role in order if role in by_role),
        unfilled=tuple(role for role, _reason in board.unfilled))


def load_pilots(plan: Plan, today: dt.date | None = None, *,
                progress: Progress) -> PilotFigures:
    """Pilots by status and their KPIs on and off track (runs on a worker thread)."""
    progress.update(0.0, _("Reading the pilots…"))
    lines, off_track = [], []
    by_status: Counter[str] = Counter()
    on = off = unmeasured = wins = deviations = overdue = 0
    for detail in records.all_pilot_details(plan):
        pilot = detail.pilot
        summary = pilots_analysis.pilot_summary(detail, today=today)
        on += summary.kpis_on_track
        off += summary.kpis_off_track
        unmeasured += summary.kpis_unmeasured
        wins += summary.wins
        deviations += summary.deviations
        overdue += summary.milestones_overdue
        by_status[pilot.status] += 1
        lines.append(PilotLine(pilot.id, pilot.name, pilot.status, summary.kpis_on_track,
                               summary.kpis_off_track, summary.kpis_unmeasured,
                               tuple(summary.warnings)))
        off_track += [OffTrackKpi(pilot.id, pilot.name, s.kpi.name, s.progress)
                      for s in summary.kpis if s.on_track is False]
    off_track.sort(key=lambda k: (k.progress if k.progress is not None else 0.0,
                                  k.pilot.casefold(), k.kpi.casefold()))
    return PilotFigures(by_status=dict(by_status), pilots=tuple(lines), kpis_on_track=on,
                        kpis_off_track=off, kpis_unmeasured=unmeasured,
                        off_track=tuple(off_track), wins=wins, deviations=deviations,
                        milestones_overdue=overdue)


def load_ideas(plan: Plan, today: dt.date | None = None, *,
               progress: Progress) -> IdeaFigures:
    """Ideas by status, the oldest open ones and the time to a decision (worker thread)."""
    progress.update(0.0, _("Reading the ideas…"))
    ideas = records.list_ideas(plan)
    by_id = {idea.id: idea for idea in ideas}
    counts = ideas_analysis.status_counts(ideas)
    times = ideas_analysis.decision_times(ideas, today=today)
    oldest = tuple(OpenIdea(idea_id, by_id[idea_id].text, by_id[idea_id].author, days)
                   for idea_id, days in times.open_ages[:SHOWN])
    return IdeaFigures(total=len(ideas), by_status=dict(counts), open=times.undecided,
                       oldest_open=oldest, median_days_to_decision=times.median_days,
                       decided=times.decided)


def load_goals(plan: Plan, *, progress: Progress) -> GoalFigures:
    """Goals no active measure serves and measures that serve no goal (worker thread)."""
    progress.update(0.0, _("Reading the goals…"))
    goals = records.list_goals(plan)
    measures = records.list_measures(plan)
    table = goals_analysis.impact_table(goals, measures, records.list_impacts(plan))
    unserved_ids = set(table.unserved_goals)
    unserved = sorted(((g.id, g.title, g.priority) for g in goals if g.id in unserved_ids),
                      key=lambda g: (g[2], g[1].casefold(), g[0]))
    return GoalFigures(goals=len(goals), measures=len(measures), unserved=tuple(unserved),
                       idle_measures=len(table.idle_measures), harmful=len(table.harmful))


def load_risks(plan: Plan, *, progress: Progress) -> RiskFigures:
    """Skills with too few experts, as the skills page's Risks tab finds them (worker)."""
    progress.update(0.0, _("Looking for skills at risk…"))
    snapshot = plans.snapshot(plan, network=False)
    risks = skills_analysis.skill_risks(snapshot)
    kinds = Counter(r.kind for r in risks)
    by_skill: dict[int, list[skills_analysis.SkillRisk]] = {}
    for risk in risks:
        by_skill.setdefault(risk.skill_id, []).append(risk)
    skills_at_risk = [SkillAtRisk(
        skill=found[0].skill, whole_plan=any(r.department is None for r in found),
        departments=tuple(sorted((r.department for r in found if r.department is not None),
                                 key=str.casefold)),
        nobody=any(r.kind == "nobody" for r in found)) for found in by_skill.values()]
    # At risk in the whole plan hurts most; then where most departments depend on it.
    skills_at_risk.sort(key=lambda s: (not s.whole_plan, -len(s.departments),
                                       s.skill.casefold()))
    return RiskFigures(
        skills=sum(1 for s in snapshot.skills if not s.archived), ratings=len(snapshot.ratings),
        single_points=kinds.get("single_point_of_failure", 0), nobody=kinds.get("nobody", 0),
        skills_at_risk=len(skills_at_risk), top=tuple(skills_at_risk[:SHOWN]))


LOADERS: dict[str, Callable[..., Any]] = {"board": load_board, "pilots": load_pilots,
                                          "ideas": load_ideas, "goals": load_goals,
                                          "risks": load_risks}


# -- widgets ----------------------------------------------------------------------------

def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _more(total: int, shown: int) -> str:
    more = total - shown
    return ngettext("+ {n} more", "+ {n} more", more).format(n=more) if more > 0 else ""


def _shorten(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _percent(value: float) -> str:
    return _("{percent} %").format(percent=round(value * 100))


class Tile(QFrame):
    """One card of the overview: a title, a big figure with a caption, details with links
    and, when there is nothing to show yet, a button that says what to do.

    The whole tile is clickable and focusable (Enter or Space activates it).

    Signals:
        activated(): the tile was clicked or activated from the keyboard.
        link_activated(str): a link in the details was clicked (its href).
    """

    activated = Signal()
    link_activated = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"tile_{name}")
        self.setProperty("dashboardTile", True)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setMinimumWidth(260)

        self.title = QLabel(self)
        self.title.setObjectName("tileTitle")
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self.title.setFont(title_font)
        self.chevron = QLabel("›", self)
        self.chevron.setStyleSheet(f"color: {MUTED_COLOR};")
        self.chevron.setFont(title_font)
        self.figure = QLabel(self)
        self.figure.setObjectName("tileFigure")
        figure_font = QFont(self.figure.font())
        figure_font.setPointSizeF(figure_font.pointSizeF() * 2.4)
        figure_font.setBold(True)
        self.figure.setFont(figure_font)
        self.caption = QLabel(self)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.body = QLabel(self)
        self.body.setObjectName("tileBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.body.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.body.linkActivated.connect(self._link_clicked)
        self.action = QPushButton(self)
        self.action.setObjectName("tileAction")
        self.action.setCursor(Qt.CursorShape.ArrowCursor)
        self.action.clicked.connect(lambda _checked=False: self.activated.emit())
        self.action.setVisible(False)
        self._link_pending = False

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.chevron)
        figure_row = QHBoxLayout()
        figure_row.setSpacing(10)
        figure_row.addWidget(self.figure)
        figure_row.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addLayout(figure_row)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignLeft)

    def set_loading(self) -> None:
        """Show that the figures are being read."""
        self.figure.setText("…")
        self.figure.setStyleSheet(f"color: {MUTED_COLOR};")
        self.caption.setText(_("Reading the plan…"))
        self.body.setText("")
        self.action.setVisible(False)

    def set_content(self, figure: str, caption: str, body: str = "", *, tone: str = "",
                    action: str = "") -> None:
        """Show ``figure`` (big) with ``caption``, ``body`` (rich text with links) and,
        when ``action`` is given, a button with that text that activates the tile."""
        self.figure.setText(figure)
        color = TONE_COLORS.get(tone, "")
        self.figure.setStyleSheet(f"color: {color};" if color else "")
        self.caption.setText(caption)
        self.body.setText(body)
        self.action.setText(action)
        self.action.setVisible(bool(action))

    def _link_clicked(self, href: str) -> None:
        # The label passes the release on to the tile too: that click is the link's.
        self._link_pending = True
        self.link_activated.emit(href)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a click (finished on release)."""
        self._link_pending = False
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A left click inside the tile activates it (unless it was on a link)."""
        if self._link_pending:
            self._link_pending = False
        elif (event.button() == Qt.MouseButton.LeftButton
              and self.rect().contains(event.position().toPoint())):
            self.activated.emit()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter, Return and Space activate the tile."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _Content(QWidget):
    """The scrolled content: as tall as its wrapped texts need at the width it gets.

    A word-wrapped label's minimum height is that of its narrowest layout, so the sum of
    them would make the scroll area scroll although everything fits; the scroll area asks
    ``heightForWidth`` for the real height instead."""

    def minimumSizeHint(self) -> QSize:
        """The minimum width; no minimum height (see the class docstring)."""
        return QSize(super().minimumSizeHint().width(), 0)


_TILE_STYLE = """
QFrame[dashboardTile="true"] {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 8px;
}
QFrame[dashboardTile="true"]:hover { border: 1px solid palette(highlight); }
QFrame[dashboardTile="true"]:focus { border: 2px solid palette(highlight); }
QFrame[dashboardTile="true"] QLabel { background: transparent; border: none; }
"""


class DashboardPage(Page):
    """The overview of the open plan; every tile leads to its detail.

    Signals:
        navigate(str, object): show the page with this key and select the item there:
            a board, pilot, goal or idea id; for ``"skills"`` the tuple
            ``(RISKS_TAB, skill name or "")`` opens the risks tab filtered to the skill;
            ``None`` shows the page as it is.
        loaded(): every tile shows the current figures.
    """

    key = "dashboard"
    navigate = Signal(str, object)
    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        #: The day ages are counted to (``None``: today); tests fix it.
        self.today: dt.date | None = None
        self.figures: dict[str, Any] = {}
        self._figures_plan: Plan | None = None   # the plan ``figures`` belong to
        self._generation = dict.fromkeys(TASKS, 0)   # task -> the run whose result counts
        self._to_start: set[str] = set()              # tasks to start
        self._in_flight: dict[str, int] = {}         # task -> generation of its running run
        self._failed: dict[str, str] = {}
        self._columns = 0

        self.heading = QLabel(self)
        self.heading.setObjectName("dashboardHeading")
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("dashboardSubtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {MUTED_COLOR};")

        self.tiles: dict[str, Tile] = {}
        self.grid_box = QWidget(self)
        self.grid_box.setObjectName("dashboardTiles")
        self.grid_box.setStyleSheet(_TILE_STYLE)
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(14)
        for name in SECTIONS:
            tile = Tile(name, self.grid_box)
            tile.activated.connect(lambda n=name: self._tile_activated(n))
            tile.link_activated.connect(self._link_activated)
            self.tiles[name] = tile
        self._arrange(3)

        content = _Content(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(18, 14, 18, 18)
        column.setSpacing(6)
        column.addWidget(self.heading)
        column.addWidget(self.subtitle)
        column.addSpacing(8)
        column.addWidget(self.grid_box)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("dashboardScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

        self.retranslate_ui()
        self.reload("all")

    # -- Page contract ----------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated navigation entry."""
        return _("Overview")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(_("Overview"))
        titles = {"board": _("Change board"), "pilots": _("Pilots"),
                  "kpis": _("KPIs of the pilots"), "ideas": _("Ideas and customer voices"),
                  "goals": _("Goals"), "risks": _("Skills at risk")}
        tips = {"board": _("Open the change board"), "pilots": _("Open the pilots"),
                "kpis": _("Open the pilots and their KPIs"), "ideas": _("Open the ideas"),
                "goals": _("Open the goals and measures"),
                "risks": _("Open the skills at risk")}
        for name, tile in self.tiles.items():
            tile.title.setText(titles[name])
            tile.setToolTip(tips[name])
            tile.setAccessibleName(titles[name])
        self._show_all()

    def reload(self, kind: str) -> None:
        """Compute the tiles ``kind`` affects again, in the background."""
        tasks = TASKS if kind == "all" else KIND_TASKS.get(kind, TASKS)
        if self.context.plan is not self._figures_plan:
            # Another plan: its figures must not show while the new ones are computed.
            self._figures_plan = self.context.plan
            self.figures.clear()
            self._failed.clear()
        for task in tasks:
            self._generation[task] += 1
            self._failed.pop(task, None)
        if self.context.plan is None:
            self._to_start.clear()
        else:
            self._to_start.update(tasks)
            self._start_pending()
        self._show_all()
        if not self.loading:
            self.loaded.emit()

    @property
    def loading(self) -> bool:
        """Whether any tile is still being computed."""
        return bool(self._to_start or self._in_flight)

    # -- background work --------------------------------------------------------------

    def _start_pending(self) -> None:
        """Start the wanted tasks: the quick ones at once, the heavy ones one at a time
        (two threads reading a large plan at once only slow each other and the window),
        and none while an older run of the same task is still going."""
        plan = self.context.plan
        for task in TASKS:
            if task not in self._to_start or task in self._in_flight:
                continue
            if task in HEAVY_TASKS and any(t in HEAVY_TASKS for t in self._in_flight):
                continue
            self._to_start.discard(task)
            generation = self._generation[task]
            self._in_flight[task] = generation
            args = (plan, self.today) if task in ("pilots", "ideas") else (plan,)
            self.context.runner.start(
                LOADERS[task], *args, isolate=task in HEAVY_TASKS,
                on_finished=lambda result, t=task, g=generation, p=plan:
                    self._task_ended(t, g, p, result=result),
                on_failed=lambda message, _user, t=task, g=generation, p=plan:
                    self._task_ended(t, g, p, failure=message),
                on_cancelled=lambda t=task, g=generation, p=plan:
                    self._task_ended(t, g, p, failure=_("Cancelled.")))

    def _task_ended(self, task: str, generation: int, plan: Plan, *, result: Any = None,
                    failure: str | None = None) -> None:
        if not isValid(self):
            return  # the window was closed while the work ran
        self._in_flight.pop(task, None)
        # Results of an older run, or of a plan that is closed now, are dropped.
        if generation == self._generation[task] and plan is self.context.plan:
            if failure is None:
                self.figures[task] = result
            else:
                self._failed[task] = failure
                self.context.status_message.emit(
                    _("The overview could not be computed: {reason}").format(reason=failure))
            self._show_all()
        if self.context.plan is not None:
            self._start_pending()
        if not self.loading:
            self.loaded.emit()

    # -- navigation -------------------------------------------------------------------

    def _tile_activated(self, name: str) -> None:
        item: Any = None
        if name == "board":
            board = self.figures.get("board")
            item = board.board_id if board is not None else None
        elif name == "risks":
            item = (RISKS_TAB, "")
        self.navigate.emit(TILE_PAGES[name], item)

    def _link_activated(self, href: str) -> None:
        page, _sep, item = href.partition(":")
        if page == "skills":
            self.navigate.emit(page, (RISKS_TAB, unquote(item)))
        elif item.isdigit():
            self.navigate.emit(page, int(item))
        else:
            self.navigate.emit(page, None)

    # -- layout -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Three tiles a row on a wide window, two or one on a narrow one."""
        super().resizeEvent(event)
        width = event.size().width()
        self._arrange(3 if width >= THREE_COLUMNS_FROM
                      else 2 if width >= TWO_COLUMNS_FROM else 1)

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for index, name in enumerate(SECTIONS):
            self.grid.addWidget(self.tiles[name], index // columns, index % columns)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    # -- showing ----------------------------------------------------------------------

    def _show_all(self) -> None:
        board = self.figures.get("board")
        if self.context.plan is None:
            self.subtitle.setText("")
        elif board is None:
            self.subtitle.setText(_("Reading the plan…"))
        else:
            self.subtitle.setText(_(
                "{plan}: {people} in {departments}. Click a tile to see the details.").format(
                plan=board.plan_name,
                people=ngettext("{n} person", "{n} people", board.people).format(
                    n=board.people),
                departments=ngettext("{n} department", "{n} departments",
                                     board.departments).format(n=board.departments)))
        show = {"board": self._show_board, "pilots": self._show_pilots,
                "kpis": self._show_kpis, "ideas": self._show_ideas,
                "goals": self._show_goals, "risks": self._show_risks}
        for name, tile in self.tiles.items():
            task = TASK_OF[name]
            figures = self.figures.get(task)
            if task in self._failed:
                tile.set_content("—", _("Could not be computed."),
                                 escape(self._failed[task]), tone="bad")
            elif figures is None:
                if self.context.plan is None:
                    tile.set_content("—", "")
                else:
                    tile.set_loading()
            else:
                show[name](tile, figures)

    def _show_board(self, tile: Tile, board: BoardFigures) -> None:
        if board.board_id is None:
            tile.set_content("—", _("No change board yet."), _(
                "Propose a balanced board of fundamental skeptics, networkers, "
                "enthusiastic doers and influential team leads of other departments: it "
                "reaches the organisation and carries the change."),
                action=_("Go to the change board"))
            return
        lines = [f"<b>{escape(board.name)}</b> "
                 f"<span style='color:{MUTED_COLOR}'>{escape(board.created)}</span>"]
        for role, names in board.members:
            shown = ", ".join(escape(n) for n in names[:SHOWN])
            more = _more(len(names), SHOWN)
            lines.append(_("{role}: {names}").format(
                role=escape(_(domain.ROLE_LABELS.get(role, role))),
                names=shown + (" " + escape(more) if more else "")))
        if board.unfilled:
            lines.append(f"<span style='color:{TONE_COLORS['warning']}'>" + escape(ngettext(
                "{n} seat could not be filled: {roles}",
                "{n} seats could not be filled: {roles}", len(board.unfilled)).format(
                n=len(board.unfilled), roles=", ".join(
                    _(domain.ROLE_LABELS.get(r, r)) for r in board.unfilled))) + "</span>")
        seats = sum(len(names) for _role, names in board.members)
        tile.set_content(_percent(board.reach), ngettext(
            "of the organisation reached by {n} board member",
            "of the organisation reached by {n} board members", seats).format(n=seats),
            "<br>".join(lines), tone="good" if not board.unfilled else "warning")

    def _show_pilots(self, tile: Tile, figures: PilotFigures) -> None:
        if not figures.pilots:
            tile.set_content("0", _("No lighthouse pilots yet."), _(
                "Start with first small steps instead of talking the transformation to "
                "death: one team, one goal, a few KPIs."), action=_("Plan a pilot"))
            return
        labels, counts = [], []
        for status in domain.PILOT_STATUSES:
            count = figures.by_status.get(status, 0)
            style = f" style='color:{MUTED_COLOR}'" if not count else ""
            labels.append(f"<td align='center'{style}>"
                          f"{escape(_(domain.PILOT_STATUS_LABELS[status]))}&nbsp;</td>")
            counts.append(f"<td align='center'{style}><b>{count}</b>&nbsp;</td>")
        body = ("<table cellspacing='0' cellpadding='1'><tr>" + "".join(labels)
                + "</tr><tr>" + "".join(counts) + "</tr></table>")
        body += escape(", ".join([
            ngettext("{n} win to celebrate", "{n} wins to celebrate",
                     figures.wins).format(n=figures.wins),
            ngettext("{n} deviation to learn from", "{n} deviations to learn from",
                     figures.deviations).format(n=figures.deviations)]))
        if figures.milestones_overdue:
            body += (f"<br><span style='color:{TONE_COLORS['warning']}'>" + escape(ngettext(
                "{n} milestone overdue", "{n} milestones overdue",
                figures.milestones_overdue).format(n=figures.milestones_overdue))
                + "</span>")
        warned = [p for p in figures.pilots if p.warnings]
        if warned:
            links = [_link(f"pilots:{p.id}", p.name) for p in warned[:SHOWN]]
            more = _more(len(warned), SHOWN)
            body += (f"<br><span style='color:{TONE_COLORS['warning']}'>⚠ " + escape(ngettext(
                "Warning for:", "Warnings for:", len(warned))) + "</span> "
                + ", ".join(links) + (" " + escape(more) if more else ""))
        running = figures.by_status.get("running", 0)
        tile.set_content(str(figures.total), ngettext(
            "pilot, {running}", "pilots, {running}", figures.total).format(
            running=ngettext("{n} running", "{n} running", running).format(n=running)), body,
            tone="warning" if warned else "")

    def _show_kpis(self, tile: Tile, figures: PilotFigures) -> None:
        if not figures.kpis:
            tile.set_content("—", _("No KPIs recorded yet."), _(
                "Give each pilot a few KPIs with a baseline and a target, and record "
                "measurements to see whether it is on track."),
                action=_("Open the pilots"))
            return
        parts = [f"<span style='color:{ON_TRACK_COLOR}'>●</span> " + escape(ngettext(
                     "{n} on track", "{n} on track", figures.kpis_on_track).format(
                     n=figures.kpis_on_track)),
                 f"<span style='color:{OFF_TRACK_COLOR}'>●</span> " + escape(ngettext(
                     "{n} off track", "{n} off track", figures.kpis_off_track).format(
                     n=figures.kpis_off_track)),
                 f"<span style='color:{MUTED_COLOR}'>●</span> " + escape(ngettext(
                     "{n} not measured", "{n} not measured",
                     figures.kpis_unmeasured).format(n=figures.kpis_unmeasured))]
        body = "&nbsp;&nbsp; ".join(parts)
        if figures.off_track:
            body += "<br>" + escape(_("Off track:"))
            for kpi in figures.off_track[:SHOWN]:
                progress = ("" if kpi.progress is None else " " + escape(_(
                    "({percent} of the way)").format(percent=_percent(kpi.progress))))
                body += "<br>• " + _link(f"pilots:{kpi.pilot_id}", _("{kpi} ({pilot})").format(
                    kpi=kpi.kpi, pilot=kpi.pilot)) + progress
            more = _more(len(figures.off_track), SHOWN)
            if more:
                body += "<br>" + escape(more)
        measured = figures.kpis_on_track + figures.kpis_off_track
        tone = ("" if not measured else "good" if not figures.kpis_off_track
                else "warning" if figures.kpis_on_track > figures.kpis_off_track else "bad")
        tile.set_content(f"{figures.kpis_on_track}/{measured}" if measured else "0",
                         _("measured KPIs on track"), body, tone=tone)

    def _show_ideas(self, tile: Tile, figures: IdeaFigures) -> None:
        if not figures.total:
            tile.set_content("0", _("No ideas recorded yet."), _(
                "Collect employees' ideas and customer voices, and tell each employee "
                "what became of their input."), action=_("Record ideas"))
            return
        lines = []
        if figures.oldest_open:
            lines.append(escape(_("Waiting longest:")))
        for idea in figures.oldest_open:
            age = ngettext("{n} day", "{n} days", idea.age_days).format(n=idea.age_days)
            lines.append(f"• <b>{escape(age)}</b> " + _link(f"ideas:{idea.id}",
                                                             _shorten(idea.text)))
        if figures.median_days_to_decision is not None:
            days = round(figures.median_days_to_decision)
            lines.append(escape(ngettext(
                "Decided in {n} day (median of {decided} decisions).",
                "Decided in {n} days (median of {decided} decisions).", days).format(
                n=days, decided=figures.decided)))
        counts = [f"{escape(_(domain.IDEA_STATUS_LABELS[s]))} "
                  f"<b>{figures.by_status.get(s, 0)}</b>" for s in domain.IDEA_STATUSES]
        lines.append(f"<span style='color:{MUTED_COLOR}'>" + " · ".join(counts) + "</span>")
        oldest = figures.oldest_open[0].age_days if figures.oldest_open else None
        tone = "good" if not figures.open else "warning" if (oldest or 0) > 30 else ""
        tile.set_content(str(figures.open), ngettext(
            "open idea of {total} (new or in review)",
            "open ideas of {total} (new or in review)", figures.open).format(
            total=figures.total), "<br>".join(lines), tone=tone)

    def _show_goals(self, tile: Tile, figures: GoalFigures) -> None:
        if not figures.goals:
            tile.set_content("—", _("No goals defined yet."), _(
                "Ask five employees about the service goals and you get five answers: "
                "define the goals first, then the measures that serve them."),
                action=_("Define goals"))
            return
        lines = []
        if figures.unserved:
            for goal_id, title, priority in figures.unserved[:SHOWN]:
                lines.append("• " + _link(f"goals:{goal_id}", title) + " "
                             + f"<span style='color:{MUTED_COLOR}'>"
                             + escape(_("({priority} priority)").format(
                                 priority=_(domain.GOAL_PRIORITY_LABELS.get(
                                     priority, str(priority))))) + "</span>")
            more = _more(len(figures.unserved), SHOWN)
            if more:
                lines.append(escape(more))
        else:
            lines.append(f"<span style='color:{ON_TRACK_COLOR}'>✓</span> " + escape(_(
                "Every goal is served by an active measure.")))
        if figures.idle_measures:
            lines.append(escape(ngettext(
                "{n} measure serves no goal.", "{n} measures serve no goal.",
                figures.idle_measures).format(n=figures.idle_measures)))
        if figures.harmful:
            lines.append(f"<span style='color:{OFF_TRACK_COLOR}'>"
                         + escape(ngettext("{n} measure works against a goal.",
                                           "{n} measures work against a goal.",
                                           figures.harmful).format(n=figures.harmful))
                         + "</span>")
        lines.append(f"<span style='color:{MUTED_COLOR}'>" + escape(
            ngettext("{n} goal", "{n} goals", figures.goals).format(n=figures.goals)
            + ", " + ngettext("{n} measure", "{n} measures", figures.measures).format(
                n=figures.measures)) + "</span>")
        count = len(figures.unserved)
        tile.set_content(str(count), ngettext(
            "goal without a measure that serves it",
            "goals without a measure that serves them", count),
            "<br>".join(lines), tone="warning" if count else "good")

    def _show_risks(self, tile: Tile, figures: RiskFigures) -> None:
        if not figures.skills or not figures.ratings:
            tile.set_content("—", _("No skills rated yet."), _(
                "Rate who can do what in the skills matrix to see the skills that depend "
                "on a single person."), action=_("Open the skills matrix"))
            return
        if not figures.single_points and not figures.nobody:
            tile.set_content("0", _("skills at risk"),
                             f"<span style='color:{ON_TRACK_COLOR}'>✓</span> " + escape(_(
                                 "Every skill has enough experts.")), tone="good")
            return
        lines = []
        for risk in figures.top:
            where = ([_("whole plan")] if risk.whole_plan else []) + list(risk.departments)
            shown = ", ".join(where[:3]) + (" " + _more(len(where), 3) if len(where) > 3
                                            else "")
            lines.append("• " + _link("skills:" + quote(risk.skill, safe=""), risk.skill)
                         + f" <span style='color:{MUTED_COLOR}'>{escape(shown)}</span>")
        more = _more(figures.skills_at_risk, len(figures.top))
        if more:
            lines.append(escape(more))
        if figures.nobody:
            lines.append(f"<span style='color:{OFF_TRACK_COLOR}'>" + escape(ngettext(
                "and {n} case where nobody has the skill at all",
                "and {n} cases where nobody has the skill at all",
                figures.nobody).format(n=figures.nobody)) + "</span>")
        lines.append(f"<span style='color:{MUTED_COLOR}'>" + escape(ngettext(
            "{n} skill at risk of {total}", "{n} skills at risk of {total}",
            figures.skills_at_risk).format(n=figures.skills_at_risk, total=figures.skills))
            + "</span>")
        tile.set_content(str(figures.single_points), ngettext(
            "single point of failure (fewer than {n} experts)",
            "single points of failure (fewer than {n} experts)",
            figures.single_points).format(n=domain.MIN_EXPERTS),
            "<br>".join(lines), tone="bad" if figures.single_points else "warning")
