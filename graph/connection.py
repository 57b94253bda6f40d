"""Where the database is: connection settings from the environment, or the bundled instance."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_ROOT / "var"
DEFAULT_PORT = 7687
DEFAULT_DATABASE = "neo4j"
BUNDLED_USER = "neo4j"

# How long a request waits for an unreachable Neo4j before it fails (the API then answers 503):
# connecting, waiting for a pooled connection, and the driver's retries of transient errors in
# `execute_query` and `execute_write`/`execute_read` (docs/operations.md).
CONNECTION_TIMEOUT_S = 3.0
ACQUISITION_TIMEOUT_S = 10.0
RETRY_TIME_S = 5.0


@dataclass(frozen=True)
class Connection:
    """How to reach Neo4j: URI, credentials, database, and whether it is the bundled one."""

    uri: str
    user: str
    password: str
    database: str
    bundled: bool


def covergraph_home() -> Path:
    """Returns the instance directory: COVERGRAPH_HOME, or var/ in the project."""
    value = os.environ.get("COVERGRAPH_HOME")
    return Path(value).expanduser().resolve() if value else DEFAULT_HOME


def connection_from_env() -> Connection:
    """Returns NEO4J_* settings when NEO4J_URI is set, else the bundled instance's."""
    database = os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE
    uri = os.environ.get("NEO4J_URI")
    if uri:
        user = os.environ.get("NEO4J_USER", BUNDLED_USER)
        return Connection(uri, user, os.environ.get("NEO4J_PASSWORD", ""), database, False)
    from graph.instance import Instance  # the bundled instance is only consulted when needed

    instance = Instance(covergraph_home())
    return Connection(instance.uri(), BUNDLED_USER, instance.password(), database, True)
