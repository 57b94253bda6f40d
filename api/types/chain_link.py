"""The ChainLink type: one organisation of a responsibility chain and its secretaries."""

from __future__ import annotations

from asyncio import gather
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve, scope
from api.types.fields import field
from api.types.request_info import Info
from queries.records import ChainLink as ChainLinkModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation
    from api.types.person import Person

PersonType = Annotated["Person", strawberry.lazy("api.types.person")]


@strawberry.type(description="An organisation of the chain from one organisation up to the root.")
class ChainLink:
    """An organisation, its distance, and its valid secretaries and deputies."""

    kind: str
    distance: int
    model: strawberry.Private[ChainLinkModel]
    on: strawberry.Private[date]  # the day asked about

    @classmethod
    def from_model(cls, model: ChainLinkModel, on: date) -> ChainLink:
        """Wraps a chain link of the query layer about the day."""
        return cls(kind=model.kind, distance=model.distance, model=model, on=on)

    @field(description="The organisation at this step.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")]:
        from api.types.organisation import Organisation

        return await resolve.listed_of(info, self.model.organisation.id, Organisation, self.on)

    @field(
        description="Its secretaries on the day, those inside the token's scope; "
        "whoCovers lists every one."
    )
    async def secretaries(self, info: Info) -> list[PersonType]:
        from api.types.person import Person

        shown = await scope.within(info, self.model.secretaries, lambda p: p.id, on=self.on)
        return list(await gather(*(resolve.listed_of(info, p.id, Person, self.on) for p in shown)))

    @field(description="Its deputy secretaries on the day.")
    async def deputies(self, info: Info) -> list[PersonType]:
        from api.types.person import Person

        shown = await scope.within(info, self.model.deputies, lambda p: p.id, on=self.on)
        return list(await gather(*(resolve.listed_of(info, p.id, Person, self.on) for p in shown)))
