"""Starting the desktop app: QApplication, language, logging, crash guard, main window."""

from __future__ import annotations

import gc
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from changeplanner import __version__, worker
from changeplanner.errors import UserError
from changeplanner.i18n import _
from changeplanner.paths import user_data_dir
from changeplanner.ui import settings as cfg
from changeplanner.ui.context import AppContext
from changeplanner.ui.language import apply_language
from changeplanner.ui.main_window import MainWindow

log = logging.getLogger("changeplanner")

LOG_FILE_NAME = "changeplanner.log"


def settle_process() -> None:
    """Make the running app quick to respond: start the warm worker processes and move
    everything loaded so far out of the garbage collector's sight.

    The modules, Qt wrappers and libraries loaded at start are about 170,000 objects that
    live as long as the app. Python's full garbage collection walks all of them each time
    (about 0.15 s, freezing the window); frozen (``gc.freeze``), they are skipped and a full
    collection with a 10,000-person plan open takes about 0.02 s.
    """
    worker.pool().warm_up()  # analysis processes start while the user looks around
    gc.collect()
    gc.freeze()


def build_main_window(settings: QSettings | None = None) -> MainWindow:
    """Make the main window with its context (no plan open yet); needs a QApplication.

    Args:
        settings: Where settings live; tests pass one on a temporary ini file. ``None``
            uses the user's settings.
    """
    settings = settings if settings is not None else cfg.make_settings()
    apply_language(cfg.effective_language(settings))
    context = AppContext(settings)
    window = MainWindow(context)
    context.setParent(window)
    return window


def setup_logging() -> Path:
    """Log to a rotating file in the user's data folder (and warnings to stderr).

    Returns:
        The log file.
    """
    path = user_data_dir() / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    root.addHandler(console)
    log.info("Change Planner %s starting", __version__)
    return path


class ExceptionGuard:
    """``sys.excepthook`` for the GUI: log the traceback, show a short message, keep running.

    An exception escaping a Qt slot would otherwise end the app (PySide6 prints and goes on,
    but a frozen half-updated window is worse than a clear message). Plan files are safe
    because every change is one transaction.
    """

    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self._showing = False

    def __call__(self, kind: type[BaseException], value: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            QMessageBox.critical(
                QApplication.activeWindow(), _("Unexpected error"),
                _("Something went wrong: {message}\n\nThe details were written to {log}. "
                  "Your plan file is safe: every change is saved as a whole or not at "
                  "all.").format(message=f"{kind.__name__}: {value}", log=str(self.log_file)))
        finally:
            self._showing = False


def launch(plan_path: Path | None = None, *, demo: bool = False,
           settings: QSettings | None = None) -> MainWindow:
    """Name the application, show the main window and, once the event loop runs, open
    ``plan_path`` or a fresh demo copy (needs a QApplication; :func:`run` makes one).

    Returns:
        The shown main window.
    """
    app = QApplication.instance()
    app.setOrganizationName(cfg.ORGANISATION)
    app.setApplicationName(cfg.APPLICATION)
    app.setApplicationDisplayName(cfg.APPLICATION)
    app.setApplicationVersion(__version__)
    window = build_main_window(settings)
    window.show()
    if plan_path is not None:
        QTimer.singleShot(0, lambda: window.open_plan_file(plan_path))
    elif demo:
        # A new file in the user's data folder: a user's own file is never overwritten.
        QTimer.singleShot(0, window.open_demo)
    return window


def check_display(environ: dict[str, str] | None = None, platform: str = sys.platform) -> None:
    """Refuse early, with a clear message, where Qt would abort for lack of a display.

    Raises:
        UserError: Linux/BSD without ``DISPLAY`` or ``WAYLAND_DISPLAY`` and no
            ``QT_QPA_PLATFORM`` chosen.
    """
    environ = os.environ if environ is None else environ
    if platform.startswith(("win", "darwin")) or environ.get("QT_QPA_PLATFORM"):
        return
    if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        raise UserError(_("No display found to open the window on. Start Change Planner "
                          "from a desktop session, or use the commands (changeplanner "
                          "--help) on a server."))


def run(plan_path: Path | None = None, *, demo: bool = False) -> int:
    """Open the desktop app, optionally on ``plan_path`` or on a fresh demo copy.

    Logs go to a file in the user's data folder; an unexpected error is logged with its
    traceback and shown as a short message instead of ending the app.

    Returns:
        The application's exit code.

    Raises:
        UserError: on Linux there is no display to open a window on.
    """
    check_display()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    log_file = setup_logging()
    previous_hook = sys.excepthook
    sys.excepthook = ExceptionGuard(log_file)
    try:
        window = launch(plan_path, demo=demo)
        settle_process()
        code = app.exec()
        window.context.runner.wait()
        plan = window.context.plan
        if plan is not None:
            plan.close()
        worker.pool().shutdown()
        return code
    finally:
        sys.excepthook = previous_hook
