"""Reading workbooks and CSV folders: names, cells, and parse-level problems."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from services.exchange.reading import read_dataset

ORG_HEADER_EN = ["id", "name", "kind", "domain", "parent_id", "full_members"]
ORG_HEADER_ZH = ["组织编码", "组织名称", "组织类别", "所属领域", "上级组织编码", "正式党员数"]
POST_HEADER = ["person_id", "target_id", "role", "start", "end"]


def only(problems, code):
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def test_chinese_and_english_workbooks_read_the_same(make_workbook):
    english = make_workbook(
        {
            "Organisations": [ORG_HEADER_EN, ["1", "County", "committee", "", "", 3]],
            "people": [["id", "name", "rank", "home_id"], ["P1", "Zhang", "COUNTY", "1"]],
        },
        "en.xlsx",
    )
    chinese = make_workbook(
        {
            " 党组织 ": [ORG_HEADER_ZH, ["1", "County", "党委", None, None, 3]],
            "人员": [["人员编码", "姓名", "职级", "所在组织编码"], ["P1", "Zhang", "县处级", "1"]],
        },
        "zh.xlsx",
    )
    (en, en_problems), (zh, zh_problems) = read_dataset(english), read_dataset(chinese)
    assert en_problems == zh_problems == []
    assert {t: [r.values for r in rows] for t, rows in en.tables.items()} == {
        t: [r.values for r in rows] for t, rows in zh.tables.items()
    }
    assert en.rows("organisations")[0].values["kind"] == "COMMITTEE"
    assert zh.rows("organisations")[0].source == " 党组织 "


def test_cells_as_clerks_have_them(make_workbook):
    path = make_workbook(
        {
            "organisations": [
                [" ID ", "Name ", "KIND", "parent_id", "full_members", "term_start", "notes"],
                [1001.0, "  County  ", " 党委 ", None, 3.0, datetime(2021, 2, 28), "x"],
                ["001", "Branch", "branch", 1001, "7", "2021/3/1", None],
                [None, None, None, None, None, None, None],
                ["002", "Branch 2", "Branch", "1001", 0, "2021.03.01", None],
                [None, "", "  ", None, None, None, None],
                [None] * 7,
            ]
        }
    )
    dataset, problems = read_dataset(path)
    assert problems == []
    rows = dataset.rows("organisations")
    assert [r.line for r in rows] == [2, 3, 5]
    assert [r["id"] for r in rows] == ["1001", "001", "002"]
    assert [r["parent_id"] for r in rows] == [None, "1001", "1001"]
    assert [r["full_members"] for r in rows] == [3, 7, 0]
    assert rows[0]["name"] == "County"
    march = date(2021, 3, 1)
    assert [r["term_start"] for r in rows] == [date(2021, 2, 28), march, march]
    assert rows[0]["probationary_members"] is None  # missing optional column


def test_date_text_forms(make_workbook):
    rows = [["2024-01-05", date(2024, 1, 5)], ["2024/1/5", date(2024, 1, 5)],
            ["2024.01.5", date(2024, 1, 5)], ["2024-01-05 00:00:00", date(2024, 1, 5)]]  # fmt: skip
    path = make_workbook(
        {"visits": [["person_id", "organisation_id", "date"]] + [["P", "O", t] for t, _ in rows]}
    )
    dataset, problems = read_dataset(path)
    assert problems == []
    assert [r["date"] for r in dataset.rows("visits")] == [d for _, d in rows]


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "5 Jan 2024", "2024-01/05", "45292"])
def test_bad_dates(make_workbook, text):
    path = make_workbook({"visits": [["person_id", "organisation_id", "date"], ["P", "O", text]]})
    problem = only(read_dataset(path)[1], "bad_date")
    assert (problem.source, problem.line, problem.column, problem.value) == (
        "visits", 2, "date", text
    )  # fmt: skip
    assert "YYYY-MM-DD" in problem.message("en")
    assert "不是有效日期" in problem.message("zh")


def test_numeric_date_cell_is_bad_date(make_workbook):
    path = make_workbook({"visits": [["person_id", "organisation_id", "date"], ["P", "O", 45292]]})
    assert only(read_dataset(path)[1], "bad_date").value == "45292"


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (3.5, "not_a_count"),
        ("abc", "not_a_count"),
        (-2, "negative_count"),
        ("-1", "negative_count"),
        (True, "not_a_count"),
        (10**30, "count_too_large"),  # Neo4j stores integers up to 2**63 only
        ("1000000001", "count_too_large"),
    ],
)
def test_bad_counts(make_workbook, cell, code):
    path = make_workbook({"units": [["id", "name", "party_members"], ["U1", "Unit", cell]]})
    dataset, problems = read_dataset(path)
    problem = only(problems, code)
    assert (problem.line, problem.column) == (2, "party_members")
    assert dataset.rows("units")[0]["party_members"] is None


def test_huge_text_is_refused_and_shown_shortened(make_csv_folder):
    folder = make_csv_folder({"units.csv": "id,name\nU1," + "长" * 1001 + "\n"})
    problem = only(read_dataset(folder)[1], "too_long")
    assert (problem.line, problem.column) == (2, "name")
    assert problem.message("en").endswith('…": is too long (at most 1000 characters)')
    assert len(problem.message("en")) < 150


def test_a_line_break_in_a_cell_keeps_the_message_on_one_line(make_csv_folder):
    folder = make_csv_folder({"units.csv": 'id,name,party_members\nU1,Unit,"1\n2"\n'})
    problem = only(read_dataset(folder)[1], "not_a_count")
    assert problem.message("en") == (
        'units.csv row 2, column "party_members", value "1\\n2": must be a whole number (0 or more)'
    )


def test_unknown_enum_message_in_both_languages(make_workbook):
    path = make_workbook({"党组织": [ORG_HEADER_ZH, ["1", "县委", "党支部x", None, None, None]]})
    problem = only(read_dataset(path)[1], "unknown_enum")
    assert (problem.source, problem.line, problem.column, problem.value) == (
        "党组织", 2, "组织类别", "党支部x"
    )  # fmt: skip
    assert problem.message() == (
        "党组织 第2行 “组织类别” 值“党支部x”：不是有效的组织类别"
        "（可选：党委、党工委、党总支、党支部、党小组）"
    )
    assert problem.message("en").startswith(
        '党组织 row 2, column "组织类别", value "党支部x": not a valid organisation kind (one of'
    )


def test_required_cell_and_missing_column(make_workbook):
    path = make_workbook(
        {
            "organisations": [ORG_HEADER_EN, ["1", "", "COMMITTEE", None, None, None]],
            "grids": [["id", "name"], ["G1", "Cell"]],
        }
    )
    problems = read_dataset(path)[1]
    required = only(problems, "required")
    assert (required.source, required.line, required.column, required.value) == (
        "organisations", 2, "name", ""
    )  # fmt: skip
    missing = only(problems, "missing_column")
    assert (missing.source, missing.line, missing.column) == ("grids", 0, "level")
    assert "必填列" in missing.message()
    assert "required column" in missing.message("en")


def test_start_after_end(make_workbook):
    path = make_workbook(
        {"posts": [POST_HEADER, ["P1", "O1", "SECRETARY", "2024-05-01", "2024-04-30"]]}
    )
    problem = only(read_dataset(path)[1], "start_after_end")
    assert (problem.line, problem.column, problem.value) == (2, "end", "2024-04-30")
    assert "2024-05-01" in problem.message()
    assert "2024-05-01" in problem.message("en")


def test_unknown_sheets_and_columns_ignored_missing_tables_empty(make_workbook):
    path = make_workbook(
        {"Notes": [["a"], [1]], "units": [["id", "name", "remark"], ["U", "N", "x"]]}
    )
    dataset, problems = read_dataset(path)
    assert problems == []
    assert dataset.rows("organisations") == []
    assert dataset.rows("units")[0].values == {
        "id": "U", "name": "N", "kind": None, "party_members": None, "area_id": None
    }  # fmt: skip


def test_csv_with_and_without_bom(make_csv_folder):
    text = "组织编码,组织名称,组织类别\n001, 县委 ,党委\n\n\n"
    folder = make_csv_folder(
        {"党组织.csv": "\ufeff" + text, "people.csv": "id,name\nP1,Zhang\n", "readme.txt": "x"}
    )
    dataset, problems = read_dataset(folder)
    assert problems == []
    assert [r.values["id"] for r in dataset.rows("organisations")] == ["001"]
    assert dataset.rows("organisations")[0]["name"] == "县委"
    assert dataset.rows("organisations")[0].source == "党组织.csv"
    assert dataset.rows("people")[0]["name"] == "Zhang"


def test_csv_not_utf8(make_csv_folder):
    folder = make_csv_folder(
        {"党组织.csv": "组织编码,组织名称,组织类别\n1,县委,党委\n".encode("gbk")}
    )
    problem = only(read_dataset(folder)[1], "bad_encoding")
    assert (problem.source, problem.line) == ("党组织.csv", 0)
    assert "UTF-8" in problem.message()
    assert "党组织.csv" in problem.message("en")


def test_same_table_twice(make_csv_folder):
    folder = make_csv_folder({"organisations.csv": "id\n", "党组织.csv": "组织编码\n"})
    problem = only(read_dataset(folder)[1], "duplicate_table")
    assert problem.params["other"] in {"organisations.csv", "党组织.csv"}


@pytest.mark.parametrize("name", ["missing", "data.txt", "broken.xlsx"])
def test_unreadable_paths(tmp_path: Path, name):
    path = tmp_path / name
    if name != "missing":
        path.write_bytes(b"not a workbook")
    dataset, problems = read_dataset(path)
    problem = only(problems, "unreadable_file")
    assert dataset.row_count() == 0
    assert problem.message()
    assert problem.message("en")


def test_folder_without_tables(tmp_path: Path):
    assert only(read_dataset(tmp_path)[1], "no_tables").line == 0


def test_english_message_names_the_cell(make_workbook):
    path = make_workbook({"organisations": [ORG_HEADER_EN] + [["1", "n", "COMMITTEE"]] * 3
                          + [["2", "n", "BRANCHX", None, "1"]]})  # fmt: skip
    problem = only(read_dataset(path)[1], "unknown_enum")
    assert problem.message("en") == (
        'organisations row 5, column "kind", value "BRANCHX": not a valid organisation kind '
        "(one of COMMITTEE, WORKING_COMMITTEE, GENERAL_BRANCH, BRANCH, GROUP)"
    )


def test_truncated_workbook_is_a_problem(make_workbook):
    path = make_workbook({"units": [["id", "name"], ["U1", "n"]]})
    path.write_bytes(path.read_bytes()[:300])
    assert only(read_dataset(path)[1], "unreadable_file").params["reason"] == "corrupt"
