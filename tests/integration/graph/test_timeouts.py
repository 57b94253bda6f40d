"""The API's driver gives every transaction a timeout, and Neo4j stops what outlives it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from neo4j import Driver, Query, RoutingControl, unit_of_work
from neo4j.exceptions import Neo4jError

from graph.timeouts import is_timeout, timed_driver, timed_query, timed_work

# Counts to two billion: minutes of work, stopped long before by any timeout below.
SLOW = "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"


def _read(tx: Any) -> Any:
    return tx.run(SLOW).single()


def _explicit(driver: Driver) -> Any:
    with driver.session() as session, session.begin_transaction() as tx:
        return tx.run(SLOW).single()


def _auto_commit(driver: Driver) -> Any:
    with driver.session() as session:
        return session.run(SLOW).single()


def _function(driver: Driver) -> Any:
    with driver.session() as session:
        return session.execute_read(_read)


WAYS: dict[str, Callable[[Driver], Any]] = {
    "execute_query": lambda d: d.execute_query(SLOW),
    "execute_query READ": lambda d: d.execute_query(SLOW, routing_=RoutingControl.READ),
    "session.run": _auto_commit,
    "execute_read": _function,
    "begin_transaction": _explicit,
}


def _stopped(graph: tuple[Driver, str], way: str) -> tuple[Neo4jError, float]:
    """Sends the slow query one way with a timeout of half a second; returns the error that
    stopped it and how long that took."""
    driver = timed_driver(graph[0], 0.5)
    started = time.monotonic()
    with pytest.raises(Neo4jError) as stopped:
        WAYS[way](driver)
    return stopped.value, time.monotonic() - started


@pytest.mark.parametrize("way", WAYS)
def test_a_slow_query_is_stopped_whichever_way_it_is_sent(
    session_graph: tuple[Driver, str], way: str
) -> None:
    error, _ = _stopped(session_graph, way)
    assert is_timeout(error), error.code


@pytest.mark.timing
@pytest.mark.parametrize("way", WAYS)
def test_a_slow_query_is_stopped_within_seconds(
    session_graph: tuple[Driver, str], way: str
) -> None:
    error, took = _stopped(session_graph, way)
    assert is_timeout(error), error.code
    assert took < 15  # Neo4j checks timeouts every couple of seconds


def test_a_quick_query_is_untouched(session_graph: tuple[Driver, str]) -> None:
    driver = timed_driver(session_graph[0], 5)
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    records, _, keys = driver.execute_query(
        "RETURN $n AS n", {"n": 2}, routing_=RoutingControl.READ, database_=session_graph[1]
    )
    assert (records[0]["n"], keys) == (2, ["n"])
    records, _, _ = driver.execute_query("RETURN $n AS n", n=3, routing_=RoutingControl.READ)
    assert records[0]["n"] == 3


def test_a_timeout_named_by_the_caller_wins() -> None:
    assert timed_query(Query("RETURN 1", timeout=120), 5).timeout == 120
    assert timed_query("RETURN 1", 5).timeout == 5

    @unit_of_work(timeout=60)
    def named(tx: Any) -> None:
        """A transaction function with its own timeout."""

    assert timed_work(named, 5) is named
    assert timed_work(_read, 5).timeout == 5  # type: ignore[attr-defined]
