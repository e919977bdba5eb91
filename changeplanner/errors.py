"""The two kinds of error (ARCHITECTURE habit 6).

``UserError`` is something the user can fix (a bad file, a plan from a newer version, a
locked file): it carries a translated message naming the file, row and column. Anything
else that escapes is a bug and is logged with its traceback.
"""

from __future__ import annotations

from changeplanner.i18n import _


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the complete, translated message."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None) -> None:
        self.problem = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.file:
            where.append(_("File {file}").format(file=self.file))
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column “{column}”").format(column=self.column))
        if not where:
            return self.problem
        return ", ".join(where) + ": " + self.problem


class PlanFileError(UserError):
    """The plan file cannot be opened (not a plan, damaged, newer version, locked)."""


class ImportFileError(UserError):
    """An import file was rejected; the plan was left exactly as it was."""


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a long computation when the user cancelled it."""
