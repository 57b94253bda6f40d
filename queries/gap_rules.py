"""The gap rules (docs/coverage-rules.md#gap-rules) as Cypher, and the queries built from them
(subjects, scope, keys)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.tables import COMMITTEE_ROLES
from domain.thresholds import Thresholds
from graph.model import Label, Rel
from queries.periods import SCOPE_ABOVE, as_of, down_on, exists_on, up_on, valid_on

ORG, PERSON, GRID, UNIT = (
    Label.ORGANISATION.value,
    Label.PERSON.value,
    Label.GRID.value,
    Label.UNIT.value,
)
HOLDS, LIAISES, PART_OF = Rel.HOLDS.value, Rel.LIAISES.value, Rel.PART_OF.value

# How a subject of each label reaches the organisation that places it in a scope.
AREA_HOP: dict[Label, str] = {
    Label.ORGANISATION: "",
    Label.UNIT: f"(:{ORG})<-[:{Rel.IN_AREA}]-",
    Label.GRID: f"(:{ORG})<-[:{Rel.IN_AREA}]-",
    Label.PERSON: f"(:{ORG})<-[:{Rel.PLACED_IN}]-",
}
NO_ROWS: tuple[str, str] = ("[] AS related", "[] AS disc")
COMMITTEE_SIZE = (
    f"COUNT {{ MATCH (p:{PERSON})-[h:{HOLDS}]->(n) "
    f"WHERE h.role IN $committee_roles AND {valid_on('h')} RETURN DISTINCT p }}"
)


@dataclass(frozen=True)
class Rule:
    """One gap rule as Cypher: the label of its subject `n`, an index-friendly pre-filter, and a
    body that keeps the rows where the gap holds and returns `related`, `disc` and `facts`.
    `from_scope` makes scoped queries about people walk down from the scope (see `subjects`)."""

    name: str
    subject: Label
    hint: str
    body: str
    from_scope: bool = False


def _vacant(name: str, test: str, role: str) -> Rule:
    """A rule for an organisation lacking a valid post of one role."""
    held = f"(n)<-[h:{HOLDS}]-(:{PERSON}) WHERE h.role = '{role}'"
    body = f"""
        WITH n WHERE {test} AND NOT EXISTS {{ MATCH {held} AND {valid_on("h")} }}
        OPTIONAL MATCH {held} AND h.end < $day
        WITH n, max(h.end) AS last_end
        RETURN {NO_ROWS[0]}, {NO_ROWS[1]},
            {{kind: {KIND_ON}, role: '{role}', last_end: last_end}} AS facts"""
    return Rule(name, Label.ORGANISATION, test, body)


def _simple(name: str, subject: Label, hint: str, lets: str, test: str, facts: str) -> Rule:
    """A rule with one gap per subject: `lets` computes values, `test` keeps the gaps."""
    with_lets = f"WITH n, {lets}" if lets else "WITH n"
    body = f"""
        {with_lets} WHERE {test}
        RETURN {NO_ROWS[0]}, {NO_ROWS[1]}, {{{facts}}} AS facts"""
    return Rule(name, subject, hint, body)


TERM_YEARS = f"""CASE
        WHEN {as_of("n", "kind")} = 'COMMITTEE' THEN $term_years_long
        WHEN {as_of("n", "kind")} IN ['GENERAL_BRANCH', 'BRANCH']
            AND n.domain IN ['RURAL', 'COMMUNITY'] THEN $term_years_long
        WHEN {as_of("n", "kind")} IN ['GENERAL_BRANCH', 'BRANCH'] THEN $term_years_short
    END"""

LIAISON_INACTIVE_BODY = f"""
        MATCH (n)-[l:{LIAISES}]->(t:{ORG}) WHERE {valid_on("l")}
        WITH l, t, coalesce(l.visits_per_month, $default_visits_per_month) AS required,
            COUNT {{ MATCH (n)-[v:{Rel.VISITED}]->(:{ORG}){up_on()}(t)
                     WHERE v.date >= $window_start AND v.date <= $day }} AS visits
        WHERE visits < required
        RETURN [t {{.id, name: {as_of("t", "name")}, label: '{ORG}'}}] AS related,
            [l.kind, coalesce(toString(l.start), '')] AS disc,
            {{kind: l.kind, start: l.start, visits: visits, required: required,
              window_start: $window_start}} AS facts"""

KIND_ON = as_of("n", "kind")
NAME_ON = f"CASE WHEN n:{ORG} THEN {as_of('n', 'name')} ELSE n.name END"
BRANCH = f"{KIND_ON} = 'BRANCH'"
GRID_NOT_COVERED = (
    f"NOT EXISTS {{ MATCH (o:{ORG})-[:{Rel.COVERS_GRID}]->(n) WHERE {exists_on('o')} }}"
)
NO_VALID_POST = f"NOT EXISTS {{ MATCH (:{PERSON})-[h:{HOLDS}]->(n) WHERE {valid_on('h')} }}"
NO_VALID_LIAISON = f"NOT EXISTS {{ MATCH (n)-[l:{LIAISES}]->(:{ORG}) WHERE {valid_on('l')} }}"
NO_LIAISON_ABOVE = (
    f"NOT EXISTS {{ MATCH (n){up_on()}(:{ORG})<-[l:{LIAISES}]-(:{PERSON}) WHERE {valid_on('l')} }}"
)
JOINT_UNITS = (
    f"COUNT {{ MATCH (n)-[:{Rel.SET_UP_IN} {{form: 'JOINT'}}]->(u:{UNIT}) RETURN DISTINCT u }}"
)
LEADER_LEVELS = "n.level IN ['GRID', 'BUILDING', 'VILLAGE_GROUP']"

RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        _vacant("SECRETARY_VACANT", f"{KIND_ON} <> 'GROUP'", "SECRETARY"),
        _vacant("GROUP_LEADER_VACANT", f"{KIND_ON} = 'GROUP'", "GROUP_LEADER"),
        _simple(
            "COMMITTEE_REQUIRED",
            Label.ORGANISATION,
            BRANCH,
            f"{COMMITTEE_SIZE} AS committee",
            f"{BRANCH} AND coalesce(n.full_members, 0) >= $committee_min_members "
            "AND committee < $committee_min_size",
            "members: n.full_members, committee: committee, required: $committee_min_size",
        ),
        _simple(
            "COMMITTEE_OVERSIZE",
            Label.ORGANISATION,
            BRANCH,
            f"{COMMITTEE_SIZE} AS committee",
            f"{BRANCH} AND committee > $committee_max_size",
            "committee: committee, maximum: $committee_max_size",
        ),
        _simple(
            "NO_LIAISON",
            Label.ORGANISATION,
            BRANCH,
            "",
            f"{BRANCH} AND {NO_LIAISON_ABOVE}",
            f"kind: {KIND_ON}",
        ),
        # No index answers "has a liaison", so walking up from the candidates would test every
        # person in the graph: a township's query would grow with the province (PROFILE on the
        # county: 27k db hits up, 4k down; 47k against 57k at the root).
        Rule(
            "LIAISON_INACTIVE",
            Label.PERSON,
            f"EXISTS {{ (n)-[:{LIAISES}]->() }}",
            LIAISON_INACTIVE_BODY,
            from_scope=True,
        ),
        _simple(
            "LEADER_WITHOUT_POINT",
            Label.PERSON,
            "n.rank = 'COUNTY'",
            "",
            f"n.rank = 'COUNTY' AND {NO_VALID_LIAISON}",
            "rank: n.rank",
        ),
        _simple(
            "UNIT_UNCOVERED",
            Label.UNIT,
            "true",
            "",
            "coalesce(n.party_members, 0) >= $unit_min_members "
            f"AND NOT EXISTS {{ MATCH (o:{ORG})-[:{Rel.SET_UP_IN}]->(n) WHERE {exists_on('o')} }}",
            "members: n.party_members, minimum: $unit_min_members",
        ),
        _simple(
            "GRID_UNCOVERED",
            Label.GRID,
            "n.level = 'GRID'",
            "",
            f"n.level = 'GRID' AND {GRID_NOT_COVERED}",
            "level: n.level",
        ),
        _simple(
            "GRID_LEADER_VACANT",
            Label.GRID,
            LEADER_LEVELS,
            "",
            f"{LEADER_LEVELS} AND {NO_VALID_POST}",
            "level: n.level",
        ),
        _simple(
            "TERM_EXPIRED",
            Label.ORGANISATION,
            "n.term_start IS NOT NULL",
            f"{TERM_YEARS} AS years",
            "years IS NOT NULL AND n.term_start IS NOT NULL "
            "AND $day >= n.term_start + duration({years: years})",
            "term_start: n.term_start, years: years, "
            "term_end: n.term_start + duration({years: years})",
        ),
        _simple(
            "BRANCH_TOO_LARGE",
            Label.ORGANISATION,
            BRANCH,
            "",
            f"{BRANCH} AND coalesce(n.full_members, 0) > $branch_max_members",
            "members: n.full_members, maximum: $branch_max_members",
        ),
        _simple(
            "JOINT_TOO_WIDE",
            Label.ORGANISATION,
            "true",
            f"{JOINT_UNITS} AS units",
            "units > $joint_max_units",
            "units: units, maximum: $joint_max_units",
        ),
    )
}


def subjects(rule: Rule, *, scoped: bool, bucket: bool = False) -> str:
    """Matches the rule's candidate subjects `n` (in the subtree of $scope when scoped); with
    `bucket`, also the id of the scope's child each falls under (null for the scope itself)."""
    label = rule.subject.value
    hint = rule.hint
    if rule.subject is Label.ORGANISATION:  # only those existing on the day are subjects
        hint = exists_on("n") if hint == "true" else f"{exists_on('n')} AND ({hint})"
    where = "" if hint == "true" else f" WHERE {hint}"
    if not scoped:
        return f"MATCH (n:{label}){where}" + ("\nWITH n, null AS bucket" if bucket else "")
    hops = 0 if rule.subject is Label.ORGANISATION else 1
    if rule.subject is Label.PERSON and not rule.from_scope:
        # People outnumber organisations tenfold and an indexed pre-filter (rank) is selective:
        # start from the candidates and walk up to the scope rather than down to everyone.
        up = f"(n)-[:{Rel.PLACED_IN}]->(:{ORG}){up_on()}{SCOPE_ABOVE}"
        if not bucket:
            return f"MATCH (n:{label}){where}\nWITH n WHERE EXISTS {{ {up} }}"
        return (
            f"MATCH (n:{label}){where}\nCALL (n) {{ MATCH path = {up}\n"
            f"  RETURN CASE WHEN length(path) > 1 THEN nodes(path)[-2].id END AS bucket }}"
        )
    pattern = f"(:{ORG} {{id: $scope}}){down_on()}{AREA_HOP[rule.subject]}(n:{label})"
    if not bucket:
        return f"MATCH {pattern}{where}"
    return (
        f"MATCH path = {pattern}{where}\n"
        f"WITH n, CASE WHEN length(path) > {hops} THEN nodes(path)[1].id END AS bucket"
    )


