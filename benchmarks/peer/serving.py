"""The peer started as a real process: its type definitions generated afresh, then node serving
them with @neo4j/graphql on a free loopback port against the Neo4j covergraph uses."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.peer.type_defs import type_defs
from domain.settings import PROJECT_ROOT
from graph.connection import Connection
from graph.instance import free_port

SERVER = Path(__file__).with_name("server.mjs")
PACKAGES = ("@neo4j/graphql", "neo4j-driver", "graphql-http")


@dataclass(frozen=True)
class Peer:
    """A running peer: its base URL."""

    url: str

    def post(self, client: httpx.Client, query: str, **variables: Any) -> Any:
        """Posts one GraphQL operation that must succeed; returns its data."""
        response = client.post(f"{self.url}/graphql", json={"query": query, "variables": variables})
        response.raise_for_status()
        body = response.json()
        if "errors" in body:
            raise RuntimeError(f"GraphQL errors from the peer: {body['errors']}")
        return body["data"]


def node_command() -> str:
    """Returns the node executable, once the npm packages the peer needs are installed."""
    missing = [p for p in PACKAGES if not (PROJECT_ROOT / "node_modules" / p).is_dir()]
    if missing:
        raise RuntimeError(
            f"the peer needs the npm packages {', '.join(missing)}: run `make setup` (npm ci)"
        )
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("the peer needs Node.js (`node` is not on the PATH)")
    return node


def _wait(process: subprocess.Popen[bytes], url: str, log: Path, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the peer exited with {process.returncode}: {log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the peer did not answer in {wait_s:.0f} s: {log.read_text()}")


@contextmanager
def peer_serving(connection: Connection, wait_s: float = 60.0) -> Iterator[Peer]:
    """Serves the peer against the connection's database until the block ends."""
    node = node_command()
    with tempfile.TemporaryDirectory(prefix="covergraph-peer-") as folder:
        defs, log = Path(folder) / "type_defs.graphql", Path(folder) / "peer.log"
        defs.write_text(type_defs())
        port = free_port()
        env = {
            **os.environ,
            "NEO4J_URI": connection.uri,
            "NEO4J_USER": connection.user,
            "NEO4J_PASSWORD": connection.password,
            "NEO4J_DATABASE": connection.database,
        }
        with log.open("wb") as output:
            process = subprocess.Popen(
                [node, str(SERVER), str(defs), str(port)],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(process, url, log, wait_s)
            yield Peer(url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
