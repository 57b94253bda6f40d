"""The API's protective limits, read once from COVERGRAPH_* variables, with their defaults."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

ENVIRONMENTS = ("development", "production")
MIN_PAGE = 100  # every connection's `first` accepts at least 100 (README, Asking questions)


class LimitsError(ValueError):
    """A COVERGRAPH_* variable holds a value the API cannot run with."""


@dataclass(frozen=True)
class Limits:
    """Every limit of the API; the defaults suit one county or city on a small server."""

    env: str = "development"  # production: no introspection, no GraphiQL, no /docs
    max_depth: int = 10  # levels of fields below the top field (introspection not counted)
    max_aliases: int = 30  # aliased fields in one document
    max_tokens: int = 2000  # lexical tokens in one document
    max_cost: int = 100_000  # estimated fields of one answer, pages multiplied (api/cost.py)
    max_page_size: int = 500  # largest `first` of a connection; larger is refused
    query_timeout_s: float = 30.0  # every Neo4j transaction the API runs
    max_body_bytes: int = 1_048_576  # request body; larger gets 413
    rate_per_minute: int = 600  # sustained requests per token (or address); 0: no limit
    rate_burst: int = 120  # requests a token may send at once before the rate applies
    cors_origins: tuple[str, ...] = ()  # origins allowed to call the API from a browser

    @property
    def production(self) -> bool:
        """Tells whether the API runs as a production service (COVERGRAPH_ENV=production)."""
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Reads the limits from COVERGRAPH_* variables; raises LimitsError on a bad value."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in fields(cls):
            variable, parse = VARIABLES[field.name]
            raw = environ.get(variable, "").strip()
            if raw:
                values[field.name] = parse(variable, raw)
        return cls(**values)


def _whole(minimum: int) -> Callable[[str, str], int]:
    def parse(variable: str, raw: str) -> int:
        if not raw.isdigit() or int(raw) < minimum:
            raise LimitsError(f"{variable} must be a whole number ≥ {minimum}, not {raw!r}")
        return int(raw)

    return parse


def _seconds(variable: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise LimitsError(f"{variable} must be a number of seconds above 0, not {raw!r}")
    return value


def _environment(variable: str, raw: str) -> str:
    # A typo such as "prod" must not silently leave introspection and GraphiQL on.
    if raw.lower() not in ENVIRONMENTS:
        raise LimitsError(f"{variable} must be one of {', '.join(ENVIRONMENTS)}, not {raw!r}")
    return raw.lower()


def _origins(variable: str, raw: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    bad = [o for o in origins if o == "*" or not o.startswith(("http://", "https://"))]
    if bad:
        raise LimitsError(f"{variable} lists origins such as https://host, not {bad[0]!r}")
    return origins


VARIABLES: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "env": ("COVERGRAPH_ENV", _environment),
    "max_depth": ("COVERGRAPH_MAX_DEPTH", _whole(1)),
    "max_aliases": ("COVERGRAPH_MAX_ALIASES", _whole(0)),
    "max_tokens": ("COVERGRAPH_MAX_TOKENS", _whole(100)),
    "max_cost": ("COVERGRAPH_MAX_COST", _whole(1000)),
    "max_page_size": ("COVERGRAPH_MAX_PAGE_SIZE", _whole(MIN_PAGE)),
    "query_timeout_s": ("COVERGRAPH_QUERY_TIMEOUT_S", _seconds),
    "max_body_bytes": ("COVERGRAPH_MAX_BODY_BYTES", _whole(1024)),
    "rate_per_minute": ("COVERGRAPH_RATE_PER_MINUTE", _whole(0)),
    "rate_burst": ("COVERGRAPH_RATE_BURST", _whole(1)),
    "cors_origins": ("COVERGRAPH_CORS_ORIGINS", _origins),
}


@cache
def current() -> Limits:
    """Returns this process's limits, read from the environment on first use."""
    return Limits.from_env()
