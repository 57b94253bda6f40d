"""Whole-graph housekeeping."""

from __future__ import annotations

from neo4j import Driver

WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def wipe(*, driver: Driver, database: str) -> None:
    """Deletes every node and relationship (schema stays); used by tests and `--replace` set-ups."""
    with driver.session(database=database) as session:
        session.run(WIPE).consume()
