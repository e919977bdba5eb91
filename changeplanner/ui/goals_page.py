"""The Goals page: customer-service goals, the measures that serve them, and the check
whether employees name the same goals.

"Ask five employees about the service goals and you get five answers": define the
strategic goals first, derive measures (technical, organisational, process, people) and
score how much each measure serves each goal. Three tabs:

* **Goals and measures** — two sortable tables; add (Ins or Ctrl+N), edit (F2, Enter or a
  double-click) and delete (Delete) in the focused table through a small dialog.
* **Impact matrix** — measures × goals scored -2..+3 (:mod:`changeplanner.ui.impact_matrix`)
  with totals and flags: goals no measure serves, measures serving no goal, harmful scores.
* **Alignment check** — what employees answered to "what are our service goals?",
  compared with the official goals (:func:`changeplanner.analysis.goals.alignment`).

Every change is an undoable command of :mod:`changeplanner.ui.record_commands`; the page
reloads on ``data_changed("goals")`` (and ``"all"``), and only when it is shown.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis import goals as goal_analysis
from changeplanner.i18n import N_, _, ngettext
from changeplanner.services import records
from changeplanner.ui.context import AppContext
from changeplanner.ui.impact_matrix import (
    FLAG_TEXT,
    FLAG_TINT,
    GOAL_ID_ROLE,
    MEASURE_ID_ROLE,
    SCORE_COLORS,
    SCORES,
    ImpactMatrixModel,
    ImpactMatrixView,
    format_score,
)
from changeplanner.ui.page import Page
from changeplanner.ui.record_commands import AddRecord, DeleteRecord, SetImpact, UpdateRecord
from changeplanner.ui.skills_common import ROW_ROLE, Column, RowTableModel, TextFilterProxy

#: Measures in these statuses still work on a goal (the others are done with or dropped).
_OPEN_STATUSES = ("planned", "in_progress")


# -- small helpers -------------------------------------------------------------------------

def priority_label(priority: int) -> str:
    """The translated priority ("high", "medium", "low")."""
    return _(domain.GOAL_PRIORITY_LABELS.get(priority, str(priority)))


def kind_label(kind: str) -> str:
    """The translated kind of a measure."""
    return _(domain.MEASURE_KIND_LABELS.get(kind, kind))


def status_label(status: str) -> str:
    """The translated status of a measure."""
    return _(domain.MEASURE_STATUS_LABELS.get(status, status))


def is_overdue(measure: domain.Measure, today: date | None = None) -> bool:
    """Whether an open measure's due date has passed."""
    if not measure.due or measure.status not in _OPEN_STATUSES:
        return False
    try:
        return date.fromisoformat(measure.due) < (today or date.today())
    except ValueError:
        return False


def percent_text(share: float | None) -> str:
    """A share 0..1 as a whole percentage, "—" when there is none."""
    if share is None:
        return "—"
    return _("{percent} %").format(percent=round(share * 100))


#: Parsed lines the paste dialog shows before OK.
_PREVIEW_ROWS = 4
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_LABELLED = re.compile(r"^([^:]{1,40}):\s+(\S.*)$")
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,3}[.)])\s+")
_HEADER_WORDS = {"respondent", "name", "employee", "date", "text", "statement", "answer",
                 "befragte", "befragter", "mitarbeiter", "mitarbeiterin", "datum", "aussage",
                 "antwort"}


def iso_date(text: str) -> str | None:
    """``text`` as an ISO date (accepts 2024-03-01 and 1.3.2024), ``None`` if it is none."""
    text = text.strip()
    match = _GERMAN_DATE.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def parse_statements(text: str) -> list[tuple[str, str, str]]:
    """Statements pasted as lines: ``(respondent, ISO date or "", text)`` per line.

    A line is one statement. Cells copied from a spreadsheet (tab-separated) are read as
    respondent and text, or respondent, date and text; "Anna: faster answers" names the
    respondent before a colon; bullets and numbers in front are dropped. A header row of
    a spreadsheet (Respondent, Date, Text, ...) is skipped.
    """
    rows: list[tuple[str, str, str]] = []
    for number, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line:
            continue
        if "\t" in line:
            cells = [cell.strip() for cell in line.split("\t")]
            cells = [cell for cell in cells if cell]
            if number == 0 and cells and all(c.casefold().rstrip(":") in _HEADER_WORDS
                                              for c in cells):
                continue
            if len(cells) >= 3 and iso_date(cells[1]) is not None:
                rows.append((cells[0], iso_date(cells[1]) or "", " ".join(cells[2:])))
            elif len(cells) >= 2:
                rows.append((cells[0], "", " ".join(cells[1:])))
            elif cells:
                rows.append(("", "", cells[0]))
            continue
        line = _BULLET.sub("", line)
        match = _LABELLED.match(line)
        if match and len(match.group(1).split()) <= 4:
            rows.append((match.group(1).strip(), "", match.group(2).strip()))
        else:
            rows.append(("", "", line))
    return rows


# -- tables of records ---------------------------------------------------------------------

class RecordTableView(QTableView):
    """A read-only table of records with the page's keys, and a hint when it is empty.

    Ins or Ctrl+N adds, F2 or Enter (or a double-click) edits, Delete deletes, and
    Ctrl+V pastes where the section allows it. The keys are claimed before window
    shortcuts (Ctrl+N would otherwise make a new plan) while the table has the focus.

    Signals:
        add_requested(): add a record.
        edit_requested(): edit the current record.
        delete_requested(): delete the selected records.
        paste_requested(): paste records from the clipboard.
    """

    add_requested = Signal()
    edit_requested = Signal()
    delete_requested = Signal()
    paste_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Shown in the empty table.
        self.placeholder = ""
        self.paste_enabled = False
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def _action_of(self, event: QKeyEvent) -> Signal | None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if (plain and key == Qt.Key.Key_Insert) or event.matches(QKeySequence.StandardKey.New):
            return self.add_requested
        if plain and key in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.edit_requested
        if plain and key == Qt.Key.Key_Delete:
            return self.delete_requested
        if self.paste_enabled and event.matches(QKeySequence.StandardKey.Paste):
            return self.paste_requested
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._action_of(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        signal = self._action_of(event)
        if signal is None:
            super().keyPressEvent(event)
            return
        if signal is self.add_requested or signal is self.paste_requested \
                or self.currentIndex().isValid() or self.selectionModel().hasSelection():
            signal.emit()
        event.accept()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.placeholder and model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(24, 16, -24, -16)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                       | Qt.TextFlag.TextWordWrap), self.placeholder)
            painter.end()


