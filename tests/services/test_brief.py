"""Exporting the change-board brief of a plan."""

import io
import os
import re

import pytest
from pypdf import PdfReader

from changeplanner import domain, i18n
from changeplanner.errors import Cancelled, UserError
from changeplanner.progress import Progress
from changeplanner.services.brief import export_brief
from changeplanner.store import repo

NAMES = ["Łukasz Żółć", "Ayşe Yılmaz", "Nguyễn Thị Minh", "<b>Müller & Söhne</b>"]
DEPARTMENTS = ["Kundenservice", "Vertrieb", "IT"]


def fill_plan(plan, people: int = 30):
    """People in three departments (with attitudes and team leads) and a ring of ties."""
    staff = [domain.Person(id=f"e{i:03d}", name=NAMES[i] if i < len(NAMES) else f"Person {i}",
                           department=DEPARTMENTS[i % 3], team_lead=i % 10 == 5,
                           attitude=(-2, -1, 0, 1, 2)[i % 5])
             for i in range(people)]
    ties = [domain.Tie(f"e{i:03d}", f"e{(i + step) % people:03d}", "advice")
            for i in range(people) for step in (1, 3, 7)]
    with plan.transaction() as session:
        repo.upsert_people(session=session, people=staff)
        repo.upsert_ties(session=session, ties=ties)
        repo.set_transforming_department(session=session, name="Kundenservice")
    return staff, ties


def save_board(plan, name="Board A", reach=0.42, member_ids=("e000", "e001", "e002", "e003"),
               unfilled=(("lead", "no team lead outside Kundenservice."),)):
    seats = [domain.BoardSeat(person_id=pid, role=domain.ROLES[i % 4],
                              reasons=f"Reason for {pid}: trusted by colleagues.")
             for i, pid in enumerate(member_ids)]
    with plan.transaction() as session:
        return repo.save_board(session=session, name=name, reach=reach, seats=seats,
                               params={"size": len(seats)}, unfilled=unfilled)


def text_of(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_export_uses_the_latest_saved_board(plan, tmp_path):
    fill_plan(plan)
    save_board(plan, name="Old board", reach=0.1, member_ids=("e010", "e011", "e012", "e013"))
    save_board(plan, name="New board", reach=0.4251)
    out = export_brief(plan, tmp_path / "brief.pdf")
    assert out == tmp_path / "brief.pdf"
    text = text_of(out)
    assert "Change-board brief" in text
    assert "Test plan" in text
    assert "New board" in text and "Old board" not in text
    assert "43%" in text  # the stored reach, not a recomputed one
    flat = text.replace(" ", "")
    for name in NAMES:
        assert name.replace(" ", "") in flat, name
    assert "<b>Müller & Söhne</b>" in text
    assert "Person 10" not in text
    assert "Reason for e002: trusted by colleagues." in text
    # The unfilled seat came back with its role, so the advice fits it.
    assert "only team leads of the other departments can take this seat" in text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_a_chosen_board(plan, tmp_path):
    fill_plan(plan)
    first = save_board(plan, name="Old board", reach=0.1,
                       member_ids=("e010", "e011", "e012", "e013"))
    save_board(plan, name="New board")
    text = text_of(export_brief(plan, tmp_path / "old.pdf", board_id=first))
    assert "Old board" in text and "Person 10" in text and "10%" in text
    with pytest.raises(UserError, match="no saved change board number 999"):
        export_brief(plan, tmp_path / "x.pdf", board_id=999)
    assert not (tmp_path / "x.pdf").exists()


def test_export_replaces_an_existing_file(plan, tmp_path):
    fill_plan(plan)
    save_board(plan)
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"old content")
    export_brief(plan, out)
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf", "test.changeplan"]


def test_unwritable_path_is_a_user_error_naming_the_file(plan, tmp_path):
    fill_plan(plan)
    save_board(plan)
    missing = tmp_path / "no such folder" / "brief.pdf"
    with pytest.raises(UserError) as error:
        export_brief(plan, missing)
    assert str(missing) in str(error.value)
    assert "could not be written" in str(error.value)
    with pytest.raises(UserError, match="folder"):
        export_brief(plan, tmp_path)
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    with pytest.raises(UserError, match="could not be written"):
        export_brief(plan, not_a_folder / "brief.pdf")
    assert not_a_folder.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_read_only_folder_is_a_user_error(plan, tmp_path):
    fill_plan(plan)
    save_board(plan)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="could not be written"):
            export_brief(plan, folder / "brief.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_cancel_writes_nothing(plan, tmp_path):
    fill_plan(plan)
    save_board(plan)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        export_brief(plan, tmp_path / "brief.pdf", progress=progress)
    assert not (tmp_path / "brief.pdf").exists()


def test_german_brief(plan, tmp_path):
    fill_plan(plan)
    save_board(plan, reach=0.5)
    i18n.set_language("de")
    text = text_of(export_brief(plan, tmp_path / "brief.pdf"))
    assert "Change-Board-Briefing" in text
    assert "50 %" in text.replace("\xa0", " ")
    assert "Seite 1 von" in text


def test_a_plan_without_board_gets_one_proposed_and_saved(plan, tmp_path):
    board_service = pytest.importorskip("changeplanner.services.board")
    fill_plan(plan)
    out = export_brief(plan, tmp_path / "brief.pdf")
    with plan.reading() as session:
        boards = repo.list_boards(session=session)
    assert len(boards) == 1
    board = boards[0]
    assert board.seats
    text = text_of(out)
    people = {f"e{i:03d}": (NAMES[i] if i < len(NAMES) else f"Person {i}") for i in range(30)}
    flat = text.replace(" ", "")
    for seat in board.seats:
        assert people[seat.person_id].replace(" ", "") in flat
    assert f"{round(board.reach * 100)}%" in text
    # A second export reuses the saved board instead of proposing another.
    export_brief(plan, tmp_path / "again.pdf")
    with plan.reading() as session:
        assert len(repo.list_boards(session=session)) == 1
    assert board_service.save_proposal  # the module the export relied on


