"""The write gate: one node whose lock every covergraph write and every backup takes first.

Neo4j reads are read-committed, so a backup that reads the graph while edits commit could
see half of one edit's effects. Every write transaction (edits, imports, tokens, restores)
therefore locks the gate before anything else and holds it until it commits; the backup
takes the same lock and reads everything in its own transaction. While a backup runs, writes
wait for it, and it sees exactly the writes committed before it began (docs/operations.md).

Taking the gate gives it a new random `generation`: the API's answer cache (api/cache.py)
keys answers by it, so any committed write, from any process, makes them stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from neo4j import Driver, ManagedTransaction, RoutingControl, Transaction

from graph.model import Label
from queries import changes, coverage_index

T = TypeVar("T")
GATE = Label.WRITE_GATE.value
GATE_ID = "writes"
# MERGE on the uniquely constrained id: the first writer after a wipe creates the node, and
# concurrent first writers find the same one. The SET takes its write lock. A random value
# rather than a counter, so a wiped and recreated gate never repeats an earlier generation.
TAKE_GATE = f"MERGE (g:{GATE} {{id: $id}}) SET g.generation = randomUUID()"
GENERATION = f"OPTIONAL MATCH (g:{GATE} {{id: $id}}) RETURN g.generation AS generation"


def take_gate(*, tx: Transaction | ManagedTransaction) -> None:
    """Locks the write gate until this transaction ends."""
    tx.run(TAKE_GATE, id=GATE_ID).consume()


def generation(*, driver: Driver, database: str) -> str | None:
    """Returns the generation of the last committed write (None before the first one)."""
    records, _, _ = driver.execute_query(
        GENERATION, id=GATE_ID, database_=database, routing_=RoutingControl.READ
    )
    return records[0]["generation"] if records else None


def write_transaction(
    *, driver: Driver, database: str, work: Callable[[ManagedTransaction], T]
) -> T:
    """Runs `work` as a retried write transaction that holds the write gate; the coverage
    index follows what it changed before it commits."""

    def gated(tx: ManagedTransaction) -> T:
        with changes.collecting() as seen:
            take_gate(tx=tx)
            done = work(tx)
            coverage_index.follow(tx, seen)
        return done

    with driver.session(database=database) as session:
        return session.execute_write(gated)
