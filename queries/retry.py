"""Streaming reads with the same retry as the driver's transaction functions, before they yield.

`execute_query` and `session.execute_read/execute_write` retry transient failures (a lost
connection, a deadlock, a leader switch) on their own; a read that streams its records to the
caller cannot run inside them, since the transaction would have to outlive the function. This
runs such a read as an auto-commit query and retries it the same way until its first record
has arrived; after that a failure is raised, as records already handed out cannot be taken back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from neo4j import Driver, Record
from neo4j.exceptions import DriverError, Neo4jError

from graph.connection import RETRY_TIME_S

FIRST_DELAY_S, MAX_DELAY_S = 0.25, 2.0


def stream_read(
    *, driver: Driver, database: str, query: str, params: dict[str, Any] | None = None
) -> Iterator[Record]:
    """Streams the records of a read query, retrying a transient failure before the first one."""
    deadline = time.monotonic() + RETRY_TIME_S
    delay = FIRST_DELAY_S
    while True:
        yielded = False
        try:
            with driver.session(database=database, default_access_mode="READ") as session:
                for record in session.run(query, params or {}):
                    yielded = True
                    yield record
            return
        except (DriverError, Neo4jError) as error:
            if yielded or not error.is_retryable() or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, MAX_DELAY_S)
