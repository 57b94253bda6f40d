"""Cypher that writes a dataset into the graph and reads it back (import and export)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction, RoutingControl, Transaction

from graph.model import Label, Rel
from queries.retry import stream_read

Tx = Transaction | ManagedTransaction
Params = dict[str, Any]


@dataclass(frozen=True)
class Link:
    """A column of a node table stored as a relationship to another node."""

    column: str
    rel: Rel
    target: Label


# Columns of node tables that are relationships in the graph (docs/model.md).
NODE_LINKS: dict[Label, tuple[Link, ...]] = {
    Label.ORGANISATION: (Link("parent_id", Rel.PART_OF, Label.ORGANISATION),),
    Label.UNIT: (Link("area_id", Rel.IN_AREA, Label.ORGANISATION),),
    Label.PERSON: (Link("home_id", Rel.PLACED_IN, Label.ORGANISATION),),
    Label.GRID: (
        Link("parent_id", Rel.PART_OF, Label.GRID),
        Link("effective_area_id", Rel.IN_AREA, Label.ORGANISATION),
    ),
}


def node_fingerprints(*, tx: Tx, label: Label, ids: list[str]) -> dict[str, str]:
    """Returns the stored fingerprint of each id that exists with this label."""
    query = f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}}) RETURN n.id AS id, n._fp AS fp"
    return {r["id"]: r["fp"] for r in tx.run(query, ids=ids)}


def upsert_nodes(*, tx: Tx, label: Label, rows: list[Params]) -> None:
    """Creates or updates nodes: each row is {id, props, fp}; empty props are removed.

    The version goes up as with any edit (an edit may name it as `row.version`), so an editor
    holding the old version is refused.
    """
    query = (
        f"UNWIND $rows AS row MERGE (n:{Label.ENTITY.value}:{label.value} {{id: row.id}}) "
        "SET n += row.props, n._fp = row.fp, "
        "n.version = coalesce(row.version, coalesce(n.version, 0) + 1)"
    )
    tx.run(query, rows=rows).consume()


def relink_nodes(*, tx: Tx, label: Label, link: Link, rows: list[Params]) -> None:
    """Replaces one outgoing link of each node: rows are {id, target} (target may be null)."""
    query = (
        f"UNWIND $rows AS row MATCH (n:{label.value} {{id: row.id}}) "
        f"CALL (n) {{ MATCH (n)-[old:{link.rel.value}]->(:{link.target.value}) DELETE old }} "
        "WITH n, row WHERE row.target IS NOT NULL "
        f"MATCH (t:{link.target.value} {{id: row.target}}) CREATE (n)-[:{link.rel.value}]->(t)"
    )
    tx.run(query, rows=rows).consume()


def rel_fingerprints(
    *, tx: Tx, rel: Rel, start: Label, rows: list[Params]
) -> dict[tuple[str, str, str], str]:
    """Returns the stored fingerprint of each (start id, end id, key) that exists."""
    query = (
        f"UNWIND $rows AS row MATCH (a:{start.value} {{id: row.a}}) "
        f"MATCH (a)-[r:{rel.value} {{_key: row.key}}]->(b:{Label.ENTITY.value} {{id: row.b}}) "
        "RETURN row.a AS a, row.b AS b, row.key AS key, r._fp AS fp"
    )
    return {(r["a"], r["b"], r["key"]): r["fp"] for r in tx.run(query, rows=rows)}


def upsert_rels(*, tx: Tx, rel: Rel, start: Label, rows: list[Params]) -> None:
    """Creates or updates relationships: rows are {a, b, key, props, fp}."""
    query = (
        f"UNWIND $rows AS row MATCH (a:{start.value} {{id: row.a}}) "
        f"MATCH (b:{Label.ENTITY.value} {{id: row.b}}) "
        f"MERGE (a)-[r:{rel.value} {{_key: row.key}}]->(b) "
        "SET r += row.props, r._fp = row.fp, "
        "r.version = coalesce(row.version, coalesce(r.version, 0) + 1)"
    )
    tx.run(query, rows=rows).consume()


def count_nodes(*, tx: Tx, label: Label) -> int:
    """Returns how many nodes carry the label."""
    record = tx.run(f"MATCH (n:{label.value}) RETURN count(n) AS c").single()
    return int(record["c"]) if record else 0


def stored_node_ids(*, tx: Tx, label: Label) -> Iterator[str]:
    """Streams the ids of every node with the label."""
    for record in tx.run(f"MATCH (n:{label.value}) RETURN n.id AS id"):
        yield record["id"]


def stored_rel_keys(*, tx: Tx, rel: Rel, start: Label) -> Iterator[tuple[str, str, str]]:
    """Streams (start id, end id, key) of every relationship of the type."""
    query = (
        f"MATCH (a:{start.value})-[r:{rel.value}]->(b) RETURN a.id AS a, b.id AS b, r._key AS key"
    )
    for record in tx.run(query):
        yield record["a"], record["b"], record["key"]


def delete_rels(*, tx: Tx, rel: Rel, start: Label, rows: list[Params]) -> None:
    """Deletes relationships identified by {a, b, key}."""
    query = (
        f"UNWIND $rows AS row MATCH (a:{start.value} {{id: row.a}}) "
        f"MATCH (a)-[r:{rel.value} {{_key: row.key}}]->(b:{Label.ENTITY.value} {{id: row.b}}) "
        "DELETE r"
    )
    tx.run(query, rows=rows).consume()


def read_nodes(*, driver: Driver, database: str, label: Label) -> Iterator[Params]:
    """Streams every node of a label as {props, links: {column: target id}}."""
    links = NODE_LINKS[label]
    optional = " ".join(
        f"OPTIONAL MATCH (n)-[:{link.rel.value}]->(l{i}:{link.target.value})"
        for i, link in enumerate(links)
    )
    returned = ", ".join(f"l{i}.id AS {link.column}" for i, link in enumerate(links))
    query = f"MATCH (n:{label.value}) {optional} RETURN properties(n) AS props, {returned}"
    for record in stream_read(driver=driver, database=database, query=query):
        yield {
            "props": record["props"],
            "links": {link.column: record[link.column] for link in links},
        }


def read_rels(*, driver: Driver, database: str, rel: Rel, start: Label) -> Iterator[Params]:
    """Streams every relationship of a type as {a, b, props}."""
    query = (
        f"MATCH (a:{start.value})-[r:{rel.value}]->(b:{Label.ENTITY.value}) "
        "RETURN a.id AS a, b.id AS b, properties(r) AS props"
    )
    for record in stream_read(driver=driver, database=database, query=query):
        yield {"a": record["a"], "b": record["b"], "props": record["props"]}


def is_empty(*, driver: Driver, database: str) -> bool:
    """Tells whether the graph holds no organisation."""
    query = f"MATCH (n:{Label.ORGANISATION.value}) RETURN n.id AS id LIMIT 1"
    records, _, _ = driver.execute_query(query, database_=database, routing_=RoutingControl.READ)
    return not records


def count_rels(*, tx: Tx, rel: Rel) -> int:
    """Returns how many relationships of the type exist (answered from the count store)."""
    record = tx.run(f"MATCH ()-[r:{rel.value}]->() RETURN count(r) AS c").single()
    return int(record["c"]) if record else 0
