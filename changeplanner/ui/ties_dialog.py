"""The ties dialog: list, add, edit (relation, weight) and delete ties, every change undoable.

Every change is a command on the window's undo stack (``ui.commands``) calling
``services.ties``; afterwards ``context.data_changed("ties")`` tells every page. The header
shows the relationship survey's response rate and warns below 80 %.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import N_, _, ngettext
from changeplanner.services import plans, survey, ties
from changeplanner.ui.commands import AddTie, DeleteTies, EditTie
from changeplanner.ui.context import AppContext

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def relation_label(relation: str) -> str:
    """The translated label of a relation."""
    return _(domain.RELATION_LABELS.get(relation, relation))


class TiesModel(QAbstractTableModel):
    """Ties as rows: from, to, relation, weight; relation and weight are editable.

    Editing does not write: it calls ``edit_requested(tie, relation, weight)``, which pushes
    an undoable command.
    """

    HEADERS = (N_("From"), N_("To"), N_("Relation"), N_("Weight"))

    def __init__(self, edit_requested, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ties: list[domain.Tie] = []
        self.names: dict[str, str] = {}
        self._edit_requested = edit_requested

    def set_ties(self, ties_: list[domain.Tie], names: dict[str, str]) -> None:
        """Show ``ties_`` (``names``: person id -> name)."""
        self.beginResetModel()
        self.ties = list(ties_)
        self.names = dict(names)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt API
        """Number of ties."""
        return 0 if parent.isValid() else len(self.ties)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt API
        """From, to, relation, weight."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def _person(self, person_id: str) -> str:
        name = self.names.get(person_id)
        return f"{name} ({person_id})" if name else person_id

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Names, relation label, weight; the edit role gives the relation key / weight."""
        if not index.isValid():
            return None
        tie = self.ties[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (self._person(tie.source), self._person(tie.target),
                    relation_label(tie.relation), f"{tie.weight:g}")[column]
        if role == Qt.ItemDataRole.EditRole:
            return (tie.source, tie.target, tie.relation, float(tie.weight))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Relation and weight are editable."""
        flags = super().flags(index)
        if index.isValid() and index.column() in (2, 3):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any,  # noqa: N802 - Qt API
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ask for an undoable edit of the relation (column 2) or weight (column 3)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        tie = self.ties[index.row()]
        if index.column() == 2:
            if value not in domain.RELATIONS or value == tie.relation:
                return False
            self._edit_requested(tie, value, None)
            return True
        if index.column() == 3:
            try:
                weight = float(value)
            except (TypeError, ValueError):
                return False
            if weight <= 0 or weight == tie.weight:
                return False
            self._edit_requested(tie, None, weight)
            return True
        return False


