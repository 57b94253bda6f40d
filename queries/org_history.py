"""Cypher of the organisations' own history (docs/model.md, "History of the organisations"):
each organisation_history row is a WAS_PART_OF relationship to the parent it had, or a WAS_ROOT
relationship to itself, keyed by `_key` (its `until`); every hierarchy relationship of an
organisation carries `start` and `end`, the days it holds, derived from the timeline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from neo4j import Driver, ManagedTransaction, Transaction

from graph.model import Label, Rel
from queries.periods import PAST
from queries.retry import stream_read

Tx = Transaction | ManagedTransaction
Params = dict[str, Any]

ORG = Label.ORGANISATION.value
DAY = "duration('P1D')"


def _later(a: str, b: str) -> str:
    """The later of two nullable starts (null: the beginning of time)."""
    return f"CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL OR {a} >= {b} THEN {a} ELSE {b} END"


def _earlier(a: str, b: str) -> str:
    """The earlier of two nullable ends (null: the end of time)."""
    return f"CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL OR {a} <= {b} THEN {a} ELSE {b} END"


def _after(until: str) -> str:
    """The day after `until` (the last day Neo4j can hold stays itself rather than overflow)."""
    return f"CASE WHEN {until} >= date('9999-12-31') THEN {until} ELSE {until} + {DAY} END"


# Recomputes `start` and `end` of every hierarchy relationship of organisation `o`: a history
# row holds from the day after the previous row's `until` (or since always) to its own `until`,
# the current PART_OF from the day after the last `until`; both clipped to the days `o` exists
# (founded .. dissolved - 1), so a relationship valid on D means: on D, `o` exists and has that
# parent. Null is unbounded, as for posts (queries/periods.py).
DERIVE_PERIODS = f"""
OPTIONAL MATCH (o)-[h:{PAST}]->()
WITH o, h ORDER BY h.until
WITH o, [x IN collect(h) WHERE x IS NOT NULL] AS past,
     CASE WHEN o.dissolved IS NULL THEN null ELSE o.dissolved - {DAY} END AS last
CALL (o, past, last) {{
  UNWIND range(0, size(past) - 1) AS i
  WITH o, past[i] AS h, last,
       CASE WHEN i = 0 THEN null ELSE {_after("past[i - 1].until")} END AS after
  SET h.start = {_later("after", "o.founded")}, h.end = {_earlier("h.until", "last")}
}}
CALL (o, past, last) {{
  MATCH (o)-[p:{Rel.PART_OF.value}]->(:{ORG})
  WITH o, p, last,
       CASE WHEN size(past) = 0 THEN null ELSE {_after("past[-1].until")} END AS after
  SET p.start = {_later("after", "o.founded")}, p.end = last
}}
CALL (o, past) {{
  WITH o WHERE o.founded IS NOT NULL OR o.dissolved IS NOT NULL OR size(past) > 0
  SET o:{Label.WITH_HISTORY.value}
}}
CALL (o, past) {{
  WITH o WHERE o.founded IS NULL AND o.dissolved IS NULL AND size(past) = 0
  REMOVE o:{Label.WITH_HISTORY.value}
}}
"""


def derive_periods(*, tx: Tx, ids: list[str]) -> None:
    """Recomputes the periods of these organisations' hierarchy relationships."""
    query = f"UNWIND $ids AS id MATCH (o:{ORG} {{id: id}}) CALL (o) {{ {DERIVE_PERIODS} }}"
    tx.run(query, ids=ids).consume()


# Writes history rows ({a, b, key, props, fp}, queries/stored_rows.py history_rows) that are new:
# a WAS_PART_OF to the parent b, or a WAS_ROOT to the organisation itself when b is null.
ADD_HISTORY = (
    f"UNWIND $rows AS row MATCH (o:{ORG} {{id: row.a}}) "
    f"OPTIONAL MATCH (p:{ORG} {{id: row.b}}) "
    "WITH row, o, p WHERE row.b IS NULL OR p IS NOT NULL "
    f"WITH row, o, coalesce(p, o) AS target, "
    f"CASE WHEN p IS NULL THEN '{Rel.WAS_ROOT.value}' ELSE '{Rel.WAS_PART_OF.value}' END AS type "
    "CREATE (o)-[r:$(type)]->(target) "
    "SET r += row.props, r._key = row.key, r._fp = row.fp, r.version = 1"
)


