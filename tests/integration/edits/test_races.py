"""Hundreds of conflicting edits from eight threads: cycles, taken ids, two secretaries at once
and stale versions are all refused, and the networkx oracle finds every invariant intact."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from threading import Lock

import networkx as nx
from neo4j import Driver

from domain.refusals import EditRefused
from services import edits
from services.exchange.exporter import read_graph
from services.exchange.validation import validate
from tests.support import oracle

Graph = tuple[Driver, str]
COMMITTEES = [f"K{i}" for i in range(8)]
BRANCHES = ["B1", "B2", "B3"]  # SECRETARY posts are raced for here
NEW_IDS = [f"N{i}" for i in range(6)]  # few new ids, so creations collide
PEOPLE = ["P1", "P2", "P3", "P4", "P5"]
EDITS = 400
DAY = date(2025, 3, 1)  # inside every raced secretary period


@dataclass
class Tally:
    """Confirmed edits per node (each must show in its version) and refusals by reason."""

    confirmed: Counter[str]
    refused: Counter[str]
    lock: Lock

    def done(self, node: str | None) -> None:
        """Counts one confirmed edit of a node."""
        with self.lock:
            if node:
                self.confirmed[node] += 1

    def refuse(self, reason: str) -> None:
        """Counts one refusal."""
        with self.lock:
            self.refused[reason] += 1


def _move(g: Graph, rng: random.Random) -> str | None:
    org, parent = rng.choice(COMMITTEES), rng.choice(COMMITTEES)  # often a cycle
    edits.move_organisation(driver=g[0], database=g[1], organisation_id=org, new_parent_id=parent)
    return org


def _create(g: Graph, rng: random.Random) -> str | None:
    values = {"id": rng.choice(NEW_IDS), "name": "新委员会", "kind": "COMMITTEE", "parent_id": "C1"}
    edits.create_organisation(driver=g[0], database=g[1], values=values)
    return None  # a creation sets version 1: counted by the oracle check, not here


def _appoint_secretary(g: Graph, rng: random.Random) -> str | None:
    start = DAY - timedelta(days=rng.randint(0, 60))
    values = {"person_id": rng.choice(PEOPLE), "target_id": rng.choice(BRANCHES),
              "role": "SECRETARY", "start": start}  # fmt: skip
    edits.add_row(driver=g[0], database=g[1], table="posts", values=values)
    return None


def _update_read_version(g: Graph, rng: random.Random) -> str | None:
    """Reads a version, then updates naming it: a concurrent edit in between makes it stale."""
    org = rng.choice(COMMITTEES)
    records, _, _ = g[0].execute_query(
        "MATCH (o:Organisation {id: $id}) RETURN o.version AS v", id=org, database_=g[1]
    )
    edits.update_organisation(
        driver=g[0], database=g[1], organisation_id=org,
        changes={"full_members": rng.randint(1, 40)}, expected_version=records[0]["v"],
    )  # fmt: skip
    return org


EDIT_KINDS: list[Callable[[Graph, random.Random], str | None]] = [
    _move,
    _create,
    _appoint_secretary,
    _update_read_version,
]


def _one(g: Graph, seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    try:
        tally.done(rng.choice(EDIT_KINDS)(g, rng))
    except EditRefused as refused:
        tally.refuse(refused.reason)


def test_conflicting_edits_keep_every_invariant(loaded: Graph) -> None:
    driver, database = loaded
    for name in COMMITTEES:
        values = {"id": name, "name": f"委员会{name}", "kind": "COMMITTEE", "parent_id": "C1"}
        edits.create_organisation(driver=driver, database=database, values=values)
    tally = Tally(Counter(), Counter(), Lock())
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda s: _one(loaded, s, tally), range(EDITS)))
    dataset = read_graph(driver=driver, database=database)
    assert validate(dataset) == []  # references, kinds, unique ids and keys, no cycle
    tree = nx.DiGraph(
        (r["id"], r["parent_id"]) for r in dataset.rows("organisations") if r["parent_id"]
    )
    assert nx.is_directed_acyclic_graph(tree)
    assert all(tree.out_degree(n) <= 1 for n in tree)
    ids = [r["id"] for t in ("organisations", "units", "people", "grids") for r in dataset.rows(t)]
    assert len(ids) == len(set(ids))
    for branch in BRANCHES:  # at most one secretary on any day, as the oracle sees it
        for day in (DAY - timedelta(days=d) for d in range(0, 61, 5)):
            holders = [e for e in oracle.who_covers(dataset, branch, day)
                       if e.relation == "POST" and e.role == "SECRETARY"]  # fmt: skip
            assert len(holders) <= 1, (branch, day, holders)
    versions = {str(r["id"]): r for r in dataset.rows("organisations")}
    _assert_no_lost_update(loaded, tally, set(versions))
    for reason in ("cycle", "id_taken", "post_taken", "stale_version"):
        assert tally.refused[reason] > 0, tally.refused  # every kind of conflict was raced
    print("refusals by reason:", dict(tally.refused))


def _assert_no_lost_update(g: Graph, tally: Tally, ids: set[str]) -> None:
    """Every confirmed move or update of a committee shows as exactly one version step."""
    records, _, _ = g[0].execute_query(
        "MATCH (o:Organisation) WHERE o.id IN $ids RETURN o.id AS id, o.version AS v",
        ids=COMMITTEES, database_=g[1],
    )  # fmt: skip
    assert {r["id"] for r in records} == set(COMMITTEES) & ids
    for record in records:  # version 1 when created
        assert record["v"] == 1 + tally.confirmed[record["id"]], record["id"]
