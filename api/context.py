"""The per-request GraphQL context: the process's driver and database name."""

from __future__ import annotations

from fastapi import Request
from neo4j import Driver
from strawberry.fastapi import BaseContext


class Context(BaseContext):
    """What resolvers may use: the driver and the database of this process."""

    def __init__(self, driver: Driver, database: str) -> None:
        super().__init__()
        self.driver = driver
        self.database = database


async def get_context(request: Request) -> Context:
    """Builds the context of one request."""
    return Context(request.app.state.driver, request.app.state.database)
