"""The audit trail: edits and imports recorded in the graph, read by admins through GraphQL
and `covergraph audit export`, and an organisation's history rebuilt from it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

from neo4j import Driver

from api.auth import issue_token
from domain.dataset import Dataset
from services.exchange.exporter import read_graph
from tests.support.graph import Tokens
from tests.support.serving import Server

TRAIL = """query($target: ID, $first: Int, $after: String, $since: DateTime) {
  auditTrail(targetId: $target, first: $first, after: $after, since: $since) {
    edges { cursor node { id at actor action targetKind targetId before after } }
    pageInfo { hasNextPage endCursor } } }"""
EDITS = [
    'updateOrganisation(id: "B2", changes: {name: "红旗村第一党支部"}, expectedVersion: 1)',
    'moveOrganisation(id: "B2", newParentId: "S1", expectedVersion: 2)',
    'updateOrganisation(id: "B2", changes: {fullMembers: 8, domain: "社区"})',
    'appointPost(personId: "P4", targetId: "B2", role: "SECRETARY", start: "2024-07-01")',
    'endPost(personId: "P4", targetId: "B2", role: "SECRETARY", start: "2024-07-01", '
    'end: "2024-12-31")',
]


def _trail(api: Server, token: str, **variables: Any) -> list[dict[str, Any]]:
    """Reads every page of the trail, two entries a page, to exercise the keyset cursor."""
    entries: list[dict[str, Any]] = []
    after = None
    while True:
        page = api.data(TRAIL, token, variables={**variables, "first": 2, "after": after})
        entries += [edge["node"] for edge in page["auditTrail"]["edges"]]
        if not page["auditTrail"]["pageInfo"]["hasNextPage"]:
            return entries
        after = page["auditTrail"]["pageInfo"]["endCursor"]


def _edit(api: Server, tokens: Tokens) -> None:
    for edit in EDITS:
        api.data(f"mutation {{ {edit.split('(')[0]}: {edit} {{ __typename }} }}", tokens.editor)


def test_history_of_an_organisation_is_rebuilt_from_the_trail(
    api_server: Server, small: tuple[Dataset, Tokens], session_graph: tuple[Driver, str]
) -> None:
    _, tokens = small
    _edit(api_server, tokens)
    entries = _trail(api_server, tokens.admin, target="B2")
    own = [e for e in entries if e["targetKind"] == "organisations"]
    assert [e["action"] for e in own] == ["update", "move", "update"]
    # Each entry starts where the one before ended: the trail is a complete history.
    for earlier, later in pairwise(own):
        assert later["before"] == earlier["after"]
    state = dict(own[0]["before"])  # B2 as imported
    for entry in own:
        state = {**state, **entry["after"]}
    stored = next(r for r in read_graph(driver=session_graph[0], database=session_graph[1])
                  .rows("organisations") if r["id"] == "B2")  # fmt: skip
    assert {k: v for k, v in state.items() if k != "version"} == {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in stored.values.items()
    }
    assert state["parent_id"] == "S1"
    assert [e["after"]["version"] for e in own] == [2, 3, 4]
    posts = [e for e in entries if e["targetKind"] == "posts"]
    assert [(e["action"], (e["after"] or {}).get("end")) for e in posts] == [
        ("add", None),
        ("end", "2024-12-31"),
    ]
    assert {e["actor"] for e in entries} == {_token_id(session_graph, tokens.editor)}


def _token_id(graph: tuple[Driver, str], secret: str) -> str:
    from api.auth import hash_secret
    from queries.tokens import find_token

    found = find_token(driver=graph[0], database=graph[1], token_hash=hash_secret(secret))
    assert found is not None
    return found.id


def test_only_unscoped_admins_read_the_trail(
    api_server: Server, small: tuple[Dataset, Tokens], session_graph: tuple[Driver, str]
) -> None:
    _, tokens = small
    scoped_admin = issue_token(
        driver=session_graph[0], database=session_graph[1], role="admin", scope_id="T1"
    )[1]
    for token in (tokens.viewer, tokens.editor, tokens.scoped, scoped_admin):
        response = api_server.post(TRAIL, token).json()
        assert response["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    imports = [e for e in _trail(api_server, tokens.admin) if e["action"] == "IMPORT"]
    assert imports
    assert imports[-1]["after"]["tables"]["organisations"]["created"] == 7
    assert imports[-1]["after"]["replace"] is False
    late = _trail(api_server, tokens.admin, since="2999-01-01T00:00:00Z")
    assert late == []


def test_the_trail_exports_as_json_lines_and_csv(
    api_server: Server, small: tuple[Dataset, Tokens], tmp_path: Path
) -> None:
    _, tokens = small
    _edit_once = 'updateOrganisation(id: "G1", changes: {name: "第一党小组（改）"})'
    api_server.data(f"mutation {{ {_edit_once} {{ version }} }}", tokens.editor)
    everything = _trail(api_server, tokens.admin)
    command = [sys.executable, "-m", "api.cli", "audit", "export"]
    lines = tmp_path / "trail.jsonl"
    done = subprocess.run([*command, str(lines)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [e["id"] for e in exported] == [e["id"] for e in everything]
    assert exported[-1]["after"]["name"] == "第一党小组（改）"
    table = tmp_path / "g1.csv"
    done = subprocess.run([*command, str(table), "--target", "G1"], capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with table.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["target_id"] for r in rows] == ["G1"]
    assert json.loads(rows[0]["before"])["name"] == "第一党小组"
