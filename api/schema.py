"""The GraphQL schema, assembled from the types under api/types/."""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import json
from functools import partial
from typing import Any, Literal

import strawberry
from cross_web import HTTPException
from fastapi import Request, Response
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.fastapi import GraphQLRouter
from strawberry.schema.config import StrawberryConfig

from api.context import Context, get_context
from api.cost import too_costly
from api.errors import ErrorCodes, classify
from api.guards import guards
from api.limits import current
from api.outage import OutageCheck, answer_unavailable, outage_of
from api.stubs import StubFields
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
    """The schema; every error gets a code, and only unexpected ones are logged (once)."""

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        """Codes the errors in place, as ErrorCodes does once the operation is done.

        Some errors never reach ErrorCodes: a document the cached parser refuses (past the token
        limit, say) or a crash while validating ends the operation before its hooks resume.
        strawberry hands those here, and the result carries this same list.
        """
        lang = getattr(getattr(execution_context, "context", None), "lang", "zh")
        errors[:] = [classify(error, lang) for error in errors]


schema = Schema(
    query=Query,
    mutation=mutation_type(),
    types=[Organisation, Person, Grid, Unit],
    # Dashboards repeat the same few operations: parse and validate each text once.
    extensions=[
        ErrorCodes,
        # After ErrorCodes: it leaves the operation first, while errors keep their cause.
        OutageCheck,
        *guards(current()),
        too_costly(current().max_cost),  # after validation: the operation's estimated size
        StubFields,  # nodes outside the scope that an answer names show id, name, kind
        partial(ParserCache, maxsize=256),  # the caches are shared by every instance
        partial(ValidationCache, maxsize=256),
    ],
    config=StrawberryConfig(
        scalar_map={datetime.date: DATE},
        # "Did you mean …?" would name fields that introspection no longer shows.
        disable_field_suggestions=current().production,
    ),
)


GRAPHQL_RESPONSE = "application/graphql-response+json"


def request_failed(body: Any) -> bool:
    """Tells whether a result is a request error: errors before execution, hence no data."""
    if not isinstance(body, dict) or not body.get("errors"):
        return False
    return body.get("data") is None and all("path" not in e for e in body["errors"])


class Router(GraphQLRouter[Context, None]):
    """The /graphql router; speaks application/graphql-response+json to clients that accept it."""

    def parse_json(self, data: str | bytes) -> Any:
        """Parses a request body; anything but a JSON object (or a batch list) is a 400."""
        try:
            parsed = self.decode_json(data)
        except ValueError as error:  # bad JSON, or bytes that are not UTF-8 at all
            raise HTTPException(400, "Unable to parse request body as JSON") from error
        if not isinstance(parsed, dict | list):  # strawberry expects an object; null crashed it
            raise HTTPException(400, "The request body must be a JSON object")
        return parsed

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
    """Returns the /graphql router, with GraphiQL for browsers unless in production."""
    ide: Literal["graphiql"] | None = None if current().production else "graphiql"
    return Router(schema, context_getter=get_context, graphql_ide=ide)
