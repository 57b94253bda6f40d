"""covergraph beside a peer, @neo4j/graphql on the same Neo4j (benchmarks/peer/): whoCovers of
sample branches and a township's gap count, of each rule and of all, asked of both over HTTP.
Their answers must agree; both are timed in turn, in the same run."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

import httpx

from api.auth import issue_token
from benchmarks.bench_coverage import Plan
from benchmarks.harness import Database, Stats, machine, side_by_side
from benchmarks.operations import WHO_COVERS, Organisations
from benchmarks.peer.serving import peer_serving
from benchmarks.report import RESULTS
from benchmarks.server import serving
from domain.thresholds import GAP_RULES
from graph.connection import connection_from_env

# Both are asked about today, as a user asks: covergraph answers gap counts of today from its
# coverage index, the peer computes them with the same rules.
DAY = date.today().isoformat()
Ask = Callable[[str, dict[str, Any]], Any]  # a GraphQL operation and its variables -> data
Row = dict[str, Any]
WAYS = ("covergraph", "peer")

PEER_WHO_COVERS = """query($id: ID!, $day: Date!) { organisations(where: {id: {eq: $id}}) {
  whoCovers(day: $day) { person { id name } relation role via { id name } distance } } }"""
PEER_GAP_COUNT = """query($id: ID!, $day: Date!, $rule: String! = "ALL") {
  organisations(where: {id: {eq: $id}}) { gapCount(day: $day, rule: $rule) } }"""
# The count alone: `first: 0` asks for no gap, only the total of the asked rules.
GAP_COUNT = """query($id: ID!, $day: Date, $rules: [String!]) {
  coverageGaps(scopeId: $id, asOf: $day, rules: $rules, first: 0) { totalCount } }"""
BRANCHES, TOWNSHIPS = 50, 5  # how many of each have their answers compared


def who_covers_rows(data: Any) -> list[tuple[Any, ...]]:
    """One whoCovers answer, of either server, as comparable rows."""
    rows = data["whoCovers"] if "whoCovers" in data else data["organisations"][0]["whoCovers"]
    return [(r["person"], r["relation"], r["role"], r["via"], r["distance"]) for r in rows]


def covergraph_gap_count(ask: Ask, scope: str, rule: str | None, day: str = DAY) -> int:
    """A township's gaps in covergraph: of one rule, or of all."""
    variables = {"id": scope, "day": day, "rules": None if rule is None else [rule]}
    return int(ask(GAP_COUNT, variables)["coverageGaps"]["totalCount"])


def peer_gap_count(ask: Ask, scope: str, rule: str | None, day: str = DAY) -> int:
    """A township's gaps in the peer: of one rule, or of all."""
    variables = {"id": scope, "day": day} | ({} if rule is None else {"rule": rule})
    data = ask(PEER_GAP_COUNT, variables)
    return int(data["organisations"][0]["gapCount"])


def who_covers_differences(
    covergraph: Ask, peer: Ask, ids: Iterable[str], day: str = DAY
) -> list[str]:
    """Asks both servers who covers each organisation; describes every answer that differs."""
    found = []
    for oid in ids:
        ours = who_covers_rows(covergraph(WHO_COVERS, {"id": oid, "day": day}))
        theirs = who_covers_rows(peer(PEER_WHO_COVERS, {"id": oid, "day": day}))
        if ours != theirs:
            found.append(f"whoCovers {oid} on {day}: covergraph {ours}, peer {theirs}")
    return found


def gap_count_differences(
    covergraph: Ask, peer: Ask, scopes: Iterable[str], day: str = DAY
) -> list[str]:
    """Asks both servers for each scope's gap count, of each rule and of all; describes every
    count that differs."""
    found = []
    for scope, rule in itertools.product(scopes, (*GAP_RULES, None)):
        ours = covergraph_gap_count(covergraph, scope, rule, day)
        theirs = peer_gap_count(peer, scope, rule, day)
        if ours != theirs:
            asked = f"{rule or 'all'} gaps of {scope} on {day}"
            found.append(f"{asked}: covergraph {ours}, peer {theirs}")
    return found


def _row(query: str, stats: dict[str, Stats], differences: list[str], asked: int) -> Row:
    return {
        "query": query,
        "covergraph": asdict(stats["covergraph"]),
        "peer": asdict(stats["peer"]),
        "compared": asked,
        "equal": not differences,
        "first_difference": differences[0][:500] if differences else None,
    }


def compare_and_time(
    covergraph: Ask, peer: Ask, tree: Organisations, fast_runs: int, slow_runs: int
) -> list[Row]:
    """Compares the two servers' answers, then times each query on both in turn."""
    branches = sorted(set(tree.sample_branches(BRANCHES)))
    towns = tree.townships()[:TOWNSHIPS]
    who = who_covers_differences(covergraph, peer, branches)
    gaps = gap_count_differences(covergraph, peer, towns)
    picks = {way: itertools.cycle(tree.sample_branches(fast_runs + 5, 13)) for way in WAYS}
    scopes = {way: itertools.cycle(tree.townships()) for way in WAYS}
    who_stats = side_by_side(
        {
            "covergraph": lambda: covergraph(WHO_COVERS, {"id": next(picks[WAYS[0]]), "day": DAY}),
            "peer": lambda: peer(PEER_WHO_COVERS, {"id": next(picks[WAYS[1]]), "day": DAY}),
        },
        fast_runs,
    )
    gap_stats = side_by_side(
        {
            "covergraph": lambda: covergraph_gap_count(covergraph, next(scopes[WAYS[0]]), None),
            "peer": lambda: peer_gap_count(peer, next(scopes[WAYS[1]]), None),
        },
        slow_runs,
        warmup=2,
    )
    asked = len(towns) * (len(GAP_RULES) + 1)
    return [
        _row("whoCovers of a branch", who_stats, who, len(branches)),
        _row("a township's gap count, all rules", gap_stats, gaps, asked),
    ]


def measure(db: Database, tree: Organisations, plan: Plan) -> list[Row]:
    """Serves covergraph (answer cache off) and the peer on the loaded database, compares their
    answers and times both; returns one row per query."""
    token = issue_token(driver=db.driver, database=db.name, role="admin")[1]
    with (
        serving(1, kept=False) as api,
        peer_serving(connection_from_env()) as peer,
        httpx.Client(timeout=300) as client,
    ):

        def ours(query: str, variables: dict[str, Any]) -> Any:
            return api.post(client, token, query, **variables)

        def theirs(query: str, variables: dict[str, Any]) -> Any:
            return peer.post(client, query, **variables)

        return compare_and_time(ours, theirs, tree, plan.fast_runs, plan.slow_runs)


def store(scale: str, rows: list[Row], quick: bool) -> list[str]:
    """Keeps a scale's peer rows, with the command that measured them, apart from its other
    results (benchmarks/results/peer-<scale>.json); returns the answers that differed."""
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    program = f"python -m {spec.name.removesuffix('.__main__')}" if spec else sys.argv[0]
    command = " ".join([program, *sys.argv[1:]])
    kept: Row = {"scale": scale, "date": date.today().isoformat(), "machine": machine()}
    # What else ran meanwhile: the machine is often shared, and both servers slow down with it.
    kept |= {"load_average": round(os.getloadavg()[1], 1), "command": command, "quick": quick}
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"peer-{scale}.json"
    path.write_text(json.dumps({**kept, "rows": rows}, indent=1, ensure_ascii=False) + "\n")
    return [row["first_difference"] for row in rows if not row["equal"]]
