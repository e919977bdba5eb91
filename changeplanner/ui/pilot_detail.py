"""A lighthouse pilot in detail, and the dialog that creates or edits one.

:class:`PilotDialog` is the form of a pilot: name, department, team, purpose, status, dates,
customer fit (type A/B), its place on the Stacey matrix with the zone's recommendation,
sponsor (a member of the latest change board) and linked goals, with live warnings.

:class:`PilotDetailWidget` shows one pilot: a header with status, Stacey zone, warnings and
an Edit button, and tabs for the team (required skills, a team proposed by the skills
staffing helper, uncovered skills), KPIs (progress, on/off track, a chart over time),
milestones, wins to celebrate, deviations to learn from and proven processes kept for now.
Every change is an undoable command of :mod:`changeplanner.ui.record_commands`; the widget
reloads when ``context.data_changed`` reports ``"pilots"`` (or ``"all"``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis import pilots as pilot_analysis
from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans, records
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.kpi_chart import KpiChart, format_value, lower_is_better
from changeplanner.ui.record_commands import (
    AddRecord,
    DeleteRecord,
    SetPilotList,
    UpdateRecord,
)
from changeplanner.ui.skills_common import (
    ROW_ROLE,
    Column,
    Loader,
    RowTableModel,
    TextFilterProxy,
    level_label,
)
from changeplanner.ui.staffing_dialog import Team, propose_team, team_coverage
from changeplanner.ui.ties_dialog import person_combo
from changeplanner.ui.widgets import fill_department_combo

_ROOT = QModelIndex()
_Index = QModelIndex | QPersistentModelIndex

WARNING_COLOR = "#b2182b"
ON_TRACK_COLOR = QColor("#d9f0d3")
OFF_TRACK_COLOR = QColor("#fddbc7")
#: The fields of a pilot the dialog edits (everything but the id).
PILOT_FIELDS: tuple[str, ...] = (
    "name", "department", "status", "team", "purpose", "customer_a_share", "agreement",
    "certainty", "agile", "start", "end", "sponsor_id", "goal_ids")


def today_iso() -> str:
    """Today as an ISO date."""
    return QDate.currentDate().toString(Qt.DateFormat.ISODate)


def _qdate(text: str) -> QDate:
    """``text`` (ISO) as a QDate; invalid when empty or malformed."""
    return QDate.fromString(text or "", Qt.DateFormat.ISODate)


def load_people(plan: Plan, *, progress: Progress) -> domain.PlanSnapshot:
    """Read people, skills and ratings for the team tab (runs on a worker thread)."""
    progress.update(0.0, _("Reading the plan…"))
    return plans.snapshot(plan, network=False)


# -- small form widgets -----------------------------------------------------------------

class DateField(QWidget):
    """A date picker; with ``optional=True`` a "no date" box next to it.

    Signals:
        changed(): the date (or "no date") changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.none_check: QCheckBox | None = None
        if optional:
            self.none_check = QCheckBox(_("no date"), self)
            self.none_check.toggled.connect(self._none_toggled)
            layout.addWidget(self.none_check)
        layout.addStretch(1)

    def _none_toggled(self, on: bool) -> None:
        self.edit.setEnabled(not on)
        self.changed.emit()

    def set_iso(self, text: str) -> None:
        """Show ``text`` (an ISO date; ``""`` means no date)."""
        day = _qdate(text)
        if day.isValid():
            self.edit.setDate(day)
        if self.none_check is not None:
            self.none_check.setChecked(not day.isValid())

    def iso(self) -> str:
        """The date as ISO text, ``""`` for no date."""
        if self.none_check is not None and self.none_check.isChecked():
            return ""
        return self.edit.date().toString(Qt.DateFormat.ISODate)


class NumberSpin(QDoubleSpinBox):
    """A spin box for any number, shown without trailing zeros (``420``, ``0.85``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(4)
        self.setRange(-1e12, 1e12)
        self.setAccelerated(True)
        self.setMinimumWidth(120)

    def textFromValue(self, value: float) -> str:
        text = self.locale().toString(value, "f", self.decimals())
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text.replace(self.locale().groupSeparator(), "") if text else "0"


@dataclass(frozen=True)
class FormField:
    """One input of a :class:`RecordDialog`.

    Attributes:
        key: The record field it edits.
        label: Its English label (mark with ``N_``).
        kind: ``"text"``, ``"long"`` (several lines), ``"date"``, ``"number"`` or ``"check"``.
        required: The dialog accepts only with a non-empty text.
        placeholder: An English placeholder text (``N_``).
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    placeholder: str = ""


