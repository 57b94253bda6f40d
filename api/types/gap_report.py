"""The GapReport type: the gaps as a file to download, built by the same writers as the CLI."""

from __future__ import annotations

import base64
from datetime import date

import strawberry

from api.types import scope
from api.types.request_info import Info, ask, context, day
from services.reports import ReportRequest
from services.reports.download import Download, build_download


@strawberry.type(description="A report of coverage gaps as a file: csv, json, xlsx or html.")
class GapReport:
    """A finished download: name, media type, base64 content and the number of gaps."""

    filename: str = strawberry.field(description="A name to save it under: gaps-SCOPE-DAY.EXT.")
    media_type: str = strawberry.field(description="The file's media type (MIME).")
    content_base64: str = strawberry.field(description="The file's bytes, base64-encoded.")
    gap_count: int = strawberry.field(description="How many gaps the file lists.")

    @classmethod
    def from_model(cls, model: Download) -> GapReport:
        """Wraps a download built by services.reports."""
        return cls(
            filename=model.filename,
            media_type=model.media_type,
            content_base64=base64.b64encode(model.content).decode("ascii"),
            gap_count=model.gap_count,
        )


async def gap_report(
    info: Info,
    format_name: str,
    scope_id: str | None,
    rules: list[str] | None,
    as_of: date | None,
    lang: str | None,
) -> GapReport:
    """Builds the report of the gaps coverageGaps lists, in the token's scope."""
    request = ReportRequest(
        day=day(info, as_of),
        scope_id=await scope.narrowed(info, scope_id),
        rules=None if rules is None else tuple(rules),
        thresholds=context(info).thresholds,
        lang=lang or context(info).lang,
    )
    found = await ask(info, build_download, format_name=format_name, request=request)
    return GapReport.from_model(found)
