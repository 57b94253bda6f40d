"""Cypher of backup and restore: every node and relationship, whatever its labels or type.

Labels and types are written with Cypher's dynamic `$(...)` syntax from parameters, so names
read from a backup file never become part of a query's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.model import Label
from queries.gate import GATE

# The gate is how writers and the backup take turns, not part of the state: it is left out,
# and a restore takes its own. The coverage index is derived from the rest: a restore computes
# it again.
LEFT_OUT = (
    f"n:{GATE} OR n:{Label.COVERAGE_INDEX} OR n:{Label.INDEXED_ORGANISATION} "
    f"OR n:{Label.INDEXED_GAP}"
)
COUNT_LABELS = f"""
MATCH (n) WHERE NOT ({LEFT_OUT})
UNWIND labels(n) AS label
RETURN label, count(*) AS count ORDER BY label
"""
COUNT_TYPES = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
COUNT_NODES = f"MATCH (n) WHERE NOT ({LEFT_OUT}) RETURN count(n) AS count"
NODES = f"""
MATCH (n) WHERE NOT ({LEFT_OUT})
RETURN elementId(n) AS element, labels(n) AS labels, properties(n) AS props
"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, properties(r) AS props
"""

# Restored nodes carry a temporary label and key so relationships can find their endpoints.
RESTORING, RESTORE_KEY = "Restoring", "_restore_key"
RESTORE_INDEX = f"CREATE INDEX restoring_key IF NOT EXISTS FOR (n:{RESTORING}) ON (n.{RESTORE_KEY})"
CREATE_NODES = f"""
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props, n:{RESTORING}, n.{RESTORE_KEY} = row.key
"""
CREATE_RELATIONSHIPS = f"""
UNWIND $rows AS row
MATCH (a:{RESTORING} {{{RESTORE_KEY}: row.a}})
MATCH (b:{RESTORING} {{{RESTORE_KEY}: row.b}})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
"""
UNMARK = f"""
MATCH (n:{RESTORING}) WITH n LIMIT $batch
REMOVE n:{RESTORING}, n.{RESTORE_KEY}
RETURN count(n) AS count
"""
DELETE_BATCH = f"""
MATCH (n) WHERE NOT n:{GATE} WITH n LIMIT $batch
DETACH DELETE n
RETURN count(n) AS count
"""


def contents(*, tx: ManagedTransaction) -> dict[str, Any]:
    """Counts the nodes, and the nodes per label and relationships per type."""
    labels = {r["label"]: r["count"] for r in tx.run(COUNT_LABELS)}
    types = {r["type"]: r["count"] for r in tx.run(COUNT_TYPES)}
    record = tx.run(COUNT_NODES).single()
    nodes = int(record["count"]) if record else 0
    return {"nodes": nodes, "relationships": sum(types.values()), "labels": labels, "types": types}


def read_nodes(*, tx: ManagedTransaction) -> Iterator[tuple[str, list[str], dict[str, Any]]]:
    """Streams every node as (element id, labels, properties)."""
    for record in tx.run(NODES):
        yield record["element"], record["labels"], record["props"]


def read_relationships(*, tx: ManagedTransaction) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Streams every relationship as (start element id, end element id, type, properties)."""
    for record in tx.run(RELATIONSHIPS):
        yield record["a"], record["b"], record["type"], record["props"]


def prepare_restore(*, driver: Driver, database: str) -> None:
    """Creates the index restores find endpoints by (a schema change: its own transaction)."""
    driver.execute_query(RESTORE_INDEX, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


def delete_batch(*, tx: ManagedTransaction, batch: int) -> int:
    """Deletes up to `batch` nodes with their relationships; returns how many."""
    record = tx.run(DELETE_BATCH, batch=batch).single()
    return int(record["count"]) if record else 0


def create_nodes(*, tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    """Creates nodes from rows {key, labels, props}, marked for the relationships to find."""
    tx.run(CREATE_NODES, rows=rows).consume()


def create_relationships(*, tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    """Creates relationships from rows {a, b, type, props} between restored nodes."""
    tx.run(CREATE_RELATIONSHIPS, rows=rows).consume()


def unmark_batch(*, tx: ManagedTransaction, batch: int) -> int:
    """Removes the restore marks from up to `batch` nodes; returns how many."""
    record = tx.run(UNMARK, batch=batch).single()
    return int(record["count"]) if record else 0
