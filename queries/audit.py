"""The audit trail: one append-only (:AuditEntry) node per change, written in the change's own
transaction. Nothing in covergraph updates or deletes an entry once written."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, date, datetime
from typing import Any

from neo4j import Driver, RoutingControl

from graph.model import Label
from queries.changes import note_change
from queries.dataset_store import Tx

AUDIT = Label.AUDIT.value
CLI_ACTOR = "cli"
# Personal columns never enter the trail: an entry records that a person changed, not the data.
PERSONAL_COLUMNS = frozenset({"phone", "id_number"})

CREATE_ENTRY = f"""
CREATE (:{AUDIT} {{id: $id, at: $at, actor: $actor, action: $action, target_id: $target_id,
    target_kind: $target_kind, before: $before, after: $after}})
"""


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: who, when, what, on which target, and the state before and after."""

    id: str
    at: datetime
    actor: str
    action: str
    target_id: str | None
    target_kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list: one target, a time range (since inclusive, until exclusive)."""

    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _plain(value: Any) -> Any:
    """Makes dates and other values JSON-friendly."""
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def _json(state: Mapping[str, Any] | None) -> str | None:
    """Serialises a before/after state, without personal columns, with stable key order."""
    if state is None:
        return None
    kept = {k: v for k, v in state.items() if k not in PERSONAL_COLUMNS}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, default=_plain)


def new_entry_id() -> str:
    """Returns an id that sorts by time of creation (nanoseconds, then a random tail)."""
    return f"aud_{time.time_ns():020d}_{secrets.token_hex(3)}"


def record_change(
    *,
    tx: Tx,
    actor: str,
    action: str,
    target_kind: str,
    target_id: str | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> str:
    """Appends an entry for a change inside the transaction that makes it; returns its id."""
    entry_id = new_entry_id()
    note_change(target_kind, target_id, before, after)
    tx.run(
        CREATE_ENTRY,
        id=entry_id,
        at=datetime.now(UTC),
        actor=actor,
        action=action,
        target_id=target_id,
        target_kind=target_kind,
        before=_json(before),
        after=_json(after),
    ).consume()
    return entry_id


def record_import(
    *, tx: Tx, counts: Mapping[str, Any], source: str | None, replace: bool, actor: str = CLI_ACTOR
) -> str:
    """Appends the entry of an import: counts per table, the file it came from, --replace."""
    tables = {
        name: asdict(c) if is_dataclass(c) and not isinstance(c, type) else dict(c)
        for name, c in counts.items()
    }
    summary = {"source": source, "replace": replace, "tables": tables}
    return record_change(tx=tx, actor=actor, action="IMPORT", target_kind="dataset",
                         target_id=None, before=None, after=summary)  # fmt: skip


def _where(f: AuditFilter, after: str | None) -> str:
    tests = ["e.target_id = $target_id"] if f.target_id is not None else []
    tests += ["e.at >= $since"] if f.since is not None else []
    tests += ["e.at < $until"] if f.until is not None else []
    tests += ["e.id > $after"] if after is not None else []
    return " AND ".join(tests) or "true"


def _utc(moment: datetime | None) -> datetime | None:
    """Reads a time without a zone as UTC, the zone entries are written in."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _entry(node: Any) -> AuditEntry:
    before, after = node.get("before"), node.get("after")
    return AuditEntry(
        id=node["id"],
        at=node["at"].to_native(),
        actor=node["actor"],
        action=node["action"],
        target_id=node.get("target_id"),
        target_kind=node["target_kind"],
        before=json.loads(before) if before else None,
        after=json.loads(after) if after else None,
    )


def audit_page(
    *, driver: Driver, database: str, where: AuditFilter, first: int, after: str | None
) -> list[AuditEntry]:
    """Lists up to `first` entries in the order they were written, strictly after id `after`."""
    query = f"MATCH (e:{AUDIT}) WHERE {_where(where, after)} RETURN e ORDER BY e.id LIMIT $first"
    records, _, _ = driver.execute_query(
        query,
        target_id=where.target_id,
        since=_utc(where.since),
        until=_utc(where.until),
        after=after,
        first=first,
        routing_=RoutingControl.READ,
        database_=database,
    )
    return [_entry(r["e"]) for r in records]


def iter_audit(
    *, driver: Driver, database: str, where: AuditFilter, batch: int = 1000
) -> Iterator[AuditEntry]:
    """Streams every entry the filter selects, oldest first, a page at a time."""
    after: str | None = None
    while True:
        page = audit_page(driver=driver, database=database, where=where, first=batch, after=after)
        yield from page
        if len(page) < batch:
            return
        after = page[-1].id
