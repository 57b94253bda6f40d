"""Writing workbooks and CSV folders, and reading them back unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from domain.dataset import Dataset
from domain.problems import DatasetError
from domain.tables import TABLES
from services.exchange import writing
from services.exchange.reading import read_dataset
from services.exchange.writing import sorted_rows, write_dataset
from tests.support.factory import add, ledger_dataset, values_of


def shuffled(dataset: Dataset) -> Dataset:
    """Returns the same rows in reverse order."""
    copy = Dataset()
    for name, rows in dataset.tables.items():
        copy.tables[name] = list(reversed(rows))
    return copy


def sorted_values(dataset: Dataset) -> dict:
    return values_of(_sorted(dataset))


def _sorted(dataset: Dataset) -> Dataset:
    copy = Dataset()
    for table in TABLES:
        copy.tables[table.name] = sorted_rows(dataset, table)
    return copy


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_round_trip_is_byte_identical(tmp_path: Path, lang):
    first, second = tmp_path / "first", tmp_path / "second"
    write_dataset(ledger_dataset(), first, lang=lang)
    back, problems = read_dataset(first)
    assert problems == []
    assert values_of(back) == sorted_values(ledger_dataset())
    write_dataset(shuffled(back), second, lang=lang)
    files = sorted(p.name for p in first.iterdir())
    assert len(files) == len(TABLES)
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_csv_bytes(tmp_path: Path):
    write_dataset(ledger_dataset(), tmp_path, lang="zh")
    data = (tmp_path / "网格覆盖.csv").read_bytes()
    assert data == "\ufeff组织编码,网格编码\n1003,G2\n".encode()
    people = (tmp_path / "人员.csv").read_text(encoding="utf-8-sig")
    assert people.splitlines()[1:] == ["P1,张三,县处级,001", "P2,李四,,1003"]


def test_other_language_export_replaces_its_twin(tmp_path: Path):
    write_dataset(ledger_dataset(), tmp_path)
    write_dataset(ledger_dataset(), tmp_path, lang="zh")
    assert not (tmp_path / "organisations.csv").exists()
    assert read_dataset(tmp_path)[1] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_xlsx_round_trip(tmp_path: Path, lang):
    dataset = ledger_dataset()
    # Ids are not names: one that looks like a formula is kept, as text (test_formulas.py).
    add(dataset, "units", id="=SUM(A1)", name="合作社", party_members=0)
    path = tmp_path / "out.xlsx"
    write_dataset(dataset, path, lang=lang)
    back, problems = read_dataset(path)
    assert problems == []
    assert values_of(back) == sorted_values(dataset)


def test_xlsx_layout(tmp_path: Path):
    path = tmp_path / "out.xlsx"
    write_dataset(ledger_dataset(), path, lang="zh")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [t.zh for t in TABLES]
    sheet = workbook["党组织"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J5"
    assert [c.value for c in sheet[1]] == [c.zh for c in TABLES[0].columns]
    assert sheet["H2"].value == "2021-02-28"
    assert sheet.column_dimensions["B"].width >= 8
    assert workbook["走访记录"].max_row == 2


def test_sort_order_puts_empty_first_and_never_mixes_types():
    d = Dataset()
    for start in (date(2024, 1, 1), None, date(2023, 1, 1)):
        add(d, "posts", person_id="P", target_id="O", role="SECRETARY", start=start)
    posts = next(t for t in TABLES if t.name == "posts")
    assert [r["start"] for r in sorted_rows(d, posts)] == [None, date(2023, 1, 1), date(2024, 1, 1)]


def test_sheet_too_large(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(writing, "EXCEL_MAX_DATA_ROWS", 2)
    with pytest.raises(DatasetError) as error:
        write_dataset(ledger_dataset(), tmp_path / "big.xlsx")
    problem = error.value.problems[0]
    assert (problem.code, problem.source, problem.params["rows"]) == (
        "sheet_too_large", "organisations", 4
    )  # fmt: skip
    assert "CSV" in problem.message()
    assert "CSV folder" in problem.message("en")
    assert not (tmp_path / "big.xlsx").exists()
