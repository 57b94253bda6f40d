"""The Coverage type: one answer of who covers an organisation (docs/coverage-rules.md)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.coverage_relation import CoverageRelation
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info
from queries.records import Coverage as CoverageModel

if TYPE_CHECKING:
    from api.types.person import Person


@strawberry.type(description="A person covering an organisation: how, in which role, via what.")
class Coverage:
    """One entry of who covers; people above a scope answer for it, so they are always shown."""

    relation: CoverageRelation
    role: str
    distance: int
    model: strawberry.Private[CoverageModel]
    on: strawberry.Private[date]  # the day asked about

    @classmethod
    def from_model(cls, model: CoverageModel, on: date) -> Coverage:
        """Wraps an entry of the query layer about the day."""
        return cls(
            relation=CoverageRelation(model.relation),
            role=model.role,
            distance=model.distance,
            model=model,
            on=on,
        )

    @field(description="The person who covers.")
    async def person(self, info: Info) -> Annotated[Person, strawberry.lazy("api.types.person")]:
        # Who covers brings the person along: no second round trip.
        person = self.model.person_entity
        return await resolve.covering_person(info, person, self.model.person.id, self.on)

    @field(
        description="The organisation or grid cell the coverage runs through; outside the "
        "token's scope, a stub that shows only its id, name and kind."
    )
    async def via(self, info: Info) -> Node:
        if self.model.via_entity is not None:
            return await resolve.shown(info, self.model.via_entity, self.on)
        return await resolve.listed(info, self.model.via.id, self.on)
