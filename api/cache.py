"""Answers of the dashboard's heavy queries, kept while the graph does not change.

Coverage summaries and gap pages and counts run a dozen or more queries each, from tens of
milliseconds (a township) to seconds (a province's root), and dashboards ask the same ones
again and again. A kept answer costs one query (the generation), so questions that are one
query already (an org chart level, a panel) are not kept: under load the extra round trip
doubled their time (an org chart level, 79 → 169 ms at the median with 16 clients on the county
demo, `make bench`). Every covergraph write takes the write gate, which gives it
a new generation (queries/gate.py); an answer is kept under its query, its arguments and the
generation the request read first, so after any committed write, by any worker or command, the
next request misses and asks Neo4j.
Writes made without the gate (raw Cypher) are not seen: the graph has none in normal use.

Questions about today are not kept: the coverage index (queries/coverage_index.py) answers each
in one query, the cost of reading the generation, and is always current. Kept answers are for
the other days, which are computed.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

from domain.settings import CacheSettings, read
from queries.dashboard import coverage_summary
from queries.gaps import count_gaps, coverage_gaps
from queries.gate import generation

if TYPE_CHECKING:
    from api.context import Context

T = TypeVar("T")
ENTRIES = read(CacheSettings).entries  # COVERGRAPH_CACHE_ENTRIES; 0 turns the cache off


class Answers:
    """A bounded least-recently-used map of answers, shared by the requests of a process."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> tuple[bool, Any]:
        """Returns (True, answer) when kept, else (False, None)."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                self.hits += 1
                return True, self._kept[key]
            self.misses += 1
            return False, None

    def stats(self) -> dict[str, int]:
        """Returns the bound and how often answers were found or not, in this process."""
        return {"entries": self.entries, "hits": self.hits, "misses": self.misses}

    def put(self, key: Hashable, answer: Any) -> None:
        """Keeps an answer, forgetting the least recently used one past the bound."""
        with self._lock:
            self._kept[key] = answer
            self._kept.move_to_end(key)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)


ANSWERS = Answers(ENTRIES)


def _frozen(value: Any) -> Hashable:
    """Makes an argument usable in a key: lists become tuples, dicts sorted tuples."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return cast(Hashable, value)


# The dashboard's heavy questions; every other query runs each time it is asked.
KEPT: frozenset[Callable[..., Any]] = frozenset({coverage_summary, coverage_gaps, count_gaps})


async def request_generation(ctx: Context) -> str | None:
    """Returns the graph's generation, read once per request, however many fields ask."""
    if ctx.generation is None:
        ctx.generation = asyncio.ensure_future(ctx.read(generation))
    return await ctx.generation


async def answer(ctx: Context, query: Callable[..., T], params: dict[str, Any]) -> T:
    """Runs a query function, or returns the kept answer of a heavy one for the same
    arguments and graph generation. Answers are shared: callers must not change them."""
    if query not in KEPT or ANSWERS.entries <= 0 or params.get("day") == date.today():
        return await ctx.read(query, **params)
    current = await request_generation(ctx)
    if current is None:  # no write has gone through the gate: nothing tells when to forget
        return await ctx.read(query, **params)
    key = (query.__module__, query.__qualname__, current, _frozen(params))
    found, kept = ANSWERS.get(key)
    if found:
        return cast(T, kept)
    fresh = await ctx.read(query, **params)
    ANSWERS.put(key, fresh)
    return fresh
