"""GraphQL errors with a stable `extensions.code`, and the masking of everything unexpected."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from graphql import GraphQLError
from graphql.error import GraphQLError as CoreError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from api.guards import TOO_COMPLEX, limit_of
from api.limits import current
from api.messages import text
from api.outage import is_outage
from domain.refusals import NotExisting, UnknownIdError
from graph.timeouts import is_timeout

T = TypeVar("T")
log = logging.getLogger("covergraph.api")


class ApiError(Exception):
    """An error meant for the client: its message is shown as is, with its code."""

    code = "INTERNAL"

    def message_in(self, lang: str) -> str:
        """Returns the message in the language; most client errors have one wording only."""
        return str(self)


class NotFound(ApiError):
    """No node of the expected kind has this id (or it is outside the token's scope)."""

    code = "NOT_FOUND"


class BadUserInput(ApiError):
    """An argument is malformed or out of range."""

    code = "BAD_USER_INPUT"


class Forbidden(ApiError):
    """The token's role or scope does not allow this."""

    code = "FORBIDDEN"


def not_found(kind: str, id_: str) -> NotFound:
    """Returns the error for an id that names no visible node of the kind."""
    return NotFound(f"unknown {kind} id {id_!r}")


def translated(call: Callable[[], T]) -> T:
    """Runs a query call, turning its UnknownIdError and ValueError into client errors."""
    try:
        return call()
    except NotExisting as error:
        raise NotFound(str(error)) from error
    except UnknownIdError as error:
        raise not_found(error.kind, error.id) from error
    except ValueError as error:
        raise BadUserInput(str(error)) from error


def _coded(
    error: GraphQLError, code: str, message: str | None = None, **extra: Any
) -> GraphQLError:
    return CoreError(
        message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code, **extra},
    )


def classify(error: GraphQLError, lang: str = "zh") -> GraphQLError:
    """Gives the error its code; an unexpected failure becomes a bare INTERNAL error."""
    original = error.original_error
    if isinstance(original, ApiError):
        return _coded(error, original.code, original.message_in(lang))
    limit = limit_of(error)
    if limit is not None:
        code, name, maximum = limit
        extra = {"limit": name, "max": maximum} if code == TOO_COMPLEX else {}
        cost = (error.extensions or {}).get("cost")  # the cost limit says what it estimated
        said = text(name, lang, max=maximum, **({"cost": cost} if cost is not None else {}))
        return _coded(error, code, said, **extra)
    if is_timeout(original):
        return _coded(error, "TIMEOUT", text("timeout", lang, seconds=current().query_timeout_s))
    # Syntax, validation, variable and argument errors are about the request, and point into it.
    about_request = error.path is None and bool(error.nodes or error.positions)
    if is_outage(original):
        # Kept with its cause: OutageCheck then answers the whole request 503 (api/outage.py).
        return error
    if original is not None and not isinstance(original, GraphQLError) and not about_request:
        return internal(error, original, lang)
    coded = (error.extensions or {}).get("code")
    return error if coded else _coded(error, "BAD_USER_INPUT")


def internal(error: GraphQLError, original: BaseException, lang: str) -> GraphQLError:
    """Logs an unexpected failure under a new id and returns an error that shows only the id."""
    error_id = secrets.token_hex(6)
    log.error("internal error %s at %s", error_id, error.path, exc_info=original)
    message = text("internal", lang, error_id=error_id)
    return _coded(error, "INTERNAL", message, errorId=error_id)


class ErrorCodes(SchemaExtension):
    """Refuses mutations to read-only tokens and gives every error a code."""

    def on_execute(self) -> Iterator[None]:
        """Stops a mutation before it runs when the token cannot edit."""
        ctx = self.execution_context
        principal = getattr(ctx.context, "principal", None)
        if ctx.operation_type is OperationType.MUTATION and not (
            principal is not None and principal.can_edit
        ):
            from graphql import ExecutionResult

            refusal = CoreError(
                "this token may not change data (role viewer)",
                extensions={"code": Forbidden.code},
            )
            ctx.result = ExecutionResult(data=None, errors=[refusal])
        yield

    def on_operation(self) -> Iterator[None]:
        """Rewrites the errors of the result once the operation is done."""
        yield
        result: Any = self.execution_context.result
        if result is not None and getattr(result, "errors", None):
            lang = getattr(self.execution_context.context, "lang", "zh")
            result.errors = [classify(e, lang) for e in result.errors]
