"""The ChartNode type: one organisation of an org chart."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.fields import field
from api.types.request_info import Info
from queries.records import ChartNode as ChartNodeModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation


@strawberry.type(description="An organisation of an org chart, parents before children.")
class ChartNode:
    """Name, kind, place in the chart, secretaries' names, gap and child counts."""

    id: strawberry.ID
    name: str
    kind: str
    parent_id: strawberry.ID | None
    depth: int
    secretaries: list[str] = strawberry.field(
        description="Names of the secretaries (a group's leaders); empty means vacant."
    )
    gap_count: int
    child_count: int
    on: strawberry.Private[date]  # the day asked about

    @classmethod
    def from_model(cls, model: ChartNodeModel, on: date) -> ChartNode:
        """Wraps a chart node of the query layer about the day."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            kind=model.kind,
            parent_id=strawberry.ID(model.parent_id) if model.parent_id else None,
            depth=model.depth,
            secretaries=list(model.secretaries),
            gap_count=model.gap_count,
            child_count=model.child_count,
            on=on,
        )

    @field(description="The organisation itself.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")] | None:
        return await resolve.organisation(info, str(self.id), self.on)
