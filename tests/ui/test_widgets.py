"""Shared widget helpers: numbers in the interface language, the department combo."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from changeplanner.i18n import set_language
from changeplanner.ui.widgets import fill_department_combo, format_number


def test_numbers_use_the_decimal_separator_of_the_interface_language(qtbot):
    try:
        set_language("de")
        assert (format_number(11.4), format_number(2.25, 1), format_number(12345.0)) == \
            ("11,4", "2,3", "12345")
    finally:
        set_language("en")
    assert (format_number(11.4), format_number(0.5, 2), format_number(420)) == \
        ("11.4", "0.50", "420")


def test_department_combo_keeps_the_choice_and_sorts_without_blanks(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    fill_department_combo(combo, "All", ["Vertrieb", "", "IT", "vertrieb", "IT"], None)
    assert [combo.itemText(i) for i in range(combo.count())] == \
        ["All", "IT", "Vertrieb", "vertrieb"]
    assert combo.currentData() is None
    fill_department_combo(combo, "All", ["IT", "Vertrieb"], "Vertrieb")
    assert combo.currentData() == "Vertrieb"
    fill_department_combo(combo, "All", ["IT"], "Vertrieb")  # gone: back to all
    assert combo.currentIndex() == 0
