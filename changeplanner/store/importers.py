"""Reading people, ties and skill levels from CSV and Excel files, and checking every cell.

This is the parsing half of an import; :mod:`changeplanner.services.imports` does the
writing. Nothing here touches the plan: the ``parse_*`` functions read a whole file into
plain objects (or raise :class:`~changeplanner.errors.ImportFileError` naming the file,
row and column of the first problem), and the ``check_*`` functions compare the result with
what the plan already holds. Row numbers are the ones the user sees in Excel: the header is
row 1, the first data row is row 2.

Files are read as a stream of rows; wide skill tables keep one ``bytes`` object per person
(one byte per skill column) rather than one Python object per cell, so 10,000 people x
300 skills stay small.
"""

from __future__ import annotations

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

REQUIRED = {"people": ("id", "name"), "ties": ("source", "target"), "skills": ("id",)}


def _alias_map(headers: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for field_name, names in headers.items():
        for name in names + _EXTRA_ALIASES.get(field_name, ()):
            aliases[normalize_header(name)] = field_name
    return aliases


_PEOPLE_ALIASES = _alias_map(PEOPLE_HEADERS)
_TIE_ALIASES = _alias_map(TIE_HEADERS)
_SKILL_ID_ALIASES = _alias_map(SKILL_ID_HEADERS)


def accepted_headers(kind: str) -> str:
    """The accepted header names of ``kind`` as one line for messages and help texts."""
    headers = {"people": PEOPLE_HEADERS, "ties": TIE_HEADERS, "skills": SKILL_ID_HEADERS}[kind]
    text = "; ".join(" / ".join(names) for names in headers.values())
    if kind == "skills":
        text += "; " + _("then one column per skill, headed by the skill name")
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
    """

    file: str
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, Sequence[Any]]]
    total_rows: int = 0


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


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16 with a byte order mark.
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
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


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: {reason}").format(reason=exc),
                              file=name, row=number + 1) from exc


def _xlsx_rows(workbook: Any, name: str) -> Iterator[tuple[int, Sequence[Any]]]:
    sheet = workbook.worksheets[0]
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


@contextlib.contextmanager
def open_table(path: str | os.PathLike, kind: str, *,
               progress: Progress | None = None) -> Iterator[RawTable]:
    """Open a CSV or XLSX file and yield its header and a stream of its non-empty rows.

    CSV: delimiter ``,``, ``;`` or tab (detected from the header), UTF-8 with or without BOM,
    else Windows-1252. XLSX: the first worksheet. ``progress`` (0..1 over the file) is
    updated every thousand rows.

    Raises:
        ImportFileError: the file is missing, unreadable, of another type, damaged or empty.
    """
    path = Path(path)
    name = str(path)
    file_type = _check_file(path, name)
    workbook = None
    generators: list[Any] = []
    try:
        if file_type == "csv":
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise _read_error(exc, name) from exc
            text = _decode(raw, name)
            rows: Iterator[tuple[int, Sequence[Any]]] = _csv_rows(text, name)
            total = text.count("\n") + 1
        else:
            import openpyxl  # only needed for Excel files; keeps CSV imports light

            try:
                workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
                if not workbook.worksheets:
                    raise _empty_file(kind, name)
                total = workbook.worksheets[0].max_row or 0
            except OSError as exc:
                raise _read_error(exc, name) from exc
            except ImportFileError:
                raise
            except Exception as exc:  # openpyxl raises many kinds of error on bad files
                raise _damaged(exc, name) from exc
            rows = _xlsx_rows(workbook, name)
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
        data_rows = _data_rows(rows, progress, total)
        generators.append(data_rows)
        yield RawTable(file=name, header=header, header_row=header_row, rows=data_rows,
                       total_rows=total)
    finally:
        # Stop the row readers before closing the workbook, so that openpyxl's sheet
        # stream is released now (also when a bad cell stopped the reading half-way).
        for generator in reversed(generators):
            generator.close()
        if workbook is not None:
            workbook.close()


def _data_rows(rows: Iterator[tuple[int, Sequence[Any]]], progress: Progress | None,
               total: int) -> Iterator[tuple[int, Sequence[Any]]]:
    for number, row in rows:
        if progress is not None and number % _PROGRESS_EVERY == 0 and total:
            progress.update(min(number / total, 1.0))
        if not _is_blank(row):
            yield number, row
    if progress is not None:
        progress.update(1.0)


def _map_columns(table: RawTable, kind: str, aliases: Mapping[str, str]
                 ) -> tuple[dict[str, int], list[int]]:
    """Map field names to column indexes; return it and the indexes of the other columns.

    Raises:
        ImportFileError: a required column is missing, or one column appears twice.
    """
    columns: dict[str, int] = {}
    others: list[int] = []
    for index, text in enumerate(table.header):
        field_name = aliases.get(normalize_header(text))
        if field_name is None:
            others.append(index)
        elif field_name in columns:
            raise ImportFileError(_("The column “{first}” appears twice (also as “{second}”); "
                                    "keep only one.").format(
                first=table.header[columns[field_name]], second=text),
                file=table.file, row=table.header_row, column=text)
        else:
            columns[field_name] = index
    missing = [f for f in REQUIRED[kind] if f not in columns]
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
    return columns, others


def _check_extra_cells(table: RawTable, number: int, row: Sequence[Any]) -> None:
    width = len(table.header)
    if len(row) > width:
        for offset, value in enumerate(row[width:]):
            if cell_text(value):
                raise ImportFileError(_("This row has a value (“{value}”) beyond the last "
                                        "column of the header; check the delimiter and "
                                        "quotes, or give the column a header.").format(
                    value=cell_text(value)), file=table.file, row=number,
                    column=column_letter(width + offset))


def _cell(row: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


# -- people ---------------------------------------------------------------------------

@dataclass
class ParsedPeople:
    """A people file, read and checked cell by cell.

    Attributes:
        file: the file name.
        rows: the number of data rows.
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


def _duplicate_id(table: RawTable, number: int, person_id: str, first: int,
                  column: str) -> ImportFileError:
    return ImportFileError(_("The id “{id}” appears again (first in row {first}); each "
                             "person may appear only once per file.").format(
        id=person_id, first=first), file=table.file, row=number, column=column)


def parse_people(path: str | os.PathLike, *, progress: Progress | None = None
                 ) -> ParsedPeople:
    """Read a people file; every cell is checked, the plan is not consulted yet.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell.
    """
    with open_table(path, "people", progress=progress) as table:
        columns, others = _map_columns(table, "people", _PEOPLE_ALIASES)
        header = table.header
        people: list[domain.Person] = []
        row_of: dict[str, int] = {}
        converters = (
            ("team_lead", parse_yes_no), ("daily_business", parse_yes_no),
            ("attitude", parse_attitude), ("availability", parse_availability),
        )
        text_fields = [f for f in ("department", "title", "notes") if f in columns]
        for number, row in table.rows:
            _check_extra_cells(table, number, row)
            person_id = cell_text(_cell(row, columns["id"]))
            if not person_id:
                raise ImportFileError(_("The id is empty; every row needs an id."),
                                      file=table.file, row=number, column=header[columns["id"]])
            if person_id in row_of:
                raise _duplicate_id(table, number, person_id, row_of[person_id],
                                    header[columns["id"]])
            name = cell_text(_cell(row, columns["name"]))
            if not name:
                raise ImportFileError(_("The name is empty; every person needs a name."),
                                      file=table.file, row=number,
                                      column=header[columns["name"]])
            values: dict[str, Any] = {f: cell_text(_cell(row, columns[f])) for f in text_fields}
            if "manager_id" in columns:
                values["manager_id"] = cell_text(_cell(row, columns["manager_id"])) or None
            for field_name, convert in converters:
                if field_name in columns:
                    try:
                        values[field_name] = convert(_cell(row, columns[field_name]))
                    except ValueError as exc:
                        raise ImportFileError(str(exc), file=table.file, row=number,
                                              column=header[columns[field_name]]) from None
            row_of[person_id] = number
            people.append(domain.Person(id=person_id, name=name, **values))
        return ParsedPeople(
            file=table.file, rows=len(people), people=people, row_of=row_of,
            fields=frozenset(columns), headers={f: header[i] for f, i in columns.items()},
            ignored_columns=tuple(header[i] for i in others if header[i]))


def check_people(parsed: ParsedPeople, plan_ids: set[str]) -> None:
    """Check the references of a people file: every manager is a person of the file or plan.

    Raises:
        ImportFileError: naming the row and the manager column.
    """
    if "manager_id" not in parsed.fields:
        return
    column = parsed.headers["manager_id"]
    for person in parsed.people:
        manager = person.manager_id
        if manager is None:
            continue
        if manager == person.id:
            raise ImportFileError(_("A person cannot be their own manager."), file=parsed.file,
                                  row=parsed.row_of[person.id], column=column)
        if manager not in parsed.row_of and manager not in plan_ids:
            raise ImportFileError(_("There is no person with the id “{id}” in this file or in "
                                    "the plan; the manager must be one of the people.").format(
                id=manager), file=parsed.file, row=parsed.row_of[person.id], column=column)


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
        rows: the number of data rows.
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
               progress: Progress | None = None) -> ParsedTies:
    """Read a ties file; every cell is checked, the plan is not consulted yet.

    Args:
        path: the CSV or XLSX file.
        relation: the relation of rows without one (default ``advice``).
        progress: updated while reading.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell.
    """
    default = check_relation_argument(relation, str(path))
    with open_table(path, "ties", progress=progress) as table:
        columns, others = _map_columns(table, "ties", _TIE_ALIASES)
        header = table.header
        source_col, target_col = columns["source"], columns["target"]
        relation_col, weight_col = columns.get("relation"), columns.get("weight")
        ties: list[tuple[int, domain.Tie]] = []
        for number, row in table.rows:
            _check_extra_cells(table, number, row)
            ends = []
            for index in (source_col, target_col):
                person_id = cell_text(_cell(row, index))
                if not person_id:
                    raise ImportFileError(_("The person id is empty; a tie needs a source and "
                                            "a target."), file=table.file, row=number,
                                          column=header[index])
                ends.append(person_id)
            if ends[0] == ends[1]:
                raise ImportFileError(_("A tie from a person to themselves is not allowed."),
                                      file=table.file, row=number, column=header[target_col])
            try:
                kind = default if relation_col is None else parse_relation(
                    _cell(row, relation_col), default)
            except ValueError as exc:
                raise ImportFileError(str(exc), file=table.file, row=number,
                                      column=header[relation_col]) from None
            try:
                weight = 1.0 if weight_col is None else parse_weight(_cell(row, weight_col))
            except ValueError as exc:
                raise ImportFileError(str(exc), file=table.file, row=number,
                                      column=header[weight_col]) from None
            ties.append((number, domain.Tie(source=ends[0], target=ends[1], relation=kind,
                                            weight=weight)))
        return ParsedTies(file=table.file, rows=len(ties), ties=ties,
                          headers={f: header[i] for f, i in columns.items()},
                          ignored_columns=tuple(header[i] for i in others if header[i]))


