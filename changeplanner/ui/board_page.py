"""The Change board page: propose a balanced board in the background, show it, export a brief.

Proposing runs ``services.board.propose`` on a worker and saves the result as a board
version (so every brief can be reproduced); the page then shows the saved versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis.board import default_board_size
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import board as board_service
from changeplanner.services import brief as brief_service
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui import settings as app_settings
from changeplanner.ui.board_model import (
    DEPARTMENT_COLUMN,
    NAME_COLUMN,
    REACH_COLUMN,
    REASONS_COLUMN,
    ROLE_COLUMN,
    BoardMembersModel,
    member_rows,
)
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page

MIN_SEATS, MAX_SEATS = 4, 40


@dataclass
class BoardsData:
    """The saved boards of a plan and what is needed to show them (plain data)."""

    plan_name: str = ""
    people: dict[str, domain.Person] = field(default_factory=dict)
    boards: tuple[domain.ChangeBoard, ...] = ()

    @property
    def default_size(self) -> int:
        """The board size the analysis suggests for this many people."""
        return default_board_size(len(self.people))


def load_boards(plan: Plan, *, progress: Progress) -> BoardsData:
    """Read the saved boards of ``plan`` (runs on a worker thread)."""
    progress.update(0.0, _("Reading the change boards…"))
    snapshot = plans.snapshot(plan)
    return BoardsData(plan_name=snapshot.name or plan.path.stem,
                      people=snapshot.people_by_id(), boards=snapshot.boards)


def propose_and_save(plan: Plan, size: int, *, progress: Progress) -> int:
    """Propose a board of ``size`` seats and save it as a new version; return its id.

    Runs on a worker thread with its own database session.
    """
    proposal = board_service.propose(plan, size=size, progress=progress.child(0.0, 0.95))
    progress.update(0.97, _("Saving the proposal…"))
    return board_service.save_proposal(plan, proposal)


def export_brief_task(plan: Plan, path: str, board_id: int | None, *,
                      progress: Progress) -> str:
    """Write the change-board brief to ``path`` (runs on a worker thread)."""
    return str(brief_service.export_brief(plan, path, board_id=board_id, progress=progress))


def brief_file_name(plan_name: str) -> str:
    """The suggested file name of the brief, safe on every file system."""
    name = _("{plan} – Change board brief.pdf").format(plan=plan_name or _("Plan"))
    return re.sub(r'[\\/:*?"<>|]+', "_", name)


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
        self.data = BoardsData()
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
        self.export_button.setObjectName("exportBriefButton")

        self.reach_label = QLabel()
        self.reach_label.setObjectName("reachLabel")
        font = QFont(self.reach_label.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.reach_label.setFont(font)
        self.reach_detail = QLabel()
        self.reach_detail.setWordWrap(True)

        self.table = QTableView()
        self.table.setObjectName("boardMembers")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASONS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(NAME_COLUMN, 190)
        header.resizeSection(DEPARTMENT_COLUMN, 190)
        header.resizeSection(ROLE_COLUMN, 170)
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
        top.addStretch(1)
        top.addWidget(self.version_label)
        top.addWidget(self.version_combo)
        top.addWidget(self.export_button)

        reach = QHBoxLayout()
        reach.setContentsMargins(0, 6, 0, 6)
        reach.addWidget(self.reach_label)
        reach.addSpacing(12)
        reach.addWidget(self.reach_detail, 1)

        # Progress gets its own row (hidden when idle) so it never widens the window.
        busy = QHBoxLayout()
        busy.addWidget(self.progress_bar)
        busy.addWidget(self.cancel_button)
        busy.addWidget(self.progress_label, 1)
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(busy)
        layout.addLayout(reach)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unfilled_frame)

        self.propose_button.clicked.connect(self.propose)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(lambda: self.export_brief())
        self.version_combo.currentIndexChanged.connect(self._version_chosen)
        self.size_spin.valueChanged.connect(self._size_changed)

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
        self.export_button.setToolTip(_("Save the change-board brief for management and "
                                        "the works council as a PDF."))
        self.unfilled_title.setText(_("Seats that could not be filled"))
        self.model.retranslate()
        self._fill_versions()
        self._show_board()

    def reload(self, kind: str) -> None:
        """Read the saved boards again (in the background) when they or the people changed."""
        if kind not in ("all", "board", "people"):
            return
        if kind == "all":
            self._size_touched = False
        self._generation += 1
        generation = self._generation
        plan = self.context.plan
        if plan is None:
            self._loaded(generation, BoardsData())
            return
        self._load_task = self.context.runner.start(
            load_boards, plan,
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
            propose_and_save, plan, self.size_spin.value(),
            on_progress=self._progress, on_finished=self._proposed,
            on_failed=self._task_failed, on_cancelled=self._task_cancelled)
        self._set_busy(True, _("Proposing a board…"))

    def cancel(self) -> None:
        """Cancel the running proposal or export."""
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
            export_brief_task, plan, path, board_id,
            on_progress=self._progress,
            on_finished=lambda written: self._exported(written, board_id is None),
            on_failed=self._task_failed, on_cancelled=self._task_cancelled)
        self._set_busy(True, _("Writing the brief…"))

    # -- state ---------------------------------------------------------------------

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

    def _loaded(self, generation: int, data: BoardsData) -> None:
        if generation != self._generation:
            return
        self._load_task = None
        previous = self.version_combo.currentData()
        self.data = data
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
            self.unfilled_frame.setVisible(False)
            self._update_enabled()
            return
        self.model.set_members(member_rows(board, self.data.people))
        self.reach_label.setText(_("Reach: {percent} %").format(
            percent=round(100 * board.reach)))
        self.reach_detail.setText(ngettext(
            "of {n} person is on the board or directly tied to a member.",
            "of {n} people are on the board or directly tied to a member.",
            people).format(n=people))
        if board.unfilled:
            self.unfilled_label.setText("\n".join(
                f"• {_(domain.ROLE_LABELS.get(role, role))}: {reason}"
                for role, reason in board.unfilled))
            self.unfilled_frame.setVisible(True)
        else:
            self.unfilled_frame.setVisible(False)
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
        self.export_button.setEnabled(idle and bool(self.data.people))

    def _progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(100 * fraction))
        if message:
            self.progress_label.setText(message)

    def _end_task(self) -> None:
        self._task = None
        self._task_kind = ""
        self._set_busy(False)

    def _proposed(self, board_id: int) -> None:
        self._end_task()
        self._select_board = board_id
        self.context.status_message.emit(_("New board proposed and saved as a version."))
        # Every page showing the board (this one, the network) reloads.
        self.context.data_changed.emit("board")

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
            _("Export cancelled.") if kind == "export" else _("Proposal cancelled."))

    def _show_message(self, box: QMessageBox) -> None:
        # Window-modal and non-blocking: the event loop (and tests) keep running.
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_message_box = box
        box.finished.connect(lambda _result: self._message_closed(box))
        box.open()

    def _message_closed(self, box: QMessageBox) -> None:
        if self.last_message_box is box:
            self.last_message_box = None
