"""whoCovers through HTTP/GraphQL, through the Python query function and as raw Cypher, and
full coverage-gap sweeps, on a demo dataset loaded into a fresh bundled Neo4j.

Run: .venv/bin/python -m benchmarks.bench_coverage [city]
"""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
from neo4j import Driver

from api.auth import issue_token
from benchmarks.harness import (
    ANCHOR,
    Stats,
    dataset,
    fresh_neo4j,
    machine,
    rewrite_section,
    timings,
)
from graph.instance import free_port
from loaders.importer import import_dataset
from queries.coverage import WHO_COVERS, who_covers
from queries.gaps import iter_gaps

RUNS = 500
WHO_COVERS_QUERY = """query($id: ID!, $day: Date) { whoCovers(organisationId: $id, asOf: $day) {
  person { id name } relation role via { id name } distance } }"""


def start_api(port: int) -> subprocess.Popen[bytes]:
    """Starts `covergraph serve` against the benchmark database and waits for /health."""
    command = [str(Path(sys.executable).with_name("covergraph")), "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("covergraph serve did not start")


def row(name: str, stats: Stats, raw: Stats | None = None) -> str:
    """Formats one measurement, with its ratio to the raw Cypher when given."""
    ratio = f"{stats.p50 / raw.p50:.2f}× / {stats.p99 / raw.p99:.2f}×" if raw else "—"
    return f"| {name} | {stats.p50:.2f} | {stats.p99:.2f} | {ratio} | {stats.runs} |"


def time_http(port: int, token: str, picks: Iterator[str]) -> Stats:
    """Times whoCovers through the real HTTP server with a bearer token."""
    url = f"http://127.0.0.1:{port}/graphql"
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as client:

        def ask() -> None:
            variables = {"id": next(picks), "day": ANCHOR.isoformat()}
            client.post(
                url, json={"query": WHO_COVERS_QUERY, "variables": variables}
            ).raise_for_status()

        return timings(ask, RUNS)


def time_who_covers(driver: Driver, database: str, token: str, picks: Iterator[str]) -> list[str]:
    """Times whoCovers three ways; returns table rows."""

    def raw() -> None:
        driver.execute_query(WHO_COVERS, id=next(picks), day=ANCHOR, database_=database)

    def function() -> None:
        who_covers(driver=driver, database=database, organisation_id=next(picks), day=ANCHOR)

    raw_stats, function_stats = timings(raw, RUNS), timings(function, RUNS)
    port = free_port()
    api = start_api(port)
    try:
        http_stats = time_http(port, token, picks)
    finally:
        api.terminate()
        api.wait()
    return [
        row("whoCovers, raw Cypher (driver.execute_query)", raw_stats),
        row("whoCovers, Python query function", function_stats, raw_stats),
        row("whoCovers, HTTP + GraphQL with a token", http_stats, raw_stats),
    ]


def time_gaps(driver: Driver, database: str, township: str) -> list[str]:
    """Times a full gap sweep and one township's gaps."""

    def sweep(scope: str | None = None) -> int:
        return sum(
            1 for _ in iter_gaps(driver=driver, database=database, day=ANCHOR, scope_id=scope)
        )

    whole, one = timings(sweep, 5, 1), timings(lambda: sweep(township), 20, 2)
    return [
        row(f"coverageGaps full sweep ({sweep():,} gaps, streamed)", whole),
        row("coverageGaps of one township", one),
    ]


def measure(scale: str) -> list[str]:
    """Loads the scale into a fresh database and times the queries; returns table rows."""
    ds = dataset(scale)
    branches = [str(r["id"]) for r in ds.rows("organisations") if r["kind"] == "BRANCH"]
    picks = itertools.cycle(random.Random(7).sample(branches, 200))
    townships = [r for r in ds.rows("organisations") if str(r["name"]).endswith("镇党委")]
    with fresh_neo4j() as (driver, database, _):
        import_dataset(driver=driver, database=database, dataset=ds)
        _, token = issue_token(driver=driver, database=database, role="admin")
        who = time_who_covers(driver, database, token, picks)
        return who + time_gaps(driver, database, str(townships[0]["id"]))


def main(scales: list[str]) -> None:
    """Measures each scale and rewrites the coverage section of BENCHMARKS.md."""
    parts = ["## Coverage queries", ""]
    parts.append(
        f"Measured {date.today().isoformat()} on {machine()}, with "
        f"`.venv/bin/python -m benchmarks.bench_coverage {' '.join(scales)}`: random branches, "
        f"{RUNS} runs each after warm-up, one client at a time, day {ANCHOR.isoformat()}."
    )
    for scale in scales:
        parts += [
            "",
            f"### {scale}",
            "",
            "| measurement | p50 ms | p99 ms | ratio to raw Cypher (p50 / p99) | runs |",
            "| --- | ---: | ---: | ---: | ---: |",
            *measure(scale),
        ]
    body = "\n".join(parts)
    rewrite_section("coverage", body)
    print(body)


if __name__ == "__main__":
    main(sys.argv[1:] or ["city"])
