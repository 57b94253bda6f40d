"""The GraphQL schema, assembled from the types under api/types/."""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import json
from typing import Any

import strawberry
from fastapi import Request, Response
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.fastapi import GraphQLRouter
from strawberry.schema.config import StrawberryConfig

from api.context import Context, get_context
from api.errors import ErrorCodes
from api.outage import OutageCheck, answer_unavailable, outage_of
from api.types.date import DATE
from api.types.grid import Grid
from api.types.organisation import Organisation
from api.types.person import Person
from api.types.query import Query
from api.types.unit import Unit


def mutation_type() -> Any:
    """Returns the Mutation type when api/mutations.py provides one, else None."""
    if importlib.util.find_spec("api.mutations") is None:
        return None
    return getattr(importlib.import_module("api.mutations"), "Mutation", None)


class Schema(strawberry.Schema):
    """The schema; errors are logged once, by ErrorCodes, and only when unexpected."""

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        """Leaves logging to ErrorCodes, which knows which errors are the client's."""


schema = Schema(
    query=Query,
    mutation=mutation_type(),
    types=[Organisation, Person, Grid, Unit],
    # Dashboards repeat the same few operations: parse and validate each text once.
    # OutageCheck after ErrorCodes: it leaves the operation first, while errors keep their cause.
    extensions=[ErrorCodes, OutageCheck, ParserCache(maxsize=256), ValidationCache(maxsize=256)],
    config=StrawberryConfig(scalar_map={datetime.date: DATE}),
)


GRAPHQL_RESPONSE = "application/graphql-response+json"


def request_failed(body: Any) -> bool:
    """Tells whether a result is a request error: errors before execution, hence no data."""
    errors = body.get("errors") if isinstance(body, dict) else None
    return bool(errors) and body.get("data") is None and all("path" not in e for e in errors)


class Router(GraphQLRouter[Context, None]):
    """The /graphql router; speaks application/graphql-response+json to clients that accept it."""

    async def run(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Runs the operation, then answers in the media type the client prefers."""
        response = await super().run(request, *args, **kwargs)
        if (why := outage_of(request)) is not None:
            return answer_unavailable(request, why)
        accept = request.headers.get("accept", "") if isinstance(request, Request) else ""
        if GRAPHQL_RESPONSE not in accept or response.media_type != "application/json":
            return response
        body = json.loads(response.body)
        status = response.status_code
        if request_failed(body):  # GraphQL over HTTP: such a response is a 400 without data
            body.pop("data", None)
            status = 400
        return Response(json.dumps(body, ensure_ascii=False), status, media_type=GRAPHQL_RESPONSE)


def graphql_router() -> GraphQLRouter[Context, None]:
    """Returns the /graphql router with GraphiQL for browsers."""
    return Router(schema, context_getter=get_context, graphql_ide="graphiql")
