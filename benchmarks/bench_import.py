"""Import speed: covergraph's import (`import_dataset`) against a bare `UNWIND … CREATE` of the
same rows, the write limit of this machine; each repeated into an emptied database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.baseline import bare_create
from benchmarks.harness import Database, Stats
from domain.dataset import Dataset
from queries.maintenance import wipe
from services.exchange.importer import import_dataset


@dataclass(frozen=True)
class ImportResult:
    """Timings of the first load, the bare write and one unchanged reload, for `rows` rows."""

    rows: int
    load: Stats
    bare: Stats
    reload_s: float
    neo4j_peak_mb: float
    store_mb: float  # the data directory after the loads: store files and transaction logs

    def rate(self, stats: Stats, at: str = "p50") -> float:
        """Rows per second at the median (or p99) duration."""
        return self.rows / (getattr(stats, at) / 1000)


def _first_load(db: Database, ds: Dataset) -> float:
    wipe(driver=db.driver, database=db.name)
    return import_dataset(driver=db.driver, database=db.name, dataset=ds).seconds


def _bare(db: Database, ds: Dataset) -> float:
    wipe(driver=db.driver, database=db.name)
    return bare_create(driver=db.driver, database=db.name, ds=ds)


def measure(db: Database, ds: Dataset, runs: int) -> ImportResult:
    """Times `runs` bare writes and `runs` first loads into an emptied database, then an
    unchanged reload; leaves the dataset loaded for the query benchmarks."""
    bare = Stats.of([_bare(db, ds) for _ in range(runs)])
    load = Stats.of([_first_load(db, ds) for _ in range(runs)])
    reload_s = import_dataset(driver=db.driver, database=db.name, dataset=ds).seconds
    peak = peak_rss_mb(db.instance.pid())
    return ImportResult(ds.row_count(), load, bare, reload_s, peak, size_mb(db.instance.data_dir))


def size_mb(folder: Path) -> float:
    """Returns the size of the files under a folder, in MiB."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / (1024 * 1024)


def peak_rss_mb(pid: int | None) -> float:
    """Returns a process's peak resident memory so far (VmHWM) in MiB."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0
