"""Measures covergraph against the peer alone, leaving the other figures as they are: loads a
scale's demo into a fresh bundled Neo4j, compares and times both servers, stores the rows and
rewrites BENCHMARKS.md's section of them.

Run: .venv/bin/python -m benchmarks.peer [--scale county] [--quick]
"""

from __future__ import annotations

import argparse
import sys

from benchmarks import bench_peer
from benchmarks.bench_coverage import Plan
from benchmarks.harness import ANCHOR, SCALES, dataset, fresh_neo4j, rewrite_section
from benchmarks.operations import Organisations
from benchmarks.report import peer_section
from services.exchange.importer import import_dataset


def main(argv: list[str]) -> None:
    """Measures one scale and exits non-zero when the two servers' answers differ."""
    parser = argparse.ArgumentParser(prog="benchmarks.peer", description=__doc__)
    parser.add_argument("--scale", default="county", choices=SCALES)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args(argv)
    plan = Plan(100, 5, 2) if args.quick else Plan()
    ds = dataset(args.scale)
    with fresh_neo4j(args.scale) as db:
        print(f"[{args.scale}] loading {ds.row_count():,} rows", flush=True)
        import_dataset(driver=db.driver, database=db.name, dataset=ds)
        print(f"[{args.scale}] against @neo4j/graphql", flush=True)
        rows = bench_peer.measure(db, Organisations.of(ds, ANCHOR), plan)
    differing = bench_peer.store(args.scale, rows, args.quick)
    rewrite_section("peer", peer_section())
    if differing:
        sys.exit(f"[{args.scale}] @neo4j/graphql answered otherwise: {differing}")


if __name__ == "__main__":
    main(sys.argv[1:])
