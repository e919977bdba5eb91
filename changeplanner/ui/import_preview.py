"""The import preview: what a file would import, with every problem found, before anything
is written.

The dialog reads and checks the whole file in the background
(``services.imports.preview_import``), shows the detected format, how each file column is
read (changeable: a change checks the file again), the first rows, every problem with its
row and column, and the counts. Unknown skill columns become new skills only when the user
ticks "Create N new skills". Import stays disabled while there are problems.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from changeplanner.i18n import N_, _, ngettext
from changeplanner.progress import Progress
from changeplanner.services import imports, plans
from changeplanner.services.imports import ImportPreview, ImportResult
from changeplanner.services.plans import Plan
from changeplanner.ui.context import AppContext
from changeplanner.ui.skills_common import Column, Loader, RowTableModel

_ROOT = QModelIndex()

#: What a column is read as when it is skipped (the importer's word for it).
IGNORE = "ignore"
#: Up to this many problems are listed (all are counted).
MAX_ERRORS = 10_000
#: The choices of a mapping cell: list of ``(value, label)``.
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 51

KIND_TITLES = {"people": N_("Import people"), "ties": N_("Import ties"),
               "skills": N_("Import skill levels"),
               "survey": N_("Import relationship survey (advice)"),
               "pilots": N_("Import pilots"), "goals": N_("Import goals and measures"),
               "ideas": N_("Import ideas and customer voices")}
ENCODINGS = {"utf-8-sig": N_("UTF-8 with BOM"), "utf-8": N_("UTF-8"),
             "cp1252": N_("Windows-1252 (German Excel)"), "utf-16": N_("UTF-16")}
DELIMITERS = {",": N_("comma-separated"), ";": N_("semicolon-separated"),
              "\t": N_("tab-separated")}


def run_preview(plan: Plan, kind: str, path: str, mapping: dict[str, str], with_names: bool,
                *, progress: Progress) -> tuple[ImportPreview, list[str] | None]:
    """Check the whole file without writing (runs on a worker thread); with ``with_names``
    also read the catalogue's skill names (to map a column to an existing skill).

    New skills are allowed here: the dialog asks the user about them with a check box.
    """
    names = None
    if with_names:
        names = sorted((s.name for s in plans.snapshot(plan).skills), key=str.casefold)
    preview = imports.preview_import(plan, kind, path, mapping=mapping or None,
                                     max_errors=MAX_ERRORS, create_skills=True,
                                     progress=progress)
    return preview, names


def run_import(plan: Plan, kind: str, path: str, mapping: dict[str, str], create_skills: bool,
               *, progress: Progress) -> ImportResult:
    """Import the file (runs on a worker thread; the plan is unchanged on any error)."""
    return imports.import_file(plan, kind, path, mapping=mapping or None,
                               create_skills=create_skills, progress=progress)


class ColumnMappingModel(QAbstractTableModel):
    """File column → what it is read as; the "Read as" column is editable.

    Signals:
        mapping_changed(str, str): a file column (header) is now read as a field, a skill
            name or ``"ignore"``.
    """

    mapping_changed = Signal(str, str)
    COLUMNS = ("column", "read_as", "example")
    HEADERS = {"column": N_("File column"), "read_as": N_("Read as"),
               "example": N_("First value")}

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []  # header, read as, first value
        self._choices: list[tuple[str, str]] = []
        self._wide_skills = False
        self._known: set[str] = set()

    def set_preview(self, preview: ImportPreview, mapping: dict[str, str],
                    skill_names: list[str]) -> None:
        """Show the columns of ``preview`` (``mapping``: the user's choices so far)."""
        read_as = dict(preview.columns)
        first = preview.rows[0][1] if preview.rows else ()
        self.beginResetModel()
        self._rows = [(header, read_as.get(header) or mapping.get(header, ""),
                       first[i] if i < len(first) else "")
                      for i, header in enumerate(preview.header)]
        self._wide_skills = preview.kind == "skills" and preview.layout != "long"
        self._known = {name.casefold() for name in skill_names}
        self._choices = [(f, f) for f in preview.fields]
        self._choices.append((IGNORE, _("— ignore")))
        if self._wide_skills:
            self._choices += [(name, _("skill: {name}").format(name=name))
                              for name in skill_names]
        self.endResetModel()

    def choices(self, row: int) -> list[tuple[str, str]]:
        """``(value, label)`` a file column can be read as (wide skills files: its header
        as a new skill too)."""
        header = self._rows[row][0]
        choices = list(self._choices)
        for value in (header if self._wide_skills else "", self._rows[row][1]):
            if value and value not in {v for v, _label in choices}:
                label = (_("skill: {name}") if value.casefold() in self._known
                         else _("new skill: {name}")).format(name=value)
                choices.append((value, label))
        return choices

    def read_as(self, header: str) -> str:
        """What the column ``header`` is read as (``""``: not recognised)."""
        return next((r[1] for r in self._rows if r[0] == header), "")

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.COLUMNS[index.column()] == "read_as" and self._rows[index.row()][0]:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _label(self, row: int) -> str:
        value = self._rows[row][1]
        if not value:
            return _("— not recognised")
        return dict(self.choices(row)).get(value, value)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        header, value, example = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == CHOICES_ROLE:
            return self.choices(index.row())
        if column == "column":
            if role == Qt.ItemDataRole.DisplayRole:
                return header or _("(column {n} without a header)").format(n=index.row() + 1)
            return None
        if column == "example":
            return example if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(index.row())
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ForegroundRole and (not value or value == IGNORE):
            return QColor("#b2182b") if not value else QColor("#7a7a7a")
        if role == Qt.ItemDataRole.FontRole and not value:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Double-click to choose what this column holds; the file is checked "
                     "again at once.")
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() \
                or self.COLUMNS[index.column()] != "read_as":
            return False
        header, old, example = self._rows[index.row()]
        value = str(value or "")
        if not header or not value or value == old:
            return False
        self._rows[index.row()] = (header, value, example)
        self.dataChanged.emit(index, index)
        self.mapping_changed.emit(header, value)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS) \
                and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[self.COLUMNS[section]])
        return None


