"""The Change board page: propose a balanced board in the background, show it, export a brief.

Proposing runs ``services.board.propose`` on a worker with the options of the "Options"
section (quotas, limits, the department being transformed, the eligibility threshold, people
locked on or excluded from the board) and saves the result as a board version (so every
brief can be reproduced); the page then shows the saved versions. For a board proposed in
this session the table also lists the next candidates per seat. "Simulate adoption" runs
``services.board.simulate`` for the board shown and draws the curves below the table.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis.adoption import AdoptionResult
from changeplanner.analysis.archetypes import ELIGIBILITY_THRESHOLD
from changeplanner.analysis.board import MIN_AVAILABILITY, BoardProposal, default_board_size
from changeplanner.i18n import _, ngettext
from changeplanner.services import board as board_service
from changeplanner.services import brief as brief_service
from changeplanner.ui import settings as app_settings
from changeplanner.ui.adoption_chart import AdoptionChart, critical_mass_sentence
from changeplanner.ui.board_compare_dialog import BoardCompareDialog
from changeplanner.ui.board_model import (
    ALTERNATIVES_COLUMN,
    DEPARTMENT_COLUMN,
    NAME_COLUMN,
    PERSON_ID_ROLE,
    REACH_COLUMN,
    REASONS_COLUMN,
    ROLE_COLUMN,
    BoardMembersModel,
    member_rows,
    role_label,
)
from changeplanner.ui.commands import BoardVersion
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page

MIN_SEATS, MAX_SEATS = 4, 40


def brief_file_name(plan_name: str) -> str:
    """The suggested file name of the brief, safe on every file system."""
    name = _("{plan} – Change board brief.pdf").format(plan=plan_name or _("Plan"))
    return re.sub(r'[\\/:*?"<>|]+', "_", name)


class BoardOptionsBox(QGroupBox):
    """The options of a proposal: quotas, limits, the department being transformed, the
    eligibility threshold and the people locked on or excluded from the board.

    :meth:`options` returns only what differs from the defaults, as keyword options of
    :func:`changeplanner.services.board.propose`.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardOptions")
        self._people: dict[str, domain.Person] = {}
        self._plan_department: str | None = None
        self.include: list[str] = []
        self.exclude: list[str] = []

        self.quota_title = QLabel()
        self.quota_labels: dict[str, QLabel] = {}
        self.quota_spins: dict[str, QSpinBox] = {}
        for role in domain.ROLES:
            label, spin = QLabel(), QSpinBox()
            spin.setRange(-1, MAX_SEATS)
            spin.setValue(-1)
            spin.setObjectName(f"quota_{role}")
            label.setBuddy(spin)
            self.quota_labels[role], self.quota_spins[role] = label, spin
        self.department_cap_label = QLabel()
        self.department_cap = QSpinBox()
        self.department_cap.setRange(0, MAX_SEATS)
        self.department_cap_label.setBuddy(self.department_cap)
        self.daily_label = QLabel()
        self.daily_spin = QSpinBox()
        self.daily_spin.setRange(-1, MAX_SEATS)
        self.daily_spin.setValue(-1)
        self.daily_label.setBuddy(self.daily_spin)
        self.availability_label = QLabel()
        self.availability_spin = QSpinBox()
        self.availability_spin.setRange(0, 100)
        self.availability_spin.setSingleStep(10)
        self.availability_spin.setValue(MIN_AVAILABILITY)
        self.availability_label.setBuddy(self.availability_spin)
        self.department_label = QLabel()
        self.department_combo = QComboBox()
        self.department_combo.setMaximumWidth(280)
        self.department_label.setBuddy(self.department_combo)
        self.threshold_label = QLabel()
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal)
        self.threshold_slider.setRange(30, 80)
        self.threshold_slider.setSingleStep(5)
        self.threshold_slider.setPageStep(10)
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setRange(0.30, 0.80)
        self.threshold_spin.setSingleStep(0.05)
        self.threshold_spin.setDecimals(2)
        self.threshold_label.setBuddy(self.threshold_spin)
        self.threshold_help = QLabel()
        self.threshold_help.setWordWrap(True)
        self.threshold_help.setStyleSheet("color: #555555;")
        self.set_threshold(ELIGIBILITY_THRESHOLD)

        self.include_label = QLabel()
        self.include_list = QListWidget()
        self.include_list.setObjectName("includeList")
        self.exclude_label = QLabel()
        self.exclude_list = QListWidget()
        self.exclude_list.setObjectName("excludeList")
        self.remove_include = QPushButton()
        self.remove_exclude = QPushButton()
        for widget in (self.include_list, self.exclude_list):
            widget.setMaximumHeight(56)
            widget.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.reset_button = QPushButton()

        grid = QGridLayout()
        grid.addWidget(self.quota_title, 0, 0, 1, 8)
        for column, role in enumerate(domain.ROLES):
            grid.addWidget(self.quota_labels[role], 1, 2 * column)
            grid.addWidget(self.quota_spins[role], 1, 2 * column + 1)
        grid.addWidget(self.department_cap_label, 2, 0)
        grid.addWidget(self.department_cap, 2, 1)
        grid.addWidget(self.daily_label, 2, 2)
        grid.addWidget(self.daily_spin, 2, 3)
        grid.addWidget(self.availability_label, 2, 4)
        grid.addWidget(self.availability_spin, 2, 5)
        grid.addWidget(self.department_label, 2, 6)
        grid.addWidget(self.department_combo, 2, 7)
        threshold = QHBoxLayout()
        threshold.addWidget(self.threshold_slider, 1)
        threshold.addWidget(self.threshold_spin)
        grid.addWidget(self.threshold_label, 3, 0)
        grid.addLayout(threshold, 3, 1, 1, 3)
        grid.addWidget(self.threshold_help, 3, 4, 1, 4)
        lists = QGridLayout()
        lists.addWidget(self.include_label, 0, 0)
        lists.addWidget(self.exclude_label, 0, 2)
        lists.addWidget(self.include_list, 1, 0)
        lists.addWidget(self.remove_include, 1, 1, Qt.AlignmentFlag.AlignTop)
        lists.addWidget(self.exclude_list, 1, 2)
        lists.addWidget(self.remove_exclude, 1, 3, Qt.AlignmentFlag.AlignTop)
        lists.addWidget(self.reset_button, 1, 4, Qt.AlignmentFlag.AlignBottom)
        lists.setColumnStretch(0, 1)
        lists.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(lists)

        self.threshold_slider.valueChanged.connect(
            lambda value: self.threshold_spin.setValue(value / 100))
        self.threshold_spin.valueChanged.connect(self._threshold_changed)
        self.remove_include.clicked.connect(lambda: self._remove_selected(self.include_list,
                                                                          self.include))
        self.remove_exclude.clicked.connect(lambda: self._remove_selected(self.exclude_list,
                                                                          self.exclude))
        self.reset_button.clicked.connect(self.reset)

    # -- values ----------------------------------------------------------------

    def options(self) -> dict:
        """The chosen options that differ from the defaults (keywords of ``propose``)."""
        options: dict = {}
        quotas = {role: spin.value() for role, spin in self.quota_spins.items()
                  if spin.value() >= 0}
        if quotas:
            options["quotas"] = quotas
        if self.department_cap.value() > 0:
            options["max_per_department"] = self.department_cap.value()
        if self.daily_spin.value() >= 0:
            options["max_daily_business"] = self.daily_spin.value()
        if self.availability_spin.value() != MIN_AVAILABILITY:
            options["min_availability"] = self.availability_spin.value()
        department = self.department_combo.currentData()
        if department is not None:
            options["transforming_department"] = department
        threshold = round(self.threshold_spin.value(), 2)
        if abs(threshold - ELIGIBILITY_THRESHOLD) > 1e-9:
            options["eligibility_threshold"] = threshold
        if self.include:
            options["include"] = list(self.include)
        if self.exclude:
            options["exclude"] = list(self.exclude)
        return options

    def set_threshold(self, value: float) -> None:
        """Set the eligibility threshold (0.30 .. 0.80)."""
        self.threshold_spin.setValue(value)
        self._threshold_changed(self.threshold_spin.value())

    def lock(self, person_id: str) -> None:
        """Keep ``person_id`` on the board (and no longer exclude them)."""
        if person_id in self.exclude:
            self.exclude.remove(person_id)
        if person_id not in self.include:
            self.include.append(person_id)
        self._fill_lists()

    def exclude_person(self, person_id: str) -> None:
        """Never propose ``person_id`` (and no longer lock them)."""
        if person_id in self.include:
            self.include.remove(person_id)
        if person_id not in self.exclude:
            self.exclude.append(person_id)
        self._fill_lists()

    def reset(self) -> None:
        """Every option back to its default; nobody locked or excluded."""
        for spin in self.quota_spins.values():
            spin.setValue(-1)
        self.department_cap.setValue(0)
        self.daily_spin.setValue(-1)
        self.availability_spin.setValue(MIN_AVAILABILITY)
        self.department_combo.setCurrentIndex(0)
        self.set_threshold(ELIGIBILITY_THRESHOLD)
        self.include.clear()
        self.exclude.clear()
        self._fill_lists()

    def set_plan(self, people: dict[str, domain.Person], transforming: str | None) -> None:
        """Offer the plan's departments; forget locked or excluded people who are gone."""
        self._people = people
        self._plan_department = transforming
        self.include[:] = [pid for pid in self.include if pid in people]
        self.exclude[:] = [pid for pid in self.exclude if pid in people]
        self._fill_departments()
        self._fill_lists()

    # -- texts -----------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.setTitle(_("Options for the next proposal"))
        self.quota_title.setText(_("Seats per type (at least; “balanced”: one or more, "
                                   "spread evenly):"))
        for role in domain.ROLES:
            self.quota_labels[role].setText(_("{role}:").format(role=role_label(role)))
            self.quota_spins[role].setSpecialValueText(_("balanced"))
        self.department_cap_label.setText(_("Max. per &department:"))
        self.department_cap.setSpecialValueText(_("no limit"))
        self.daily_label.setText(_("Max. in &daily business:"))
        self.daily_spin.setSpecialValueText(_("automatic"))
        self.daily_spin.setToolTip(_("How many members may be people who keep daily "
                                     "business running (automatic: a quarter of the seats)."))
        self.availability_label.setText(_("Min. &availability:"))
        self.availability_spin.setSuffix(_(" %"))
        self.department_label.setText(_("&Transformed:"))
        self.department_combo.setToolTip(_("Team leads of the department being transformed "
                                           "do not count as influential leads."))
        self.threshold_label.setText(_("&Eligibility threshold:"))
        self.threshold_help.setText(_(
            "A person can take a seat when their score for that type (0–1) reaches this. "
            "Lower: more candidates with weaker fit; higher: fewer, clearer fits."))
        self.include_label.setText(_("Locked on the board (right-click a member):"))
        self.exclude_label.setText(_("Excluded from the board:"))
        self.remove_include.setText(_("Remove"))
        self.remove_exclude.setText(_("Remove"))
        self.reset_button.setText(_("&Reset options"))
        self._fill_departments()

    # -- internals -------------------------------------------------------------

    def _threshold_changed(self, value: float) -> None:
        self.threshold_slider.blockSignals(True)
        self.threshold_slider.setValue(round(100 * value))
        self.threshold_slider.blockSignals(False)

    def _fill_departments(self) -> None:
        current = self.department_combo.currentData()
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        if self._plan_department:
            self.department_combo.addItem(_("The plan's: {department}").format(
                department=self._plan_department), None)
        else:
            self.department_combo.addItem(_("The plan's: none"), None)
        self.department_combo.addItem(_("None"), "")
        for department in sorted({p.department for p in self._people.values()
                                  if p.department}):
            self.department_combo.addItem(department, department)
        index = self.department_combo.findData(current) if current is not None else 0
        self.department_combo.setCurrentIndex(max(index, 0))
        self.department_combo.blockSignals(False)

    def _fill_lists(self) -> None:
        for widget, ids in ((self.include_list, self.include), (self.exclude_list,
                                                                self.exclude)):
            widget.clear()
            for pid in ids:
                person = self._people.get(pid)
                item = QListWidgetItem(f"{person.name} ({person.department})" if person
                                       else pid)
                item.setData(PERSON_ID_ROLE, pid)
                widget.addItem(item)
        self.remove_include.setEnabled(bool(self.include))
        self.remove_exclude.setEnabled(bool(self.exclude))
        self.changed.emit()

    def _remove_selected(self, widget: QListWidget, ids: list[str]) -> None:
        chosen = {item.data(PERSON_ID_ROLE) for item in widget.selectedItems()}
        if not chosen and widget.count():  # nothing selected: remove the current one
            item = widget.currentItem() or widget.item(widget.count() - 1)
            chosen = {item.data(PERSON_ID_ROLE)}
        ids[:] = [pid for pid in ids if pid not in chosen]
        self._fill_lists()


