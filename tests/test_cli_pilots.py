"""``changeplanner pilots PLAN [--json]`` and ``changeplanner import PLAN pilots|goals|ideas``."""

import json
import shutil

import pytest

from changeplanner import cli, paths
from changeplanner.services import records
from changeplanner.services.plans import open_plan, snapshot


@pytest.fixture(autouse=True)
def _data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setattr(paths, "user_data_dir", lambda: folder)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("pilots_template") / "demo.changeplan"
    assert cli.main(["demo", str(path), "--people", "60"]) == 0
    return path


@pytest.fixture
def demo_plan(demo_template, tmp_path):
    path = tmp_path / "demo.changeplan"
    shutil.copy(demo_template, path)
    return path


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def state(path):
    with open_plan(path) as plan:
        return (records.list_pilots(plan), records.list_goals(plan),
                records.list_measures(plan), records.list_impacts(plan),
                records.list_ideas(plan))


# -- pilots --------------------------------------------------------------------------------

def test_table_of_the_demo_pilots(capsys, demo_plan):
    code, out, err = run(capsys, "pilots", demo_plan)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Id", "Pilot", "Department", "Status", "Stacey", "zone", "KPIs",
                                "on", "track", "Progress", "Wins", "Deviations", "Milestones"]
    assert set(lines[1]) <= {"-", " "}
    rows = lines[2:5]
    assert rows[0].startswith("1   Agiles Team Schadenmeldung   Kundenservice 1st Level  "
                              "running    complex")
    # 2 of 3 KPIs on track; mean progress 60 %; 3 wins, 2 deviations, 3 of 5 milestones.
    assert rows[0].split()[-8:] == ["2", "of", "3", "60", "%", "3", "2", "3/5"]
    assert rows[1].split()[-9:] == ["simple", "2", "of", "2", "100", "%", "2", "1", "3/3"]
    assert "Kanban im 2nd Level" in rows[1] and "succeeded" in rows[1]
    assert "Kundenteam Key Account Nord" in rows[2] and "complicated" in rows[2]
    assert rows[2].split()[-8:] == ["1", "of", "2", "3", "%", "0", "1", "0/2"]
    warnings = out[out.index("Warnings:"):]
    assert "Kanban im 2nd Level: An agile pilot in the simple zone is a warning sign" in warnings
    assert "Kundenteam Key Account Nord: This pilot serves mostly type-B customers (70 %)" \
        in " ".join(warnings.split())


def test_json(capsys, demo_plan):
    code, out, err = run(capsys, "pilots", demo_plan, "--json")
    assert code == 0, err
    pilots = json.loads(out)
    assert [(p["name"], p["status"], p["zone"]) for p in pilots] == [
        ("Agiles Team Schadenmeldung", "running", "complex"),
        ("Kanban im 2nd Level", "succeeded", "simple"),
        ("Kundenteam Key Account Nord", "planned", "complicated")]
    first = pilots[0]
    assert (first["kpis_on_track"], first["kpis_off_track"], first["wins"],
            first["deviations"], first["milestones_done"], first["milestones_total"]) == (
        2, 1, 3, 2, 3, 5)
    handling = first["kpis"][0]
    assert (handling["name"], handling["baseline"], handling["target"], handling["latest"],
            handling["latest_date"], handling["lower_is_better"], handling["on_track"]) == (
        "Durchlaufzeit Schadenmeldung", 12.0, 5.0, 7.2, "2026-10-30", True, True)
    assert handling["progress"] == pytest.approx((7.2 - 12) / (5 - 12))
    assert first["kpis"][1]["on_track"] is False and first["kpis"][1]["lower_is_better"] is False
    assert first["progress"] == pytest.approx(
        ((7.2 - 12) / -7 + (65 - 58) / 17 + (81 - 72) / 13) / 3)
    assert (first["customer_a_share"], first["agreement"], first["certainty"], first["agile"]) \
        == (0.75, 0.55, 0.6, True)
    assert first["goals"] == ["Anliegen beim ersten Kontakt lösen",
                              "Schäden schneller regulieren", "Kundenzufriedenheit steigern"]
    with open_plan(demo_plan) as plan:
        sponsor = snapshot(plan).people_by_id()[first["sponsor_id"]]
    assert first["sponsor"] == sponsor.name and sponsor.team_lead
    assert pilots[2]["warnings"][0].startswith("This pilot serves mostly type-B customers")


