"""Single-client query speed: whoCovers four ways side by side (HTTP/GraphQL, the Python query
function, the raw Cypher, networkx in memory), the gap sweep and one township's gaps, the org
chart three levels deep and the coverage summary, each through HTTP and the query function."""

from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
from neo4j import RoutingControl

from benchmarks.harness import ANCHOR, Database, Stats, side_by_side, timings
from benchmarks.lower_bound import InMemoryCoverage
from benchmarks.operations import WHO_COVERS, Organisations, dashboard_query
from benchmarks.server import Api
from domain.dataset import Dataset
from queries import dashboard
from queries import who_covers as coverage
from queries.gaps import iter_gaps

DAY = ANCHOR.isoformat()


@dataclass(frozen=True)
class Plan:
    """How many times each measurement repeats."""

    fast_runs: int = 500  # whoCovers and other millisecond queries
    slow_runs: int = 20  # queries over a whole scope
    sweep_runs: int = 5  # full gap sweeps


@dataclass(frozen=True)
class QueryResults:
    """Every single-client timing of one scale, by measurement name."""

    stats: dict[str, Stats]
    sweep_gaps: int
    sweep_peak_mb: float


def who_covers_ways(
    db: Database, ds: Dataset, api: Api, client: httpx.Client, token: str, runs: int
) -> dict[str, Stats]:
    """Times whoCovers four ways on the same random branches, in turn."""
    picks = Organisations.of(ds, ANCHOR).sample_branches(runs + 5)
    ids = {way: itertools.cycle(picks) for way in ("raw", "function", "http", "memory")}
    in_memory = InMemoryCoverage(ds)
    actions: dict[str, Callable[[], object]] = {
        "whoCovers raw Cypher": lambda: db.driver.execute_query(
            coverage.WHO_COVERS,
            id=next(ids["raw"]),
            day=ANCHOR,
            routing_=RoutingControl.READ,
            database_=db.name,
        ),
        "whoCovers query function": lambda: coverage.who_covers(
            driver=db.driver, database=db.name, organisation_id=next(ids["function"]), day=ANCHOR
        ),
        "whoCovers HTTP": lambda: api.post(
            client, token, WHO_COVERS, id=next(ids["http"]), day=DAY
        ),
        "whoCovers networkx in memory": lambda: in_memory.who_covers(next(ids["memory"]), ANCHOR),
    }
    return side_by_side(actions, runs)


def _count(gaps: Iterator[object]) -> int:
    return sum(1 for _ in gaps)


def gap_timings(
    db: Database, api: Api, client: httpx.Client, token: str, townships: list[str], plan: Plan
) -> dict[str, Stats]:
    """Times the full streamed sweep and one township's gaps (all of them, and the first page
    with its total as the dashboard asks)."""
    sweep = timings(
        lambda: _count(iter_gaps(driver=db.driver, database=db.name, day=ANCHOR)),
        plan.sweep_runs,
        warmup=1,
    )
    town = {way: itertools.cycle(townships) for way in ("function", "http")}
    query = dashboard_query("gaps", "GAPS")
    one = side_by_side(
        {
            "township gaps, all (query function)": lambda: _count(
                iter_gaps(
                    driver=db.driver, database=db.name, day=ANCHOR, scope_id=next(town["function"])
                )
            ),
            "township gaps, first page + total (HTTP)": lambda: api.post(
                client, token, query, scopeId=next(town["http"]), asOf=DAY, first=50, lang="zh"
            ),
        },
        plan.slow_runs,
        warmup=2,
    )
    return {"gap sweep, whole graph (streamed)": sweep, **one}


def sweep_memory(db: Database) -> tuple[int, float]:
    """Counts the gaps of one full sweep and the peak Python memory it allocated, in MiB."""
    tracemalloc.start()
    try:
        found = _count(iter_gaps(driver=db.driver, database=db.name, day=ANCHOR))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return found, peak / (1024 * 1024)


def dashboard_timings(
    db: Database, api: Api, client: httpx.Client, token: str, tree: Organisations, plan: Plan
) -> dict[str, Stats]:
    """Times orgChart depth 3 from the root and coverageSummary of the root and of townships."""
    root, towns = tree.roots[0], itertools.cycle(tree.townships())
    chart = dashboard_query("tree", "LEVEL").replace("depth: 1", "depth: 3")
    summary = dashboard_query("summary", "SUMMARY")
    d, n = db.driver, db.name
    return side_by_side(
        {
            "orgChart depth 3 from the root (query function)": lambda: dashboard.org_chart(
                driver=d, database=n, root_id=root, depth=3, day=ANCHOR
            ),
            "orgChart depth 3 from the root (HTTP)": lambda: api.post(
                client, token, chart, rootId=root, asOf=DAY
            ),
            "coverageSummary of the root (query function)": lambda: dashboard.coverage_summary(
                driver=d, database=n, scope_id=root, day=ANCHOR
            ),
            "coverageSummary of the root (HTTP)": lambda: api.post(
                client, token, summary, scopeId=root, asOf=DAY
            ),
            "coverageSummary of a township (HTTP)": lambda: api.post(
                client, token, summary, scopeId=next(towns), asOf=DAY
            ),
        },
        plan.slow_runs,
        warmup=2,
    )


def measure(db: Database, ds: Dataset, api: Api, token: str, plan: Plan) -> QueryResults:
    """Runs every single-client measurement of one scale against a loaded database."""
    tree = Organisations.of(ds, ANCHOR)
    with httpx.Client(timeout=300) as client:
        stats = who_covers_ways(db, ds, api, client, token, plan.fast_runs)
        stats |= gap_timings(db, api, client, token, tree.townships(), plan)
        stats |= dashboard_timings(db, api, client, token, tree, plan)
    found, peak = sweep_memory(db)
    return QueryResults(stats, found, peak)
