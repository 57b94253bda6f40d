"""Organisation.founded, dissolved and history (沿革) over real HTTP: every change of the
hand-built county, and a scoped token that sees no parent outside its scope."""

from __future__ import annotations

import json

import pytest
from neo4j import Driver

from tests.support.factory import changes_dataset
from tests.support.graph import Tokens, load_fresh, make_tokens
from tests.support.serving import Server

HISTORY = """query($id: ID!, $d: Date) { organisation(id: $id, asOf: $d) { founded dissolved
  history { date kind previousName newName previousKind newKind
  previousParent { id name } newParent { id name } } } }"""
# G1 exists on 2022-01-01 only of the days asked: lists hold what exists on their day.
EVERY = """{ organisations(first: 10, asOf: "2022-01-01") { edges { node { id founded dissolved
  history { date kind } } } } }"""
NOTHING = dict.fromkeys(
    ("previousName", "newName", "previousKind", "newKind", "previousParent", "newParent")
)
T1 = {"id": "T1", "name": "城关镇党委"}


def change(day: str, kind: str, **shown: object) -> dict[str, object]:
    """An entry of `history`: the fields the change sets, null for the others."""
    return {"date": day, "kind": kind, **NOTHING, **shown}


@pytest.fixture(scope="module")
def tokens(session_graph: tuple[Driver, str]) -> Tokens:
    """The county with a history loaded; the scoped token sees township T2 only."""
    driver, database = session_graph
    load_fresh(driver, database, changes_dataset())
    return make_tokens(driver, database, "T2")


def test_history_lists_every_change_oldest_first(api_server: Server, tokens: Tokens) -> None:
    found = api_server.data(HISTORY, tokens.viewer, variables={"id": "B1"})["organisation"]
    assert (found["founded"], found["dissolved"]) == ("2020-03-01", None)
    assert found["history"] == [
        change("2020-03-01", "FOUNDED", newName="东风村党支部", newKind="BRANCH", newParent=T1),
        change("2021-07-01", "RENAMED", previousName="东风村党支部", newName="东风社区党支部"),
        # T2 as it was on the day B1 joined it: renamed that very day.
        change("2023-01-01", "MOVED", previousParent=T1,
               newParent={"id": "T2", "name": "河口镇党委"}),
        change("2023-07-01", "RENAMED", previousName="东风社区党支部", newName="东风社区党总支"),
        change("2023-07-01", "REKINDED", previousKind="BRANCH", newKind="GENERAL_BRANCH"),
    ]  # fmt: skip


def test_history_of_every_organisation_of_a_page(api_server: Server, tokens: Tokens) -> None:
    edges = api_server.data(EVERY, tokens.admin)["organisations"]["edges"]
    found = {e["node"]["id"]: e["node"] for e in edges}
    assert [c["kind"] for c in found["B1"]["history"]] == [
        "FOUNDED", "RENAMED", "MOVED", "RENAMED", "REKINDED"
    ]  # fmt: skip
    assert (found["G1"]["founded"], found["G1"]["dissolved"]) == ("2021-01-01", "2023-07-01")
    assert [(c["date"], c["kind"]) for c in found["G1"]["history"]] == [
        ("2021-01-01", "FOUNDED"), ("2023-07-01", "DISSOLVED")
    ]  # fmt: skip
    g1 = api_server.data(HISTORY, tokens.admin, variables={"id": "G1", "d": "2022-01-01"})
    # B1 as it was on G1's last day, 2023-06-30: a branch still, under its name of then.
    assert g1["organisation"]["history"][-1] == change(
        "2023-07-01", "DISSOLVED", previousName="第一党小组", previousKind="GROUP",
        previousParent={"id": "B1", "name": "东风社区党支部"},
    )  # fmt: skip
    assert found["T2"]["history"] == [{"date": "2023-01-01", "kind": "RENAMED"}]
    assert found["C1"]["history"] == []


def test_a_scoped_token_sees_no_parent_outside_its_scope(
    api_server: Server, tokens: Tokens
) -> None:
    answer = api_server.data(HISTORY, tokens.scoped, variables={"id": "B1"})
    history = answer["organisation"]["history"]
    assert history[0] == change("2020-03-01", "FOUNDED", newName="东风村党支部", newKind="BRANCH")
    assert history[2] == change("2023-01-01", "MOVED", newParent={"id": "T2", "name": "河口镇党委"})
    assert "T1" not in json.dumps(answer)
    assert "城关镇" not in json.dumps(answer, ensure_ascii=False)
    top = api_server.data(HISTORY, tokens.scoped, variables={"id": "T2"})["organisation"]
    assert top["history"] == [change("2023-01-01", "RENAMED", previousName="河口乡党委",
                                     newName="河口镇党委")]  # fmt: skip
