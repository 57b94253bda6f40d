"""Cypher for staged imports: rows written in committed batches where no query can see them,
then published by a switch (docs/model.md, "All or nothing: how an import is written")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import Driver, ManagedTransaction

from domain.tables import TABLES_BY_NAME
from graph.model import NODE_TABLES, REL_TABLES, Label, Rel, StagingLabel
from queries import org_history as history
from queries.changes import note_everything
from queries.dataset_store import NODE_LINKS, Link

Params = dict[str, Any]

STAGED, STAGE = StagingLabel.STAGED.value, StagingLabel.STAGE.value
UPDATE, REL, DELETION = (
    StagingLabel.UPDATE.value,
    StagingLabel.REL.value,
    StagingLabel.DELETION.value,
)

STAGING, PUBLISHING = "staging", "publishing"

# The personal columns of each node label: a load whose file lacks them keeps what is stored.
PERSONAL_OF_LABEL: dict[Label, tuple[str, ...]] = {
    label: tuple(c.name for c in TABLES_BY_NAME[table].columns if c.personal)
    for table, label in NODE_TABLES.items()
}


def staged_label(label: Label) -> str:
    """Returns the label a new node of this kind carries until it is published."""
    return f"Staged{label.value}"


def link_kind(label: Label, link: Link) -> str:
    """Names a node table's link column in staged relationship records."""
    return f"link:{label.value}:{link.column}"


def rel_kind(rel: Rel) -> str:
    """Names a relationship table in staged relationship and deletion records."""
    return f"rel:{rel.value}"


def node_kind(label: Label) -> str:
    """Names a node table in staged deletion records."""
    return f"node:{label.value}"


@dataclass(frozen=True)
class Stage:
    """An import in progress or abandoned: its owner, its state and its last write."""

    host: str
    pid: int
    state: str
    seen: datetime


FIND_STAGE = (
    f"MATCH (s:{STAGE}) RETURN s.host AS host, s.pid AS pid, s.state AS state, s.seen AS seen"
)
# The constraint on ImportStage.id lets only one import open a stage at a time.
OPEN_STAGE = (
    f"CREATE (s:{STAGE} {{id: 'import', host: $host, pid: $pid, state: '{STAGING}'}}) "
    "SET s.seen = datetime()"
)
TOUCH_STAGE = f"MATCH (s:{STAGE}) SET s.seen = datetime()"
# The point of no return of a large import: from here on it is finished, never undone.
MARK_PUBLISHING = f"MATCH (s:{STAGE}) SET s.state = '{PUBLISHING}', s.seen = datetime()"
CLEAR_STAGED = f"MATCH (n:{STAGED}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS"
CLOSE_STAGE = f"MATCH (s:{STAGE}) DELETE s"
COUNT_STAGED = f"MATCH (n:{STAGED}) RETURN count(n) AS c"
# New ids that an edit has taken since they were staged: publishing them would break the rule
# that ids are unique across tables.
TAKEN_IDS = (
    f"MATCH (n:{STAGED}) WHERE n.id IS NOT NULL AND EXISTS {{ "
    f"MATCH (:{Label.ENTITY.value} {{id: n.id}}) }} RETURN n.id AS id LIMIT 10"
)


def find_stage(*, driver: Driver, database: str) -> Stage | None:
    """Returns the stage of an import that is running or was abandoned, if there is one."""
    records, _, _ = driver.execute_query(FIND_STAGE, database_=database)
    # Under read-committed isolation, a stage closed while it is being read comes back with its
    # properties gone: it is closed, so there is none.
    if not records or records[0]["seen"] is None:
        return None
    r = records[0]
    return Stage(r["host"], r["pid"], r["state"], r["seen"].to_native())


def open_stage(*, driver: Driver, database: str, host: str, pid: int) -> None:
    """Marks the graph as being imported into by this process (fails if a stage exists)."""
    driver.execute_query(OPEN_STAGE, host=host, pid=pid, database_=database)


def clear_stage(*, driver: Driver, database: str) -> None:
    """Deletes every staged row (in transactions of its own), then the stage itself."""
    with driver.session(database=database) as session:
        session.run(CLEAR_STAGED).consume()
    driver.execute_query(CLOSE_STAGE, database_=database)


def count_staged(*, driver: Driver, database: str) -> int:
    """Returns how many staged nodes exist (0 when no import is running or left over)."""
    records, _, _ = driver.execute_query(COUNT_STAGED, database_=database)
    return int(records[0]["c"])


