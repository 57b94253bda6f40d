"""Every GraphQL error leaves with a code; unexpected ones leave without their details."""

from __future__ import annotations

from graphql import GraphQLError

from api.errors import BadUserInput, NotFound, classify


def _at_path(original: Exception | None) -> GraphQLError:
    return GraphQLError(str(original or "bad"), path=["field"], original_error=original)


def test_client_errors_keep_message_and_code() -> None:
    assert classify(_at_path(NotFound("unknown organisation id 'x'"))).extensions == {
        "code": "NOT_FOUND"
    }
    error = classify(_at_path(BadUserInput("first must be between 0 and 500, got 900")))
    assert error.message == "first must be between 0 and 500, got 900"
    assert error.extensions == {"code": "BAD_USER_INPUT"}


def test_unexpected_errors_are_masked() -> None:
    error = classify(_at_path(RuntimeError("connection to 10.0.0.7 refused at line 3")))
    assert error.message == "internal error"
    assert error.extensions == {"code": "INTERNAL"}
    assert error.original_error is None


def test_request_errors_are_bad_user_input() -> None:
    error = classify(GraphQLError("Cannot query field 'x' on type 'Query'."))
    assert error.extensions == {"code": "BAD_USER_INPUT"}


def test_errors_raised_with_a_code_keep_it() -> None:
    raised = GraphQLError("已被他人修改", extensions={"code": "CONFLICT"})
    wrapped = GraphQLError(raised.message, path=["edit"], original_error=raised)
    assert classify(wrapped).extensions == {"code": "CONFLICT"}
