"""Functions a worker process runs in tests/test_worker.py (importable by name there)."""

from __future__ import annotations

import os
import time

from changeplanner.errors import UserError
from changeplanner.i18n import _, current_language
from changeplanner.services import plans


def count_people(plan, *, progress):
    """Read the plan in the worker and report progress twice."""
    progress.update(0.5, "reading")
    count = len(plans.snapshot(plan, skills=False).people)
    progress.update(1.0, "done")
    return count, current_language(), _("Cancel")


def refuse(*, progress):
    raise UserError("no such person")


def crash(*, progress):
    os._exit(3)


def slow(*, progress):
    for step in range(2000):
        progress.update(step / 2000, "step")
        time.sleep(0.005)
    return "finished"
