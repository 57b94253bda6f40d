"""A driver whose every transaction carries a timeout, so no query of the API runs unbounded.

Neo4j stops a transaction that outlives the timeout its client gave at its start. The Python
driver has no default for it, so the API wraps its one driver: each `execute_query`, session
`run`, explicit transaction and transaction function gets the timeout unless it names its own.
A server-side `db.transaction.timeout` would also stop imports (one long transaction by design)
and would not reach a Neo4j that covergraph does not run itself.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, LiteralString, cast

from neo4j import READ_ACCESS, Driver, Query, RoutingControl, Session, unit_of_work
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired, TransientError

# What Neo4j answers when it stops a transaction for running too long (directly, or while it
# waits for a lock).
TIMEOUT_CODES = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        "Neo.ClientError.Transaction.LockClientStopped",
        "Neo.TransientError.Transaction.LockClientStopped",
    }
)


def is_timeout(error: BaseException | None) -> bool:
    """Tells whether an error is Neo4j stopping a transaction that ran out of time."""
    return isinstance(error, Neo4jError) and error.code in TIMEOUT_CODES


def timed_query(query: LiteralString | Query, timeout: float) -> Query:
    """Returns the query with the timeout, unless it already has one."""
    if isinstance(query, Query):
        if query.timeout is not None:
            return query
        return Query(query.text, query.metadata, timeout)
    return Query(query, timeout=timeout)


def timed_work(work: Callable[..., Any], timeout: float) -> Callable[..., Any]:
    """Returns a transaction function with the timeout, unless it already has one."""
    if getattr(work, "timeout", None) is not None:
        return work
    return unit_of_work(getattr(work, "metadata", None), timeout)(work)


class TimedSession:
    """A session whose transactions all carry the timeout."""

    def __init__(self, session: Session, timeout: float) -> None:
        self._session, self.timeout = session, timeout

    def run(self, query: LiteralString | Query, *args: Any, **kwargs: Any) -> Any:
        """Runs one auto-commit query with the timeout."""
        return self._session.run(timed_query(query, self.timeout), *args, **kwargs)

    def begin_transaction(
        self, metadata: dict[str, Any] | None = None, timeout: float | None = None
    ) -> Any:
        """Begins an explicit transaction with the timeout (or the one given)."""
        return self._session.begin_transaction(metadata, timeout or self.timeout)

    def execute_read(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Runs a read transaction function with the timeout."""
        return self._session.execute_read(timed_work(work, self.timeout), *args, **kwargs)

    def execute_write(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Runs a write transaction function with the timeout."""
        return self._session.execute_write(timed_work(work, self.timeout), *args, **kwargs)

    def __enter__(self) -> TimedSession:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._session.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


class TimedDriver:
    """Passes everything to a real driver, adding the timeout to every transaction it starts."""

    def __init__(self, driver: Driver, timeout: float) -> None:
        self._driver, self.timeout = driver, timeout

    def execute_query(
        self,
        query_: LiteralString | Query,
        parameters_: dict[str, Any] | None = None,
        routing_: RoutingControl = RoutingControl.WRITE,
        database_: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Runs one query with the timeout: a read as one auto-commit query, anything else in
        a managed transaction."""
        query = timed_query(query_, self.timeout)
        options = [k for k in kwargs if k.endswith("_")]
        if routing_ != RoutingControl.READ or options:
            return self._driver.execute_query(query, parameters_, routing_, database_, **kwargs)
        return self._read(query, {**(parameters_ or {}), **kwargs}, database_)

    def _read(self, query: Query, parameters: dict[str, Any], database: str | None) -> Any:
        # A managed transaction costs two round trips (BEGIN, RUN and PULL; then COMMIT), an
        # auto-commit query one (RUN and PULL): 2.6 against 2.0 ms for a county's whoCovers
        # (BENCHMARKS.md). Reads are safe to run again, so a lost connection or a transient
        # error is retried once, as execute_query would; the driver's bookmarks keep a read
        # after this process's own writes.
        for attempt in range(2):
            try:
                with self._driver.session(
                    database=database,
                    default_access_mode=READ_ACCESS,
                    bookmark_manager=self._driver.execute_query_bookmark_manager,
                ) as session:
                    return session.run(query, parameters).to_eager_result()
            except (ServiceUnavailable, SessionExpired, TransientError) as error:
                if attempt or is_timeout(error):
                    raise
        raise AssertionError("unreachable")

    def session(self, **config: Any) -> TimedSession:
        """Opens a session whose transactions carry the timeout."""
        return TimedSession(self._driver.session(**config), self.timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


def timed_driver(driver: Driver, timeout: float) -> Driver:
    """Returns the driver as the API uses it: the same driver, every transaction timed."""
    return cast(Driver, TimedDriver(driver, timeout))
