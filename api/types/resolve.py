"""Turning ids into GraphQL nodes: visible ones in full, named ones outside the scope as stubs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from api.types import scope
from api.types.request_info import Info, batches, day
from queries.organisations import Organisation as OrganisationModel
from queries.people import Person as PersonModel
from queries.units_grids import Grid as GridModel
from queries.units_grids import Unit as UnitModel

if TYPE_CHECKING:
    from api.types.grid import Grid
    from api.types.node import Node
    from api.types.organisation import Organisation
    from api.types.person import Person
    from api.types.unit import Unit

N = TypeVar("N", bound="Node")


def wrap(model: Any, *, stub: bool = False) -> Node | None:
    """Wraps an organisation, person, unit or grid cell of the query layer in its type; a stub
    shows only its id, name and kind (api/stubs.py)."""
    from api.types.grid import Grid
    from api.types.organisation import Organisation
    from api.types.person import Person
    from api.types.unit import Unit

    wrappers: dict[type, Callable[[Any], Organisation | Person | Grid | Unit]] = {
        OrganisationModel: Organisation.from_model,
        PersonModel: Person.from_model,
        GridModel: Grid.from_model,
        UnitModel: Unit.from_model,
    }
    wrapper = wrappers.get(type(model))
    if wrapper is None:
        return None
    node = wrapper(model)
    return replace(node, stub=True) if stub else node


# `on` is the day an answer is about (None: today): an organisation shows its name, kind and
# parent of that day, and the scope is the token's subtree on that day.


async def node(info: Info, node_id: str | None, on: date | None = None) -> Node | None:
    """Loads the node with this id if it is visible to the request (else None)."""
    if node_id is None:
        return None
    return wrap(await batches(info).node.load((node_id, day(info, on))))


async def node_of(
    info: Info, node_id: str | None, kind: type[N], on: date | None = None
) -> N | None:
    """Loads a visible node of the kind by id (None if unknown, outside scope, or not one)."""
    found = await node(info, node_id, on)
    return found if isinstance(found, kind) else None


async def organisation(
    info: Info, node_id: str | None, on: date | None = None
) -> Organisation | None:
    """Loads a visible organisation by id (None if unknown, outside scope, or not one)."""
    from api.types.organisation import Organisation

    return await node_of(info, node_id, Organisation, on)


async def shown(info: Info, model: Any, on: date | None = None) -> Node:
    """Wraps a node an answer names: in full inside the token's scope, else as a stub."""
    inside = await scope.visible_ids(info, [model.id], on)
    found = wrap(model, stub=model.id not in inside)
    if found is None:
        raise LookupError(f"node {model.id!r} is not an organisation, person, unit or grid cell")
    return found


async def listed(info: Info, node_id: str, on: date | None = None) -> Node:
    """Loads a node an answer names (who covers, gaps, chains): a stub outside the scope."""
    found = await batches(info).listed.load((node_id, day(info, on)))
    if found is None:  # the node went away between the two queries
        raise LookupError(f"node {node_id!r} vanished")
    return await shown(info, found, on)


async def listed_of(info: Info, node_id: str, kind: type[N], on: date | None = None) -> N:
    """Loads a node of the kind that an answer names: a stub outside the scope."""
    found = await listed(info, node_id, on)
    if not isinstance(found, kind):
        raise LookupError(f"node {node_id!r} is not a {kind.__name__}")
    return found


async def covering_person(info: Info, model: Any, person_id: str, on: date) -> Person:
    """Wraps a person who covers an organisation of the scope: whoever they are, in full
    (docs/coverage-rules.md); their fields cut what they show to the scope themselves."""
    from api.types.person import Person

    loaded = model if model is not None else await batches(info).listed.load((person_id, on))
    found = wrap(loaded)
    if not isinstance(found, Person):
        raise LookupError(f"person {person_id!r} vanished")
    return found
