"""The short version of `make bench`: on the county demo, whoCovers through the real HTTP
server costs at most three times the raw Cypher for the same random branches."""

from __future__ import annotations

import itertools

from neo4j import Driver, RoutingControl

from benchmarks.harness import ANCHOR, side_by_side
from benchmarks.operations import WHO_COVERS, Organisations
from queries import who_covers as coverage
from tests.support.factory import demo
from tests.support.graph import load_fresh, make_tokens
from tests.support.serving import Server

ROUNDS = 300  # each round asks both ways, in alternating order
LIMIT = 3.0


def test_who_covers_over_http_stays_within_three_times_the_raw_cypher(
    session_graph: tuple[Driver, str], api_server: Server
) -> None:
    driver, database = session_graph
    dataset = demo("county", 1, ANCHOR)
    load_fresh(driver, database, dataset)
    tree = Organisations.of(dataset, ANCHOR)
    token = make_tokens(driver, database, tree.townships()[0]).admin
    picks = tree.sample_branches(ROUNDS + 10)
    ids = {way: itertools.cycle(picks) for way in ("raw", "http")}

    def raw() -> None:
        records, _, _ = driver.execute_query(
            coverage.WHO_COVERS,
            id=next(ids["raw"]),
            day=ANCHOR,
            routing_=RoutingControl.READ,
            database_=database,
        )
        assert records

    def http() -> None:
        variables = {"id": next(ids["http"]), "day": ANCHOR.isoformat()}
        assert api_server.data(WHO_COVERS, token, variables=variables)["whoCovers"]

    stats = side_by_side({"raw Cypher": raw, "HTTP": http}, ROUNDS, warmup=10)
    ratio = stats["HTTP"].p50 / stats["raw Cypher"].p50
    print(
        f"\nwhoCovers on the county demo, median of {ROUNDS}: raw Cypher "
        f"{stats['raw Cypher'].p50:.2f} ms, HTTP {stats['HTTP'].p50:.2f} ms ({ratio:.2f}×)"
    )
    assert ratio <= LIMIT, f"whoCovers through HTTP is {ratio:.2f}× the raw Cypher (limit {LIMIT}×)"
