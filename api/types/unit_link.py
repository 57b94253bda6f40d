"""The UnitLink type: a unit an organisation is set up in, and the form (组建形式)."""

from __future__ import annotations

import strawberry

from api.types.unit import Unit
from queries.units_grids import UnitLink as UnitLinkModel


@strawberry.type(description="A unit an organisation is set up in (org_units).")
class UnitLink:
    """The unit and the form: OWN, JOINT or ATTACHED."""

    unit: Unit
    form: str | None

    @classmethod
    def from_model(cls, model: UnitLinkModel) -> UnitLink:
        """Wraps an org_units row of the query layer."""
        return cls(unit=Unit.from_model(model.unit), form=model.form)
