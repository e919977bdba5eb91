"""Fixtures for GUI tests: private settings, a small realistic plan, the demo plan, a window."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.ui_plans import build_small_plan

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Ignore the offscreen platform's note that it cannot pass size hints on (the status
    bar's size grip asks for them); every other Qt warning still fails a test."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(
                r"^This plugin does not support propagateSizeHints\(\)$"))


@pytest.fixture
def settings(tmp_path):
    """Settings on a temporary ini file, so tests never touch the user's settings."""
    from changeplanner.ui.settings import make_settings

    return make_settings(tmp_path / "settings.ini")


@pytest.fixture
def context(settings):
    """A page context on private settings; waits for background work and closes the plan."""
    from changeplanner.ui.context import AppContext

    context = AppContext(settings)
    yield context
    context.runner.wait()
    if context.plan is not None:
        context.plan.close()


@pytest.fixture
def small_plan(tmp_path) -> Path:
    """Path of a small plan file (a dozen people, ties, a skill with ratings, a pilot)."""
    return build_small_plan(tmp_path / "small.changeplan")


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from changeplanner.services.demo import create_demo

    return create_demo(tmp_path_factory.mktemp("demo") / "demo.changeplan")


@pytest.fixture
def demo_plan(_demo_template, tmp_path) -> Path:
    """A private copy of the demo plan (120 people), made once per session."""
    import shutil

    target = tmp_path / "demo.changeplan"
    shutil.copyfile(_demo_template, target)
    return target


@pytest.fixture
def window(qtbot, settings):
    """The real main window on private settings, shown at a realistic size."""
    from changeplanner.ui.app import build_main_window

    win = build_main_window(settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.context.runner.wait()
    if win.context.plan is not None:
        win.context.plan.close()
