"""The Visit type: a person's visit to an organisation on a day (走访记录)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.types import resolve
from api.types.fields import field
from api.types.request_info import Info
from queries.people import Visit as VisitModel

if TYPE_CHECKING:
    from api.types.organisation import Organisation


@strawberry.type(description="A visit (走访) of a person to an organisation.")
class Visit:
    """A visit; the organisation resolves through the node DataLoader."""

    date: datetime.date
    kind: str
    model: strawberry.Private[VisitModel]

    @classmethod
    def from_model(cls, model: VisitModel) -> Visit:
        """Wraps a visit of the query layer."""
        return cls(date=model.date, kind=model.kind, model=model)

    @field(description="The organisation visited.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("api.types.organisation")] | None:
        return await resolve.organisation(info, self.model.organisation_id)
