"""A scoped token probed through every Query field and Mutation of the schema, on the county
demo: ids outside the scope are refused exactly like unknown ids, and answers to in-scope
requests name no id outside the scope (docs/coverage-rules.md; whoCovers may name the people
above it)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from neo4j import Driver

from tests.support import scope_probe as probe
from tests.support.scope_probe import County
from tests.support.serving import Server

UNKNOWN = "ZZ404"
QUERY_ID_ARGUMENTS = 12  # organisation, person, node, whoCovers, coverageGaps, gapReport,
# organisations, people, responsibilityChain, orgChart, coverageSummary, auditTrail
FIELD_KINDS = {"organisation": "organisations", "person": "people"}
PER_FIELD = 3  # in-scope ids asked per root field (the first ones reach outside the scope)
# Levels of fields selected below each root field: three where people appear (their posts'
# and liaisons' far ends), two below the larger answers (a chain's three levels are over the
# default cost budget; the adversarial scope probe asks four, on a server without limits).
DEPTHS = {"whoCovers": 3, "person": 3, "node": 3, "responsibilityChain": 2, "search": 3}
# whoCovers lists the people above the scope who answer for it, and what they cover it via;
# the via and such a person's home are stubs there (tests/integration/adversarial/ probes them).
MAY_BE_OUTSIDE = {
    ("whoCovers", "*", "person", "id"),
    ("whoCovers", "*", "via", "id"),
    ("whoCovers", "*", "person", "home", "id"),
}
NOT_REFERENCES = {"createOrganisation": {"input.id"}}  # a new id, not a reference


@pytest.fixture(scope="module")
def county(session_graph: tuple[Driver, str]) -> County:
    """The county demo anchored on 2024-06-30, loaded, with scoped tokens."""
    return County(*session_graph)


def _answer(api: Server, text: str, token: str) -> dict[str, Any]:
    response = api.post(text, token)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _leaks(body: dict[str, Any], outside: set[str]) -> list[tuple[tuple[str, ...], str]]:
    """Returns the strings of an answer that are ids outside the scope (whoCovers' people aside)."""
    return [
        (path, text)
        for path, text in probe.strings(body.get("data"))
        if text in outside and path not in MAY_BE_OUTSIDE
    ]


def _refused_alike(api: Server, kind: str, name: str, arg: str, ids: dict[str, str],
                   outside_id: str, token: str, county: County) -> None:  # fmt: skip
    """Asks with an outside id and with an unknown one; both must fail the same way."""
    outside = _answer(api, probe.operation(kind, name, {**ids, arg: outside_id}, 1), token)
    unknown = _answer(api, probe.operation(kind, name, {**ids, arg: UNKNOWN}, 1), token)
    where = f"{kind} {name}({arg}: {outside_id})"
    assert (outside.get("data") or {}).get(name) is None, where
    assert outside.get("errors"), where
    assert unknown.get("errors"), where
    seen, expected = outside["errors"][0], unknown["errors"][0]
    assert seen["extensions"]["code"] == expected["extensions"]["code"], where
    assert seen["message"] == expected["message"].replace(UNKNOWN, outside_id), where
    assert not _leaks(outside, county.outside_ids), where


def _probe_all(api: Server, county: County, kind: str, token: str) -> int:
    """Sends every out-of-scope probe of the Query or Mutation fields; returns how many."""
    attempts = 0
    for name, field in probe.root_fields(kind).items():
        args = [a for a in probe.id_arguments(field) if a not in NOT_REFERENCES.get(name, set())]
        valid = {a: county.in_scope_id(a) for a in args}
        for arg in args:
            for outside_id in county.probes:
                _refused_alike(api, kind, name, arg, valid, outside_id, token, county)
                attempts += 1
    return attempts


def _audit_count(driver: Driver, database: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (e:AuditEntry) RETURN count(e) AS n", database_=database
    )
    return int(records[0]["n"])


def test_out_of_scope_ids_read_like_unknown_ones(
    api_server: Server, county: County, session_graph: tuple[Driver, str]
) -> None:
    before = _audit_count(*session_graph)
    queries = _probe_all(api_server, county, "query", county.viewer)
    mutations = _probe_all(api_server, county, "mutation", county.editor)
    print(f"scope: {queries + mutations} out-of-scope requests "
          f"({queries} queries, {mutations} mutations), all refused")  # fmt: skip
    # Every id argument of the schema was probed with every outside id.
    assert queries == 5 * QUERY_ID_ARGUMENTS
    assert mutations >= 5 * 20
    assert _audit_count(*session_graph) == before  # not one edit went through


def _interesting(county: County) -> dict[str, list[str]]:
    """In-scope ids whose neighbours reach outside the scope, and a few others."""
    sets, ds = county.sets, county.dataset
    reach = [(r["person_id"], r.values.get("target_id") or r["organisation_id"])
             for t in ("posts", "liaisons", "visits") for r in ds.rows(t)]  # fmt: skip
    orgs = sorted({str(o) for p, o in reach if o in sets.organisations and p not in sets.people})
    people = sorted({str(p) for p, o in reach if p in sets.people and o not in sets.organisations})
    pick = random.Random(7)
    return {
        "organisations": [
            county.scope_id,
            *orgs[:3],
            *pick.sample(county.inside["organisations"], 1),
        ],
        "people": [*people[:3], *pick.sample(county.inside["people"], 1)],
        "units": pick.sample(county.inside["units"], 1),
        "grids": pick.sample(county.inside["grids"], 1),
    }


def test_in_scope_answers_name_no_id_outside(api_server: Server, county: County) -> None:
    interesting = _interesting(county)
    # The data has organisations with people from outside, and people reaching outside.
    assert interesting["organisations"][1:]
    assert interesting["people"]
    requests = checked = 0
    for name, field in probe.root_fields("query").items():
        if name == "auditTrail":  # admin tokens without a scope only
            continue
        args = probe.id_arguments(field)
        kind = FIELD_KINDS.get(name) or (probe.ID_KINDS.get(args[0]) if args else None)
        mixed = [v[0] for v in interesting.values()]  # node(id): one of each kind
        ids = interesting[kind][:PER_FIELD] if kind else mixed if args else [None]
        for value in ids:
            depth = DEPTHS.get(name, 2)
            text = probe.operation("query", name, {args[0]: value} if value else {}, depth)
            body = _answer(api_server, text, county.viewer)
            assert "errors" not in body, (name, value, body.get("errors"))
            leaks = _leaks(body, county.outside_ids)
            assert not leaks, (name, value, leaks[:5])
            requests += 1
            checked += sum(1 for _ in probe.strings(body["data"]))
    print(f"scope: {requests} in-scope requests, {checked} values checked, none outside")
    assert requests >= 20
