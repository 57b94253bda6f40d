"""Text a spreadsheet would run as a formula: refused on import, never written as one.

Excel, WPS and LibreOffice evaluate a cell whose text starts with =, +, - or @ (and some trim a
leading tab or carriage return first), so a name like =HYPERLINK(…) in a CSV file becomes a live
link or worse in the clerk's spreadsheet (OWASP: CSV injection). Following OWASP, every CSV file
covergraph writes quotes every field and puts a single quote before such a text; xlsx cells
holding such a text are typed as text. The importer and the edits refuse it in names (the rule,
`is_formula`, is in domain/cells.py), so normally none is stored; the writers protect whatever is.

The exchange-format writer, the gap reports and the audit export all write through it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any, Literal, TypeVar

from domain.cells import FORMULA_STARTS, is_formula

V = TypeVar("V")

QUOTE = "'"
# What follows the quote in a neutralised text: after a quote that starts the text itself, a
# second quote keeps the original recoverable ("'=1" is written "''=1").
_QUOTED_STARTS = (*FORMULA_STARTS, QUOTE)


def neutralise(value: V) -> V:
    """Returns a cell value as a CSV file for people holds it: a text starting like a formula
    gets a single quote in front; other values are unchanged."""
    if isinstance(value, str) and (is_formula(value) or restore(value) != value):
        return QUOTE + value  # type: ignore[return-value]
    return value


def restore(text: str) -> str:
    """Returns the value neutralise was given: drops the quote it put in front."""
    if text.startswith(QUOTE) and text[1:].startswith(_QUOTED_STARTS):
        return text[1:]
    return text


class SpreadsheetCsv:
    """Writes CSV rows for a spreadsheet: formula-like text neutralised, every field quoted.

    Quoting every field keeps a separator inside a value from starting a new cell in a
    spreadsheet that splits on another character (a semicolon in many locales). The exchange
    format asks for minimal quoting, so that a file of ordinary values stays as it always was."""

    def __init__(self, handle: IO[str], *, quote_all: bool = True) -> None:
        quoting: Literal[0, 1] = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
        self._writer = csv.writer(handle, quoting=quoting, lineterminator="\n")

    def writerow(self, cells: Iterable[object]) -> None:
        """Writes one row."""
        self._writer.writerow([neutralise(cell) for cell in cells])


def xlsx_text(sheet: Any, value: str) -> Any:
    """Returns a text for a write-only sheet so that Excel stores it as text: never a formula or
    an error value, and without the control characters a workbook cannot hold."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    # openpyxl guesses a formula from a leading = and an error value from #N/A and the like.
    if not value.startswith("=") and value not in ERROR_CODES:
        return value  # openpyxl stores any other text as text, and a plain value streams faster
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell
