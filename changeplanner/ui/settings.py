"""Every user setting in one registry, stored with ``QSettings`` (ARCHITECTURE habit 7).

Each setting is declared once with its key, default and a description; the rest of the UI
reads and writes through :func:`get_value` / :func:`set_value` so that a typo in a key is
an error, not a silently new setting. Tests pass a ``QSettings`` on a temporary ini file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QLocale, QSettings

from changeplanner import i18n

ORGANISATION = "ChangePlanner"
APPLICATION = "Change Planner"
MAX_RECENT_FILES = 8


@dataclass(frozen=True)
class Setting:
    """One entry of the registry."""

    key: str
    default: Any
    description: str
    type: type


REGISTRY: dict[str, Setting] = {s.key: s for s in (
    Setting("ui/language", "", "Language code of the user interface ('en', 'de'); empty "
            "follows the system language.", str),
    Setting("files/recent", [], f"Recently opened plan files, newest first (at most "
            f"{MAX_RECENT_FILES}).", list),
    Setting("files/last_folder", "", "Folder the last file dialog was in.", str),
    Setting("window/geometry", QByteArray(), "Main window size and position.", QByteArray),
    Setting("window/state", QByteArray(), "Main window toolbars and docks.", QByteArray),
    Setting("window/splitter", QByteArray(), "Width of the navigation beside the pages.",
            QByteArray),
)}


def make_settings(path: str | os.PathLike | None = None) -> QSettings:
    """The app's settings: the user's native store, or an ini file at ``path`` (tests)."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def get_value(settings: QSettings, key: str) -> Any:
    """Read a registered setting, converted to its declared type.

    Raises:
        KeyError: ``key`` is not in :data:`REGISTRY`.
    """
    setting = REGISTRY[key]
    value = settings.value(key, setting.default)
    if value is None:
        return setting.default
    if setting.type is list:
        # QSettings gives a plain string for a one-element list in ini files.
        if isinstance(value, str):
            return [value] if value else []
        return list(value)
    if setting.type is QByteArray:
        return value if isinstance(value, QByteArray) else QByteArray(value)
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default


def set_value(settings: QSettings, key: str, value: Any) -> None:
    """Write a registered setting.

    Raises:
        KeyError: ``key`` is not in :data:`REGISTRY`.
    """
    REGISTRY[key]  # noqa: B018 - validates the key
    settings.setValue(key, value)


def recent_files(settings: QSettings) -> list[str]:
    """The recent plan files, newest first."""
    return [f for f in get_value(settings, "files/recent") if f][:MAX_RECENT_FILES]


def add_recent_file(settings: QSettings, path: str | os.PathLike) -> list[str]:
    """Put ``path`` first in the recent files (once) and return the new list."""
    path = str(Path(path).resolve())
    files = [path] + [f for f in recent_files(settings) if f != path]
    files = files[:MAX_RECENT_FILES]
    set_value(settings, "files/recent", files)
    return files


def remove_recent_file(settings: QSettings, path: str | os.PathLike) -> list[str]:
    """Drop ``path`` from the recent files and return the new list."""
    path = str(Path(path).resolve())
    files = [f for f in recent_files(settings) if f != path]
    set_value(settings, "files/recent", files)
    return files


def last_folder(settings: QSettings) -> str:
    """The folder file dialogs start in (the home folder at first)."""
    folder = get_value(settings, "files/last_folder")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(settings: QSettings, path: str | os.PathLike) -> None:
    """Remember the folder of ``path`` for the next file dialog."""
    set_value(settings, "files/last_folder", str(Path(path).resolve().parent))


def effective_language(settings: QSettings) -> str:
    """The language to use: the setting if set, else ``CHANGEPLANNER_LANG``, else the system.

    Returns:
        A code of :data:`changeplanner.i18n.LANGUAGES` (``en`` when nothing matches).
    """
    wanted = get_value(settings, "ui/language")
    if not wanted:
        wanted = os.environ.get("CHANGEPLANNER_LANG") or QLocale.system().name()
    code = (wanted or "en").split("_")[0].split("-")[0].lower()
    return code if code in i18n.LANGUAGES else "en"
