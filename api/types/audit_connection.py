"""A page of the audit trail in the order it was written, and the admin-only query field."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import UNSET

from api.errors import Forbidden
from api.types.audit_entry import AuditEntry
from api.types.page_info import PageInfo, encode_cursor, id_after, page_size
from api.types.request_info import Info, ask, context, given
from queries.audit import AuditFilter, audit_page

KIND = "audit"


@strawberry.type(description="One audit entry of a page and the cursor to resume after it.")
class AuditEdge:
    """An entry and its cursor."""

    cursor: str
    node: AuditEntry


@strawberry.type(description="A page of the audit trail, oldest first.")
class AuditConnection:
    """Edges of one page and page info."""

    edges: list[AuditEdge]
    page_info: PageInfo


async def audit_trail(
    info: Info,
    target_id: strawberry.ID | None = UNSET,
    since: datetime.datetime | None = UNSET,
    until: datetime.datetime | None = UNSET,
    first: int | None = UNSET,
    after: str | None = UNSET,
) -> AuditConnection:
    """Lists the audit trail for admin tokens without a scope, filtered and keyset-paged."""
    principal = context(info).principal
    if principal is None or principal.role != "admin" or principal.scope_id is not None:
        raise Forbidden("only an admin token without a scope may read the audit trail")
    size, start = page_size(given(first)), id_after(KIND, given(after))
    where = AuditFilter(given(target_id), given(since), given(until))
    rows = await ask(info, audit_page, where=where, first=size + 1, after=start)
    edges = [
        AuditEdge(cursor=encode_cursor(KIND, [r.id]), node=AuditEntry.from_model(r))
        for r in rows[:size]
    ]
    end = edges[-1].cursor if edges else None
    return AuditConnection(
        edges=edges, page_info=PageInfo(has_next_page=len(rows) > size, end_cursor=end)
    )
