"""`make bench`: for each scale, generate (or reuse) the demo dataset, load it into a fresh
bundled Neo4j sized for it, and measure import, single-client queries, concurrent dashboard
traffic, peak memory and a peer (benchmarks/bench_peer.py) side by side; then rewrite
BENCHMARKS.md.

Run: .venv/bin/python -m benchmarks.run [--scales county,city,province] [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from api.auth import issue_token
from benchmarks import bench_coverage, bench_import, bench_index, bench_load, bench_peer, report
from benchmarks.harness import ANCHOR, SCALES, Database, dataset, fresh_neo4j, machine, neo4j_memory
from benchmarks.memory import OtherLoad, PeakMemory
from benchmarks.operations import Organisations
from benchmarks.server import serving

RESULTS = report.RESULTS


@dataclass(frozen=True)
class Options:
    """What to run and how long."""

    scales: tuple[str, ...]
    quick: bool
    clients: int
    seconds: float
    workers: tuple[int, ...]
    import_runs: int
    plan: bench_coverage.Plan


def options(argv: list[str]) -> Options:
    """Parses the command line."""
    parser = argparse.ArgumentParser(prog="benchmarks.run", description=__doc__)
    parser.add_argument("--scales", default=",".join(SCALES), help="comma-separated scales")
    parser.add_argument("--quick", action="store_true", help="fewer runs, 10 s of load")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, help="load test duration (default 30, quick 10)")
    parser.add_argument("--workers", default=None, help="API worker counts (default 1,2; quick 1)")
    parser.add_argument("--import-runs", type=int, help="loads per scale (default 3, quick 1)")
    args = parser.parse_args(argv)
    scales = tuple(s.strip() for s in args.scales.split(",") if s.strip())
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        parser.error(f"unknown scale {', '.join(unknown)}: choose from {', '.join(SCALES)}")
    workers = args.workers or ("1" if args.quick else "1,2")
    plan = bench_coverage.Plan(100, 5, 2) if args.quick else bench_coverage.Plan()
    return Options(
        scales=scales,
        quick=args.quick,
        clients=args.clients,
        seconds=args.seconds or (10.0 if args.quick else 30.0),
        workers=tuple(int(w) for w in workers.split(",")),
        import_runs=args.import_runs or (1 if args.quick else 3),
        plan=plan,
    )


def profiles(db: Database, tree: Organisations, clients: int) -> list[bench_load.Profile]:
    """Half the clients sign in as admins, the others each as a viewer of one township."""
    rng, towns = random.Random(11), tree.townships()
    found = []
    for i in range(clients):
        if i % 2 == 0:
            token = issue_token(driver=db.driver, database=db.name, role="admin")[1]
            area = [o for t in rng.sample(towns, min(4, len(towns))) for o in tree.subtree(t)]
            found.append(bench_load.Profile(token, None, area, towns))
            continue
        town = rng.choice(towns)
        token = issue_token(driver=db.driver, database=db.name, role="viewer", scope_id=town)[1]
        found.append(bench_load.Profile(token, town, tree.subtree(town), [town]))
    return found


def visits(ds: Any, tree: Organisations, seed: int, count: int) -> list[tuple[str, str]]:
    """New (person, branch) pairs for the load test's editor: a new seed per run."""
    rng = random.Random(seed)
    people = [str(r["id"]) for r in ds.rows("people")]
    return list(zip(rng.sample(people, count), rng.choices(tree.branches(), k=count), strict=True))


def for_scale(scale: str, opts: Options) -> Options:
    """At province scale, where a load takes tens of minutes and each whole-scope query
    minutes, one load of each kind and fewer repeats of the whole-scope queries."""
    if scale != "province":
        return opts
    plan = replace(
        opts.plan,
        slow_runs=min(opts.plan.slow_runs, 5),
        sweep_runs=min(opts.plan.sweep_runs, 3),
    )
    return replace(opts, plan=plan, import_runs=1)


