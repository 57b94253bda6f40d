"""The token's scope applied to root arguments: what lies outside reads like an unknown id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from api.errors import BadUserInput, not_found
from api.types.request_info import Info, ask, batches, context
from queries.organisations import Organisation as OrganisationModel
from queries.organisations import root_ids

T = TypeVar("T")


async def visible_organisation(info: Info, organisation_id: str) -> OrganisationModel:
    """Returns the organisation if it exists inside the token's scope, else NOT_FOUND."""
    found = await batches(info).node.load(organisation_id)
    if not isinstance(found, OrganisationModel):
        raise not_found("organisation", organisation_id)
    return found


async def narrowed(info: Info, scope_id: str | None) -> str | None:
    """Returns the scope to ask in: the given one (inside the token's), else the token's."""
    if scope_id is None:
        return context(info).scope_id
    await visible_organisation(info, scope_id)
    return scope_id


async def required(info: Info, scope_id: str | None) -> str:
    """Like narrowed, but falls back to the only root when neither names a scope."""
    scope = await narrowed(info, scope_id)
    if scope is not None:
        return scope
    roots = await ask(info, root_ids)
    if len(roots) != 1:
        raise BadUserInput(f"scopeId is required: the graph has {len(roots)} root organisations")
    return roots[0]


async def check_organisation(info: Info, organisation_id: str) -> None:
    """Refuses an organisation outside a scoped token's subtree (unscoped queries check ids)."""
    if context(info).scope_id is not None:
        await visible_organisation(info, organisation_id)


async def visible_ids(info: Info, ids: Iterable[str | None]) -> set[str]:
    """Returns the ids among these that name a node inside the token's scope (all, unscoped)."""
    wanted = [i for i in dict.fromkeys(ids) if i]
    if context(info).scope_id is None:
        return set(wanted)
    found = await batches(info).node.load_many(wanted)
    return {i for i, node in zip(wanted, found, strict=True) if node is not None}


async def within(info: Info, items: Sequence[T], *ids: Callable[[T], str | None]) -> list[T]:
    """Keeps the items whose every named end (an id) lies inside the token's scope."""
    seen = await visible_ids(info, (pick(item) for item in items for pick in ids))
    return [item for item in items if all(pick(item) in seen for pick in ids)]