class RecordSection(QWidget):
    """A titled table of records (anything with an ``id``) with Add, Edit and Delete
    buttons, a count and room for filters. It keeps the selection across reloads.

    Signals:
        add_requested(): the user wants a new record.
        edit_requested(int): the user wants to edit the record with this id.
        delete_requested(list): the user wants to delete the records with these ids.
        paste_requested(): the user pasted into the table (only if ``paste`` was set).
    """

    add_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(list)
    paste_requested = Signal()

    def __init__(self, name: str, columns: Sequence[Column], count_text: Callable[[int, int], str],
                 *, stretch: int, widths: dict[int, tuple[int, int]] | None = None,
                 proxy: TextFilterProxy | None = None, paste: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_section")
        self._count_text = count_text
        self._stretch = stretch
        self._widths = widths or {}
        self.model = RowTableModel(columns, self)
        self.proxy = proxy if proxy is not None else TextFilterProxy(self)
        self.proxy.setParent(self)
        self.proxy.setSourceModel(self.model)

        self.title_label = QLabel(self)
        self.title_label.setObjectName(f"{name}_title")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.count_label = QLabel(self)
        self.count_label.setObjectName(f"{name}_count")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName(f"{name}_add")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName(f"{name}_edit")
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName(f"{name}_delete")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self._delete)

        self.table = RecordTableView(self)
        self.table.setObjectName(f"{name}_table")
        self.table.paste_enabled = paste
        self.table.setModel(self.proxy)
        self.table.add_requested.connect(self.add_requested)
        self.table.edit_requested.connect(self._edit)
        self.table.delete_requested.connect(self._delete)
        self.table.paste_requested.connect(self.paste_requested)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        #: Filters and extra buttons go here (left of the count).
        self.bar = QHBoxLayout()
        self.bar.addWidget(self.title_label)
        self.bar.addSpacing(12)
        self._extra_at = self.bar.count()
        self.bar.addStretch(1)
        self.bar.addWidget(self.count_label)
        self.bar.addSpacing(12)
        self.bar.addWidget(self.add_button)
        self.bar.addWidget(self.edit_button)
        self.bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.table, 1)
        self._update_buttons()

    def add_bar_widget(self, widget: QWidget) -> None:
        """Put a filter or button into the bar, after the title."""
        self.bar.insertWidget(self._extra_at, widget)
        self._extra_at += 1

    def set_texts(self, title: str, placeholder: str, add_tip: str, edit_tip: str) -> None:
        """Set the title, the empty-table hint, the button texts and their tooltips."""
        self.title_label.setText(title)
        self.table.placeholder = placeholder
        self.table.viewport().update()
        self.add_button.setText(_("Add…"))
        self.add_button.setToolTip(add_tip)
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(edit_tip)
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected rows (Delete); Ctrl+Z undoes"))
        self.model.retranslate()
        self._update_count()

    # -- rows --------------------------------------------------------------------------

    def set_records(self, rows: Sequence[Any]) -> None:
        """Show ``rows``; the rows selected before stay selected if they still exist."""
        selected = self.selected_ids()
        current = self.current_id()
        self.model.set_rows(rows)
        self.select_ids(selected, current=current, scroll=False)
        self._resize()
        self._update_buttons()

    def rows(self) -> list[Any]:
        """The rows of the table, in model order."""
        return self.model.rows

    def current_id(self) -> int | None:
        """The id of the current row (``None`` when there is none)."""
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else None

    def selected_ids(self) -> list[int]:
        """The ids of the selected rows, in the order shown."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=QModelIndex.row)
        return [index.data(ROW_ROLE).id for index in rows]

    def select_ids(self, ids: Sequence[int], *, current: int | None = None,
                   scroll: bool = True) -> None:
        """Select the rows of ``ids`` (``current``, or the first of them, becomes current)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        wanted = set(ids)
        current = current if current in wanted else (ids[0] if ids else None)
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            record_id = index.data(ROW_ROLE).id
            if record_id in wanted:
                selection.select(index, flags)
            if record_id == current:
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                if scroll:
                    self.table.scrollTo(index)

    def _edit(self) -> None:
        record_id = self.current_id()
        if record_id is None and self.selected_ids():
            record_id = self.selected_ids()[0]
        if record_id is not None:
            self.edit_requested.emit(record_id)

    def _delete(self) -> None:
        ids = self.selected_ids()
        if not ids and self.current_id() is not None:
            ids = [self.current_id()]
        if ids:
            self.delete_requested.emit(ids)

    def _update_buttons(self, *_args: Any) -> None:
        has = self.table.selectionModel().hasSelection()
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _update_count(self, *_args: Any) -> None:
        self.count_label.setText(self._count_text(self.model.rowCount(),
                                                  self.proxy.rowCount()))

    def _resize(self) -> None:
        # Every column as wide as its content (within limits); the long text column takes
        # the room that is left, so the table never needs a horizontal scroll bar.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if column != self._stretch:
                low, high = self._widths.get(column, (70, 240))
                header.resizeSection(column, min(max(header.sectionSize(column), low), high))
        header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Stretch)