def serve_and_measure(
    db: Database,
    ds: Any,
    tree: Organisations,
    opts: Options,
    workers: int,
    kept: bool,
    with_queries: bool,
) -> tuple[dict[str, Any], bench_coverage.QueryResults | None]:
    """Starts the API with `workers` processes, its answer cache on or off; measures queries
    (once, with the cache off so each one asks Neo4j) and the load test."""
    jvm = db.instance.pid() or 0
    admin = issue_token(driver=db.driver, database=db.name, role="admin")[1]
    clients = profiles(db, tree, opts.clients)
    with serving(workers, kept) as api, PeakMemory({"api": api.pid, "neo4j": jvm}) as memory:
        other = OtherLoad([api.pid, jvm])
        queries = bench_coverage.measure(db, ds, api, admin, opts.plan) if with_queries else None
        editor = bench_load.Editor(
            issue_token(driver=db.driver, database=db.name, role="editor")[1],
            visits(ds, tree, workers * 2 + kept, int(opts.seconds) + 5),
        )
        load = bench_load.run(api.url, clients, bench_load.Mix(tree), opts.seconds, editor)
        other_cores = other.cores()
    summary = {
        "workers": workers,
        "kept": kept,
        **asdict(load),
        "throughput": load.throughput,
        "api_peak_mb": memory.peak_mb["api"],
        "neo4j_peak_mb": memory.peak_mb["neo4j"],
        "other_cores": other_cores,
    }
    return summary, queries


def measure_scale(scale: str, opts: Options) -> dict[str, Any]:
    """Measures one scale end to end; returns its JSON-ready result."""
    started, opts = time.monotonic(), for_scale(scale, opts)
    ds = dataset(scale)
    tree = Organisations.of(ds, ANCHOR)
    print(f"[{scale}] {ds.row_count():,} rows; loading", flush=True)
    with fresh_neo4j(scale) as db:
        imports = bench_import.measure(db, ds, opts.import_runs)
        loads, queries = [], None
        for workers in opts.workers:
            for kept in (False, True):
                state = "on" if kept else "off"
                said = f"[{scale}] serving with {workers} worker(s), kept answers {state}"
                print(said, flush=True)
                with_queries = queries is None and not kept
                load, measured = serve_and_measure(db, ds, tree, opts, workers, kept, with_queries)
                loads.append(load)
                queries = queries or measured
        assert queries is not None
        # After the load tests: these edits and rebuilds change the graph's statistics, which
        # makes Neo4j plan every query again.
        print(f"[{scale}] the coverage index", flush=True)
        with serving(1, False) as api:
            admin = issue_token(driver=db.driver, database=db.name, role="admin")[1]
            runs, rebuilds = opts.plan.fast_runs // 5, min(opts.plan.sweep_runs, 2)
            queries.stats.update(bench_index.measure(db, ds, api, admin, tree, runs, rebuilds))
        print(f"[{scale}] against @neo4j/graphql", flush=True)
        differing = bench_peer.store(scale, bench_peer.measure(db, tree, opts.plan), opts.quick)
    assert queries is not None
    return {
        "scale": scale,
        "date": date.today().isoformat(),
        "machine": machine(),
        "command": " ".join(["python -m benchmarks.run", *sys.argv[1:]]),
        "quick": opts.quick,
        "rows": ds.row_count(),
        "tables": {name: len(rows) for name, rows in ds.tables.items()},
        "organisations": len(tree.kind),
        "neo4j_memory": neo4j_memory(scale),
        "import": asdict(imports),
        "queries": {name: asdict(stats) for name, stats in queries.stats.items()},
        "sweep_gaps": queries.sweep_gaps,
        "sweep_peak_mb": queries.sweep_peak_mb,
        "load": loads,
        "peer_differences": differing,
        "minutes": (time.monotonic() - started) / 60,
    }


def main(argv: list[str]) -> None:
    """Measures each asked scale, stores its result and rewrites BENCHMARKS.md."""
    opts = options(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for scale in opts.scales:
        result = measure_scale(scale, opts)
        path = RESULTS / f"{scale}.json"
        path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        report.rewrite()
        print(f"[{scale}] done in {result['minutes']:.1f} min; BENCHMARKS.md rewritten", flush=True)
        if result["peer_differences"]:  # after the figures are kept, which took minutes
            sys.exit(f"[{scale}] @neo4j/graphql answered otherwise: {result['peer_differences']}")


if __name__ == "__main__":
    main(sys.argv[1:])
