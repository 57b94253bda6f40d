"""People for the API: lookups, keyset pages, and their posts, liaisons and visits in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from neo4j import Driver, Record

from graph.model import Label, Rel
from queries.organisations import match_listed, native, read
from queries.periods import exists_on, valid_on

ORG, PERSON, GRID = Label.ORGANISATION.value, Label.PERSON.value, Label.GRID.value
ENTITY = Label.ENTITY.value
PERSON_FIELDS = (
    f".id, .name, .rank, .phone, .id_number, "
    f"home_id: head([(n)-[:{Rel.PLACED_IN}]->(h:{ORG}) | h.id])"
)
# A null $day means every period, ended or not.
VALID_OR_ALL = "($day IS NULL OR {test})"


@dataclass(frozen=True)
class Person:
    """A person's own properties, and the id of their home organisation."""

    id: str
    name: str
    rank: str | None
    home_id: str | None
    # Personal data: kept out of repr so no log line or traceback ever shows it.
    phone: str | None = field(default=None, repr=False)
    id_number: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Post:
    """A post: who holds which role in which organisation or grid cell, from when to when."""

    person_id: str
    target_id: str
    target_label: str
    role: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class Liaison:
    """A liaison of a person with an organisation, with its required visits a month."""

    person_id: str
    organisation_id: str
    kind: str
    start: date | None
    end: date | None
    visits_per_month: int


@dataclass(frozen=True)
class Visit:
    """A visit of a person to an organisation on a date."""

    person_id: str
    organisation_id: str
    date: date
    kind: str


@dataclass(frozen=True)
class PeopleFilter:
    """Which people a list shows: a name fragment, a rank, a scope on a day."""

    day: date
    name: str | None = None
    rank: str | None = None
    scope_id: str | None = None


def person_from(row: Any) -> Person:
    """Builds a Person from a map projected with PERSON_FIELDS."""
    return Person(
        row["id"],
        row["name"],
        row.get("rank"),
        row.get("home_id"),
        row.get("phone"),
        row.get("id_number"),
    )


def _filters(f: PeopleFilter) -> str:
    where = ["n.name CONTAINS $name"] if f.name else []
    where += ["coalesce(n.rank, 'OTHER') = $rank"] if f.rank else []
    return " AND ".join(where) or "true"


def _params(f: PeopleFilter) -> dict[str, Any]:
    return {"scope": f.scope_id, "name": f.name, "rank": f.rank, "day": f.day}


def people_page(
    *, driver: Driver, database: str, where: PeopleFilter, first: int, after: str | None
) -> list[Person]:
    """Lists up to `first` people by id, strictly after the id `after`."""
    keyset = " AND n.id > $after" if after is not None else ""
    query = (
        f"{match_listed(Label.PERSON, bool(where.scope_id))} WHERE {_filters(where)}{keyset}\n"
        f"RETURN n {{{PERSON_FIELDS}}} AS row ORDER BY n.id LIMIT $first"
    )
    records = read(driver, database, query, first=first, after=after, **_params(where))
    return [person_from(r["row"]) for r in records]


def count_people(*, driver: Driver, database: str, where: PeopleFilter) -> int:
    """Counts the people the filter shows."""
    matched = match_listed(Label.PERSON, bool(where.scope_id))
    query = f"{matched} WHERE {_filters(where)} RETURN count(n) AS total"
    return int(read(driver, database, query, **_params(where))[0]["total"])


def _grouped(
    records: list[Record], key: str, ids: Sequence[str], make: Any
) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    for r in records:
        found[r[key]].append(make(r))
    return {i: found.get(i, []) for i in ids}


def _post(r: Record) -> Post:
    return Post(
        r["person_id"], r["target_id"], r["label"], r["role"], native(r["start"]), native(r["end"])
    )


POSTS = f"""
UNWIND $ids AS id
MATCH {{pattern}} WHERE {VALID_OR_ALL.format(test=valid_on("h"))}
RETURN p.id AS person_id, t.id AS target_id, head([x IN labels(t) WHERE x IN ['{ORG}', '{GRID}']])
    AS label, h.role AS role, h.start AS start, h.end AS end
ORDER BY person_id, target_id, role, start
"""


def posts_of_targets(
    *, driver: Driver, database: str, ids: Sequence[str], day: date | None
) -> dict[str, list[Post]]:
    """Lists the posts held in each organisation or grid cell (valid on day; None: all)."""
    query = POSTS.format(pattern=f"(p:{PERSON})-[h:{Rel.HOLDS}]->(t:{ENTITY} {{id: id}})")
    records = read(driver, database, query, ids=list(ids), day=day)
    return _grouped(records, "target_id", ids, _post)


def posts_of_people(
    *, driver: Driver, database: str, ids: Sequence[str], day: date | None
) -> dict[str, list[Post]]:
    """Lists the posts each person holds (valid on day; None: all)."""
    query = POSTS.format(pattern=f"(p:{PERSON} {{id: id}})-[h:{Rel.HOLDS}]->(t)")
    records = read(driver, database, query, ids=list(ids), day=day)
    return _grouped(records, "person_id", ids, _post)