# Related nodes are organisations (the liaison's, in LIAISON_INACTIVE); a scoped answer shows
# only those inside the scope, so neither a gap nor its cursor names anything outside it.
RELATED_IN_SCOPE = (
    f"[x IN related WHERE EXISTS {{ MATCH (:{ORG} {{id: x.id}}){up_on()}{SCOPE_ABOVE} }}]"
    " AS related"
)


# Leaving out the related organisations outside the scope can make two gaps of one subject look
# alike (a person's two liaisons, both outside); their occurrence tells them apart in the order
# and in cursors, numbered in the order of their related ids, which stay unnamed.
def alike_numbered(keys: str = "n") -> str:
    """Numbers the alike gaps of each subject (`keys`: the variables that name it)."""
    return f"""
WITH {keys}, {RELATED_IN_SCOPE}, disc, facts, [x IN related | x.id] AS all_ids
WITH {keys}, related, disc, facts, [x IN related | x.id] AS related_ids, all_ids ORDER BY all_ids
WITH {keys}, related_ids, disc, collect({{related: related, facts: facts}}) AS alike
UNWIND range(0, size(alike) - 1) AS occurrence
WITH {keys}, alike[occurrence].related AS related, disc, alike[occurrence].facts AS facts,
    related_ids, occurrence"""


