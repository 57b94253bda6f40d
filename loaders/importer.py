"""Writes a validated dataset into the graph in one transaction: all of it, or nothing."""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.model import NODE_TABLES, REL_TABLES
from loaders.dataset import Dataset, Row
from loaders.tables import TABLES_BY_NAME
from queries import datasets as cypher
from queries.datasets import Tx
from queries.gate import write_transaction

BATCH_SIZE = 2000
Progress = Callable[[str, int], None]  # (step description, rows just done)

# The two endpoints of each relationship table, in (start, end) order.
REL_ENDPOINTS: dict[str, tuple[str, str]] = {
    "org_units": ("organisation_id", "unit_id"),
    "grid_coverage": ("organisation_id", "grid_id"),
    "posts": ("person_id", "target_id"),
    "liaisons": ("person_id", "organisation_id"),
    "visits": ("person_id", "organisation_id"),
}


@dataclass
class TableCounts:
    """What an import did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class ImportSummary:
    """Counts per table, rows read and the time the write took."""

    tables: dict[str, TableCounts] = field(default_factory=dict)
    rows: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        """Rows of the dataset written per second."""
        return self.rows / self.seconds if self.seconds else 0.0


def import_dataset(
    *,
    driver: Driver,
    database: str,
    dataset: Dataset,
    replace: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Writes the dataset in one transaction; with `replace`, also removes what it lacks."""
    report = progress or (lambda step, done: None)
    started = time.perf_counter()

    def work(tx: ManagedTransaction) -> ImportSummary:
        # A retry after a transient failure starts again from nothing, counts included.
        tables = {name: TableCounts() for name in TABLES_BY_NAME}
        summary = ImportSummary(tables, dataset.row_count())
        changed = {name: _write_nodes(tx, dataset, name, summary, report) for name in NODE_TABLES}
        for name, ids in changed.items():
            _write_links(tx, dataset, name, ids, report)
        for name in REL_TABLES:
            _write_rels(tx, dataset, name, summary, report)
        if replace:
            _sweep(tx, dataset, summary, report)
        return summary

    summary = write_transaction(driver=driver, database=database, work=work)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_nodes(
    tx: Tx, dataset: Dataset, table: str, summary: ImportSummary, report: Progress
) -> set[str]:
    """Upserts the nodes of one table; returns the ids of the created or changed ones."""
    label = NODE_TABLES[table]
    known = cypher.count_nodes(tx=tx, label=label) > 0
    changed: set[str] = set()
    for batch in _batches(node_rows(dataset, table)):
        stored = (
            cypher.node_fingerprints(tx=tx, label=label, ids=[r["id"] for r in batch])
            if known
            else {}
        )
        fresh = _tally(summary.tables[table], batch, stored, lambda r: r["id"])
        if fresh:
            cypher.upsert_nodes(tx=tx, label=label, rows=fresh)
        changed.update(r["id"] for r in fresh)
        report(f"{table}", len(batch))
    return changed


def _write_links(tx: Tx, dataset: Dataset, table: str, changed: set[str], report: Progress) -> None:
    """Points each changed node's link columns at their targets (written in the node pass)."""
    label = NODE_TABLES[table]
    for link in cypher.NODE_LINKS[label]:
        # Rows are shaped again rather than kept from the node pass: a province is held once.
        rows = (r for r in node_rows(dataset, table) if r["id"] in changed)
        for batch in _batches(rows):
            targets = [{"id": r["id"], "target": r["links"][link.column]} for r in batch]
            cypher.relink_nodes(tx=tx, label=label, link=link, rows=targets)
    report("links", 0)


def _write_rels(
    tx: Tx, dataset: Dataset, table: str, summary: ImportSummary, report: Progress
) -> None:
    """Upserts the relationships of one table."""
    rel, start, _ = REL_TABLES[table]
    known = cypher.count_rels(tx=tx, rel=rel) > 0
    counts = summary.tables[table]
    for batch in _batches(rel_rows(dataset, table)):
        stored = cypher.rel_fingerprints(tx=tx, rel=rel, start=start, rows=batch) if known else {}
        fresh = _tally(counts, batch, stored, lambda r: (r["a"], r["b"], r["key"]))
        if fresh:
            cypher.upsert_rels(tx=tx, rel=rel, start=start, rows=fresh)
        report(table, len(batch))


