"""Backup while edits run, restore into a brand-new bundled Neo4j: every node and relationship."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytz
from neo4j import Driver, ManagedTransaction
from neo4j.time import DateTime, Duration

from api.auth import issue_token
from domain.refusals import EditRefused
from graph.connection import BUNDLED_USER, Connection
from graph.constraints import apply_schema
from graph.database import open_driver
from graph.instance import Instance, free_port
from queries import graph_dump as backup_cypher
from queries.gate import write_transaction
from services import edits
from services.backup.backup_file import (
    encode,
    open_for_writing,
    read_entries,
    read_header,
    write_line,
)
from services.backup.backup_restore import RestoreRefused, restore_backup, write_backup
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from services.exchange.validation import validate
from tests.support.factory import small_dataset

Graph = tuple[Driver, str]
COMMITTEES = [f"K{i}" for i in range(6)]
FILLER = 30_000
TOTAL = 100  # the two Ledger nodes always hold this much between them, in every committed state


@dataclass(frozen=True)
class Second:
    """The second instance: its home and a driver to it."""

    home: Path
    graph: Graph


@pytest.fixture(scope="module")
def second_instance() -> Iterator[Second]:
    """A second bundled Neo4j in its own temporary COVERGRAPH_HOME, on another free port."""
    home = Path(tempfile.mkdtemp(prefix="covergraph-restore-"))
    instance = Instance(home)
    instance.start(free_port())
    connection = Connection(instance.uri(), BUNDLED_USER, instance.password(), "neo4j", True)
    driver = open_driver(connection)
    apply_schema(driver=driver, database=connection.database)
    try:
        yield Second(home, (driver, connection.database))
    finally:
        driver.close()
        instance.stop()
        shutil.rmtree(home, ignore_errors=True)


def _seed(g: Graph) -> None:
    """The small dataset, committees to move, tokens, and nodes of labels no table knows."""
    import_dataset(driver=g[0], database=g[1], dataset=small_dataset())
    for name in COMMITTEES:
        values = {"id": name, "name": f"委员会{name}", "kind": "COMMITTEE", "parent_id": "C1"}
        edits.create_organisation(driver=g[0], database=g[1], values=values)
    issue_token(driver=g[0], database=g[1], role="admin")
    issue_token(driver=g[0], database=g[1], role="viewer", scope_id="T1", expires_days=30)
    # Enough nodes that reading them takes a while: a write committed between the backup's
    # node and relationship passes would then show (see _transfer).
    write_transaction(driver=g[0], database=g[1], work=lambda tx: tx.run(
        "UNWIND range(1, $n) AS i CREATE (:Filler {i: i})", n=FILLER).consume())  # fmt: skip
    # A named zone, built as the driver builds the values it reads (pytz).
    when = DateTime(2026, 3, 1, 1, 30, 0, 123456789, tzinfo=pytz.UTC).as_timezone(
        pytz.timezone("Asia/Shanghai")
    )
    params = {"when": when, "half": TOTAL // 2, "took": Duration(hours=1, nanoseconds=5)}
    write_transaction(driver=g[0], database=g[1], work=lambda tx: tx.run(
        "CREATE (:Ledger {name: 'a', value: $half})-[:PAIRED {since: $when}]->"
        "(:Ledger {name: 'b', value: $half, tags: ['x', 'y'], took: $took, raw: $raw})",
        params | {"raw": b"\x00\xff"}).consume())  # fmt: skip


def _transfer(tx: ManagedTransaction) -> None:
    """Moves one unit between the Ledger nodes and records it as a MOVED relationship."""
    # The backup reads all nodes, then all relationships: a transfer committed in between
    # would show as more MOVED relationships than node `a` counts moves.
    tx.run("MATCH (l:Ledger {name: 'a'}) SET l.value = l.value - 1, "
           "l.moves = coalesce(l.moves, 0) + 1 CREATE (l)-[:MOVED]->(l)").consume()  # fmt: skip
    time.sleep(0.02)
    tx.run("MATCH (l:Ledger {name: 'b'}) SET l.value = l.value + 1").consume()


def _edit(g: Graph, stop: threading.Event, seed: int) -> None:
    """Transfers and moves committees until stopped."""
    rng = random.Random(seed)
    while not stop.is_set():
        write_transaction(driver=g[0], database=g[1], work=_transfer)
        org, parent = rng.choice(COMMITTEES), rng.choice(["C1", *COMMITTEES])
        with contextlib.suppress(EditRefused):  # a cycle
            edits.move_organisation(
                driver=g[0], database=g[1], organisation_id=org, new_parent_id=parent
            )


def _contents(g: Graph) -> Counter[str]:
    """Every node (labels, properties) and relationship (type, both ends, properties) as text."""

    def read(tx: ManagedTransaction) -> Counter[str]:
        nodes = {e: _text(sorted(labels), p) for e, labels, p in backup_cypher.read_nodes(tx=tx)}
        rels = (_text(t, nodes[a], nodes[b], p) for a, b, t, p in
                backup_cypher.read_relationships(tx=tx))  # fmt: skip
        return Counter(nodes.values()) + Counter(rels)

    with g[0].session(database=g[1]) as session:
        return session.execute_read(read)


def _text(*parts: Any) -> str:
    return json.dumps([encode(p) if not isinstance(p, dict) else
                       {k: encode(v) for k, v in sorted(p.items())} for p in parts],
                      ensure_ascii=False)  # fmt: skip


def _ledger(path: Path) -> tuple[int, int, int]:
    """Returns the Ledger total, the moves node `a` counts and the MOVED relationships."""
    ledgers = [e["props"] for e in read_entries(path) if "Ledger" in e.get("labels", [])]
    moved = sum(1 for e in read_entries(path) if e.get("rel") == "MOVED")
    moves = next(p.get("moves", 0) for p in ledgers if p["name"] == "a")
    return sum(p["value"] for p in ledgers), moves, moved


def test_backup_during_edits_is_consistent_and_restores_exactly(
    graph: Graph, second_instance: Second, tmp_path: Path
) -> None:
    second = second_instance.graph
    _seed(graph)
    stop = threading.Event()
    workers = [threading.Thread(target=_edit, args=(graph, stop, s)) for s in range(3)]
    for worker in workers:
        worker.start()
    time.sleep(0.5)
    during = write_backup(driver=graph[0], database=graph[1], path=tmp_path / "during.cgb")
    stop.set()
    for worker in workers:
        worker.join()
    total, moves, moved = _ledger(tmp_path / "during.cgb")
    assert total == TOTAL  # no transfer seen half-done
    assert moves == moved > 0  # nor one committed between the node and relationship passes
    restore_backup(driver=second[0], database=second[1], path=tmp_path / "during.cgb")
    assert validate(read_graph(driver=second[0], database=second[1])) == []
    assert sum(_contents(second).values()) == during.nodes + during.relationships

    write_backup(driver=graph[0], database=graph[1], path=tmp_path / "after.cgb")
    env = {**os.environ, "NEO4J_URI": "", "COVERGRAPH_HOME": str(second_instance.home)}
    restored = _cli("restore", str(tmp_path / "after.cgb"), "--replace", env=env)
    assert restored.returncode == 0, restored.stderr
    assert "restored from" in restored.stdout
    assert _contents(second) == _contents(graph)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "api.cli", *args, "--lang", "en"]
    env = {k: v for k, v in env.items() if v} | {"PYTHONFAULTHANDLER": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_restore_refuses_a_database_that_holds_data(graph: Graph, tmp_path: Path) -> None:
    _seed(graph)
    path = tmp_path / "backup.cgb"
    backed_up = _cli("backup", str(path), env=dict(os.environ))
    assert backed_up.returncode == 0, backed_up.stderr
    assert "backed up to" in backed_up.stdout
    assert not path.with_name("backup.cgb.partial").exists()
    before = _contents(graph)
    with pytest.raises(RestoreRefused):
        restore_backup(driver=graph[0], database=graph[1], path=path)
    refused = _cli("restore", str(path), env=dict(os.environ))
    assert refused.returncode != 0
    assert "--replace" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _contents(graph) == before
    restore_backup(driver=graph[0], database=graph[1], path=path, replace=True)
    assert _contents(graph) == before


def test_restore_of_a_truncated_file_changes_nothing(graph: Graph, tmp_path: Path) -> None:
    _seed(graph)
    path, cut = tmp_path / "backup.cgb", tmp_path / "cut.cgb"
    write_backup(driver=graph[0], database=graph[1], path=path)
    lines = list(read_entries(path))
    header = read_header(path)
    with open_for_writing(cut) as handle:
        for entry in [header, *lines[: len(lines) // 2]]:
            write_line(handle, entry)
    before = _contents(graph)
    with pytest.raises(ValueError, match="nothing was restored"):
        restore_backup(driver=graph[0], database=graph[1], path=cut, replace=True)
    assert _contents(graph) == before
