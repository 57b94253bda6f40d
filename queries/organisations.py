"""Organisations for the API: lookups, keyset pages, scope tests and per-organisation batches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import Driver, Record, RoutingControl
from neo4j.time import Date

from domain.thresholds import GAP_RULES, Thresholds
from graph.model import Label, Rel
from queries import index_reads
from queries.gap_rules import RULES, organisation_gap_count
from queries.gaps import gap_parameters
from queries.periods import (
    HIERARCHY,
    SCOPE_ABOVE,
    as_of,
    exists_on,
    has_history,
    parent_on,
    up_on,
    valid_on,
)
from queries.records import Fact, Gap, node_ref

ORG, PART_OF = Label.ORGANISATION.value, Rel.PART_OF.value

# The relationship from a node of each label to the organisation that places it in a scope
# (docs/coverage-rules.md#scope); an organisation is its own place.
PLACED_BY: dict[Label, str] = {
    Label.PERSON: f"-[:{Rel.PLACED_IN}]->",
    Label.UNIT: f"-[:{Rel.IN_AREA}]->",
    Label.GRID: f"-[:{Rel.IN_AREA}]->",
}
# An organisation as it was on $day: its name, kind and parent of that day (docs/model.md,
# "History of the organisations"); no parent on a day it does not exist.
ORG_FIELDS = (
    f".id, name: {as_of('n', 'name')}, kind: {as_of('n', 'kind')}, .domain, .full_members, "
    ".probationary_members, .term_start, .founded, .dissolved, day: $day, "
    f"parent_id: {parent_on('n')}"
)
EXISTS = f"MATCH (n:{ORG} {{id: $id}}) RETURN n.id AS id"
CHILDREN = f"""
UNWIND $ids AS id
MATCH (:{ORG} {{id: id}})<-[r:{HIERARCHY}]-(n:{ORG}) WHERE {valid_on("r")}
WITH id, n ORDER BY n.id
RETURN id, collect(n {{{ORG_FIELDS}}}) AS rows
"""
ANCESTORS = f"""
UNWIND $ids AS id
MATCH path = (:{ORG} {{id: id}}){up_on(least=1)}(n:{ORG})
WITH id, n ORDER BY length(path)
RETURN id, collect(n {{{ORG_FIELDS}}}) AS rows
"""


@dataclass(frozen=True)
class Organisation:
    """An organisation's properties on a day: its name, kind and parent are those of `day`."""

    id: str
    name: str
    kind: str
    domain: str | None
    full_members: int | None
    probationary_members: int | None
    term_start: date | None
    parent_id: str | None
    day: date
    founded: date | None = None
    dissolved: date | None = None


@dataclass(frozen=True)
class OrganisationFilter:
    """Which organisations a list shows: those existing on the day, by kind and name of that
    day, domain, a name fragment, a scope."""

    day: date
    kind: str | None = None
    domain: str | None = None
    name: str | None = None
    scope_id: str | None = None


def native(value: Any) -> Any:
    """Turns a Neo4j Date into a Python date; other values pass through."""
    return value.to_native() if isinstance(value, Date) else value


def organisation_from(row: Any) -> Organisation:
    """Builds an Organisation from a map projected with ORG_FIELDS."""
    return Organisation(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        domain=row.get("domain"),
        full_members=row.get("full_members"),
        probationary_members=row.get("probationary_members"),
        term_start=native(row.get("term_start")),
        parent_id=row.get("parent_id"),
        day=native(row["day"]),
        founded=native(row.get("founded")),
        dissolved=native(row.get("dissolved")),
    )


def scope_path(node: str, label: Label, *, from_scope: bool = False) -> str:
    """Returns the pattern from a node of the label (`n`, or `n:Person`) up through its place
    in the tree of $day to the organisation $scope: the node is in the scope on that day when
    the path exists, its place existing on the day (docs/coverage-rules.md#scope). A filter on
    a node already found walks up from it; `from_scope` lets Neo4j start at the scope instead,
    to find every node below it."""
    if label is Label.ORGANISATION:
        start = f"({node} WHERE {exists_on(node.split(':')[0])})"
    else:
        start = f"({node}){PLACED_BY[label]}(place_:{ORG} WHERE {exists_on('place_')})"
    top = f"(:{ORG} {{id: $scope}})" if from_scope else SCOPE_ABOVE
    return f"{start}{up_on()}{top}"


def in_scope(var: str, label: Label) -> str:
    """Returns the Cypher test that node `var` of the label is in the subtree of $scope."""
    return f"($scope IS NULL OR EXISTS {{ {scope_path(var, label)} }})"


def match_listed(label: Label, scoped: bool) -> str:
    """Returns the MATCH of list node `n` of the label, within the subtree of $scope on $day when
    scoped. As a pattern anchored on the scope's id, Neo4j reads the subtree from the scope
    down; as a filter (`in_scope`) it tested every node of the label in the graph."""
    if not scoped:
        return f"MATCH (n:{label.value})"
    return f"MATCH {scope_path(f'n:{label.value}', label, from_scope=True)}"


def read(driver: Driver, database: str, query: str, **params: Any) -> list[Record]:
    """Runs a read query and returns its records."""
    records, _, _ = driver.execute_query(
        query, params, routing_=RoutingControl.READ, database_=database
    )
    return records


def organisation_exists(*, driver: Driver, database: str, organisation_id: str) -> bool:
    """Tells whether an organisation has this id."""
    return bool(read(driver, database, EXISTS, id=organisation_id))


