"""Reads the whole dataset back out of the graph (the inverse of the importer)."""

from __future__ import annotations

from typing import Any

from neo4j import Driver
from neo4j.time import Date

from domain.dataset import Dataset, Row, Value
from domain.tables import PERSONAL_COLUMNS, REL_ENDPOINTS, TABLES_BY_NAME
from graph.model import HISTORY_TABLE, NODE_TABLES, REL_TABLES
from queries import dataset_store as cypher
from queries import org_history


def read_graph(*, driver: Driver, database: str) -> Dataset:
    """Returns every row of every table as stored in the graph."""
    dataset = Dataset()
    history = [c.name for c in TABLES_BY_NAME[HISTORY_TABLE].columns]
    for table, label in NODE_TABLES.items():
        columns = [c.name for c in TABLES_BY_NAME[table].columns]
        for node in cypher.read_nodes(driver=driver, database=database, label=label):
            values = {**node["props"], **node["links"]}
            # A personal column is present only where it holds a value, as in the imported row.
            kept = [c for c in columns if c in values or c not in PERSONAL_COLUMNS]
            dataset.rows(table).append(Row({c: _native(values.get(c)) for c in kept}))
    for table, (rel, start, _) in REL_TABLES.items():
        columns = [c.name for c in TABLES_BY_NAME[table].columns]
        a_column, b_column = REL_ENDPOINTS[table]
        for edge in cypher.read_rels(driver=driver, database=database, rel=rel, start=start):
            values = {**edge["props"], a_column: edge["a"], b_column: edge["b"]}
            dataset.rows(table).append(Row({c: _native(values.get(c)) for c in columns}))
    for edge in org_history.read_history(driver=driver, database=database):
        values = {**edge["props"], "organisation_id": edge["a"], "parent_id": edge["b"]}
        dataset.rows(HISTORY_TABLE).append(Row({c: _native(values.get(c)) for c in history}))
    return dataset


def _native(value: Any) -> Value:
    """Turns Neo4j dates into Python dates; leaves other values as they are."""
    if isinstance(value, Date):
        return value.to_native()
    return value  # type: ignore[no-any-return]
