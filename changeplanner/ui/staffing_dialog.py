"""The staffing helper: choose required skills with minimum levels, get the smallest team
that covers them (greedy set cover, computed in the background), adjust it by hand and copy
it. The pilots page presets the requirements with :meth:`StaffingDialog.set_required`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services import skills as skill_services
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.requirements_panel import (
    COLUMNS as REQUIREMENT_COLUMNS,
)
from changeplanner.ui.requirements_panel import (
    LEVEL_COLUMN,
    LevelDelegate,
    RequirementRow,
    RequirementsModel,
    required_only_proxy,
)
from changeplanner.ui.skills_common import Column, Loader, RowTableModel
from changeplanner.ui.ties_dialog import person_combo
from changeplanner.ui.widgets import fill_department_combo


@dataclass(frozen=True)
class Member:
    """One member of the team shown: what they cover and why they are in it."""

    id: str
    name: str
    department: str
    covers: tuple[tuple[str, int], ...]  # (skill name, their level)
    reason: str

    def covers_text(self) -> str:
        """``"Scrum (3), Moderation (2)"``."""
        return ", ".join(f"{name} ({level})" for name, level in self.covers) or "—"


@dataclass(frozen=True)
class Team:
    """A team and the requirements it leaves open: ``(skill name, minimum, best level)``."""

    members: tuple[Member, ...] = ()
    uncovered: tuple[tuple[str, int, int], ...] = ()


def load_people(plan: Plan, *, progress: Progress) -> domain.PlanSnapshot:
    """Read the plan for the staffing helper (runs on a worker thread)."""
    progress.update(0.0, _("Reading the plan…"))
    return plans.snapshot(plan)


def propose_team(plan: Plan, snapshot: domain.PlanSnapshot, required: dict[int, int],
                 department: str | None, *, progress: Progress) -> Team:
    """Run the staffing helper (``services.skills.staff``) and describe its team."""
    progress.update(0.0, _("Looking for the smallest team…"))
    candidates = None if department is None else [
        p.id for p in snapshot.people if p.department == department]
    result = skill_services.staff(plan, required, candidates=candidates)
    names = {s.id: s.name for s in snapshot.skills}
    members = tuple(Member(m.person_id, m.name, m.department,
                           tuple((names.get(s, str(s)), lv) for s, lv in m.covers), m.reason)
                    for m in result.members)
    return Team(members, tuple((names.get(s, str(s)), need, best)
                               for s, need, best in result.uncovered))


def team_coverage(snapshot: domain.PlanSnapshot, required: dict[int, int],
                  member_ids: Iterable[str], reasons: Mapping[str, str], *,
                  progress: Progress | None = None) -> Team:
    """What a hand-picked team covers: each member with every requirement they meet, and the
    requirements nobody in it meets (with the best level of any member)."""
    ids = list(dict.fromkeys(member_ids))
    wanted = set(ids)
    levels: dict[tuple[str, int], int] = {(r.person_id, r.skill_id): r.level
                                          for r in snapshot.ratings
                                          if r.person_id in wanted and r.skill_id in required}
    people = snapshot.people_by_id()
    skills = sorted((s for s in snapshot.skills if s.id in required),
                    key=lambda s: s.name.casefold())
    members = []
    covered: set[int] = set()
    for pid in ids:
        person = people.get(pid)
        if person is None:
            continue
        covers = tuple((s.name, levels[(pid, s.id)]) for s in skills
                       if levels.get((pid, s.id), 0) >= required[s.id])
        covered |= {s.id for s in skills if levels.get((pid, s.id), 0) >= required[s.id]}
        members.append(Member(pid, person.name, person.department, covers,
                              reasons.get(pid) or _("Added by hand.")))
    uncovered = tuple((s.name, required[s.id],
                       max((levels.get((pid, s.id), 0) for pid in ids), default=0))
                      for s in skills if s.id not in covered)
    return Team(tuple(members), uncovered)


MEMBER_COLUMNS = (
    Column(N_("Name"), lambda m: m.name),
    Column(N_("Department"), lambda m: m.department),
    Column(N_("Covers"), lambda m: m.covers_text()),
    Column(N_("Why"), lambda m: m.reason),
)


class StaffingDialog(QDialog):
    """Propose a team for required skills; adjust it by hand; copy it.

    Signals:
        loaded(): the plan was read (skills and people are listed).
        team_changed(): a new team (proposed or adjusted) is shown.
    """

    loaded = Signal()
    team_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffing_dialog")
        self.context = context
        self.snapshot: domain.PlanSnapshot | None = None
        self.team = Team()
        self._preset: dict[int, int] = {}
        self._loader = Loader(context, self._failed, self)
        self._team_loader = Loader(context, self._failed, self)

        self.skills_model = RequirementsModel(self)
        self.skills_model.set_edit_handler(self._level_edited)
        self.skills_proxy = required_only_proxy(self)
        self.skills_proxy.setSourceModel(self.skills_model)
        self.skill_filter = QLineEdit(self)
        self.skill_filter.setClearButtonEnabled(True)
        self.skill_filter.textChanged.connect(self.skills_proxy.set_text)
        self.required_only = QCheckBox(self)
        self.required_only.toggled.connect(self.skills_proxy.set_hiding)
        self.skills_table = QTableView(self)
        self.skills_table.setObjectName("staffing_skills")
        self.skills_table.setModel(self.skills_proxy)
        self.skills_table.setItemDelegateForColumn(LEVEL_COLUMN,
                                                   LevelDelegate(self.skills_table))
        # The category is in the catalogue; here the level needs the room.
        self.skills_table.setColumnHidden(REQUIREMENT_COLUMNS.index("met"), True)
        self.skills_table.setColumnHidden(REQUIREMENT_COLUMNS.index("category"), True)
        self.skills_table.setWordWrap(False)
        self.skills_table.setSortingEnabled(True)
        self.skills_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.skills_table.verticalHeader().setVisible(False)
        self.skills_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.skills_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                          | QAbstractItemView.EditTrigger.EditKeyPressed
                                          | QAbstractItemView.EditTrigger.SelectedClicked)
        self.skills_table.horizontalHeader().setStretchLastSection(True)
        self.department_label = QLabel(self)
        self.department_combo = QComboBox(self)
        self.department_combo.setObjectName("staffing_department")
        self.propose_button = QPushButton(self)
        self.propose_button.setObjectName("staffing_propose")
        self.propose_button.setDefault(True)
        self.propose_button.clicked.connect(self.propose)

        self.members_model = RowTableModel(MEMBER_COLUMNS, self)
        self.members_table = QTableView(self)
        self.members_table.setObjectName("staffing_members")
        self.members_table.setModel(self.members_model)
        self.members_table.verticalHeader().setVisible(False)
        self.members_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_table.setWordWrap(True)
        self.members_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.members_table.horizontalHeader().setSectionResizeMode(
            MEMBER_COLUMNS.index(MEMBER_COLUMNS[-1]), QHeaderView.ResizeMode.Stretch)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("staffing_summary")
        self.summary_label.setWordWrap(True)
        self.uncovered_label = QLabel(self)
        self.uncovered_label.setObjectName("staffing_uncovered")
        self.uncovered_label.setWordWrap(True)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("staffing_remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.person_combo = person_combo(self, "staffing_person")
        self.person_combo.setMinimumContentsLength(22)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("staffing_add")
        self.add_button.clicked.connect(self.add_selected_person)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("staffing_copy")
        self.copy_button.clicked.connect(self.copy_to_clipboard)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.skills_hint = QLabel(self)
        self.skills_hint.setWordWrap(True)
        left_layout.addWidget(self.skills_hint)
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(self.skill_filter, 1)
        filter_bar.addWidget(self.required_only)
        left_layout.addLayout(filter_bar)
        left_layout.addWidget(self.skills_table, 1)
        department_bar = QHBoxLayout()
        department_bar.addWidget(self.department_label)
        department_bar.addWidget(self.department_combo, 1)
        department_bar.addWidget(self.propose_button)
        left_layout.addLayout(department_bar)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary_label)
        right_layout.addWidget(self.members_table, 1)
        right_layout.addWidget(self.uncovered_label)
        edit_bar = QHBoxLayout()
        edit_bar.addWidget(self.remove_button)
        edit_bar.addStretch(1)
        edit_bar.addWidget(self.person_combo)
        edit_bar.addWidget(self.add_button)
        right_layout.addLayout(edit_bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 700])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.members_table.selectionModel().selectionChanged.connect(self._update_buttons)
        context.data_changed.connect(self._data_changed)
        self.retranslate_ui()
        self.resize(1180, 640)
        self.reload()

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Staff a team"))
        self.skills_hint.setText(_(
            "Choose the skills the team needs and the minimum level of each (double-click "
            "a level). A requirement of level 2 is a learning opportunity: people who want "
            "to learn the skill are preferred for it."))
        self.skill_filter.setPlaceholderText(_("Filter skills"))
        self.required_only.setText(_("Chosen skills only"))
        self.department_label.setText(_("Choose from:"))
        self.propose_button.setText(_("Propose team"))
        self.remove_button.setText(_("Remove from team"))
        self.add_button.setText(_("Add to team"))
        self.copy_button.setText(_("Copy"))
        self.copy_button.setToolTip(_("Copy the team and what stays uncovered as text"))
        self.person_combo.lineEdit().setPlaceholderText(_("Person to add"))
        self.skills_model.retranslate()
        self.members_model.retranslate()
        self._fill_departments()
        self._show_summary()

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the plan in the background."""
        plan = self.context.plan
        if plan is None:
            return
        self._loader.start(load_people, plan, on_done=self._loaded)

    @property
    def loading(self) -> bool:
        """Whether anything is being computed."""
        return self._loader.busy or self._team_loader.busy

    def _data_changed(self, kind: str) -> None:
        if kind in ("skills", "people", "all"):
            self.reload()

    def _failed(self, message: str) -> None:
        self.summary_label.setText(_("The team could not be computed: {reason}").format(
            reason=message))

    def _loaded(self, snapshot: domain.PlanSnapshot) -> None:
        required = self.required() or self._preset
        self.snapshot = snapshot
        self.skills_model.set_rows([RequirementRow(s, required.get(s.id), 0, 0)
                                    for s in snapshot.skills if not s.archived])
        self.skills_table.resizeColumnsToContents()
        header = self.skills_table.horizontalHeader()
        header.resizeSection(0, min(max(header.sectionSize(0), 140), 220))
        self._fill_departments()
        current = self.person_combo.currentData()
        self.person_combo.clear()
        for person in sorted(snapshot.people, key=lambda p: (p.name.casefold(), p.id)):
            label = f"{person.name} ({person.department})" if person.department else person.name
            self.person_combo.addItem(label, person.id)
        self.person_combo.setCurrentIndex(self.person_combo.findData(current)
                                          if current else -1)
        self._update_buttons()
        self.loaded.emit()

    def _fill_departments(self) -> None:
        people = self.snapshot.people if self.snapshot is not None else ()
        fill_department_combo(self.department_combo, _("All departments"),
                              (p.department for p in people), self.department_combo.currentData())

    # -- requirements -----------------------------------------------------------------

    def required(self) -> dict[int, int]:
        """The chosen skills: ``skill_id -> minimum level``."""
        return {row.skill.id: row.level for row in
                (self.skills_model.row_at(i) for i in range(self.skills_model.rowCount()))
                if row.level}

    def set_required(self, required: Mapping[int, int]) -> None:
        """Preset the required skills (``skill_id -> minimum level``), e.g. from a pilot."""
        self._preset = {k: v for k, v in required.items() if v}
        for i in range(self.skills_model.rowCount()):
            row = self.skills_model.row_at(i)
            self.skills_model.apply(row.skill.id, self._preset.get(row.skill.id))

    def set_department(self, department: str | None) -> None:
        """Choose team members from ``department`` only (``None``: from everybody)."""
        index = self.department_combo.findData(department)
        if index < 0 and department is not None:
            self.department_combo.addItem(department, department)
            index = self.department_combo.count() - 1
        self.department_combo.setCurrentIndex(max(index, 0))

    def _level_edited(self, skill: domain.Skill, level: int | None) -> None:
        self.skills_model.apply(skill.id, level)

    # -- the team ---------------------------------------------------------------------

    def propose(self) -> None:
        """Propose the smallest team for the chosen skills (in the background)."""
        plan, snapshot, required = self.context.plan, self.snapshot, self.required()
        if plan is None or snapshot is None:
            return
        if not required:
            self.summary_label.setText(_("Choose at least one skill and its minimum level."))
            return
        self.summary_label.setText(_("Looking for the smallest team…"))
        self._team_loader.start(propose_team, plan, snapshot, required,
                                self.department_combo.currentData(), on_done=self._show_team)

    def member_ids(self) -> list[str]:
        """Ids of the team members shown, in order."""
        return [m.id for m in self.team.members]

    def remove_selected(self) -> None:
        """Take the selected members out of the team and recompute what it covers."""
        rows = {i.row() for i in self.members_table.selectionModel().selectedRows()}
        removed = {self.members_model.row_at(r).id for r in rows}
        if removed:
            self.set_members([pid for pid in self.member_ids() if pid not in removed])

    def add_selected_person(self) -> None:
        """Add the person chosen in the combo box to the team."""
        index = self.person_combo.findText(self.person_combo.currentText())
        person_id = self.person_combo.itemData(index) if index >= 0 else None
        if person_id and person_id not in self.member_ids():
            self.set_members([*self.member_ids(), person_id])

    def set_members(self, member_ids: Iterable[str]) -> None:
        """Show a hand-picked team and recompute what it covers (in the background)."""
        if self.snapshot is None:
            return
        reasons = {m.id: m.reason for m in self.team.members}
        self._team_loader.start(team_coverage, self.snapshot, self.required(),
                                list(member_ids), reasons, on_done=self._show_team)

    def _show_team(self, team: Team) -> None:
        self.team = team
        self.members_model.set_rows(team.members)
        self.members_table.resizeColumnsToContents()
        header = self.members_table.horizontalHeader()
        header.resizeSection(0, min(max(header.sectionSize(0), 110), 170))
        header.resizeSection(1, min(max(header.sectionSize(1), 100), 160))
        header.resizeSection(2, min(max(header.sectionSize(2), 120), 200))
        self.members_table.resizeRowsToContents()
        self._show_summary()
        self._update_buttons()
        self.team_changed.emit()

    def _show_summary(self) -> None:
        members = len(self.team.members)
        if not members and not self.team.uncovered:
            self.summary_label.setText(_("No team yet: choose skills and press “Propose "
                                         "team”."))
            self.uncovered_label.setText("")
            return
        self.summary_label.setText(ngettext("A team of {n} person.", "A team of {n} people.",
                                            members).format(n=members))
        if self.team.uncovered:
            self.uncovered_label.setText(_("Uncovered: {items}").format(
                items="; ".join(self._uncovered_texts())))
            self.uncovered_label.setStyleSheet("color: #b2182b;")
        else:
            self.uncovered_label.setText(_("Every required skill is covered."))
            self.uncovered_label.setStyleSheet("")

    def _uncovered_texts(self) -> list[str]:
        return [_("{skill} (level {level} needed; best available {best})").format(
            skill=name, level=level, best=best) for name, level, best in self.team.uncovered]

    def _update_buttons(self, *_args: Any) -> None:
        self.remove_button.setEnabled(
            bool(self.members_table.selectionModel().selectedRows()))
        self.add_button.setEnabled(self.snapshot is not None)
        self.copy_button.setEnabled(bool(self.team.members or self.team.uncovered))

    def team_text(self) -> str:
        """The team as plain text (what "Copy" puts on the clipboard)."""
        lines = [_("Team ({n})").format(n=len(self.team.members))]
        for member in self.team.members:
            lines.append(f"- {member.name} ({member.department or '—'}): "
                         f"{member.covers_text()}")
        if self.team.uncovered:
            lines.append(_("Uncovered:"))
            lines += [f"- {text}" for text in self._uncovered_texts()]
        return "\n".join(lines)

    def copy_to_clipboard(self) -> None:
        """Copy the team and what stays uncovered as text."""
        QGuiApplication.clipboard().setText(self.team_text())
        self.context.status_message.emit(_("The team was copied."))
