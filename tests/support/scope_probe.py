"""Requests built from the schema itself, for probing a scoped token: every Query field and
Mutation with its id arguments, a selection of every field below it, and a walk of the ids an
answer names."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
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
from neo4j import Driver

from api.auth import issue_token
from api.schema import schema
from domain.dataset import Dataset
from tests.support import oracle
from tests.support.factory import demo
from tests.support.graph import load_fresh

ANCHOR = date(2024, 6, 30)
DAY = ANCHOR.isoformat()
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


def selection(
    kind: Any, depth: int, *, concrete: bool = False, clashing: frozenset[str] = frozenset()
) -> str:
    """Selects every field below a type down to `depth` levels (fields that need arguments
    get plain values), so an answer shows whatever it can reach. With `concrete`, an interface
    gets an inline fragment on each type that implements it, and a field that two of those
    types type differently is asked under an alias, `<field>_as_<Type>`."""
    named = get_named_type(kind)
    if concrete and isinstance(named, GraphQLInterfaceType):
        types = schema._schema.get_possible_types(named)
        typed: dict[str, set[str]] = {}
        for each in types:
            for name, field in each.fields.items():
                typed.setdefault(name, set()).add(str(field.type))
        clash = frozenset(n for n, seen in typed.items() if len(seen) > 1)
        fragments = [f"... on {t.name} {selection(t, depth, concrete=True, clashing=clash)}"
                     for t in types]  # fmt: skip
        return "{ __typename " + " ".join(fragments) + " }"
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        return ""
    parts = ["__typename"]
    for name, field in named.fields.items():
        if any(
            isinstance(a.type, GraphQLNonNull) and n not in PLAIN for n, a in field.args.items()
        ):
            continue
        asked = f"{name}_as_{named.name}: {name}" if name in clashing else name
        inner = get_named_type(field.type)
        if not isinstance(inner, GraphQLObjectType | GraphQLInterfaceType):
            parts.append(asked + arguments(field, {}))
        elif depth > 0:
            below = selection(field.type, depth - 1, concrete=concrete)
            parts.append(asked + arguments(field, {}) + " " + below)
    return "{ " + " ".join(parts) + " }"


def field_name(key: str) -> str:
    """Returns the field an answer's key stands for (the key without an `_as_<Type>` alias)."""
    return key.split("_as_")[0]


def operation(
    kind: str, name: str, ids: dict[str, str], depth: int, *, concrete: bool = False
) -> str:
    """Writes one operation asking one root field; `concrete` selects every field of every
    type behind an interface too."""
    field = root_fields(kind)[name]
    picked = selection(field.type, depth, concrete=concrete)
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


class County:
    """The county demo loaded, a township scope, its tokens and ids inside and outside."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.dataset: Dataset = demo("county", 1, ANCHOR)
        load_fresh(driver, database, self.dataset)
        self.scope_id, self.sets = _township(self.dataset)
        self.viewer = issue_token(
            driver=driver, database=database, role="viewer", scope_id=self.scope_id
        )[1]
        self.editor = issue_token(
            driver=driver, database=database, role="editor", scope_id=self.scope_id
        )[1]
        self.admin = issue_token(
            driver=driver, database=database, role="admin", scope_id=self.scope_id
        )[1]
        self.inside = {
            "organisations": sorted(self.sets.organisations),
            "people": sorted(self.sets.people),
            "units": sorted(self.sets.units),
            "grids": sorted(self.sets.grids),
        }
        self.outside = {table: self._outside(table) for table in self.inside}
        # One id of each kind outside the scope, and the organisation right above it.
        self.probes = [ids[0] for ids in self.outside.values()] + [self._parent()]
        self.outside_ids = {str(r["id"]) for t in self.inside for r in self.dataset.rows(t)} - {
            i for ids in self.inside.values() for i in ids
        }

    def _outside(self, table: str) -> list[str]:
        """Two ids of the table outside the scope: the first and last by id."""
        inside = set(self.inside[table])
        ids = sorted(str(r["id"]) for r in self.dataset.rows(table) if r["id"] not in inside)
        return [ids[0], ids[-1]]

    def _parent(self) -> str:
        rows = self.dataset.rows("organisations")
        return str(next(r["parent_id"] for r in rows if r["id"] == self.scope_id))

    def in_scope_id(self, arg: str) -> str:
        """An id inside the scope of the kind the argument names (a branch for organisations)."""
        kind = ID_KINDS.get(arg.split(".")[-1]) or "organisations"
        if kind == "organisations":
            branches = {
                str(r["id"]) for r in self.dataset.rows("organisations") if r["kind"] == "BRANCH"
            }
            return sorted(branches & set(self.inside[kind]))[0]
        return self.inside[kind][0]


def _township(dataset: Dataset) -> tuple[str, oracle.ScopeSets]:
    """A township (a committee under the root) with people, units and grid cells of its own."""
    for row in dataset.rows("organisations"):
        if row["parent_id"] and row["kind"] == "COMMITTEE" and not row["dissolved"]:
            sets = oracle.scope(dataset, str(row["id"]))
            if sets.units and sets.grids and sets.people:
                return str(row["id"]), sets
    raise AssertionError("the county demo has no township with units and grid cells")
