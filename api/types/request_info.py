"""Small helpers shared by the resolvers: the day asked about, reads and the DataLoaders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry

from api import cache
from api.context import Context

if TYPE_CHECKING:
    from api.batching import RequestBatches

Info = strawberry.Info[Context, Any]
T = TypeVar("T")


def context(info: Info) -> Context:
    """Returns the request context."""
    return info.context


def batches(info: Info) -> RequestBatches:
    """Returns the request's DataLoaders (batched reads)."""
    return context(info).batches


def day(info: Info, as_of: date | None) -> date:
    """Returns the day asked about: `asOf`, or today."""
    return as_of if as_of is not None else context(info).today()


def period_day(info: Info, as_of: date | None, include_ended: bool) -> date | None:
    """Returns the day periods must be valid on, or None when every period is wanted."""
    return None if include_ended else day(info, as_of)


async def ask(info: Info, query: Callable[..., T], **params: Any) -> T:
    """Runs a query function off the event loop: how resolvers read, but for batched DataLoaders.

    Unknown ids and bad values become client errors; api/cache.py may answer a heavy question.
    """
    return await cache.answer(context(info), query, params)
