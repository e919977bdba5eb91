"""Reading people, ties and skill levels from CSV and Excel files, and checking every cell.

This is the parsing half of an import; :mod:`changeplanner.services.imports` does the
writing. Nothing here touches the plan: the ``parse_*`` functions read a whole file into
plain objects, and the ``check_*`` functions compare the result with what the plan already
holds. Row numbers are the ones the user sees in Excel: the header is row 1, the first data
row is row 2.

The import and its preview share this one code path. A :class:`ParseRun` says how to read
(a manual column mapping, whether to stop at the first problem or to collect them all) and
records what was seen (format, delimiter, encoding, header, mapping, the first rows). In the
default *strict* mode the first problem raises :class:`~changeplanner.errors.ImportFileError`
naming the file, row and column; in *collect* mode (the preview) bad rows are skipped and
every problem is kept, up to a limit.

Files are read as a stream of rows; wide skill tables keep one ``bytes`` object per person
(one byte per skill column) rather than one Python object per cell, so 10,000 people x
300 skills stay small.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from changeplanner import domain
from changeplanner.errors import ImportFileError
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SUPPORTED_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES

#: Byte that marks "no level" in a person's row of levels.
NO_LEVEL = 255

#: How often (in rows) parsing reports progress and checks for cancel.
_PROGRESS_EVERY = 1000

#: What a column is read as when it is not imported (also the mapping value that skips one).
IGNORE = "ignore"

#: Names of the worksheet of an Excel skills export that holds targets and learning wishes
#: (normalized; the translated name is accepted too).
TARGETS_SHEET_NAMES = ("targets", "ziele")


# -- header names ---------------------------------------------------------------------

def normalize_header(text: Any) -> str:
    """Canonical form of a header for matching.

    Case-insensitive, trimmed, BOM removed, Unicode NFC (Excel on macOS writes decomposed
    umlauts), and ``_``, ``-`` and runs of spaces treated alike.
    """
    text = unicodedata.normalize("NFC", str(text or "")).replace("\ufeff", "")
    return " ".join(re.sub(r"[_\-\s]+", " ", text).split()).casefold()


# Field -> header names shown to the user (the first is the canonical one); matching also
# accepts every normalized variant of them, plus the extra aliases further down.
PEOPLE_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "ID", "Personalnummer"),
    "name": ("name", "Name"),
    "department": ("department", "Abteilung"),
    "title": ("title", "Funktion"),
    "team_lead": ("team_lead", "Führungskraft"),
    "manager_id": ("manager_id", "Vorgesetzter"),
    "attitude": ("attitude", "Haltung"),
    "daily_business": ("daily_business", "Tagesgeschäft"),
    "availability": ("availability", "Verfügbarkeit"),
    "notes": ("notes", "Notizen"),
}
TIE_HEADERS: dict[str, tuple[str, ...]] = {
    "source": ("source", "Quelle"),
    "target": ("target", "Ziel"),
    "relation": ("relation", "Beziehung"),
    "weight": ("weight", "Gewicht"),
}
SKILL_ID_HEADERS: dict[str, tuple[str, ...]] = {"id": PEOPLE_HEADERS["id"]}
#: The long skills format: one row per person and skill.
SKILL_LONG_HEADERS: dict[str, tuple[str, ...]] = {
    "id": PEOPLE_HEADERS["id"],
    "skill": ("skill", "Skill", "Fähigkeit", "Kompetenz"),
    "level": ("level", "Stufe", "Level"),
    "target": ("target", "Ziel", "Zielstufe"),
    "wants_to_learn": ("wants_to_learn", "Lernwunsch", "möchte lernen"),
}

_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("person id", "personal nr", "personalnr", "employee id", "personnel number"),
    "title": ("job title", "position"),
    "team_lead": ("team lead", "teamleitung", "teamleiter"),
    "manager_id": ("manager", "vorgesetzte", "vorgesetzter id", "manager id"),
    "notes": ("note", "bemerkungen", "notiz"),
    "source": ("from", "von"),
    "target": ("to", "nach"),
    "relation": ("relationship", "art"),
}
_LONG_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "id": _EXTRA_ALIASES["id"],
    "skill": ("skill name", "fähigkeiten", "kompetenzen", "qualifikation"),
    "level": ("current level", "niveau", "ist stufe", "iststufe"),
    "target": ("target level", "soll stufe", "sollstufe", "ziel stufe", "soll"),
    "wants_to_learn": ("wants to learn", "learn", "möchte lernen", "lernen", "will lernen"),
}

REQUIRED = {"people": ("id", "name"), "ties": ("source", "target"), "skills": ("id",),
            "skills_long": ("id", "skill")}


def _alias_map(headers: Mapping[str, tuple[str, ...]],
               extra: Mapping[str, tuple[str, ...]] = _EXTRA_ALIASES) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for field_name, names in headers.items():
        for name in names + extra.get(field_name, ()):
            aliases[normalize_header(name)] = field_name
    return aliases


_PEOPLE_ALIASES = _alias_map(PEOPLE_HEADERS)
_TIE_ALIASES = _alias_map(TIE_HEADERS)
_SKILL_ID_ALIASES = _alias_map(SKILL_ID_HEADERS)
_SKILL_LONG_ALIASES = _alias_map(SKILL_LONG_HEADERS, _LONG_EXTRA_ALIASES)

#: The fields a column of each kind of file can be mapped to (for the preview's choices).
FIELDS: dict[str, tuple[str, ...]] = {
    "people": tuple(PEOPLE_HEADERS),
    "ties": tuple(TIE_HEADERS),
    "skills": tuple(SKILL_ID_HEADERS),
    "skills_long": tuple(SKILL_LONG_HEADERS),
}


def accepted_headers(kind: str) -> str:
    """The accepted header names of ``kind`` as one line for messages and help texts.

    ``kind`` is ``people``, ``ties``, ``skills`` (wide), ``skills_long``, ``survey``,
    ``pilots``, ``goals`` or ``ideas``.
    """
    headers = {"people": PEOPLE_HEADERS, "ties": TIE_HEADERS, "skills": SKILL_ID_HEADERS,
               "skills_long": SKILL_LONG_HEADERS, "survey": SURVEY_HEADERS,
               "pilots": PILOT_HEADERS, "goals": GOAL_HEADERS, "ideas": IDEA_HEADERS}[kind]
    text = "; ".join(" / ".join(names) for names in headers.values())
    if kind == "survey":
        text += "; " + _("then one column per colleague named (or several names per cell, "
                         "separated by “;”)")
    if kind == "skills":
        text += "; " + _("then one column per skill, headed by the skill name (or the long "
                         "format: id, skill, level, target, wants_to_learn)")
    return text


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column ``index`` (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# -- cell values ----------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """A cell as trimmed text; Excel numbers that are whole (``17.0``) become ``"17"``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


_YES = frozenset({"yes", "ja", "true", "wahr", "1", "x"})
_NO = frozenset({"no", "nein", "false", "falsch", "0", ""})


def parse_yes_no(value: Any) -> bool:
    """``yes/no``, ``ja/nein``, ``true/false``, ``wahr/falsch``, ``1/0``, ``x``/empty.

    Raises:
        ValueError: with the translated explanation, for anything else.
    """
    text = cell_text(value).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(_("“{value}” is not a yes/no value; use yes or no (also ja/nein, "
                       "true/false, 1/0, or x for yes and an empty cell for no)").format(
        value=cell_text(value)))


_WHOLE = re.compile(r"[+-]?\d+")


def _whole_number(text: str) -> int | None:
    text = text.replace("\u2212", "-")  # a typographic minus from Word or Excel
    return int(text) if _WHOLE.fullmatch(text) else None


def parse_attitude(value: Any) -> int | None:
    """An attitude from -2 to +2 (``"+1"`` accepted); empty means unknown (``None``).

    Raises:
        ValueError: with the translated explanation.
    """
    text = cell_text(value)
    if not text:
        return None
    number = _whole_number(text)
    if number is None or not domain.ATTITUDE_MIN <= number <= domain.ATTITUDE_MAX:
        raise ValueError(_("“{value}” is not an attitude; use a whole number from -2 "
                           "(strongly against) to +2 (strongly for), or leave the cell empty "
                           "when it is unknown").format(value=text))
    return number


def parse_availability(value: Any) -> int:
    """Availability in per cent, 0-100 (a trailing ``%`` is allowed); empty means 100.

    Raises:
        ValueError: with the translated explanation.
    """
    text = cell_text(value)
    if not text:
        return 100
    number = _whole_number(text.removesuffix("%").strip())
    if number is None or not 0 <= number <= 100:
        raise ValueError(_("“{value}” is not an availability; use a whole number from 0 to "
                           "100 (per cent)").format(value=text))
    return number