def check_ties(parsed: ParsedTies, plan_ids: set[str]) -> None:
    """Check that every tie joins two people of the plan.

    Raises:
        ImportFileError: naming the row and the source or target column.
    """
    for number, tie in parsed.ties:
        for person_id, field_name in ((tie.source, "source"), (tie.target, "target")):
            if person_id not in plan_ids:
                raise ImportFileError(_("There is no person with the id “{id}” in the plan; "
                                        "import the people first.").format(id=person_id),
                                      file=parsed.file, row=number,
                                      column=parsed.headers[field_name])


# -- skills ---------------------------------------------------------------------------

@dataclass
class ParsedSkills:
    """A wide skills file (``id`` then one column per skill), read and checked.

    Attributes:
        file: the file name.
        rows: the number of data rows.
        id_header: the id column's header as written.
        header_row: the row number of the header.
        skills: the skill names (trimmed headers), one per skill column.
        people: ``(row number, person id, levels)``; ``levels[k]`` is the level in
            ``skills[k]`` or :data:`NO_LEVEL` for an empty cell.
        ignored_columns: columns that are people fields rather than skills (name, ...).
    """

    file: str
    rows: int
    id_header: str
    header_row: int
    skills: list[str]
    people: list[tuple[int, str, bytes]] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()

    def levels(self, skill_ids: Sequence[int]) -> Iterator[tuple[str, int, int]]:
        """``(person id, skill id, level)`` for every filled cell; ``skill_ids`` by column."""
        for _row, person_id, levels in self.people:
            for skill_id, level in zip(skill_ids, levels, strict=True):
                if level != NO_LEVEL:
                    yield person_id, skill_id, level

    def cell_count(self) -> int:
        """How many cells hold a level."""
        return sum(len(levels) - levels.count(NO_LEVEL) for _r, _p, levels in self.people)


