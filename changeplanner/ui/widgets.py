"""Small widget helpers shared by several pages and dialogs."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox


def fill_department_combo(combo: QComboBox, all_label: str, departments: Iterable[str],
                          current: str | None) -> None:
    """Fill ``combo`` with "all" (data ``None``) and the ``departments`` (sorted, without
    repeats or blanks) and keep ``current`` chosen when it is still there; no signals."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_label, None)
    for name in sorted({d for d in departments if d}, key=str.casefold):
        combo.addItem(name, name)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
    combo.blockSignals(False)
