"""The per-request GraphQL context: driver, the token's principal, language and DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from fastapi import Request
from neo4j import Driver
from starlette.concurrency import run_in_threadpool
from strawberry.fastapi import BaseContext

from api.auth import Principal, TokenVerifier, bearer_secret
from api.batching import RequestBatches
from api.errors import translated
from api.middleware import VERIFIED
from domain.settings import gap_thresholds
from domain.thresholds import Thresholds

T = TypeVar("T")


class Context(BaseContext):
    """What resolvers may use: driver, database, principal (role, scope), language, DataLoaders."""

    def __init__(
        self,
        driver: Driver,
        database: str,
        principal: Principal | None,
        lang: str = "zh",
        thresholds: Thresholds | None = None,
    ) -> None:
        super().__init__()
        self.driver = driver
        self.database = database
        self.principal = principal
        self.lang = lang
        self.thresholds = thresholds or gap_thresholds()
        self.batches = RequestBatches(driver, database, self.scope_id, self.thresholds)
        # The graph's generation, read once by the first field that uses kept answers.
        self.generation: asyncio.Future[str | None] | None = None

    @property
    def scope_id(self) -> str | None:
        """Returns the token's scope (None: the whole graph)."""
        return self.principal.scope_id if self.principal else None

    @property
    def role(self) -> str:
        """Returns the token's role ("anonymous" without one)."""
        return self.principal.role if self.principal else "anonymous"

    def today(self) -> date:
        """Returns the default day of every question."""
        return date.today()

    async def read(self, query: Callable[..., T], **params: Any) -> T:
        """Runs a query function off the event loop; unknown ids and bad values become client
        errors."""
        call: Callable[[], T] = partial(query, driver=self.driver, database=self.database, **params)
        return await run_in_threadpool(translated, call)


def wants_ide(request: Request) -> bool:
    """Tells whether a GET asks for the GraphiQL page rather than running an operation."""
    accept = request.headers.get("accept", "")
    return (
        request.method == "GET"
        and "query" not in request.query_params
        and ("text/html" in accept or "*/*" in accept)
    )


def language(request: Request) -> str:
    """Returns "en" when Accept-Language prefers English, else "zh"."""
    header = request.headers.get("accept-language", "").strip().lower()
    return "en" if header.startswith("en") else "zh"


async def verified(request: Request, secret: str) -> Principal:
    """Returns the token's principal, as the rate limiter already found it or from the store."""
    found = getattr(request.state, VERIFIED, None)
    if isinstance(found, Exception):
        raise found
    if isinstance(found, Principal):
        return found
    # The process's one verifier, made with the driver at start (api/app.py).
    process_verifier: TokenVerifier = request.app.state.verifier
    return await run_in_threadpool(process_verifier.verify, secret)


async def get_context(request: Request) -> Context:
    """Builds the context of one request; every operation needs a usable bearer token."""
    state = request.app.state
    principal = None
    if not wants_ide(request):
        secret = bearer_secret(request.headers.get("authorization"))
        principal = await verified(request, secret)
    return Context(state.driver, state.database, principal, language(request))
