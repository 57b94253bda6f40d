"""Where a table sits in a clerk's sheet: the header row below any title rows, and which rows
below it are data rather than blank separators or notes (docs/exchange-format.md, "Ledgers as
clerks keep them").

A real ledger opens with a title (「湖山县党组织台账（截至2025年6月30日）」, often merged across
the table), may number its rows in a 序号 column, and ends with notes such as 「注：…」 or
「填表人：…」. Taking the first row as the header would make every column "missing" and every
row a duplicate, so the header is the row among the first few that names most of the table's
columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from domain.cells import cell_text, normalise
from domain.tables import Column, Table

HEADER_SCAN_ROWS = 10  # title rows above a header are one or two; ten leaves room for a preface
# Marks a template puts on a header: "*组织编码", "组织编码（必填）", "name (required)".
_HEADER_MARKS = re.compile(r"^[*※]+|[*※]+$|[(（](必填|选填|required|optional)[)）]$")
# How a note under a table begins: 注：…, 备注：…, 说明：…, 填表人：…, 审核人：…, Note: …
_NOTE = re.compile(
    r"^(注|备注|说明|附注|填表人|填报人|制表人|审核人|负责人|联系人|联系电话|填表日期|"
    r"填报日期|制表日期|填报单位|notes?\b)",
    re.IGNORECASE,
)


def header_key(text: str) -> str:
    """Returns a header cell as matched: spaces and line breaks removed, full width folded,
    case folded, a template's required mark left out."""
    return _HEADER_MARKS.sub("", normalise(text))


def column_names(table: Table) -> dict[str, Column]:
    """Returns the table's columns by every name a header may give them (English or Chinese)."""
    return {header_key(n): c for c in table.columns for n in (c.name, c.zh)}


def header_score(cells: Sequence[Any], names: dict[str, Column]) -> int:
    """Returns how many of the table's columns a row names."""
    found = set()
    for cell in cells:
        text = cell_text(cell)
        column = names.get(header_key(text)) if text else None
        if column is not None:
            found.add(column.name)
    return len(found)


def find_header(rows: Sequence[Sequence[Any]], names: dict[str, Column]) -> int | None:
    """Returns the index of the row that names most of the table's columns (the first of
    equals), or None when no row names any."""
    best, best_score = None, 0
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = header_score(cells, names)
        if score > best_score:
            best, best_score = index, score
    return best


@dataclass
class Layout:
    """The header's columns (cell index, column, header as shown) and where the table starts."""

    columns: list[tuple[int, Column, str]]
    first: int  # index of the leftmost header cell that names a column

    def data_rows(self, rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Any]]:
        """Yields the (row number, cells) of data rows; blank rows (nothing in the table's
        columns, whatever a 序号 or a remark column holds) and notes are passed over."""
        gap = tail = False  # a blank row since the last data row; notes have begun
        for line, cells in rows:
            if not self._has_data(cells):
                gap = gap or self._is_blank(cells)
                continue
            if self._is_note(cells, after_gap=gap or tail):
                tail = True
                continue
            gap = tail = False
            yield line, cells

    def _has_data(self, cells: Sequence[Any]) -> bool:
        return any(i < len(cells) and cell_text(cells[i]) is not None for i, _, _ in self.columns)

    @staticmethod
    def _is_blank(cells: Sequence[Any]) -> bool:
        return all(cell_text(cell) is None for cell in cells)

    def _is_note(self, cells: Sequence[Any], *, after_gap: bool) -> bool:
        filled = [(i, t) for i, cell in enumerate(cells) if (t := cell_text(cell)) is not None]
        if len(filled) != 1:
            return False
        index, text = filled[0]
        # A note stands alone in its row, at the table's left edge or before it.
        if index > self.first:
            return False
        return after_gap or _NOTE.match(normalise(text)) is not None
