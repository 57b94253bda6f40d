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

from loaders.formulas import restore
from loaders.import_limits import ImportLimits, megabytes


class _Lines:
    """The lines of a file, refused once a row or the file is longer than its bound."""

    def __init__(self, handle: IO[str], limits: ImportLimits) -> None:
        self.handle, self.limits = handle, limits
        self.row_start = 0  # characters read before the row being read
        self.read = 0
        self.row = 1  # the spreadsheet row number of the row being read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.handle.readline(self.limits.row_characters + 1)
        if not line:
            raise StopIteration
        self.read += len(line)
        if self.read - self.row_start > self.limits.row_characters:
            raise self.limits.exceeded("row_too_long", "row_characters", self.row)
        if self.read > self.limits.file_bytes:  # the file grew after its size was checked
            raise self.limits.exceeded("file_too_large", "file_mb", size=megabytes(self.read))
        return line


def open_csv(path: Path, limits: ImportLimits) -> IO[str]:
    """Opens a CSV file of a dataset as text (a BOM is tolerated), refusing one past the size
    bound before reading any of it."""
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise limits.exceeded("file_too_large", "file_mb", size=megabytes(size))
    return path.open(encoding="utf-8-sig", newline="")


def csv_rows(handle: IO[str], limits: ImportLimits) -> Iterator[list[str]]:
    """Yields the rows of a CSV file, header first; raises LimitExceeded past a bound."""
    lines = _Lines(handle, limits)
    for number, row in enumerate(csv.reader(lines), start=1):
        if number > limits.rows + 1:  # the header is not a row of the table
            raise limits.exceeded("too_many_rows", "rows")
        if len(row) > limits.columns:
            raise limits.exceeded("too_many_columns", "columns", number)
        lines.row_start, lines.row = lines.read, number + 1
        yield [restore(cell) if cell[:1] == "'" else cell for cell in row]
