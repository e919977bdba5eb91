"""The Settings dialog (Edit ▸ Settings…): choices apply the moment they are made."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from changeplanner.i18n import LANGUAGES, _
from changeplanner.ui import settings as cfg


class SettingsDialog(QDialog):
    """Language (follow the system, English, Deutsch).

    Args:
        settings: Where choices are stored.
        set_language: Applies a language code ("" follows the system) to the whole app.
    """

    def __init__(self, settings: QSettings, set_language: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self._settings = settings
        self._set_language = set_language
        self.language_label = QLabel(self)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language_combo")
        self.language_label.setBuddy(self.language_combo)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        form = QFormLayout()
        form.addRow(self.language_label, self.language_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.load()
        self.language_combo.currentIndexChanged.connect(self._language_chosen)

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Settings"))
        self.language_label.setText(_("&Language:"))
        self.hint.setText(_("Changes apply immediately."))
        self.language_combo.blockSignals(True)
        current = self.language_combo.currentData()
        self.language_combo.clear()
        self.language_combo.addItem(_("System language"), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(
            current if current is not None else "")))
        self.language_combo.blockSignals(False)

    def load(self) -> None:
        """Show the stored choices."""
        self.language_combo.blockSignals(True)
        wanted = cfg.get_value(self._settings, "ui/language")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(wanted)))
        self.language_combo.blockSignals(False)

    def _language_chosen(self, _index: int) -> None:
        self._set_language(self.language_combo.currentData() or "")
