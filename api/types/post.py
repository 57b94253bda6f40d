"""The Post type: a role held in an organisation or on a grid cell, over a period."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info
from queries.people import Post as PostModel

if TYPE_CHECKING:
    from api.types.person import Person


@strawberry.type(description="A post (职务): a role held in an organisation or on a grid cell.")
class Post:
    """A post; person and target resolve through the node DataLoader."""

    role: str
    start: date | None
    end: date | None
    model: strawberry.Private[PostModel]

    @classmethod
    def from_model(cls, model: PostModel) -> Post:
        """Wraps a post of the query layer."""
        return cls(role=model.role, start=model.start, end=model.end, model=model)

    @field(description="Who holds the post (null when outside the token's scope).")
    async def person(
        self, info: Info
    ) -> Annotated[Person, strawberry.lazy("api.types.person")] | None:
        from api.types.person import Person

        return await resolve.node_of(info, self.model.person_id, Person)

    @field(description="The organisation or grid cell the post is in.")
    async def target(self, info: Info) -> Node | None:
        return await resolve.node(info, self.model.target_id)
