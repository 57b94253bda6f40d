"""Ledgers as clerks keep them: title rows, 序号, merged cells, untidy headers, full-width ids,
dates in every accepted form, blank rows and notes read like the clean export; a sheet missing
a key column says so once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from domain.cells import fold_width
from services.exchange.reading import read_dataset
from services.exchange.validation import validate
from tests.support.factory import ledger_dataset, small_dataset, table_rows
from tests.support.ledgers import NOTES, TITLE, TITLE_ROWS, clerk_workbook, date_forms, full_width

ORG_HEADER_ZH = ["组织编码", "组织名称", "组织类别", "所属领域", "上级组织编码"]


@pytest.mark.parametrize("build", [ledger_dataset, small_dataset])
def test_a_clerks_workbook_reads_like_the_clean_export(tmp_path: Path, build) -> None:
    path = clerk_workbook(build(), tmp_path / "台账.xlsx")
    clerk, clerk_problems = read_dataset(path)
    clean, clean_problems = read_dataset(tmp_path / "clean.xlsx")
    assert clerk_problems == clean_problems == []
    assert validate(clerk) == []
    assert table_rows(clerk) == table_rows(clean) == table_rows(build())


def test_the_clerks_workbook_has_what_it_claims(tmp_path: Path) -> None:
    path = clerk_workbook(ledger_dataset(), tmp_path / "台账.xlsx")
    sheet = openpyxl.load_workbook(path)["党组织"]
    assert sheet["A1"].value == TITLE
    assert "A1" in str(sheet.merged_cells)
    header = [c.value for c in sheet[TITLE_ROWS + 1]]
    assert header[0] == "序号"
    assert any("\n" in h for h in header)
    assert any("\u3000" in h for h in header)
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and v != fold_width(v) and v.isalnum() for v in values)
    assert [v for v in values if v in NOTES] == list(NOTES)


def test_rows_keep_the_spreadsheets_own_numbers(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    clerk_workbook(small_dataset(), path)
    book = openpyxl.load_workbook(path)
    sheet = book["党组织"]
    line = next(r[0].row for r in sheet.iter_rows() if fold_width(str(r[1].value)) == "B2")
    sheet.cell(line, 4).value = "党支部x"
    book.save(path)
    problems = read_dataset(path)[1]
    assert [(p.code, p.source, p.line, p.column) for p in problems] == [
        ("unknown_enum", "党组织", line, "组织类别")
    ]
    assert f"第{line}行" in problems[0].message()
    assert line > TITLE_ROWS + 2  # the title rows, the header and the first data row above it


@pytest.mark.parametrize("day", date_forms(date(2021, 3, 1)))
def test_each_date_form_in_a_workbook(make_workbook, day) -> None:
    path = make_workbook({"走访记录": [["人员编码", "走访组织编码", "日期"], ["P1", "B1", day]]})
    dataset, problems = read_dataset(path)
    assert problems == []
    assert dataset.rows("visits")[0]["date"] == date(2021, 3, 1)


def test_a_clerks_csv_file(make_csv_folder) -> None:
    text = (
        f"{TITLE},,,\n"
        ",,,\n"
        "序号,人员编码,走访组织编码,日 期\n"
        f"1,{full_width('P1')},B1,2021年3月1日\n"
        ",,,\n"
        "2,P2,Ｂ１,２０２１．０３．０２\n"
        "3,P3,B1,2021/3/3\n"
        ",,,\n"
        "注：走访记录每月汇总一次,,,\n"
    )
    dataset, problems = read_dataset(make_csv_folder({"走访记录.csv": "\ufeff" + text}))
    assert problems == []
    rows = dataset.rows("visits")
    assert [(r["person_id"], r["organisation_id"], r.line) for r in rows] == [
        ("P1", "B1", 4), ("P2", "B1", 6), ("P3", "B1", 7)
    ]  # fmt: skip
    assert [r["date"].day for r in rows] == [1, 2, 3]


def test_a_text_under_a_gap_is_a_note_a_row_after_it_is_data(make_workbook) -> None:
    header = ["序号", *ORG_HEADER_ZH]
    path = make_workbook(
        {
            "党组织": [
                [TITLE],
                header,
                [1, "C1", "县委", "党委", None, None],
                [None] * 6,
                ["以上为正式数据"],  # after a blank gap, alone in the first cell
                [None, "C2", "区委", "党委"],  # a table row again
            ]
        }
    )
    dataset, problems = read_dataset(path)
    assert problems == []
    assert [(r["id"], r.line) for r in dataset.rows("organisations")] == [("C1", 3), ("C2", 6)]


def test_a_sheet_missing_a_key_column_says_so_once(make_workbook) -> None:
    people = [["人员编码", "姓名", "所在组织编码"]] + [[f"P{i}", "某", "C1"] for i in range(40)]
    links = [["组织编码", "单位类别"]] + [["C1", "村"]] * 40  # 单位编码 missing: all keys alike
    path = make_workbook(
        {
            "党组织": [[TITLE], ORG_HEADER_ZH[1:]] + [["县委", "党委"]] * 40,  # no 组织编码
            "人员": people,
            "组织单位": links,
        }
    )
    dataset, problems = read_dataset(path)
    problems += validate(dataset)
    assert [(p.code, p.source, p.line, p.column) for p in problems] == [
        ("missing_column", "党组织", 0, "组织编码"),
        ("missing_column", "组织单位", 0, "单位编码"),
    ]
    assert "缺少此必填列" in problems[0].message()


def test_a_sheet_without_a_header_says_so_once(make_workbook) -> None:
    path = make_workbook({"党组织": [[TITLE]] + [["C1", "县委", "党委"]] * 30})
    problems = read_dataset(path)[1]
    assert [(p.code, p.source, p.line) for p in problems] == [("no_header", "党组织", 0)]
    assert "组织编码" in problems[0].message()
    assert "no header row in the first 10 rows" in problems[0].message("en")


def test_header_marks_and_full_width_letters(make_workbook) -> None:
    path = make_workbook(
        {
            "units": [
                ["No.", "#", "ＩＤ", None, "*Name", "party members（必填）"],
                [1, 1, "U1", "x", "Unit", "３"],
            ]
        }
    )
    dataset, problems = read_dataset(path)
    assert problems == []
    assert dataset.rows("units")[0].values["party_members"] is None  # "party members" is no column
    assert dataset.rows("units")[0]["name"] == "Unit"
