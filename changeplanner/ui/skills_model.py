"""The skills matrix as a Qt table model: people as rows, skills as columns, levels in cells.

The model never reads the database: :func:`build_matrix` turns a plan snapshot into a dense
:class:`SkillsMatrix` (numpy ``int8`` arrays, built on a worker thread) and ``data()`` only
indexes into it, so scrolling stays fast with 10,000 people × 300 skills. Edits do not write
here either: ``setData`` hands the change to an edit handler (the page pushes an undoable
command), and the command calls :meth:`SkillsMatrixModel.apply_levels` /
:meth:`~SkillsMatrixModel.apply_ratings` once the plan file holds the new values; only the
changed cells, their row's summary and the column summary are refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from changeplanner import domain
from changeplanner.analysis.skills import effective_targets
from changeplanner.i18n import _, ngettext
from changeplanner.ui.people_model import sort_text
from changeplanner.ui.sorting import SourceSortProxy, reorder_rows, sorted_order
from changeplanner.ui.widgets import format_number

#: Background colour per level 0..4: one palette for the matrix and the Excel export
#: (ColorBrewer "YlGnBu", see :data:`changeplanner.domain.LEVEL_COLORS`).
LEVEL_COLORS: tuple[str, ...] = domain.LEVEL_COLORS

_ROOT = QModelIndex()

#: Columns before the first skill column: name, department, and the per-person summary.
NAME_COLUMN, DEPARTMENT_COLUMN, EXPERTS_COLUMN, MEAN_COLUMN = 0, 1, 2, 3
FIXED_COLUMNS = 4

#: Stored in the level/target arrays where a person has no rating / no target.
NOT_RATED = -1

#: Custom item roles (data() answers them for skill cells and the fixed columns).
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1       # int level or None (skill cells)
TARGET_ROLE = Qt.ItemDataRole.UserRole + 2      # int target or None (skill cells)
SORT_ROLE = Qt.ItemDataRole.UserRole + 3        # value the proxy sorts by
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 4   # the row's person id (any column)
DEPARTMENT_ROLE = Qt.ItemDataRole.UserRole + 5  # the row's department (any column)
WANTS_ROLE = Qt.ItemDataRole.UserRole + 6       # bool: wants to learn (skill cells)
SKILL_ID_ROLE = Qt.ItemDataRole.UserRole + 7    # skill id (skill cells and their header)
#: Header roles of skill columns.
SKILL_NAME_ROLE = Qt.ItemDataRole.UserRole + 8  # the plain skill name (no risk marker)
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 9    # the skill's category ("" = none)
RISK_ROLE = Qt.ItemDataRole.UserRole + 10       # experts in the plan when < MIN_EXPERTS

#: Prefix of a skill header whose skill is a single point of failure.
RISK_MARKER = "⚠"
#: Marker of a cell whose person wants to learn the skill.
WANTS_MARKER = "★"

#: Handler for an edit typed into the matrix: a list of (person id, skill id, level|None).
EditHandler = Callable[[list[tuple[str, int, int | None]]], None]


def _luminance(color: QColor) -> float:
    """Relative luminance as defined by WCAG 2."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours (1 .. 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def level_color(level: int) -> QColor:
    """Background colour of ``level`` (0..4)."""
    return QColor(LEVEL_COLORS[max(domain.LEVEL_MIN, min(domain.LEVEL_MAX, level))])


