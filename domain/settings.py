"""Every environment variable covergraph reads: its type, default and meaning, in one place.

The variables come in groups, one for each place that reads them, and each group is read when
that place needs it: the database's whereabouts on every command, the bundled server's memory at
each start, the API's limits once a process, an import's bounds at each load. So a bad value
stops only what uses it, with one line naming the variable and the value (SettingsError).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BeforeValidator, Field, ValidationError, model_validator
from pydantic_core import PydanticUseDefault
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.thresholds import Thresholds

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = PROJECT_ROOT / "var"
DEFAULT_PORT = 7687
DEFAULT_DATABASE = "neo4j"
BUNDLED_USER = "neo4j"
ENVIRONMENTS = ("development", "production")
MIN_PAGE = 100  # every connection's `first` accepts at least 100 (README, Asking questions)


class SettingsError(ValueError):
    """A variable holds a value covergraph cannot run with; the message names both."""


def _given(value: object) -> str:
    """Returns the variable's text without surrounding blanks; blank means "use the default"."""
    text = str(value).strip()
    if not text:
        raise PydanticUseDefault
    return text


def _whole(minimum: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        text = _given(value)
        if not text.isdigit() or int(text) < minimum:
            raise ValueError(f"must be a whole number of at least {minimum}, not {text!r}")
        return int(text)

    return parse


def _seconds(value: object) -> float:
    text = _given(value)
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ValueError(f"must be a number of seconds above 0, not {text!r}")
    return seconds


def _environment(value: object) -> str:
    # A typo such as "prod" must not silently leave introspection and GraphiQL on.
    text = _given(value)
    if text.lower() not in ENVIRONMENTS:
        raise ValueError(f"must be one of {', '.join(ENVIRONMENTS)}, not {text!r}")
    return text.lower()


def _origins(value: object) -> str:
    origins = [o.strip().rstrip("/") for o in _given(value).split(",") if o.strip()]
    bad = [o for o in origins if o == "*" or not o.startswith(("http://", "https://"))]
    if bad:
        raise ValueError(f"lists origins such as https://host, not {bad[0]!r}")
    return ",".join(origins)


def _directory(value: object) -> Path:
    # Not stripped: a directory name may end in a blank; only an empty value means the default.
    if value == "":
        raise PydanticUseDefault
    return Path(str(value)).expanduser().resolve()


def _or_default(value: object) -> object:
    if value == "":
        raise PydanticUseDefault
    return value


# Whole numbers of at least 0, 1, ...; the API's limits have higher floors of their own.
Whole0 = Annotated[int, BeforeValidator(_whole(0))]
Whole1 = Annotated[int, BeforeValidator(_whole(1))]
Seconds = Annotated[float, BeforeValidator(_seconds)]
NotEmpty = Annotated[str, BeforeValidator(_or_default)]
_UNSET = object()  # a variable absent from the mapping `read` was given


class Group(BaseSettings):
    """Variables read together; each field's alias is its variable's name."""

    # The defaults are written here and trusted; only the variables' text is checked.
    model_config = SettingsConfigDict(
        case_sensitive=True, extra="ignore", frozen=True, validate_default=False
    )

    @model_validator(mode="before")
    @classmethod
    def _unset_means_default(cls, data: Any) -> Any:
        """Drops the variables `read` marked absent, so they take their defaults."""
        if isinstance(data, dict):
            return {name: value for name, value in data.items() if value is not _UNSET}
        return data


def _var(default: Any, variable: str, meaning: str) -> Any:
    """Declares a setting: its default, its variable and what it means."""
    return Field(default, alias=variable, description=meaning)


class DatabaseSettings(Group):
    """Where Neo4j is; read by every command that reaches it."""

    home: Annotated[Path, BeforeValidator(_directory)] = _var(
        DEFAULT_HOME, "COVERGRAPH_HOME", "instance directory of the bundled Neo4j"
    )
    uri: str = _var("", "NEO4J_URI", "use this Neo4j instead of the bundled one")
    user: str = _var(BUNDLED_USER, "NEO4J_USER", "user of the Neo4j at NEO4J_URI")
    password: str = _var("", "NEO4J_PASSWORD", "password of the Neo4j at NEO4J_URI")
    database: NotEmpty = _var(DEFAULT_DATABASE, "NEO4J_DATABASE", "database to use")


class BundledSettings(Group):
    """The bundled Neo4j's JVM; read at each start."""

    heap_mb: Whole1 = _var(4096, "COVERGRAPH_NEO4J_HEAP_MB", "JVM heap, MiB")
    page_cache_mb: Whole1 = _var(2048, "COVERGRAPH_NEO4J_PAGECACHE_MB", "page cache, MiB")
    tx_mb: Whole1 = _var(8192, "COVERGRAPH_NEO4J_TX_MB", "memory of one transaction, MiB")
    java_opts: str = _var("", "COVERGRAPH_JAVA_OPTS", "extra JVM options, split on blanks")


class ApiSettings(Group):
    """The API's protective limits; read once a process."""

    env: Annotated[Literal["development", "production"], BeforeValidator(_environment)] = _var(
        "development", "COVERGRAPH_ENV", "production: no introspection, GraphiQL or /docs"
    )
    max_depth: Whole1 = _var(10, "COVERGRAPH_MAX_DEPTH", "levels of fields below the top")
    max_aliases: Whole0 = _var(30, "COVERGRAPH_MAX_ALIASES", "aliased fields in one document")
    max_tokens: Annotated[int, BeforeValidator(_whole(100))] = _var(
        2000, "COVERGRAPH_MAX_TOKENS", "tokens in one document"
    )
    max_cost: Annotated[int, BeforeValidator(_whole(1000))] = _var(
        100_000, "COVERGRAPH_MAX_COST", "estimated fields of an answer"
    )
    max_page_size: Annotated[int, BeforeValidator(_whole(MIN_PAGE))] = _var(
        500, "COVERGRAPH_MAX_PAGE_SIZE", "largest `first` of a connection"
    )
    query_timeout_s: Seconds = _var(
        30.0, "COVERGRAPH_QUERY_TIMEOUT_S", "seconds a Neo4j transaction of the API may run"
    )
    max_body_bytes: Annotated[int, BeforeValidator(_whole(1024))] = _var(
        1_048_576, "COVERGRAPH_MAX_BODY_BYTES", "largest request body"
    )
    rate_per_minute: Whole0 = _var(
        600, "COVERGRAPH_RATE_PER_MINUTE", "sustained requests per token; 0: no limit"
    )
    rate_burst: Whole1 = _var(120, "COVERGRAPH_RATE_BURST", "requests a token may send at once")
    cors_origins: Annotated[str, BeforeValidator(_origins)] = _var(
        "", "COVERGRAPH_CORS_ORIGINS", "comma-separated origins allowed to call the API"
    )


class CacheSettings(Group):
    """The API's kept answers; read when the API loads."""

    entries: Whole0 = _var(512, "COVERGRAPH_CACHE_ENTRIES", "answers kept; 0: none")


class ImportSettings(Group):
    """The bounds on every file an import reads; read at each load."""

    file_mb: Whole1 = _var(512, "COVERGRAPH_IMPORT_MAX_FILE_MB", "largest file read, MB")
    unpacked_mb: Whole1 = _var(
        2048, "COVERGRAPH_IMPORT_MAX_UNPACKED_MB", "most a workbook unpacks to, MB"
    )
    entries: Whole1 = _var(10_000, "COVERGRAPH_IMPORT_MAX_ENTRIES", "entries in a workbook")
    sheets: Whole1 = _var(1_000, "COVERGRAPH_IMPORT_MAX_SHEETS", "sheets a workbook declares")
    rows: Whole1 = _var(10_000_000, "COVERGRAPH_IMPORT_MAX_ROWS", "rows of one file or sheet")
    columns: Whole1 = _var(1_000, "COVERGRAPH_IMPORT_MAX_COLUMNS", "cells of one row")


class PublishSettings(Group):
    """How a staged import is published; read when the import code loads."""

    switch_rows: Whole0 = _var(
        200_000, "COVERGRAPH_IMPORT_SWITCH_ROWS", "most rows published in one transaction"
    )
    batch: Whole1 = _var(
        20_000, "COVERGRAPH_IMPORT_PUBLISH_BATCH", "rows a transaction of a large publish"
    )
    watch_s: Seconds = _var(
        1.0, "COVERGRAPH_PUBLISH_WATCH_S", "seconds between API checks for a publish"
    )


class CliSettings(Group):
    """The command line's language; read by each command."""

    lang: str = _var("zh", "COVERGRAPH_LANG", "language of command-line messages (zh or en)")


_DEFAULT = Thresholds()  # the numbers of docs/coverage-rules.md, defaults of the variables below


class ThresholdSettings(Group):
    """The numbers the gap rules compare against; read once a process."""

    committee_min_members: Whole1 = _var(
        _DEFAULT.committee_min_members,
        "COVERGRAPH_COMMITTEE_MIN_MEMBERS",
        "members that need a committee",
    )
    committee_min_size: Whole1 = _var(
        _DEFAULT.committee_min_size, "COVERGRAPH_COMMITTEE_MIN_SIZE", "smallest committee"
    )
    committee_max_size: Whole1 = _var(
        _DEFAULT.committee_max_size, "COVERGRAPH_COMMITTEE_MAX_SIZE", "largest committee"
    )
    visit_window_days: Whole1 = _var(
        _DEFAULT.visit_window_days, "COVERGRAPH_VISIT_WINDOW_DAYS", "days a liaison's visits count"
    )
    default_visits_per_month: Whole0 = _var(
        _DEFAULT.default_visits_per_month,
        "COVERGRAPH_DEFAULT_VISITS_PER_MONTH",
        "visits a liaison owes when the ledger says nothing",
    )
    unit_min_members: Whole1 = _var(
        _DEFAULT.unit_min_members, "COVERGRAPH_UNIT_MIN_MEMBERS", "members that need coverage"
    )
    term_years_long: Whole1 = _var(
        _DEFAULT.term_years_long, "COVERGRAPH_TERM_YEARS_LONG", "term of committees, rural branches"
    )
    term_years_short: Whole1 = _var(
        _DEFAULT.term_years_short, "COVERGRAPH_TERM_YEARS_SHORT", "term of other branches"
    )
    branch_max_members: Whole1 = _var(
        _DEFAULT.branch_max_members, "COVERGRAPH_BRANCH_MAX_MEMBERS", "largest branch"
    )
    joint_max_units: Whole1 = _var(
        _DEFAULT.joint_max_units, "COVERGRAPH_JOINT_MAX_UNITS", "most units of a joint branch"
    )


GROUPS: tuple[type[Group], ...] = (
    DatabaseSettings,
    BundledSettings,
    ApiSettings,
    CacheSettings,
    ImportSettings,
    PublishSettings,
    CliSettings,
    ThresholdSettings,
)
G = TypeVar("G", bound=Group)


def variables(group: type[Group]) -> dict[str, str]:
    """Returns the group's variables by field name."""
    return {name: str(field.alias) for name, field in group.model_fields.items()}


def read(group: type[G], environ: Mapping[str, str] | None = None) -> G:
    """Reads a group from the environment, or from `environ` alone; raises SettingsError."""
    try:
        if environ is None:
            return group()
        given = {name: environ.get(name, _UNSET) for name in variables(group).values()}
        return group(**given)
    except ValidationError as error:
        raise SettingsError(one_line(error)) from None


def one_line(error: ValidationError) -> str:
    """Returns pydantic's refusal as one line per variable: the name, the rule and the value."""
    parts = []
    for problem in error.errors():
        variable = ".".join(str(part) for part in problem["loc"])
        cause = problem.get("ctx", {}).get("error")
        reason = str(cause) if cause is not None else f"{problem['msg']}, not {problem['input']!r}"
        parts.append(f"{variable} {reason}")
    return "; ".join(parts)


@cache
def gap_thresholds() -> Thresholds:
    """Returns the gap rules' thresholds of this process, read on first use."""
    return Thresholds(**read(ThresholdSettings).model_dump())
