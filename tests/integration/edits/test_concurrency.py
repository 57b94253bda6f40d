"""Concurrent edits keep the invariants: no cycle, one parent each, unique ids and keys."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import networkx as nx
from neo4j import Driver

from domain.refusals import EditRefused
from services import edits
from services.exchange.exporter import read_graph
from services.exchange.validation import validate

Graph = tuple[Driver, str]
COMMITTEES = ["C1", "T1", "S1", *(f"K{i}" for i in range(9))]
PEOPLE = ["P1", "P2", "P3", "P4", "P5"]
EDITS = 200


def _move(g: Graph, rng: random.Random) -> str | None:
    org, parent = rng.choice(COMMITTEES), rng.choice(COMMITTEES)
    edits.move_organisation(driver=g[0], database=g[1], organisation_id=org, new_parent_id=parent)
    return org


def _appoint(g: Graph, rng: random.Random) -> str | None:
    start = date(2024, 1, rng.randint(1, 3))  # few distinct keys, so many edits collide
    values = {"person_id": rng.choice(PEOPLE), "target_id": rng.choice(COMMITTEES),
              "role": "DEPUTY_SECRETARY", "start": start}  # fmt: skip
    edits.add_row(driver=g[0], database=g[1], table="posts", values=values)
    return None


def _one(g: Graph, seed: int) -> str | None:
    """Runs one random edit; returns the organisation it moved, if it moved one."""
    rng = random.Random(seed)
    try:
        return (_move if rng.random() < 0.6 else _appoint)(g, rng)
    except EditRefused:
        return None  # a cycle, a kind rule or an existing post: refusals are expected


def test_concurrent_moves_and_appointments_keep_the_graph_valid(loaded: Graph) -> None:
    driver, database = loaded
    for i, name in enumerate(COMMITTEES[3:]):
        values = {"id": name, "name": f"委员会{i}", "kind": "COMMITTEE", "parent_id": "C1"}
        edits.create_organisation(driver=driver, database=database, values=values)
    with ThreadPoolExecutor(max_workers=8) as pool:
        moved = Counter(m for m in pool.map(lambda s: _one(loaded, s), range(EDITS)) if m)
    exported = read_graph(driver=driver, database=database)
    assert validate(exported) == []  # the importer's own rules all hold
    orgs = exported.rows("organisations")
    ids = [str(r["id"]) for table in exported.tables.values() for r in table if "id" in r.values]
    assert len(ids) == len(set(ids))
    tree = nx.DiGraph((r["id"], r["parent_id"]) for r in orgs if r["parent_id"])
    assert nx.is_directed_acyclic_graph(tree)
    posts = Counter(
        (p["person_id"], p["target_id"], p["role"], p["start"]) for p in exported.rows("posts")
    )
    assert max(posts.values()) == 1
    versions = _versions(loaded)
    assert sum(moved.values()) > 10  # the run did move things, not only refuse
    for org in COMMITTEES:  # every successful move counted once: no lost update
        assert versions[org] == 1 + moved[org], org  # version 1 when imported or created


def _versions(g: Graph) -> dict[str, int]:
    records, _, _ = g[0].execute_query(
        "MATCH (o:Organisation) RETURN o.id AS id, coalesce(o.version, 0) AS v", database_=g[1]
    )
    return {r["id"]: r["v"] for r in records}
