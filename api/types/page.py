"""The generic Relay page: a Connection of Edges, each list's own a small subclass of both.

Strawberry would name `Connection[Organisation]` OrganisationConnection by itself, but the
schema describes every page and edge in its own words, so each list declares its subclasses
(api/types/*_connection.py) with their descriptions, their cursors and what totalCount counts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, Self, TypeVar

import strawberry

from api.types.page_info import PageInfo

N = TypeVar("N")  # the node of an edge
E = TypeVar("E", bound="Edge[Any]")  # the edge of a connection
R = TypeVar("R")  # a row of the query layer
Counter = Callable[[], Awaitable[int]]


@strawberry.type
class Edge(Generic[N]):
    """A node of a page and the cursor to resume after it."""

    cursor: str
    node: N


@strawberry.type
class Connection(Generic[E]):
    """Edges of one page and page info."""

    edges: list[E]
    page_info: PageInfo

    @classmethod
    def page(cls, rows: Sequence[R], first: int, edge: Callable[[R], E], **extra: Any) -> Self:
        """Builds a page from up to first + 1 rows (the extra one tells that more follow)."""
        edges = [edge(row) for row in rows[:first]]
        end = edges[-1].cursor if edges else None
        info = PageInfo(has_next_page=len(rows) > first, end_cursor=end)
        return cls(edges=edges, page_info=info, **extra)


@strawberry.type
class CountedConnection(Connection[E]):
    """A connection that can also tell how many nodes all its pages hold together."""

    # Counting costs a query of its own: it runs only when the client asks for totalCount.
    counter: strawberry.Private[Counter]


async def count_all(root: CountedConnection[Any]) -> int:
    """Resolves totalCount: how many nodes all pages of the connection hold together."""
    return await root.counter()
