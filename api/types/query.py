"""The root Query type: lookups, who covers, gaps, lists and dashboard questions."""

from __future__ import annotations

from asyncio import gather
from dataclasses import replace
from datetime import date
from functools import partial

import strawberry
from strawberry import UNSET

from api.errors import not_found
from api.types import resolve, scope
from api.types.audit_connection import AuditConnection, audit_trail
from api.types.chain_link import ChainLink
from api.types.chart_node import ChartNode
from api.types.coverage import Coverage
from api.types.coverage_summary import CoverageSummary
from api.types.fields import field, left_out_as_none
from api.types.gap_connection import GapConnection, GapEdge, gap_key
from api.types.gap_report import GapReport, gap_report
from api.types.node import Node
from api.types.organisation import Organisation
from api.types.organisation_connection import OrganisationConnection, OrganisationEdge
from api.types.organisation_connection import after_key as organisation_after
from api.types.page_info import page_size
from api.types.person import Person
from api.types.person_connection import PersonConnection, PersonEdge
from api.types.person_connection import after_key as person_after
from api.types.request_info import Info, ask, context, day
from queries import dashboard, gaps, organisations, people
from queries.system import components
from queries.who_covers import who_covers

MAX_SEARCH = 100


# Optional arguments default to UNSET, which keeps `= null` out of the schema; the resolvers
# still receive None for those the client leaves out (api/types/fields.py).
@strawberry.type
class Query:
    """Root query type."""

    @field(
        description="The organisation with this id, with its name, kind and parent of the day "
        "(default today); its nested fields default to that day too."
    )
    async def organisation(
        self, info: Info, id: strawberry.ID, as_of: date | None = UNSET
    ) -> Organisation | None:
        found = await scope.visible_organisation(info, id, day(info, as_of))
        return Organisation.from_model(found)

    @field(description="The person with this id.")
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        found = await resolve.node(info, id)
        if not isinstance(found, Person):
            raise not_found("person", id)
        return found

    @field(description="The organisation, person, unit or grid cell with this id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        found = await resolve.node(info, id)
        if found is None:
            raise not_found("node", id)
        return found

    @field(description="Everyone who covers the organisation on the day (SPEC §2).")
    async def who_covers(
        self, info: Info, organisation_id: strawberry.ID, as_of: date | None = UNSET
    ) -> list[Coverage]:
        on = day(info, as_of)
        await scope.check_organisation(info, organisation_id, on)
        found = await ask(info, who_covers, organisation_id=organisation_id, day=on)
        return [Coverage.from_model(c, on) for c in found]

    @field(description="Coverage gaps on the day in report order, in the token's scope by default.")
    async def coverage_gaps(
        self,
        info: Info,
        scope_id: strawberry.ID | None = UNSET,
        rules: list[str] | None = UNSET,
        as_of: date | None = UNSET,
        first: int | None = UNSET,
        after: str | None = UNSET,
    ) -> GapConnection:
        size, key, on = page_size(first), gap_key(after), day(info, as_of)
        where = {
            "day": on,
            "scope_id": await scope.narrowed(info, scope_id, on),
            "rules": rules,
            "thresholds": context(info).thresholds,
        }
        rows = await ask(info, gaps.coverage_gaps, first=size + 1, after=key, **where)

        async def total() -> int:
            return sum((await ask(info, gaps.count_gaps, **where)).values())

        return GapConnection.page(rows, size, partial(GapEdge.from_model, on=on), counter=total)

    @field(description="The gaps coverageGaps lists, as a csv, json, xlsx or html file.")
    async def gap_report(
        self,
        info: Info,
        format: str,
        scope_id: strawberry.ID | None = UNSET,
        rules: list[str] | None = UNSET,
        as_of: date | None = UNSET,
        lang: str | None = UNSET,
    ) -> GapReport:
        return await gap_report(info, format, scope_id, rules, as_of, lang)

    @field(
        description="Organisations existing on the day (default today) by id, filtered by "
        "their kind and name of that day, in the token's scope."
    )
    async def organisations(
        self,
        info: Info,
        first: int | None = UNSET,
        after: str | None = UNSET,
        kind: str | None = UNSET,
        domain: str | None = UNSET,
        name: str | None = UNSET,
        scope_id: strawberry.ID | None = UNSET,
        as_of: date | None = UNSET,
    ) -> OrganisationConnection:
        size, start, on = page_size(first), organisation_after(after), day(info, as_of)
        where = organisations.OrganisationFilter(
            on, kind, domain, name, await scope.narrowed(info, scope_id, on)
        )
        rows = await ask(
            info, organisations.organisations_page, where=where, first=size + 1, after=start
        )

        async def total() -> int:
            return await ask(info, organisations.count_organisations, where=where)

        return OrganisationConnection.page(rows, size, OrganisationEdge.from_model, counter=total)

    @field(description="People by id, filtered, in the token's scope (on the day, default today).")
    async def people(
        self,
        info: Info,
        first: int | None = UNSET,
        after: str | None = UNSET,
        name: str | None = UNSET,
        rank: str | None = UNSET,
        scope_id: strawberry.ID | None = UNSET,
        as_of: date | None = UNSET,
    ) -> PersonConnection:
        size, start, on = page_size(first), person_after(after), day(info, as_of)
        where = people.PeopleFilter(on, name, rank, await scope.narrowed(info, scope_id, on))
        rows = await ask(info, people.people_page, where=where, first=size + 1, after=start)

        async def total() -> int:
            return await ask(info, people.count_people, where=where)

        return PersonConnection.page(rows, size, PersonEdge.from_model, counter=total)

    @field(description="The organisation and each one above it with its secretaries.")
    async def responsibility_chain(
        self, info: Info, organisation_id: strawberry.ID, as_of: date | None = UNSET
    ) -> list[ChainLink]:
        on = day(info, as_of)
        await scope.check_organisation(info, organisation_id, on)
        links = await ask(
            info, dashboard.responsibility_chain, organisation_id=organisation_id, day=on
        )
        top = context(info).scope_id
        ids = [link.organisation.id for link in links]
        kept = links[: ids.index(top) + 1] if top in ids else links
        return [ChainLink.from_model(link, on) for link in kept]

    @field(description="The subtree under an organisation to `depth` levels.")
    async def org_chart(
        self, info: Info, root_id: strawberry.ID, depth: int = 2, as_of: date | None = UNSET
    ) -> list[ChartNode]:
        on = day(info, as_of)
        await scope.check_organisation(info, root_id, on)
        found = await ask(
            info,
            dashboard.org_chart,
            root_id=root_id,
            depth=depth,
            day=on,
            thresholds=context(info).thresholds,
        )
        top = context(info).scope_id  # the scope's top shows no parent: it lies outside
        return [
            ChartNode.from_model(replace(n, parent_id=None) if n.id == top else n, on)
            for n in found
        ]

    @field(description="Coverage figures of a scope (default: the token's, or the root).")
    async def coverage_summary(
        self, info: Info, scope_id: strawberry.ID | None = UNSET, as_of: date | None = UNSET
    ) -> CoverageSummary:
        on = day(info, as_of)
        found = await ask(
            info,
            dashboard.coverage_summary,
            scope_id=await scope.required(info, scope_id, on),
            day=on,
            thresholds=context(info).thresholds,
        )
        return CoverageSummary.from_model(found, on)

    @field(description="Organisations and people whose name contains the text.")
    async def search(self, info: Info, text: str, limit: int = 20) -> list[Node]:
        found = await ask(
            info,
            dashboard.search,
            text=text,
            scope_id=context(info).scope_id,
            limit=min(limit, MAX_SEARCH),
            day=day(info, None),
        )
        nodes = await gather(*(resolve.node(info, n.id) for n in found))
        return [n for n in nodes if n is not None]

    # A field rather than a method: it comes first in the schema, as it always has.
    audit_trail: AuditConnection = strawberry.field(
        resolver=left_out_as_none(audit_trail),
        description="Recorded changes, oldest first, filtered by target id and time "
        "(since included, until excluded); admin tokens without a scope only.",
    )

    @field(description="Version and edition of the Neo4j that answers.")
    async def database_version(self, info: Info) -> str:
        kernel = await ask(info, components)
        return f"{kernel.name} {kernel.version} {kernel.edition}"
