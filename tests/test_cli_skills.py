"""``changeplanner skills PLAN --risks|--gaps [--json]`` and services.skills end to end."""

import json

import pytest

from changeplanner import cli, paths
from changeplanner.errors import UserError
from changeplanner.services import skills
from changeplanner.services.demo import create_demo
from changeplanner.store.db import create_plan, open_plan
from tests.analysis.skills_fixture import write_plan


@pytest.fixture(autouse=True)
def _data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setattr(paths, "user_data_dir", lambda: folder)


@pytest.fixture
def fixture_plan(tmp_path):
    path = tmp_path / "skills.changeplan"
    plan = create_plan(path, name="Skills fixture")
    try:
        ids = write_plan(plan)
    finally:
        plan.close()
    return path, ids


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_risks_json(capsys, fixture_plan):
    path, _ids = fixture_plan
    code, out, err = run(capsys, "skills", path, "--risks", "--json")
    assert code == 0, err
    spof = "single_point_of_failure"
    # Hand-computed in tests/analysis/test_skills_analysis.py::test_skill_risks_by_hand.
    assert json.loads(out) == [
        {"skill": "Coaching", "department": "Sales", "experts": 1, "holders": 2, "kind": spof},
        {"skill": "Complaints", "department": "Sales", "experts": 0, "holders": 2,
         "kind": spof},
        {"skill": "Excel", "department": "Service", "experts": 1, "holders": 4, "kind": spof},
        {"skill": "Kanban", "department": None, "experts": 0, "holders": 0, "kind": "nobody"},
        {"skill": "Scrum", "department": None, "experts": 1, "holders": 4, "kind": spof},
        {"skill": "Scrum", "department": "Sales", "experts": 1, "holders": 2, "kind": spof},
        {"skill": "Scrum", "department": "Service", "experts": 0, "holders": 2, "kind": spof},
    ]


def test_gaps_json(capsys, fixture_plan):
    path, _ids = fixture_plan
    code, out, err = run(capsys, "skills", path, "--gaps", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert all(list(row) == ["id", "name", "department", "skill", "level", "target",
                             "shortfall"] for row in rows)
    assert [(r["id"], r["name"], r["department"], r["skill"], r["level"], r["target"],
             r["shortfall"]) for r in rows] == [
        ("V1", "Eva", "Sales", "Complaints", 1, 2, 1),
        ("S2", "Ben", "Service", "Complaints", 2, 3, 1),
        ("S2", "Ben", "Service", "Scrum", 0, 1, 1),
        ("S3", "Cara", "Service", "Excel", 1, 2, 1),
        ("S4", "Dan", "Service", "Excel", 2, 4, 2),
    ]


def test_tables(capsys, fixture_plan):
    path, _ids = fixture_plan
    code, out, _err = run(capsys, "skills", path, "--risks")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["Skill", "Department", "Risk", "Experts",
                                              "Holders"]
    assert lines[5].split() == ["Kanban", "(whole", "plan)", "nobody", "has", "it", "0", "0"]
    code, out, _err = run(capsys, "skills", path, "--gaps")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + 5
    assert lines[-1].split() == ["S4", "Dan", "Service", "Excel", "2", "4", "2"]


def test_tables_in_german(capsys, fixture_plan):
    path, _ids = fixture_plan
    code, out, _err = run(capsys, "--lang", "de", "skills", path, "--risks")
    assert code == 0 and "(ganzer Plan)" in out and "niemand" in out.lower()


def test_usage_errors(capsys, fixture_plan, tmp_path):
    path, _ids = fixture_plan
    assert run(capsys, "skills", path)[0] == 2                       # one of them required
    assert run(capsys, "skills", path, "--risks", "--gaps")[0] == 2  # not both
    code, _out, err = run(capsys, "skills", tmp_path / "missing.changeplan", "--risks")
    assert code == 1 and err.startswith("Error:")


def test_empty_plan_says_so(capsys, tmp_path):
    path = tmp_path / "empty.changeplan"
    create_plan(path).close()
    code, out, _err = run(capsys, "skills", path, "--gaps")
    assert code == 0 and out.strip() == "No gaps: everybody meets their targets."
    code, out, _err = run(capsys, "skills", path, "--risks", "--json")
    assert code == 0 and json.loads(out) == []


def test_services(fixture_plan):
    path, ids = fixture_plan
    with open_plan(path) as plan:
        assert skills.compliance(plan).overall.met == 12
        assert skills.compliance(plan).overall.required == 17
        assert [t.person_id for t in skills.teachers(plan, "S2", ids["Coaching"])] == [
            "S3", "V4", "S4"]
        team = skills.staff(plan, {ids["Complaints"]: 2})
        assert [m.person_id for m in team.members] == ["V4"]
        assert skills.gap_matrix(plan)[("Service", ids["Excel"])].people_below == 2
        with pytest.raises(UserError):
            skills.teachers(plan, "nobody", ids["Excel"])
        with pytest.raises(UserError):
            skills.staff(plan, {ids["Excel"]: 5})
        with pytest.raises(UserError):
            skills.staff(plan, {999: 2})


def test_demo_plan_has_risks(capsys, tmp_path):
    path = create_demo(tmp_path / "demo.changeplan", people=120, seed=1)
    with open_plan(path) as plan:
        risks = skills.risks(plan)
        found_gaps = skills.gaps(plan)
    assert risks and all(r.experts < 2 for r in risks)
    assert found_gaps and all(g.level < g.target for g in found_gaps)
    code, out, err = run(capsys, "skills", path, "--risks", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data) == len(risks)
    assert all({"skill", "department", "experts"} <= set(row) for row in data)
    code, out, err = run(capsys, "skills", path, "--gaps")
    assert code == 0 and len(out.splitlines()) == 2 + len(found_gaps)
