"""`covergraph serve` started as a real process against the benchmark's database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from graph.instance import free_port
from tests.support.serving import start_serve, stop_serve


@dataclass(frozen=True)
class Api:
    """A running API: its base URL and the pid of the serving process (workers are children)."""

    url: str
    pid: int

    def post(self, client: httpx.Client, token: str, query: str, **variables: Any) -> Any:
        """Posts one GraphQL operation that must succeed; returns its data."""
        response = client.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
        response.raise_for_status()
        body = response.json()
        if "errors" in body:
            raise RuntimeError(f"GraphQL errors: {body['errors']}")
        return body["data"]


@contextmanager
def serving(workers: int = 1, kept: bool = True) -> Iterator[Api]:
    """Starts `covergraph serve --workers N` on a free port, waits for /health, stops it after;
    `kept=False` turns its answer cache off (api/cache.py), so every request asks Neo4j."""
    port = free_port()
    # Benchmarks measure what the server can do, not the per-token rate limit that caps a client.
    env = {"COVERGRAPH_RATE_PER_MINUTE": "0"}
    if not kept:
        env["COVERGRAPH_CACHE_ENTRIES"] = "0"
    process = start_serve(
        port,
        args=("--workers", str(workers)),
        env=env,
        wait_s=120,
        quiet=True,
    )
    try:
        yield Api(f"http://127.0.0.1:{port}", process.pid)
    finally:
        stop_serve(process)
