"""Stubs: nodes outside a token's scope that an answer must name show their id, name and kind.

A whoCovers entry runs through an organisation above the scope, a covering person's home lies
above it: the answer names them, but nothing may be read through them. The node is marked a
stub where it is wrapped (api/types/resolve.py), and this extension answers every other field
of a stub as for an unknown node: null, an empty list, zero, an empty connection. Being decided
here, for every field of every type, a field added later is safe without a check of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from strawberry.extensions import SchemaExtension

# What a stub shows: enough to name it (Organisation.kind, Unit.kind, Grid.level).
STUB_FIELDS = frozenset({"id", "name", "kind", "level", "__typename"})
EMPTY_SCALARS: dict[str, Any] = {"Int": 0, "Float": 0.0, "Boolean": False, "String": "", "ID": ""}


class Empty:
    """An object below a stub (a connection, its page information): all its fields are empty."""


EMPTY = Empty()


def is_stub(root: Any) -> bool:
    """Tells whether an object resolving a field is a stub or lies below one."""
    return root is EMPTY or getattr(root, "stub", False) is True


def empty_value(field_type: GraphQLOutputType) -> Any:
    """Returns what a field of this type answers for an unknown node."""
    if not is_non_null_type(field_type):
        return None
    assert isinstance(field_type, GraphQLNonNull)
    inner = field_type.of_type
    if is_list_type(inner):
        return []
    if is_object_type(inner):
        return EMPTY
    if isinstance(inner, GraphQLEnumType):
        return next(iter(inner.values.values())).value
    if isinstance(inner, GraphQLScalarType) and inner.name in EMPTY_SCALARS:
        return EMPTY_SCALARS[inner.name]
    # A non-null interface, union or custom scalar has no empty value: make such a field
    # nullable, or list it in STUB_FIELDS if a stub may show it.
    raise TypeError(f"no empty value for a stub's field of type {inner}")


class StubFields(SchemaExtension):
    """Answers every field of a stub, other than its id, name and kind, as for an unknown node."""

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kw: Any,
    ) -> Any:
        """Resolves the field, or gives its empty value when it is asked of a stub."""
        if root is not None and is_stub(root) and info.field_name not in STUB_FIELDS:
            return empty_value(info.return_type)
        return _next(root, info, *args, **kw)