ALIKE_NUMBERED = alike_numbered()
UNSCOPED = """
WITH n, related, disc, facts, [x IN related | x.id] AS related_ids, 0 AS occurrence"""


def gap_query(rule: Rule, *, scoped: bool) -> str:
    """The gaps of one rule in report order, strictly after the $after_* key, at most $first."""
    # One text per rule and scope kind, whether paged or not: planning a query costs far more
    # than running it on a small graph, and the plan cache is keyed by the text.
    return f"""
{subjects(rule, scoped=scoped)}
WITH n WHERE n.id >= $after_subject
CALL (n) {{ {rule.body}
}}{ALIKE_NUMBERED if scoped else UNSCOPED}
WHERE [n.id, related_ids, disc, occurrence]
    > [$after_subject, $after_related, $after_disc, $after_occurrence]
RETURN n {{.id, name: {NAME_ON}}} AS subject, related, disc, facts, related_ids, occurrence
ORDER BY subject.id, related_ids, disc, occurrence
LIMIT $first"""


def count_query(rule: Rule, *, scoped: bool) -> str:
    """The number of gaps of one rule per child of the scope (one null bucket unscoped)."""
    return f"""
{subjects(rule, scoped=scoped, bucket=True)}
CALL (n) {{ {rule.body}
}}
RETURN bucket, count(*) AS gaps"""


def organisation_gap_count() -> str:
    """A subquery giving `gap_count`: the gaps whose subject is the organisation `n`."""
    parts = [
        f"CALL (n) {{ {rule.body}\n    }} RETURN 1 AS hit"
        for rule in RULES.values()
        if rule.subject is Label.ORGANISATION
    ]
    union = "\n  UNION ALL\n    ".join(parts)
    return f"CALL (n) {{\n  CALL (n) {{\n    {union}\n  }}\n  RETURN count(*) AS gap_count\n}}"


def gap_parameters(day: date, scope_id: str | None, thresholds: Thresholds) -> dict[str, Any]:
    """Returns the parameters every rule query takes."""
    return {
        **{name: getattr(thresholds, name) for name in thresholds.__dataclass_fields__},
        "day": day,
        "scope": scope_id,
        "window_start": day - timedelta(days=thresholds.visit_window_days - 1),
        "committee_roles": sorted(COMMITTEE_ROLES),
    }