def text_color_for(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    black, white = QColor("#000000"), QColor("#ffffff")
    if contrast_ratio(background, black) >= contrast_ratio(background, white):
        return black
    return white


def category_title(category: str) -> str:
    """The name shown for a category (skills without one are "Other")."""
    return category or _("Other")


def _skill_order(skill: domain.Skill) -> tuple:
    # Categories alphabetically, skills without a category last.
    return (not skill.category, skill.category.casefold(), skill.name.casefold(), skill.id)


@dataclass
class SkillsMatrix:
    """Dense matrix of one plan's skill levels (plain data: safe to build on a worker).

    ``levels[row, column]`` and ``targets[row, column]`` are :data:`NOT_RATED` where a person
    has no rating / no own target; ``wants[row, column]`` is the wants-to-learn flag. Skills
    are the catalogue's non-archived skills, grouped by category.
    """

    people: list[domain.Person] = field(default_factory=list)
    skills: list[domain.Skill] = field(default_factory=list)
    levels: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int8))
    targets: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int8))
    wants: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.bool_))
    #: Targets from the requirement profiles (department, title); a person's own target wins.
    required: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int8))
    #: Level names: ``(skill id or None, level) -> name`` as the plan defines them.
    level_names: dict[tuple[int | None, int], str] = field(default_factory=dict)

    @property
    def departments(self) -> list[str]:
        """The departments of the people in the matrix, sorted."""
        return sorted({p.department for p in self.people if p.department}, key=str.casefold)

    @property
    def categories(self) -> list[str]:
        """The categories of the skill columns, in column order ("" for none)."""
        seen: dict[str, None] = {}
        for skill in self.skills:
            seen.setdefault(skill.category, None)
        return list(seen)

    def target_at(self, row: int, column: int) -> tuple[int, bool]:
        """The target of a skill cell and whether it is the person's own (else required by
        their department or title); ``NOT_RATED`` when there is none."""
        own = int(self.targets[row, column])
        if own != NOT_RATED:
            return own, True
        return int(self.required[row, column]) if self.required.size else NOT_RATED, False

    def level_name(self, skill_id: int | None, level: int) -> str:
        """What ``level`` means for ``skill_id`` (per-skill text, plan text, or default)."""
        name = self.level_names.get((skill_id, level)) or self.level_names.get((None, level))
        return name or _(domain.LEVEL_LABELS.get(level, ""))


def build_matrix(snapshot: domain.PlanSnapshot) -> SkillsMatrix:
    """Turn ``snapshot`` into a :class:`SkillsMatrix` (people by name, skills by category)."""
    people = sorted(snapshot.people, key=lambda p: (sort_text(p.name), p.id))
    skills = sorted((s for s in snapshot.skills if not s.archived), key=_skill_order)
    row_of = {p.id: i for i, p in enumerate(people)}
    column_of = {s.id: j for j, s in enumerate(skills)}
    shape = (len(people), len(skills))
    levels = np.full(shape, NOT_RATED, np.int8)
    targets = np.full(shape, NOT_RATED, np.int8)
    wants = np.zeros(shape, np.bool_)
    rows: list[int] = []
    columns: list[int] = []
    values: list[int] = []
    target_values: list[int] = []
    wish: list[bool] = []
    for rating in snapshot.ratings:
        row, column = row_of.get(rating.person_id), column_of.get(rating.skill_id)
        if row is None or column is None:
            continue
        rows.append(row)
        columns.append(column)
        values.append(rating.level)
        target_values.append(NOT_RATED if rating.target is None else rating.target)
        wish.append(bool(rating.wants_to_learn))
    if rows:
        levels[rows, columns] = values
        targets[rows, columns] = target_values
        wants[rows, columns] = wish
    required = np.full(shape, NOT_RATED, np.int8)
    if snapshot.requirements:
        from_profiles = effective_targets(people, (), snapshot.requirements, skills)
        cells = [(row_of[pid], column_of[sid], level)
                 for (pid, sid), level in from_profiles.items() if sid in column_of]
        if cells:
            r, c, v = zip(*cells, strict=True)
            required[list(r), list(c)] = v
    names = {(t.skill_id, t.level): t.name for t in snapshot.level_texts if t.name}
    return SkillsMatrix(people=people, skills=skills, levels=levels, targets=targets,
                        wants=wants, required=required, level_names=names)


def _reordered(matrix: SkillsMatrix, rows: Sequence[int]) -> SkillsMatrix:
    order = np.asarray(rows, dtype=np.intp)
    return SkillsMatrix(people=[matrix.people[r] for r in rows], skills=matrix.skills,
                        levels=matrix.levels[order], targets=matrix.targets[order],
                        wants=matrix.wants[order], required=matrix.required[order],
                        level_names=matrix.level_names)