class RecordDialog(QDialog):
    """A small form for one record (a KPI, a measurement, a win, ...).

    Args:
        title: The translated window title.
        hint: A translated sentence above the form ("" for none).
        fields: The inputs.
        values: Field key -> current value (missing keys: empty, today, 0).
        live: Values -> a translated note shown under the form, updated on every change.
        parent: The parent widget.

    Attributes:
        inputs: Field key -> its input widget.
    """

    def __init__(self, title: str, hint: str, fields: Sequence[FormField],
                 values: Mapping[str, Any] | None = None,
                 live: Callable[[dict[str, Any]], str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record_dialog")
        self.setWindowTitle(title)
        self.fields = tuple(fields)
        self._live = live
        values = dict(values or {})
        self.inputs: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        if hint:
            hint_label = QLabel(hint, self)
            hint_label.setWordWrap(True)
            layout.addWidget(hint_label)
        form = QFormLayout()
        for spec in self.fields:
            widget = self._make_input(spec, values.get(spec.key))
            widget.setObjectName(f"field_{spec.key}")
            self.inputs[spec.key] = widget
            form.addRow(_(spec.label), widget)
        layout.addLayout(form)
        self.live_label = QLabel(self)
        self.live_label.setObjectName("record_dialog_note")
        self.live_label.setWordWrap(True)
        self.live_label.setVisible(live is not None)
        layout.addWidget(self.live_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._changed()

    def _make_input(self, spec: FormField, value: Any) -> QWidget:
        if spec.kind == "long":
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setPlainText(str(value or ""))
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            if spec.placeholder:
                edit.setPlaceholderText(_(spec.placeholder))
            edit.textChanged.connect(self._changed)
            return edit
        if spec.kind == "date":
            field = DateField(self, optional=False)
            field.set_iso(str(value or "") or today_iso())
            field.changed.connect(self._changed)
            return field
        if spec.kind == "number":
            spin = NumberSpin(self)
            spin.setValue(float(value or 0.0))
            spin.valueChanged.connect(self._changed)
            return spin
        if spec.kind == "check":
            check = QCheckBox(self)
            check.setChecked(bool(value))
            check.toggled.connect(self._changed)
            return check
        line = QLineEdit(str(value or ""), self)
        if spec.placeholder:
            line.setPlaceholderText(_(spec.placeholder))
        line.textChanged.connect(self._changed)
        return line

    def values(self) -> dict[str, Any]:
        """Field key -> value as entered (texts stripped, dates ISO)."""
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.inputs[spec.key]
            if isinstance(widget, QPlainTextEdit):
                result[spec.key] = widget.toPlainText().strip()
            elif isinstance(widget, DateField):
                result[spec.key] = widget.iso()
            elif isinstance(widget, NumberSpin):
                result[spec.key] = widget.value()
            elif isinstance(widget, QCheckBox):
                result[spec.key] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                result[spec.key] = widget.text().strip()
        return result

    def _changed(self, *_args: Any) -> None:
        values = self.values()
        complete = all(values.get(spec.key) for spec in self.fields if spec.required)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(complete)
        if self._live is not None:
            self.live_label.setText(self._live(values))


# -- the pilot dialog -------------------------------------------------------------------

def _scale(parent: QWidget, slider: QSlider, near: QLabel, far: QLabel) -> QWidget:
    """A slider with what its two ends mean written under them."""
    box = QWidget(parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setVerticalSpacing(0)
    grid.addWidget(slider, 0, 0, 1, 2)
    for label in (near, far):
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        label.setFont(font)
    far.setAlignment(Qt.AlignmentFlag.AlignRight)
    grid.addWidget(near, 1, 0)
    grid.addWidget(far, 1, 1)
    return box


def _percent_slider(parent: QWidget, name: str) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal, parent)
    slider.setObjectName(name)
    slider.setRange(0, 100)
    slider.setSingleStep(5)
    slider.setPageStep(10)
    slider.setTickInterval(25)
    slider.setTickPosition(QSlider.TickPosition.TicksBelow)
    return slider


class PilotDialog(QDialog):
    """Create or edit a lighthouse pilot.

    Args:
        context: The window context (reads departments, the latest board and the goals).
        pilot: The pilot to edit (``None``: a new one).
        parent: The parent widget.

    The caller pushes the command: ``AddRecord(context, dialog.record(), ...)`` for a new
    pilot, ``UpdateRecord`` with the changed fields for an existing one.
    """

    def __init__(self, context: AppContext, pilot: domain.Pilot | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pilot_dialog")
        self.context = context
        self.pilot = pilot or domain.Pilot(id=0, name="")
        plan = context.plan
        snapshot = plans.snapshot(plan, skills=False) if plan is not None else None
        goals = records.list_goals(plan) if plan is not None else []
        self.setWindowTitle(_("New pilot") if pilot is None
                            else _("Edit pilot {name}").format(name=pilot.name))

        # The pilot.
        self.name_edit = QLineEdit(self.pilot.name, self)
        self.name_edit.setObjectName("pilot_name")
        self.name_edit.setPlaceholderText(_("e.g. Callback squad"))
        self.department_combo = QComboBox(self)
        self.department_combo.setObjectName("pilot_department")
        self.department_combo.setEditable(True)
        self.department_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        departments: set[str] = set()
        if snapshot is not None:
            departments |= {d.name for d in snapshot.departments if d.name.strip()}
            departments |= {p.department for p in snapshot.people if p.department.strip()}
        self.department_combo.addItems(sorted(departments, key=str.casefold))
        self.department_combo.setEditText(self.pilot.department)
        self.team_edit = QLineEdit(self.pilot.team, self)
        self.team_edit.setObjectName("pilot_team")
        self.purpose_edit = QPlainTextEdit(self.pilot.purpose, self)
        self.purpose_edit.setObjectName("pilot_purpose")
        self.purpose_edit.setTabChangesFocus(True)
        self.purpose_edit.setPlaceholderText(_("What should the pilot show, for whom?"))
        self.purpose_edit.setFixedHeight(self.purpose_edit.fontMetrics().lineSpacing() * 4 + 14)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("pilot_status")
        for status in domain.PILOT_STATUSES:
            self.status_combo.addItem(_(domain.PILOT_STATUS_LABELS[status]), status)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(self.pilot.status)))
        self.start_field = DateField(self)
        self.start_field.setObjectName("pilot_start")
        self.start_field.set_iso(self.pilot.start)
        self.end_field = DateField(self)
        self.end_field.setObjectName("pilot_end")
        self.end_field.set_iso(self.pilot.end)
        self.agile_check = QCheckBox(_("The pilot team works with agile methods"), self)
        self.agile_check.setObjectName("pilot_agile")
        self.agile_check.setChecked(self.pilot.agile)
        self.sponsor_combo = QComboBox(self)
        self.sponsor_combo.setObjectName("pilot_sponsor")
        self._fill_sponsors(snapshot)

        # Customers.
        self.share_slider = _percent_slider(self, "pilot_share_slider")
        self.share_spin = QSpinBox(self)
        self.share_spin.setObjectName("pilot_share")
        self.share_spin.setRange(0, 100)
        self.share_spin.setSuffix(" %")
        self.share_slider.valueChanged.connect(self.share_spin.setValue)
        self.share_spin.valueChanged.connect(self.share_slider.setValue)
        self.share_spin.setValue(round(self.pilot.customer_a_share * 100))
        self.share_label = QLabel(self)
        self.share_label.setObjectName("pilot_share_text")
        customers_hint = QLabel(_(
            "Customer A enjoys being served by a whole agile team. Customer B wants one "
            "fixed contact, milestone budgets and the sales head on the phone, and has every "
            "right to that: serve B in the familiar structure. Start pilots where customers "
            "are of type A."), self)
        customers_hint.setWordWrap(True)

        # Stacey matrix.
        self.agreement_slider = _percent_slider(self, "pilot_agreement")
        self.agreement_slider.setValue(round(self.pilot.agreement * 100))
        self.certainty_slider = _percent_slider(self, "pilot_certainty")
        self.certainty_slider.setValue(round(self.pilot.certainty * 100))
        self.zone_label = QLabel(self)
        self.zone_label.setObjectName("pilot_zone")
        zone_font = QFont(self.zone_label.font())
        zone_font.setBold(True)
        self.zone_label.setFont(zone_font)
        self.recommendation_label = QLabel(self)
        self.recommendation_label.setObjectName("pilot_recommendation")
        self.recommendation_label.setWordWrap(True)

        # Goals.
        self.goals_list = QListWidget(self)
        self.goals_list.setObjectName("pilot_goals")
        linked = set(self.pilot.goal_ids)
        for goal in sorted(goals, key=lambda g: (g.priority, g.title.casefold())):
            item = QListWidgetItem(goal.title, self.goals_list)
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            item.setToolTip(goal.description or goal.title)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if goal.id in linked
                               else Qt.CheckState.Unchecked)
        self.goals_empty = QLabel(_("No goals yet: define the service goals on the Goals "
                                    "page, then link the pilot to them."), self)
        self.goals_empty.setWordWrap(True)
        self.goals_list.setVisible(bool(goals))
        self.goals_empty.setVisible(not goals)

        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("pilot_warnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet(f"color: {WARNING_COLOR};")

        pilot_box = QGroupBox(_("Pilot"), self)
        form = QFormLayout(pilot_box)
        form.addRow(_("Name"), self.name_edit)
        form.addRow(_("Department"), self.department_combo)
        form.addRow(_("Team"), self.team_edit)
        form.addRow(_("Purpose"), self.purpose_edit)
        form.addRow(_("Status"), self.status_combo)
        form.addRow(_("Start"), self.start_field)
        form.addRow(_("End"), self.end_field)
        form.addRow(_("Sponsor"), self.sponsor_combo)
        form.addRow("", self.agile_check)
        goals_box = QGroupBox(_("Linked goals"), self)
        goals_layout = QVBoxLayout(goals_box)
        goals_layout.addWidget(self.goals_list)
        goals_layout.addWidget(self.goals_empty)

        customers_box = QGroupBox(_("Customer fit"), self)
        customers_layout = QVBoxLayout(customers_box)
        share_row = QHBoxLayout()
        share_row.addWidget(QLabel(_("Share of type-A customers"), self))
        share_row.addWidget(self.share_slider, 1)
        share_row.addWidget(self.share_spin)
        customers_layout.addLayout(share_row)
        customers_layout.addWidget(self.share_label)
        customers_layout.addWidget(customers_hint)

        stacey_box = QGroupBox(_("Stacey matrix"), self)
        stacey_form = QFormLayout(stacey_box)
        stacey_form.addRow(_("Requirements"), _scale(
            self, self.agreement_slider, QLabel(_("close to agreement"), self),
            QLabel(_("far from agreement"), self)))
        stacey_form.addRow(_("Approach"), _scale(
            self, self.certainty_slider, QLabel(_("close to certainty"), self),
            QLabel(_("far from certainty"), self)))
        stacey_form.addRow(self.zone_label)
        stacey_form.addRow(self.recommendation_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(pilot_box)
        left.addWidget(goals_box, 1)
        right = QVBoxLayout()
        right.addWidget(customers_box)
        right.addWidget(stacey_box)
        right.addWidget(self.warnings_label)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

        for signal in (self.name_edit.textChanged, self.share_spin.valueChanged,
                       self.agreement_slider.valueChanged, self.certainty_slider.valueChanged,
                       self.agile_check.toggled, self.status_combo.currentIndexChanged,
                       self.start_field.changed, self.end_field.changed):
            signal.connect(self._update)
        self.resize(960, 640)
        self._update()

    def _fill_sponsors(self, snapshot: domain.PlanSnapshot | None) -> None:
        self.sponsor_combo.addItem(_("no sponsor"), None)
        people = snapshot.people_by_id() if snapshot is not None else {}
        seats = snapshot.boards[0].seats if snapshot is not None and snapshot.boards else ()
        for seat in seats:
            person = people.get(seat.person_id)
            if person is None:
                continue
            self.sponsor_combo.addItem(
                _("{name} ({role})").format(name=person.name,
                                            role=_(domain.ROLE_LABELS.get(seat.role, seat.role))),
                person.id)
        sponsor = self.pilot.sponsor_id
        if sponsor and self.sponsor_combo.findData(sponsor) < 0:
            person = people.get(sponsor)
            self.sponsor_combo.addItem(_("{name} (not on the latest board)").format(
                name=person.name if person is not None else sponsor), sponsor)
        self.sponsor_combo.setCurrentIndex(max(0, self.sponsor_combo.findData(sponsor)))
        if not seats:
            self.sponsor_combo.setToolTip(_("The sponsor is a member of the change board: "
                                            "propose a board on the Change board page."))

    def goal_ids(self) -> tuple[int, ...]:
        """Ids of the goals ticked, in list order."""
        items = (self.goals_list.item(i) for i in range(self.goals_list.count()))
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in items
                     if item.checkState() == Qt.CheckState.Checked)

    def record(self) -> domain.Pilot:
        """The pilot as entered (id 0 for a new pilot)."""
        return domain.Pilot(
            id=self.pilot.id,
            name=self.name_edit.text().strip(),
            department=self.department_combo.currentText().strip(),
            status=self.status_combo.currentData(),
            team=self.team_edit.text().strip(),
            purpose=self.purpose_edit.toPlainText().strip(),
            customer_a_share=self.share_spin.value() / 100,
            agreement=self.agreement_slider.value() / 100,
            certainty=self.certainty_slider.value() / 100,
            agile=self.agile_check.isChecked(),
            start=self.start_field.iso(),
            end=self.end_field.iso(),
            sponsor_id=self.sponsor_combo.currentData(),
            goal_ids=self.goal_ids(),
        )

    def changed_fields(self) -> dict[str, Any]:
        """Field -> new value for every field that differs from the pilot edited."""
        new = self.record()
        return {name: getattr(new, name) for name in PILOT_FIELDS
                if getattr(new, name) != getattr(self.pilot, name)}

    def _update(self, *_args: Any) -> None:
        share = self.share_spin.value()
        self.share_label.setText(_("{a} % type A (agile team welcome), {b} % type B (want "
                                   "one fixed contact)").format(a=share, b=100 - share))
        zone = pilot_analysis.stacey_zone(self.agreement_slider.value() / 100,
                                          self.certainty_slider.value() / 100)
        self.zone_label.setText(_("Zone: {zone}").format(
            zone=_(domain.STACEY_ZONE_LABELS.get(zone, zone))))
        recommendation = pilot_analysis.ZONE_RECOMMENDATIONS.get(zone, "")
        self.recommendation_label.setText(_(recommendation) if recommendation else "")
        name = self.name_edit.text().strip()
        messages = list(pilot_analysis.pilot_warnings(self.record()))
        start, end = self.start_field.iso(), self.end_field.iso()
        self.warnings_label.setText("\n".join(f"⚠ {m}" for m in messages))
        self.warnings_label.setVisible(bool(messages))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(name) and not (start and end and end < start))


# -- tables -----------------------------------------------------------------------------

class RecordsModel(RowTableModel):
    """A :class:`RowTableModel` with an optional check-box column and an optional editable
    text column; both hand the change to a callback (which pushes an undoable command)."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None, *,
                 check_column: int | None = None,
                 on_check: Callable[[Any, bool], None] | None = None,
                 edit_column: int | None = None,
                 on_edit: Callable[[Any, str], None] | None = None) -> None:
        super().__init__(columns, parent)
        self._check_column = check_column
        self._on_check = on_check
        self._edit_column = edit_column
        self._on_edit = on_edit

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self._check_column:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.isValid() and index.column() == self._edit_column:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self._check_column \
                and 0 <= index.row() < self.rowCount():
            value = super().data(index, ROW_ROLE)
            checked = bool(self._columns[index.column()].value(value))
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return None
        if role == Qt.ItemDataRole.EditRole and index.isValid() \
                and index.column() == self._edit_column:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return False
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self._check_column \
                and self._on_check is not None:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked \
                if not isinstance(value, bool) else value
            self._on_check(row, checked)
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == self._edit_column \
                and self._on_edit is not None:
            self._on_edit(row, str(value or "").strip())
            return True
        return False


class PaddedDelegate(QStyledItemDelegate):
    """The default delegate with a little air above and below wrapped text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)