def _list_query(f: OrganisationFilter, where: Sequence[str], tail: str) -> str:
    conditions = " AND ".join(where) or "true"
    return f"{match_listed(Label.ORGANISATION, bool(f.scope_id))} WHERE {conditions}\n{tail}"


def _filters(f: OrganisationFilter) -> list[str]:
    where = [exists_on("n")]
    # Today's kind first, so an index can answer it; an organisation that had another kind
    # passes it and is decided on its kind of the day.
    kind = f"(n.kind = $kind OR {has_history('n')}) AND {as_of('n', 'kind')} = $kind"
    where += [kind] if f.kind else []
    where += ["n.domain = $domain"] if f.domain else []
    where += [f"{as_of('n', 'name')} CONTAINS $name"] if f.name else []
    return where


def _filter_params(f: OrganisationFilter) -> dict[str, Any]:
    return {"scope": f.scope_id, "kind": f.kind, "domain": f.domain, "name": f.name, "day": f.day}


def organisations_page(
    *, driver: Driver, database: str, where: OrganisationFilter, first: int, after: str | None
) -> list[Organisation]:
    """Lists up to `first` organisations by id, strictly after the id `after`."""
    conditions = [*_filters(where), *(["n.id > $after"] if after is not None else [])]
    tail = f"RETURN n {{{ORG_FIELDS}}} AS row ORDER BY n.id LIMIT $first"
    query = _list_query(where, conditions, tail)
    records = read(driver, database, query, first=first, after=after, **_filter_params(where))
    return [organisation_from(r["row"]) for r in records]


def count_organisations(*, driver: Driver, database: str, where: OrganisationFilter) -> int:
    """Counts the organisations the filter shows."""
    query = _list_query(where, _filters(where), "RETURN count(n) AS total")
    return int(read(driver, database, query, **_filter_params(where))[0]["total"])


def _lists(records: list[Record], ids: Sequence[str]) -> dict[str, list[Organisation]]:
    found = {r["id"]: [organisation_from(row) for row in r["rows"]] for r in records}
    return {i: found.get(i, []) for i in ids}


def children_of(
    *, driver: Driver, database: str, ids: Sequence[str], day: date
) -> dict[str, list[Organisation]]:
    """Returns the direct children of each organisation on the day, by id."""
    return _lists(read(driver, database, CHILDREN, ids=list(ids), day=day), ids)


def ancestors_of(
    *, driver: Driver, database: str, ids: Sequence[str], day: date
) -> dict[str, list[Organisation]]:
    """Returns the ancestors of each organisation on the day, nearest first."""
    return _lists(read(driver, database, ANCESTORS, ids=list(ids), day=day), ids)


def gap_counts_of(
    *, driver: Driver, database: str, ids: Sequence[str], day: date, thresholds: Thresholds
) -> dict[str, int]:
    """Counts the gaps whose subject is each organisation on the day."""
    indexed = index_reads.subject_gap_counts(
        driver=driver, database=database, ids=list(ids), day=day, thresholds=thresholds
    )
    if indexed is not None:
        return indexed
    query = f"""
UNWIND $ids AS id
MATCH (n:{ORG} {{id: id}}) WHERE {exists_on("n")}
{organisation_gap_count()}
RETURN id, gap_count"""
    params = gap_parameters(day, None, thresholds)
    records = read(driver, database, query, ids=list(ids), **params)
    found = {r["id"]: int(r["gap_count"]) for r in records}
    return {i: found.get(i, 0) for i in ids}


def _organisation_gaps_query() -> str:
    parts = [
        f"CALL (n) {{ {rule.body}\n    }} RETURN '{name}' AS rule, related, disc, facts"
        for name, rule in RULES.items()
        if rule.subject is Label.ORGANISATION
    ]
    union = "\n  UNION ALL\n    ".join(parts)
    return f"""
UNWIND $ids AS id
MATCH (n:{ORG} {{id: id}}) WHERE {exists_on("n")}
CALL (n) {{
    {union}
}}
RETURN id, n {{.id, .name}} AS subject, rule, related, disc, facts"""


def _fact(value: Any) -> Fact:
    return native(value)  # type: ignore[no-any-return]


def gaps_of(
    *, driver: Driver, database: str, ids: Sequence[str], day: date, thresholds: Thresholds
) -> dict[str, list[Gap]]:
    """Lists the gaps whose subject is each organisation on the day, in report order."""
    params = gap_parameters(day, None, thresholds)
    records = read(driver, database, _organisation_gaps_query(), ids=list(ids), **params)
    found: dict[str, list[Gap]] = {i: [] for i in ids}
    for r in records:
        found[r["id"]].append(
            Gap(
                rule=r["rule"],
                subject=node_ref(r["subject"], Label.ORGANISATION),
                related=tuple(node_ref(x, x["label"]) for x in r["related"]),
                discriminator=tuple(r["disc"]),
                facts={k: _fact(v) for k, v in r["facts"].items()},
            )
        )
    for gaps in found.values():
        gaps.sort(key=lambda g: (GAP_RULES.index(g.rule), g.discriminator))
    return found


ROOTS = f"""
MATCH (n:{ORG}) WHERE {exists_on("n")}
    AND NOT EXISTS {{ (n)-[r:{HIERARCHY}]->(:{ORG}) WHERE {valid_on("r")} }}
RETURN n.id AS id ORDER BY id"""


def root_ids(*, driver: Driver, database: str, day: date) -> list[str]:
    """Lists the ids of the organisations without a parent on the day."""
    return [str(r["id"]) for r in read(driver, database, ROOTS, day=day)]
