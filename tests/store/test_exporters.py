"""The skills file writers (no plan involved): CSV bytes, XLSX layout, colours, safe writing."""

import os

import openpyxl
import pytest

from changeplanner import domain
from changeplanner.errors import UserError
from changeplanner.store import exporters
from changeplanner.store.exporters import NO_LEVEL, SkillsExport

N = NO_LEVEL


def sample() -> SkillsExport:
    return SkillsExport(
        skills=["Kanban", "Scrum", "Jira"],
        people=[("1", "Jürgen Weiß", "Vertrieb"), ("2", "Ann; Lee", ""), ("3", "Cem", "IT")],
        levels=[bytes([0, 3, N]), bytes([N, 4, 2]), bytes([N, N, N])],
        targets=[("1", 1, 4, True), ("2", 2, None, True), ("2", 1, 3, False)],
        legend=[(level, f"L{level}", f"means {level}") for level in range(5)],
        yes="ja", no="nein")


def test_wide_csv_is_german_excel_csv(tmp_path):
    path = exporters.write_skills_csv(tmp_path / "s.csv", sample())
    assert path.read_bytes() == (
        "\ufeffid;name;department;Kanban;Scrum;Jira\r\n"
        "1;Jürgen Weiß;Vertrieb;0;3;\r\n"
        '2;"Ann; Lee";;;4;2\r\n'
        "3;Cem;IT;;;\r\n").encode("utf-8")


def test_long_csv_has_one_row_per_rating_with_targets_and_wishes(tmp_path):
    path = exporters.write_skills_long_csv(tmp_path / "s.csv", sample())
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "id;skill;level;target;wants_to_learn",
        "1;Kanban;0;;nein",
        "1;Scrum;3;4;ja",
        "2;Scrum;4;3;nein",
        "2;Jira;2;;ja",
    ]


def test_xlsx_sheets_values_frozen_panes_filter_and_widths(tmp_path):
    path = exporters.write_skills_xlsx(tmp_path / "s.xlsx", sample())
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Skills", "Legend", "Targets"]
    sheet = workbook["Skills"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["id", "name", "department", "Kanban", "Scrum", "Jira"],
        ["1", "Jürgen Weiß", "Vertrieb", 0, 3, None],
        ["2", "Ann; Lee", None, None, 4, 2],
        ["3", "Cem", "IT", None, None, None],
    ]
    assert sheet.freeze_panes == "D2"
    assert sheet.auto_filter.ref == "A1:F4"
    assert sheet.column_dimensions["B"].width >= len("Jürgen Weiß")
    assert sheet["A1"].font.b and sheet["F1"].font.b
    targets = workbook["Targets"]
    assert [list(r) for r in targets.iter_rows(values_only=True)] == [
        ["id", "skill", "target", "wants_to_learn"],
        ["1", "Scrum", 4, "ja"], ["2", "Jira", None, "ja"], ["2", "Scrum", 3, "nein"]]
    # The size is declared, so readers need not scan the sheet to find it.
    assert openpyxl.load_workbook(path, read_only=True)["Skills"].max_row == 4


def test_xlsx_level_cells_have_the_palette_and_readable_text(tmp_path):
    path = exporters.write_skills_xlsx(tmp_path / "s.xlsx", sample())
    sheet = openpyxl.load_workbook(path)["Skills"]
    for ref, level in (("D2", 0), ("E2", 3), ("E3", 4), ("F3", 2)):
        cell = sheet[ref]
        assert cell.value == level
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb == "FF" + domain.LEVEL_COLORS[level][1:].upper()
    assert sheet["E3"].font.color.rgb == "FFFFFFFF"   # white on the darkest blue
    assert sheet["D2"].font.color.rgb == "FF000000"   # black on pale yellow
    assert sheet["F2"].fill.fill_type is None           # no level, no colour
    assert sheet["B2"].fill.fill_type is None


def test_xlsx_legend_lists_the_five_levels_in_their_colours(tmp_path):
    path = exporters.write_skills_xlsx(tmp_path / "s.xlsx", sample())
    legend = openpyxl.load_workbook(path)["Legend"]
    rows = list(legend.iter_rows(min_row=2, values_only=True))
    assert rows == [(level, f"L{level}", f"means {level}") for level in range(5)]
    fills = [legend.cell(row=2 + level, column=1).fill.fgColor.rgb for level in range(5)]
    assert fills == ["FF" + color[1:].upper() for color in domain.LEVEL_COLORS]


def test_text_colour_follows_contrast():
    assert [exporters.text_color(c) for c in domain.LEVEL_COLORS] == [
        "#000000", "#000000", "#000000", "#000000", "#ffffff"]


def test_an_existing_file_is_replaced_and_no_temporary_file_is_left(tmp_path):
    target = tmp_path / "s.csv"
    target.write_text("old")
    exporters.write_skills_csv(target, sample())
    assert target.read_text(encoding="utf-8-sig").startswith("id;name")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.csv"]


@pytest.mark.parametrize("writer", [exporters.write_skills_csv, exporters.write_skills_xlsx,
                                    exporters.write_skills_long_csv])
def test_unwritable_paths_are_user_errors(tmp_path, writer):
    with pytest.raises(UserError, match="could not be written") as info:
        writer(tmp_path / "missing" / "s.xlsx", sample())
    assert info.value.file == str(tmp_path / "missing" / "s.xlsx")
    with pytest.raises(UserError, match="This is a folder"):
        writer(tmp_path, sample())


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0,
                    reason="permissions are not enforced for root or on Windows")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="could not be written"):
            exporters.write_skills_xlsx(folder / "s.xlsx", sample())
    finally:
        folder.chmod(0o700)
