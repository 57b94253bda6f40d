"""Writes a dataset as an .xlsx workbook or a folder of CSV files (docs/exchange-format.md),
English or Chinese."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from domain.dataset import Dataset, Row, Value
from domain.problems import DatasetError, Problem
from domain.tables import ENUMS, TABLES, Column, ColumnType, Table, exported_tables
from services.exchange.formulas import SpreadsheetCsv, xlsx_text

EXCEL_MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
WIDTH_SAMPLE_ROWS = 1000  # column widths are estimated from the first rows only
MIN_WIDTH, MAX_WIDTH = 8, 50


def write_dataset(
    dataset: Dataset, path: Path, *, lang: str = "en", personal: bool = False
) -> None:
    """Writes the dataset to an .xlsx workbook, or else to a folder of CSV files; the personal
    columns (phone, id_number) only when `personal` is asked for."""
    tables = exported_tables(personal=personal)
    if path.suffix.lower() == ".xlsx":
        _write_workbook(dataset, path, lang, tables)
    else:
        _write_folder(dataset, path, lang, tables)


def sorted_rows(dataset: Dataset, table: Table) -> list[Row]:
    """Returns a table's rows in a stable order: by its key columns, empty values first."""
    return sorted(dataset.rows(table.name), key=lambda row: _sort_key(table, row))


def _sort_key(table: Table, row: Row) -> tuple[tuple[int, int, str], ...]:
    # Each part is (kind, number, text) so an int is never compared with a str.
    return tuple(_sort_part(row.values.get(column)) for column in table.key)


def _sort_part(value: Value) -> tuple[int, int, str]:
    if value is None:
        return (0, 0, "")
    if isinstance(value, int):
        return (1, value, "")
    if isinstance(value, date):
        return (2, 0, value.isoformat())
    return (2, 0, str(value))


def _names(table: Table, lang: str) -> tuple[str, list[str]]:
    """Returns the sheet or file name and the headers of a table in one language."""
    if lang == "zh":
        return table.zh, [c.zh for c in table.columns]
    return table.name, [c.name for c in table.columns]


def _cell(column: Column, value: Value, lang: str) -> Value:
    if isinstance(value, date):
        return value.isoformat()
    if column.type is ColumnType.ENUM and lang == "zh" and value is not None:
        return ENUMS[column.enum or ""].get(str(value), value)
    return value


def _cells(table: Table, row: Row, lang: str) -> list[Value]:
    return [_cell(c, row.values.get(c.name), lang) for c in table.columns]


def _write_folder(
    dataset: Dataset, folder: Path, lang: str, tables: tuple[Table, ...] = TABLES
) -> None:
    """Writes one UTF-8 CSV per table, with a BOM so that Excel shows Chinese correctly."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        name, headers = _names(table, lang)
        _remove_twin(folder, table, name)
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
            # Clerks open these files in Excel too: a formula-like text is written with a quote
            # in front, which the reader takes off again (docs/exchange-format.md).
            writer = SpreadsheetCsv(handle, quote_all=False)
            writer.writerow(headers)
            for row in sorted_rows(dataset, table):
                writer.writerow("" if v is None else v for v in _cells(table, row, lang))


def _remove_twin(folder: Path, table: Table, name: str) -> None:
    # A file left from an export in the other language would be read as the same table twice.
    for other in (table.name, table.zh):
        twin = folder / f"{other}.csv"
        if other != name and twin.is_file():
            twin.unlink()


def _write_workbook(
    dataset: Dataset, path: Path, lang: str, tables: tuple[Table, ...] = TABLES
) -> None:
    """Writes one sheet per table, streamed (write-only) so province-sized data fits in memory."""
    from openpyxl import Workbook  # imported here: CSV-only runs should not pay for it

    _check_sheet_sizes(dataset, lang)
    workbook = Workbook(write_only=True)
    for table in tables:
        _write_sheet(workbook, table, sorted_rows(dataset, table), lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    workbook.save(partial)
    os.replace(partial, path)  # never leave a half-written workbook under the real name


def _check_sheet_sizes(dataset: Dataset, lang: str) -> None:
    problems = []
    for table in TABLES:
        rows = len(dataset.rows(table.name))
        if rows > EXCEL_MAX_DATA_ROWS:
            params = {"rows": rows, "limit": EXCEL_MAX_DATA_ROWS}
            problems.append(Problem(_names(table, lang)[0], 0, "", "", "sheet_too_large", params))
    if problems:
        raise DatasetError(problems)


def _write_sheet(workbook: Any, table: Table, rows: list[Row], lang: str) -> None:
    from openpyxl.utils import get_column_letter

    name, headers = _names(table, lang)
    sheet = workbook.create_sheet(name)
    # Sizes, panes and filters must be set before the first row is streamed out.
    for index, width in enumerate(_widths(table, headers, rows, lang), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    sheet.append(headers)
    for row in rows:
        sheet.append(list(_xlsx_cells(sheet, table, row, lang)))


def _xlsx_cells(sheet: Any, table: Table, row: Row, lang: str) -> Iterator[Any]:
    for value in _cells(table, row, lang):
        yield xlsx_text(sheet, value) if isinstance(value, str) else value


def _widths(table: Table, headers: list[str], rows: list[Row], lang: str) -> list[float]:
    widest = [_display_width(h) for h in headers]
    for row in rows[:WIDTH_SAMPLE_ROWS]:
        for index, value in enumerate(_cells(table, row, lang)):
            widest[index] = max(widest[index], _display_width("" if value is None else str(value)))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widest]


def _display_width(text: str) -> int:
    # Chinese characters take two columns in Excel's default font.
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)
