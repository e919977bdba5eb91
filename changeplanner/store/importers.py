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

    ``kind`` is ``people``, ``ties``, ``skills`` (wide) or ``skills_long``.
    """
    headers = {"people": PEOPLE_HEADERS, "ties": TIE_HEADERS, "skills": SKILL_ID_HEADERS,
               "skills_long": SKILL_LONG_HEADERS, "survey": SURVEY_HEADERS}[kind]
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
    ids = {p.id for p in people}
    by_name: dict[str, list[domain.Person]] = {}
    for person in people:
        by_name.setdefault(fold_name(person.name), []).append(person)

    def resolve(text: str, number: int, column: str) -> str | None:
        if text in ids:
            return text
        found = by_name.get(fold_name(text), [])
        if len(found) == 1:
            return found[0].id
        if not found:
            problems.add(ImportFileError(_(
                "Nobody in the plan is called “{name}” or has this id; check the spelling or "
                "import the people first.").format(name=text),
                file=parsed.file, row=number, column=column))
        else:
            problems.add(ImportFileError(_(
                "“{name}” is ambiguous: {people}; write the id instead.").format(
                name=text, people=", ".join(f"{p.name} ({p.id})" for p in found)),
                file=parsed.file, row=number, column=column))
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
