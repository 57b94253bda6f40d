"""The nodes of the coverage index (queries/coverage_index.py) and the Cypher that writes them."""

from __future__ import annotations

from domain.tables import ENUMS
from domain.thresholds import GAP_RULES
from graph.model import Label, Rel
from queries.gap_rules import NAME_ON, Rule, subjects
from queries.periods import HIERARCHY, as_of, down_on, exists_on, up_on, valid_on

INDEX, IORG, IGAP = (
    Label.COVERAGE_INDEX.value,
    Label.INDEXED_ORGANISATION.value,
    Label.INDEXED_GAP.value,
)
ORG, ENTITY = Label.ORGANISATION.value, Label.ENTITY.value
INDEX_ID = "today"
SEP = "\x1f"  # closes each id of a path; no id contains a control character
CELL = "CELL"  # a grid cell, counted for the coverage figures
KINDS: tuple[str, ...] = tuple(ENUMS["org_kind"])
SLOTS: tuple[str, ...] = (*GAP_RULES, CELL, *KINDS)
TOTAL_SLOTS: tuple[str, ...] = (*GAP_RULES, CELL)
SUBJECT_LABELS = (Label.ORGANISATION, Label.PERSON, Label.GRID, Label.UNIT)


# ---- the organisations of the day and their paths -------------------------------------------

ANCESTRIES = f"""
MATCH (x:{ORG}) WHERE ($ids IS NULL OR x.id IN $ids) AND {exists_on("x")}
MATCH path = (x){up_on()}(top:{ORG})
WHERE NOT EXISTS {{ MATCH (top)-[up:{HIERARCHY}]->(:{ORG}) WHERE {valid_on("up")} }}
RETURN x.id AS id, [n IN reverse(nodes(path)) | n.id] AS ancestry, {as_of("x", "kind")} AS kind
"""
SUBTREES_ON = f"""
MATCH (o:{ORG}) WHERE o.id IN $ids
MATCH (o){down_on()}(d:{ORG})
RETURN DISTINCT d.id AS id
"""
STORED_SUBTREES = f"""
MATCH (s:{IORG}) WHERE s.id IN $ids
MATCH (d:{IORG}) WHERE d.path STARTS WITH s.path
RETURN DISTINCT d.id AS id
"""
STORED_PATHS = f"MATCH (s:{IORG}) WHERE s.id IN $ids RETURN s.id AS id, s.path AS path"
UPSERT_ORGANISATIONS = f"""
UNWIND $rows AS row
MERGE (o:{IORG} {{id: row.id}})
SET o.parent = row.parent, o.depth = row.depth, o.path = row.path, o.kind = row.kind,
    o.own = coalesce(o.own, $zeros), o.subtree = coalesce(o.subtree, $zeros)
"""
CREATE_ORGANISATIONS = f"""
UNWIND $rows AS row
CREATE (:{IORG} {{id: row.id, parent: row.parent, depth: row.depth, path: row.path,
    kind: row.kind, own: row.own, subtree: row.subtree}})
"""
DROP_ORGANISATIONS = f"MATCH (o:{IORG}) WHERE o.id IN $ids DETACH DELETE o"
REPATH_ENTRIES = f"""
UNWIND $ids AS id
MATCH (g:{IGAP} {{area_id: id}})
OPTIONAL MATCH (o:{IORG} {{id: id}})
SET g.path = o.path
"""

# ---- who a change reaches ----------------------------------------------------------------------

LABELS_OF = f"""
UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})
RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels][0] AS label
"""
LIAISING = f"""
MATCH (o:{ORG})<-[:{Rel.LIAISES}]-(p:{Label.PERSON})
WHERE o.id IN $ids
RETURN DISTINCT p.id AS id
"""
LINKED = f"""
MATCH (o:{ORG})-[:{Rel.COVERS_GRID}|{Rel.SET_UP_IN}]->(n)
WHERE o.id IN $ids
RETURN DISTINCT n.id AS id, CASE WHEN n:{Label.GRID} THEN '{Label.GRID}' ELSE '{Label.UNIT}' END
    AS label
"""

# ---- entries ------------------------------------------------------------------------------

DROP_ENTRIES = f"""
MATCH (g:{IGAP}) WHERE g.subject_id IN $ids
WITH g, g.rule AS rule, g.area_id AS area
DELETE g
RETURN rule, area
"""
AREA = (
    f"CASE WHEN n:{ORG} THEN n.id "
    f"ELSE head([(n)-[:{Rel.IN_AREA}|{Rel.PLACED_IN}]->(a:{ORG}) | a.id]) END"
)
CELLS = f"""
MATCH (n:{Label.GRID}) WHERE n.level = 'GRID' AND ($ids IS NULL OR n.id IN $ids)
RETURN n.id AS subject_id, n.name AS subject_name, {AREA} AS area_id
"""
CREATE_ENTRIES = f"""
UNWIND $rows AS row
CREATE (:{IGAP} {{rule: row.rule, rule_index: row.rule_index, subject_id: row.subject_id,
    subject_label: row.subject_label, subject_name: row.subject_name,
    related_ids: row.related_ids, related_names: row.related_names,
    related_labels: row.related_labels, disc: row.disc, facts: row.facts,
    area_id: row.area_id, path: row.path}})
"""


def rule_entries(rule: Rule, *, by_id: bool) -> str:
    """The gaps of one rule with their area, for every subject or for the subjects $ids."""
    found = subjects(rule, scoped=False)
    if by_id:
        found += "\nWITH n WHERE n.id IN $ids"
    return f"""
{found}
CALL (n) {{ {rule.body}
}}
RETURN n.id AS subject_id, {NAME_ON} AS subject_name, related, disc, facts, {AREA} AS area_id
"""


# ---- counts -----------------------------------------------------------------------------------

OWN = f"""
UNWIND $ids AS id
MATCH (o:{IORG} {{id: id}})
CALL (o) {{ MATCH (g:{IGAP} {{area_id: o.id}}) RETURN collect(g.rule) AS rules }}
SET o.own = [s IN $slots | size([r IN rules WHERE r = s]) + CASE WHEN s = o.kind THEN 1 ELSE 0 END]
"""
DEPTHS = f"MATCH (o:{IORG}) WHERE o.id IN $ids RETURN o.id AS id, o.depth AS depth"
SUBTREE = f"""
UNWIND $ids AS id
MATCH (o:{IORG} {{id: id}})
CALL (o) {{ MATCH (c:{IORG} {{parent: o.id}}) RETURN collect(c.subtree) AS below }}
SET o.subtree = reduce(sum = o.own, s IN below | [i IN range(0, size(sum) - 1) | sum[i] + s[i]])
"""
INDEX_STATE = f"MATCH (ix:{INDEX} {{id: $id}}) RETURN ix.day AS day, ix.thresholds AS thresholds"
ADD_TOTALS = f"""
MATCH (ix:{INDEX} {{id: $id}})
SET ix.totals = [i IN range(0, size(ix.totals) - 1) | ix.totals[i] + $delta[i]]
"""
CLEAR_IN_TX = f"MATCH (n) WHERE n:{IGAP} OR n:{IORG} DETACH DELETE n"
SET_INDEX = f"""
MERGE (ix:{INDEX} {{id: $id}})
SET ix.day = $day, ix.thresholds = $thresholds, ix.totals = $zeros, ix.built = datetime()
"""
