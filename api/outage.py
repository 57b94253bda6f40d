"""While Neo4j cannot be reached, every request is answered HTTP 503 with a coded JSON error.

Failures to reach the database surface in two places: before the operation runs (the token
lookup in the request context), where `install`'s handlers answer them, and inside resolvers,
where GraphQL would turn them into an INTERNAL error in a 200 answer: `OutageCheck` notes them
on the request and the /graphql router answers 503 instead (api/schema.py). The driver's
timeouts (graph/database.py) bound how long a request waits; once Neo4j answers again, the
pool reconnects on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import DatabaseUnavailable as Neo4jDatabaseUnavailable
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.extensions import SchemaExtension

from graph.connection import RETRY_TIME_S
from graph.database import DatabaseUnavailable

CODE = "DATABASE_UNAVAILABLE"
MESSAGE = {
    "zh": "数据库暂时无法访问，请稍后重试（已提交的修改不会丢失）",
    "en": "the database cannot be reached; try again shortly (committed changes are kept)",
}
OUTAGES = (ServiceUnavailable, SessionExpired, Neo4jDatabaseUnavailable, DatabaseUnavailable)


def is_outage(error: BaseException | None) -> bool:
    """Tells whether an error, or one it was raised from, means Neo4j is unreachable."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGES):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def reason(error: BaseException) -> str:
    """Returns the first line of the driver's message, or the error's kind."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def unavailable_body(lang: str, why: str) -> dict[str, Any]:
    """Returns the GraphQL-shaped error body of an outage, in the request's language."""
    extensions = {"code": CODE, "reason": why}
    return {"errors": [{"message": MESSAGE.get(lang, MESSAGE["zh"]), "extensions": extensions}]}


def answer_unavailable(request: Request, error: Exception | str) -> JSONResponse:
    """Answers 503 with the coded error and a Retry-After hint."""
    english = request.headers.get("accept-language", "").strip().lower().startswith("en")
    why = error if isinstance(error, str) else reason(error)
    body = unavailable_body("en" if english else "zh", why)
    headers = {"Retry-After": str(int(RETRY_TIME_S))}
    return JSONResponse(body, status_code=503, headers=headers)


class OutageCheck(SchemaExtension):
    """Notes on the request when any error of the operation came from an unreachable database."""

    def on_operation(self) -> Iterator[None]:
        """Looks at the errors once the operation is done (an exception here would be masked)."""
        yield
        result: Any = self.execution_context.result
        request = getattr(self.execution_context.context, "request", None)
        for error in getattr(result, "errors", None) or []:
            if request is not None and is_outage(error.original_error):
                request.state.outage = reason(error.original_error)


def outage_of(request: Any) -> str | None:
    """Returns why the request's operation could not reach the database, or None."""
    state = getattr(request, "state", None)
    return getattr(state, "outage", None)


def install(app: FastAPI) -> None:
    """Answers 503 for every request that failed to reach the database."""
    for kind in OUTAGES:
        app.add_exception_handler(kind, answer_unavailable)
