"""The performance targets, judged at the largest scale measured, and the scaling curve."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Result = dict[str, Any]


@dataclass(frozen=True)
class Target:
    """One target: what is measured, its limit, and whether higher is better."""

    name: str
    limit: float
    unit: str
    measure: Callable[[Result], float]
    at_least: bool = False

    def ratio(self, r: Result) -> float:
        """The measured value divided by the limit."""
        return self.measure(r) / self.limit

    def met(self, r: Result) -> bool:
        """Tells whether the measured value is within the limit."""
        value = self.measure(r)
        return value >= self.limit if self.at_least else value <= self.limit


def _q(name: str, at: str = "p99") -> Callable[[Result], float]:
    return lambda r: float(r["queries"][name][at])


def _q_new(name: str, at: str = "p99") -> Callable[[Result], float]:
    """A measurement that results stored before it existed lack (judged as not measured)."""
    return lambda r: float(r["queries"].get(name, {}).get(at, float("nan")))


def _ratio(r: Result) -> float:
    q = r["queries"]
    return float(q["whoCovers HTTP"]["p99"] / q["whoCovers raw Cypher"]["p99"])


def _ratio50(r: Result) -> float:
    q = r["queries"]
    return float(q["whoCovers HTTP"]["p50"] / q["whoCovers raw Cypher"]["p50"])


def _best_load(r: Result, kept: bool | None = None) -> Result:
    """The load run (worker count, answer cache on or off, or as `kept` says) that served the
    most requests per second."""
    runs = [run for run in r["load"] if kept is None or run.get("kept", False) == kept]
    return max(runs or r["load"], key=lambda run: run["throughput"])


def _throughputs(r: Result) -> str:
    """Requests per second of the best run without kept answers, and with them if measured."""
    cells = []
    for kept in (False, True):
        if any(run.get("kept", False) == kept for run in r["load"]):
            best = _best_load(r, kept)
            cells.append(f"{best['throughput']:,.0f} ({best['workers']})")
    return " / ".join(cells)


TARGETS: tuple[Target, ...] = (
    Target("whoCovers p99 through HTTP", 10, "ms", _q("whoCovers HTTP")),
    Target("whoCovers through HTTP ÷ raw Cypher (p99)", 1.5, "×", _ratio),
    Target("whoCovers through HTTP ÷ raw Cypher (p50)", 1.5, "×", _ratio50),
    Target(
        "full gap sweep, streamed (median)",
        30_000,
        "ms",
        _q("gap sweep, whole graph (streamed)", "p50"),
    ),
    Target("a township's gaps, all (p99)", 200, "ms", _q("township gaps, all (query function)")),
    Target(
        "a township's gaps, first page + total over HTTP (p99)",
        200,
        "ms",
        _q("township gaps, first page + total (HTTP)"),
    ),
    Target(
        "root coverageSummary over HTTP, today from the coverage index (p99)",
        100,
        "ms",
        _q_new("coverageSummary of the root, today (HTTP)"),
    ),
    Target(
        "a township's first gap page + total over HTTP, today (p99)",
        50,
        "ms",
        _q_new("township gaps, first page + total, today (HTTP)"),
    ),
    Target(
        "one org-chart level over HTTP, today (p99)",
        50,
        "ms",
        _q_new("orgChart one level of a township, today (HTTP)"),
    ),
    Target(
        "an appointment, index included (p99)", 100, "ms", _q_new("an appointment, index included")
    ),
    Target(
        "a liaison on a township, index included (p99)",
        500,
        "ms",
        _q_new("a liaison on a township, index included"),
    ),
    Target(
        "day rollover: the whole index rebuilt (slowest)",
        60_000,
        "ms",
        _q_new("day rollover: the index rebuilt"),
    ),
    Target(
        "import rows/s (median)",
        50_000,
        "rows/s",
        lambda r: r["rows"] / (r["import"]["load"]["p50"] / 1000),
        at_least=True,
    ),
    Target(
        "mixed dashboard traffic, 16 clients",
        300,
        "req/s",
        lambda r: float(_best_load(r)["throughput"]),
        at_least=True,
    ),
    Target("… its p99", 100, "ms", lambda r: float(_best_load(r)["overall"]["p99"])),
    Target("… its errors", 0, "", lambda r: float(_best_load(r)["errors"])),
    Target(
        "API peak RSS (all workers)",
        500,
        "MiB",
        lambda r: max(float(run["api_peak_mb"]) for run in r["load"]),
    ),
)


def _value(target: Target, r: Result) -> str:
    value = target.measure(r)
    text = f"{value:,.0f}" if value >= 100 or target.unit in ("", "rows/s") else f"{value:.2f}"
    return f"{text} {target.unit}".strip()


def targets_section(results: list[Result]) -> str:
    """The targets table, judged on the largest scale among the results."""
    if not results:
        return "## Against the targets\n\nNo results yet: run `make bench`."
    r = results[-1]
    pending = (
        ""
        if r["scale"] == "province"
        else (
            f" The targets are set for the province; until it is measured they are judged at "
            f"{r['scale']} scale ({r['rows']:,} rows), which flatters the scale-dependent ones."
        )
    )
    lines = [
        "## Against the targets",
        "",
        f"Judged at **{r['scale']}** scale, measured {r['date']}.{pending} Traffic figures are "
        "those of the run (worker count, answer cache on or off) that served the most requests "
        "per second; single queries are measured with the answer cache off.",
        "",
        "| target | limit | measured | measured ÷ limit | status |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for t in TARGETS:
        limit = f"{'≥' if t.at_least else '≤'} {t.limit:,g} {t.unit}".strip()
        if math.isnan(t.measure(r)):
            lines.append(f"| {t.name} | {limit} | not measured at this scale | — | — |")
            continue
        ratio = f"{t.ratio(r):.2f}" if t.limit else "—"
        lines.append(
            f"| {t.name} | {limit} | {_value(t, r)} | {ratio} | {'met' if t.met(r) else 'missed'} |"
        )
    return "\n".join(lines)


def scaling_section(results: list[Result]) -> str:
    """One row per measured scale: how each figure grows with the data."""
    lines = [
        "## Scaling curve",
        "",
        "| scale | rows | orgs | import rows/s | bare rows/s | whoCovers HTTP p50 / p99 ms "
        "| raw Cypher p50 ms | gap sweep s | gaps | root summary ms "
        "| req/s (workers), kept answers off / on "
        "| API peak | Neo4j peak |",
        "| --- |" + " ---: |" * 12,
    ]
    for r in results:
        q, imp, rows = r["queries"], r["import"], r["rows"]
        lines.append(
            f"| {r['scale']} | {rows:,} | {r['organisations']:,} "
            f"| {rows / (imp['load']['p50'] / 1000):,.0f} "
            f"| {rows / (imp['bare']['p50'] / 1000):,.0f} "
            f"| {q['whoCovers HTTP']['p50']:.2f} / {q['whoCovers HTTP']['p99']:.2f} "
            f"| {q['whoCovers raw Cypher']['p50']:.2f} "
            f"| {q['gap sweep, whole graph (streamed)']['p50'] / 1000:.2f} | {r['sweep_gaps']:,} "
            f"| {q['coverageSummary of the root (query function)']['p50']:,.0f} "
            f"| {_throughputs(r)} "
            f"| {max(run['api_peak_mb'] for run in r['load']):,.0f} MiB "
            f"| {max(run['neo4j_peak_mb'] for run in r['load']):,.0f} MiB |"
        )
    return "\n".join(lines)
