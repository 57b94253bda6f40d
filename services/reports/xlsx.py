"""Gap reports as an .xlsx workbook: a summary sheet, then one sheet per rule, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import IO, Any

from queries.records import Gap
from services.exchange.formulas import xlsx_text
from services.exchange.writing import EXCEL_MAX_DATA_ROWS, MIN_WIDTH
from services.reports.head import ReportHead, by_rule
from services.reports.labels import gap_cells, headers, rule_name, word

WIDTH_SAMPLE = 500  # gaps of a rule held back to size its columns
MAX_WIDTH = 60  # the detail column may be wider than a dataset column
SUMMARY_HEADER_ROW = 6


def write_xlsx(head: ReportHead, gaps: Iterable[Gap], out: IO[bytes]) -> int:
    """Writes the workbook (write-only, so memory stays flat however many gaps stream in)."""
    from openpyxl import Workbook  # imported here: other formats should not pay for it

    workbook = Workbook(write_only=True)
    _write_summary(workbook, head)
    written = 0
    for rule, run in by_rule(head, gaps):
        written += _write_rule(workbook, rule_name(rule, head.lang), run, head.lang)
    workbook.save(out)
    return written


def _write_summary(workbook: Any, head: ReportHead) -> None:
    """Writes title, scope, day and time, then the count of each rule and the total."""
    lang = head.lang
    sheet = workbook.create_sheet(word("summary", lang))
    for letter, width in zip("ABC", (24, 40, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{SUMMARY_HEADER_ROW + 1}"
    sheet.append([_bold(sheet, word("title", lang))])
    sheet.append([word("scope", lang), xlsx_text(sheet, head.scope_text)])
    sheet.append([word("day", lang), head.day.isoformat()])
    sheet.append([word("generated_at", lang), head.generated_text])
    sheet.append([])
    sheet.append([_bold(sheet, h) for h in (*headers(lang)[:2], word("count", lang))])
    for rule, count in head.counts.items():
        sheet.append([rule_name(rule, lang), rule, count])
    sheet.append([_bold(sheet, word("total", lang)), None, _bold(sheet, head.total)])


def _write_rule(workbook: Any, name: str, gaps: Iterator[Gap], lang: str) -> int:
    """Writes one rule's gaps, on continuation sheets past Excel's row limit; returns the count."""
    sample = list(islice(gaps, WIDTH_SAMPLE))
    widths = column_widths(headers(lang), (gap_cells(g, lang) for g in sample))
    rows = (gap_cells(g, lang) for g in chain(sample, gaps))
    written, part, first = 0, 1, next(rows, None)
    while first is not None:
        title = name if part == 1 else f"{name} ({part})"
        written += _write_sheet(workbook, title, widths, lang, chain([first], rows))
        part, first = part + 1, next(rows, None)
    return written


def _write_sheet(
    workbook: Any, title: str, widths: list[float], lang: str, rows: Iterator[list[str]]
) -> int:
    """Writes a header and up to Excel's limit of rows, with frozen header and a filter."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    # Sizes and panes go out with the first row; the filter is written after the rows.
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, h) for h in headers(lang)])
    count = 0
    for row in islice(rows, EXCEL_MAX_DATA_ROWS):
        sheet.append([xlsx_text(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{count + 1}"
    return count


def column_widths(header: list[str], rows: Iterable[list[str]]) -> list[float]:
    """Returns a width for each column from its header and sampled cells, within bounds."""
    widest = [display_width(h) for h in header]
    for row in rows:
        widest = [max(w, display_width(v)) for w, v in zip(widest, row, strict=True)]
    return [float(min(max(w + 2, MIN_WIDTH), MAX_WIDTH)) for w in widest]


def display_width(text: str) -> int:
    """Returns the width of text in Excel's default font: Chinese characters take two columns."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _bold(sheet: Any, value: object) -> Any:
    """Returns a bold cell for a header, a title or the total."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(bold=True)
    return cell
