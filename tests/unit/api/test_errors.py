"""Every GraphQL error leaves with a code; unexpected ones leave without their details."""

from __future__ import annotations

import logging

import pytest
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


def test_unexpected_errors_are_masked_and_logged_under_the_id_they_show(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="covergraph.api"):
        error = classify(_at_path(RuntimeError("connection to 10.0.0.7 refused")), "en")
    assert error.extensions is not None
    error_id = error.extensions["errorId"]
    assert error.message == f"internal error (error id {error_id}; tell the administrator)"
    assert error.extensions == {"code": "INTERNAL", "errorId": error_id}
    assert error.original_error is None
    logged = caplog.records[-1]
    assert error_id in logged.getMessage()
    assert logged.exc_info is not None
    assert "10.0.0.7" in str(logged.exc_info[1])


def test_a_crash_while_checking_the_request_is_internal_too() -> None:
    error = classify(GraphQLError("'Missing'", original_error=KeyError("Missing")), "zh")
    assert error.extensions is not None
    assert error.extensions["code"] == "INTERNAL"
    assert "Missing" not in error.message
    assert "错误编号" in error.message


def test_limit_errors_name_the_limit_in_both_languages() -> None:
    marks = {"code": "QUERY_TOO_COMPLEX", "limit": "depth", "max": 10}
    raw = GraphQLError("'q' exceeds maximum operation depth of 10", extensions=marks)
    error = classify(raw, "zh")
    assert error.message == "查询嵌套过深：顶层字段之下最多 10 层"
    assert error.extensions == {"code": "QUERY_TOO_COMPLEX", "limit": "depth", "max": 10}
    tokens = classify(GraphQLError("Syntax Error: Document contains more than 2000 tokens."), "en")
    assert tokens.message == "the operation text is too long: at most 2000 tokens"
    assert tokens.extensions == {"code": "QUERY_TOO_COMPLEX", "limit": "tokens", "max": 2000}


def test_request_errors_are_bad_user_input() -> None:
    error = classify(GraphQLError("Cannot query field 'x' on type 'Query'."))
    assert error.extensions == {"code": "BAD_USER_INPUT"}


def test_errors_raised_with_a_code_keep_it() -> None:
    raised = GraphQLError("已被他人修改", extensions={"code": "CONFLICT"})
    wrapped = GraphQLError(raised.message, path=["edit"], original_error=raised)
    assert classify(wrapped).extensions == {"code": "CONFLICT"}
