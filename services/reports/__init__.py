"""Gap reports (CSV, JSON, xlsx, HTML) streamed from the graph, for the command line and the API."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from queries.records import Gap
from services.reports.delimited import write_csv, write_json
from services.reports.head import ReportHead, ReportRequest, report_gaps, report_head
from services.reports.html import write_html
from services.reports.xlsx import write_xlsx

Writer = Callable[[ReportHead, Iterable[Gap], IO[bytes]], int]


@dataclass(frozen=True)
class Format:
    """A file format of the reports: its writer, file suffix and media type."""

    write: Writer
    suffix: str
    media_type: str


FORMATS: dict[str, Format] = {
    "csv": Format(write_csv, "csv", "text/csv; charset=utf-8"),
    "json": Format(write_json, "json", "application/json"),
    "xlsx": Format(
        write_xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "html": Format(write_html, "html", "text/html; charset=utf-8"),
}

__all__ = [
    "FORMATS",
    "Format",
    "ReportHead",
    "ReportRequest",
    "file_name",
    "report_format",
    "report_gaps",
    "report_head",
    "write_file",
]


def report_format(name: str) -> Format:
    """Returns the format of this name, or raises ValueError listing the known ones."""
    if name not in FORMATS:
        raise ValueError(f"unknown report format {name!r}: use one of {', '.join(FORMATS)}")
    return FORMATS[name]


def file_name(head: ReportHead, name: str) -> str:
    """Returns the file name a download of the report gets: gaps-SCOPE-DAY.SUFFIX."""
    scope = head.scope.id if head.scope else "all"
    return f"gaps-{scope}-{head.day.isoformat()}.{FORMATS[name].suffix}"


def write_file(name: str, head: ReportHead, gaps: Iterable[Gap], path: Path) -> int:
    """Writes the report to a file, which appears whole under its name or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as out:
            written = report_format(name).write(head, gaps, out)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return written
