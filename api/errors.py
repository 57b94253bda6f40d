"""GraphQL errors with a stable `extensions.code`, and the masking of everything unexpected."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from graphql import GraphQLError
from graphql.error import GraphQLError as CoreError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from queries.errors import UnknownIdError

T = TypeVar("T")
log = logging.getLogger("covergraph.api")


class ApiError(Exception):
    """An error meant for the client: its message is shown as is, with its code."""

    code = "INTERNAL"


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
    except UnknownIdError as error:
        raise not_found(error.kind, error.id) from error
    except ValueError as error:
        raise BadUserInput(str(error)) from error


def _coded(error: GraphQLError, code: str, message: str | None = None) -> GraphQLError:
    return CoreError(
        message or error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), "code": code},
    )


def classify(error: GraphQLError) -> GraphQLError:
    """Gives the error its code; an unexpected failure becomes a bare INTERNAL error."""
    original = error.original_error
    if isinstance(original, ApiError):
        return _coded(error, original.code)
    code = (error.extensions or {}).get("code")
    if code and (original is None or isinstance(original, GraphQLError)):  # names its own code
        return error
    if error.path is None:  # syntax, validation and variable errors: about the request itself
        return _coded(error, code or "BAD_USER_INPUT")
    if original is None or isinstance(original, GraphQLError):  # argument coercion
        return _coded(error, "BAD_USER_INPUT")
    log.error("internal error at %s", error.path, exc_info=original)
    return _coded(error, "INTERNAL", "internal error")


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
            result.errors = [classify(e) for e in result.errors]
