"""Fixtures of the exchange-format tests: workbooks and CSV folders written from given cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

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
