"""Skills at risk: single points of failure and skills nobody has, per department and for the
whole plan, with a hint who could learn them. Computed on a worker thread."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis import skills as analysis
from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import ReloadWhenShown
from changeplanner.ui.skills_common import ROW_ROLE, Column, Loader, RowTableModel, TextFilterProxy

#: How many learners the table names before "+ n more".
SHOWN_LEARNERS = 3
#: Level from which somebody "applies with support" and could grow into an expert.
GROWING_LEVEL = 2

KIND_COLORS = {"nobody": "#fcbba1", "single_point_of_failure": "#fee5d9"}


@dataclass(frozen=True)
class Learner:
    """Somebody who could learn a skill at risk."""

    id: str
    name: str
    department: str
    level: int | None
    wants_to_learn: bool

    def describe(self) -> str:
        """``"Ben Weber (level 2, wants to learn)"``."""
        parts = [_("level {level}").format(level=self.level) if self.level is not None
                 else _("not rated")]
        if self.wants_to_learn:
            parts.append(_("wants to learn"))
        return f"{self.name} ({', '.join(parts)})"


@dataclass(frozen=True)
class RiskRow:
    """A risk with the people who could learn the skill."""

    risk: analysis.SkillRisk
    learners: tuple[Learner, ...]

    @property
    def where(self) -> str:
        """The department, or "whole plan"."""
        return self.risk.department if self.risk.department is not None else _("whole plan")

    def learners_text(self) -> str:
        """The first few learners and how many more."""
        if not self.learners:
            return "—"
        names = ", ".join(learner.name for learner in self.learners[:SHOWN_LEARNERS])
        more = len(self.learners) - SHOWN_LEARNERS
        if more > 0:
            names += " " + ngettext("+ {n} more", "+ {n} more", more).format(n=more)
        return names


def compute_risks(snapshot: domain.PlanSnapshot) -> list[RiskRow]:
    """The risks of ``snapshot``, each with the people who could learn the skill: people in
    the scope who want to learn it or are at level 2 (wanting to learn first)."""
    risks = analysis.skill_risks(snapshot)
    at_risk = {r.skill_id for r in risks}
    people = snapshot.people_by_id()
    by_skill: dict[int, list[Learner]] = defaultdict(list)
    for rating in snapshot.ratings:
        if rating.skill_id not in at_risk or rating.level >= domain.EXPERT_LEVEL:
            continue
        if not (rating.wants_to_learn or rating.level == GROWING_LEVEL):
            continue
        person = people.get(rating.person_id)
        if person is not None:
            by_skill[rating.skill_id].append(Learner(person.id, person.name, person.department,
                                                     rating.level, rating.wants_to_learn))
    for learners in by_skill.values():
        learners.sort(key=lambda x: (not (x.wants_to_learn and x.level == GROWING_LEVEL),
                                     not x.wants_to_learn, -(x.level or 0),
                                     x.name.casefold(), x.id))
    rows = []
    for risk in risks:
        learners = by_skill.get(risk.skill_id, [])
        if risk.department is not None:
            learners = [x for x in learners if x.department == risk.department]
        rows.append(RiskRow(risk, tuple(learners)))
    return rows


def load_risks(plan: Plan, *, progress: Progress) -> list[RiskRow]:
    """Read the plan and compute its risks (runs on a worker thread)."""
    progress.update(0.0, _("Looking for skills at risk…"))
    return compute_risks(plans.snapshot(plan))


def _kind_color(row: RiskRow) -> QColor:
    return QColor(KIND_COLORS.get(row.risk.kind, "#ffffff"))


COLUMNS = (
    Column(N_("Skill"), lambda r: r.risk.skill),
    Column(N_("Where"), lambda r: r.where,
           sort=lambda r: "" if r.risk.department is None else "~" + r.risk.department),
    Column(N_("Experts"), lambda r: r.risk.experts, align_right=True,
           tooltip=lambda r: _("People at level {level} or higher").format(
               level=domain.EXPERT_LEVEL)),
    Column(N_("Holders"), lambda r: r.risk.holders, align_right=True,
           tooltip=lambda r: _("People at level 1 or higher")),
    Column(N_("Risk"), lambda r: _(analysis.RISK_KIND_LABELS[r.risk.kind]),
           tooltip=lambda r: r.risk.describe(), background=_kind_color),
    Column(N_("Who could learn it?"), lambda r: r.learners_text(),
           sort=lambda r: -len(r.learners),
           tooltip=lambda r: "\n".join(x.describe() for x in r.learners) or None),
)
KIND_FILTERS = (("", N_("All risks")),
                ("single_point_of_failure", N_("Single points of failure")),
                ("nobody", N_("Nobody has it")))


class RiskFilterProxy(TextFilterProxy):
    """Text filter plus a filter by kind of risk."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind = ""

    def set_kind(self, kind: str) -> None:
        """Show only risks of ``kind`` (``""``: all)."""
        self.beginFilterChange()
        self._kind = kind or ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if self._kind and isinstance(model, RowTableModel) \
                and model.row_at(source_row).risk.kind != self._kind:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class RisksPanel(ReloadWhenShown, QWidget):
    """The skills the plan depends on too few people for.

    Signals:
        loaded(): the risks were (re)computed and are shown.
    """

    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risks_panel")
        self.context = context
        self._loader = Loader(context, self._failed, self)
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = RiskFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("risks_filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("risks_kind")
        for kind, _label in KIND_FILTERS:
            self.kind_combo.addItem("", kind)
        self.kind_combo.currentIndexChanged.connect(self._filter_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("risks_count")
        self.table = QTableView(self)
        self.table.setObjectName("risks_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = QLabel(self)
        self.detail.setObjectName("risks_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.kind_combo)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

        context.data_changed.connect(self._data_changed)
        context.plan_changed.connect(lambda _plan: self.request_reload())
        self.retranslate_ui()
        self.request_reload()

    def title(self) -> str:
        """The translated tab title."""
        return _("Risks")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.explanation.setText(_(
            "A skill is at risk when fewer than {n} people work independently in it (level "
            "{level} or higher): in the whole plan, or in a department that relies on it. If "
            "that one person is ill or leaves, nobody can step in. “Who could learn it?” "
            "names people who want to learn the skill or already apply it with support "
            "(level 2).").format(n=domain.MIN_EXPERTS, level=domain.EXPERT_LEVEL))
        self.filter_edit.setPlaceholderText(_("Filter by skill, department or name"))
        for i, (_kind, label) in enumerate(KIND_FILTERS):
            self.kind_combo.setItemText(i, _(label))
        self.model.retranslate()
        self._update_count()
        self._current_changed(self.table.currentIndex(), QModelIndex())

    def reload(self) -> None:
        """Compute the risks again in the background."""
        plan = self.context.plan
        if plan is None:
            self._show([])
            return
        self._loader.start(load_risks, plan, on_done=self._show)

    @property
    def loading(self) -> bool:
        """Whether the risks are being computed."""
        return self._loader.busy

    def _data_changed(self, kind: str) -> None:
        if kind in ("skills", "people", "all"):
            self.request_reload()

    def _failed(self, message: str) -> None:
        self.context.status_message.emit(
            _("The risks could not be computed: {reason}").format(reason=message))

    def _show(self, rows: list[RiskRow]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(0, min(max(header.sectionSize(0), 140), 260))
        header.resizeSection(1, min(max(header.sectionSize(1), 120), 240))
        self._update_count()
        self._current_changed(self.table.currentIndex(), QModelIndex())
        self.loaded.emit()

    def _filter_changed(self, *_args: Any) -> None:
        self.proxy.set_text(self.filter_edit.text())
        self.proxy.set_kind(self.kind_combo.currentData())
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = ngettext("{total} risk", "{total} risks", total).format(total=total)
        if shown != total:
            text = ngettext("{total} risk ({shown} shown)", "{total} risks ({shown} shown)",
                            total).format(total=total, shown=shown)
        self.count_label.setText(text)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is None:
            self.detail.setText(_("Select a risk to see who could learn the skill."))
            return
        text = f"<b>{_escape(row.risk.skill)}</b> — {_escape(row.risk.describe())}<br>"
        if row.learners:
            text += _escape(_("Who could learn it: {people}").format(
                people=", ".join(x.describe() for x in row.learners[:10])))
        else:
            text += _escape(_(
                "Nobody there wants to learn it or is at level 2: consider hiring or "
                "training somebody from another department."))
        self.detail.setText(text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