def parse_weight(value: Any) -> float:
    """A tie weight greater than 0; a decimal comma is accepted; empty means 1.0.

    Raises:
        ValueError: with the translated explanation.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = cell_text(value)
        if not text:
            return 1.0
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise ValueError(_("“{value}” is not a weight; use a number greater than 0, such as "
                           "1 or 1,5").format(value=cell_text(value)))
    return number


# Fast path for the millions of skill cells: text, int and whole-float cells of 0..4.
# (0.0 == 0 and hashes alike, so Excel floats hit the same entries.)
_LEVELS: dict[Any, int] = {None: NO_LEVEL, "": NO_LEVEL}
for _level in range(domain.LEVEL_MIN, domain.LEVEL_MAX + 1):
    _LEVELS[_level] = _level
    _LEVELS[str(_level)] = _level
del _level


def parse_level(value: Any) -> int | None:
    """A skill level 0-4 as a whole number; empty means no rating (``None``).

    Raises:
        ValueError: with the translated explanation.
    """
    level = _LEVELS.get(value, -1) if not isinstance(value, bool) else -1
    if level < 0:
        level = _LEVELS.get(cell_text(value), -1) if not isinstance(value, bool) else -1
    if level < 0:
        raise ValueError(_("“{value}” is not a level; use a whole number from 0 to 4").format(
            value=cell_text(value)))
    return None if level == NO_LEVEL else level


_RELATION_NAMES: dict[str, str] = {
    "advice": "advice", "rat": "advice", "beratung": "advice",
    "information": "information", "info": "information",
    "trust": "trust", "vertrauen": "trust",
    "collaboration": "collaboration", "zusammenarbeit": "collaboration",
    "reports to": "reports_to", "berichtet an": "reports_to", "berichtslinie": "reports_to",
}


def parse_relation(value: Any, default: str = "advice") -> str:
    """One of :data:`domain.RELATIONS`, also in German; empty means ``default``.

    Raises:
        ValueError: with the translated explanation.
    """
    text = cell_text(value)
    if not text:
        return default
    relation = _RELATION_NAMES.get(normalize_header(text))
    if relation is None:
        raise ValueError(_("“{value}” is not a relation; use one of {relations} (in German: "
                           "Rat, Information, Vertrauen, Zusammenarbeit, berichtet an)").format(
            value=text, relations=", ".join(domain.RELATIONS)))
    return relation


# -- how to read, and what was seen ---------------------------------------------------

class Problems:
    """The problems found in a file: raised at once (strict) or collected up to ``limit``.

    Attributes:
        collect: keep going after a problem (the preview) instead of raising it.
        limit: how many problems are kept; :attr:`count` goes on counting.
        errors: the kept problems, in the order they were found.
        count: how many problems were found in all.
    """

    def __init__(self, *, collect: bool = False, limit: int = 100) -> None:
        self.collect = collect
        self.limit = limit
        self.errors: list[ImportFileError] = []
        self.count = 0

    def add(self, error: ImportFileError) -> None:
        """Record ``error``; in strict mode raise it.

        Raises:
            ImportFileError: ``error``, unless problems are collected.
        """
        if not self.collect:
            raise error
        self.count += 1
        if len(self.errors) < self.limit:
            self.errors.append(error)


@dataclass
class ParseRun:
    """How to read one import file, and what was seen while reading it.

    The import passes a strict run (the default); the preview a collecting one with
    ``sample_rows`` set, and then shows what the run recorded.

    Attributes:
        mapping: a manual column mapping, file column header -> field name (``id``, ...),
            a skill name (wide skills files) or :data:`IGNORE`; headers are matched like
            the automatic ones (case, ``_`` and spaces do not matter).
        problems: where problems go (strict: the first is raised).
        sample_rows: how many data rows to keep in :attr:`sample`.
        file_type: ``csv`` or ``xlsx`` (set while reading).
        encoding: the text encoding of a CSV file (``utf-8-sig`` with BOM, ``utf-8``,
            ``cp1252`` or ``utf-16``).
        delimiter: the delimiter of a CSV file.
        sheet: the worksheet read from an Excel file.
        header: the header cells as trimmed text.
        header_row: the row number of the header.
        columns: what each header column is read as: a field name, a skill name or
            :data:`IGNORE` (one entry per header column).
        layout: for skills: ``wide`` or ``long``; else the kind of file.
        sample: the first ``sample_rows`` data rows as ``(row number, cells)``.
        extra_sheets: further worksheets that were read (the targets of an Excel export).
    """

    mapping: Mapping[str, str] | None = None
    problems: Problems = field(default_factory=Problems)
    sample_rows: int = 0
    file_type: str = ""
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    header: list[str] = field(default_factory=list)
    header_row: int = 0
    columns: list[tuple[str, str]] = field(default_factory=list)
    layout: str = ""
    sample: list[tuple[int, list[Any]]] = field(default_factory=list)
    extra_sheets: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._mapping = {normalize_header(k): str(v).strip()
                         for k, v in (self.mapping or {}).items() if normalize_header(k)}

    @classmethod
    def collecting(cls, *, mapping: Mapping[str, str] | None = None, limit: int = 100,
                   sample_rows: int = 0) -> ParseRun:
        """A run that collects up to ``limit`` problems instead of raising the first."""
        return cls(mapping=mapping, problems=Problems(collect=True, limit=limit),
                   sample_rows=sample_rows)

    def sub_run(self) -> ParseRun:
        """A run for a further sheet of the same file: same problems, nothing else recorded."""
        return ParseRun(problems=self.problems)

    def mapped(self, header: str) -> str | None:
        """The manual mapping of the column ``header``, or ``None``."""
        return self._mapping.get(normalize_header(header)) if header else None

    def problem(self, message: str, table: RawTable, row: int | None = None,
                column: str | None = None) -> None:
        """Record a problem of ``table`` (raised in strict mode)."""
        self.problems.add(ImportFileError(message, file=table.file, row=row, column=column))


# -- reading tables -------------------------------------------------------------------

@dataclass
class RawTable:
    """The rows of a file: a header and then data rows with their Excel row numbers.

    Attributes:
        file: the file name as given, for messages.
        header: the header cells as trimmed text.
        header_row: the row number of the header (1 unless empty rows come first).
        rows: the non-empty data rows as ``(row number, cells)``; cells are text for CSV and
            Excel values (text, int, float, ...) for XLSX; rows may be shorter than the header.
        total_rows: an estimate of the number of rows, for progress.
        sheet_names: the worksheets of an Excel file (empty for CSV).
    """

    file: str
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, Sequence[Any]]]
    total_rows: int = 0
    sheet_names: tuple[str, ...] = ()


def _is_blank(row: Sequence[Any]) -> bool:
    for value in row:
        if value is None or value == "":
            continue
        if isinstance(value, str) and not value.strip():
            continue
        return False
    return True


def _check_file(path: Path, name: str) -> str:
    """Return the kind of file (``csv`` or ``xlsx``) or raise a file-level error."""
    if not path.exists():
        raise ImportFileError(_("The file does not exist."), file=name)
    if path.is_dir():
        raise ImportFileError(_("This is a folder, not a file."), file=name)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(_("Old Excel files (.xls) cannot be read. Open the file in Excel "
                                "and save it as “Excel workbook (.xlsx)” or as CSV, then "
                                "import that file."), file=name)
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(_("This is not a CSV or Excel file; use a file ending in {suffixes}"
                                ).format(suffixes=", ".join(SUPPORTED_SUFFIXES)), file=name)
    return "xlsx" if suffix in XLSX_SUFFIXES else "csv"


def _read_error(exc: OSError, name: str) -> ImportFileError:
    return ImportFileError(_("The file cannot be read: {reason}").format(
        reason=exc.strerror or exc), file=name)


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export: UTF-16 with a byte order mark.
        encodings: tuple[str, ...] = ("utf-16",)
    elif raw.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig", "cp1252")
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, encoding
    raise ImportFileError(_("The file is not a text (CSV) file in a known encoding; save it "
                            "as CSV in UTF-8 or Windows-1252."), file=name)


def detect_delimiter(line: str) -> str:
    """The delimiter (``,``, ``;`` or tab) that splits a header line into most columns."""
    best, best_count = ",", 1
    for delimiter in ("\t", ";", ","):
        count = len(next(csv.reader([line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _csv_rows(text: str, name: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: {reason}").format(reason=exc),
                              file=name, row=number + 1) from exc


def _xlsx_rows(sheet: Any, name: str) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except Exception as exc:  # a damaged sheet fails while its rows are read
        raise _damaged(exc, name) from exc


def _damaged(exc: Exception, name: str) -> ImportFileError:
    return ImportFileError(_("The Excel file is damaged or not an Excel workbook ({detail}). "
                             "Open it in Excel and save it again as .xlsx.").format(
        detail=exc.__class__.__name__), file=name)


def _empty_file(kind: str, name: str) -> ImportFileError:
    return ImportFileError(_("The file is empty. The first row must be a header with the "
                             "columns: {columns}").format(columns=accepted_headers(kind)),
                           file=name)


def sheet_file_name(name: str, sheet: str) -> str:
    """How messages name a further worksheet of an Excel file."""
    return _("{file}, sheet “{sheet}”").format(file=name, sheet=sheet)


@contextlib.contextmanager
def open_table(path: str | os.PathLike, kind: str, *, progress: Progress | None = None,
               run: ParseRun | None = None, sheet: str | None = None) -> Iterator[RawTable]:
    """Open a CSV or XLSX file and yield its header and a stream of its non-empty rows.

    CSV: delimiter ``,``, ``;`` or tab (detected from the header), UTF-8 with or without BOM,
    else Windows-1252. XLSX: the first worksheet, or the one named ``sheet`` (then messages
    name the sheet too). ``progress`` (0..1 over the file) is updated every thousand rows.
    ``run`` records the file type, encoding, delimiter, header and the first rows.

    Raises:
        ImportFileError: the file is missing, unreadable, of another type, damaged or empty.
    """
    run = run if run is not None else ParseRun()
    path = Path(path)
    name = str(path)
    file_type = _check_file(path, name)
    run.file_type = file_type
    workbook = None
    generators: list[Any] = []
    sheet_names: tuple[str, ...] = ()
    try:
        if file_type == "csv":
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise _read_error(exc, name) from exc
            text, run.encoding = _decode(raw, name)
            first_line = next((line for line in io.StringIO(text) if line.strip()), "")
            run.delimiter = detect_delimiter(first_line)
            rows: Iterator[tuple[int, Sequence[Any]]] = _csv_rows(text, name, run.delimiter)
            total = text.count("\n") + 1
        else:
            import openpyxl  # only needed for Excel files; keeps CSV imports light

            try:
                workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
                if not workbook.worksheets:
                    raise _empty_file(kind, name)
                sheet_names = tuple(workbook.sheetnames)
                worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
                total = worksheet.max_row or 0
            except OSError as exc:
                raise _read_error(exc, name) from exc
            except ImportFileError:
                raise
            except Exception as exc:  # openpyxl raises many kinds of error on bad files
                raise _damaged(exc, name) from exc
            run.sheet = worksheet.title
            if sheet:
                name = sheet_file_name(name, worksheet.title)
            rows = _xlsx_rows(worksheet, name)
        generators.append(rows)
        header_row, header = 0, None
        for number, row in rows:
            if not _is_blank(row):
                header_row = number
                header = [cell_text(value).replace("\ufeff", "").strip() for value in row]
                break
        if header is None:
            raise _empty_file(kind, name)
        while header and not header[-1]:
            header.pop()
        run.header, run.header_row = list(header), header_row
        data_rows = _data_rows(rows, progress, total, run)
        generators.append(data_rows)
        yield RawTable(file=name, header=header, header_row=header_row, rows=data_rows,
                       total_rows=total, sheet_names=sheet_names)
    finally:
        # Stop the row readers before closing the workbook, so that openpyxl's sheet
        # stream is released now (also when a bad cell stopped the reading half-way).
        for generator in reversed(generators):
            generator.close()
        if workbook is not None:
            workbook.close()


def _data_rows(rows: Iterator[tuple[int, Sequence[Any]]], progress: Progress | None,
               total: int, run: ParseRun) -> Iterator[tuple[int, Sequence[Any]]]:
    sample, wanted = run.sample, run.sample_rows
    for number, row in rows:
        if progress is not None and number % _PROGRESS_EVERY == 0 and total:
            progress.update(min(number / total, 1.0))
        if not _is_blank(row):
            if len(sample) < wanted:
                sample.append((number, list(row)))
            yield number, row
    if progress is not None:
        progress.update(1.0)


@dataclass
class ColumnMap:
    """Which column holds which field, after the automatic and the manual mapping.

    Attributes:
        fields: field name -> column index.
        others: indexes of the columns that are no field (skill columns of a wide file).
        ignored: indexes of the columns the manual mapping skips.
        names: per column, its header or the name the manual mapping gave it.
    """

    fields: dict[str, int]
    others: list[int]
    ignored: list[int]
    names: list[str]


def _field_of(run: ParseRun, text: str, aliases: Mapping[str, str]) -> tuple[str | None, str]:
    """The field a header is mapped to (or None) and the column's (possibly manual) name."""
    target = run.mapped(text)
    if target is None:
        return aliases.get(normalize_header(text)), text
    if normalize_header(target) == IGNORE:
        return IGNORE, text
    return aliases.get(normalize_header(target)), target


