"""The ChildFigures type: the figures of one direct child of a summary's scope."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.fields import field
from api.types.figures import Figures
from api.types.request_info import Info
from queries.records import ChildFigures as ChildFiguresModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation


@strawberry.type(description="The figures of one direct child of the scope.")
class ChildFigures:
    """A child organisation and its figures."""

    kind: str
    figures: Figures
    model: strawberry.Private[ChildFiguresModel]
    on: strawberry.Private[date]  # the day asked about

    @classmethod
    def from_model(cls, model: ChildFiguresModel, on: date) -> ChildFigures:
        """Wraps a child's figures of the query layer about the day."""
        return cls(kind=model.kind, figures=Figures.from_model(model.figures), model=model, on=on)

    @field(description="The child organisation.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")]:
        from api.types.organisation import Organisation

        return await resolve.listed_of(info, self.model.organisation.id, Organisation, self.on)
