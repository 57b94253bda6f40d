"""Answers of the index's day from the coverage index (queries/coverage_index.py), one query
each: the same answers, in the same order, as the queries that compute them from the graph.

Each function returns None when the index cannot answer — there is none, it holds another day
or other thresholds, or the scope is not an organisation of that day — and the caller computes
the answer instead (which also says why a scope is unknown).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from neo4j import Driver, RoutingControl

from domain.thresholds import GAP_RULES, Thresholds
from queries.coverage_index import facts_of, fingerprint, worth_asking
from queries.gap_rules import UNSCOPED, alike_numbered
from queries.index_cypher import CELL, IGAP, INDEX, INDEX_ID, IORG, KINDS, ORG, SLOTS
from queries.periods import as_of
from queries.records import Gap, GapKey, node_ref

CURRENT_INDEX = f"""
MATCH (ix:{INDEX} {{id: $index}}) WHERE ix.day = $day AND ix.thresholds = $thresholds
WITH ix"""
CURRENT = f"""{CURRENT_INDEX}
OPTIONAL MATCH (s:{IORG} {{id: $scope}})"""
# `gap_count` of an organisation `n`: the gaps whose subject it is.
SUBJECT_GAPS = (
    f"CALL (n) {{ RETURN COUNT {{ MATCH (g:{IGAP} {{subject_id: n.id}}) }} AS gap_count }}"
)
ENTRY = """
WITH g.rule_index AS rule_index, {id: g.subject_id, name: g.subject_name} AS n,
    g.subject_label AS label,
    [i IN range(0, size(g.related_ids) - 1) |
        {id: g.related_ids[i], name: g.related_names[i], label: g.related_labels[i]}] AS related,
    g.disc AS disc, g.facts AS facts"""


def _page(*, scoped: bool) -> str:
    where = "g.path STARTS WITH s.path AND " if scoped else ""
    keys = "rule_index, n, label"
    numbered = alike_numbered(keys) if scoped else UNSCOPED.replace("WITH n,", f"WITH {keys},")
    return f"""{CURRENT}
RETURN s IS NOT NULL AS found, COLLECT {{
    MATCH (g:{IGAP}) WHERE g.rule IN $rules AND {where}g.rule_index >= $after[0]
    {ENTRY}{numbered}
    WITH * WHERE [rule_index, n.id, related_ids, disc, occurrence] > $after
    RETURN {{rule_index: rule_index, subject: n, label: label, related: related, disc: disc,
        facts: facts, occurrence: occurrence}} AS gap
    ORDER BY rule_index, n.id, related_ids, disc, occurrence
    LIMIT $first
}} AS gaps"""


COUNTS = f"""{CURRENT}
RETURN s IS NOT NULL AS found, ix.totals AS totals, s.subtree AS subtree"""
ORGANISATION = "{{.id, name: {name}, kind: {kind}}}"
SUMMARY = f"""{CURRENT}
WITH s WHERE s IS NOT NULL
MATCH (o:{ORG} {{id: $scope}})
RETURN o {ORGANISATION.format(name=as_of("o", "name"), kind=as_of("o", "kind"))} AS scope,
    s.subtree AS subtree,
    COLLECT {{
        MATCH (c:{IORG} {{parent: $scope}})
        MATCH (co:{ORG} {{id: c.id}})
        RETURN {{organisation: co {
    ORGANISATION.format(name=as_of("co", "name"), kind=as_of("co", "kind"))
},
            subtree: c.subtree}} AS child ORDER BY c.id
    }} AS children
