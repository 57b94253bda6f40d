"""Gap reports as CSV (one row a gap) and JSON (a header and a list), written as they stream."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from queries.gap_details import detail
from queries.records import Gap
from services.exchange.formulas import SpreadsheetCsv
from services.reports.head import ReportHead
from services.reports.labels import LANGS, SUBJECT_KINDS, gap_cells, headers, rule_name


@contextmanager
def text_stream(out: IO[bytes], *, bom: bool = False) -> Iterator[IO[str]]:
    """Yields a UTF-8 text stream over a binary one, flushed and detached (not closed) after."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    try:
        yield text
    finally:
        text.flush()
        text.detach()


def write_csv(head: ReportHead, gaps: Iterable[Gap], out: IO[bytes], *, bom: bool = True) -> int:
    """Writes the header row and one row per gap; a BOM lets spreadsheet programs see UTF-8.
    Names and details that would run as formulas get a quote in front (exchange/formulas.py)."""
    written = 0
    with text_stream(out, bom=bom) as text:
        writer = SpreadsheetCsv(text)
        writer.writerow(headers(head.lang))
        for gap in gaps:
            writer.writerow(gap_cells(gap, head.lang))
            written += 1
    return written


def json_head(head: ReportHead) -> dict[str, Any]:
    """Returns the report's header as JSON values."""
    scope = None if head.scope is None else {"id": head.scope.id, "name": head.scope.name}
    return {
        "scope": scope,
        "day": head.day.isoformat(),
        "generated_at": head.generated_at.isoformat(timespec="seconds"),
        "lang": head.lang,
        "counts": head.counts,
        "total": head.total,
    }


def json_gap(gap: Gap, lang: str) -> dict[str, Any]:
    """Returns one gap as JSON values: codes and ids as they are, names and detail in words."""
    kind = SUBJECT_KINDS[gap.subject.label][LANGS.index(lang)]
    return {
        "rule": gap.rule,
        "rule_name": rule_name(gap.rule, lang),
        "subject": {**_node(gap.subject), "kind": kind},
        "related": [_node(n) for n in gap.related],
        "detail": detail(gap, lang),
    }


def _node(node: Any) -> dict[str, str]:
    """Returns a node as JSON values: id, name and label."""
    return {"id": node.id, "name": node.name, "label": node.label}


def write_json(head: ReportHead, gaps: Iterable[Gap], out: IO[bytes]) -> int:
    """Writes {header…, "gaps": [...]}, one gap a line, without holding the list in memory."""
    written = 0
    with text_stream(out) as text:
        opening = json.dumps(json_head(head), ensure_ascii=False, indent=2)
        text.write(opening[:-2] + ',\n  "gaps": [')
        for gap in gaps:
            text.write("\n    " if written == 0 else ",\n    ")
            text.write(json.dumps(json_gap(gap, head.lang), ensure_ascii=False))
            written += 1
        text.write("\n  ]\n}\n" if written else "]\n}\n")
    return written