def add_history(*, tx: Tx, rows: list[Params]) -> None:
    """Writes new history rows, as the import stores them (an edit's own row of the past)."""
    tx.run(ADD_HISTORY, rows=rows).consume()


def history_fingerprints(*, tx: Tx, rows: list[Params]) -> dict[tuple[str, str], str]:
    """Returns the stored fingerprint of each (organisation id, key) history row that exists."""
    query = (
        f"UNWIND $rows AS row MATCH (o:{ORG} {{id: row.a}})-[r:{PAST} {{_key: row.key}}]->() "
        "RETURN row.a AS a, row.key AS key, r._fp AS fp"
    )
    return {(r["a"], r["key"]): r["fp"] for r in tx.run(query, rows=rows)}


def stored_history_keys(*, tx: Tx) -> Iterator[tuple[str, str]]:
    """Streams (organisation id, key) of every stored history row."""
    query = f"MATCH (o:{ORG})-[r:{PAST}]->() RETURN o.id AS a, r._key AS key"
    for record in tx.run(query):
        yield record["a"], record["key"]


def count_history(*, tx: Tx) -> int:
    """Returns how many history rows are stored (answered from the count store)."""
    total = 0
    for rel in (Rel.WAS_PART_OF, Rel.WAS_ROOT):
        record = tx.run(f"MATCH ()-[r:{rel.value}]->() RETURN count(r) AS c").single()
        total += int(record["c"]) if record else 0
    return total


def read_history(*, driver: Driver, database: str) -> Iterator[Params]:
    """Streams every history row as {a, b, props}; b is None for a root."""
    query = (
        f"MATCH (o:{ORG})-[r:{PAST}]->(p:{ORG}) "
        f"RETURN o.id AS a, CASE type(r) WHEN '{Rel.WAS_PART_OF.value}' THEN p.id END AS b, "
        "properties(r) AS props"
    )
    for record in stream_read(driver=driver, database=database, query=query):
        yield {"a": record["a"], "b": record["b"], "props": record["props"]}


# --- Publishing an import's history (queries/staged_import.py runs these as steps). ---

# Staged records of the history: a row to write or (with --replace) remove, and an organisation
# whose hierarchy periods are derived again once everything else is published.
HISTORY_KIND, PERIODS_KIND = "history", "periods"


# Replaces the stored row of staged history row `s` ({_a, _b, _key, _fp, until, name, kind}),
# whatever parent it had: the row is identified by organisation and `until` alone.
WRITE_HISTORY = (
    f"MATCH (o:{ORG} {{id: s._a}}) "
    f"OPTIONAL MATCH (o)-[old:{PAST} {{_key: s._key}}]->() "
    "WITH s, o, old, coalesce(old.version, 0) + 1 AS version "
    "DELETE old "
    f"WITH s, o, version OPTIONAL MATCH (p:{ORG} {{id: s._b}}) "
    "WITH s, o, version, p WHERE s._b IS NULL OR p IS NOT NULL "
    f"WITH s, o, version, coalesce(p, o) AS target, "
    f"CASE WHEN p IS NULL THEN '{Rel.WAS_ROOT.value}' ELSE '{Rel.WAS_PART_OF.value}' END AS type "
    "CREATE (o)-[r:$(type)]->(target) "
    "SET r = properties(s), r.version = version REMOVE r._kind, r._a, r._b"
)
DELETE_HISTORY = f"MATCH (:{ORG} {{id: s._a}})-[r:{PAST} {{_key: s._key}}]->() DELETE r"
STAGED_PERIODS = f"MATCH (o:{ORG} {{id: s._a}}) CALL (o) {{ {DERIVE_PERIODS} }}"
