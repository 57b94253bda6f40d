"""The Gap type: one coverage gap with its subject, related nodes and detail text."""

from __future__ import annotations

from asyncio import gather
from datetime import date

import strawberry

from api.errors import translated
from api.types import resolve, scope
from api.types.fields import field
from api.types.node import Node
from api.types.request_info import Info, context
from queries.gap_details import detail
from queries.records import Gap as GapModel


@strawberry.type(description="A coverage gap (SPEC §2): a rule that holds for a subject.")
class Gap:
    """A gap; subject and related nodes resolve through the node DataLoader."""

    rule: str
    model: strawberry.Private[GapModel]
    on: strawberry.Private[date]  # the day asked about

    @classmethod
    def from_model(cls, model: GapModel, on: date) -> Gap:
        """Wraps a gap of the query layer on the day."""
        return cls(rule=model.rule, model=model, on=on)

    @field(description="The organisation, person, unit or grid cell the gap is about.")
    async def subject(self, info: Info) -> Node:
        return await resolve.listed(info, self.model.subject.id, self.on)

    @field(description="Other nodes involved (the liaison's organisation).")
    async def related(self, info: Info) -> list[Node]:
        shown = await scope.within(info, self.model.related, lambda n: n.id, on=self.on)
        return list(await gather(*(resolve.listed(info, n.id, self.on) for n in shown)))

    @field(
        description='The gap in words: Chinese by default, English with lang "en" '
        "or an Accept-Language: en header."
    )
    def detail(self, info: Info, lang: str | None = None) -> str:
        chosen = lang or context(info).lang
        return translated(lambda: detail(self.model, chosen))
