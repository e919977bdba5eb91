"""Shared fixtures: offscreen Qt, English by default, a fresh plan per test."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CHANGEPLANNER_LANG"] = "en"

from changeplanner import i18n  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def shared_data() -> Path:
    """The real organisational networks of ../shared/data (skips when absent)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real network data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def plan(tmp_path):
    """A new, empty plan file."""
    from changeplanner.store.db import create_plan

    plan = create_plan(tmp_path / "test.changeplan", name="Test plan")
    yield plan
    plan.close()
