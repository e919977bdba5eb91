"""Enter a change board by hand and compare it with the board shown on the Change board page.

The user ticks people in a searchable list (filter by name or department), may choose a
seat per person ("Automatic" picks one they fit, balanced like the optimiser), and sees a
live comparison: reach, 2-step reach, seats per type, departments covered and who is on only
one of the boards. Small plans are evaluated at once; plans of
:data:`BACKGROUND_FROM` people or more on a worker, so the window stays responsive. "Save as
a board version" stores the evaluated board like a proposal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis.board import (
    BoardComparison,
    BoardProposal,
    compare_boards,
    evaluate_board,
)
from changeplanner.errors import UserError
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import board as board_service
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.board_model import role_label
from changeplanner.ui.context import AppContext

#: Plans with at least this many people are evaluated on a worker thread.
BACKGROUND_FROM = 2_000

#: Wait this long (ms) after the last change before evaluating again.
DEBOUNCE_MS = 150

PERSON_ID = Qt.ItemDataRole.UserRole

# Rows of the comparison table.
REACH_ROW, REACH2_ROW = 0, 1
SEAT_ROWS = {role: 2 + i for i, role in enumerate(domain.ROLES)}
DEPARTMENTS_ROW = 2 + len(domain.ROLES)
SHOWN_COLUMN, MINE_COLUMN = 0, 1


def evaluate_pair(snapshot: domain.PlanSnapshot, mine: Sequence[str],
                  roles: Mapping[str, str],
                  reference: Sequence[tuple[str, str]] | None
                  ) -> tuple[BoardProposal, BoardComparison | None]:
    """Evaluate the board entered by hand and compare it with ``reference``.

    Args:
        snapshot: The plan.
        mine: Ids of the board entered by hand, in pick order.
        roles: Seats chosen by hand.
        reference: ``(id, role)`` of the board shown on the page, or ``None``; members
            since deleted from the plan are left out.

    Returns:
        ``(my board, comparison of the board shown (a) with mine (b))``; no comparison
        without a reference.
    """
    proposal = evaluate_board(snapshot, mine, roles=roles)
    if reference is None:
        return proposal, None
    known = snapshot.people_by_id()
    seats = [(pid, role) for pid, role in reference if pid in known]
    shown = evaluate_board(snapshot, [pid for pid, _role in seats],
                           roles={pid: role for pid, role in seats if role in domain.ROLES})
    return proposal, compare_boards(shown, proposal)


def evaluate_task(plan: Plan, mine: list[str], roles: dict[str, str],
                  reference: list[tuple[str, str]] | None, *,
                  progress: Progress) -> tuple[BoardProposal, BoardComparison | None]:
    """:func:`evaluate_pair` on a worker thread (reads the plan itself)."""
    progress.update(0.0, _("Evaluating your board…"))
    return evaluate_pair(plans.snapshot(plan, skills=False), mine, roles, reference)


def percent(value: float) -> str:
    """A share 0..1 as a rounded percentage."""
    return _("{percent} %").format(percent=round(100 * value))


class BoardCompareDialog(QDialog):
    """Pick a board by hand and compare it live with the board shown on the page.

    Signals:
        saved(int): the board entered by hand was saved as a version with this id.
    """

    saved = Signal(int)

    def __init__(self, context: AppContext, people: Mapping[str, domain.Person],
                 reference: domain.ChangeBoard | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardCompareDialog")
        self.context = context
        self.people = dict(people)
        self.reference = reference
        self.picked: list[str] = []
        self.proposal: BoardProposal | None = None
        self.comparison: BoardComparison | None = None
        self.saved_board_id: int | None = None
        self._snapshot: domain.PlanSnapshot | None = None
        self._generation = 0
        self._evaluated_key: tuple | None = None
        self._task = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.evaluate)

        # Left: the people to pick from.
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.department_combo = QComboBox()
        self.people_list = QListWidget()
        self.people_list.setObjectName("comparePeopleList")
        self.people_list.setUniformItemSizes(True)
        self.picked_label = QLabel()
        self.people_box = QGroupBox()
        left = QVBoxLayout(self.people_box)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(self.department_combo, 1)
        left.addLayout(filters)
        left.addWidget(self.people_list, 1)
        left.addWidget(self.picked_label)

        # Right: the picks with their seats, and the comparison.
        self.picks_table = QTableWidget(0, 3)
        self.picks_table.setObjectName("comparePicks")
        self.picks_table.verticalHeader().setVisible(False)
        self.picks_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.picks_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.picks_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 270)
        self.picks_box = QGroupBox()
        picks_layout = QVBoxLayout(self.picks_box)
        picks_layout.addWidget(self.picks_table)

        self.comparison_table = QTableWidget(DEPARTMENTS_ROW + 1, 2)
        self.comparison_table.setObjectName("comparisonTable")
        self.comparison_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.comparison_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.comparison_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.comparison_table.setSizeAdjustPolicy(
            QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.comparison_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.comparison_table.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reference_label = QLabel()
        self.reference_label.setObjectName("referenceBoard")
        self.reference_label.setWordWrap(True)
        for row in range(DEPARTMENTS_ROW + 1):
            for column in (SHOWN_COLUMN, MINE_COLUMN):
                item = QTableWidgetItem()
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.comparison_table.setItem(row, column, item)
        self.only_mine_label = QLabel()
        self.only_mine_label.setWordWrap(True)
        self.only_mine_label.setObjectName("onlyMine")
        self.only_shown_label = QLabel()
        self.only_shown_label.setWordWrap(True)
        self.only_shown_label.setObjectName("onlyShown")
        self.unfilled_label = QLabel()
        self.unfilled_label.setWordWrap(True)
        self.unfilled_label.setStyleSheet("color: #7a5b00;")
        self.status_label = QLabel()
        self.status_label.setObjectName("compareStatus")
        self.comparison_box = QGroupBox()
        comparison_layout = QGridLayout(self.comparison_box)
        comparison_layout.addWidget(self.reference_label, 0, 0)
        comparison_layout.addWidget(self.comparison_table, 1, 0)
        comparison_layout.addWidget(self.only_mine_label, 2, 0)
        comparison_layout.addWidget(self.only_shown_label, 3, 0)
        comparison_layout.addWidget(self.unfilled_label, 4, 0)
        comparison_layout.addWidget(self.status_label, 5, 0)
        comparison_layout.setRowStretch(6, 1)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.picks_box)
        right.addWidget(self.comparison_box)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 0)
        right.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.people_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([430, 650])
        self.people_box.setMinimumWidth(320)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveOwnBoardButton")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self._fill_people()
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.department_combo.currentIndexChanged.connect(self._apply_filter)
        self.people_list.itemChanged.connect(self._item_changed)
        self.retranslate_ui()
        self._show_result()
        self.resize(1100, 700)

    # -- public --------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(_("Compare a board of my own"))
        self.filter_edit.setPlaceholderText(_("Filter by name or department…"))
        self.department_combo.setItemText(0, _("All departments"))
        self.people_box.setTitle(_("Pick the members"))
        self.picks_box.setTitle(_("Your board"))
        self.comparison_box.setTitle(_("Comparison"))
        self.picks_table.setHorizontalHeaderLabels([_("Name"), _("Department"), _("Seat")])
        self.comparison_table.setHorizontalHeaderLabels([
            self._reference_title(), _("Your board")])
        labels = [_("Reach"), _("2-step reach")]
        labels += [role_label(role) for role in domain.ROLES]
        labels.append(_("Departments covered"))
        self.comparison_table.setVerticalHeaderLabels(labels)
        self.comparison_table.verticalHeaderItem(REACH_ROW).setToolTip(
            _("Share of all people on the board or directly tied to a member."))
        self.comparison_table.verticalHeaderItem(REACH2_ROW).setToolTip(
            _("Share of all people within two steps of a member."))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.save_button.setText(_("&Save as a board version"))
        self.save_button.setToolTip(_("Save your board as a new version of the change "
                                      "board, with reasons for every member."))
        for row in range(self.picks_table.rowCount()):
            combo = self.picks_table.cellWidget(row, 2)
            if isinstance(combo, QComboBox):
                for index, role in enumerate((None, *domain.ROLES)):
                    combo.setItemText(index, _("Automatic") if role is None
                                      else role_label(role))
        self._show_picked_count()
        self._show_result()

    def set_picked(self, ids: Sequence[str]) -> None:
        """Tick exactly ``ids`` (in that order) in the list of people."""
        self.people_list.blockSignals(True)
        wanted = set(ids)
        for row in range(self.people_list.count()):
            item = self.people_list.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(PERSON_ID) in wanted
                               else Qt.CheckState.Unchecked)
        self.people_list.blockSignals(False)
        self.picked = [i for i in dict.fromkeys(ids) if i in self.people]
        self._fill_picks()
        self._schedule()

    def set_role(self, person_id: str, role: str | None) -> None:
        """Choose the seat of a picked person (``None``: automatic)."""
        row = self.picked.index(person_id)
        combo = self.picks_table.cellWidget(row, 2)
        combo.setCurrentIndex(0 if role is None else 1 + domain.ROLES.index(role))

    def roles(self) -> dict[str, str]:
        """The seats chosen by hand."""
        result = {}
        for row, pid in enumerate(self.picked):
            combo = self.picks_table.cellWidget(row, 2)
            if isinstance(combo, QComboBox) and combo.currentData():
                result[pid] = combo.currentData()
        return result

    @property
    def up_to_date(self) -> bool:
        """Whether the comparison shown belongs to the current picks and seats."""
        return self.proposal is not None and self._evaluated_key == self._key()

    def evaluate(self) -> None:
        """Evaluate the picks now: at once on small plans, else on a worker."""
        self._timer.stop()
        plan = self.context.plan
        self._generation += 1
        generation = self._generation
        key = self._key()
        if plan is None or not self.picked:
            self.proposal, self.comparison, self._evaluated_key = None, None, None
            self._show_result()
            return
        reference = None if self.reference is None else [
            (seat.person_id, seat.role) for seat in self.reference.seats]
        if len(self.people) < BACKGROUND_FROM:
            if self._snapshot is None:
                self._snapshot = plans.snapshot(plan, skills=False)
            try:
                result = evaluate_pair(self._snapshot, list(key[0]), dict(key[1]), reference)
            except UserError as error:
                self._failed(generation, str(error), True)
                return
            self._evaluated(generation, key, result)
            return
        self.status_label.setText(_("Evaluating your board…"))
        self.save_button.setEnabled(False)
        if self._task is not None:
            self._task.cancel()
        self._task = self.context.runner.start(
            evaluate_task, plan, list(key[0]), dict(key[1]), reference, isolate=True,
            on_finished=lambda result: self._evaluated(generation, key, result),
            on_failed=lambda message, user: self._failed(generation, message, user))

    def save(self) -> int | None:
        """Save the evaluated board as a new board version; returns its id."""
        plan = self.context.plan
        if plan is None or not self.up_to_date:
            return None
        name = ngettext("My board ({n} seat)", "My board ({n} seats)",
                        self.proposal.size).format(n=self.proposal.size)
        try:
            board_id = board_service.save_proposal(plan, self.proposal, name=name)
        except UserError as error:
            self.status_label.setText(str(error))
            return None
        self.saved_board_id = board_id
        self.context.status_message.emit(
            _("Your board was saved as the version “{name}”.").format(name=name))
        self.saved.emit(board_id)
        self.context.data_changed.emit("board")
        self.accept()
        return board_id

    # -- internals -----------------------------------------------------------------

    def _reference_title(self) -> str:
        return _("Board shown")

    def _key(self) -> tuple:
        roles = self.roles()
        return tuple(self.picked), tuple(sorted(roles.items()))

    def _fill_people(self) -> None:
        departments = sorted({p.department for p in self.people.values()})
        self.department_combo.addItem("", None)
        for department in departments:
            self.department_combo.addItem(department or _("no department"), department)
        people = sorted(self.people.values(), key=lambda p: (p.name.casefold(), p.id))
        for person in people:
            text = (_("{name} – {department}").format(name=person.name,
                                                      department=person.department)
                    if person.department else person.name)
            item = QListWidgetItem(text)
            item.setData(PERSON_ID, person.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people_list.addItem(item)

    def _apply_filter(self, *_args) -> None:
        text = self.filter_edit.text().strip().casefold()
        department = self.department_combo.currentData()
        for row in range(self.people_list.count()):
            item = self.people_list.item(row)
            person = self.people[item.data(PERSON_ID)]
            shown = ((department is None or person.department == department)
                     and (not text or text in person.name.casefold()
                          or text in person.department.casefold()
                          or text in person.id.casefold()))
            item.setHidden(not shown)

    def _item_changed(self, item: QListWidgetItem) -> None:
        pid = item.data(PERSON_ID)
        if item.checkState() == Qt.CheckState.Checked:
            if pid not in self.picked:
                self.picked.append(pid)
        elif pid in self.picked:
            self.picked.remove(pid)
        self._fill_picks()
        self._schedule()

    def _fill_picks(self) -> None:
        previous = self.roles()
        self.picks_table.setRowCount(len(self.picked))
        for row, pid in enumerate(self.picked):
            person = self.people[pid]
            self.picks_table.setItem(row, 0, QTableWidgetItem(person.name))
            self.picks_table.setItem(row, 1, QTableWidgetItem(person.department))
            combo = QComboBox()
            combo.addItem(_("Automatic"), None)
            for role in domain.ROLES:
                combo.addItem(role_label(role), role)
            if pid in previous:
                combo.setCurrentIndex(1 + domain.ROLES.index(previous[pid]))
            combo.currentIndexChanged.connect(self._schedule)
            self.picks_table.setCellWidget(row, 2, combo)
        self._show_picked_count()

    def _show_picked_count(self) -> None:
        self.picked_label.setText(ngettext("{n} person picked", "{n} people picked",
                                           len(self.picked)).format(n=len(self.picked)))

    def _schedule(self, *_args) -> None:
        self.save_button.setEnabled(False)
        self._timer.start()

    def _evaluated(self, generation: int, key: tuple,
                   result: tuple[BoardProposal, BoardComparison | None]) -> None:
        if generation != self._generation:
            return
        self._task = None
        self.proposal, self.comparison = result
        self._evaluated_key = key
        self._show_result()

    def _failed(self, generation: int, message: str, _user_error: bool) -> None:
        if generation != self._generation:
            return
        self._task = None
        self.proposal, self.comparison, self._evaluated_key = None, None, None
        self._show_result()
        self.status_label.setText(message)

    def _set(self, row: int, column: int, text: str, tooltip: str = "") -> None:
        item = self.comparison_table.item(row, column)
        item.setText(text)
        item.setToolTip(tooltip)

    def _show_result(self) -> None:
        proposal, comparison = self.proposal, self.comparison
        # The seat chosen automatically shows in the "Automatic" entry.
        if proposal is not None:
            chosen = {m.id: m.role for m in proposal.members}
            for row, pid in enumerate(self.picked):
                combo = self.picks_table.cellWidget(row, 2)
                if isinstance(combo, QComboBox) and pid in chosen:
                    combo.setItemText(0, _("Automatic: {role}").format(
                        role=role_label(chosen[pid])))
                    combo.setToolTip(next(m.reasons for m in proposal.members if m.id == pid))
        self.comparison_table.setHorizontalHeaderLabels([self._reference_title(),
                                                         _("Your board")])
        self.reference_label.setText(
            _("Board shown: {name}").format(name=self.reference.name)
            if self.reference is not None else
            _("No board is shown on the page yet, so your board is evaluated alone."))
        columns = []
        if comparison is not None:
            columns = [(SHOWN_COLUMN, 0), (MINE_COLUMN, 1)]
        for row in range(DEPARTMENTS_ROW + 1):
            for column in (SHOWN_COLUMN, MINE_COLUMN):
                self._set(row, column, "–")
        if comparison is not None:
            for column, side in columns:
                self._set(REACH_ROW, column, percent(comparison.reach[side]))
                self._set(REACH2_ROW, column, percent(comparison.reach_2step[side]))
                for role, row in SEAT_ROWS.items():
                    self._set(row, column, str(comparison.seats[side][role]))
                departments = comparison.departments[side]
                self._set(DEPARTMENTS_ROW, column, str(len(departments)), "\n".join(
                    f"{name or _('no department')}: {count}"
                    for name, count in departments.items()))
        elif proposal is not None:
            self._set(REACH_ROW, MINE_COLUMN, percent(proposal.reach))
            self._set(REACH2_ROW, MINE_COLUMN, percent(proposal.reach_2step))
            roles = [m.role for m in proposal.members]
            for role, row in SEAT_ROWS.items():
                self._set(row, MINE_COLUMN, str(roles.count(role)))
            self._set(DEPARTMENTS_ROW, MINE_COLUMN,
                      str(len({m.department for m in proposal.members})))
        if comparison is not None:
            self.only_mine_label.setText(_("Only on your board: {names}").format(
                names=self._names(comparison.only_in_b)))
            self.only_shown_label.setText(_("Only on the board shown: {names}").format(
                names=self._names(comparison.only_in_a)))
        else:
            self.only_mine_label.setText("")
            self.only_shown_label.setText("")
        if proposal is not None and proposal.unfilled:
            self.unfilled_label.setText(_("Seats your board leaves open: {roles}").format(
                roles=", ".join(role_label(role) for role, _reason in proposal.unfilled)))
            self.unfilled_label.setToolTip("\n".join(
                f"{role_label(role)}: {reason}" for role, reason in proposal.unfilled))
        else:
            self.unfilled_label.setText("")
        if not self.picked:
            self.status_label.setText(_("Tick people on the left to build your board."))
        elif proposal is not None:
            self.status_label.setText("")
        self.save_button.setEnabled(self.up_to_date)

    def _names(self, ids: Sequence[str]) -> str:
        if not ids:
            return _("nobody")
        return ", ".join(self.people[i].name if i in self.people else i for i in ids)
