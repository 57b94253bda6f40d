"""A page of organisations in id order (Relay connection with keyset cursors)."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from api.types.organisation import Organisation
from api.types.page import CountedConnection, Edge, count_all
from api.types.page_info import encode_cursor, id_after, page_size
from queries.organisations import Organisation as OrganisationModel

KIND = "organisation"


@strawberry.type(description="An organisation of a page and the cursor to resume after it.")
class OrganisationEdge(Edge[Organisation]):
    """An organisation and its cursor."""

    @classmethod
    def from_model(cls, model: OrganisationModel) -> OrganisationEdge:
        """Wraps an organisation of the query layer, its cursor its id."""
        return cls(cursor=encode_cursor(KIND, [model.id]), node=Organisation.from_model(model))


@strawberry.type(description="A page of organisations, ordered by id.")
class OrganisationConnection(CountedConnection[OrganisationEdge]):
    """Edges of one page, page info, and the total over all pages."""

    total_count: int = strawberry.field(
        resolver=count_all, description="How many organisations all pages hold together."
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

        return cls.page(rest[: size + 1], size, OrganisationEdge.from_model, counter=total)


def after_key(after: str | None) -> str | None:
    """Returns the id an `after` cursor of this list resumes behind."""
    return id_after(KIND, after)
