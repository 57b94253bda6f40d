"""Workbooks as a clerk keeps a ledger: a merged title above the header, a 序号 column, headers
with line breaks and full-width characters, full-width ids, dates in every accepted form, a
blank row in the middle and notes under the table. Written from a dataset, so a test can
compare what it reads with the clean export of the same dataset."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from itertools import count
from pathlib import Path
from typing import Any

import openpyxl

from domain.dataset import Dataset
from domain.tables import Column, ColumnType
from services.exchange.reading import table_named
from services.exchange.writing import write_dataset

TITLE = "湖山县党组织台账（截至2025年6月30日）"
SUBTITLE = "填报单位：湖山县委组织部（盖章）"
NOTES = (
    "注：1. 本表由各乡镇党委填报；",
    "2. 编码以组织部下发为准。",
    "填表人：张三　　审核人：李四",
)
TITLE_ROWS = 3  # title, subtitle and a blank row stand above the header


def full_width(text: str) -> str:
    """Returns text with its ASCII letters, digits and signs typed in full-width mode."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def date_forms(day: date) -> tuple[Any, ...]:
    """Returns a day as a workbook date and as each text form a clerk types."""
    return (
        datetime(day.year, day.month, day.day),
        f"{day.year}.{day.month:02}.{day.day:02}",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    )


def clerk_header(column: Column, index: int) -> str:
    """Returns a Chinese header as a clerk's template has it: broken over two lines, padded
    with a full-width space, or plain."""
    name = column.zh
    if index % 3 == 0 and len(name) > 2:
        return f"{name[:2]}\n{name[2:]}"
    return f"{name}\u3000" if index % 3 == 1 else name


def clerk_workbook(dataset: Dataset, path: Path) -> Path:
    """Writes the dataset as a clerk's workbook (Chinese names) and returns its path; the
    clean Chinese export is written next to it as `clean.xlsx`."""
    clean = path.with_name("clean.xlsx")
    write_dataset(dataset, clean, lang="zh")
    source = openpyxl.load_workbook(clean)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in source.worksheets:
        _clerk_sheet(book.create_sheet(sheet.title), list(sheet.iter_rows(values_only=True)))
    book.save(path)
    return path


def _clerk_sheet(sheet: Any, rows: list[tuple[Any, ...]]) -> None:
    table = table_named(sheet.title)
    assert table is not None, sheet.title
    columns = [table.column(c.name) for h in rows[0] for c in table.columns if c.zh == h]
    width = len(columns) + 1
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([SUBTITLE])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append([])
    sheet.append(["序号", *(clerk_header(c, i) for i, c in enumerate(columns))])
    forms = count()  # each date cell takes the next form
    for index, cells in enumerate(rows[1:]):
        if index == 2:
            sheet.append([])  # a blank row between two groups of the table
        values = [_clerk_cell(c, v, forms, index) for c, v in zip(columns, cells, strict=True)]
        sheet.append([index + 1, *values])
    sheet.append([])
    for note in NOTES:
        sheet.append([note])


def _clerk_cell(column: Column, value: Any, forms: Iterator[int], index: int) -> Any:
    if isinstance(value, datetime):
        value = value.date()
    elif column.type is ColumnType.DATE and isinstance(value, str):
        value = date.fromisoformat(value)  # the clean export writes dates as ISO text
    if isinstance(value, date):
        return date_forms(value)[next(forms) % 4]
    if column.type in (ColumnType.ID, ColumnType.REF) and isinstance(value, str) and index % 2:
        return full_width(value)
    return value