@dataclass(frozen=True)
class ColumnSummary:
    """The summary row over the people shown: per skill column, experts and mean level."""

    people: int = 0
    experts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    rated: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    mean: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))


class SkillsMatrixModel(QAbstractTableModel):
    """People × skills table over a :class:`SkillsMatrix`, editable through a handler.

    Column 0 is the name, 1 the department, 2 the number of skills the person has at level 3
    or higher, 3 their mean level; every further column is one skill. A skill cell shows the
    level ("2"), "2 → 3" when the person is below their own target, and "★" when they want to
    learn the skill, on a background coloured by level; it is empty when not rated.

    Signals:
        summary_changed(): the column summary (:attr:`summary`) was recomputed.
    """

    summary_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matrix = SkillsMatrix()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._colors = [level_color(level) for level in range(len(LEVEL_COLORS))]
        self._text_colors = [text_color_for(c) for c in self._colors]
        self._center = int(Qt.AlignmentFlag.AlignCenter)
        self._right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._edit_handler: EditHandler | None = None
        self._plain_flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        self._editable_flags = self._plain_flags | Qt.ItemFlag.ItemIsEditable
        self._row_of: dict[str, int] = {}
        self._column_of: dict[int, int] = {}
        self._summary_rows: np.ndarray | None = None
        self.summary = ColumnSummary()
        self._reset_stats()

    # -- content -------------------------------------------------------------------

    def set_matrix(self, matrix: SkillsMatrix) -> None:
        """Show ``matrix`` (replaces everything), in the current sort order."""
        self.beginResetModel()
        self._matrix = matrix
        self._reindex()
        self._reset_stats()
        # build_matrix already orders the people by name: only another order needs sorting.
        if (self._sort is not None and self._sort != (NAME_COLUMN, Qt.SortOrder.AscendingOrder)
                and self._sort[0] < FIXED_COLUMNS + len(matrix.skills)):
            self._matrix = _reordered(matrix, sorted_order(self._sort_keys(self._sort[0]),
                                                           self._sort[1]))
            self._reindex()
            self._reset_stats()
        self._summary_rows = None
        self.endResetModel()
        self._update_summary()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column`` in plain Python (fast for 10,000 people).

        Sorting here instead of in the proxy avoids one ``data()`` call per comparison.
        Rows stay where they are while being edited; the next sort puts them in place.
        """
        if not 0 <= column < self.columnCount():
            return
        self._sort = (column, order)

        def apply(rows: Sequence[int]) -> None:
            self._matrix = _reordered(self._matrix, rows)
            self._reindex()
            self._reset_stats()

        reorder_rows(self, sorted_order(self._sort_keys(column), order), apply)

    def _sort_keys(self, column: int) -> list[tuple]:
        """One sort key per row for ``column`` (unrated skill cells first)."""
        people = self._matrix.people
        names = [sort_text(p.name) for p in people]
        if column == NAME_COLUMN:
            return [(name, p.id) for name, p in zip(names, people, strict=True)]
        if column == DEPARTMENT_COLUMN:
            return [(sort_text(p.department), name, p.id)
                    for name, p in zip(names, people, strict=True)]
        if column == EXPERTS_COLUMN:
            values = self._row_experts.tolist()
        elif column == MEAN_COLUMN:
            values = [-1.0 if rated == 0 else total / rated for total, rated in zip(
                self._row_sum.tolist(), self._row_rated.tolist(), strict=True)]
        else:
            values = self._matrix.levels[:, column - FIXED_COLUMNS].tolist()
        return [(value, name, p.id) for value, name, p in zip(values, names, people,
                                                               strict=True)]

    def _reindex(self) -> None:
        self._row_of = {p.id: row for row, p in enumerate(self._matrix.people)}
        codes: dict[str, int] = {}
        self._department_codes = np.fromiter(
            (codes.setdefault(p.department, len(codes)) for p in self._matrix.people),
            dtype=np.intp, count=len(self._matrix.people))
        self._department_names = list(codes)
        self._column_of = {s.id: column for column, s in enumerate(self._matrix.skills)}

    def _reset_stats(self) -> None:
        levels = self._matrix.levels
        rated = levels >= 0
        experts = levels >= domain.EXPERT_LEVEL
        self._row_experts = experts.sum(axis=1, dtype=np.int32)
        self._row_rated = rated.sum(axis=1, dtype=np.int32)
        self._row_sum = np.where(rated, levels, 0).sum(axis=1, dtype=np.int32)
        self._column_experts = experts.sum(axis=0, dtype=np.int32)

    @property
    def matrix(self) -> SkillsMatrix:
        """The matrix shown."""
        return self._matrix

    def person_at(self, row: int) -> domain.Person:
        """The person in ``row``."""
        return self._matrix.people[row]

    def row_of(self, person_id: str) -> int:
        """The row of ``person_id`` (-1 if not in the matrix)."""
        return self._row_of.get(person_id, -1)

    def column_of(self, skill_id: int) -> int:
        """The model column of ``skill_id`` (-1 if not shown)."""
        column = self._column_of.get(skill_id)
        return -1 if column is None else FIXED_COLUMNS + column

    def skill_at(self, column: int) -> domain.Skill | None:
        """The skill of model ``column`` (``None`` for the fixed columns)."""
        if FIXED_COLUMNS <= column < FIXED_COLUMNS + len(self._matrix.skills):
            return self._matrix.skills[column - FIXED_COLUMNS]
        return None

    def level_at(self, row: int, column: int) -> int | None:
        """The level in a skill cell (``None`` when not rated)."""
        level = int(self._matrix.levels[row, column - FIXED_COLUMNS])
        return None if level == NOT_RATED else level

    def rating_at(self, row: int, column: int) -> domain.Rating | None:
        """The rating in a skill cell as the plan holds it (``None`` when not rated)."""
        skill_column = column - FIXED_COLUMNS
        matrix = self._matrix
        level = int(matrix.levels[row, skill_column])
        if level == NOT_RATED:
            return None
        target = int(matrix.targets[row, skill_column])
        return domain.Rating(matrix.people[row].id, matrix.skills[skill_column].id, level,
                             None if target == NOT_RATED else target,
                             bool(matrix.wants[row, skill_column]))

    def plan_experts(self, column: int) -> int:
        """How many people in the whole plan have the skill of ``column`` at level >= 3."""
        return int(self._column_experts[column - FIXED_COLUMNS])

    def single_expert_departments(self, column: int) -> list[str]:
        """Departments where exactly one person has the skill of ``column`` at level >= 3."""
        experts = self._matrix.levels[:, column - FIXED_COLUMNS] >= domain.EXPERT_LEVEL
        counts = np.bincount(self._department_codes[experts],
                             minlength=len(self._department_names))
        return sorted((name for name, count in zip(self._department_names, counts.tolist(),
                                                   strict=True) if count == 1 and name),
                      key=str.casefold)

    def columns_of_category(self, category: str) -> list[int]:
        """The model columns of the skills in ``category``."""
        return [FIXED_COLUMNS + i for i, s in enumerate(self._matrix.skills)
                if s.category == category]

    def retranslate(self) -> None:
        """Tell views that header and cell texts changed language."""
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    # -- summary row ---------------------------------------------------------------

    def set_summary_rows(self, rows: np.ndarray | None) -> None:
        """Compute the summary row over these model rows only (``None``: every row)."""
        self._summary_rows = rows
        self._update_summary()

    def _update_summary(self) -> None:
        levels = self._matrix.levels
        if self._summary_rows is not None:
            levels = levels[self._summary_rows]
        rated = levels >= 0
        counts = rated.sum(axis=0, dtype=np.int32)
        sums = np.where(rated, levels, 0).sum(axis=0, dtype=np.int64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        self.summary = ColumnSummary(
            people=levels.shape[0],
            experts=(levels >= domain.EXPERT_LEVEL).sum(axis=0, dtype=np.int32),
            rated=counts, mean=mean)
        self.summary_changed.emit()

    # -- editing -------------------------------------------------------------------

    def set_edit_handler(self, handler: EditHandler | None) -> None:
        """Make skill cells editable: ``handler(cells)`` performs the edit (with undo)."""
        self._edit_handler = handler

    def apply_levels(self, cells: Iterable[tuple[str, int, int | None]]) -> None:
        """Show levels the plan file now holds; only the changed cells are repainted.

        A cleared cell loses its target and learn flag (the plan removed the rating); a new
        rating has neither.
        """
        def write(matrix: SkillsMatrix, row: int, column: int, level: int) -> None:
            matrix.levels[row, column] = level

        self._apply(cells, write)

    def apply_ratings(self, ratings: Iterable[tuple[str, int, domain.Rating | None]]) -> None:
        """Show whole ratings (level, target, learn flag) the plan file now holds."""
        def write(matrix: SkillsMatrix, row: int, column: int, rating: domain.Rating) -> None:
            matrix.levels[row, column] = rating.level
            matrix.targets[row, column] = NOT_RATED if rating.target is None else rating.target
            matrix.wants[row, column] = bool(rating.wants_to_learn)

        self._apply(ratings, write)

    def _apply(self, items: Iterable[tuple[str, int, Any]],
               write: Callable[[SkillsMatrix, int, int, Any], None]) -> None:
        """Put ``(person, skill, value)`` into the cache (``None`` clears the cell) and
        repaint only those cells."""
        matrix = self._matrix
        changed: dict[int, list[int]] = {}
        for person_id, skill_id, value in items:
            row, column = self._row_of.get(person_id), self._column_of.get(skill_id)
            if row is None or column is None:
                continue
            if value is None:
                matrix.levels[row, column] = NOT_RATED
                matrix.targets[row, column] = NOT_RATED
                matrix.wants[row, column] = False
            else:
                write(matrix, row, column, value)
            changed.setdefault(row, []).append(column)
        self._cells_changed(changed)

    def _cells_changed(self, changed: dict[int, list[int]]) -> None:
        if not changed:
            return
        levels = self._matrix.levels
        rows = np.fromiter(changed, dtype=np.intp, count=len(changed))
        part = levels[rows]
        rated = part >= 0
        self._row_experts[rows] = (part >= domain.EXPERT_LEVEL).sum(axis=1)
        self._row_rated[rows] = rated.sum(axis=1)
        self._row_sum[rows] = np.where(rated, part, 0).sum(axis=1)
        columns = sorted({c for cs in changed.values() for c in cs})
        self._column_experts[columns] = (levels[:, columns] >= domain.EXPERT_LEVEL).sum(
            axis=0)
        for row, skill_columns in changed.items():
            self.dataChanged.emit(self.index(row, FIXED_COLUMNS + min(skill_columns)),
                                  self.index(row, FIXED_COLUMNS + max(skill_columns)))
            self.dataChanged.emit(self.index(row, EXPERTS_COLUMN),
                                  self.index(row, MEAN_COLUMN))
        # The risk marker in the header follows the number of experts.
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, FIXED_COLUMNS + columns[0],
                                    FIXED_COLUMNS + columns[-1])
        self._update_summary()

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._matrix.people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else FIXED_COLUMNS + len(self._matrix.skills)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # Combined once: enum arithmetic per call shows up when 10,000 rows scroll.
        if self._edit_handler is not None and index.column() >= FIXED_COLUMNS:
            return self._editable_flags
        return self._plain_flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        matrix = self._matrix
        if row < 0 or column < 0 or row >= len(matrix.people) \
                or column >= FIXED_COLUMNS + len(matrix.skills):
            return None
        if column >= FIXED_COLUMNS:
            return self._skill_data(row, column - FIXED_COLUMNS, role)
        person = matrix.people[row]
        if role == PERSON_ID_ROLE:
            return person.id
        if role == DEPARTMENT_ROLE:
            return person.department
        if column == NAME_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return person.name
            if role == SORT_ROLE:
                return sort_text(person.name)
            return None
        if column == DEPARTMENT_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return person.department
            if role == SORT_ROLE:
                return sort_text(person.department)
            return None
        experts = int(self._row_experts[row])
        rated = int(self._row_rated[row])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._right
        if column == EXPERTS_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return experts
            if role == Qt.ItemDataRole.ToolTipRole:
                return ngettext("{name}: {n} skill at level 3 or higher (works independently)",
                                "{name}: {n} skills at level 3 or higher (work independently)",
                                experts).format(name=person.name, n=experts)
            return None
        mean = int(self._row_sum[row]) / rated if rated else None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if mean is None else format_number(mean, 1)
        if role == SORT_ROLE:
            return -1.0 if mean is None else mean
        if role == Qt.ItemDataRole.ToolTipRole:
            if mean is None:
                return _("{name}: no skill rated yet").format(name=person.name)
            return ngettext("{name}: mean level {mean} over {n} rated skill",
                            "{name}: mean level {mean} over {n} rated skills", rated).format(
                name=person.name, mean=format_number(mean, 1), n=rated)
        return None

    def _skill_data(self, row: int, skill_column: int, role: int) -> Any:
        matrix = self._matrix
        level = int(matrix.levels[row, skill_column])
        if role == Qt.ItemDataRole.DisplayRole:
            target, _own = matrix.target_at(row, skill_column)
            if level == NOT_RATED:  # not rated but required: show the gap
                return f"–\u2009→\u2009{target}" if target > 0 else None
            text = f"{level}\u2009→\u2009{target}" if target > level else str(level)
            if matrix.wants[row, skill_column]:
                text += " " + WANTS_MARKER
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            return None if level == NOT_RATED else self._colors[level]
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if level == NOT_RATED else self._text_colors[level]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._center
        if role in (LEVEL_ROLE, Qt.ItemDataRole.EditRole):
            return None if level == NOT_RATED else level
        if role == SORT_ROLE:
            return level
        if role == TARGET_ROLE:
            target = int(matrix.targets[row, skill_column])
            return None if target == NOT_RATED else target
        if role == WANTS_ROLE:
            return bool(matrix.wants[row, skill_column])
        if role == PERSON_ID_ROLE:
            return matrix.people[row].id
        if role == SKILL_ID_ROLE:
            return matrix.skills[skill_column].id
        if role == DEPARTMENT_ROLE:
            return matrix.people[row].department
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(row, skill_column)
        return None

    def _cell_tooltip(self, row: int, skill_column: int) -> str:
        matrix = self._matrix
        person, skill = matrix.people[row], matrix.skills[skill_column]
        level = int(matrix.levels[row, skill_column])
        if level == NOT_RATED:
            lines = [_("{person}: {skill} not rated").format(person=person.name,
                                                             skill=skill.name)]
        else:
            lines = [_("{person}: {skill} at level {level} ({label})").format(
                person=person.name, skill=skill.name, level=level,
                label=matrix.level_name(skill.id, level))]
        target, own = matrix.target_at(row, skill_column)
        if target != NOT_RATED:
            lines.append(_("Target: level {target} ({label})").format(
                target=target, label=matrix.level_name(skill.id, target)))
            if not own:
                lines.append(_("Required by the profile of their department or title"))
        if matrix.wants[row, skill_column]:
            lines.append(_("Wants to learn this skill"))
        return "\n".join(lines)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Hand a typed level (0-4, or ``None`` to clear) to the edit handler."""
        if (role != Qt.ItemDataRole.EditRole or self._edit_handler is None
                or not index.isValid() or index.column() < FIXED_COLUMNS):
            return False
        if value is not None and value != "":
            try:
                value = int(value)
            except (TypeError, ValueError):
                return False
            if not domain.LEVEL_MIN <= value <= domain.LEVEL_MAX:
                return False
        else:
            value = None
        row, column = index.row(), index.column()
        if self.level_at(row, column) == value:
            return False
        self._edit_handler([(self._matrix.people[row].id,
                             self._matrix.skills[column - FIXED_COLUMNS].id, value)])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(section + 1)
            return None
        if not 0 <= section < self.columnCount():
            return None
        if section < FIXED_COLUMNS:
            return self._fixed_header(section, role)
        skill = self._matrix.skills[section - FIXED_COLUMNS]
        experts = int(self._column_experts[section - FIXED_COLUMNS])
        at_risk = experts < domain.MIN_EXPERTS
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{RISK_MARKER} {skill.name}" if at_risk else skill.name
        if role == SKILL_NAME_ROLE:
            return skill.name
        if role == SKILL_ID_ROLE:
            return skill.id
        if role == CATEGORY_ROLE:
            return skill.category
        if role == RISK_ROLE:
            return experts if at_risk else None
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [skill.name, _("Category: {category}").format(
                category=category_title(skill.category))]
            if skill.description:
                lines.append(skill.description)
            if at_risk:
                lines.append(risk_text(experts))
            departments = self.single_expert_departments(section)
            if departments:
                lines.append(_("Only one person works independently in: {departments}").format(
                    departments=", ".join(departments)))
            return "\n".join(lines)
        return None

    def _fixed_header(self, section: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return {NAME_COLUMN: _("Name"), DEPARTMENT_COLUMN: _("Department"),
                    EXPERTS_COLUMN: _("≥ 3"), MEAN_COLUMN: _("Mean")}[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == EXPERTS_COLUMN:
                return _("Skills this person has at level 3 or higher (works independently)")
            if section == MEAN_COLUMN:
                return _("Mean level of the skills this person is rated in")
        return None


def risk_text(experts: int) -> str:
    """Why a skill with ``experts`` people at level >= 3 is a risk, in plain words."""
    if experts == 0:
        return _("Single point of failure: nobody works independently (level 3 or higher)")
    return ngettext("Single point of failure: only {n} person works independently",
                    "Single point of failure: only {n} people work independently",
                    experts).format(n=experts)


class SkillsFilterProxy(SourceSortProxy):
    """Filters the matrix by department, team leads and a text in name or department.

    Sorting is passed on to :class:`SkillsMatrixModel` (levels sort as numbers, unrated cells
    first); the proxy keeps the source order, so a reset of 10,000 rows stays quick.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._department: str | None = None
        self._text = ""
        self._leads_only = False
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_department(self, department: str | None) -> None:
        """Show only people of ``department`` (``None`` shows every department)."""
        value = department or None
        if value == self._department:
            return  # filtering 10,000 rows again for nothing takes a noticeable moment
        self.beginFilterChange()
        self._department = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Show only people whose name or department contains ``text`` (any case)."""
        value = text.strip().casefold()
        if value == self._text:
            return  # filtering 10,000 rows again for nothing takes a noticeable moment
        self.beginFilterChange()
        self._text = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_leads_only(self, leads_only: bool) -> None:
        """Show only team leads."""
        value = bool(leads_only)
        if value == self._leads_only:
            return  # filtering 10,000 rows again for nothing takes a noticeable moment
        self.beginFilterChange()
        self._leads_only = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def active(self) -> bool:
        """Whether any filter hides people."""
        return bool(self._department or self._text or self._leads_only)

    def accepts(self, person: domain.Person) -> bool:
        """Whether the filters show ``person``."""
        if self._leads_only and not person.team_lead:
            return False
        if self._department is not None and person.department != self._department:
            return False
        if self._text and self._text not in person.name.casefold() \
                and self._text not in person.department.casefold():
            return False
        return True

    def source_rows(self) -> np.ndarray | None:
        """The model rows shown (``None`` when no filter is active: every row)."""
        model = self.sourceModel()
        if not self.active or not isinstance(model, SkillsMatrixModel):
            return None
        accepts = self.accepts
        people = model.matrix.people
        return np.fromiter((i for i, p in enumerate(people) if accepts(p)), dtype=np.intp)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, SkillsMatrixModel):
            return True
        return self.accepts(model.person_at(source_row))
