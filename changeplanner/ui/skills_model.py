"""The skills matrix as a Qt table model: people as rows, skills as columns, levels in cells.

The model never reads the database: :func:`build_matrix` turns a plan snapshot into a dense
:class:`SkillsMatrix` (plain lists, built on a worker thread) and ``data()`` only indexes
into it, so scrolling stays fast with thousands of people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from changeplanner import domain
from changeplanner.i18n import _
from changeplanner.ui.sorting import SourceSortProxy, reorder_rows, sorted_order

#: Background colour per level 0..4: ColorBrewer "YlGnBu" (5 classes), a sequential palette
#: that stays readable for the common colour-vision deficiencies and in greyscale print.
LEVEL_COLORS: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")

_ROOT = QModelIndex()

#: Columns before the first skill column.
NAME_COLUMN, DEPARTMENT_COLUMN = 0, 1
FIXED_COLUMNS = 2

#: Custom item roles (data() answers them for skill cells and the fixed columns).
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1       # int level or None (skill cells)
TARGET_ROLE = Qt.ItemDataRole.UserRole + 2      # int target or None (skill cells)
SORT_ROLE = Qt.ItemDataRole.UserRole + 3        # value the proxy sorts by
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 4   # the row's person id (any column)
DEPARTMENT_ROLE = Qt.ItemDataRole.UserRole + 5  # the row's department (any column)


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


@dataclass
class SkillsMatrix:
    """Dense, plain-Python matrix of one plan's skill levels (safe to build on a worker).

    ``levels[row][column]`` and ``targets[row][column]`` are ``None`` where nobody rated.
    """

    people: list[domain.Person] = field(default_factory=list)
    skills: list[domain.Skill] = field(default_factory=list)
    levels: list[list[int | None]] = field(default_factory=list)
    targets: list[list[int | None]] = field(default_factory=list)

    @property
    def departments(self) -> list[str]:
        """The departments of the people in the matrix, sorted."""
        return sorted({p.department for p in self.people if p.department})


def build_matrix(snapshot: domain.PlanSnapshot) -> SkillsMatrix:
    """Turn ``snapshot`` into a :class:`SkillsMatrix` (people by name, skills as listed)."""
    people = sorted(snapshot.people, key=lambda p: (p.name.casefold(), p.id))
    skills = list(snapshot.skills)
    row_of = {p.id: i for i, p in enumerate(people)}
    column_of = {s.id: j for j, s in enumerate(skills)}
    levels: list[list[int | None]] = [[None] * len(skills) for _p in people]
    targets: list[list[int | None]] = [[None] * len(skills) for _p in people]
    for rating in snapshot.ratings:
        row, column = row_of.get(rating.person_id), column_of.get(rating.skill_id)
        if row is None or column is None:
            continue
        levels[row][column] = rating.level
        targets[row][column] = rating.target
    return SkillsMatrix(people=people, skills=skills, levels=levels, targets=targets)


def _sort_keys(matrix: SkillsMatrix, column: int) -> list[tuple]:
    """One sort key per row for ``column`` (unrated skill cells first)."""
    people = matrix.people
    if column == NAME_COLUMN:
        keys = [(p.name.casefold(), p.id) for p in people]
    elif column == DEPARTMENT_COLUMN:
        keys = [(p.department.casefold(), p.name.casefold(), p.id) for p in people]
    else:
        skill = column - FIXED_COLUMNS
        keys = [(-1 if levels[skill] is None else levels[skill], p.name.casefold(), p.id)
                for p, levels in zip(people, matrix.levels, strict=True)]
    return keys


def _sorted_matrix(matrix: SkillsMatrix, column: int, order: Qt.SortOrder) -> SkillsMatrix:
    """A copy of ``matrix`` with its rows sorted by ``column``."""
    return _reordered(matrix, sorted_order(_sort_keys(matrix, column), order))


def _reordered(matrix: SkillsMatrix, rows: Sequence[int]) -> SkillsMatrix:
    return SkillsMatrix(people=[matrix.people[r] for r in rows], skills=matrix.skills,
                        levels=[matrix.levels[r] for r in rows],
                        targets=[matrix.targets[r] for r in rows])


class SkillsMatrixModel(QAbstractTableModel):
    """Read-only people × skills table over a :class:`SkillsMatrix`.

    Column 0 is the name, column 1 the department, every further column one skill. A skill
    cell shows the level ("2"), or "2 → 3" when the person is below their target level, on a
    background coloured by level; it is empty when the person was not rated.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matrix = SkillsMatrix()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._colors = [level_color(level) for level in range(len(LEVEL_COLORS))]
        self._text_colors = [text_color_for(c) for c in self._colors]

    # -- content -------------------------------------------------------------------

    def set_matrix(self, matrix: SkillsMatrix) -> None:
        """Show ``matrix`` (replaces everything), in the current sort order."""
        if self._sort is not None and self._sort[0] < FIXED_COLUMNS + len(matrix.skills):
            matrix = _sorted_matrix(matrix, *self._sort)
        self.beginResetModel()
        self._matrix = matrix
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column`` in plain Python (fast for 10,000 people).

        Sorting here instead of in the proxy avoids one ``data()`` call per comparison.
        """
        if not 0 <= column < self.columnCount():
            return
        self._sort = (column, order)

        def apply(rows: Sequence[int]) -> None:
            self._matrix = _reordered(self._matrix, rows)

        reorder_rows(self, sorted_order(_sort_keys(self._matrix, column), order), apply)

    @property
    def matrix(self) -> SkillsMatrix:
        """The matrix shown."""
        return self._matrix

    def retranslate(self) -> None:
        """Tell views that the header texts changed language."""
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    # -- Qt model API --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._matrix.people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else FIXED_COLUMNS + len(self._matrix.skills)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        matrix = self._matrix
        if not (0 <= row < len(matrix.people)
                and 0 <= column < FIXED_COLUMNS + len(matrix.skills)):
            return None
        person = matrix.people[row]
        if role == PERSON_ID_ROLE:
            return person.id
        if role == DEPARTMENT_ROLE:
            return person.department
        if column == NAME_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return person.name
            if role == SORT_ROLE:
                return person.name.casefold()
            return None
        if column == DEPARTMENT_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return person.department
            if role == SORT_ROLE:
                return person.department.casefold()
            return None
        skill_column = column - FIXED_COLUMNS
        level = matrix.levels[row][skill_column]
        if role == LEVEL_ROLE:
            return level
        if role == TARGET_ROLE:
            return matrix.targets[row][skill_column]
        if role == SORT_ROLE:
            return -1 if level is None else level
        if level is None:
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("{person}: {skill} not rated").format(
                    person=person.name, skill=matrix.skills[skill_column].name)
            return None
        target = matrix.targets[row][skill_column]
        if role == Qt.ItemDataRole.DisplayRole:
            if target is not None and target > level:
                return f"{level} → {target}"
            return str(level)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._colors[max(0, min(level, len(self._colors) - 1))]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._text_colors[max(0, min(level, len(self._text_colors) - 1))]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            skill = matrix.skills[skill_column].name
            label = _(domain.LEVEL_LABELS.get(level, ""))
            if target is not None and target > level:
                return _("{person}: {skill} at level {level} ({label}), target {target}"
                         ).format(person=person.name, skill=skill, level=level, label=label,
                                  target=target)
            return _("{person}: {skill} at level {level} ({label})").format(
                person=person.name, skill=skill, level=level, label=label)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(section + 1)
            return None
        if not 0 <= section < self.columnCount():
            return None
        if section == NAME_COLUMN:
            return _("Name") if role == Qt.ItemDataRole.DisplayRole else None
        if section == DEPARTMENT_COLUMN:
            return _("Department") if role == Qt.ItemDataRole.DisplayRole else None
        skill = self._matrix.skills[section - FIXED_COLUMNS]
        if role == Qt.ItemDataRole.DisplayRole:
            return skill.name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [skill.name]
            if skill.category:
                lines.append(_("Category: {category}").format(category=skill.category))
            if skill.description:
                lines.append(skill.description)
            return "\n".join(lines)
        return None


class SkillsFilterProxy(SourceSortProxy):
    """Filters the matrix by department and by a text in name or department.

    Sorting is passed on to :class:`SkillsMatrixModel` (levels sort as numbers, unrated cells
    first); the proxy keeps the source order, so a reset of 10,000 rows stays quick.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._department: str | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_department(self, department: str | None) -> None:
        """Show only people of ``department`` (``None`` shows every department)."""
        self.beginFilterChange()
        self._department = department or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Show only people whose name or department contains ``text`` (any case)."""
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, SkillsMatrixModel):
            return True
        person = model.matrix.people[source_row]
        if self._department is not None and person.department != self._department:
            return False
        if self._text and self._text not in person.name.casefold() \
                and self._text not in person.department.casefold():
            return False
        return True
