"""What every benchmark needs: a fresh bundled Neo4j sized for the scale, cached datasets,
timing statistics, and the BENCHMARKS.md section it rewrites."""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from neo4j import Driver

from domain.dataset import Dataset
from domain.settings import PROJECT_ROOT
from graph.connection import connection_from_env
from graph.constraints import apply_schema
from graph.database import open_driver
from graph.instance import Instance, free_port
from services.demo.generator import generate
from services.exchange.validation import check
from services.exchange.writing import write_dataset

CACHE = PROJECT_ROOT / "var" / "bench"
REPORT = PROJECT_ROOT / "BENCHMARKS.md"
ANCHOR = date(2026, 11, 1)  # the demo data's "today": fixed so cached datasets stay valid
SCALES: tuple[str, ...] = ("county", "city", "province")
MEMORY_VARIABLES = ("HEAP_MB", "PAGECACHE_MB", "TX_MB")
# Bundled Neo4j memory per scale (heap, page cache, transaction memory in MiB) on a 24 GiB
# machine: the page cache holds the whole store, and the province leaves room for the
# benchmark process, which holds the dataset in memory, and the API.
NEO4J_MEMORY: dict[str, tuple[int, int, int]] = {
    "county": (1024, 512, 2048),
    "city": (3072, 2048, 4096),
    "province": (6144, 6144, 4096),
}
# Sizes set in the environment when the run starts win over the table above.
OVERRIDES = {
    name: os.environ[f"COVERGRAPH_NEO4J_{name}"]
    for name in MEMORY_VARIABLES
    if f"COVERGRAPH_NEO4J_{name}" in os.environ
}


@dataclass(frozen=True)
class Stats:
    """Median and 99th percentile of repeated timings, in milliseconds."""

    p50: float
    p99: float
    runs: int

    @classmethod
    def of(cls, seconds: list[float]) -> Stats:
        """Summarises timings given in seconds."""
        ms = sorted(s * 1000 for s in seconds)
        p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
        return cls(statistics.median(ms), p99, len(ms))


def timings(action: Callable[[], object], runs: int, warmup: int = 5) -> Stats:
    """Times an action `runs` times after a few unmeasured warm-up runs."""
    return side_by_side({"": action}, runs, warmup)[""]


def side_by_side(
    actions: dict[str, Callable[[], object]], runs: int, warmup: int = 5
) -> dict[str, Stats]:
    """Times several actions in turn, each round in a rotated order, so that what else runs on
    the machine slows them alike and none always goes first."""
    names = list(actions)
    for _ in range(warmup):
        for name in names:
            actions[name]()
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            actions[name]()
            seconds[name].append(time.perf_counter() - started)
    return {name: Stats.of(seconds[name]) for name in names}


def dataset(scale: str, seed: int = 1) -> Dataset:
    """Returns the demo dataset of a scale (with its organisations' history), generated once and
    cached as CSV by seed."""
    folder = CACHE / f"{scale}-{seed}-{ANCHOR.isoformat()}-history"
    if not folder.exists():
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        write_dataset(generate(scale, seed, ANCHOR), partial)
        partial.rename(folder)  # a run stopped half-way leaves no half-written cache behind
    return check(folder)


def neo4j_memory(scale: str) -> dict[str, int]:
    """Returns the bundled Neo4j's memory sizes for a scale, environment overrides applied."""
    sized = dict(zip(MEMORY_VARIABLES, NEO4J_MEMORY[scale], strict=True))
    return {name: int(OVERRIDES.get(name, value)) for name, value in sized.items()}


@dataclass(frozen=True)
class Database:
    """A running throwaway Neo4j: its driver, database name and instance."""

    driver: Driver
    name: str
    instance: Instance


@contextmanager
def fresh_neo4j(scale: str) -> Iterator[Database]:
    """Starts an empty bundled Neo4j sized for the scale in a temporary home; stops and
    removes it afterwards. COVERGRAPH_HOME points at it meanwhile, so `covergraph serve`
    started from here uses it too."""
    home = Path(tempfile.mkdtemp(prefix="covergraph-bench-"))
    saved = {k: os.environ.get(k) for k in ("COVERGRAPH_HOME", "NEO4J_URI")}
    os.environ.pop("NEO4J_URI", None)
    os.environ["COVERGRAPH_HOME"] = str(home)
    for name, value in neo4j_memory(scale).items():
        os.environ[f"COVERGRAPH_NEO4J_{name}"] = str(value)
    instance = Instance(home)
    instance.start(free_port())
    connection = connection_from_env()
    driver = open_driver(connection)
    try:
        apply_schema(driver=driver, database=connection.database)
        yield Database(driver, connection.database, instance)
    finally:
        driver.close()
        instance.stop()
        shutil.rmtree(home, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def machine() -> str:
    """Describes the machine the figures were measured on."""
    cpus = os.cpu_count()
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    return (
        f"{model}, {cpus} cores, {memory} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def rewrite_section(name: str, body: str) -> None:
    """Replaces the section between this benchmark's markers in BENCHMARKS.md (or appends it)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{block}\n"
    )
    REPORT.write_text(text)
