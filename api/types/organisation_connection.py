"""A page of organisations in id order (Relay connection with keyset cursors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import strawberry

from api.types.organisation import Organisation
from api.types.organisation_edge import OrganisationEdge
from api.types.page_info import PageInfo, encode_cursor, id_after, page_size
from queries.organisations import Organisation as OrganisationModel

KIND = "organisation"


@strawberry.type(description="A page of organisations, ordered by id.")
class OrganisationConnection:
    """Edges of one page, page info, and the total over all pages."""

    edges: list[OrganisationEdge]
    page_info: PageInfo
    counter: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many organisations all pages hold together.")
    async def total_count(self) -> int:
        return await self.counter()

    @classmethod
    def from_rows(
        cls,
        rows: Sequence[OrganisationModel],
        first: int,
        counter: Callable[[], Awaitable[int]],
    ) -> OrganisationConnection:
        """Builds a page from up to first + 1 rows (the extra one tells that more follow)."""
        page = list(rows[:first])
        edges = [
            OrganisationEdge(cursor=encode_cursor(KIND, [r.id]), node=Organisation.from_model(r))
            for r in page
        ]
        end = edges[-1].cursor if edges else None
        return cls(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > first, end_cursor=end),
            counter=counter,
        )

    @classmethod
    def from_list(
        cls, rows: Sequence[OrganisationModel], first: int | None, after: str | None
    ) -> OrganisationConnection:
        """Pages a complete list sorted by id."""
        size, start = page_size(first), after_key(after)
        rest = [r for r in rows if start is None or r.id > start]

        async def total() -> int:
            return len(rows)

        return cls.from_rows(rest[: size + 1], size, total)


def after_key(after: str | None) -> str | None:
    """Returns the id an `after` cursor of this list resumes behind."""
    return id_after(KIND, after)
