"""Plans the dashboard's main queries when the server starts, in the background.

Neo4j plans each query text on first use, which costs the first visitor of a fresh server
seconds; running the dashboard's queries once on the first root organisation moves that wait
to start-up, where nobody sees it.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from neo4j import Driver

from queries.dashboard import coverage_summary, org_chart
from queries.gaps import count_gaps, coverage_gaps
from queries.organisations import root_ids

log = logging.getLogger(__name__)


def warm_up(*, driver: Driver, database: str) -> str | None:
    """Runs the dashboard's queries once for the first root organisation, and returns its id
    (None when the graph holds no organisation)."""
    day = date.today()
    roots = root_ids(driver=driver, database=database, day=day)
    if not roots:
        return None
    root = roots[0]
    coverage_summary(driver=driver, database=database, scope_id=root, day=day)
    org_chart(driver=driver, database=database, root_id=root, depth=2, day=day)
    for scope in (None, root):
        count_gaps(driver=driver, database=database, day=day, scope_id=scope)
        coverage_gaps(driver=driver, database=database, day=day, scope_id=scope, first=50)
    return root


def start_warm_up(*, driver: Driver, database: str) -> None:
    """Warms up in a daemon thread; a failure is logged, never raised (it only costs speed)."""

    def run() -> None:
        try:
            warm_up(driver=driver, database=database)
        except Exception:  # a closed driver at shutdown, an unreachable database: no harm done
            log.warning("query warm-up did not finish", exc_info=True)

    threading.Thread(target=run, name="covergraph-warm-up", daemon=True).start()
