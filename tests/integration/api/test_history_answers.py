"""The API on a day answers with the hierarchy of that day (docs/model.md, "History of the
organisations"): names, kinds, parents, children, ancestors, lists, scopes and gaps of D."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from tests.support.factory import Build, history_dataset
from tests.support.graph import Tokens, load_fresh, make_tokens
from tests.support.serving import Server

BEFORE_MOVE, AFTER_MOVE = "2021-03-01", "2021-08-01"  # B1 moves from C1 to T1 on 2021-07-01

ORGANISATION = """query($id: ID!, $asOf: Date) {
  organisation(id: $id, asOf: $asOf) {
    name kind parent { id name } ancestors { id name }
    children { edges { node { id name } } }
    gaps { rule subject { name } }
  }
}"""
LIST = """query($asOf: Date, $kind: String) {
  organisations(asOf: $asOf, kind: $kind, first: 50) { totalCount edges { node { id name } } }
}"""
GAP_SUBJECTS = """query($asOf: Date) {
  coverageGaps(asOf: $asOf, first: 100) { edges { node { rule subject { id name } } } }
}"""
WHO = """query($id: ID!, $asOf: Date) {
  whoCovers(organisationId: $id, asOf: $asOf) { relation via { id name } }
}"""


@pytest.fixture(scope="module")
def tokens(session_graph: tuple[Driver, str]) -> Tokens:
    """The history dataset with a secretary in the county, loaded; the scoped token sees T1."""
    driver, database = session_graph
    build = Build(history_dataset(), every_column=False)
    build.person("P9", "C1").post("P9", "C1", "SECRETARY")
    load_fresh(driver, database, build.ds)
    return make_tokens(driver, database, "T1")


def _data(server: Server, token: str, query: str, **variables: Any) -> dict[str, Any]:
    return server.data(query, token, variables=variables)


def _ids(nodes: list[dict[str, Any]]) -> list[str]:
    return [n["id"] for n in nodes]


def test_an_organisation_shows_its_name_parent_and_tree_of_the_day(
    api_server: Server, tokens: Tokens
) -> None:
    before = _data(api_server, tokens.admin, ORGANISATION, id="B1", asOf=BEFORE_MOVE)
    b1 = before["organisation"]
    assert (b1["name"], b1["parent"]["id"], _ids(b1["ancestors"])) == ("东风村老支部", "C1", ["C1"])
    assert {g["subject"]["name"] for g in b1["gaps"]} == {"东风村老支部"}
    after = _data(api_server, tokens.admin, ORGANISATION, id="B1", asOf=AFTER_MOVE)["organisation"]
    assert (after["name"], after["parent"]) == ("东风村党支部", {"id": "T1", "name": "城关镇党委"})
    assert _ids(after["ancestors"]) == ["T1", "C1"]
    t1 = _data(api_server, tokens.admin, ORGANISATION, id="T1", asOf="2020-06-01")["organisation"]
    assert (t1["name"], t1["parent"], t1["children"]["edges"]) == ("城关镇筹备组", None, [])
    t1 = _data(api_server, tokens.admin, ORGANISATION, id="T1", asOf=AFTER_MOVE)["organisation"]
    assert [e["node"]["id"] for e in t1["children"]["edges"]] == ["B1"]


def test_lists_hold_the_organisations_existing_on_the_day(
    api_server: Server, tokens: Tokens
) -> None:
    def listed(day: str, kind: str | None = None) -> list[str]:
        found = _data(api_server, tokens.admin, LIST, asOf=day, kind=kind)["organisations"]
        assert found["totalCount"] == len(found["edges"])
        return [e["node"]["id"] for e in found["edges"]]

    assert listed("2019-06-01") == ["B1", "C1"]  # T1 and G1 not founded yet
    assert listed("2022-01-01") == ["B1", "C1", "G1", "T1"]
    assert listed("2023-06-01") == ["B1", "C1", "T1"]  # G1 dissolved on 2023-01-01
    assert listed("2022-01-01", "GROUP") == ["G1"]


def test_gaps_and_who_covers_name_what_they_name_as_of_the_day(
    api_server: Server, tokens: Tokens
) -> None:
    def subjects(day: str) -> dict[str, str]:
        edges = _data(api_server, tokens.admin, GAP_SUBJECTS, asOf=day)["coverageGaps"]["edges"]
        return {e["node"]["subject"]["id"]: e["node"]["subject"]["name"] for e in edges}

    assert subjects("2020-06-01")["T1"] == "城关镇筹备组"
    assert subjects(BEFORE_MOVE)["B1"] == "东风村老支部"
    assert subjects(AFTER_MOVE)["B1"] == "东风村党支部"
    before = _data(api_server, tokens.admin, WHO, id="B1", asOf=BEFORE_MOVE)["whoCovers"]
    after = _data(api_server, tokens.admin, WHO, id="B1", asOf=AFTER_MOVE)["whoCovers"]
    assert {"relation": "LIAISON", "via": {"id": "T1", "name": "城关镇党委"}} not in before
    assert {"relation": "LIAISON", "via": {"id": "T1", "name": "城关镇党委"}} in after


def test_a_scope_holds_what_lay_below_it_on_the_day(api_server: Server, tokens: Tokens) -> None:
    outside = api_server.post(
        ORGANISATION, tokens.scoped, variables={"id": "B1", "asOf": BEFORE_MOVE}
    )
    assert outside.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    inside = _data(api_server, tokens.scoped, ORGANISATION, id="B1", asOf=AFTER_MOVE)
    assert inside["organisation"]["parent"]["id"] == "T1"
    assert inside["organisation"]["ancestors"] == [{"id": "T1", "name": "城关镇党委"}]
    edges = _data(api_server, tokens.scoped, GAP_SUBJECTS, asOf=BEFORE_MOVE)["coverageGaps"]
    assert "B1" not in {e["node"]["subject"]["id"] for e in edges["edges"]}


def test_an_organisation_that_does_not_exist_on_the_day_is_not_found_saying_when_it_does(
    api_server: Server, tokens: Tokens
) -> None:
    answer = api_server.post(WHO, tokens.admin, variables={"id": "G1", "asOf": "2024-01-01"})
    (error,) = answer.json()["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    for day in ("2024-01-01", "2021-01-01", "2022-12-31"):  # the day asked, founded, last day
        assert day in error["message"]
