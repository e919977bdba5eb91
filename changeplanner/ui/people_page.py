"""The People page: a sortable, filterable table of everyone in the plan, editable in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import plans
from changeplanner.services.plans import Plan
from changeplanner.ui.adkar_dialog import AdkarDialog
from changeplanner.ui.commands import EditPersonField, SetAdkar
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page
from changeplanner.ui.people_model import (
    BARRIER_ANY,
    BARRIER_NONE,
    BARRIER_UNRATED,
    COLUMNS,
    FIELD_NAMES,
    PERSON_ID_ROLE,
    VALUE_ROLE,
    PeopleFilterProxy,
    PeopleModel,
    attitude_text,
)

_ALL_DEPARTMENTS = None


def load_snapshot(plan: Plan, *, progress: Progress) -> domain.PlanSnapshot:
    """Read the people, departments and ADKAR ratings for the table (runs in a worker
    process: neither the skills nor the network are read)."""
    progress.update(0.0, _("Reading the people…"))
    return plans.snapshot(plan, skills=False, network=False)


class PersonDelegate(QStyledItemDelegate):
    """Editors that fit each column: a department combo (editable), an attitude combo with
    "unknown", a 0-100 spin box for availability, a line edit for texts."""

    def __init__(self, departments: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._departments = departments

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        field = COLUMNS[index.column()]
        if field == "department":
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(self._departments())
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            return combo
        if field == "attitude":
            combo = QComboBox(parent)
            combo.addItem(attitude_text(None), None)
            for value in range(domain.ATTITUDE_MIN, domain.ATTITUDE_MAX + 1):
                combo.addItem(attitude_text(value), value)
            return combo
        if field == "availability":
            spin = QSpinBox(parent)
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        field = COLUMNS[index.column()]
        value = index.data(VALUE_ROLE)
        if field == "department":
            editor.setCurrentText(value or "")
        elif field == "attitude":
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif field == "availability":
            editor.setValue(int(value or 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex | QPersistentModelIndex
                     ) -> None:
        field = COLUMNS[index.column()]
        if field == "department":
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif field == "attitude":
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif field == "availability":
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class PeoplePage(Page):
    """Everyone in the plan: filter by text, department and team leads; edit with undo.

    The plan is read in the background, so a plan with thousands of people opens without
    freezing the window.

    Signals:
        snapshot_loaded(object): the :class:`~changeplanner.domain.PlanSnapshot` the table
            now shows (the main window takes the plan's name from it).
    """

    key = "people"
    snapshot_loaded = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._departments: list[str] = []
        self._editing = False
        self._generation = 0
        self._loading = False

        self.model = PeopleModel(self)
        self.model.set_edit_handler(self._edit, self._show_invalid)
        self.proxy = PeopleFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setObjectName("people_filter")
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.department_combo = QComboBox(self)
        self.department_combo.setObjectName("people_department")
        self.department_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.department_combo.currentIndexChanged.connect(self._filter_changed)
        self.barrier_combo = QComboBox(self)
        self.barrier_combo.setObjectName("people_barrier")
        self.barrier_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.barrier_combo.currentIndexChanged.connect(self._filter_changed)
        #: The open ADKAR dialog (``None`` when none is open).
        self.adkar_dialog: AdkarDialog | None = None
        self.leads_check = QCheckBox(self)
        self.leads_check.setObjectName("people_leads_only")
        self.leads_check.toggled.connect(self._filter_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("people_count")
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("people_empty")

        self.table = QTableView(self)
        self.table.setObjectName("people_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("name"), Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setItemDelegate(PersonDelegate(lambda: self._departments, self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        # Measure column widths on the rows in view: measuring 10,000 rows blocks for seconds.
        header.setResizeContentsPrecision(0)  # the rows in view

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.department_combo)
        bar.addWidget(self.barrier_combo)
        bar.addWidget(self.leads_check)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_filter)

        self.retranslate_ui()
        self.reload("all")

    # -- Page contract ----------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated navigation entry."""
        return _("People")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.filter_edit.setPlaceholderText(_("Filter by name, ID or title (Ctrl+F)"))
        self.department_combo.setToolTip(_("Show one department only"))
        self.leads_check.setText(_("Team leads only"))
        self.barrier_combo.setToolTip(_("Show people by their ADKAR barrier point"))
        self._fill_barriers()
        self.empty_label.setText(_(
            "No people in this plan yet. Import a CSV or Excel file with File ▸ Import ▸ "
            "People…, or open the demo plan with File ▸ Open demo."))
        self._fill_departments()
        self.model.retranslate()
        self._update_count()
        self._resize_columns()

    def reload(self, kind: str) -> None:
        """Re-read the people (in the background) when the plan or its people changed."""
        if kind not in ("all", "people") or self._editing:
            return
        self._generation += 1
        plan = self.context.plan
        if plan is None:
            self._loading = False
            self._show_snapshot(None)
            return
        generation = self._generation
        self._loading = True
        self.context.runner.start(
            load_snapshot, plan, isolate=True,
            on_finished=lambda snap: self._loaded(generation, snap),
            on_failed=lambda message, _user_error: self._load_failed(generation, message))

    @property
    def loading(self) -> bool:
        """Whether the people are being read."""
        return self._loading

    def _loaded(self, generation: int, snap: domain.PlanSnapshot) -> None:
        if generation != self._generation:
            return  # an older read finished after a newer one started
        self._loading = False
        self._show_snapshot(snap)
        self.snapshot_loaded.emit(snap)

    def _load_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.context.status_message.emit(
            _("The people could not be read: {reason}").format(reason=message))

    def _show_snapshot(self, snap: domain.PlanSnapshot | None) -> None:
        if snap is None:
            self._departments = []
            self.model.set_people([])
        else:
            self._departments = sorted({d.name for d in snap.departments}
                                       | {p.department for p in snap.people if p.department},
                                       key=str.casefold)
            self.model.set_people(snap.people, snap.adkar)
        self._fill_departments()
        self._update_count()
        self._resize_columns()

    # -- filters ----------------------------------------------------------------------

    def focus_filter(self) -> None:
        """Put the cursor into the filter field (Ctrl+F)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _fill_departments(self) -> None:
        current = self.department_combo.currentData()
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(_("All departments"), _ALL_DEPARTMENTS)
        for name in self._departments:
            self.department_combo.addItem(name, name)
        index = self.department_combo.findData(current) if current else 0
        self.department_combo.setCurrentIndex(max(index, 0))
        self.department_combo.blockSignals(False)
        self.proxy.set_department(self.department_combo.currentData())

    def _fill_barriers(self) -> None:
        current = self.barrier_combo.currentData()
        self.barrier_combo.blockSignals(True)
        self.barrier_combo.clear()
        self.barrier_combo.addItem(_("Any barrier"), BARRIER_ANY)
        for key in domain.ADKAR_ELEMENTS:
            self.barrier_combo.addItem(_(domain.ADKAR_LABELS[key]), key)
        self.barrier_combo.addItem(_("no barrier"), BARRIER_NONE)
        self.barrier_combo.addItem(_("not rated"), BARRIER_UNRATED)
        index = self.barrier_combo.findData(current) if current else 0
        self.barrier_combo.setCurrentIndex(max(index, 0))
        self.barrier_combo.blockSignals(False)
        self.proxy.set_barrier(self.barrier_combo.currentData())

    def _filter_changed(self, *_args: Any) -> None:
        self.proxy.set_text(self.filter_edit.text())
        self.proxy.set_department(self.department_combo.currentData())
        self.proxy.set_barrier(self.barrier_combo.currentData())
        self.proxy.set_leads_only(self.leads_check.isChecked())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            text = ngettext("{total} person", "{total} people", total).format(total=total)
        else:
            text = ngettext("{total} person ({shown} shown)", "{total} people ({shown} shown)",
                            total).format(total=total, shown=shown)
        self.count_label.setText(text)
        self.empty_label.setVisible(self.context.plan is not None and total == 0
                                    and not self._loading)

    def _resize_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for field, limit in (("name", 230), ("department", 210), ("manager_id", 190)):
            column = COLUMNS.index(field)
            header.resizeSection(column, min(max(header.sectionSize(column), 100), limit))
        # The title takes the room that is left, so every column fits a 1280-pixel window.
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)

    # -- editing ----------------------------------------------------------------------

    def _edit(self, person_id: str, field: str, value: Any) -> None:
        plan = self.context.plan
        if plan is None:
            return
        person = self.model.person_at(self.model.row_of(person_id))
        command = EditPersonField(plan, person_id, field, value, person_name=person.name,
                                  field_label=_(FIELD_NAMES[field]), applied=self._applied,
                                  failed=self._show_failure)
        self.context.undo_stack.push(command)

    def _applied(self, person_id: str, field: str, value: Any) -> None:
        self.model.apply_change(person_id, field, value)
        if field == "department" and value and value not in self._departments:
            self._departments = sorted([*self._departments, value], key=str.casefold)
            self._fill_departments()
        self._update_count()
        # Other pages (network colours, board names) reload; this page already shows it.
        self._editing = True
        try:
            self.context.data_changed.emit("people")
        finally:
            self._editing = False

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for a row of the table (``index`` of the proxy), or ``None`` off the rows.
        """
        if not index.isValid() or self.context.plan is None:
            return None
        person_id = index.data(PERSON_ID_ROLE)
        menu = QMenu(self)
        action = menu.addAction(_("ADKAR rating…"))
        action.setObjectName("people_adkar_action")
        action.triggered.connect(lambda: self.edit_adkar(person_id))
        return menu

    def _show_context_menu(self, pos) -> None:
        menu = self.context_menu(self.table.indexAt(pos))
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def edit_adkar(self, person_id: str) -> AdkarDialog | None:
        """Open the ADKAR dialog for ``person_id``; OK writes one undoable change."""
        row = self.model.row_of(person_id)
        if row < 0 or self.context.plan is None:
            return None
        person = self.model.person_at(row)
        dialog = AdkarDialog(person_id, person.name, self.model.adkar_of(person_id), self)
        dialog.accepted.connect(lambda: self._adkar_entered(dialog, person.name))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: setattr(self, "adkar_dialog", None))
        self.adkar_dialog = dialog
        dialog.open()
        return dialog

    def _adkar_entered(self, dialog: AdkarDialog, person_name: str) -> None:
        plan = self.context.plan
        adkar = dialog.adkar()
        before = self.model.adkar_of(adkar.person_id) or domain.Adkar(adkar.person_id)
        if plan is None or adkar == before:
            return
        self.context.undo_stack.push(SetAdkar(plan, adkar, person_name=person_name,
                                              applied=self._adkar_applied,
                                              failed=self._show_failure))

    def _adkar_applied(self, adkar: domain.Adkar) -> None:
        self.model.set_adkar(adkar)
        self.proxy.refilter()
        self._update_count()

    def _show_invalid(self, message: str) -> None:
        # Shown after the editor has closed: a modal box inside commitData re-enters the view.
        QTimer.singleShot(0, lambda: QMessageBox.warning(
            self, _("Value not accepted"), message + "\n\n" + _("Nothing was changed.")))

    def _show_failure(self, message: str) -> None:
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, _("Change not saved"), message))
