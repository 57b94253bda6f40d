"""The GraphQL API on the county demo: oracle agreement, paging, batching; and response times
(a timing check, run by `make bench`)."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from datetime import date
from typing import Any

import pytest
from neo4j import Driver

from api.auth import Principal
from api.context import Context
from api.schema import schema
from domain.dataset import Dataset
from tests.support import oracle
from tests.support.factory import demo
from tests.support.graph import Tokens, load_fresh, make_tokens
from tests.support.graphql import GAPS, WHO, all_gaps
from tests.support.serving import Server

ANCHOR = date(2024, 6, 30)
D = ANCHOR.isoformat()
BATCHED = """query($first: Int) { organisations(first: $first) { edges { node { id name
  secretary(asOf: "2024-06-30") { name } liaisons(asOf: "2024-06-30") { kind person { name } }
  gapCount(asOf: "2024-06-30") parent { name } } } } }"""


class CountingDriver:
    """Passes everything to a real driver, counting the queries sent to the database."""

    def __init__(self, driver: Driver) -> None:
        self.driver, self.round_trips = driver, 0

    def execute_query(self, *args: Any, **kwargs: Any) -> Any:
        """Counts, then runs the query on the real database."""
        self.round_trips += 1
        return self.driver.execute_query(*args, **kwargs)

    def session(self, *args: Any, **kwargs: Any) -> Any:
        """Sessions are counted per run by the caller's use; none are expected here."""
        self.round_trips += 1
        return self.driver.session(*args, **kwargs)


@pytest.fixture(scope="module")
def county(session_graph: tuple[Driver, str]) -> tuple[Dataset, Tokens]:
    """The county demo anchored on 2024-06-30, loaded, with tokens."""
    driver, database = session_graph
    dataset = demo("county", 1, ANCHOR)
    load_fresh(driver, database, dataset)
    township = next(
        r["id"]
        for r in dataset.rows("organisations")
        if r["parent_id"] and r["kind"] == "COMMITTEE"
    )
    return dataset, make_tokens(driver, database, township)


def run_counted(driver: Driver, database: str, first: int) -> tuple[int, dict[str, Any]]:
    """Executes the batched query in process on a counting driver; returns round trips and data."""
    counting = CountingDriver(driver)
    context = Context(counting, database, Principal("test", "admin", None))  # type: ignore[arg-type]
    result = asyncio.run(schema.execute(BATCHED, {"first": first}, context_value=context))
    assert result.errors is None, result.errors
    return counting.round_trips, result.data or {}


def test_round_trips_do_not_grow_with_the_page(
    county: tuple[Dataset, Tokens], session_graph: tuple[Driver, str]
) -> None:
    small_trips, small = run_counted(*session_graph, 20)
    large_trips, large = run_counted(*session_graph, 100)
    assert len(large["organisations"]["edges"]) == 100
    assert len(small["organisations"]["edges"]) == 20
    # page, secretaries, liaisons, liaison people, gap counts, parents
    assert small_trips == large_trips <= 6


def test_who_covers_agrees_with_oracle_on_a_sample(
    api_server: Server, county: tuple[Dataset, Tokens]
) -> None:
    dataset, tokens = county
    ids = sorted(r["id"] for r in dataset.rows("organisations"))
    for org in random.Random(7).sample(ids, 40):
        got = api_server.data(WHO, tokens.admin, variables={"id": org, "d": D})["whoCovers"]
        expected = oracle.who_covers(dataset, org, ANCHOR)
        assert [
            (c["person"]["id"], c["relation"], c["role"], c["via"]["id"], c["distance"])
            for c in got
        ] == [(e.person_id, e.relation, e.role, e.via_id, e.distance) for e in expected], org


def test_scoped_gap_pages_concatenate_to_the_oracle_list(
    api_server: Server, county: tuple[Dataset, Tokens]
) -> None:
    dataset, tokens = county
    paged = all_gaps(api_server, tokens.scoped, 100)
    expected = oracle.gaps(dataset, ANCHOR, scope_id=tokens.scope_id)
    assert [
        (g["rule"], g["subject"]["id"], tuple(r["id"] for r in g["related"])) for g in paged
    ] == [(e.rule, e.subject_id, e.related_ids) for e in expected]
    total = api_server.data(GAPS, tokens.scoped, variables={"d": D, "first": 0})
    assert total["coverageGaps"]["totalCount"] == len(expected)


def test_whole_county_gap_pages_of_500(api_server: Server, county: tuple[Dataset, Tokens]) -> None:
    dataset, tokens = county
    paged = all_gaps(api_server, tokens.admin, 500)
    expected = oracle.gaps(dataset, ANCHOR)
    assert [(g["rule"], g["subject"]["id"]) for g in paged] == [
        (e.rule, e.subject_id) for e in expected
    ]


def test_a_batched_page_answers_each_organisation_with_its_fields(
    api_server: Server, county: tuple[Dataset, Tokens]
) -> None:
    dataset, tokens = county
    edges = api_server.data(BATCHED, tokens.admin, variables={"first": 100})["organisations"]
    nodes = [e["node"] for e in edges["edges"]]
    assert len(nodes) == min(100, len(dataset.rows("organisations")))
    names = {str(r["id"]): r["name"] for r in dataset.rows("organisations")}
    assert all(n["name"] == names[n["id"]] for n in nodes)
    assert any(n["secretary"] for n in nodes)
    assert any(n["liaisons"] for n in nodes)
    assert all(isinstance(n["gapCount"], int) for n in nodes)


@pytest.mark.timing
def test_response_times(api_server: Server, county: tuple[Dataset, Tokens]) -> None:
    dataset, tokens = county
    ids = sorted(r["id"] for r in dataset.rows("organisations"))
    sample = random.Random(3).sample(ids, 60)
    timings = {
        "whoCovers": [_timed(api_server, WHO, tokens.admin, {"id": i, "d": D}) for i in sample],
        "coverageGaps first 100": [
            _timed(api_server, GAPS, tokens.admin, {"d": D, "first": 100}) for _ in range(10)
        ],
        "organisations 100 batched": [
            _timed(api_server, BATCHED, tokens.admin, {"first": 100}) for _ in range(10)
        ],
    }
    for name, values in timings.items():
        p50 = statistics.median(values) * 1000
        p95 = sorted(values)[int(len(values) * 0.95) - 1] * 1000
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(values)}")
    assert statistics.median(timings["whoCovers"]) < 0.5


def _timed(api: Server, query: str, token: str, variables: dict[str, Any]) -> float:
    started = time.perf_counter()
    api.data(query, token, variables=variables)
    return time.perf_counter() - started
