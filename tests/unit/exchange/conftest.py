"""Small datasets and workbook builders shared by the loader tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from domain.dataset import Dataset
from domain.tables import TABLES_BY_NAME


def full_row(table: str, **values: Any) -> dict[str, Any]:
    """Returns values for every column of a table, None where not given."""
    return {c.name: values.get(c.name) for c in TABLES_BY_NAME[table].columns}


def small_dataset() -> Dataset:
    """Returns a valid dataset that touches every table."""
    d = Dataset()
    add = lambda table, **v: d.add(table, **full_row(table, **v))  # noqa: E731
    add("organisations", id="001", name="县委", kind="COMMITTEE", term_start=date(2021, 2, 28))
    add(
        "organisations", id="1002", name="镇党委", kind="COMMITTEE", domain="RURAL", parent_id="001"
    )
    add("organisations", id="1003", name="村支部", kind="BRANCH", domain="RURAL", parent_id="1002",
        full_members=12, probationary_members=0)  # fmt: skip
    add("organisations", id="1004", name="一组", kind="GROUP", parent_id="1003")
    add("units", id="U1", name="红星村", kind="VILLAGE", party_members=12, area_id="1002")
    add("org_units", organisation_id="1003", unit_id="U1", form="OWN")
    add("people", id="P1", name="张三", rank="COUNTY", home_id="001")
    add("people", id="P2", name="李四", home_id="1003")
    add("posts", person_id="P2", target_id="1003", role="SECRETARY", start=date(2023, 1, 5))
    add("posts", person_id="P2", target_id="G2", role="GRID_LEADER", end=date(2025, 12, 31))
    add("grids", id="G1", name="红星片区", level="COMMUNITY", area_id="1002")
    add("grids", id="G2", name="一网格", level="GRID", parent_id="G1")
    add("grid_coverage", organisation_id="1003", grid_id="G2")
    add("liaisons", person_id="P1", organisation_id="1002", kind="POINT", start=date(2024, 1, 1),
        visits_per_month=3)  # fmt: skip
    add("visits", person_id="P1", organisation_id="1003", date=date(2024, 3, 9), kind="GUIDANCE")
    return d


def values_of(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Returns every table's row values, full width, without where they came from."""
    return {
        name: [full_row(name, **row.values) for row in rows]
        for name, rows in dataset.tables.items()
    }


SheetRows = Sequence[Sequence[Any]]


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[[dict[str, SheetRows]], Path]:
    """Writes a workbook with the given sheets (title -> rows of cells) and returns its path."""

    def make(sheets: dict[str, SheetRows], name: str = "book.xlsx") -> Path:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return make


@pytest.fixture
def make_csv_folder(tmp_path: Path) -> Callable[..., Path]:
    """Writes CSV files (file name -> text) into a fresh folder and returns it."""

    def make(files: dict[str, str | bytes], name: str = "csv") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for file, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (folder / file).write_bytes(data)
        return folder

    return make
