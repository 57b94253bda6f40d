"""Shared fixtures: one throwaway bundled Neo4j for the whole test session, and one
`covergraph serve` in front of it for the tests that ask the API over HTTP."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph.connection import connection_from_env
from graph.constraints import apply_schema
from graph.database import open_driver
from graph.instance import Instance, free_port
from tests.support.serving import Server, serving

# Small memory for tests: the suite's datasets are county-sized at most.
os.environ.setdefault("COVERGRAPH_NEO4J_HEAP_MB", "1024")
os.environ.setdefault("COVERGRAPH_NEO4J_PAGECACHE_MB", "256")
os.environ.setdefault("COVERGRAPH_NEO4J_TX_MB", "2048")
# Tests send requests in bursts far above a clerk's pace; the limiter's own tests set their limits.
os.environ.setdefault("COVERGRAPH_RATE_PER_MINUTE", "0")


@pytest.fixture(scope="session")
def neo4j_instance() -> Iterator[Instance]:
    """Starts a bundled Neo4j in a temporary COVERGRAPH_HOME on a free port; stops it at the end."""
    home = Path(tempfile.mkdtemp(prefix="covergraph-test-"))
    os.environ.pop("NEO4J_URI", None)  # always the throwaway database, never a configured one
    os.environ["COVERGRAPH_HOME"] = str(home)
    instance = Instance(home)
    instance.start(free_port())
    try:
        yield instance
    finally:
        instance.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def session_graph(neo4j_instance: Instance) -> Iterator[tuple[Driver, str]]:
    """One driver for the session, with the schema applied."""
    connection = connection_from_env()
    driver = open_driver(connection)
    apply_schema(driver=driver, database=connection.database)
    yield driver, connection.database
    driver.close()


@pytest.fixture
def graph(session_graph: tuple[Driver, str]) -> tuple[Driver, str]:
    """The session's (driver, database), emptied before the test."""
    from queries.maintenance import wipe

    driver, database = session_graph
    wipe(driver=driver, database=database)
    return driver, database


@pytest.fixture(scope="session")
def api_server(neo4j_instance: Instance) -> Iterator[Server]:
    """Starts `covergraph serve` with the default settings; stops it at the end."""
    with serving() as server:
        yield server
