"""The one way to run work in the background (ARCHITECTURE habit 3).

``TaskRunner.start(fn, *args)`` runs ``fn(*args, progress=...)`` on the thread pool. The
function is a plain callable from services/ or analysis/ that takes a
:class:`~changeplanner.progress.Progress`; it never touches widgets and opens its own
database session (or works on a snapshot). Results come back through signals, which Qt
delivers on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
)

from changeplanner import i18n, worker
from changeplanner.errors import Cancelled, UserError
from changeplanner.progress import Progress

log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, bool)  # message, is_user_error
    cancelled = Signal()


class _SignalProgress(Progress):
    def __init__(self, signals: _Signals) -> None:
        super().__init__()
        self._signals = signals

    def on_update(self, fraction: float, message: str) -> None:
        self._signals.progress.emit(fraction, message)


class Task(QRunnable):
    """One background job. Connect to ``signals`` before the runner starts it.

    Signals (on ``task.signals``):
        progress(float, str): fraction done and a message.
        finished(object): the function's return value.
        failed(str, bool): a message and whether the user can fix the problem.
        cancelled(): the user cancelled.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, isolate: bool = False,
                 **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.progress = _SignalProgress(self.signals)
        self._fn, self._args, self._kwargs = fn, args, kwargs
        #: Run in a worker process (:mod:`changeplanner.worker`) instead of on the thread.
        self.isolate = isolate

    def cancel(self) -> None:
        """Ask the function to stop at its next progress update."""
        self.progress.cancel()

    def run(self) -> None:  # runs on a pool thread
        try:
            if self.isolate:
                result = worker.pool().run(self._fn, self._args, self._kwargs,
                                           language=i18n.current_language(),
                                           progress=self.progress)
            else:
                result = self._fn(*self._args, progress=self.progress, **self._kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except UserError as exc:
            self.signals.failed.emit(str(exc), True)
        except worker.WorkerError as exc:  # logged by the pool
            self.signals.failed.emit(str(exc), False)
        except Exception as exc:  # a bug: log the traceback, tell the user briefly
            log.error("background task failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}", False)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they end.

    Signals:
        task_started(object): a :class:`Task` is about to run (its callbacks are connected),
            so the main window can show every task in the status bar with a Cancel button.
    """

    task_started = Signal(object)

    #: Whether ``start(..., isolate=True)`` may use worker processes (tests that replace a
    #: service function with a stand-in switch this off: a worker would not see it).
    use_processes = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._running: set[Task] = set()

    def start(self, fn: Callable[..., Any], *args: Any,
              on_finished: Callable[[Any], None] | None = None,
              on_failed: Callable[[str, bool], None] | None = None,
              on_progress: Callable[[float, str], None] | None = None,
              on_cancelled: Callable[[], None] | None = None, isolate: bool = False,
              **kwargs: Any) -> Task:
        """Run ``fn(*args, progress=..., **kwargs)`` in the background and wire callbacks.

        With ``isolate=True`` the work runs in a worker process, so heavy Python work does
        not compete with the window for the interpreter lock; ``fn`` must then be a
        module-level function (a page's loader may live in its ``ui`` module: it touches
        no widget) and its arguments and result picklable.
        """
        task = Task(fn, *args, isolate=isolate and self.use_processes, **kwargs)
        if on_progress:
            task.signals.progress.connect(on_progress)
        if on_finished:
            task.signals.finished.connect(on_finished)
        if on_failed:
            task.signals.failed.connect(on_failed)
        if on_cancelled:
            task.signals.cancelled.connect(on_cancelled)
        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_args, t=task: self._running.discard(t))
        self._running.add(task)
        self.task_started.emit(task)
        self._pool.start(task)
        return task

    def cancel_all(self) -> None:
        """Ask every running task to stop at its next progress update."""
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every running task (used on quit and in tests)."""
        return self._pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        """Whether any task is still running."""
        return bool(self._running)


def wait_responsively(fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(*args)`` on a helper thread and return its result (or raise its error),
    while the window keeps painting and its timers run; mouse and keyboard input waits.

    For short synchronous steps whose slow part releases the interpreter lock (SQLite's
    integrity check when a plan is opened), so callers keep a plain return value.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = fn(*args)
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="changeplanner-wait", daemon=True)
    thread.start()
    while thread.is_alive():
        QCoreApplication.processEvents(
            QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 10)
        thread.join(0.005)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
