"""Translations for every user-visible string, in one catalogue per language.

All layers (CLI, reports, analysis reasons, error messages and the Qt UI) translate through
``_()`` so the same words appear everywhere. Catalogues are gettext ``.po`` files in
``resources/locale/<language>/`` (one file per part of the app, so parts can be translated
independently), read at run time with polib: no compile step, nothing to go stale.
Mark strings that are translated later with ``N_()``; format placeholders by name
(``_("{n} people").format(n=3)``).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Callable, Mapping
from typing import TypeVar

import polib

from changeplanner.paths import resource_path

LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}

T = TypeVar("T")

_catalog: dict[str, str] = {}
_plurals: dict[str, tuple[str, str]] = {}
_language = "en"


def N_(text: str) -> str:  # noqa: N802 - gettext convention
    """Mark ``text`` for translation without translating it now."""
    return text


def _(text: str) -> str:
    """Translate ``text`` into the current language (English if no translation exists)."""
    return _catalog.get(text) or text


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with a plural form chosen by ``n`` (English and German share the rule)."""
    forms = _plurals.get(singular)
    if forms:
        return forms[0] if n == 1 else forms[1]
    return singular if n == 1 else plural


def current_language() -> str:
    """The language code in use (``en`` or ``de``)."""
    return _language


def catalog_files(language: str) -> list:
    """The ``.po`` files that make up the catalogue of ``language``."""
    return sorted(resource_path("locale", language).glob("*.po"))


def set_language(language: str) -> str:
    """Switch every later ``_()`` call to ``language``; unknown languages fall back to English.

    Returns:
        The language actually in use.
    """
    global _language
    language = (language or "en").split("_")[0].split("-")[0].lower()
    if language not in LANGUAGES:
        language = "en"
    catalog, plurals = _load(language)
    _catalog.clear()
    _catalog.update(catalog)
    _plurals.clear()
    _plurals.update(plurals)
    _language = language
    return language


_loaded: dict[str, tuple[dict[str, str], dict[str, tuple[str, str]]]] = {}


def _load(language: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The catalogue of ``language`` (read once per process)."""
    if language not in _loaded:
        catalog: dict[str, str] = {}
        plurals: dict[str, tuple[str, str]] = {}
        if language != "en":
            for path in catalog_files(language):
                for entry in polib.pofile(str(path)):
                    if entry.obsolete or "fuzzy" in entry.flags:
                        continue
                    if entry.msgid_plural and entry.msgstr_plural:
                        plurals[entry.msgid] = (entry.msgstr_plural[0],
                                                entry.msgstr_plural[1])
                    elif entry.msgstr:
                        catalog[entry.msgid] = entry.msgstr
        _loaded[language] = (catalog, plurals)
    return _loaded[language]


def in_every_language(make: Callable[[], T]) -> dict[str, T]:
    """``make()`` called once in each language of :data:`LANGUAGES`, by language code.

    For texts that are stored and shown later in whatever language the reader uses (the
    reasons of a saved board). It switches the process's language for a moment: call it
    from the command line or a worker process, not while another thread translates.
    """
    current = _language
    results: dict[str, T] = {}
    try:
        for language in LANGUAGES:
            set_language(language)
            results[language] = make()
    finally:
        set_language(current)
    return results


def pick(texts: Mapping[str, str] | str) -> str:
    """The text for the current language from :func:`in_every_language`'s result (English,
    else any, when the language is missing); a plain string is returned as it is."""
    if isinstance(texts, str):
        return texts
    return texts.get(_language) or texts.get("en") or next(iter(texts.values()), "")


def system_language() -> str:
    """The language the environment asks for (``CHANGEPLANNER_LANG``, then the locale)."""
    for var in ("CHANGEPLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(var)
        if value:
            return value.split(":")[0]
    try:
        return locale.getlocale()[0] or "en"
    except ValueError:
        return "en"
