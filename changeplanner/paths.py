"""Where the app finds its bundled resources and keeps the user's data."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside it when installed."""
    for candidate in (_HERE.parent / "resources", _HERE / "resources"):
        if (candidate / "locale").is_dir():
            return candidate
    raise FileNotFoundError("Change Planner resources are missing; reinstall the application.")


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource such as ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """The per-user folder for the demo plan and other app-made files (created on demand)."""
    import platformdirs

    path = Path(platformdirs.user_data_dir("ChangePlanner", "ChangePlanner"))
    path.mkdir(parents=True, exist_ok=True)
    return path
