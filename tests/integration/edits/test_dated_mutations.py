"""The history-writing arguments through `covergraph serve`: effective dates, dissolveOrganisation
and founded, with their refusals coded and worded as the other edits'."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from tests.support.factory import small_dataset
from tests.support.graph import load_fresh, make_tokens
from tests.support.graphql import WHO
from tests.support.serving import Server

Graph = tuple[Driver, str]
RENAME = """mutation($name: String!, $v: Int, $d: Date) { updateOrganisation(id: "B2",
  changes: {name: $name}, expectedVersion: $v, effective: $d) { id version } }"""
MOVE = """mutation($d: Date) { moveOrganisation(id: "B2", newParentId: "S1", expectedVersion: 2,
  effective: $d) { id version } }"""
DISSOLVE = """mutation($id: ID!, $d: Date!) { dissolveOrganisation(id: $id, dissolved: $d)
  { id version } }"""
CREATE = """mutation($parent: ID!, $d: Date) { createOrganisation(input: {id: "G9",
  name: "新党小组", kind: "党小组", parentId: $parent, founded: $d}) { id version } }"""


def _error(api: Server, token: str, query: str, **variables: Any) -> tuple[str, str]:
    response = api.post(query, token, variables=variables, headers={"Accept-Language": "en"})
    errors = response.json()["errors"]
    return errors[0]["message"], errors[0]["extensions"]["code"]


def _who(api: Server, token: str, day: str) -> set[tuple[str, str]]:
    answer = api.data(WHO, token, variables={"id": "B2", "d": day})["whoCovers"]
    return {(c["person"]["id"], c["via"]["id"]) for c in answer}


def test_effective_dates_and_dissolution_over_http(api_server: Server, graph: Graph) -> None:
    driver, database = graph
    load_fresh(driver, database, small_dataset())
    editor = make_tokens(driver, database, "T1").editor
    rename = {"name": "红旗村第一党支部", "v": 1, "d": "2024-01-01"}
    renamed = api_server.data(RENAME, editor, variables=rename)
    assert renamed == {"updateOrganisation": {"id": "B2", "version": 2}}
    moved = api_server.data(MOVE, editor, variables={"d": "2024-07-01"})
    assert moved == {"moveOrganisation": {"id": "B2", "version": 3}}
    assert _who(api_server, editor, "2024-06-30") == {("P1", "T1"), ("P2", "T1"), ("P1", "C1")}
    assert _who(api_server, editor, "2024-07-01") == {("P1", "C1")}
    assert _error(api_server, editor, RENAME, name="三名", v=3, d="2023-06-01") == (
        "the effective date 2023-06-01 must come after 2024-07-01, the day the current name, "
        "kind and parent took effect; an earlier past is changed by a load",
        "BAD_USER_INPUT",
    )
    # Up to the move, B2 was T1's child: T1 cannot be dissolved before then.
    assert _error(api_server, editor, DISSOLVE, id="T1", d="2024-01-01") == (
        'dissolved, value "2024-01-01": it still has child organisations on or after that day: '
        "B1 东风村党支部, B2 红旗村第一党支部; dissolve or move them first",
        "BAD_USER_INPUT",
    )
    dissolved = api_server.data(DISSOLVE, editor, variables={"id": "B2", "d": "2024-08-01"})
    assert dissolved == {"dissolveOrganisation": {"id": "B2", "version": 4}}
    assert _error(api_server, editor, CREATE, parent="B2", d="2024-07-15") == (
        'parentId, value "B2": on 2024-08-01, the parent organisation B2 no longer exists '
        "(dissolved 2024-08-01)",
        "BAD_USER_INPUT",
    )
    created = api_server.data(CREATE, editor, variables={"parent": "B1", "d": "2024-07-15"})
    assert created == {"createOrganisation": {"id": "G9", "version": 1}}