def taken_ids(*, tx: ManagedTransaction) -> list[str]:
    """Returns staged new ids that exist in the graph by now (at most ten)."""
    return [r["id"] for r in tx.run(TAKEN_IDS)]


# --- Writes while staging: each batch is a committed transaction of its own. ---


def create_nodes(*, tx: ManagedTransaction, label: Label, rows: list[Params]) -> None:
    """Stages new nodes: rows are {id, props, fp}."""
    query = (
        f"UNWIND $rows AS row CREATE (n:{STAGED}:{staged_label(label)}) "
        "SET n = row.props, n.id = row.id, n._fp = row.fp, n.version = 1"
    )
    _run_touching(tx, query, rows=rows)


def stage_updates(*, tx: ManagedTransaction, label: Label, rows: list[Params]) -> None:
    """Stages the new values of existing nodes: rows are {id, props, keep, fp}."""
    query = (
        f"UNWIND $rows AS row CREATE (u:{STAGED}:{UPDATE}) "
        "SET u = row.props, u._target = row.id, u._label = $label, u._fp = row.fp, "
        "u._keep = coalesce(row.keep, [])"
    )
    _run_touching(tx, query, rows=rows, label=label.value)


def link_new_nodes(*, tx: ManagedTransaction, link: Link, rows: list[Params]) -> None:
    """Links staged new nodes to staged new targets: rows are {a, b}."""
    query = (
        f"UNWIND $rows AS row MATCH (n:{STAGED} {{id: row.a}}) "
        f"MATCH (t:{STAGED} {{id: row.b}}) CREATE (n)-[:{link.rel.value}]->(t)"
    )
    _run_touching(tx, query, rows=rows)


def create_rels(*, tx: ManagedTransaction, rel: Rel, rows: list[Params]) -> None:
    """Creates relationship rows between staged new nodes: rows are {a, b, key, props, fp}."""
    query = (
        f"UNWIND $rows AS row MATCH (a:{STAGED} {{id: row.a}}) "
        f"MATCH (b:{STAGED} {{id: row.b}}) CREATE (a)-[r:{rel.value}]->(b) "
        "SET r = row.props, r._key = row.key, r._fp = row.fp, r.version = 1"
    )
    _run_touching(tx, query, rows=rows)


def stage_rels(*, tx: ManagedTransaction, kind: str, rows: list[Params]) -> None:
    """Stages relationships or links that touch an existing node: rows are {a, b, key, props,
    fp} (props, key and fp absent for a link; b null to unlink)."""
    query = (
        f"UNWIND $rows AS row CREATE (s:{STAGED}:{REL}) "
        "SET s = coalesce(row.props, {}), s._kind = $kind, s._a = row.a, s._b = row.b, "
        "s._key = row.key, s._fp = row.fp"
    )
    _run_touching(tx, query, rows=rows, kind=kind)


def stage_deletions(*, tx: ManagedTransaction, kind: str, rows: list[Params]) -> None:
    """Stages what --replace removes: rows are {a, b, key} (only a, the id, for a node)."""
    query = (
        f"UNWIND $rows AS row CREATE (d:{STAGED}:{DELETION}) "
        "SET d._kind = $kind, d._a = row.a, d._b = row.b, d._key = row.key"
    )
    _run_touching(tx, query, rows=rows, kind=kind)


def _run_touching(tx: ManagedTransaction, query: str, **params: Any) -> None:
    """Runs a staging write and records the stage as alive in the same transaction."""
    tx.run(query, params).consume()
    tx.run(TOUCH_STAGE).consume()


# --- Publishing: each step handles up to $limit staged rows and returns how many it did, so
# the same steps run as one transaction (limit: all) or in batches that a restart can resume.


def publish_steps() -> list[tuple[str, str]]:
    """Returns (name, statement) of every publishing step, in the order they must run."""
    rel_starts = {rel: start for rel, start, _ in REL_TABLES.values()}
    labels = list(NODE_TABLES.values())
    return [
        *((f"reveal {label.value}", _reveal(label)) for label in labels),
        *((f"update {label.value}", _update(label)) for label in labels),
        *(
            (f"link {link_kind(label, link)}", _relink(label, link))
            for label in labels
            for link in NODE_LINKS[label]
        ),
        *((f"write {rel.value}", _write_rel(rel, start)) for rel, start in rel_starts.items()),
        ("write history", _history_step(REL, history.WRITE_HISTORY)),
        *((f"remove {rel.value}", _delete_rel(rel, start)) for rel, start in rel_starts.items()),
        ("remove history", _history_step(DELETION, history.DELETE_HISTORY)),
        *((f"remove {label.value}", _delete_node(label)) for label in labels),
        # Last: the periods follow from the links, history rows and dates published above.
        ("derive periods", _consume(REL, "_kind", history.PERIODS_KIND, history.STAGED_PERIODS)),
    ]


