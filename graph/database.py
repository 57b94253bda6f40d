"""The one driver of the process: opened from the connection settings, schema ensured."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.connection import (
    ACQUISITION_TIMEOUT_S,
    CONNECTION_TIMEOUT_S,
    RETRY_TIME_S,
    Connection,
    connection_from_env,
)
from graph.constraints import apply_schema


class DatabaseUnavailable(RuntimeError):
    """Neo4j cannot be reached or refuses the credentials."""


def open_driver(connection: Connection) -> Driver:
    """Opens a driver and checks that the database answers."""
    driver = GraphDatabase.driver(
        connection.uri,
        auth=(connection.user, connection.password),
        max_connection_pool_size=50,
        connection_timeout=CONNECTION_TIMEOUT_S,
        connection_acquisition_timeout=ACQUISITION_TIMEOUT_S,
        max_transaction_retry_time=RETRY_TIME_S,
        # Schema and count queries name types that may not exist yet; those hints are noise.
        notifications_min_severity="OFF",
    )
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, AuthError, OSError) as error:
        driver.close()
        hint = " (start it with `covergraph db start`)" if connection.bundled else ""
        reason = " ".join(str(error).split())  # the driver's message spans lines; keep one
        message = f"cannot reach Neo4j at {connection.uri}{hint}: {reason}"
        raise DatabaseUnavailable(message) from error
    return driver


@contextmanager
def session_driver(connection: Connection | None = None) -> Iterator[tuple[Driver, str]]:
    """Yields (driver, database) with the schema applied, and closes the driver afterwards."""
    connection = connection or connection_from_env()
    driver = open_driver(connection)
    try:
        apply_schema(driver=driver, database=connection.database)
        yield driver, connection.database
    finally:
        driver.close()
