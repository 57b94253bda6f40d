"""A page of coverage gaps in report order (Relay connection with keyset cursors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import strawberry

from api.errors import BadUserInput
from api.types.gap import Gap
from api.types.gap_edge import GapEdge
from api.types.page_info import PageInfo, decode_cursor, encode_cursor
from domain.thresholds import GAP_RULES
from queries.records import Gap as GapModel
from queries.records import GapKey

KIND = "gap"


@strawberry.type(description="A page of coverage gaps, in report order.")
class GapConnection:
    """Edges of one page, page info, and the number of gaps over all pages."""

    edges: list[GapEdge]
    page_info: PageInfo
    counter: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many gaps all pages hold together.")
    async def total_count(self) -> int:
        return await self.counter()

    @classmethod
    def from_rows(
        cls, rows: Sequence[GapModel], first: int, counter: Callable[[], Awaitable[int]]
    ) -> GapConnection:
        """Builds a page from up to first + 1 gaps (the extra one tells that more follow)."""
        edges = [GapEdge(cursor=gap_cursor(g), node=Gap.from_model(g)) for g in rows[:first]]
        end = edges[-1].cursor if edges else None
        info = PageInfo(has_next_page=len(rows) > first, end_cursor=end)
        return cls(edges=edges, page_info=info, counter=counter)


def gap_cursor(gap: GapModel) -> str:
    """Returns the cursor of a gap: its rule and sort key, which stay put as gaps come and go."""
    key = gap.key
    return encode_cursor(
        KIND, [gap.rule, key.subject_id, list(key.related_ids), list(key.discriminator)]
    )


def gap_key(cursor: str | None) -> GapKey | None:
    """Returns the key an `after` cursor resumes behind."""
    if cursor is None:
        return None
    key = decode_cursor(KIND, cursor)
    try:
        rule, subject, related, disc = key
        return GapKey(GAP_RULES.index(rule), str(subject), tuple(related), tuple(disc))
    except (ValueError, TypeError) as error:
        raise BadUserInput(f"invalid cursor {cursor!r} for this list") from error
