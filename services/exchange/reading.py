"""Reads a dataset from an .xlsx workbook or a folder of CSV files (docs/exchange-format.md),
streaming rows."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from domain.cells import PROBLEM_PARAMS, cell_text, normalise, parse_cell, shown
from domain.dataset import Dataset, Row, Value
from domain.problems import Problem
from domain.tables import PERIOD_TABLES, TABLES, Column, Table
from services.exchange.archive import bounded_archive_check
from services.exchange.csv_rows import csv_rows, open_csv
from services.exchange.import_limits import ImportLimits, LimitExceeded, import_limits

# What a damaged sheet part raises while it is streamed.
_DAMAGED = (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile, ParseError)
_TABLE_NAMES: dict[str, Table] = {normalise(n): t for t in TABLES for n in (t.name, t.zh)}


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
        table = _TABLE_NAMES.get(normalise(name))
        if table is None:
            return None
        if table.name in self.seen:
            self.problem(source, "duplicate_table", other=self.seen[table.name])
            return None
        self.seen[table.name] = source
        return table

    def _read_rows(self, table: Table, source: str, rows: Iterable[Sequence[Any]]) -> None:
        iterator = iter(rows)
        columns = self._header(table, source, next(iterator, ()))
        target = self.dataset.rows(table.name)
        for line, cells in enumerate(iterator, start=2):
            if any(cell_text(cell) is not None for cell in cells):
                values = self._parse_row(table, source, line, columns, cells)
                target.append(Row(values, source, line))

    def _header(
        self, table: Table, source: str, cells: Sequence[Any]
    ) -> list[tuple[int, Column, str]]:
        names = {normalise(n): c for c in table.columns for n in (c.name, c.zh)}
        found: dict[str, str] = {}
        columns = []
        for index, cell in enumerate(cells):
            text = cell_text(cell)
            column = names.get(normalise(text)) if text else None
            if column is None:
                continue
            if column.name in found:
                self.problem(source, "duplicate_column", 1, text or "", other=found[column.name])
                continue
            found[column.name] = text or ""
            columns.append((index, column, text or ""))
        for column in table.columns:
            if column.required and column.name not in found:
                self.problem(source, "missing_column", 0, header_of(table, column, source))
        return columns

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


def _brief(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]
