"""While a large import publishes its rows in batches (docs/model.md, "All or nothing"), the
graph holds only part of them: every GraphQL request is then answered HTTP 503 with the code
IMPORT_PUBLISHING, so nobody is shown a half-imported county.

A thread in each API process looks for the import's committed publishing mark every
`WATCH_S` seconds; the importer waits `GRACE_S` (a few watch periods) after committing the
mark before it publishes the first batch, so every server has seen the mark by then. If the
importer died while publishing, the thread finishes publishing itself, as a restart would.
"""

from __future__ import annotations

import logging
import threading

from neo4j import Driver
from starlette.types import ASGIApp, Receive, Scope, Send

from api.messages import text
from api.middleware import language_of, refuse
from queries.staged_import import PUBLISHING, find_stage
from services.exchange.import_stage import WATCH_S, recover_abandoned

CODE = "IMPORT_PUBLISHING"
RETRY_AFTER_S = 10
log = logging.getLogger(__name__)


class PublishingWatch:
    """Knows, to within `WATCH_S`, whether an import is publishing. While Neo4j cannot be
    reached it keeps what it last saw: requests get a 503 either way."""

    def __init__(self) -> None:
        self.publishing = False
        self._stop = threading.Event()

    def start(self, *, driver: Driver, database: str) -> None:
        """Checks once now, then every WATCH_S seconds in a daemon thread."""
        self.check(driver=driver, database=database)
        thread = threading.Thread(
            target=self._run, args=(driver, database), name="publishing-watch", daemon=True
        )
        thread.start()

    def stop(self) -> None:
        """Ends the watching thread at its next wake-up."""
        self._stop.set()

    def check(self, *, driver: Driver, database: str) -> None:
        """Looks for the publishing mark; finishes publishing if its importer died."""
        try:
            stage = find_stage(driver=driver, database=database)
            self.publishing = stage is not None and stage.state == PUBLISHING
            if self.publishing and recover_abandoned(driver=driver, database=database):
                log.warning("finished publishing an import whose process died")
                self.publishing = False
        except Exception as error:  # the watch must outlive outages, which requests report
            log.warning("publishing watch: %s", error)

    def _run(self, driver: Driver, database: str) -> None:
        while not self._stop.wait(WATCH_S):
            self.check(driver=driver, database=database)


class PublishingGate:
    """Answers 503 IMPORT_PUBLISHING to GraphQL requests while the watch sees publishing."""

    def __init__(self, app: ASGIApp, watch: PublishingWatch, prefix: str = "/graphql") -> None:
        self.app, self.watch, self.prefix = app, watch, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and self.watch.publishing
            and scope["path"].startswith(self.prefix)
        ):
            message = text("publishing", language_of(scope))
            headers = {"retry-after": str(RETRY_AFTER_S)}
            await refuse(send, scope, 503, CODE, message, headers)
            return
        await self.app(scope, receive, send)