class MeasureFilterProxy(TextFilterProxy):
    """Shows the measures of one status and/or kind (``None``: any)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._kind: str | None = None

    def set_filter(self, status: str | None, kind: str | None) -> None:
        """Show only measures in ``status`` and of ``kind`` (``None`` means any)."""
        self.beginFilterChange()
        self._status, self._kind = status, kind
        self.endFilterChange(TextFilterProxy.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        measure = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if measure is None:
            return False
        if self._status is not None and measure.status != self._status:
            return False
        if self._kind is not None and measure.kind != self._kind:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


@dataclasses.dataclass(frozen=True)
class StatementRow:
    """A statement with the result of the alignment check for it."""

    id: int
    statement: domain.GoalStatement
    goals: tuple[str, ...]        # titles of the goals it matches, best first
    score: float | None           # alignment with the official goals, 0..1
    agreement: float | None       # mean similarity with the other statements, 0..1


# -- dialogs -------------------------------------------------------------------------------

def _date_row(parent: QWidget, name: str) -> tuple[QCheckBox, QDateEdit, QWidget]:
    """A check box that switches an optional date on, and the date edit next to it."""
    check = QCheckBox(parent)
    check.setObjectName(f"{name}_check")
    edit = QDateEdit(parent)
    edit.setObjectName(f"{name}_edit")
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate())
    edit.setEnabled(False)
    check.toggled.connect(edit.setEnabled)
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(check)
    row.addWidget(edit, 1)
    return check, edit, box


def _set_date(check: QCheckBox, edit: QDateEdit, iso: str) -> None:
    parsed = QDate.fromString(iso, "yyyy-MM-dd") if iso else QDate()
    check.setChecked(parsed.isValid())
    if parsed.isValid():
        edit.setDate(parsed)


def _get_date(check: QCheckBox, edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd") if check.isChecked() else ""


class _RecordDialog(QDialog):
    """Base of the small edit dialogs: a form, OK only while the required field is filled."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    @property
    def ok_button(self) -> QPushButton:
        """The OK button (off while a required field is empty)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _require(self, get_text: Callable[[], str]) -> None:
        self.ok_button.setEnabled(bool(get_text().strip()))

    def accept(self) -> None:
        if self.ok_button.isEnabled():
            super().accept()


class GoalDialog(_RecordDialog):
    """Title, priority and description of a goal."""

    def __init__(self, goal: domain.Goal | None, parent: QWidget | None = None) -> None:
        super().__init__(_("New goal") if goal is None else _("Edit goal"), parent)
        self.setObjectName("goal_dialog")
        self._goal = goal or domain.Goal(0, "")
        self.title_edit = QLineEdit(self._goal.title, self)
        self.title_edit.setObjectName("goal_title_edit")
        self.title_edit.setPlaceholderText(_("e.g. Resolve the customer's concern at first "
                                             "contact"))
        self.priority_combo = QComboBox(self)
        self.priority_combo.setObjectName("goal_priority_combo")
        for priority in domain.GOAL_PRIORITIES:
            self.priority_combo.addItem(priority_label(priority), priority)
        self.priority_combo.setCurrentIndex(max(0, self.priority_combo.findData(
            self._goal.priority)))
        self.description_edit = QPlainTextEdit(self._goal.description, self)
        self.description_edit.setObjectName("goal_description_edit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 5)
        self.form.addRow(_("Goal:"), self.title_edit)
        self.form.addRow(_("Priority:"), self.priority_combo)
        self.form.addRow(_("Description:"), self.description_edit)
        self.title_edit.textChanged.connect(lambda: self._require(self.title_edit.text))
        self._require(self.title_edit.text)

    def record(self) -> domain.Goal:
        """The goal as entered (id 0 for a new one)."""
        return dataclasses.replace(self._goal, title=self.title_edit.text().strip(),
                                   priority=self.priority_combo.currentData(),
                                   description=self.description_edit.toPlainText().strip())


class MeasureDialog(_RecordDialog):
    """Title, kind, owner, due date and status of a measure."""

    def __init__(self, measure: domain.Measure | None, owners: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(_("New measure") if measure is None else _("Edit measure"), parent)
        self.setObjectName("measure_dialog")
        self._measure = measure or domain.Measure(0, "")
        self.title_edit = QLineEdit(self._measure.title, self)
        self.title_edit.setObjectName("measure_title_edit")
        self.title_edit.setPlaceholderText(_("e.g. One shared ticket queue for 1st and 2nd "
                                             "level"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("measure_kind_combo")
        for kind in domain.MEASURE_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(self._measure.kind)))
        self.owner_edit = QLineEdit(self._measure.owner, self)
        self.owner_edit.setObjectName("measure_owner_edit")
        completer = QCompleter(sorted(set(owners), key=str.casefold), self.owner_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner_edit.setCompleter(completer)
        self.due_check, self.due_edit, due_box = _date_row(self, "measure_due")
        _set_date(self.due_check, self.due_edit, self._measure.due)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("measure_status_combo")
        for status in domain.MEASURE_STATUSES:
            self.status_combo.addItem(status_label(status), status)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(
            self._measure.status)))
        self.form.addRow(_("Measure:"), self.title_edit)
        self.form.addRow(_("Kind:"), self.kind_combo)
        self.form.addRow(_("Owner:"), self.owner_edit)
        self.form.addRow(_("Due:"), due_box)
        self.form.addRow(_("Status:"), self.status_combo)
        self.due_check.setText(_("has a due date"))
        self.title_edit.textChanged.connect(lambda: self._require(self.title_edit.text))
        self._require(self.title_edit.text)

    def record(self) -> domain.Measure:
        """The measure as entered (id 0 for a new one)."""
        return dataclasses.replace(self._measure, title=self.title_edit.text().strip(),
                                   kind=self.kind_combo.currentData(),
                                   owner=self.owner_edit.text().strip(),
                                   due=_get_date(self.due_check, self.due_edit),
                                   status=self.status_combo.currentData())


class StatementDialog(_RecordDialog):
    """Who answered, when, and what they named as the service goals."""

    def __init__(self, statement: domain.GoalStatement | None, respondents: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(_("New statement") if statement is None else _("Edit statement"),
                         parent)
        self.setObjectName("statement_dialog")
        self._statement = statement or domain.GoalStatement(0, "", "", date.today().isoformat())
        self.respondent_edit = QLineEdit(self._statement.respondent, self)
        self.respondent_edit.setObjectName("statement_respondent_edit")
        self.respondent_edit.setPlaceholderText(_("Name, or an anonymous label such as "
                                                  "“Agent 3”"))
        completer = QCompleter(sorted(set(respondents), key=str.casefold), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.respondent_edit.setCompleter(completer)
        self.date_check, self.date_edit, date_box = _date_row(self, "statement_date")
        _set_date(self.date_check, self.date_edit, self._statement.date)
        self.date_check.setText(_("dated"))
        self.text_edit = QPlainTextEdit(self._statement.text, self)
        self.text_edit.setObjectName("statement_text_edit")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(_("What are our service goals? — the answer in the "
                                            "employee's own words"))
        self.text_edit.setFixedHeight(self.fontMetrics().height() * 6)
        self.form.addRow(_("Respondent:"), self.respondent_edit)
        self.form.addRow(_("Date:"), date_box)
        self.form.addRow(_("Statement:"), self.text_edit)
        self.text_edit.textChanged.connect(lambda: self._require(self.text_edit.toPlainText))
        self._require(self.text_edit.toPlainText)

    def record(self) -> domain.GoalStatement:
        """The statement as entered (id 0 for a new one)."""
        return dataclasses.replace(self._statement,
                                   respondent=self.respondent_edit.text().strip(),
                                   date=_get_date(self.date_check, self.date_edit),
                                   text=self.text_edit.toPlainText().strip())


class PasteStatementsDialog(_RecordDialog):
    """Several statements at once, one per line (see :func:`parse_statements`)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Add several statements"), parent)
        self.setObjectName("paste_statements_dialog")
        self.setMinimumWidth(620)
        self.hint_label = QLabel(_(
            "One statement per line. “Name: text” or cells copied from a spreadsheet "
            "(respondent, text or respondent, date, text) also record who said it."), self)
        self.hint_label.setWordWrap(True)
        self.text_edit = QPlainTextEdit(text, self)
        self.text_edit.setObjectName("paste_text_edit")
        self.text_edit.setMinimumHeight(self.fontMetrics().height() * 12)
        self.date_check, self.date_edit, date_box = _date_row(self, "paste_date")
        self.date_check.setChecked(True)
        self.date_check.setText(_("dated (when no date is given in the line)"))
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("paste_preview")
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        self.form.addRow(self.hint_label)
        self.form.addRow(self.text_edit)
        self.form.addRow(_("Date:"), date_box)
        self.form.addRow(self.preview_label)
        self.text_edit.textChanged.connect(self._update_preview)
        self._update_preview()

    def _update_preview(self) -> None:
        rows = parse_statements(self.text_edit.toPlainText())
        count = len(rows)
        lines = [html.escape(ngettext("{n} statement will be added.",
                                      "{n} statements will be added.", count).format(n=count))]
        for respondent, day, text in rows[:_PREVIEW_ROWS]:
            who = " · ".join(part for part in (respondent, day) if part)
            lines.append(f"<small><b>{html.escape(who or _('(no name)'))}</b>: "
                         f"{html.escape(text[:90])}</small>")
        if count > _PREVIEW_ROWS:
            lines.append("<small>…</small>")
        self.preview_label.setText("<br>".join(lines))
        self.ok_button.setEnabled(count > 0)

    def preview_count(self) -> int:
        """How many statements OK would add."""
        return len(parse_statements(self.text_edit.toPlainText()))

    def statements(self, first_number: int) -> list[domain.GoalStatement]:
        """The statements as entered; an unnamed one becomes "Employee {n}", numbered
        from ``first_number`` in the order pasted."""
        default_date = _get_date(self.date_check, self.date_edit)
        result = []
        for number, (respondent, day, text) in enumerate(
                parse_statements(self.text_edit.toPlainText()), start=first_number):
            if not respondent:
                respondent = _("Employee {n}").format(n=number)
            result.append(domain.GoalStatement(0, respondent, text, day or default_date))
        return result


