"""What today's answers cost on one tree of the project, to compare the trees before and after
the answers walked the hierarchy of their day (docs/model.md, "History of the organisations").

Run it against a tree by path; it imports that tree's code, so it uses only functions whose
signatures both trees share, and nothing from `benchmarks` (whose harness may differ):

    PYTHONPATH=<tree> .venv/bin/python benchmarks/hierarchy_cost.py --scale county [--history]

It starts an empty bundled Neo4j in a temporary COVERGRAPH_HOME (`--neo4j-server` names a built
`neo4j-server` folder when the tree has none), loads the demo dataset, warms up, and prints
one markdown row per measurement of the demo's "today". The picks come from `--seed`, so every
tree gets the same ones; the *answer* column (entries, links, gaps, nodes) lets the runs check
that they answered alike.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from neo4j import Driver

import graph.instance
import queries
from domain.dataset import Dataset
from graph.connection import connection_from_env
from graph.constraints import apply_schema
from graph.database import open_driver
from graph.instance import Instance, free_port
from queries.dashboard import coverage_summary, org_chart, responsibility_chain
from queries.gaps import count_gaps, iter_gaps
from queries.who_covers import who_covers
from services.demo.generator import generate
from services.exchange.importer import import_dataset
from services.exchange.validation import check, validate
from services.exchange.writing import write_dataset

ANCHOR = date(2026, 11, 1)  # the demo's "today", as in BENCHMARKS.md
# Heap, page cache and transaction memory in MiB, as `make bench` sizes the bundled Neo4j.
MEMORY = {"county": (1024, 512, 2048), "city": (3072, 2048, 4096)}
MEMORY_VARIABLES = ("HEAP_MB", "PAGECACHE_MB", "TX_MB")
TREE = Path(queries.__file__).resolve().parent.parent  # the tree this run measures


@dataclass(frozen=True)
class Picks:
    """What the measurements ask about: the root, a township and random branches of the day."""

    root: str
    township: str
    branches: list[str]


@dataclass(frozen=True)
class Row:
    """One measurement: its timings in seconds and the size of its answer."""

    name: str
    seconds: list[float]
    answer: int


@dataclass(frozen=True)
class Db:
    """A loaded throwaway Neo4j: its driver and database name."""

    driver: Driver
    name: str


def arguments() -> argparse.Namespace:
    """Parses the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(MEMORY), default="county")
    parser.add_argument("--history", action="store_true", help="generate the demo with history")
    parser.add_argument("--runs", type=int, default=20, help="timings of each scope-wide query")
    parser.add_argument("--picks", type=int, default=200, help="random branches for whoCovers")
    parser.add_argument("--seed", type=int, default=7, help="seed of the random picks")
    parser.add_argument("--day", type=date.fromisoformat, default=ANCHOR, help="the demo's anchor")
    parser.add_argument("--dataset", type=Path, help="load this exported dataset instead")
    parser.add_argument("--export", type=Path, help="write the demo dataset here and stop")
    parser.add_argument("--neo4j-server", type=Path, help="a built neo4j-server folder to use")
    return parser.parse_args()


def commit() -> str:
    """Returns the measured tree's short commit, marked when its work tree has changes."""
    git = ["git", "-C", str(TREE)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    )
    return head.stdout.strip() + ("-dirty" if changed.stdout.strip() else "")


def demo(args: argparse.Namespace) -> Dataset:
    """Generates the demo dataset (or reads the exported one) and refuses an invalid one."""
    if args.dataset is not None:
        dataset = check(args.dataset)
    elif args.history and "history" not in inspect.signature(generate).parameters:
        sys.exit("this tree's generator has no history: --export with a newer tree, --dataset")
    else:
        # Named either way: the generator's default changed from no history to history.
        dataset = generate(args.scale, 1, args.day, history=args.history)
    problems = validate(dataset)
    if problems:
        sys.exit(problems[0].message("en"))
    return dataset


def fingerprint(dataset: Dataset) -> str:
    """Returns a short hash of every row, in no particular order and without empty cells, so that
    two runs can show they loaded the same data, generated or read from an export."""
    digest = hashlib.sha256()
    for table in sorted(dataset.tables):
        cells = (
            sorted((k, v) for k, v in r.values.items() if v is not None)
            for r in dataset.rows(table)
        )
        for line in sorted(repr(c) for c in cells):
            digest.update(f"{table}:{line}\n".encode())
    return digest.hexdigest()[:12]


def picks(dataset: Dataset, day: date, seed: int, count: int) -> Picks:
    """Chooses, among the organisations existing on the day, the root, a township and
    `count` branches (with repeats only when there are fewer)."""
    rows = [r for r in dataset.rows("organisations") if _exists(r["founded"], r["dissolved"], day)]
    kinds = {str(r["id"]): (r["kind"], r["domain"]) for r in rows}
    ids = sorted(kinds)
    roots = sorted(str(r["id"]) for r in rows if r["parent_id"] is None)
    township = {("COMMITTEE", "RURAL"), ("WORKING_COMMITTEE", "COMMUNITY")}
    townships = [o for o in ids if kinds[o] in township]
    branches = [o for o in ids if kinds[o][0] == "BRANCH"]
    chooser = random.Random(seed)
    chosen = (
        chooser.sample(branches, count)
        if count <= len(branches)
        else [chooser.choice(branches) for _ in range(count)]
    )
    return Picks(roots[0], chooser.choice(townships), chosen)


def _exists(founded: object, dissolved: object, day: date) -> bool:
    return (not isinstance(founded, date) or founded <= day) and (
        not isinstance(dissolved, date) or dissolved > day
    )


