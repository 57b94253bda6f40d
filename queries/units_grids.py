"""Units and grid cells for the API, and the lookup of any node by id within a scope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from neo4j import Driver

from graph.model import Label, Rel
from queries.organisations import ORG_FIELDS, Organisation, in_scope, organisation_from, read
from queries.people import PERSON_FIELDS, Person, person_from
from queries.periods import exists_on

ORG, UNIT, GRID = Label.ORGANISATION.value, Label.UNIT.value, Label.GRID.value
UNIT_FIELDS = (
    f".id, .name, .kind, .party_members, area_id: head([(n)-[:{Rel.IN_AREA}]->(a:{ORG}) | a.id])"
)
GRID_FIELDS = (
    f".id, .name, .level, parent_id: head([(n)-[:{Rel.PART_OF}]->(q:{GRID}) | q.id]), "
    f"area_id: head([(n)-[:{Rel.IN_AREA}]->(a:{ORG}) | a.id])"
)


@dataclass(frozen=True)
class Unit:
    """A unit (village, company, …) with its Party members and its area."""

    id: str
    name: str
    kind: str | None
    party_members: int | None
    area_id: str | None


@dataclass(frozen=True)
class Grid:
    """A grid cell with its level, parent cell and effective area."""

    id: str
    name: str
    level: str
    parent_id: str | None
    area_id: str | None


@dataclass(frozen=True)
class UnitLink:
    """An org_units row: the unit an organisation is set up in, and how."""

    unit: Unit
    form: str | None


Entity = Organisation | Person | Unit | Grid


def unit_from(row: Any) -> Unit:
    """Builds a Unit from a map projected with UNIT_FIELDS."""
    return Unit(row["id"], row["name"], row.get("kind"), row.get("party_members"), row["area_id"])


def grid_from(row: Any) -> Grid:
    """Builds a Grid from a map projected with GRID_FIELDS."""
    return Grid(row["id"], row["name"], row["level"], row.get("parent_id"), row.get("area_id"))


def _nodes_query() -> str:
    labels = (Label.ORGANISATION, Label.PERSON, Label.UNIT, Label.GRID)
    fields = (ORG_FIELDS, PERSON_FIELDS, UNIT_FIELDS, GRID_FIELDS)
    parts = [
        f"MATCH (n:{label.value} {{id: id}}) WHERE {in_scope('n', label)}\n"
        f"    RETURN '{label.value}' AS label, n {{{projection}}} AS row"
        for label, projection in zip(labels, fields, strict=True)
    ]
    union = "\n  UNION ALL\n    ".join(parts)
    return f"UNWIND $ids AS id\nCALL (id) {{\n    {union}\n}}\nRETURN id, label, row"


NODES = _nodes_query()
BUILDERS: dict[str, Callable[[Any], Entity]] = {
    ORG: organisation_from,
    Label.PERSON.value: person_from,
    UNIT: unit_from,
    GRID: grid_from,
}


def nodes_by_id(
    *, driver: Driver, database: str, ids: Sequence[str], scope_id: str | None, day: date
) -> dict[str, Entity | None]:
    """Returns the organisation, person, unit or grid cell of each id in scope on the day (else
    None); an organisation with its name, kind and parent of that day."""
    records = read(driver, database, NODES, ids=list(ids), scope=scope_id, day=day)
    found: dict[str, Entity] = {r["id"]: BUILDERS[r["label"]](r["row"]) for r in records}
    return {i: found.get(i) for i in ids}


# grid_coverage and org_units rows count on a day only while their organisation exists.
UNITS_OF = f"""
UNWIND $ids AS id
MATCH (o:{ORG} {{id: id}})-[s:{Rel.SET_UP_IN}]->(n:{UNIT}) WHERE {exists_on("o")}
RETURN id, n {{{UNIT_FIELDS}}} AS row, s.form AS form ORDER BY row.id
"""
GRIDS_OF = f"""
UNWIND $ids AS id
MATCH (o:{ORG} {{id: id}})-[:{Rel.COVERS_GRID}]->(n:{GRID}) WHERE {exists_on("o")}
RETURN id, n {{{GRID_FIELDS}}} AS row ORDER BY row.id
"""
COVERING = f"""
UNWIND $ids AS id
MATCH (:{GRID} {{id: id}})<-[:{Rel.COVERS_GRID}]-(n:{ORG}) WHERE {exists_on("n")}
RETURN id, n {{{ORG_FIELDS}}} AS row ORDER BY row.id
"""
SET_UP_IN = f"""
UNWIND $ids AS id
MATCH (:{UNIT} {{id: id}})<-[:{Rel.SET_UP_IN}]-(n:{ORG}) WHERE {exists_on("n")}
RETURN id, n {{{ORG_FIELDS}}} AS row ORDER BY row.id
"""


def _grouped(records: list[Any], ids: Sequence[str], make: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    for r in records:
        found[r["id"]].append(make(r))
    return {i: found.get(i, []) for i in ids}


def units_of(
    *, driver: Driver, database: str, ids: Sequence[str], day: date
) -> dict[str, list[UnitLink]]:
    """Lists the units each organisation is set up in (org_units), by unit id."""
    records = read(driver, database, UNITS_OF, ids=list(ids), day=day)
    return _grouped(records, ids, lambda r: UnitLink(unit_from(r["row"]), r["form"]))


def grids_of(
    *, driver: Driver, database: str, ids: Sequence[str], day: date
) -> dict[str, list[Grid]]:
    """Lists the grid cells each organisation covers directly, by cell id."""
    records = read(driver, database, GRIDS_OF, ids=list(ids), day=day)
    return _grouped(records, ids, lambda r: grid_from(r["row"]))


def organisations_covering(
    *, driver: Driver, database: str, ids: Sequence[str], day: date
) -> dict[str, list[Organisation]]:
    """Lists the organisations covering each grid cell directly."""
    records = read(driver, database, COVERING, ids=list(ids), day=day)
    return _grouped(records, ids, lambda r: organisation_from(r["row"]))


def organisations_set_up_in(
    *, driver: Driver, database: str, ids: Sequence[str], day: date
) -> dict[str, list[Organisation]]:
    """Lists the organisations set up in each unit."""
    records = read(driver, database, SET_UP_IN, ids=list(ids), day=day)
    return _grouped(records, ids, lambda r: organisation_from(r["row"]))
