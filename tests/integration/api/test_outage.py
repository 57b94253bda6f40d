"""Neo4j stopped under a running `covergraph serve`: 503 with a coded error, then recovery."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import networkx as nx
import pytest
from neo4j import Driver

from api.auth import issue_token
from graph.instance import Instance, free_port
from services import edits
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from services.exchange.validation import validate
from tests.support.factory import small_dataset
from tests.support.serving import start_serve, stop_serve

COMMITTEES = [f"K{i}" for i in range(6)]
MOVE = "mutation($id: ID!, $to: ID) { moveOrganisation(id: $id, newParentId: $to) { version } }"
ASK = '{ organisation(id: "C1") { id name } }'
# How long the test waits (bounds on a wait, not measurements): for an answer during the outage
# (the driver's retries, then 503), and for the API to answer again once Neo4j is back, without
# restarting the API (at most one retry budget of the driver, plus slack for a busy machine).
ANSWER_WITHIN_S = 15.0
RECOVER_WITHIN_S = 20.0


@dataclass
class Outcomes:
    """What the writers saw: confirmed moves and every attempt, per organisation; surprises."""

    confirmed: Counter[str] = field(default_factory=Counter)
    attempted: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    surprises: list[str] = field(default_factory=list)


def _post(
    url: str, token: str, query: str, lang: str = "zh", within_s: float = 60, **variables: object
) -> httpx.Response:
    """Posts an operation; a client timeout after `within_s` bounds the wait for its answer."""
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": lang}
    body = {"query": query, "variables": variables}
    return httpx.post(f"{url}/graphql", json=body, headers=headers, timeout=within_s)


def _write(url: str, token: str, seed: int, stop: threading.Event, seen: Outcomes) -> None:
    """Moves committees under each other until stopped, recording every outcome."""
    rng = random.Random(seed)
    while not stop.is_set():
        org, parent = rng.choice(COMMITTEES), rng.choice(["C1", *COMMITTEES])
        seen.attempted[org] += 1
        try:
            response = _post(url, token, MOVE, id=org, to=parent)
        except httpx.HTTPError as error:
            seen.surprises.append(f"{type(error).__name__}: {error}")
            continue
        body = response.json()
        code = (body.get("errors") or [{}])[0].get("extensions", {}).get("code", "ok")
        seen.statuses[f"{response.status_code} {code}"] += 1
        if response.status_code == 200 and code == "ok":
            seen.confirmed[org] += 1
        elif (response.status_code, code) not in {
            (200, "BAD_USER_INPUT"),
            (503, "DATABASE_UNAVAILABLE"),
        }:
            seen.surprises.append(response.text)


@pytest.fixture
def serving(graph: tuple[Driver, str], neo4j_instance: Instance) -> Iterator[tuple[str, str]]:
    """The small dataset plus committees to move, served; Neo4j is running again afterwards."""
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    for name in COMMITTEES:
        values = {"id": name, "name": f"委员会{name}", "kind": "COMMITTEE", "parent_id": "C1"}
        edits.create_organisation(driver=driver, database=database, values=values)
    token = issue_token(driver=driver, database=database, role="admin")[1]
    port = free_port()
    process = start_serve(port)
    try:
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop_serve(process)
        if neo4j_instance.pid() is None:
            neo4j_instance.start(neo4j_instance.port())


def test_outage_answers_503_then_recovers_and_keeps_writes_whole(
    serving: tuple[str, str], neo4j_instance: Instance, graph: tuple[Driver, str]
) -> None:
    url, token = serving
    driver, database = graph
    fresh_token = issue_token(driver=driver, database=database, role="viewer")[1]
    stop, seen = threading.Event(), Outcomes()
    writers = [threading.Thread(target=_write, args=(url, token, s, stop, seen)) for s in range(3)]
    for writer in writers:
        writer.start()
    _await_confirmed(seen, 3)  # writes are flowing when the database goes away
    port = neo4j_instance.port()
    assert neo4j_instance.stop()

    response = _post(url, token, ASK, within_s=ANSWER_WITHIN_S)
    assert response.status_code == 503, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert "数据库" in error["message"]
    assert error["extensions"]["reason"]
    # A token never seen before fails in its lookup, before any resolver runs: also 503.
    english = _post(url, fresh_token, ASK, lang="en", within_s=ANSWER_WITHIN_S)
    assert english.status_code == 503
    assert "database cannot be reached" in english.json()["errors"][0]["message"]
    health = httpx.get(f"{url}/health", timeout=ANSWER_WITHIN_S)
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "code": "DATABASE_UNAVAILABLE"}
    admin = {"Authorization": f"Bearer {token}"}  # an admin is told why, from the tokens known
    health = httpx.get(f"{url}/health", headers=admin, timeout=ANSWER_WITHIN_S)
    assert str(port) in health.json()["database"]  # it cannot connect to that address

    assert neo4j_instance.start(port)
    back = _recovered(url, token)
    assert back.json()["data"]["organisation"]["id"] == "C1"
    _await_confirmed(seen, sum(seen.confirmed.values()) + 3)  # and flow again after it
    stop.set()
    for writer in writers:
        writer.join()
    assert seen.surprises == []
    assert seen.statuses["503 DATABASE_UNAVAILABLE"] > 0, seen.statuses
    _assert_whole(graph, seen)


def _await_confirmed(seen: Outcomes, count: int, within_s: float = 120.0) -> None:
    """Waits until the writers have had `count` moves confirmed in all."""
    deadline = time.monotonic() + within_s
    while sum(seen.confirmed.values()) < count:
        assert time.monotonic() < deadline, f"writes did not go through: {seen.statuses}"
        time.sleep(0.1)


def _recovered(url: str, token: str) -> httpx.Response:
    """Asks until the API answers 200 again, for at most RECOVER_WITHIN_S; returns that answer."""
    deadline = time.monotonic() + RECOVER_WITHIN_S
    while time.monotonic() < deadline:
        response = _post(url, token, ASK)
        if response.status_code == 200:
            return response
        time.sleep(0.2)
    raise AssertionError(f"the API did not recover: {response.status_code} {response.text}")


def _assert_whole(g: tuple[Driver, str], seen: Outcomes) -> None:
    """Every write is complete or absent: the rules hold, and versions count the moves."""
    exported = read_graph(driver=g[0], database=g[1])
    assert validate(exported) == []
    orgs = exported.rows("organisations")
    tree = nx.DiGraph((r["id"], r["parent_id"]) for r in orgs if r["parent_id"])
    assert nx.is_directed_acyclic_graph(tree)
    records, _, _ = g[0].execute_query(
        "MATCH (o:Organisation) WHERE o.id STARTS WITH 'K' RETURN o.id AS id, o.version AS v",
        database_=g[1],
    )
    for record in records:  # created at version 1; each confirmed move counted, none invented
        assert 1 + seen.confirmed[record["id"]] <= record["v"] <= 1 + seen.attempted[record["id"]]
