"""Concurrency: N clients (an asyncio httpx client each) send the dashboard's own operations to
`covergraph serve` for a fixed time, half with an admin token, half with township-scoped ones;
throughput, latency percentiles and errors, overall and per operation."""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from benchmarks.harness import Stats
from benchmarks.operations import Organisations, dashboard_query
from domain.thresholds import GAP_RULES

# The dashboard opens on today, which the coverage index answers; the demo's organisations are
# those of its anchor day a few weeks before (its history lies before that day).
DAY = date.today().isoformat()
ROOT_SHARE = 0.02  # of summaries and gap lists an admin opens at the root: rare, and heavy
# Weights of the dashboard's views, as staff use them: mostly a township's org chart and
# branch panels, then gap lists, figures, lists and search.
WEIGHTS: dict[str, int] = {
    "panel": 25,
    "level": 20,
    "gaps": 15,
    "summary": 10,
    "orgs": 10,
    "search": 10,
    "path": 5,
    "scopes": 5,
}
QUERIES = {
    "panel": ("panel", "DETAILS"),
    "level": ("tree", "LEVEL"),
    "gaps": ("gaps", "GAPS"),
    "summary": ("summary", "SUMMARY"),
    "orgs": ("orgs", "ORGS"),
    "search": ("orgchart", "SEARCH"),
    "path": ("tree", "PATH"),
    "scopes": ("scopes", "CHILDREN"),
}


@dataclass(frozen=True)
class Profile:
    """One client: its token and the organisations its user works in."""

    token: str
    scope: str | None  # None: an admin, who sees everything
    area: list[str]  # the organisations the user opens (a township's subtree)
    townships: list[str]  # where the user's summaries and gap lists start


class Mix:
    """Picks the next operation of a client with its variables."""

    def __init__(self, tree: Organisations) -> None:
        self.tree = tree
        self.choices, self.weights = list(WEIGHTS), list(WEIGHTS.values())

    def pick(self, who: Profile, rng: random.Random) -> tuple[str, dict[str, Any]]:
        """Returns an operation name and its variables."""
        op = rng.choices(self.choices, self.weights)[0]
        return op, getattr(self, f"_{op}")(who, rng)

    def _scope(self, who: Profile, rng: random.Random) -> str | None:
        if who.scope is None and rng.random() < ROOT_SHARE:
            return self.tree.roots[0]
        return rng.choice(who.townships)

    def _panel(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        branches = self.tree.branches(who.area) or who.area
        return {"id": rng.choice(branches), "asOf": DAY, "lang": "zh"}

    def _level(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        parents = [o for o in who.area if self.tree.children.get(o)] or who.area
        return {"rootId": rng.choice(parents), "asOf": DAY}

    def _gaps(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        rules = [rng.choice(GAP_RULES)] if rng.random() < 0.5 else None
        scope = self._scope(who, rng)
        return {"scopeId": scope, "rules": rules, "asOf": DAY, "first": 50, "lang": "zh"}

    def _summary(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        return {"scopeId": self._scope(who, rng), "asOf": DAY}

    def _orgs(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        kind = rng.choice([None, "BRANCH"])
        scope = rng.choice(who.townships)
        return {"scopeId": scope, "kind": kind, "first": 50, "asOf": DAY}

    def _search(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        return {"text": self.tree.name[rng.choice(who.area)][:2]}

    def _path(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        return {"id": rng.choice(who.area), "asOf": DAY}

    def _scopes(self, who: Profile, rng: random.Random) -> dict[str, Any]:
        return {"rootId": rng.choice(who.townships)}


@dataclass(frozen=True)
class LoadResult:
    """What N clients achieved in a fixed time."""

    clients: int
    seconds: float
    overall: Stats
    errors: int
    first_error: str
    by_operation: dict[str, Stats]

    @property
    def throughput(self) -> float:
        """Completed requests per second."""
        return self.overall.runs / self.seconds


async def _client(
    http: httpx.AsyncClient, url: str, who: Profile, mix: Mix, seed: int, deadline: float
) -> list[tuple[str, float, str]]:
    """Sends operations until the deadline; returns (operation, seconds, error or "")."""
    rng, samples = random.Random(seed), []
    headers = {"Authorization": f"Bearer {who.token}"}
    while time.monotonic() < deadline:
        op, variables = mix.pick(who, rng)
        body = {"query": dashboard_query(*QUERIES[op]), "variables": variables}
        started = time.perf_counter()
        try:
            response = await http.post(url, json=body, headers=headers)
            answer = response.json()
            error = "" if response.status_code == 200 and "errors" not in answer else str(answer)
        except (httpx.HTTPError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"
        samples.append((op, time.perf_counter() - started, error[:300]))
    return samples


VISIT = """mutation($person: ID!, $org: ID!, $day: Date!) {
  recordVisit(personId: $person, organisationId: $org, date: $day, kind: "GUIDANCE") {
    version } }"""


@dataclass(frozen=True)
class Editor:
    """A clerk recording one visit a second while the dashboards read: each a new row, so the
    coverage index follows a write every second."""

    token: str
    visits: list[tuple[str, str]]  # (person, branch), no pair twice


async def _editor(
    http: httpx.AsyncClient, url: str, editor: Editor, deadline: float
) -> list[tuple[str, float, str]]:
    samples = []
    headers = {"Authorization": f"Bearer {editor.token}"}
    for person, org in editor.visits:
        if time.monotonic() >= deadline:
            break
        variables = {"person": person, "org": org, "day": DAY}
        started = time.perf_counter()
        try:
            response = await http.post(url, json={"query": VISIT, "variables": variables},
                                       headers=headers)  # fmt: skip
            answer = response.json()
            error = "" if response.status_code == 200 and "errors" not in answer else str(answer)
        except (httpx.HTTPError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"
        took = time.perf_counter() - started
        samples.append(("edit", took, error[:300]))
        await asyncio.sleep(max(0.0, 1.0 - took))
    return samples


async def _drive(
    url: str, profiles: list[Profile], mix: Mix, seconds: float, editor: Editor | None
) -> LoadResult:
    clients = len(profiles) + 1
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        started = time.monotonic()
        deadline = started + seconds
        runs = [
            _client(http, f"{url}/graphql", who, mix, seed, deadline)
            for seed, who in enumerate(profiles)
        ]
        if editor is not None:
            runs.append(_editor(http, f"{url}/graphql", editor, deadline))
        samples = [s for client in await asyncio.gather(*runs) for s in client]
        elapsed = time.monotonic() - started
    by_op: dict[str, list[float]] = defaultdict(list)
    for op, took, _ in samples:
        by_op[op].append(took)
    errors = [e for _, _, e in samples if e]
    return LoadResult(
        clients=len(profiles),
        seconds=elapsed,
        overall=Stats.of([took for _, took, _ in samples]),
        errors=len(errors),
        first_error=errors[0] if errors else "",
        by_operation={op: Stats.of(times) for op, times in sorted(by_op.items())},
    )


def run(
    url: str, profiles: list[Profile], mix: Mix, seconds: float, editor: Editor | None = None
) -> LoadResult:
    """Runs the clients (and the editor) against the API for `seconds` and summarises what
    they saw."""
    return asyncio.run(_drive(url, profiles, mix, seconds, editor))
