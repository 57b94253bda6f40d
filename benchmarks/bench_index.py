"""The coverage index: questions about today answered from it, over HTTP, beside the same
questions about the data's anchor day (computed from the graph, in bench_coverage); the cost it
adds to an edit; and the day's rebuild.

Today is the machine's date, a few weeks after the demo's anchor day: the index holds today,
as in production, and the anchor day is computed."""

from __future__ import annotations

import itertools
import random
from datetime import date

import httpx

from benchmarks.harness import Database, Stats, side_by_side, timings
from benchmarks.operations import Organisations, dashboard_query
from benchmarks.server import Api
from domain.dataset import Dataset
from domain.settings import gap_thresholds
from queries import index_upkeep
from services import edits

TODAY = date.today()


def _read_timings(
    api: Api, client: httpx.Client, token: str, tree: Organisations, runs: int
) -> dict[str, Stats]:
    """The dashboard's whole-scope questions about today, over HTTP."""
    root, towns = tree.roots[0], itertools.cycle(tree.townships())
    day = TODAY.isoformat()
    summary = dashboard_query("summary", "SUMMARY")
    page = dashboard_query("gaps", "GAPS")
    level = dashboard_query("tree", "LEVEL")
    return side_by_side(
        {
            "coverageSummary of the root, today (HTTP)": lambda: api.post(
                client, token, summary, scopeId=root, asOf=day
            ),
            "township gaps, first page + total, today (HTTP)": lambda: api.post(
                client, token, page, scopeId=next(towns), asOf=day, first=50, lang="zh"
            ),
            "orgChart one level of a township, today (HTTP)": lambda: api.post(
                client, token, level, rootId=next(towns), asOf=day
            ),
        },
        runs,
        warmup=3,
    )


class _Edits:
    """Appointments and liaisons starting today, each a new row (posts and liaisons are ended,
    never removed, so they stay: a few hundred rows more for the load test that follows)."""

    def __init__(self, ds: Dataset, tree: Organisations) -> None:
        rng = random.Random(5)
        people = [str(r["id"]) for r in ds.rows("people")]
        self.people = iter(rng.sample(people, len(people)))  # one person per new row
        self.branches, self.towns = (
            itertools.cycle(tree.branches()),
            itertools.cycle(tree.townships()),
        )

    def appoint(self, db: Database) -> None:
        values = {"person_id": next(self.people), "role": "COMMITTEE_MEMBER",
                  "target_id": next(self.branches), "start": TODAY}  # fmt: skip
        edits.add_row(driver=db.driver, database=db.name, table="posts", values=values)

    def liaise(self, db: Database) -> None:
        values = {"person_id": next(self.people), "kind": "POINT",
                  "organisation_id": next(self.towns), "start": TODAY}  # fmt: skip
        edits.add_row(driver=db.driver, database=db.name, table="liaisons", values=values)


def measure(
    db: Database, ds: Dataset, api: Api, token: str, tree: Organisations, runs: int,
    rebuilds: int,
) -> dict[str, Stats]:  # fmt: skip
    """Every coverage-index measurement of one scale against a loaded, served database."""
    with httpx.Client(timeout=300) as client:
        stats = _read_timings(api, client, token, tree, runs)
    changes = _Edits(ds, tree)
    stats["an appointment, index included"] = timings(lambda: changes.appoint(db), runs, warmup=2)
    stats["a liaison on a township, index included"] = timings(
        lambda: changes.liaise(db), runs, warmup=2
    )
    stats["day rollover: the index rebuilt"] = timings(
        lambda: index_upkeep.rebuild(driver=db.driver, database=db.name, day=TODAY,
                                     thresholds=gap_thresholds()),
        rebuilds,
        warmup=0,
    )  # fmt: skip
    return stats
