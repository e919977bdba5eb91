"""Gaps between the levels people have and the levels they should reach.

Three views: *by person* (a person's gaps and, for each gap, who could teach them), *by
department* (a department × skill heatmap of the share of people below target, with
compliance per department and overall) and *progress* (mean level over time of a person or
a department, from the rating history). Everything is computed on worker threads.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis import skills as analysis
from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import catalog, plans
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import ReloadWhenShown
from changeplanner.ui.skills_common import (
    ROW_ROLE,
    Column,
    Loader,
    RotatedHeader,
    RowTableModel,
    TextFilterProxy,
    percent,
)

_ROOT = QModelIndex()

#: Heatmap colours by share of people below target: ColorBrewer "OrRd" (5 classes), light
#: where few people fall short, dark red where most do.
GAP_COLORS: tuple[str, ...] = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
#: Custom role: the heatmap cell's :class:`~changeplanner.analysis.skills.GapCell`.
CELL_ROLE = Qt.ItemDataRole.UserRole + 41


def gap_color(share: float) -> QColor:
    """Heatmap colour of a share (0..1) of people below target."""
    if share <= 0:
        return QColor(GAP_COLORS[0])
    return QColor(GAP_COLORS[min(len(GAP_COLORS) - 1, math.ceil(share * 4))])


@dataclass(frozen=True)
class PersonSummary:
    """One person in the "by person" list."""

    id: str
    name: str
    department: str
    gaps: int
    ratio: analysis.Ratio | None


@dataclass
class GapsData:
    """Everything the gaps panel shows, computed on a worker thread."""

    snapshot: domain.PlanSnapshot | None = None
    people: list[PersonSummary] = field(default_factory=list)
    gaps: dict[str, list[analysis.Gap]] = field(default_factory=dict)
    compliance: analysis.Compliance | None = None
    matrix: dict[tuple[str, int], analysis.GapCell] = field(default_factory=dict)


def compute_gaps(snapshot: domain.PlanSnapshot) -> GapsData:
    """Gaps per person, compliance and the department × skill matrix of ``snapshot``."""
    by_person: dict[str, list[analysis.Gap]] = defaultdict(list)
    for gap in analysis.gaps(snapshot):
        by_person[gap.person_id].append(gap)
    compliance = analysis.compliance(snapshot)
    people = [PersonSummary(p.id, p.name, p.department, len(by_person.get(p.id, ())),
                            compliance.by_person.get(p.id)) for p in snapshot.people]
    people.sort(key=lambda p: (p.name.casefold(), p.id))
    return GapsData(snapshot=snapshot, people=people, gaps=dict(by_person),
                    compliance=compliance, matrix=analysis.department_gap_matrix(snapshot))


def load_gaps(plan: Plan, *, progress: Progress) -> GapsData:
    """Read the plan and compute its gaps (runs on a worker thread)."""
    progress.update(0.0, _("Reading the skills…"))
    snapshot = plans.snapshot(plan)
    progress.update(0.5, _("Computing the gaps…"))
    return compute_gaps(snapshot)


def find_teachers(snapshot: domain.PlanSnapshot, person_id: str, skill_id: int, *,
                  progress: Progress) -> list[analysis.Teacher]:
    """Who could teach ``person_id`` the skill (runs on a worker thread)."""
    return analysis.teachers_for(snapshot, person_id, skill_id, limit=10)


def mean_level_series(changes: Iterable[domain.RatingChange], person_ids: set[str] | None,
                      skill_ids: set[int] | None = None) -> list[tuple[str, float, int]]:
    """Replay the rating history day by day: ``(day, mean level, ratings)`` after each day
    on which a rating of ``person_ids`` (all when ``None``) in ``skill_ids`` changed.

    ``changes`` must be oldest first (as :func:`services.catalog.rating_history` returns
    them); a change to ``None`` removes the rating.
    """
    state: dict[tuple[str, int], int] = {}
    series: list[tuple[str, float, int]] = []
    relevant = (c for c in changes
                if (person_ids is None or c.person_id in person_ids)
                and (skill_ids is None or c.skill_id in skill_ids))
    for day, group in groupby(relevant, key=lambda c: c.changed[:10]):
        for change in group:
            key = (change.person_id, change.skill_id)
            if change.level is None:
                state.pop(key, None)
            else:
                state[key] = change.level
        if state:
            series.append((day, sum(state.values()) / len(state), len(state)))
    return series


def load_progress(plan: Plan, person_id: str | None, person_ids: frozenset[str] | None,
                  skill_ids: frozenset[int] | None, *,
                  progress: Progress) -> list[tuple[str, float, int]]:
    """The mean-level series of one person (``person_id``) or a group (``person_ids``),
    read from the rating history (runs on a worker thread)."""
    progress.update(0.0, _("Reading the rating history…"))
    changes = catalog.rating_history(plan, person_id=person_id)
    return mean_level_series(changes, set(person_ids) if person_ids is not None else None,
                             set(skill_ids) if skill_ids is not None else None)


# -- models ---------------------------------------------------------------------------

def _ratio_text(ratio: analysis.Ratio | None) -> str:
    if ratio is None or not ratio.required:
        return "—"
    return percent(ratio.share)


PEOPLE_COLUMNS = (
    Column(N_("Name"), lambda p: p.name),
    Column(N_("Department"), lambda p: p.department),
    Column(N_("Gaps"), lambda p: p.gaps, align_right=True),
    Column(N_("Compliance"), lambda p: _ratio_text(p.ratio),
           sort=lambda p: -1.0 if p.ratio is None or p.ratio.share is None else p.ratio.share,
           tooltip=lambda p: None if p.ratio is None else _(
               "{met} of {required} targets met").format(met=p.ratio.met,
                                                         required=p.ratio.required),
           align_right=True),
)
GAP_COLUMNS = (
    Column(N_("Skill"), lambda g: g.skill),
    Column(N_("Level"), lambda g: g.level, align_right=True),
    Column(N_("Target"), lambda g: g.target, align_right=True),
    Column(N_("Shortfall"), lambda g: g.shortfall, align_right=True,
           background=lambda g: gap_color(g.shortfall / 4)),
)
TEACHER_COLUMNS = (
    Column(N_("Teacher"), lambda t: t.name),
    Column(N_("Department"), lambda t: t.department),
    Column(N_("Level"), lambda t: t.level, align_right=True),
    Column(N_("Why"), lambda t: t.reason),
)


class HeatmapModel(QAbstractTableModel):
    """Departments × skills: the share of people below target in each cell; column 0 is
    the department's compliance."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._departments: list[str] = []
        self._skills: list[domain.Skill] = []
        self._cells: dict[tuple[str, int], analysis.GapCell] = {}
        self._compliance: dict[str, analysis.Ratio] = {}

    def set_data(self, data: GapsData) -> None:
        """Show the matrix of ``data``."""
        self.beginResetModel()
        self._cells = dict(data.matrix)
        self._compliance = dict(data.compliance.by_department) if data.compliance else {}
        used = {skill_id for _department, skill_id in self._cells}
        skills = data.snapshot.skills if data.snapshot else ()
        self._skills = sorted((s for s in skills if s.id in used),
                              key=lambda s: s.name.casefold())
        self._departments = sorted({d for d, _s in self._cells},
                                   key=lambda d: (d == "", d.casefold()))
        self.endResetModel()

    def department_row(self, department: str) -> int:
        """The row of ``department`` (-1 if not shown)."""
        return self._departments.index(department) if department in self._departments else -1

    def skill_column(self, skill_id: int) -> int:
        """The column of ``skill_id`` (-1 if not shown)."""
        return next((i + 1 for i, s in enumerate(self._skills) if s.id == skill_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._departments)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 1 + len(self._skills)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _department_name(self, row: int) -> str:
        return self._departments[row] or _("(no department)")

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._departments)
                                       and 0 <= index.column() <= len(self._skills)):
            return None
        department = self._departments[index.row()]
        if index.column() == 0:
            ratio = self._compliance.get(department)
            if role == Qt.ItemDataRole.DisplayRole:
                return _ratio_text(ratio)
            if role == Qt.ItemDataRole.ToolTipRole and ratio is not None:
                return _("{department}: {met} of {required} targets met").format(
                    department=self._department_name(index.row()), met=ratio.met,
                    required=ratio.required)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        skill = self._skills[index.column() - 1]
        cell = self._cells.get((department, skill.id))
        if role == CELL_ROLE:
            return cell
        if cell is None:
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("{department}: no targets in {skill}").format(
                    department=self._department_name(index.row()), skill=skill.name)
            return None
        share = cell.people_below / cell.people_with_target
        if role == Qt.ItemDataRole.DisplayRole:
            return percent(share)
        if role == Qt.ItemDataRole.BackgroundRole:
            return gap_color(share)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#ffffff") if share > 0.5 else QColor("#000000")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return ngettext(
                "{department}, {skill}: {below} of {n} person below target "
                "(mean shortfall {mean} levels)",
                "{department}, {skill}: {below} of {n} people below target "
                "(mean shortfall {mean} levels)", cell.people_with_target).format(
                department=self._department_name(index.row()), skill=skill.name,
                below=cell.people_below, n=cell.people_with_target,
                mean=f"{cell.mean_shortfall:.1f}")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if 0 <= section < len(self._departments) and role in (
                    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self._department_name(section)
            return None
        if not 0 <= section <= len(self._skills):
            return None
        if section == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Compliance")
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Targets met ÷ targets (a level below the target does not count)")
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._skills[section - 1].name
        return None


# -- the progress chart ---------------------------------------------------------------

class ProgressChart(QWidget):
    """Mean level over time as a line with dots, drawn with QPainter (no chart library).

    The y axis is the 0-4 level scale; the x axis runs from the first to the last day.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress_chart")
        self._series: list[tuple[str, float, int]] = []
        self._title = ""
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def series(self) -> list[tuple[str, float, int]]:
        """The points shown: ``(day, mean level, ratings)``."""
        return list(self._series)

    def set_series(self, series: Sequence[tuple[str, float, int]], title: str) -> None:
        """Show ``series`` under ``title``."""
        self._series = list(series)
        self._title = title
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text_color = palette.text().color()
        metrics = self.fontMetrics()
        line = metrics.height()
        painter.setPen(text_color)
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.drawText(QRectF(12, 6, self.width() - 24, line + 4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._title)
        painter.setFont(self.font())
        left = 16 + metrics.horizontalAdvance("4")
        plot = QRectF(left + 8, line * 2 + 12, self.width() - left - 40,
                      self.height() - line * 4 - 20)
        if plot.width() < 40 or plot.height() < 40:
            return
        # y grid: one line per level
        grid = QPen(palette.mid().color())
        grid.setStyle(Qt.PenStyle.DotLine)
        for level in range(domain.LEVEL_MIN, domain.LEVEL_MAX + 1):
            y = plot.bottom() - plot.height() * level / domain.LEVEL_MAX
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_color)
            painter.drawText(QRectF(4, y - line / 2, left - 2, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(level))
        if not self._series:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter,
                             _("No rating history yet."))
            return
        days = [date.fromisoformat(day) for day, _mean, _n in self._series]
        first, last = days[0], days[-1]
        span = max(1, (last - first).days)

        def point(i: int) -> QPointF:
            x = plot.center().x() if first == last else \
                plot.left() + plot.width() * (days[i] - first).days / span
            y = plot.bottom() - plot.height() * self._series[i][1] / domain.LEVEL_MAX
            return QPointF(x, y)

        accent = QColor("#2c7fb8")
        path = QPainterPath(point(0))
        for i in range(1, len(self._series)):
            path.lineTo(point(i))
        painter.setPen(QPen(accent, 2))
        painter.drawPath(path)
        painter.setBrush(QBrush(accent))
        for i in range(len(self._series)):
            painter.drawEllipse(point(i), 3.5, 3.5)
        # x labels: first, middle and last day (inside the widget); values at both ends
        painter.setPen(text_color)
        locale = QLocale()

        def day_text(day: date) -> str:
            return locale.toString(QDate(day.year, day.month, day.day),
                                   QLocale.FormatType.ShortFormat)

        labels = [(plot.left(), first)]
        if last != first:
            labels.append((plot.right(), last))
            if len(self._series) > 2 and plot.width() > 400:
                middle = first + (last - first) / 2
                labels.append((plot.left() + plot.width() / 2, middle))
        for x, day in labels:
            text = day_text(day)
            width = metrics.horizontalAdvance(text) + 4
            left_edge = min(max(2.0, x - width / 2), self.width() - width - 2)
            painter.drawText(QRectF(left_edge, plot.bottom() + 4, width, line),
                             Qt.AlignmentFlag.AlignCenter, text)
        for i in sorted({0, len(self._series) - 1}):
            p = point(i)
            text = locale.toString(self._series[i][1], "f", 2)
            width = metrics.horizontalAdvance(text) + 4
            left_edge = min(max(2.0, p.x() - width / 2), self.width() - width - 2)
            painter.drawText(QRectF(left_edge, p.y() - line - 6, width, line),
                             Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(palette.placeholderText().color())
        painter.drawText(QRectF(plot.left(), plot.bottom() + line + 8, plot.width(), line),
                         Qt.AlignmentFlag.AlignCenter,
                         _("Mean level of all ratings, day by day"))


# -- the panel --------------------------------------------------------------------------

class GapsPanel(ReloadWhenShown, QWidget):
    """Gaps by person (with teachers), by department (heatmap, compliance) and over time.

    Signals:
        loaded(): gaps, compliance and heatmap were (re)computed.
        teachers_loaded(): the teachers of the selected gap are shown.
        progress_loaded(): the progress chart shows a new series.
    """

    loaded = Signal()
    teachers_loaded = Signal()
    progress_loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gaps_panel")
        self.context = context
        self.data = GapsData()
        self._loader = Loader(context, self._failed, self)
        self._teacher_loader = Loader(context, self._failed, self)
        self._progress_loader = Loader(context, self._failed, self)

        # by person
        self.people_model = RowTableModel(PEOPLE_COLUMNS, self)
        self.people_proxy = TextFilterProxy(self)
        self.people_proxy.setSourceModel(self.people_model)
        self.people_proxy.setFilterKeyColumn(0)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("gaps_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.people_proxy.set_text)
        self.people_table = self._table("gaps_people", self.people_proxy)
        self.people_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.people_table.selectionModel().currentRowChanged.connect(self._person_changed)

        self.person_label = QLabel(self)
        self.person_label.setObjectName("gaps_person")
        self.person_label.setWordWrap(True)
        self.gaps_model = RowTableModel(GAP_COLUMNS, self)
        self.gaps_proxy = TextFilterProxy(self)
        self.gaps_proxy.setSourceModel(self.gaps_model)
        self.gaps_table = self._table("gaps_table", self.gaps_proxy)
        self.gaps_table.selectionModel().currentRowChanged.connect(self._gap_changed)
        self.gaps_table.horizontalHeader().setStretchLastSection(False)
        self.gaps_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.teachers_label = QLabel(self)
        self.teachers_label.setObjectName("gaps_teachers_label")
        self.teachers_label.setWordWrap(True)
        self.teachers_model = RowTableModel(TEACHER_COLUMNS, self)
        self.teachers_table = self._table("gaps_teachers", self.teachers_model, sort=False)
        self.teachers_table.setWordWrap(True)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.people_table, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.person_label)
        right_layout.addWidget(self.gaps_table, 1)
        right_layout.addWidget(self.teachers_label)
        right_layout.addWidget(self.teachers_table, 1)
        person_tab = QSplitter(Qt.Orientation.Horizontal, self)
        person_tab.addWidget(left)
        person_tab.addWidget(right)
        person_tab.setStretchFactor(0, 2)
        person_tab.setStretchFactor(1, 3)
        person_tab.setSizes([520, 680])

        # by department
        self.heatmap_model = HeatmapModel(self)
        self.heatmap = QTableView(self)
        self.heatmap.setObjectName("gaps_heatmap")
        self.heatmap.setHorizontalHeader(RotatedHeader(1, self.heatmap))
        self.heatmap.setModel(self.heatmap_model)
        self.heatmap.horizontalHeader().setDefaultSectionSize(52)
        self.heatmap.horizontalHeader().setHighlightSections(False)
        self.heatmap.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.heatmap.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.overall_label = QLabel(self)
        self.overall_label.setObjectName("gaps_overall")
        self.overall_label.setWordWrap(True)
        self.legend_label = QLabel(self)
        self.legend_label.setWordWrap(True)
        department_tab = QWidget(self)
        department_layout = QVBoxLayout(department_tab)
        department_layout.addWidget(self.overall_label)
        department_layout.addWidget(self.heatmap, 1)
        department_layout.addWidget(self.legend_label)

        # progress
        self.progress_scope = QComboBox(self)
        self.progress_scope.setObjectName("gaps_progress_scope")
        self.progress_scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.progress_scope.currentIndexChanged.connect(self.update_progress)
        self.progress_scope_label = QLabel(self)
        self.chart = ProgressChart(self)
        progress_tab = QWidget(self)
        progress_bar = QHBoxLayout()
        progress_bar.addWidget(self.progress_scope_label)
        progress_bar.addWidget(self.progress_scope)
        progress_bar.addStretch(1)
        progress_layout = QVBoxLayout(progress_tab)
        progress_layout.addLayout(progress_bar)
        progress_layout.addWidget(self.chart, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("gaps_tabs")
        self.tabs.addTab(person_tab, "")
        self.tabs.addTab(department_tab, "")
        self.tabs.addTab(progress_tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        context.data_changed.connect(self._data_changed)
        context.plan_changed.connect(lambda _plan: self.request_reload())
        self.retranslate_ui()
        self.request_reload()

    def _table(self, name: str, model, *, sort: bool = True) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(model)
        table.setSortingEnabled(sort)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def title(self) -> str:
        """The translated tab title."""
        return _("Gaps")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.tabs.setTabText(0, _("By person"))
        self.tabs.setTabText(1, _("By department"))
        self.tabs.setTabText(2, _("Progress"))
        self.search_edit.setPlaceholderText(_("Search a person"))
        self.progress_scope_label.setText(_("Progress of:"))
        self.legend_label.setText(_(
            "Each cell: the share of the department's people with a target in the skill who "
            "are below it (darker = more people short). Empty: nobody there has a target in "
            "the skill. Hover a cell for the counts."))
        for model in (self.people_model, self.gaps_model, self.teachers_model):
            model.retranslate()
        self._fill_progress_scopes()
        self._show_overall()
        self._show_person()

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Compute the gaps again in the background."""
        plan = self.context.plan
        if plan is None:
            self._show(GapsData())
            return
        self._loader.start(load_gaps, plan, on_done=self._show)

    @property
    def loading(self) -> bool:
        """Whether anything is being computed."""
        return self._loader.busy or self._teacher_loader.busy or self._progress_loader.busy

    def _data_changed(self, kind: str) -> None:
        if kind in ("skills", "people", "ties", "all"):
            self.request_reload()

    def _failed(self, message: str) -> None:
        self.context.status_message.emit(
            _("The gaps could not be computed: {reason}").format(reason=message))

    def _show(self, data: GapsData) -> None:
        person = self.selected_person_id()
        self.data = data
        self.people_model.set_rows(data.people)
        self.people_table.resizeColumnsToContents()
        header = self.people_table.horizontalHeader()
        header.resizeSection(0, min(max(header.sectionSize(0), 140), 220))
        header.resizeSection(1, min(max(header.sectionSize(1), 110), 170))
        self.heatmap_model.set_data(data)
        self.heatmap.resizeColumnToContents(0)
        self.heatmap.verticalHeader().setMinimumWidth(120)
        self._show_overall()
        self._fill_progress_scopes()
        if person is not None:
            self.select_person(person)
        else:
            self._show_person()
        self.loaded.emit()
        if self.tabs.currentIndex() == 2:
            self.update_progress()

    def _show_overall(self) -> None:
        compliance = self.data.compliance
        if compliance is None or not compliance.overall.required:
            self.overall_label.setText(_(
                "No targets yet: set requirement profiles per department or title, or a "
                "target for a person in the matrix."))
            return
        overall = compliance.overall
        self.overall_label.setText(_(
            "Overall compliance: {percent} ({met} of {required} targets met). A level "
            "below the target does not count.").format(percent=percent(overall.share),
                                                       met=overall.met,
                                                       required=overall.required))

    # -- by person --------------------------------------------------------------------

    def selected_person_id(self) -> str | None:
        """The person whose gaps are shown."""
        index = self.people_table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else None

    def select_person(self, person_id: str) -> bool:
        """Show the gaps of ``person_id``."""
        for row in range(self.people_proxy.rowCount()):
            index = self.people_proxy.index(row, 0)
            if index.data(ROW_ROLE).id == person_id:
                self.people_table.setCurrentIndex(index)
                self.people_table.scrollTo(index)
                self._show_person()
                return True
        return False

    def select_gap(self, skill_id: int) -> bool:
        """Select the gap in ``skill_id`` of the person shown (its teachers load)."""
        for row in range(self.gaps_proxy.rowCount()):
            index = self.gaps_proxy.index(row, 0)
            if index.data(ROW_ROLE).skill_id == skill_id:
                self.gaps_table.setCurrentIndex(index)
                return True
        return False

    def _person_changed(self, *_args: Any) -> None:
        self._show_person()
        if self.tabs.currentIndex() == 2:
            self.update_progress()

    def _show_person(self) -> None:
        person_id = self.selected_person_id()
        summary = next((p for p in self.data.people if p.id == person_id), None)
        gaps = self.data.gaps.get(person_id, []) if person_id else []
        self.gaps_model.set_rows(gaps)
        self.gaps_table.resizeColumnsToContents()
        self.teachers_model.set_rows([])
        if summary is None:
            self.person_label.setText(_("Choose a person on the left to see their gaps."))
            self.teachers_label.setText("")
            return
        text = ngettext("{name} ({department}): {n} gap", "{name} ({department}): {n} gaps",
                        len(gaps)).format(name=summary.name,
                                          department=summary.department or "—", n=len(gaps))
        if summary.ratio is not None:
            text += " · " + _("{met} of {required} targets met ({percent})").format(
                met=summary.ratio.met, required=summary.ratio.required,
                percent=percent(summary.ratio.share))
        else:
            text += " · " + _("no targets")
        self.person_label.setText(text)
        self.teachers_label.setText(_("Select a gap to see who could teach it.")
                                    if gaps else "")
        if gaps:
            self.gaps_table.setCurrentIndex(self.gaps_proxy.index(0, 0))

    def _gap_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        gap = current.data(ROW_ROLE) if current.isValid() else None
        self.teachers_model.set_rows([])
        if gap is None or self.data.snapshot is None:
            return
        self.teachers_label.setText(_("Looking for people who could teach {skill}…").format(
            skill=gap.skill))
        self._teacher_loader.start(find_teachers, self.data.snapshot, gap.person_id,
                                   gap.skill_id,
                                   on_done=lambda teachers: self._show_teachers(gap, teachers))

    def _show_teachers(self, gap: analysis.Gap, teachers: list[analysis.Teacher]) -> None:
        self.teachers_model.set_rows(teachers)
        self.teachers_table.resizeColumnsToContents()
        self.teachers_table.resizeRowsToContents()
        if teachers:
            self.teachers_label.setText(_(
                "Who could teach {name} {skill} (level {teacher} in the same department or "
                "directly connected), best first:").format(
                name=gap.name, skill=gap.skill, teacher=domain.TEACHER_LEVEL))
        else:
            self.teachers_label.setText(_(
                "Nobody at level {teacher} in {skill} works in the same department as {name} "
                "or is directly connected to them. Look in the risks tab or train a "
                "teacher.").format(teacher=domain.TEACHER_LEVEL, skill=gap.skill,
                                   name=gap.name))
        self.teachers_loaded.emit()

    # -- progress ---------------------------------------------------------------------

    def _fill_progress_scopes(self) -> None:
        current = self.progress_scope.currentData()
        self.progress_scope.blockSignals(True)
        self.progress_scope.clear()
        self.progress_scope.addItem(_("The person selected under “By person”"), None)
        self.progress_scope.addItem(_("The whole plan"), "")
        snapshot = self.data.snapshot
        departments = sorted({p.department for p in snapshot.people if p.department},
                             key=str.casefold) if snapshot else []
        for department in departments:
            self.progress_scope.addItem(_("Department: {department}").format(
                department=department), department)
        index = self.progress_scope.findData(current) if current is not None else 0
        self.progress_scope.setCurrentIndex(max(index, 0))
        self.progress_scope.blockSignals(False)

    def show_progress_of(self, department: str | None) -> None:
        """Chart a department (``""``: the whole plan; ``None``: the selected person)."""
        index = self.progress_scope.findData(department)
        if index >= 0:
            self.progress_scope.setCurrentIndex(index)
            self.update_progress()

    def _tab_changed(self, index: int) -> None:
        if index == 2:
            self.update_progress()

    def update_progress(self, *_args: Any) -> None:
        """Compute the chart of the chosen person or department in the background."""
        plan, snapshot = self.context.plan, self.data.snapshot
        if plan is None or snapshot is None:
            self.chart.set_series([], "")
            return
        scope = self.progress_scope.currentData()
        active = frozenset(s.id for s in snapshot.skills if not s.archived)
        if scope is None:
            person_id = self.selected_person_id()
            if person_id is None:
                self.chart.set_series([], _("Choose a person under “By person”."))
                return
            name = next((p.name for p in snapshot.people if p.id == person_id), person_id)
            title = _("Progress of {name}").format(name=name)
            args: tuple = (plan, person_id, None, active)
        elif scope == "":
            title = _("Progress of the whole plan")
            args = (plan, None, None, active)
        else:
            title = _("Progress of {department}").format(department=scope)
            members = frozenset(p.id for p in snapshot.people if p.department == scope)
            args = (plan, None, members, active)
        self._progress_loader.start(load_progress, *args,
                                    on_done=lambda series: self._show_progress(series, title))

    def _show_progress(self, series: list[tuple[str, float, int]], title: str) -> None:
        self.chart.set_series(series, title)
        self.progress_loaded.emit()
