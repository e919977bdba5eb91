"""``changeplanner board`` with the optimiser's constraint flags (issue 4)."""

import json
import shutil

import pytest

from changeplanner import cli, domain, paths
from changeplanner.services.plans import open_plan, snapshot


@pytest.fixture(scope="module")
def board_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "demo.changeplan"
    assert cli.main(["demo", str(path)]) == 0
    return path


@pytest.fixture
def demo(board_template, tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setattr(paths, "user_data_dir", lambda: folder)
    path = tmp_path / "demo.changeplan"
    shutil.copy(board_template, path)
    return path


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def people_of(path):
    with open_plan(path) as plan:
        return snapshot(plan).people


def test_board_json_has_alternatives_and_two_step_reach(capsys, demo):
    code, out, err = run(capsys, "board", demo, "--json", "--size", 6)
    assert code == 0, err
    board = json.loads(out)
    assert board["reach"] <= board["reach_2step"] <= 1
    ids = {m["id"] for m in board["members"]}
    for member in board["members"]:
        assert 0 <= member["marginal_reach"] <= 1
        assert len(member["alternatives"]) <= 3
        for alt in member["alternatives"]:
            assert set(alt) == {"id", "name", "department", "reach_change"}
            assert alt["id"] not in ids and alt["reach_change"] <= 0
    assert sum(len(m["alternatives"]) for m in board["members"]) >= 6


def test_board_constraint_flags(capsys, demo):
    people = {p.id: p for p in people_of(demo)}
    code, out, err = run(capsys, "board", demo, "--json", "--size", 6)
    plain = json.loads(out)
    first = plain["members"][0]["id"]
    other = next(i for i in sorted(people) if i not in {m["id"] for m in plain["members"]}
                 and not people[i].daily_business)
    code, out, err = run(capsys, "board", demo, "--json", "--size", 8,
                         "--quota", "skeptic=2,networker=2", "--max-per-department", "2",
                         "--include", other, "--exclude", first)
    assert code == 0, err
    board = json.loads(out)
    ids = [m["id"] for m in board["members"]]
    assert ids[0] == other and first not in ids and len(ids) == 8
    departments = [people[i].department for i in ids]
    assert max(departments.count(d) for d in departments) <= 2
    roles = [m["role"] for m in board["members"]]
    assert roles.count("skeptic") >= 2 and roles.count("networker") >= 2


def test_board_transforming_flag(capsys, demo):
    departments = sorted({p.department for p in people_of(demo)})
    code, out, err = run(capsys, "board", demo, "--json")
    lead_dept = next(m["department"] for m in json.loads(out)["members"]
                     if m["role"] == "lead")
    code, out, err = run(capsys, "board", demo, "--json", "--transforming", lead_dept)
    assert code == 0, err
    leads = [m for m in json.loads(out)["members"] if m["role"] == "lead"]
    assert leads and all(m["department"] != lead_dept for m in leads)
    assert lead_dept in departments


@pytest.mark.parametrize("args, message", [
    (["--quota", "skeptic"], "expected ROLE=N"),
    (["--quota", "boss=2"], "expected ROLE=N with ROLE one of skeptic"),
    (["--quota", "skeptic=two"], "not a whole number: two"),
    (["--quota", "skeptic=-1"], "must not be negative"),
    (["--quota", "skeptic=1,skeptic=2"], "skeptic is given twice"),
    (["--max-per-department", "0"], "--max-per-department"),
    (["--include", "a,,b"], "expected ids separated by commas"),
])
def test_bad_flag_values_are_usage_errors(capsys, demo, args, message):
    code, out, err = run(capsys, "board", demo, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_unknown_ids_and_contradictions_exit_1(capsys, demo):
    code, out, err = run(capsys, "board", demo, "--include", "NOPE1,P00001",
                         "--exclude", "NOPE2")
    assert code == 1 and out == ""
    assert err.strip() == "Error: Unknown person ids: NOPE1, NOPE2"
    code, out, err = run(capsys, "board", demo, "--size", "4", "--quota", "skeptic=4")
    assert code == 1
    assert "The quotas ask for 7 seats, but the board has only 4 seats" in err
    code, out, err = run(capsys, "board", demo, "--transforming", "Atlantis")
    assert code == 1 and "The plan has no department Atlantis" in err


def test_board_help_lists_the_flags(capsys):
    code, out, _err = run(capsys, "board", "--help")
    assert code == 0
    for flag in ("--quota", "--max-per-department", "--include", "--exclude",
                 "--transforming"):
        assert flag in out
    assert ", ".join(domain.ROLES) in " ".join(out.split())