def parse_skills(path: str | os.PathLike, *, known_skills: Sequence[str] = (),
                 progress: Progress | None = None) -> ParsedSkills:
    """Read a wide skills file; every level is checked, the plan is not consulted yet.

    Args:
        path: the CSV or XLSX file.
        known_skills: skill names of the plan; a column whose header is both a person field
            (such as ``name``) and not a known skill is ignored rather than read as a skill.
        progress: updated while reading.

    Raises:
        ImportFileError: naming file, row and column of the first bad cell.
    """
    known = {normalize_header(s) for s in known_skills}
    with open_table(path, "skills", progress=progress) as table:
        columns, others = _map_columns(table, "skills", _SKILL_ID_ALIASES)
        header = table.header
        id_col = columns["id"]
        skill_cols: list[int] = []
        ignored: list[str] = []
        seen: dict[str, str] = {}
        for index in others:
            text = header[index]
            key = normalize_header(text)
            if key in _PEOPLE_ALIASES and key not in known:
                ignored.append(text)
                continue
            if key and key in seen:
                raise ImportFileError(_("The skill “{skill}” has two columns; keep only one."
                                        ).format(skill=text), file=table.file,
                                      row=table.header_row, column=text)
            seen[key] = text
            skill_cols.append(index)
        named_cols = [i for i in skill_cols if header[i]]
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
            _check_extra_cells(table, number, row)
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            person_id = cell_text(row[id_col])
            if not person_id:
                raise ImportFileError(_("The id is empty; every row needs an id."),
                                      file=table.file, row=number, column=header[id_col])
            if person_id in row_of:
                raise _duplicate_id(table, number, person_id, row_of[person_id],
                                    header[id_col])
            row_of[person_id] = number
            levels = bytearray(len(named_cols))
            k = 0
            for index in skill_cols:
                value = row[index]
                level = levels_lookup.get(value, -1)
                if level < 0 or value is True or value is False or not header[index]:
                    level = _slow_level(table, number, index, value)
                    if not header[index]:
                        continue
                levels[k] = level
                k += 1
            people.append((number, person_id, bytes(levels)))
        return ParsedSkills(file=table.file, rows=len(people), id_header=header[id_col],
                            header_row=table.header_row,
                            skills=[header[i] for i in named_cols], people=people,
                            ignored_columns=tuple(ignored))


