"""The typed field decorator: UNSET defaults stay out of the schema, resolvers get None."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry import UNSET

from api.types.fields import field


@strawberry.type
class Probe:
    @field(description="Echoes what the resolver received.")
    async def echo(self, word: str | None = UNSET, times: int | None = None) -> str:
        return f"{word!r} {times!r}"


SCHEMA = strawberry.Schema(query=Probe)


def test_an_unset_default_has_no_default_in_the_schema() -> None:
    sdl = SCHEMA.as_str()
    assert "echo(word: String, times: Int = null): String!" in sdl
    assert '"""Echoes what the resolver received."""' in sdl


def test_an_argument_left_out_arrives_as_none() -> None:
    left_out = asyncio.run(SCHEMA.execute("{ echo }"))
    given = asyncio.run(SCHEMA.execute('{ echo(word: "x", times: 2) }'))
    assert left_out.data == {"echo": "None None"}
    assert given.data == {"echo": "'x' 2"}
