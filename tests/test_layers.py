"""The layering of ARCHITECTURE.md: Qt only under ui/, SQL only under store/."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "changeplanner"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def offenders(forbidden: set[str], allowed_dir: str) -> list[str]:
    bad = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == allowed_dir:
            continue
        hit = imports_of(path) & forbidden
        if hit:
            bad.append(f"{relative}: {', '.join(sorted(hit))}")
    return bad


def test_qt_only_under_ui():
    assert offenders({"PySide6", "shiboken6"}, "ui") == []


def test_sql_only_under_store():
    assert offenders({"sqlmodel", "sqlalchemy", "alembic", "sqlite3"}, "store") == []


def test_the_checker_sees_imports(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("import PySide6.QtCore\nfrom sqlmodel import Session\n")
    assert imports_of(sample) == {"PySide6", "sqlmodel"}


def test_lower_layers_do_not_import_ui():
    bad = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        source = path.read_text(encoding="utf-8")
        if "changeplanner.ui" in source and relative.name != "cli.py":
            bad.append(str(relative))
    assert bad == []