def _map_columns(table: RawTable, kind: str, aliases: Mapping[str, str], run: ParseRun, *,
                 free_names: bool = False) -> ColumnMap:
    """Map field names to column indexes, following ``run``'s manual mapping.

    Args:
        free_names: a manual mapping may name something that is not a field (a skill).

    Raises:
        ImportFileError: a required column is missing, one field has two columns, or the
            manual mapping names a field this kind of file does not have.
    """
    result = ColumnMap(fields={}, others=[], ignored=[], names=list(table.header))
    for index, text in enumerate(table.header):
        field_name, name = _field_of(run, text, aliases)
        result.names[index] = name
        if field_name == IGNORE:
            result.ignored.append(index)
        elif field_name is None:
            if name != text and not free_names:
                raise ImportFileError(_("The column “{column}” cannot be read as “{target}”; "
                                        "choose one of: {fields}").format(
                    column=text, target=name, fields=", ".join(FIELDS[kind] + (IGNORE,))),
                    file=table.file, row=table.header_row, column=text)
            result.others.append(index)
        elif field_name in result.fields:
            raise ImportFileError(_("The column “{first}” appears twice (also as “{second}”); "
                                    "keep only one.").format(
                first=table.header[result.fields[field_name]], second=text),
                file=table.file, row=table.header_row, column=text)
        else:
            result.fields[field_name] = index
    missing = [f for f in REQUIRED[kind] if f not in result.fields]
    if missing:
        found = ", ".join(f"“{h}”" for h in table.header if h) or "–"
        raise ImportFileError(ngettext(
            "The header row lacks the required column {missing} (found: {found}). Accepted "
            "header names: {accepted}",
            "The header row lacks the required columns {missing} (found: {found}). Accepted "
            "header names: {accepted}", len(missing)).format(
            missing=", ".join(f"“{m}”" for m in missing), found=found,
            accepted=accepted_headers(kind)),
            file=table.file, row=table.header_row)
    return result


def _record_columns(run: ParseRun, table: RawTable, roles: Mapping[int, str]) -> None:
    """Record what each header column is read as (unlisted columns are ignored)."""
    run.columns = [(text, roles.get(index, IGNORE)) for index, text in enumerate(table.header)]


def _extra_cells_ok(table: RawTable, number: int, row: Sequence[Any], run: ParseRun) -> bool:
    width = len(table.header)
    if len(row) > width:
        for offset, value in enumerate(row[width:]):
            if cell_text(value):
                run.problem(_("This row has a value (“{value}”) beyond the last column of the "
                              "header; check the delimiter and quotes, or give the column a "
                              "header.").format(value=cell_text(value)), table, number,
                            column_letter(width + offset))
                return False
    return True


