"""The Organisation type: a Party organisation with its tree, posts, liaisons and gaps."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import scope
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info, batches, context, period_day
from queries.org_changes import OrganisationHistory
from queries.organisations import Organisation as OrganisationModel

if TYPE_CHECKING:
    from api.types.gap import Gap
    from api.types.grid import Grid
    from api.types.liaison import Liaison
    from api.types.organisation_change import OrganisationChange
    from api.types.organisation_connection import OrganisationConnection
    from api.types.person import Person
    from api.types.post import Post
    from api.types.unit_link import UnitLink

LAZY = "api.types."
ID = attrgetter("id")
UNIT_ID = attrgetter("unit.id")


@strawberry.type(description="A Party organisation (党组织).")
class Organisation(Node):
    """A Party organisation; nested lists come from the request's DataLoaders."""

    kind: str = strawberry.field(description="COMMITTEE, WORKING_COMMITTEE, … GROUP.")
    domain: str | None
    full_members: int | None
    probationary_members: int | None
    term_start: date | None
    model: strawberry.Private[OrganisationModel]
    # Outside the token's scope, named by an answer: only id, name and kind (api/stubs.py).
    stub: strawberry.Private[bool] = False

    @classmethod
    def from_model(cls, model: OrganisationModel) -> Organisation:
        """Wraps an organisation of the query layer."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            kind=model.kind,
            domain=model.domain,
            full_members=model.full_members,
            probationary_members=model.probationary_members,
            term_start=model.term_start,
            model=model,
        )

    @field(description="The organisation above; null at the root or scope's top.")
    async def parent(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy(LAZY + "organisation")] | None:
        if self.model.parent_id is None or self.model.id == context(info).scope_id:
            return None
        found = await batches(info).node.load((self.model.parent_id, self.model.day))
        return Organisation.from_model(found) if isinstance(found, OrganisationModel) else None

    @field(description="The organisations directly below, by id.")
    async def children(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Annotated[OrganisationConnection, strawberry.lazy(LAZY + "organisation_connection")]:
        from api.types.organisation_connection import OrganisationConnection

        rows = await batches(info).children.load((self.model.id, self.model.day))
        return OrganisationConnection.from_list(rows, first, after)

    @field(description="Parent, grandparent, … up to the root (or the scope), nearest first.")
    async def ancestors(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy(LAZY + "organisation")]]:
        scope_id = context(info).scope_id
        if self.model.id == scope_id:
            return []
        key = (self.model.id, self.model.day)
        rows: list[OrganisationModel] = await batches(info).ancestors.load(key)
        if scope_id is not None:
            ids = [r.id for r in rows]
            rows = rows[: ids.index(scope_id) + 1] if scope_id in ids else []
        return [Organisation.from_model(r) for r in rows]

    @field(description="Posts held in the organisation on the day (or all of them).")
    async def posts(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Post, strawberry.lazy(LAZY + "post")]]:
        from api.types.post import Post

        key = (self.model.id, period_day(info, as_of or self.model.day, include_ended))
        return [Post.from_model(p) for p in await batches(info).posts_in.load(key)]

    @field(description="Liaisons on the organisation itself on the day (or all).")
    async def liaisons(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Liaison, strawberry.lazy(LAZY + "liaison")]]:
        from api.types.liaison import Liaison

        key = (self.model.id, period_day(info, as_of or self.model.day, include_ended))
        return [Liaison.from_model(x) for x in await batches(info).liaisons_on.load(key)]

    @field(description="Units the organisation is set up in (org_units).")
    async def units(
        self, info: Info
    ) -> list[Annotated[UnitLink, strawberry.lazy(LAZY + "unit_link")]]:
        from api.types.unit_link import UnitLink

        on = self.model.day
        found = await batches(info).units.load((self.model.id, on))
        return [UnitLink.from_model(u) for u in await scope.within(info, found, UNIT_ID, on=on)]

    @field(description="Grid cells the organisation covers directly.")
    async def grids(self, info: Info) -> list[Annotated[Grid, strawberry.lazy(LAZY + "grid")]]:
        from api.types.grid import Grid

        on = self.model.day
        found = await batches(info).grids.load((self.model.id, on))
        return [Grid.from_model(g) for g in await scope.within(info, found, ID, on=on)]

    @field(description="Gaps whose subject is this organisation on the day.")
    async def gaps(
        self, info: Info, as_of: date | None = None
    ) -> list[Annotated[Gap, strawberry.lazy(LAZY + "gap")]]:
        from api.types.gap import Gap

        on = as_of or self.model.day
        return [Gap.from_model(g, on) for g in await batches(info).gaps.load((self.model.id, on))]

    @field(description="The number of gaps whose subject is this organisation.")
    async def gap_count(self, info: Info, as_of: date | None = None) -> int:
        count: int = await batches(info).gap_count.load((self.model.id, as_of or self.model.day))
        return count

    @field(description="People in a valid SECRETARY post on the day, by id.")
    async def secretaries(
        self, info: Info, as_of: date | None = None
    ) -> list[Annotated[Person, strawberry.lazy(LAZY + "person")]]:
        return await _secretaries(info, self.model.id, as_of or self.model.day)

    @field(description="The secretary on the day (lowest id if several); null if vacant.")
    async def secretary(
        self, info: Info, as_of: date | None = None
    ) -> Annotated[Person, strawberry.lazy(LAZY + "person")] | None:
        found = await _secretaries(info, self.model.id, as_of or self.model.day)
        return found[0] if found else None

    @field(description="The first day it exists (成立日期); null: since always.")
    def founded(self) -> date | None:
        return self.model.founded

    @field(description="The first day it no longer exists (撤销日期); null: it still exists.")
    def dissolved(self) -> date | None:
        return self.model.dissolved

    @field(
        description="沿革: founding, renames, changes of kind, moves and dissolution, oldest first."
    )
    async def history(
        self, info: Info
    ) -> list[Annotated[OrganisationChange, strawberry.lazy(LAZY + "organisation_change")]]:
        from api.types.organisation_change import OrganisationChange

        found: OrganisationHistory | None = await batches(info).history.load(self.model.id)
        return [OrganisationChange.from_model(c) for c in found.changes] if found else []


async def _secretaries(info: Info, organisation_id: str, on: date) -> list[Person]:
    """Loads the organisation's secretaries on the day."""
    from api.types.person import Person

    key = (organisation_id, "SECRETARY", on)
    found = await scope.within(info, await batches(info).holders.load(key), ID, on=on)
    return [Person.from_model(p) for p in found]
