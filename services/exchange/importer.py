"""Writes a validated dataset into the graph: staged in batches, then published by one switch,
so the graph holds all of it or none of it (docs/model.md)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction, Transaction

from domain.dataset import Dataset
from domain.tables import TABLES_BY_NAME
from graph.model import HISTORY_TABLE, NODE_TABLES, REL_TABLES
from queries import dataset_store as cypher
from queries import org_history
from queries import staged_import as stage_cypher
from queries.audit import record_import
from queries.gate import write_transaction
from queries.stored_rows import history_rows, node_rows, rel_rows
from services.exchange import import_stage as staging

BATCH_SIZE = 5000
Progress = Callable[[str, int], None]  # (step description, rows just done)


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
        # Whose hierarchy periods change: changed organisations (their PART_OF is written
        # again), new ones with dates, and those whose history rows change.
        periods = self._history(dataset) | changed["organisations"] | self._dated_new(dataset)
        if replace:
            periods |= self._sweep(dataset)
        self._periods(periods)

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

    def _history(self, dataset: Dataset) -> set[str]:
        """Stages the new and changed organisation_history rows; returns their organisations."""
        known = org_history.count_history(tx=self.lookups) > 0
        touched: set[str] = set()
        for batch in _batches(history_rows(dataset)):
            old = [r for r in batch if r["a"] not in self.new_ids]
            stored = (
                org_history.history_fingerprints(tx=self.lookups, rows=old) if known and old else {}
            )
            counts = self.summary.tables[HISTORY_TABLE]
            fresh = _tally(counts, batch, stored, lambda r: (r["a"], r["key"]))
            if fresh:
                self._run(stage_cypher.stage_rels, kind=org_history.HISTORY_KIND, rows=fresh)
            touched.update(r["a"] for r in fresh)
            self.report(HISTORY_TABLE, len(batch))
        return touched

    def _dated_new(self, dataset: Dataset) -> set[str]:
        """Returns the new organisations that have a founding or dissolution date."""
        return {
            str(row["id"])
            for row in dataset.rows("organisations")
            if row["id"] in self.new_ids and (row["founded"] or row["dissolved"])
        }

    def _periods(self, ids: set[str]) -> None:
        """Stages the organisations whose hierarchy periods the switch derives again."""
        for batch in _batches({"a": i} for i in sorted(ids)):
            self._run(stage_cypher.stage_rels, kind=org_history.PERIODS_KIND, rows=batch)

    def _sweep(self, dataset: Dataset) -> set[str]:
        """Stages the removal of every node and relationship of the dataset's kinds it lacks;
        returns the organisations that lose history rows."""
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
        lost = self._sweep_history(dataset)
        self.report("replace", 0)
        return lost

    def _sweep_history(self, dataset: Dataset) -> set[str]:
        """Stages the removal of the history rows the dataset lacks; returns their owners."""
        wanted = {(r["a"], r["key"]) for r in history_rows(dataset)}
        stored = org_history.stored_history_keys(tx=self.lookups)
        gone = [{"a": a, "key": k} for a, k in stored if (a, k) not in wanted]
        for batch in _batches(gone):
            self._run(stage_cypher.stage_deletions, kind=org_history.HISTORY_KIND, rows=batch)
        self.summary.tables[HISTORY_TABLE].deleted = len(gone)
        return {row["a"] for row in gone}


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


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    """Cuts a stream of rows into lists of BATCH_SIZE."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield batch
