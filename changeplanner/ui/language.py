"""Switching the interface language: our catalogue plus Qt's own strings.

Our texts come from :mod:`changeplanner.i18n`; the standard dialogs (file dialogs, message
box buttons, the context menu of a line edit) are translated by Qt's ``qtbase_<lang>.qm``,
which PySide6 ships. Callers then run ``retranslate_ui()`` on their long-lived widgets.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from changeplanner import i18n

log = logging.getLogger(__name__)

_qt_translator: QTranslator | None = None


def apply_language(code: str) -> str:
    """Use ``code`` for our catalogue and Qt's standard dialogs.

    Returns:
        The language actually in use (unknown codes fall back to English).
    """
    global _qt_translator
    language = i18n.set_language(code)
    app = QCoreApplication.instance()
    if app is not None:
        if _qt_translator is not None:
            app.removeTranslator(_qt_translator)
            _qt_translator = None
        if language != "en":
            translator = QTranslator(app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(f"qtbase_{language}", folder):
                app.installTranslator(translator)
                _qt_translator = translator
            else:
                log.info("no Qt translation for %s in %s", language, folder)
    QLocale.setDefault(QLocale(language))
    return language