def _cell(row: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


def _duplicate_id(table: RawTable, number: int, person_id: str, first: int, column: str,
                  run: ParseRun) -> None:
    run.problem(_("The id “{id}” appears again (first in row {first}); each person may "
                  "appear only once per file.").format(id=person_id, first=first),
                table, number, column)


def _person_id(table: RawTable, number: int, row: Sequence[Any], index: int,
               seen: dict[str, int], run: ParseRun) -> str | None:
    """The id of a row, checked to be filled and new in the file; ``None`` after a problem."""
    person_id = cell_text(_cell(row, index))
    if not person_id:
        run.problem(_("The id is empty; every row needs an id."), table, number,
                    table.header[index])
        return None
    if person_id in seen:
        _duplicate_id(table, number, person_id, seen[person_id], table.header[index], run)
        return None
    seen[person_id] = number
    return person_id


def _unknown_person(file: str, number: int, person_id: str, column: str) -> ImportFileError:
    return ImportFileError(_("There is no person with the id “{id}” in the plan; import the "
                             "people first.").format(id=person_id),
                           file=file, row=number, column=column)


# -- people ---------------------------------------------------------------------------

@dataclass
class ParsedPeople:
    """A people file, read and checked cell by cell.

    Attributes:
        file: the file name.
        rows: the number of data rows read without problems.
        people: one person per row, in file order; fields whose column is absent have
            the dataclass default (see :func:`merge_people`).
        row_of: person id -> row number.
        fields: the person fields the file has a column for.
        headers: person field -> its header as written in the file (for messages).
        ignored_columns: headers of columns that are not people fields.
    """

    file: str
    rows: int
    people: list[domain.Person]
    row_of: dict[str, int]
    fields: frozenset[str]
    headers: dict[str, str]
    ignored_columns: tuple[str, ...] = ()


def parse_people(path: str | os.PathLike, *, progress: Progress | None = None,
                 run: ParseRun | None = None) -> ParsedPeople:
    """Read a people file; every cell is checked, the plan is not consulted yet.

    Args:
        path: the CSV or XLSX file.
        progress: updated while reading.
        run: how to read (manual mapping, collecting problems); default strict.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell (strict), or a
            problem of the file as a whole (always).
    """
    run = run if run is not None else ParseRun()
    run.layout = "people"
    with open_table(path, "people", progress=progress, run=run) as table:
        columns = _map_columns(table, "people", _PEOPLE_ALIASES, run)
        fields_at = columns.fields
        _record_columns(run, table, {i: f for f, i in fields_at.items()})
        header = table.header
        people: list[domain.Person] = []
        row_of: dict[str, int] = {}
        seen: dict[str, int] = {}
        converters = (
            ("team_lead", parse_yes_no), ("daily_business", parse_yes_no),
            ("attitude", parse_attitude), ("availability", parse_availability),
        )
        text_fields = [f for f in ("department", "title", "notes") if f in fields_at]
        for number, row in table.rows:
            if not _extra_cells_ok(table, number, row, run):
                continue
            person_id = _person_id(table, number, row, fields_at["id"], seen, run)
            ok = person_id is not None
            name = cell_text(_cell(row, fields_at["name"]))
            if not name:
                run.problem(_("The name is empty; every person needs a name."), table, number,
                            header[fields_at["name"]])
                ok = False
            values: dict[str, Any] = {f: cell_text(_cell(row, fields_at[f]))
                                      for f in text_fields}
            if "manager_id" in fields_at:
                values["manager_id"] = cell_text(_cell(row, fields_at["manager_id"])) or None
            for field_name, convert in converters:
                if field_name in fields_at:
                    try:
                        values[field_name] = convert(_cell(row, fields_at[field_name]))
                    except ValueError as exc:
                        run.problem(str(exc), table, number, header[fields_at[field_name]])
                        ok = False
            if ok:
                row_of[person_id] = number
                people.append(domain.Person(id=person_id, name=name, **values))
        return ParsedPeople(
            file=table.file, rows=len(people), people=people, row_of=row_of,
            fields=frozenset(fields_at), headers={f: header[i] for f, i in fields_at.items()},
            ignored_columns=tuple(header[i] for i in columns.others if header[i]))


def check_people(parsed: ParsedPeople, plan_ids: set[str], *,
                 problems: Problems | None = None) -> None:
    """Check the references of a people file: every manager is a person of the file or plan.

    Raises:
        ImportFileError: naming the row and the manager column (unless ``problems``
            collects them).
    """
    problems = problems if problems is not None else Problems()
    if "manager_id" not in parsed.fields:
        return
    column = parsed.headers["manager_id"]
    for person in parsed.people:
        manager = person.manager_id
        if manager is None:
            continue
        if manager == person.id:
            problems.add(ImportFileError(_("A person cannot be their own manager."),
                                         file=parsed.file, row=parsed.row_of[person.id],
                                         column=column))
        elif manager not in parsed.row_of and manager not in plan_ids:
            problems.add(ImportFileError(_(
                "There is no person with the id “{id}” in this file or in the plan; the "
                "manager must be one of the people.").format(id=manager), file=parsed.file,
                row=parsed.row_of[person.id], column=column))


def merge_people(parsed: ParsedPeople, existing: Mapping[str, domain.Person]
                 ) -> list[domain.Person]:
    """The people to write: for people already in the plan, fields without a column in the
    file keep their current value (an HR list of names does not wipe attitudes)."""
    fields = parsed.fields - {"id"}
    merged = []
    for person in parsed.people:
        before = existing.get(person.id)
        if before is not None:
            person = replace(before, **{f: getattr(person, f) for f in fields})
        merged.append(person)
    return merged


# -- ties -----------------------------------------------------------------------------

@dataclass
class ParsedTies:
    """A ties file, read and checked cell by cell.

    Attributes:
        file: the file name.
        rows: the number of data rows read without problems.
        ties: ``(row number, tie)`` in file order, duplicates included.
        headers: tie field -> its header as written in the file.
        ignored_columns: headers of columns that are not tie fields.
    """

    file: str
    rows: int
    ties: list[tuple[int, domain.Tie]]
    headers: dict[str, str]
    ignored_columns: tuple[str, ...] = ()

    def unique_ties(self) -> list[domain.Tie]:
        """The ties with duplicates (same source, target, relation) removed; the last wins."""
        latest: dict[tuple[str, str, str], domain.Tie] = {}
        for _row, tie in self.ties:
            latest[(tie.source, tie.target, tie.relation)] = tie
        return list(latest.values())


def check_relation_argument(relation: str | None, file: str) -> str:
    """The default relation given by the caller (``--relation``), checked.

    Raises:
        ImportFileError: it is not a known relation.
    """
    if relation is None:
        return "advice"
    try:
        return parse_relation(relation)
    except ValueError as exc:
        raise ImportFileError(str(exc), file=file) from None


def parse_ties(path: str | os.PathLike, *, relation: str | None = None,
               progress: Progress | None = None, run: ParseRun | None = None) -> ParsedTies:
    """Read a ties file; every cell is checked, the plan is not consulted yet.

    Args:
        path: the CSV or XLSX file.
        relation: the relation of rows without one (default ``advice``).
        progress: updated while reading.
        run: how to read (manual mapping, collecting problems); default strict.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell (strict), or a
            problem of the file as a whole (always).
    """
    run = run if run is not None else ParseRun()
    run.layout = "ties"
    default = check_relation_argument(relation, str(path))
    with open_table(path, "ties", progress=progress, run=run) as table:
        columns = _map_columns(table, "ties", _TIE_ALIASES, run)
        fields_at = columns.fields
        _record_columns(run, table, {i: f for f, i in fields_at.items()})
        source_col, target_col = fields_at["source"], fields_at["target"]
        relation_col, weight_col = fields_at.get("relation"), fields_at.get("weight")
        header = table.header
        ties: list[tuple[int, domain.Tie]] = []
        for number, row in table.rows:
            if not _extra_cells_ok(table, number, row, run):
                continue
            ok = True
            ends = []
            for index in (source_col, target_col):
                person_id = cell_text(_cell(row, index))
                if not person_id:
                    run.problem(_("The person id is empty; a tie needs a source and a "
                                  "target."), table, number, header[index])
                    ok = False
                ends.append(person_id)
            if ok and ends[0] == ends[1]:
                run.problem(_("A tie from a person to themselves is not allowed."), table,
                            number, header[target_col])
                ok = False
            kind = default
            if relation_col is not None:
                try:
                    kind = parse_relation(_cell(row, relation_col), default)
                except ValueError as exc:
                    run.problem(str(exc), table, number, header[relation_col])
                    ok = False
            weight = 1.0
            if weight_col is not None:
                try:
                    weight = parse_weight(_cell(row, weight_col))
                except ValueError as exc:
                    run.problem(str(exc), table, number, header[weight_col])
                    ok = False
            if ok:
                ties.append((number, domain.Tie(source=ends[0], target=ends[1], relation=kind,
                                                weight=weight)))
        return ParsedTies(file=table.file, rows=len(ties), ties=ties,
                          headers={f: header[i] for f, i in fields_at.items()},
                          ignored_columns=tuple(header[i] for i in columns.others if header[i]))


def check_ties(parsed: ParsedTies, plan_ids: set[str], *,
               problems: Problems | None = None) -> None:
    """Check that every tie joins two people of the plan.

    Raises:
        ImportFileError: naming the row and the source or target column (unless
            ``problems`` collects them).
    """
    problems = problems if problems is not None else Problems()
    for number, tie in parsed.ties:
        for person_id, field_name in ((tie.source, "source"), (tie.target, "target")):
            if person_id not in plan_ids:
                problems.add(_unknown_person(parsed.file, number, person_id,
                                             parsed.headers[field_name]))


# -- skills ---------------------------------------------------------------------------

#: A row of the long format: ``(row number, person id, skill index, level, target,
#: wants_to_learn)``; ``None`` where the file leaves the value unchanged.
LongEntry = tuple[int, str, int, "int | None", "int | None", "bool | None"]


@dataclass
class ParsedSkills:
    """A skills file, read and checked: wide (``id`` then one column per skill) or long
    (one row per person and skill).

    Attributes:
        file: the file name.
        rows: the number of data rows read without problems.
        id_header: the id column's header as written.
        header_row: the row number of the header.
        skills: the distinct skill names as written (the skill columns of a wide file, the
            skills named in a long file in order of appearance); entries refer to them by
            index.
        people: wide files: ``(row number, person id, levels)``; ``levels[k]`` is the level
            in ``skills[k]`` or :data:`NO_LEVEL` for an empty cell.
        ignored_columns: columns that are not imported (people fields such as name, ...).
        layout: ``wide`` or ``long``.
        skill_at: per skill, ``(file, row, column)`` where it first appears (for messages).
        entries: long files, and the targets sheet of an Excel export: one
            :data:`LongEntry` per row.
        entries_file: the file (and sheet) the entries were read from.
        entries_id_header: the id column's header there.
        fields: the rating fields the import sets: ``level``, ``target``,
            ``wants_to_learn``. Wide files without a targets sheet set levels only.
    """

    file: str
    rows: int
    id_header: str
    header_row: int
    skills: list[str]
    people: list[tuple[int, str, bytes]] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    layout: str = "wide"
    skill_at: list[tuple[str, int, str]] = field(default_factory=list)
    entries: list[LongEntry] = field(default_factory=list)
    entries_file: str = ""
    entries_id_header: str = ""
    fields: frozenset[str] = frozenset({"level"})

    def levels(self, skill_ids: Sequence[int]) -> Iterator[tuple[str, int, int]]:
        """``(person id, skill id, level)`` for every filled cell of a wide file;
        ``skill_ids`` by column."""
        for _row, person_id, levels in self.people:
            for skill_id, level in zip(skill_ids, levels, strict=True):
                if level != NO_LEVEL:
                    yield person_id, skill_id, level

    def cell_count(self) -> int:
        """How many cells of a wide file hold a level."""
        return sum(len(levels) - levels.count(NO_LEVEL) for _r, _p, levels in self.people)

    def rating_count(self) -> int:
        """About how many ratings the import writes (for progress)."""
        return self.cell_count() + len(self.entries)

    def ratings(self, skill_ids: Sequence[int]
                ) -> Iterator[tuple[str, int, int | None, int | None, bool | None]]:
        """``(person id, skill id, level, target, wants_to_learn)`` for every rating the file
        sets; ``skill_ids[k]`` is the id of ``skills[k]``. Only :attr:`fields` count; a
        ``None`` level keeps the current level (0 for a new rating).

        A wide file with a targets sheet: cells without a row there get no target and no
        learning wish (the sheet lists them all), rows there without a level in the wide
        sheet set the target and wish only.
        """
        if self.layout == "long":
            for _row, person_id, k, level, target, wants in self.entries:
                yield person_id, skill_ids[k], level, target, wants
            return
        extra = {(p, k): (t, w) for _row, p, k, _level, t, w in self.entries}
        default = (None, False)
        for _row, person_id, levels in self.people:
            for k, level in enumerate(levels):
                if level != NO_LEVEL:
                    target, wants = extra.pop((person_id, k), default) if extra else default
                    yield person_id, skill_ids[k], level, target, wants
        for (person_id, k), (target, wants) in extra.items():
            yield person_id, skill_ids[k], None, target, wants


def _skill_fields(table: RawTable, run: ParseRun) -> set[str]:
    """The long-format fields the header (with the manual mapping) has columns for."""
    found = set()
    for text in table.header:
        field_name, _name = _field_of(run, text, _SKILL_LONG_ALIASES)
        if field_name:
            found.add(field_name)
    return found


def is_long_format(table: RawTable, run: ParseRun | None = None) -> bool:
    """A skills table is long when it has a skill column and a level, target or
    wants-to-learn column; else it is wide."""
    found = _skill_fields(table, run if run is not None else ParseRun())
    return "skill" in found and bool(found & {"level", "target", "wants_to_learn"})


def _targets_sheet(sheet_names: Sequence[str]) -> str | None:
    """The targets worksheet of an Excel export (not the first sheet), if there is one."""
    wanted = set(TARGETS_SHEET_NAMES) | {normalize_header(_("Targets"))}
    for name in sheet_names[1:]:
        if normalize_header(name) in wanted:
            return name
    return None


def parse_skills(path: str | os.PathLike, *, known_skills: Sequence[str] = (),
                 progress: Progress | None = None, run: ParseRun | None = None
                 ) -> ParsedSkills:
    """Read a skills file, wide or long (detected); every value is checked, the plan is not
    consulted yet.

    A wide Excel file with a further sheet named “Targets” (as the export writes it) has
    that sheet read as well, in the long format: targets and learning wishes.

    Args:
        path: the CSV or XLSX file.
        known_skills: skill names of the plan; a column whose header is both a person field
            (such as ``name``) and not a known skill is ignored rather than read as a skill.
        progress: updated while reading.
        run: how to read (manual mapping, collecting problems); default strict.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell (strict), or a
            problem of the file as a whole (always).
    """
    run = run if run is not None else ParseRun()
    with open_table(path, "skills", progress=progress, run=run) as table:
        if is_long_format(table, run):
            run.layout = "long"
            parsed = _parse_long(table, run)
            targets = None
        else:
            run.layout = "wide"
            parsed = _parse_wide(table, run, known_skills)
            targets = _targets_sheet(table.sheet_names)
    if targets is not None:
        sub = run.sub_run()
        with open_table(path, "skills_long", run=sub, sheet=targets) as table:
            _parse_long(table, sub, into=parsed)
        run.extra_sheets.append(targets)
    return parsed


def _parse_wide(table: RawTable, run: ParseRun, known_skills: Sequence[str]) -> ParsedSkills:
    known = {normalize_header(s) for s in known_skills}
    columns = _map_columns(table, "skills", _SKILL_ID_ALIASES, run, free_names=True)
    header, names = table.header, columns.names
    id_col = columns.fields["id"]
    skill_cols: list[int] = []
    ignored: list[str] = []
    seen: dict[str, str] = {}
    for index in columns.others:
        text = names[index]
        key = normalize_header(text)
        if text == header[index] and key in _PEOPLE_ALIASES and key not in known:
            ignored.append(text)
            continue
        if key and key in seen:
            raise ImportFileError(_("The skill “{skill}” has two columns; keep only one."
                                    ).format(skill=text), file=table.file,
                                  row=table.header_row, column=header[index])
        seen[key] = text
        skill_cols.append(index)
    named_cols = [i for i in skill_cols if names[i]]
    roles = {id_col: "id", **{i: " ".join(names[i].split()) for i in named_cols}}
    _record_columns(run, table, roles)
    if not named_cols:
        raise ImportFileError(_("The file has no skill columns. After the id column put "
                                "one column per skill, headed by the skill name, with "
                                "levels from 0 to 4."), file=table.file,
                              row=table.header_row)
    people: list[tuple[int, str, bytes]] = []
    row_of: dict[str, int] = {}
    width = len(header)
    levels_lookup = _LEVELS
    for number, row in table.rows:
        if not _extra_cells_ok(table, number, row, run):
            continue
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        person_id = _person_id(table, number, row, id_col, row_of, run)
        ok = person_id is not None
        levels = bytearray(len(named_cols))
        k = 0
        for index in skill_cols:
            value = row[index]
            level = levels_lookup.get(value, -1)
            if level < 0 or value is True or value is False or not names[index]:
                level = _slow_level(table, number, index, value, run, names)
                if level < 0:
                    ok, level = False, NO_LEVEL
                if not names[index]:
                    continue
            levels[k] = level
            k += 1
        if ok:
            people.append((number, person_id, bytes(levels)))
    return ParsedSkills(file=table.file, rows=len(people), id_header=header[id_col],
                        header_row=table.header_row,
                        skills=[names[i] for i in named_cols], people=people,
                        ignored_columns=tuple(ignored), layout="wide",
                        skill_at=[(table.file, table.header_row, header[i])
                                  for i in named_cols])


def _slow_level(table: RawTable, number: int, index: int, value: Any, run: ParseRun,
                names: Sequence[str]) -> int:
    """The level of an unusual cell; -1 after a problem (collect mode)."""
    column = table.header[index] or column_letter(index)
    try:
        level = parse_level(value)
    except ValueError as exc:
        run.problem(str(exc), table, number, column)
        return -1
    if level is None:
        return NO_LEVEL
    if not names[index]:
        run.problem(_("This column has no header; put the skill name in the header row."),
                    table, number, column)
        return -1
    return level


def _parse_long(table: RawTable, run: ParseRun, *, into: ParsedSkills | None = None
                ) -> ParsedSkills:
    """Read a long table, or with ``into`` the targets sheet belonging to a wide file."""
    columns = _map_columns(table, "skills_long", _SKILL_LONG_ALIASES, run)
    fields_at = columns.fields
    header = table.header
    id_col, skill_col = fields_at["id"], fields_at["skill"]
    # The targets sheet sets targets and wishes; levels come from the wide sheet.
    level_col = fields_at.get("level") if into is None else None
    target_col, wants_col = fields_at.get("target"), fields_at.get("wants_to_learn")
    _record_columns(run, table, {i: f for f, i in fields_at.items()
                                 if i != fields_at.get("level") or level_col is not None})
    if into is None:
        parsed = ParsedSkills(file=table.file, rows=0, id_header=header[id_col],
                              header_row=table.header_row, skills=[], layout="long",
                              ignored_columns=tuple(header[i] for i in columns.others
                                                    if header[i]))
        fields = {"level"} if level_col is not None else set()
    else:
        parsed = into
        fields = {"level"}
    parsed.entries_file, parsed.entries_id_header = table.file, header[id_col]
    if target_col is not None:
        fields.add("target")
    if wants_col is not None:
        fields.add("wants_to_learn")
    parsed.fields = frozenset(fields)
    index_of = {normalize_header(name): k for k, name in enumerate(parsed.skills)}
    seen: dict[tuple[str, int], int] = {}
    ids: dict[str, str] = {}  # one string object per person id
    entries = parsed.entries
    values: list[Any] = [None, None, None]
    for number, row in table.rows:
        if not _extra_cells_ok(table, number, row, run):
            continue
        ok = True
        person_id = cell_text(_cell(row, id_col))
        if not person_id:
            run.problem(_("The id is empty; every row needs an id."), table, number,
                        header[id_col])
            ok = False
        skill = cell_text(_cell(row, skill_col))
        if not skill:
            run.problem(_("The skill is empty; every row needs the name of a skill."),
                        table, number, header[skill_col])
            ok = False
        for slot, (index, convert) in enumerate(((level_col, parse_level),
                                                 (target_col, parse_level),
                                                 (wants_col, parse_yes_no))):
            values[slot] = None
            if index is not None:
                try:
                    values[slot] = convert(_cell(row, index))
                except ValueError as exc:
                    run.problem(str(exc), table, number, header[index])
                    ok = False
        if not ok:
            continue
        key = normalize_header(skill)
        k = index_of.get(key)
        if k is None:
            k = index_of[key] = len(parsed.skills)
            parsed.skills.append(skill)
            parsed.skill_at.append((table.file, number, header[skill_col]))
        person_id = ids.setdefault(person_id, person_id)
        first = seen.get((person_id, k))
        if first is not None:
            run.problem(_("The id “{id}” has the skill “{skill}” again (first in row "
                          "{first}); each person and skill may appear only once.").format(
                id=person_id, skill=skill, first=first), table, number, header[skill_col])
            continue
        seen[(person_id, k)] = number
        entries.append((number, person_id, k, values[0], values[1], values[2]))
    if into is None:
        parsed.rows = len(entries)
    return parsed


def check_skills(parsed: ParsedSkills, plan_ids: set[str], plan_skills: Sequence[str], *,
                 create_skills: bool, problems: Problems | None = None
                 ) -> tuple[list[str], list[str]]:
    """Check a skills file against the plan and resolve its skills to the plan's names.

    Skill names match the plan's skills case-insensitively (``scrum`` is the skill
    ``Scrum``).

    Returns:
        ``(names, created)``: the plan's skill name for each of ``parsed.skills``, and the
        names of the skills that are new (to be created; empty unless ``create_skills``).

    Raises:
        ImportFileError: a person id is not in the plan, or a skill is unknown and
            ``create_skills`` is false (unless ``problems`` collects them).
    """
    problems = problems if problems is not None else Problems()
    for number, person_id, _levels in parsed.people:
        if person_id not in plan_ids:
            problems.add(_unknown_person(parsed.file, number, person_id, parsed.id_header))
    for number, person_id, *_values in parsed.entries:
        if person_id not in plan_ids:
            problems.add(_unknown_person(parsed.entries_file, number, person_id,
                                         parsed.entries_id_header))
    by_key = {normalize_header(name): name for name in plan_skills}
    names, created = [], []
    for k, header in enumerate(parsed.skills):
        name = by_key.get(normalize_header(header))
        if name is None:
            name = " ".join(header.split())
            if create_skills:
                created.append(name)
            else:
                file, row, column = parsed.skill_at[k]
                problems.add(ImportFileError(_(
                    "There is no skill “{skill}” in the plan; add it to the skills catalogue "
                    "first, or allow the import to create new skills.").format(skill=header),
                    file=file, row=row, column=column))
        names.append(name)
    return names, created


# -- relationship surveys -------------------------------------------------------------

#: Header names of the respondent column of a survey export (else the first column is it).
SURVEY_HEADERS: dict[str, tuple[str, ...]] = {
    "respondent": ("respondent", "Befragte", "Befragter", "Teilnehmer"),
    "named": ("named", "Genannt"),
}
_SURVEY_ALIASES = _alias_map(SURVEY_HEADERS, {
    "respondent": ("respondent id", "respondent name", "befragte person", "name", "id",
                   "employee", "mitarbeiter", "mitarbeiterin")})
FIELDS["survey"] = tuple(SURVEY_HEADERS)
REQUIRED["survey"] = ("respondent",)

#: Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d",
                       "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th"})
