"""Inputs of the organisation edits; enum values may be given in English or Chinese."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry


@strawberry.input(description="A new organisation (kind, domain: English or Chinese names).")
class CreateOrganisationInput:
    id: strawberry.ID
    name: str
    kind: str
    domain: str | None = None
    parent_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Its parent; empty makes a root (a COMMITTEE or WORKING_COMMITTEE).",
    )
    full_members: int | None = None
    probationary_members: int | None = None
    term_start: datetime.date | None = None
    founded: datetime.date | None = strawberry.field(
        default=None,
        description="The first day it exists (empty: since always); its parent must exist, "
        "and allow its kind, on every day it does.",
    )

    def values(self) -> dict[str, Any]:
        """Returns the row as the organisations table names its columns."""
        return dict(vars(self))


@strawberry.input(description="Columns to change; an omitted field stays, an explicit null clears.")
class OrganisationChanges:
    name: str | None = strawberry.UNSET
    kind: str | None = strawberry.UNSET
    domain: str | None = strawberry.UNSET
    full_members: int | None = strawberry.UNSET
    probationary_members: int | None = strawberry.UNSET
    term_start: datetime.date | None = strawberry.UNSET

    def values(self) -> dict[str, Any]:
        """Returns only the columns that were given."""
        return {k: v for k, v in vars(self).items() if v is not strawberry.UNSET}
