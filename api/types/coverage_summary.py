"""The CoverageSummary type: figures of a scope and of each of its direct children."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.child_figures import ChildFigures
from api.types.fields import field
from api.types.figures import Figures
from api.types.request_info import Info
from queries.records import Summary

if TYPE_CHECKING:
    from api.types.organisation import Organisation


@strawberry.type(description="Coverage figures of a scope, and the same per direct child.")
class CoverageSummary:
    """The scope's figures and its children's."""

    figures: Figures
    children: list[ChildFigures]
    model: strawberry.Private[Summary]
    on: strawberry.Private[date]  # the day asked about

    @classmethod
    def from_model(cls, model: Summary, on: date) -> CoverageSummary:
        """Wraps a summary of the query layer about the day."""
        return cls(
            figures=Figures.from_model(model.figures),
            children=[ChildFigures.from_model(c, on) for c in model.children],
            model=model,
            on=on,
        )

    @field(description="The organisation the figures are about.")
    async def scope(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")]:
        from api.types.organisation import Organisation

        return await resolve.listed_of(info, self.model.scope.id, Organisation, self.on)