#: Several names in one cell are separated by these.
_NAME_SEPARATORS = re.compile(r"[;\n\r|]+")


def fold_name(text: Any) -> str:
    """A name for matching: case, accents, ``_``/``-`` and runs of spaces do not matter."""
    text = unicodedata.normalize("NFKD", cell_text(text).translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[_\s]+", " ", text).split()).casefold().translate(_FOLD)


class PersonMatcher:
    """Finds a person of the plan by id, else by name (case and accents ignored)."""

    def __init__(self, people: Sequence[domain.Person]) -> None:
        self.ids = {p.id for p in people}
        self.names = {p.id: p.name for p in people}
        self.by_name: dict[str, list[domain.Person]] = {}
        for person in people:
            self.by_name.setdefault(fold_name(person.name), []).append(person)

    def find(self, text: str) -> str:
        """The id of the person ``text`` names.

        Raises:
            ValueError: with the translated explanation: nobody or several people match.
        """
        found = self.lookup(text)
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValueError(_("Nobody in the plan is called “{name}” or has this id; check "
                               "the spelling or import the people first.").format(name=text))
        raise ValueError(_("“{name}” is ambiguous: {people}; write the id instead.").format(
            name=text, people=", ".join(f"{self.names[i]} ({i})" for i in found)))

    def lookup(self, text: str) -> list[str]:
        """The ids of everyone ``text`` may name: the one with that id, else all with that
        name."""
        if text in self.ids:
            return [text]
        return [p.id for p in self.by_name.get(fold_name(text), [])]


@dataclass
class ParsedSurvey:
    """A relationship-survey export: one row per respondent, then the colleagues named.

    Attributes:
        file: the file name.
        relation: the relation every answer is a tie of.
        rows: the number of data rows read without problems.
        answers: ``(row number, respondent cell, [(column header, named cell), ...])``.
        respondent_column: the header of the respondent column.
        ignored_columns: headers of columns the manual mapping skips.
    """

    file: str
    relation: str
    rows: int
    answers: list[tuple[int, str, list[tuple[str, str]]]]
    respondent_column: str
    ignored_columns: tuple[str, ...] = ()


def parse_survey(path: str | os.PathLike, *, relation: str | None = None,
                 progress: Progress | None = None, run: ParseRun | None = None
                 ) -> ParsedSurvey:
    """Read a survey export; names are matched to the plan's people by :func:`check_survey`.

    The respondent column is the one headed ``respondent`` (``name``, ``id``, ``Befragte``,
    ...), else the first column; every other column holds colleagues the respondent named
    (one per cell, or several separated by ``;``).

    Raises:
        ImportFileError: naming file, row and column of the first bad cell (strict), or a
            problem of the file as a whole (always).
    """
    run = run if run is not None else ParseRun()
    run.layout = "survey"
    kind = check_relation_argument(relation, str(path))
    with open_table(path, "survey", progress=progress, run=run) as table:
        header = table.header
        roles: dict[int, str] = {}
        respondent_col = None
        for index, text in enumerate(header):
            field_name, _name = _field_of(run, text, _SURVEY_ALIASES)
            if field_name == IGNORE:
                continue
            if field_name == "respondent":
                if respondent_col is None:
                    respondent_col = index
                    roles[index] = "respondent"
                continue  # a second respondent column (name next to id) is not read
            roles[index] = "named"
        if respondent_col is None:
            respondent_col = next((i for i in range(len(header)) if i in roles), None)
        if respondent_col is None:
            raise _empty_file("survey", table.file)
        roles[respondent_col] = "respondent"
        _record_columns(run, table, roles)
        named_cols = [i for i in sorted(roles) if roles[i] == "named"]
        answers: list[tuple[int, str, list[tuple[str, str]]]] = []
        for number, row in table.rows:
            if not _extra_cells_ok(table, number, row, run):
                continue
            respondent = cell_text(_cell(row, respondent_col))
            if not respondent:
                run.problem(_("The respondent is empty; every row needs the id or name of "
                              "the person who answered."), table, number,
                            header[respondent_col] or column_letter(respondent_col))
                continue
            named = []
            for index in named_cols:
                for part in _NAME_SEPARATORS.split(cell_text(_cell(row, index))):
                    if part.strip():
                        named.append((header[index] or column_letter(index), part.strip()))
            answers.append((number, respondent, named))
        ignored = tuple(h for i, h in enumerate(header) if i not in roles and h)
        return ParsedSurvey(file=table.file, relation=kind, rows=len(answers), answers=answers,
                            respondent_column=header[respondent_col]
                            or column_letter(respondent_col),
                            ignored_columns=ignored)


def check_survey(parsed: ParsedSurvey, people: Sequence[domain.Person], *,
                 problems: Problems | None = None
                 ) -> tuple[list[str], list[domain.Tie]]:
    """Match respondents and named colleagues to the plan's people (by id, else by name
    ignoring case and accents).

    Returns:
        ``(respondent ids, ties)``; the ties go from the respondent to each colleague named.

    Raises:
        ImportFileError: naming row and column of an unknown or ambiguous name, a person
            naming themselves or a respondent who answered twice (unless ``problems``
            collects them).
    """
    problems = problems if problems is not None else Problems()
    matcher = PersonMatcher(people)

    def resolve(text: str, number: int, column: str) -> str | None:
        try:
            return matcher.find(text)
        except ValueError as exc:
            problems.add(ImportFileError(str(exc), file=parsed.file, row=number,
                                         column=column))
        return None

    respondents: dict[str, int] = {}
    ties: dict[tuple[str, str], domain.Tie] = {}
    for number, respondent, named in parsed.answers:
        source = resolve(respondent, number, parsed.respondent_column)
        if source is None:
            continue
        if source in respondents:
            problems.add(ImportFileError(_(
                "“{name}” answered already (row {first}); each respondent may appear only "
                "once.").format(name=respondent, first=respondents[source]),
                file=parsed.file, row=number, column=parsed.respondent_column))
            continue
        respondents[source] = number
        for column, text in named:
            target = resolve(text, number, column)
            if target is None:
                continue
            if target == source:
                problems.add(ImportFileError(_(
                    "The respondent named themselves (“{name}”).").format(name=text),
                    file=parsed.file, row=number, column=column))
                continue
            ties[(source, target)] = domain.Tie(source, target, parsed.relation, 1.0)
    return list(respondents), list(ties.values())


# -- pilots, goals and ideas ----------------------------------------------------------
#
# One row per record. Cells that are empty leave a field alone: a new record gets the
# default, a record the plan already has (matched by pilot name, goal or measure title, or
# idea date + author + text) keeps its value. Filled cells overwrite.

PILOT_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "Name"),
    "department": ("department", "Abteilung"),
    "team": ("team", "Team"),
    "purpose": ("purpose", "Zweck"),
    "status": ("status", "Status"),
    "start": ("start", "Start"),
    "end": ("end", "Ende"),
    "customer_a_share": ("customer_a_share", "Anteil A-Kunden"),
    "agreement": ("agreement", "Abstand zur Einigkeit"),
    "certainty": ("certainty", "Abstand zur Gewissheit"),
    "sponsor": ("sponsor", "Sponsor"),
    "agile": ("agile", "agil"),
    "goals": ("goals", "Ziele"),
}
GOAL_HEADERS: dict[str, tuple[str, ...]] = {
    "goal": ("goal", "Ziel"),
    "description": ("description", "Beschreibung"),
    "priority": ("priority", "Priorität"),
    "measure": ("measure", "Maßnahme"),
    "kind": ("kind", "Art"),
    "owner": ("owner", "Verantwortlich"),
    "due": ("due", "Fällig"),
    "status": ("status", "Status"),
    "impact": ("impact", "Wirkung"),
}
IDEA_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("date", "Datum"),
    "author": ("author", "Autor"),
    "person_id": ("person_id", "Personalnummer"),
    "text": ("text", "Text"),
    "tags": ("tags", "Schlagworte"),
    "source": ("source", "Quelle"),
    "status": ("status", "Status"),
    "decision_note": ("decision_note", "Entscheidung"),
    "decided": ("decided", "Entschieden am"),
    "pilot": ("pilot", "Pilot"),
    "measure": ("measure", "Maßnahme"),
}
_PILOT_ALIASES = _alias_map(PILOT_HEADERS, {
    "name": ("pilot", "pilot name", "pilotname", "title", "titel", "bezeichnung"),
    "department": ("abt", "bereich"),
    "purpose": ("zweck des piloten", "description", "beschreibung", "ziel des piloten"),
    "start": ("start date", "beginn", "startdatum", "von", "from"),
    "end": ("end date", "enddatum", "bis", "to"),
    "customer_a_share": ("customer a share", "a share", "type a share", "share of type a",
                         "a kunden", "a kunden anteil", "anteil a kunden in %",
                         "customer a share %", "kundentyp a"),
    "agreement": ("requirements agreement", "requirements", "distance from agreement",
                  "einigkeit", "übereinstimmung", "anforderungen",
                  "abstand zur übereinstimmung", "abstand einigkeit"),
    "certainty": ("approach certainty", "approach", "distance from certainty",
                  "gewissheit", "vorgehen", "technologie", "abstand gewissheit"),
    "sponsor": ("sponsor id", "sponsorin", "pate", "patin", "auftraggeber",
                "auftraggeberin"),
    "agile": ("agile method", "agiles vorgehen", "agile methoden"),
    "goals": ("goal", "goal titles", "ziel", "zieltitel"),
})
_GOAL_ALIASES = _alias_map(GOAL_HEADERS, {
    "goal": ("title", "goal title", "titel", "zieltitel", "service goal", "serviceziel"),
    "description": ("goal description", "zielbeschreibung"),
    "priority": ("prio", "goal priority"),
    "measure": ("massnahme", "measure title", "maßnahmentitel"),
    "kind": ("measure kind", "type", "typ", "maßnahmenart", "massnahmenart"),
    "owner": ("verantwortliche", "verantwortlicher", "responsible", "verantwortung"),
    "due": ("due date", "fällig am", "faellig", "termin", "deadline"),
    "status": ("measure status", "maßnahmenstatus"),
    "impact": ("score", "impact score", "wirkung auf das ziel", "beitrag", "effekt"),
})
_IDEA_ALIASES = _alias_map(IDEA_HEADERS, {
    "date": ("eingang", "eingegangen am", "received", "submitted"),
    "author": ("name", "von", "from", "einreicher", "einreicherin", "who", "wer"),
    "person_id": ("person id", "employee id", "personal nr", "personalnr"),
    "text": ("idea", "idee", "voice", "anliegen", "vorschlag", "kundenstimme",
             "description", "beschreibung"),
    "tags": ("tag", "stichworte", "schlagwörter", "themen", "topics"),
    "source": ("herkunft", "typ", "type"),
    "decision_note": ("decision", "note", "begründung", "rückmeldung",
                      "entscheidungsnotiz", "decision note"),
    "decided": ("decision date", "decided on", "entscheidungsdatum", "entschieden"),
    "pilot": ("pilot name",),
    "measure": ("massnahme", "measure title"),
})
FIELDS.update(pilots=tuple(PILOT_HEADERS), goals=tuple(GOAL_HEADERS),
              ideas=tuple(IDEA_HEADERS))
