"""The Ideas page: the feedback loop on employees' ideas and customer voices.

Employees collect customer voices and improvement ideas; clusters of ideas that share terms
show decision makers what matters; each employee learns what became of their input
(DOMAIN.md, part 8). The page lists every idea (filter, sort, add, edit, change the status
with a decision note: all undoable through :mod:`changeplanner.ui.record_commands`), shows
counts per status, the time to a decision and the clusters beside the table, and exports the
letter "what became of your ideas" for one author as PDF in the background.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.analysis import ideas as idea_analysis
from changeplanner.i18n import N_, _, ngettext
from changeplanner.services import letters, plans, records
from changeplanner.ui import settings as app_settings
from changeplanner.ui.context import AppContext
from changeplanner.ui.page import Page
from changeplanner.ui.record_commands import AddRecord, DeleteRecord, UpdateRecord

#: The invisible root index (a default argument, made once).
_ROOT = QModelIndex()

IDEA_COLUMNS: tuple[str, ...] = ("date", "author", "source", "text", "tags", "status", "age",
                                 "link")
IDEA_HEADERS: dict[str, str] = {
    "date": N_("Date"),
    "author": N_("Author"),
    "source": N_("Source"),
    "text": N_("Idea or customer voice"),
    "tags": N_("Tags"),
    "status": N_("Status"),
    "age": N_("Duration"),
    "link": N_("Linked to"),
}
#: The idea's id on every cell.
IDEA_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Sort key: statuses in their life-cycle order, dates as ISO text, texts case-insensitively.
IDEA_SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The cluster's idea ids on each row of the cluster list.
CLUSTER_IDS_ROLE = Qt.ItemDataRole.UserRole + 3

#: Status filter values besides the statuses themselves.
ALL = "all"
OPEN = "open"
#: Short source labels for the table (the tooltip and the filter use the full ones).
SOURCE_SHORT: dict[str, str] = {"employee": N_("employee"), "customer": N_("customer")}
#: Widest a column gets (the idea's text takes what is left).
COLUMN_LIMITS: dict[str, int] = {"date": 110, "author": 160, "source": 120, "tags": 150,
                                 "status": 110, "age": 160, "link": 190}
#: When the text would get less than this share of the table's width (at least
#: MIN_TEXT_WIDTH pixels), these columns give up room, stage by stage, down to these widths.
MIN_TEXT_SHARE = 0.3
MIN_TEXT_WIDTH = 240
SHRINK_STAGES: tuple[dict[str, int], ...] = (
    {"link": 100, "tags": 100, "age": 125, "author": 120},
    {"link": 60, "tags": 60, "age": 100, "author": 80},
    {"source": 50},
)
#: Cells show at most this much of an idea's text (the tooltip shows all of it).
MAX_CELL_TEXT = 160
#: "No date" in the date editor: its minimum, shown as a special text.
_NO_DATE = QDate(1900, 1, 1)


def date_text(iso: str) -> str:
    """An ISO date in the current language's form ("" stays "")."""
    try:
        day = datetime.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return _("{year}-{month:02d}-{day:02d}").format(year=day.year, month=day.month,
                                                    day=day.day)


def days_between(start: str, end: str | datetime.date) -> int | None:
    """Whole days from the ISO date ``start`` to ``end`` (``None`` when a date is missing)."""
    try:
        first = datetime.date.fromisoformat(start)
        last = end if isinstance(end, datetime.date) else datetime.date.fromisoformat(end)
    except (TypeError, ValueError):
        return None
    return (last - first).days


def days_text(days: float) -> str:
    """``12`` as "12 days" (a fractional median is rounded)."""
    n = round(days)
    return ngettext("{n} day", "{n} days", n).format(n=n)


def status_text(status: str) -> str:
    """The translated label of an idea status."""
    return _(domain.IDEA_STATUS_LABELS.get(status, status))


def source_text(source: str) -> str:
    """The translated label of an idea source."""
    return _(domain.IDEA_SOURCE_LABELS.get(source, source))


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma- or semicolon-separated tags, trimmed, without empties and duplicates."""
    tags: list[str] = []
    for part in re.split(r"[,;]", text):
        tag = part.strip()
        if tag and tag.casefold() not in (t.casefold() for t in tags):
            tags.append(tag)
    return tuple(tags)


def cluster_title(cluster: idea_analysis.IdeaCluster) -> str:
    """A cluster's top terms as readable words ("Other ideas" for those sharing none)."""
    if cluster.other:
        return _("Other ideas (no shared term)")
    return ", ".join(cluster.labels or cluster.terms)


def letter_file_name(author: str) -> str:
    """The suggested file name of a letter, safe on every file system."""
    name = _("{author} – What became of your ideas.pdf").format(author=author or _("Author"))
    return re.sub(r'[\\/:*?"<>|]+', "_", name)


