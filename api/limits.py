"""The API's protective limits, read once from COVERGRAPH_* variables (domain/settings.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from domain.settings import ApiSettings, SettingsError, read

_DEFAULT = ApiSettings.model_construct()  # the declared defaults, no variable read


class LimitsError(SettingsError):
    """A COVERGRAPH_* variable holds a value the API cannot run with."""


@dataclass(frozen=True)
class Limits:
    """Every limit of the API; the defaults, declared in domain/settings.py (ApiSettings), suit
    one county or city on a small server."""

    env: str = _DEFAULT.env  # production: no introspection, no GraphiQL, no /docs
    max_depth: int = _DEFAULT.max_depth  # levels of fields below the top field (not introspection)
    max_aliases: int = _DEFAULT.max_aliases  # aliased fields in one document
    max_tokens: int = _DEFAULT.max_tokens  # lexical tokens in one document
    max_cost: int = _DEFAULT.max_cost  # estimated fields of one answer (api/cost.py)
    max_page_size: int = _DEFAULT.max_page_size  # largest `first` of a connection
    query_timeout_s: float = _DEFAULT.query_timeout_s  # every Neo4j transaction the API runs
    max_body_bytes: int = _DEFAULT.max_body_bytes  # request body; larger gets 413
    rate_per_minute: int = _DEFAULT.rate_per_minute  # per token (or address); 0: no limit
    rate_burst: int = _DEFAULT.rate_burst  # requests a token may send at once
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
