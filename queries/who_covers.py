"""Who covers an organisation on a day (docs/coverage-rules.md): posts, grid posts, liaisons,
the chain above."""

from __future__ import annotations

from datetime import date

from neo4j import Driver, RoutingControl

from domain.refusals import UnknownIdError
from graph.model import Label, Rel
from queries.gaps import require_organisation
from queries.organisations import ORG_FIELDS, organisation_from
from queries.people import PERSON_FIELDS, person_from
from queries.periods import exists_on, up_on, valid_on
from queries.records import Coverage, node_ref
from queries.units_grids import GRID_FIELDS, grid_from

ORG, PERSON, GRID = Label.ORGANISATION.value, Label.PERSON.value, Label.GRID.value


# One row per entry; `rank` orders the relations POST, GRID, LIAISON, CHAIN. OPTIONAL CALL keeps
# a row (with a null person) for an organisation nobody covers, so "unknown" stays recognisable.
WHO_COVERS = f"""
MATCH (x:{ORG} {{id: $id}}) WHERE {exists_on("x")}
OPTIONAL CALL (x) {{
    MATCH (p:{PERSON})-[h:{Rel.HOLDS}]->(x)
    WHERE {valid_on("h")}
    RETURN p, 0 AS rank, h.role AS role, x AS via, '{ORG}' AS via_label, 0 AS distance
  UNION ALL
    MATCH (x)-[:{Rel.COVERS_GRID}]->(g:{GRID})<-[h:{Rel.HOLDS}]-(p:{PERSON})
    WHERE {valid_on("h")}
    RETURN p, 1 AS rank, h.role AS role, g AS via, '{GRID}' AS via_label, 0 AS distance
  UNION ALL
    MATCH path = (x){up_on()}(a:{ORG})
    MATCH (a)<-[l:{Rel.LIAISES}]-(p:{PERSON})
    WHERE {valid_on("l")}
    RETURN p, 2 AS rank, l.kind AS role, a AS via, '{ORG}' AS via_label, length(path) AS distance
  UNION ALL
    MATCH path = (x){up_on(least=1)}(a:{ORG})
    MATCH (a)<-[h:{Rel.HOLDS}]-(p:{PERSON})
    WHERE h.role = 'SECRETARY' AND {valid_on("h")}
    RETURN p, 3 AS rank, h.role AS role, a AS via, '{ORG}' AS via_label, length(path) AS distance
}}
// The person's and the via node's fields come along, so an API answer needs no second trip;
// each projection runs in its own scope, where `n` is the node (the field lists expect it).
CALL (p) {{ WITH p AS n RETURN n {{{PERSON_FIELDS}}} AS person_row }}
CALL (via, via_label) {{
    WITH via AS n, via_label
    RETURN CASE via_label WHEN '{ORG}' THEN n {{{ORG_FIELDS}}}
        ELSE n {{{GRID_FIELDS}}} END AS via_row
}}
RETURN p {{.id, .name}} AS person, rank, role, via {{.id, .name}} AS via, via_label, distance,
    person_row, via_row
ORDER BY distance, rank, person.id, role, via.id
"""

RELATIONS: tuple[str, ...] = ("POST", "GRID", "LIAISON", "CHAIN")


def who_covers(*, driver: Driver, database: str, organisation_id: str, day: date) -> list[Coverage]:
    """Lists everyone who covers the organisation on the day, in the rules' order."""
    records, _, _ = driver.execute_query(
        WHO_COVERS,
        id=organisation_id,
        day=day,
        routing_=RoutingControl.READ,
        database_=database,
    )
    if not records:  # unknown, or not existing on the day: which one, the check says
        require_organisation(driver=driver, database=database, organisation_id=organisation_id,
                             day=day)  # fmt: skip
        raise UnknownIdError(organisation_id)
    return [
        Coverage(
            person=node_ref(r["person"], Label.PERSON),
            relation=RELATIONS[r["rank"]],
            role=r["role"],
            via=node_ref(r["via"], r["via_label"]),
            distance=r["distance"],
            person_entity=person_from(r["person_row"]),
            via_entity=(organisation_from if r["via_label"] == ORG else grid_from)(r["via_row"]),
        )
        for r in records
        if r["person"] is not None
    ]