REQUIRED.update(pilots=("name",), goals=("goal",), ideas=("text",))
#: Several entries in one cell (goals of a pilot, tags of an idea) are separated by these.
_LIST_SEPARATORS = re.compile(r"[;\n\r|]+")
_TAG_SEPARATORS = re.compile(r"[;,\n\r|]+")


def split_list(value: Any, *, tags: bool = False) -> tuple[str, ...]:
    """The entries of a cell separated by ``;`` (also ``|`` or line breaks; tags also by
    ``,``), trimmed, without empty ones and repeats."""
    separators = _TAG_SEPARATORS if tags else _LIST_SEPARATORS
    parts = (" ".join(part.split()) for part in separators.split(cell_text(value)))
    return tuple(dict.fromkeys(part for part in parts if part))


_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_GERMAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")


def parse_date(value: Any) -> str:
    """An ISO date (``YYYY-MM-DD``) from ``2026-03-31``, ``31.03.2026`` (``31.3.26``) or an
    Excel date; empty means no date (``""``).

    Raises:
        ValueError: with the translated explanation.
    """
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = cell_text(value)
    if not text:
        return ""
    parts = None
    match = _DATE_ISO.fullmatch(text)
    if match:
        parts = (int(match[1]), int(match[2]), int(match[3]))
    else:
        match = _DATE_GERMAN.fullmatch(text)
        if match:
            year = int(match[3])
            parts = (year + 2000 if len(match[3]) == 2 else year, int(match[2]), int(match[1]))
    if parts is not None:
        with contextlib.suppress(ValueError):
            return datetime.date(*parts).isoformat()
    raise ValueError(_("“{value}” is not a date; use YYYY-MM-DD (2026-03-31) or DD.MM.YYYY "
                       "(31.03.2026)").format(value=text))


