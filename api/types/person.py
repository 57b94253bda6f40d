"""The Person type: someone who holds posts, liaises with and visits organisations."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.masking import mask_id_number, mask_phone
from api.types import scope
from api.types.common import Info, context, day, loaders, period_day
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
# A person above a scope can be shown (whoCovers): their posts, liaisons and visits outside the
# scope are left out, so nothing outside it shows through them.
TARGET = attrgetter("target_id")
ORGANISATION = attrgetter("organisation_id")


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

    @strawberry.field(
        description="Phone number (联系电话): in full for admin tokens, else masked (138****5678)."
    )
    def phone(self, info: Info) -> str | None:
        return self.model.phone if _sees_personal(info) else mask_phone(self.model.phone)

    @strawberry.field(
        description="Identity card number (身份证号): in full for admin tokens, else masked."
    )
    def id_number(self, info: Info) -> str | None:
        number = self.model.id_number
        return number if _sees_personal(info) else mask_id_number(number)

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
        found = await scope.within(info, await loaders(info).posts_of.load(key), TARGET)
        return [Post.from_model(p) for p in found]

    @strawberry.field(description="The person's liaisons on the day (or all of them).")
    async def liaisons(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Liaison, strawberry.lazy(LAZY + "liaison")]]:
        from api.types.liaison import Liaison

        key = (self.model.id, period_day(info, as_of, include_ended))
        found = await scope.within(info, await loaders(info).liaisons_of.load(key), ORGANISATION)
        return [Liaison.from_model(x) for x in found]

    @strawberry.field(
        description="The person's visits from `since` to `until` (both included), latest first."
    )
    async def visits(
        self, info: Info, since: date | None = None, until: date | None = None
    ) -> list[Annotated[Visit, strawberry.lazy(LAZY + "visit")]]:
        from api.types.visit import Visit

        found = await loaders(info).visits_of.load((self.model.id, since, until))
        found = await scope.within(info, found, ORGANISATION)
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
        found = await scope.within(info, found, ORGANISATION, lambda c: c.via_id)
        return [CoveredOrganisation.from_model(c) for c in found]


def _sees_personal(info: Info) -> bool:
    """Tells whether the request may see personal data in full: admin tokens only."""
    return context(info).role == "admin"
