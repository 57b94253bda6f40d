"""The Grid type: a cell of the grid tree (网格)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve, scope
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info, batches, day, period_day
from queries.units_grids import Grid as GridModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation
    from api.types.post import Post


@strawberry.type(description="A grid cell (网格): street, community, grid, building, village….")
class Grid(Node):
    """A grid cell; its tree, area and posts come from the request's DataLoaders."""

    level: str
    model: strawberry.Private[GridModel]
    # Outside the token's scope, named by an answer: only id, name and kind (api/stubs.py).
    stub: strawberry.Private[bool] = False

    @classmethod
    def from_model(cls, model: GridModel) -> Grid:
        """Wraps a grid cell of the query layer."""
        return cls(id=strawberry.ID(model.id), name=model.name, level=model.level, model=model)

    @field(description="The cell above (null at the top or outside the scope).")
    async def parent(self, info: Info) -> Grid | None:
        found = await resolve.node(info, self.model.parent_id)
        return found if isinstance(found, Grid) else None

    @field(description="The cell's effective area: its own, else its parent's.")
    async def area(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")] | None:
        return await resolve.organisation(info, self.model.area_id)

    @field(description="Organisations that cover the cell directly.")
    async def covered_by(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy("api.types.organisation")]]:
        from api.types.organisation import Organisation

        found = await batches(info).covering.load((self.model.id, day(info, None)))
        found = await scope.within(info, found, lambda o: o.id)
        return [Organisation.from_model(o) for o in found]

    @field(description="Posts on the cell on the day (or all of them).")
    async def posts(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Post, strawberry.lazy("api.types.post")]]:
        from api.types.post import Post

        key = (self.model.id, period_day(info, as_of, include_ended))
        return [Post.from_model(p) for p in await batches(info).posts_in.load(key)]