class MappingDelegate(QStyledItemDelegate):
    """A combo box with what a file column can be read as."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        for value, label in index.data(CHOICES_ROLE) or []:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model, index: QModelIndex | QPersistentModelIndex
                     ) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


ERROR_COLUMNS = (
    Column(N_("Row"), lambda p: p.row, align_right=True),
    Column(N_("Column"), lambda p: p.column),
    Column(N_("Problem"), lambda p: p.message, tooltip=lambda p: p.text),
)


def _sample_columns(header: tuple[str, ...]) -> list[Column]:
    columns = [Column(N_("Row"), lambda r: r[0], align_right=True)]
    for i, name in enumerate(header):
        columns.append(Column(name or f"#{i + 1}", lambda r, i=i: r[1][i], translate=False))
    return columns


class ImportPreviewDialog(QDialog):
    """Preview an import, fix the column mapping, then import.

    Args:
        context: The window's context (plan, runner, ``data_changed``).
        kind: ``people``, ``ties`` or ``skills``.
        path: The file to import.

    Signals:
        previewed(): a (new) preview is shown.
        imported(object): the import finished (its :class:`ImportResult`).
    """

    previewed = Signal()
    imported = Signal(object)

    def __init__(self, context: AppContext, kind: str, path: str | os.PathLike,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_preview")
        self.context = context
        self.kind = kind
        self.path = os.fspath(path)
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.mapping: dict[str, str] = {}
        self.skill_names: list[str] | None = None
        self._importing = False
        self._loader = Loader(context, self._preview_failed, self)
        self._import_loader = Loader(context, self._import_failed, self)

        self.file_label = QLabel(self)
        self.file_label.setObjectName("import_file")
        self.file_label.setWordWrap(True)
        self.format_label = QLabel(self)
        self.format_label.setObjectName("import_format")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("import_counts")
        self.counts_label.setWordWrap(True)

        self.mapping_model = ColumnMappingModel(self)
        self.mapping_model.mapping_changed.connect(self.set_mapping)
        self.mapping_table = QTableView(self)
        self.mapping_table.setObjectName("import_mapping")
        self.mapping_table.setModel(self.mapping_model)
        self.mapping_table.setItemDelegateForColumn(1, MappingDelegate(self.mapping_table))
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)

        self.sample_model = RowTableModel([], self)
        self.sample_table = QTableView(self)
        self.sample_table.setObjectName("import_rows")
        self.sample_table.setModel(self.sample_model)
        self.sample_table.verticalHeader().setVisible(False)
        self.sample_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.errors_model = RowTableModel(ERROR_COLUMNS, self)
        self.errors_table = QTableView(self)
        self.errors_table.setObjectName("import_errors")
        self.errors_table.setModel(self.errors_model)
        self.errors_table.verticalHeader().setVisible(False)
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors_table.horizontalHeader().setStretchLastSection(True)
        self.errors_table.setWordWrap(True)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.errors_table, "")
        self.tabs.addTab(self.mapping_table, "")
        self.tabs.addTab(self.sample_table, "")

        self.create_check = QCheckBox(self)
        self.create_check.setObjectName("import_create_skills")
        self.create_check.toggled.connect(self._update_state)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("import_status")
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setObjectName("import_button")
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.format_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.create_check)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        self.retranslate_ui()
        self.resize(860, 560)
        self.refresh()

    # -- texts ----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_(KIND_TITLES.get(self.kind, KIND_TITLES["people"])))
        self.file_label.setText(_("File: {file}").format(file=Path(self.path).name))
        self.file_label.setToolTip(self.path)
        self.import_button.setText(_("Import"))
        self.tabs.setTabText(1, _("Columns"))
        self.tabs.setTabText(2, _("First rows"))
        for model in (self.errors_model, self.mapping_model, self.sample_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                         max(0, model.columnCount() - 1))
        self._show_preview_texts()

    # -- preview ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read and check the file again (in the background) with the current mapping."""
        plan = self.context.plan
        if plan is None:
            return
        self.status_label.setText(_("Checking the file…"))
        self.import_button.setEnabled(False)
        self._loader.start(run_preview, plan, self.kind, self.path, dict(self.mapping),
                           self.kind == "skills" and self.skill_names is None,
                           on_done=self._previewed)

    @property
    def busy(self) -> bool:
        """Whether the file is being checked or imported."""
        return self._loader.busy or self._import_loader.busy

    def set_mapping(self, header: str, read_as: str) -> None:
        """Read the file column ``header`` as ``read_as`` and check the file again."""
        self.mapping[header] = read_as
        self.refresh()

    def _previewed(self, result: tuple[ImportPreview, list[str] | None]) -> None:
        preview, names = result
        if names is not None:
            self.skill_names = names
        self._show_preview(preview)

    def _preview_failed(self, message: str) -> None:
        self.status_label.setText(message)
        self.import_button.setEnabled(False)

    def _show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.mapping_model.set_preview(preview, self.mapping, self.skill_names or [])
        self.sample_model = RowTableModel(_sample_columns(preview.header), self)
        self.sample_model.set_rows(preview.rows)
        self.sample_table.setModel(self.sample_model)
        self.errors_model.set_rows(preview.errors)
        for table in (self.mapping_table, self.sample_table, self.errors_table):
            table.resizeColumnsToContents()
        header = self.errors_table.horizontalHeader()
        header.resizeSection(1, min(max(header.sectionSize(1), 90), 200))
        self.mapping_table.setColumnWidth(1, max(self.mapping_table.columnWidth(1), 200))
        self.errors_table.resizeRowsToContents()
        self.create_check.blockSignals(True)
        if not preview.created_skills:
            self.create_check.setChecked(False)
        self.create_check.blockSignals(False)
        if preview.error_count:
            self.tabs.setCurrentIndex(0)
        elif self.tabs.currentIndex() == 0:
            self.tabs.setCurrentIndex(1)
        self._show_preview_texts()
        self.previewed.emit()

    def _show_preview_texts(self) -> None:
        preview = self.preview
        errors = preview.error_count if preview else 0
        self.tabs.setTabText(0, ngettext("Problems ({n})", "Problems ({n})", errors).format(
            n=errors))
        if preview is None:
            self.format_label.setText("")
            self.counts_label.setText("")
            self.create_check.setVisible(False)
            return
        self.format_label.setText(self._format_text(preview))
        counts = ngettext("{rows} row without problems", "{rows} rows without problems",
                          preview.data_rows).format(rows=preview.data_rows)
        counts += " · " + _("{added} new, {updated} updated").format(
            added=preview.added, updated=preview.updated)
        if preview.ignored_columns:
            counts += " · " + _("not imported: {columns}").format(
                columns=", ".join(preview.ignored_columns))
        self.counts_label.setText(counts)
        new = preview.created_skills
        self.create_check.setVisible(bool(new))
        if new:
            self.create_check.setText(ngettext(
                "Create {n} new skill: {names}", "Create {n} new skills: {names}",
                len(new)).format(n=len(new), names=", ".join(new)))
        self._update_state()

    def _format_text(self, preview: ImportPreview) -> str:
        if preview.file_type == "csv":
            text = _("CSV file, {delimiter}, {encoding}").format(
                delimiter=_(DELIMITERS.get(preview.delimiter, N_("comma-separated"))),
                encoding=_(ENCODINGS[preview.encoding]) if preview.encoding in ENCODINGS
                else preview.encoding)
        elif preview.file_type == "xlsx":
            text = _("Excel workbook, sheet “{sheet}”").format(sheet=preview.sheet)
            if preview.extra_sheets:
                text += " " + _("(also read: {sheets})").format(
                    sheets=", ".join(preview.extra_sheets))
        else:
            return _("The file could not be read.")
        if preview.kind == "skills":
            text += " · " + (_("long format (one row per person and skill)")
                             if preview.layout == "long"
                             else _("wide format (one column per skill)"))
        return text

    def _update_state(self, *_args: Any) -> None:
        preview = self.preview
        if self._importing:
            self.import_button.setEnabled(False)
            return
        if preview is None:
            self.import_button.setEnabled(False)
            return
        if preview.error_count:
            shown = len(preview.errors)
            text = ngettext("Fix {n} problem in the file (or the column mapping) before "
                            "importing. Nothing has been written.",
                            "Fix {n} problems in the file (or the column mapping) before "
                            "importing. Nothing has been written.",
                            preview.error_count).format(n=preview.error_count)
            if shown < preview.error_count:
                text += " " + _("The first {shown} are listed.").format(shown=shown)
            self.status_label.setText(text)
            self.status_label.setStyleSheet("color: #b2182b;")
            self.import_button.setEnabled(False)
            return
        if preview.created_skills and not self.create_check.isChecked():
            self.status_label.setText(_("Tick “Create new skills” to add them to the "
                                        "catalogue, or map those columns to existing skills "
                                        "or “ignore”."))
            self.status_label.setStyleSheet("")
            self.import_button.setEnabled(False)
            return
        self.status_label.setText(_("No problems found. Nothing is written until you press "
                                    "Import."))
        self.status_label.setStyleSheet("")
        self.import_button.setEnabled(True)

    # -- import -----------------------------------------------------------------------

    def start_import(self) -> None:
        """Import the file in the background (only when the preview found no problems)."""
        plan = self.context.plan
        if plan is None or not self.import_button.isEnabled():
            return
        self._importing = True
        self._update_state()
        self.status_label.setText(_("Importing…"))
        self._import_loader.start(run_import, plan, self.kind, self.path, dict(self.mapping),
                                  self.create_check.isChecked(), on_done=self._imported)

    def _imported(self, result: ImportResult) -> None:
        self._importing = False
        self.result = result
        self.context.data_changed.emit("ties" if self.kind == "survey" else self.kind)
        if result.created_skills and self.kind != "skills":
            self.context.data_changed.emit("skills")
        self.context.status_message.emit(ngettext(
            "Imported {rows} row from {file}: {added} new, {updated} updated.",
            "Imported {rows} rows from {file}: {added} new, {updated} updated.",
            result.rows).format(rows=result.rows, file=Path(result.file).name,
                                added=result.added, updated=result.updated))
        self.imported.emit(result)
        self.accept()

    def _import_failed(self, message: str) -> None:
        self._importing = False
        self.status_label.setText(_("Nothing was imported: {reason}").format(reason=message))
        self.status_label.setStyleSheet("color: #b2182b;")
        self.import_button.setEnabled(False)
