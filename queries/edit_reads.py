"""Cypher the edits run inside their write transaction: locking, the scope, the tree around an
organisation, one relationship row, and the holder of a single-holder post."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from graph.model import Label, Rel

ENTITY, ORG = Label.ENTITY.value, Label.ORGANISATION.value

# Writing a property takes the node's write lock, held until commit; reading after it sees the
# latest committed state, so every check an edit makes runs on data no concurrent edit can change.
LOCK = f"""
UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})
SET n._lock = true REMOVE n._lock
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       [(n)-[:{Rel.PART_OF}]->(p) | p.id][0] AS parent
"""
# A node's place is the organisation itself, else its area (unit, grid cell) or home (person).
INSIDE = f"""
UNWIND $ids AS id
MATCH (x:{ENTITY} {{id: id}})
OPTIONAL MATCH (x)-[:{Rel.IN_AREA}|{Rel.PLACED_IN}]->(home:{ORG})
WITH x, CASE WHEN x:{ORG} THEN x ELSE home END AS place
WHERE place IS NOT NULL AND EXISTS {{ (place)-[:{Rel.PART_OF}*0..]->(:{ORG} {{id: $scope}}) }}
RETURN x.id AS id
"""
ANCESTORS = f"""
MATCH path = (:{ORG} {{id: $id}})-[:{Rel.PART_OF}*0..]->(a:{ORG})
RETURN a.id AS id ORDER BY length(path)
"""
CHILDREN = f"MATCH (c:{ORG})-[:{Rel.PART_OF}]->(:{ORG} {{id: $id}}) RETURN c.id AS id"
OVERLAPPING_HOLDER = f"""
MATCH (p:{Label.PERSON})-[h:{Rel.HOLDS} {{role: $role}}]->(:{ENTITY} {{id: $target}})
WHERE (h.start IS NULL OR $end IS NULL OR h.start <= $end)
  AND (h.end IS NULL OR $start IS NULL OR h.end >= $start)
RETURN p.id AS person ORDER BY person LIMIT 1
"""


@dataclass(frozen=True)
class StoredNode:
    """A node as stored: id, labels, properties and (for a tree) its parent's id."""

    id: str
    labels: list[str]
    props: dict[str, Any]
    parent: str | None


def lock_nodes(*, tx: ManagedTransaction, ids: list[str]) -> Iterator[StoredNode]:
    """Write-locks the nodes with these ids, in one order for all (fewer deadlocks)."""
    for r in tx.run(LOCK, ids=sorted(set(ids))):
        yield StoredNode(r["id"], list(r["labels"]), dict(r["props"]), r["parent"])


def ids_inside(*, tx: ManagedTransaction, ids: list[str], scope_id: str) -> set[str]:
    """Returns the ids among these whose node lies inside the scope."""
    return {r["id"] for r in tx.run(INSIDE, ids=ids, scope=scope_id)}


def ancestor_ids(*, tx: ManagedTransaction, organisation_id: str) -> list[str]:
    """Returns an organisation and its ancestors, nearest first."""
    return [r["id"] for r in tx.run(ANCESTORS, id=organisation_id)]


def child_ids(*, tx: ManagedTransaction, organisation_id: str) -> list[str]:
    """Returns the ids of an organisation's children."""
    return [r["id"] for r in tx.run(CHILDREN, id=organisation_id)]


def overlapping_holder(
    *, tx: ManagedTransaction, role: str, target: str, start: date | None, end: date | None
) -> str | None:
    """Returns the first person holding this role on the target during the period, or None."""
    params = {"role": role, "target": target, "start": start, "end": end}
    record = tx.run(OVERLAPPING_HOLDER, params).single()
    return None if record is None else str(record["person"])


def row_properties(
    *, tx: ManagedTransaction, rel: Rel, start: Label, a: str, b: str, key: str
) -> dict[str, Any] | None:
    """Returns the stored properties of one relationship row by endpoints and `_key`, or None."""
    query = (
        f"MATCH (:{start.value} {{id: $a}})-[r:{rel.value} {{_key: $key}}]->(:{ENTITY} {{id: $b}}) "
        "RETURN properties(r) AS props"
    )
    record = tx.run(query, a=a, b=b, key=key).single()
    return dict(record["props"]) if record else None
