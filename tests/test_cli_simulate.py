"""``changeplanner simulate``: the adoption simulation from the command line."""

import json
import shutil

import pytest

from changeplanner import cli, paths


@pytest.fixture(scope="module")
def sim_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("simtemplate") / "demo.changeplan"
    assert cli.main(["demo", str(path), "--people", "60"]) == 0
    return path


@pytest.fixture
def sim_plan(sim_template, tmp_path):
    path = tmp_path / "sim.changeplan"
    shutil.copy(sim_template, path)
    return path


@pytest.fixture(autouse=True)
def _data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setattr(paths, "user_data_dir", lambda: folder)


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_json_keys_and_determinism(capsys, sim_plan):
    code, out, _err = run(capsys, "simulate", sim_plan, "--json", "--runs", "10",
                          "--rounds", "6", "--seed", "4")
    assert code == 0
    data = json.loads(out)
    assert {"rounds", "board", "random", "top_degree", "board_members"} <= data.keys()
    assert data["rounds"] == list(range(7))
    for key in ("board", "random", "top_degree"):
        curve = data[key]
        assert set(curve) >= {"mean", "low", "high", "critical_mass_round"}
        assert len(curve["mean"]) == 7
        assert curve["mean"] == sorted(curve["mean"])
    members = data["board_members"]
    assert members and data["board"]["mean"][0] == pytest.approx(len(members) / 60, abs=1e-6)
    assert data["board_name"] == "Proposed board (not saved)"
    code, again, _err = run(capsys, "simulate", sim_plan, "--json", "--runs", "10",
                            "--rounds", "6", "--seed", "4")
    assert code == 0 and again == out


def test_simulate_uses_the_saved_board(capsys, sim_plan):
    assert run(capsys, "board", sim_plan, "--size", "5", "--save", "--json")[0] == 0
    code, out, _err = run(capsys, "simulate", sim_plan, "--json", "--runs", "5",
                          "--rounds", "3")
    assert code == 0
    data = json.loads(out)
    assert len(data["board_members"]) == 5
    assert "(version 1)" in data["board_name"]
    code, out, _err = run(capsys, "simulate", sim_plan, "--json", "--runs", "5",
                          "--rounds", "3", "--board", "1")
    assert code == 0 and len(json.loads(out)["board_members"]) == 5
    code, out, err = run(capsys, "simulate", sim_plan, "--board", "99")
    assert code == 1 and "99" in err and out == ""


def test_simulate_text_table(capsys, sim_plan):
    code, out, _err = run(capsys, "simulate", sim_plan, "--runs", "5", "--rounds", "4")
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Round"))
    assert "Random board" in header and "Top-degree board" in header
    rows = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert [row[0] for row in rows] == ["0", "1", "2", "3", "4"]
    assert "Critical mass (25 % adopted):" in out
    assert sum(1 for line in lines if line.startswith("  Board:")) == 1


def test_simulate_usage_errors(capsys, sim_plan, tmp_path):
    assert run(capsys, "simulate", sim_plan, "--runs", "0")[0] == 2
    assert run(capsys, "simulate", sim_plan, "--rounds", "x")[0] == 2
    code, _out, err = run(capsys, "simulate", tmp_path / "missing.changeplan")
    assert code == 1 and err


def test_simulate_service_on_an_empty_plan(plan):
    from changeplanner.errors import UserError
    from changeplanner.services.board import simulate

    with pytest.raises(UserError, match="no people"):
        simulate(plan)
