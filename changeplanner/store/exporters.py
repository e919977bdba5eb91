"""Writing the skills matrix to Excel (XLSX) and CSV files: pure writers over plain data.

:mod:`changeplanner.services.exports` reads the plan into a :class:`SkillsExport`; the
functions here only format it. Every file is written to a temporary file beside the target
and moved into place, so a failure never leaves a half-written file.

The files are the ones :mod:`changeplanner.store.importers` reads back:

* XLSX: sheet “Skills” (``id``, ``name``, ``department``, then one column per skill with
  the levels, heat colours as in the app, frozen header row and first three columns, an
  autofilter), sheet “Legend” (what the levels mean and their colours) and sheet “Targets”
  (``id``, ``skill``, ``target``, ``wants_to_learn`` for every rating with a target or a
  learning wish), so an export imported again keeps every value.
* CSV, wide or long, as German Excel opens it by double-click: UTF-8 with BOM, ``;``
  between values, CRLF line ends.

Written with openpyxl's write-only mode: 10,000 people x 300 skills stream to disk.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.i18n import _

#: Byte that marks "no level" in a person's row of levels (as in the importers).
NO_LEVEL = 255

#: The separator and encoding of CSV exports: what German Excel opens directly.
CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"

#: Headers of the fixed columns (canonical names; the import accepts them in any language).
PERSON_HEADERS = ("id", "name", "department")
LONG_HEADERS = ("id", "skill", "level", "target", "wants_to_learn")
TARGET_HEADERS = ("id", "skill", "target", "wants_to_learn")

#: How many rows are measured to size the name and department columns.
_WIDTH_SAMPLE = 2000


@dataclass(frozen=True)
class SkillsExport:
    """The plain data of a skills export.

    Attributes:
        skills: skill names, in column order.
        people: ``(id, name, department)`` per row.
        levels: per person (same order), one byte per skill: the level 0-4 or
            :data:`NO_LEVEL`.
        targets: ``(person id, skill index, target or None, wants_to_learn)`` for every
            rating with a target or a learning wish.
        legend: ``(level, name, description)`` for the levels 0-4.
        colors: background colour per level (``#rrggbb``).
        yes: how ``wants_to_learn`` is written when set (``no`` when not).
        no: see ``yes``.
    """

    skills: Sequence[str]
    people: Sequence[tuple[str, str, str]]
    levels: Sequence[bytes]
    targets: Sequence[tuple[str, int, int | None, bool]] = ()
    legend: Sequence[tuple[int, str, str]] = ()
    colors: Sequence[str] = domain.LEVEL_COLORS
    yes: str = "yes"
    no: str = "no"

    def long_rows(self) -> Iterator[tuple[str, str, int, int | str, str]]:
        """``(id, skill, level, target, wants_to_learn)`` per rating, by person then skill;
        an empty target is ``""``."""
        extra = {(p, k): (t, w) for p, k, t, w in self.targets}
        skills = self.skills
        for (person_id, _name, _department), levels in zip(self.people, self.levels,
                                                           strict=True):
            for k, level in enumerate(levels):
                if level != NO_LEVEL:
                    target, wants = extra.get((person_id, k), (None, False))
                    yield (person_id, skills[k], level, "" if target is None else target,
                           self.yes if wants else self.no)


# -- writing safely -------------------------------------------------------------------

@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it to ``path`` when the block succeeds.

    Raises:
        UserError: ``path`` is a folder, or the file cannot be written (the message names
            it); nothing is left behind.
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(_("This is a folder; choose a file name for the export."),
                        file=str(path))
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=path.parent)
        os.close(fd)
        # mkstemp makes the file private; give it the mode a normal save would.
        os.chmod(tmp_name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        yield Path(tmp_name)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise UserError(_("The file could not be written: {reason}").format(
            reason=exc.strerror or exc), file=str(path)) from exc
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


# -- CSV ------------------------------------------------------------------------------

def _csv_writer(handle):
    return csv.writer(handle, delimiter=CSV_DELIMITER, lineterminator="\r\n")


def write_skills_csv(path: str | os.PathLike, data: SkillsExport) -> Path:
    """Write the wide table (``id;name;department;<skill>;...``) as CSV.

    Targets and learning wishes are not part of the wide CSV; use the long CSV or XLSX to
    keep them.

    Raises:
        UserError: the file cannot be written.
    """
    digits = [str(level) for level in range(domain.LEVEL_MIN, domain.LEVEL_MAX + 1)]
    cell = {level: text for level, text in enumerate(digits)}
    cell[NO_LEVEL] = ""
    with atomic_path(path) as tmp, open(tmp, "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = _csv_writer(handle)
        writer.writerow([*PERSON_HEADERS, *data.skills])
        for person, levels in zip(data.people, data.levels, strict=True):
            writer.writerow([*person, *map(cell.__getitem__, levels)])
    return Path(path)


def write_skills_long_csv(path: str | os.PathLike, data: SkillsExport) -> Path:
    """Write one row per rating: ``id;skill;level;target;wants_to_learn``.

    Raises:
        UserError: the file cannot be written.
    """
    with atomic_path(path) as tmp, open(tmp, "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = _csv_writer(handle)
        writer.writerow(LONG_HEADERS)
        writer.writerows(data.long_rows())
    return Path(path)


# -- XLSX -----------------------------------------------------------------------------

def _luminance(color: str) -> float:
    """Relative luminance (WCAG 2) of ``#rrggbb``."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def text_color(background: str) -> str:
    """``#000000`` or ``#ffffff``, whichever has more contrast on ``background``."""
    light = _luminance(background)
    on_black = (light + 0.05) / 0.05
    on_white = 1.05 / (light + 0.05)
    return "#000000" if on_black >= on_white else "#ffffff"


def _argb(color: str) -> str:
    return "FF" + color.lstrip("#").upper()


def _width(texts: Sequence[str], low: float, high: float) -> float:
    longest = max((len(t) for t in texts), default=0)
    return max(low, min(high, longest * 1.1 + 2))


class _Styles:
    """The few cell styles of the workbook, made once and copied onto cells (fast)."""

    def __init__(self, sheet, colors: Sequence[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self._cell = WriteOnlyCell
        self._sheet = sheet
        header = WriteOnlyCell(sheet)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="FFE7E6E6")
        header.alignment = Alignment(vertical="bottom", wrap_text=True)
        header.border = Border(bottom=Side(style="thin", color="FF808080"))
        self.header = header._style
        self.levels = []
        for color in colors:
            cell = WriteOnlyCell(sheet)
            cell.fill = PatternFill("solid", fgColor=_argb(color))
            cell.font = Font(color=_argb(text_color(color)))
            cell.alignment = Alignment(horizontal="center")
            self.levels.append(cell._style)

    def cell(self, value, style, sheet=None):
        """A write-only cell with a copy of ``style``."""
        cell = self._cell(sheet or self._sheet, value)
        cell._style = style.__copy__()
        return cell


def _declare_size(sheet, rows: int, columns: int) -> None:
    """Give a write-only sheet its size up front: openpyxl then writes the ``<dimension>``
    element, without which readers (openpyxl too) scan the whole sheet to size it."""
    from openpyxl.utils import get_column_letter

    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    sheet.calculate_dimension = lambda: ref


def write_skills_xlsx(path: str | os.PathLike, data: SkillsExport) -> Path:
    """Write the skills workbook: sheets “Skills”, “Legend” and “Targets”.

    Raises:
        UserError: the file cannot be written.
    """
    with atomic_path(path) as tmp:  # first: an unwritable path fails before any work
        _build_workbook(data).save(tmp)
    return Path(path)


def _build_workbook(data: SkillsExport):
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Skills"))
    styles = _Styles(sheet, data.colors)
    fixed = len(PERSON_HEADERS)
    width = fixed + len(data.skills)
    sample = data.people[:_WIDTH_SAMPLE]
    dims = sheet.column_dimensions
    dims["A"].width = _width([PERSON_HEADERS[0], *(p[0] for p in sample)], 8, 20)
    dims["B"].width = _width([PERSON_HEADERS[1], *(p[1] for p in sample)], 12, 32)
    dims["C"].width = _width([PERSON_HEADERS[2], *(p[2] for p in sample)], 12, 32)
    for k, skill in enumerate(data.skills):
        dims[get_column_letter(fixed + 1 + k)].width = _width([skill], 6, 24)
    _declare_size(sheet, len(data.people) + 1, width)
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{len(data.people) + 1}"
    header_style = styles.header
    sheet.append([styles.cell(text, header_style) for text in (*PERSON_HEADERS, *data.skills)])
    # One styled cell object per level, reused: write-only cells are serialised on append.
    level_cells = [styles.cell(level, style) for level, style in enumerate(styles.levels)]
    for person, levels in zip(data.people, data.levels, strict=True):
        row: list = list(person)
        row.extend(None if level == NO_LEVEL else level_cells[level] for level in levels)
        sheet.append(row)

    legend = workbook.create_sheet(_("Legend"))
    _declare_size(legend, len(data.legend) + 1, 3)
    legend.column_dimensions["A"].width = 8
    legend.column_dimensions["B"].width = _width([name for _lv, name, _d in data.legend], 16, 40)
    legend.column_dimensions["C"].width = 60
    legend.append([styles.cell(text, header_style, legend)
                   for text in (_("Level"), _("Name"), _("Description"))])
    for level, name, description in data.legend:
        style = styles.levels[level] if 0 <= level < len(styles.levels) else header_style
        legend.append([styles.cell(level, style, legend), name, description])

    targets = workbook.create_sheet(_("Targets"))
    targets.column_dimensions["A"].width = dims["A"].width
    targets.column_dimensions["B"].width = _width(list(data.skills), 12, 32)
    _declare_size(targets, len(data.targets) + 1, len(TARGET_HEADERS))
    targets.freeze_panes = "A2"
    targets.append([styles.cell(text, header_style, targets) for text in TARGET_HEADERS])
    for person_id, k, target, wants in data.targets:
        targets.append([person_id, data.skills[k], target, data.yes if wants else data.no])
    if data.targets:
        targets.auto_filter.ref = f"A1:D{len(data.targets) + 1}"

    return workbook
