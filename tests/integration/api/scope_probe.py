"""Requests built from the schema itself, for probing a scoped token: every Query field and
Mutation with its id arguments, a selection of every field below it, and a walk of the ids an
answer names."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)

from api.schema import schema

DAY = "2024-06-30"
# The kind of node each id argument names, by argument name (None: any kind).
ID_KINDS: dict[str, str | None] = {
    "id": None,
    "organisationId": "organisations",
    "scopeId": "organisations",
    "rootId": "organisations",
    "newParentId": "organisations",
    "parentId": "organisations",
    "targetId": "organisations",
    "personId": "people",
    "unitId": "units",
    "gridId": "grids",
}
# Values of the other required arguments, by name.
PLAIN: dict[str, Any] = {
    "format": "json",
    "text": "党",
    "role": "SECRETARY",
    "kind": "POINT",
    "end": DAY,
    "date": DAY,
    "asOf": DAY,
    "first": 3,
    "includeEnded": True,
}
CURSOR_KEYS = ("cursor", "endCursor")


@dataclass(frozen=True)
class Probe:
    """One root field and an operation that asks it with the given arguments."""

    field: str
    operation: str
    id_args: tuple[str, ...]


def root_fields(kind: str) -> dict[str, GraphQLField]:
    """Returns the fields of the Query or Mutation type of the served schema."""
    gql = schema._schema
    root = gql.query_type if kind == "query" else gql.mutation_type
    assert root is not None
    return dict(root.fields)


def id_arguments(field: GraphQLField) -> list[str]:
    """Returns the names of a field's arguments (and input fields) that carry ids."""
    names = [n for n, a in field.args.items() if get_named_type(a.type).name == "ID"]
    for name, arg in field.args.items():
        named = get_named_type(arg.type)
        if isinstance(named, GraphQLInputObjectType):
            names += [f"{name}.{f}" for f, x in named.fields.items() if _is_id(x.type)]
    return names


def _is_id(kind: Any) -> bool:
    return get_named_type(kind).name == "ID"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def arguments(field: GraphQLField, ids: dict[str, str]) -> str:
    """Writes the arguments: the given ids, and plain values for the rest where needed."""
    parts = []
    for name, arg in field.args.items():
        named = get_named_type(arg.type)
        required = isinstance(arg.type, GraphQLNonNull)
        if name in ids:
            parts.append(f"{name}: {_literal(ids[name])}")
        elif isinstance(named, GraphQLInputObjectType):
            inner = {k.split(".", 1)[1]: v for k, v in ids.items() if k.startswith(name + ".")}
            parts.append(f"{name}: {_literal(_input(named, inner))}")
        elif name in PLAIN and (required or name in ("asOf", "first", "includeEnded")):
            parts.append(f"{name}: {_literal(PLAIN[name])}")
    return f"({', '.join(parts)})" if parts else ""


def _input(kind: GraphQLInputObjectType, ids: dict[str, str]) -> dict[str, Any]:
    """A value of an input type: a new organisation, or a change of its name."""
    if "kind" in kind.fields and "id" in kind.fields:
        return {"id": "PROBE1", "name": "探测", "kind": "BRANCH", **ids}
    return {"name": "探测", **ids}


def selection(kind: Any, depth: int) -> str:
    """Selects every field below a type down to `depth` levels (fields that need arguments
    get plain values), so an answer shows whatever it can reach."""
    named = get_named_type(kind)
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        return ""
    parts = ["__typename"]
    for name, field in named.fields.items():
        if any(
            isinstance(a.type, GraphQLNonNull) and n not in PLAIN for n, a in field.args.items()
        ):
            continue
        inner = get_named_type(field.type)
        if not isinstance(inner, GraphQLObjectType | GraphQLInterfaceType):
            parts.append(name + arguments(field, {}))
        elif depth > 0:
            parts.append(name + arguments(field, {}) + " " + selection(field.type, depth - 1))
    return "{ " + " ".join(parts) + " }"


def operation(kind: str, name: str, ids: dict[str, str], depth: int) -> str:
    """Writes one operation asking one root field."""
    field = root_fields(kind)[name]
    picked = selection(field.type, depth)
    if isinstance(field.type, GraphQLList | GraphQLNonNull) and not picked:
        picked = ""
    return f"{kind} {{ {name}{arguments(field, ids)} {picked} }}"


def strings(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Yields every string of an answer with its path, opening cursors and JSON reports."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, (*path, "*"))
    elif isinstance(value, str):
        yield path, value
        if path and path[-1] in (*CURSOR_KEYS, "contentBase64"):
            opened = _opened(value)
            if opened is not None:
                yield from strings(opened, (*path, "decoded"))


def _opened(text: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(text.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        try:
            return json.loads(base64.b64decode(text).decode("utf-8"))
        except (ValueError, UnicodeError, binascii.Error):
            return None
