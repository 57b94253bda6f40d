"""The AuditEntry type: one recorded change of the audit trail (admin tokens only)."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from queries.audit import AuditEntry as AuditEntryModel


@strawberry.type(
    description="One recorded change: who, when, what, and the state before and after."
)
class AuditEntry:
    """An entry of the append-only audit trail."""

    id: strawberry.ID
    at: datetime.datetime = strawberry.field(description="When the change was committed (UTC).")
    actor: str = strawberry.field(description='The token id that made it, or "cli".')
    action: str = strawberry.field(
        description="create, update, move (organisations); add, end, remove (rows); IMPORT."
    )
    target_kind: str = strawberry.field(description="The table changed, or dataset for imports.")
    target_id: strawberry.ID | None = strawberry.field(
        description="The organisation (or grid cell) the change is filed under; null for imports."
    )
    before: JSON | None = strawberry.field(description="The row before; null when created.")
    after: JSON | None = strawberry.field(description="The row after; null when removed.")

    @classmethod
    def from_model(cls, model: AuditEntryModel) -> AuditEntry:
        """Wraps an entry of the query layer."""
        return cls(
            id=strawberry.ID(model.id),
            at=model.at,
            actor=model.actor,
            action=model.action,
            target_kind=model.target_kind,
            target_id=strawberry.ID(model.target_id) if model.target_id else None,
            before=_json(model.before),
            after=_json(model.after),
        )


def _json(row: dict[str, Any] | None) -> JSON | None:
    """Returns a row of the audit trail as the JSON scalar's value."""
    return None if row is None else JSON(row)
