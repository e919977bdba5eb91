"""The progress/cancel state object every long computation takes (ARCHITECTURE habit 3).

Algorithms call ``progress.update(fraction, message)`` now and then and stop with
:class:`~changeplanner.errors.Cancelled` when the user cancelled. The UI's runner passes a
subclass whose ``on_update`` emits a Qt signal; the CLI and tests pass ``Progress()``.
"""

from __future__ import annotations

import threading

from changeplanner.errors import Cancelled


class Progress:
    """Thread-safe progress and cancel flag for one piece of background work."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.fraction = 0.0
        self.message = ""

    def update(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` (0..1) done; raise :class:`Cancelled` if cancel was asked.

        Raises:
            Cancelled: :meth:`cancel` was called.
        """
        if self._cancel.is_set():
            raise Cancelled()
        self.fraction = max(0.0, min(1.0, fraction))
        if message:
            self.message = message
        self.on_update(self.fraction, self.message)

    def on_update(self, fraction: float, message: str) -> None:
        """Hook for subclasses (the UI forwards to a signal); does nothing here."""

    def cancel(self) -> None:
        """Ask the computation to stop at its next :meth:`update`."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel was asked."""
        return self._cancel.is_set()

    def child(self, start: float, end: float) -> Progress:
        """A progress for a sub-step that maps its 0..1 onto ``start..end`` of this one."""
        return _Child(self, start, end)


class _Child(Progress):
    def __init__(self, parent: Progress, start: float, end: float) -> None:
        super().__init__()
        self._parent, self._start, self._end = parent, start, end

    def update(self, fraction: float, message: str = "") -> None:
        self._parent.update(self._start + (self._end - self._start) * fraction, message)

    def cancel(self) -> None:
        self._parent.cancel()

    @property
    def cancelled(self) -> bool:
        return self._parent.cancelled
