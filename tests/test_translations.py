"""Every user-visible string has its German translation, with the same placeholders."""

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))
import update_translations  # noqa: E402

from changeplanner import i18n  # noqa: E402

PLACEHOLDER = re.compile(r"\{(\w*)[^}]*\}")


def german_catalog():
    catalog = {}
    for po in update_translations.load("de").values():
        for entry in po:
            if entry.msgid_plural:
                catalog[entry.msgid] = [entry.msgstr_plural.get(0, ""),
                                        entry.msgstr_plural.get(1, "")]
            else:
                catalog[entry.msgid] = [entry.msgstr] if "fuzzy" not in entry.flags else [""]
    return catalog


def test_every_string_has_a_german_translation():
    catalog = german_catalog()
    missing = [f"{where}: {msgid!r}" for (msgid, _plural), (_part, where)
               in update_translations.extract().items()
               if not all(catalog.get(msgid, [""]))]
    assert not missing, ("untranslated strings (run packaging/update_translations.py and "
                         "translate):\n" + "\n".join(missing))


def test_translations_keep_placeholders():
    wrong = []
    for po in update_translations.load("de").values():
        for entry in po:
            # Each form keeps the placeholders of its English form (a singular may name no
            # number: "the idea" / "the {n} ideas").
            pairs = ([(entry.msgid, entry.msgstr_plural.get(0, "")),
                      (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
                     if entry.msgid_plural else [(entry.msgid, entry.msgstr)])
            for source, text in pairs:
                if text and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                    wrong.append(f"{source!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_switching_language_translates(german):
    from changeplanner.errors import UserError

    message = str(UserError("x", file="a.csv", row=3, column="Name"))
    assert message.startswith("Datei a.csv, Zeile 3, Spalte „Name“")
    i18n.set_language("en")
    assert str(UserError("x", file="a.csv", row=3)).startswith("File a.csv, row 3")
