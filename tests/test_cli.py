"""The command line end to end: the stable contract of issue 2, section 4."""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from changeplanner import __version__, cli, domain, paths
from changeplanner.services.plans import open_plan, snapshot

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "demo.changeplan"
    assert cli.main(["demo", str(path)]) == 0
    return path


@pytest.fixture
def demo_plan(demo_template, tmp_path):
    """A private copy of a 120-person demo plan."""
    path = tmp_path / "demo.changeplan"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture(autouse=True)
def _data_folder(tmp_path, monkeypatch):
    """Keep logs and demo copies out of the real user data folder."""
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setattr(paths, "user_data_dir", lambda: folder)
    return folder


def read(path):
    with open_plan(path) as plan:
        return snapshot(plan)


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# -- basics ------------------------------------------------------------------------------

def test_version(capsys):
    code, out, _err = run(capsys, "--version")
    assert code == 0 and out.strip() == f"changeplanner {__version__}"


def test_python_dash_m_version():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "changeplanner", "--version"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"changeplanner {__version__}"


def test_help_lists_the_commands(capsys):
    code, out, _err = run(capsys, "--help")
    assert code == 0
    for command in cli.COMMANDS:
        assert f"  {command} " in out
    code, out, _err = run(capsys, "board", "--help")
    assert code == 0 and "--size" in out and "--save" in out


def test_help_in_german(capsys):
    code, out, _err = run(capsys, "--lang", "de", "--help")
    assert code == 0
    assert "Befehle:" in out and "Change-Board" in out


@pytest.mark.parametrize("args", [
    ["analyze"],                                   # PLAN missing
    ["board", "x.changeplan", "--size", "many"],   # not a number
    ["board", "x.changeplan", "--size", "0"],
    ["import", "x.changeplan", "persons", "a.csv"],  # unknown kind
    ["import", "x.changeplan", "ties", "a.csv", "--relation", "friendship"],
    ["import", "x.changeplan", "people", "a.csv", "--relation", "trust"],
    ["brief", "x.changeplan"],                     # -o missing
    ["demo", "x.changeplan", "--people", "5"],
    ["--lang", "fr", "analyze", "x.changeplan"],
    ["a.changeplan", "b.changeplan"],
    ["a.changeplan", "--demo"],
    ["--frobnicate"],
])
def test_wrong_usage_exits_2(capsys, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.changeplan").write_bytes(b"")
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err
    assert list(tmp_path.glob("x.changeplan")) == []


# -- demo ----------------------------------------------------------------------------------

def test_demo_writes_a_plan(capsys, tmp_path):
    path = tmp_path / "org.changeplan"
    code, out, err = run(capsys, "demo", path, "--people", 60, "--seed", 3)
    assert code == 0, err
    assert out.strip() == f"Created the demo plan {path} with 60 people (seed 3)."
    snap = read(path)
    assert len(snap.people) == 60 and len(snap.pilots) == 3


def test_demo_never_overwrites_without_force(capsys, tmp_path):
    path = tmp_path / "mine.changeplan"
    path.write_bytes(b"my plan")
    code, out, err = run(capsys, "demo", path)
    assert code == 1 and out == ""
    assert "already exists" in err and "--force" in err and "Traceback" not in err
    assert path.read_bytes() == b"my plan"
    code, _out, err = run(capsys, "demo", path, "--force", "--people", 30)
    assert code == 0, err
    assert len(read(path).people) == 30


def test_demo_same_seed_same_plan(capsys, tmp_path):
    for name in ("a", "b"):
        assert run(capsys, "demo", tmp_path / f"{name}.changeplan", "--seed", 5)[0] == 0
    assert read(tmp_path / "a.changeplan") == read(tmp_path / "b.changeplan")


# -- import ------------------------------------------------------------------------------

def test_import_people_creates_the_plan(capsys, tmp_path):
    staff = tmp_path / "staff.csv"
    # German Excel: semicolons, a BOM, German headers.
    staff.write_text("\ufeffID;Name;Abteilung;Funktion;Führungskraft;Vorgesetzter;Haltung\n"
                     "1;Ayşe Yılmaz;Kundenservice;Teamleiterin;ja;;1\n"
                     "2;Łukasz Żółć;Kundenservice;Agent;nein;1;-1\n"
                     "3;Nguyễn Thị Minh;IT;Entwicklerin;nein;;\n", encoding="utf-8")
    plan = tmp_path / "new.changeplan"
    code, out, err = run(capsys, "import", plan, "people", staff)
    assert code == 0, err
    assert out.strip() == "Imported 3 people from staff.csv: 3 added, 0 updated"
    people = {p.id: p for p in read(plan).people}
    assert people["2"].name == "Łukasz Żółć" and people["2"].manager_id == "1"
    assert people["1"].team_lead and people["3"].attitude is None
    code, out, _err = run(capsys, "import", plan, "people", staff)
    assert out.strip() == "Imported 3 people from staff.csv: 0 added, 3 updated"
    assert len(read(plan).people) == 3


def test_import_ties_with_default_relation(capsys, demo_plan, tmp_path):
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target\nP00002,P00009\nP00009,P00003\n", encoding="utf-8")
    before = len(read(demo_plan).ties)
    code, out, err = run(capsys, "import", demo_plan, "ties", ties, "--relation", "trust")
    assert code == 0, err
    assert out.startswith("Imported 2 ties from ties.csv:")
    snap = read(demo_plan)
    assert {("P00002", "P00009"), ("P00009", "P00003")} <= {
        (t.source, t.target) for t in snap.ties if t.relation == "trust"}
    assert len(snap.ties) <= before + 2


def test_import_skill_levels(capsys, demo_plan, tmp_path):
    levels = tmp_path / "skills.csv"
    levels.write_text("id,Scrum,Kanban,Gebärdensprache\nP00004,3,4,1\nP00005,0,2,\n",
                      encoding="utf-8")
    code, out, err = run(capsys, "import", demo_plan, "skills", levels)
    assert code == 0, err
    assert out.startswith("Imported skill levels of 2 people from skills.csv:")
    assert "Gebärdensprache" in out
    snap = read(demo_plan)
    skill = {s.name: s.id for s in snap.skills}
    level = {(r.person_id, r.skill_id): r.level for r in snap.ratings}
    assert level[("P00004", skill["Kanban"])] == 4
    assert level[("P00004", skill["Gebärdensprache"])] == 1


def test_import_of_a_bad_file_changes_nothing(capsys, demo_plan, tmp_path):
    bad = tmp_path / "staff.csv"
    bad.write_text("id,name,department,attitude\nN1,Neu Eins,IT,1\nN2,Neu Zwei,IT,7\n",
                   encoding="utf-8")
    before = read(demo_plan)
    code, out, err = run(capsys, "import", demo_plan, "people", bad)
    assert code == 1 and out == ""
    assert "staff.csv" in err and "row 3" in err and "attitude" in err
    assert "Traceback" not in err
    assert read(demo_plan) == before


def test_failed_import_into_a_new_plan_leaves_no_file(capsys, tmp_path):
    bad = tmp_path / "ties.csv"
    bad.write_text("source,target,weight\na,b,heavy\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", tmp_path / "new.changeplan", "ties", bad)
    assert code == 1 and "row 2" in err
    assert not (tmp_path / "new.changeplan").exists()


def test_import_of_a_missing_file(capsys, demo_plan, tmp_path):
    code, _out, err = run(capsys, "import", demo_plan, "people", tmp_path / "nope.csv")
    assert code == 1 and "nope.csv" in err and "Traceback" not in err


# -- analyze, board, brief -----------------------------------------------------------------

def test_analyze_table_sorted_by_pagerank(capsys, demo_plan):
    code, out, err = run(capsys, "analyze", demo_plan)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Id", "Name", "Department"]
    assert "PageRank" in lines[0] and "Networker" in lines[0]
    assert len(lines) == 2 + 120
    header = lines[0]
    start = header.index("PageRank")
    end = start + len("PageRank")
    ranks = [float(line[start:end]) for line in lines[2:]]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]