class RecordTable(QTableView):
    """A sortable table of records: Delete/Backspace asks to delete the selected rows,
    Return to edit the current one.

    Signals:
        delete_pressed(): Delete or Backspace was pressed (not while editing a cell).
        edit_pressed(): Return or Enter was pressed on a row.
    """

    delete_pressed = Signal()
    edit_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # Rows follow their wrapped text as columns change width (the tables are short).
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        self.setItemDelegate(PaddedDelegate(self))
        self.horizontalHeader().setHighlightSections(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            event.accept()
            return
        if not editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.currentIndex().isValid():
            self.edit_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[Any]:
        """The plain row objects of the selected rows, in view order."""
        model = self.model()
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [model.index(r, 0).data(ROW_ROLE) for r in rows]

    def current_row(self) -> Any:
        """The plain row object of the current row (``None`` when there is none)."""
        index = self.currentIndex()
        return index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None


class ProgressDelegate(PaddedDelegate):
    """Draws a KPI's progress (0 at the baseline, 100 % at the target) as a bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        status = index.data(ROW_ROLE)
        progress = getattr(status, "progress", None)
        if progress is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(3, 3, -3, -3))
        bar.minimum, bar.maximum = 0, 100
        bar.progress = max(0, min(100, round(progress * 100)))
        bar.text = _("{percent} %").format(percent=round(progress * 100))
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


def _sorted_proxy(parent: QObject) -> QSortFilterProxyModel:
    return TextFilterProxy(parent)


def _empty_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMargin(30)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


# -- the simple record tabs -------------------------------------------------------------

@dataclass(frozen=True)
class RecordKind:
    """What a simple record tab lists and how it edits it (all texts English, ``N_``).

    Attributes:
        cls: The domain class (with ``id`` and ``pilot_id``).
        fields: The inputs of its dialog (keys are the class's fields).
        columns: The table's columns.
        stretch: Columns that share the spare width.
        sort: ``(column, order)`` the table starts sorted by.
        title: Dialog title for a new record; edit_title for an existing one.
        hint: Sentence above the dialog's form.
        empty: Rich text shown while the tab has no records.
        add: Label of the add button.
        add_text, edit_text, delete_text: Undo texts.
        check: The field shown as a check box (``None``: none).
        check_on, check_off: Undo texts for ticking and unticking it.
    """

    cls: type
    fields: tuple[FormField, ...]
    columns: tuple[Column, ...]
    stretch: tuple[int, ...]
    sort: tuple[int, Qt.SortOrder]
    title: str
    edit_title: str
    hint: str
    empty: str
    add: str
    add_text: str
    edit_text: str
    delete_text: str
    check: str | None = None
    check_on: str = ""
    check_off: str = ""


MILESTONES = RecordKind(
    cls=domain.Milestone,
    fields=(FormField("date", N_("Date"), "date"),
            FormField("title", N_("Milestone"), required=True,
                      placeholder=N_("e.g. First customer served by the whole team")),
            FormField("done", N_("Done"), "check")),
    columns=(Column(N_("Date"), lambda m: m.date),
             Column(N_("Milestone"), lambda m: m.title),
             Column(N_("Done"), lambda m: m.done, sort=lambda m: int(m.done))),
    stretch=(1,),
    sort=(0, Qt.SortOrder.AscendingOrder),
    title=N_("New milestone"),
    edit_title=N_("Edit milestone"),
    hint=N_("Small first steps with a date: tick a milestone when it is reached."),
    empty=N_("<h3>No milestones yet</h3><p>Plan the pilot in small first steps, each with "
             "a date, instead of talking the transformation to death. Tick a milestone when "
             "it is reached.</p>"),
    add=N_("Add milestone…"),
    add_text=N_("Add milestone"),
    edit_text=N_("Edit milestone"),
    delete_text=N_("Delete milestone"),
    check="done",
    check_on=N_("Mark milestone done"),
    check_off=N_("Mark milestone not done"),
)

WINS = RecordKind(
    cls=domain.Win,
    fields=(FormField("date", N_("Date"), "date"),
            FormField("what", N_("What went well"), "long", required=True,
                      placeholder=N_("e.g. First complaint resolved in one call")),
            FormField("who", N_("Who made it happen"),
                      placeholder=N_("Names or the whole team"))),
    columns=(Column(N_("Date"), lambda w: w.date),
             Column(N_("What went well"), lambda w: w.what),
             Column(N_("Who"), lambda w: w.who)),
    stretch=(1,),
    sort=(0, Qt.SortOrder.DescendingOrder),
    title=N_("Log a win"),
    edit_title=N_("Edit win"),
    hint=N_("Celebrate small wins: what went well, and who made it happen."),
    empty=N_("<h3>No wins logged yet</h3><p>Celebrate small wins: every step that works "
             "makes the change tangible and convinces the next colleagues. Note what went "
             "well and who made it happen, and say it out loud.</p>"),
    add=N_("Log a win…"),
    add_text=N_("Log win"),
    edit_text=N_("Edit win"),
    delete_text=N_("Delete win"),
)

DEVIATIONS = RecordKind(
    cls=domain.Deviation,
    fields=(FormField("date", N_("Date"), "date"),
            FormField("what", N_("What happened"), "long", required=True),
            FormField("learned", N_("What we learned"), "long")),
    columns=(Column(N_("Date"), lambda d: d.date),
             Column(N_("What happened"), lambda d: d.what),
             Column(N_("What we learned"), lambda d: d.learned)),
    stretch=(1, 2),
    sort=(0, Qt.SortOrder.DescendingOrder),
    title=N_("Log a deviation"),
    edit_title=N_("Edit deviation"),
    hint=N_("A mistake is a deviation and a chance. Note what happened and what we learned; "
            "nobody asks who is to blame."),
    empty=N_("<h3>No deviations logged yet</h3><p>A mistake is a <i>deviation</i> and a "
             "chance. Note what did not go as planned and what the team learned from it. "
             "There is deliberately no field for who is to blame.</p>"),
    add=N_("Log a deviation…"),
    add_text=N_("Log deviation"),
    edit_text=N_("Edit deviation"),
    delete_text=N_("Delete deviation"),
)

PROVEN_PROCESSES = RecordKind(
    cls=domain.ProvenProcess,
    fields=(FormField("name", N_("Process"), required=True,
                      placeholder=N_("e.g. Escalation to the 2nd level for legal questions")),
            FormField("note", N_("Why we keep it"), "long")),
    columns=(Column(N_("Process"), lambda p: p.name),
             Column(N_("Why we keep it"), lambda p: p.note)),
    stretch=(1,),
    sort=(0, Qt.SortOrder.AscendingOrder),
    title=N_("Keep a proven process"),
    edit_title=N_("Edit proven process"),
    hint=N_("Keep some proven processes for now to avoid instability."),
    empty=N_("<h3>No proven processes listed yet</h3><p>Keep some proven processes for now "
             "to avoid instability: list what the pilot deliberately does the familiar way, "
             "and why.</p>"),
    add=N_("Keep a process…"),
    add_text=N_("Keep proven process"),
    edit_text=N_("Edit proven process"),
    delete_text=N_("Delete proven process"),
)


class _PilotTab(QWidget):
    """A tab of the detail: knows the context and the pilot shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: domain.PilotDetail | None = None

    @property
    def pilot_id(self) -> int | None:
        """The pilot shown (``None`` when none)."""
        return self.detail.pilot.id if self.detail is not None else None

    def push(self, command: Any) -> None:
        """Run ``command`` on the undo stack."""
        self.context.undo_stack.push(command)

    def _delete(self, cls: type, ids: Sequence[int], single_text: str) -> None:
        if len(ids) == 1:
            self.push(DeleteRecord(self.context, cls, ids[0], _(single_text)))
        elif ids:
            stack = self.context.undo_stack
            stack.beginMacro(ngettext("Delete {n} entry", "Delete {n} entries",
                                      len(ids)).format(n=len(ids)))
            for record_id in ids:
                stack.push(DeleteRecord(self.context, cls, record_id, _(single_text)))
            stack.endMacro()


class RecordTab(_PilotTab):
    """A table of one kind of pilot record with add, edit (double-click) and delete.

    Attributes:
        dialog: The dialog open right now (``None`` when none).
    """

    def __init__(self, context: AppContext, kind: RecordKind, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.kind = kind
        self.setObjectName(name)
        self.dialog: RecordDialog | None = None
        check_column = None
        if kind.check is not None:
            check_column = next(i for i, f in enumerate(kind.fields) if f.key == kind.check)
        self.model = RecordsModel(kind.columns, self, check_column=check_column,
                                  on_check=self._checked)
        self.proxy = _sorted_proxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = RecordTable(self)
        self.table.setObjectName(f"{name}_table")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(*kind.sort)
        header = self.table.horizontalHeader()
        for column in range(len(kind.columns)):
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if column in kind.stretch
                else QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.edit_pressed.connect(self.edit_current)
        self.table.delete_pressed.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_label = _empty_label(self, f"{name}_empty")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        self.caption = QLabel(self)
        self.caption.setObjectName(f"{name}_caption")
        self.caption.setWordWrap(True)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName(f"{name}_add")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName(f"{name}_edit")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName(f"{name}_delete")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self._update_buttons()

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.empty_label.setText(_(self.kind.empty))
        self.caption.setText(_(self.kind.hint))
        self.add_button.setText(_(self.kind.add))
        self.edit_button.setText(_("Edit…"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected entries (Del); Ctrl+Z brings "
                                        "them back"))
        self.model.retranslate()

    def set_detail(self, detail: domain.PilotDetail | None, rows: Sequence[Any]) -> None:
        """Show ``rows`` of the pilot of ``detail``."""
        self.detail = detail
        current = self.table.current_row()
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(0 if rows else 1)
        self.caption.setVisible(bool(rows))  # the empty state explains more
        if current is not None:
            self._select_id(current.id)
        self._update_buttons()

    def _select_id(self, record_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ROW_ROLE).id == record_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self, *_args: Any) -> None:
        has_pilot = self.detail is not None
        selected = bool(self.table.selectionModel().selectedRows())
        self.add_button.setEnabled(has_pilot)
        self.edit_button.setEnabled(has_pilot and self.table.currentIndex().isValid()
                                    and selected)
        self.delete_button.setEnabled(has_pilot and selected)

    # -- editing ----------------------------------------------------------------------

    def add(self) -> RecordDialog | None:
        """Open the dialog for a new record; OK adds it (undoable)."""
        pilot_id = self.pilot_id
        if pilot_id is None:
            return None
        dialog = RecordDialog(_(self.kind.title), _(self.kind.hint), self.kind.fields,
                              parent=self)
        dialog.accepted.connect(lambda: self.push(AddRecord(
            self.context, self.kind.cls(id=0, pilot_id=pilot_id, **dialog.values()),
            _(self.kind.add_text))))
        return self._open(dialog)

    def edit(self, record: Any) -> RecordDialog:
        """Open the dialog for ``record``; OK writes the changed fields (undoable)."""
        before = {spec.key: getattr(record, spec.key) for spec in self.kind.fields}
        dialog = RecordDialog(_(self.kind.edit_title), _(self.kind.hint), self.kind.fields,
                              before, parent=self)

        def accepted() -> None:
            changed = {k: v for k, v in dialog.values().items() if v != before[k]}
            if changed:
                self.push(UpdateRecord(self.context, self.kind.cls, record.id, changed,
                                       _(self.kind.edit_text)))

        dialog.accepted.connect(accepted)
        return self._open(dialog)

    def edit_current(self) -> RecordDialog | None:
        """Edit the current row."""
        record = self.table.current_row()
        return self.edit(record) if record is not None else None

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.kind.check is not None and self.model.flags(
                self.proxy.mapToSource(index)) & Qt.ItemFlag.ItemIsUserCheckable:
            return  # the check box toggles; no dialog
        self.edit(index.siblingAtColumn(0).data(ROW_ROLE))

    def delete_selected(self) -> None:
        """Delete the selected records (one undo step)."""
        self._delete(self.kind.cls, [r.id for r in self.table.selected_rows()],
                     self.kind.delete_text)

    def _checked(self, record: Any, checked: bool) -> None:
        if self.kind.check is None or bool(getattr(record, self.kind.check)) == checked:
            return
        self.push(UpdateRecord(self.context, self.kind.cls, record.id,
                               {self.kind.check: checked},
                               _(self.kind.check_on if checked else self.kind.check_off)))

    def _open(self, dialog: RecordDialog) -> RecordDialog:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()
        return dialog


# -- KPIs -------------------------------------------------------------------------------

def _status_text(status: Any) -> str:
    if status.on_track is None:
        return _("no measurement yet")
    return _("on track") if status.on_track else _("off track")


def _status_color(status: Any) -> QColor | None:
    if status.on_track is None:
        return None
    return ON_TRACK_COLOR if status.on_track else OFF_TRACK_COLOR


KPI_COLUMNS = (
    Column(N_("KPI"), lambda s: s.kpi.name),
    Column(N_("Unit"), lambda s: s.kpi.unit),
    Column(N_("Baseline"), lambda s: format_value(s.kpi.baseline),
           sort=lambda s: s.kpi.baseline, align_right=True),
    Column(N_("Target"), lambda s: format_value(s.kpi.target),
           sort=lambda s: s.kpi.target, align_right=True,
           tooltip=lambda s: _("lower is better") if lower_is_better(s.kpi)
           else _("higher is better")),
    Column(N_("Latest"), lambda s: (_("{value} on {date}").format(
        value=format_value(s.latest), date=s.latest_date) if s.latest is not None else "—"),
        sort=lambda s: s.latest, align_right=True),
    Column(N_("Progress"), lambda s: "" if s.progress is None else round(s.progress * 100),
           sort=lambda s: s.progress,
           tooltip=lambda s: _("0 % at the baseline, 100 % at the target")),
    Column(N_("Status"), _status_text, background=_status_color),
)
PROGRESS_COLUMN = 5
MEASUREMENT_COLUMNS = (
    Column(N_("Date"), lambda m: m.date),
    Column(N_("Value"), lambda m: format_value(m.value), sort=lambda m: m.value,
           align_right=True),
)
KPI_FIELDS = (
    FormField("name", N_("KPI"), required=True, placeholder=N_("e.g. Average handling time")),
    FormField("unit", N_("Unit"), placeholder=N_("e.g. minutes, %, cases per day")),
    FormField("baseline", N_("Baseline"), "number"),
    FormField("target", N_("Target"), "number"),
)
MEASUREMENT_FIELDS = (
    FormField("date", N_("Date"), "date"),
    FormField("value", N_("Value"), "number"),
)


def _kpi_direction(values: dict[str, Any]) -> str:
    if values.get("target", 0.0) < values.get("baseline", 0.0):
        return _("The target lies below the baseline: lower is better (e.g. handling time "
                 "should go down).")
    if values.get("target", 0.0) == values.get("baseline", 0.0):
        return _("Set a target different from the baseline, so progress can be measured.")
    return _("The target lies above the baseline: higher is better.")


class KpiTab(_PilotTab):
    """The pilot's KPIs with progress and on/off track, a chart and the measurements of the
    KPI selected.

    Attributes:
        statuses: One ``KpiStatus`` per KPI, as shown.
        dialog: The dialog open right now (``None`` when none).
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("pilot_kpis")
        self.statuses: list[Any] = []
        self.dialog: RecordDialog | None = None
        self.model = RowTableModel(KPI_COLUMNS, self)
        self.proxy = _sorted_proxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = RecordTable(self)
        self.table.setObjectName("pilot_kpis_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROGRESS_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(PROGRESS_COLUMN, 130)
        self.table.doubleClicked.connect(lambda _index: self.edit_kpi())
        self.table.edit_pressed.connect(self.edit_kpi)
        self.table.delete_pressed.connect(self.delete_kpi)
        self.table.selectionModel().selectionChanged.connect(self._kpi_selected)
        self.empty_label = _empty_label(self, "pilot_kpis_empty")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.add_button = QPushButton(self)
        self.add_button.setObjectName("pilot_kpi_add")
        self.add_button.clicked.connect(self.add_kpi)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("pilot_kpi_edit")
        self.edit_button.clicked.connect(self.edit_kpi)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("pilot_kpi_delete")
        self.delete_button.clicked.connect(self.delete_kpi)
        self.measure_button = QPushButton(self)
        self.measure_button.setObjectName("pilot_kpi_measure")
        self.measure_button.clicked.connect(self.add_measurement)

        self.chart = KpiChart(self)
        self.measurements_model = RowTableModel(MEASUREMENT_COLUMNS, self)
        self.measurements_proxy = _sorted_proxy(self)
        self.measurements_proxy.setSourceModel(self.measurements_model)
        self.measurements_table = RecordTable(self)
        self.measurements_table.setObjectName("pilot_measurements_table")
        self.measurements_table.setModel(self.measurements_proxy)
        self.measurements_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.measurements_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.measurements_table.doubleClicked.connect(lambda _i: self.edit_measurement())
        self.measurements_table.edit_pressed.connect(self.edit_measurement)
        self.measurements_table.delete_pressed.connect(self.delete_measurements)
        self.measurements_table.selectionModel().selectionChanged.connect(
            self._update_buttons)
        self.measurements_label = QLabel(self)
        self.delete_measurement_button = QPushButton(self)
        self.delete_measurement_button.setObjectName("pilot_measurement_delete")
        self.delete_measurement_button.clicked.connect(self.delete_measurements)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.measure_button)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.stack, 1)
        top_layout.addLayout(buttons)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.measurements_label)
        side_layout.addWidget(self.measurements_table, 1)
        side_layout.addWidget(self.delete_measurement_button)
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(self.chart)
        bottom.addWidget(side)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([700, 260])
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate_ui()
        self._update_buttons()

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.empty_label.setText(_(
            "<h3>No KPIs yet</h3><p>A few key figures make the pilot's progress visible: "
            "name, unit, the baseline when the pilot started and the target. A target below "
            "the baseline means lower is better, e.g. handling time should go down.</p>"
            "<p>Add measurements with their date as the pilot runs: the table shows the "
            "progress and whether the KPI is on track.</p>"))
        self.add_button.setText(_("Add KPI…"))
        self.edit_button.setText(_("Edit…"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the KPI with its measurements (Del); Ctrl+Z "
                                        "brings them back"))
        self.measure_button.setText(_("Add measurement…"))
        self.measurements_label.setText(_("Measurements"))
        self.delete_measurement_button.setText(_("Delete measurement"))
        self.model.retranslate()
        self.measurements_model.retranslate()
        self._show_measurements()

    def set_detail(self, detail: domain.PilotDetail | None) -> None:
        """Show the KPIs of ``detail``'s pilot."""
        self.detail = detail
        current = self.current_kpi()
        statuses = []
        if detail is not None:
            for kpi in detail.kpis:
                own = [m for m in detail.measurements if m.kpi_id == kpi.id]
                statuses.append(pilot_analysis.kpi_status(
                    kpi, own, start=detail.pilot.start, end=detail.pilot.end))
        self.statuses = statuses
        self.model.set_rows(statuses)
        self.stack.setCurrentIndex(0 if statuses else 1)
        if statuses:
            wanted = current.id if current is not None else None
            row = next((r for r in range(self.proxy.rowCount())
                        if self.proxy.index(r, 0).data(ROW_ROLE).kpi.id == wanted), 0)
            self.table.selectRow(row)
        self._show_measurements()
        self._update_buttons()

    def current_kpi(self) -> domain.Kpi | None:
        """The KPI selected (``None`` when none)."""
        status = self.table.current_row()
        if status is None or not self.table.selectionModel().selectedRows():
            return None
        return status.kpi

    def _kpi_selected(self, *_args: Any) -> None:
        self._show_measurements()
        self._update_buttons()

    def _show_measurements(self) -> None:
        kpi = self.current_kpi()
        detail = self.detail
        own = ([m for m in detail.measurements if m.kpi_id == kpi.id]
               if kpi is not None and detail is not None else [])
        self.measurements_model.set_rows(own)
        if kpi is not None and detail is not None:
            self.chart.set_kpi(kpi, own, start=detail.pilot.start, end=detail.pilot.end)
            self.measurements_label.setText(_("Measurements of {kpi}").format(kpi=kpi.name))
        else:
            self.chart.set_kpi(None)
            self.measurements_label.setText(_("Measurements"))

    def _update_buttons(self, *_args: Any) -> None:
        has_pilot = self.detail is not None
        has_kpi = self.current_kpi() is not None
        self.add_button.setEnabled(has_pilot)
        self.edit_button.setEnabled(has_kpi)
        self.delete_button.setEnabled(has_kpi)
        self.measure_button.setEnabled(has_kpi)
        self.delete_measurement_button.setEnabled(
            bool(self.measurements_table.selectionModel().selectedRows()))

    # -- editing ----------------------------------------------------------------------

    def _open(self, dialog: RecordDialog) -> RecordDialog:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def add_kpi(self) -> RecordDialog | None:
        """Open the dialog for a new KPI; OK adds it (undoable)."""
        pilot_id = self.pilot_id
        if pilot_id is None:
            return None
        dialog = RecordDialog(_("New KPI"), _(
            "A key figure of the pilot: where it stood when the pilot started (baseline) and "
            "where it should get to (target)."), KPI_FIELDS, live=_kpi_direction, parent=self)
        dialog.accepted.connect(lambda: self.push(AddRecord(
            self.context, domain.Kpi(id=0, pilot_id=pilot_id, **dialog.values()),
            _("Add KPI"))))
        return self._open(dialog)

    def edit_kpi(self) -> RecordDialog | None:
        """Open the dialog for the selected KPI; OK writes what changed (undoable)."""
        kpi = self.current_kpi()
        if kpi is None:
            return None
        before = {f.key: getattr(kpi, f.key) for f in KPI_FIELDS}
        dialog = RecordDialog(_("Edit KPI"), "", KPI_FIELDS, before, live=_kpi_direction,
                              parent=self)

        def accepted() -> None:
            changed = {k: v for k, v in dialog.values().items() if v != before[k]}
            if changed:
                self.push(UpdateRecord(self.context, domain.Kpi, kpi.id, changed,
                                       _("Edit KPI")))

        dialog.accepted.connect(accepted)
        return self._open(dialog)

    def delete_kpi(self) -> None:
        """Delete the selected KPI with its measurements (undoable)."""
        kpi = self.current_kpi()
        if kpi is not None:
            self.push(DeleteRecord(self.context, domain.Kpi, kpi.id, _("Delete KPI")))

    def add_measurement(self) -> RecordDialog | None:
        """Open the dialog for a new measurement of the selected KPI (undoable)."""
        kpi = self.current_kpi()
        if kpi is None:
            return None
        unit = f" ({kpi.unit})" if kpi.unit else ""
        dialog = RecordDialog(_("New measurement"), _(
            "The value of {kpi}{unit} on a day.").format(kpi=kpi.name, unit=unit),
            MEASUREMENT_FIELDS, {"value": kpi.baseline}, parent=self)
        dialog.accepted.connect(lambda: self.push(AddRecord(
            self.context, domain.Measurement(id=0, kpi_id=kpi.id, **dialog.values()),
            _("Add measurement"))))
        return self._open(dialog)

    def edit_measurement(self) -> RecordDialog | None:
        """Open the dialog for the current measurement; OK writes what changed."""
        measurement = self.measurements_table.current_row()
        if measurement is None:
            return None
        before = {"date": measurement.date, "value": measurement.value}
        dialog = RecordDialog(_("Edit measurement"), "", MEASUREMENT_FIELDS, before,
                              parent=self)

        def accepted() -> None:
            changed = {k: v for k, v in dialog.values().items() if v != before[k]}
            if changed:
                self.push(UpdateRecord(self.context, domain.Measurement, measurement.id,
                                       changed, _("Edit measurement")))

        dialog.accepted.connect(accepted)
        return self._open(dialog)

    def delete_measurements(self) -> None:
        """Delete the selected measurements (one undo step)."""
        self._delete(domain.Measurement,
                     [m.id for m in self.measurements_table.selected_rows()],
                     N_("Delete measurement"))


# -- the team ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SkillRow:
    """A required skill as the team tab lists it."""

    skill_id: int
    name: str
    level: int


@dataclass(frozen=True)
class MemberRow:
    """A team member as the team tab lists it."""

    person_id: str
    name: str
    department: str
    role: str
    covers: str
    reason: str = ""


SKILL_COLUMNS = (
    Column(N_("Skill"), lambda r: r.name),
    Column(N_("Minimum level"), lambda r: level_label(r.level), sort=lambda r: r.level),
)
MEMBER_COLUMNS = (
    Column(N_("Name"), lambda r: r.name, tooltip=lambda r: r.reason or r.name),
    Column(N_("Department"), lambda r: r.department),
    Column(N_("Role"), lambda r: r.role,
           tooltip=lambda r: _("Double-click to change the role in the pilot")),
    Column(N_("Covers"), lambda r: r.covers),
)
ROLE_COLUMN = 2


class TeamTab(_PilotTab):
    """Required skills, the team (proposed by the staffing helper, editable) and the skills
    it leaves uncovered.

    Signals:
        proposed(): a proposed team was written (or nothing could be proposed).
    """

    proposed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("pilot_team")
        self.snapshot: domain.PlanSnapshot | None = None
        self.team = Team()
        #: Why the staffing helper picked each person (from the last proposal).
        self.reasons: dict[str, str] = {}
        self._loader = Loader(context, self._failed, self)

        self.skills_model = RowTableModel(SKILL_COLUMNS, self)
        self.skills_proxy = _sorted_proxy(self)
        self.skills_proxy.setSourceModel(self.skills_model)
        self.skills_table = RecordTable(self)
        self.skills_table.setObjectName("pilot_skills_table")
        self.skills_table.setModel(self.skills_proxy)
        self.skills_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.skills_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.skills_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.skills_table.delete_pressed.connect(self.remove_skills)
        self.skills_table.doubleClicked.connect(lambda _i: self._pick_skill(focus=True))
        self.skills_table.edit_pressed.connect(lambda: self._pick_skill(focus=True))
        self.skills_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._pick_skill(focus=False))
        self.skills_empty = _empty_label(self, "pilot_skills_empty")
        self.skills_stack = QStackedWidget(self)
        self.skills_stack.addWidget(self.skills_table)
        self.skills_stack.addWidget(self.skills_empty)
        self.skill_combo = person_combo(self, "pilot_skill_combo")
        self.skill_combo.setMinimumContentsLength(16)
        self.level_combo = QComboBox(self)
        self.level_combo.setObjectName("pilot_skill_level")
        self.set_skill_button = QPushButton(self)
        self.set_skill_button.setObjectName("pilot_skill_set")
        self.set_skill_button.clicked.connect(self.set_skill)
        self.remove_skill_button = QPushButton(self)
        self.remove_skill_button.setObjectName("pilot_skill_remove")
        self.remove_skill_button.clicked.connect(self.remove_skills)

        self.members_model = RecordsModel(MEMBER_COLUMNS, self, edit_column=ROLE_COLUMN,
                                          on_edit=self._role_edited)
        self.members_proxy = _sorted_proxy(self)
        self.members_proxy.setSourceModel(self.members_model)
        self.members_table = RecordTable(self)
        self.members_table.setObjectName("pilot_members_table")
        self.members_table.setModel(self.members_proxy)
        self.members_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.members_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                           | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.members_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.members_table.delete_pressed.connect(self.remove_members)
        self.members_table.edit_pressed.connect(self._edit_role)
        self.members_table.doubleClicked.connect(self._member_double_clicked)
        self.members_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.members_empty = _empty_label(self, "pilot_members_empty")
        self.members_stack = QStackedWidget(self)
        self.members_stack.addWidget(self.members_table)
        self.members_stack.addWidget(self.members_empty)
        self.coverage_label = QLabel(self)
        self.coverage_label.setObjectName("pilot_coverage")
        self.coverage_label.setWordWrap(True)
        self.department_label = QLabel(self)
        self.department_combo = QComboBox(self)
        self.department_combo.setObjectName("pilot_team_department")
        #: The department to choose the team from (``None``: everybody); the pilot's own
        #: department until the user picks another.
        self.wanted_department: str | None = None
        self.department_combo.currentIndexChanged.connect(
            lambda _i: setattr(self, "wanted_department", self.department_combo.currentData()))
        self.propose_button = QPushButton(self)
        self.propose_button.setObjectName("pilot_propose_team")
        self.propose_button.clicked.connect(self.propose)
        self.person_combo = person_combo(self, "pilot_person_combo")
        self.person_combo.setMinimumContentsLength(18)
        self.add_member_button = QPushButton(self)
        self.add_member_button.setObjectName("pilot_member_add")
        self.add_member_button.clicked.connect(self.add_member)
        self.remove_member_button = QPushButton(self)
        self.remove_member_button.setObjectName("pilot_member_remove")
        self.remove_member_button.clicked.connect(self.remove_members)

        self.skills_box = QGroupBox(self)
        skills_layout = QVBoxLayout(self.skills_box)
        skills_layout.addWidget(self.skills_stack, 1)
        skill_bar = QHBoxLayout()
        skill_bar.addWidget(self.skill_combo, 1)
        skill_bar.addWidget(self.level_combo)
        skills_layout.addLayout(skill_bar)
        skill_buttons = QHBoxLayout()
        skill_buttons.addWidget(self.set_skill_button)
        skill_buttons.addWidget(self.remove_skill_button)
        skill_buttons.addStretch(1)
        skills_layout.addLayout(skill_buttons)

        self.members_box = QGroupBox(self)
        members_layout = QVBoxLayout(self.members_box)
        propose_bar = QHBoxLayout()
        propose_bar.addWidget(self.department_label)
        propose_bar.addWidget(self.department_combo, 1)
        propose_bar.addWidget(self.propose_button)
        members_layout.addLayout(propose_bar)
        members_layout.addWidget(self.members_stack, 1)
        members_layout.addWidget(self.coverage_label)
        member_bar = QHBoxLayout()
        member_bar.addWidget(self.remove_member_button)
        member_bar.addStretch(1)
        member_bar.addWidget(self.person_combo)
        member_bar.addWidget(self.add_member_button)
        members_layout.addLayout(member_bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.skills_box)
        splitter.addWidget(self.members_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.skills_box.setTitle(_("Required skills"))
        self.members_box.setTitle(_("Team"))
        self.skills_empty.setText(_(
            "<p>Which skills does the pilot need, and at what level? Add them below: the "
            "staffing helper then proposes the smallest team that covers them.</p>"))
        self.members_empty.setText(_(
            "<h3>No team yet</h3><p>Add the required skills and press “Propose team”: the "
            "staffing helper proposes the smallest team that covers them (people who keep "
            "daily business running are spared where possible). Adjust it by hand "
            "afterwards.</p>"))
        self.skill_combo.lineEdit().setPlaceholderText(_("Skill"))
        current_level = self.level_combo.currentData()
        self.level_combo.clear()
        for level in range(domain.LEVEL_MIN + 1, domain.LEVEL_MAX + 1):
            self.level_combo.addItem(level_label(level), level)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData(current_level or 3)))
        self.set_skill_button.setText(_("Require"))
        self.set_skill_button.setToolTip(_("Add the skill at this minimum level, or change "
                                           "the level of a required skill"))
        self.remove_skill_button.setText(_("Remove"))
        self.department_label.setText(_("Choose from:"))
        self.propose_button.setText(_("Propose team"))
        self.propose_button.setToolTip(_("Replace the team with the smallest team that "
                                         "covers the required skills (Ctrl+Z restores it)"))
        self.person_combo.lineEdit().setPlaceholderText(_("Person to add"))
        self.add_member_button.setText(_("Add to team"))
        self.remove_member_button.setText(_("Remove from team"))
        self.skills_model.retranslate()
        self.members_model.retranslate()
        self._fill_departments()
        self._show()

    @property
    def loading(self) -> bool:
        """Whether a team is being proposed."""
        return self._loader.busy

    def set_data(self, detail: domain.PilotDetail | None,
                 snapshot: domain.PlanSnapshot | None) -> None:
        """Show the team of ``detail``'s pilot (``snapshot``: people, skills, ratings)."""
        pilot_changed = (detail.pilot.id if detail else None) != self.pilot_id
        self.detail = detail
        if snapshot is not self.snapshot:
            self.snapshot = snapshot
            self._fill_choices()
        if pilot_changed:
            self.reasons = {}
            self.wanted_department = (detail.pilot.department or None) if detail else None
            self._fill_departments()
        self._show()

    def _fill_choices(self) -> None:
        snapshot = self.snapshot
        self.skill_combo.clear()
        self.person_combo.clear()
        if snapshot is None:
            return
        for skill in sorted((s for s in snapshot.skills if not s.archived),
                            key=lambda s: s.name.casefold()):
            self.skill_combo.addItem(skill.name, skill.id)
        self.skill_combo.setCurrentIndex(-1)
        for person in sorted(snapshot.people, key=lambda p: (p.name.casefold(), p.id)):
            label = f"{person.name} ({person.department})" if person.department else person.name
            self.person_combo.addItem(label, person.id)
        self.person_combo.setCurrentIndex(-1)
        self._fill_departments()

    def _fill_departments(self) -> None:
        people = self.snapshot.people if self.snapshot is not None else ()
        fill_department_combo(self.department_combo, _("All departments"),
                              (p.department for p in people), self.wanted_department)

    def required(self) -> dict[int, int]:
        """The required skills: ``skill_id -> minimum level``."""
        return {s.skill_id: s.level for s in self.detail.skills} if self.detail else {}

    def member_ids(self) -> list[str]:
        """Ids of the team members, in the plan's order."""
        return [m.person_id for m in self.detail.members] if self.detail else []

    def _show(self) -> None:
        detail, snapshot = self.detail, self.snapshot
        skill_names = {s.id: s.name for s in snapshot.skills} if snapshot else {}
        skill_rows = [SkillRow(s.skill_id, skill_names.get(s.skill_id, "…"), s.level)
                      for s in (detail.skills if detail else ())]
        self.skills_model.set_rows(skill_rows)
        self.skills_stack.setCurrentIndex(0 if skill_rows else 1)
        members = detail.members if detail else ()
        if snapshot is not None and detail is not None:
            self.team = team_coverage(snapshot, self.required(), self.member_ids(),
                                      self.reasons)
        else:
            self.team = Team()
        by_id = {m.id: m for m in self.team.members}
        people = snapshot.people_by_id() if snapshot else {}
        rows = []
        for member in members:
            person = people.get(member.person_id)
            covered = by_id.get(member.person_id)
            rows.append(MemberRow(member.person_id,
                                  person.name if person else member.person_id,
                                  person.department if person else "", member.role,
                                  covered.covers_text() if covered else "—",
                                  self.reasons.get(member.person_id, "")))
        self.members_model.set_rows(rows)
        self.members_table.resizeColumnsToContents()
        self.members_stack.setCurrentIndex(0 if rows else 1)
        self._show_coverage()
        self._update_buttons()

    def _show_coverage(self) -> None:
        required = self.required()
        members = len(self.member_ids())
        if not required:
            text = _("No required skills yet: the team cannot be checked against them.")
            color = ""
        elif self.snapshot is None:
            text, color = _("Reading the plan…"), ""
        elif self.team.uncovered:
            items = "; ".join(_("{skill} (level {level} needed; best available {best})").format(
                skill=name, level=level, best=best) for name, level, best in self.team.uncovered)
            text, color = _("Uncovered: {items}").format(items=items), WARNING_COLOR
        else:
            text = _("Every required skill is covered.")
            color = ""
        if members:
            text = ngettext("A team of {n} person.", "A team of {n} people.",
                            members).format(n=members) + " " + text
        self.coverage_label.setText(text)
        self.coverage_label.setStyleSheet(f"color: {color};" if color else "")

    def _update_buttons(self, *_args: Any) -> None:
        ready = self.detail is not None and self.snapshot is not None
        self.set_skill_button.setEnabled(ready)
        self.remove_skill_button.setEnabled(
            ready and bool(self.skills_table.selectionModel().selectedRows()))
        self.propose_button.setEnabled(ready and bool(self.required()) and not self.loading)
        self.add_member_button.setEnabled(ready)
        self.remove_member_button.setEnabled(
            ready and bool(self.members_table.selectionModel().selectedRows()))

    # -- required skills --------------------------------------------------------------

    def _pick_skill(self, *, focus: bool) -> None:
        row = self.skills_table.current_row()
        if row is None:
            return
        self.skill_combo.setCurrentIndex(self.skill_combo.findData(row.skill_id))
        self.level_combo.setCurrentIndex(self.level_combo.findData(row.level))
        self._update_buttons()
        if focus:
            self.level_combo.setFocus()

    def set_skill(self) -> None:
        """Require the skill in the combo box at the level chosen (undoable)."""
        if self.detail is None:
            return
        index = self.skill_combo.findText(self.skill_combo.currentText(),
                                          Qt.MatchFlag.MatchFixedString)
        if index < 0:
            self.context.status_message.emit(_("Choose a skill from the catalogue."))
            return
        skill_id = self.skill_combo.itemData(index)
        level = self.level_combo.currentData()
        current = self.required()
        if current.get(skill_id) == level:
            return
        items = [domain.PilotSkill(self.detail.pilot.id, s.skill_id,
                                   level if s.skill_id == skill_id else s.level)
                 for s in self.detail.skills]
        if skill_id not in current:
            items.append(domain.PilotSkill(self.detail.pilot.id, skill_id, level))
        text = (_("Change required level") if skill_id in current else _("Require skill"))
        self.push(SetPilotList(self.context, self.detail.pilot.id, "skills", items, text))

    def remove_skills(self) -> None:
        """Stop requiring the selected skills (undoable)."""
        if self.detail is None:
            return
        removed = {r.skill_id for r in self.skills_table.selected_rows()}
        if removed:
            self.push(SetPilotList(
                self.context, self.detail.pilot.id, "skills",
                [s for s in self.detail.skills if s.skill_id not in removed],
                ngettext("Remove required skill", "Remove required skills", len(removed))))

    # -- members ----------------------------------------------------------------------

    def propose(self) -> None:
        """Let the staffing helper propose the team (in the background); the proposal
        replaces the team in one undoable step."""
        plan, snapshot, detail = self.context.plan, self.snapshot, self.detail
        if plan is None or snapshot is None or detail is None or not self.required():
            return
        self.coverage_label.setText(_("Looking for the smallest team…"))
        pilot_id = detail.pilot.id
        self._loader.start(propose_team, plan, snapshot, self.required(),
                           self.department_combo.currentData(),
                           on_done=lambda team: self._proposed(pilot_id, team))
        self._update_buttons()

    def _proposed(self, pilot_id: int, team: Team) -> None:
        if self.detail is None or self.detail.pilot.id != pilot_id:
            self.proposed.emit()
            return
        roles = {m.person_id: m.role for m in self.detail.members}
        self.reasons = {m.id: m.reason for m in team.members}
        if not team.members:
            self.context.status_message.emit(_(
                "Nobody covers the required skills at the levels asked for."))
            self._show()
            self.proposed.emit()
            return
        items = [domain.PilotMember(pilot_id, m.id, roles.get(m.id, "")) for m in team.members]
        if [m.person_id for m in items] != self.member_ids():
            self.push(SetPilotList(self.context, pilot_id, "members", items,
                                   _("Propose team")))
            self.context.status_message.emit(ngettext(
                "A team of {n} person was proposed; Ctrl+Z restores the previous team.",
                "A team of {n} people was proposed; Ctrl+Z restores the previous team.",
                len(items)).format(n=len(items)))
        self._show()
        self.proposed.emit()

    def _failed(self, message: str) -> None:
        self.coverage_label.setText(_("The team could not be computed: {reason}").format(
            reason=message))
        self._update_buttons()
        self.proposed.emit()

    def add_member(self) -> None:
        """Add the person chosen in the combo box to the team (undoable)."""
        if self.detail is None:
            return
        index = self.person_combo.findText(self.person_combo.currentText(),
                                           Qt.MatchFlag.MatchFixedString)
        person_id = self.person_combo.itemData(index) if index >= 0 else None
        if not person_id:
            self.context.status_message.emit(_("Choose a person from the list."))
            return
        if person_id in self.member_ids():
            return
        items = [*self.detail.members, domain.PilotMember(self.detail.pilot.id, person_id)]
        self.push(SetPilotList(self.context, self.detail.pilot.id, "members", items,
                               _("Add team member")))

    def remove_members(self) -> None:
        """Take the selected people off the team (undoable)."""
        if self.detail is None:
            return
        removed = {r.person_id for r in self.members_table.selected_rows()}
        if removed:
            self.push(SetPilotList(
                self.context, self.detail.pilot.id, "members",
                [m for m in self.detail.members if m.person_id not in removed],
                ngettext("Remove team member", "Remove team members", len(removed))))

    def _member_double_clicked(self, index: QModelIndex) -> None:
        if index.column() != ROLE_COLUMN:
            self._edit_role()

    def _edit_role(self) -> None:
        index = self.members_table.currentIndex()
        if index.isValid():
            self.members_table.setCurrentIndex(index.siblingAtColumn(ROLE_COLUMN))
            self.members_table.edit(index.siblingAtColumn(ROLE_COLUMN))

    def _role_edited(self, row: MemberRow, role: str) -> None:
        if self.detail is None or role == row.role:
            return
        items = [domain.PilotMember(m.pilot_id, m.person_id,
                                    role if m.person_id == row.person_id else m.role)
                 for m in self.detail.members]
        self.push(SetPilotList(self.context, self.detail.pilot.id, "members", items,
                               _("Change role")))


