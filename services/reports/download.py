"""A gap report built in memory for a download from the API, refused when too large."""

from __future__ import annotations

import io
from dataclasses import dataclass

from neo4j import Driver

from services.reports import ReportRequest, file_name, report_format, report_gaps, report_head

MAX_DOWNLOAD_GAPS = 200_000  # a sweep larger than this belongs to `covergraph gaps`


@dataclass(frozen=True)
class Download:
    """A finished report: file name, media type, bytes and the number of gaps in it."""

    filename: str
    media_type: str
    content: bytes
    gap_count: int


def build_download(
    *,
    driver: Driver,
    database: str,
    format_name: str,
    request: ReportRequest,
    max_gaps: int = MAX_DOWNLOAD_GAPS,
) -> Download:
    """Builds the report in memory; a ValueError names a bad format or too many gaps."""
    chosen = report_format(format_name)
    head = report_head(driver=driver, database=database, request=request)
    if head.total > max_gaps:
        raise ValueError(
            f"the report holds {head.total} gaps, more than {max_gaps} for a download: "
            "narrow it with scopeId or rules, or run `covergraph gaps` on the server"
        )
    buffer = io.BytesIO()
    gaps = report_gaps(driver=driver, database=database, request=request)
    written = chosen.write(head, gaps, buffer)
    return Download(file_name(head, format_name), chosen.media_type, buffer.getvalue(), written)
