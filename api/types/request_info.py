"""Small helpers shared by the resolvers: the day asked about and the request's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry import UNSET

from api.errors import translated

if TYPE_CHECKING:
    from api.batching import RequestBatches
    from api.context import Context

Info = strawberry.Info[Any, Any]
T = TypeVar("T")


def context(info: Info) -> Context:
    """Returns the request context."""
    return info.context  # type: ignore[no-any-return]


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
    """Runs a query function off the event loop; unknown ids and bad values become client errors."""
    call: Callable[[], T] = partial(
        query, driver=context(info).driver, database=context(info).database, **params
    )
    return await run_in_threadpool(translated, call)


def given(value: Any) -> Any:
    """Returns the argument's value, or None when the client left it out."""
    return None if value is UNSET else value