def test_analyze_json(capsys, demo_plan):
    code, out, err = run(capsys, "analyze", demo_plan, "--json")
    assert code == 0, err
    assert "Ayşe Yılmaz" in out  # ensure_ascii=False: names stay readable
    rows = json.loads(out)
    assert len(rows) == 120
    assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)
    assert abs(sum(r["pagerank"] for r in rows) - 1) < 1e-3
    assert set(rows[0]["scores"]) == set(domain.ROLES)
    assert {"id", "name", "department", "in_degree", "cross_department_ties",
            "brokerage"} <= set(rows[0])


def test_board_json(capsys, demo_plan):
    code, out, err = run(capsys, "board", demo_plan, "--json", "--size", 6)
    assert code == 0, err
    board = json.loads(out)
    assert len(board["members"]) == 6
    assert 0 < board["reach"] <= 1
    assert set(domain.ROLES) <= {m["role"] for m in board["members"]}
    ids = {p.id for p in read(demo_plan).people}
    for member in board["members"]:
        assert {"id", "name", "department", "role", "reasons"} <= set(member)
        assert member["id"] in ids and member["reasons"]
    assert read(demo_plan).boards == ()  # nothing saved without --save


def test_board_text_and_save(capsys, demo_plan):
    code, out, err = run(capsys, "board", demo_plan, "--save")
    assert code == 0, err
    snap = read(demo_plan)
    assert len(snap.boards) == 1
    board = snap.boards[0]
    assert out.startswith(f"Proposed change board: {len(board.seats)} members, reach "
                          f"{round(board.reach * 100)} % of all people")
    names = {p.id: p.name for p in snap.people}
    for seat in board.seats:
        assert names[seat.person_id] in out
        assert seat.reasons.split()[0] in out
    assert out.rstrip().endswith(f"Saved as change board version {board.id}.")


