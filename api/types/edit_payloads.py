"""What an edit returns: the changed item's ids and its new version."""

from __future__ import annotations

import datetime
from typing import Any, Self

import strawberry

from services.edits import NodeEdit, RowEdit


class _FromRow:
    """Builds a payload from a row edit: its fields are the table's columns plus `version`."""

    @classmethod
    def from_edit(cls, edit: RowEdit) -> Self:
        """Wraps the row an edit wrote."""
        values: dict[str, Any] = {**edit.values, "version": edit.version}
        return cls(**values)


@strawberry.type(description="An organisation as an edit left it.")
class OrganisationEdit:
    id: strawberry.ID
    version: int

    @classmethod
    def from_edit(cls, edit: NodeEdit) -> OrganisationEdit:
        """Wraps the node an edit wrote."""
        return cls(id=strawberry.ID(edit.id), version=edit.version)


@strawberry.type(description="A post (role held by a person in an organisation or grid cell).")
class PostEdit(_FromRow):
    person_id: strawberry.ID
    target_id: strawberry.ID
    role: str
    start: datetime.date | None
    end: datetime.date | None
    version: int


@strawberry.type(description="A liaison of a person with an organisation.")
class LiaisonEdit(_FromRow):
    person_id: strawberry.ID
    organisation_id: strawberry.ID
    kind: str
    start: datetime.date | None
    end: datetime.date | None
    visits_per_month: int | None = strawberry.field(description="Empty means the default, 2.")
    version: int


@strawberry.type(description="A recorded visit.")
class VisitEdit(_FromRow):
    person_id: strawberry.ID
    organisation_id: strawberry.ID
    date: datetime.date
    kind: str | None
    version: int


@strawberry.type(description="An organisation set up in a unit (an org_units row).")
class UnitLinkEdit(_FromRow):
    organisation_id: strawberry.ID
    unit_id: strawberry.ID
    form: str | None
    version: int


@strawberry.type(description="An organisation covering a grid cell (a grid_coverage row).")
class GridLinkEdit(_FromRow):
    organisation_id: strawberry.ID
    grid_id: strawberry.ID
    version: int