def _decimal(value: Any) -> tuple[float, bool]:
    """A number from a cell (decimal comma accepted) and whether it ended in ``%``;
    NaN when it is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), False
    text = cell_text(value).replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
    percent = text.endswith("%")
    text = text.removesuffix("%")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return math.nan, percent
    return (number if math.isfinite(number) else math.nan), percent


def parse_share(value: Any) -> float:
    """The share of type-A customers as a fraction 0..1: ``80 %``, ``80`` (a number above 1
    is read as per cent) or ``0,8``.

    Raises:
        ValueError: with the translated explanation.
    """
    number, percent = _decimal(value)
    if not math.isnan(number) and (percent or number > 1):
        number /= 100
    if math.isnan(number) or not 0 <= number <= 1:
        raise ValueError(_("“{value}” is not a share; use per cent from 0 to 100 (80 %) or a "
                           "fraction from 0 to 1 (0,8)").format(value=cell_text(value)))
    return round(number, 6)


def parse_scale(value: Any) -> float:
    """A Stacey scale from 0 (close to agreement or certainty) to 1 (far from it); a
    decimal comma and per cent (``70 %``) are accepted.

    Raises:
        ValueError: with the translated explanation.
    """
    number, percent = _decimal(value)
    if percent and not math.isnan(number):
        number /= 100
    if math.isnan(number) or not 0 <= number <= 1:
        raise ValueError(_("“{value}” is not on the scale; use a number from 0 (close to "
                           "agreement or certainty) to 1 (far from it), such as 0,7").format(
            value=cell_text(value)))
    return round(number, 6)


def _choice(value: Any, names: Mapping[str, Any]) -> Any:
    """The value ``names`` gives the normalized cell, or ``None``."""
    return names.get(normalize_header(cell_text(value)))


_PILOT_STATUS_NAMES: dict[str, str] = {
    "idea": "idea", "idee": "idea",
    "planned": "planned", "geplant": "planned", "in planung": "planned",
    "running": "running", "läuft": "running", "laufend": "running", "aktiv": "running",
    "active": "running",
    "succeeded": "succeeded", "successful": "succeeded", "erfolgreich": "succeeded",
    "stopped": "stopped", "gestoppt": "stopped", "abgebrochen": "stopped",
}


def parse_pilot_status(value: Any) -> str:
    """One of :data:`domain.PILOT_STATUSES`, also in German.

    Raises:
        ValueError: with the translated explanation.
    """
    status = _choice(value, _PILOT_STATUS_NAMES)
    if status is None:
        raise ValueError(_("“{value}” is not a pilot status; use one of {statuses} (in "
                           "German: Idee, geplant, läuft, erfolgreich, gestoppt)").format(
            value=cell_text(value), statuses=", ".join(domain.PILOT_STATUSES)))
    return status


_PRIORITY_NAMES: dict[str, int] = {
    "1": 1, "high": 1, "hoch": 1, "2": 2, "medium": 2, "mittel": 2, "normal": 2,
    "3": 3, "low": 3, "niedrig": 3, "gering": 3,
}


def parse_priority(value: Any) -> int:
    """A goal priority: 1 high, 2 medium, 3 low (``high``/``hoch``, ... accepted).

    Raises:
        ValueError: with the translated explanation.
    """
    priority = _choice(value, _PRIORITY_NAMES)
    if priority is None:
        raise ValueError(_("“{value}” is not a priority; use high, medium or low (hoch, "
                           "mittel, niedrig) or 1, 2, 3").format(value=cell_text(value)))
    return priority


_MEASURE_KIND_NAMES: dict[str, str] = {
    "technical": "technical", "technisch": "technical", "technik": "technical",
    "organisational": "organisational", "organizational": "organisational",
    "organisatorisch": "organisational", "organisation": "organisational",
    "process": "process", "prozess": "process", "prozesse": "process",
    "people": "people", "personal": "people", "menschen": "people",
    "mitarbeitende": "people",
}


def parse_measure_kind(value: Any) -> str:
    """One of :data:`domain.MEASURE_KINDS`, also in German.

    Raises:
        ValueError: with the translated explanation.
    """
    kind = _choice(value, _MEASURE_KIND_NAMES)
    if kind is None:
        raise ValueError(_("“{value}” is not a kind of measure; use one of {kinds} (in "
                           "German: technisch, organisatorisch, Prozess, Menschen)").format(
            value=cell_text(value), kinds=", ".join(domain.MEASURE_KINDS)))
    return kind


_MEASURE_STATUS_NAMES: dict[str, str] = {
    "planned": "planned", "geplant": "planned",
    "in progress": "in_progress", "in arbeit": "in_progress", "in umsetzung": "in_progress",
    "laufend": "in_progress", "läuft": "in_progress", "begonnen": "in_progress",
    "done": "done", "erledigt": "done", "umgesetzt": "done", "abgeschlossen": "done",
    "fertig": "done",
    "dropped": "dropped", "verworfen": "dropped", "gestrichen": "dropped",
    "abgebrochen": "dropped",
}


def parse_measure_status(value: Any) -> str:
    """One of :data:`domain.MEASURE_STATUSES`, also in German.

    Raises:
        ValueError: with the translated explanation.
    """
    status = _choice(value, _MEASURE_STATUS_NAMES)
    if status is None:
        raise ValueError(_("“{value}” is not a measure status; use one of planned, in "
                           "progress, done, dropped (in German: geplant, in Arbeit, "
                           "erledigt, verworfen)").format(value=cell_text(value)))
    return status


def parse_impact(value: Any) -> int:
    """The impact of a measure on a goal, a whole number from -2 to +3.

    Raises:
        ValueError: with the translated explanation.
    """
    number = _whole_number(cell_text(value)) if not isinstance(value, bool) else None
    if isinstance(value, float) and not value.is_integer():
        number = None
    if number is None or not domain.IMPACT_MIN <= number <= domain.IMPACT_MAX:
        raise ValueError(_("“{value}” is not an impact; use a whole number from -2 (hurts "
                           "the goal) to +3 (serves it strongly), 0 for none").format(
            value=cell_text(value)))
    return number


_IDEA_STATUS_NAMES: dict[str, str] = {
    "new": "new", "neu": "new",
    "in review": "in_review", "in prüfung": "in_review", "wird geprüft": "in_review",
    "prüfung": "in_review", "review": "in_review",
    "adopted": "adopted", "angenommen": "adopted", "übernommen": "adopted",
    "beschlossen": "adopted",
    "rejected": "rejected", "abgelehnt": "rejected",
    "implemented": "implemented", "umgesetzt": "implemented", "realisiert": "implemented",
}


def parse_idea_status(value: Any) -> str:
    """One of :data:`domain.IDEA_STATUSES`, also in German.

    Raises:
        ValueError: with the translated explanation.
    """
    status = _choice(value, _IDEA_STATUS_NAMES)
    if status is None:
        raise ValueError(_("“{value}” is not an idea status; use one of new, in review, "
                           "adopted, rejected, implemented (in German: neu, in Prüfung, "
                           "angenommen, abgelehnt, umgesetzt)").format(value=cell_text(value)))
    return status


_IDEA_SOURCE_NAMES: dict[str, str] = {
    "employee": "employee", "employee idea": "employee", "mitarbeiter": "employee",
    "mitarbeiterin": "employee", "mitarbeitende": "employee", "intern": "employee",
    "internal": "employee", "idee": "employee", "idea": "employee",
    "customer": "customer", "customer voice": "customer", "kunde": "customer",
    "kundin": "customer", "kunden": "customer", "kundenstimme": "customer",
    "extern": "customer", "external": "customer",
}


def parse_idea_source(value: Any) -> str:
    """``employee`` (an idea) or ``customer`` (a customer voice), also in German.

    Raises:
        ValueError: with the translated explanation.
    """
    source = _choice(value, _IDEA_SOURCE_NAMES)
    if source is None:
        raise ValueError(_("“{value}” is not a source; use employee or customer (in German: "
                           "Mitarbeiter or Kunde)").format(value=cell_text(value)))
    return source


def _one_line(value: Any) -> str:
    """A name or title: trimmed, runs of white space (line breaks too) made one space."""
    return " ".join(cell_text(value).split())


_PILOT_CONVERTERS: dict[str, Any] = {
    "name": _one_line, "department": _one_line, "team": _one_line,
    "purpose": cell_text, "status": parse_pilot_status, "start": parse_date,
    "end": parse_date, "customer_a_share": parse_share, "agreement": parse_scale,
    "certainty": parse_scale, "sponsor": _one_line, "agile": parse_yes_no,
    "goals": split_list,
}
_GOAL_CONVERTERS: dict[str, Any] = {
    "goal": _one_line, "description": cell_text, "priority": parse_priority,
    "measure": _one_line, "kind": parse_measure_kind, "owner": _one_line,
    "due": parse_date, "status": parse_measure_status, "impact": parse_impact,
}
_IDEA_CONVERTERS: dict[str, Any] = {
    "date": parse_date, "author": _one_line, "person_id": cell_text, "text": cell_text,
    "tags": lambda value: split_list(value, tags=True), "source": parse_idea_source,
    "status": parse_idea_status, "decision_note": cell_text, "decided": parse_date,
    "pilot": _one_line, "measure": _one_line,
}


def text_key(text: str) -> str:
    """A free text for matching: case and runs of white space do not matter."""
    return " ".join(text.split()).casefold()


@dataclass
class ParsedRecords:
    """A pilots, goals or ideas file, read and checked cell by cell.

    Attributes:
        kind: ``pilots``, ``goals`` or ``ideas``.
        file: the file name.
        rows: the number of data rows read without problems.
        records: ``(row number, values)`` per good row; ``values`` maps a field to its
            converted value and holds only the cells that are filled.
        headers: field -> its header as written in the file (for messages).
        ignored_columns: headers of columns that are not fields of this kind of file.
    """

    kind: str
    file: str
    rows: int
    records: list[tuple[int, dict[str, Any]]]
    headers: dict[str, str]
    ignored_columns: tuple[str, ...] = ()

    @property
    def fields(self) -> frozenset[str]:
        """The fields the file has a column for."""
        return frozenset(self.headers)

    def problem(self, problems: Problems, message: str, row: int, field_name: str) -> None:
        """Record a problem of ``row`` in the column of ``field_name``."""
        problems.add(ImportFileError(message, file=self.file, row=row,
                                     column=self.headers.get(field_name)))


def _parse_records(path: str | os.PathLike, kind: str, aliases: Mapping[str, str],
                   converters: Mapping[str, Any], progress: Progress | None,
                   run: ParseRun | None) -> tuple[ParsedRecords, ParseRun]:
    """Read a file of one record per row and convert every filled cell."""
    run = run if run is not None else ParseRun()
    run.layout = kind
    with open_table(path, kind, progress=progress, run=run) as table:
        columns = _map_columns(table, kind, aliases, run)
        fields_at = columns.fields
        _record_columns(run, table, {i: f for f, i in fields_at.items()})
        header = table.header
        records: list[tuple[int, dict[str, Any]]] = []
        for number, row in table.rows:
            if not _extra_cells_ok(table, number, row, run):
                continue
            ok = True
            values: dict[str, Any] = {}
            for field_name, index in fields_at.items():
                cell = _cell(row, index)
                if not cell_text(cell):
                    continue
                try:
                    value = converters[field_name](cell)
                except ValueError as exc:
                    run.problem(str(exc), table, number, header[index])
                    ok = False
                    continue
                if value != "" and value != ():
                    values[field_name] = value
            if ok:
                records.append((number, values))
        parsed = ParsedRecords(kind=kind, file=table.file, rows=len(records), records=records,
                               headers={f: header[i] for f, i in fields_at.items()},
                               ignored_columns=tuple(header[i] for i in columns.others
                                                     if header[i]))
    return parsed, run


def _keep_good(parsed: ParsedRecords, bad: set[int]) -> None:
    """Drop the rows with problems found after reading (collect mode)."""
    if bad:
        parsed.records = [(row, values) for row, values in parsed.records if row not in bad]
        parsed.rows = len(parsed.records)


def parse_pilots(path: str | os.PathLike, *, progress: Progress | None = None,
                 run: ParseRun | None = None) -> ParsedRecords:
    """Read a pilots file (one pilot per row); the plan is not consulted yet.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell (strict), or a
            problem of the file as a whole (always).
    """
    parsed, run = _parse_records(path, "pilots", _PILOT_ALIASES, _PILOT_CONVERTERS,
                                 progress, run)
    problems = run.problems
    seen: dict[str, int] = {}
    bad: set[int] = set()
    for number, values in parsed.records:
        name = values.get("name", "")
        if not name:
            parsed.problem(problems, _("The name is empty; every pilot needs a name."),
                           number, "name")
            bad.add(number)
            continue
        key = fold_name(name)
        if key in seen:
            parsed.problem(problems, _("The pilot “{name}” appears again (first in row "
                                       "{first}); each pilot may appear only once per "
                                       "file.").format(name=name, first=seen[key]),
                           number, "name")
            bad.add(number)
            continue
        seen[key] = number
        start, end = values.get("start", ""), values.get("end", "")
        if start and end and end < start:
            parsed.problem(problems, _("The end ({end}) is before the start ({start}).").format(
                end=end, start=start), number, "end")
            bad.add(number)
    _keep_good(parsed, bad)
    return parsed


#: Columns of a goals file that describe the measure of the row.
MEASURE_FIELDS = ("kind", "owner", "due", "status", "impact")


def parse_goals(path: str | os.PathLike, *, progress: Progress | None = None,
                run: ParseRun | None = None) -> ParsedRecords:
    """Read a goals file: one row per goal, or per goal and measure serving it.

    A row names a goal (``goal``, with ``description`` and ``priority``) and optionally a
    measure (``measure``, ``kind``, ``owner``, ``due``, ``status``) with its ``impact`` on
    the goal (-2..+3, 0 for none; empty means +1, or keeps the score the plan has). A goal
    or measure may appear on several rows; what is said about it must then agree. A row
    with a measure and no goal adds the measure alone.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell (strict), or a
            problem of the file as a whole (always).
    """
    parsed, run = _parse_records(path, "goals", _GOAL_ALIASES, _GOAL_CONVERTERS,
                                 progress, run)
    problems = run.problems
    bad: set[int] = set()
    pairs: dict[tuple[str, str], int] = {}
    said: dict[tuple[str, str, str], tuple[Any, int]] = {}  # (what, key, field) -> value, row

    def agrees(what: str, key: str, field_name: str, value: Any, number: int) -> bool:
        first = said.setdefault((what, key, field_name), (value, number))
        if first[0] == value:
            return True
        parsed.problem(problems, _("This contradicts row {first}, which says “{value}”; "
                                   "give the same value or leave the cell empty.").format(
            first=first[1], value=_show(first[0])), number, field_name)
        return False

    for number, values in parsed.records:
        goal, measure = values.get("goal", ""), values.get("measure", "")
        if not goal and not measure:
            parsed.problem(problems, _("The goal is empty; every row needs a goal (or a "
                                       "measure)."), number, "goal")
            bad.add(number)
            continue
        if not goal and ("description" in values or "priority" in values):
            field_name = "description" if "description" in values else "priority"
            parsed.problem(problems, _("This row has no goal for this value; fill in the "
                                       "goal."), number, field_name)
            bad.add(number)
            continue
        if not measure:
            extra = [f for f in MEASURE_FIELDS if f in values]
            if extra:
                parsed.problem(problems, _("This row has no measure for this value; fill in "
                                           "the measure."), number, extra[0])
                bad.add(number)
                continue
        if goal and measure:
            pair = (fold_name(goal), fold_name(measure))
            if pair in pairs:
                parsed.problem(problems, _("The measure “{measure}” appears again for the "
                                           "goal “{goal}” (first in row {first}).").format(
                    measure=measure, goal=goal, first=pairs[pair]), number, "measure")
                bad.add(number)
                continue
            pairs[pair] = number
        ok = True
        if goal:
            for field_name in ("description", "priority"):
                if field_name in values:
                    ok = agrees("goal", fold_name(goal), field_name, values[field_name],
                                number) and ok
        if measure:
            for field_name in ("kind", "owner", "due", "status"):
                if field_name in values:
                    ok = agrees("measure", fold_name(measure), field_name, values[field_name],
                                number) and ok
        if not ok:
            bad.add(number)
    _keep_good(parsed, bad)
    return parsed


def _show(value: Any) -> str:
    """A converted value as the user wrote it, roughly (for messages)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def parse_ideas(path: str | os.PathLike, *, progress: Progress | None = None,
                run: ParseRun | None = None) -> ParsedRecords:
    """Read an ideas file (one idea or customer voice per row); the plan is not consulted
    yet.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell (strict), or a
            problem of the file as a whole (always).
    """
    parsed, run = _parse_records(path, "ideas", _IDEA_ALIASES, _IDEA_CONVERTERS,
                                 progress, run)
    problems = run.problems
    bad: set[int] = set()
    for number, values in parsed.records:
        if not values.get("text"):
            parsed.problem(problems, _("The text is empty; every idea needs a text."),
                           number, "text")
            bad.add(number)
            continue
        decided, status = values.get("decided", ""), values.get("status")
        if decided and status is not None and status not in domain.IDEA_DECIDED:
            parsed.problem(problems, _("An idea that is “{status}” has no decision date; "
                                       "leave the cell empty or change the status.").format(
                status=_(domain.IDEA_STATUS_LABELS[status])), number, "decided")
            bad.add(number)
            continue
        date = values.get("date", "")
        if decided and date and decided < date:
            parsed.problem(problems, _("The decision ({decided}) is before the idea came in "
                                       "({date}).").format(decided=decided, date=date),
                           number, "decided")
            bad.add(number)
    _keep_good(parsed, bad)
    return parsed


