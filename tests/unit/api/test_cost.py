"""The cost estimate: page sizes multiplied down the nesting, counted in one pass."""

from __future__ import annotations

import time
from typing import Any

import pytest
from graphql import parse

from api.cost import LIST_SIZE, Estimate
from api.schema import schema
from api.types.page_info import DEFAULT_PAGE


def cost(text: str, **variables: Any) -> int:
    document = parse(text)
    return Estimate(schema._schema, document, variables).operation(None, document)


def test_pages_multiply_what_their_edges_select() -> None:
    page = "{ organisations(first: 7) { totalCount edges { cursor node { id name } } } }"
    # The connection, its count, and 7 edges of a cursor and a node with two fields.
    assert cost(page) == 1 + 1 + 7 * (1 + 1 + 1 * (1 + 2))
    assert cost(page.replace("first: 7", "first: 14")) > cost(page)
    unpaged = "{ organisations { edges { node { id } } } }"
    assert cost(unpaged) == 1 + DEFAULT_PAGE * (1 + 1 + 1)


def test_lists_without_a_page_count_a_guess_and_search_its_limit() -> None:
    posts = '{ organisation(id: "B1") { posts { role } } }'
    assert cost(posts) == 1 + LIST_SIZE * (1 + 1)
    assert cost('{ search(text: "党", limit: 3) { id } }') == 3 * (1 + 1)


def test_variables_and_their_defaults_size_pages() -> None:
    query = "query($n: Int = 4) { organisations(first: $n) { edges { node { id } } } }"
    assert cost(query) == 1 + 4 * 3
    assert cost(query, n=40) == 1 + 40 * 3


def test_fragments_count_where_they_are_spread_and_inline_fragments_by_type() -> None:
    spread = '{ node(id: "B1") { ...o } } fragment o on Organisation { posts { role } }'
    inline = '{ node(id: "B1") { ... on Organisation { posts { role } } } }'
    assert cost(spread) == cost(inline) == 1 + LIST_SIZE * (1 + 1)


# Each fragment spreads the next eight times: 8^12 paths, counted once per fragment.
LEVELS = 12
FRAGMENT_BOMB = '{ organisation(id: "B1") { ...f0 } } ' + " ".join(
    [
        f"fragment f{i} on Organisation {{ " + f"parent {{ ...f{i + 1} }} " * 8 + "}"
        for i in range(LEVELS)
    ]
    + [f"fragment f{LEVELS} on Organisation {{ id }}"]
)


def test_a_fragment_bomb_is_counted_in_one_pass() -> None:
    # Walking every path would not end; the suite's timeout would stop it.
    assert cost(FRAGMENT_BOMB) > 8**LEVELS


@pytest.mark.timing
def test_a_fragment_bomb_is_counted_within_a_second() -> None:
    started = time.monotonic()
    assert cost(FRAGMENT_BOMB) > 8**LEVELS
    assert time.monotonic() - started < 1