def _slow_level(table: RawTable, number: int, index: int, value: Any) -> int:
    column = table.header[index] or column_letter(index)
    try:
        level = parse_level(value)
    except ValueError as exc:
        raise ImportFileError(str(exc), file=table.file, row=number, column=column) from None
    if level is None:
        return NO_LEVEL
    if not table.header[index]:
        raise ImportFileError(_("This column has no header; put the skill name in the header "
                                "row."), file=table.file, row=number, column=column)
    return level


def check_skills(parsed: ParsedSkills, plan_ids: set[str], plan_skills: Sequence[str], *,
                 create_skills: bool) -> tuple[list[str], list[str]]:
    """Check a skills file against the plan and resolve its columns to skill names.

    Headers match the plan's skills case-insensitively (``scrum`` is the skill ``Scrum``).

    Returns:
        ``(names, created)``: the plan's skill name for each column, and the names of the
        skills that are new (to be created).

    Raises:
        ImportFileError: a person id is not in the plan, or a skill is unknown and
            ``create_skills`` is false.
    """
    for number, person_id, _levels in parsed.people:
        if person_id not in plan_ids:
            raise ImportFileError(_("There is no person with the id “{id}” in the plan; "
                                    "import the people first.").format(id=person_id),
                                  file=parsed.file, row=number, column=parsed.id_header)
    by_key = {normalize_header(name): name for name in plan_skills}
    names, created = [], []
    for header in parsed.skills:
        name = by_key.get(normalize_header(header))
        if name is None:
            if not create_skills:
                raise ImportFileError(_("There is no skill “{skill}” in the plan; add it to the "
                                        "skills catalogue first, or allow the import to create "
                                        "new skills.").format(skill=header),
                                      file=parsed.file, row=parsed.header_row, column=header)
            name = " ".join(header.split())
            created.append(name)
        names.append(name)
    return names, created
