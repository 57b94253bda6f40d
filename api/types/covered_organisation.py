"""The CoveredOrganisation type: an organisation a person covers directly, and how."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.coverage_relation import CoverageRelation
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info
from queries.people import CoveredOrganisation as CoveredModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation


@strawberry.type(description="An organisation a person covers at distance 0, and how.")
class CoveredOrganisation:
    """One direct coverage: relation POST, GRID or LIAISON, the role, and the node it runs via."""

    relation: CoverageRelation
    role: str
    model: strawberry.Private[CoveredModel]
    on: strawberry.Private[date]  # the day asked about

    @classmethod
    def from_model(cls, model: CoveredModel, on: date) -> CoveredOrganisation:
        """Wraps a covered organisation of the query layer about the day."""
        return cls(relation=CoverageRelation(model.relation), role=model.role, model=model, on=on)

    @field(description="The organisation covered.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")] | None:
        return await resolve.organisation(info, self.model.organisation_id, self.on)

    @field(description="The organisation itself, or the grid cell of a GRID post.")
    async def via(self, info: Info) -> Node | None:
        return await resolve.node(info, self.model.via_id, self.on)
