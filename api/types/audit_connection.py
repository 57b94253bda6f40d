"""A page of the audit trail in the order it was written, and the admin-only query field."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import UNSET

from api.errors import Forbidden
from api.types.audit_entry import AuditEntry
from api.types.page import Connection, Edge
from api.types.page_info import encode_cursor, id_after, page_size
from api.types.request_info import Info, ask, context
from queries.audit import AuditEntry as AuditEntryModel
from queries.audit import AuditFilter, audit_page

KIND = "audit"


@strawberry.type(description="One audit entry of a page and the cursor to resume after it.")
class AuditEdge(Edge[AuditEntry]):
    """An entry and its cursor."""

    @classmethod
    def from_model(cls, model: AuditEntryModel) -> AuditEdge:
        """Wraps an entry of the query layer, its cursor its id."""
        return cls(cursor=encode_cursor(KIND, [model.id]), node=AuditEntry.from_model(model))


@strawberry.type(description="A page of the audit trail, oldest first.")
class AuditConnection(Connection[AuditEdge]):
    """Edges of one page and page info."""


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
    size, start = page_size(first), id_after(KIND, after)
    where = AuditFilter(target_id, since, until)
    rows = await ask(info, audit_page, where=where, first=size + 1, after=start)
    return AuditConnection.page(rows, size, AuditEdge.from_model)
