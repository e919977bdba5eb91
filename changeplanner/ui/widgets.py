"""Small widget helpers shared by several pages and dialogs."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox

from changeplanner.i18n import current_language


def format_number(value: float, decimals: int | None = None) -> str:
    """``value`` with the decimal separator of the interface language ("2.5" / "2,5"), no
    thousands separator; ``decimals`` fixed, or up to six significant digits when ``None``."""
    locale = QLocale(current_language())
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    if decimals is None:
        return locale.toString(float(value), "g", 6)
    return locale.toString(float(value), "f", decimals)


def fill_department_combo(combo: QComboBox, all_label: str, departments: Iterable[str],
                          current: str | None) -> None:
    """Fill ``combo`` with "all" (data ``None``) and the ``departments`` (sorted, without
    repeats or blanks) and keep ``current`` chosen when it is still there; no signals."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_label, None)
    for name in sorted({d for d in departments if d}, key=lambda d: (d.casefold(), d)):
        combo.addItem(name, name)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
    combo.blockSignals(False)
