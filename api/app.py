"""The FastAPI application: GraphQL at /graphql, health at /health, the web UI at /, one driver
per process."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api import outage
from api.auth import TokenVerifier, Unauthenticated, bearer_secret
from api.cache import ANSWERS
from api.index_keeper import IndexKeeper
from api.limits import current
from api.middleware import protect
from api.publishing import PublishingGate, PublishingWatch
from api.warmup import start_warm_up
from domain.settings import gap_thresholds
from graph.connection import connection_from_env
from graph.constraints import apply_schema
from graph.database import open_driver
from graph.timeouts import timed_driver
from queries.system import components
from services.exchange.import_stage import recover_abandoned

log = logging.getLogger("covergraph.api")
PROJECT = Path(__file__).resolve().parents[1]
WEB = PROJECT / "web"
NODE_MODULES = PROJECT / "node_modules"
# Front-end packages installed from the npm registry at set-up, served locally (no CDN).
VENDOR_PACKAGES: tuple[str, ...] = ("echarts",)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Opens the driver (and ensures the schema) at start, closes it at shutdown."""
    connection = connection_from_env()
    driver = open_driver(connection)
    apply_schema(driver=driver, database=connection.database)
    # An import killed before its switch left staged rows behind; one killed after it, rows to
    # publish: either way the server starts from the graph the import's outcome says.
    recover_abandoned(driver=driver, database=connection.database)
    app.state.driver, app.state.database = driver, connection.database
    # Every query of a request carries the timeout; start-up's own queries need none.
    app.state.driver = timed_driver(driver, current().query_timeout_s)
    app.state.database = connection.database
    # One verifier a process: the rate limiter keys buckets by the tokens it has verified.
    app.state.verifier = TokenVerifier(app.state.driver, connection.database)
    # The index first: the warm-up then plans the queries that read it.
    app.state.index_keeper.start(
        driver=driver,
        database=connection.database,
        then=lambda: start_warm_up(driver=driver, database=connection.database),
    )
    app.state.publishing.start(driver=driver, database=connection.database)
    try:
        yield
    finally:
        app.state.index_keeper.stop()
        app.state.publishing.stop()
        driver.close()


def create_app() -> FastAPI:
    """Builds the application with its routes."""
    from api.schema import graphql_router  # the schema module imports the app's context

    limits = current()
    gap_thresholds()  # read now: a bad COVERGRAPH_<threshold> stops start-up, not each request
    hidden: dict[str, Any] = {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(title="covergraph", lifespan=lifespan, **(hidden if limits.production else {}))
    app.state.publishing = PublishingWatch()  # started with the driver, in lifespan
    app.state.index_keeper = IndexKeeper()
    app.add_middleware(PublishingGate, watch=app.state.publishing)  # inside CORS and the limits
    protect(app, limits)
    app.include_router(graphql_router(), prefix="/graphql")
    app.add_exception_handler(Unauthenticated, unauthenticated)
    outage.install(app)  # 503 while Neo4j is unreachable
    app.add_api_route("/health", health, methods=["GET"])
    mount_web(app)
    return app


def mount_web(app: FastAPI) -> None:
    """Serves front-end packages at /vendor/<name>/ and the web UI at /, after the API routes."""
    for name in VENDOR_PACKAGES:
        files = StaticFiles(directory=NODE_MODULES / name, check_dir=False)
        app.mount(f"/vendor/{name}", files, name=f"vendor-{name}")
    app.mount("/", StaticFiles(directory=WEB, html=True, check_dir=False), name="web")


def unauthenticated(request: Request, error: Exception) -> JSONResponse:
    """Answers a request without a usable token: HTTP 401 with a GraphQL-shaped error body."""
    body = {"errors": [{"message": str(error), "extensions": {"code": "UNAUTHENTICATED"}}]}
    headers = {"WWW-Authenticate": 'Bearer realm="covergraph"'}
    return JSONResponse(body, status_code=401, headers=headers)


def health(request: Request) -> JSONResponse:
    """Reports whether the service is up; to an admin token without a scope, also which Neo4j
    answers, whether an import is being published and the answer cache's counters."""
    state = request.app.state
    try:
        kernel = components(driver=state.driver, database=state.database)
    except Exception as error:  # any failure to answer means unhealthy, whatever its kind
        # The driver's words name hosts and causes: they go to the log, not to the caller.
        log.warning("health: database unavailable: %s", outage.reason(error))
        body: dict[str, Any] = {"status": "unavailable", "code": outage.CODE}
        if _is_admin(request, offline=True):
            body["database"] = outage.reason(error)
        return JSONResponse(body, status_code=503)
    if not _is_admin(request):
        return JSONResponse({"status": "ok"})
    database: dict[str, Any] = {
        "reachable": True,
        "version": kernel.version,
        "edition": kernel.edition,
    }
    body = {
        "status": "ok",
        "database": database,
        "importPublishing": state.publishing.publishing,  # rows half in: 503 on /graphql
        "answerCache": ANSWERS.stats(),
    }
    return JSONResponse(body)


def _is_admin(request: Request, *, offline: bool = False) -> bool:
    """Tells whether the request carries a usable admin token without a scope; `offline`, with
    the database away, trusts the tokens this process verified before."""
    verifier: TokenVerifier | None = getattr(request.app.state, "verifier", None)
    if verifier is None:  # not started yet
        return False
    try:
        secret = bearer_secret(request.headers.get("authorization"))
        check = verifier.known if offline else verifier.verify
        principal = check(secret)
    except Exception:  # no token, a bad one, no verifier yet, or no database to check it
        return False
    return principal is not None and principal.role == "admin" and principal.scope_id is None
