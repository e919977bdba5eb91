"""Guards against a broken Qt binding: PySide6 6.12.0 on Python 3.11 loses a reference to
None on every call of a method returning nothing, and the app aborts after some ten
thousand calls ("Fatal Python error: none_dealloc"). pyproject.toml keeps PySide6 below
6.12; this test fails if an upgrade brings the fault back."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_the_reference_count_of_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _i in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 100
