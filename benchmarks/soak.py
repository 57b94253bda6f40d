"""Soak: mixed reads and writes against `covergraph serve` for SOAK_SECONDS (default 600),
counting errors by kind and sampling the API's resident memory; rewrites BENCHMARKS.md's
soak section. Run by `make soak`, not by `make test`."""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from api.auth import issue_token
from benchmarks.harness import ANCHOR, dataset, fresh_neo4j, machine, rewrite_section
from benchmarks.server import serving
from services.exchange.importer import import_dataset

SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "4"))
SAMPLE_EVERY_S = 5.0
DAY = ANCHOR.isoformat()
READS = {
    "whoCovers": "query($id: ID!, $d: Date) { whoCovers(organisationId: $id, asOf: $d) "
    "{ person { id name } relation role via { id } distance } }",
    "coverageGaps": "query($d: Date) { coverageGaps(asOf: $d, first: 50) "
    "{ totalCount edges { node { rule subject { id } detail } } } }",
    "coverageSummary": "query($id: ID, $d: Date) { coverageSummary(scopeId: $id, asOf: $d) "
    "{ figures { organisationCount secretaryVacancies } children { organisation { id } } } }",
    "orgChart": "query($id: ID!, $d: Date) { orgChart(rootId: $id, depth: 2, asOf: $d) "
    "{ id name secretaries } }",
}
UPDATE = "mutation($id: ID!, $n: Int) { updateOrganisation(id: $id, changes: "
UPDATE += "{fullMembers: $n}) { version } }"
VISIT = "mutation($p: ID!, $o: ID!, $d: Date!) { recordVisit(personId: $p, organisationId: $o, "
VISIT += 'date: $d, kind: "GUIDANCE") { version } }'
REFUSALS = {"BAD_USER_INPUT", "CONFLICT"}  # a refused edit is an answer, not an error


@dataclass
class Tally:
    """Requests and errors by kind, shared by the clients."""

    requests: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, operation: str, error: str | None) -> None:
        """Counts one request and, when it failed, its kind of failure."""
        with self.lock:
            self.requests[operation] += 1
            if error:
                self.errors[f"{operation}: {error}"] += 1


def _outcome(response: httpx.Response) -> str | None:
    """Returns the kind of failure of an answer, or None when it is a proper answer."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    errors = response.json().get("errors") or []
    codes = {e.get("extensions", {}).get("code", "?") for e in errors}
    return None if codes <= REFUSALS else ", ".join(sorted(codes))


def _client(url: str, token: str, ids: dict[str, list[str]], seed: int, stop: threading.Event,
            tally: Tally) -> None:  # fmt: skip
    """Sends random operations until stopped: about two reads for each write."""
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
        while not stop.is_set():
            operation, query, variables = _pick(rng, ids)
            try:
                response = http.post("/graphql", json={"query": query, "variables": variables})
                tally.count(operation, _outcome(response))
            except httpx.HTTPError as error:
                tally.count(operation, type(error).__name__)


def _pick(rng: random.Random, ids: dict[str, list[str]]) -> tuple[str, str, dict[str, object]]:
    """Chooses the next operation and its variables."""
    org, root = rng.choice(ids["organisations"]), rng.choice(ids["townships"])
    roll = rng.random()
    if roll < 0.3:
        return "whoCovers", READS["whoCovers"], {"id": org, "d": DAY}
    if roll < 0.45:
        return "coverageGaps", READS["coverageGaps"], {"d": DAY}
    if roll < 0.55:
        return "coverageSummary", READS["coverageSummary"], {"id": root, "d": DAY}
    if roll < 0.67:
        return "orgChart", READS["orgChart"], {"id": root, "d": DAY}
    if roll < 0.85:
        return "updateOrganisation", UPDATE, {"id": org, "n": rng.randint(1, 49)}
    visit = date(2026, rng.randint(1, 10), rng.randint(1, 28)).isoformat()
    return "recordVisit", VISIT, {"p": rng.choice(ids["people"]), "o": org, "d": visit}


def rss_mb(pid: int) -> float:
    """Returns a process's resident memory (VmRSS) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _sample(pid: int, stop: threading.Event, samples: list[tuple[float, float]]) -> None:
    """Records (seconds since start, RSS MiB) every few seconds until stopped."""
    started = time.monotonic()
    while not stop.wait(SAMPLE_EVERY_S):
        samples.append((time.monotonic() - started, rss_mb(pid)))


