"""Dashboard questions: the responsibility chain, the org chart, coverage figures, name search."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from neo4j import Driver, RoutingControl

from domain.refusals import UnknownIdError
from domain.thresholds import GAP_RULES, Thresholds
from graph.model import Label, Rel
from queries import index_reads
from queries.coverage_index import worth_asking
from queries.gap_rules import organisation_gap_count
from queries.gaps import (
    count_gaps_by_child,
    gap_parameters,
    require_organisation,
)
from queries.index_cypher import KINDS
from queries.organisations import scope_path
from queries.periods import HIERARCHY, as_of, down_on, exists_on, parent_on, up_on, valid_on
from queries.records import ChainLink, ChartNode, ChildFigures, Figures, NodeRef, Summary, node_ref

ORG, PERSON, GRID = Label.ORGANISATION.value, Label.PERSON.value, Label.GRID.value
PART_OF, HOLDS = Rel.PART_OF.value, Rel.HOLDS.value
MAX_CHART_DEPTH = 12  # deeper than any real hierarchy; bounds the expansion

RESPONSIBILITY_CHAIN = f"""
MATCH (x:{ORG} {{id: $id}}) WHERE {exists_on("x")}
MATCH path = (x){up_on()}(a:{ORG})
WITH a, length(path) AS distance
CALL (a) {{
    OPTIONAL MATCH (a)<-[h:{HOLDS}]-(p:{PERSON})
    WHERE h.role IN ['SECRETARY', 'DEPUTY_SECRETARY'] AND {valid_on("h")}
    WITH h.role AS role, p ORDER BY p.id
    RETURN collect(DISTINCT CASE WHEN role = 'SECRETARY' THEN p {{.id, .name}} END) AS secretaries,
        collect(DISTINCT CASE WHEN role = 'DEPUTY_SECRETARY' THEN p {{.id, .name}} END) AS deputies
}}
RETURN a {{.id, name: {as_of("a", "name")}, kind: {as_of("a", "kind")}}} AS organisation,
    distance, secretaries, deputies
ORDER BY distance
"""

# A GROUP has no secretary: its leader stands in the chart where a secretary would.
LEADERS = f"""COLLECT {{
    MATCH (n)<-[h:{HOLDS}]-(p:{PERSON})
    WHERE h.role = CASE {as_of("n", "kind")} WHEN 'GROUP' THEN 'GROUP_LEADER' ELSE 'SECRETARY' END
        AND {valid_on("h")}
    RETURN DISTINCT p.name AS name ORDER BY name
}}"""


def org_chart_query(depth: int, *, indexed: bool = False) -> str:
    """The subtree to `depth` levels in pre-order; the depth is a bound of the pattern itself,
    which Cypher cannot take as a parameter, so it is checked to be a small int first. With
    `indexed`, the gap counts come from the coverage index, and no row when it cannot answer."""
    if not isinstance(depth, int) or not 0 <= depth <= MAX_CHART_DEPTH:
        raise ValueError(f"depth must be an integer from 0 to {MAX_CHART_DEPTH}")
    gap_count = index_reads.SUBJECT_GAPS if indexed else organisation_gap_count()
    return f"""{index_reads.CURRENT_INDEX if indexed else ""}
MATCH (root:{ORG} {{id: $id}}) WHERE {exists_on("root")}
MATCH path = (root)(()<-[r:{HIERARCHY}]-() WHERE {valid_on("r")}){{0,{depth}}}(n:{ORG})
WITH n, length(path) AS depth, [x IN nodes(path) | x.id] AS order
{gap_count}
RETURN n.id AS id, {as_of("n", "name")} AS name, {as_of("n", "kind")} AS kind, depth, gap_count,
    {parent_on("n")} AS parent_id,
    {LEADERS} AS secretaries,
    COUNT {{ MATCH (n)<-[r:{HIERARCHY}]-(:{ORG}) WHERE {valid_on("r")} }} AS child_count
