"""The peer's type definitions: valid GraphQL, statements that take only their fields'
arguments, and a refusal to start when covergraph's Cypher no longer has what they rely on."""

from __future__ import annotations

import re

import pytest
from graphql import parse

from benchmarks.peer import type_defs
from domain.thresholds import Thresholds
from queries.who_covers import WHO_COVERS


def test_the_type_definitions_parse() -> None:
    document = parse(type_defs.type_defs())
    names = {d.name.value for d in document.definitions if hasattr(d, "name") and d.name}
    assert {"Organisation", "Person", "Post", "Coverage"} <= names


def test_statements_take_only_their_fields_arguments() -> None:
    for statement in (type_defs.who_covers_statement(), type_defs.gap_count_statement()):
        assert set(re.findall(r"\$(\w+)", statement)) <= set(type_defs.FROM_ARGUMENTS)


def test_a_changed_who_covers_stops_the_peer(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = WHO_COVERS.replace("{id: $id}", "{id: $organisation}")
    monkeypatch.setattr("benchmarks.peer.type_defs.WHO_COVERS", changed)
    with pytest.raises(ValueError, match="exactly one"):
        type_defs.who_covers_statement()


def test_a_rule_with_a_parameter_the_peer_does_not_bind_stops_it() -> None:
    with pytest.raises(ValueError, match=r"\$novel"):
        type_defs.bound("MATCH (n) WHERE n.size > $novel RETURN n", Thresholds())
