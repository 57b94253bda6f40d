"""The schema's guards against costly operations: depth, aliases, tokens and introspection.

strawberry's limiters report plain messages; each rule here is strawberry's (or graphql-core's)
with its errors given a code and the limit, so api/errors.py can say them in either language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from graphql import GraphQLError, ValidationContext
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from api.limits import Limits

TOO_COMPLEX = "QUERY_TOO_COMPLEX"
INTROSPECTION_OFF = "INTROSPECTION_DISABLED"
# graphql-core stops parsing a document past the token limit with this syntax error.
TOKEN_LIMIT = re.compile(r"Document contains more than (\d+) tokens")


def _marked(error: GraphQLError, code: str, limit: str, maximum: int) -> GraphQLError:
    marks = (
        {"code": code, "limit": limit, "max": maximum} if code == TOO_COMPLEX else {"code": code}
    )
    return GraphQLError(
        error.message, error.nodes, extensions={**(error.extensions or {}), **marks}
    )


def coded_rule(
    rule: type[ASTValidationRule], code: str, limit: str, maximum: int
) -> type[ASTValidationRule]:
    """Returns the rule with its errors marked with the code, the limit's name and its maximum."""

    # mypy takes a base class chosen at run time for a variable, not a type.
    class Coded(rule):  # type: ignore[valid-type, misc]
        def __init__(self, context: ValidationContext) -> None:
            # strawberry's limiters measure the whole document here and report on the context.
            report = context.report_error
            # Swapped for this call and restored below; mypy refuses assigning to a method.
            context.report_error = lambda error: report(_marked(error, code, limit, maximum))  # type: ignore[method-assign]
            try:
                super().__init__(context)
            except KeyError:
                # An unknown fragment breaks the depth count; KnownFragmentNames reports it.
                # mypy cannot see that self, a Coded, is an instance of rule.
                super(rule, self).__init__(context)  # type: ignore[misc]
            finally:
                context.report_error = report  # type: ignore[method-assign]

        def report_error(self, error: GraphQLError) -> None:
            super().report_error(_marked(error, code, limit, maximum))

    Coded.__name__ = f"Coded{rule.__name__}"
    return Coded


def _coded_limiter(
    limiter: AddValidationRules, limit: str, maximum: int
) -> type[ASTValidationRule]:
    (rule,) = limiter.validation_rules
    return coded_rule(rule, TOO_COMPLEX, limit, maximum)


def guards(limits: Limits) -> list[Callable[[], SchemaExtension]]:
    """Returns factories of the schema extensions that enforce the limits (one per request)."""
    depth, aliases = limits.max_depth, limits.max_aliases
    rules = [
        _coded_limiter(QueryDepthLimiter(max_depth=depth), "depth", depth),
        _coded_limiter(MaxAliasesLimiter(max_alias_count=aliases), "aliases", aliases),
    ]
    if limits.production:
        introspection = NoSchemaIntrospectionCustomRule
        rules.append(coded_rule(introspection, INTROSPECTION_OFF, "introspection", 0))
    return [
        partial(AddValidationRules, rules),
        partial(MaxTokensLimiter, max_token_count=limits.max_tokens),
    ]


def limit_of(error: GraphQLError) -> tuple[str, str, int] | None:
    """Returns (code, limit, maximum) of an error a guard raised, or None for any other."""
    extensions = error.extensions or {}
    if extensions.get("code") == INTROSPECTION_OFF:
        return INTROSPECTION_OFF, "introspection", 0
    if extensions.get("code") == TOO_COMPLEX:
        return TOO_COMPLEX, str(extensions["limit"]), int(extensions["max"])
    match = TOKEN_LIMIT.search(error.message)
    if match and error.path is None:
        return TOO_COMPLEX, "tokens", int(match[1])
    return None
