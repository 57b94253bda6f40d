"""Peak resident memory of the API (with its worker processes) and of the Neo4j JVM, sampled
in the background, and how busy the rest of the machine was meanwhile."""

from __future__ import annotations

import os
import threading
import time
from types import TracebackType

import psutil


def tree_rss_mb(pid: int) -> float:
    """Returns the resident memory of a process and all its descendants, in MiB."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / (1024 * 1024)


class PeakMemory:
    """Samples the resident memory of process trees every `interval` seconds; keeps the peak."""

    def __init__(self, pids: dict[str, int], interval: float = 0.25) -> None:
        self.pids, self.interval = pids, interval
        self.peak_mb = dict.fromkeys(pids, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-memory", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        """Takes one sample of every tree."""
        for name, pid in self.pids.items():
            self.peak_mb[name] = max(self.peak_mb[name], tree_rss_mb(pid))

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


class OtherLoad:
    """CPU the rest of the machine used while the benchmark ran, in cores busy on average:
    all CPU time less this process's, its children's and the named processes'."""

    def __init__(self, own_pids: list[int]) -> None:
        self.own_pids = own_pids
        self.started = time.monotonic()
        self.busy_start = _busy_seconds()
        self.own_start = self._own_seconds()

    def _own_seconds(self) -> float:
        processes: dict[int, psutil.Process] = {}
        for pid in [os.getpid(), *self.own_pids]:
            try:
                root = psutil.Process(pid)
                processes.update((p.pid, p) for p in [root, *root.children(recursive=True)])
            except psutil.NoSuchProcess:
                continue
        total = 0.0
        for process in processes.values():  # each once: the named ones may be our children
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def cores(self) -> float:
        """Returns the other processes' average number of busy cores since the start."""
        wall = max(time.monotonic() - self.started, 1e-9)
        others = (_busy_seconds() - self.busy_start) - (self._own_seconds() - self.own_start)
        return max(others, 0.0) / wall


def _busy_seconds() -> float:
    times = psutil.cpu_times()
    return times.user + times.system + times.nice + getattr(times, "irq", 0.0)
