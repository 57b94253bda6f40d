"""A real `covergraph serve` in a subprocess, for tests and benchmarks that need their own, and
a client that speaks GraphQL to it."""

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

PROJECT = Path(__file__).resolve().parents[2]


def start_serve(
    port: int,
    *,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    wait_s: float = 60.0,
    quiet: bool = False,
) -> subprocess.Popen[bytes]:
    """Starts `covergraph serve` on a loopback port (with extra arguments and environment) and
    returns once /health answers 200; `quiet` also drops its log."""
    command = [str(Path(sys.executable).with_name("covergraph")), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, *args],
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"covergraph serve exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"covergraph serve did not become healthy in {wait_s:.0f} s")


def stop_serve(process: subprocess.Popen[bytes]) -> None:
    """Stops a server started by start_serve."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Server:
    """A running API: its base URL and a client that speaks GraphQL with a token."""

    url: str
    client: httpx.Client

    def post(self, query: str, token: str | None, **extra: Any) -> httpx.Response:
        """Posts one GraphQL operation with an optional bearer token."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers.update(extra.pop("headers", {}))
        body = {"query": query, "variables": extra.pop("variables", {})}
        return self.client.post(f"{self.url}/graphql", json=body, headers=headers)

    def data(self, query: str, token: str, **extra: Any) -> dict[str, Any]:
        """Posts an operation that must succeed and returns its data."""
        response = self.post(query, token, **extra)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]


@contextmanager
def serving(**settings: str) -> Iterator[Server]:
    """Runs `covergraph serve` in a subprocess on a free port, with extra environment settings."""
    port = free_port()
    process = start_serve(port, env=settings)
    try:
        with httpx.Client(timeout=120) as client:
            yield Server(f"http://127.0.0.1:{port}", client)
    finally:
        stop_serve(process)
