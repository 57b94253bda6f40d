"""Building, checking and rolling over the coverage index (queries/coverage_index.py) as whole
operations: each holds the write gate, so no edit runs half inside one."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import Driver

from domain.thresholds import Thresholds
from queries import coverage_index
from queries.coverage_index import Tx
from queries.gate import take_gate, write_transaction
from queries.index_cypher import IGAP, INDEX_ID, IORG

Progress = Callable[[str, int], None]
STORED_ORGANISATIONS = f"MATCH (o:{IORG}) RETURN properties(o) AS o"
STORED_ENTRIES = f"MATCH (g:{IGAP}) RETURN properties(g) AS g"
STORED_TOTALS = "MATCH (ix:CoverageIndex {id: $id}) RETURN ix.totals AS totals"


def _silent(step: str, done: int) -> None:
    del step, done


@dataclass(frozen=True)
class Built:
    """What a rebuild wrote, and how long it took."""

    day: date
    organisations: int
    entries: int
    seconds: float


def rebuild(
    *, driver: Driver, database: str, day: date, thresholds: Thresholds,
    progress: Progress = _silent,
) -> Built:  # fmt: skip
    """Computes the index for the day in one transaction: readers see the old one until it
    commits, then the new one."""
    started = time.perf_counter()

    def work(tx: Tx) -> tuple[int, int]:
        coverage_index.rebuild(tx, day, thresholds, progress)
        return _count(tx, STORED_ORGANISATIONS), _count(tx, STORED_ENTRIES)

    organisations, entries = write_transaction(driver=driver, database=database, work=work)
    return Built(day, organisations, entries, time.perf_counter() - started)


def _count(tx: Tx, query: str) -> int:
    return int(tx.run(f"CALL () {{ {query} }} RETURN count(*) AS n").single(strict=True)["n"])


def keep_current(
    *, driver: Driver, database: str, thresholds: Thresholds, today: date | None = None
) -> Built | None:
    """Rebuilds the index when there is none, or it holds another day or other thresholds;
    returns what it built (None when the index was current)."""
    day = today or date.today()

    def current(tx: Tx) -> bool:
        found = coverage_index.state(tx)
        return found == (day, thresholds)

    with driver.session(database=database) as session:
        if session.execute_read(current):
            return None
    return rebuild(driver=driver, database=database, day=day, thresholds=thresholds)


def check(*, driver: Driver, database: str) -> list[str]:
    """Compares the stored index with one computed afresh in the same transaction, which is
    then rolled back; returns the differences (none: the index agrees with the graph)."""
    with driver.session(database=database) as session, session.begin_transaction() as tx:
        take_gate(tx=tx)  # no write lands between reading the index and computing it again
        found = coverage_index.state(tx)
        if found is None:
            return ["no coverage index in this database"]
        stored = _snapshot(tx)
        coverage_index.rebuild(tx, *found)
        fresh = _snapshot(tx)
        tx.rollback()
    return _differences(stored, fresh)


Snapshot = tuple[dict[str, dict[str, Any]], Counter[tuple[Any, ...]], list[int]]


def _frozen(props: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items()))


def _snapshot(tx: Tx) -> Snapshot:
    organisations = {r["o"]["id"]: dict(r["o"]) for r in tx.run(STORED_ORGANISATIONS)}
    entries = Counter(_frozen(dict(r["g"])) for r in tx.run(STORED_ENTRIES))
    totals = tx.run(STORED_TOTALS, id=INDEX_ID).single(strict=True)["totals"]
    return organisations, entries, list(totals)


def _differences(stored: Snapshot, fresh: Snapshot, most: int = 20) -> list[str]:
    found: list[str] = []
    orgs, entries, totals = stored
    fresh_orgs, fresh_entries, fresh_totals = fresh
    for org_id in sorted(set(orgs) | set(fresh_orgs)):
        if orgs.get(org_id) != fresh_orgs.get(org_id):
            found.append(f"organisation {org_id}: stored {orgs.get(org_id)}, "
                         f"computed {fresh_orgs.get(org_id)}")  # fmt: skip
    for entry in sorted((entries - fresh_entries).elements(), key=str):
        found.append(f"stored, not computed: {dict(entry)}")
    for entry in sorted((fresh_entries - entries).elements(), key=str):
        found.append(f"computed, not stored: {dict(entry)}")
    if totals != fresh_totals:
        found.append(f"totals: stored {totals}, computed {fresh_totals}")
    return found if len(found) <= most else [*found[:most], f"… and {len(found) - most} more"]
