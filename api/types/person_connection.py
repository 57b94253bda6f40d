"""A page of people in id order (Relay connection with keyset cursors)."""

from __future__ import annotations

import strawberry

from api.types.page import CountedConnection, Edge, count_all
from api.types.page_info import encode_cursor, id_after
from api.types.person import Person
from queries.people import Person as PersonModel

KIND = "person"


@strawberry.type(description="A person of a page and the cursor to resume after it.")
class PersonEdge(Edge[Person]):
    """A person and its cursor."""

    @classmethod
    def from_model(cls, model: PersonModel) -> PersonEdge:
        """Wraps a person of the query layer, its cursor their id."""
        return cls(cursor=encode_cursor(KIND, [model.id]), node=Person.from_model(model))


@strawberry.type(description="A page of people, ordered by id.")
class PersonConnection(CountedConnection[PersonEdge]):
    """Edges of one page, page info, and the total over all pages."""

    total_count: int = strawberry.field(
        resolver=count_all, description="How many people all pages hold together."
    )


def after_key(after: str | None) -> str | None:
    """Returns the id an `after` cursor of this list resumes behind."""
    return id_after(KIND, after)
