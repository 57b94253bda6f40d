"""The Person type: someone who holds posts, liaises with and visits organisations."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.masking import mask_id_number, mask_phone
from api.types import resolve, scope
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info, batches, context, day, period_day
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
    # Outside the token's scope, named by an answer: only id, name and kind (api/stubs.py).
    stub: strawberry.Private[bool] = False

    @classmethod
    def from_model(cls, model: PersonModel) -> Person:
        """Wraps a person of the query layer."""
        return cls(
            id=strawberry.ID(model.id), name=model.name, rank=model.rank or "OTHER", model=model
        )

    @field(
        description="Phone number (联系电话): in full for admin tokens (a scoped admin: for the "
        "people of its scope), else masked (138****5678)."
    )
    async def phone(self, info: Info) -> str | None:
        phone = self.model.phone
        return phone if await _sees_personal(info, self.model.id) else mask_phone(phone)

    @field(description="Identity card number (身份证号): shown like the phone number.")
    async def id_number(self, info: Info) -> str | None:
        number = self.model.id_number
        return number if await _sees_personal(info, self.model.id) else mask_id_number(number)

    @field(
        description="The person's place (home organisation); for someone above the token's "
        "scope (whoCovers), a stub that shows only its id, name and kind."
    )
    async def home(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy(LAZY + "organisation")] | None:
        from api.types.organisation import Organisation

        if self.model.home_id is None:
            return None
        return await resolve.listed_of(info, self.model.home_id, Organisation)

    @field(description="Posts the person holds on the day (or all of them).")
    async def posts(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Post, strawberry.lazy(LAZY + "post")]]:
        from api.types.post import Post

        key = (self.model.id, period_day(info, as_of, include_ended))
        found = await scope.within(info, await batches(info).posts_of.load(key), TARGET)
        return [Post.from_model(p) for p in found]

    @field(description="The person's liaisons on the day (or all of them).")
    async def liaisons(
        self, info: Info, as_of: date | None = None, include_ended: bool = False
    ) -> list[Annotated[Liaison, strawberry.lazy(LAZY + "liaison")]]:
        from api.types.liaison import Liaison

        key = (self.model.id, period_day(info, as_of, include_ended))
        found = await scope.within(info, await batches(info).liaisons_of.load(key), ORGANISATION)
        return [Liaison.from_model(x) for x in found]

    @field(description="The person's visits from `since` to `until` (both included), latest first.")
    async def visits(
        self, info: Info, since: date | None = None, until: date | None = None
    ) -> list[Annotated[Visit, strawberry.lazy(LAZY + "visit")]]:
        from api.types.visit import Visit

        found = await batches(info).visits_of.load((self.model.id, since, until))
        found = await scope.within(info, found, ORGANISATION)
        return [Visit.from_model(v) for v in found]

    @field(
        description="Organisations the person covers directly on the day (posts, grid posts, "
        "liaisons); the organisations below a liaison or a secretary post are covered too."
    )
    async def organisations_covered(
        self, info: Info, as_of: date | None = None
    ) -> list[Annotated[CoveredOrganisation, strawberry.lazy(LAZY + "covered_organisation")]]:
        from api.types.covered_organisation import CoveredOrganisation

        on = day(info, as_of)
        found = await batches(info).covered.load((self.model.id, on))
        found = await scope.within(info, found, ORGANISATION, lambda c: c.via_id, on=on)
        return [CoveredOrganisation.from_model(c, on) for c in found]


async def _sees_personal(info: Info, person_id: str) -> bool:
    """Tells whether the request may see a person's personal data in full: admin tokens only,
    and a scoped admin only for the people of its scope (not those above who cover it)."""
    if context(info).role != "admin":
        return False
    return person_id in await scope.visible_ids(info, [person_id])
