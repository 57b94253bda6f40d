"""The rows of one CSV file of a dataset, read within the import bounds.

csv.reader builds a whole row before it hands it on, and a file object reads a whole line, so a
file of one endless line or a row of a million fields would fill memory first. The lines are
read here at most a row's allowance at a time, and rows, cells and characters are counted as
they go; a quote the exchange-format writer put before a formula-like text comes off again.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from services.exchange.formulas import QUOTE, restore
from services.exchange.import_limits import ImportLimits, megabytes


def open_csv(path: Path, limits: ImportLimits) -> IO[str]:
    """Opens a CSV file of a dataset as text (a BOM is tolerated), refusing one past the size
    bound before reading any of it."""
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise limits.exceeded("file_too_large", "file_mb", size=megabytes(size))
    return path.open(encoding="utf-8-sig", newline="")


class _Progress:
    """Where the reading is: characters read, where the current row began, its number."""

    def __init__(self) -> None:
        self.read = self.row_start = 0
        self.row = 1  # as a spreadsheet numbers it: the header is row 1
        self.quoted = False  # whether the current row holds a quote at all


def _lines(handle: IO[str], limits: ImportLimits, at: _Progress) -> Iterator[str]:
    """Yields the file's lines, refusing a row or a file longer than its bound."""
    readline, most = handle.readline, limits.row_characters  # bound once: called every line
    while line := readline(most + 1):
        at.read += len(line)
        at.quoted = at.quoted or QUOTE in line
        if at.read - at.row_start > most:
            raise limits.exceeded("row_too_long", "row_characters", at.row)
        if at.read > limits.file_bytes:  # the file grew after its size was checked
            raise limits.exceeded("file_too_large", "file_mb", size=megabytes(at.read))
        yield line


def csv_rows(handle: IO[str], limits: ImportLimits) -> Iterator[list[str]]:
    """Yields the rows of a CSV file, header first; raises LimitExceeded past a bound."""
    at = _Progress()
    for row in csv.reader(_lines(handle, limits, at)):
        if at.row > limits.rows + 1:  # the header is not a row of the table
            raise limits.exceeded("too_many_rows", "rows")
        if len(row) > limits.columns:
            raise limits.exceeded("too_many_columns", "columns", at.row)
        if at.quoted:
            row = [restore(cell) for cell in row]
        at.row_start, at.row, at.quoted = at.read, at.row + 1, False
        yield row
