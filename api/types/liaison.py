"""The Liaison type: a leader's standing link with an organisation (联系点)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.fields import field
from api.types.request_info import Info
from queries.people import Liaison as LiaisonModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation
    from api.types.person import Person


@strawberry.type(description="A liaison (联系点) of a person with an organisation.")
class Liaison:
    """A liaison; person and organisation resolve through the node DataLoader."""

    kind: str
    start: date | None
    end: date | None
    visits_per_month: int
    model: strawberry.Private[LiaisonModel]

    @classmethod
    def from_model(cls, model: LiaisonModel) -> Liaison:
        """Wraps a liaison of the query layer."""
        return cls(
            kind=model.kind,
            start=model.start,
            end=model.end,
            visits_per_month=model.visits_per_month,
            model=model,
        )

    @field(description="The liaising person (null when outside the token's scope).")
    async def person(
        self, info: Info
    ) -> Annotated[Person, strawberry.lazy("api.types.person")] | None:
        from api.types.person import Person

        return await resolve.node_of(info, self.model.person_id, Person)

    @field(description="The organisation liaised with.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")] | None:
        return await resolve.organisation(info, self.model.organisation_id)
