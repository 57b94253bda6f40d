"""A real `covergraph serve` on a free port against the test database, and tokens for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from api.auth import issue_token
from domain.dataset import Dataset
from graph.instance import Instance, free_port
from queries.maintenance import wipe
from services.exchange.importer import import_dataset
from tests.factories import small_dataset
from tests.serving import start_serve, stop_serve

PROJECT = Path(__file__).resolve().parents[3]


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


@pytest.fixture(scope="session")
def api_server(neo4j_instance: Instance) -> Iterator[Server]:
    """Starts `covergraph serve` with the default settings; stops it at the end."""
    with serving() as server:
        yield server


@dataclass(frozen=True)
class Tokens:
    """One token per role, and one viewer scoped to an organisation."""

    admin: str
    editor: str
    viewer: str
    scoped: str
    scope_id: str


def make_tokens(driver: Driver, database: str, scope_id: str) -> Tokens:
    """Creates the tokens of a test dataset."""

    def token(role: str, scope: str | None = None) -> str:
        return issue_token(driver=driver, database=database, role=role, scope_id=scope)[1]

    return Tokens(
        token("admin"), token("editor"), token("viewer"), token("viewer", scope_id), scope_id
    )


def load_fresh(driver: Driver, database: str, dataset: Dataset) -> None:
    """Empties the graph and imports the dataset."""
    wipe(driver=driver, database=database)
    import_dataset(driver=driver, database=database, dataset=dataset)


@pytest.fixture(scope="module")
def small(session_graph: tuple[Driver, str]) -> tuple[Dataset, Tokens]:
    """The small factory dataset loaded, with tokens (the scoped one sees township T1)."""
    driver, database = session_graph
    dataset = small_dataset()
    load_fresh(driver, database, dataset)
    return dataset, make_tokens(driver, database, "T1")
