"""Plan files: create, check, open, migrate; one engine per file; one transaction per change.

A plan is one SQLite file (``*.changeplan``). Opening it is done in two steps: first the
file is checked through a read-only connection (is it SQLite, is it a plan, is it intact,
is its schema one this version knows) so that a foreign, damaged or newer file is never
modified; only then is an engine made and, for an older schema, Alembic upgrades it inside
one transaction.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine, select

from changeplanner.errors import PlanFileError
from changeplanner.i18n import _
from changeplanner.store.tables import Meta

SUFFIX = ".changeplan"
APP_ID = "changeplanner"
_SQLITE_HEADER = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def known_revisions() -> set[str]:
    """Every schema revision this version of the app can read."""
    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    """The schema revision new plans get."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 5},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # pragma: no branch - one-liner hook
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _upgrade(engine: Engine) -> None:
    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def check_plan_file(path: Path) -> str:
    """Check ``path`` without modifying it and return its schema revision.

    Raises:
        PlanFileError: the file is missing, not a plan, damaged or from a newer version.
    """
    name = str(path)
    if not path.exists():
        raise PlanFileError(_("The plan file does not exist."), file=name)
    if path.is_dir():
        raise PlanFileError(_("This is a folder, not a plan file."), file=name)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise PlanFileError(_("The file cannot be read: {reason}").format(
            reason=exc.strerror or exc), file=name) from exc
    if header != _SQLITE_HEADER:
        raise PlanFileError(_("This file is not a Change Planner plan."), file=name)
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=5)
        try:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "meta" not in tables:
                raise PlanFileError(_("This file is not a Change Planner plan."), file=name)
            app = connection.execute("SELECT value FROM meta WHERE key='app'").fetchone()
            if not app or app[0] != APP_ID:
                raise PlanFileError(_("This file is not a Change Planner plan."), file=name)
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else ""
            if revision not in known_revisions():
                raise PlanFileError(_(
                    "This plan was saved by a newer version of Change Planner (schema "
                    "{revision}). Please update the application; the file was not changed."
                ).format(revision=revision), file=name)
            check = connection.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise PlanFileError(_(
                    "The plan file is damaged ({detail}). Restore it from a backup; the "
                    "file was not changed.").format(detail=check[0] if check else "?"),
                    file=name)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):
            raise PlanFileError(_("The plan is locked by another program. Close it there "
                                  "and try again."), file=name) from exc
        raise PlanFileError(_("The plan file is damaged ({detail}). Restore it from a "
                              "backup; the file was not changed.").format(detail=exc),
                            file=name) from exc
    return revision


class Plan:
    """An open plan file: its engine and the one way to change it (``transaction``)."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed as a whole, or not at all.

        Raises:
            PlanFileError: SQLite refused the write (disk full, locked, read-only file).
        """
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise PlanFileError(_("The plan could not be saved: {reason}. Nothing was "
                                  "changed.").format(reason=exc.orig), file=str(self.path)
                                ) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        session = Session(self.engine)
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        """Release the file."""
        self.engine.dispose()

    def __reduce__(self):
        """Pickled as its path: a worker process opens the file with an engine of its own."""
        return (_reopen, (str(self.path),))

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _reopen(path: str) -> Plan:
    """The plan another process of this app already opened (and upgraded)."""
    return Plan(Path(path), _make_engine(Path(path)))


def open_plan(path: str | os.PathLike) -> Plan:
    """Open an existing plan, upgrading an older schema in one transaction.

    Raises:
        PlanFileError: see :func:`check_plan_file`.
    """
    path = Path(path)
    revision = check_plan_file(path)
    engine = _make_engine(path)
    if revision != head_revision():
        try:
            _upgrade(engine)
        except SQLAlchemyError as exc:  # pragma: no cover - only with a broken migration
            engine.dispose()
            raise PlanFileError(_("The plan could not be upgraded: {reason}. The file was not "
                                  "changed.").format(reason=exc), file=str(path)) from exc
    return Plan(path, engine)


def _initialise(engine: Engine, name: str) -> None:
    _upgrade(engine)
    with Session(engine) as session:
        session.add(Meta(key="app", value=APP_ID))
        session.add(Meta(key="name", value=name))
        session.commit()


@contextlib.contextmanager
def building_plan(path: str | os.PathLike, *, name: str | None = None,
                  overwrite: bool = False) -> Iterator[Plan]:
    """Build a new plan in a temporary file and move it to ``path`` only when complete.

    A crash while building leaves no half-written plan behind. Without ``overwrite`` an
    existing file is never replaced.

    Raises:
        PlanFileError: ``path`` exists (and ``overwrite`` is false) or cannot be written.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise PlanFileError(_("The file already exists; choose another name."), file=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise PlanFileError(_("The file cannot be written: {reason}").format(
            reason=exc.strerror or exc), file=str(path)) from exc
    tmp = Path(tmp_name)
    tmp.unlink()
    engine = _make_engine(tmp)
    plan = Plan(tmp, engine)
    try:
        _initialise(engine, name or path.stem)
        yield plan
    except BaseException:
        engine.dispose()
        tmp.unlink(missing_ok=True)
        raise
    engine.dispose()
    os.replace(tmp, path)


def create_plan(path: str | os.PathLike, *, name: str | None = None) -> Plan:
    """Create an empty plan at ``path`` (which must not exist) and open it."""
    with building_plan(path, name=name):
        pass
    return open_plan(path)


def save_copy(plan: Plan, target: str | os.PathLike) -> None:
    """Write a consistent copy of ``plan`` to ``target`` (Save As), atomically.

    Raises:
        PlanFileError: the copy cannot be written.
    """
    target = Path(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        os.close(fd)
        source = sqlite3.connect(str(plan.path))
        dest = sqlite3.connect(tmp_name)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        os.replace(tmp_name, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(Exception):
            os.unlink(tmp_name)
        raise PlanFileError(_("The copy could not be written: {reason}").format(
            reason=getattr(exc, "strerror", None) or exc), file=str(target)) from exc


def get_meta(session: Session, key: str, default: str | None = None) -> str | None:
    """Read one fact from the plan's ``meta`` table."""
    row = session.exec(select(Meta).where(Meta.key == key)).first()
    return row.value if row else default


def set_meta(session: Session, key: str, value: str | None) -> None:
    """Write (or with ``None`` remove) one fact in the plan's ``meta`` table."""
    row = session.get(Meta, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value
        session.add(row)
