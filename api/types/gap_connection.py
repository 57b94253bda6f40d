"""A page of coverage gaps in report order (Relay connection with keyset cursors)."""

from __future__ import annotations

from datetime import date

import strawberry

from api.errors import BadUserInput
from api.types.gap import Gap
from api.types.page import CountedConnection, Edge, count_all
from api.types.page_info import decode_cursor, encode_cursor
from domain.thresholds import GAP_RULES
from queries.records import Gap as GapModel
from queries.records import GapKey

KIND = "gap"


@strawberry.type(description="A gap of a page and the cursor to resume after it.")
class GapEdge(Edge[Gap]):
    """A gap and its cursor."""

    @classmethod
    def from_model(cls, model: GapModel, on: date) -> GapEdge:
        """Wraps a gap of the query layer on the day, its cursor its place in report order."""
        return cls(cursor=gap_cursor(model), node=Gap.from_model(model, on))


@strawberry.type(description="A page of coverage gaps, in report order.")
class GapConnection(CountedConnection[GapEdge]):
    """Edges of one page, page info, and the number of gaps over all pages."""

    total_count: int = strawberry.field(
        resolver=count_all, description="How many gaps all pages hold together."
    )


def gap_cursor(gap: GapModel) -> str:
    """Returns the cursor of a gap: its rule and sort key, which stay put as gaps come and go."""
    key = gap.key
    fields = [gap.rule, key.subject_id, list(key.related_ids), list(key.discriminator)]
    return encode_cursor(KIND, [*fields, key.occurrence] if key.occurrence else fields)


def gap_key(cursor: str | None) -> GapKey | None:
    """Returns the key an `after` cursor resumes behind."""
    if cursor is None:
        return None
    key = decode_cursor(KIND, cursor)
    try:
        rule, subject, related, disc, *occurrence = key
        index, repeated = GAP_RULES.index(rule), int(occurrence[0]) if occurrence else 0
        if len(occurrence) > 1 or repeated < 0:
            raise ValueError("a gap cursor has at most one occurrence, never negative")
        return GapKey(index, str(subject), tuple(related), tuple(disc), repeated)
    except (ValueError, TypeError) as error:
        raise BadUserInput(f"invalid cursor {cursor!r} for this list") from error
