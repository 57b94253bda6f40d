"""Backup and restore of the whole graph: every node and relationship, consistent, all or nothing.

A backup reads everything in one transaction that holds the write gate (queries/gate.py), so
it sees exactly the writes committed before it and none after, while the API keeps serving
reads. A restore writes everything in one transaction, in batches, so it is complete or absent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from neo4j import Driver, ManagedTransaction

from domain.settings import gap_thresholds
from queries import coverage_index
from queries import graph_dump as cypher
from queries.gate import write_transaction
from queries.system import components
from services.backup.backup_file import (
    FORMAT,
    VERSION,
    BackupFileError,
    open_for_writing,
    props_in,
    props_out,
    read_entries,
    read_header,
    write_line,
)

BATCH_SIZE = 2000
Progress = Callable[[str, int], None]  # (step: "nodes" or "relationships", entries just done)


class RestoreRefused(Exception):
    """The database already holds data and the restore was not told to replace it."""

    def __init__(self, nodes: int) -> None:
        super().__init__(f"the database holds {nodes} nodes")
        self.nodes = nodes


@dataclass(frozen=True)
class Summary:
    """What a backup wrote or a restore created: counts from the file's header, and time."""

    header: dict[str, Any]
    seconds: float

    @property
    def nodes(self) -> int:
        """Number of nodes in the backup."""
        return int(self.header["counts"]["nodes"])

    @property
    def relationships(self) -> int:
        """Number of relationships in the backup."""
        return int(self.header["counts"]["relationships"])


def _silent(step: str, done: int) -> None:
    """A progress callback that shows nothing."""


def write_backup(
    *, driver: Driver, database: str, path: Path, progress: Progress = _silent
) -> Summary:
    """Writes every node and relationship to `path`; the file appears only when complete."""
    started = time.perf_counter()
    version = components(driver=driver, database=database).version
    partial = path.with_name(path.name + ".partial")
    try:
        header = write_transaction(
            driver=driver, database=database, work=lambda tx: _dump(tx, partial, version, progress)
        )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(header, time.perf_counter() - started)


def _dump(
    tx: ManagedTransaction, partial: Path, version: str, progress: Progress
) -> dict[str, Any]:
    """Writes the header, the nodes and the relationships (again from the start on a retry)."""
    created = datetime.now(UTC).isoformat(timespec="seconds")
    counts = cypher.contents(tx=tx)
    header = {"format": FORMAT, "version": VERSION, "created": created, "neo4j": version,
              "counts": counts}  # fmt: skip
    keys: dict[str, int] = {}
    with open_for_writing(partial) as handle:
        write_line(handle, header)
        for element, labels, props in cypher.read_nodes(tx=tx):
            keys[element] = len(keys)
            write_line(handle, {"node": keys[element], "labels": labels, "props": props_out(props)})
            _tick(progress, "nodes", len(keys))
        for done, (a, b, rel, props) in enumerate(cypher.read_relationships(tx=tx), 1):
            entry = {"rel": rel, "from": keys[a], "to": keys[b], "props": props_out(props)}
            write_line(handle, entry)
            _tick(progress, "relationships", done)
    return header


def _tick(progress: Progress, step: str, done: int) -> None:
    """Reports progress once per batch of entries."""
    if done % BATCH_SIZE == 0:
        progress(step, BATCH_SIZE)


def restore_backup(
    *, driver: Driver, database: str, path: Path, replace: bool = False,
    progress: Progress = _silent,
) -> Summary:  # fmt: skip
    """Makes the database exactly the backup; refuses a non-empty one unless `replace`."""
    started = time.perf_counter()
    header = read_header(path)
    cypher.prepare_restore(driver=driver, database=database)
    write_transaction(
        driver=driver, database=database, work=lambda tx: _load(tx, path, replace, progress)
    )
    return Summary(header, time.perf_counter() - started)


def _load(tx: ManagedTransaction, path: Path, replace: bool, progress: Progress) -> None:
    """Empties (or checks) the database, then creates the backup's nodes and relationships;
    the coverage index (left out of backups) is computed for the restored graph, for the day
    and thresholds of the index there was, else for today."""
    kept = coverage_index.state(tx)
    if replace:
        while cypher.delete_batch(tx=tx, batch=BATCH_SIZE * 5):
            pass
    elif (nodes := cypher.contents(tx=tx)["nodes"]) > 0:
        raise RestoreRefused(nodes)
    header = read_header(path)
    for kind, rows in _batches(read_entries(path)):
        if kind == "nodes":
            cypher.create_nodes(tx=tx, rows=rows)
        else:
            cypher.create_relationships(tx=tx, rows=rows)
        progress(kind, len(rows))
    while cypher.unmark_batch(tx=tx, batch=BATCH_SIZE * 5):
        pass
    _check_counts(header, cypher.contents(tx=tx), path)
    coverage_index.rebuild(tx, *(kept or (date.today(), gap_thresholds())))


def _batches(entries: Iterator[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Groups the file's lines into batches of nodes, then of relationships, as query rows."""
    while batch := list(islice(entries, BATCH_SIZE)):
        nodes = [_node_row(e) for e in batch if "node" in e]
        rels = [_rel_row(e) for e in batch if "rel" in e]
        if nodes:
            yield "nodes", nodes
        if rels:
            yield "relationships", rels


def _node_row(entry: dict[str, Any]) -> dict[str, Any]:
    return {"key": entry["node"], "labels": entry["labels"], "props": props_in(entry["props"])}


def _rel_row(entry: dict[str, Any]) -> dict[str, Any]:
    props = props_in(entry["props"])
    return {"a": entry["from"], "b": entry["to"], "type": entry["rel"], "props": props}


def _check_counts(header: dict[str, Any], restored: dict[str, Any], path: Path) -> None:
    """Refuses to commit a restore whose counts differ from the header (a truncated file)."""
    if restored != header["counts"]:
        raise BackupFileError(
            f"{path}: restored {restored['nodes']} nodes and {restored['relationships']} "
            f"relationships, the header says {header['counts']['nodes']} and "
            f"{header['counts']['relationships']}; nothing was restored"
        )
