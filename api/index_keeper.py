"""Keeps the coverage index on today (queries/index_upkeep.py) while the server runs.

At start-up, and then once a minute, the server rebuilds the index when there is none or it
holds another day or other thresholds: the first check after midnight rolls it over to the new
day in one transaction. Until then a question about today is computed from the graph, with
the same answer. With several servers, each checks; the write gate lets one rebuild at a time,
and the others find the index current.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from neo4j import Driver

from domain.settings import gap_thresholds
from queries.index_upkeep import keep_current

log = logging.getLogger(__name__)
CHECK_EVERY_S = 60.0


class IndexKeeper:
    """A daemon thread that keeps the coverage index on today."""

    def __init__(self) -> None:
        self._stop = threading.Event()

    def start(
        self, *, driver: Driver, database: str, then: Callable[[], None] | None = None
    ) -> None:
        """Checks now, runs `then` (start-up work that reads the index), then once a minute."""

        def run() -> None:
            first = True
            while first or not self._stop.wait(CHECK_EVERY_S):
                self.keep(driver, database)
                if first and then is not None:
                    then()
                first = False

        threading.Thread(target=run, name="covergraph-index", daemon=True).start()

    @staticmethod
    def keep(driver: Driver, database: str) -> None:
        try:
            built = keep_current(driver=driver, database=database, thresholds=gap_thresholds())
        except Exception:  # a closed driver at shutdown, an unreachable database: try again
            log.warning("the coverage index was not brought up to date", exc_info=True)
            return
        if built is not None:
            log.info("coverage index of %s built: %d organisations, %d entries in %.1f s",
                     built.day, built.organisations, built.entries, built.seconds)  # fmt: skip

    def stop(self) -> None:
        self._stop.set()
