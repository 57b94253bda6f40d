"""`covergraph serve` started as a real process against the benchmark's database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from graph.instance import free_port


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
def serving(workers: int = 1) -> Iterator[Api]:
    """Starts `covergraph serve --workers N` on a free port, waits for /health, stops it after."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("covergraph")), "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    # Benchmarks measure what the server can do, not the per-token rate limit that caps a client.
    env = {**os.environ, "COVERGRAPH_RATE_PER_MINUTE": "0"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield Api(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"covergraph serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("covergraph serve did not answer /health within 120 s")