# -- the detail widget ------------------------------------------------------------------

class PilotDetailWidget(QWidget):
    """One pilot: header (status, Stacey zone, warnings, Edit) and tabs for team, KPIs,
    milestones, wins, deviations and proven processes.

    Signals:
        loaded(): the people and skills of the plan were read (the team tab is complete).
        pilot_shown(int): a pilot is shown (its id); -1 when none.
    """

    loaded = Signal()
    pilot_shown = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pilot_detail")
        self.context = context
        self.detail: domain.PilotDetail | None = None
        self.snapshot: domain.PlanSnapshot | None = None
        self.goals: dict[int, domain.Goal] = {}
        #: The edit dialog open right now (``None`` when none).
        self.dialog: PilotDialog | None = None
        self._pilot_id: int | None = None
        self._pending: set[str] = set()
        self._loader = Loader(context, self._load_failed, self)

        self.name_label = QLabel(self)
        self.name_label.setObjectName("pilot_detail_name")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("pilot_detail_status")
        self.zone_label = QLabel(self)
        self.zone_label.setObjectName("pilot_detail_zone")
        self.zone_label.setWordWrap(True)
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("pilot_detail_facts")
        self.facts_label.setWordWrap(True)
        self.purpose_label = QLabel(self)
        self.purpose_label.setObjectName("pilot_detail_purpose")
        self.purpose_label.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("pilot_detail_summary")
        self.summary_label.setWordWrap(True)
        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("pilot_detail_warnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet(f"color: {WARNING_COLOR};")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("pilot_detail_edit")
        self.edit_button.clicked.connect(self.edit_pilot)
        # Names and purposes print literally; zone and facts are escaped rich text.
        for label in (self.name_label, self.status_label, self.purpose_label,
                      self.summary_label, self.warnings_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.zone_label.setTextFormat(Qt.TextFormat.RichText)
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)

        self.team_tab = TeamTab(context, self)
        self.kpi_tab = KpiTab(context, self)
        self.milestones_tab = RecordTab(context, MILESTONES, "pilot_milestones", self)
        self.wins_tab = RecordTab(context, WINS, "pilot_wins", self)
        self.deviations_tab = RecordTab(context, DEVIATIONS, "pilot_deviations", self)
        self.processes_tab = RecordTab(context, PROVEN_PROCESSES, "pilot_processes", self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pilot_detail_tabs")
        for tab in (self.team_tab, self.kpi_tab, self.milestones_tab, self.wins_tab,
                    self.deviations_tab, self.processes_tab):
            self.tabs.addTab(tab, "")

        title_row = QHBoxLayout()
        title_row.addWidget(self.name_label)
        title_row.addWidget(self.status_label)
        title_row.addStretch(1)
        title_row.addWidget(self.edit_button)
        header = QVBoxLayout()
        header.setContentsMargins(6, 6, 6, 0)
        header.setSpacing(4)
        header.addLayout(title_row)
        header.addWidget(self.facts_label)
        header.addWidget(self.zone_label)
        header.addWidget(self.purpose_label)
        header.addWidget(self.summary_label)
        header.addWidget(self.warnings_label)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(header)
        content_layout.addWidget(self.tabs, 1)
        self.empty_label = _empty_label(self, "pilot_detail_empty")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(content)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        context.plan_changed.connect(self._plan_changed)
        context.data_changed.connect(self._data_changed)
        self.retranslate_ui()
        self._show()

    # -- public -----------------------------------------------------------------------

    @property
    def pilot_id(self) -> int | None:
        """The pilot shown (``None`` when none)."""
        return self._pilot_id

    @property
    def loading(self) -> bool:
        """Whether the plan is being read or a team proposed in the background."""
        return self._loader.busy or self.team_tab.loading

    def show_pilot(self, pilot_id: int | None) -> None:
        """Show the pilot with ``pilot_id`` (``None``: nothing)."""
        self._pilot_id = pilot_id
        self._pending.clear()
        self._read_detail()
        if self.snapshot is None and pilot_id is not None:
            self._read_people()
        if pilot_id is not None and not self.goals:
            self._read_goals()
        self._show()
        self.pilot_shown.emit(pilot_id if self.detail is not None else -1)

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.edit_button.setText(_("Edit pilot…"))
        self.edit_button.setToolTip(_("Change name, status, dates, customer fit, Stacey "
                                      "placement, sponsor and goals"))
        for tab in (self.team_tab, self.kpi_tab, self.milestones_tab, self.wins_tab,
                    self.deviations_tab, self.processes_tab):
            tab.retranslate_ui()
        self._show()

    def reload(self, kind: str = "all") -> None:
        """Read again what ``kind`` of change ("pilots", "goals", "people", "all") touched."""
        if kind in ("all", "people", "skills"):
            self.snapshot = None
            if self._pilot_id is not None:
                self._read_people()
        if kind in ("all", "goals"):
            self._read_goals()
        if kind in ("all", "pilots"):
            self._read_detail()
        self._show()

    def edit_pilot(self) -> PilotDialog | None:
        """Open the pilot dialog; OK writes the changed fields in one undoable step."""
        if self.detail is None or self.context.plan is None:
            return None
        pilot = self.detail.pilot
        dialog = PilotDialog(self.context, pilot, self)

        def accepted() -> None:
            changed = dialog.changed_fields()
            if changed:
                self.context.undo_stack.push(UpdateRecord(
                    self.context, domain.Pilot, pilot.id, changed,
                    _("Edit pilot {name}").format(name=pilot.name)))

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- reading ----------------------------------------------------------------------

    def _read_detail(self) -> None:
        plan = self.context.plan
        if plan is None or self._pilot_id is None:
            self.detail = None
            return
        try:
            self.detail = records.pilot_detail(plan, self._pilot_id)
        except KeyError:
            self.detail = None  # deleted (or undone): the empty state says so

    def _read_goals(self) -> None:
        plan = self.context.plan
        self.goals = {g.id: g for g in records.list_goals(plan)} if plan is not None else {}

    def _read_people(self) -> None:
        plan = self.context.plan
        if plan is not None:
            self._loader.start(load_people, plan, on_done=self._people_loaded)

    def _people_loaded(self, snapshot: domain.PlanSnapshot) -> None:
        self.snapshot = snapshot
        self._show()
        self.loaded.emit()

    def _load_failed(self, message: str) -> None:
        self.context.status_message.emit(message)

    def _plan_changed(self, _plan: Any) -> None:
        self.snapshot = None
        self.goals = {}
        self.show_pilot(None)

    def _data_changed(self, kind: str) -> None:
        if kind not in ("all", "pilots", "goals", "people", "skills"):
            return
        if self.isVisible():
            self.reload(kind)
        else:
            # Hidden: catch up when shown (one read instead of one per change).
            self._pending.add(kind)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            kinds, self._pending = self._pending, set()
            for kind in ("all",) if "all" in kinds else sorted(kinds):
                self.reload(kind)

    # -- showing ----------------------------------------------------------------------

    def _show(self) -> None:
        detail = self.detail
        if detail is None:
            self.empty_label.setText(
                _("<h3>No pilot chosen</h3><p>Choose a pilot to see its team, KPIs, "
                  "milestones, wins and deviations.</p>") if self._pilot_id is None else
                _("<h3>This pilot no longer exists</h3><p>It was deleted; Ctrl+Z brings "
                  "it back.</p>"))
            self.stack.setCurrentIndex(1)
        self.team_tab.set_data(detail, self.snapshot)
        self.kpi_tab.set_detail(detail)
        self.milestones_tab.set_detail(detail, detail.milestones if detail else ())
        self.wins_tab.set_detail(detail, detail.wins if detail else ())
        self.deviations_tab.set_detail(detail, detail.deviations if detail else ())
        self.processes_tab.set_detail(detail, detail.proven_processes if detail else ())
        if detail is not None:
            self.stack.setCurrentIndex(0)
            self._show_header(detail)
        self._tab_titles()
        self.edit_button.setEnabled(detail is not None)

    def _tab_titles(self) -> None:
        detail = self.detail
        if detail is None:
            counts = ("", "", "", "", "", "")
        else:
            done = sum(1 for m in detail.milestones if m.done)
            counts = (f" ({len(detail.members)})", f" ({len(detail.kpis)})",
                      f" ({done}/{len(detail.milestones)})", f" ({len(detail.wins)})",
                      f" ({len(detail.deviations)})", f" ({len(detail.proven_processes)})")
        titles = (_("Team"), _("KPIs"), _("Milestones"), _("Wins"), _("Deviations"),
                  _("Proven processes"))
        for i, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.tabs.setTabText(i, title + count)
        tips = (_("Required skills and the team, proposed by the staffing helper"),
                _("Key figures with baseline, target and dated measurements"),
                _("Small first steps with a date"),
                _("Small wins to celebrate"),
                _("Deviations and what we learned: an error culture without blame"),
                _("Proven processes kept for now to avoid instability"))
        for i, tip in enumerate(tips):
            self.tabs.setTabToolTip(i, tip)

    def _show_header(self, detail: domain.PilotDetail) -> None:
        pilot = detail.pilot
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.name_label.setFont(title_font)
        self.name_label.setText(pilot.name)
        self.status_label.setText(_(domain.PILOT_STATUS_LABELS.get(pilot.status,
                                                                   pilot.status)))
        self.status_label.setStyleSheet(
            "border: 1px solid palette(mid); border-radius: 8px; padding: 1px 8px;")
        zone = pilot_analysis.stacey_zone(pilot.agreement, pilot.certainty)
        recommendation = pilot_analysis.ZONE_RECOMMENDATIONS.get(zone, "")
        zone_text = _("Stacey zone: <b>{zone}</b>").format(
            zone=_(domain.STACEY_ZONE_LABELS.get(zone, zone)))
        if recommendation:
            zone_text += " — " + _escape(_(recommendation))
        self.zone_label.setText(zone_text)

        facts = []
        where = " / ".join(x for x in (pilot.department, pilot.team) if x)
        if where:
            facts.append(_escape(where))
        if pilot.start or pilot.end:
            facts.append(_("{start} to {end}").format(start=pilot.start or "…",
                                                      end=pilot.end or "…"))
        facts.append(_("{percent} % type-A customers").format(
            percent=round(pilot.customer_a_share * 100)))
        facts.append(_("agile") if pilot.agile else _("not agile"))
        if pilot.sponsor_id:
            people = self.snapshot.people_by_id() if self.snapshot else {}
            person = people.get(pilot.sponsor_id)
            facts.append(_("Sponsor: {name}").format(
                name=_escape(person.name if person else pilot.sponsor_id)))
        goals = [self.goals[g].title for g in pilot.goal_ids if g in self.goals]
        if goals:
            facts.append(_("Goals: {goals}").format(goals=_escape("; ".join(goals))))
        self.facts_label.setText(" · ".join(facts))
        self.purpose_label.setText(pilot.purpose)
        self.purpose_label.setVisible(bool(pilot.purpose))

        summary = pilot_analysis.pilot_summary(detail)
        parts = []
        if summary.kpis:
            parts.append(ngettext("{on} of {n} KPI on track", "{on} of {n} KPIs on track",
                                  len(summary.kpis)).format(on=summary.kpis_on_track,
                                                            n=len(summary.kpis)))
        if summary.milestones_total:
            parts.append(ngettext("{done} of {n} milestone done",
                                  "{done} of {n} milestones done",
                                  summary.milestones_total).format(
                done=summary.milestones_done, n=summary.milestones_total))
        parts.append(ngettext("{n} win to celebrate", "{n} wins to celebrate",
                              summary.wins).format(n=summary.wins))
        parts.append(ngettext("{n} deviation to learn from", "{n} deviations to learn from",
                              summary.deviations).format(n=summary.deviations))
        self.summary_label.setText(" · ".join(parts))
        warnings = list(summary.warnings)
        self.warnings_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings_label.setVisible(bool(warnings))


def _escape(text: str) -> str:
    """``text`` safe inside a rich-text label (names like ``<b>`` show literally)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

