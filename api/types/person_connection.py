"""A page of people in id order (Relay connection with keyset cursors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import strawberry

from api.types.page_info import PageInfo, encode_cursor, id_after
from api.types.person import Person
from api.types.person_edge import PersonEdge
from queries.people import Person as PersonModel

KIND = "person"


@strawberry.type(description="A page of people, ordered by id.")
class PersonConnection:
    """Edges of one page, page info, and the total over all pages."""

    edges: list[PersonEdge]
    page_info: PageInfo
    counter: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many people all pages hold together.")
    async def total_count(self) -> int:
        return await self.counter()

    @classmethod
    def from_rows(
        cls, rows: Sequence[PersonModel], first: int, counter: Callable[[], Awaitable[int]]
    ) -> PersonConnection:
        """Builds a page from up to first + 1 rows (the extra one tells that more follow)."""
        edges = [
            PersonEdge(cursor=encode_cursor(KIND, [r.id]), node=Person.from_model(r))
            for r in rows[:first]
        ]
        end = edges[-1].cursor if edges else None
        info = PageInfo(has_next_page=len(rows) > first, end_cursor=end)
        return cls(edges=edges, page_info=info, counter=counter)


def after_key(after: str | None) -> str | None:
    """Returns the id an `after` cursor of this list resumes behind."""
    return id_after(KIND, after)
