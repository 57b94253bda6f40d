"""`--problems FILE.xlsx`: the user's own workbook back, every problem's cell red with its message
as a comment, and a sheet listing them all; the terminal shows the first 20."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from api.cli.main import app
from domain.cells import fold_width
from domain.problems import Problem
from services.exchange.problem_marks import RED, write_problem_workbook
from tests.support.factory import small_dataset
from tests.support.ledgers import TITLE, clerk_workbook


def _row_of(sheet: Any, org_id: str) -> int:
    """The spreadsheet row whose id cell (column B, after 序号) holds this id, in any width."""
    return next(r[0].row for r in sheet.iter_rows() if fold_width(str(r[1].value)) == org_id)


def _broken_ledger(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A clerk's workbook with a bad kind (D) and a parent nobody has (F) in one row, a
    repeated id (B, under a header broken over two lines) and a count in words (G)."""
    path = clerk_workbook(small_dataset(), tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["党组织"]
    rows = {org: _row_of(sheet, org) for org in ("B2", "G1", "B3")}
    sheet.cell(rows["B2"], 4).value = "党支部x"
    sheet.cell(rows["B2"], 6).value = "B99"
    sheet.cell(rows["G1"], 2).value = "B1"
    sheet.cell(rows["B3"], 7).value = "十二"
    book.save(path)
    return path, rows


def _red(cell: Any) -> bool:
    return cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == RED


def test_validate_marks_each_problem_on_its_cell(tmp_path: Path) -> None:
    path, rows = _broken_ledger(tmp_path)
    out = tmp_path / "问题.xlsx"
    result = CliRunner().invoke(app, ["validate", str(path), "--problems", str(out)])
    assert result.exit_code == 1, result.output
    assert str(out) in result.stderr
    book = openpyxl.load_workbook(out)
    sheet = book["党组织"]
    assert sheet["A1"].value == TITLE  # the user's own workbook, title and all
    marked = {
        (c.row, c.column): c.comment.text
        for row in sheet.iter_rows()
        for c in row
        if _red(c) and c.comment is not None
    }
    assert set(marked) == {(rows["B2"], 4), (rows["B2"], 6), (rows["G1"], 2), (rows["B3"], 7)}
    assert marked[rows["B2"], 4].startswith("不是有效的组织类别")
    assert marked[rows["B2"], 6] == "找不到该编码的党组织"
    assert marked[rows["G1"], 2].startswith("编码重复")
    assert marked[rows["B3"], 7] == "应为非负整数"
    listed = list(book["问题"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in listed) == sorted([*rows.values(), rows["B2"]])
    assert "组织编码" in [r[2] for r in listed]  # the header broken over two lines, named whole


def test_problems_of_no_cell_and_of_a_whole_row(tmp_path: Path) -> None:
    path, rows = _broken_ledger(tmp_path)
    out = tmp_path / "marked.xlsx"
    problems = [
        Problem("党组织", rows["B2"], "", "", "required"),  # a row, no column
        Problem("网格", 0, "网格层级", "", "missing_column"),  # a sheet, no row
        Problem("台账.xlsx", 0, "", "", "no_tables"),  # the file
    ]
    write_problem_workbook(path=path, problems=problems, out=out, lang="en")
    book = openpyxl.load_workbook(out)
    first = book["党组织"].cell(rows["B2"], 1)
    assert _red(first)
    assert first.comment.text == "is required but empty"
    assert book.active.title == "Problems"
    listed = list(book["Problems"].iter_rows(values_only=True))
    assert listed[0] == ("file or sheet", "row", "column", "value", "problem")
    assert [r[:3] for r in listed[1:]] == [
        ("党组织", rows["B2"], None), ("网格", None, "网格层级"), ("台账.xlsx", None, None)
    ]  # fmt: skip
    assert listed[2][4] == "required column is missing"


def test_a_csv_folder_comes_back_as_a_workbook(make_csv_folder, tmp_path: Path) -> None:
    folder = make_csv_folder(
        {"Organisations.CSV": f"{TITLE},,\nid,name,kind\nC1,=HYPERLINK(1),COMMITTEE\n"}
    )
    out = tmp_path / "marked.xlsx"
    result = CliRunner().invoke(app, ["validate", str(folder), "--problems", str(out)])
    assert result.exit_code == 1
    sheet = openpyxl.load_workbook(out)["Organisations.CSV"]
    assert _red(sheet["B3"])
    assert sheet["B3"].data_type == "s"  # the clerk's text, never run as a formula
    assert "公式" in sheet["B3"].comment.text


def test_the_terminal_shows_twenty_problems_and_counts_the_rest(make_workbook) -> None:
    rows = [["id", "name", "kind"]] + [[f"O{i}", f"n{i}", "BRANCHX"] for i in range(30)]
    path = make_workbook({"organisations": rows})
    result = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert sum("not a valid organisation kind" in line for line in lines[:-1]) == 20
    assert "… and 10 more" in lines
    assert lines[-1].startswith("error: the dataset has 30 problem(s); first: organisations row 2")


def test_a_clean_ledger_validates(tmp_path: Path) -> None:
    path = clerk_workbook(small_dataset(), tmp_path / "台账.xlsx")
    out = tmp_path / "marked.xlsx"
    result = CliRunner().invoke(app, ["validate", str(path), "--problems", str(out)])
    assert result.exit_code == 0, result.output
    assert "校验通过" in result.stdout
    assert not out.exists()


def test_problems_never_overwrite_the_ledger(tmp_path: Path) -> None:
    path, _ = _broken_ledger(tmp_path)
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["validate", str(path), "--problems", str(path)])
    assert result.exit_code == 1
    assert path.read_bytes() == before
    wrong = CliRunner().invoke(app, ["validate", str(path), "--problems", "x.csv"])
    assert wrong.exit_code == 1
    assert ".xlsx" in wrong.stderr
