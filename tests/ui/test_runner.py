"""The runner's helpers: waiting for a short step while the window keeps running."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from changeplanner.errors import PlanFileError
from changeplanner.ui.runner import wait_responsively


def test_wait_responsively_returns_the_result_while_timers_keep_running(qtbot):
    beats = []
    timer = QTimer()
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start(10)
    try:
        assert wait_responsively(lambda seconds: time.sleep(seconds) or "done", 0.3) == "done"
    finally:
        timer.stop()
    assert len(beats) >= 10  # the event loop ran during the 0.3 s wait
    assert max(b - a for a, b in zip(beats, beats[1:], strict=False)) < 0.2


def test_wait_responsively_raises_the_functions_error(qtbot):
    def refuse():
        raise PlanFileError("damaged", file="x.changeplan")

    with pytest.raises(PlanFileError, match="damaged"):
        wait_responsively(refuse)