def _tally(
    counts: TableCounts,
    batch: list[dict[str, Any]],
    stored: Mapping[Any, str],
    identity: Callable[[dict[str, Any]], Any],
) -> list[dict[str, Any]]:
    """Counts a batch as created, updated or unchanged against the stored fingerprints, and
    returns the rows that must be written (the created and updated ones)."""
    fresh = [r for r in batch if stored.get(identity(r)) != r["fp"]]
    created = sum(identity(r) not in stored for r in fresh)
    counts.created += created
    counts.updated += len(fresh) - created
    counts.unchanged += len(batch) - len(fresh)
    return fresh


def _sweep(tx: Tx, dataset: Dataset, summary: ImportSummary, report: Progress) -> None:
    """Deletes every node and relationship of the dataset's kinds that the dataset lacks."""
    for table, (rel, start, _) in REL_TABLES.items():
        wanted = {(r["a"], r["b"], r["key"]) for r in rel_rows(dataset, table)}
        gone = [k for k in cypher.stored_rel_keys(tx=tx, rel=rel, start=start) if k not in wanted]
        for batch in _batches([{"a": a, "b": b, "key": key} for a, b, key in gone]):
            cypher.delete_rels(tx=tx, rel=rel, start=start, rows=batch)
        summary.tables[table].deleted = len(gone)
    for table, label in NODE_TABLES.items():
        wanted_ids = {str(row["id"]) for row in dataset.rows(table)}
        gone_ids = [i for i in cypher.stored_node_ids(tx=tx, label=label) if i not in wanted_ids]
        for id_batch in _batches(gone_ids):
            cypher.delete_nodes(tx=tx, label=label, ids=id_batch)
        summary.tables[table].deleted = len(gone_ids)
    report("replace", 0)


def node_rows(dataset: Dataset, table: str) -> Iterator[dict[str, Any]]:
    """Turns rows of a node table into {id, props, links, fp} for Cypher."""
    links_of = cypher.NODE_LINKS[NODE_TABLES[table]]
    link_columns = {link.column for link in links_of}
    columns = [c.name for c in TABLES_BY_NAME[table].columns if c.name not in link_columns]
    areas = _effective_grid_areas(dataset) if table == "grids" else {}
    for row in dataset.rows(table):
        props = {c: row[c] for c in columns if c != "id"}
        links = {link.column: row[link.column] for link in links_of}
        if table == "grids":
            links["effective_area_id"] = areas.get(str(row["id"]))
        yield {"id": row["id"], "props": props, "links": links, "fp": _fingerprint(props, links)}


def rel_rows(dataset: Dataset, table: str) -> Iterator[dict[str, Any]]:
    """Turns rows of a relationship table into {a, b, key, props, fp} for Cypher."""
    endpoints = REL_ENDPOINTS[table]
    columns = [c.name for c in TABLES_BY_NAME[table].columns if c.name not in endpoints]
    for row in dataset.rows(table):
        props = {c: row[c] for c in columns}
        yield {
            "a": row[endpoints[0]],
            "b": row[endpoints[1]],
            "key": rel_key(table, row),
            "props": props,
            "fp": _fingerprint(props, {}),
        }


def rel_key(table: str, row: Row) -> str:
    """Returns the `_key` a relationship row is stored under (its non-endpoint key columns)."""
    start_column, end_column = REL_ENDPOINTS[table]
    columns = [c for c in TABLES_BY_NAME[table].key if c not in (start_column, end_column)]
    return json.dumps([_plain(row[c]) for c in columns], ensure_ascii=False)


def _effective_grid_areas(dataset: Dataset) -> dict[str, str | None]:
    """Resolves each grid cell's area: its own area_id, else its parent's area (recursively)."""
    rows = {str(r["id"]): r for r in dataset.rows("grids")}
    areas: dict[str, str | None] = {}
    for grid_id in rows:
        path: list[str] = []
        current: str | None = grid_id
        while current is not None and current not in areas and current in rows:
            own = rows[current]["area_id"]
            if own is not None:
                areas[current] = str(own)
                break
            path.append(current)
            parent = rows[current]["parent_id"]
            current = str(parent) if parent is not None else None
        inherited = areas.get(current) if current is not None else None
        for cell in path:
            areas[cell] = inherited
    return areas


def _fingerprint(props: dict[str, Any], links: dict[str, Any]) -> str:
    """Returns a short digest of a row's stored values."""
    payload = json.dumps([sorted(props.items()), sorted(links.items())], default=_plain)
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def _plain(value: Any) -> Any:
    """Makes dates JSON-friendly."""
    return value.isoformat() if isinstance(value, date) else value


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    """Cuts a stream of rows into lists of BATCH_SIZE."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch
