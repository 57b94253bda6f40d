"""Coverage gaps on a day (docs/coverage-rules.md): one Cypher query per rule, keyset-paged in
report order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from neo4j import Driver, Record, RoutingControl
from neo4j.time import Date

from domain.refusals import NotExisting, UnknownIdError
from domain.thresholds import GAP_RULES, Thresholds
from queries import index_reads
from queries.gap_details import detail
from queries.gap_rules import (
    ORG,
    RULES,
    Rule,
    count_query,
    gap_parameters,
    gap_query,
    organisation_gap_count,
)
from queries.periods import exists_on
from queries.records import Fact, Gap, GapKey, node_ref
from queries.retry import stream_read

__all__ = [
    "RULES",
    "count_gaps",
    "count_gaps_by_child",
    "coverage_gaps",
    "detail",
    "gap_parameters",
    "iter_gaps",
    "organisation_gap_count",
]

EXISTS_ORGANISATION = (
    f"MATCH (o:{ORG} {{id: $scope}}) RETURN o.id AS id, o.founded AS founded, "
    f"o.dissolved AS dissolved, {exists_on('o')} AS exists"
)


def asked_rules(rules: Iterable[str] | None) -> tuple[str, ...]:
    """Returns the asked rules in report order (None: all); an unknown name is a ValueError."""
    if rules is None:
        return GAP_RULES
    names = set(rules)
    unknown = sorted(names - set(GAP_RULES))
    if unknown:
        raise ValueError(f"unknown gap rules: {', '.join(unknown)}")
    return tuple(r for r in GAP_RULES if r in names)


def require_organisation(
    *, driver: Driver, database: str, organisation_id: str, day: date | None = None
) -> None:
    """Raises UnknownIdError unless an organisation has this id, and NotExisting unless it
    exists on the day (when one is given)."""
    records, _, _ = driver.execute_query(
        EXISTS_ORGANISATION,
        scope=organisation_id,
        day=day or date.today(),
        routing_=RoutingControl.READ,
        database_=database,
    )
    if not records:
        raise UnknownIdError(organisation_id)
    found = records[0]
    if day is not None and not found["exists"]:
        founded, dissolved = (_day(found[k]) for k in ("founded", "dissolved"))
        raise NotExisting(organisation_id, day, founded, dissolved)


def _prepare(
    driver: Driver, database: str, day: date, scope_id: str | None, thresholds: Thresholds
) -> dict[str, Any]:
    if scope_id is not None:
        require_organisation(driver=driver, database=database, organisation_id=scope_id, day=day)
    return gap_parameters(day, scope_id, thresholds)


def _day(value: Date | None) -> date | None:
    """Returns a stored date as a Python date."""
    return None if value is None else value.to_native()


def _fact(value: Any) -> Fact:
    return value.to_native() if isinstance(value, Date) else value


def _gap(rule: Rule, record: Record) -> Gap:
    return Gap(
        rule=rule.name,
        subject=node_ref(record["subject"], rule.subject),
        related=tuple(node_ref(r, r["label"]) for r in record["related"]),
        discriminator=tuple(record["disc"]),
        occurrence=record["occurrence"],
        facts={k: _fact(v) for k, v in record["facts"].items()},
    )


# Ids are never empty, so this key lies before every gap of a rule.
START: dict[str, Any] = {
    "after_subject": "",
    "after_related": [],
    "after_disc": [],
    "after_occurrence": -1,
}
EVERYTHING = 2**62  # the LIMIT of an unpaged query


def _after_parameters(after: GapKey | None, index: int) -> dict[str, Any]:
    if after is None or after.rule_index != index:
        return START
    return {
        "after_subject": after.subject_id,
        "after_related": list(after.related_ids),
        "after_disc": list(after.discriminator),
        "after_occurrence": after.occurrence,
    }


def coverage_gaps(
    *,
    driver: Driver,
    database: str,
    day: date,
    scope_id: str | None = None,
    rules: Iterable[str] | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing it is safe
    first: int | None = None,
    after: GapKey | None = None,
) -> list[Gap]:
    """Lists the gaps on the day in report order: at most `first`, strictly after `after`."""
    if first is not None and first < 0:
        raise ValueError("first must not be negative")
    asked = asked_rules(rules)
    indexed = index_reads.gap_page(
        driver=driver, database=database, day=day, scope_id=scope_id, rules=asked,
        thresholds=thresholds, first=EVERYTHING if first is None else first, after=after,
    )  # fmt: skip
    if indexed is not None:
        return indexed
    return computed_gaps(driver=driver, database=database, day=day, scope_id=scope_id,
                         rules=asked, thresholds=thresholds, first=first, after=after)  # fmt: skip


def computed_gaps(
    *,
    driver: Driver,
    database: str,
    day: date,
    scope_id: str | None,
    rules: tuple[str, ...],
    thresholds: Thresholds,
    first: int | None,
    after: GapKey | None,
) -> list[Gap]:
    """`coverage_gaps` computed from the graph, without the coverage index."""
    params = _prepare(driver, database, day, scope_id, thresholds)
    found: list[Gap] = []
    for name in rules:
        index, rule = GAP_RULES.index(name), RULES[name]
        if after is not None and index < after.rule_index:
            continue
        if first is not None and len(found) >= first:
            break
        extra = {
            **_after_parameters(after, index),
            "first": EVERYTHING if first is None else first - len(found),
        }
        records, _, _ = driver.execute_query(
            gap_query(rule, scoped=scope_id is not None),
            {**params, **extra},
            routing_=RoutingControl.READ,
            database_=database,
        )
        found.extend(_gap(rule, r) for r in records)
    return found


def iter_gaps(
    *,
    driver: Driver,
    database: str,
    day: date,
    scope_id: str | None = None,
    rules: Iterable[str] | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing it is safe
) -> Iterator[Gap]:
    """Streams every gap in report order without holding the sweep in memory."""
    asked = asked_rules(rules)
    params = _prepare(driver, database, day, scope_id, thresholds)
    return _stream(driver, database, asked, params, scoped=scope_id is not None)


def _stream(
    driver: Driver, database: str, asked: tuple[str, ...], params: dict[str, Any], *, scoped: bool
) -> Iterator[Gap]:
    # Auto-commit runs: the driver pulls records in batches as the caller consumes them.
    for name in asked:
        rule, query = RULES[name], gap_query(RULES[name], scoped=scoped)
        rows = {**params, **START, "first": EVERYTHING}
        for record in stream_read(driver=driver, database=database, query=query, params=rows):
            yield _gap(rule, record)


def count_gaps(
    *,
    driver: Driver,
    database: str,
    day: date,
    scope_id: str | None = None,
    rules: Iterable[str] | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing it is safe
) -> dict[str, int]:
    """Counts the gaps per asked rule (zero included), in report order."""
    asked = asked_rules(rules)
    indexed = index_reads.gap_counts(
        driver=driver, database=database, day=day, scope_id=scope_id, thresholds=thresholds
    )
    if indexed is not None:
        return {name: indexed[name] for name in asked}
    return computed_counts(driver=driver, database=database, day=day, scope_id=scope_id,
                           rules=asked, thresholds=thresholds)  # fmt: skip


def computed_counts(
    *, driver: Driver, database: str, day: date, scope_id: str | None, rules: tuple[str, ...],
    thresholds: Thresholds,
) -> dict[str, int]:  # fmt: skip
    """`count_gaps` computed from the graph, without the coverage index."""
    params = _prepare(driver, database, day, scope_id, thresholds)
    counts: dict[str, int] = {}
    for name in rules:
        query = count_query(RULES[name], scoped=scope_id is not None)
        records, _, _ = driver.execute_query(
            query, params, routing_=RoutingControl.READ, database_=database
        )
        counts[name] = sum(r["gaps"] for r in records)
    return counts


def count_gaps_by_child(
    *, driver: Driver, database: str, day: date, scope_id: str, thresholds: Thresholds
) -> dict[str | None, dict[str, int]]:
    """Counts the gaps per rule for each direct child of the scope (None: the scope itself)."""
    params = _prepare(driver, database, day, scope_id, thresholds)
    counts: dict[str | None, dict[str, int]] = {}
    for name, rule in RULES.items():
        records, _, _ = driver.execute_query(
            count_query(rule, scoped=True),
            params,
            routing_=RoutingControl.READ,
            database_=database,
        )
        for r in records:
            counts.setdefault(r["bucket"], dict.fromkeys(GAP_RULES, 0))[name] = r["gaps"]
    return counts
