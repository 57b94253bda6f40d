"""The bounds on every file an import reads, each with its default and environment variable.

The defaults leave room for a province ledger: the province demo's largest CSV file is 48 MB
with 1.8 million rows, and written as one workbook it would unpack to 972 MB of XML
(docs/security.md). The variables are declared in domain/settings.py (ImportSettings) and read
at each load by import_limits().
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.settings import ImportSettings, read, variables

MB = 1024 * 1024
EXCEL_MAX_ROWS = 1_048_576  # no sheet of a real workbook has more, whatever the setting says
# A CSV row may be this many characters per allowed column; Excel's cells hold at most 32,767,
# but a ledger's cells are short, and the bound keeps one line from filling memory.
CHARACTERS_PER_COLUMN = 1024

VARIABLES: dict[str, str] = variables(ImportSettings)  # bound -> its variable
_DEFAULT = ImportSettings.model_construct()  # the declared defaults, no variable read
# Bounds derived from another one, and so set by its variable.
_SET_BY = {"sheet_rows": "rows", "row_characters": "columns"}


class LimitExceeded(Exception):
    """A file past one of the bounds: the problem code and its message's parameters."""

    def __init__(self, code: str, line: int = 0, **params: Any) -> None:
        super().__init__(code, params)
        self.code, self.line, self.params = code, line, params


@dataclass(frozen=True)
class ImportLimits:
    """The bounds of one import: sizes in MB, counts of entries, sheets, rows and columns; the
    defaults are those declared in domain/settings.py (ImportSettings)."""

    file_mb: int = _DEFAULT.file_mb  # a workbook, or one CSV file of a folder, as stored
    unpacked_mb: int = _DEFAULT.unpacked_mb  # all entries of a workbook together, unpacked
    entries: int = _DEFAULT.entries  # entries in a workbook's zip directory
    sheets: int = _DEFAULT.sheets  # sheets a workbook declares
    rows: int = _DEFAULT.rows  # rows of one CSV file or sheet (a sheet never past EXCEL_MAX_ROWS)
    columns: int = _DEFAULT.columns  # cells of one row

    @property
    def file_bytes(self) -> int:
        """Returns the largest file, in bytes."""
        return self.file_mb * MB

    @property
    def unpacked_bytes(self) -> int:
        """Returns the most bytes a workbook's entries may unpack to."""
        return self.unpacked_mb * MB

    @property
    def sheet_rows(self) -> int:
        """Returns the most rows a sheet of a workbook may have."""
        return min(self.rows, EXCEL_MAX_ROWS)

    @property
    def row_characters(self) -> int:
        """Returns the most characters one CSV row may have."""
        return self.columns * CHARACTERS_PER_COLUMN

    def exceeded(self, code: str, key: str, line: int = 0, **params: Any) -> LimitExceeded:
        """Returns the refusal of a file past the bound `key`, naming its limit and variable."""
        value: int = getattr(self, key)
        shown = f"{value:,} MB" if key.endswith("_mb") else f"{value:,}"
        variable = VARIABLES[_SET_BY.get(key, key)]
        return LimitExceeded(code, line, limit=shown, variable=variable, **params)


def megabytes(size: int) -> str:
    """Returns a size as a message shows it: "12.3 MB"."""
    return f"{size / MB:,.1f} MB"


def import_limits(environ: Mapping[str, str] | None = None) -> ImportLimits:
    """Reads every bound from its variable, the default where it is unset; a value that is not
    a whole number of at least 1 raises ValueError (SettingsError) naming the variable."""
    return ImportLimits(**read(ImportSettings, environ).model_dump())