class IdeasModel(QAbstractTableModel):
    """Table model over a cached list of :class:`~changeplanner.domain.Idea`.

    ``pilots`` and ``measures`` map ids to names for the "Pilot / measure" column.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ideas: list[domain.Idea] = []
        self._pilots: dict[int, str] = {}
        self._measures: dict[int, str] = {}
        self.today = datetime.date.today()

    def set_ideas(self, ideas: Sequence[domain.Idea], pilots: dict[int, str],
                  measures: dict[int, str]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._ideas = list(ideas)
        self._pilots, self._measures = dict(pilots), dict(measures)
        self.today = datetime.date.today()
        self.endResetModel()

    @property
    def ideas(self) -> list[domain.Idea]:
        """The ideas shown (all of them, before filters)."""
        return list(self._ideas)

    def idea_at(self, row: int) -> domain.Idea:
        """The idea in ``row``."""
        return self._ideas[row]

    def row_of(self, idea_id: int) -> int:
        """The row of ``idea_id`` (-1 when absent)."""
        for row, idea in enumerate(self._ideas):
            if idea.id == idea_id:
                return row
        return -1

    def link_text(self, idea: domain.Idea) -> str:
        """The linked pilot and measure, translated."""
        parts = []
        if idea.pilot_id is not None:
            parts.append(_("Pilot: {name}").format(
                name=self._pilots.get(idea.pilot_id, "?")))
        if idea.measure_id is not None:
            parts.append(_("Measure: {name}").format(
                name=self._measures.get(idea.measure_id, "?")))
        return "; ".join(parts)

    def age(self, idea: domain.Idea) -> tuple[int, int | None]:
        """``(0, days open)`` for an open idea, ``(1, days to decision)`` for a decided one."""
        if idea.status in domain.IDEA_DECIDED:
            return 1, days_between(idea.date, idea.decided) if idea.decided else None
        return 0, days_between(idea.date, self.today)

    def age_text(self, idea: domain.Idea) -> str:
        """"12 days open" or "5 days to decision" ("" without dates)."""
        decided, days = self.age(idea)
        if days is None:
            return ""
        days = max(days, 0)
        # The number first: it stays visible when the column is narrow.
        if decided:
            return ngettext("{n} day to decision", "{n} days to decision",
                            days).format(n=days)
        return ngettext("{n} day open", "{n} days open", days).format(n=days)

    def retranslate(self) -> None:
        """Tell views that headers and labels are in a new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(IDEA_COLUMNS) - 1)
        if self._ideas:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ideas) - 1, len(IDEA_COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ideas)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(IDEA_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(IDEA_COLUMNS)):
            return _(IDEA_HEADERS[IDEA_COLUMNS[section]])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ideas):
            return None
        idea = self._ideas[index.row()]
        field = IDEA_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(idea, field)
        if role == IDEA_SORT_ROLE:
            return self._sort_key(idea, field)
        if role == IDEA_ID_ROLE:
            return idea.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if field == "text":
                tip = idea.text
                if idea.decision_note:
                    tip += "\n\n" + _("Decision: {note}").format(note=idea.decision_note)
                return tip
            if field == "source":
                return source_text(idea.source)
            if field == "status":
                return (_("Decision: {note}").format(note=idea.decision_note)
                        if idea.decision_note else None)
            # Narrow columns elide their text: the tooltip shows all of it.
            return self._display(idea, field) or None
        return None

    def _display(self, idea: domain.Idea, field: str) -> str:
        if field == "date":
            return date_text(idea.date)
        if field == "author":
            return idea.author
        if field == "source":
            return _(SOURCE_SHORT.get(idea.source, idea.source))
        if field == "text":
            text = " ".join(idea.text.split())
            return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT - 1] + "…"
        if field == "tags":
            return ", ".join(idea.tags)
        if field == "status":
            return status_text(idea.status)
        if field == "age":
            return self.age_text(idea)
        return self.link_text(idea)

    def _sort_key(self, idea: domain.Idea, field: str) -> Any:
        if field == "date":
            return idea.date or "9999"
        if field == "status":
            return (domain.IDEA_STATUSES.index(idea.status)
                    if idea.status in domain.IDEA_STATUSES else len(domain.IDEA_STATUSES))
        if field == "age":
            decided, days = self.age(idea)
            return decided * 1_000_000 + (days if days is not None else 999_999)
        return self._display(idea, field).casefold()


