"""Stand-ins for slow services, importable by a worker process (tests of cancelling).

A worker process imports the function by name, so these must live in a module, not inside
a test."""

from __future__ import annotations

import time


def _slowly(progress, message: str) -> None:
    for step in range(2000):
        progress.update(step / 2000, message)
        time.sleep(0.005)
    raise AssertionError("was not cancelled")


def slow_propose_and_save(plan, size, options=None, *, progress):
    """Takes ten seconds unless cancelled."""
    _slowly(progress, "thinking")


def slow_simulate(plan, *, board_id=None, progress):
    """Takes ten seconds unless cancelled."""
    _slowly(progress, "rounds")
