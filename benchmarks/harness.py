"""What every benchmark needs: a fresh bundled Neo4j, cached datasets, timing statistics,
and the BENCHMARKS.md section it rewrites."""

from __future__ import annotations

import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from neo4j import Driver

from graph.database import open_driver
from graph.instance import Instance, free_port
from graph.settings import PROJECT_ROOT, connection_from_env
from loaders.dataset import Dataset
from loaders.demo import generate
from loaders.validation import check
from loaders.writing import write_dataset
from queries.schema import apply_schema

CACHE = PROJECT_ROOT / "var" / "bench"
REPORT = PROJECT_ROOT / "BENCHMARKS.md"
ANCHOR = date(2026, 11, 1)  # the demo data's "today": fixed so cached datasets stay valid


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
    for _ in range(warmup):
        action()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return Stats.of(seconds)


def dataset(scale: str, seed: int = 1) -> Dataset:
    """Returns the demo dataset of a scale, generated once and cached as CSV by seed."""
    folder = CACHE / f"{scale}-{seed}-{ANCHOR.isoformat()}"
    if not folder.exists():
        write_dataset(generate(scale, seed, ANCHOR), folder)
    return check(folder)


@contextmanager
def fresh_neo4j(
    heap_mb: int = 6144, page_cache_mb: int = 4096
) -> Iterator[tuple[Driver, str, Instance]]:
    """Starts an empty bundled Neo4j in a temporary home; stops and removes it afterwards."""
    home = Path(tempfile.mkdtemp(prefix="covergraph-bench-"))
    saved = {k: os.environ.get(k) for k in ("COVERGRAPH_HOME", "NEO4J_URI")}
    os.environ.pop("NEO4J_URI", None)
    os.environ["COVERGRAPH_HOME"] = str(home)
    os.environ["COVERGRAPH_NEO4J_HEAP_MB"] = str(heap_mb)
    os.environ["COVERGRAPH_NEO4J_PAGECACHE_MB"] = str(page_cache_mb)
    instance = Instance(home)
    instance.start(free_port())
    connection = connection_from_env()
    driver = open_driver(connection)
    try:
        apply_schema(driver=driver, database=connection.database)
        yield driver, connection.database, instance
    finally:
        driver.close()
        instance.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def peak_rss_mb(pid: int) -> float:
    """Returns a process's peak resident memory (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def machine() -> str:
    """Describes the machine the figures were measured on."""
    cpus = os.cpu_count()
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    return (
        f"{platform.machine()}, {cpus} cores, {memory} GiB RAM, Python {platform.python_version()}"
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