class IdeasFilterProxy(QSortFilterProxyModel):
    """Filters ideas by status (or "open"), source, text and a set of idea ids (a cluster)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._status = ALL
        self._source = ALL
        self._text = ""
        self._ids: frozenset[int] | None = None
        self.setSortRole(IDEA_SORT_ROLE)

    def set_filters(self, *, status: str | None = None, source: str | None = None,
                    text: str | None = None) -> None:
        """Change some filters (``None`` keeps one as it is)."""
        self.beginFilterChange()
        if status is not None:
            self._status = status
        if source is not None:
            self._source = source
        if text is not None:
            self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_ids(self, ids: frozenset[int] | None) -> None:
        """Show only these ideas (``None``: no such restriction)."""
        self.beginFilterChange()
        self._ids = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def ids(self) -> frozenset[int] | None:
        """The idea ids the table is restricted to (a cluster), or ``None``."""
        return self._ids

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        idea = self.sourceModel().idea_at(source_row)
        if self._ids is not None and idea.id not in self._ids:
            return False
        if self._status == OPEN:
            if idea.status in domain.IDEA_DECIDED:
                return False
        elif self._status != ALL and idea.status != self._status:
            return False
        if self._source != ALL and idea.source != self._source:
            return False
        if self._text:
            haystack = " ".join((idea.text, idea.author, " ".join(idea.tags),
                                 idea.decision_note)).casefold()
            return all(word in haystack for word in self._text.split())
        return True


class IdeaDialog(QDialog):
    """Add or edit an idea: text, author (a person of the plan or free text), date, source,
    tags, status, decision note and the linked pilot and measure.

    ``people`` are ``(person id, name)``; ``authors`` are free-text authors used before.
    """

    def __init__(self, idea: domain.Idea | None, people: Sequence[tuple[str, str]],
                 authors: Sequence[str], pilots: dict[int, str], measures: dict[int, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.idea = idea
        self.setObjectName("ideaDialog")
        self.setWindowTitle(_("Edit idea") if idea else _("Add idea"))
        self.setMinimumWidth(520)
        self._names = {pid: name for pid, name in people}

        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("ideaText")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(_("What was suggested, or what the customer said"))
        self.text_edit.setMinimumHeight(90)
        self.author_combo = QComboBox(self)
        self.author_combo.setObjectName("ideaAuthor")
        self.author_combo.setEditable(True)
        self.author_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.author_combo.lineEdit().setPlaceholderText(_("Pick a person or type a name"))
        duplicates = _duplicate_names(people)
        self.author_combo.addItem("", None)
        for pid, name in sorted(people, key=lambda p: (p[1].casefold(), p[0])):
            label = f"{name} ({pid})" if name.casefold() in duplicates else name
            self.author_combo.addItem(label, pid)
        for author in sorted(set(authors) - {n for _pid, n in people}, key=str.casefold):
            self.author_combo.addItem(author, None)
        completer = QCompleter(self.author_combo.model(), self.author_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.author_combo.setCompleter(completer)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("ideaDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(_NO_DATE)
        self.date_edit.setSpecialValueText(_("no date"))
        self.date_edit.setDisplayFormat(_("yyyy-MM-dd"))
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("ideaSource")
        for source in domain.IDEA_SOURCES:
            self.source_combo.addItem(source_text(source), source)
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setObjectName("ideaTags")
        self.tags_edit.setPlaceholderText(_("Comma-separated, e.g. hotline, waiting time"))
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("ideaStatus")
        for status in domain.IDEA_STATUSES:
            self.status_combo.addItem(status_text(status), status)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("ideaNote")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(_("Why it was decided this way: the author reads "
                                            "this in their letter"))
        self.note_edit.setMinimumHeight(60)
        self.pilot_combo = _id_combo(pilots, "ideaPilot", self)
        self.measure_combo = _id_combo(measures, "ideaMeasure", self)
        self.hint = QLabel(self)
        self.hint.setObjectName("ideaHint")
        self.hint.setStyleSheet("color: palette(placeholder-text);")

        form = QFormLayout()
        form.addRow(_("&Idea:"), self.text_edit)
        form.addRow(_("&Author:"), self.author_combo)
        form.addRow(_("&Date:"), self.date_edit)
        form.addRow(_("&Source:"), self.source_combo)
        form.addRow(_("&Tags:"), self.tags_edit)
        form.addRow(_("St&atus:"), self.status_combo)
        form.addRow(_("Decision &note:"), self.note_edit)
        form.addRow(_("&Pilot:"), self.pilot_combo)
        form.addRow(_("&Measure:"), self.measure_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)

        self._load(idea)
        self.text_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.text_edit.setFocus()

    def _load(self, idea: domain.Idea | None) -> None:
        if idea is None:
            self.date_edit.setDate(QDate.currentDate())
            return
        self.text_edit.setPlainText(idea.text)
        index = self.author_combo.findData(idea.person_id) if idea.person_id else -1
        if index > 0:
            self.author_combo.setCurrentIndex(index)
        else:
            self.author_combo.setEditText(idea.author)
        day = QDate.fromString(idea.date, "yyyy-MM-dd")
        self.date_edit.setDate(day if day.isValid() else _NO_DATE)
        _select(self.source_combo, idea.source)
        self.tags_edit.setText(", ".join(idea.tags))
        _select(self.status_combo, idea.status)
        self.note_edit.setPlainText(idea.decision_note)
        _select(self.pilot_combo, idea.pilot_id)
        _select(self.measure_combo, idea.measure_id)

    def _update_ok(self) -> None:
        has_text = bool(self.text_edit.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(has_text)
        self.hint.setText("" if has_text else _("Write down the idea to save it."))

    def author(self) -> tuple[str, str | None]:
        """``(author name, person id)``; the id is ``None`` for a name typed freely."""
        text = self.author_combo.currentText().strip()
        index = self.author_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        person_id = self.author_combo.itemData(index) if index > 0 else None
        if person_id is not None:
            return self._names.get(person_id, text), person_id
        return text, None

    def values(self) -> dict[str, Any]:
        """The fields of the idea as entered (keyword arguments of :class:`Idea`)."""
        author, person_id = self.author()
        day = self.date_edit.date()
        return {
            "text": self.text_edit.toPlainText().strip(),
            "author": author,
            "person_id": person_id,
            "date": "" if day == _NO_DATE else day.toString("yyyy-MM-dd"),
            "tags": parse_tags(self.tags_edit.text()),
            "source": self.source_combo.currentData(),
            "status": self.status_combo.currentData(),
            "decision_note": self.note_edit.toPlainText().strip(),
            "pilot_id": self.pilot_combo.currentData(),
            "measure_id": self.measure_combo.currentData(),
        }


class StatusDialog(QDialog):
    """Change an idea's status and say why: the decision note goes into the author's letter."""

    def __init__(self, idea: domain.Idea, status: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.idea = idea
        self.setObjectName("ideaStatusDialog")
        self.setWindowTitle(_("Change status"))
        self.setMinimumWidth(440)
        text = " ".join(idea.text.split())
        quote = QLabel(_("“{text}”").format(text=text if len(text) <= 200
                                             else text[:199] + "…"), self)
        quote.setWordWrap(True)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusCombo")
        for key in domain.IDEA_STATUSES:
            self.status_combo.addItem(status_text(key), key)
        _select(self.status_combo, status or idea.status)
        self.note_edit = QPlainTextEdit(idea.decision_note, self)
        self.note_edit.setObjectName("statusNote")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(_("Why it was decided this way: the author reads "
                                            "this in their letter"))
        self.note_edit.setMinimumHeight(80)
        form = QFormLayout()
        form.addRow(_("St&atus:"), self.status_combo)
        form.addRow(_("Decision &note:"), self.note_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.note_edit.setFocus()

    def values(self) -> dict[str, Any]:
        """``status`` and ``decision_note`` as entered."""
        return {"status": self.status_combo.currentData(),
                "decision_note": self.note_edit.toPlainText().strip()}


class IdeasPage(Page):
    """The feedback loop: ideas and customer voices, their clusters, and the letters.

    Signals:
        letter_exported(str): a letter was written to this path.
    """

    key = "ideas"
    letter_exported = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._pilots: dict[int, str] = {}
        self._measures: dict[int, str] = {}
        self._people: list[domain.Person] | None = None  # re-read when people change
        self._authors: dict[str, list[domain.Idea]] = {}
        self._author_of: dict[int, str] = {}  # idea id -> author key
        self._clusters: list[idea_analysis.IdeaCluster] = []
        self._cluster_key: tuple[str, ...] | None = None
        self._task = None
        #: The open dialog (add/edit or status), for tests and to avoid two at once.
        self.dialog: QDialog | None = None
        #: The last message box shown (export result or failure).
        self.last_message_box: QMessageBox | None = None
        self.last_letter_path: Path | None = None

        self.model = IdeasModel(self)
        self.proxy = IdeasFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        # -- the table side -----------------------------------------------------------
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addIdeaButton")
        self.add_button.clicked.connect(lambda: self.add_idea())
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("ideasFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filters_changed)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("ideasStatusFilter")
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.source_filter = QComboBox(self)
        self.source_filter.setObjectName("ideasSourceFilter")
        self.source_filter.currentIndexChanged.connect(self._filters_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("ideasCount")
        self.cluster_bar = QWidget(self)
        self.cluster_label = QLabel(self.cluster_bar)
        self.cluster_label.setObjectName("ideasClusterFilter")
        self.clear_cluster_button = QPushButton(self.cluster_bar)
        self.clear_cluster_button.setObjectName("clearClusterButton")
        self.clear_cluster_button.clicked.connect(lambda: self.filter_cluster(None))
        cluster_layout = QHBoxLayout(self.cluster_bar)
        cluster_layout.setContentsMargins(0, 0, 0, 0)
        cluster_layout.addWidget(self.cluster_label, 1)
        cluster_layout.addWidget(self.clear_cluster_button)
        self.cluster_bar.hide()

        self.table = QTableView(self)
        self.table.setObjectName("ideasTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.table.doubleClicked.connect(self._double_clicked)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(IDEA_COLUMNS.index("text"), QHeaderView.ResizeMode.Stretch)
        self.table.viewport().installEventFilter(self)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("ideasEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(40)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.source_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.cluster_bar)
        left_layout.addWidget(self.stack, 1)

        # -- the side panel -----------------------------------------------------------
        self.overview_box = QGroupBox(self)
        self.status_label = QLabel(self.overview_box)
        self.status_label.setObjectName("ideasStatusCounts")
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.linkActivated.connect(self._status_link)
        self.times_label = QLabel(self.overview_box)
        self.times_label.setObjectName("ideasDecisionTimes")
        self.times_label.setWordWrap(True)
        overview_layout = QVBoxLayout(self.overview_box)
        overview_layout.addWidget(self.status_label)
        overview_layout.addWidget(self.times_label)

        self.clusters_box = QGroupBox(self)
        self.clusters_hint = QLabel(self.clusters_box)
        self.clusters_hint.setObjectName("clustersHint")
        self.clusters_hint.setWordWrap(True)
        self.cluster_model = QStandardItemModel(self)
        self.cluster_list = QListView(self.clusters_box)
        self.cluster_list.setObjectName("ideaClusters")
        self.cluster_list.setModel(self.cluster_model)
        self.cluster_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cluster_list.setWordWrap(True)
        self.cluster_list.setSpacing(2)
        self.cluster_list.setAlternatingRowColors(True)
        self.cluster_list.setUniformItemSizes(False)
        self.cluster_list.setMinimumHeight(120)
        self.cluster_list.clicked.connect(self._cluster_clicked)
        self.cluster_list.activated.connect(self._cluster_clicked)
        clusters_layout = QVBoxLayout(self.clusters_box)
        clusters_layout.addWidget(self.clusters_hint)
        clusters_layout.addWidget(self.cluster_list, 1)

        self.letter_box = QGroupBox(self)
        self.letter_hint = QLabel(self.letter_box)
        self.letter_hint.setWordWrap(True)
        self.author_combo = QComboBox(self.letter_box)
        self.author_combo.setObjectName("letterAuthor")
        self.author_combo.currentIndexChanged.connect(lambda _i: self._update_enabled())
        self.letter_button = QPushButton(self.letter_box)
        self.letter_button.setObjectName("exportLetterButton")
        self.letter_button.clicked.connect(lambda: self.export_letter())
        letter_layout = QVBoxLayout(self.letter_box)
        letter_layout.addWidget(self.letter_hint)
        letter_layout.addWidget(self.author_combo)
        letter_layout.addWidget(self.letter_button)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 4, 0)
        side_layout.addWidget(self.overview_box)
        side_layout.addWidget(self.clusters_box, 1)
        side_layout.addWidget(self.letter_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(side)
        scroll.setMinimumWidth(250)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([920, 280])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        for keys, slot in ((QKeySequence.StandardKey.Find, self.focus_filter),
                           (QKeySequence(Qt.Key.Key_Insert), self.add_idea)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        for key, slot in ((Qt.Key.Key_Delete, self.delete_selected),
                          (Qt.Key.Key_Return, self.edit_selected),
                          (Qt.Key.Key_Enter, self.edit_selected)):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        self.retranslate_ui()
        self.reload("all")

    # -- Page contract ----------------------------------------------------------------

    def nav_title(self) -> str:
        """The translated navigation entry."""
        return _("Ideas")

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.add_button.setText(_("&Add idea…"))
        self.add_button.setToolTip(_("Record an employee's idea or a customer voice (Ins)"))
        self.filter_edit.setPlaceholderText(_("Filter by text, author or tag (Ctrl+F)"))
        self.status_filter.setToolTip(_("Show ideas in one status only"))
        self.source_filter.setToolTip(_("Show employee ideas or customer voices only"))
        self._fill_filters()
        self.clear_cluster_button.setText(_("Show all"))
        self.empty_label.setText(_(
            "<h3>No ideas yet</h3>"
            "<p>Employees collect customer voices and improvement ideas. Record them here, "
            "decide on them, and tell each employee what became of their input: it shows "
            "appreciation, makes decisions transparent and keeps people contributing.</p>"
            "<p>Click <b>Add idea…</b> (or press Ins) to record the first one.</p>"))
        self.overview_box.setTitle(_("Overview"))
        self.clusters_box.setTitle(_("Clusters"))
        self.letter_box.setTitle(_("What became of your ideas"))
        self.letter_hint.setText(_("Pick an author and export a letter that thanks them and "
                                   "says what became of each of their ideas."))
        self.letter_button.setText(_("Export &letter (PDF)…"))
        self.model.retranslate()
        self._show_side_panel()
        self._update_count()

    def reload(self, kind: str) -> None:
        """Re-read ideas, pilots and measures when the plan or one of them changed."""
        if kind not in ("all", "ideas", "pilots", "goals", "people"):
            return
        if kind in ("all", "people"):
            self._people = None
        plan = self.context.plan
        selected = self.selected_id()
        if plan is None:
            ideas, self._pilots, self._measures = [], {}, {}
        else:
            ideas = records.list_ideas(plan)
            self._pilots = {p.id: p.name for p in records.list_pilots(plan)}
            self._measures = {m.id: m.title for m in records.list_measures(plan)}
        self.model.set_ideas(ideas, self._pilots, self._measures)
        # The same grouping as the letter's service, so every author key has a letter.
        self._authors = idea_analysis.ideas_by_author(ideas, self._people_list())
        self._author_of = {idea.id: key for key, group in self._authors.items()
                           for idea in group}
        self._clusters = idea_analysis.cluster_ideas(ideas)
        if self._cluster_key is not None:
            # Keep the cluster filter while that cluster still exists (same key terms).
            self.filter_cluster(next((c for c in self._clusters
                                      if c.key == self._cluster_key), None))
        self._fill_authors()
        self._show_side_panel()
        self._resize_columns()
        self._update_count()
        if selected is not None:
            self.select_idea(selected, reveal=False)

    # -- selection and filters ---------------------------------------------------------

    def selected_id(self) -> int | None:
        """The id of the selected idea, or ``None``."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            rows = self.table.selectionModel().selectedRows()
            if not rows:
                return None
            index = rows[0]
        return index.data(IDEA_ID_ROLE)

    def select_idea(self, idea_id: int, *, reveal: bool = True) -> bool:
        """Select the row of ``idea_id`` and scroll to it; whether it is shown.

        With ``reveal`` an idea the filters hide is shown by clearing the filters (the
        dashboard opens an idea this way).
        """
        row = self.model.row_of(idea_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            if not reveal:
                return False
            self.clear_filters()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def clear_filters(self) -> None:
        """Show every idea: no text, status, source or cluster filter."""
        for combo in (self.status_filter, self.source_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.filter_cluster(None)
        self._filters_changed()

    def focus_filter(self) -> None:
        """Put the cursor into the filter field (Ctrl+F)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def filter_cluster(self, cluster: Any | None) -> None:
        """Show only the ideas of ``cluster`` (``None``: every idea again)."""
        if cluster is None:
            self._cluster_key = None
            self.proxy.set_ids(None)
            self.cluster_bar.hide()
            self.cluster_list.clearSelection()
        else:
            self._cluster_key = cluster.key
            self.proxy.set_ids(frozenset(cluster.idea_ids))
            self.cluster_label.setText(ngettext(
                "Cluster “{terms}”: {n} idea", "Cluster “{terms}”: {n} ideas",
                len(cluster.idea_ids)).format(
                terms=cluster_title(cluster), n=len(cluster.idea_ids)))
            self.cluster_bar.show()
        self._update_count()

    def _cluster_clicked(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self._clusters):
            self.filter_cluster(self._clusters[row])

    def _status_link(self, link: str) -> None:
        _select(self.status_filter, link)

    def _fill_filters(self) -> None:
        for combo, entries in (
                (self.status_filter, [(ALL, _("All statuses")),
                                      (OPEN, _("Open (new or in review)"))]
                 + [(s, status_text(s)) for s in domain.IDEA_STATUSES]),
                (self.source_filter, [(ALL, _("All sources"))]
                 + [(s, source_text(s)) for s in domain.IDEA_SOURCES])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for key, label in entries:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
            combo.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self, *_args: Any) -> None:
        self.proxy.set_filters(status=self.status_filter.currentData() or ALL,
                               source=self.source_filter.currentData() or ALL,
                               text=self.filter_edit.text())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if shown == total:
            text = ngettext("{total} idea", "{total} ideas", total).format(total=total)
        else:
            text = ngettext("{total} idea ({shown} shown)", "{total} ideas ({shown} shown)",
                            total).format(total=total, shown=shown)
        self.count_label.setText(text)
        self.stack.setCurrentIndex(0 if total else 1)
        self._update_enabled()

    def _resize_columns(self) -> None:
        """Fit the columns to their content within limits. When the idea's text would get
        less than :data:`MIN_TEXT_SHARE` of the width, the other columns give up room in
        :data:`SHRINK_STAGES` (elided, with the full value in the tooltip)."""
        header = self.table.horizontalHeader()
        widths = {}
        for field, limit in COLUMN_LIMITS.items():
            column = IDEA_COLUMNS.index(field)
            widths[field] = min(max(self.table.sizeHintForColumn(column),
                                    header.sectionSizeFromContents(column).width()), limit)
        available = self.table.viewport().width()
        wanted = max(MIN_TEXT_WIDTH, int(available * MIN_TEXT_SHARE))
        for stage in SHRINK_STAGES:
            excess = sum(widths.values()) + wanted - available
            spare = {f: widths[f] - floor for f, floor in stage.items() if widths[f] > floor}
            room = sum(spare.values())
            if excess <= 0 or not room:
                continue
            share = min(1.0, excess / room)
            for field, extra in spare.items():
                widths[field] -= round(extra * share)
        for field, width in widths.items():
            header.resizeSection(IDEA_COLUMNS.index(field), width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Share the width between the columns again when the table changes size."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._resize_columns()
        return super().eventFilter(watched, event)

    # -- the side panel ---------------------------------------------------------------

    def _show_side_panel(self) -> None:
        ideas = self.model.ideas
        counts = idea_analysis.status_counts(ideas)
        rows = "".join(
            f"<tr><td><a href='{s}'>{_html(status_text(s))}</a></td>"
            f"<td align='right'>&nbsp;&nbsp;{counts.get(s, 0)}</td></tr>"
            for s in domain.IDEA_STATUSES)
        self.status_label.setText(f"<table>{rows}</table>")
        self.status_label.setToolTip(_("Click a status to show only its ideas"))
        self.times_label.setText(self.decision_text(ideas))

        self.cluster_model.clear()
        by_id = {idea.id: idea for idea in ideas}
        for cluster in self._clusters:
            members = [by_id[i] for i in cluster.idea_ids if i in by_id]
            open_ = sum(1 for i in members if i.status not in domain.IDEA_DECIDED)
            item = QStandardItem(
                cluster_title(cluster) + "\n"
                + ngettext("{n} idea", "{n} ideas", len(members)).format(n=len(members))
                + " · " + ngettext("{n} open", "{n} open", open_).format(n=open_))
            item.setData(tuple(cluster.idea_ids), CLUSTER_IDS_ROLE)
            item.setToolTip("\n".join("• " + _short(i.text, 100) for i in members[:12]))
            item.setEditable(False)
            self.cluster_model.appendRow(item)
        if not ideas:
            self.clusters_hint.setText(_("Ideas that share words are grouped here."))
        elif all(c.other for c in self._clusters):
            self.clusters_hint.setText(_("No two ideas share a term yet. Ideas that share "
                                         "words are grouped here."))
        else:
            self.clusters_hint.setText(_("Ideas grouped by the terms they share: what "
                                         "matters to many. Click a cluster to see its "
                                         "ideas."))
        self.cluster_list.setVisible(bool(self._clusters))

    def decision_text(self, ideas: Sequence[domain.Idea]) -> str:
        """Median time to decision and the oldest open idea, in words."""
        if not ideas:
            return _("No ideas recorded yet.")
        stats = idea_analysis.decision_times(ideas, today=self.model.today)
        lines = []
        if stats.median_days is not None:
            lines.append(ngettext(
                "Median time to decision: {days} ({n} decided idea)",
                "Median time to decision: {days} ({n} decided ideas)",
                stats.decided).format(days=days_text(stats.median_days), n=stats.decided))
        else:
            lines.append(_("No decisions with dates yet."))
        if stats.undecided:
            line = ngettext("{n} idea waits for a decision.", "{n} ideas wait for a decision.",
                            stats.undecided).format(n=stats.undecided)
            if stats.oldest_open_days is not None:
                line += " " + _("The oldest has been open for {days}.").format(
                    days=days_text(stats.oldest_open_days))
            lines.append(line)
        else:
            lines.append(_("Every idea has been decided."))
        return "\n".join(lines)

    def _fill_authors(self) -> None:
        current = self.author_combo.currentData()
        self.author_combo.blockSignals(True)
        self.author_combo.clear()
        # Anonymous ideas (key "") have nobody to write to.
        entries = [(self.author_name(key), key, len(ideas))
                   for key, ideas in self._authors.items() if key.strip()]
        for name, key, count in sorted(entries, key=lambda e: (e[0].casefold(), e[1])):
            self.author_combo.addItem(ngettext("{name} ({n} idea)", "{name} ({n} ideas)",
                                               count).format(name=name, n=count), key)
        index = self.author_combo.findData(current) if current is not None else -1
        self.author_combo.setCurrentIndex(max(index, 0) if self.author_combo.count() else -1)
        self.author_combo.blockSignals(False)
        self._update_enabled()

    def author_name(self, key: str) -> str:
        """The name shown for the author ``key``: a person's current name, else the name
        as written in the ideas."""
        person = next((p for p in self._people_list() if p.id == key and p.name.strip()), None)
        if person is not None:
            return person.name
        return next((i.author for i in self._authors.get(key, ()) if i.author.strip()), key)

    def _update_enabled(self) -> None:
        has_plan = self.context.plan is not None
        self.add_button.setEnabled(has_plan)
        self.author_combo.setEnabled(bool(self._authors))
        self.letter_button.setEnabled(has_plan and self._task is None
                                      and self.author_combo.currentData() is not None)

    # -- editing ----------------------------------------------------------------------

    def _people_list(self) -> list[domain.Person]:
        if self._people is None:
            plan = self.context.plan
            self._people = plans.people_names(plan) if plan is not None else []
        return self._people

    def _idea(self, idea_id: int | None) -> domain.Idea | None:
        row = self.model.row_of(idea_id) if idea_id is not None else -1
        return self.model.idea_at(row) if row >= 0 else None

    def _open_dialog(self, dialog: QDialog, accepted) -> QDialog:
        # Window-modal and non-blocking: the event loop (and tests) keep running.
        dialog.accepted.connect(lambda: accepted(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def add_idea(self) -> IdeaDialog | None:
        """Open the dialog for a new idea; OK adds it (undoable)."""
        if self.context.plan is None or self.dialog is not None:
            return None
        dialog = IdeaDialog(None, self._person_names(), list(self._free_authors()),
                            self._pilots, self._measures, self)
        return self._open_dialog(dialog, self._added)

    def edit_idea(self, idea_id: int) -> IdeaDialog | None:
        """Open the dialog for ``idea_id``; OK writes what changed (undoable)."""
        idea = self._idea(idea_id)
        if idea is None or self.dialog is not None:
            return None
        dialog = IdeaDialog(idea, self._person_names(), list(self._free_authors()),
                            self._pilots, self._measures, self)
        return self._open_dialog(dialog, self._edited)

    def edit_selected(self) -> None:
        """Edit the selected idea (Enter)."""
        idea_id = self.selected_id()
        if idea_id is not None:
            self.edit_idea(idea_id)

    def ask_status(self, idea_id: int, status: str | None = None) -> StatusDialog | None:
        """Open the status dialog for ``idea_id`` (preset to ``status``)."""
        idea = self._idea(idea_id)
        if idea is None or self.dialog is not None:
            return None
        return self._open_dialog(StatusDialog(idea, status, self), self._status_entered)

    def _person_names(self) -> list[tuple[str, str]]:
        return [(p.id, p.name) for p in self._people_list()]

    def _free_authors(self) -> set[str]:
        return {i.author for i in self.model.ideas if i.author.strip() and not i.person_id}

    def _added(self, dialog: IdeaDialog) -> None:
        idea = domain.Idea(id=0, **dialog.values())
        self.add(idea)

    def add(self, idea: domain.Idea) -> int | None:
        """Add ``idea`` as one undoable step; returns its new id (``None`` if refused)."""
        command = AddRecord(self.context, idea, _("Add idea"))
        self.context.undo_stack.push(command)
        if command.record_id is not None:
            self.select_idea(command.record_id)
        elif command.error:
            self._warn(_("The idea was not saved"), command.error)
        return command.record_id

    def _edited(self, dialog: IdeaDialog) -> None:
        idea = dialog.idea
        changes = {field: value for field, value in dialog.values().items()
                   if getattr(idea, field) != value}
        self.update(idea.id, changes, _("Edit idea"))

    def _status_entered(self, dialog: StatusDialog) -> None:
        idea = dialog.idea
        values = dialog.values()
        changes = {field: value for field, value in values.items()
                   if getattr(idea, field) != value}
        self.update(idea.id, changes, _("Set status of idea to “{status}”").format(
            status=status_text(values["status"])))

    def set_status(self, idea_id: int, status: str, note: str | None = None) -> None:
        """Set the status of ``idea_id`` (and its decision note, when given), undoable."""
        idea = self._idea(idea_id)
        if idea is None:
            return
        changes: dict[str, Any] = {"status": status}
        if note is not None:
            changes["decision_note"] = note
        changes = {k: v for k, v in changes.items() if getattr(idea, k) != v}
        self.update(idea_id, changes, _("Set status of idea to “{status}”").format(
            status=status_text(status)))

    def update(self, idea_id: int, changes: dict[str, Any], text: str) -> None:
        """Change fields of ``idea_id`` as one undoable step (nothing when nothing changed)."""
        if not changes or self.context.plan is None:
            return
        command = UpdateRecord(self.context, domain.Idea, idea_id, changes, text)
        self.context.undo_stack.push(command)
        if command.error:
            self._warn(_("The change was not saved"), command.error)

    def delete_idea(self, idea_id: int) -> None:
        """Delete ``idea_id`` (undoable)."""
        if self._idea(idea_id) is None:
            return
        command = DeleteRecord(self.context, domain.Idea, idea_id, _("Delete idea"))
        self.context.undo_stack.push(command)
        if command.error:
            self._warn(_("The idea was not deleted"), command.error)

    def delete_selected(self) -> None:
        """Delete the selected idea (Del)."""
        idea_id = self.selected_id()
        if idea_id is not None:
            self.delete_idea(idea_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        idea_id = index.data(IDEA_ID_ROLE)
        if IDEA_COLUMNS[index.column()] == "status":
            self.ask_status(idea_id)
        else:
            self.edit_idea(idea_id)

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for a row of the table (``index`` of the proxy), or ``None`` off the rows.
        """
        if not index.isValid() or self.context.plan is None:
            return None
        idea_id = index.data(IDEA_ID_ROLE)
        idea = self._idea(idea_id)
        if idea is None:
            return None
        menu = QMenu(self)
        edit = menu.addAction(_("&Edit…"))
        edit.triggered.connect(lambda: self.edit_idea(idea_id))
        status_menu = menu.addMenu(_("Set &status"))
        status_menu.setObjectName("ideaStatusMenu")
        for status in domain.IDEA_STATUSES:
            action = status_menu.addAction(status_text(status) + "…")
            action.setObjectName(f"ideaStatus_{status}")
            action.setCheckable(True)
            action.setChecked(status == idea.status)
            action.triggered.connect(lambda _checked=False, s=status: self.ask_status(idea_id, s))
        author = self._author_of.get(idea_id, "")
        letter = menu.addAction(_("Export &letter for {name}…").format(
            name=_short(self.author_name(author), 40)))
        letter.setObjectName("ideaLetterAction")
        letter.setEnabled(self._task is None and bool(author.strip()))
        letter.triggered.connect(lambda: self.export_letter(author_key=author))
        menu.addSeparator()
        delete = menu.addAction(_("&Delete"))
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        delete.triggered.connect(lambda: self.delete_idea(idea_id))
        return menu

    def _show_context_menu(self, pos) -> None:
        menu = self.context_menu(self.table.indexAt(pos))
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    # -- the letter -------------------------------------------------------------------

    def export_letter(self, path: str | None = None, author_key: str | None = None) -> None:
        """Write the letter for ``author_key`` (default: the one picked) as PDF, asking for
        the file when ``path`` is None. Runs in the background; a message says how it went.
        """
        plan = self.context.plan
        key = author_key if author_key is not None else self.author_combo.currentData()
        if plan is None or key is None or self._task is not None:
            return
        if author_key is not None:
            _select(self.author_combo, author_key)
        if path is None:
            folder = app_settings.last_folder(self.context.settings)
            suggested = str(Path(folder) / letter_file_name(self.author_name(key)))
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export letter"), suggested, _("PDF files (*.pdf)"))
            if not path:
                return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        app_settings.remember_folder(self.context.settings, path)
        self._task = self.context.runner.start(
            letters.export_idea_letter, plan, key, path,
            on_finished=self._letter_written, on_failed=self._letter_failed,
            on_cancelled=self._letter_cancelled)
        self.context.status_message.emit(_("Writing the letter…"))
        self._update_enabled()

    @property
    def busy(self) -> bool:
        """Whether a letter is being written."""
        return self._task is not None

    def _letter_written(self, written: Any) -> None:
        self._task = None
        self._update_enabled()
        written = str(written)
        self.last_letter_path = Path(written)
        self.context.status_message.emit(_("Letter saved: {path}").format(path=written))
        box = QMessageBox(QMessageBox.Icon.Information, _("Letter saved"),
                          _("The letter was saved to\n{path}").format(path=written),
                          QMessageBox.StandardButton.Close, self)
        open_button = box.addButton(_("&Open"), QMessageBox.ButtonRole.AcceptRole)
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(written)))
        self._show_message(box)
        self.letter_exported.emit(written)

    def _letter_failed(self, message: str, user_error: bool) -> None:
        self._task = None
        self._update_enabled()
        text = message if user_error else _(
            "Something went wrong ({reason}). Your plan was not changed; details are in the "
            "log.").format(reason=message)
        self._warn(_("The letter could not be saved"), text)

    def _letter_cancelled(self) -> None:
        self._task = None
        self._update_enabled()
        self.context.status_message.emit(_("Export cancelled."))

    def _warn(self, title: str, text: str) -> None:
        self.context.status_message.emit(title)
        self._show_message(QMessageBox(QMessageBox.Icon.Warning, title, text,
                                       QMessageBox.StandardButton.Ok, self))

    def _show_message(self, box: QMessageBox) -> None:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_message_box = box
        box.finished.connect(lambda _result: self._message_closed(box))
        box.open()

    def _message_closed(self, box: QMessageBox) -> None:
        if self.last_message_box is box:
            self.last_message_box = None


# -- small helpers -------------------------------------------------------------------------

def _duplicate_names(people: Sequence[tuple[str, str]]) -> set[str]:
    seen: set[str] = set()
    duplicates: set[str] = set()
    for _pid, name in people:
        folded = name.casefold()
        (duplicates if folded in seen else seen).add(folded)
    return duplicates


def _id_combo(names: dict[int, str], object_name: str, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(object_name)
    combo.addItem(_("(none)"), None)
    for record_id, name in sorted(names.items(), key=lambda item: item[1].casefold()):
        combo.addItem(name, record_id)
    return combo


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
