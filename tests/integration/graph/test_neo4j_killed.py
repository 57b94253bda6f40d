"""SIGKILL of the bundled Neo4j JVM: `covergraph db start` recovers it with every commit kept,
and the coverage index agreeing with the graph."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from neo4j import Driver

from api.auth import issue_token
from domain.thresholds import Thresholds
from graph.connection import connection_from_env
from graph.database import open_driver
from graph.instance import Instance
from queries import coverage_index, index_upkeep
from queries.tokens import list_tokens
from services import edits
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from tests.support.factory import small_dataset, table_rows


def test_killed_neo4j_restarts_with_every_committed_write(
    graph: tuple[Driver, str], neo4j_instance: Instance
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    for i in range(20):  # many small commits, the last ones just before the kill
        values = {"id": f"K{i}", "name": f"委员会{i}", "kind": "COMMITTEE", "parent_id": "C1"}
        edits.create_organisation(driver=driver, database=database, values=values)
    issue_token(driver=driver, database=database, role="admin")
    before = table_rows(read_graph(driver=driver, database=database))
    tokens = list_tokens(driver=driver, database=database)
    uncommitted = open_driver(connection_from_env())
    session = uncommitted.session(database=database)
    held = session.begin_transaction()
    held.run("CREATE (:NeverCommitted)").consume()
    # A write in flight that rewrites the whole coverage index, killed before it commits.
    coverage_index.rebuild(held, date.today() + timedelta(days=1), Thresholds())

    pid = neo4j_instance.pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    _wait_dead(pid)
    assert neo4j_instance.pid_file.exists()  # stale: `db start` must see through it
    with contextlib.suppress(Exception):  # its connection died with the server
        session.close()
    uncommitted.close()
    started = subprocess.run(
        [sys.executable, "-m", "api.cli", "db", "start"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    assert "started" in started.stdout
    assert neo4j_instance.pid() not in (None, pid)

    with open_driver(connection_from_env()) as fresh:
        assert table_rows(read_graph(driver=fresh, database=database)) == before
        assert list_tokens(driver=fresh, database=database) == tokens
        records, _, _ = fresh.execute_query("MATCH (n:NeverCommitted) RETURN count(n) AS c")
        assert records[0]["c"] == 0
        assert index_upkeep.check(driver=fresh, database=database) == []


def _wait_dead(pid: int) -> None:
    """Waits until the killed process is gone (reaped or a zombie)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return
        if state == "Z":
            return
        time.sleep(0.1)
    raise AssertionError(f"Neo4j (pid {pid}) survived SIGKILL")
