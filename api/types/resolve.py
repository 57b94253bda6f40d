"""Turning ids into GraphQL nodes: visible ones in full, named ones outside the scope as stubs."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from api.types import scope
from api.types.request_info import Info, batches
from queries.organisations import Organisation as OrganisationModel
from queries.people import Person as PersonModel
from queries.units_grids import Grid as GridModel
from queries.units_grids import Unit as UnitModel

if TYPE_CHECKING:
    from api.types.node import Node


def wrap(model: Any, *, stub: bool = False) -> Node | None:
    """Wraps an organisation, person, unit or grid cell of the query layer in its type; a stub
    shows only its id, name and kind (api/stubs.py)."""
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
    if wrapper is None:
        return None
    node = wrapper.from_model(model)
    return replace(node, stub=True) if stub else node  # type: ignore[no-any-return]


async def node(info: Info, node_id: str | None) -> Node | None:
    """Loads the node with this id if it is visible to the request (else None)."""
    if node_id is None:
        return None
    return wrap(await batches(info).node.load(node_id))


async def organisation(info: Info, node_id: str | None) -> Any:
    """Loads a visible organisation by id (None if unknown, outside scope, or not one)."""
    from api.types.organisation import Organisation

    found = await node(info, node_id)
    return found if isinstance(found, Organisation) else None


async def shown(info: Info, model: Any) -> Node:
    """Wraps a node an answer names: in full inside the token's scope, else as a stub."""
    inside = await scope.visible_ids(info, [model.id])
    found = wrap(model, stub=model.id not in inside)
    if found is None:
        raise LookupError(f"node {model.id!r} is not an organisation, person, unit or grid cell")
    return found


async def listed(info: Info, node_id: str) -> Node:
    """Loads a node an answer names (who covers, gaps, chains): a stub outside the scope."""
    found = await batches(info).listed.load(node_id)
    if found is None:  # the node went away between the two queries
        raise LookupError(f"node {node_id!r} vanished")
    return await shown(info, found)


async def covering_person(info: Info, model: Any, person_id: str) -> Node:
    """Wraps a person who covers an organisation of the scope: whoever they are, in full
    (docs/coverage-rules.md); their fields cut what they show to the scope themselves."""
    found = wrap(model) if model is not None else wrap(await batches(info).listed.load(person_id))
    if found is None:
        raise LookupError(f"person {person_id!r} vanished")
    return found
