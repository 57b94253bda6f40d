"""GraphQL operations asked by more than one API test, and paging through their answers."""

from __future__ import annotations

from typing import Any

from tests.support.factory import D
from tests.support.serving import Server

WHO = """query($id: ID!, $d: Date) { whoCovers(organisationId: $id, asOf: $d) {
  person { id name } relation role via { id name } distance } }"""
GAPS = """query($d: Date, $first: Int, $after: String, $scope: ID, $rules: [String!]) {
  coverageGaps(asOf: $d, first: $first, after: $after, scopeId: $scope, rules: $rules) {
    totalCount edges { cursor node { rule subject { id } related { id } detail } }
    pageInfo { hasNextPage endCursor } } }"""


def all_gaps(api: Server, token: str, first: int, **variables: Any) -> list[dict[str, Any]]:
    """Pages through coverageGaps on day D with first/after and returns every node."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = api.data(
            GAPS, token, variables={"d": D.isoformat(), "first": first, "after": after, **variables}
        )
        connection = page["coverageGaps"]
        nodes += [e["node"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes
        after = connection["pageInfo"]["endCursor"]