def test_plan_without_pilots(capsys, tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text("id,name\n1,Anna\n", encoding="utf-8")
    plan = tmp_path / "plan.changeplan"
    assert run(capsys, "import", plan, "people", staff)[0] == 0
    code, out, _err = run(capsys, "pilots", plan)
    assert code == 0 and out.startswith("The plan has no pilots yet.")
    code, out, _err = run(capsys, "pilots", plan, "--json")
    assert code == 0 and json.loads(out) == []


def test_bad_plan_file(capsys, tmp_path):
    bad = tmp_path / "bad.changeplan"
    bad.write_text("kein Plan", encoding="utf-8")
    code, out, err = run(capsys, "pilots", bad)
    assert code == 1 and out == ""
    assert err.strip() == f"Error: File {bad}: This file is not a Change Planner plan."


# -- import ----------------------------------------------------------------------------------

def test_import_goals_pilots_and_ideas(capsys, demo_plan, tmp_path):
    goals = tmp_path / "ziele.csv"
    goals.write_text("\ufeffZiel;Priorität;Maßnahme;Art;Wirkung\n"
                     "Erreichbarkeit verbessern;hoch;Chatbot;technisch;2\n"
                     "Neues Ziel;niedrig;;;\n", encoding="utf-8")
    code, out, err = run(capsys, "import", demo_plan, "goals", goals)
    assert code == 0, err
    assert out.splitlines() == [
        "Imported 2 rows of goals and measures from ziele.csv: 2 added, 1 updated",
        "Goals: 1 added, 1 updated; measures: 1 added, 0 updated; impacts: 1 added, "
        "0 updated"]
    pilots = tmp_path / "piloten.csv"
    pilots.write_text("Name;Abteilung;Status;Abstand zur Einigkeit;Abstand zur Gewissheit;Ziele\n"
                      "Chatbot-Pilot;IT;geplant;0,8;0,9;Neues Ziel\n"
                      "kanban im 2nd level;;;;;\n", encoding="utf-8")
    code, out, err = run(capsys, "import", demo_plan, "pilots", pilots)
    assert code == 0, err
    assert out.strip() == "Imported 2 pilots from piloten.csv: 1 added, 1 updated"
    ideas = tmp_path / "ideen.csv"
    ideas.write_text("Datum;Autor;Text;Quelle;Pilot\n"
                     "01.12.2026;Herr B.;Ein Chat wäre schön;Kunde;Chatbot-Pilot\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "import", demo_plan, "ideas", ideas)
    assert code == 0, err
    assert out.strip() == "Imported 1 idea from ideen.csv: 1 added, 0 updated"
    code, out, _err = run(capsys, "pilots", demo_plan, "--json")
    chatbot = json.loads(out)[-1]
    assert (chatbot["name"], chatbot["zone"], chatbot["goals"]) == (
        "Chatbot-Pilot", "chaotic", ["Neues Ziel"])
    with open_plan(demo_plan) as plan:
        idea = records.list_ideas(plan)[-1]
    assert (idea.source, idea.author, idea.pilot_id) == ("customer", "Herr B.", chatbot["id"])


def test_bad_import_changes_nothing(capsys, demo_plan, tmp_path):
    bad = tmp_path / "ideen.csv"
    bad.write_text("Datum;Text;Status\n01.02.2026;Gute Idee;neu\n02.02.2026;Noch eine;vertagt\n",
                   encoding="utf-8")
    before = state(demo_plan)
    code, out, err = run(capsys, "import", demo_plan, "ideas", bad)
    assert code == 1 and out == ""
    assert err.startswith(f"Error: File {bad}, row 3, column “Status”: “vertagt” is not an "
                          "idea status")
    assert "Traceback" not in err
    assert state(demo_plan) == before


def test_failed_pilots_import_into_a_new_plan_leaves_no_file(capsys, tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text("name,sponsor\nA,Niemand\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", tmp_path / "new.changeplan", "pilots", bad)
    assert code == 1 and "row 2" in err and "sponsor" in err
    assert not (tmp_path / "new.changeplan").exists()


def test_relation_is_for_ties_only(capsys, tmp_path):
    code, _out, err = run(capsys, "import", tmp_path / "x.changeplan", "goals", tmp_path / "g.csv",
                          "--relation", "trust")
    assert code == 2 and "--relation applies to ties and surveys only" in err
