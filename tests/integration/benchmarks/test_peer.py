"""The peer of `make bench` (benchmarks/peer/, @neo4j/graphql over the same Neo4j) answers as
covergraph does over HTTP: whoCovers of every organisation, and the gap count of each rule and
of all below every organisation with children, on a day with a past hierarchy and the day
after. Without the npm packages (`make setup`) the peer does not start and this test fails."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from neo4j import Driver

from api.auth import issue_token
from benchmarks.bench_peer import Ask, gap_count_differences, who_covers_differences
from benchmarks.peer.serving import peer_serving
from domain.dataset import Dataset
from graph.connection import connection_from_env
from graph.instance import Instance
from tests.support.factory import add, small_dataset
from tests.support.graph import load_fresh
from tests.support.hierarchy import organisations_on
from tests.support.serving import Server

# The last day of the past below, which is also the small dataset's last day with a branch
# secretary (B1's), and the day after. Each query is planned once: Neo4j takes seconds to plan
# the gap rules, so more days or datasets would cost far more than the answers themselves.
DAYS = [date(2024, 6, 30), date(2024, 7, 1)]


def small_with_a_past() -> Dataset:
    """The small dataset, where up to DAYS[0] the township had another name and the village
    branch B2 belonged to the street."""
    ds = small_dataset()
    for org, name, kind, parent in [
        ("T1", "城关镇筹备组", "COMMITTEE", "C1"),
        ("B2", "红旗村党支部", "BRANCH", "S1"),
    ]:
        add(ds, "organisation_history", organisation_id=org, until=DAYS[0], name=name, kind=kind,
            parent_id=parent)  # fmt: skip
    return ds


@pytest.fixture(scope="module")
def peer(neo4j_instance: Instance) -> Iterator[Ask]:
    """The peer serving the session's Neo4j, as a function that asks it one operation."""
    with peer_serving(connection_from_env()) as served, httpx.Client(timeout=60) as client:
        yield lambda query, variables: served.post(client, query, **variables)


def test_the_peer_answers_as_covergraph_does(
    graph: tuple[Driver, str], api_server: Server, peer: Ask
) -> None:
    driver, database = graph
    ds = small_with_a_past()
    load_fresh(driver, database, ds)
    token = issue_token(driver=driver, database=database, role="admin")[1]

    def covergraph(query: str, variables: dict[str, Any]) -> Any:
        return api_server.data(query, token, variables=variables)

    differences = []
    for day in DAYS:
        existing = organisations_on(ds, day)
        # Gap counts of the organisations with something below them: a leaf's are its own.
        scopes = sorted({str(o["parent_id"]) for o in existing.values() if o["parent_id"]})
        differences += who_covers_differences(covergraph, peer, sorted(existing), str(day))
        differences += gap_count_differences(covergraph, peer, scopes, str(day))
    # Today covergraph counts from its coverage index, which the import built.
    today = str(date.today())
    differences += gap_count_differences(covergraph, peer, ["C1"], today)
    assert differences == []
