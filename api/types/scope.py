"""The token's scope applied to root arguments: what lies outside reads like an unknown id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeVar

from api.errors import BadUserInput, NotFound, not_found
from api.types.request_info import Info, ask, batches, context, day
from queries.organisations import Organisation as OrganisationModel
from queries.organisations import root_ids

T = TypeVar("T")


# The scope is the token's subtree on the day an answer is about (`on`, None: today).


async def visible_organisation(
    info: Info, organisation_id: str, on: date | None = None
) -> OrganisationModel:
    """Returns the organisation if it is inside the token's scope on the day, else NOT_FOUND."""
    found = await batches(info).node.load((organisation_id, day(info, on)))
    if not isinstance(found, OrganisationModel):
        raise not_found("organisation", organisation_id)
    return found


async def narrowed(info: Info, scope_id: str | None, on: date | None = None) -> str | None:
    """Returns the scope to ask in: the given one (inside the token's), else the token's."""
    if scope_id is None:
        return context(info).scope_id
    await check_organisation(info, scope_id, on)
    return scope_id


async def required(info: Info, scope_id: str | None, on: date | None = None) -> str:
    """Like narrowed, but falls back to the only root of the day when neither names a scope."""
    scope = await narrowed(info, scope_id, on)
    if scope is not None:
        return scope
    roots = await ask(info, root_ids, day=day(info, on))
    if len(roots) != 1:
        raise BadUserInput(f"scopeId is required: the graph has {len(roots)} root organisations")
    return roots[0]


async def check_organisation(info: Info, organisation_id: str, on: date | None = None) -> None:
    """Refuses an organisation outside a scoped token's subtree on the day (unscoped queries
    check ids themselves). One inside the scope today but not existing on the day passes, so
    that the query can say when it exists."""
    if context(info).scope_id is None:
        return
    try:
        await visible_organisation(info, organisation_id, on)
    except NotFound:
        if on is None:
            raise
        await visible_organisation(info, organisation_id)


async def visible_ids(info: Info, ids: Iterable[str | None], on: date | None = None) -> set[str]:
    """Returns the ids among these that name a node inside the token's scope on the day (all,
    unscoped)."""
    wanted = [i for i in dict.fromkeys(ids) if i]
    if context(info).scope_id is None:
        return set(wanted)
    when = day(info, on)
    found = await batches(info).node.load_many([(i, when) for i in wanted])
    return {i for i, node in zip(wanted, found, strict=True) if node is not None}


async def within(
    info: Info, items: Sequence[T], *ids: Callable[[T], str | None], on: date | None = None
) -> list[T]:
    """Keeps the items whose every named end (an id) lies inside the token's scope on the day."""
    seen = await visible_ids(info, (pick(item) for item in items for pick in ids), on)
    return [item for item in items if all(pick(item) in seen for pick in ids)]