ORDER BY order
"""


SCOPE_ORGANISATIONS = f"""
MATCH path = (:{ORG} {{id: $scope}}){down_on()}(n:{ORG})
WITH n, CASE WHEN length(path) > 0 THEN nodes(path)[1].id END AS bucket
RETURN bucket, {as_of("n", "kind")} AS kind, count(*) AS organisations
"""
SCOPE_GRID_CELLS = f"""
MATCH path = (:{ORG} {{id: $scope}}){down_on()}(:{ORG})<-[:{Rel.IN_AREA}]-(g:{GRID})
WHERE g.level = 'GRID'
WITH CASE WHEN length(path) > 1 THEN nodes(path)[1].id END AS bucket
RETURN bucket, count(*) AS cells
"""
SCOPE_AND_CHILDREN = f"""
MATCH (s:{ORG} {{id: $scope}})
RETURN s {{.id, name: {as_of("s", "name")}, kind: {as_of("s", "kind")}}} AS scope,
    COLLECT {{
        MATCH (s)<-[r:{HIERARCHY}]-(c:{ORG}) WHERE {valid_on("r")}
        RETURN c {{.id, name: {as_of("c", "name")}, kind: {as_of("c", "kind")}}} AS c ORDER BY c.id
    }} AS children
"""


def _read(driver: Driver, database: str, query: str, **params: Any) -> list[Any]:
    records, _, _ = driver.execute_query(
        query, params, routing_=RoutingControl.READ, database_=database
    )
    return records


def responsibility_chain(
    *, driver: Driver, database: str, organisation_id: str, day: date
) -> list[ChainLink]:
    """Lists the organisation and each ancestor up to the root with their valid secretaries."""
    records = _read(driver, database, RESPONSIBILITY_CHAIN, id=organisation_id, day=day)
    if not records:
        require_organisation(driver=driver, database=database, organisation_id=organisation_id,
                             day=day)  # fmt: skip
        raise UnknownIdError(organisation_id)
    return [
        ChainLink(
            organisation=node_ref(r["organisation"], Label.ORGANISATION),
            kind=r["organisation"]["kind"],
            distance=r["distance"],
            secretaries=tuple(node_ref(p, Label.PERSON) for p in r["secretaries"]),
            deputies=tuple(node_ref(p, Label.PERSON) for p in r["deputies"]),
        )
        for r in records
    ]


def org_chart(
    *,
    driver: Driver,
    database: str,
    root_id: str,
    depth: int,
    day: date,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing it is safe
) -> list[ChartNode]:
    """Lists the subtree under root to `depth` levels, parents before their children."""
    params = gap_parameters(day, None, thresholds)
    records = []
    if worth_asking(day):
        indexed = {**params, **index_reads.current(day, None, thresholds)}
        query = org_chart_query(depth, indexed=True)
        records = _read(driver, database, query, id=root_id, **indexed)
    if not records:
        records = _read(driver, database, org_chart_query(depth), id=root_id, **params)
    if not records:
        require_organisation(driver=driver, database=database, organisation_id=root_id, day=day)
        raise UnknownIdError(root_id)
    return [
        ChartNode(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            parent_id=r["parent_id"],
            depth=r["depth"],
            secretaries=tuple(r["secretaries"]),
            gap_count=r["gap_count"],
            child_count=r["child_count"],
        )
        for r in records
    ]


def _figures(kinds: Counter[str], cells: int, gaps: dict[str, int]) -> Figures:
    organisations = {kind: kinds[kind] for kind in KINDS}
    return Figures(
        organisations=organisations,
        branches=organisations["BRANCH"],
        branches_with_liaison=organisations["BRANCH"] - gaps["NO_LIAISON"],
        grid_cells=cells,
        grid_cells_covered=cells - gaps["GRID_UNCOVERED"],
        secretary_vacancies=gaps["SECRETARY_VACANT"],
        gaps=gaps,
    )


def coverage_summary(
    *,
    driver: Driver,
    database: str,
    scope_id: str,
    day: date,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so sharing it is safe
) -> Summary:
    """Returns the coverage figures of the scope, and the same for each of its direct children."""
    indexed = index_reads.summary(
        driver=driver, database=database, day=day, scope_id=scope_id, thresholds=thresholds
    )
    if indexed is not None:
        return _indexed_summary(indexed)
    return computed_summary(driver=driver, database=database, scope_id=scope_id, day=day,
                            thresholds=thresholds)  # fmt: skip


def computed_summary(
    *, driver: Driver, database: str, scope_id: str, day: date, thresholds: Thresholds
) -> Summary:
    """`coverage_summary` computed from the graph, without the coverage index."""
    # First, as it also checks that the scope exists on the day (UnknownIdError, NotExisting).
    gaps = count_gaps_by_child(
        driver=driver, database=database, day=day, scope_id=scope_id, thresholds=thresholds
    )
    head = _read(driver, database, SCOPE_AND_CHILDREN, scope=scope_id, day=day)
    if not head:  # deleted since the check
        raise UnknownIdError(scope_id)
    # Every count is taken once, per child of the scope (bucket None: the scope itself).
    kinds: dict[str | None, Counter[str]] = defaultdict(Counter)
    for r in _read(driver, database, SCOPE_ORGANISATIONS, scope=scope_id, day=day):
        kinds[r["bucket"]][r["kind"]] += r["organisations"]
    cells = {
        r["bucket"]: r["cells"]
        for r in _read(driver, database, SCOPE_GRID_CELLS, scope=scope_id, day=day)
    }
    none = dict.fromkeys(GAP_RULES, 0)
    children = tuple(
        ChildFigures(
            organisation=node_ref(c, Label.ORGANISATION),
            kind=c["kind"],
            figures=_figures(kinds[c["id"]], cells.get(c["id"], 0), gaps.get(c["id"], none)),
        )
        for c in head[0]["children"]
    )
    total_gaps = {rule: sum(per.get(rule, 0) for per in gaps.values()) for rule in GAP_RULES}
    return Summary(
        scope=node_ref(head[0]["scope"], Label.ORGANISATION),
        figures=_figures(sum(kinds.values(), Counter()), sum(cells.values()), total_gaps),
        children=children,
    )


def _indexed_figures(vector: list[int]) -> Figures:
    kinds, cells, gaps = index_reads.figures_of(index_reads.slots(vector))
    return _figures(Counter(kinds), cells, gaps)


def _indexed_summary(found: Any) -> Summary:
    """The summary from the coverage index's counts of the scope and of its children."""
    return Summary(
        scope=node_ref(found["scope"], Label.ORGANISATION),
        figures=_indexed_figures(found["subtree"]),
        children=tuple(
            ChildFigures(
                organisation=node_ref(c["organisation"], Label.ORGANISATION),
                kind=c["organisation"]["kind"],
                figures=_indexed_figures(c["subtree"]),
            )
            for c in found["children"]
        ),
    )


