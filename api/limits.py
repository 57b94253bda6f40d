"""The API's protective limits, read once from COVERGRAPH_* variables (domain/settings.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from domain.settings import ApiSettings, SettingsError, read


class LimitsError(SettingsError):
    """A COVERGRAPH_* variable holds a value the API cannot run with."""


@dataclass(frozen=True)
class Limits:
    """Every limit of the API; the defaults suit one county or city on a small server.

    They are ApiSettings' defaults (domain/settings.py); tests/unit/api/test_limits.py holds the
    two equal."""

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
        try:
            settings = read(ApiSettings, environ)
        except SettingsError as error:
            raise LimitsError(str(error)) from None
        values = settings.model_dump(exclude={"cors_origins"})
        origins = tuple(settings.cors_origins.split(",")) if settings.cors_origins else ()
        return cls(**values, cors_origins=origins)


@cache
def current() -> Limits:
    """Returns this process's limits, read from the environment on first use."""
    return Limits.from_env()
