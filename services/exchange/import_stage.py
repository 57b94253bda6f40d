"""The life of an import's stage: opened by one import at a time, published by a switch, and
cleared or finished when its import died (docs/model.md, "All or nothing")."""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError

from domain.settings import PublishSettings, read
from graph.instance import process_alive
from queries import staged_import as cypher
from queries.gate import write_transaction
from queries.staged_import import Stage

Progress = Callable[[str, int], None]  # (step description, rows just done)

# Read once, when the module loads: an import and the API's watch keep the same values throughout.
_PUBLISH = read(PublishSettings)
# Up to this many staged rows are published in one transaction, so readers see the import at
# once; above it, Neo4j would need gigabytes of heap for that transaction, so a committed mark
# makes the import final and the rows are published in batches (resumed after a crash).
ONE_SWITCH_ROWS = _PUBLISH.switch_rows
PUBLISH_BATCH = _PUBLISH.batch
EVERYTHING = 2**62
# Every API server looks for the publishing mark this often (api/publishing.py) and answers 503
# while it is there; the importer waits a few periods after the mark before the first batch.
WATCH_S = _PUBLISH.watch_s
GRACE_S = 3 * WATCH_S
# A stage whose owner has not written for this long is abandoned, wherever the owner ran.
LEASE = timedelta(minutes=15)


class ImportRefused(Exception):
    """The import cannot start or be published; nothing of it is in the graph."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.text = {"zh": zh, "en": en}

    def message(self, lang: str) -> str:
        """Returns the reason in the user's language."""
        return self.text.get(lang, self.text["zh"])


def running_elsewhere(stage: Stage) -> ImportRefused:
    """Refuses an import while another one is running."""
    since = stage.seen.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return ImportRefused(
        f"另一个导入正在进行（{stage.host} 上的进程 {stage.pid}，最近写入于 {since}），请稍后再试",
        f"another import is running (process {stage.pid} on {stage.host}, last write {since});"
        " try again when it has finished",
    )


def ids_taken(ids: list[str]) -> ImportRefused:
    """Refuses new rows whose ids other nodes of the graph already carry (loaded before under
    another table, or created by an edit while the import ran)."""
    listed = ", ".join(ids)
    return ImportRefused(
        f"以下编号已被图中其他记录使用：{listed}；数据库未作任何改动",
        f"these ids are already used by other records in the graph: {listed}; nothing was written",
    )


def owner_alive(stage: Stage) -> bool:
    """Tells whether the process that owns a stage may still be writing to it."""
    if datetime.now(UTC) - stage.seen > LEASE:
        return False
    return stage.host != socket.gethostname() or process_alive(stage.pid)


def _owned_here(stage: Stage) -> bool:
    """Tells whether this very process opened the stage (and so is not writing to it now)."""
    return stage.host == socket.gethostname() and stage.pid == os.getpid()


def recover_abandoned(*, driver: Driver, database: str, report: Progress | None = None) -> str:
    """Finishes or clears the stage of an import that died; returns what it did ("" if
    nothing): a committed import is finished, an uncommitted one removed."""
    stage = cypher.find_stage(driver=driver, database=database)
    if stage is not None and owner_alive(stage) and not _owned_here(stage):
        return ""
    if stage is not None and stage.state == cypher.PUBLISHING:
        finish_publishing(driver=driver, database=database, report=report)
        return "finished"
    if stage is not None or cypher.count_staged(driver=driver, database=database):
        cypher.clear_stage(driver=driver, database=database)
        return "cleared"
    return ""


def open_stage(*, driver: Driver, database: str, report: Progress) -> None:
    """Claims the graph for this import, after recovering a stage its owner left behind."""
    recover_abandoned(driver=driver, database=database, report=report)
    try:
        host, pid = socket.gethostname(), os.getpid()
        cypher.open_stage(driver=driver, database=database, host=host, pid=pid)
    except ConstraintError:
        stage = cypher.find_stage(driver=driver, database=database)
        if stage is None:  # the other import finished in between
            return open_stage(driver=driver, database=database, report=report)
        raise running_elsewhere(stage) from None


def discard_stage(*, driver: Driver, database: str) -> None:
    """Removes this import's stage after it failed before the switch; if even that fails
    (the database went away), the next import or start clears it."""
    with contextlib.suppress(Exception):
        cypher.clear_stage(driver=driver, database=database)


def publish(
    *,
    driver: Driver,
    database: str,
    report: Progress,
    record: Callable[[ManagedTransaction], None] = lambda tx: None,
) -> None:
    """The switch: makes every staged row part of the graph, atomically when it fits; a
    failure before the switch commits leaves the graph as it was. `record` writes in the
    switch's transaction (the audit entry of the import)."""
    staged = cypher.count_staged(driver=driver, database=database)
    report("switch", 0)
    at_once = staged <= ONE_SWITCH_ROWS
    try:
        write_transaction(
            driver=driver,
            database=database,
            work=lambda tx: _publish_at_once(tx, record) if at_once else _commit_point(tx, record),
        )
    except BaseException:
        discard_stage(driver=driver, database=database)
        raise
    if not at_once:
        time.sleep(GRACE_S)  # until every API server answers 503 (api/publishing.py)
        finish_publishing(driver=driver, database=database, report=report)


def finish_publishing(*, driver: Driver, database: str, report: Progress | None = None) -> None:
    """Publishes the staged rows of a committed import in batches; safe to run again."""
    for name, statement in cypher.publish_steps():

        def batch(tx: ManagedTransaction, statement: str = statement) -> int:
            return cypher.publish_step(tx=tx, statement=statement, limit=PUBLISH_BATCH)

        # Reported per batch, not per row: the rows were counted when they were staged.
        while write_transaction(driver=driver, database=database, work=batch):
            if report:
                report(f"publish: {name}", 0)
    write_transaction(driver=driver, database=database, work=lambda tx: cypher.close_stage(tx=tx))


def _publish_at_once(tx: ManagedTransaction, record: Callable[[ManagedTransaction], None]) -> None:
    """Publishes everything staged in this one transaction, then closes the stage."""
    _refuse_taken_ids(tx)
    record(tx)
    for _, statement in cypher.publish_steps():
        cypher.publish_step(tx=tx, statement=statement, limit=EVERYTHING)
    cypher.close_stage(tx=tx)


def _commit_point(tx: ManagedTransaction, record: Callable[[ManagedTransaction], None]) -> None:
    """Makes a large import final: a crash after this commit is finished at the next start."""
    _refuse_taken_ids(tx)
    record(tx)
    cypher.mark_publishing(tx=tx)


def _refuse_taken_ids(tx: ManagedTransaction) -> None:
    """Stops the switch if another node carries one of the staged new ids (ids are
    unique across all tables)."""
    if taken := cypher.taken_ids(tx=tx):
        raise ids_taken(taken)