HOLDERS = f"""
UNWIND $ids AS id
MATCH (:{ORG} {{id: id}})<-[h:{Rel.HOLDS}]-(n:{PERSON})
WHERE h.role = $role AND {valid_on("h")}
WITH DISTINCT id, n ORDER BY n.id
RETURN id, n {{{PERSON_FIELDS}}} AS row
"""


def holders_of(
    *, driver: Driver, database: str, ids: Sequence[str], role: str, day: date
) -> dict[str, list[Person]]:
    """Lists the people holding a valid post of the role in each organisation, by id."""
    records = read(driver, database, HOLDERS, ids=list(ids), role=role, day=day)
    return _grouped(records, "id", ids, lambda r: person_from(r["row"]))


LIAISONS = f"""
UNWIND $ids AS id
MATCH {{pattern}} WHERE {VALID_OR_ALL.format(test=valid_on("l"))}
RETURN p.id AS person_id, o.id AS organisation_id, l.kind AS kind, l.start AS start,
    l.end AS end, coalesce(l.visits_per_month, $default_visits) AS visits_per_month
ORDER BY person_id, organisation_id, kind, start
"""


def _liaison(r: Record) -> Liaison:
    return Liaison(
        r["person_id"],
        r["organisation_id"],
        r["kind"],
        native(r["start"]),
        native(r["end"]),
        r["visits_per_month"],
    )


def liaisons_of_organisations(
    *, driver: Driver, database: str, ids: Sequence[str], day: date | None, default_visits: int
) -> dict[str, list[Liaison]]:
    """Lists the liaisons on each organisation (valid on day; None: all)."""
    query = LIAISONS.format(pattern=f"(p:{PERSON})-[l:{Rel.LIAISES}]->(o:{ORG} {{id: id}})")
    records = read(driver, database, query, ids=list(ids), day=day, default_visits=default_visits)
    return _grouped(records, "organisation_id", ids, _liaison)


def liaisons_of_people(
    *, driver: Driver, database: str, ids: Sequence[str], day: date | None, default_visits: int
) -> dict[str, list[Liaison]]:
    """Lists each person's liaisons (valid on day; None: all)."""
    query = LIAISONS.format(pattern=f"(p:{PERSON} {{id: id}})-[l:{Rel.LIAISES}]->(o:{ORG})")
    records = read(driver, database, query, ids=list(ids), day=day, default_visits=default_visits)
    return _grouped(records, "person_id", ids, _liaison)


VISITS = f"""
UNWIND $ids AS id
MATCH (p:{PERSON} {{id: id}})-[v:{Rel.VISITED}]->(o:{ORG})
WHERE ($since IS NULL OR v.date >= $since) AND ($until IS NULL OR v.date <= $until)
RETURN p.id AS person_id, o.id AS organisation_id, v.date AS date, v.kind AS kind
ORDER BY person_id, date DESC, organisation_id
"""


def visits_of_people(
    *, driver: Driver, database: str, ids: Sequence[str], since: date | None, until: date | None
) -> dict[str, list[Visit]]:
    """Lists each person's visits between two dates (inclusive; None: open), latest first."""
    records = read(driver, database, VISITS, ids=list(ids), since=since, until=until)
    return _grouped(
        records,
        "person_id",
        ids,
        lambda r: Visit(r["person_id"], r["organisation_id"], native(r["date"]), r["kind"]),
    )


@dataclass(frozen=True)
class CoveredOrganisation:
    """An organisation a person covers directly: by a post, a grid post or a liaison."""

    person_id: str
    organisation_id: str
    relation: str
    role: str
    via_id: str
    via_label: str


COVERED = f"""
UNWIND $ids AS id
MATCH (p:{PERSON} {{id: id}})
CALL (p) {{
    MATCH (p)-[h:{Rel.HOLDS}]->(o:{ORG}) WHERE {valid_on("h")}
    RETURN o.id AS org, 0 AS rank, h.role AS role, o.id AS via, '{ORG}' AS via_label
  UNION ALL
    MATCH (p)-[h:{Rel.HOLDS}]->(g:{GRID})<-[:{Rel.COVERS_GRID}]-(o:{ORG})
    WHERE {valid_on("h")} AND {exists_on("o")}
    RETURN o.id AS org, 1 AS rank, h.role AS role, g.id AS via, '{GRID}' AS via_label
  UNION ALL
    MATCH (p)-[l:{Rel.LIAISES}]->(o:{ORG}) WHERE {valid_on("l")}
    RETURN o.id AS org, 2 AS rank, l.kind AS role, o.id AS via, '{ORG}' AS via_label
}}
RETURN DISTINCT id, org, rank, role, via, via_label
ORDER BY id, org, rank, role, via
"""
COVER_RELATIONS = ("POST", "GRID", "LIAISON")


def covered_by_people(
    *, driver: Driver, database: str, ids: Sequence[str], day: date
) -> dict[str, list[CoveredOrganisation]]:
    """Lists the organisations each person covers directly on the day (distance 0)."""
    records = read(driver, database, COVERED, ids=list(ids), day=day)
    return _grouped(
        records,
        "id",
        ids,
        lambda r: CoveredOrganisation(
            r["id"], r["org"], COVER_RELATIONS[r["rank"]], r["role"], r["via"], r["via_label"]
        ),
    )
