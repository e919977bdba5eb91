"""Worker processes for heavy analysis, so the window never waits for Python's GIL.

A background *thread* that runs networkx, numpy or SQLAlchemy for seconds competes with the
GUI thread for the interpreter lock; on a 10,000-person plan the window then froze for a
quarter of a second at a time. Work sent here runs in a separate process instead: the GUI
process only waits on a pipe (which releases the lock) and unpickles the small result.

The processes are started once (``spawn``, the same on Windows, macOS and Linux), kept warm
and reused; a process that dies is replaced and its task fails with a clear message.
Functions must be importable module-level callables taking ``progress=``; a
:class:`~changeplanner.store.db.Plan` argument travels as its path and is reopened in the
worker. Nothing here imports Qt.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import queue
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from changeplanner.errors import Cancelled, UserError
from changeplanner.i18n import _
from changeplanner.progress import Progress

log = logging.getLogger(__name__)

#: How many processes at most (the target machines have two cores or more).
POOL_SIZE = 2
#: How often the waiting side looks at the cancel flag and the process's health (seconds).
POLL_SECONDS = 0.05


class WorkerError(Exception):
    """The function raised an unexpected error in the worker (its traceback is logged)."""


# -- the worker process side -----------------------------------------------------------

class _PipeProgress(Progress):
    """Sends progress to the GUI process; a "cancel" message from there cancels."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self._conn = conn

    def update(self, fraction: float, message: str = "") -> None:
        while self._conn.poll():
            if self._conn.recv() == "cancel":
                self.cancel()
        super().update(fraction, message)

    def on_update(self, fraction: float, message: str) -> None:
        self._conn.send(("progress", fraction, message))


#: Modules a worker imports as soon as it starts, so the first task does not wait for them.
PRELOAD: tuple[str, ...] = ("changeplanner.services.board", "changeplanner.services.brief")


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    """The worker's loop: run each request and send back its outcome."""
    import importlib

    from changeplanner import i18n
    from changeplanner.store.db import Plan

    for name in PRELOAD:
        importlib.import_module(name)

    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        if request == "cancel":  # arrived after its task ended
            continue
        language, fn, args, kwargs = request
        i18n.set_language(language)
        try:
            result = fn(*args, progress=_PipeProgress(conn), **kwargs)
        except Cancelled:
            reply: tuple = ("cancelled",)
        except UserError as exc:
            reply = ("failed", str(exc), True)
        except Exception as exc:
            reply = ("failed", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}", False)
        else:
            reply = ("done", result)
        finally:
            for arg in args:  # each task reopened the plan: let go of the file
                if isinstance(arg, Plan):
                    arg.close()
        try:
            conn.send(reply)
        except Exception as exc:  # the result cannot be pickled: a bug, reported as such
            conn.send(("failed", f"{type(exc).__name__}: {exc}", False))


# -- the GUI process side --------------------------------------------------------------

class _Worker:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child,), daemon=True,
                                       name="changeplanner-worker")
        self.process.start()
        child.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()


class WorkerPool:
    """Up to :data:`POOL_SIZE` warm worker processes; :meth:`run` blocks its calling thread."""

    def __init__(self, size: int = POOL_SIZE) -> None:
        self._size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._count = 0
        self._lock = threading.Lock()
        self._closed = False

    def warm_up(self) -> None:
        """Start the processes now, so the first task does not wait for Python to start."""
        with self._lock:
            while self._count < self._size and not self._closed:
                self._count += 1
                self._idle.put(_Worker())

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise RuntimeError("the worker pool is shut down")
            if self._idle.empty() and self._count < self._size:
                self._count += 1
                return _Worker()
        return self._idle.get()

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        if healthy and not self._closed:
            self._idle.put(worker)
            return
        worker.stop()
        with self._lock:
            self._count -= 1

    def run(self, fn: Callable[..., Any], args: tuple, kwargs: dict[str, Any], *,
            language: str, progress: Progress) -> Any:
        """Run ``fn(*args, progress=..., **kwargs)`` in a worker and return its result.

        Progress messages from the worker are passed to ``progress.update``; cancelling
        ``progress`` cancels the worker's function at its next progress update.

        Raises:
            Cancelled: the function was cancelled.
            UserError: the function raised one (its message is kept).
            WorkerError: the function failed unexpectedly or the process died.
        """
        worker = self._take()
        healthy = False
        try:
            worker.conn.send((language, fn, args, kwargs))
            cancel_sent = False
            while True:
                if not cancel_sent and progress.cancelled:
                    worker.conn.send("cancel")
                    cancel_sent = True
                if not worker.conn.poll(POLL_SECONDS):
                    if not worker.process.is_alive():
                        raise WorkerError(_("The background process stopped unexpectedly."))
                    continue
                message = worker.conn.recv()
                kind = message[0]
                if kind == "progress":
                    try:
                        progress.update(message[1], message[2])
                    except Cancelled:
                        pass  # sent to the worker at the top of the loop
                    continue
                healthy = True
                if kind == "done":
                    return message[1]
                if kind == "cancelled":
                    raise Cancelled()
                if message[2]:
                    raise UserError(message[1])
                log.error("background process task failed:\n%s", message[1])
                raise WorkerError(message[1].split("\n", 1)[0])
        except (EOFError, OSError) as exc:
            raise WorkerError(_("The background process stopped unexpectedly.")) from exc
        finally:
            self._give_back(worker, healthy)

    def shutdown(self) -> None:
        """Stop every idle process (on quit)."""
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.stop()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def pool() -> WorkerPool:
    """The process's one worker pool (started on first use, stopped at exit)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool()
            atexit.register(_pool.shutdown)
        return _pool
