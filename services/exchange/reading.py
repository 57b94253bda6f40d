"""Reads a dataset from an .xlsx workbook or a folder of CSV files (docs/exchange-format.md),
streaming rows."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from domain.cells import PROBLEM_PARAMS, cell_text, fold_width, normalise, parse_cell, shown
from domain.dataset import Dataset, Row, Value
from domain.problems import Problem
from domain.tables import PERIOD_TABLES, TABLES, Column, Table
from services.exchange.archive import bounded_archive_check
from services.exchange.csv_rows import csv_rows, open_csv
from services.exchange.import_limits import ImportLimits, LimitExceeded, import_limits
from services.exchange.sheet_layout import (
    HEADER_SCAN_ROWS,
    Layout,
    column_names,
    find_header,
    header_key,
)

# What a damaged sheet part raises while it is streamed.
_DAMAGED = (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile, ParseError)
_TABLE_NAMES: dict[str, Table] = {normalise(n): t for t in TABLES for n in (t.name, t.zh)}


def table_named(name: str) -> Table | None:
    """Returns the table a sheet or CSV file stem names (English or Chinese), if any."""
    return _TABLE_NAMES.get(normalise(name))


def is_chinese_source(source: str, table: Table) -> bool:
    """Tells whether a file or sheet name is the table's Chinese name (so headers are Chinese)."""
    stem = source[:-4] if source.lower().endswith(".csv") else source
    return normalise(stem) == normalise(table.zh)


def header_of(table: Table, column: Column, source: str) -> str:
    """Returns the header a column most likely has in the user's file or sheet."""
    return column.zh if is_chinese_source(source, table) else column.name


def read_dataset(path: Path, limits: ImportLimits | None = None) -> tuple[Dataset, list[Problem]]:
    """Reads a workbook or CSV folder into a Dataset, with every problem found on the way;
    a file past the import bounds (services/exchange/import_limits.py) is refused unread."""
    reader = _Reader(limits or import_limits())
    if not path.exists():
        reader.problem(str(path), "unreadable_file", reason="not_found")
    elif path.is_dir():
        reader.read_folder(path)
    elif path.suffix.lower() == ".xlsx":
        reader.read_workbook(path)
    else:
        reader.problem(str(path), "unreadable_file", reason="not_a_dataset")
    if path.exists() and not reader.seen and not reader.problems:
        reader.problem(str(path), "no_tables")
    return reader.dataset, reader.problems