class RelationDelegate(QStyledItemDelegate):
    """Edits a relation with a combo box of the translated relation labels."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: _Index) -> QWidget:
        """A combo box of the relations."""
        editor = QComboBox(parent)
        for relation in domain.RELATIONS:
            editor.addItem(relation_label(relation), relation)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802 - Qt API
        """Select the tie's relation."""
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:  # noqa: N802
        """Write the chosen relation (the model turns it into a command)."""
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def person_combo(parent: QWidget, object_name: str) -> QComboBox:
    """An editable combo box that finds an entry (a person, a skill) by any part of its
    text, e.g. of a name or id."""
    combo = QComboBox(parent)
    combo.setObjectName(object_name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return combo


def chosen_person(combo: QComboBox) -> str | None:
    """The id of the person a person combo shows, or ``None``."""
    text = combo.currentText().strip()
    if not text:
        return None
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if index < 0:
        matches = [i for i in range(combo.count())
                   if text.casefold() in combo.itemText(i).casefold()]
        if len(matches) != 1:
            return None
        index = matches[0]
    return combo.itemData(index)


class TiesDialog(QDialog):
    """List, add, edit and delete ties of one person (or all), with undo.

    Args:
        context: The window's context (plan, undo stack, ``data_changed``).
        person_id: Show only the ties this person sends or receives (``None``: all).
    """

    def __init__(self, context: AppContext, person_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ties_dialog")
        self.context = context
        self.person_id = person_id
        self.people: list[domain.Person] = []
        self.resize(820, 560)

        self.survey_label = QLabel(self)
        self.survey_label.setObjectName("ties_survey")
        self.survey_label.setWordWrap(True)
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("ties_filter")
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)

        self.model = TiesModel(self._edit, self)
        self.table = QTableView(self)
        self.table.setObjectName("ties_table")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(2, RelationDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.source_combo = person_combo(self, "tie_source")
        self.target_combo = person_combo(self, "tie_target")
        self.relation_combo = QComboBox(self)
        self.relation_combo.setObjectName("tie_relation")
        self.weight_spin = QDoubleSpinBox(self)
        self.weight_spin.setObjectName("tie_weight")
        self.weight_spin.setRange(0.1, 100.0)
        self.weight_spin.setSingleStep(0.5)
        self.weight_spin.setValue(1.0)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("tie_add")
        self.add_button.clicked.connect(self.add_tie)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("tie_delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("ties_message")
        self.message_label.setWordWrap(True)
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        add_row = QHBoxLayout()
        for widget in (self.from_label, self.source_combo, self.to_label, self.target_combo,
                       self.relation_combo, self.weight_spin, self.add_button):
            add_row.addWidget(widget)
        add_row.setStretch(1, 2)
        add_row.setStretch(3, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.survey_label)
        layout.addWidget(self.filter_combo)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addLayout(bottom)

        context.data_changed.connect(self._data_changed)
        self.retranslate_ui()
        self.reload()

    # -- texts and data ---------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Ties"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("to"))
        self.add_button.setText(_("&Add tie"))
        self.delete_button.setText(_("&Delete"))
        current = self.relation_combo.currentData() or "advice"
        self.relation_combo.clear()
        for relation in domain.RELATIONS:
            self.relation_combo.addItem(relation_label(relation), relation)
        self.relation_combo.setCurrentIndex(self.relation_combo.findData(current))
        self.source_combo.lineEdit().setPlaceholderText(_("Search a person…"))
        self.target_combo.lineEdit().setPlaceholderText(_("Search a person…"))

    def _data_changed(self, kind: str) -> None:
        if kind in ("ties", "people", "all"):
            self.reload()

    def reload(self) -> None:
        """Read people, ties and the survey response from the plan."""
        plan = self.context.plan
        if plan is None:
            return
        self.people = sorted(plans.snapshot(plan, skills=False, network=False).people,
                             key=lambda p: (p.name.casefold(), p.id))
        names = {p.id: p.name for p in self.people}
        self._fill_people(names)
        self.model.set_ties(ties.list_ties(plan, self.person_id), names)
        self._show_survey()
        self._update_buttons()

    def _fill_people(self, names: dict[str, str]) -> None:
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(_("All people"), None)
        for combo in (self.source_combo, self.target_combo):
            text = combo.currentText()
            combo.clear()
            for person in self.people:
                label = _("{name} ({id})").format(name=person.name, id=person.id)
                if person.department:
                    label += f" — {person.department}"
                combo.addItem(label, person.id)
            combo.setEditText(text)
        for person in self.people:
            self.filter_combo.addItem(_("{name} ({id})").format(name=person.name, id=person.id),
                                      person.id)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(self.person_id)))
        self.filter_combo.blockSignals(False)
        if self.person_id in names and not self.source_combo.currentText():
            self.source_combo.setCurrentIndex(self.source_combo.findData(self.person_id))

    def _show_survey(self) -> None:
        plan = self.context.plan
        parts, warnings = [], []
        for relation in domain.RELATIONS:
            if survey.survey_record(plan, relation) is None:
                continue
            rates = survey.response_rates(plan, relation)
            total = survey.overall_rate(rates)
            parts.append(_("{relation} survey: {answered} of {people} answered ({rate}%)").format(
                relation=relation_label(relation), answered=total.respondents,
                people=total.people, rate=round(total.rate * 100)) + " — " + ", ".join(
                f"{r.department or _('(no department)')} {round(r.rate * 100)}%"
                for r in rates))
            warning = survey.rate_warning(rates)
            if warning:
                warnings.append(warning)
        if not parts:
            self.survey_label.setText(_(
                "No relationship survey has been imported yet (File ▸ Import ▸ Relationship "
                "survey)."))
            self.survey_label.setStyleSheet("")
            return
        self.survey_label.setText("\n".join(parts + warnings))
        self.survey_label.setStyleSheet("color: #b2182b;" if warnings else "")

    def _filter_changed(self, _row: int) -> None:
        self.person_id = self.filter_combo.currentData()
        self.reload()

    def _update_buttons(self, *_args: Any) -> None:
        self.delete_button.setEnabled(bool(self.selected_ties()))

    def selected_ties(self) -> list[domain.Tie]:
        """The ties of the selected rows."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.ties[row] for row in rows if row < len(self.model.ties)]

    # -- changes (each an undoable command) ---------------------------------------------

    def _done(self) -> None:
        # The command outlives the dialog (undo after closing it): only touch live widgets.
        if shiboken6.isValid(self.message_label):
            self.message_label.setText("")
        self.context.data_changed.emit("ties")

    def _failed(self, message: str) -> None:
        self.context.status_message.emit(message)
        if shiboken6.isValid(self.message_label):
            self.message_label.setText(message)
            self.message_label.setStyleSheet("color: #b2182b;")

    def _name(self, person_id: str) -> str:
        return self.model.names.get(person_id, person_id)

    def add_tie(self) -> None:
        """Add the tie the row below the table describes."""
        plan = self.context.plan
        source, target = chosen_person(self.source_combo), chosen_person(self.target_combo)
        if plan is None:
            return
        if source is None or target is None:
            self._failed(_("Choose two people from the lists."))
            return
        tie = domain.Tie(source, target, self.relation_combo.currentData() or "advice",
                         self.weight_spin.value())
        self.context.undo_stack.push(AddTie(
            plan, tie, text=_("Add tie {source} → {target}").format(
                source=self._name(source), target=self._name(target)),
            done=self._done, failed=self._failed))

    def _edit(self, tie: domain.Tie, relation: str | None, weight: float | None) -> None:
        plan = self.context.plan
        if plan is None:
            return
        self.context.undo_stack.push(EditTie(
            plan, tie, relation=relation, weight=weight,
            text=_("Change tie {source} → {target}").format(
                source=self._name(tie.source), target=self._name(tie.target)),
            done=self._done, failed=self._failed))

    def delete_selected(self) -> None:
        """Delete the selected ties."""
        plan = self.context.plan
        selected = self.selected_ties()
        if plan is None or not selected:
            return
        self.context.undo_stack.push(DeleteTies(
            plan, selected, text=ngettext("Delete {n} tie", "Delete {n} ties",
                                          len(selected)).format(n=len(selected)),
            done=self._done, failed=self._failed))
