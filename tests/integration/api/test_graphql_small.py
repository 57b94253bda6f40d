"""The GraphQL API over real HTTP on the small factory dataset: fields, errors, scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.dataset import Dataset
from tests.support import oracle
from tests.support.graph import Tokens
from tests.support.graphql import GAPS, WHO, all_gaps
from tests.support.serving import Server

D = "2024-06-30"


def errors(response: Any) -> list[dict[str, Any]]:
    """Returns the GraphQL errors of a 200 response."""
    assert response.status_code == 200, response.text
    return response.json()["errors"]  # type: ignore[no-any-return]


def code(response: Any) -> str:
    """Returns the code of the single error of a response."""
    (error,) = errors(response)
    return str(error["extensions"]["code"])


def test_health_tells_only_admins_more_than_that_the_service_is_up(
    api_server: Server, small: tuple[Dataset, Tokens]
) -> None:
    tokens = small[1]
    for token in (None, "nonsense", tokens.viewer, tokens.editor, tokens.scoped):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = api_server.client.get(f"{api_server.url}/health", headers=headers)
        assert answer.json() == {"status": "ok"}, token
    admin = {"Authorization": f"Bearer {tokens.admin}"}
    told = api_server.client.get(f"{api_server.url}/health", headers=admin).json()
    assert told["database"]["version"].startswith("5.")
    assert set(told) == {"status", "database", "importPublishing", "answerCache"}


def test_graphiql_page_loads_without_token(api_server: Server) -> None:
    page = api_server.client.get(f"{api_server.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic abc", "Bearer"])
def test_missing_or_bad_token_is_401(api_server: Server, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = api_server.client.post(
        f"{api_server.url}/graphql", json={"query": "{ databaseVersion }"}, headers=headers
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_revoked_and_expired_tokens_are_401(
    api_server: Server, small: tuple[Dataset, Tokens], session_graph: Any
) -> None:
    from datetime import UTC, datetime, timedelta

    from api.auth import hash_secret, issue_token
    from queries.tokens import revoke_token, store_token

    driver, database = session_graph
    record, secret = issue_token(driver=driver, database=database, role="admin")
    revoke_token(driver=driver, database=database, token_id=record.id)
    assert api_server.post("{ databaseVersion }", secret).status_code == 401
    past = datetime.now(UTC) - timedelta(days=1)
    store_token(driver=driver, database=database, token_id="tok_old", token_hash=hash_secret("x"),
                role="admin", scope_id=None, created=past, expires=past)  # fmt: skip
    response = api_server.post("{ databaseVersion }", "x")
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "token expired"


def test_organisation_and_person_fields(api_server: Server, small: tuple[Dataset, Tokens]) -> None:
    _, tokens = small
    query = """{ organisation(id: "B1") { id name kind domain fullMembers probationaryMembers
      termStart parent { id } ancestors { id } children { totalCount edges { node { id } } }
      secretary(asOf: "2024-06-30") { id } gapCount(asOf: "2024-06-30")
      liaisons(asOf: "2024-06-30") { kind visitsPerMonth person { id } }
      units { form unit { id partyMembers } } posts(includeEnded: true) { role end } }
      person(id: "P2") { id name rank home { id } posts(asOf: "2024-06-30") { role target { id } }
        visits { date kind organisation { id } }
        organisationsCovered(asOf: "2024-06-30") { relation role organisation { id } } } }"""
    data = api_server.data(query, tokens.admin)
    org = data["organisation"]
    assert org["name"] == "东风村党支部"
    assert org["kind"] == "BRANCH"
    assert org["fullMembers"] == 9
    assert org["termStart"] == "2019-02-28"
    assert org["parent"] == {"id": "T1"}
    assert [a["id"] for a in org["ancestors"]] == ["T1", "C1"]
    assert org["children"] == {"totalCount": 1, "edges": [{"node": {"id": "G1"}}]}
    assert org["secretary"] == {"id": "P3"}
    assert org["liaisons"] == [{"kind": "VILLAGE", "visitsPerMonth": 1, "person": {"id": "P2"}}]
    assert org["units"] == [{"form": "OWN", "unit": {"id": "U1", "partyMembers": 10}}]
    assert org["posts"] == [{"role": "SECRETARY", "end": "2024-06-30"}]
    person = data["person"]
    assert person["rank"] == "TOWNSHIP"
    assert person["home"] == {"id": "T1"}
    assert person["posts"] == [{"role": "SECRETARY", "target": {"id": "T1"}}]
    visit = {"date": "2024-06-10", "kind": "GUIDANCE", "organisation": {"id": "B1"}}
    assert person["visits"] == [visit]
    assert {(c["relation"], c["organisation"]["id"]) for c in person["organisationsCovered"]} == {
        ("POST", "T1"),
        ("LIAISON", "B1"),
    }


def test_node_lookup_by_interface(api_server: Server, small: tuple[Dataset, Tokens]) -> None:
    _, tokens = small
    query = """{ a: node(id: "GR2") { __typename id name ... on Grid { level area { id } } }
      b: node(id: "U2") { __typename ... on Unit { kind area { id } } } }"""
    data = api_server.data(query, tokens.admin)
    assert data["a"] == {"__typename": "Grid", "id": "GR2", "name": "幸福社区第1网格",
                         "level": "GRID", "area": {"id": "S1"}}  # fmt: skip
    assert data["b"] == {"__typename": "Unit", "kind": "NON_PUBLIC", "area": {"id": "S1"}}


@pytest.mark.parametrize("org", ["B1", "B2", "B3", "G1", "T1", "C1", "S1"])
def test_who_covers_agrees_with_oracle(
    api_server: Server, small: tuple[Dataset, Tokens], org: str
) -> None:
    dataset, tokens = small
    got = api_server.data(WHO, tokens.admin, variables={"id": org, "d": D})["whoCovers"]
    expected = oracle.who_covers(dataset, org, date.fromisoformat(D))
    assert [
        (c["person"]["id"], c["relation"], c["role"], c["via"]["id"], c["distance"]) for c in got
    ] == [(e.person_id, e.relation, e.role, e.via_id, e.distance) for e in expected]


def test_gap_pages_concatenate_to_the_oracle_list(
    api_server: Server, small: tuple[Dataset, Tokens]
) -> None:
    dataset, tokens = small
    expected = oracle.gaps(dataset, date.fromisoformat(D))
    one = all_gaps(api_server, tokens.admin, 500)
    paged = all_gaps(api_server, tokens.admin, 2)
    assert paged == one
    assert [(g["rule"], g["subject"]["id"], tuple(r["id"] for r in g["related"])) for g in one] == [
        (e.rule, e.subject_id, e.related_ids) for e in expected
    ]
    total = api_server.data(GAPS, tokens.admin, variables={"d": D, "first": 1})
    assert total["coverageGaps"]["totalCount"] == len(expected)


def test_gap_detail_language(api_server: Server, small: tuple[Dataset, Tokens]) -> None:
    _, tokens = small
    query = """{ coverageGaps(asOf: "2024-06-30", rules: ["SECRETARY_VACANT"], first: 1) {
      edges { node { zh: detail en: detail(lang: "en") } } } }"""
    node = api_server.data(query, tokens.admin)["coverageGaps"]["edges"][0]["node"]
    assert "书记空缺" in node["zh"]
    assert "has no secretary" in node["en"]
    english = api_server.data(query, tokens.admin, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "has no secretary" in english["coverageGaps"]["edges"][0]["node"]["zh"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('{ organisation(id: "nope") { id } }', "NOT_FOUND"),
        ('{ person(id: "B1") { id } }', "NOT_FOUND"),
        ('{ whoCovers(organisationId: "P1") { role } }', "NOT_FOUND"),
        ('{ whoCovers(organisationId: "B1", asOf: "2024-13-01") { role } }', "BAD_USER_INPUT"),
        ('{ coverageGaps(after: "garbage") { totalCount } }', "BAD_USER_INPUT"),
        ("{ coverageGaps(first: 501) { totalCount } }", "BAD_USER_INPUT"),
        ('{ coverageGaps(rules: ["NOPE"]) { totalCount } }', "BAD_USER_INPUT"),
        ('{ coverageGaps(scopeId: "nope") { totalCount } }', "NOT_FOUND"),
        ('{ orgChart(rootId: "C1", depth: 99) { id } }', "BAD_USER_INPUT"),
        ('{ organisations(after: "eyJ4Il0=") { totalCount } }', "BAD_USER_INPUT"),
        ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_errors_have_stable_codes(
    api_server: Server, small: tuple[Dataset, Tokens], query: str, expected: str
) -> None:
    _, tokens = small
    response = api_server.post(query, tokens.admin)
    if expected == "GRAPHQL_VALIDATION_FAILED":  # the request itself is invalid
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        return
    assert code(response) == expected
    assert "Traceback" not in response.text


def test_bad_date_variable_names_the_value(
    api_server: Server, small: tuple[Dataset, Tokens]
) -> None:
    _, tokens = small
    response = api_server.post(WHO, tokens.admin, variables={"id": "B1", "d": "30/06/2024"})
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "30/06/2024" in error["message"]


def test_scoped_token_sees_its_subtree_only(
    api_server: Server, small: tuple[Dataset, Tokens]
) -> None:
    dataset, tokens = small
    assert code(api_server.post('{ organisation(id: "C1") { id } }', tokens.scoped)) == "NOT_FOUND"
    assert code(api_server.post('{ person(id: "P1") { id } }', tokens.scoped)) == "NOT_FOUND"
    query = '{ organisation(id: "T1") { parent { id } ancestors { id } } }'
    assert api_server.data(query, tokens.scoped)["organisation"] == {
        "parent": None,
        "ancestors": [],
    }
    query = '{ organisation(id: "B1") { ancestors { id } } }'
    assert api_server.data(query, tokens.scoped)["organisation"]["ancestors"] == [{"id": "T1"}]
    scoped = all_gaps(api_server, tokens.scoped, 100)
    expected = oracle.gaps(dataset, date.fromisoformat(D), scope_id="T1")
    assert [(g["rule"], g["subject"]["id"]) for g in scoped] == [
        (e.rule, e.subject_id) for e in expected
    ]
    response = api_server.post(GAPS, tokens.scoped, variables={"scope": "S1"})
    assert code(response) == "NOT_FOUND"
    # People above the scope answer for it, so whoCovers shows them.
    who = api_server.data(WHO, tokens.scoped, variables={"id": "B1", "d": D})["whoCovers"]
    assert ("P1", "CHAIN") in {(c["person"]["id"], c["relation"]) for c in who}
    listed = api_server.data("{ organisations { totalCount } }", tokens.scoped)
    assert listed["organisations"]["totalCount"] == 4  # T1, B1, B2, G1


def test_viewer_cannot_mutate(api_server: Server, small: tuple[Dataset, Tokens]) -> None:
    _, tokens = small
    mutation = """mutation { recordVisit(personId: "P1", organisationId: "B1",
      date: "2024-06-01") { version } }"""
    assert code(api_server.post(mutation, tokens.viewer)) == "FORBIDDEN"


def test_connection_pages(api_server: Server, small: tuple[Dataset, Tokens]) -> None:
    _, tokens = small
    query = """query($after: String) { organisations(first: 3, after: $after) { totalCount
      edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
    ids: list[str] = []
    after = None
    while True:
        page = api_server.data(query, tokens.admin, variables={"after": after})["organisations"]
        assert page["totalCount"] == 7
        ids += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert ids == sorted(["C1", "T1", "B1", "B2", "G1", "S1", "B3"])
    people = api_server.data('{ people(rank: "COUNTY") { edges { node { id } } } }', tokens.admin)
    assert [e["node"]["id"] for e in people["people"]["edges"]] == ["P1", "P5"]


def test_dashboard_fields(api_server: Server, small: tuple[Dataset, Tokens]) -> None:
    _, tokens = small
    query = """{ responsibilityChain(organisationId: "B1", asOf: "2024-06-30") {
        organisation { id } distance secretaries { id } }
      orgChart(rootId: "C1", depth: 1, asOf: "2024-06-30") { id depth secretaries gapCount }
      coverageSummary(asOf: "2024-06-30") { scope { id } figures { organisationCount
        branches gaps { key count } } children { organisation { id } } }
      search(text: "党支部") { id name } }"""
    data = api_server.data(query, tokens.admin)
    chain = [(c["organisation"]["id"], c["distance"]) for c in data["responsibilityChain"]]
    assert chain == [("B1", 0), ("T1", 1), ("C1", 2)]
    assert next(n["id"] for n in data["orgChart"]) == "C1"
    summary = data["coverageSummary"]
    assert summary["scope"] == {"id": "C1"}
    assert summary["figures"]["organisationCount"] == 7
    assert {n["id"] for n in data["search"]} == {"B1", "B2", "B3"}
    scoped = api_server.data('{ search(text: "党") { id } }', tokens.scoped)["search"]
    assert {n["id"] for n in scoped} <= {"T1", "B1", "B2", "G1"}
