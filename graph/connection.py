"""Where the database is: NEO4J_* settings (domain/settings.py), or the bundled instance."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.settings import BUNDLED_USER, DatabaseSettings, read
from graph.instance import Instance

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
    return read(DatabaseSettings).home


def connection_from_env() -> Connection:
    """Returns NEO4J_* settings when NEO4J_URI is set, else the bundled instance's."""
    settings = read(DatabaseSettings)  # read on every call: tests and commands change it
    if settings.uri:
        return Connection(settings.uri, settings.user, settings.password, settings.database, False)
    instance = Instance(settings.home)
    return Connection(instance.uri(), BUNDLED_USER, instance.password(), settings.database, True)
