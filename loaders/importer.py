"""Writes a validated dataset into the graph: staged in batches, then published by one switch,
so the graph holds all of it or none of it (docs/model.md)."""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from neo4j import Driver, ManagedTransaction, Transaction

from graph.model import NODE_TABLES, REL_TABLES
from loaders import staging
from loaders.dataset import Dataset, Row
from loaders.tables import PERSONAL_COLUMNS as PERSONAL
from loaders.tables import TABLES_BY_NAME
from queries import datasets as cypher
from queries import staging as stage_cypher
from queries.audit import record_import
from queries.gate import write_transaction

BATCH_SIZE = 5000
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
    source: str | None = None,
) -> ImportSummary:
    """Stages the dataset, then publishes it with one switch; with `replace`, also removes what
    it lacks. If anything fails before the switch, the graph is as it was."""
    report = progress or (lambda step, done: None)
    summary = ImportSummary({name: TableCounts() for name in TABLES_BY_NAME}, dataset.row_count())
    started = time.perf_counter()
    staging.open_stage(driver=driver, database=database, report=report)
    try:
        with (
            driver.session(database=database, default_access_mode="READ") as reads,
            reads.begin_transaction() as lookups,
        ):
            stage = _Stage(driver, database, lookups, summary, report)
            stage.write(dataset, replace)
    except BaseException:
        staging.discard_stage(driver=driver, database=database)
        raise

    def audit(tx: ManagedTransaction) -> None:
        """Records the import in the audit trail, in the switch's own transaction."""
        record_import(tx=tx, counts=summary.tables, source=source, replace=replace)

    staging.publish(driver=driver, database=database, report=report, record=audit)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Stage:
    """Writes one import's rows to the stage: each batch in a committed transaction of its own,
    comparing with the graph through one read transaction."""

    driver: Driver
    database: str
    lookups: Transaction
    summary: ImportSummary
    report: Progress
    new_ids: set[str] = field(default_factory=set)

    def write(self, dataset: Dataset, replace: bool) -> None:
        """Stages every table, then (with `replace`) what the dataset lacks."""
        changed = {table: self._nodes(dataset, table) for table in NODE_TABLES}
        for table, ids in changed.items():
            self._links(dataset, table, ids)
        for table in REL_TABLES:
            self._rels(dataset, table)
        if replace:
            self._sweep(dataset)

    def _run(self, work: Callable[..., None], **params: Any) -> None:
        """Runs one staging write in a transaction of its own (retried on transient errors),
        holding the write gate like every write."""
        write_transaction(
            driver=self.driver, database=self.database, work=lambda tx: work(tx=tx, **params)
        )

    def _nodes(self, dataset: Dataset, table: str) -> set[str]:
        """Stages the new and changed nodes of a table; returns the ids of the changed ones."""
        label = NODE_TABLES[table]
        known = cypher.count_nodes(tx=self.lookups, label=label) > 0
        changed: set[str] = set()
        for batch in _batches(node_rows(dataset, table)):
            ids = [r["id"] for r in batch]
            stored = (
                cypher.node_fingerprints(tx=self.lookups, label=label, ids=ids) if known else {}
            )
            fresh = _tally(self.summary.tables[table], batch, stored, lambda r: r["id"])
            created = [r for r in fresh if r["id"] not in stored]
            updated = [r for r in fresh if r["id"] in stored]
            if created:
                self._run(stage_cypher.create_nodes, label=label, rows=created)
            if updated:
                self._run(stage_cypher.stage_updates, label=label, rows=updated)
            self.new_ids.update(r["id"] for r in created)
            changed.update(r["id"] for r in updated)
            self.report(table, len(batch))
        return changed

    def _links(self, dataset: Dataset, table: str, changed: set[str]) -> None:
        """Stages the link columns of new and changed nodes (parent, area, home)."""
        label = NODE_TABLES[table]
        for link in cypher.NODE_LINKS[label]:
            # Rows are shaped again rather than kept from the node pass: a province is held once.
            rows = (
                {"a": r["id"], "b": r["links"][link.column], "new": r["id"] in self.new_ids}
                for r in node_rows(dataset, table)
                if r["id"] in self.new_ids or r["id"] in changed
            )
            for batch in _batches(rows):
                among_new = [r for r in batch if r["new"] and r["b"] in self.new_ids]
                # A new node without a target needs nothing; a changed one loses its old link.
                rest = [
                    r
                    for r in batch
                    if not r["new"] or (r["b"] is not None and r["b"] not in self.new_ids)
                ]
                if among_new:
                    self._run(stage_cypher.link_new_nodes, link=link, rows=among_new)
                if rest:
                    kind = stage_cypher.link_kind(label, link)
                    self._run(stage_cypher.stage_rels, kind=kind, rows=rest)
        self.report("links", 0)

    def _rels(self, dataset: Dataset, table: str) -> None:
        """Stages the new and changed relationship rows of a table."""
        rel, start, _ = REL_TABLES[table]
        known = cypher.count_rels(tx=self.lookups, rel=rel) > 0
        for batch in _batches(rel_rows(dataset, table)):
            old = [r for r in batch if r["a"] not in self.new_ids and r["b"] not in self.new_ids]
            stored = (
                cypher.rel_fingerprints(tx=self.lookups, rel=rel, start=start, rows=old)
                if known and old
                else {}
            )
            fresh = _tally(self.summary.tables[table], batch, stored, _rel_identity)
            is_new = [r["a"] in self.new_ids and r["b"] in self.new_ids for r in fresh]
            among_new = [r for r, new in zip(fresh, is_new, strict=True) if new]
            touching_old = [r for r, new in zip(fresh, is_new, strict=True) if not new]
            if among_new:
                self._run(stage_cypher.create_rels, rel=rel, rows=among_new)
            if touching_old:
                kind = stage_cypher.rel_kind(rel)
                self._run(stage_cypher.stage_rels, kind=kind, rows=touching_old)
            self.report(table, len(batch))

    def _sweep(self, dataset: Dataset) -> None:
        """Stages the removal of every node and relationship of the dataset's kinds it lacks."""
        for table, (rel, start, _) in REL_TABLES.items():
            wanted = {_rel_identity(r) for r in rel_rows(dataset, table)}
            stored = cypher.stored_rel_keys(tx=self.lookups, rel=rel, start=start)
            gone = [{"a": a, "b": b, "key": k} for a, b, k in stored if (a, b, k) not in wanted]
            for batch in _batches(gone):
                self._run(stage_cypher.stage_deletions, kind=stage_cypher.rel_kind(rel), rows=batch)
            self.summary.tables[table].deleted = len(gone)
        for table, label in NODE_TABLES.items():
            wanted_ids = {str(row["id"]) for row in dataset.rows(table)}
            stored_ids = cypher.stored_node_ids(tx=self.lookups, label=label)
            gone_ids = [{"a": i} for i in stored_ids if i not in wanted_ids]
            for batch in _batches(gone_ids):
                kind = stage_cypher.node_kind(label)
                self._run(stage_cypher.stage_deletions, kind=kind, rows=batch)
            self.summary.tables[table].deleted = len(gone_ids)
        self.report("replace", 0)


def _rel_identity(row: dict[str, Any]) -> tuple[str, str, str]:
    """Identifies a relationship row: start id, end id and key."""
    return row["a"], row["b"], row["key"]


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


def node_rows(dataset: Dataset, table: str) -> Iterator[dict[str, Any]]:
    """Turns rows of a node table into {id, props, links, fp} for Cypher."""
    links_of = cypher.NODE_LINKS[NODE_TABLES[table]]
    link_columns = {link.column for link in links_of}
    columns = [c.name for c in TABLES_BY_NAME[table].columns if c.name not in link_columns]
    areas = _effective_grid_areas(dataset) if table == "grids" else {}
    for row in dataset.rows(table):
        props = {c: row[c] for c in columns if c != "id" and (c in row.values or c not in PERSONAL)}
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
