"""The Unit type: a village, company, organ or institution (单位)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve, scope
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info, batches, day
from queries.units_grids import Unit as UnitModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation


@strawberry.type(description="A unit (单位) where Party members work or live.")
class Unit(Node):
    """A unit; its area and organisations come from the request's DataLoaders."""

    kind: str | None
    party_members: int | None
    model: strawberry.Private[UnitModel]
    # Outside the token's scope, named by an answer: only id, name and kind (api/stubs.py).
    stub: strawberry.Private[bool] = False

    @classmethod
    def from_model(cls, model: UnitModel) -> Unit:
        """Wraps a unit of the query layer."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            kind=model.kind,
            party_members=model.party_members,
            model=model,
        )

    @field(description="The organisation whose area the unit is in.")
    async def area(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")] | None:
        return await resolve.organisation(info, self.model.area_id)

    @field(description="Organisations set up in the unit (org_units).")
    async def organisations(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy("api.types.organisation")]]:
        from api.types.organisation import Organisation

        found = await batches(info).set_up_in.load((self.model.id, day(info, None)))
        found = await scope.within(info, found, lambda o: o.id)
        return [Organisation.from_model(o) for o in found]