# -- the page ------------------------------------------------------------------------------

class GoalsPage(Page):
    """Goals, measures, their impact matrix and the goal-alignment check, all editable with
    undo (see the module docstring)."""

    key = "goals"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._stale = False
        self._goals: list[domain.Goal] = []
        self._measures: list[domain.Measure] = []
        self._impacts: list[domain.Impact] = []
        self._statements: list[domain.GoalStatement] = []
        self._table: goal_analysis.ImpactTable | None = None
        self._alignment: goal_analysis.Alignment | None = None
        #: The open add/edit dialog (``None`` when none is open).
        self.dialog: QDialog | None = None

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("goals_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_records_tab(), "")
        self.tabs.addTab(self._build_matrix_tab(), "")
        self.tabs.addTab(self._build_alignment_tab(), "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.retranslate_ui()
        self.reload("all")

    # -- building ----------------------------------------------------------------------

    def _build_records_tab(self) -> QWidget:
        goal_columns = [
            Column(N_("Goal"), lambda g: g.title),
            Column(N_("Priority"), lambda g: priority_label(g.priority),
                   sort=lambda g: g.priority),
            Column(N_("Served by"), self._served_by_text, sort=self._served_by,
                   tooltip=self._served_tooltip, background=self._goal_flag_color,
                   align_right=True),
            Column(N_("Description"), lambda g: " ".join(g.description.split()),
                   tooltip=lambda g: g.description or None),
        ]
        self.goals_section = RecordSection(
            "goals", goal_columns, lambda total, _shown: ngettext(
                "{n} goal", "{n} goals", total).format(n=total), stretch=3,
            widths={0: (180, 360)})
        self.goals_section.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.goals_section.add_requested.connect(self.add_goal)
        self.goals_section.edit_requested.connect(self.edit_goal)
        self.goals_section.delete_requested.connect(self.delete_goals)

        measure_columns = [
            Column(N_("Measure"), lambda m: m.title),
            Column(N_("Kind"), lambda m: kind_label(m.kind),
                   sort=lambda m: domain.MEASURE_KINDS.index(m.kind)
                   if m.kind in domain.MEASURE_KINDS else 99),
            Column(N_("Owner"), lambda m: m.owner or None, sort=lambda m: m.owner),
            Column(N_("Due"), lambda m: m.due or None, sort=lambda m: m.due or "9999",
                   background=self._due_color,
                   tooltip=self._due_tooltip),
            Column(N_("Status"), lambda m: status_label(m.status),
                   sort=lambda m: domain.MEASURE_STATUSES.index(m.status)
                   if m.status in domain.MEASURE_STATUSES else 99),
            Column(N_("Goals served"), self._serves_text, sort=self._serves,
                   tooltip=self._serves_tooltip, background=self._measure_flag_color,
                   align_right=True),
        ]
        self.measure_proxy = MeasureFilterProxy()
        self.measures_section = RecordSection(
            "measures", measure_columns, self._measure_count_text, stretch=0,
            proxy=self.measure_proxy)
        self.measures_section.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("measures_status_filter")
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("measures_kind_filter")
        for combo in (self.status_filter, self.kind_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._measure_filter_changed)
            self.measures_section.add_bar_widget(combo)
        self.measures_section.add_requested.connect(self.add_measure)
        self.measures_section.edit_requested.connect(self.edit_measure)
        self.measures_section.delete_requested.connect(self.delete_measures)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("goals_splitter")
        splitter.addWidget(self.goals_section)
        splitter.addWidget(self.measures_section)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 400])
        return splitter

    def _build_matrix_tab(self) -> QWidget:
        self.matrix_help = QLabel(self)
        self.matrix_help.setObjectName("matrix_help")
        self.matrix_help.setWordWrap(True)
        self.matrix_model = ImpactMatrixModel(self)
        self.matrix_model.set_edit_handler(self._set_impact)
        self.matrix_view = ImpactMatrixView(self)
        self.matrix_view.setObjectName("impact_matrix")
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.score_typed.connect(self.set_selected_scores)
        self.matrix_empty = QLabel(self)
        self.matrix_empty.setObjectName("matrix_empty")
        self.matrix_empty.setWordWrap(True)
        self.matrix_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.matrix_empty.setMargin(40)
        self.matrix_stack = QStackedWidget(self)
        self.matrix_stack.addWidget(self.matrix_view)
        self.matrix_stack.addWidget(self.matrix_empty)

        self.legend_label = QLabel(self)
        self.legend_label.setObjectName("matrix_legend")
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.flags_label = QLabel(self)
        self.flags_label.setObjectName("matrix_flags")
        self.flags_label.setWordWrap(True)
        self.flags_label.setTextFormat(Qt.TextFormat.RichText)
        self.flags_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.flags_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.flags_label.linkActivated.connect(self.show_flag)
        flags_scroll = QScrollArea(self)
        flags_scroll.setWidgetResizable(True)
        flags_scroll.setFrameShape(QFrame.Shape.NoFrame)
        flags_scroll.setWidget(self.flags_label)

        lower = self.matrix_lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.legend_label)
        lower_layout.addWidget(flags_scroll, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("matrix_splitter")
        splitter.addWidget(self.matrix_stack)
        splitter.addWidget(lower)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 200])

        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.addWidget(self.matrix_help)
        layout.addWidget(splitter, 1)
        return box

    def _build_alignment_tab(self) -> QWidget:
        columns = [
            Column(N_("Respondent"), lambda r: r.statement.respondent),
            Column(N_("Date"), lambda r: r.statement.date or None,
                   sort=lambda r: r.statement.date or "9999"),
            Column(N_("Statement"), lambda r: " ".join(r.statement.text.split()),
                   tooltip=lambda r: r.statement.text),
            Column(N_("Matches goals"), lambda r: ", ".join(r.goals) or "—",
                   sort=lambda r: len(r.goals),
                   tooltip=lambda r: "\n".join(r.goals) or _("Matches none of the goals")),
            Column(N_("Alignment"), lambda r: percent_text(r.score),
                   sort=lambda r: -1 if r.score is None else r.score,
                   tooltip=lambda r: _("How well this statement names the official goals"),
                   background=lambda r: _share_color(r.score), align_right=True),
            Column(N_("Agreement"), lambda r: percent_text(r.agreement),
                   sort=lambda r: -1 if r.agreement is None else r.agreement,
                   tooltip=lambda r: _("How far this statement uses the same words as the "
                                       "others"), align_right=True),
        ]
        self.statements_section = RecordSection(
            "statements", columns, lambda total, _shown: ngettext(
                "{n} statement", "{n} statements", total).format(n=total), stretch=2,
            widths={0: (90, 160), 3: (110, 200)}, paste=True)
        self.statements_section.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.paste_button = QPushButton(self)
        self.paste_button.setObjectName("statements_paste")
        self.paste_button.clicked.connect(lambda: self.paste_statements(""))
        self.statements_section.add_bar_widget(self.paste_button)
        self.statements_section.add_requested.connect(self.add_statement)
        self.statements_section.edit_requested.connect(self.edit_statement)
        self.statements_section.delete_requested.connect(self.delete_statements)
        self.statements_section.paste_requested.connect(self._paste_from_clipboard)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("alignment_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary_label.setMargin(8)
        scroll = QScrollArea(self)
        scroll.setObjectName("alignment_summary_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(self.summary_label)
        scroll.setMinimumWidth(300)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("alignment_splitter")
        splitter.addWidget(self.statements_section)
        splitter.addWidget(scroll)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 340])
        return splitter

    # -- Page contract -----------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated navigation entry."""
        return _("Goals")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.tabs.setTabText(0, _("Goals and measures"))
        self.tabs.setTabText(1, _("Impact matrix"))
        self.tabs.setTabText(2, _("Alignment check"))
        self.goals_section.set_texts(_("Goals"), _(
            "No goals yet. Most service organisations lack a defined goal — ask five "
            "employees and you get five answers. Define the strategic goals first "
            "(Ins or Add…), then derive the measures that serve them."),
            _("Add a goal (Ins or Ctrl+N)"), _("Edit the selected goal (F2 or double-click)"))
        self.measures_section.set_texts(_("Measures"), _(
            "No measures yet. Derive technical, organisational, process and people "
            "measures from the goals (Ins or Add…), then score in the impact matrix how "
            "much each one serves each goal."),
            _("Add a measure (Ins or Ctrl+N)"),
            _("Edit the selected measure (F2 or double-click)"))
        self.statements_section.set_texts(_("Statements"), _(
            "No statements yet. Ask at least five employees “What are our service "
            "goals?”, write down each answer in their own words (Ins or Add…, or paste "
            "several lines with Ctrl+V), and compare them here with the official goals."),
            _("Add a statement (Ins or Ctrl+N)"),
            _("Edit the selected statement (F2 or double-click)"))
        self.paste_button.setText(_("Paste several…"))
        self.paste_button.setToolTip(_("Add several statements at once, one per line "
                                       "(Ctrl+V in the table)"))
        self._fill_measure_filters()
        self.matrix_help.setText(_(
            "How much does each measure serve each goal? Type 0–3 to score the selected "
            "cells, − then 1 or 2 for a measure that hurts a goal, Delete to clear; Enter, "
            "F2, a double-click or a right-click offer every score. Ctrl+Z undoes."))
        self.matrix_empty.setText(_(
            "<h3>The impact matrix needs goals and measures</h3>"
            "<p>Add at least one goal and one measure on the <i>Goals and measures</i> "
            "tab. Then score here how much each measure serves each goal: −2 (hurts it) "
            "to +3 (serves it strongly).</p>"))
        self.legend_label.setText(self._legend_html())
        self.matrix_model.retranslate()
        self._show_flags()
        self._show_summary()

    def reload(self, kind: str) -> None:
        """Re-read goals, measures, impacts and statements when they (or the plan) changed."""
        if kind not in ("all", "goals"):
            return
        if not self.isVisible() and self.context.plan is not None:
            # Wait until the page is shown (the main window builds every page up front).
            self._stale = True
            return
        self._stale = False
        plan = self.context.plan
        if plan is None:
            self._goals, self._measures, self._impacts, self._statements = [], [], [], []
        else:
            self._goals = records.list_goals(plan)
            self._measures = records.list_measures(plan)
            self._impacts = records.list_impacts(plan)
            self._statements = records.list_statements(plan)
        self._table = goal_analysis.impact_table(self._goals, self._measures, self._impacts)
        self._alignment = goal_analysis.alignment(self._goals, self._statements)

        self.goals_section.set_records(self._goals)
        self.measures_section.set_records(self._measures)
        self.matrix_model.set_table(self._goals, self._measures, self._table)
        self.matrix_view.fit_columns()  # a title may have changed
        self.matrix_stack.setCurrentIndex(0 if self.matrix_model.rowCount() else 1)
        self.matrix_lower.setVisible(self.matrix_model.rowCount() > 0)
        self.matrix_help.setVisible(self.matrix_model.rowCount() > 0)
        self._show_flags()
        self.statements_section.set_records(self._statement_rows())
        self._show_summary()

    def showEvent(self, event) -> None:
        """Catch up with changes made while the page was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload("all")

    # -- goals and measures: derived columns -------------------------------------------

    def _served_by(self, goal: domain.Goal) -> int:
        return len(self._table.served_by(goal.id)) if self._table is not None else 0

    def _served_by_text(self, goal: domain.Goal) -> str:
        count = self._served_by(goal)
        return ngettext("{n} measure", "{n} measures", count).format(n=count)

    def _unserved_ids(self) -> set[int]:
        return set(self._table.unserved_goals) if self._table is not None else set()

    def _idle_ids(self) -> set[int]:
        return set(self._table.idle_measures) if self._table is not None else set()

    def _served_tooltip(self, goal: domain.Goal) -> str:
        titles = {m.id: m.title for m in self._measures}
        serving = [titles[m] for m in (self._table.served_by(goal.id) if self._table else ())
                   if m in titles]
        if goal.id in self._unserved_ids():
            return _("No active measure serves this goal yet.") + (
                "\n" + "\n".join(serving) if serving else "")
        return "\n".join(serving)

    def _goal_flag_color(self, goal: domain.Goal) -> QColor | None:
        return QColor(FLAG_TINT) if goal.id in self._unserved_ids() else None

    def _serves(self, measure: domain.Measure) -> int:
        table = self._table
        return 0 if table is None else sum(1 for g in self._goals
                                           if table.score(measure.id, g.id) > 0)

    def _serves_text(self, measure: domain.Measure) -> str:
        count = self._serves(measure)
        return ngettext("{n} goal", "{n} goals", count).format(n=count)

    def _serves_tooltip(self, measure: domain.Measure) -> str:
        titles = {g.id: g.title for g in self._goals}
        table = self._table
        serving = [titles[g] for g in titles
                   if table is not None and table.score(measure.id, g) > 0]
        if measure.id in self._idle_ids():
            return _("This measure serves no goal.")
        return "\n".join(serving)

    def _measure_flag_color(self, measure: domain.Measure) -> QColor | None:
        return QColor(FLAG_TINT) if measure.id in self._idle_ids() else None

    @staticmethod
    def _due_color(measure: domain.Measure) -> QColor | None:
        return QColor(FLAG_TINT) if is_overdue(measure) else None

    @staticmethod
    def _due_tooltip(measure: domain.Measure) -> str | None:
        if is_overdue(measure):
            return _("Overdue: due {date}").format(date=measure.due)
        return measure.due or None

    def _measure_count_text(self, total: int, shown: int) -> str:
        if shown == total:
            return ngettext("{total} measure", "{total} measures", total).format(total=total)
        return ngettext("{total} measure ({shown} shown)", "{total} measures ({shown} shown)",
                        total).format(total=total, shown=shown)

    def _fill_measure_filters(self) -> None:
        for combo, everything, values, label in (
                (self.status_filter, _("All statuses"), domain.MEASURE_STATUSES, status_label),
                (self.kind_filter, _("All kinds"), domain.MEASURE_KINDS, kind_label)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(label(value), value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)
        self.status_filter.setToolTip(_("Show measures of one status only"))
        self.kind_filter.setToolTip(_("Show measures of one kind only"))
        self._measure_filter_changed()

    def _measure_filter_changed(self, *_args: Any) -> None:
        self.measure_proxy.set_filter(self.status_filter.currentData(),
                                      self.kind_filter.currentData())
        self.measures_section._update_count()

    # -- dialogs and commands ----------------------------------------------------------

    def _open(self, dialog: QDialog, accepted: Callable[[], None]) -> QDialog:
        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _push(self, command: Any) -> bool:
        """Push ``command``; ``False`` (and a message) when the plan refused it."""
        self.context.undo_stack.push(command)
        return not command.error

    def _push_all(self, commands: Sequence[Any], text: str) -> None:
        if len(commands) == 1:
            self._push(commands[0])
            return
        stack = self.context.undo_stack
        stack.beginMacro(text)
        try:
            for command in commands:
                stack.push(command)
        finally:
            stack.endMacro()

    def _add(self, record: Any, text: str, section: RecordSection) -> None:
        command = AddRecord(self.context, record, text)
        if self._push(command) and command.record_id is not None:
            section.select_ids([command.record_id])

    def _update(self, cls: type, old: Any, new: Any, text: str) -> None:
        fields = {field.name: getattr(new, field.name) for field in dataclasses.fields(cls)
                  if field.name != "id" and getattr(new, field.name) != getattr(old, field.name)}
        if fields:
            self._push(UpdateRecord(self.context, cls, old.id, fields, text))

    def _has_plan(self) -> bool:
        if self.context.plan is None:
            self.context.status_message.emit(_("Open or create a plan first."))
            return False
        return True

    def add_goal(self) -> GoalDialog | None:
        """Open the dialog for a new goal; OK adds it (undoable)."""
        if not self._has_plan():
            return None
        dialog = GoalDialog(None, self)
        return self._open(dialog, lambda: self._add(
            dialog.record(), _("Add goal “{title}”").format(title=dialog.record().title),
            self.goals_section))

    def edit_goal(self, goal_id: int | None = None) -> GoalDialog | None:
        """Open the dialog for a goal (default: the current one); OK saves the changes."""
        goal = _find(self._goals, goal_id if goal_id is not None
                     else self.goals_section.current_id())
        if goal is None:
            return None
        dialog = GoalDialog(goal, self)
        return self._open(dialog, lambda: self._update(
            domain.Goal, goal, dialog.record(),
            _("Edit goal “{title}”").format(title=goal.title)))

    def delete_goals(self, ids: Sequence[int] | None = None) -> None:
        """Delete goals (default: the selected ones) with their impacts; undoable."""
        goals = [g for g in self._goals
                 if g.id in set(ids if ids is not None else self.goals_section.selected_ids())]
        self._push_all([DeleteRecord(self.context, domain.Goal, g.id, _(
            "Delete goal “{title}”").format(title=g.title)) for g in goals],
            ngettext("Delete {n} goal", "Delete {n} goals", len(goals)).format(n=len(goals)))

    def add_measure(self) -> MeasureDialog | None:
        """Open the dialog for a new measure; OK adds it (undoable)."""
        if not self._has_plan():
            return None
        dialog = MeasureDialog(None, self._owners(), self)
        return self._open(dialog, lambda: self._add(
            dialog.record(), _("Add measure “{title}”").format(title=dialog.record().title),
            self.measures_section))

    def edit_measure(self, measure_id: int | None = None) -> MeasureDialog | None:
        """Open the dialog for a measure (default: the current one); OK saves the changes."""
        measure = _find(self._measures, measure_id if measure_id is not None
                        else self.measures_section.current_id())
        if measure is None:
            return None
        dialog = MeasureDialog(measure, self._owners(), self)
        return self._open(dialog, lambda: self._update(
            domain.Measure, measure, dialog.record(),
            _("Edit measure “{title}”").format(title=measure.title)))

    def delete_measures(self, ids: Sequence[int] | None = None) -> None:
        """Delete measures (default: the selected ones) with their impacts; undoable."""
        wanted = set(ids if ids is not None else self.measures_section.selected_ids())
        measures = [m for m in self._measures if m.id in wanted]
        self._push_all([DeleteRecord(self.context, domain.Measure, m.id, _(
            "Delete measure “{title}”").format(title=m.title)) for m in measures],
            ngettext("Delete {n} measure", "Delete {n} measures",
                     len(measures)).format(n=len(measures)))

    def _owners(self) -> list[str]:
        return [m.owner for m in self._measures if m.owner]

    def add_statement(self) -> StatementDialog | None:
        """Open the dialog for a new statement; OK adds it (undoable)."""
        if not self._has_plan():
            return None
        dialog = StatementDialog(None, self._respondents(), self)
        return self._open(dialog, lambda: self._add(
            dialog.record(), _("Add statement by {respondent}").format(
                respondent=dialog.record().respondent or "—"), self.statements_section))

    def edit_statement(self, statement_id: int | None = None) -> StatementDialog | None:
        """Open the dialog for a statement (default: the current one)."""
        statement = _find(self._statements, statement_id if statement_id is not None
                          else self.statements_section.current_id())
        if statement is None:
            return None
        dialog = StatementDialog(statement, self._respondents(), self)
        return self._open(dialog, lambda: self._update(
            domain.GoalStatement, statement, dialog.record(),
            _("Edit statement by {respondent}").format(respondent=statement.respondent)))

    def delete_statements(self, ids: Sequence[int] | None = None) -> None:
        """Delete statements (default: the selected ones); undoable."""
        wanted = set(ids if ids is not None else self.statements_section.selected_ids())
        statements = [s for s in self._statements if s.id in wanted]
        self._push_all([DeleteRecord(self.context, domain.GoalStatement, s.id, _(
            "Delete statement by {respondent}").format(respondent=s.respondent))
            for s in statements],
            ngettext("Delete {n} statement", "Delete {n} statements",
                     len(statements)).format(n=len(statements)))

    def paste_statements(self, text: str) -> PasteStatementsDialog | None:
        """Open the dialog that adds several statements at once (prefilled with ``text``);
        OK adds them all as one undoable step."""
        if not self._has_plan():
            return None
        dialog = PasteStatementsDialog(text, self)
        return self._open(dialog, lambda: self._add_statements(
            dialog.statements(len(self._statements) + 1)))

    def _paste_from_clipboard(self) -> None:
        self.paste_statements(QGuiApplication.clipboard().text())

    def _add_statements(self, statements: Sequence[domain.GoalStatement]) -> None:
        if not statements:
            return
        commands = [AddRecord(self.context, s, _("Add statement by {respondent}").format(
            respondent=s.respondent)) for s in statements]
        self._push_all(commands, ngettext("Add {n} statement", "Add {n} statements",
                                          len(statements)).format(n=len(statements)))
        self.statements_section.select_ids([c.record_id for c in commands
                                            if c.record_id is not None])

    def _respondents(self) -> list[str]:
        return [s.respondent for s in self._statements if s.respondent]

    # -- impact matrix -----------------------------------------------------------------

    def _set_impact(self, measure_id: int, goal_id: int, score: int) -> None:
        self._set_scores([(measure_id, goal_id)], score)

    def set_selected_scores(self, score: int) -> None:
        """Give the selected matrix cells ``score`` (one undoable step)."""
        cells = [(index.data(MEASURE_ID_ROLE), index.data(GOAL_ID_ROLE))
                 for index in self.matrix_view.score_cells()]
        self._set_scores(cells, score)

    def _set_scores(self, cells: Sequence[tuple[int, int]], score: int) -> None:
        model = self.matrix_model
        changed = [(m, g) for m, g in cells if model.score(m, g) != score]
        if not changed or not self._has_plan():
            return
        measures = {m.id: m.title for m in self._measures}
        goals = {g.id: g.title for g in self._goals}
        commands = [SetImpact(self.context, m, g, score, _(
            "Set impact of “{measure}” on “{goal}” to {score}").format(
                measure=measures.get(m, "?"), goal=goals.get(g, "?"),
                score=format_score(score, blank_zero=False))) for m, g in changed]
        self._push_all(commands, ngettext(
            "Set {n} impact to {score}", "Set {n} impacts to {score}", len(commands)).format(
                n=len(commands), score=format_score(score, blank_zero=False)))

    def show_flag(self, link: str) -> None:
        """Select what a flag names: ``goal:ID`` (column), ``measure:ID`` (row) or
        ``impact:MEASURE:GOAL`` (cell)."""
        parts = link.split(":")
        model, view = self.matrix_model, self.matrix_view
        try:
            ids = [int(part) for part in parts[1:]]
        except ValueError:
            return
        if parts[0] == "goal" and ids:
            column = next((c for c in range(1, model.total_column)
                           if model.goal_of(c).id == ids[0]), None)
            if column is not None:
                view.selectColumn(column)
                view.scrollTo(model.index(0, column))
        elif parts[0] == "measure" and ids:
            row = next((r for r in range(model.total_row) if model.measure_of(r).id == ids[0]),
                       None)
            if row is not None:
                view.selectRow(row)
                view.scrollTo(model.index(row, 0))
        elif parts[0] == "impact" and len(ids) == 2:
            index = model.cell(ids[0], ids[1])
            if index.isValid():
                view.setCurrentIndex(index)
                view.scrollTo(index)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _legend_html(self) -> str:
        chips = []
        for score in SCORES:
            color = SCORE_COLORS.get(score, "#ffffff")
            text = "#ffffff" if score in (-2, 3) else "#000000"
            chips.append(
                f'<span style="background-color:{color}; color:{text};">'
                f"&nbsp;{html.escape(format_score(score, blank_zero=False))}&nbsp;</span>"
                f"&nbsp;{html.escape(_(_SHORT_LABELS[score]))}")
        return "&nbsp;&nbsp;&nbsp;".join(chips)

    def _show_flags(self) -> None:
        table = self._table
        if table is None or not (self._goals and self._measures):
            self.flags_label.setText("")
            return
        goals = {g.id: g for g in self._goals}
        measures = {m.id: m for m in self._measures}
        parts: list[str] = []
        unserved = [goals[i] for i in table.unserved_goals if i in goals]
        idle = [measures[i] for i in table.idle_measures if i in measures]
        harmful = [(measures[m], goals[g], score) for m, g, score in table.harmful
                   if m in measures and g in goals]

        def section(title: str, explanation: str, items: list[str]) -> str:
            return (f'<p><b style="color:{FLAG_TEXT}">{html.escape(title)}</b> '
                    f"{html.escape(explanation)}<br>" + " · ".join(items) + "</p>")

        def link(href: str, text: str) -> str:
            return f'<a href="{href}">{html.escape(text)}</a>'

        if unserved:
            parts.append(section(
                ngettext("{n} goal no measure serves:", "{n} goals no measure serves:",
                         len(unserved)).format(n=len(unserved)),
                _("No active measure has a positive score for it."),
                [link(f"goal:{g.id}", g.title) for g in unserved]))
        if idle:
            parts.append(section(
                ngettext("{n} measure serves no goal:", "{n} measures serve no goal:",
                         len(idle)).format(n=len(idle)),
                _("Why do it? Link it to a goal or drop it."),
                [link(f"measure:{m.id}", m.title) for m in idle]))
        if harmful:
            parts.append(section(
                ngettext("{n} harmful impact:", "{n} harmful impacts:",
                         len(harmful)).format(n=len(harmful)),
                _("These measures work against a goal."),
                [link(f"impact:{m.id}:{g.id}", _("“{measure}” → “{goal}” ({score})").format(
                    measure=m.title, goal=g.title, score=format_score(score)))
                 for m, g, score in harmful]))
        if not parts:
            parts.append("<p>" + html.escape(_(
                "Every goal is served by an active measure, every measure serves a goal, "
                "and no measure works against a goal.")) + "</p>")
        self.flags_label.setText("".join(parts))

    # -- alignment ---------------------------------------------------------------------

    def _statement_rows(self) -> list[StatementRow]:
        titles = {g.id: g.title for g in self._goals}
        results = _statement_results(self._alignment)
        rows = []
        for statement in self._statements:
            match = results.get(statement.id)
            if match is None:
                rows.append(StatementRow(statement.id, statement, (), None, None))
                continue
            rows.append(StatementRow(
                statement.id, statement,
                tuple(titles[g] for g in match.goal_ids if g in titles),
                match.score if self._goals else None, match.agreement))
        return rows

    def _show_summary(self) -> None:
        result = self._alignment
        count = result.count if result is not None else 0
        parts: list[str] = [f"<h3>{html.escape(_('Goal alignment'))}</h3>"]
        if not self._goals:
            parts.append("<p>" + html.escape(_(
                "Record the official goals first (tab Goals and measures): the statements "
                "are compared with them.")) + "</p>")
        if result is None or not result.enough:
            note = _("No statements recorded yet. Ask at least five employees “What are our "
                     "service goals?”.") if not count else ngettext(
                "Only {n} statement recorded. Ask at least five employees — with fewer "
                "answers the scores say little.",
                "Only {n} statements recorded. Ask at least five employees — with fewer "
                "answers the scores say little.", count).format(n=count)
            parts.append(f'<p style="background-color:{FLAG_TINT}; color:{FLAG_TEXT};">'
                         f"&nbsp;{html.escape(note)}&nbsp;</p>")
        if result is not None and count and self._goals:
            parts.append(
                '<table cellspacing="0" cellpadding="6"><tr>'
                + _figure_html(result.overall, _("overall alignment with the official goals"),
                               colored=True)
                + _figure_html(result.agreement, _("agreement between the statements"))
                + "</tr></table>")
            parts.append(self._mentions_html(result))
            if result.common_terms:
                words = [result.labels.get(t, t) for t in result.common_terms[:12]]
                parts.append(f"<p><b>{html.escape(_('Words many statements share'))}</b><br>"
                             f"{html.escape(', '.join(words))}</p>")
        parts.append("<p><small>" + html.escape(_(
            "A statement matches a goal when it names the goal's key words — German and "
            "English words are compared after normalising case, umlauts, word endings and "
            "filler words, and synonyms such as Kunde/customer count as one. A statement "
            "scores high when it names the official goals (important ones count more) and "
            "little else; agreement says how far the statements use the same words.")) +
            "</small></p>")
        self.summary_label.setText("".join(parts))

    def _mentions_html(self, result: goal_analysis.Alignment) -> str:
        unmentioned = set(result.unmentioned_goals)
        total = result.count
        lines = [f"<p><b>{html.escape(_('How often each goal was named'))}</b><br>"]
        for goal in sorted(self._goals, key=lambda g: (-result.mentions.get(g.id, 0),
                                                       g.priority, g.title.casefold())):
            text = html.escape(_("{goal}: {n} of {total}").format(
                goal=goal.title, n=result.mentions.get(goal.id, 0), total=total))
            if goal.id in unmentioned:
                text = (f'<span style="color:{FLAG_TEXT}; font-weight:bold;">{text} — '
                        f"{html.escape(_('nobody mentioned it'))}</span>")
            lines.append(text + "<br>")
        lines.append("</p>")
        return "".join(lines)


def _figure_html(share: float | None, caption: str, *, colored: bool = False) -> str:
    """A big percentage with a caption below, as a table cell."""
    color = _share_text_color(share) if colored else "#000000"
    return (f'<td valign="top"><span style="font-size:xx-large; font-weight:bold; '
            f'color:{color};">{html.escape(percent_text(share))}</span><br>'
            f"{html.escape(caption)}</td>")


#: Short legend texts of the scores.
_SHORT_LABELS: dict[int, str] = {
    3: N_("serves strongly"),
    2: N_("serves"),
    1: N_("serves a little"),
    0: N_("no impact"),
    -1: N_("hurts a little"),
    -2: N_("hurts"),
}


def _share_color(share: float | None) -> QColor | None:
    """A soft red..green tint for an alignment score."""
    if share is None:
        return None
    if share >= 0.6:
        return QColor("#d9f0a3")
    if share >= 0.3:
        return QColor("#fff3bf")
    return QColor("#fcd5c8")


def _share_text_color(share: float | None) -> str:
    if share is None:
        return "#000000"
    if share >= 0.6:
        return "#1a7a35"
    if share >= 0.3:
        return "#8a6d00"
    return "#b3261e"


def _find(items: Sequence[Any], record_id: int | None) -> Any:
    return next((item for item in items if item.id == record_id), None)


def _statement_results(alignment: goal_analysis.Alignment | None
                       ) -> dict[int, goal_analysis.StatementMatch]:
    """Statement id -> its result in ``alignment``."""
    if alignment is None:
        return {}
    return {match.statement.id: match for match in alignment.statements}
