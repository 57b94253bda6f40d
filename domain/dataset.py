"""A dataset in memory: the rows of every table of the exchange format, typed, with their source."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.tables import TABLES

# A parsed cell: text and ids as str, counts as int, dates as date, empty cells as None.
Value = str | int | date | None


@dataclass(slots=True)
class Row:
    """One row: values by English column name, and its origin for error messages."""

    values: dict[str, Value]
    source: str = ""  # file name or sheet name as the user gave it
    line: int = 0  # row number as a spreadsheet shows it (the header is row 1)

    def __getitem__(self, column: str) -> Value:
        return self.values.get(column)


@dataclass
class Dataset:
    """All tables of one dataset; every table of the exchange format is present, possibly empty."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t.name: [] for t in TABLES})
    # Tables whose file or sheet could not be read whole (a required column missing, no
    # header): their rows are left out, and so is every check their absence would set off.
    incomplete: set[str] = field(default_factory=set)

    def rows(self, table: str) -> list[Row]:
        """Returns the rows of one table."""
        return self.tables[table]

    def add(self, table: str, source: str = "", line: int = 0, **values: Value) -> Row:
        """Appends a row built from keyword values (used by generators and tests)."""
        row = Row(dict(values), source, line)
        self.tables[table].append(row)
        return row

    def row_count(self) -> int:
        """Returns the number of rows over all tables."""
        return sum(len(rows) for rows in self.tables.values())