def slope_mb_per_min(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of RSS over time, in MiB per minute."""
    if len(samples) < 2:
        return 0.0
    times, values = [t for t, _ in samples], [v for _, v in samples]
    return float(statistics.linear_regression(times, values).slope) * 60


@dataclass(frozen=True)
class Run:
    """What one soak run measured."""

    seconds: float
    tally: Tally
    samples: list[tuple[float, float]]
    load: tuple[float, float]  # the machine's 1-minute load average at the start and the end


def soak(url: str, token: str, pid: int, ids: dict[str, list[str]]) -> Run:
    """Runs the clients and the memory sampler for SECONDS."""
    stop, tally, samples = threading.Event(), Tally(), [(0.0, rss_mb(pid))]
    threads = [threading.Thread(target=_client, args=(url, token, ids, s, stop, tally))
               for s in range(CLIENTS)]  # fmt: skip
    threads.append(threading.Thread(target=_sample, args=(pid, stop, samples)))
    started, load = time.monotonic(), os.getloadavg()[0]
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    samples.append((time.monotonic() - started, rss_mb(pid)))
    return Run(time.monotonic() - started, tally, samples, (load, os.getloadavg()[0]))


def report(run: Run, rows: int) -> str:
    """Returns the BENCHMARKS.md section of a run."""
    values = [v for _, v in run.samples]
    settled = [s for s in run.samples if s[0] >= 60] or run.samples  # after a minute's warm-up
    total, errors = sum(run.tally.requests.values()), sum(run.tally.errors.values())
    per_op = ", ".join(f"{k} {v:,}" for k, v in sorted(run.tally.requests.items()))
    every = max(1, len(run.samples) // 10)
    curve = " · ".join(f"{t / 60:.1f} min {v:.0f}" for t, v in run.samples[::every])
    failures = "".join(f"\n  - {k}: {v}" for k, v in sorted(run.tally.errors.items()))
    command = f"`make soak` (`SOAK_SECONDS={SECONDS:.0f}`, {CLIENTS} clients)"
    return "\n".join([
        "## Soak", "",
        f"Measured {date.today().isoformat()} on {machine()}, with {command}.",
        f"A fresh bundled Neo4j with the county demo ({rows:,} rows) and one `covergraph serve`;",
        f"{CLIENTS} clients send mixed operations for {run.seconds / 60:.1f} minutes: whoCovers,",
        "coverageGaps, coverageSummary and orgChart (two thirds), and the mutations",
        "updateOrganisation and recordVisit (one third; a refused edit is an answer).",
        "", f"- requests: {total:,} ({total / run.seconds:.1f}/s): {per_op}",
        f"- errors: **{errors}**{failures}",
        f"- API resident memory: first {values[0]:.0f} MiB, last {values[-1]:.0f} MiB, "
        f"max {max(values):.0f} MiB; slope after the first minute "
        f"{slope_mb_per_min(settled):+.2f} MiB/min",
        f"- memory over time (MiB): {curve}",
        f"- machine load average (1 min) at the start {run.load[0]:.1f}, at the end "
        f"{run.load[1]:.1f} (2 cores: anything above about 2 is other work sharing them)", "",
    ])  # fmt: skip


def main() -> None:
    """Starts Neo4j and the API, loads the county demo, soaks, and records the result."""
    ds = dataset("county")
    ids = {"organisations": [str(r["id"]) for r in ds.rows("organisations")],
           "townships": [str(r["id"]) for r in ds.rows("organisations")
                         if str(r["name"]).endswith("镇党委")],
           "people": [str(r["id"]) for r in ds.rows("people")]}  # fmt: skip
    with fresh_neo4j("county") as db:
        driver, database = db.driver, db.name
        import_dataset(driver=driver, database=database, dataset=ds)
        token = issue_token(driver=driver, database=database, role="admin")[1]
        with serving() as api:
            run = soak(api.url, token, api.pid, ids)
        # Recorded before Neo4j stops: a slow shutdown must not lose the measurement.
        body = report(run, ds.row_count())
        print(body)
        rewrite_section("soak", body)


if __name__ == "__main__":
    main()
