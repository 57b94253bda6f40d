"""Who covers an organisation on a day (SPEC §2): posts, grid posts, liaisons, the chain above."""

from __future__ import annotations

from datetime import date

from neo4j import Driver, RoutingControl

from graph.model import Label, Rel
from queries.errors import UnknownIdError
from queries.records import Coverage, node_ref

ORG, PERSON, GRID = Label.ORGANISATION.value, Label.PERSON.value, Label.GRID.value


def valid_on(var: str, day: str = "$day") -> str:
    """Returns the Cypher test that a relationship's start..end period holds the day."""
    # coalesce rather than `IS NULL OR`: an OR makes the planner split the test into a union
    # of relationship index scans instead of expanding from the node it already has.
    return f"coalesce({var}.start, {day}) <= {day} AND coalesce({var}.end, {day}) >= {day}"


# One row per entry; `rank` orders the relations POST, GRID, LIAISON, CHAIN. OPTIONAL CALL keeps
# a row (with a null person) for an organisation nobody covers, so "unknown" stays recognisable.
WHO_COVERS = f"""
MATCH (x:{ORG} {{id: $id}})
OPTIONAL CALL (x) {{
    MATCH (p:{PERSON})-[h:{Rel.HOLDS}]->(x)
    WHERE {valid_on("h")}
    RETURN p, 0 AS rank, h.role AS role, x AS via, '{ORG}' AS via_label, 0 AS distance
  UNION ALL
    MATCH (x)-[:{Rel.COVERS_GRID}]->(g:{GRID})<-[h:{Rel.HOLDS}]-(p:{PERSON})
    WHERE {valid_on("h")}
    RETURN p, 1 AS rank, h.role AS role, g AS via, '{GRID}' AS via_label, 0 AS distance
  UNION ALL
    MATCH path = (x)-[:{Rel.PART_OF}*0..]->(a:{ORG})
    MATCH (a)<-[l:{Rel.LIAISES}]-(p:{PERSON})
    WHERE {valid_on("l")}
    RETURN p, 2 AS rank, l.kind AS role, a AS via, '{ORG}' AS via_label, length(path) AS distance
  UNION ALL
    MATCH path = (x)-[:{Rel.PART_OF}*1..]->(a:{ORG})
    MATCH (a)<-[h:{Rel.HOLDS}]-(p:{PERSON})
    WHERE h.role = 'SECRETARY' AND {valid_on("h")}
    RETURN p, 3 AS rank, h.role AS role, a AS via, '{ORG}' AS via_label, length(path) AS distance
}}
RETURN p {{.id, .name}} AS person, rank, role, via {{.id, .name}} AS via, via_label, distance
ORDER BY distance, rank, person.id, role, via.id
"""

RELATIONS: tuple[str, ...] = ("POST", "GRID", "LIAISON", "CHAIN")


def who_covers(*, driver: Driver, database: str, organisation_id: str, day: date) -> list[Coverage]:
    """Lists everyone who covers the organisation on the day, in SPEC §2 order."""
    records, _, _ = driver.execute_query(
        WHO_COVERS,
        id=organisation_id,
        day=day,
        routing_=RoutingControl.READ,
        database_=database,
    )
    if not records:
        raise UnknownIdError(organisation_id)
    return [
        Coverage(
            person=node_ref(r["person"], Label.PERSON),
            relation=RELATIONS[r["rank"]],
            role=r["role"],
            via=node_ref(r["via"], r["via_label"]),
            distance=r["distance"],
        )
        for r in records
        if r["person"] is not None
    ]
