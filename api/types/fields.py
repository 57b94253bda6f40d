"""Typed forms of strawberry's field and mutation decorators, for resolvers mypy can check.

Called with arguments, `strawberry.field` and `strawberry.mutation` are typed to return Any,
which leaves every resolver under them untyped; these return the StrawberryField they make.

An optional argument that defaults to UNSET has no default in the schema (`asOf: Date`, not
`asOf: Date = null`), which is how the root fields have always shown them. The resolvers
declared here still receive None for such an argument when the client leaves it out, so no
resolver has to tell UNSET from None.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry
from strawberry import UNSET
from strawberry.types.field import StrawberryField

Resolver = Callable[..., Any]
R = TypeVar("R", bound=Resolver)


def field(*, description: str) -> Callable[[Resolver], StrawberryField]:
    """Declares a resolver as a field with its description."""
    declared: StrawberryField = strawberry.field(description=description)
    return lambda resolver: declared(left_out_as_none(resolver))


def mutation(*, description: str) -> Callable[[Resolver], StrawberryField]:
    """Declares a resolver as a mutation with its description."""
    declared: StrawberryField = strawberry.mutation(description=description)
    return lambda resolver: declared(left_out_as_none(resolver))


def left_out_as_none(resolver: R) -> R:
    """Returns the resolver, given None for each UNSET-default argument the client left out."""
    left_out = {
        name: None
        for name, parameter in inspect.signature(resolver).parameters.items()
        if parameter.default is UNSET
    }
    if not left_out:
        return resolver
    if not inspect.iscoroutinefunction(resolver):
        raise TypeError(f"{resolver.__qualname__}: only async resolvers may default to UNSET")

    # Strawberry reads the arguments and their types through __wrapped__, from the resolver.
    @functools.wraps(resolver)
    async def resolve(*args: Any, **kwargs: Any) -> Any:
        return await resolver(*args, **{**left_out, **kwargs})

    return cast(R, resolve)  # wraps keeps the signature strawberry reads
