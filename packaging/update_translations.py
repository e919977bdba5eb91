"""Collect every translatable string of the package and add the missing ones to the German
catalogue, so a translator only fills in empty ``msgstr`` entries.

Usage: ``python packaging/update_translations.py`` (then translate the new entries in
``resources/locale/de/*.po``; ``tests/test_translations.py`` fails while any is missing).
Strings are taken from calls to ``_()``, ``N_()`` and ``ngettext()`` with literal arguments;
each lands in the ``.po`` file named after the part of the package it comes from. Entries the
code no longer uses are removed.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "changeplanner"
LOCALE = ROOT / "resources" / "locale"
FUNCTIONS = {"_", "N_", "ngettext"}


def part_of(path: Path) -> str:
    """The catalogue a source file's strings go to: its subpackage, or ``core``."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else "core"


def extract(root: Path = PACKAGE) -> dict[tuple[str, str | None], tuple[str, str]]:
    """Map ``(msgid, msgid_plural)`` to ``(part, "file:line")`` for every string in the code."""
    found: dict[tuple[str, str | None], tuple[str, str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in FUNCTIONS and node.args):
                continue
            args = node.args
            if not (isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
                continue
            plural = None
            if node.func.id == "ngettext" and len(args) > 1 and isinstance(args[1], ast.Constant):
                plural = args[1].value
            key = (args[0].value, plural)
            found.setdefault(key, (part_of(path), f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def load(language: str) -> dict[str, polib.POFile]:
    """The catalogue files of ``language`` by part name."""
    return {p.stem: polib.pofile(str(p)) for p in sorted((LOCALE / language).glob("*.po"))}


def fill(translations: dict[str, str | tuple[str, str]], language: str = "de") -> int:
    """Write ``translations`` (msgid -> msgstr, or a (singular, plural) pair) into the
    catalogue files that hold those msgids; return how many entries were filled."""
    filled = 0
    for po in load(language).values():
        changed = False
        for entry in po:
            text = translations.get(entry.msgid)
            if text is None:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: text[0], 1: text[1]}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            changed = True
            filled += 1
        if changed:
            po.save(po.fpath)
    return filled


def main() -> int:
    catalogs = load("de")
    in_code = {msgid for msgid, _plural in extract()}
    removed = 0
    for po in catalogs.values():  # strings the code no longer uses
        for entry in [e for e in po if e.msgid not in in_code]:
            po.remove(entry)
            removed += 1
    known = {entry.msgid for po in catalogs.values() for entry in po}
    added = 0
    for (msgid, plural), (part, where) in extract().items():
        if msgid in known:
            continue
        po = catalogs.get(part)
        if po is None:
            po = polib.POFile()
            po.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8",
                           "Plural-Forms": "nplurals=2; plural=(n != 1);"}
            po.fpath = str(LOCALE / "de" / f"{part}.po")
            catalogs[part] = po
        entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=[(where, "")])
        if plural:
            entry.msgid_plural = plural
            entry.msgstr_plural = {0: "", 1: ""}
        po.append(entry)
        known.add(msgid)
        added += 1
    for po in catalogs.values():
        po.save(po.fpath)
    print(f"{added} new strings to translate, {removed} unused strings removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
