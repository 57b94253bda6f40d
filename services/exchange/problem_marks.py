"""The user's own ledger handed back with its problems marked: a copy of the workbook (or of the
CSV folder, one sheet per file) with every problem's cell filled red and its message as the
cell's comment, and a sheet 问题 / Problems listing every problem, those of no cell among them.

A clerk fixes a ledger in the spreadsheet they know; a list of "row 37, column 上级组织编码"
lines makes them look each one up. The copy is opened whole by openpyxl, which the import
bounds do not cover, so only a workbook within them and of a modest size is copied; any other
gets the list sheet alone.
"""

from __future__ import annotations

import csv
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from domain.problems import Problem
from services.exchange.archive import bounded_archive_check
from services.exchange.csv_rows import csv_rows, open_csv
from services.exchange.import_limits import MB, ImportLimits, LimitExceeded, import_limits
from services.exchange.reading import table_named
from services.exchange.sheet_layout import HEADER_SCAN_ROWS, column_names, find_header, header_key

RED = "FFFF0000"
# openpyxl holds a whole workbook in memory, several times its unpacked XML; a county's ledger
# unpacks to a few MB (the county demo's to 5.4 MB, marked with 43 MB more memory than its load).
MARKED_COPY_MAX_MB = 50
SHEET_TITLES = {"zh": "问题", "en": "Problems"}
LIST_HEADERS = {
    "zh": ("文件或工作表", "行", "列", "值", "问题"),
    "en": ("file or sheet", "row", "column", "value", "problem"),
}
CSV_SUFFIX = ".csv"


def write_problem_workbook(
    *, path: Path, problems: Sequence[Problem], out: Path, lang: str = "zh"
) -> None:
    """Writes a copy of the dataset at `path` to the workbook `out` with every problem marked
    on its cell, and a sheet listing them all."""
    from openpyxl.styles import PatternFill

    workbook = _copy_of(path, import_limits())
    fill = PatternFill(fill_type="solid", start_color=RED, end_color=RED)
    for cell, reasons in _placed(workbook, problems, lang).items():
        _mark(cell, reasons, fill)
    _list_sheet(workbook, problems, lang)
    workbook.save(out)


def _copy_of(path: Path, limits: ImportLimits) -> Any:
    import openpyxl

    if path.is_dir():
        return _folder_workbook(path, limits)
    if _copyable(path, limits):
        try:
            return openpyxl.load_workbook(path)
        except Exception:  # openpyxl raises many kinds; such a workbook gets the list only
            pass
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    return workbook


def _copyable(path: Path, limits: ImportLimits) -> bool:
    """Tells whether a workbook may be opened whole: within the import bounds, and unpacking to
    at most MARKED_COPY_MAX_MB (its zip directory is trusted once the bounded check, which
    refuses an entry larger than declared, has passed)."""
    if not (path.is_file() and path.suffix.lower() == ".xlsx"):
        return False
    if path.stat().st_size > MARKED_COPY_MAX_MB * MB:
        return False
    if bounded_archive_check(path, name=path.name, limits=limits) is not None:
        return False
    with zipfile.ZipFile(path) as archive:
        return sum(entry.file_size for entry in archive.infolist()) <= MARKED_COPY_MAX_MB * MB


def _folder_workbook(folder: Path, limits: ImportLimits) -> Any:
    """Builds a workbook of a CSV folder's tables, one sheet a file, titled by the file name
    (as the messages name it); a file that cannot be read stays out."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for file in sorted(folder.iterdir()):
        if not (file.is_file() and file.suffix.lower() == CSV_SUFFIX and table_named(file.stem)):
            continue
        try:
            with open_csv(file, limits) as handle:
                rows = list(csv_rows(handle, limits))
        except (LimitExceeded, UnicodeDecodeError, OSError, csv.Error):
            continue
        sheet = workbook.create_sheet(file.name[:31])
        for row in rows:
            _append(sheet, row)
    return workbook


def _placed(workbook: Any, problems: Sequence[Problem], lang: str) -> dict[Any, list[str]]:
    """Returns each marked cell with the reasons of its problems, in the order found."""
    columns: dict[str, dict[str, int]] = {}
    cells: dict[Any, list[str]] = defaultdict(list)
    for problem in problems:
        if problem.line <= 0 or problem.source not in workbook.sheetnames:
            continue
        sheet = workbook[problem.source]
        if problem.source not in columns:
            columns[problem.source] = _header_columns(sheet)
        key = header_key(problem.column) if problem.column else ""
        index = columns[problem.source].get(key, 1)  # no column: the row's first cell
        cells[_anchor(sheet, problem.line, index)].append(problem.reason(lang))
    return cells


def _header_columns(sheet: Any) -> dict[str, int]:
    """Returns the sheet's columns by every name of theirs, as 1-based column numbers."""
    title = sheet.title
    csv_sheet = title.lower().endswith(CSV_SUFFIX)
    table = table_named(title[: -len(CSV_SUFFIX)] if csv_sheet else title)
    if table is None:
        return {}
    names = column_names(table)
    top = list(sheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True))
    found = find_header(top, names)
    if found is None:
        return {}
    numbers: dict[str, int] = {}
    for index, value in enumerate(top[found], start=1):
        column = names.get(header_key(str(value))) if value is not None else None
        for key in (header_key(column.name), header_key(column.zh)) if column else ():
            numbers.setdefault(key, index)  # a repeated column: the first is the one read
    return numbers


def _anchor(sheet: Any, row: int, column: int) -> Any:
    """Returns the cell at (row, column), or the first cell of the merged range holding it."""
    for merged in sheet.merged_cells.ranges:
        if (row, column) in merged.cells:
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet.cell(row, column)


def _mark(cell: Any, reasons: list[str], fill: Any) -> None:
    from openpyxl.comments import Comment

    text = "\n".join(reasons)
    if cell.comment is not None:  # the clerk's own note stays, ours follows it
        text = f"{cell.comment.text}\n{text}"
    cell.fill = fill
    cell.comment = Comment(text, "covergraph", width=320, height=40 + 20 * text.count("\n"))


def _list_sheet(workbook: Any, problems: Sequence[Problem], lang: str) -> None:
    """Adds the sheet that lists every problem, with a title no sheet of the user's has."""
    base = title = SHEET_TITLES.get(lang, SHEET_TITLES["zh"])
    number = 1
    while title in workbook.sheetnames:
        number += 1
        title = f"{base} ({number})"
    sheet = workbook.create_sheet(title)
    sheet.append(LIST_HEADERS.get(lang, LIST_HEADERS["zh"]))
    for p in problems:
        _append(sheet, [p.source, p.line or None, p.column, p.value, p.reason(lang)])
    for letter, width in zip("ABCDE", (24, 8, 18, 24, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    if any(p.line <= 0 for p in problems):  # a problem of no cell is seen on opening
        workbook.active = workbook.sheetnames.index(title)


def _append(sheet: Any, values: Sequence[str | int | None]) -> None:
    """Appends a row whose texts are stored as texts: never run as a formula or taken for an
    error value, and without the control characters a workbook cannot hold."""
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell

    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith("=") or value in ERROR_CODES:
                cell = Cell(sheet, value=None)
                cell._value, cell.data_type = value, "s"  # set as is: no guessing
                row.append(cell)
                continue
        row.append(value)
    sheet.append(row)