class _Reader:
    """Collects rows and problems while one dataset is read."""

    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.dataset = Dataset()
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}  # table name -> the source it was read from

    def problem(
        self,
        source: str,
        code: str,
        line: int = 0,
        column: str = "",
        value: str = "",
        **params: Any,
    ) -> None:
        """Records one problem."""
        self.problems.append(Problem(source, line, column, value, code, params))

    def read_folder(self, folder: Path) -> None:
        """Reads every CSV file of a folder whose name is a table's."""
        for file in sorted(folder.iterdir()):
            if file.is_file() and file.suffix.lower() == ".csv":
                table = self._claim(file.name, file.stem)
                if table is not None:
                    self._read_csv(table, file)

    def read_workbook(self, path: Path) -> None:
        """Reads every sheet of a workbook whose name is a table's."""
        import openpyxl  # imported here: CSV-only runs should not pay for it

        refused = bounded_archive_check(path, name=path.name, limits=self.limits)
        if refused is not None:  # a workbook is a zip: bounded before openpyxl unpacks any of it
            self.problems.append(refused)
            return
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
            self.problem(path.name, "unreadable_file", reason="corrupt", detail=_brief(exc))
            return
        try:
            self._read_sheets(workbook)
        finally:
            workbook.close()

    def _read_sheets(self, workbook: Any) -> None:
        for sheet in workbook.worksheets:
            table = self._claim(sheet.title, sheet.title)
            if table is None or not hasattr(sheet, "reset_dimensions"):
                continue
            # Some writers store a wrong sheet size; forget it so every row is read.
            sheet.reset_dimensions()
            try:
                self._read_rows(table, sheet.title, sheet.iter_rows(values_only=True))
            except _DAMAGED as exc:  # a damaged sheet part; report it like a damaged file
                self.problem(sheet.title, "unreadable_file", reason="corrupt", detail=_brief(exc))

    def _read_csv(self, table: Table, file: Path) -> None:
        try:
            with open_csv(file, self.limits) as handle:
                self._read_rows(table, file.name, csv_rows(handle, self.limits))
        except LimitExceeded as refused:
            self.problem(file.name, refused.code, refused.line, **refused.params)
        except UnicodeDecodeError:
            self.problem(file.name, "bad_encoding")
        except (OSError, csv.Error) as exc:
            self.problem(file.name, "unreadable_file", reason="corrupt", detail=_brief(exc))

    def _claim(self, source: str, name: str) -> Table | None:
        table = table_named(name)
        if table is None:
            return None
        if table.name in self.seen:
            self.problem(source, "duplicate_table", other=self.seen[table.name])
            return None
        self.seen[table.name] = source
        return table

    def _read_rows(self, table: Table, source: str, rows: Iterable[Sequence[Any]]) -> None:
        # Rows are numbered as the spreadsheet shows them, title rows above the header counted.
        numbered = enumerate(rows, start=1)
        top = list(islice(numbered, HEADER_SCAN_ROWS))
        names = column_names(table)
        found = find_header([cells for _, cells in top], names)
        if found is None:
            self.problem(
                source, "no_header", 0, rows=HEADER_SCAN_ROWS, example=_example(table, source)
            )
            self.dataset.incomplete.add(table.name)
            return
        layout = self._header(table, source, top[found], names)
        complete = table.name not in self.dataset.incomplete
        target = self.dataset.rows(table.name)
        for line, cells in layout.data_rows(chain(top[found + 1 :], numbered)):
            values = self._parse_row(table, source, line, layout.columns, cells)
            if complete:  # a table without a required column is reported once, not row by row
                target.append(Row(values, source, line))

    def _header(
        self, table: Table, source: str, header: tuple[int, Sequence[Any]], names: dict[str, Column]
    ) -> Layout:
        line, cells = header
        found: dict[str, str] = {}
        columns = []
        for index, cell in enumerate(cells):
            text = cell_text(cell)
            column = names.get(header_key(text)) if text else None
            if column is None or text is None:
                continue
            shown = _header_shown(column, text)
            if column.name in found:
                self.problem(source, "duplicate_column", line, shown, other=found[column.name])
                continue
            found[column.name] = shown
            columns.append((index, column, shown))
        for column in table.columns:
            if column.required and column.name not in found:
                self.problem(source, "missing_column", 0, header_of(table, column, source))
                self.dataset.incomplete.add(table.name)
        return Layout(columns, min(index for index, _, _ in columns))

    def _parse_row(
        self,
        table: Table,
        source: str,
        line: int,
        columns: list[tuple[int, Column, str]],
        cells: Sequence[Any],
    ) -> dict[str, Value]:
        # A personal column the file lacks stays absent: the import then leaves it as stored.
        values: dict[str, Value] = dict.fromkeys(c.name for c in table.columns if not c.personal)
        for index, column, header in columns:
            raw = cells[index] if index < len(cells) else None
            value, code = parse_cell(column, raw)
            if code is None and value is None and column.required:
                code = "required"
            if code is not None:
                params = PROBLEM_PARAMS.get(code, lambda c: {})(column)
                self.problem(source, code, line, header, shown(raw), **params)
            values[column.name] = value
        if table.name in PERIOD_TABLES:
            self._check_period(source, line, columns, values)
        return values

    def _check_period(
        self,
        source: str,
        line: int,
        columns: list[tuple[int, Column, str]],
        values: dict[str, Value],
    ) -> None:
        start, end = values.get("start"), values.get("end")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            header = next(h for _, c, h in columns if c.name == "end")
            self.problem(
                source, "start_after_end", line, header, end.isoformat(), start=start.isoformat()
            )


def _header_shown(column: Column, text: str) -> str:
    """Returns a header as a message names it: as written, unless its line breaks, spaces or
    full-width letters would make the message hard to read; then the column's own name."""
    if "".join(fold_width(text).split()) == text:
        return text
    return column.zh if header_key(text) == header_key(column.zh) else column.name


def _example(table: Table, source: str) -> str:
    """Returns the first required headers of a table, as a message suggests them."""
    zh = is_chinese_source(source, table)
    names = [c.zh if zh else c.name for c in table.columns if c.required][:3]
    return ("、" if zh else ", ").join(names)


def _brief(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]
