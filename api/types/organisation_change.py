"""The OrganisationChange type: one entry of an organisation's history (沿革)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.fields import field
from api.types.request_info import Info
from queries.org_changes import OrganisationChange as ChangeModel
from queries.org_changes import ParentOnDay

if TYPE_CHECKING:
    from api.types.organisation import Organisation

OrganisationType = Annotated["Organisation", strawberry.lazy("api.types.organisation")]


@strawberry.type(
    description="A change in an organisation's history (沿革): its founding, a new name, a new "
    "kind, a move to another parent, or its dissolution. `previous…` fields hold what was true "
    "on the day before `date`, `new…` fields what is true from `date` on; only those the change "
    "concerns are set (FOUNDED sets every `new…`, DISSOLVED every `previous…`)."
)
class OrganisationChange:
    """A change of the query layer; parents resolve inside the token's scope only."""

    date: datetime.date = strawberry.field(
        description="The day of the change: the first day the new state holds (for DISSOLVED, "
        "the first day the organisation no longer exists)."
    )
    kind: str = strawberry.field(
        description="What changed: FOUNDED, RENAMED, REKINDED, MOVED or DISSOLVED."
    )
    previous_name: str | None = strawberry.field(
        description="RENAMED, DISSOLVED: the name on the day before."
    )
    new_name: str | None = strawberry.field(description="FOUNDED, RENAMED: the name from then on.")
    previous_kind: str | None = strawberry.field(
        description="REKINDED, DISSOLVED: the organisation's kind on the day before."
    )
    new_kind: str | None = strawberry.field(
        description="FOUNDED, REKINDED: the organisation's kind from then on."
    )
    model: strawberry.Private[ChangeModel]

    @classmethod
    def from_model(cls, model: ChangeModel) -> OrganisationChange:
        """Wraps a change of the query layer."""
        return cls(
            date=model.date,
            kind=model.kind.value,
            previous_name=model.previous_name,
            new_name=model.new_name,
            previous_kind=model.previous_kind,
            new_kind=model.new_kind,
            model=model,
        )

    @field(
        description="MOVED, DISSOLVED: the parent on the day before, as it was that day (its "
        "last day as the parent); null for a root, or when it lies outside the token's scope "
        "that day."
    )
    async def previous_parent(self, info: Info) -> OrganisationType | None:
        return await _parent(info, self.model.previous_parent)

    @field(
        description="FOUNDED, MOVED: the parent from then on, as it was on the day of the "
        "change; null for a root, or when it lies outside the token's scope that day."
    )
    async def new_parent(self, info: Info) -> OrganisationType | None:
        return await _parent(info, self.model.new_parent)


async def _parent(info: Info, parent: ParentOnDay | None) -> Organisation | None:
    """The parent as an organisation of its day, when the token may see it that day."""
    return await resolve.organisation(info, parent.id, parent.day) if parent is not None else None
