"""Import speed: covergraph's all-or-nothing import against a bare UNWIND … CREATE of the same
rows (the write limit of this machine), first load and unchanged reload.

Run: .venv/bin/python -m benchmarks.bench_import [county city province]
"""

from __future__ import annotations

import sys
import time
from datetime import date

from neo4j import Driver

from benchmarks.harness import dataset, fresh_neo4j, machine, peak_rss_mb, rewrite_section
from graph.model import NODE_TABLES, REL_TABLES
from loaders.dataset import Dataset
from loaders.importer import BATCH_SIZE, import_dataset, node_rows, rel_rows
from queries.maintenance import wipe


def bare_create(driver: Driver, database: str, ds: Dataset) -> float:
    """Writes the same rows with plain CREATEs in one transaction; returns seconds."""
    shaped_nodes = {t: list(node_rows(ds, t)) for t in NODE_TABLES}
    shaped_rels = {t: list(rel_rows(ds, t)) for t in REL_TABLES}
    started = time.perf_counter()
    with driver.session(database=database) as session, session.begin_transaction() as tx:
        for table, rows in shaped_nodes.items():
            label = NODE_TABLES[table]
            query = (
                f"UNWIND $rows AS row CREATE (n:Entity:{label} {{id: row.id}}) SET n += row.props"
            )
            for i in range(0, len(rows), BATCH_SIZE):
                tx.run(query, rows=rows[i : i + BATCH_SIZE]).consume()
        for table, rows in shaped_rels.items():
            rel, start, _ = REL_TABLES[table]
            query = (
                f"UNWIND $rows AS row MATCH (a:{start} {{id: row.a}}) "
                f"MATCH (b:Entity {{id: row.b}}) CREATE (a)-[r:{rel}]->(b) SET r += row.props"
            )
            for i in range(0, len(rows), BATCH_SIZE):
                tx.run(query, rows=rows[i : i + BATCH_SIZE]).consume()
        tx.commit()
    return time.perf_counter() - started


def measure(scale: str) -> str:
    """Loads one scale three ways and returns its table row."""
    ds = dataset(scale)
    rows = ds.row_count()
    with fresh_neo4j() as (driver, database, instance):
        first = import_dataset(driver=driver, database=database, dataset=ds)
        again = import_dataset(driver=driver, database=database, dataset=ds)
        wipe(driver=driver, database=database)
        bare = bare_create(driver, database, ds)
        neo4j_mb = peak_rss_mb(instance.pid() or 0)
    return (
        f"| {scale} | {rows:,} | {first.seconds:.1f} s | {first.rows_per_second:,.0f} "
        f"| {again.rows_per_second:,.0f} | {rows / bare:,.0f} "
        f"| {first.rows_per_second * bare / rows:.2f} | {neo4j_mb:,.0f} MiB |"
    )


def main(scales: list[str]) -> None:
    """Measures each scale and rewrites the import section of BENCHMARKS.md."""
    lines = [measure(scale) for scale in scales]
    body = "\n".join(
        [
            "## Import",
            "",
            f"Measured {date.today().isoformat()} on {machine()}, with "
            f"`.venv/bin/python -m benchmarks.bench_import {' '.join(scales)}`.",
            "Each scale is loaded into a fresh bundled Neo4j (6 GiB heap, 4 GiB page cache) in one "
            "transaction; *bare* writes the same rows with plain `UNWIND … CREATE` in one "
            "transaction, without fingerprints, MERGE or links — the write limit here.",
            "",
            "| scale | rows | first load | rows/s | unchanged reload rows/s | bare CREATE rows/s "
            "| ratio to bare | Neo4j peak RSS |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *lines,
        ]
    )
    rewrite_section("import", body)
    print(body)


if __name__ == "__main__":
    main(sys.argv[1:] or ["county", "city"])