def test_board_json_with_save_keeps_stdout_json(capsys, demo_plan):
    code, out, err = run(capsys, "board", demo_plan, "--json", "--save")
    assert code == 0
    assert json.loads(out)["members"]
    assert "Saved as change board version 1." in err


def test_brief(capsys, demo_plan, tmp_path):
    out_pdf = tmp_path / "brief.pdf"
    code, out, err = run(capsys, "brief", demo_plan, "-o", out_pdf)
    assert code == 0, err
    assert out.strip() == f"Wrote the change-board brief to {out_pdf}."
    assert out_pdf.read_bytes().startswith(b"%PDF")
    snap = read(demo_plan)
    assert len(snap.boards) == 1  # proposed and saved so the brief can be reproduced
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out_pdf).pages)
    first_member = {p.id: p for p in snap.people}[snap.boards[0].seats[0].person_id]
    assert first_member.name.split()[-1] in text


# -- problems the user can fix, and bugs -------------------------------------------------------

@pytest.mark.parametrize("command", [["analyze"], ["board"], ["brief", "-o", "x.pdf"]])
def test_bad_plan_file_exits_1_without_traceback(capsys, tmp_path, command):
    bad = tmp_path / "bad.changeplan"
    bad.write_text("not a plan at all", encoding="utf-8")
    code, out, err = run(capsys, command[0], bad, *command[1:])
    assert code == 1 and out == ""
    assert err.strip() == f"Error: File {bad}: This file is not a Change Planner plan."
    assert bad.read_text(encoding="utf-8") == "not a plan at all"


def test_missing_plan_file(capsys, tmp_path):
    code, _out, err = run(capsys, "analyze", tmp_path / "nope.changeplan")
    assert code == 1 and "does not exist" in err


def test_messages_in_german(capsys, tmp_path):
    bad = tmp_path / "bad.changeplan"
    bad.write_text("kein Plan", encoding="utf-8")
    code, _out, err = run(capsys, "--lang", "de", "analyze", bad)
    assert code == 1
    assert err.startswith(f"Fehler: Datei {bad}: ")


def test_internal_error_is_logged(capsys, demo_plan, monkeypatch, _data_folder):
    from changeplanner.services import board

    def broken(plan, *, progress=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(board, "analyze_plan", broken)
    code, out, err = run(capsys, "analyze", demo_plan)
    log = _data_folder / cli.LOG_FILE_NAME
    assert code == 1 and out == ""
    assert "Internal error: RuntimeError: boom" in err and str(log) in err
    assert "Traceback" not in err
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: boom" in logged and "analyze" in logged


def test_ctrl_c_exits_130_quietly(capsys, demo_plan, monkeypatch):
    from changeplanner.services import board

    def interrupted(plan, *, size=None, progress=None, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr(board, "propose", interrupted)
    code, out, err = run(capsys, "board", demo_plan)
    assert (code, out, err) == (130, "", "")


def test_json_is_utf8_even_on_a_legacy_console(demo_plan, monkeypatch):
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", console)
    assert cli.main(["analyze", str(demo_plan), "--json"]) == 0
    console.flush()
    text = raw.getvalue().decode("utf-8")
    assert "Łukasz Żółć" in text and "Nguyễn Thị Minh" in text


# -- the desktop app -----------------------------------------------------------------------

@pytest.fixture
def app_calls(monkeypatch):
    """Record how the CLI starts the desktop app instead of opening a window."""
    from changeplanner.ui import app

    calls = []

    def fake_run(plan_path=None, *, demo=False):
        calls.append((plan_path, demo))
        return 0

    monkeypatch.setattr(app, "run", fake_run)
    return calls


def test_no_arguments_opens_the_app(capsys, app_calls):
    assert run(capsys, )[0] == 0
    assert app_calls == [(None, False)]


def test_plan_opens_the_app_on_it(capsys, app_calls, demo_plan):
    assert run(capsys, demo_plan)[0] == 0
    assert app_calls == [(demo_plan, False)]


def test_plan_named_like_nothing_else(capsys, app_calls, demo_plan, monkeypatch):
    monkeypatch.chdir(demo_plan.parent)
    assert run(capsys, "--lang", "en", "--", demo_plan.name)[0] == 0
    assert app_calls == [(Path(demo_plan.name), False)]


def test_demo_flag_opens_the_app_on_a_demo(capsys, app_calls):
    assert run(capsys, "--demo")[0] == 0
    assert app_calls == [(None, True)]


def test_missing_plan_does_not_open_the_app(capsys, app_calls, tmp_path):
    code, _out, err = run(capsys, tmp_path / "anlyze")
    assert code == 1 and app_calls == []
    assert "does not exist" in err and "analyze" in err
