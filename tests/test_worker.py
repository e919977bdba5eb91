"""Worker processes: results, progress, language, cancel, errors, a process that dies."""

from __future__ import annotations

import threading

import pytest

from changeplanner import worker
from changeplanner.errors import Cancelled, UserError
from changeplanner.progress import Progress
from changeplanner.services.plans import snapshot
from tests import worker_tasks
from tests.ui.ui_plans import build_small_plan


class Recording(Progress):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[float, str]] = []

    def on_update(self, fraction: float, message: str) -> None:
        self.seen.append((fraction, message))


@pytest.fixture(scope="module")
def pool():
    workers = worker.WorkerPool(size=1)
    yield workers
    workers.shutdown()


def test_plan_is_reopened_in_the_worker_with_language_and_progress(pool, tmp_path):
    from changeplanner.store.db import open_plan

    plan = open_plan(build_small_plan(tmp_path / "small.changeplan"))
    progress = Recording()
    count, language, text = pool.run(worker_tasks.count_people, (plan,), {}, language="de",
                                     progress=progress)
    assert count == len(snapshot(plan).people) > 0
    assert (language, text) == ("de", "Abbrechen")
    assert progress.seen == [(0.5, "reading"), (1.0, "done")]
    plan.close()


def test_user_error_keeps_its_message(pool):
    with pytest.raises(UserError, match="no such person"):
        pool.run(worker_tasks.refuse, (), {}, language="en", progress=Progress())


def test_cancel_stops_the_worker_and_it_is_reused(pool):
    progress = Progress()
    threading.Timer(0.3, progress.cancel).start()
    with pytest.raises(Cancelled):
        pool.run(worker_tasks.slow, (), {}, language="en", progress=progress)
    with pytest.raises(UserError):  # the same process serves the next task
        pool.run(worker_tasks.refuse, (), {}, language="en", progress=Progress())


def test_a_dying_process_fails_the_task_and_is_replaced(pool):
    with pytest.raises(worker.WorkerError, match="stopped unexpectedly"):
        pool.run(worker_tasks.crash, (), {}, language="en", progress=Progress())
    with pytest.raises(UserError):
        pool.run(worker_tasks.refuse, (), {}, language="en", progress=Progress())