def search_query(*, scoped: bool) -> str:
    """Organisations and people whose name contains $text (TEXT indexes), best matches first."""
    org_filter = f"AND EXISTS {{ {scope_path('n', Label.ORGANISATION)} }}" if scoped else ""
    person_filter = f"AND EXISTS {{ {scope_path('n', Label.PERSON)} }}" if scoped else ""
    return f"""
CALL () {{
    MATCH (n:{ORG}) WHERE n.name CONTAINS $text {org_filter}
    RETURN n, '{ORG}' AS label
  UNION ALL
    MATCH (n:{PERSON}) WHERE n.name CONTAINS $text {person_filter}
    RETURN n, '{PERSON}' AS label
}}
RETURN n {{.id, .name}} AS node, label
ORDER BY CASE WHEN n.name = $text THEN 0 WHEN n.name STARTS WITH $text THEN 1 ELSE 2 END,
    size(n.name), label, n.id
LIMIT $limit
"""


def search(
    *,
    driver: Driver,
    database: str,
    text: str,
    scope_id: str | None = None,
    limit: int = 20,
    day: date | None = None,
) -> list[NodeRef]:
    """Finds organisations and people whose name contains the text (exact, then prefix first);
    a scoped search looks in the scope's subtree of the day (default today)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    text = text.strip()
    if scope_id is not None:
        require_organisation(driver=driver, database=database, organisation_id=scope_id)
    if not text:
        return []
    query = search_query(scoped=scope_id is not None)
    on = day or date.today()
    records = _read(driver, database, query, text=text, scope=scope_id, limit=limit, day=on)
    return [node_ref(r["node"], r["label"]) for r in records]