"""


SUBJECT_GAP_COUNTS = f"""
OPTIONAL MATCH (ix:{INDEX} {{id: $index}}) WHERE ix.day = $day AND ix.thresholds = $thresholds
RETURN ix IS NOT NULL AS found, COLLECT {{
    UNWIND $ids AS id
    MATCH (:{IORG} {{id: id}})
    RETURN {{id: id, gaps: COUNT {{ MATCH (g:{IGAP} {{subject_id: id}}) }}}} AS counted
}} AS counts
"""


def _read(driver: Driver, database: str, query: str, **params: Any) -> list[Any]:
    records, _, _ = driver.execute_query(
        query, params, routing_=RoutingControl.READ, database_=database
    )
    return records


def current(day: date, scope_id: str | None, thresholds: Thresholds) -> dict[str, Any]:
    """The parameters that pick the index of the day and thresholds (and the scope's entry)."""
    return {"index": INDEX_ID, "day": day, "scope": scope_id, "thresholds": fingerprint(thresholds)}


def slots(vector: Sequence[int]) -> dict[str, int]:
    """A stored count vector by slot name (gap rules, CELL, organisation kinds)."""
    return dict(zip(SLOTS, vector, strict=True))


def gap_counts(
    *, driver: Driver, database: str, day: date, scope_id: str | None, thresholds: Thresholds
) -> dict[str, int] | None:
    """The number of gaps per rule in the scope (everywhere with None), or None."""
    if not worth_asking(day):
        return None
    found = _read(driver, database, COUNTS, **current(day, scope_id, thresholds))
    if not found:
        return None
    if scope_id is None:
        return dict(zip(GAP_RULES, found[0]["totals"], strict=False))
    if not found[0]["found"]:
        return None
    counts = slots(found[0]["subtree"])
    return {rule: counts[rule] for rule in GAP_RULES}


def gap_page(
    *,
    driver: Driver,
    database: str,
    day: date,
    scope_id: str | None,
    rules: tuple[str, ...],
    thresholds: Thresholds,
    first: int,
    after: GapKey | None,
) -> list[Gap] | None:
    """The gaps of these rules in report order, at most `first` after `after`, or None."""
    if not worth_asking(day):
        return None
    key: list[Any] = [-1, "", [], [], -1]
    if after is not None:
        key = [after.rule_index, after.subject_id, list(after.related_ids),
               list(after.discriminator), after.occurrence]  # fmt: skip
    found = _read(
        driver,
        database,
        _page(scoped=scope_id is not None),
        **current(day, scope_id, thresholds),
        rules=list(rules),
        after=key,
        first=first,
    )
    if not found or (scope_id is not None and not found[0]["found"]):
        return None
    return [
        Gap(
            rule=GAP_RULES[g["rule_index"]],
            subject=node_ref(g["subject"], g["label"]),
            related=tuple(node_ref(r, r["label"]) for r in g["related"]),
            discriminator=tuple(g["disc"]),
            occurrence=g["occurrence"],
            facts=facts_of(g["facts"]),
        )
        for g in found[0]["gaps"]
    ]


def subject_gap_counts(
    *, driver: Driver, database: str, ids: list[str], day: date, thresholds: Thresholds
) -> dict[str, int] | None:
    """The number of gaps whose subject is each of these organisations (0 for one that does
    not exist on the day), or None."""
    if not worth_asking(day):
        return None
    found = _read(driver, database, SUBJECT_GAP_COUNTS, ids=ids, **current(day, None, thresholds))
    if not found[0]["found"]:
        return None
    counted = {c["id"]: int(c["gaps"]) for c in found[0]["counts"]}
    return {i: counted.get(i, 0) for i in ids}


def summary(
    *, driver: Driver, database: str, day: date, scope_id: str, thresholds: Thresholds
) -> Any | None:
    """The scope and its children with their subtree counts by slot, or None."""
    if not worth_asking(day):
        return None
    found = _read(driver, database, SUMMARY, **current(day, scope_id, thresholds))
    return found[0] if found else None


def figures_of(counts: dict[str, int]) -> tuple[dict[str, int], int, dict[str, int]]:
    """A count vector's organisations per kind, grid cells and gaps per rule."""
    return (
        {kind: counts[kind] for kind in KINDS},
        counts[CELL],
        {rule: counts[rule] for rule in GAP_RULES},
    )
