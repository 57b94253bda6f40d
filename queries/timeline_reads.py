"""Cypher the organisation edits that write history run inside their write transaction: the
organisations whose timelines an edit can affect, those timelines as stored, and what still
happens in an organisation on or after a day (what keeps it from being dissolved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from graph.model import Label, Rel
from queries.periods import PAST

ORG, PERSON = Label.ORGANISATION.value, Label.PERSON.value
EVER = f"{Rel.PART_OF.value}|{Rel.WAS_PART_OF.value}"  # a parent on some day

# Every organisation above these on some day (a cycle on any day runs through them), and the
# organisations that were ever children of the first one (its kind and existence bind them).
RELATED = f"""
UNWIND $ids AS id
MATCH (:{ORG} {{id: id}})-[:{EVER}]->*(a:{ORG})
RETURN a.id AS id
UNION
MATCH (c:{ORG})-[:{EVER}]->(:{ORG} {{id: $ids[0]}})
RETURN c.id AS id
"""
TIMELINES = f"""
UNWIND $ids AS id
MATCH (o:{ORG} {{id: id}})
RETURN o.id AS id, properties(o) AS props, [(o)-[:{Rel.PART_OF.value}]->(p) | p.id][0] AS parent,
    [(o)-[h:{PAST}]->(p) | {{until: h.until, name: h.name, kind: h.kind,
        parent: CASE type(h) WHEN '{Rel.WAS_PART_OF.value}' THEN p.id END}}] AS past
"""
# A hierarchy relationship with an empty period (start after end) holds on no day.
ON_OR_AFTER = (
    "coalesce(r.end, $day) >= $day "
    "AND coalesce(r.start, r.end, $day) <= coalesce(r.end, r.start, $day)"
)
CHILDREN_FROM = f"""
MATCH (c:{ORG})-[r:{EVER}]->(:{ORG} {{id: $id}}) WHERE {ON_OR_AFTER}
RETURN DISTINCT c.id AS id, c.name AS name, null AS detail ORDER BY id
"""
POSTS_FROM = f"""
MATCH (p:{PERSON})-[r:{Rel.HOLDS.value}]->(:{ORG} {{id: $id}}) WHERE coalesce(r.end, $day) >= $day
RETURN p.id AS id, p.name AS name, r.role AS detail ORDER BY id, detail
"""
LIAISONS_FROM = f"""
MATCH (p:{PERSON})-[r:{Rel.LIAISES.value}]->(:{ORG} {{id: $id}}) WHERE coalesce(r.end, $day) >= $day
RETURN p.id AS id, p.name AS name, r.kind AS detail ORDER BY id, detail
"""
VISITS_FROM = f"""
MATCH (p:{PERSON})-[r:{Rel.VISITED.value}]->(:{ORG} {{id: $id}}) WHERE r.date >= $day
RETURN p.id AS id, p.name AS name, toString(r.date) AS detail ORDER BY detail, id
"""
# What keeps an organisation from being dissolved on a day, by the table it is in.
HAPPENING_FROM = {
    "organisations": CHILDREN_FROM,
    "posts": POSTS_FROM,
    "liaisons": LIAISONS_FROM,
    "visits": VISITS_FROM,
}


@dataclass(frozen=True)
class StoredTimeline:
    """An organisation as stored: its properties, current parent and history rows (each with
    until, name, kind and parent, None for a root)."""

    id: str
    props: dict[str, Any]
    parent: str | None
    past: list[dict[str, Any]]


@dataclass(frozen=True)
class Happening:
    """Something on or after a day in an organisation: a child organisation, or a person's post
    (detail: the role), liaison (the kind) or visit (the date)."""

    id: str
    name: str
    detail: str | None


def related_ids(*, tx: ManagedTransaction, ids: list[str]) -> set[str]:
    """Returns these organisations, all their parents on any day and theirs, and every child
    the first one ever had."""
    return {r["id"] for r in tx.run(RELATED, ids=ids)} | set(ids)


def stored_timelines(*, tx: ManagedTransaction, ids: list[str]) -> list[StoredTimeline]:
    """Returns the stored timelines of these organisations (unknown ids are left out)."""
    return [
        StoredTimeline(r["id"], dict(r["props"]), r["parent"], [dict(h) for h in r["past"]])
        for r in tx.run(TIMELINES, ids=sorted(ids))
    ]


def happening_from(
    *, tx: ManagedTransaction, table: str, organisation_id: str, day: date
) -> list[Happening]:
    """Returns the children, posts, liaisons or visits (by table) of an organisation that hold
    on the day or later."""
    records = tx.run(HAPPENING_FROM[table], id=organisation_id, day=day)
    return [Happening(str(r["id"]), str(r["name"] or ""), r["detail"]) for r in records]