@contextmanager
def bundled_neo4j(scale: str, server: Path | None) -> Iterator[Db]:
    """Starts an empty bundled Neo4j sized for the scale in a temporary home, with the schema
    applied; stops and removes it afterwards."""
    if server is not None:
        graph.instance.SERVER_DIR = server.resolve()
    home = Path(tempfile.mkdtemp(prefix="covergraph-hierarchy-"))
    os.environ.pop("NEO4J_URI", None)
    os.environ["COVERGRAPH_HOME"] = str(home)
    for variable, size in zip(MEMORY_VARIABLES, MEMORY[scale], strict=True):
        os.environ.setdefault(f"COVERGRAPH_NEO4J_{variable}", str(size))
    instance = Instance(home)
    try:
        instance.start(free_port())
        connection = connection_from_env()
        driver = open_driver(connection)
        try:
            apply_schema(driver=driver, database=connection.database)
            yield Db(driver, connection.database)
        finally:
            driver.close()
    finally:
        instance.stop()
        shutil.rmtree(home, ignore_errors=True)


def warm_up(db: Db) -> None:
    """Reads every node and relationship once, so that the page cache holds the store."""
    db.driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(n), count(r)", database_=db.name
    )


def per_pick(name: str, ids: list[str], ask: Callable[[str], int]) -> Row:
    """Asks once about every pick unmeasured, then once more measured, one timing each."""
    for oid in ids:
        ask(oid)
    seconds, answer = [], 0
    for oid in ids:
        started = time.perf_counter()
        answer += ask(oid)
        seconds.append(time.perf_counter() - started)
    return Row(name, seconds, answer)


def in_rounds(actions: dict[str, Callable[[], int]], runs: int) -> list[Row]:
    """Times scope-wide queries in turn, each round in a rotated order, after one warm-up round."""
    names = list(actions)
    answers = {name: actions[name]() for name in names}
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            actions[name]()
            seconds[name].append(time.perf_counter() - started)
    return [Row(name, seconds[name], answers[name]) for name in names]


def measure(db: Db, chosen: Picks, day: date, runs: int) -> list[Row]:
    """Runs every measurement of today's answers."""
    d, n = db.driver, db.name
    rows = [
        per_pick(
            "whoCovers of a random branch",
            chosen.branches,
            lambda o: len(who_covers(driver=d, database=n, organisation_id=o, day=day)),
        ),
        per_pick(
            "responsibility chain of a random branch",
            chosen.branches,
            lambda o: len(responsibility_chain(driver=d, database=n, organisation_id=o, day=day)),
        ),
    ]
    town, root = chosen.township, chosen.root
    scoped: dict[str, Callable[[], int]] = {
        "a township's gaps, all (iter_gaps)": lambda: sum(
            1 for _ in iter_gaps(driver=d, database=n, day=day, scope_id=town)
        ),
        "a township's gap counts (count_gaps)": lambda: sum(
            count_gaps(driver=d, database=n, day=day, scope_id=town).values()
        ),
        "org chart depth 3 of the root": lambda: len(
            org_chart(driver=d, database=n, root_id=root, depth=3, day=day)
        ),
        "coverage summary of the root": lambda: _summary_size(d, n, root, day),
    }
    rows += in_rounds(scoped, runs)
    sweep = {
        "full gap sweep (iter_gaps)": lambda: sum(
            1 for _ in iter_gaps(driver=d, database=n, day=day)
        )
    }
    return rows + in_rounds(sweep, max(1, min(runs, 5)))


def _summary_size(driver: Driver, database: str, root: str, day: date) -> int:
    figures = coverage_summary(driver=driver, database=database, scope_id=root, day=day).figures
    return figures.organisation_count + sum(figures.gaps.values())


def p95(seconds: list[float]) -> float:
    """Returns the 95th percentile (nearest rank) in milliseconds."""
    ordered = sorted(seconds)
    return 1000 * ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def load() -> str:
    """Returns the machine's load averages over 1, 5 and 15 minutes."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    """Generates, loads and measures; prints the markdown rows."""
    args = arguments()
    started_load, tree = load(), commit()
    dataset = demo(args)
    if args.export is not None:
        write_dataset(dataset, args.export, personal=True)
        print(f"written to {args.export}", file=sys.stderr)
        return
    chosen = picks(dataset, args.day, args.seed, args.picks)
    history = "on" if args.history else "off"
    print(f"{tree} ({TREE}): loading {dataset.row_count():,} rows", file=sys.stderr)
    with bundled_neo4j(args.scale, args.neo4j_server) as db:
        imported = import_dataset(driver=db.driver, database=db.name, dataset=dataset)
        warm_up(db)
        rows = measure(db, chosen, args.day, args.runs)
    print("| commit | scale | history | measurement | median ms | p95 ms | n | answer |")
    print("| --- | --- | --- | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        median = 1000 * statistics.median(row.seconds)
        print(
            f"| {tree} | {args.scale} | {history} | {row.name} | {median:.2f} "
            f"| {p95(row.seconds):.2f} | {len(row.seconds)} | {row.answer:,} |"
        )
    print(
        f"\n{tree} at {TREE}; day {args.day}; dataset {fingerprint(dataset)} "
        f"({dataset.row_count():,} rows, imported in {imported.seconds:.1f} s); seed {args.seed}: "
        f"root {chosen.root}, township {chosen.township}; load average (1/5/15 min) "
        f"at start {started_load}, at end {load()}"
    )


if __name__ == "__main__":
    main()