class BoardPage(Page):
    """The change board: propose one, see its members, reach and gaps, export the brief.

    A board is proposed in the background ("Propose board", with a progress bar and a
    Cancel button) and saved as a version; the version combo lists every saved board.
    """

    key = "board"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._generation = 0
        self._load_task = None
        self._export_when_loaded: tuple[str | None] | None = None
        self._task = None            # the running proposal or export
        self._task_kind = ""         # "propose" | "export"
        self._select_board: int | None = None
        self._size_touched = False
        self._proposals: dict[int, BoardProposal] = {}   # proposed in this session
        self._simulations: dict[int, AdoptionResult] = {}
        self._simulated_board: int | None = None
        self.data = board_service.BoardsData()
        self.last_message_box: QMessageBox | None = None
        self.last_brief_path: Path | None = None

        self.model = BoardMembersModel(self)

        self.size_label = QLabel()
        self.size_spin = QSpinBox()
        self.size_spin.setRange(MIN_SEATS, MAX_SEATS)
        self.size_spin.setValue(default_board_size(0))
        self.size_label.setBuddy(self.size_spin)
        self.propose_button = QPushButton()
        self.propose_button.setObjectName("proposeBoardButton")
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMinimumWidth(180)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton()
        self.version_label = QLabel()
        self.version_combo = QComboBox()
        # Long version names must not widen the window beyond a laptop screen.
        self.version_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_combo.setMaximumWidth(420)
        self.version_label.setBuddy(self.version_combo)
        self.export_button = QPushButton()
        # A compact icon button: the toolbar is full in German on a laptop screen.
        self.delete_button = QToolButton()
        self.delete_button.setObjectName("deleteBoardVersion")
        self.delete_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_button.setAutoRaise(True)
        self.export_button.setObjectName("exportBriefButton")
        self.options_button = QToolButton()
        self.options_button.setObjectName("boardOptionsButton")
        self.options_button.setCheckable(True)
        self.options_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.options_button.setArrowType(Qt.ArrowType.RightArrow)
        self.options_box = BoardOptionsBox()
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("compareOwnBoardButton")
        self.compare_dialog: BoardCompareDialog | None = None
        self.options_box.setVisible(False)

        self.reach_label = QLabel()
        self.reach_label.setObjectName("reachLabel")
        font = QFont(self.reach_label.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.reach_label.setFont(font)
        self.reach_detail = QLabel()
        self.reach_detail.setWordWrap(True)
        self.reach2_label = QLabel()
        self.reach2_label.setObjectName("reach2Label")
        font2 = QFont(self.reach_label.font())
        font2.setPointSizeF(font2.pointSizeF() * 0.6)
        self.reach2_label.setFont(font2)

        self.table = QTableView()
        self.table.setObjectName("boardMembers")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASONS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(NAME_COLUMN, 170)
        header.resizeSection(DEPARTMENT_COLUMN, 190)
        header.resizeSection(ROLE_COLUMN, 150)
        header.resizeSection(ALTERNATIVES_COLUMN, 210)
        header.setSectionResizeMode(REACH_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(self._fit_rows)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setVisible(False)
        # No stylesheet padding: the style's size hint would not subtract it from the
        # wrapping width, and the last line of long reasons would be cut off.

        self.unfilled_frame = QFrame()
        self.unfilled_frame.setObjectName("unfilledSeats")
        self.unfilled_frame.setStyleSheet(
            "#unfilledSeats { background: #fff4d6; border: 1px solid #e0c068; "
            "border-radius: 4px; } #unfilledSeats QLabel { color: #3a2f00; }")
        self.unfilled_title = QLabel()
        self.unfilled_title.setStyleSheet("font-weight: bold;")
        self.unfilled_label = QLabel()
        self.unfilled_label.setWordWrap(True)
        self.unfilled_label.setTextFormat(Qt.TextFormat.PlainText)
        unfilled_layout = QVBoxLayout(self.unfilled_frame)
        unfilled_layout.addWidget(self.unfilled_title)
        unfilled_layout.addWidget(self.unfilled_label)
        self.unfilled_frame.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.size_label)
        top.addWidget(self.size_spin)
        top.addWidget(self.propose_button)
        top.addWidget(self.options_button)
        top.addWidget(self.compare_button)
        top.addStretch(1)
        top.addWidget(self.version_label)
        top.addWidget(self.version_combo)
        top.addWidget(self.delete_button)
        top.addWidget(self.export_button)

        reach = QHBoxLayout()
        reach.setContentsMargins(0, 6, 0, 6)
        reach.addWidget(self.reach_label)
        reach.addSpacing(12)
        reach.addWidget(self.reach2_label)
        reach.addSpacing(12)
        reach.addWidget(self.reach_detail, 1)

        # Progress gets its own row (hidden when idle) so it never widens the window.
        busy = QHBoxLayout()
        busy.addWidget(self.progress_bar)
        busy.addWidget(self.cancel_button)
        busy.addWidget(self.progress_label, 1)
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)

        # Adoption simulation below the table.
        self.simulate_button = QPushButton()
        self.simulate_button.setObjectName("simulateAdoptionButton")
        self.simulation_title = QLabel()
        self.simulation_title.setStyleSheet("font-weight: bold;")
        self.simulation_sentence = QLabel()
        self.simulation_sentence.setObjectName("criticalMassSentence")
        self.simulation_sentence.setWordWrap(True)
        self.chart = AdoptionChart()
        self.chart.setObjectName("adoptionChart")
        simulation = QWidget()
        sim_layout = QVBoxLayout(simulation)
        sim_layout.setContentsMargins(0, 4, 0, 0)
        sim_top = QHBoxLayout()
        sim_top.addWidget(self.simulation_title)
        sim_top.addWidget(self.simulate_button)
        sim_top.addWidget(self.simulation_sentence, 1)
        sim_layout.addLayout(sim_top)
        sim_layout.addWidget(self.chart, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(simulation)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.options_box)
        layout.addLayout(busy)
        layout.addLayout(reach)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.unfilled_frame)

        self.propose_button.clicked.connect(self.propose)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(lambda: self.export_brief())
        self.delete_button.clicked.connect(self.delete_version)
        self.version_combo.currentIndexChanged.connect(self._version_chosen)
        self.size_spin.valueChanged.connect(self._size_changed)
        self.options_button.toggled.connect(self._toggle_options)
        self.simulate_button.clicked.connect(self.simulate)
        self.compare_button.clicked.connect(self.compare_own_board)

        self._set_busy(False)
        self.retranslate_ui()
        self.reload("all")

    # -- Page contract -------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated name shown in the navigation."""
        return _("Change board")

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.size_label.setText(_("&Seats:"))
        self.size_spin.setToolTip(_("How many people the board should have (about one seat "
                                    "per 20 people; at least one per type)."))
        self.propose_button.setText(_("&Propose board"))
        self.propose_button.setToolTip(_(
            "Propose a balanced board (skeptics, networkers, enthusiastic doers, influential "
            "team leads) that reaches as many people as possible, and save it as a version."))
        self.cancel_button.setText(_("Cancel"))
        self.version_label.setText(_("&Version:"))
        self.export_button.setText(_("&Export brief (PDF)…"))
        self.delete_button.setText(_("&Delete version"))
        self.delete_button.setAccessibleName(_("&Delete version").replace("&", ""))
        self.delete_button.setToolTip(_("Delete the board version shown (Ctrl+Z brings it "
                                        "back)."))
        self.export_button.setToolTip(_("Save the change-board brief for management and "
                                        "the works council as a PDF."))
        self.unfilled_title.setText(_("Seats that could not be filled"))
        self.options_button.setText(_("&Options…"))
        self.options_button.setToolTip(_("Quotas per type, limits, the department being "
                                         "transformed and people locked on or excluded."))
        self.options_box.retranslate_ui()
        self.compare_button.setText(_("&Compare a board of my own…"))
        self.compare_button.setToolTip(_("Pick members by hand and compare your board with "
                                         "the one shown: reach, balance and departments."))
        if self.compare_dialog is not None:
            self.compare_dialog.retranslate_ui()
        self.simulation_title.setText(_("Adoption simulation"))
        self.simulate_button.setText(_("&Simulate adoption"))
        self.simulate_button.setToolTip(_(
            "Simulate how the change spreads from the board shown through the influence "
            "network, compared with random boards and the most sought-out people."))
        self.chart.placeholder = _("Press “Simulate adoption” to see how the change would "
                                   "spread from this board, round by round.")
        self.model.retranslate()
        self._fill_versions()
        self._show_board()

    def reload(self, kind: str) -> None:
        """Read the saved boards again (in the background) when they or the people changed."""
        if kind not in ("all", "board", "people"):
            return
        if kind == "all":
            self._size_touched = False
            self._proposals.clear()
            self.options_box.include.clear()
            self.options_box.exclude.clear()
        self._simulations.clear()  # people, ties or boards changed: simulate again
        self._generation += 1
        generation = self._generation
        plan = self.context.plan
        if plan is None:
            self._loaded(generation, board_service.BoardsData())
            return
        self._load_task = self.context.runner.start(
            board_service.load_boards, plan, isolate=True,
            on_finished=lambda data: self._loaded(generation, data),
            on_failed=lambda message, user: self._load_failed(generation, message))
        self._update_enabled()  # nothing to propose or export until the plan is read

    # -- actions -------------------------------------------------------------------

    def propose(self) -> None:
        """Propose a board of the chosen size in the background and save it."""
        plan = self.context.plan
        if plan is None or self._task is not None or self._load_task is not None:
            return
        self._task_kind = "propose"
        self._task = self.context.runner.start(
            board_service.propose_and_save, plan, self.size_spin.value(),
            self.options_box.options(), isolate=True,
            on_progress=self._progress, on_finished=self._proposed,
            on_failed=self._task_failed, on_cancelled=self._task_cancelled)
        self._set_busy(True, _("Proposing a board…"))

    def delete_version(self) -> None:
        """Delete the board version shown (undoable)."""
        board = self.shown_board
        plan = self.context.plan
        if board is None or plan is None or self._task is not None:
            return
        self.context.undo_stack.push(BoardVersion(
            plan, board.id, saved=False,
            text=_("Delete board version {name}").format(name=board.name),
            done=lambda: self.context.data_changed.emit("board"),
            failed=self.context.status_message.emit))

    def simulate(self) -> None:
        """Simulate adoption from the board shown, in the background, and draw the curves."""
        plan = self.context.plan
        board_id = self.shown_board_id
        if (plan is None or board_id is None or self._task is not None
                or self._load_task is not None):
            return
        self._task_kind = "simulate"
        self._simulated_board = board_id
        self._task = self.context.runner.start(
            board_service.simulate, plan, board_id=board_id, isolate=True,
            on_progress=self._progress, on_finished=self._simulated,
            on_failed=self._task_failed, on_cancelled=self._task_cancelled)
        self._set_busy(True, _("Simulating adoption…"))

    def compare_own_board(self) -> BoardCompareDialog | None:
        """Open the dialog to enter a board by hand and compare it with the one shown."""
        if self.context.plan is None or not self.data.people:
            return None
        dialog = BoardCompareDialog(self.context, self.data.people, self.shown_board, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.saved.connect(self._own_board_saved)
        dialog.destroyed.connect(lambda *_args: setattr(self, "compare_dialog", None))
        self.compare_dialog = dialog
        dialog.open()
        return dialog

    def _own_board_saved(self, board_id: int) -> None:
        self._select_board = board_id

    def lock_member(self, person_id: str) -> None:
        """Keep ``person_id`` on the next proposals (the options list them)."""
        self.options_box.lock(person_id)
        self.options_button.setChecked(True)

    def exclude_member(self, person_id: str, *, repropose: bool = True) -> None:
        """Exclude ``person_id`` from proposals and, by default, propose again at once."""
        self.options_box.exclude_person(person_id)
        self.options_button.setChecked(True)
        if repropose:
            self.propose()

    def member_menu(self, row: int) -> QMenu:
        """The context menu of the member in ``row``: lock on the board, exclude."""
        person_id = self.model.index(row, 0).data(PERSON_ID_ROLE)
        name = self.model.index(row, NAME_COLUMN).data()
        menu = QMenu(self)
        lock = menu.addAction(_("&Lock {name} on the board").format(name=name))
        lock.setObjectName("lockMember")
        lock.setEnabled(person_id not in self.options_box.include)
        lock.triggered.connect(lambda: self.lock_member(person_id))
        exclude = menu.addAction(_("&Exclude {name} and re-propose").format(name=name))
        exclude.setObjectName("excludeMember")
        exclude.setEnabled(self._task is None and self._load_task is None)
        exclude.triggered.connect(lambda: self.exclude_member(person_id))
        return menu

    def cancel(self) -> None:
        """Cancel the running proposal, simulation or export."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(_("Cancelling…"))

    def export_brief(self, path: str | None = None) -> None:
        """Export the brief of the board shown as PDF, asking for the file when ``path`` is None.

        The export runs in the background; the status bar then names the file, and a
        message offers to open it.
        """
        plan = self.context.plan
        if plan is None or self._task is not None:
            return
        if self._load_task is not None:  # asked from the File menu while the page loads
            self._export_when_loaded = (path,)
            return
        if path is None:
            folder = app_settings.last_folder(self.context.settings)
            suggested = str(Path(folder) / brief_file_name(self.data.plan_name
                                                           or plan.path.stem))
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export change-board brief"), suggested, _("PDF files (*.pdf)"))
            if not path:
                return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        app_settings.remember_folder(self.context.settings, path)
        board_id = self.shown_board_id
        self._task_kind = "export"
        self._task = self.context.runner.start(
            brief_service.export_brief, plan, path, board_id=board_id, isolate=True,
            on_progress=self._progress,
            on_finished=lambda written: self._exported(str(written), board_id is None),
            on_failed=self._task_failed, on_cancelled=self._task_cancelled)
        self._set_busy(True, _("Writing the brief…"))

    # -- state ---------------------------------------------------------------------

    @property
    def last_proposal(self) -> BoardProposal | None:
        """The proposal behind the board shown, when it was proposed in this session."""
        board_id = self.shown_board_id
        return self._proposals.get(board_id) if board_id is not None else None

    @property
    def busy(self) -> bool:
        """Whether a proposal or export is running."""
        return self._task is not None

    @property
    def shown_board(self) -> domain.ChangeBoard | None:
        """The board version shown, if any."""
        board_id = self.version_combo.currentData()
        for board in self.data.boards:
            if board.id == board_id:
                return board
        return None

    @property
    def shown_board_id(self) -> int | None:
        """Id of the board version shown, if any."""
        board = self.shown_board
        return board.id if board else None

    # -- internals -----------------------------------------------------------------

    def _loaded(self, generation: int, data: board_service.BoardsData) -> None:
        if generation != self._generation:
            return
        self._load_task = None
        previous = self.version_combo.currentData()
        self.data = data
        self.options_box.set_plan(data.people, data.transforming_department)
        if not self._size_touched:
            self.size_spin.blockSignals(True)
            self.size_spin.setValue(max(MIN_SEATS, min(MAX_SEATS, data.default_size)))
            self.size_spin.blockSignals(False)
        wanted = self._select_board if self._select_board is not None else previous
        self._select_board = None
        self._fill_versions(wanted)
        self._show_board()
        self._update_enabled()
        if self._export_when_loaded is not None:
            (path,), self._export_when_loaded = self._export_when_loaded, None
            self.export_brief(path)

    def _load_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._load_task = None
        self._export_when_loaded = None
        self._update_enabled()
        self.context.status_message.emit(
            _("The change boards could not be read: {reason}").format(reason=message))

    def _fill_versions(self, wanted: int | None = None) -> None:
        if wanted is None:
            wanted = self.version_combo.currentData()
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        for board in self.data.boards:
            self.version_combo.addItem(_("{name} – {date}").format(
                name=board.name, date=board.created[:16]), board.id)
        if not self.data.boards:
            self.version_combo.addItem(_("no saved board"), None)
        index = self.version_combo.findData(wanted) if wanted is not None else -1
        self.version_combo.setCurrentIndex(index if index >= 0 else 0)
        self.version_combo.blockSignals(False)

    def _version_chosen(self, _index: int) -> None:
        self._show_board()

    def _size_changed(self, _value: int) -> None:
        self._size_touched = True

    def _toggle_options(self, shown: bool) -> None:
        self.options_box.setVisible(shown)
        self.options_button.setArrowType(Qt.ArrowType.DownArrow if shown
                                         else Qt.ArrowType.RightArrow)

    def _table_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        menu = self.member_menu(index.row())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _show_simulation(self) -> None:
        board_id = self.shown_board_id
        result = self._simulations.get(board_id) if board_id is not None else None
        self.chart.set_result(result)
        if result is not None:
            self.simulation_sentence.setText(critical_mass_sentence(result))
        elif board_id is None:
            self.simulation_sentence.setText("")
        else:
            self.simulation_sentence.setText(_("Not simulated yet for this board."))

    def _show_board(self) -> None:
        board = self.shown_board
        people = len(self.data.people)
        if board is None:
            self.model.set_members([])
            self.reach_label.setText(_("No board yet"))
            if self.context.plan is None:
                self.reach_detail.setText(_("No plan is open."))
            elif not people:
                self.reach_detail.setText(_("The plan has no people yet: import people and "
                                            "their ties first."))
            else:
                self.reach_detail.setText(_(
                    "Press “Propose board” for a balanced proposal with reasons. Every "
                    "proposal is saved as a version, so the brief can be reproduced."))
            self.reach2_label.setText("")
            self.unfilled_frame.setVisible(False)
            self._show_simulation()
            self._update_enabled()
            return
        proposal = self._proposals.get(board.id)
        alternatives = None if proposal is None else {
            m.id: [(a.name, a.department, a.reach_change) for a in m.alternatives]
            for m in proposal.members}
        self.model.set_members(member_rows(board, self.data.people, alternatives))
        self.reach_label.setText(_("Reach: {percent} %").format(
            percent=round(100 * board.reach)))
        two_step = (proposal.reach_2step if proposal is not None
                    else self.data.reach_2step.get(board.id))
        self.reach2_label.setText("" if two_step is None else _(
            "2-step reach: {percent} %").format(percent=round(100 * two_step)))
        self.reach2_label.setToolTip(_("Share of all people within two steps of a member: "
                                       "tied to someone who is tied to the board."))
        detail = ngettext(
            "of {n} person is on the board or directly tied to a member.",
            "of {n} people are on the board or directly tied to a member.",
            people).format(n=people)
        if proposal is None:
            detail += " " + _("Propose again to see alternatives for each seat.")
        self.reach_detail.setText(detail)
        if board.unfilled:
            self.unfilled_label.setText("\n".join(
                f"• {_(domain.ROLE_LABELS.get(role, role))}: {reason}"
                for role, reason in board.unfilled))
            self.unfilled_frame.setVisible(True)
        else:
            self.unfilled_frame.setVisible(False)
        self._show_simulation()
        self._fit_rows()
        self._update_enabled()

    def _fit_rows(self, *_args) -> None:
        self.table.resizeRowsToContents()
        vertical = self.table.verticalHeader()
        for row in range(self.model.rowCount()):  # breathing room between members
            vertical.resizeSection(row, vertical.sectionSize(row) + 8)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress_bar.setValue(0)
            self.progress_label.setText(message)
        elif not message:
            self.progress_label.setText("")
        self._update_enabled()

    def _update_enabled(self) -> None:
        idle = (self._task is None and self._load_task is None
                and self.context.plan is not None)
        self.propose_button.setEnabled(idle)
        self.size_spin.setEnabled(self._task is None)
        self.options_box.setEnabled(self._task is None)
        self.export_button.setEnabled(idle and bool(self.data.people))
        self.simulate_button.setEnabled(idle and self.shown_board is not None)
        self.delete_button.setEnabled(idle and self.shown_board is not None)
        self.compare_button.setEnabled(idle and bool(self.data.people))

    def _progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(100 * fraction))
        if message:
            self.progress_label.setText(message)

    def _end_task(self) -> None:
        self._task = None
        self._task_kind = ""
        self._set_busy(False)

    def _proposed(self, result: tuple[int, BoardProposal]) -> None:
        board_id, proposal = result
        self._end_task()
        self._proposals[board_id] = proposal
        self._select_board = board_id
        self.context.status_message.emit(_("New board proposed and saved as a version."))
        # Undo removes the new version again; every page showing the board reloads.
        self.context.undo_stack.push(BoardVersion(
            self.context.plan, board_id, saved=True, text=_("Propose board"),
            done=lambda: self.context.data_changed.emit("board"),
            failed=self.context.status_message.emit))
        self.context.data_changed.emit("board")

    def _simulated(self, result: AdoptionResult) -> None:
        self._end_task()
        if self._simulated_board is not None:
            self._simulations[self._simulated_board] = result
        self._simulated_board = None
        self._show_simulation()
        self.context.status_message.emit(critical_mass_sentence(result))

    def _exported(self, written: str, board_was_created: bool) -> None:
        self._end_task()
        self.last_brief_path = Path(written)
        self.context.status_message.emit(_("Brief saved: {path}").format(path=written))
        if board_was_created:
            self.context.data_changed.emit("board")
        box = QMessageBox(QMessageBox.Icon.Information, _("Brief saved"),
                          _("The change-board brief was saved to\n{path}").format(path=written),
                          QMessageBox.StandardButton.Close, self)
        open_button = box.addButton(_("&Open"), QMessageBox.ButtonRole.AcceptRole)
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(written)))
        self._show_message(box)

    def _task_failed(self, message: str, user_error: bool) -> None:
        kind = self._task_kind
        self._end_task()
        if kind == "export":
            title = _("The brief could not be saved")
        elif kind == "simulate":
            title = _("The adoption could not be simulated")
        else:
            title = _("No board could be proposed")
        text = message if user_error else _(
            "Something went wrong ({reason}). Your plan was not changed; details are in the "
            "log.").format(reason=message)
        self.context.status_message.emit(title)
        self._show_message(QMessageBox(QMessageBox.Icon.Warning, title, text,
                                       QMessageBox.StandardButton.Ok, self))

    def _task_cancelled(self) -> None:
        kind = self._task_kind
        self._end_task()
        self.context.status_message.emit(
            {"export": _("Export cancelled."), "simulate": _("Simulation cancelled.")}.get(
                kind, _("Proposal cancelled.")))

    def _show_message(self, box: QMessageBox) -> None:
        # Window-modal and non-blocking: the event loop (and tests) keep running.
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_message_box = box
        box.finished.connect(lambda _result: self._message_closed(box))
        box.open()

    def _message_closed(self, box: QMessageBox) -> None:
        if self.last_message_box is box:
            self.last_message_box = None
