"""The write limit of the machine: the same rows written with bare `UNWIND … CREATE`, committed
in batches, with no fingerprints, MERGE, link relationships or all-or-nothing transaction.

This Cypher is a yardstick for the importer, never run by the product, so it lives here rather
than in `queries/`.
"""

from __future__ import annotations

import time
from typing import Any

from neo4j import Driver

from domain.dataset import Dataset
from domain.tables import TABLES_BY_NAME
from graph.model import NODE_TABLES, REL_TABLES

BATCH_ROWS = 10_000
# The two endpoint columns of each relationship table, in (start, end) order.
ENDPOINTS: dict[str, tuple[str, str]] = {
    "org_units": ("organisation_id", "unit_id"),
    "grid_coverage": ("organisation_id", "grid_id"),
    "posts": ("person_id", "target_id"),
    "liaisons": ("person_id", "organisation_id"),
    "visits": ("person_id", "organisation_id"),
}


def _shaped(ds: Dataset, table: str, skip: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows as {id or a, b, props}: every column but the skipped ones goes into props."""
    columns = [c.name for c in TABLES_BY_NAME[table].columns if c.name not in skip]
    if table in NODE_TABLES:
        return [{"id": r["id"], "props": {c: r[c] for c in columns}} for r in ds.rows(table)]
    a, b = ENDPOINTS[table]
    return [{"a": r[a], "b": r[b], "props": {c: r[c] for c in columns}} for r in ds.rows(table)]


def statements(ds: Dataset) -> list[tuple[str, list[dict[str, Any]]]]:
    """Returns (Cypher, rows) for every table: nodes first, then relationships."""
    work = []
    for table, label in NODE_TABLES.items():
        query = f"UNWIND $rows AS row CREATE (n:Entity:{label} {{id: row.id}}) SET n += row.props"
        work.append((query, _shaped(ds, table, ("id",))))
    for table, (rel, start, _) in REL_TABLES.items():
        query = (
            f"UNWIND $rows AS row MATCH (a:{start} {{id: row.a}}) MATCH (b:Entity {{id: row.b}}) "
            f"CREATE (a)-[r:{rel}]->(b) SET r += row.props"
        )
        work.append((query, _shaped(ds, table, ENDPOINTS[table])))
    return work


def bare_create(*, driver: Driver, database: str, ds: Dataset) -> float:
    """Writes every row with plain CREATEs, one transaction per batch; returns seconds."""
    work = statements(ds)  # shaped before the clock starts: only the writes are timed
    started = time.perf_counter()
    with driver.session(database=database) as session:
        for query, rows in work:
            for i in range(0, len(rows), BATCH_ROWS):
                batch = rows[i : i + BATCH_ROWS]
                session.execute_write(lambda tx, q=query, b=batch: tx.run(q, rows=b).consume())
    return time.perf_counter() - started