@dataclass
class RecordChange:
    """One record an import writes: a new one, or an update of one the plan has.

    Attributes:
        row: the (first) row of the file it comes from.
        record_id: the id of the plan's record it updates; ``None`` for a new record.
        values: the :mod:`~changeplanner.domain` fields to set; a new record gets the
            defaults for the others, an existing one keeps them.
        key: what it was matched by (goals and measures: the folded title).
    """

    row: int
    record_id: int | None
    values: dict[str, Any]
    key: str = ""


@dataclass
class GoalChanges:
    """What a goals file writes.

    Attributes:
        goals: goals to add or update (``key``: the folded title).
        measures: measures to add or update (``key``: the folded title).
        impacts: ``(row, measure key, goal key, score)``; a score of 0 removes the impact,
            ``None`` (an empty cell) keeps the plan's score or, without one, sets +1.
    """

    goals: list[RecordChange]
    measures: list[RecordChange]
    impacts: list[tuple[int, str, str, int]]


def _index(items: Sequence[Any], key: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for item in items:
        found.setdefault(key(item), []).append(item)
    return found


_PILOT_FIELDS = ("department", "team", "purpose", "status", "start", "end",
                 "customer_a_share", "agreement", "certainty", "agile")


def check_pilots(parsed: ParsedRecords, *, people: Sequence[domain.Person],
                 goals: Sequence[domain.Goal], pilots: Sequence[domain.Pilot],
                 problems: Problems | None = None) -> list[RecordChange]:
    """Resolve a pilots file against the plan: pilots by name (case and accents ignored),
    the sponsor by id or name, goals by title.

    Returns:
        One change per good row; an existing pilot keeps its name as the plan spells it.

    Raises:
        ImportFileError: an unknown or ambiguous sponsor or goal, several pilots of the plan
            with the name, or an end before the start the plan has (unless ``problems``
            collects them).
    """
    problems = problems if problems is not None else Problems()
    by_name = _index(pilots, lambda p: fold_name(p.name))
    by_title = _index(goals, lambda g: fold_name(g.title))
    matcher = PersonMatcher(people)
    changes = []
    for number, values in parsed.records:
        ok = True
        name = values["name"]
        matches = by_name.get(fold_name(name), [])
        if len(matches) > 1:
            parsed.problem(problems, _("The plan has {n} pilots called “{name}”; rename one of "
                                       "them first.").format(n=len(matches), name=name),
                           number, "name")
            continue
        existing = matches[0] if matches else None
        fields = {f: values[f] for f in _PILOT_FIELDS if f in values}
        if existing is None:
            fields["name"] = name
        if "sponsor" in values:
            try:
                fields["sponsor_id"] = matcher.find(values["sponsor"])
            except ValueError as exc:
                parsed.problem(problems, str(exc), number, "sponsor")
                ok = False
        if "goals" in values:
            ids = []
            for title in values["goals"]:
                found = by_title.get(fold_name(title), [])
                if len(found) == 1:
                    ids.append(found[0].id)
                    continue
                ok = False
                if found:
                    parsed.problem(problems, _("The plan has {n} goals called “{title}”; "
                                               "rename one of them first.").format(
                        n=len(found), title=title), number, "goals")
                else:
                    parsed.problem(problems, _("There is no goal “{title}” in the plan; check "
                                               "the spelling or import the goals first."
                                               ).format(title=title), number, "goals")
            fields["goal_ids"] = tuple(dict.fromkeys(ids))
        if existing is not None and ("start" in fields) != ("end" in fields):
            start = fields.get("start", existing.start)
            end = fields.get("end", existing.end)
            if start and end and end < start:
                column = "start" if "start" in fields else "end"
                parsed.problem(problems, _("The pilot would end ({end}) before it starts "
                                           "({start}); correct the start or the end.").format(
                    end=end, start=start), number, column)
                ok = False
        if ok:
            changes.append(RecordChange(number, existing.id if existing else None, fields,
                                        fold_name(name)))
    return changes


def check_goals(parsed: ParsedRecords, *, goals: Sequence[domain.Goal],
                measures: Sequence[domain.Measure],
                problems: Problems | None = None) -> GoalChanges:
    """Resolve a goals file against the plan: goals and measures by title (case and accents
    ignored).

    Returns:
        The goals and measures to add or update (one per title, the values of all its rows
        together) and the impacts to set (an empty impact cell keeps the plan's score, or
        means +1 for a new pair).

    Raises:
        ImportFileError: the plan has several goals or measures with a title of the file
            (unless ``problems`` collects them).
    """
    problems = problems if problems is not None else Problems()
    plan = {"goal": _index(goals, lambda g: fold_name(g.title)),
            "measure": _index(measures, lambda m: fold_name(m.title))}
    own = {"goal": ("description", "priority"), "measure": ("kind", "owner", "due", "status")}
    changes: dict[str, dict[str, RecordChange]] = {"goal": {}, "measure": {}}
    ambiguous: set[tuple[str, str]] = set()
    impacts = []
    for number, values in parsed.records:
        keys = {}
        for what in ("goal", "measure"):
            title = values.get(what)
            if not title:
                continue
            key = fold_name(title)
            if (what, key) in ambiguous:
                continue
            change = changes[what].get(key)
            if change is None:
                matches = plan[what].get(key, [])
                if len(matches) > 1:
                    ambiguous.add((what, key))
                    message = (_("The plan has {n} goals called “{title}”; rename one of them "
                                 "first.") if what == "goal" else
                               _("The plan has {n} measures called “{title}”; rename one of "
                                 "them first."))
                    parsed.problem(problems, message.format(n=len(matches), title=title),
                                   number, what)
                    continue
                existing = matches[0] if matches else None
                change = RecordChange(number, existing.id if existing else None,
                                      {} if existing else {"title": title}, key)
                changes[what][key] = change
            change.values.update({f: values[f] for f in own[what] if f in values})
            keys[what] = key
        if len(keys) == 2:
            impacts.append((number, keys["measure"], keys["goal"], values.get("impact")))
    return GoalChanges(goals=list(changes["goal"].values()),
                       measures=list(changes["measure"].values()), impacts=impacts)


def idea_keys(idea: domain.Idea) -> list[tuple[str, str, str]]:
    """What an idea is matched by: its date, its author (the person id, and the name) and
    its text (case and runs of white space do not matter)."""
    text = text_key(idea.text)
    keys = [(idea.date, idea.person_id, text)] if idea.person_id else []
    if idea.author or not keys:
        keys.append((idea.date, fold_name(idea.author), text))
    return keys


_IDEA_FIELDS = ("tags", "source", "status", "decision_note", "decided")


def check_ideas(parsed: ParsedRecords, *, people: Sequence[domain.Person],
                pilots: Sequence[domain.Pilot], measures: Sequence[domain.Measure],
                ideas: Sequence[domain.Idea],
                problems: Problems | None = None) -> list[RecordChange]:
    """Resolve an ideas file against the plan.

    The person is the one of the ``person_id`` column, else for employee ideas the one the
    author names (by id or name; an author who is no person of the plan is kept as a name);
    the pilot and measure are found by name and title. An idea the plan has with the same
    date, author and text is updated instead of added.

    Returns:
        One change per good row.

    Raises:
        ImportFileError: an unknown person id, an ambiguous author, an unknown pilot or
            measure, an idea twice in the file, or a decision date for an undecided idea
            (unless ``problems`` collects them).
    """
    problems = problems if problems is not None else Problems()
    matcher = PersonMatcher(people)
    targets = {"pilot": (_index(pilots, lambda p: fold_name(p.name)), "pilot_id"),
               "measure": (_index(measures, lambda m: fold_name(m.title)), "measure_id")}
    known: dict[tuple[str, str, str], domain.Idea] = {}
    for idea in ideas:
        for key in idea_keys(idea):
            known.setdefault(key, idea)
    seen: dict[tuple[str, str, str], int] = {}
    changes = []
    for number, values in parsed.records:
        ok = True
        fields = {f: values[f] for f in _IDEA_FIELDS if f in values}
        author = values.get("author", "")
        person_id = None
        if "person_id" in values:
            if values["person_id"] in matcher.ids:
                person_id = values["person_id"]
                author = author or matcher.names[person_id]
            else:
                parsed.problem(problems, _("There is no person with the id “{id}” in the "
                                           "plan; import the people first.").format(
                    id=values["person_id"]), number, "person_id")
                ok = False
        elif author and values.get("source", "employee") == "employee":
            found = matcher.lookup(author)
            if len(found) == 1:
                person_id = found[0]
                if author == person_id:  # the author was given by id
                    author = matcher.names[person_id]
            elif found:
                try:
                    matcher.find(author)
                except ValueError as exc:
                    parsed.problem(problems, str(exc), number, "author")
                ok = False
        for what, (index, field_name) in targets.items():
            if what not in values:
                continue
            found = index.get(fold_name(values[what]), [])
            if len(found) == 1:
                fields[field_name] = found[0].id
                continue
            ok = False
            if what == "pilot":
                message = (_("There is no pilot “{name}” in the plan; check the spelling or "
                             "import the pilots first.") if not found else
                           _("The plan has {n} pilots called “{name}”; rename one of them "
                             "first."))
            else:
                message = (_("There is no measure “{name}” in the plan; check the spelling or "
                             "import the goals and measures first.") if not found else
                           _("The plan has {n} measures called “{title}”; rename one of "
                             "them first."))
            parsed.problem(problems, message.format(name=values[what], title=values[what],
                                                    n=len(found)), number, what)
        if not ok:
            continue
        idea = domain.Idea(id=0, text=values["text"], author=author, person_id=person_id,
                           date=values.get("date", ""))
        keys = idea_keys(idea)
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            parsed.problem(problems, _("This idea appears again (first in row {first}): same "
                                       "date, author and text.").format(first=first),
                           number, "text")
            continue
        seen.update((k, number) for k in keys)
        existing = next((known[k] for k in keys if k in known), None)
        status = fields.get("status", existing.status if existing else "new")
        if "status" in fields and status not in domain.IDEA_DECIDED \
                and existing is not None and existing.decided:
            fields["decided"] = ""  # back to undecided: the decision date goes
        decided = fields.get("decided", existing.decided if existing else "")
        if decided and status not in domain.IDEA_DECIDED:
            parsed.problem(problems, _("An idea that is “{status}” has no decision date; "
                                       "leave the cell empty or change the status.").format(
                status=_(domain.IDEA_STATUS_LABELS[status])), number,
                "decided" if "decided" in fields else "status")
            continue
        if existing is None:
            fields.update(text=idea.text, date=idea.date, author=author, person_id=person_id)
        else:
            if author and not existing.author:
                fields["author"] = author
            if person_id and not existing.person_id:
                fields["person_id"] = person_id
        changes.append(RecordChange(number, existing.id if existing else None, fields))
    return changes