def publish_step(*, tx: ManagedTransaction, statement: str, limit: int) -> int:
    """Runs one publishing step on up to `limit` staged rows; returns how many it handled."""
    record = tx.run(statement, limit=limit).single()
    return int(record["done"]) if record else 0


def close_stage(*, tx: ManagedTransaction) -> None:
    """Removes the stage once everything staged is published (the coverage index follows)."""
    tx.run(CLOSE_STAGE).consume()
    note_everything()


def mark_publishing(*, tx: ManagedTransaction) -> None:
    """Commits the import: from now on a restart finishes publishing instead of undoing it."""
    tx.run(MARK_PUBLISHING).consume()


def _reveal(label: Label) -> str:
    """Gives staged new nodes their model labels."""
    staged = staged_label(label)
    return (
        f"MATCH (n:{staged}) WITH n LIMIT $limit "
        f"SET n:{Label.ENTITY.value}:{label.value} REMOVE n:{STAGED}:{staged} "
        "RETURN count(n) AS done"
    )


def _history_step(record: str, work: str) -> str:
    """Writes or removes the staged organisation_history rows (queries/org_history.py)."""
    return _consume(record, "_kind", history.HISTORY_KIND, work)


def _consume(record: str, key: str, value: str, work: str) -> str:
    """Applies `work` to up to $limit staged records (`s`) whose `key` is `value`, deleting each
    record in the same transaction, so a step that stops half-way resumes where it stopped."""
    return (
        f"MATCH (s:{record} {{{key}: '{value}'}}) WITH s LIMIT $limit "
        f"CALL (s) {{ {work} }} DELETE s RETURN count(s) AS done"
    )


def _update(label: Label) -> str:
    """Replaces the properties of existing nodes by their staged values; a personal column the
    file left out keeps its stored value, so an export without personal data loads back as is."""
    kept = "".join(
        f", n.{c} = CASE WHEN '{c}' IN s._keep THEN before.{c} ELSE s.{c} END"
        for c in PERSONAL_OF_LABEL.get(label, ())
    )
    return _consume(
        UPDATE,
        "_label",
        label.value,
        f"MATCH (n:{label.value} {{id: s._target}}) "
        "WITH s, n, coalesce(n.version, 0) + 1 AS version, properties(n) AS before "
        f"SET n = properties(s), n.id = s._target, n.version = version{kept} "
        "REMOVE n._target, n._label, n._keep",
    )


def _relink(label: Label, link: Link) -> str:
    """Points one link column of nodes at its target, replacing any earlier link."""
    return _consume(
        REL,
        "_kind",
        link_kind(label, link),
        f"MATCH (n:{label.value} {{id: s._a}}) "
        f"CALL (n) {{ MATCH (n)-[old:{link.rel.value}]->(:{link.target.value}) DELETE old }} "
        "WITH n, s WHERE s._b IS NOT NULL "
        f"MATCH (t:{link.target.value} {{id: s._b}}) CREATE (n)-[:{link.rel.value}]->(t)",
    )


def _write_rel(rel: Rel, start: Label) -> str:
    """Creates or replaces relationship rows that touch an existing node."""
    return _consume(
        REL,
        "_kind",
        rel_kind(rel),
        f"MATCH (a:{start.value} {{id: s._a}}) MATCH (b:{Label.ENTITY.value} {{id: s._b}}) "
        f"MERGE (a)-[r:{rel.value} {{_key: s._key}}]->(b) "
        "WITH s, r, coalesce(r.version, 0) + 1 AS version "
        "SET r = properties(s), r.version = version REMOVE r._kind, r._a, r._b",
    )


def _delete_rel(rel: Rel, start: Label) -> str:
    """Deletes the relationship rows --replace removes."""
    return _consume(
        DELETION,
        "_kind",
        rel_kind(rel),
        f"MATCH (:{start.value} {{id: s._a}})-[r:{rel.value} {{_key: s._key}}]->"
        f"(:{Label.ENTITY.value} {{id: s._b}}) DELETE r",
    )


def _delete_node(label: Label) -> str:
    """Deletes the nodes --replace removes, with their relationships."""
    return _consume(
        DELETION,
        "_kind",
        node_kind(label),
        f"MATCH (n:{label.value} {{id: s._a}}) DETACH DELETE n",
    )
