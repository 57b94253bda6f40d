"""Turning ids into visible GraphQL nodes through the request's node DataLoader."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.types.common import Info, loaders
from queries.organisations import Organisation as OrganisationModel
from queries.people import Person as PersonModel
from queries.units_grids import Grid as GridModel
from queries.units_grids import Unit as UnitModel

if TYPE_CHECKING:
    from api.types.node import Node


def wrap(model: Any) -> Node | None:
    """Wraps an organisation, person, unit or grid cell of the query layer in its type."""
    from api.types.grid import Grid
    from api.types.organisation import Organisation
    from api.types.person import Person
    from api.types.unit import Unit

    wrappers: dict[type, Any] = {
        OrganisationModel: Organisation,
        PersonModel: Person,
        GridModel: Grid,
        UnitModel: Unit,
    }
    wrapper = wrappers.get(type(model))
    return wrapper.from_model(model) if wrapper else None  # type: ignore[no-any-return]


async def node(info: Info, node_id: str | None) -> Node | None:
    """Loads the node with this id if it is visible to the request (else None)."""
    if node_id is None:
        return None
    return wrap(await loaders(info).node.load(node_id))


async def organisation(info: Info, node_id: str | None) -> Any:
    """Loads a visible organisation by id (None if unknown, outside scope, or not one)."""
    from api.types.organisation import Organisation

    found = await node(info, node_id)
    return found if isinstance(found, Organisation) else None


async def listed(info: Info, node_id: str) -> Node:
    """Loads a node an answer already lists (who covers, gaps), whatever the token's scope."""
    found = wrap(await loaders(info).listed.load(node_id))
    if found is None:  # the node went away between the two queries
        raise LookupError(f"node {node_id!r} vanished")
    return found
