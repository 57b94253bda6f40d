"""The Person type: someone who holds posts, liaises with and visits organisations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types.common import Info, day, loaders, period_day
from api.types.node import Node
from queries.organisations import Organisation as OrganisationModel
from queries.people import Person as PersonModel

if TYPE_CHECKING:
    from api.types.covered_organisation import CoveredOrganisation
    from api.types.liaison import Liaison
    from api.types.organisation import Organisation
    from api.types.post import Post
    from api.types.visit import Visit

LAZY = "api.types."


@strawberry.type(description="A person (人员).")
class Person(Node):
    """A person; posts, liaisons and visits come from the request's DataLoaders."""

    rank: str = strawberry.field(description="COUNTY, TOWNSHIP or OTHER.")
    model: strawberry.Private[PersonModel]

    @classmethod
    def from_model(cls, model: PersonModel) -> Person:
        """Wraps a person of the query layer."""
        return cls(
            id=strawberry.ID(model.id), name=model.name, rank=model.rank or "OTHER", model=model
        )

    @strawberry.field(description="The person's place (home organisation), when visible.")
    async def home(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy(LAZY + "organisation")] | None:
        from api.types.organisation import Organisation

        if self.model.home_id is None:
            return None
        found = await loaders(info).node.load(self.model.home_id)
        return Organisation.from_model(found) if isinstance(found, OrganisationModel) else None

    @strawberry.field(description="Posts the person holds on the day (or all of them).")
    async def posts(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Post, strawberry.lazy(LAZY + "post")]]:
        from api.types.post import Post

        key = (self.model.id, period_day(info, as_of, include_ended))
        return [Post.from_model(p) for p in await loaders(info).posts_of.load(key)]

    @strawberry.field(description="The person's liaisons on the day (or all of them).")
    async def liaisons(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Liaison, strawberry.lazy(LAZY + "liaison")]]:
        from api.types.liaison import Liaison

        key = (self.model.id, period_day(info, as_of, include_ended))
        return [Liaison.from_model(x) for x in await loaders(info).liaisons_of.load(key)]

    @strawberry.field(
        description="The person's visits from `since` to `until` (both included), latest first."
    )
    async def visits(
        self, info: Info, since: date | None = None, until: date | None = None
    ) -> list[Annotated[Visit, strawberry.lazy(LAZY + "visit")]]:
        from api.types.visit import Visit

        found = await loaders(info).visits_of.load((self.model.id, since, until))
        return [Visit.from_model(v) for v in found]

    @strawberry.field(
        description="Organisations the person covers directly on the day (posts, grid posts, "
        "liaisons); the organisations below a liaison or a secretary post are covered too."
    )
    async def organisations_covered(
        self, info: Info, as_of: date | None = None
    ) -> list[Annotated[CoveredOrganisation, strawberry.lazy(LAZY + "covered_organisation")]]:
        from api.types.covered_organisation import CoveredOrganisation

        found = await loaders(info).covered.load((self.model.id, day(info, as_of)))
        return [CoveredOrganisation.from_model(c) for c in found]
